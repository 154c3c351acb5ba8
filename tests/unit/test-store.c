/*
 * test-store.c: the message history (store/store.h): schema creation and
 * migration, what is written from the model's events, duplicates kept
 * out, corrections kept, full-text search with non-ASCII text, pages
 * around a message, history off and deleted, a renamed account.
 */
#include "config.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "unit.h"

#include "core/event.h"
#include "model/conversation.h"
#include "store/store.h"

static char *dir, *path;

static int
setup(void **state)
{
	char *cause = NULL;

	dir = unit_make_tmpdir();
	path = g_build_filename(dir, "data", "history.db", NULL);
	if (store_open(path, &cause) != 0) {
		print_error("store_open: %s\n", cause);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	store_close();
	conversation_list_clear();
	event_reset();
	unit_remove_tree(dir);
	g_free(dir);
	g_free(path);
	return 0;
}

/* A query's single integer. */
static gint64
scalar(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	gint64 value = -1;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		value = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return value;
}

static struct message *
add(const char *account, const char *peer, enum message_direction direction, const char *from,
    const char *id, const char *body)
{
	struct conversation *c = conversation_open(account, peer);
	struct message *m = message_new(direction, MESSAGE_CHAT);

	m->from = g_strdup(from);
	m->id = g_strdup(id);
	m->body = g_strdup(body);
	conversation_add_message(c, m);
	return m;
}

static void
test_created_private_and_versioned(void **state)
{
	struct stat st;
	char *parent = g_path_get_dirname(path);

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	g_free(parent);
	assert_int_equal(scalar("PRAGMA user_version"), STORE_VERSION);
	assert_int_equal(scalar("SELECT count(*) FROM sqlite_master WHERE name = 'messages_fts'"),
	                 1);
	/* Opening again: nothing to migrate, nothing lost. */
	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/x", "m1", "kept");
	store_close();
	char *cause = NULL;
	assert_int_equal(store_open(path, &cause), 0);
	assert_int_equal(scalar("SELECT count(*) FROM messages"), 1);
	assert_int_equal(scalar("PRAGMA user_version"), STORE_VERSION);
}

/* Written at the end of the loop turn: after store_flush() a reader sees
 * them, in order, with their fields. */
static void
test_messages_written(void **state)
{
	GPtrArray *last;
	const struct stored_message *m;

	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/phone", "a1", "hello");
	add("work", "bob@example.org", MESSAGE_OUT, "me@example.org/natter", "a2", "hi bob");
	add("home", "bob@example.org", MESSAGE_IN, "bob@example.org/phone", "a3", "other account");
	store_flush();
	assert_int_equal(scalar("SELECT count(*) FROM messages"), 3);
	last = store_last("work", "bob@example.org", 10);
	assert_int_equal(last->len, 2);
	m = last->pdata[0];
	assert_string_equal(m->body, "hello");
	assert_string_equal(m->sender, "bob@example.org/phone");
	assert_int_equal(m->direction, MESSAGE_IN);
	assert_string_equal(m->type, "chat");
	m = last->pdata[1];
	assert_string_equal(m->body, "hi bob");
	assert_int_equal(m->direction, MESSAGE_OUT);
	g_ptr_array_unref(last);
	last = store_last("work", "bob@example.org", 1);
	assert_int_equal(last->len, 1);
	assert_string_equal(((struct stored_message *)last->pdata[0])->body, "hi bob");
	g_ptr_array_unref(last);
}

/* The same message twice (an archive's copy, a room's history again):
 * one row. */
static void
test_duplicates_kept_out(void **state)
{
	struct conversation *room =
	        conversation_open_kind("work", "dev@muc.example.org", CONVERSATION_ROOM);
	struct message *m;

	for (int i = 0; i < 2; i++) {
		m = message_new(MESSAGE_IN, MESSAGE_GROUPCHAT);
		m->from = g_strdup("dev@muc.example.org/ann");
		m->stanza_id = g_strdup("archive-1");
		m->body = g_strdup("with a stanza-id");
		conversation_add_message(room, m);
	}
	for (int i = 0; i < 2; i++) {
		m = message_new(MESSAGE_IN, MESSAGE_GROUPCHAT);
		m->from = g_strdup("dev@muc.example.org/ann");
		m->body = g_strdup("history on entering");
		m->timestamp = 1700000000000000;
		m->history = 1;
		conversation_add_message(room, m);
	}
	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/phone", "same-id", "once");
	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/phone", "same-id", "once");
	/* The same id from someone else is another message. */
	add("work", "bob@example.org", MESSAGE_OUT, "me@example.org/natter", "same-id", "mine");
	store_flush();
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE conversation = "
	                        "'dev@muc.example.org'"),
	                 2);
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE conversation = "
	                        "'bob@example.org'"),
	                 2);
	/* A room's live message (not history) said twice is two messages. */
	for (int i = 0; i < 2; i++) {
		m = message_new(MESSAGE_IN, MESSAGE_GROUPCHAT);
		m->from = g_strdup("dev@muc.example.org/ann");
		m->body = g_strdup("ha");
		conversation_add_message(room, m);
	}
	store_flush();
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE body = 'ha'"), 2);

	/* A correction of the later copy (another time: the room's history
	 * stamp) changes the row the first one made. */
	m = message_new(MESSAGE_IN, MESSAGE_GROUPCHAT);
	m->from = g_strdup("dev@muc.example.org/ann");
	m->stanza_id = g_strdup("archive-1");
	m->body = g_strdup("with a stanza-id");
	m->timestamp = 1600000000000000;
	conversation_add_message(room, m);
	assert_true(m->duplicate);
	g_free(m->body);
	m->body = g_strdup("corrected later");
	m->edited = 1;
	conversation_message_updated(room, m);
	store_flush();
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE body = 'corrected later'"), 1);
}

