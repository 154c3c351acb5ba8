/*
 * privacy.c: what the history keeps of a conversation (see store.h):
 * /history off (nothing stored for it from then on), on again, and
 * /history delete (all of it gone). And the history follows an account
 * that was renamed.
 *
 * The conversations with history off are a table of the database
 * (history_off), read on each message stored (a lookup by its primary
 * key). The user's changes are committed at once.
 */
#include "config.h"

#include <sqlite3.h>

#include "core/log.h"
#include "store/store-private.h"
#include "store/store.h"

int
store_history_is_off(const char *account, const char *conversation)
{
	sqlite3_stmt *stmt;
	int off = 0;

	if (store_db() == NULL)
		return 0;
	stmt = store_prepare("SELECT 1 FROM history_off WHERE account = ? AND conversation = ?");
	if (stmt == NULL)
		return 0;
	store_bind_text(stmt, 1, account);
	store_bind_text(stmt, 2, conversation);
	off = sqlite3_step(stmt) == SQLITE_ROW;
	store_done(stmt);
	return off;
}

/* Runs stmt (bound) in the turn's transaction and commits it now.
 * Returns 0, or -1 and *cause. */
static int
store_change(sqlite3_stmt *stmt, char **cause)
{
	int rc = sqlite3_step(stmt);

	if (rc != SQLITE_DONE)
		*cause = g_strdup_printf("the history cannot be changed: %s",
		                         sqlite3_errmsg(store_db()));
	store_done(stmt);
	store_flush();
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The statement for sql, the transaction begun; NULL and *cause. */
static sqlite3_stmt *
store_change_begin(const char *sql, char **cause)
{
	sqlite3_stmt *stmt;

	if (store_db() == NULL) {
		*cause = g_strdup("no history is kept (it could not be opened)");
		return NULL;
	}
	stmt = store_begin() == 0 ? store_prepare(sql) : NULL;
	if (stmt == NULL)
		*cause = g_strdup_printf("the history cannot be changed: %s",
		                         sqlite3_errmsg(store_db()));
	return stmt;
}

int
store_set_history(const char *account, const char *conversation, int on, char **cause)
{
	sqlite3_stmt *stmt =
	        on ? store_change_begin("DELETE FROM history_off WHERE account = ? AND "
	                                "conversation = ?",
	                                cause)
	           : store_change_begin("INSERT OR IGNORE INTO history_off (account, conversation) "
	                                "VALUES (?, ?)",
	                                cause);

	if (stmt == NULL)
		return -1;
	store_bind_text(stmt, 1, account);
	store_bind_text(stmt, 2, conversation);
	return store_change(stmt, cause);
}

GPtrArray *
store_history_off_list(const char *account)
{
	sqlite3_stmt *stmt;
	GPtrArray *list = g_ptr_array_new_with_free_func(g_free);

	if (store_db() == NULL)
		return list;
	stmt = store_prepare("SELECT account, conversation FROM history_off WHERE ?1 IS NULL OR "
	                     "account = ?1 ORDER BY account, conversation");
	if (stmt == NULL)
		return list;
	store_bind_text(stmt, 1, account);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		g_ptr_array_add(list, g_strdup_printf("%s %s", sqlite3_column_text(stmt, 0),
		                                      sqlite3_column_text(stmt, 1)));
	store_done(stmt);
	return list;
}

gint64
store_count(const char *account, const char *conversation)
{
	sqlite3_stmt *stmt;
	gint64 count = -1;

	if (store_db() == NULL)
		return -1;
	stmt = store_prepare(
	        "SELECT count(*) FROM messages WHERE account = ? AND conversation = ?");
	if (stmt == NULL)
		return -1;
	store_bind_text(stmt, 1, account);
	store_bind_text(stmt, 2, conversation);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		count = sqlite3_column_int64(stmt, 0);
	store_done(stmt);
	return count;
}

int
store_delete(const char *account, const char *conversation, char **cause)
{
	/* Corrections go with their messages (ON DELETE CASCADE), the
	 * search index with them (its trigger). */
	sqlite3_stmt *stmt = store_change_begin(
	        "DELETE FROM messages WHERE account = ? AND conversation = ?", cause);

	if (stmt == NULL)
		return -1;
	store_bind_text(stmt, 1, account);
	store_bind_text(stmt, 2, conversation);
	return store_change(stmt, cause);
}

void
store_rename_account(const char *old, const char *new)
{
	static const char *const sql[] = {
		"UPDATE messages SET account = ?2 WHERE account = ?1",
		"UPDATE archive_sync SET account = ?2 WHERE account = ?1",
		"UPDATE history_off SET account = ?2 WHERE account = ?1",
	};

	if (store_db() == NULL || store_begin() == -1)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(sql); i++) {
		sqlite3_stmt *stmt = store_prepare(sql[i]);
		if (stmt == NULL)
			continue;
		store_bind_text(stmt, 1, old);
		store_bind_text(stmt, 2, new);
		if (sqlite3_step(stmt) != SQLITE_DONE)
			log_write(LOG_ERROR, new, "history: renaming %s: %s", old,
			          sqlite3_errmsg(store_db()));
		store_done(stmt);
	}
	store_flush();
}
