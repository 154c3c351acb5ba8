/*
 * connect.c: what happens before a session's stream opens: the password
 * (eval_password run as a child process) and the server's address (DNS SRV
 * and address lookup through GResolver). Nothing here blocks the loop.
 *
 * Everything started here belongs to the session's current attempt and is
 * stopped by connect_cancel(): the eval_password child, the GCancellable of
 * the lookups, and the route of places still to try (RFC 6120 3.2.1). The
 * password eval_password gave is kept while the session is connected or
 * reconnecting (libstrophe holds it as long anyway), and wiped when the
 * session ends (connect_forget_password()).
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "core/event.h"
#include "core/spawn.h"
#include "model/account.h"
#include "xmpp/session-private.h"

/* How long eval_password may run. */
#define CONNECT_EVAL_TIMEOUT_S 30
/* How long the TCP probe before a resumption may take. */
#define CONNECT_PROBE_TIMEOUT_S 10
/* RFC 6120 3.2.1 fallback port, XEP-0368 direct TLS default port. */
#define CONNECT_PORT_STARTTLS 5222
#define CONNECT_PORT_DIRECT   5223

static void connect_route_free(struct session *session);
static void connect_resolve(struct session *session, struct account *account);

void
connect_cancel(struct session *session)
{
	if (session->cancel != NULL) {
		g_cancellable_cancel(session->cancel);
		g_clear_object(&session->cancel);
	}
	spawn_cancel(session->eval);
	session->eval = NULL;
	connect_route_free(session);
}

void
connect_forget_password(struct session *session)
{
	if (session->password != NULL)
		explicit_bzero(session->password, strlen(session->password));
	g_clear_pointer(&session->password, g_free);
}

static void
connect_on_password(int ok, const char *output, const char *why, void *userdata)
{
	struct session *session = userdata;
	char *password, *reason;
	size_t n;

	session->eval = NULL; /* spawn.c frees it after this call */
	if (!ok) {
		reason = g_strdup_printf("eval_password command %s", why);
		session_fail(session, reason);
		g_free(reason);
		return;
	}
	password = g_strdup(output);
	n = strlen(password);
	/* The command's final newline is not part of the password. */
	while (n > 0 && (password[n - 1] == '\n' || password[n - 1] == '\r'))
		password[--n] = '\0';
	if (n == 0) {
		g_free(password);
		session_fail(session, "eval_password command printed no password");
		return;
	}
	connect_forget_password(session);
	session->password = password;
	connect_resolve(session, account_find(session->account));
}

static void
connect_eval(struct session *session, const char *command)
{
	char *cause = NULL, *reason;

	session->eval = spawn_command(command, CONNECT_EVAL_TIMEOUT_S, connect_on_password, session,
	                              &cause);
	if (session->eval == NULL) {
		reason = g_strdup_printf("eval_password: %s", cause);
		session_fail(session, reason);
		g_free(reason);
		g_free(cause);
	}
}

void
connect_begin(struct session *session)
{
	struct account *account = account_find(session->account);

	if (account == NULL) {
		session_fail(session, "the account is no longer configured");
		return;
	}
	connect_cancel(session); /* anything left of an earlier attempt */
	session->cancel = g_cancellable_new();
	if (account->password != NULL || session->password != NULL) {
		connect_resolve(session, account);
	} else if (account->eval_password != NULL) {
		connect_eval(session, account->eval_password);
	} else {
		/* The frontend may ask the user (EV_PASSWORD_NEEDED). */
		char *reason =
		        g_strdup_printf("no password for account '%s': type it when asked, "
		                        "or set 'password' or 'eval_password' in accounts.ini",
		                        session->account);
		session_fail(session, reason);
		g_free(reason);
		event_emit(
		        &(struct event){ .type = EV_PASSWORD_NEEDED, .account = session->account });
	}
}

/* The places to try, in order (RFC 6120 3.2.1): each target (from SRV
 * records, the configured server, or the domain), and for each target
 * each of its addresses. Owned by the session while it connects. */
struct target {
	char *host;
	unsigned port;
	int direct; /* XEP-0368: TLS at once, not STARTTLS */
};

struct route {
	GQueue targets;     /* of struct target, still to try */
	GQueue addresses;   /* of char *, addresses of the current target */
	unsigned port;      /* port of the current target */
	int direct;         /* the current target is direct TLS */
	char *last_failure; /* why the last place failed */
	guint retry_source; /* idle source of connect_retry() */
	int lookups;        /* SRV lookups still running */
	GList *srv[2];      /* their answers: [0] xmpp-client, [1] xmpps-client */
};

static void
target_free(gpointer pointer)
{
	struct target *target = pointer;

	g_free(target->host);
	g_free(target);
}

