/*
 * store.h: the message history, one SQLite database per profile.
 *
 * Every message the model learns of (EV_MESSAGE_ADDED) is written, and
 * its changes (delivery, corrections: EV_MESSAGE_UPDATED) follow. Writes
 * of one loop turn share one transaction, committed at the end of the
 * turn before the screen is drawn: what the user saw is on disk (WAL; a
 * killed natter loses nothing committed). The schema is versioned
 * (PRAGMA user_version) and migrated forward on opening.
 */
#ifndef NATTER_STORE_STORE_H
#define NATTER_STORE_STORE_H

#include <glib.h>

/* The schema version this natter writes. */
#define STORE_VERSION 5

/* Opens (creating it 0600, in a 0700 directory) or migrates the database
 * at path and starts following the model's messages. Returns 0, or -1 and
 * *cause: natter then runs without history, and says why. */
int store_open(const char *path, char **cause);

/* Commits what is pending, stops following the model, closes. */
void store_close(void);

/* Commits the current loop turn's writes now (tests; exit). */
void store_flush(void);

/* Where reading the account's own archive (XEP-0313) resumes: the id of
 * the last message of the last page read (caller frees), or NULL; *since:
 * when the last reading began (0: never read). Only the archive's pages
 * move it: a live message's id does not say that all before it was read. */
char *store_archive_position(const char *account, gint64 *since);

/* A page was read (and stored), ending with archive id last (NULL: it was
 * empty), in a reading that began at since. */
void store_set_archive_position(const char *account, const char *last, gint64 since);

/* /history off (on 0) and on (1): whether the conversation's messages
 * are stored. Returns 0, or -1 and *cause. */
int store_set_history(const char *account, const char *conversation, int on, char **cause);

/* Whether the conversation's history is off. */
int store_history_is_off(const char *account, const char *conversation);

/* "ACCOUNT CONVERSATION" for each conversation with history off (of
 * account, or NULL: every account's). Caller unrefs. */
GPtrArray *store_history_off_list(const char *account);

/* How many messages of the conversation the history holds (-1: none is
 * open). */
gint64 store_count(const char *account, const char *conversation);

/* Deletes every message of the conversation. Returns 0, or -1 and *cause. */
int store_delete(const char *account, const char *conversation, char **cause);

/* Account old is now called new: its history follows (EV_ACCOUNT_RENAMED
 * does it for a running natter). */
void store_rename_account(const char *old, const char *new);

/* Whether end-to-end encrypted messages are kept (the user's otr.log;
 * without a source: not kept). Set by the program. */
void store_set_encrypted_source(int (*keep)(void));

/* The database's path, or NULL when none is open. */
const char *store_path(void);

/* One message as stored, oldest first in lists. */
struct stored_message {
	gint64 id;
	char *account, *conversation;
	int direction; /* enum message_direction */
	char *type;    /* "chat", "groupchat"... */
	char *sender, *body;
	gint64 timestamp; /* microseconds since 1970, as shown */
	int edited;
	int kind;         /* the conversation's: enum conversation_kind */
	char *sender_jid; /* a room occupant's real JID, or NULL */
	int encrypted;    /* enum message_encryption */
};

void stored_message_free(gpointer message);

/* The newest count messages of a conversation, oldest first (caller
 * frees the array, which frees them); NULL when no database is open. */
GPtrArray *store_last(const char *account, const char *conversation, int count);

/* The newest count messages of the conversation before (older than) the
 * one at time with row id, or after (newer than) it, oldest first (the
 * history's order: by second, then as they came); NULL when no database
 * is open. */
GPtrArray *store_before(const char *account, const char *conversation, gint64 time, gint64 id,
                        int count);
GPtrArray *store_after(const char *account, const char *conversation, gint64 time, gint64 id,
                       int count);

/* The message of row id (caller frees with stored_message_free()), or
 * NULL. */
struct stored_message *store_get(gint64 id);

/* The conversation's archive id (XEP-0359 stanza-id) at one end of its
 * history, caller frees: the oldest message's (NULL when it has none:
 * *time then says when it was; 0 without messages), or the newest one
 * that has an archive id. */
char *store_archive_edge(const char *account, const char *conversation, int newest, gint64 *time);

/* Messages whose body matches query (FTS5 syntax; words are matched
 * without regard to case or accents), newest first, at most limit. */
GPtrArray *store_search(const char *query, int limit, char **cause);

/* A search with filters (each NULL or 0: any). */
struct store_query {
	const char *text;         /* FTS5 query */
	const char *account;      /* an account name */
	const char *conversation; /* a bare JID or room */
	const char *sender;       /* a JID (bare: any of its resources) or ROOM/NICK */
	gint64 since, until;      /* microseconds since 1970: since <= t < until */
	int limit;                /* at most (0: 50) */
};

GPtrArray *store_find(const struct store_query *query, char **cause);

/* Calls each(message, data) for every message the query's filters keep
 * (its text and limit are not used), oldest first. Returns 0, or -1 and
 * *cause. */
int store_each(const struct store_query *query,
               void (*each)(const struct stored_message *message, void *data), void *data,
               char **cause);

#endif
