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
#include "xmpp/handlers.h"
#include "xmpp/router.h"
#include "xmpp/session-private.h"

#define NS_PING "urn:xmpp:ping"

/* An empty <iq/> of this type answering iq (RFC 6120 8.2.3). */
static xmpp_stanza_t *
router_new_reply(xmpp_stanza_t *iq, const char *type)
{
	xmpp_stanza_t *reply =
	        xmpp_iq_new(xmpp_stanza_get_context(iq), type, xmpp_stanza_get_id(iq));
	const char *from = xmpp_stanza_get_from(iq);

	if (from != NULL)
		xmpp_stanza_set_to(reply, from);
	return reply;
}

static void
router_reply_error(struct session *session, xmpp_stanza_t *iq, const char *condition,
                   const char *type)
{
	xmpp_ctx_t *ctx = xmpp_stanza_get_context(iq);
	xmpp_stanza_t *reply = router_new_reply(iq, "error");
	xmpp_stanza_t *error = xmpp_stanza_new(ctx);
	xmpp_stanza_t *cond = xmpp_stanza_new(ctx);

	xmpp_stanza_set_name(error, "error");
	xmpp_stanza_set_type(error, type);
	xmpp_stanza_set_name(cond, condition);
	xmpp_stanza_set_ns(cond, XMPP_NS_STANZAS_IETF);
	xmpp_stanza_add_child(error, cond);
	xmpp_stanza_add_child(reply, error);
	session_send(session, reply);
	xmpp_stanza_release(cond);
	xmpp_stanza_release(error);
	xmpp_stanza_release(reply);
}

static int
router_iq(struct session *session, xmpp_stanza_t *iq)
{
	const char *type = xmpp_stanza_get_type(iq);
	xmpp_stanza_t *payload;

	/* RFC 6120 8.2.3: results and errors answer our own requests, which
	 * libstrophe's id handlers take; stray ones are dropped. */
	if (type == NULL || (strcmp(type, "get") != 0 && strcmp(type, "set") != 0))
		return 0;
	if (xmpp_stanza_get_id(iq) == NULL)
		return 0; /* RFC 6120 8.1.3: an IQ without id cannot be answered */
	payload = xmpp_stanza_get_children(iq);
	while (payload != NULL && !xmpp_stanza_is_tag(payload))
		payload = xmpp_stanza_get_next(payload);
	/* XEP-0199 4.1: answer a ping with an empty result. */
	if (payload != NULL && strcmp(type, "get") == 0 && xmpp_stanza_get_ns(payload) != NULL &&
	    strcmp(xmpp_stanza_get_ns(payload), NS_PING) == 0 &&
	    strcmp(xmpp_stanza_get_name(payload), "ping") == 0) {
		xmpp_stanza_t *reply = router_new_reply(iq, "result");
		session_send(session, reply);
		xmpp_stanza_release(reply);
		return 1;
	}
	/* RFC 6120 8.4: a request for something we do not offer. */
	router_reply_error(session, iq, "service-unavailable", "cancel");
	return 1;
}

int
router_route(struct session *session, xmpp_stanza_t *stanza)
{
	const char *name = xmpp_stanza_get_name(stanza);

	if (name == NULL)
		return 0;
	if (strcmp(name, "message") == 0)
		return chat_handle(session, stanza);
	if (strcmp(name, "iq") == 0)
		return router_iq(session, stanza);
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