/* A correction changes the row and keeps what it said before; delivery
 * follows. */
static void
test_updates_and_corrections(void **state)
{
	struct message *m =
	        add("work", "bob@example.org", MESSAGE_OUT, "me@example.org/natter", "c1", "teh");
	struct conversation *c = conversation_find("work", "bob@example.org");

	m->delivery = DELIVERY_ACKED;
	conversation_message_updated(c, m);
	g_free(m->body);
	m->body = g_strdup("the");
	m->edited = 1;
	conversation_message_updated(c, m);
	store_flush();
	assert_int_equal(scalar("SELECT delivery FROM messages"), DELIVERY_ACKED);
	assert_int_equal(scalar("SELECT edited FROM messages"), 1);
	assert_int_equal(scalar("SELECT count(*) FROM corrections"), 1);
	assert_int_equal(scalar("SELECT count(*) FROM corrections WHERE body = 'teh'"), 1);
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE body = 'the'"), 1);
}

/* Words without regard to case or accents; non-Latin scripts; the
 * corrected text, not the old one. */
static void
test_search(void **state)
{
	GPtrArray *found;
	char *cause = NULL;
	struct message *m;

	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/x", "s1",
	    "Crème brûlée tonight?");
	add("home", "ann@example.net", MESSAGE_IN, "ann@example.net/x", "s2", "Встреча в Москве");
	add("home", "ann@example.net", MESSAGE_IN, "ann@example.net/x", "s3", "東京 へ 行く");
	m = add("home", "ann@example.net", MESSAGE_OUT, "me@example.net/x", "s4", "wrnog word");
	g_free(m->body);
	m->body = g_strdup("right word");
	conversation_message_updated(conversation_find("home", "ann@example.net"), m);
	store_flush();

	found = store_search("creme", 10, &cause);
	assert_non_null(found);
	assert_int_equal(found->len, 1);
	assert_string_equal(((struct stored_message *)found->pdata[0])->account, "work");
	g_ptr_array_unref(found);
	found = store_search("москве", 10, &cause);
	assert_int_equal(found->len, 1);
	g_ptr_array_unref(found);
	found = store_search("東京", 10, &cause);
	assert_int_equal(found->len, 1);
	g_ptr_array_unref(found);
	found = store_search("wrnog", 10, &cause);
	assert_int_equal(found->len, 0);
	g_ptr_array_unref(found);
	found = store_search("right", 10, &cause);
	assert_int_equal(found->len, 1);
	g_ptr_array_unref(found);
	/* A query FTS5 cannot read: an error in words, no crash. */
	found = store_search("\"unbalanced", 10, &cause);
	assert_null(found);
	assert_contains(cause, "cannot search");
	g_free(cause);
}

