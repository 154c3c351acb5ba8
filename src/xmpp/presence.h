/*
 * presence.h: the account's own presence (RFC 6121 4). Private to src/xmpp.
 */
#ifndef NATTER_XMPP_PRESENCE_H
#define NATTER_XMPP_PRESENCE_H

#include <strophe.h>

struct session;

/* Sends initial presence (RFC 6121 4.2): available, to the server. */
void presence_send_initial(struct session *session);

/* Sends unavailable presence (RFC 6121 4.5) before the stream closes. */
void presence_send_unavailable(struct session *session);

/* RFC 6121 4.6: a presence to one entity only (show SHOW_OFFLINE:
 * unavailable), status text may be NULL. Returns 0, or -1 and *cause (not
 * online, not a JID). */
int presence_send_directed(struct session *session, const char *to, int show, const char *status,
                           char **cause);

/* A new presence stanza (caller releases): available with show (a
 * model/contact.h enum presence_show; SHOW_OFFLINE: unavailable), status
 * (NULL: none), priority and natter's caps (XEP-0115), to to (NULL: no
 * 'to', a broadcast). */
xmpp_stanza_t *presence_build(const char *to, int show, const char *status, int priority);

/* Sends a subscription presence (RFC 6121 3) of type "subscribe",
 * "subscribed", "unsubscribe" or "unsubscribed" to jid, with an optional
 * status text. */
void presence_send_subscription(struct session *session, const char *jid, const char *type,
                                const char *text);

#endif
