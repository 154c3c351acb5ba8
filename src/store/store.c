/*
 * store.c: the message history in SQLite (see store.h).
 *
 * Owns the database handle, its prepared statements and the pending
 * transaction (opened by the first write of a loop turn, committed by a
 * high-priority idle callback that runs before the screen is drawn).
 *
 * Order: by the second of the time, then by row id (rows come in order
 * but for pages of an archive read backwards: see blocks); see
 * STORE_SECOND.
 *
 * Duplicates never enter: a message with the server's stanza-id (XEP-0359)
 * is unique per conversation by it; one without, by its own id and sender;
 * a room's history sent on entering, by sender, time and text.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/paths.h"
#include "core/event.h"
#include "core/log.h"
#include "model/conversation.h"
#include "store/store-private.h"
#include "store/store.h"

static sqlite3 *db;
static char *db_path;
static guint commit_source;
static int in_transaction;
/* Writing the history failed (a full disk, mostly), and has not worked
 * since; told: the user was told so (and is told when it ends). A disk
 * nearly full lets some writes through: after the user was told it works
 * again, failures for STORE_QUIET_S are logged only. */
static int failing, told;
static gint64 recovered_at;
#define STORE_QUIET_S 30
static int turn_writes; /* rows written in the current transaction */

/* Under a flood the turn may not end for a while: committed every so
 * many rows anyway. */
#define STORE_TURN_MAX 1000
static GHashTable *statements; /* SQL text -> sqlite3_stmt (store_prepare()) */

/* Rows are in order of second, then of row id: a page of an archive read
 * backwards (older than all the history holds, its times often in
 * seconds that newer rows share) takes a block of ids below every row
 * (all negative: 0 is no row), in its own order. The blocks being
 * filled, "ACCOUNT PAGE" -> struct store_block (pages of two fetches may
 * come interleaved). */
#define STORE_BLOCK 1000
struct store_block {
	gint64 start, next;
};
static GHashTable *blocks;

static int (*keep_encrypted)(void);

void
store_set_encrypted_source(int (*keep)(void))
{
	keep_encrypted = keep;
}
static unsigned subscriptions[3];

/* The schema, version by version: migrations[v] takes a database of
 * version v to v + 1. Version 0 is an empty file. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE messages ("
	"  id INTEGER PRIMARY KEY,"
	"  account TEXT NOT NULL,"
	"  conversation TEXT NOT NULL," /* bare JID, room JID, ROOM/NICK */
	"  kind INTEGER NOT NULL,"      /* enum conversation_kind */
	"  direction INTEGER NOT NULL," /* enum message_direction */
	"  type TEXT NOT NULL,"         /* chat, groupchat, headline... */
	"  sender TEXT,"                /* full JID, or ROOM/NICK */
	"  recipient TEXT,"
	"  body TEXT,"
	"  subject TEXT,"
	"  error TEXT,"
	"  timestamp INTEGER NOT NULL," /* as shown: the delay's, else received */
	"  received INTEGER NOT NULL,"  /* when natter had it */
	"  message_id TEXT,"            /* the stanza's id (ours: origin-id too) */
	"  stanza_id TEXT,"             /* XEP-0359, given by the archive */
	"  delivery INTEGER NOT NULL DEFAULT 0,"
	"  edited INTEGER NOT NULL DEFAULT 0,"
	"  history INTEGER NOT NULL DEFAULT 0,"  /* a room's history on entering */
	"  encrypted INTEGER NOT NULL DEFAULT 0" /* enum message_encryption */
	");"
	"CREATE INDEX messages_by_conversation ON messages(account, conversation, timestamp);"
	"CREATE UNIQUE INDEX messages_by_stanza_id ON messages(account, conversation, stanza_id)"
	"  WHERE stanza_id IS NOT NULL;"
	"CREATE INDEX messages_by_message_id ON messages(account, conversation, message_id);"
	/* XEP-0308: what a message said before each correction. */
	"CREATE TABLE corrections ("
	"  message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,"
	"  body TEXT,"
	"  replaced INTEGER NOT NULL"
	");"
	"CREATE INDEX corrections_by_message ON corrections(message);"
	"CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages',"
	"  content_rowid='id', tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
	"  INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body); END;"
	"CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
	"  INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);"
	"  END;"
	"CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN"
	"  INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);"
	"  INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body); END;",
	/* 1 -> 2: where reading each archive resumes (mam.c). */
	"CREATE TABLE archive_sync ("
	"  account TEXT NOT NULL,"
	"  archive TEXT NOT NULL,"            /* '' for the account's own */
	"  last_id TEXT,"                     /* the last message of the last page read */
	"  since INTEGER NOT NULL DEFAULT 0," /* when that reading began */
	"  PRIMARY KEY (account, archive)"
	");",
	/* 2 -> 3: conversations the user said not to keep (/history off). */
	"CREATE TABLE history_off ("
	"  account TEXT NOT NULL,"
	"  conversation TEXT NOT NULL,"
	"  PRIMARY KEY (account, conversation)"
	");",
	/* 3 -> 4: pages in the history's order (STORE_SECOND, then row). */
	"DROP INDEX messages_by_conversation;"
	"CREATE INDEX messages_in_order ON messages(account, conversation, "
	"  timestamp / 1000000, id);",
	/* 4 -> 5: the sender's real JID (a room occupant's, when the room
	 * shows it) and the delay stamp a message came with (XEP-0203). */
	("ALTER TABLE messages ADD COLUMN sender_jid TEXT;"
	 "ALTER TABLE messages ADD COLUMN delayed INTEGER;"),
};

