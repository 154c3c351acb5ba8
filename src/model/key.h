/*
 * key.h: the keys of an account's objects (contacts, rooms, bookmarks) in
 * the model's hash tables, "account\037jid", and moving them to another
 * account name (/account rename).
 */
#ifndef NATTER_MODEL_KEY_H
#define NATTER_MODEL_KEY_H

#include <glib.h>

/* The key of account's object jid (caller frees). Neither an account name
 * nor a JID holds a control character. */
char *model_key(const char *account, const char *jid);

/*
 * Moves the objects of account old in table (keys from model_key(),
 * freed with g_free) to account new: their keys are rebuilt, and the
 * account name each holds, which field returns, is replaced.
 */
void model_key_rename(GHashTable *table, const char *old, const char *new,
                      char **(*field)(gpointer value));

#endif
