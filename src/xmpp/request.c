/*
 * request.c: a session's iq requests and their answers.
 *
 * session_request() sends an iq and keeps what its answer needs until the
 * answer comes (libstrophe's id handler) or the connection ends
 * (session_forget_requests()); either way the request's data is freed
 * once.
 */
#include "config.h"

#include "xmpp/session-private.h"

struct session_pending {
	struct session *session;
	session_answer_fn answer;
	void *data;
	GDestroyNotify free_data;
	char *id; /* the request's id (for detached sessions) */
};

static void
session_pending_free(gpointer pointer)
{
	struct session_pending *pending = pointer;

	if (pending->free_data != NULL)
		pending->free_data(pending->data);
	g_free(pending->id);
	g_free(pending);
}

static int
session_on_answer(xmpp_conn_t *conn, xmpp_stanza_t *iq, void *userdata)
{
	struct session_pending *pending = userdata;
	struct session *session = pending->session;

	pending->answer(session, iq, pending->data);
	g_ptr_array_remove(session->requests, pending); /* frees it */
	return 0;
}

void
session_request(struct session *session, xmpp_stanza_t *iq, session_answer_fn answer, void *data,
                GDestroyNotify free_data)
{
	struct session_pending *pending = g_new0(struct session_pending, 1);

	pending->session = session;
	pending->answer = answer;
	pending->data = data;
	pending->free_data = free_data;
	pending->id = g_strdup(xmpp_stanza_get_id(iq));
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