/* A database of a newer natter, or one others can read: refused, and
 * left as it was. */
static void
test_refused(void **state)
{
	char *cause = NULL;
	sqlite3 *db;

	store_close();
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(path, &cause), -1);
	assert_contains(cause, "newer natter");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(scalar("PRAGMA user_version"), 99);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(store_open(path, &cause), -1);
	assert_contains(cause, "can be read by other users");
	g_free(cause);
	/* Nothing is written without a database, and nothing crashes. */
	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/x", "n1", "lost");
	assert_null(store_last("work", "bob@example.org", 5));
}

/* Closes the store and takes its database back to version (what each
 * migration from there on added, undone). */
static void
downgrade(int version)
{
	static const char *const undo[] = {
		[1] = "DROP TABLE archive_sync;",
		[2] = "DROP TABLE history_off;",
		[3] = "DROP INDEX messages_in_order; CREATE INDEX messages_by_conversation ON "
		      "messages(account, conversation, timestamp);",
		[4] = "ALTER TABLE messages DROP COLUMN sender_jid; ALTER TABLE messages DROP "
		      "COLUMN delayed;",
	};
	sqlite3 *db;

	G_STATIC_ASSERT(G_N_ELEMENTS(undo) == STORE_VERSION);
	store_close();
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (int v = STORE_VERSION - 1; v >= version; v--)
		assert_int_equal(sqlite3_exec(db, undo[v], NULL, NULL, NULL), SQLITE_OK);
	char *set = g_strdup_printf("PRAGMA user_version = %d", version);
	assert_int_equal(sqlite3_exec(db, set, NULL, NULL, NULL), SQLITE_OK);
	g_free(set);
	sqlite3_close(db);
}

/* A database of schema 1 (before the archive positions) is brought to 2
 * with its messages; the position then works. */
static void
test_migration_from_1(void **state)
{
	char *cause = NULL, *position;

	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/x", "v1", "from version 1");
	downgrade(1);
	assert_int_equal(scalar("PRAGMA user_version"), 1);
	assert_int_equal(store_open(path, &cause), 0);
	assert_int_equal(scalar("PRAGMA user_version"), STORE_VERSION);
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE body = 'from version 1'"), 1);
	gint64 since = -1;
	assert_null(store_archive_position("work", &since));
	assert_int_equal(since, 0);
	store_set_archive_position("work", "arch-9", 100);
	store_set_archive_position("work", "arch-10", 200);
	/* An empty page: the id stays, the time moves. */
	store_set_archive_position("work", NULL, 300);
	store_set_archive_position("home", NULL, 400);
	store_flush();
	position = store_archive_position("work", &since);
	assert_string_equal(position, "arch-10");
	assert_int_equal(since, 300);
	g_free(position);
	assert_null(store_archive_position("home", &since));
	assert_int_equal(since, 400);
	assert_int_equal(scalar("SELECT count(*) FROM archive_sync"), 2);
}

/* A database of schema 2 (before /history off) is brought to 3 with its
 * messages; history off then works. */
static void
test_migration_from_2(void **state)
{
	char *cause = NULL;

	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/x", "v2", "from version 2");
	downgrade(2);
	assert_int_equal(store_open(path, &cause), 0);
	assert_int_equal(scalar("PRAGMA user_version"), STORE_VERSION);
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE body = 'from version 2'"), 1);
	assert_false(store_history_is_off("work", "bob@example.org"));
	assert_int_equal(store_set_history("work", "bob@example.org", 0, &cause), 0);
	assert_true(store_history_is_off("work", "bob@example.org"));
}

