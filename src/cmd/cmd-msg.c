/*
 * cmd-msg.c: /msg, /me, and sending text typed in a conversation window.
 *
 * Stateless.
 */
#include "config.h"

#include <string.h>

#include "cmd/commands.h"
#include "core/jid.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/chat.h"
#include "xmpp/session.h"

/* In a room's window, a bare nick means that occupant (XEP-0045 7.5):
 * ROOM/NICK (caller frees); else NULL. */
static char *
cmd_msg_occupant(const struct cmd_invocation *invocation, const char *to)
{
	const struct cmd_context *context = invocation->context;
	char *room, *occupant = NULL;

	if (strchr(to, '@') != NULL || context->peer == NULL || context->account == NULL ||
	    cmd_option(invocation, 'a') != NULL)
		return NULL;
	room = jid_bare_of(context->peer);
	if (room != NULL && room_find(context->account, room) != NULL)
		occupant = g_strconcat(room, "/", to, NULL);
	g_free(room);
	return occupant;
}

int
cmd_msg(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct cmd_frontend *frontend = invocation->context->frontend;
	char *occupant = cmd_msg_occupant(invocation, invocation->argv[0]);
	const char *to = occupant ? occupant : invocation->argv[0];
	const char *account;
	enum conversation_kind kind = CONVERSATION_CHAT;
	int ret = -1;
	char *cause = NULL, *peer = NULL;
	struct jid jid;

	/* The address first: it is what the user typed wrong most often. */
	if (jid_parse(to, &jid, &cause) == -1) {
		cmd_result_error(result, "/msg: '%s' is not a valid JID: %s", to, cause);
		g_free(cause);
		goto out;
	}
	peer = jid_bare(&jid);
	account = cmd_pick_account(invocation, invocation->argc > 1, result);
	if (account == NULL) {
		jid_clear(&jid);
		goto out;
	}
	/* A room's conversation is the room's; an occupant's is with the
	 * occupant (ROOM/NICK), not the room. */
	if (room_find(account, peer) != NULL) {
		kind = jid.resource != NULL ? CONVERSATION_PRIVATE : CONVERSATION_ROOM;
		g_free(peer);
		peer = jid_full(&jid);
	}
	jid_clear(&jid);
	if (invocation->argc == 1) {
		conversation_open_kind(account, peer, kind);
		if (frontend != NULL && frontend->show_conversation != NULL)
			frontend->show_conversation(account, peer);
		ret = 0;
		goto out;
	}
	ret = cmd_msg_send(account, to, invocation->argv[1], result);
	/* Sending also shows the conversation, as opening it does. */
	if (ret == 0 && frontend != NULL && frontend->show_conversation != NULL)
		frontend->show_conversation(account, peer);
out:
	g_free(peer);
	g_free(occupant);
	return ret;
}

/* XEP-0245 (The /me Command): the body starts with "/me "; receivers
 * show it as an action. */
int
cmd_me(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct cmd_context *context = invocation->context;
	char *body;
	int ret;

	if (context->peer == NULL || context->account == NULL)
		return cmd_result_error(result, "/me: this window has no contact; /msg JID opens "
		                                "a conversation");
	body = g_strconcat("/me ", invocation->argv[0], NULL);
	ret = cmd_msg_send(context->account, context->peer, body, result);
	g_free(body);
	return ret;
}

/* A message written while the account is offline waits in its outbox. */
static void
cmd_msg_note_queued(struct session *session, struct cmd_result *result)
{
	enum session_state state = session_state(session);

	if (state == SESSION_ONLINE)
		return;
	if (state == SESSION_DISCONNECTED)
		cmd_result_line(result,
		                "account '%s' is offline: the message waits and goes out when "
		                "you /connect %s",
		                session_account(session), session_account(session));
	else
		cmd_result_line(result,
		                "account '%s' is %s: the message waits and goes out once it is "
		                "online",
		                session_account(session), session_state_name(state));
}

/* XEP-0308: the user's last message in this window, corrected. */
int
cmd_correct(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const struct cmd_context *context = invocation->context;
	const char *to = cmd_option(invocation, 't');
	const char *account;
	struct session *session;
	char *cause = NULL, *peer;
	int ret;

	if (to == NULL && context->peer == NULL)
		return cmd_result_error(result, "/correct: this window has no contact (-t JID "
		                                "names one)");
	account = to != NULL ? cmd_pick_account(invocation, 1, result) : context->account;
	if (account == NULL)
		return -1;
	session = session_get(account, &cause);
	if (session == NULL) {
		cmd_result_error(result, "/correct: %s", cause);
		g_free(cause);
		return -1;
	}
	peer = to != NULL ? jid_bare_of(to) : g_strdup(context->peer);
	if (peer == NULL)
		return cmd_result_error(result, "/correct: '%s' is not a valid JID", to);
	ret = chat_correct(session, peer, invocation->argv[0], &cause);
	g_free(peer);
	if (ret == -1) {
		cmd_result_error(result, "/correct: %s", cause);
		g_free(cause);
		return -1;
	}
	cmd_msg_note_queued(session, result);
	return 0;
}

int
cmd_msg_send(const char *account, const char *to, const char *text, struct cmd_result *result)
{
	char *cause = NULL;
	struct session *session = session_get(account, &cause);

	if (session == NULL || chat_send(session, to, text, &cause) == -1) {
		cmd_result_error(result, "/msg: %s", cause);
		g_free(cause);
		return -1;
	}
	cmd_msg_note_queued(session, result);
	return 0;
}
