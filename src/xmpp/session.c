/*
 * session.c: one XMPP connection per account.
 *
 * Owns the session list (sessions live until session_free_all()) and, per
 * session, the libstrophe connection of the current attempt: created by
 * session_start_stream(), released at the end of the loop turn in which
 * libstrophe reported it closed (never inside libstrophe's own callback).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config/prefs.h"
#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "model/account.h"
#include "model/contact.h"
#include "xmpp/chat.h"
#include "xmpp/netloop.h"
#include "xmpp/presence.h"
#include "xmpp/roster.h"
#include "xmpp/router.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"
#include "xmpp/watchdog.h"

/* How long one attempt (one address) may take from TCP connect to login. */
#define SESSION_ATTEMPT_S 45

static GPtrArray *sessions;     /* of struct session */
static int client_inactive;     /* XEP-0352: the user is not looking */
static gint64 last_input;       /* monotonic time of the user's last input, 0: none */
static char *last_sasl_failure; /* from the protocol log, see session_on_log() */
static char *last_strophe_error;

static void session_send_client_state(struct session *session);
static char *last_cert_failure; /* when the session could not be told */
static char *last_transport_failure;

static void
session_free(gpointer pointer)
{
	struct session *session = pointer;

	connect_cancel(session);
	g_clear_handle_id(&session->attempt_source, g_source_remove);
	session_forget_requests(session);
	if (session->conn != NULL) {
		/* Releasing a live connection calls session_on_conn(): make it
		 * a stranger first. */
		xmpp_conn_t *conn = session->conn;
		session->conn = NULL;
		netloop_unwatch(conn);
		xmpp_conn_release(conn);
	}
	g_free(session->account);
	g_free(session->jid);
	g_free(session->bound_jid);
	g_free(session->failure);
	g_free(session->address);
	g_free(session->roster_version);
	g_free(session->status);
	if (session->requests != NULL)
		g_ptr_array_free(session->requests, TRUE);
	if (session->password != NULL)
		explicit_bzero(session->password, strlen(session->password));
	g_free(session->password);
	g_free(session);
}

static void
session_default_send(struct session *session, xmpp_stanza_t *stanza)
{
	if (session->conn == NULL || session->state != SESSION_ONLINE)
		return;
	xmpp_send(session->conn, stanza);
	netloop_flush();
}

void
session_send(struct session *session, xmpp_stanza_t *stanza)
{
	session->send(session, stanza);
}

struct session *
session_find(const char *account)
{
	if (sessions == NULL || account == NULL)
		return NULL;
	for (guint i = 0; i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		if (strcmp(session->account, account) == 0)
			return session;
	}
	return NULL;
}

static struct session *
session_by_conn(const xmpp_conn_t *conn)
{
	if (sessions == NULL)
		return NULL;
	for (guint i = 0; i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		if (session->conn == conn)
			return session;
	}
	return NULL;
}

/* Remembers what the protocol log says that libstrophe's callbacks do not:
 * the server's SASL failure (RFC 6120 6.5) and libstrophe's own errors. The
 * log does not say which connection a line is about; attempts that fail at
 * the same instant could swap reasons, which only matters with several
 * accounts failing authentication at once. */
/* The XML console's feed: what libstrophe logs as sent or received,
 * redacted. The log does not say which connection it is about, so the
 * account is named only when one session is live. */
static void
session_emit_xml(const char *text)
{
	struct event event = { .type = EV_XML };
	const char *live = NULL;
	int count = 0;
	char *redacted;

	for (guint i = 0; sessions != NULL && i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		if (session->state != SESSION_DISCONNECTED) {
			live = session->account;
			count++;
		}
	}
	redacted = log_redact(text + 6);
	event.account = count == 1 ? live : NULL;
	event.u.xml.incoming = text[0] == 'R';
	event.u.xml.text = redacted;
	event_emit(&event);
	g_free(redacted);
}