G_STATIC_ASSERT(G_N_ELEMENTS(migrations) == STORE_VERSION);

/* ---- writing ---- */

static gboolean
store_on_commit(gpointer userdata)
{
	commit_source = 0;
	store_flush();
	return G_SOURCE_REMOVE;
}

/* A write failed for why: the user is told when the history stops
 * being written (what is in memory is still shown), the log each time. */
static void
store_failed(const char *why)
{
	failing = 1;
	/* SQLite may have rolled the turn's transaction back by itself (a
	 * full disk, an I/O error): what follows begins a new one. */
	if (in_transaction && sqlite3_get_autocommit(db)) {
		in_transaction = 0;
		g_clear_handle_id(&commit_source, g_source_remove);
	}
	if (!told && (recovered_at == 0 ||
	              g_get_monotonic_time() - recovered_at > STORE_QUIET_S * G_USEC_PER_SEC)) {
		event_log(NULL, LOG_ERROR,
		          "history: cannot write %s: %s; messages are shown but not kept until it "
		          "can be written again (natter says when)",
		          db_path, why);
		told = 1;
	} else {
		log_write(LOG_ERROR, NULL, "history: cannot write %s: %s", db_path, why);
	}
}

void
store_flush(void)
{
	char *error = NULL;

	g_clear_handle_id(&commit_source, g_source_remove);
	if (db == NULL || !in_transaction)
		return;
	in_transaction = 0;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, &error) != SQLITE_OK) {
		store_failed(error);
		sqlite3_free(error);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	} else if (failing) {
		failing = 0;
		if (told)
			event_log(NULL, LOG_INFO, "history: %s is written again", db_path);
		told = 0;
		recovered_at = g_get_monotonic_time();
	}
}

/* The turn's transaction, begun at its first write. */
int
store_begin(void)
{
	if (in_transaction)
		return 0;
	/* IMMEDIATE: the write lock now (natter send may write beside us),
	 * waited for up to the busy timeout, not a snapshot gone stale. */
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		store_failed(sqlite3_errmsg(db));
		return -1;
	}
	in_transaction = 1;
	turn_writes = 0;
	/* Before the screen is drawn (G_PRIORITY_DEFAULT_IDLE): what is
	 * shown is stored. */
	commit_source = g_idle_add_full(G_PRIORITY_HIGH_IDLE, store_on_commit, NULL, NULL);
	return 0;
}

static void
store_finalize(gpointer stmt)
{
	sqlite3_finalize(stmt);
}

/* A statement for sql, prepared once and kept (keyed by the text's
 * address: each caller's SQL is a constant); store_done() readies it for
 * the next use. */
sqlite3_stmt *
store_prepare(const char *sql)
{
	sqlite3_stmt *stmt = statements ? g_hash_table_lookup(statements, sql) : NULL;

	if (stmt != NULL)
		return stmt;
	if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
		log_write(LOG_ERROR, NULL, "history: %s: %s", sql, sqlite3_errmsg(db));
		return NULL;
	}
	if (statements == NULL)
		statements =
		        g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, store_finalize);
	g_hash_table_insert(statements, (gpointer)sql, stmt);
	return stmt;
}

void
store_done(sqlite3_stmt *stmt)
{
	if (stmt == NULL)
		return;
	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
}

void
store_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
	if (text != NULL)
		sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(stmt, index);
}

