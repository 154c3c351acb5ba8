/*
 * e2e.c: end-to-end encryption hooks of one-to-one messages (see e2e.h).
 *
 * Keeps the module plugged in.
 */
#include "config.h"

#include <string.h>

#include "core/log.h"
#include "model/conversation.h"
#include "xmpp/e2e.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_EME     "urn:xmpp:eme:0"
#define NS_CARBONS "urn:xmpp:carbons:2"
#define NS_HINTS   "urn:xmpp:hints"

static const struct e2e_ops *plugged;

void
e2e_set(const struct e2e_ops *ops)
{
	plugged = ops;
}

int
e2e_outgoing(struct session *session, const char *peer, const char *text, char **wire,
             int *encrypted, char **cause)
{
	*wire = NULL;
	*encrypted = 0;
	return plugged != NULL
	               ? plugged->outgoing(session->account, peer, text, wire, encrypted, cause)
	               : 0;
}

int
e2e_incoming(struct session *session, const char *from, const char *text, char **plain,
             int *encrypted)
{
	*plain = NULL;
	*encrypted = 0;
	return plugged != NULL ? plugged->incoming(session->account, from, text, plain, encrypted)
	                       : 0;
}

static void
e2e_child(xmpp_stanza_t *parent, const char *name, const char *ns)
{
	xmpp_stanza_t *child = xmpp_stanza_new(netloop_context());

	xmpp_stanza_set_name(child, name);
	xmpp_stanza_set_ns(child, ns);
	xmpp_stanza_add_child(parent, child);
	xmpp_stanza_release(child);
}

void
e2e_mark(xmpp_stanza_t *stanza)
{
	xmpp_stanza_t *eme = xmpp_stanza_new(netloop_context());

	/* XEP-0380: what encrypted it, for clients that cannot read it. */
	xmpp_stanza_set_name(eme, "encryption");
	xmpp_stanza_set_ns(eme, NS_EME);
	xmpp_stanza_set_attribute(eme, "namespace", "urn:xmpp:otr:0");
	xmpp_stanza_set_attribute(eme, "name", "OTR");
	xmpp_stanza_add_child(stanza, eme);
	xmpp_stanza_release(eme);
	/* XEP-0364 3: no copies to other clients, none kept: OTR messages
	 * are readable once, by the client in the session. */
	e2e_child(stanza, "private", NS_CARBONS);
	e2e_child(stanza, "no-copy", NS_HINTS);
	e2e_child(stanza, "no-permanent-store", NS_HINTS);
}

void
e2e_send_raw(const char *account, const char *to, const char *text)
{
	struct session *session = session_find(account);
	xmpp_ctx_t *ctx = netloop_context();
	char *id;
	xmpp_stanza_t *stanza;

	if (session == NULL || session->state != SESSION_ONLINE) {
		log_write(LOG_INFO, account, "otr: a message to %s not sent: offline", to);
		return;
	}
	/* RFC 6121 5.1: where the conversation's messages go (the resource
	 * the contact wrote from), so that the key exchange and the data
	 * reach the same client. */
	const struct conversation *c = conversation_find(account, to);
	if (c != NULL && c->locked != NULL)
		to = c->locked;
	id = stanza_new_id("otr");
	stanza = xmpp_message_new(ctx, "chat", to, id);
	xmpp_message_set_body(stanza, text);
	e2e_mark(stanza);
	session_send(session, stanza);
	xmpp_stanza_release(stanza);
	g_free(id);
}

int
e2e_foreign(const char *body, enum e2e_copy copy, char **shown)
{
	*shown = NULL;
	if (body == NULL || !g_str_has_prefix(body, "?OTR"))
		return 0;
	/* A data message (OTR 3 "?OTR:"); the rest (queries, the key
	 * exchange, errors) is the other client's traffic. Its keys are the
	 * session's, gone once a message is sent: natter's own bounced
	 * messages cannot be read again either. */
	if (!g_str_has_prefix(body, "?OTR:"))
		return 1;
	switch (copy) {
	case E2E_COPY_SENT:
		*shown = g_strdup("[an OTR-encrypted message sent by another of your clients: it "
		                  "can only be read there]");
		break;
	case E2E_COPY_RECEIVED:
		*shown = g_strdup("[an OTR-encrypted message for another of your clients: it can "
		                  "only be read there]");
		break;
	case E2E_COPY_BOUNCED:
		*shown = g_strdup("[an OTR-encrypted message]");
		break;
	}
	return 1;
}
