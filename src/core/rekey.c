/*
 * rekey.c: giving entries of a hash table new keys.
 */
#include "config.h"

#include "core/rekey.h"

guint
rekey(GHashTable *table, rekey_fn renamed, gpointer data)
{
	GPtrArray *moved = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key, value;
	guint count;

	g_hash_table_iter_init(&iter, table);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		char *new_key = renamed(key, value, data);
		if (new_key == NULL)
			continue;
		g_ptr_array_add(moved, new_key);
		g_ptr_array_add(moved, value);
		/* Stolen: the value stays, and the key is freed here. */
		g_hash_table_iter_steal(&iter);
		g_free(key);
	}
	/* Inserted after the walk: a new key may equal one not yet seen. A
	 * key still taken would free what it holds: the caller's bug. */
	for (guint i = 0; i < moved->len; i += 2) {
		g_warn_if_fail(!g_hash_table_contains(table, moved->pdata[i]));
		g_hash_table_insert(table, moved->pdata[i], moved->pdata[i + 1]);
	}
	count = moved->len / 2;
	g_ptr_array_free(moved, TRUE);
	return count;
}
