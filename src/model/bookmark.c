/*
 * bookmark.c: the accounts' room bookmarks (see bookmark.h), in a hash
 * table by "account NUL jid".
 */
#include "config.h"

#include <string.h>

#include "core/event.h"
#include "model/bookmark.h"
#include "model/key.h"

static GHashTable *bookmarks; /* "account\037jid" -> struct bookmark (owned) */

static void
bookmark_free(gpointer data)
{
	struct bookmark *b = data;

	g_free(b->account);
	g_free(b->jid);
	g_free(b->name);
	g_free(b->nick);
	if (b->password != NULL)
		explicit_bzero(b->password, strlen(b->password));
	g_free(b->password);
	g_free(b->extensions);
	g_free(b);
}

static char **
bookmark_account_field(gpointer b)
{
	return &((struct bookmark *)b)->account;
}

void
bookmark_rename_account(const char *old, const char *new)
{
	model_key_rename(bookmarks, old, new, bookmark_account_field);
}

struct bookmark *
bookmark_find(const char *account, const char *jid)
{
	char *key;
	struct bookmark *b;

	if (bookmarks == NULL || account == NULL || jid == NULL)
		return NULL;
	key = model_key(account, jid);
	b = g_hash_table_lookup(bookmarks, key);
	g_free(key);
	return b;
}

static void
bookmark_tell(const struct bookmark *b, int removed)
{
	struct event event = { .type = EV_BOOKMARK, .account = b->account };

	event.u.bookmark.bookmark = b;
	event.u.bookmark.removed = removed;
	event_emit(&event);
}

/* Replaces *field with a copy of value; 1 when it changed. */
static int
bookmark_replace(char **field, const char *value)
{
	if (g_strcmp0(*field, value) == 0)
		return 0;
	g_free(*field);
	*field = g_strdup(value);
	return 1;
}

struct bookmark *
bookmark_set(const char *account, const char *jid, const char *name, const char *nick,
             const char *password, int autojoin, const char *extensions)
{
	struct bookmark *b = bookmark_find(account, jid);
	int changed = b == NULL;

	if (b == NULL) {
		if (bookmarks == NULL)
			bookmarks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
			                                  bookmark_free);
		b = g_new0(struct bookmark, 1);
		b->account = g_strdup(account);
		b->jid = g_strdup(jid);
		g_hash_table_insert(bookmarks, model_key(account, jid), b);
	}
	changed |= bookmark_replace(&b->name, name);
	changed |= bookmark_replace(&b->nick, nick);
	changed |= bookmark_replace(&b->password, password);
	changed |= bookmark_replace(&b->extensions, extensions);
	changed |= b->autojoin != (autojoin != 0);
	b->autojoin = autojoin != 0;
	if (changed)
		bookmark_tell(b, 0);
	return b;
}

void
bookmark_remove(const char *account, const char *jid)
{
	struct bookmark *b = bookmark_find(account, jid);
	char *key;

	if (b == NULL)
		return;
	bookmark_tell(b, 1);
	key = model_key(account, jid);
	g_hash_table_remove(bookmarks, key);
	g_free(key);
}

void
bookmark_forget_account(const char *account)
{
	GPtrArray *list = bookmark_list(account);

	for (guint i = 0; i < list->len; i++)
		bookmark_remove(account, ((struct bookmark *)list->pdata[i])->jid);
	g_ptr_array_free(list, TRUE);
}

static gint
bookmark_compare(gconstpointer a, gconstpointer b)
{
	return strcmp((*(const struct bookmark *const *)a)->jid,
	              (*(const struct bookmark *const *)b)->jid);
}

GPtrArray *
bookmark_list(const char *account)
{
	GPtrArray *list = g_ptr_array_new();
	GHashTableIter iter;
	gpointer value;

	if (bookmarks != NULL) {
		g_hash_table_iter_init(&iter, bookmarks);
		while (g_hash_table_iter_next(&iter, NULL, &value)) {
			const struct bookmark *b = value;
			if (account == NULL || strcmp(b->account, account) == 0)
				g_ptr_array_add(list, value);
		}
	}
	g_ptr_array_sort(list, bookmark_compare);
	return list;
}

void
bookmark_list_clear(void)
{
	g_clear_pointer(&bookmarks, g_hash_table_destroy);
}
