/*
 * router.c: the stanza router of a session.
 *
 * Stateless: one libstrophe handler per connection receives every stanza
 * and hands it to the file that owns its protocol area. Requests nobody
 * handles get the error RFC 6120 8.4 asks for, so a peer never waits.
 */
#include "config.h"

#include <string.h>

#include "core/log.h"
#include "xmpp/blocking.h"
#include "xmpp/disco.h"
#include "xmpp/handlers.h"
#include "xmpp/muc-private.h"
#include "xmpp/pep.h"
#include "xmpp/roster.h"
#include "xmpp/router.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

static int
router_iq(struct session *session, xmpp_stanza_t *iq)
{
	const char *type = xmpp_stanza_get_type(iq);
	xmpp_stanza_t *payload;

	/* RFC 6120 8.2.3: results and errors answer our own requests, which
	 * libstrophe's id handlers take; stray ones are dropped. */
	if (type == NULL || (strcmp(type, "get") != 0 && strcmp(type, "set") != 0))
		return session_answer_detached(session, iq);
	if (xmpp_stanza_get_id(iq) == NULL)
		return 0; /* RFC 6120 8.1.3: an IQ without id cannot be answered */
	payload = xmpp_stanza_get_children(iq);
	while (payload != NULL && !xmpp_stanza_is_tag(payload))
		payload = xmpp_stanza_get_next(payload);
	if (strcmp(type, "set") == 0 && roster_handle_push(session, iq))
		return 1;
	if (payload != NULL && strcmp(type, "set") == 0 &&
	    blocking_handle_push(session, iq, payload))
		return 1;
	/* Disco, version, ping: disco.c answers what natter offers. */
	if (payload != NULL && strcmp(type, "get") == 0 && disco_handle_get(session, iq, payload))
		return 1;
	/* RFC 6120 8.4: a request for something we do not offer. */
	stanza_reply_error(session, iq, "service-unavailable", "cancel");
	return 1;
}

int
router_route(struct session *session, xmpp_stanza_t *stanza)
{
	const char *name = xmpp_stanza_get_name(stanza);

	if (name == NULL)
		return 0;
	/* XEP-0163: a pubsub event is not a chat message. */
	if (strcmp(name, "message") == 0 && pep_handle_event(session, stanza))
		return 1;
	if (strcmp(name, "message") == 0)
		return chat_handle(session, stanza);
	if (strcmp(name, "iq") == 0)
		return router_iq(session, stanza);
	/* A room's occupants are not contacts. */
	if (strcmp(name, "presence") == 0 && muc_handle_presence(session, stanza))
		return 1;
	if (strcmp(name, "presence") == 0 && presence_handle(session, stanza))
		return 1;
	log_write(LOG_DEBUG, session->account, "router: no handler for <%s/>", name);
	return 0;
}

static int
router_on_stanza(xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata)
{
	router_route(userdata, stanza);
	return 1; /* keep the handler */
}

void
router_attach(struct session *session)
{
	xmpp_handler_add(session->conn, router_on_stanza, NULL, NULL, NULL, session);
}