static void
session_on_log(xmpp_log_level_t level, const char *area, const char *text)
{
	int error;

	if ((strncmp(text, "SENT: ", 6) == 0 || strncmp(text, "RECV: ", 6) == 0) &&
	    event_wanted(EV_XML))
		session_emit_xml(text);
	/* Stream features say whether roster versioning is offered; the log
	 * does not say for which connection, so every session logging in is
	 * told (they rarely log in at the same instant, and a server that
	 * does not know "ver" ignores it). */
	if (strncmp(text, "RECV: <features", 15) == 0) {
		int rosterver = strstr(text, "urn:xmpp:features:rosterver") != NULL;
		/* XEP-0352 2: <csi xmlns='urn:xmpp:csi:0'/> among the features. */
		int csi = strstr(text, "urn:xmpp:csi:0") != NULL;
		for (guint i = 0; sessions != NULL && i < sessions->len; i++) {
			struct session *s = sessions->pdata[i];
			if (s->state != SESSION_CONNECTING)
				continue;
			s->roster_versioning |= rosterver;
			s->csi |= csi;
		}
	}
	if (strncmp(text, "RECV: <failure", 14) == 0 && strstr(text, "xmpp-sasl") != NULL) {
		xmpp_stanza_t *failure = xmpp_stanza_new_from_string(netloop_context(), text + 6);
		if (failure != NULL) {
			g_free(last_sasl_failure);
			last_sasl_failure = stanza_describe_failure(failure);
			xmpp_stanza_release(failure);
		}
	} else if (level == XMPP_LEVEL_ERROR) {
		g_free(last_strophe_error);
		last_strophe_error = g_strdup(text);
	} else if (sscanf(text, "connection failed, error %d", &error) == 1) {
		g_free(last_transport_failure);
		last_transport_failure = g_strdup(g_strerror(error));
	} else if (strcmp(text, "Connection attempt timed out.") == 0) {
		g_free(last_transport_failure);
		last_transport_failure = g_strdup("no answer (timed out)");
	}
}

static struct session *
session_new(const char *account, const char *jid, session_send_fn send)
{
	struct session *session = g_new0(struct session, 1);

	session->account = g_strdup(account);
	session->jid = g_strdup(jid);
	session->state = SESSION_DISCONNECTED;
	session->show = SHOW_ONLINE;
	session->send = send;
	return session;
}

/* XEP-0115: features changed (privacy.version_reply): the new caps go
 * out in a presence to everyone who has ours. */
static void
session_on_pref(const struct event *event, void *userdata)
{
	if (strcmp(event->u.pref.name, "privacy.version_reply") != 0)
		return;
	for (guint i = 0; sessions != NULL && i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		if (session->state == SESSION_ONLINE)
			presence_send_initial(session);
	}
}

struct session *
session_get(const char *name, char **cause)
{
	struct account *account = account_find(name);
	struct session *session = session_find(name);

	if (account == NULL) {
		*cause = g_strdup_printf("no account named '%s'", name);
		return NULL;
	}
	if (session != NULL) {
		if (strcmp(session->jid, account->jid) != 0) {
			g_free(session->jid);
			session->jid = g_strdup(account->jid);
		}
		return session;
	}
	if (sessions == NULL) {
		sessions = g_ptr_array_new_with_free_func(session_free);
		netloop_set_log_hook(session_on_log);
		event_subscribe(EV_PREF_CHANGED, session_on_pref, NULL);
	}
	session = session_new(name, account->jid, session_default_send);
	g_ptr_array_add(sessions, session);
	roster_cache_load(session);
	return session;
}

struct session *
session_new_detached(const char *account, const char *jid, session_send_fn send)
{
	return session_new(account, jid, send);
}

void
session_free_detached(struct session *session)
{
	session_free(session);
}

const char *
session_account(const struct session *session)
{
	return session->account;
}

enum session_state
session_state(const struct session *session)
{
	return session->state;
}

const char *
session_state_name(enum session_state state)
{
	switch (state) {
	case SESSION_DISCONNECTED:
		return "disconnected";
	case SESSION_CONNECTING:
		return "connecting";
	case SESSION_ONLINE:
		return "online";
	case SESSION_DISCONNECTING:
		return "disconnecting";
	}
	return "?";
}