/* The row already holding this message, or 0. */
static gint64
store_find_duplicate(const struct conversation *c, const struct message *m)
{
	static const char *const sql[] = {
		/* The archive's id. */
		"SELECT id FROM messages WHERE account = ?1 AND conversation = ?2 "
		"AND stanza_id = ?3",
		/* The sender's id, from the same sender (ours: any of our
		 * resources; a message queued offline had none); unless both
		 * have archive ids, which then tell them apart. */
		"SELECT id FROM messages WHERE account = ?1 AND conversation = ?2 "
		"AND message_id = ?4 AND (sender IS ?5 OR ?6 = 1) AND direction = ?6 "
		"AND (stanza_id IS NULL OR ?3 IS NULL)",
		/* A room's history: same sender, time and text. */
		"SELECT id FROM messages WHERE account = ?1 AND conversation = ?2 "
		"AND " STORE_SECOND " = ?7 / 1000000 AND timestamp = ?7 "
		"AND sender IS ?5 AND body IS ?8 "
		"AND (stanza_id IS NULL OR ?3 IS NULL)",
	};
	gint64 found = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(sql) && found == 0; i++) {
		sqlite3_stmt *stmt;
		if ((i == 0 && m->stanza_id == NULL) || (i == 1 && m->id == NULL) ||
		    (i == 2 && !m->history))
			continue;
		stmt = store_prepare(sql[i]);
		if (stmt == NULL)
			return 0;
		store_bind_text(stmt, 1, c->account);
		store_bind_text(stmt, 2, c->peer);
		store_bind_text(stmt, 3, m->stanza_id);
		store_bind_text(stmt, 4, m->id);
		store_bind_text(stmt, 5, m->from);
		sqlite3_bind_int(stmt, 6, m->direction);
		sqlite3_bind_int64(stmt, 7, m->timestamp);
		store_bind_text(stmt, 8, m->body);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			found = sqlite3_column_int64(stmt, 0);
		store_done(stmt);
	}
	return found;
}

/* Binds the id of a row of a backwards page: the next of its block (a
 * new block below every row for a new page). A page longer than a block
 * takes ids as other rows do. */
static void
store_block_id(sqlite3_stmt *insert, const char *account, unsigned page)
{
	char *key = g_strdup_printf("%s %u", account, page);
	struct store_block *block = blocks ? g_hash_table_lookup(blocks, key) : NULL;

	if (block == NULL) {
		sqlite3_stmt *stmt = store_prepare("SELECT min(id) FROM messages");
		gint64 lowest = 0;
		if (stmt != NULL && sqlite3_step(stmt) == SQLITE_ROW &&
		    sqlite3_column_type(stmt, 0) != SQLITE_NULL)
			lowest = sqlite3_column_int64(stmt, 0);
		store_done(stmt);
		block = g_new(struct store_block, 1);
		block->start = block->next = MIN(lowest, 0) - STORE_BLOCK;
		if (blocks == NULL)
			blocks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		/* Pages read long ago are done with: a few are under way at
		 * most. */
		if (g_hash_table_size(blocks) >= 64)
			g_hash_table_remove_all(blocks);
		g_hash_table_insert(blocks, key, block);
	} else {
		g_free(key);
	}
	if (block->next < block->start + STORE_BLOCK)
		sqlite3_bind_int64(insert, 18, block->next++);
}