/* A database of schema 3 gets the index of the history's order, the old
 * one gone; its messages are read in that order. */
static void
test_migration_from_3(void **state)
{
	char *cause = NULL;

	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/x", "v3", "from version 3");
	downgrade(3);
	assert_int_equal(scalar("SELECT count(*) FROM sqlite_master WHERE name = "
	                        "'messages_in_order'"),
	                 0);
	assert_int_equal(store_open(path, &cause), 0);
	assert_int_equal(scalar("PRAGMA user_version"), STORE_VERSION);
	assert_int_equal(scalar("SELECT count(*) FROM sqlite_master WHERE name = "
	                        "'messages_in_order'"),
	                 1);
	assert_int_equal(scalar("SELECT count(*) FROM sqlite_master WHERE name = "
	                        "'messages_by_conversation'"),
	                 0);
	GPtrArray *last = store_last("work", "bob@example.org", 5);
	assert_int_equal(last->len, 1);
	g_ptr_array_unref(last);
}

/* The history's order: by the second of the time, then as the rows came
 * (a whole-second stamp of the server and natter's microseconds, within
 * one second, keep the order of arrival). */
static void
test_order_by_second(void **state)
{
	static const struct {
		const char *body;
		gint64 time;
	} rows[] = {
		{ "a", 5000000 }, /* second 5 */
		{ "b", 3000000 }, /* came later, but second 3: before a */
		{ "c", 5500000 }, /* second 5, after a */
		{ "d", 5100000 }, /* second 5, came after c: after c */
	};
	sqlite3 *db;
	GPtrArray *last;

	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
		add("work", "order@example.org", MESSAGE_IN, "order@example.org/x", rows[i].body,
		    rows[i].body);
	store_flush();
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
		char *sql = g_strdup_printf("UPDATE messages SET timestamp = %" G_GINT64_FORMAT
		                            " WHERE body = '%s'",
		                            rows[i].time, rows[i].body);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		g_free(sql);
	}
	sqlite3_close(db);
	last = store_last("work", "order@example.org", 10);
	assert_int_equal(last->len, 4);
	assert_string_equal(((struct stored_message *)last->pdata[0])->body, "b");
	assert_string_equal(((struct stored_message *)last->pdata[1])->body, "a");
	assert_string_equal(((struct stored_message *)last->pdata[2])->body, "c");
	assert_string_equal(((struct stored_message *)last->pdata[3])->body, "d");
	const struct stored_message *c = last->pdata[2];
	GPtrArray *after = store_after("work", "order@example.org", c->timestamp, c->id, 5);
	assert_int_equal(after->len, 1);
	assert_string_equal(((struct stored_message *)after->pdata[0])->body, "d");
	g_ptr_array_unref(after);
	g_ptr_array_unref(last);
}

/* Pages before and after a message, in the history's order (second,
 * then row), and the archive ids at the ends of a conversation. */
