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
#include "xmpp/bookmarks.h"
#include "xmpp/caps.h"
#include "xmpp/chat.h"
#include "xmpp/mam.h"
#include "xmpp/muc-private.h"
#include "xmpp/netloop.h"
#include "xmpp/presence.h"
#include "xmpp/roster.h"
#include "xmpp/router.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"
#include "xmpp/tls.h"
#include "xmpp/watchdog.h"

static GPtrArray *sessions; /* of struct session */

static void
session_free(gpointer pointer)
{
	struct session *session = pointer;

	connect_cancel(session);
	connect_forget_password(session);
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
	g_free(session->nick);
	g_free(session->status);
	g_free(session->resource);
	g_free(session->mam_query);
	if (session->mam_fetches != NULL)
		g_ptr_array_free(session->mam_fetches, TRUE);
	g_free(session->muc_service);
	g_clear_pointer(&session->muc_waiting, g_ptr_array_unref);
	muc_ping_stop(session);
	bookmarks_stop(session);
	g_clear_pointer(&session->autojoin, g_ptr_array_unref);
	g_clear_pointer(&session->bookmarks_pending, g_ptr_array_unref);
	g_free(session->bookmarks_others);
	session_log_reset(session);
	tls_seen_free(session->seen_cert);
	g_clear_pointer(&session->register_fields, g_ptr_array_unref);
	reconnect_forget(session);
	outbox_clear(session);
	if (session->ctx != NULL)
		netloop_context_free(session->ctx);
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
	/* XEP-0198 4: the server counts every stanza from <enabled/> on. */
	if (session->sm_enabled)
		session->sm_sent++;
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

const char *
session_domain(const struct session *session)
{
	/* accounts.c accepts only JIDs with a local part. */
	return strchr(session->jid, '@') + 1;
}

char *
session_node(const struct session *session)
{
	return g_strndup(session->jid, (gsize)(strchr(session->jid, '@') - session->jid));
}

struct session *
session_by_context(const xmpp_ctx_t *ctx)
{
	for (guint i = 0; sessions != NULL && i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		if (session->ctx == ctx)
			return session;
	}
	return NULL;
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
	session->failed_h = -1;
	session->invitations = (struct ratelimit)RATELIMIT_INIT(
	        MUC_INVITE_BURST, MUC_INVITE_INTERVAL_S * G_USEC_PER_SEC);
	g_queue_init(&session->outbox);
	return session;
}

/* XEP-0115: features changed (privacy.version_reply): the new caps go
 * out in a presence to everyone who has ours. The pings' intervals
 * changed: their timers follow. */
static void
session_on_pref(const struct event *event, void *userdata)
{
	int caps = strcmp(event->u.pref.name, "privacy.version_reply") == 0;
	int ping = strcmp(event->u.pref.name, "net.ping_interval") == 0;
	int self_ping = strcmp(event->u.pref.name, "muc.self_ping") == 0;

	for (guint i = 0; sessions != NULL && i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		if (session->state != SESSION_ONLINE)
			continue;
		if (caps)
			presence_send_initial(session);
		if (ping)
			reconnect_online(session);
		if (self_ping)
			muc_ping_restart(session);
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
		event_subscribe(EV_PREF_CHANGED, session_on_pref, NULL);
	}
	session = session_new(name, account->jid, session_default_send);
	/* The presence the account's settings give; /status changes it for
	 * the run. */
	session->show = account->show;
	session->status = g_strdup(account->status);
	session->priority = account->priority;
	session->ctx = netloop_context_new(session_on_log, session);
	g_ptr_array_add(sessions, session);
	roster_cache_load(session);
	return session;
}

static void session_release_now(struct session *session);

void
session_drop(struct session *session)
{
	session_release_now(session);
	g_ptr_array_remove(sessions, session);
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
	case SESSION_WAITING:
		return "waiting";
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
	session_announce(session, state, reason, error, 0, 0);
}

void
session_announce(struct session *session, enum session_state state, const char *reason, int error,
                 int retry_s, int resumed)
{
	struct event event = { .type = EV_SESSION_STATE, .account = session->account };
	int busy = state == SESSION_CONNECTING || state == SESSION_DISCONNECTING;

	/* Offline for good (not waiting to reconnect): out of every room. */
	if (state == SESSION_DISCONNECTED)
		muc_session_ended(session);
	if (busy != session->busy) {
		netloop_busy(busy ? 1 : -1);
		session->busy = busy;
	}
	session->state = state;
	/* Offline, nothing is known of the contacts' presence any more; and
	 * the next login asks for the password again. */
	if (state == SESSION_DISCONNECTED) {
		contact_account_offline(session->account);
		connect_forget_password(session);
		reconnect_forget(session);
		session->was_online = 0;
		session->registering = 0;
		session->registered = 0;
	}
	event.u.session.state = (int)state;
	event.u.session.retry_s = retry_s;
	event.u.session.resumed = resumed;
	event.u.session.jid = session_jid(session);
	event.u.session.reason = reason;
	event.u.session.error = error;
	event_emit(&event);
}

void
session_fail(struct session *session, const char *reason)
{
	connect_cancel(session);
	/* A lost session's next attempt failed early (DNS...): wait more. */
	if (reconnect_wanted(session, NULL)) {
		reconnect_schedule(session, reason);
		return;
	}
	session_set_state(session, SESSION_DISCONNECTED, reason, 1);
}

int
session_connect(struct session *session, char **cause)
{
	const struct account *account = account_find(session->account);

	if (account != NULL && account->disabled) {
		*cause = g_strdup_printf("account '%s' is disabled (/account enable %s)",
		                         session->account, session->account);
		return -1;
	}
	if (session->state == SESSION_WAITING)
		return session_reconnect_now(session, cause);
	if (session->state != SESSION_DISCONNECTED) {
		*cause = g_strdup_printf("account '%s' is already %s", session->account,
		                         session_state_name(session->state));
		return -1;
	}
	session->user_disconnect = 0;
	session->reconnecting = 0;
	session_attempt(session);
	return 0;
}

void
session_attempt(struct session *session)
{
	g_clear_pointer(&session->failure, g_free);
	g_clear_pointer(&session->bound_jid, g_free);
	session->authenticated = 0;
	session->restart_fresh = 0;
	session_log_reset(session); /* until this server's features say more */
	session_set_state(session, SESSION_CONNECTING, NULL, 0);
	connect_begin(session);
}

/* A closed connection, released at the end of the loop turn (never inside
 * libstrophe's callback). What resumption needs is taken first. */
struct session_closed {
	struct session *session;
	xmpp_conn_t *conn;
	int keep; /* keep its stream management state and unsent stanzas */
	guint source;
};

static gboolean
session_release_conn(gpointer pointer)
{
	struct session_closed *closed = pointer;
	struct session *session = closed->session;

	if (session->closing == closed)
		session->closing = NULL;
	reconnect_take_state(session, closed->conn, closed->keep);
	xmpp_conn_release(closed->conn);
	g_free(closed);
	return G_SOURCE_REMOVE;
}

static void
session_release_later(struct session *session, xmpp_conn_t *conn, int keep)
{
	struct session_closed *closed = g_new0(struct session_closed, 1);

	closed->session = session;
	closed->conn = conn;
	closed->keep = keep;
	closed->source = g_idle_add(session_release_conn, closed);
	/* An earlier one still waiting goes first, now. */
	if (session->closing != NULL) {
		g_source_remove(session->closing->source);
		session_release_conn(session->closing);
	}
	session->closing = closed;
}

/* A new connection is about to start: what the last one left for it is
 * taken now, not at the end of the turn (a /reconnect now typed as the
 * link broke would otherwise start without it). */
static void
session_release_now(struct session *session)
{
	struct session_closed *closed = session->closing;

	if (closed == NULL)
		return;
	g_source_remove(closed->source);
	session_release_conn(closed);
}

void
session_started(struct session *session, int resumed)
{
	int first = !session->was_online;

	session->was_online = 1;
	session->reconnecting = 0;
	session->backoff_s = 0;
	/* After a new login, what was known of the contacts is stale. */
	if (!resumed)
		contact_account_offline(session->account);
	session_announce(session, SESSION_ONLINE, NULL, 0, 0, resumed);
	/* Resumed: what the broken link left goes first (outbox.c counts on
	 * libstrophe's queue holding only that). */
	if (resumed)
		outbox_restart(session, 1);
	if (!resumed && session->oneshot) {
		/* natter send: nobody is told anything; the rooms are its own
		 * to enter, the outbox its own to send. */
		muc_session_started(session, 0);
		outbox_restart(session, 0);
		return;
	}
	if (!resumed) {
		/* Until the account says it strips forged ones (bookmarks.c
		 * asks what it supports). */
		session->sid_trusted = 0;
		/* RFC 6121 2.2: the roster before initial presence. */
		if (!session->sm_offered)
			session->sm_resumable = 0;
		roster_request(session);
		if (prefs_bool("im.carbons"))
			chat_enable_carbons(session);
		presence_send_initial(session);
		/* XEP-0313: what came while natter was away (a resumed session
		 * lost nothing). */
		mam_sync(session);
	} else {
		/* What the user changed while the link was down. */
		if (session->presence_changed) {
			presence_send_initial(session);
			muc_send_presence_all(session);
		}
		if (session->csi_told != csi_inactive())
			session_send_client_state(session);
	}
	session->presence_changed = 0;
	/* Rooms before the outbox: a message to a room needs the user in
	 * it, and the room takes stanzas in order. */
	muc_session_started(session, resumed);
	/* XEP-0402 / XEP-0048: the bookmarks, and the rooms to enter. */
	if (!resumed)
		bookmarks_start(session, first);
	else
		bookmarks_resumed(session);
	if (!resumed)
		outbox_restart(session, 0);
	reconnect_online(session);
}

static gboolean session_on_attempt_expired(gpointer userdata);

static void
session_on_conn(xmpp_conn_t *conn, xmpp_conn_event_t status, int error,
                xmpp_stream_error_t *stream_error, void *userdata)
{
	struct session *session = userdata;
	char *reason;
	int failed, transport, keep;

	if (session->conn != conn)
		return; /* a previous attempt's late news */
	/* A registration's raw stream "connects" when it opens (and again
	 * after TLS): register.c carries on from the features. */
	if (status == XMPP_CONN_CONNECT && session->registering)
		return;
	g_clear_handle_id(&session->attempt_source, g_source_remove);
	if (status == XMPP_CONN_CONNECT && session->cert_unchecked) {
		/* Never: libstrophe logs the verification after every
		 * handshake. Should that change, nothing goes on unchecked. */
		g_free(session->failure);
		session->failure = g_strdup("the server's certificate was never checked");
		netloop_abort(conn);
		return;
	}
	if (status == XMPP_CONN_CONNECT) {
		netloop_logged_in(conn);
		connect_cancel(session); /* the rest of the route is not needed */
		session->authenticated = 1;
		g_free(session->bound_jid);
		session->bound_jid = g_strdup(xmpp_conn_get_bound_jid(conn));
		if (session->sm_state_given && !session->resumed) {
			/* XEP-0198 5: not resumed. libstrophe 0.12 bound a new
			 * session here but keeps the old one's counters: log in
			 * again on a clean connection (outbox.c sends again what
			 * the server may not have had). */
			outbox_resume_refused(session);
			session->restart_fresh = 1;
			g_free(session->failure);
			session->failure = g_strdup("the server could not resume the session");
			netloop_abort(conn);
			return;
		}
		router_attach(session);
		outbox_attach(session);
		if (session->resumed) {
			/* The resumed stream's management goes on (no new
			 * <enabled/>), its counts with it. */
			session->sm_enabled = 1;
			session_started(session, 1);
			return;
		}
		/* XEP-0352: a session starts active; say so if the user is not
		 * (now, before stream management counts what is sent). */
		session->csi_told = 0;
		if (csi_inactive())
			session_send_client_state(session);
		/* A server that never answers <enable/>: the deadline again. */
		session->attempt_source = g_timeout_add_seconds(
		        SESSION_ATTEMPT_S, session_on_attempt_expired, session);
		/* XEP-0198 4: libstrophe asked to enable stream management;
		 * nothing is sent until the answer (outbox.c), because
		 * libstrophe 0.12 would not count it. */
		if (!session->sm_offered)
			session_started(session, 0);
		return;
	}
	if (status == XMPP_CONN_RAW_CONNECT) {
		/* The registration has the attempt's deadline too. */
		if (session->registering) {
			session->attempt_source = g_timeout_add_seconds(
			        SESSION_ATTEMPT_S, session_on_attempt_expired, session);
			register_begin(session, conn);
		}
		return;
	}
	/* XMPP_CONN_DISCONNECT or XMPP_CONN_FAIL: the socket is closed. */
	session_forget_requests(session);
	reconnect_offline(session);
	muc_ping_stop(session);
	bookmarks_stop(session);
	if (session->registering && session->registered) {
		g_free(session->failure);
		session->failure = g_strdup_printf("account %s created on its server; /connect %s "
		                                   "logs in",
		                                   session->jid, session->account);
	}
	reason = session_close_reason(session, error, stream_error, &transport);
	netloop_unwatch(conn);
	failed = !session->user_disconnect && !session->registered;
	session->conn = NULL;
	session->sm_enabled = 0;
	/* XEP-0198 5: a stream that the server closed cannot be resumed;
	 * one that broke can. */
	keep = failed && session->authenticated && error != 0 && stream_error == NULL &&
	       !session->restart_fresh && session->sm_resumable;
	session_release_later(session, conn, keep);
	/* RFC 6120 3.2.1: a place that cannot be reached is not the end;
	 * the next address or SRV target may be. */
	if (transport && failed && connect_retry(session, reason)) {
		event_log(session->account, LOG_INFO, "%s; trying the next address", reason);
		g_free(reason);
		return;
	}
	connect_cancel(session);
	g_clear_pointer(&session->bound_jid, g_free);
	session->registering = 0;
	session->registered = 0;
	if (failed && reconnect_wanted(session, stream_error))
		reconnect_schedule(session, reason);
	else
		session_set_state(session, SESSION_DISCONNECTED, reason, failed);
	g_free(reason);
}

static char *
session_full_jid(const struct session *session, const struct account *account)
{
	if (session->oneshot)
		return session->resource != NULL
		               ? g_strconcat(session->jid, "/", session->resource, NULL)
		               : g_strdup(session->jid);
	if (account->resource != NULL)
		return g_strconcat(session->jid, "/", account->resource, NULL);
	return g_strdup(session->jid);
}

static long
session_flags(const struct account *account, int direct)
{
	if (direct)
		return XMPP_CONN_FLAG_LEGACY_SSL;
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
	if (session->conn == NULL || session->state != SESSION_CONNECTING)
		return G_SOURCE_REMOVE;
	/* Closing the socket under libstrophe makes it report the end of the
	 * stream, where the reason below is given and the next address tried. */
	session->attempt_expired = 1;
	netloop_abort(session->conn);
	return G_SOURCE_REMOVE;
}

void
session_start_stream(struct session *session, const char *host, unsigned port, int direct)
{
	struct account *account = account_find(session->account);
	xmpp_conn_t *conn;
	char *full;

	if (account == NULL) {
		session_fail(session, "the account is no longer configured");
		return;
	}
	session_release_now(session);
	/* Why the previous address could not be reached is not this one's
	 * story (RFC 6120 3.2.1: the next address is tried). */
	g_clear_pointer(&session->transport_failure, g_free);
	conn = xmpp_conn_new(session->ctx);
	/* XEP-0198 5: the lost connection's state, to resume it. */
	session->sm_state_given = 0;
	if (session->sm_state != NULL &&
	    xmpp_conn_set_sm_state(conn, session->sm_state) == XMPP_EOK)
		session->sm_state_given = 1;
	else if (session->sm_state != NULL)
		xmpp_free_sm_state(session->sm_state);
	session->sm_state = NULL;
	full = session_full_jid(session, account);
	xmpp_conn_set_jid(conn, full);
	g_free(full);
	xmpp_conn_set_pass(conn, session->password ? session->password : account->password);
	xmpp_conn_set_flags(conn, session_flags(account, direct));
	if (account->trust_cafile != NULL)
		xmpp_conn_set_cafile(conn, account->trust_cafile);
	xmpp_conn_set_certfail_handler(conn, session_on_certfail);
	xmpp_conn_set_sockopt_callback(conn, netloop_sockopt);
	session->conn = conn;
	g_free(session->address);
	session->address = g_strdup_printf("%s port %u", host, port);
	session->attempt_expired = 0;
	if ((session->registering ? xmpp_connect_raw : xmpp_connect_client)(
	            conn, host, (unsigned short)port, session_on_conn, session) != XMPP_EOK) {
		char *reason =
		        g_strdup_printf("cannot connect to %s: %s", session->address,
		                        session->transport_failure ? session->transport_failure
		                                                   : g_strerror(errno));
		g_clear_pointer(&session->transport_failure, g_free);
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
	session_release_later(session, conn, 0);
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
	case SESSION_WAITING:
		session_set_state(session, SESSION_DISCONNECTED, "reconnection cancelled", 0);
		return 0;
	case SESSION_CONNECTING:
		/* Logged in, waiting for <enabled/>: a stream to close, or
		 * the server would keep the session for resumption. */
		if (session->authenticated && session->conn != NULL)
			break;
		session_drop_attempt(session);
		session_set_state(session, SESSION_DISCONNECTED, "connection attempt cancelled", 0);
		return 0;
	case SESSION_ONLINE:
		/* RFC 6121 4.5.1: say goodbye before closing the stream
		 * (natter send never said hello). */
		if (!session->oneshot)
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
	caps_free_all();
	netloop_shutdown();
}

void
session_set_client_active(int active)
{
	if (!csi_set_inactive(!active))
		return;
	for (guint i = 0; sessions != NULL && i < sessions->len; i++)
		session_send_client_state(sessions->pdata[i]);
}
