/*
 * cmd-history.c: the history (store/store.h) and the archives: /search,
 * /mam (XEP-0313, read by hand), /history (on, off, delete).
 *
 * Keeps the one deletion waiting for its confirmation: which and when.
 */
#include "config.h"

#include <string.h>

#include "cmd/commands.h"
#include "core/clock.h"
#include "core/jid.h"
#include "model/account.h"
#include "model/room.h"
#include "store/store.h"
#include "xmpp/mam.h"
#include "xmpp/session.h"

/* /history delete asks to be said again within this long. */
#define CMD_DELETE_CONFIRM_S 60

/* The deletion said once: "ACCOUNT\nJID", and when (monotonic). A JID is
 * at most 3071 bytes (RFC 7622 3.1), an account name short. */
static char delete_waiting[3200];
static gint64 delete_said;

/* The conversation a command is about: jid as given (checked, made
 * bare unless it is a room's occupant), or the current window's.
 * Returns it (caller frees), or NULL and an error in result. */
static char *
cmd_history_peer(const struct cmd_invocation *invocation, const char *jid,
                 struct cmd_result *result)
{
	if (jid == NULL && invocation->context->peer == NULL) {
		cmd_result_error(result,
		                 "/%s: say which conversation (a JID or room), or run it "
		                 "in the conversation's window",
		                 invocation->entry->name);
		return NULL;
	}
	if (jid == NULL)
		return g_strdup(invocation->context->peer);
	if (!jid_is_valid(jid)) {
		cmd_result_error(result, "/%s: '%s' is not a valid JID", invocation->entry->name,
		                 jid);
		return NULL;
	}
	return g_strdup(jid);
}

/* /search [-a ACCOUNT] QUERY: the history's newest matches, a line each. */
int
cmd_search(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *account = cmd_option(invocation, 'a');
	struct store_query query = { .text = invocation->argv[0], .account = account, .limit = 50 };
	char *cause = NULL;
	GPtrArray *found;

	if (account != NULL && account_find(account) == NULL)
		return cmd_result_error(result, "/search: no account named '%s'", account);
	found = store_find(&query, &cause);
	if (found == NULL) {
		cmd_result_error(result, "/search: %s", cause);
		g_free(cause);
		return -1;
	}
	if (found->len == 0)
		cmd_result_line(result, "nothing in the history matches '%s'", invocation->argv[0]);
	for (guint i = 0; i < found->len; i++) {
		const struct stored_message *m = found->pdata[i];
		char *when = clock_format(m->timestamp, "%Y-%m-%d %H:%M");
		cmd_result_line(result, "%s  %s  %s  <%s> %s", when, m->account, m->conversation,
		                m->sender ? m->sender : "?", m->body ? m->body : "");
		g_free(when);
	}
	g_ptr_array_unref(found);
	return 0;
}

/* /mam [-a ACCOUNT] [JID] [SINCE]: what the archive holds of a
 * conversation since a time (all of it without one) into the history. */
int
cmd_mam(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *account = cmd_pick_account(invocation, 1, result);
	const char *jid = NULL, *since_text = NULL;
	gint64 since = 0;
	char *peer, *cause = NULL;
	int ret;

	if (account == NULL)
		return -1;
	/* One argument: a time when it reads as one ("2d" could be a
	 * domain: a time it is), else the conversation. */
	if (invocation->argc == 2) {
		jid = invocation->argv[0];
		since_text = invocation->argv[1];
	} else if (invocation->argc == 1 && clock_parse_date(invocation->argv[0]) >= 0) {
		since_text = invocation->argv[0];
	} else if (invocation->argc == 1) {
		jid = invocation->argv[0];
	}
	if (since_text != NULL && (since = clock_parse_date(since_text)) < 0)
		return cmd_result_error(result,
		                        "/mam: '%s' is not a time (YYYY-MM-DD, an ISO 8601 time, "
		                        "or N followed by m, h, d or w for that long ago)",
		                        since_text);
	peer = cmd_history_peer(invocation, jid, result);
	if (peer == NULL)
		return -1;
	ret = mam_fetch_since(session_find(account), peer, since, &cause);
	if (ret == -1)
		cmd_result_error(result, "/mam: %s", cause);
	else
		cmd_result_line(result, "reading the archive of %s%s%s", peer,
		                since_text ? " since " : "", since_text ? since_text : "");
	g_free(cause);
	g_free(peer);
	return ret;
}