static void
connect_route_free(struct session *session)
{
	struct route *route = session->route;

	if (route == NULL)
		return;
	g_queue_clear_full(&route->targets, target_free);
	g_queue_clear_full(&route->addresses, g_free);
	g_clear_handle_id(&route->retry_source, g_source_remove);
	g_resolver_free_targets(route->srv[0]);
	g_resolver_free_targets(route->srv[1]);
	g_free(route->last_failure);
	g_free(route);
	session->route = NULL;
}

static void
connect_add_target(struct route *route, const char *host, unsigned port, int direct)
{
	struct target *target = g_new0(struct target, 1);

	target->host = g_strdup(host);
	target->port = port;
	target->direct = direct;
	g_queue_push_tail(&route->targets, target);
}

static void connect_next_target(struct session *session);
static void connect_next_address(struct session *session);

/* A TCP connection tried before a resumption (see connect_next_address). */
struct probe {
	struct session *session;
	char *address;
	unsigned port;
	int direct;
};

static void
connect_on_probe(GObject *source, GAsyncResult *result, gpointer userdata)
{
	struct probe *probe = userdata;
	struct session *session = probe->session;
	GError *error = NULL;
	GSocketConnection *connection =
	        g_socket_client_connect_finish(G_SOCKET_CLIENT(source), result, &error);

	if (connection != NULL) {
		g_io_stream_close(G_IO_STREAM(connection), NULL, NULL);
		g_object_unref(connection);
		session_start_stream(session, probe->address, probe->port, probe->direct);
	} else if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		struct route *route = session->route;
		g_free(route->last_failure);
		route->last_failure = g_strdup_printf("cannot connect to %s port %u: %s",
		                                      probe->address, probe->port, error->message);
		connect_next_address(session);
	} /* else cancelled: the session may be gone, touch nothing */
	g_clear_error(&error);
	g_free(probe->address);
	g_free(probe);
}

/*
 * libstrophe 0.12 forgets a stream's resumption data (XEP-0198) when an
 * attempt that carries it fails before login. So when there is some, the
 * place is first tried with a plain TCP connection of our own, and only a
 * place that answers gets the attempt: a network still down costs a probe,
 * not the session.
 */
static void
connect_probe(struct session *session, const char *address, unsigned port, int direct)
{
	struct probe *probe = g_new0(struct probe, 1);
	GSocketClient *client = g_socket_client_new();
	GSocketAddress *place = g_inet_socket_address_new_from_string(address, port);

	if (place == NULL) {
		g_object_unref(client);
		g_free(probe);
		session_start_stream(session, address, port, direct);
		return;
	}
	probe->session = session;
	probe->address = g_strdup(address);
	probe->port = port;
	probe->direct = direct;
	g_socket_client_set_timeout(client, CONNECT_PROBE_TIMEOUT_S);
	g_socket_client_connect_async(client, G_SOCKET_CONNECTABLE(place), session->cancel,
	                              connect_on_probe, probe);
	g_object_unref(place);
	g_object_unref(client);
}

/* Opens the stream to the next address of the current target, or moves
 * on to the next target. */
static void
connect_next_address(struct session *session)
{
	struct route *route = session->route;
	char *address = g_queue_pop_head(&route->addresses);

	if (address == NULL) {
		connect_next_target(session);
		return;
	}
	if (session->sm_state != NULL)
		connect_probe(session, address, route->port, route->direct);
	else
		session_start_stream(session, address, route->port, route->direct);
	g_free(address);
}

static void
connect_on_address(GObject *source, GAsyncResult *result, gpointer userdata)
{
	struct session *session = userdata;
	GError *error = NULL;
	GList *addresses = g_resolver_lookup_by_name_finish(G_RESOLVER(source), result, &error);

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_error_free(error);
		return; /* the session may be gone: touch nothing */
	}
	if (addresses == NULL) {
		/* A server that could not be reached says more than a backup
		 * target whose name does not resolve: keep the first. */
		if (session->route->last_failure == NULL)
			session->route->last_failure =
			        g_strdup_printf("cannot resolve the server's name: %s",
			                        error ? error->message : "no address");
		g_clear_error(&error);
		connect_next_target(session);
		return;
	}
	for (GList *a = addresses; a != NULL; a = a->next)
		g_queue_push_tail(&session->route->addresses, g_inet_address_to_string(a->data));
	g_resolver_free_addresses(addresses);
	connect_next_address(session);
}

static void
connect_next_target(struct session *session)
{
	struct route *route = session->route;
	struct target *target = g_queue_pop_head(&route->targets);

	if (target == NULL) {
		char *reason = g_strdup(route->last_failure ? route->last_failure
		                                            : "no server to connect to");
		session_fail(session, reason);
		g_free(reason);
		return;
	}
	route->port = target->port;
	route->direct = target->direct;
	if (g_hostname_is_ip_address(target->host)) {
		g_queue_push_tail(&route->addresses, g_strdup(target->host));
		connect_next_address(session);
	} else {
		g_resolver_lookup_by_name_async(g_resolver_get_default(), target->host,
		                                session->cancel, connect_on_address, session);
	}
	target_free(target);
}