static void
store_insert(const struct conversation *c, struct message *m)
{
	sqlite3_stmt *stmt;
	gint64 duplicate;

	/* /history off: nothing of it is kept; an encrypted message only
	 * when the user said so (otr.log). */
	if (store_history_is_off(c->account, c->peer) ||
	    (m->encrypted && (keep_encrypted == NULL || !keep_encrypted())) || store_begin() == -1)
		return;
	duplicate = store_find_duplicate(c, m);
	if (duplicate != 0) {
		/* The frontends, told after the store, show it no second time. */
		m->store_id = duplicate;
		m->duplicate = 1;
		return;
	}
	stmt = store_prepare("INSERT INTO messages (account, conversation, kind, direction, type, "
	                     "sender, recipient, body, subject, error, timestamp, received, "
	                     "message_id, stanza_id, delivery, edited, history, id, sender_jid, "
	                     "delayed, encrypted) VALUES "
	                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (stmt == NULL)
		return;
	if (m->backfill_page != 0)
		store_block_id(stmt, c->account, m->backfill_page);
	store_bind_text(stmt, 1, c->account);
	store_bind_text(stmt, 2, c->peer);
	sqlite3_bind_int(stmt, 3, c->kind);
	sqlite3_bind_int(stmt, 4, m->direction);
	store_bind_text(stmt, 5, message_type_name(m->type));
	store_bind_text(stmt, 6, m->from);
	store_bind_text(stmt, 7, m->to);
	store_bind_text(stmt, 8, m->body);
	store_bind_text(stmt, 9, m->subject);
	store_bind_text(stmt, 10, m->error);
	sqlite3_bind_int64(stmt, 11, m->timestamp);
	sqlite3_bind_int64(stmt, 12, g_get_real_time());
	store_bind_text(stmt, 13, m->id);
	store_bind_text(stmt, 14, m->stanza_id);
	sqlite3_bind_int(stmt, 15, m->delivery);
	sqlite3_bind_int(stmt, 16, m->edited);
	sqlite3_bind_int(stmt, 17, m->history);
	store_bind_text(stmt, 19, m->sender_jid);
	if (m->delayed != 0)
		sqlite3_bind_int64(stmt, 20, m->delayed);
	sqlite3_bind_int(stmt, 21, m->encrypted);
	if (sqlite3_step(stmt) == SQLITE_DONE)
		m->store_id = sqlite3_last_insert_rowid(db);
	else
		store_failed(sqlite3_errmsg(db));
	store_done(stmt);
	if (++turn_writes >= STORE_TURN_MAX)
		store_flush();
}

/* Delivery and corrections: the row follows; a correction keeps the text
 * it replaces. */
static void
store_update(struct message *m)
{
	sqlite3_stmt *stmt;

	if (m->store_id == 0 || store_begin() == -1)
		return;
	/* The row is the message's only with its time too: a row of a
	 * transaction that failed (a full disk) was never written, and its
	 * id may be another message's since. */
	stmt = store_prepare("INSERT INTO corrections (message, body, replaced) "
	                     "SELECT id, body, ?2 FROM messages WHERE id = ?1 AND body IS NOT ?3 "
	                     "AND (?5 OR timestamp = ?4)");
	if (stmt != NULL) {
		sqlite3_bind_int64(stmt, 1, m->store_id);
		sqlite3_bind_int64(stmt, 2, g_get_real_time());
		store_bind_text(stmt, 3, m->body);
		sqlite3_bind_int64(stmt, 4, m->timestamp);
		/* A copy the history had already: its row was found (not
		 * written now), and has the first copy's time. */
		sqlite3_bind_int(stmt, 5, m->duplicate);
		sqlite3_step(stmt);
		store_done(stmt);
	}
	stmt = store_prepare(
	        "UPDATE messages SET body = ?2, delivery = ?3, edited = ?4, "
	        "stanza_id = COALESCE(stanza_id, ?5) WHERE id = ?1 AND (?7 OR timestamp = ?6)");
	if (stmt == NULL)
		return;
	sqlite3_bind_int64(stmt, 1, m->store_id);
	store_bind_text(stmt, 2, m->body);
	sqlite3_bind_int(stmt, 3, m->delivery);
	sqlite3_bind_int(stmt, 4, m->edited);
	store_bind_text(stmt, 5, m->stanza_id);
	sqlite3_bind_int64(stmt, 6, m->timestamp);
	sqlite3_bind_int(stmt, 7, m->duplicate);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		store_failed(sqlite3_errmsg(db));
	store_done(stmt);
}

static void
store_on_added(const struct event *event, void *userdata)
{
	store_insert(event->u.message.conversation, event->u.message.message);
}

static void
store_on_updated(const struct event *event, void *userdata)
{
	store_update(event->u.message.message);
}

static void
store_on_renamed(const struct event *event, void *userdata)
{
	store_rename_account(event->u.renamed.old, event->account);
}

/* ---- opening ---- */

static int
store_migrate(char **cause)
{
	sqlite3_stmt *stmt;
	char *error = NULL;
	int version = 0, rc = SQLITE_OK;

	/* Under the write lock, the version read again: a natter and a
	 * natter send starting at once migrate it once. */
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &error) != SQLITE_OK) {
		*cause = g_strdup_printf("cannot lock %s: %s", db_path, error);
		sqlite3_free(error);
		return -1;
	}
	stmt = store_prepare("PRAGMA user_version");
	if (stmt != NULL && sqlite3_step(stmt) == SQLITE_ROW)
		version = sqlite3_column_int(stmt, 0);
	store_done(stmt);
	if (version > STORE_VERSION) {
		*cause = g_strdup_printf("%s is of a newer natter (schema %d; this one knows up to "
		                         "%d)",
		                         db_path, version, STORE_VERSION);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	for (; version < STORE_VERSION && rc == SQLITE_OK; version++) {
		char *sql = g_strdup_printf("%s PRAGMA user_version = %d;", migrations[version],
		                            version + 1);
		rc = sqlite3_exec(db, sql, NULL, NULL, &error);
		g_free(sql);
		if (rc != SQLITE_OK)
			*cause = g_strdup_printf("cannot bring %s to schema %d: %s", db_path,
			                         version + 1, error);
	}
	if (rc == SQLITE_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, &error) == SQLITE_OK)
		return 0;
	if (*cause == NULL)
		*cause = g_strdup_printf("cannot write %s: %s", db_path, error);
	sqlite3_free(error);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* The file exists 0600 before SQLite opens it (SQLite would make it with
 * the umask's mode); one that others can read is refused. */
static int
store_create_private(const char *path, char **cause)
{
	char *dir = g_path_get_dirname(path);
	struct stat st;
	int fd, ret = paths_ensure_private_dir(dir, cause);

	g_free(dir);
	if (ret == -1)
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1) {
		*cause = g_strdup_printf("cannot open %s: %s", path, g_strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) {
		*cause = g_strdup_printf("%s can be read by other users (mode %04o); refusing to "
		                         "write history there. Fix with: chmod 600 %s",
		                         path, (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int
store_open(const char *path, char **cause)
{
	char *error = NULL;

	if (store_create_private(path, cause) == -1)
		return -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK) {
		*cause = g_strdup_printf("cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "");
		sqlite3_close(db);
		db = NULL;
		return -1;
	}
	db_path = g_strdup(path);
	/* WAL: writers do not block readers, and a killed natter loses no
	 * committed transaction; NORMAL syncs at checkpoints. */
	if (sqlite3_exec(db,
	                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
	                 "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 2000;",
	                 NULL, NULL, &error) != SQLITE_OK ||
	    store_migrate(cause) == -1) {
		if (error != NULL) {
			*cause = g_strdup_printf("%s: %s", path, error);
			sqlite3_free(error);
		}
		store_close();
		return -1;
	}
	subscriptions[0] = event_subscribe(EV_MESSAGE_ADDED, store_on_added, NULL);
	subscriptions[1] = event_subscribe(EV_MESSAGE_UPDATED, store_on_updated, NULL);
	subscriptions[2] = event_subscribe(EV_ACCOUNT_RENAMED, store_on_renamed, NULL);
	return 0;
}

void
store_close(void)
{
	event_unsubscribe_all(subscriptions, G_N_ELEMENTS(subscriptions));
	store_flush();
	g_clear_pointer(&statements, g_hash_table_destroy);
	if (db != NULL)
		sqlite3_close(db);
	db = NULL;
	g_clear_pointer(&db_path, g_free);
	g_clear_pointer(&blocks, g_hash_table_destroy);
}

char *
store_archive_position(const char *account, gint64 *since)
{
	sqlite3_stmt *stmt;
	char *id = NULL;

	if (db == NULL)
		return NULL;
	*since = 0;
	stmt = store_prepare("SELECT last_id, since FROM archive_sync WHERE account = ? AND "
	                     "archive = ''");
	if (stmt == NULL)
		return NULL;
	store_bind_text(stmt, 1, account);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		id = g_strdup((const char *)sqlite3_column_text(stmt, 0));
		*since = sqlite3_column_int64(stmt, 1);
	}
	store_done(stmt);
	return id;
}

void
store_set_archive_position(const char *account, const char *last, gint64 since)
{
	sqlite3_stmt *stmt;

	if (db == NULL || store_begin() == -1)
		return;
	/* An empty page keeps the last id known; the time moves on. */
	stmt = store_prepare("INSERT INTO archive_sync (account, archive, last_id, since) "
	                     "VALUES (?1, '', ?2, ?3) ON CONFLICT (account, archive) DO UPDATE "
	                     "SET last_id = COALESCE(?2, last_id), since = ?3");
	if (stmt == NULL)
		return;
	store_bind_text(stmt, 1, account);
	store_bind_text(stmt, 2, last);
	sqlite3_bind_int64(stmt, 3, since);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		log_write(LOG_ERROR, account, "history: archive position: %s", sqlite3_errmsg(db));
	store_done(stmt);
}

const char *
store_path(void)
{
	return db_path;
}

sqlite3 *
store_db(void)
{
	return db;
}
