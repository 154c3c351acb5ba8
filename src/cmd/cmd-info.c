/*
 * cmd-info.c: /disco, /version and /ping: questions to other entities
 * (XEP-0030, XEP-0092, XEP-0199); /block, /unblock, /blocked (XEP-0191). The answers come later, as
 * lines in the console (EV_LOG) under the account.
 *
 * Stateless.
 */
#include "config.h"

#include <string.h>

#include "cmd/commands.h"
#include "core/jid.h"
#include "model/account.h"
#include "xmpp/blocking.h"
#include "xmpp/disco.h"
#include "xmpp/session.h"
#include "xmpp/vcard.h"

static int
cmd_info_ask(const struct cmd_invocation *invocation, enum disco_kind kind, const char *jid,
             const char *node, struct cmd_result *result)
{
	const char *account = cmd_pick_account(invocation, 1, result);
	char *cause = NULL;

	if (account == NULL)
		return -1;
	if (jid != NULL && !jid_is_valid(jid))
		return cmd_result_error(result, "/%s: '%s' is not a valid JID",
		                        invocation->entry->name, jid);
	/* Without a JID: the account's own server. */
	if (jid == NULL) {
		char *bare = jid_bare_of(session_jid(session_find(account)));
		const char *at = bare ? strchr(bare, '@') : NULL;
		char *server = g_strdup(at ? at + 1 : bare);
		int ret = cmd_info_ask(invocation, kind, server, node, result);
		g_free(server);
		g_free(bare);
		return ret;
	}
	if (disco_query(session_find(account), kind, jid, node, &cause) == -1) {
		cmd_result_error(result, "/%s: %s", invocation->entry->name, cause);
		g_free(cause);
		return -1;
	}
	cmd_result_line(result, "asked %s; the answer will show in the console", jid);
	return 0;
}

int
cmd_disco(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *verb = invocation->argv[0];
	enum disco_kind kind;

	if (strcmp(verb, "info") == 0)
		kind = DISCO_INFO;
	else if (strcmp(verb, "items") == 0)
		kind = DISCO_ITEMS;
	else
		return cmd_result_error(result, "/disco info|items [JID [NODE]]");
	return cmd_info_ask(invocation, kind, invocation->argc > 1 ? invocation->argv[1] : NULL,
	                    invocation->argc > 2 ? invocation->argv[2] : NULL, result);
}

int
cmd_version(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	return cmd_info_ask(invocation, DISCO_VERSION,
	                    invocation->argc > 0 ? invocation->argv[0] : NULL, NULL, result);
}

int
cmd_ping(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	return cmd_info_ask(invocation, DISCO_PING,
	                    invocation->argc > 0 ? invocation->argv[0] : NULL, NULL, result);
}

/* XEP-0191: /block JID, /unblock [JID], /blocked. */
int
cmd_block(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *name = invocation->entry->name;
	const char *account = cmd_pick_account(invocation, 1, result);
	const char *jid = invocation->argc > 0 ? invocation->argv[0] : NULL;
	struct session *session;
	char *cause = NULL;
	int ret;

	if (account == NULL)
		return -1;
	session = session_find(account);
	if (strcmp(name, "block") == 0)
		ret = blocking_block(session, jid, &cause);
	else if (strcmp(name, "unblock") == 0)
		ret = blocking_unblock(session, jid, &cause);
	else
		ret = blocking_list(session, &cause);
	if (ret == -1) {
		cmd_result_error(result, "/%s: %s", name, cause);
		g_free(cause);
	}
	return ret;
}

/* XEP-0054: /vcard [JID] | /vcard set FIELD [VALUE]. */
int
cmd_vcard(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *account = cmd_pick_account(invocation, 1, result);
	const char *first = invocation->argc > 0 ? invocation->argv[0] : NULL;
	char *cause = NULL;
	int ret;

	if (account == NULL)
		return -1;
	if (first != NULL && strcmp(first, "set") == 0) {
		if (invocation->argc < 2)
			return cmd_result_error(result, "/vcard set FIELD [VALUE]");
		ret = vcard_set(session_find(account), invocation->argv[1],
		                invocation->argc > 2 ? invocation->argv[2] : "", &cause);
	} else {
		if (first != NULL && !jid_is_valid(first))
			return cmd_result_error(result, "/vcard: '%s' is not a valid JID", first);
		ret = vcard_show(session_find(account), first, &cause);
	}
	if (ret == -1) {
		cmd_result_error(result, "/vcard: %s", cause);
		g_free(cause);
	}
	return ret;
}

/* XEP-0012: /lastactivity JID. */
int
cmd_lastactivity(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *account = cmd_pick_account(invocation, 1, result);
	char *cause = NULL;

	if (account == NULL)
		return -1;
	if (!jid_is_valid(invocation->argv[0]))
		return cmd_result_error(result, "/lastactivity: '%s' is not a valid JID",
		                        invocation->argv[0]);
	if (vcard_last_activity(session_find(account), invocation->argv[0], &cause) == -1) {
		cmd_result_error(result, "/lastactivity: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}
