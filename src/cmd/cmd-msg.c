/*
 * cmd-msg.c: /msg, and sending text typed in a conversation window.
 *
 * Stateless.
 */
#include "config.h"

#include "cmd/commands.h"
#include "core/jid.h"
#include "model/conversation.h"
#include "xmpp/chat.h"
#include "xmpp/session.h"

int
cmd_msg(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *account = cmd_pick_account(invocation, invocation->argc > 1, result);
	const char *to = invocation->argv[0];
	struct session *session;
	char *cause = NULL, *peer;

	if (account == NULL)
		return -1;
	if (!jid_is_valid(to)) {
		struct jid jid;
		jid_parse(to, &jid, &cause);
		cmd_result_error(result, "/msg: '%s' is not a valid JID: %s", to, cause);
		g_free(cause);
		return -1;
	}
	if (invocation->argc == 1) {
		peer = jid_bare_of(to);
		conversation_open(account, peer);
		g_free(peer);
		return 0;
	}
	session = session_find(account);
	if (session == NULL || session_state(session) != SESSION_ONLINE) {
		cmd_result_error(result, "/msg: account '%s' is not online; /connect %s first", account,
		                 account);
		return -1;
	}
	if (chat_send(session, to, invocation->argv[1], &cause) == -1) {
		cmd_result_error(result, "/msg: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}
