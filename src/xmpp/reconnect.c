/*
 * reconnect.c: a lost connection comes back.
 *
 * When a session that was online loses its connection (not by the user's
 * doing, and not because the server refused something that trying again
 * cannot change), it waits and logs in again: 1 s, doubling up to 5 min,
 * each delay drawn between 3/4 and 5/4 of it so that many clients cut off
 * at once do not come back at once; a successful login starts again at
 * 1 s. The lost connection's stream management state (XEP-0198) goes to
 * the next one, which resumes the session where the server still has it.
 *
 * Dead links are found by TCP keepalive (netloop.c) without any timer of
 * ours; net.ping_interval adds a XEP-0199 ping to the server every N
 * seconds (off by default: it wakes natter up), and a ping without an
 * answer by the next one ends the connection.
 */
#include "config.h"

#include <string.h>

#include "config/prefs.h"
#include "core/event.h"
#include "core/log.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define RECONNECT_FIRST_S 1
#define RECONNECT_MAX_S   300

int
reconnect_wanted(struct session *session, xmpp_stream_error_t *stream_error)
{
	if (session->user_disconnect || session->oneshot)
		return 0;
	if (session->restart_fresh || session->at_once)
		return 1;
	if (!session->was_online || !prefs_bool("net.reconnect"))
		return 0;
	/* A reconnection refused before login: the password or the
	 * certificate is no longer accepted; trying again cannot help. */
	if (!session->authenticated && (session->sasl_failure != NULL || session->failure != NULL))
		return 0;
	if (stream_error == NULL)
		return 1;
	/* RFC 6120 4.9.3: the conditions that say the server or the path to
	 * it had trouble; the rest (conflict: another client took this
	 * resource; not-authorized, policy-violation...) would come again. */
	switch (stream_error->type) {
	case XMPP_SE_CONN_TIMEOUT:
	case XMPP_SE_INTERNAL_SERVER_ERROR:
	case XMPP_SE_REMOTE_CONN_FAILED:
	case XMPP_SE_RESOURCE_CONSTRAINT:
	case XMPP_SE_SYSTEM_SHUTDOWN:
	case XMPP_SE_UNDEFINED_CONDITION:
	case XMPP_SE_HOST_GONE:
		return 1;
	default:
		return 0;
	}
}

static gboolean
reconnect_on_timer(gpointer userdata)
{
	struct session *session = userdata;

	session->reconnect_source = 0;
	session->reconnecting = 1;
	session->at_once = 0;
	session_attempt(session);
	return G_SOURCE_REMOVE;
}

void
reconnect_schedule(struct session *session, const char *reason)
{
	unsigned delay_ms = 0;
	char *text;

	g_clear_handle_id(&session->reconnect_source, g_source_remove);
	if (session->restart_fresh || session->at_once) {
		text = g_strdup_printf("%s; reconnecting now", reason);
	} else {
		session->backoff_s = session->backoff_s == 0
		                             ? RECONNECT_FIRST_S
		                             : MIN(session->backoff_s * 2, RECONNECT_MAX_S);
		delay_ms =
		        (unsigned)(session->backoff_s * 1000 * g_random_double_range(0.75, 1.25));
		delay_ms = CLAMP(delay_ms, RECONNECT_FIRST_S * 1000, RECONNECT_MAX_S * 1000);
		text = g_strdup_printf("%s; reconnecting in %u s", reason, (delay_ms + 500) / 1000);
	}
	/* Low priority: the lost connection's state is taken at idle
	 * priority (session_release_conn()) and must be there first. */
	session->reconnect_source =
	        g_timeout_add_full(G_PRIORITY_LOW, delay_ms, reconnect_on_timer, session, NULL);
	session->reconnect_due = g_get_monotonic_time() + (gint64)delay_ms * 1000;
	session_announce(session, SESSION_WAITING, text, 1, (int)((delay_ms + 500) / 1000), 0);
	g_free(text);
}

