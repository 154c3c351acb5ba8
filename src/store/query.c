/*
 * query.c: reading the history (see store.h): a conversation's pages,
 * searches, and what export walks through.
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "store/store-private.h"
#include "store/store.h"

void
stored_message_free(gpointer pointer)
{
	struct stored_message *m = pointer;

	g_free(m->account);
	g_free(m->conversation);
	g_free(m->type);
	g_free(m->sender);
	g_free(m->body);
	g_free(m->sender_jid);
	g_free(m);
}

#define STORED_COLUMNS                                                                             \
	"id, account, conversation, direction, type, sender, body, timestamp, edited, kind, "      \
	"sender_jid, encrypted"

static struct stored_message *
store_row(sqlite3_stmt *stmt)
{
	struct stored_message *m = g_new0(struct stored_message, 1);

	m->id = sqlite3_column_int64(stmt, 0);
	m->account = g_strdup((const char *)sqlite3_column_text(stmt, 1));
	m->conversation = g_strdup((const char *)sqlite3_column_text(stmt, 2));
	m->direction = sqlite3_column_int(stmt, 3);
	m->type = g_strdup((const char *)sqlite3_column_text(stmt, 4));
	m->sender = g_strdup((const char *)sqlite3_column_text(stmt, 5));
	m->body = g_strdup((const char *)sqlite3_column_text(stmt, 6));
	m->timestamp = sqlite3_column_int64(stmt, 7);
	m->edited = sqlite3_column_int(stmt, 8);
	m->kind = sqlite3_column_int(stmt, 9);
	m->sender_jid = g_strdup((const char *)sqlite3_column_text(stmt, 10));
	m->encrypted = sqlite3_column_int(stmt, 11);
	return m;
}

/* The count messages of the conversation next to the one at time with
 * row id in the history's order (STORE_SECOND, then row): before it
 * (older) or after it, oldest first. */
static GPtrArray *
store_page(const char *account, const char *conversation, gint64 time, gint64 id, int count,
           int older)
{
	sqlite3_stmt *stmt;
	GPtrArray *list;

	if (store_db() == NULL)
		return NULL;
	stmt = older ? store_prepare("SELECT " STORED_COLUMNS " FROM messages WHERE account = ?1 "
	                             "AND conversation = ?2 AND (" STORE_SECOND " < ?3 / 1000000 "
	                             "OR (" STORE_SECOND
	                             " = ?3 / 1000000 AND id < ?4)) ORDER BY " STORE_SECOND
	                             " DESC, id DESC LIMIT ?5")
	             : store_prepare("SELECT " STORED_COLUMNS " FROM messages WHERE account = ?1 "
	                             "AND conversation = ?2 AND (" STORE_SECOND " > ?3 / 1000000 "
	                             "OR (" STORE_SECOND
	                             " = ?3 / 1000000 AND id > ?4)) ORDER BY " STORE_SECOND
	                             ", id LIMIT ?5");
	if (stmt == NULL)
		return NULL;
	list = g_ptr_array_new_with_free_func(stored_message_free);
	store_bind_text(stmt, 1, account);
	store_bind_text(stmt, 2, conversation);
	sqlite3_bind_int64(stmt, 3, time);
	sqlite3_bind_int64(stmt, 4, id);
	sqlite3_bind_int(stmt, 5, count);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		g_ptr_array_add(list, store_row(stmt));
	store_done(stmt);
	/* Oldest first. */
	for (guint i = 0; older && i < list->len / 2; i++) {
		gpointer swap = list->pdata[i];
		list->pdata[i] = list->pdata[list->len - 1 - i];
		list->pdata[list->len - 1 - i] = swap;
	}
	return list;
}

GPtrArray *
store_last(const char *account, const char *conversation, int count)
{
	return store_page(account, conversation, G_MAXINT64, G_MAXINT64, count, 1);
}

GPtrArray *
store_before(const char *account, const char *conversation, gint64 time, gint64 id, int count)
{
	return store_page(account, conversation, time, id, count, 1);
}

GPtrArray *
store_after(const char *account, const char *conversation, gint64 time, gint64 id, int count)
{
	return store_page(account, conversation, time, id, count, 0);
}

struct stored_message *
store_get(gint64 id)
{
	sqlite3_stmt *stmt;
	struct stored_message *m = NULL;

	if (store_db() == NULL)
		return NULL;
	stmt = store_prepare("SELECT " STORED_COLUMNS " FROM messages WHERE id = ?");
	if (stmt == NULL)
		return NULL;
	sqlite3_bind_int64(stmt, 1, id);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		m = store_row(stmt);
	store_done(stmt);
	return m;
}

