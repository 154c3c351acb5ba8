/*
 * rekey.h: giving entries of a hash table new keys (an account renamed).
 */
#ifndef NATTER_CORE_REKEY_H
#define NATTER_CORE_REKEY_H

#include <glib.h>

/* Returns the new key of the entry (key, value) (newly allocated), or NULL
 * to leave it as it is. */
typedef char *(*rekey_fn)(const char *key, gpointer value, gpointer data);

/* Gives each entry of table (string keys freed with g_free) the key
 * renamed returns; values stay. Returns how many moved. */
guint rekey(GHashTable *table, rekey_fn renamed, gpointer data);

#endif
