/*
 * cmd-account.c: /account, the accounts and their settings in accounts.ini.
 *
 * list and show read the account list and the sessions; add, set, unset,
 * rename and remove edit accounts.ini through config/accounts.c, which
 * changes only the lines concerned and keeps the account list in step. A
 * removal asks to be confirmed by typing the same command again. A rename
 * takes along everything natter keeps under the name (session_rename()),
 * and EV_ACCOUNT_RENAMED tells the frontends.
 */
#include "config.h"

#include <string.h>

#include "cmd/commands.h"
#include "config/accounts.h"
#include "core/event.h"
#include "model/account.h"
#include "model/contact.h"
#include "xmpp/session.h"

/* How long a /account remove waits for its confirmation. */
#define ACCOUNT_CONFIRM_S 60

/* The removal waiting to be confirmed: its account, and until when. */
static char *confirm_name;
static gint64 confirm_until;

/* "online (away: at lunch)", "connecting", "disconnected". */
static char *
cmd_account_state(const char *name)
{
	struct session *session = session_find(name);
	enum session_state state = session ? session_state(session) : SESSION_DISCONNECTED;
	const char *status = NULL;
	int show = 0, priority = 0;

	if (state != SESSION_ONLINE)
		return g_strdup(session_state_name(state));
	session_get_presence(session, &show, &status, &priority);
	if (status != NULL)
		return g_strdup_printf("online (%s: %s)",
		                       presence_show_name((enum presence_show)show), status);
	return g_strdup_printf("online (%s)", presence_show_name((enum presence_show)show));
}

/* Each account; then those of accounts.ini that could not be loaded,
 * with why. */
static int
cmd_account_list(struct cmd_result *result)
{
	const GPtrArray *accounts = account_list();
	GPtrArray *unloaded = accounts_unloaded();

	if (accounts->len == 0 && unloaded->len == 0)
		cmd_result_line(result, "no accounts: /account add NAME JID, or edit accounts.ini");
	for (guint i = 0; i < accounts->len; i++) {
		const struct account *account = accounts->pdata[i];
		char *state =
		        account->disabled ? g_strdup("disabled") : cmd_account_state(account->name);
		cmd_result_line(result, "%s: %s%s%s, %s", account->name, account->jid,
		                account->resource ? "/" : "",
		                account->resource ? account->resource : "", state);
		g_free(state);
	}
	for (guint i = 0; i < unloaded->len; i++)
		cmd_result_line(result, "%s: not loaded: %s", (const char *)unloaded->pdata[i],
		                accounts_unloaded_reason(unloaded->pdata[i]));
	g_ptr_array_free(unloaded, TRUE);
	return 0;
}

static const struct account *
cmd_account_named(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct account *account;

	if (invocation->argc < 2) {
		cmd_result_error(result, "/account %s: which account?", invocation->argv[0]);
		return NULL;
	}
	account = account_find(invocation->argv[1]);
	if (account == NULL && accounts_unloaded_reason(invocation->argv[1]) != NULL)
		cmd_result_error(result,
		                 "/account %s: %s was not loaded (%s): fix it with /account set "
		                 "%s KEY VALUE or /account unset, or /account remove it",
		                 invocation->argv[0], invocation->argv[1],
		                 accounts_unloaded_reason(invocation->argv[1]),
		                 invocation->argv[1]);
	else if (account == NULL)
		cmd_result_error(result, "/account %s: no account named '%s'", invocation->argv[0],
		                 invocation->argv[1]);
	return account;
}