const char *
session_jid(const struct session *session)
{
	return session->bound_jid != NULL ? session->bound_jid : session->jid;
}

void
session_set_state(struct session *session, enum session_state state, const char *reason, int error)
{
	struct event event = { .type = EV_SESSION_STATE, .account = session->account };
	int busy = state == SESSION_CONNECTING || state == SESSION_DISCONNECTING;

	if (busy != session->busy) {
		netloop_busy(busy ? 1 : -1);
		session->busy = busy;
	}
	session->state = state;
	/* Offline, nothing is known of the contacts' presence any more. */
	if (state == SESSION_DISCONNECTED)
		contact_account_offline(session->account);
	event.u.session.state = (int)state;
	event.u.session.jid = session_jid(session);
	event.u.session.reason = reason;
	event.u.session.error = error;
	event_emit(&event);
}

void
session_fail(struct session *session, const char *reason)
{
	connect_cancel(session);
	session_set_state(session, SESSION_DISCONNECTED, reason, 1);
}

int
session_connect(struct session *session, char **cause)
{
	if (session->state != SESSION_DISCONNECTED) {
		*cause = g_strdup_printf("account '%s' is already %s", session->account,
		                         session_state_name(session->state));
		return -1;
	}
	g_clear_pointer(&session->failure, g_free);
	g_clear_pointer(&session->bound_jid, g_free);
	session->user_disconnect = 0;
	session->authenticated = 0;
	session->roster_versioning = 0; /* until this server's features say so */
	session->csi = 0;
	session_set_state(session, SESSION_CONNECTING, NULL, 0);
	connect_begin(session);
	return 0;
}

static gboolean
session_release_conn(gpointer pointer)
{
	xmpp_conn_release(pointer);
	return G_SOURCE_REMOVE;
}

/* Puts into words why the stream ended. Caller frees. */
static char *
session_close_reason(struct session *session, int error, xmpp_stream_error_t *stream_error,
                     int *transport)
{
	*transport = 0;
	if (session->failure != NULL)
		return g_strdup(session->failure);
	if (session->attempt_expired) {
		*transport = 1;
		return g_strdup_printf("%s did not complete the login within %d seconds",
		                       session->address, SESSION_ATTEMPT_S);
	}
	if (netloop_stalled(session->conn)) {
		*transport = 1;
		return g_strdup_printf("%s accepted the connection but did not complete the TLS "
		                       "handshake within %d seconds",
		                       session->address, WATCHDOG_TIMEOUT_S);
	}
	if (session->user_disconnect)
		return g_strdup("disconnected");
	if (!session->authenticated && last_cert_failure != NULL) {
		char *reason = last_cert_failure;
		last_cert_failure = NULL;
		return reason;
	}
	if (!session->authenticated && last_transport_failure != NULL) {
		char *reason = g_strdup_printf("cannot connect to %s: %s", session->address,
		                               last_transport_failure);
		*transport = 1;
		g_clear_pointer(&last_transport_failure, g_free);
		return reason;
	}
	if (!session->authenticated && last_sasl_failure != NULL) {
		char *reason = g_strdup_printf("authentication failed: %s", last_sasl_failure);
		g_clear_pointer(&last_sasl_failure, g_free);
		return reason;
	}
	if (stream_error != NULL)
		return stanza_describe_stream_error(stream_error->type, stream_error->text);
	if (error != 0)
		return g_strdup_printf("connection lost: %s", g_strerror(error));
	if (!session->authenticated && last_strophe_error != NULL) {
		struct account *account = account_find(session->account);
		int plaintext = account != NULL && account->tls == ACCOUNT_TLS_DISABLE;
		return g_strdup_printf("could not log in: %s%s", last_strophe_error,
		                       plaintext ? " (with tls = disable: the server may allow "
		                                   "logging in only over TLS)"
		                                 : "");
	}
	if (!session->authenticated)
		return g_strdup("the server closed the connection before login completed");
	return g_strdup("the server closed the connection");
}

