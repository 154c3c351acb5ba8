/*
 * cmd-presence.c: /status and /priority, the accounts' own presence
 * (RFC 6121 4).
 *
 * Stateless. A change applies to -a ACCOUNT, else to the account the
 * command would act on (the window's, /account switch's, the only one),
 * or with --all to every configured account (the ones offline get it at
 * their next login). Without a change, every account's is shown.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "model/account.h"
#include "model/contact.h"
#include "xmpp/presence.h"
#include "xmpp/session.h"

/* The accounts a presence command acts on: -a ACCOUNT, else (changing)
 * the one the command acts on, else (--all, or only showing) all. */
static GPtrArray *
cmd_presence_accounts(const struct cmd_invocation *invocation, int changing,
                      struct cmd_result *result)
{
	const char *name = cmd_option(invocation, 'a');
	const GPtrArray *accounts = account_list();
	GPtrArray *sessions;
	char *cause = NULL;

	if (name != NULL && cmd_flag(invocation, "all")) {
		cmd_result_error(result, "/%s: -a ACCOUNT or --all, not both",
		                 invocation->entry->name);
		return NULL;
	}
	if (name == NULL && changing && !cmd_flag(invocation, "all") &&
	    (name = cmd_pick_account(invocation, 0, result)) == NULL)
		return NULL;
	sessions = g_ptr_array_new();
	if (name != NULL) {
		struct session *session = session_get(name, &cause);
		if (session == NULL) {
			cmd_result_error(result, "/%s: %s", invocation->entry->name, cause);
			g_free(cause);
			g_ptr_array_free(sessions, TRUE);
			return NULL;
		}
		g_ptr_array_add(sessions, session);
		return sessions;
	}
	for (guint i = 0; i < accounts->len; i++) {
		struct session *session =
		        session_get(((struct account *)accounts->pdata[i])->name, &cause);
		if (session != NULL)
			g_ptr_array_add(sessions, session);
		g_clear_pointer(&cause, g_free);
	}
	if (sessions->len == 0) {
		cmd_result_error(result, "/%s: no account is configured", invocation->entry->name);
		g_ptr_array_free(sessions, TRUE);
		return NULL;
	}
	return sessions;
}

static void
cmd_presence_describe(struct session *session, struct cmd_result *result)
{
	const char *status;
	int show, priority;

	session_get_presence(session, &show, &status, &priority);
	cmd_result_line(result, "%s: %s%s%s%s (priority %d; %s)", session_account(session),
	                presence_show_name((enum presence_show)show), status ? ": \"" : "",
	                status ? status : "", status ? "\"" : "", priority,
	                session_state_name(session_state(session)));
}

/*
 * Sets on the accounts of invocation the show (-1: keep) with status, and
 * the priority (change_priority 0: keep), then describes each.
 */
static int
cmd_presence_apply(const struct cmd_invocation *invocation, int show, const char *status,
                   int change_priority, int priority, struct cmd_result *result)
{
	GPtrArray *sessions =
	        cmd_presence_accounts(invocation, show >= 0 || change_priority, result);

	if (sessions == NULL)
		return -1;
	for (guint i = 0; i < sessions->len; i++) {
		struct session *session = sessions->pdata[i];
		const char *old_status;
		int old_show, old_priority;
		char *kept;
		session_get_presence(session, &old_show, &old_status, &old_priority);
		if (show >= 0 || change_priority) {
			/* Copied: setting frees the old text. */
			kept = g_strdup(show >= 0 ? status : old_status);
			session_set_presence(session, show >= 0 ? show : old_show, kept,
			                     change_priority ? priority : old_priority);
			g_free(kept);
		}
		cmd_presence_describe(session, result);
	}
	g_ptr_array_free(sessions, TRUE);
	return 0;
}

/* /status -t JID SHOW [MESSAGE]: RFC 6121 4.6 directed presence. */
static int
cmd_status_directed(const struct cmd_invocation *invocation, const char *to,
                    struct cmd_result *result)
{
	const char *name = cmd_pick_account(invocation, 1, result);
	struct session *session = name ? session_find(name) : NULL;
	const char *word = invocation->argc > 0 ? invocation->argv[0] : "online";
	char *cause = NULL;
	int show = strcmp(word, "offline") == 0 ? SHOW_OFFLINE : presence_show_word(word);

	if (name == NULL)
		return -1;
	if (show < 0)
		return cmd_result_error(result,
		                        "/status: '%s' is not one of online, chat, away, xa, dnd, "
		                        "offline",
		                        word);
	if (session == NULL ||
	    presence_send_directed(session, to, show,
	                           invocation->argc > 1 ? invocation->argv[1] : NULL,
	                           &cause) == -1) {
		cmd_result_error(result, "/status: %s",
		                 cause ? cause : "the account is not online");
		g_free(cause);
		return -1;
	}
	cmd_result_line(result, "%s: presence %s sent to %s only", name, word, to);
	return 0;
}

int
cmd_status(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *to = cmd_option(invocation, 't');
	int show = -1;

	if (to != NULL)
		return cmd_status_directed(invocation, to, result);
	if (invocation->argc > 0) {
		/* "online" is the word for a presence without <show/>. */
		show = presence_show_word(invocation->argv[0]);
		if (show < 0)
			return cmd_result_error(result,
			                        "/status: '%s' is not one of online, chat, "
			                        "away, xa, dnd",
			                        invocation->argv[0]);
	}
	return cmd_presence_apply(invocation, show,
	                          invocation->argc > 1 ? invocation->argv[1] : NULL, 0, 0, result);
}

int
cmd_priority(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	int value = 0;

	if (invocation->argc > 0 && presence_priority_parse(invocation->argv[0], &value) == -1)
		return cmd_result_error(result,
		                        "/priority: '%s' is not a number from -128 "
		                        "to 127",
		                        invocation->argv[0]);
	return cmd_presence_apply(invocation, -1, NULL, invocation->argc > 0, value, result);
}