static int
cmd_account_show(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct account *account = cmd_account_named(invocation, result);
	char *state, port[16];

	if (account == NULL)
		return -1;
	state = cmd_account_state(account->name);
	g_snprintf(port, sizeof port, "%u", account->port);
	cmd_result_line(result, "%s: %s", account->name, state);
	cmd_result_line(result, "  jid = %s", account->jid);
	if (account->password != NULL)
		cmd_result_line(result, "  password = (set, not shown)");
	if (account->eval_password != NULL)
		cmd_result_line(result, "  eval_password = %s", account->eval_password);
	if (account->password == NULL && account->eval_password == NULL)
		cmd_result_line(result, "  no password: /account set %s password ...",
		                account->name);
	cmd_result_line(result, "  server = %s", account->server ? account->server : "(DNS SRV)");
	cmd_result_line(result, "  port = %s", account->port ? port : "(default)");
	cmd_result_line(result, "  resource = %s",
	                account->resource ? account->resource : "(natter)");
	cmd_result_line(result, "  tls = %s", account_tls_name(account->tls));
	if (account->trust_cafile != NULL)
		cmd_result_line(result, "  trust_cafile = %s", account->trust_cafile);
	if (account->allow_plain)
		cmd_result_line(result, "  allow_plain = yes");
	cmd_result_line(result, "  autoconnect = %s", account->autoconnect ? "yes" : "no");
	cmd_result_line(result, "  enabled = %s", account->disabled ? "no" : "yes");
	cmd_result_line(result, "  tag = %s", account_tag(account));
	if (account->colour >= 0)
		cmd_result_line(result, "  colour = colour%d", account->colour);
	else
		cmd_result_line(result, "  colour = (from the name)");
	cmd_result_line(result, "  status = %s%s%s",
	                presence_show_name((enum presence_show)account->show),
	                account->status ? " " : "", account->status ? account->status : "");
	cmd_result_line(result, "  priority = %d", account->priority);
	cmd_result_line(result, "  nick = %s", account->nick ? account->nick : "(the JID's user)");
	if (account->autojoin != NULL) {
		char *rooms = g_strjoinv(", ", account->autojoin);
		cmd_result_line(result, "  autojoin = %s", rooms);
		g_free(rooms);
	}
	g_free(state);
	return 0;
}

static int
cmd_account_add(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	char *cause = NULL;

	if (invocation->argc != 3)
		return cmd_result_error(result, "/account add: give a name and a JID");
	if (accounts_add(invocation->argv[1], invocation->argv[2], &cause) == -1) {
		cmd_result_error(result, "/account add: %s", cause);
		g_free(cause);
		return -1;
	}
	cmd_result_line(result,
	                "account %s added (%s); next: /account set %s password ..., then "
	                "/connect %s",
	                invocation->argv[1], account_find(invocation->argv[1])->jid,
	                invocation->argv[1], invocation->argv[1]);
	return 0;
}

/* set NAME KEY VALUE, unset NAME KEY. */
static int
cmd_account_set(const struct cmd_invocation *invocation, struct cmd_result *result, int unset)
{
	const char *sub = invocation->argv[0], *name, *key;
	struct session *session;
	char *cause = NULL;
	int active, presence;

	if (invocation->argc != (unset ? 3 : 4))
		return cmd_result_error(result, "/account %s: give an account, a key%s", sub,
		                        unset ? "" : " and a value");
	name = invocation->argv[1];
	key = invocation->argv[2];
	session = session_find(name);
	active = session != NULL && session_state(session) != SESSION_DISCONNECTED;
	/* Another JID is another account: what natter keeps of the old one
	 * (roster, outbox, pin) must not carry over. */
	if (strcmp(key, "jid") == 0 && active)
		return cmd_result_error(result, "/account %s: %s is %s: /disconnect %s first", sub,
		                        name, session_state_name(session_state(session)), name);
	if (accounts_set(name, key, unset ? NULL : invocation->argv[3], &cause) == -1) {
		cmd_result_error(result, "/account %s: %s", sub, cause);
		g_free(cause);
		return -1;
	}
	if (strcmp(key, "jid") == 0)
		session_forget(name);
	/* The presence to start with is also the presence now: the part
	 * set, the rest as the user has it for this run. */
	presence = strcmp(key, "status") == 0 || strcmp(key, "priority") == 0;
	if (presence && session != NULL) {
		const struct account *account = account_find(name);
		const char *status;
		int show, priority;
		char *kept;
		session_get_presence(session, &show, &status, &priority);
		kept = g_strdup(status); /* setting frees the old text */
		if (strcmp(key, "status") == 0)
			session_set_presence(session, account->show, account->status, priority);
		else
			session_set_presence(session, show, kept, account->priority);
		g_free(kept);
	}
	/* enabled = no is /account disable: a connected account goes. */
	if (strcmp(key, "enabled") == 0 && account_find(name)->disabled && active &&
	    session_disconnect(session, &cause) == -1) {
		cmd_result_error(result, "/account %s: %s", sub, cause);
		g_free(cause);
		return -1;
	}
	if (unset)
		cmd_result_line(result, "%s: %s removed", name, key);
	else
		cmd_result_line(result, "%s: %s set%s", name, key,
		                presence && session != NULL &&
		                                session_state(session) == SESSION_ONLINE
		                        ? " (and in effect now)"
		                : presence && session != NULL ? " (and the presence to log in with)"
		                : active                      ? " (used from the next login)"
		                                              : "");
	return 0;
}

