/*
 * cmd-session.c: /connect, /disconnect, /quit.
 *
 * Stateless: each handler calls the session layer and reports in result.
 */
#include "config.h"

#include <string.h>

#include "cmd/app.h"
#include "cmd/commands.h"
#include "cmd/tokenize.h"
#include "model/account.h"
#include "xmpp/pep.h"
#include "xmpp/session.h"
#include "xmpp/tls.h"

/* The named account, or the one the context or configuration implies. */
static const char *
cmd_session_account(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	if (invocation->argc > 0) {
		struct account *account = account_find(invocation->argv[0]);
		if (account == NULL) {
			cmd_result_error(result, "/%s: no account named '%s'",
			                 invocation->entry->name, invocation->argv[0]);
			return NULL;
		}
		return account->name;
	}
	return cmd_pick_account(invocation, 0, result);
}

int
cmd_session_connect(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *name = cmd_session_account(invocation, result);
	struct session *session;
	char *cause = NULL;

	if (name == NULL)
		return -1;
	session = session_get(name, &cause);
	if (session == NULL || session_connect(session, &cause) == -1) {
		cmd_result_error(result, "/connect: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}

/* Without an argument, /disconnect acts on the only active session. */
static const char *
cmd_session_active(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const GPtrArray *accounts = account_list();
	const char *only = NULL;
	int count = 0;

	if (invocation->argc > 0 || invocation->context->account != NULL)
		return cmd_session_account(invocation, result);
	/* In the console: the account /account switch chose. */
	if (cmd_default_account() != NULL)
		return cmd_default_account();
	for (guint i = 0; i < accounts->len; i++) {
		const struct account *account = accounts->pdata[i];
		struct session *session = session_find(account->name);
		if (session != NULL && session_state(session) != SESSION_DISCONNECTED) {
			only = account->name;
			count++;
		}
	}
	if (count == 1)
		return only;
	if (count == 0)
		cmd_result_error(result, "/disconnect: no account is connected");
	else
		cmd_result_error(result, "/disconnect: several accounts are connected: say which");
	return NULL;
}

int
cmd_session_disconnect(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *name = cmd_session_active(invocation, result);
	struct session *session;
	char *cause = NULL;

	if (name == NULL)
		return -1;
	session = session_find(name);
	if (session == NULL) {
		cmd_result_error(result, "/disconnect: account '%s' is not connected", name);
		return -1;
	}
	if (session_disconnect(session, &cause) == -1) {
		cmd_result_error(result, "/disconnect: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}

/* /reconnect now [ACCOUNT]: at once; /reconnect [ACCOUNT]: where it stands. */
int
cmd_session_reconnect(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct cmd_invocation rest = *invocation;
	int now = invocation->argc > 0 && strcmp(invocation->argv[0], "now") == 0;
	const char *name;
	struct session *session;
	char *cause = NULL;
	int retry;

	if (now) {
		rest.argc--;
		memmove(rest.argv, rest.argv + 1, sizeof rest.argv - sizeof rest.argv[0]);
	}
	name = cmd_session_account(&rest, result);
	if (name == NULL)
		return -1;
	session = session_get(name, &cause);
	if (session == NULL) {
		cmd_result_error(result, "/reconnect: %s", cause);
		g_free(cause);
		return -1;
	}
	if (now && session_reconnect_now(session, &cause) == -1) {
		cmd_result_error(result, "/reconnect: %s", cause);
		g_free(cause);
		return -1;
	}
	if (now)
		return 0;
	retry = session_retry_in(session);
	if (retry >= 0)
		cmd_result_line(result,
		                "%s: waiting to reconnect, next attempt in %d s (/reconnect "
		                "now tries at once)",
		                name, retry);
	else
		cmd_result_line(result, "%s: %s", name, session_state_name(session_state(session)));
	if (session_outbox_length(session) > 0)
		cmd_result_line(result, "%s: %u messages not yet acknowledged by the server", name,
		                session_outbox_length(session));
	return 0;
}

/* /tls show|trust|revoke [ACCOUNT]: the server's certificate and the pin. */
int
cmd_session_tls(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct cmd_invocation rest = *invocation;
	const char *action = invocation->argv[0], *name;
	char *cause = NULL, *fingerprint = NULL;
	int ret;

	rest.argc--;
	memmove(rest.argv, rest.argv + 1, sizeof rest.argv - sizeof rest.argv[0]);
	name = cmd_session_account(&rest, result);
	if (name == NULL)
		return -1;
	if (strcmp(action, "show") == 0) {
		GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
		ret = tls_describe(name, lines, &cause);
		for (guint i = 0; i < lines->len; i++)
			cmd_result_line(result, "%s", (char *)lines->pdata[i]);
		g_ptr_array_unref(lines);
	} else if (strcmp(action, "trust") == 0) {
		ret = tls_trust(name, &fingerprint, &cause);
		if (ret == 0)
			cmd_result_line(
			        result,
			        "%s: pinned the certificate with SHA-256 %s; it is now the "
			        "only one accepted for this account (/tls revoke undoes it)",
			        name, fingerprint);
		g_free(fingerprint);
	} else if (strcmp(action, "revoke") == 0) {
		ret = tls_revoke(name, &cause);
		if (ret == 0)
			cmd_result_line(
			        result,
			        "%s: the pin is gone; certificates are verified against the "
			        "authorities again",
			        name);
	} else {
		return cmd_result_error(result, "/tls: '%s' is not show, trust or revoke", action);
	}
	if (ret == -1) {
		cmd_result_error(result, "/tls: %s", cause);
		g_free(cause);
	}
	return ret;
}

/* XEP-0077: /register ACCOUNT [FIELD=VALUE...]. */
int
cmd_session_register(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct account *account = account_find(invocation->argv[0]);
	struct session *session;
	char **fields = NULL, *cause = NULL;
	int count = 0, ret = -1;

	if (account == NULL)
		return cmd_result_error(result,
		                        "/register: no account named '%s' (add it to "
		                        "accounts.ini with the name and password you want)",
		                        invocation->argv[0]);
	if (invocation->argc > 1 && tokenize(invocation->argv[1], &fields, &count, &cause) == -1) {
		cmd_result_error(result, "/register: %s", cause);
		g_free(cause);
		return -1;
	}
	session = session_get(account->name, &cause);
	if (session != NULL && session_register(session, fields, &cause) == 0)
		ret = 0;
	else
		cmd_result_error(result, "/register: %s", cause);
	g_free(cause);
	g_strfreev(fields);
	return ret;
}

/* The session of the account -a, the window or the only online one
 * names, when it is online; else NULL and the error in result. */
static struct session *
cmd_session_online(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *name = cmd_pick_account(invocation, 1, result);
	struct session *session = name != NULL ? session_find(name) : NULL;

	if (name != NULL && (session == NULL || session_state(session) != SESSION_ONLINE)) {
		cmd_result_error(result, "/%s: account '%s' is not online", invocation->entry->name,
		                 name);
		return NULL;
	}
	return session;
}

/* XEP-0077 3.3: /password [-a ACCOUNT] NEW. */
int
cmd_session_password(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct session *session = cmd_session_online(invocation, result);
	char *cause = NULL;

	if (session == NULL)
		return -1;
	if (session_change_password(session, invocation->argv[0], &cause) == -1) {
		cmd_result_error(result, "/password: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}

/* XEP-0172: /nickname [-a ACCOUNT] [NAME]. */
int
cmd_session_nickname(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	struct session *session = cmd_session_online(invocation, result);
	const char *name = session ? session_account(session) : NULL;
	char *cause = NULL;

	if (session == NULL)
		return -1;
	if (invocation->argc == 0) {
		const char *nick = pep_own_nick(session);
		cmd_result_line(result,
		                nick ? "%s: your nickname is '%s'" : "%s: no nickname published%s",
		                name, nick ? nick : "");
		return 0;
	}
	/* The rest of the line as typed: "" (or '') is the empty name. */
	const char *nick = invocation->argv[0];
	char *unquoted = NULL;
	size_t n = strlen(nick);
	if (n >= 2 && (nick[0] == '"' || nick[0] == '\'') && nick[n - 1] == nick[0])
		nick = unquoted = g_strndup(nick + 1, n - 2);
	int ret = pep_set_nick(session, nick, &cause);
	g_free(unquoted);
	if (ret == -1) {
		cmd_result_error(result, "/nickname: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}

int
cmd_session_quit(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	app_quit();
	return 0;
}