void
reconnect_take_state(struct session *session, xmpp_conn_t *conn, int keep)
{
	xmpp_ctx_t *ctx = xmpp_conn_get_context(conn);
	xmpp_sm_state_t *state = xmpp_conn_get_sm_state(conn);
	char *text;

	/* Only for the attempt that follows, before its connection starts;
	 * not for a session the user ended. */
	keep = keep && !session->user_disconnect && session->conn == NULL &&
	       (session->state == SESSION_WAITING || session->state == SESSION_CONNECTING);
	if (state != NULL && keep && session->sm_state == NULL)
		session->sm_state = state;
	else if (state != NULL)
		xmpp_free_sm_state(state);
	/* What libstrophe had not written yet is not in the state: resumption
	 * would lose it (outbox_restart() sends it). */
	while ((text = xmpp_conn_send_queue_drop_element(conn, XMPP_QUEUE_OLDEST)) != NULL) {
		if (keep) {
			if (session->unsent == NULL)
				session->unsent = g_ptr_array_new_with_free_func(g_free);
			g_ptr_array_add(session->unsent, g_strdup(text));
		}
		xmpp_free(ctx, text);
	}
}

void
reconnect_forget(struct session *session)
{
	g_clear_handle_id(&session->reconnect_source, g_source_remove);
	g_clear_handle_id(&session->ping_source, g_source_remove);
	if (session->sm_state != NULL)
		xmpp_free_sm_state(session->sm_state);
	session->sm_state = NULL;
	g_clear_pointer(&session->unsent, g_ptr_array_unref);
	session->backoff_s = 0;
	session->reconnecting = 0;
	session->at_once = 0;
}

void
reconnect_cut(struct session *session, const char *why)
{
	if (session->conn == NULL)
		return;
	g_free(session->failure);
	session->failure = g_strdup(why);
	netloop_abort(session->conn);
}

static void
reconnect_on_pong(struct session *session, xmpp_stanza_t *iq, void *data)
{
	/* An error answer (a server without ping) still proves the link. */
	session->ping_outstanding = 0;
}

static gboolean
reconnect_on_ping_timer(gpointer userdata)
{
	struct session *session = userdata;
	xmpp_stanza_t *iq, *ping;
	int interval = prefs_int("net.ping_interval");

	if (session->state != SESSION_ONLINE || session->conn == NULL) {
		session->ping_source = 0;
		return G_SOURCE_REMOVE;
	}
	if (session->ping_outstanding) {
		char *why =
		        g_strdup_printf("the server did not answer a ping within %d s", interval);
		session->ping_source = 0;
		reconnect_cut(session, why);
		g_free(why);
		return G_SOURCE_REMOVE;
	}
	/* XEP-0199 4.2: a ping to the server itself. */
	iq = stanza_new_query("get", session_domain(session), "ping", "urn:xmpp:ping", &ping);
	session->ping_outstanding = 1;
	session_request(session, iq, reconnect_on_pong, NULL, NULL);
	xmpp_stanza_release(iq);
	return G_SOURCE_CONTINUE;
}

void
reconnect_online(struct session *session)
{
	int interval = prefs_int("net.ping_interval");

	g_clear_handle_id(&session->ping_source, g_source_remove);
	session->ping_outstanding = 0;
	if (interval > 0)
		session->ping_source =
		        g_timeout_add_seconds((guint)interval, reconnect_on_ping_timer, session);
}

void
reconnect_offline(struct session *session)
{
	g_clear_handle_id(&session->ping_source, g_source_remove);
	session->ping_outstanding = 0;
}

int
session_retry_in(const struct session *session)
{
	gint64 left;

	if (session->state != SESSION_WAITING || session->reconnect_source == 0)
		return -1;
	left = session->reconnect_due - g_get_monotonic_time();
	return left > 0 ? (int)((left + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC) : 0;
}

int
session_reconnect_now(struct session *session, char **cause)
{
	switch (session->state) {
	case SESSION_DISCONNECTED:
		return session_connect(session, cause);
	case SESSION_WAITING:
		g_clear_handle_id(&session->reconnect_source, g_source_remove);
		reconnect_on_timer(session);
		return 0;
	case SESSION_ONLINE:
		/* Resumed (XEP-0198) when the server allows it. */
		session->at_once = 1;
		reconnect_cut(session, "connection closed at your request");
		return 0;
	case SESSION_CONNECTING:
	case SESSION_DISCONNECTING:
		break;
	}
	*cause = g_strdup_printf("account '%s' is %s", session->account,
	                         session_state_name(session->state));
	return -1;
}