static int
cmd_account_remove(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	/* One that could not be loaded may go too (its group in the file). */
	const char *unloaded = invocation->argc > 1 && account_find(invocation->argv[1]) == NULL
	                               ? accounts_unloaded_reason(invocation->argv[1])
	                               : NULL;
	const struct account *account = unloaded ? NULL : cmd_account_named(invocation, result);
	struct session *session;
	char *cause = NULL, *name;
	gint64 now = g_get_monotonic_time();

	if (account == NULL && unloaded == NULL)
		return -1;
	name = g_strdup(invocation->argv[1]);
	session = session_find(name);
	if (session != NULL && session_state(session) != SESSION_DISCONNECTED) {
		cmd_result_error(result, "/account remove: %s is %s: /disconnect %s first", name,
		                 session_state_name(session_state(session)), name);
		g_free(name);
		return -1;
	}
	if (confirm_name == NULL || strcmp(confirm_name, name) != 0 || now > confirm_until) {
		g_free(confirm_name);
		confirm_name = g_strdup(name);
		confirm_until = now + ACCOUNT_CONFIRM_S * G_USEC_PER_SEC;
		cmd_result_line(result,
		                "this removes %s (%s) from accounts.ini with its settings and "
		                "password, its cached roster and pinned certificate: type the same "
		                "command again within %d s to confirm",
		                name, account ? account->jid : "not loaded", ACCOUNT_CONFIRM_S);
		g_free(name);
		return 0;
	}
	g_clear_pointer(&confirm_name, g_free);
	if (accounts_remove(name, &cause) == -1) {
		cmd_result_error(result, "/account remove: %s", cause);
		g_free(cause);
		g_free(name);
		return -1;
	}
	session_forget(name);
	cmd_result_line(result, "account %s removed", name);
	g_free(name);
	return 0;
}

/* rename NAME NEW_NAME, of a disconnected account. */
static int
cmd_account_rename(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct account *account = cmd_account_named(invocation, result);
	struct event event = { .type = EV_ACCOUNT_RENAMED };
	struct session *session;
	char *cause = NULL, *old;
	int was_default;

	if (account == NULL)
		return -1;
	if (invocation->argc != 3)
		return cmd_result_error(result,
		                        "/account rename: give the account and its new name");
	session = session_find(account->name);
	if (session != NULL && session_state(session) != SESSION_DISCONNECTED)
		return cmd_result_error(result, "/account rename: %s is %s: /disconnect %s first",
		                        account->name, session_state_name(session_state(session)),
		                        account->name);
	old = g_strdup(account->name);
	was_default = g_strcmp0(cmd_default_account(), old) == 0;
	if (accounts_rename(old, invocation->argv[2], &cause) == -1) {
		cmd_result_error(result, "/account rename: %s", cause);
		g_free(cause);
		g_free(old);
		return -1;
	}
	session_rename(old, invocation->argv[2]);
	if (was_default)
		cmd_set_default_account(invocation->argv[2]);
	if (g_strcmp0(confirm_name, old) == 0)
		g_clear_pointer(&confirm_name, g_free);
	event.account = invocation->argv[2];
	event.u.renamed.old = old;
	event_emit(&event);
	cmd_result_line(result, "account %s is now named %s", old, invocation->argv[2]);
	g_free(old);
	return 0;
}

