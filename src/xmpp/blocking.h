/*
 * blocking.h: blocking command (XEP-0191): contacts whose stanzas the
 * server drops.
 */
#ifndef NATTER_XMPP_BLOCKING_H
#define NATTER_XMPP_BLOCKING_H

#include <strophe.h>

struct session;

/* Blocks jid (bare or full, or a domain). The server's push confirms;
 * a refusal is told in the console. Returns 0, or -1 and *cause. */
int blocking_block(struct session *session, const char *jid, char **cause);

/* Unblocks jid, or everyone when jid is NULL. */
int blocking_unblock(struct session *session, const char *jid, char **cause);

/* Asks for the block list; it is shown in the console. */
int blocking_list(struct session *session, char **cause);

/* A block or unblock push (iq set) from the account's server: told and
 * answered. Returns 1 when handled. */
int blocking_handle_push(struct session *session, xmpp_stanza_t *iq, xmpp_stanza_t *payload);

#endif