static void
session_on_conn(xmpp_conn_t *conn, xmpp_conn_event_t status, int error,
                xmpp_stream_error_t *stream_error, void *userdata)
{
	struct session *session = userdata;
	char *reason;
	int failed, transport;

	if (session->conn != conn)
		return; /* a previous attempt's late news */
	g_clear_handle_id(&session->attempt_source, g_source_remove);
	if (status == XMPP_CONN_CONNECT) {
		netloop_logged_in(conn);
		connect_cancel(session); /* the rest of the route is not needed */
		session->authenticated = 1;
		g_clear_pointer(&last_strophe_error, g_free);
		session->bound_jid = g_strdup(xmpp_conn_get_bound_jid(conn));
		router_attach(session);
		session_set_state(session, SESSION_ONLINE, NULL, 0);
		/* RFC 6121 2.2: the roster before initial presence. */
		roster_request(session);
		if (prefs_bool("im.carbons"))
			chat_enable_carbons(session);
		presence_send_initial(session);
		/* XEP-0352: a session starts active; say so if the user is not. */
		if (client_inactive)
			session_send_client_state(session);
		return;
	}
	if (status == XMPP_CONN_RAW_CONNECT)
		return;
	/* XMPP_CONN_DISCONNECT or XMPP_CONN_FAIL: the socket is closed. */
	session_forget_requests(session);
	reason = session_close_reason(session, error, stream_error, &transport);
	netloop_unwatch(conn);
	failed = !session->user_disconnect;
	session->conn = NULL;
	g_idle_add(session_release_conn, conn);
	/* RFC 6120 3.2.1: a place that cannot be reached is not the end;
	 * the next address or SRV target may be. */
	if (transport && failed && connect_retry(session, reason)) {
		event_log(session->account, LOG_INFO, "%s; trying the next address", reason);
		g_free(reason);
		return;
	}
	connect_cancel(session);
	g_clear_pointer(&session->bound_jid, g_free);
	session_set_state(session, SESSION_DISCONNECTED, reason, failed);
	g_free(reason);
}

/* The session whose TLS handshake is running. libstrophe 0.12 builds the
 * certificate object of the certfail callback without its connection, so
 * when xmpp_tlscert_get_conn() has none, this is the one attempt that has
 * a stream but is not logged in yet. */
static struct session *
session_in_handshake(void)
{
	struct session *found = NULL;

	for (guint i = 0; sessions != NULL && i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		if (session->conn == NULL || session->state != SESSION_CONNECTING ||
		    session->authenticated)
			continue;
		if (found != NULL)
			return NULL; /* ambiguous: see last_cert_failure */
		found = session;
	}
	return found;
}

/* libstrophe calls this when the certificate fails verification: refuse it
 * and say which certificate it was (pinning is the user's later choice). */
static int
session_on_certfail(const xmpp_tlscert_t *cert, const char *const errormsg)
{
	struct session *session = session_by_conn(xmpp_tlscert_get_conn(cert));
	const char *fingerprint = xmpp_tlscert_get_string(cert, XMPP_CERT_FINGERPRINT_SHA256);
	const char *subject = xmpp_tlscert_get_string(cert, XMPP_CERT_SUBJECT);
	char *formatted = stanza_format_fingerprint(fingerprint);
	char *failure = g_strdup_printf(
	        "the server's certificate is not trusted (%s); subject %s; SHA-256 fingerprint %s",
	        errormsg ? errormsg : "verification failed", subject ? subject : "unknown",
	        formatted);

	g_free(formatted);
	if (session == NULL)
		session = session_in_handshake();
	if (session != NULL) {
		g_free(session->failure);
		session->failure = failure;
	} else {
		g_free(last_cert_failure);
		last_cert_failure = failure;
	}
	return 0;
}

static char *
session_full_jid(const struct session *session, const struct account *account)
{
	if (account->resource != NULL)
		return g_strconcat(session->jid, "/", account->resource, NULL);
	return g_strdup(session->jid);
}