static gboolean
connect_on_retry(gpointer userdata)
{
	struct session *session = userdata;

	session->route->retry_source = 0;
	connect_next_address(session);
	return G_SOURCE_REMOVE;
}

int
connect_retry(struct session *session, const char *failure)
{
	struct route *route = session->route;

	if (route == NULL ||
	    (g_queue_is_empty(&route->addresses) && g_queue_is_empty(&route->targets)))
		return 0;
	g_free(route->last_failure);
	route->last_failure = g_strdup(failure);
	/* Not from inside libstrophe's callback: at the end of this turn. */
	if (route->retry_source == 0)
		route->retry_source = g_idle_add(connect_on_retry, session);
	return 1;
}

/* XEP-0368 (requirements 1-3): both kinds of SRV targets in one order of
 * priority; at equal priority natter prefers direct TLS (the spec lets
 * clients prefer one kind), which saves a round trip and cannot be
 * stripped. A target "." says the service is not offered (RFC 2782). */
static void
connect_merge_srv(struct route *route)
{
	GList *plain = route->srv[0], *direct = route->srv[1];

	while (plain != NULL || direct != NULL) {
		int take_direct = plain == NULL || (direct != NULL &&
		                                    g_srv_target_get_priority(direct->data) <=
		                                            g_srv_target_get_priority(plain->data));
		GList **from = take_direct ? &direct : &plain;
		GSrvTarget *srv = (*from)->data;
		if (strcmp(g_srv_target_get_hostname(srv), ".") != 0)
			connect_add_target(route, g_srv_target_get_hostname(srv),
			                   g_srv_target_get_port(srv), take_direct);
		*from = (*from)->next;
	}
}

static void
connect_on_srv(GObject *source, GAsyncResult *result, gpointer userdata, int direct)
{
	struct session *session = userdata;
	struct route *route;
	GError *error = NULL;
	GList *targets = g_resolver_lookup_service_finish(G_RESOLVER(source), result, &error);

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_error_free(error);
		return; /* the session may be gone: touch nothing */
	}
	g_clear_error(&error);
	route = session->route;
	route->srv[direct] = targets;
	if (--route->lookups > 0)
		return;
	/* RFC 6120 3.2.2: without SRV records, the domain itself (the
	 * fallback target already queued); records replace it. */
	if (route->srv[0] != NULL || route->srv[1] != NULL) {
		g_queue_clear_full(&route->targets, target_free);
		connect_merge_srv(route);
	}
	connect_next_target(session);
}

static void
connect_on_srv_plain(GObject *source, GAsyncResult *result, gpointer userdata)
{
	connect_on_srv(source, result, userdata, 0);
}

static void
connect_on_srv_direct(GObject *source, GAsyncResult *result, gpointer userdata)
{
	connect_on_srv(source, result, userdata, 1);
}

static void
connect_resolve(struct session *session, struct account *account)
{
	int direct = account->tls == ACCOUNT_TLS_DIRECT;
	unsigned port = account->port ? account->port
	                : direct      ? CONNECT_PORT_DIRECT
	                              : CONNECT_PORT_STARTTLS;
	const char *domain = session_domain(session);
	struct route *route;

	connect_route_free(session);
	route = session->route = g_new0(struct route, 1);
	g_queue_init(&route->targets);
	g_queue_init(&route->addresses);
	connect_add_target(route, account->server ? account->server : domain, port, direct);
	if (account->server != NULL) {
		connect_next_target(session);
		return;
	}
	/* RFC 6120 3.2.1 and XEP-0368: _xmpp-client (STARTTLS) unless TLS
	 * must be direct, _xmpps-client (direct TLS) unless TLS is off. */
	route->lookups =
	        (account->tls != ACCOUNT_TLS_DIRECT) + (account->tls != ACCOUNT_TLS_DISABLE);
	if (account->tls != ACCOUNT_TLS_DIRECT)
		g_resolver_lookup_service_async(g_resolver_get_default(), "xmpp-client", "tcp",
		                                domain, session->cancel, connect_on_srv_plain,
		                                session);
	if (account->tls != ACCOUNT_TLS_DISABLE)
		g_resolver_lookup_service_async(g_resolver_get_default(), "xmpps-client", "tcp",
		                                domain, session->cancel, connect_on_srv_direct,
		                                session);
}

int
session_connect_password(struct session *session, const char *password, char **cause)
{
	connect_forget_password(session);
	session->password = g_strdup(password);
	return session_connect(session, cause);
}
