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
	const char *to = invocation->argv[0];
	const char *account;
	char *cause = NULL, *peer;
	struct jid jid;

	/* The address first: it is what the user typed wrong most often. */
	if (jid_parse(to, &jid, &cause) == -1) {
		cmd_result_error(result, "/msg: '%s' is not a valid JID: %s", to, cause);
		g_free(cause);
		return -1;
	}
	peer = jid_bare(&jid);
	jid_clear(&jid);
	account = cmd_pick_account(invocation, invocation->argc > 1, result);
	if (account == NULL) {
		g_free(peer);
		return -1;
	}
	if (invocation->argc == 1) {
		conversation_open(account, peer);
		g_free(peer);
		return 0;
	}
	g_free(peer);
	return cmd_msg_send(account, to, invocation->argv[1], result);
}

int
cmd_msg_send(const char *account, const char *to, const char *text, struct cmd_result *result)
{
	struct session *session = session_find(account);
	char *cause = NULL;

	if (session == NULL || session_state(session) != SESSION_ONLINE) {
		return cmd_result_error(result,
		                        "/msg: account '%s' is not online; /connect %s first",
		                        account, account);
	}
	if (chat_send(session, to, text, &cause) == -1) {
		cmd_result_error(result, "/msg: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}