/* enable NAME: the "enabled" key goes (yes is the default); disable NAME:
 * "enabled = no", and a connected account disconnects. */
static int
cmd_account_enable(const struct cmd_invocation *invocation, struct cmd_result *result, int enable)
{
	const struct account *account = cmd_account_named(invocation, result);
	struct session *session;
	char *cause = NULL, *name;

	if (account == NULL)
		return -1;
	name = g_strdup(account->name);
	if (accounts_set(name, "enabled", enable ? NULL : "no", &cause) == -1) {
		cmd_result_error(result, "/account %s: %s", invocation->argv[0], cause);
		g_free(cause);
		g_free(name);
		return -1;
	}
	session = session_find(name);
	if (!enable && session != NULL && session_state(session) != SESSION_DISCONNECTED &&
	    session_disconnect(session, &cause) == -1) {
		cmd_result_error(result, "/account disable: %s", cause);
		g_free(cause);
		g_free(name);
		return -1;
	}
	if (enable)
		cmd_result_line(result, "account %s enabled: /connect %s", name, name);
	else
		cmd_result_line(result, "account %s disabled", name);
	g_free(name);
	return 0;
}

/* switch [NAME]: the account of commands typed in the console. */
static int
cmd_account_switch(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct account *account;

	if (invocation->argc < 2) {
		const char *name = cmd_default_account();
		if (name == NULL)
			cmd_result_line(result,
			                "no account chosen: commands in the console need -a "
			                "ACCOUNT when there are several");
		else
			cmd_result_line(result, "commands in the console act on %s", name);
		return 0;
	}
	account = cmd_account_named(invocation, result);
	if (account == NULL)
		return -1;
	cmd_set_default_account(account->name);
	cmd_result_line(result, "commands in the console now act on %s (%s)", account->name,
	                account->jid);
	return 0;
}

int
cmd_account(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *sub = invocation->argc > 0 ? invocation->argv[0] : "list";

	if (strcmp(sub, "list") == 0)
		return invocation->argc > 1
		               ? cmd_result_error(result, "/account list: no arguments")
		               : cmd_account_list(result);
	if (strcmp(sub, "show") == 0)
		return cmd_account_show(invocation, result);
	if (strcmp(sub, "add") == 0)
		return cmd_account_add(invocation, result);
	if (strcmp(sub, "set") == 0)
		return cmd_account_set(invocation, result, 0);
	if (strcmp(sub, "unset") == 0)
		return cmd_account_set(invocation, result, 1);
	if (strcmp(sub, "remove") == 0)
		return cmd_account_remove(invocation, result);
	if (strcmp(sub, "rename") == 0)
		return cmd_account_rename(invocation, result);
	if (strcmp(sub, "switch") == 0)
		return cmd_account_switch(invocation, result);
	if (strcmp(sub, "enable") == 0 || strcmp(sub, "disable") == 0)
		return cmd_account_enable(invocation, result, strcmp(sub, "enable") == 0);
	return cmd_result_error(result,
	                        "/account: no such action '%s' (list, show, add, set, "
	                        "unset, rename, remove, enable, disable, switch)",
	                        sub);
}

/* /account set: what follows the account's name (the key and the value)
 * is a secret, whatever the key: a misspelt or missing word must not put
 * a password into the history. */
int
cmd_account_secret(int position, const char *const *before)
{
	return position == 3 && strcmp(before[0], "set") == 0;
}
