/*
 * disco.h: service discovery (XEP-0030), entity capabilities (XEP-0115),
 * software version (XEP-0092) and ping (XEP-0199): natter's answers, and
 * the user's queries.
 */
#ifndef NATTER_XMPP_DISCO_H
#define NATTER_XMPP_DISCO_H

#include <strophe.h>

struct session;

enum disco_kind { DISCO_INFO, DISCO_ITEMS, DISCO_VERSION, DISCO_PING };

/* Answers an iq get whose first child is payload, when it is one of
 * ours (disco#info, disco#items, version, ping). Returns 1 when it did. */
int disco_handle_get(struct session *session, xmpp_stanza_t *iq, xmpp_stanza_t *payload);

/* XEP-0115: the verification string of natter's identity and features
 * (caller frees). */
char *disco_caps_ver(void);

/* Adds natter's <c/> (XEP-0115) to a presence stanza. */
void disco_add_caps(xmpp_stanza_t *presence);

/*
 * Asks jid (node may be NULL) for its disco info or items, its software
 * version, or a ping; the answer comes as EV_LOG lines for the account.
 * Returns 0, or -1 and *cause when the account is not online.
 */
int disco_query(struct session *session, enum disco_kind kind, const char *jid, const char *node,
                char **cause);

#endif