static long
session_flags(const struct account *account)
{
	switch (account->tls) {
	case ACCOUNT_TLS_DIRECT:
		return XMPP_CONN_FLAG_LEGACY_SSL;
	case ACCOUNT_TLS_DISABLE:
		return XMPP_CONN_FLAG_DISABLE_TLS;
	case ACCOUNT_TLS_REQUIRED:
		break;
	}
	return XMPP_CONN_FLAG_MANDATORY_TLS;
}

static gboolean
session_on_attempt_expired(gpointer userdata)
{
	struct session *session = userdata;

	session->attempt_source = 0;
	if (session->conn == NULL || session->authenticated)
		return G_SOURCE_REMOVE;
	/* Closing the socket under libstrophe makes it report the end of the
	 * stream, where the reason below is given and the next address tried. */
	session->attempt_expired = 1;
	netloop_abort(session->conn);
	return G_SOURCE_REMOVE;
}

void
session_start_stream(struct session *session, const char *host, unsigned port)
{
	struct account *account = account_find(session->account);
	xmpp_conn_t *conn;
	char *full;

	if (account == NULL) {
		session_fail(session, "the account is no longer configured");
		return;
	}
	conn = xmpp_conn_new(netloop_context());
	full = session_full_jid(session, account);
	xmpp_conn_set_jid(conn, full);
	g_free(full);
	xmpp_conn_set_pass(conn, session->password ? session->password : account->password);
	xmpp_conn_set_flags(conn, session_flags(account));
	if (account->trust_cafile != NULL)
		xmpp_conn_set_cafile(conn, account->trust_cafile);
	xmpp_conn_set_certfail_handler(conn, session_on_certfail);
	xmpp_conn_set_sockopt_callback(conn, netloop_sockopt);
	session->conn = conn;
	g_free(session->address);
	session->address = g_strdup_printf("%s port %u", host, port);
	session->attempt_expired = 0;
	if (xmpp_connect_client(conn, host, (unsigned short)port, session_on_conn, session) !=
	    XMPP_EOK) {
		char *reason = g_strdup_printf("cannot connect to %s: %s", session->address,
		                               last_transport_failure ? last_transport_failure
		                                                      : g_strerror(errno));
		g_clear_pointer(&last_transport_failure, g_free);
		session->conn = NULL;
		netloop_unwatch(conn);
		xmpp_conn_release(conn);
		if (connect_retry(session, reason))
			event_log(session->account, LOG_INFO, "%s; trying the next address",
			          reason);
		else
			session_fail(session, reason);
		g_free(reason);
		return;
	}
	/* libstrophe 0.12 waits for a silent server's stream header for
	 * ever: this attempt has SESSION_ATTEMPT_S to log in. */
	session->attempt_source =
	        g_timeout_add_seconds(SESSION_ATTEMPT_S, session_on_attempt_expired, session);
	netloop_flush();
}

/* Abandons the attempt in progress: the password or DNS step, or a
 * connection that has not logged in (nothing to say goodbye to). */
static void
session_drop_attempt(struct session *session)
{
	xmpp_conn_t *conn = session->conn;

	connect_cancel(session);
	g_clear_handle_id(&session->attempt_source, g_source_remove);
	if (conn == NULL)
		return;
	session->conn = NULL; /* its callbacks are now late news */
	netloop_unwatch(conn);
	g_idle_add(session_release_conn, conn);
}

int
session_disconnect(struct session *session, char **cause)
{
	switch (session->state) {
	case SESSION_DISCONNECTED:
		*cause = g_strdup_printf("account '%s' is not connected", session->account);
		return -1;
	case SESSION_DISCONNECTING:
		return 0;
	case SESSION_CONNECTING:
		session_drop_attempt(session);
		session_set_state(session, SESSION_DISCONNECTED, "connection attempt cancelled", 0);
		return 0;
	case SESSION_ONLINE:
		/* RFC 6121 4.5.1: say goodbye before closing the stream. */
		presence_send_unavailable(session);
		break;
	}
	session->user_disconnect = 1;
	session_set_state(session, SESSION_DISCONNECTING, NULL, 0);
	xmpp_disconnect(session->conn);
	netloop_flush();
	return 0;
}

