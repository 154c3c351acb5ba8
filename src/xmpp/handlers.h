/*
 * handlers.h: the stanza handlers the router calls (private to src/xmpp).
 * Each returns 1 when it took the stanza, 0 when it dropped it.
 */
#ifndef NATTER_XMPP_HANDLERS_H
#define NATTER_XMPP_HANDLERS_H

#include <strophe.h>

struct session;

/* chat.c: an incoming <message/> (RFC 6121 5). */
int chat_handle(struct session *session, xmpp_stanza_t *stanza);

/* presence.c: a contact's presence (subscription stanzas excluded:
 * returns 0 for them). */
int presence_handle(struct session *session, xmpp_stanza_t *stanza);

#endif
