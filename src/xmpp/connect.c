/*
 * connect.c: what happens before a session's stream opens: the password
 * (eval_password run as a child process) and the server's address (DNS SRV
 * and address lookup through GResolver). Nothing here blocks the loop.
 *
 * Everything started here belongs to the session's current attempt and is
 * stopped by connect_cancel() (the GCancellable, the child's watches).
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "core/spawn.h"
#include "model/account.h"
#include "xmpp/session-private.h"

/* How long eval_password may run. */
#define CONNECT_EVAL_TIMEOUT_S 30
/* RFC 6120 3.2.1 fallback port, XEP-0368 direct TLS default port. */
#define CONNECT_PORT_STARTTLS 5222
#define CONNECT_PORT_DIRECT   5223

struct lookup {
	struct session *session;
	unsigned port;
	char *host;
};

static void connect_resolve(struct session *session, struct account *account);

static void
lookup_free(struct lookup *lookup)
{
	g_free(lookup->host);
	g_free(lookup);
}

void
connect_cancel(struct session *session)
{
	if (session->cancel != NULL) {
		g_cancellable_cancel(session->cancel);
		g_clear_object(&session->cancel);
	}
	spawn_cancel(session->eval);
	session->eval = NULL;
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
	session->cancel = g_cancellable_new();
	if (account->password != NULL) {
		connect_resolve(session, account);
	} else if (account->eval_password != NULL) {
		connect_eval(session, account->eval_password);
	} else {
		char *reason = g_strdup_printf("no password for account '%s': set 'password' or "
		                               "'eval_password' in accounts.ini",
		                               session->account);
		session_fail(session, reason);
		g_free(reason);
	}
}

static void
connect_on_address(GObject *source, GAsyncResult *result, gpointer userdata)
{
	struct lookup *lookup = userdata;
	GError *error = NULL;
	GList *addresses = g_resolver_lookup_by_name_finish(G_RESOLVER(source), result, &error);

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_error_free(error);
		lookup_free(lookup);
		return;
	}
	if (addresses == NULL) {
		char *reason = g_strdup_printf("cannot resolve %s: %s", lookup->host,
		                               error ? error->message : "no address");
		g_clear_error(&error);
		session_fail(lookup->session, reason);
		g_free(reason);
	} else {
		char *ip = g_inet_address_to_string(addresses->data);
		session_start_stream(lookup->session, ip, lookup->port);
		g_free(ip);
		g_resolver_free_addresses(addresses);
	}
	lookup_free(lookup);
}

/* Looks up the address of host, then opens the stream. */
static void
connect_host(struct session *session, const char *host, unsigned port)
{
	struct lookup *lookup;

	if (g_hostname_is_ip_address(host)) {
		session_start_stream(session, host, port);
		return;
	}
	lookup = g_new0(struct lookup, 1);
	lookup->session = session;
	lookup->host = g_strdup(host);
	lookup->port = port;
	g_resolver_lookup_by_name_async(g_resolver_get_default(), host, session->cancel,
	                                connect_on_address, lookup);
}

static void
connect_on_srv(GObject *source, GAsyncResult *result, gpointer userdata)
{
	struct lookup *lookup = userdata;
	GError *error = NULL;
	GList *targets = g_resolver_lookup_service_finish(G_RESOLVER(source), result, &error);

	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_error_free(error);
		lookup_free(lookup);
		return;
	}
	g_clear_error(&error);
	if (targets != NULL) {
		/* GResolver sorts the targets by priority and weight (RFC 2782). */
		GSrvTarget *target = targets->data;
		connect_host(lookup->session, g_srv_target_get_hostname(target),
		             g_srv_target_get_port(target));
		g_resolver_free_targets(targets);
	} else {
		/* RFC 6120 3.2.2: without SRV records, use the domain itself. */
		connect_host(lookup->session, lookup->host, lookup->port);
	}
	lookup_free(lookup);
}

static void
connect_resolve(struct session *session, struct account *account)
{
	int direct = account->tls == ACCOUNT_TLS_DIRECT;
	unsigned port = account->port ? account->port
	                : direct      ? CONNECT_PORT_DIRECT
	                              : CONNECT_PORT_STARTTLS;
	const char *domain = strchr(account->jid, '@') + 1;
	struct lookup *lookup;

	if (account->server != NULL) {
		connect_host(session, account->server, port);
		return;
	}
	lookup = g_new0(struct lookup, 1);
	lookup->session = session;
	lookup->host = g_strdup(domain);
	lookup->port = port;
	/* RFC 6120 3.2.1 and XEP-0368: _xmpp-client or _xmpps-client. */
	g_resolver_lookup_service_async(g_resolver_get_default(),
	                                direct ? "xmpps-client" : "xmpp-client", "tcp", domain,
	                                session->cancel, connect_on_srv, lookup);
}
