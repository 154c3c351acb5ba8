/*
 * chatstate.c: the user's chat state (XEP-0085) from real typing in a
 * conversation window.
 *
 * Owns the conversation last told a state, what it was told, and the
 * timer that turns composing into paused (armed only while typing).
 */
#include "config.h"

#include "fe/tty/chatstate.h"
#include "fe/tty/window.h"
#include "model/conversation.h"
#include "xmpp/chat.h"
#include "xmpp/session.h"

static unsigned typing_to;
static int typing_state;
static guint typing_pause;

/* After this long without a key, composing becomes paused (XEP-0085 5.2
 * suggests a few seconds). */
#define CHATSTATE_PAUSED_S 5

static void
chatstate_tell(unsigned conversation, int state)
{
	const struct conversation *c = conversation_find_id(conversation);
	struct session *session = c ? session_find(c->account) : NULL;

	typing_to = conversation;
	typing_state = state;
	if (session != NULL)
		chat_send_state(session, c->peer, state);
}

static gboolean
chatstate_on_pause(gpointer userdata)
{
	typing_pause = 0;
	if (typing_state == CHAT_STATE_COMPOSING)
		chatstate_tell(typing_to, CHAT_STATE_PAUSED);
	return G_SOURCE_REMOVE;
}

/* The input line changed: composing while a message is being written in a
 * conversation window (not a command), active when the line is emptied,
 * paused when the user stops or leaves the window. chat_send_state() only
 * sends to peers that use chat states. */
void
chatstate_typed(const char *buffer)
{
	struct window *w = window_current();
	unsigned here = w->kind == WINDOW_CHAT ? w->conversation : 0;
	int writing = buffer[0] != '\0' && (buffer[0] != '/' || buffer[1] == '/');

	if (typing_to != 0 && typing_to != here && typing_state == CHAT_STATE_COMPOSING) {
		g_clear_handle_id(&typing_pause, g_source_remove);
		chatstate_tell(typing_to, CHAT_STATE_PAUSED);
	}
	if (here == 0)
		return;
	if (writing) {
		if (typing_to != here || typing_state != CHAT_STATE_COMPOSING)
			chatstate_tell(here, CHAT_STATE_COMPOSING);
		g_clear_handle_id(&typing_pause, g_source_remove);
		typing_pause = g_timeout_add_seconds(CHATSTATE_PAUSED_S, chatstate_on_pause, NULL);
	} else if (typing_to == here &&
	           (typing_state == CHAT_STATE_COMPOSING || typing_state == CHAT_STATE_PAUSED)) {
		g_clear_handle_id(&typing_pause, g_source_remove);
		chatstate_tell(here, CHAT_STATE_ACTIVE);
	}
}

void
chatstate_sent(unsigned conversation)
{
	/* The message carried <active/> (XEP-0085 5.1). */
	g_clear_handle_id(&typing_pause, g_source_remove);
	typing_to = conversation;
	typing_state = CHAT_STATE_ACTIVE;
}

void
chatstate_stop(void)
{
	g_clear_handle_id(&typing_pause, g_source_remove);
	typing_to = 0;
	typing_state = CHAT_STATE_NONE;
}