int
session_disconnect_all(void)
{
	int busy = 0;

	if (sessions == NULL)
		return 0;
	for (guint i = 0; i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		char *cause = NULL;
		if (session->state == SESSION_DISCONNECTED)
			continue;
		if (session_disconnect(session, &cause) == -1)
			g_free(cause);
		if (session->state != SESSION_DISCONNECTED)
			busy++;
	}
	return busy;
}

int
session_count_active(void)
{
	int active = 0;

	if (sessions == NULL)
		return 0;
	for (guint i = 0; i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		if (session->state != SESSION_DISCONNECTED)
			active++;
	}
	return active;
}

void
session_free_all(void)
{
	if (sessions != NULL) {
		/* Release the connections libstrophe already closed. */
		while (g_main_context_iteration(NULL, FALSE))
			;
		g_ptr_array_free(sessions, TRUE);
		sessions = NULL;
	}
	g_clear_pointer(&last_sasl_failure, g_free);
	g_clear_pointer(&last_strophe_error, g_free);
	g_clear_pointer(&last_cert_failure, g_free);
	g_clear_pointer(&last_transport_failure, g_free);
	netloop_shutdown();
}

void
session_set_presence(struct session *session, int show, const char *status, int priority)
{
	struct event event = { .type = EV_OWN_PRESENCE, .account = session->account };

	session->show = show;
	g_free(session->status);
	session->status = status && *status ? g_strdup(status) : NULL;
	session->priority = CLAMP(priority, -128, 127);
	/* RFC 6121 4.4.2: an updated presence is a broadcast like the first. */
	if (session->state == SESSION_ONLINE)
		presence_send_initial(session);
	event_emit(&event);
}

void
session_get_presence(const struct session *session, int *show, const char **status, int *priority)
{
	*show = session->show;
	*status = session->status;
	*priority = session->priority;
}

struct session_pending {
	struct session *session;
	session_answer_fn answer;
	void *data;
	GDestroyNotify free_data;
};

static void
session_pending_free(gpointer pointer)
{
	struct session_pending *pending = pointer;

	if (pending->free_data != NULL)
		pending->free_data(pending->data);
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
	if (session->requests == NULL)
		session->requests = g_ptr_array_new_with_free_func(session_pending_free);
	g_ptr_array_add(session->requests, pending);
	xmpp_id_handler_add(session->conn, session_on_answer, xmpp_stanza_get_id(iq), pending);
	session_send(session, iq);
}

void
session_forget_requests(struct session *session)
{
	if (session->requests != NULL)
		g_ptr_array_set_size(session->requests, 0);
}

/* XEP-0352 4: <active/> or <inactive/>, a nonza straight on the stream,
 * only to a server that offered CSI. */
static void
session_send_client_state(struct session *session)
{
	xmpp_stanza_t *state;

	if (!session->csi || session->state != SESSION_ONLINE || session->conn == NULL)
		return;
	state = xmpp_stanza_new(netloop_context());
	xmpp_stanza_set_name(state, client_inactive ? "inactive" : "active");
	xmpp_stanza_set_ns(state, "urn:xmpp:csi:0");
	session_send(session, state);
	xmpp_stanza_release(state);
}

void
session_set_client_active(int active)
{
	if (client_inactive == !active)
		return;
	client_inactive = !active;
	for (guint i = 0; sessions != NULL && i < sessions->len; i++)
		session_send_client_state(sessions->pdata[i]);
}

void
session_note_input(void)
{
	last_input = g_get_monotonic_time();
}

gint64
session_idle_seconds(void)
{
	static gint64 started;

	if (started == 0)
		started = g_get_monotonic_time();
	return (g_get_monotonic_time() - (last_input ? last_input : started)) / G_USEC_PER_SEC;
}
