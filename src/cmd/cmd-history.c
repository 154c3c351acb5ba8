/*
 * cmd-history.c: the history (store/store.h) and the archives: /search,
 * /mam (XEP-0313, read by hand), /history (on, off, delete).
 *
 * Keeps the one deletion waiting for its confirmation: which and when.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd/commands.h"
#include "cmd/eventjson.h"
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

/* The conversation of account a command is about: jid as given
 * (checked, made bare unless it is an occupant of a room of the
 * account: a private conversation), or the current window's. Returns it
 * (caller frees), or NULL and an error in result. */
static char *
cmd_history_peer(const struct cmd_invocation *invocation, const char *account, const char *jid,
                 struct cmd_result *result)
{
	char *bare;

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
	bare = jid_bare_of(jid);
	if (strchr(jid, '/') != NULL && room_find(account, bare) != NULL) {
		g_free(bare);
		return g_strdup(jid);
	}
	return bare;
}

/* A time option of /search, into *time (0 when not given). */
static int
cmd_search_time(const struct cmd_invocation *invocation, char letter, gint64 *time,
                struct cmd_result *result)
{
	const char *text = cmd_option(invocation, letter);

	*time = 0;
	if (text != NULL && (*time = clock_parse_date(text)) < 0)
		return cmd_result_error(result,
		                        "/search: '%s' is not a time (YYYY-MM-DD, an ISO 8601 "
		                        "time, or N followed by m, h, d or w for that long ago)",
		                        text);
	return 0;
}

/* /search open N: the frontend's match N. */
static int
cmd_search_open(const struct cmd_invocation *invocation, const char *number,
                struct cmd_result *result)
{
	const struct cmd_frontend *frontend = invocation->context->frontend;
	char *end = NULL, *cause = NULL;
	long n = strtol(number, &end, 10);

	if (frontend == NULL || frontend->open_match == NULL)
		return cmd_result_error(result, "/search open: matches are opened in natter's "
		                                "terminal UI, which lists them");
	if (frontend->open_match((int)CLAMP(n, 0, G_MAXINT), &cause) == -1) {
		cmd_result_error(result, "/search open: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}

/* /search [-a ACCOUNT] [--in JID] [--from JID] [--since DATE] [--until
 * DATE] QUERY: the history's newest matches, a line each (and as
 * result->found, which the terminal UI lists in its search window); or
 * /search open N. */
int
cmd_search(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *account = cmd_option(invocation, 'a'), *text = invocation->argv[0];
	struct store_query query = { .text = text,
		                     .account = account,
		                     .conversation = cmd_option(invocation, 'i'),
		                     .sender = cmd_option(invocation, 'f'),
		                     .limit = 50 };
	char *cause = NULL;
	GPtrArray *found;

	/* "open N", N digits only ("open" and a number as words to find:
	 * quoted). */
	if (g_str_has_prefix(text, "open ") && text[5] != '\0' &&
	    strspn(text + 5, "0123456789") == strlen(text + 5))
		return cmd_search_open(invocation, text + 5, result);
	if (account != NULL && account_find(account) == NULL)
		return cmd_result_error(result, "/search: no account named '%s'", account);
	if (cmd_search_time(invocation, 's', &query.since, result) == -1 ||
	    cmd_search_time(invocation, 'u', &query.until, result) == -1)
		return -1;
	found = store_find(&query, &cause);
	if (found == NULL) {
		cmd_result_error(result, "/search: %s", cause);
		g_free(cause);
		return -1;
	}
	if (found->len == 0)
		cmd_result_line(result, "nothing in the history matches '%s'", text);
	else
		cmd_result_line(result, "%u message%s of the history match%s '%s'%s, newest first",
		                found->len, found->len == 1 ? "" : "s", found->len == 1 ? "es" : "",
		                text, found->len == 50 ? " (the newest 50)" : "");
	for (guint i = 0; i < found->len; i++) {
		char *line = eventjson_stored_text(found->pdata[i]);
		cmd_result_line(result, "%u  %s", i + 1, line);
		g_free(line);
	}
	result->found = found;
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
	peer = cmd_history_peer(invocation, account, jid, result);
	if (peer == NULL)
		return -1;
	/* XEP-0313 keeps a room's private messages with the account's, but
	 * marked as the room's: not the conversation's to ask for. */
	if (strchr(peer, '/') != NULL) {
		cmd_result_error(result,
		                 "/mam: a private conversation in a room (%s) is in no "
		                 "archive natter can read",
		                 peer);
		g_free(peer);
		return -1;
	}
	if (store_history_is_off(account, peer)) {
		cmd_result_error(result, "/mam: the history keeps nothing of %s (/history on %s)",
		                 peer, peer);
		g_free(peer);
		return -1;
	}
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
	peer = cmd_history_peer(invocation, account,
	                        invocation->argc > 1 ? invocation->argv[1] : NULL, result);
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
