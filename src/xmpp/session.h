/*
 * session.h: one XMPP connection per account.
 *
 * A session exists for every account that was ever connected in this
 * process and lives until session_free_all() at exit. Its state changes are
 * announced with EV_SESSION_STATE. No libstrophe type appears here: the
 * layers above use session names and plain strings.
 */
#ifndef NATTER_XMPP_SESSION_H
#define NATTER_XMPP_SESSION_H

#include <glib.h>

enum session_state {
	SESSION_DISCONNECTED,
	SESSION_CONNECTING,
	SESSION_ONLINE,
	SESSION_DISCONNECTING,
	SESSION_WAITING, /* lost; reconnecting after a delay (reconnect.c) */
};

struct session;

/* Returns the session of the account with this name, creating it; NULL and
 * *cause when no such account is configured. Borrowed. */
struct session *session_get(const char *account, char **cause);

/* Returns the existing session of the account, or NULL. Borrowed. */
struct session *session_find(const char *account);

/* The account is no longer configured, or is now another JID (its
 * session, if any, is disconnected): what natter keeps of it goes (the
 * session with its outbox and presence, cached roster and its version,
 * contacts, conversations, rooms, bookmarks, pinned certificate), so that
 * the account starts afresh. EV_ACCOUNT_FORGOTTEN first tells the
 * frontends, which close its windows. */
void session_forget(const char *account);

/* Account old (disconnected) is now named new: its session (outbox,
 * presence), cached roster, pinned certificate, contacts, conversations,
 * rooms and bookmarks follow. */
void session_rename(const char *old, const char *new);

/* natter send: the session logs in as resource (NULL: the server's choice)
 * and stays quiet: no roster, presence, carbons, bookmarks or rooms of
 * its own, no reconnection; only what is sent explicitly. Before
 * session_connect(). */
void session_set_oneshot(struct session *session, const char *resource);

/* Asks the server for a round trip (XEP-0199 ping to the server): its
 * answer, even an error, says the server has processed everything sent
 * before (RFC 6120 10.1, in-order processing). done(data) then; never
 * when the connection ends first (the session's state says so). */
void session_round_trip(struct session *session, void (*done)(void *data), void *data);

/* Whether the session's last login failed at authentication (wrong
 * password, account unknown to the server). */
int session_auth_failed(const struct session *session);

/* The account name of the session (borrowed). */
const char *session_account(const struct session *session);

/* The session's state. */
enum session_state session_state(const struct session *session);

/* Name of a state: "disconnected", "connecting", "online", "disconnecting",
 * "waiting". */
const char *session_state_name(enum session_state state);

/* The JID bound by the server once online, else the account's JID. */
const char *session_jid(const struct session *session);

/*
 * Starts connecting: password (eval_password runs asynchronously), DNS
 * (SRV, asynchronous), TCP, TLS, SASL, bind. Progress and the outcome come
 * as EV_SESSION_STATE events. Returns 0, or -1 and *cause when it cannot
 * start (already connected, ...).
 */
int session_connect(struct session *session, char **cause);

/* session_connect() with password, kept in memory for this run only (an
 * account without one in accounts.ini: the frontend asked the user on
 * EV_PASSWORD_NEEDED). */
int session_connect_password(struct session *session, const char *password, char **cause);

/* Disconnects cleanly (unavailable presence, stream close) or cancels a
 * connection attempt or a reconnection. Returns 0, or -1 and *cause when
 * not connected. */
int session_disconnect(struct session *session, char **cause);

/*
 * Reconnects now: a session waiting to reconnect tries at once; an online
 * one drops its connection and resumes it (XEP-0198) or logs in again; a
 * disconnected one connects. Returns 0, or -1 and *cause (connecting or
 * disconnecting).
 */
int session_reconnect_now(struct session *session, char **cause);

/*
 * Creates the account on its server (XEP-0077 in-band registration) with
 * its configured user name and password; fields are more FIELD=VALUE the
 * server may ask for (NULL-terminated, or NULL). Runs like a login and
 * ends "disconnected": reason "account created ..." (not an error) or why
 * not. Returns 0, or -1 and *cause (not disconnected, a malformed field).
 */
int session_register(struct session *session, char **fields, char **cause);

/* Changes the account's password on the server (XEP-0077 3.3); the
 * outcome comes as a log event, and accounts.ini follows when the
 * password is kept there. Returns 0, or -1 and *cause (not online). */
int session_change_password(struct session *session, const char *password, char **cause);

/* Seconds until the next attempt of a session waiting to reconnect, or
 * -1. */
int session_retry_in(const struct session *session);

/* Messages of the account not yet acknowledged by its server: queued
 * while offline, or sent and not acknowledged (XEP-0198). */
unsigned session_outbox_length(const struct session *session);

/*
 * The account's own presence (RFC 6121 4.2, 4.4): show (a model/contact.h
 * enum presence_show other than SHOW_OFFLINE), status text (NULL: none)
 * and priority (-128..127). Kept for every login; broadcast at once when
 * online. Emits EV_OWN_PRESENCE.
 */
void session_set_presence(struct session *session, int show, const char *status, int priority);

/* The account's own presence as set (status may be NULL). */
void session_get_presence(const struct session *session, int *show, const char **status,
                          int *priority);

/* XEP-0352: whether the user is looking (active) or not; told to every
 * server that offers client state indication, now and at each login. */
void session_set_client_active(int active);

/* The user typed something (for XEP-0012 idle time). */
void session_note_input(void);

/* Seconds since the user's last input (or since natter started). */
gint64 session_idle_seconds(void);

/* Disconnects every session; returns the number still busy closing. */
int session_disconnect_all(void);

/* Number of sessions connecting, online, disconnecting or waiting to
 * reconnect. */
int session_count_active(void);

/* Frees every session (they must be disconnected) and the network loop. */
void session_free_all(void);

#endif
