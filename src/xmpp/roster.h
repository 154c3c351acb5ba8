/*
 * roster.h: the account's roster (RFC 6121 2).
 */
#ifndef NATTER_XMPP_ROSTER_H
#define NATTER_XMPP_ROSTER_H

#include <strophe.h>

struct session;

/* Reads the account's cached roster into the model (a missing or broken
 * cache means the whole roster is fetched at login). */
void roster_cache_load(struct session *session);

/* The account is no longer configured: its cached roster goes, and its
 * contacts leave the model. */
void roster_forget(const char *account);

/* Account old is now named new: its cached roster follows (contacts are
 * moved by session_rename()). A failure is logged. */
void roster_rename(const char *old, const char *new);

/* Asks the server for the roster (with the cached version when the server
 * offers roster versioning). */
void roster_request(struct session *session);

/* A roster push (an iq set with a jabber:iq:roster query): applied and
 * answered when it comes from the account's server. Returns 1 when
 * handled, 0 when the router should answer it. */
int roster_handle_push(struct session *session, xmpp_stanza_t *iq);

/* Adds or changes an item (name may be NULL; groups NULL-terminated or
 * NULL). The server's push shows the result; a refusal is logged for the
 * user. Returns 0, or -1 and *cause when the account is not online. */
int roster_set(struct session *session, const char *jid, const char *name,
               const char *const *groups, char **cause);

/* Removes an item (RFC 6121 2.5), which also cancels subscriptions both
 * ways. Returns 0, or -1 and *cause. */
int roster_remove(struct session *session, const char *jid, char **cause);

#endif