static void
test_pages(void **state)
{
	GPtrArray *page;
	gint64 time;
	char *edge;

	for (int i = 0; i < 10; i++) {
		char id[8], body[16];
		g_snprintf(id, sizeof id, "p%d", i);
		g_snprintf(body, sizeof body, "message %d", i);
		struct message *m =
		        add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/x", id, body);
		/* Two share a time: the row tells them apart. */
		m->timestamp = 1000 + (i == 5 ? 4 : i);
		if (i >= 2)
			m->stanza_id = g_strdup_printf("arch-%d", i);
	}
	/* The model's times were set after the rows: set them there too. */
	store_flush();
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE messages SET timestamp = 1000 + CAST(substr(body, 9) "
	                              "AS INTEGER), stanza_id = CASE WHEN CAST(substr(body, 9) AS "
	                              "INTEGER) >= 2 THEN 'arch-' || substr(body, 9) END; "
	                              "UPDATE messages SET timestamp = 1004 WHERE body = "
	                              "'message 5'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);

	GPtrArray *all = store_last("work", "bob@example.org", 100);
	assert_int_equal(all->len, 10);
	const struct stored_message *fifth = all->pdata[5]; /* "message 5", row after 4 */
	assert_string_equal(fifth->body, "message 5");
	page = store_before("work", "bob@example.org", fifth->timestamp, fifth->id, 3);
	assert_int_equal(page->len, 3);
	assert_string_equal(((struct stored_message *)page->pdata[0])->body, "message 2");
	assert_string_equal(((struct stored_message *)page->pdata[2])->body, "message 4");
	g_ptr_array_unref(page);
	page = store_after("work", "bob@example.org", fifth->timestamp, fifth->id, 2);
	assert_int_equal(page->len, 2);
	assert_string_equal(((struct stored_message *)page->pdata[0])->body, "message 6");
	assert_string_equal(((struct stored_message *)page->pdata[1])->body, "message 7");
	g_ptr_array_unref(page);
	struct stored_message *got = store_get(fifth->id);
	assert_string_equal(got->body, "message 5");
	stored_message_free(got);
	assert_null(store_get(999999));
	g_ptr_array_unref(all);

	/* The oldest has no archive id: its time says where to ask. */
	edge = store_archive_edge("work", "bob@example.org", 0, &time);
	assert_null(edge);
	assert_int_equal(time, 1000);
	edge = store_archive_edge("work", "bob@example.org", 1, &time);
	assert_string_equal(edge, "arch-9");
	assert_int_equal(time, 1009);
	g_free(edge);
	edge = store_archive_edge("work", "nobody@example.org", 0, &time);
	assert_null(edge);
	assert_int_equal(time, 0);
}

/* History off: nothing stored for that conversation (others are), on
 * again: stored. Deleting: every message goes, from search too, after a
 * count. Renaming an account: its history follows. */
static void
test_history_off_delete_rename(void **state)
{
	char *cause = NULL;
	GPtrArray *list, *found;

	assert_int_equal(store_set_history("work", "secret@example.org", 0, &cause), 0);
	add("work", "secret@example.org", MESSAGE_IN, "secret@example.org/x", "s1", "hush");
	add("work", "bob@example.org", MESSAGE_IN, "bob@example.org/x", "b1", "kept word");
	store_flush();
	assert_int_equal(store_count("work", "secret@example.org"), 0);
	assert_int_equal(store_count("work", "bob@example.org"), 1);
	list = store_history_off_list(NULL);
	assert_int_equal(list->len, 1);
	assert_string_equal(list->pdata[0], "work secret@example.org");
	g_ptr_array_unref(list);
	assert_int_equal(store_set_history("work", "secret@example.org", 1, &cause), 0);
	add("work", "secret@example.org", MESSAGE_IN, "secret@example.org/x", "s2", "spoken");
	store_flush();
	assert_int_equal(store_count("work", "secret@example.org"), 1);

	assert_int_equal(store_delete("work", "bob@example.org", &cause), 0);
	assert_int_equal(store_count("work", "bob@example.org"), 0);
	found = store_search("word", 10, &cause);
	assert_int_equal(found->len, 0);
	g_ptr_array_unref(found);
	assert_int_equal(store_count("work", "secret@example.org"), 1);

	store_set_archive_position("work", "arch-1", 5);
	assert_int_equal(store_set_history("work", "quiet@example.org", 0, &cause), 0);
	store_rename_account("work", "office");
	assert_int_equal(store_count("office", "secret@example.org"), 1);
	assert_int_equal(store_count("work", "secret@example.org"), 0);
	gint64 since;
	char *position = store_archive_position("office", &since);
	assert_string_equal(position, "arch-1");
	g_free(position);
	assert_true(store_history_is_off("office", "quiet@example.org"));
}

/* A backfill message of page p (read backwards), at time t. */
static void
backfill(const char *peer, unsigned page, const char *body, gint64 t)
{
	struct conversation *c = conversation_open("work", peer);
	struct message *m = message_new(MESSAGE_IN, MESSAGE_CHAT);
	char *from = g_strdup_printf("%s/x", peer);

	m->from = from;
	m->id = g_strdup(body);
	m->body = g_strdup(body);
	m->timestamp = t;
	m->backfill = 1;
	m->backfill_page = page;
	assert_int_equal(conversation_add_message(c, m), 1);
}

/* Pages read backwards take ids below every row, never 0, each page in
 * its own order, even when two pages come interleaved; all in one
 * second, they read: the older page, the newer page, then the rows that
 * were there. */
static void
test_backfill_blocks(void **state)
{
	sqlite3 *db;
	GPtrArray *last;
	const char *const expected[] = { "p2a", "p2b", "p1a", "p1b", "present" };

	add("work", "bf@example.org", MESSAGE_IN, "bf@example.org/x", "n1", "present");
	store_flush();
	/* The lowest row far above 0 (older rows deleted). */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE messages SET id = 950, timestamp = 7000000", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	backfill("bf@example.org", 1, "p1a", 7000000);
	backfill("bf@example.org", 2, "p2a", 7000000);
	backfill("bf@example.org", 1, "p1b", 7000000);
	backfill("bf@example.org", 2, "p2b", 7000000);
	store_flush();
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE id >= 0 AND id < 950"), 0);
	last = store_last("work", "bf@example.org", 10);
	assert_int_equal(last->len, G_N_ELEMENTS(expected));
	for (guint i = 0; i < last->len; i++)
		assert_string_equal(((struct stored_message *)last->pdata[i])->body, expected[i]);
	g_ptr_array_unref(last);
	/* What the history had already, or does not keep, is not new. */
	struct message *m = message_new(MESSAGE_IN, MESSAGE_CHAT);
	m->from = g_strdup("bf@example.org/x");
	m->id = g_strdup("p1a");
	m->body = g_strdup("p1a");
	m->backfill = 1;
	assert_int_equal(conversation_add_message(conversation_open("work", "bf@example.org"), m),
	                 0);
}

/* A database of schema 4 gets the sender's real JID and the delay stamp;
 * its messages stay, and new ones keep both. */
static void
test_migration_from_4(void **state)
{
	char *cause = NULL;

	add("work", "room@muc.example.org", MESSAGE_IN, "room@muc.example.org/bob", "v4",
	    "from version 4");
	downgrade(4);
	assert_int_equal(scalar("SELECT count(*) FROM pragma_table_info('messages') WHERE "
	                        "name = 'sender_jid'"),
	                 0);
	assert_int_equal(store_open(path, &cause), 0);
	assert_int_equal(scalar("PRAGMA user_version"), STORE_VERSION);
	add("work", "room@muc.example.org", MESSAGE_IN, "room@muc.example.org/carol", "v5",
	    "after");
	struct conversation *c = conversation_open("work", "room@muc.example.org");
	struct message *real = message_new(MESSAGE_IN, MESSAGE_GROUPCHAT);
	real->from = g_strdup("room@muc.example.org/dave");
	real->body = g_strdup("with a real jid");
	real->sender_jid = g_strdup("dave@example.org/laptop");
	/* The newest: a second after now. */
	real->timestamp = real->delayed = (g_get_real_time() / G_USEC_PER_SEC + 1) * G_USEC_PER_SEC;
	conversation_add_message(c, real);
	store_flush();
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE sender_jid = "
	                        "'dave@example.org/laptop' AND delayed = timestamp"),
	                 1);
	assert_int_equal(scalar("SELECT count(*) FROM messages WHERE body = 'from version 4' "
	                        "AND sender_jid IS NULL AND delayed IS NULL"),
	                 1);
	GPtrArray *last = store_last("work", "room@muc.example.org", 1);
	assert_string_equal(((struct stored_message *)last->pdata[0])->sender_jid,
	                    "dave@example.org/laptop");
	g_ptr_array_unref(last);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_created_private_and_versioned, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_messages_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_kept_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_updates_and_corrections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order_by_second, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backfill_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_off_delete_rename, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
