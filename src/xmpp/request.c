/*
 * request.c: a session's iq requests and their answers.
 *
 * session_request() sends an iq and keeps what its answer needs until the
 * answer comes (libstrophe's id handler) or the connection ends
 * (session_forget_requests()); either way the request's data is freed
 * once. session_request_within() also gives up after some seconds: the
 * answer is then an error iq made here (remote-server-timeout), and a
 * late real answer is ignored. The timer exists only while the request
 * waits.
 */
#include "config.h"

#include <string.h>

#include "core/jid.h"
#include "core/log.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"

struct session_pending {
	struct session *session;
	session_answer_fn answer;
	void *data;
	GDestroyNotify free_data;
	char *id;    /* the request's id (for detached sessions) */
	char *to;    /* whom it went to (the made-up error's from) */
	guint timer; /* session_request_within()'s, or 0 */
	int seconds;
};

static void
session_pending_free(gpointer pointer)
{
	struct session_pending *pending = pointer;

	g_clear_handle_id(&pending->timer, g_source_remove);
	if (pending->free_data != NULL)
		pending->free_data(pending->data);
	g_free(pending->id);
	g_free(pending->to);
	g_free(pending);
}

/* RFC 6120 8.1.2.1: a stanza without 'from' comes from the account (its
 * bare JID). 10.1 and 8.2.3: the answer to a request comes from the entity
 * the request went to; one without 'to' the server handles for the
 * account (its bare or full JID, or the domain, answers). Anyone else
 * who sends an iq with the request's id is not answering it. */
static int
session_answer_is_from(const struct session *session, const struct session_pending *pending,
                       const char *from)
{
	char *own = jid_bare_of(session_jid(session)), *domain;
	int ok;

	if (from == NULL)
		from = own;
	if (pending->to != NULL) {
		ok = jid_equal(from, pending->to);
	} else {
		domain = own ? strchr(own, '@') : NULL;
		ok = jid_equal(from, own) || jid_equal(from, session_jid(session)) ||
		     (domain != NULL && jid_equal(from, domain + 1));
	}
	g_free(own);
	return ok;
}

/* The request's answer: given to it, and the request forgotten. */
static void
session_deliver(struct session_pending *pending, xmpp_stanza_t *iq)
{
	struct session *session = pending->session;

	pending->answer(session, iq, pending->data);
	g_ptr_array_remove(session->requests, pending); /* frees it */
}

static int
session_on_answer(xmpp_conn_t *conn, xmpp_stanza_t *iq, void *userdata)
{
	struct session_pending *pending = userdata;
	struct session *session = pending->session;
	const char *type = xmpp_stanza_get_type(iq);

	/* RFC 6120 8.2.3: a response is an iq of type result or error
	 * (libstrophe's id handlers see any stanza with the id). */
	if (g_strcmp0(xmpp_stanza_get_name(iq), "iq") != 0 ||
	    (g_strcmp0(type, "result") != 0 && g_strcmp0(type, "error") != 0))
		return 1;
	if (!session_answer_is_from(session, pending, xmpp_stanza_get_from(iq))) {
		log_write(LOG_WARNING, session->account,
		          "an answer to request %s came from %s, not %s: ignored", pending->id,
		          xmpp_stanza_get_from(iq) ? xmpp_stanza_get_from(iq) : "the account",
		          pending->to ? pending->to : "the server");
		return 1; /* still waiting for the real one */
	}
	session_deliver(pending, iq);
	return 0;
}

/* The answer did not come in time: an error in its place. */
static gboolean
session_on_request_timeout(gpointer userdata)
{
	struct session_pending *pending = userdata;
	struct session *session = pending->session;
	xmpp_ctx_t *ctx = netloop_context();
	xmpp_stanza_t *iq = xmpp_iq_new(ctx, "error", pending->id);
	xmpp_stanza_t *error = xmpp_stanza_new(ctx), *condition = xmpp_stanza_new(ctx);
	char *text = g_strdup_printf("no answer in %d s", pending->seconds);

	pending->timer = 0;
	if (pending->to != NULL)
		xmpp_stanza_set_from(iq, pending->to);
	xmpp_stanza_set_name(error, "error");
	xmpp_stanza_set_type(error, "wait");
	xmpp_stanza_set_name(condition, "remote-server-timeout");
	xmpp_stanza_set_ns(condition, NS_STANZAS);
	xmpp_stanza_add_child(error, condition);
	stanza_add_text_child(error, "text", text);
	xmpp_stanza_add_child(iq, error);
	log_write(LOG_INFO, session->account, "request %s to %s: %s", pending->id,
	          pending->to ? pending->to : "the server", text);
	if (session->conn != NULL)
		xmpp_id_handler_delete(session->conn, session_on_answer, pending->id);
	session_deliver(pending, iq); /* frees pending */
	xmpp_stanza_release(condition);
	xmpp_stanza_release(error);
	xmpp_stanza_release(iq);
	g_free(text);
	return G_SOURCE_REMOVE;
}

void
session_request(struct session *session, xmpp_stanza_t *iq, session_answer_fn answer, void *data,
                GDestroyNotify free_data)
{
	session_request_within(session, iq, 0, answer, data, free_data);
}

void
session_request_within(struct session *session, xmpp_stanza_t *iq, int seconds,
                       session_answer_fn answer, void *data, GDestroyNotify free_data)
{
	struct session_pending *pending = g_new0(struct session_pending, 1);

	pending->session = session;
	pending->answer = answer;
	pending->data = data;
	pending->free_data = free_data;
	pending->id = g_strdup(xmpp_stanza_get_id(iq));
	pending->to = g_strdup(xmpp_stanza_get_to(iq));
	pending->seconds = seconds;
	/* Without an id no answer could be told from another: no timer. */
	if (seconds > 0 && pending->id != NULL)
		pending->timer =
		        g_timeout_add_seconds((guint)seconds, session_on_request_timeout, pending);
	if (session->requests == NULL)
		session->requests = g_ptr_array_new_with_free_func(session_pending_free);
	g_ptr_array_add(session->requests, pending);
	/* A detached session (unit tests) has no connection to answer. */
	if (session->conn != NULL)
		xmpp_id_handler_add(session->conn, session_on_answer, xmpp_stanza_get_id(iq),
		                    pending);
	session_send(session, iq);
}

void
session_forget_requests(struct session *session)
{
	if (session->requests != NULL)
		g_ptr_array_set_size(session->requests, 0);
}

int
session_answer_detached(struct session *session, xmpp_stanza_t *iq)
{
	const char *id = xmpp_stanza_get_id(iq);

	/* With a connection, libstrophe's id handlers answer. */
	if (session->conn != NULL || session->requests == NULL || id == NULL)
		return 0;
	for (guint i = 0; i < session->requests->len; i++) {
		struct session_pending *pending = session->requests->pdata[i];
		if (g_strcmp0(pending->id, id) == 0)
			return session_on_answer(NULL, iq, pending), 1;
	}
	return 0;
}
