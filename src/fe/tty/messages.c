/*
 * messages.c: the model's messages as lines of the terminal frontend's
 * windows: a new one (with who said it, how it shows, what it alerts),
 * and one delivered or corrected, changed in place.
 *
 * Stateless.
 */
#include "config.h"

#include <string.h>

#include "fe/tty/alert.h"
#include "fe/tty/draw.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/window.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/session.h"

/* The mark of an own message (view.c draws it). */
static unsigned
tty_delivery_flag(enum message_delivery delivery)
{
	switch (delivery) {
	case DELIVERY_PENDING:
		return LINE_PENDING;
	case DELIVERY_ACKED:
		return LINE_ACKED;
	case DELIVERY_DELIVERED:
		return LINE_DELIVERED;
	case DELIVERY_SENT:
		break;
	}
	return LINE_SENT;
}

void
tty_on_message(const struct event *event, void *userdata)
{
	const struct conversation *c = event->u.message.conversation;
	const struct message *m = event->u.message.message;
	struct window *w;
	const char *body = m->body ? m->body : "";
	enum line_kind kind = LINE_MESSAGE;
	struct window_line *line;

	/* Shown before (the archive's copy of one the history has); or
	 * older than the window's lines: read from the history
	 * (stored_on_fetched()). */
	if (m->duplicate || m->backfill)
		return;
	w = tty_window_of(c, m->store_id);
	enum window_activity activity;
	unsigned flags = 0;
	char *who, *shown = NULL;

	const struct room *room = tty_room_of(c);
	if (room != NULL) {
		/* In a room and with its occupants, people are nicks. */
		const char *address =
		        m->direction == MESSAGE_IN || c->kind == CONVERSATION_ROOM ? m->from : NULL;
		const char *slash = address ? strchr(address, '/') : NULL;
		who = slash                         ? roomview_nick(room, slash + 1)
		      : m->direction == MESSAGE_OUT ? g_strdup(room->nick)
		                                    : g_strdup(c->peer);
	} else {
		if (m->direction == MESSAGE_OUT)
			who = g_strdup(session_jid(session_find(c->account)));
		else
			who = g_strdup(m->from);
		/* Show the bare JID: the resource is noise in a one-to-one
		 * window. */
		char *slash = strchr(who, '/');
		if (slash != NULL)
			*slash = '\0';
	}
	if (m->type == MESSAGE_ERROR) {
		char *text = g_strdup_printf("not delivered: %s", m->error ? m->error : "");
		/* Under the message it answers, when that is still in the
		 * window; else on its own, saying who answered. Only an id
		 * of a message the conversation still has is looked for: a
		 * made-up one must not bring the window's compressed lines
		 * back. */
		if (m->id == NULL ||
		    conversation_find_message((struct conversation *)c, m->id, MESSAGE_OUT) ==
		            NULL ||
		    !window_annotate(w, m->id, text)) {
			g_free(text);
			text = g_strdup_printf("error from %s: %s", who, m->error ? m->error : "");
			window_add(w, m->timestamp, LINE_ERROR, 0, NULL, text, ACTIVITY_HIGHLIGHT);
		} else if (w != window_current() && w->activity < ACTIVITY_HIGHLIGHT) {
			w->activity = ACTIVITY_HIGHLIGHT;
		}
		g_free(text);
		g_free(who);
		alert_update_title();
		draw_dirty();
		return;
	}
	/* RFC 6121 5.2.2 and 5.2.4: a notice (headline) and a subject say
	 * so before the text. */
	if (m->type == MESSAGE_HEADLINE || m->subject != NULL) {
		shown = g_strdup_printf(
		        "%s%s%s%s", m->type == MESSAGE_HEADLINE ? "[headline] " : "",
		        m->subject ? m->subject : "", m->subject && *body ? ": " : "", body);
		body = shown;
	}
	/* XEP-0245 §4: a body that begins with "/me " is an action. */
	else if (g_str_has_prefix(body, "/me ")) {
		kind = LINE_ACTION;
		body += 4;
	}
	if (m->direction == MESSAGE_OUT)
		flags |= LINE_OWN;
	if (m->encrypted)
		flags |= LINE_ENCRYPTED | (m->encrypted == MESSAGE_VERIFIED ? LINE_VERIFIED : 0);
	else if (alert_highlighted(body, room && c->kind == CONVERSATION_ROOM ? room->nick : NULL))
		flags |= LINE_HIGHLIGHT;
	/* Every incoming message of a one-to-one window is private; a
	 * headline is a notice, not someone talking to the user; in a room,
	 * only a mention is for the user. History is no news. */
	if (m->direction == MESSAGE_OUT)
		activity = ACTIVITY_NONE;
	else if (m->history)
		activity = ACTIVITY_INFO;
	else if (flags & LINE_HIGHLIGHT)
		activity = ACTIVITY_HIGHLIGHT;
	else if (m->type == MESSAGE_HEADLINE || c->kind == CONVERSATION_ROOM)
		activity = ACTIVITY_MESSAGE;
	else
		activity = ACTIVITY_HIGHLIGHT;
	/* A window showing a part of the history reads it from there when
	 * the view gets to it; one the history did not keep is shown now,
	 * under the newest ones. */
	if (w->detached && m->store_id != 0) {
		window_note(w, activity);
	} else {
		if (w->detached)
			stored_attach(w);
		/* XEP-0313: the account's archive's catch-up comes after
		 * offline and live messages that are newer; its stamps (the
		 * server's, not the sender's) give it its place in time. A
		 * room sends its history, then its subject, then what is live
		 * (XEP-0045 7.2): its lines keep the order they come in. */
		int dated = m->caught_up && c->kind != CONVERSATION_ROOM;
		line = dated ? window_add_dated(w, m->timestamp, kind, flags, who, body, activity)
		             : window_add(w, m->timestamp, kind, flags, who, body, activity);
		line->id = g_strdup(m->id);
		line->store_id = m->store_id;
		if (m->direction == MESSAGE_OUT)
			line->flags |= tty_delivery_flag(m->delivery);
		if (dated)
			window_compress(w); /* line may be gone */
	}
	if (m->direction == MESSAGE_IN && m->history)
		; /* said before the user came */
	else if (m->direction == MESSAGE_IN && (flags & LINE_HIGHLIGHT))
		alert("highlight", c->account, who, body);
	else if (m->direction == MESSAGE_IN && !window_following(w) &&
	         m->type != MESSAGE_HEADLINE && c->kind != CONVERSATION_ROOM)
		alert("chat", c->account, who, body);
	g_free(shown);
	g_free(who);
	alert_update_title();
	tty_dirty_window(w);
}

/* A message was delivered or corrected: its line changes in place. */
void
tty_on_message_update(const struct event *event, void *userdata)
{
	const struct conversation *c = event->u.message.conversation;
	const struct message *m = event->u.message.message;
	struct window *w = window_for_conversation(c->id);
	struct window_line *line =
	        w ? window_find_line(w, m->id, m->direction == MESSAGE_OUT) : NULL;
	const char *body = m->body ? m->body : "";

	if (line == NULL)
		return;
	if (line->kind == LINE_ACTION || g_str_has_prefix(body, "/me ")) {
		line->kind = g_str_has_prefix(body, "/me ") ? LINE_ACTION : LINE_MESSAGE;
		body += line->kind == LINE_ACTION ? 4 : 0;
	}
	window_line_set_text(line, body);
	if (m->edited)
		line->flags |= LINE_EDITED;
	if (m->direction == MESSAGE_OUT)
		line->flags =
		        (line->flags & ~(unsigned)LINE_MARKS) | tty_delivery_flag(m->delivery);
	if (w == window_current())
		draw_dirty_parts(DRAW_MAIN);
}