char *
store_archive_edge(const char *account, const char *conversation, int newest, gint64 *time)
{
	sqlite3_stmt *stmt;
	char *stanza_id = NULL;

	*time = 0;
	if (store_db() == NULL)
		return NULL;
	stmt = newest ? store_prepare(
	                        "SELECT stanza_id, timestamp FROM messages WHERE account = ?1 "
	                        "AND conversation = ?2 AND stanza_id IS NOT NULL "
	                        "ORDER BY " STORE_SECOND " DESC, id DESC LIMIT 1")
	              : store_prepare(
	                        "SELECT stanza_id, timestamp FROM messages WHERE account = ?1 "
	                        "AND conversation = ?2 ORDER BY " STORE_SECOND ", id LIMIT 1");
	if (stmt == NULL)
		return NULL;
	store_bind_text(stmt, 1, account);
	store_bind_text(stmt, 2, conversation);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		stanza_id = g_strdup((const char *)sqlite3_column_text(stmt, 0));
		*time = sqlite3_column_int64(stmt, 1);
	}
	store_done(stmt);
	return stanza_id;
}

GPtrArray *
store_search(const char *query, int limit, char **cause)
{
	const struct store_query q = { .text = query, .limit = limit };

	return store_find(&q, cause);
}

int
store_each(const struct store_query *q,
           void (*each)(const struct stored_message *message, void *data), void *data, char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	if (store_db() == NULL) {
		*cause = g_strdup("no history is kept (it could not be opened)");
		return -1;
	}
	stmt = store_prepare("SELECT " STORED_COLUMNS " FROM messages WHERE "
	                     "(?1 IS NULL OR account = ?1) AND (?2 IS NULL OR conversation = ?2) "
	                     "AND (?3 IS NULL OR sender = ?3 OR substr(sender, 1, length(?3) + 1) "
	                     "= ?3 || '/') AND (?4 = 0 OR timestamp >= ?4) "
	                     "AND (?5 = 0 OR timestamp < ?5) ORDER BY " STORE_SECOND ", id");
	if (stmt == NULL) {
		*cause = g_strdup("the history cannot be read");
		return -1;
	}
	store_bind_text(stmt, 1, q->account);
	store_bind_text(stmt, 2, q->conversation);
	store_bind_text(stmt, 3, q->sender);
	sqlite3_bind_int64(stmt, 4, q->since);
	sqlite3_bind_int64(stmt, 5, q->until);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct stored_message *m = store_row(stmt);
		each(m, data);
		stored_message_free(m);
	}
	if (rc != SQLITE_DONE)
		*cause = g_strdup_printf("cannot read the history: %s", sqlite3_errmsg(store_db()));
	store_done(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

GPtrArray *
store_find(const struct store_query *q, char **cause)
{
	sqlite3_stmt *stmt;
	GPtrArray *list;
	int rc;

	if (store_db() == NULL) {
		*cause = g_strdup("no history is kept (it could not be opened)");
		return NULL;
	}
	/* Each filter is NULL (or 0) to not apply. */
	stmt = store_prepare("SELECT m.id, m.account, m.conversation, m.direction, m.type, "
	                     "m.sender, m.body, m.timestamp, m.edited, m.kind, m.sender_jid, "
	                     "m.encrypted "
	                     "FROM messages_fts f "
	                     "JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ?1 "
	                     "AND (?3 IS NULL OR m.account = ?3) "
	                     "AND (?4 IS NULL OR m.conversation = ?4) "
	                     "AND (?5 IS NULL OR m.sender = ?5 OR substr(m.sender, 1, length(?5) + "
	                     "1) = ?5 || '/') "
	                     "AND (?6 = 0 OR m.timestamp >= ?6) AND (?7 = 0 OR m.timestamp < ?7) "
	                     "ORDER BY m.timestamp DESC LIMIT ?2");
	if (stmt == NULL) {
		*cause = g_strdup("the history cannot be searched");
		return NULL;
	}
	store_bind_text(stmt, 1, q->text);
	sqlite3_bind_int(stmt, 2, q->limit > 0 ? q->limit : 50);
	store_bind_text(stmt, 3, q->account);
	store_bind_text(stmt, 4, q->conversation);
	store_bind_text(stmt, 5, q->sender);
	sqlite3_bind_int64(stmt, 6, q->since);
	sqlite3_bind_int64(stmt, 7, q->until);
	list = g_ptr_array_new_with_free_func(stored_message_free);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		g_ptr_array_add(list, store_row(stmt));
	if (rc != SQLITE_DONE) {
		*cause = g_strdup_printf("cannot search for '%s': %s", q->text,
		                         sqlite3_errmsg(store_db()));
		g_clear_pointer(&list, g_ptr_array_unref);
	}
	store_done(stmt);
	return list;
}
