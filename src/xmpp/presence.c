/*
 * presence.c: the account's own presence (RFC 6121 4).
 *
 * Stateless: natter announces itself available on login and unavailable
 * on logout.
 */
#include "config.h"

#include "xmpp/netloop.h"
#include "xmpp/presence.h"
#include "xmpp/session-private.h"

void
presence_send_initial(struct session *session)
{
	xmpp_stanza_t *presence = xmpp_presence_new(netloop_context());

	session_send(session, presence);
	xmpp_stanza_release(presence);
}

void
presence_send_unavailable(struct session *session)
{
	xmpp_stanza_t *presence = xmpp_presence_new(netloop_context());

	xmpp_stanza_set_type(presence, "unavailable");
	session_send(session, presence);
	xmpp_stanza_release(presence);
}