/* /history delete: said once, it says what would go; said again within
 * CMD_DELETE_CONFIRM_S, it goes. */
static int
cmd_history_delete(const struct cmd_invocation *invocation, const char *account, const char *peer,
                   struct cmd_result *result)
{
	char *key = g_strdup_printf("%s\n%s", account, peer);
	gint64 now = g_get_monotonic_time(), count = store_count(account, peer);
	char *cause = NULL;
	int confirmed = strcmp(key, delete_waiting) == 0 &&
	                now - delete_said < CMD_DELETE_CONFIRM_S * G_USEC_PER_SEC;

	if (count < 0) {
		g_free(key);
		return cmd_result_error(result, "/history: no history is kept");
	}
	if (!confirmed) {
		g_strlcpy(delete_waiting, strlen(key) < sizeof delete_waiting ? key : "",
		          sizeof delete_waiting);
		delete_said = now;
		g_free(key);
		cmd_result_line(result,
		                "this deletes the %" G_GINT64_FORMAT
		                " message%s of %s (account %s) from the history, for good: say "
		                "/history delete %s again within %d seconds to do it",
		                count, count == 1 ? "" : "s", peer, account, peer,
		                CMD_DELETE_CONFIRM_S);
		return 0;
	}
	g_free(key);
	delete_waiting[0] = '\0';
	if (store_delete(account, peer, &cause) == -1) {
		cmd_result_error(result, "/history: %s", cause);
		g_free(cause);
		return -1;
	}
	cmd_result_line(result, "deleted the %" G_GINT64_FORMAT " message%s of %s (account %s)",
	                count, count == 1 ? "" : "s", peer, account);
	return 0;
}

/* /history [-a ACCOUNT] [on|off [JID] | delete JID]. */
int
cmd_history(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *verb = invocation->argc > 0 ? invocation->argv[0] : NULL;
	const char *account;
	char *peer, *cause = NULL;
	int ret = 0;

	if (verb == NULL) {
		GPtrArray *off = store_history_off_list(cmd_option(invocation, 'a'));
		if (store_path() == NULL)
			cmd_result_line(result, "no history is kept (it could not be opened)");
		else
			cmd_result_line(result, "the history is %s; %s", store_path(),
			                off->len == 0 ? "every conversation is kept"
			                              : "not kept for:");
		for (guint i = 0; i < off->len; i++)
			cmd_result_line(result, "  %s", (const char *)off->pdata[i]);
		g_ptr_array_unref(off);
		return 0;
	}
	if (strcmp(verb, "delete") == 0 && invocation->argc < 2)
		return cmd_result_error(result, "/history delete JID: say which conversation");
	account = cmd_pick_account(invocation, 0, result);
	if (account == NULL)
		return -1;
	peer = cmd_history_peer(invocation, invocation->argc > 1 ? invocation->argv[1] : NULL,
	                        result);
	if (peer == NULL)
		return -1;
	if (strcmp(verb, "delete") == 0) {
		ret = cmd_history_delete(invocation, account, peer, result);
	} else if (store_set_history(account, peer, strcmp(verb, "on") == 0, &cause) == -1) {
		ret = cmd_result_error(result, "/history: %s", cause);
	} else if (strcmp(verb, "on") == 0) {
		cmd_result_line(result, "the history keeps %s (account %s) again", peer, account);
	} else {
		cmd_result_line(result,
		                "the history keeps nothing of %s (account %s) from now on; what it "
		                "has stays (/history delete %s removes it)",
		                peer, account, peer);
	}
	g_free(cause);
	g_free(peer);
	return ret;
}
