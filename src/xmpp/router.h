/*
 * router.h: the stanza router of a session (private to src/xmpp).
 */
#ifndef NATTER_XMPP_ROUTER_H
#define NATTER_XMPP_ROUTER_H

#include <strophe.h>

struct session;

/* Installs the router on the session's connection (after login). */
void router_attach(struct session *session);

/* Routes one incoming stanza to its handler. Returns 1 when a handler
 * took it, 0 when it was dropped (logged). Used directly by unit tests. */
int router_route(struct session *session, xmpp_stanza_t *stanza);

#endif
