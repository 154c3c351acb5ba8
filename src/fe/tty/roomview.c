/*
 * roomview.c: what happens in rooms, as lines in their windows: entering,
 * leaving and why, nick changes, the subject, the room's notices, where
 * the history sent on entering ends; occupants coming, going, renamed,
 * kicked or banned.
 *
 * Occupants' presence changes are not lines (the occupants panel and
 * /who show them); joins and parts are hidden in big rooms (ui.room_joins).
 */
#include "config.h"

#include <string.h>

#include "config/prefs.h"
#include "core/event.h"
#include "core/lookalike.h"
#include "fe/tty/alert.h"
#include "fe/tty/draw-private.h"
#include "fe/tty/draw.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/window.h"
#include "model/conversation.h"
#include "model/room.h"

/* Above this many occupants, ui.room_joins "auto" hides joins and parts. */
#define ROOMVIEW_BIG_ROOM 50

static unsigned subscriptions[2];

/* The room's window (it has one from the moment the user enters). */
static struct window *
roomview_window(const struct room *room)
{
	struct conversation *c =
	        conversation_open_kind(room->account, room->jid, CONVERSATION_ROOM);

	return tty_conversation_window(c);
}

static void
roomview_line(const struct room *room, enum line_kind kind, const char *text,
              enum window_activity activity)
{
	struct window *w = roomview_window(room);

	window_add(w, g_get_real_time(), kind, 0, NULL, text, activity);
	tty_dirty_window(w);
}

static void
roomview_on_room(const struct event *event, void *userdata)
{
	const struct room *room = event->u.room.room;
	const char *text = event->u.room.text;
	char *line = NULL;

	switch ((enum room_change)event->u.room.change) {
	case ROOM_CHANGE_JOINING:
		line = g_strdup_printf("entering %s as %s\u2026", room->jid, room->nick);
		roomview_line(room, LINE_INFO, line, ACTIVITY_NONE);
		/* The user asked: the room is what the user looks at now. */
		if (room->asked)
			tty_show(roomview_window(room));
		break;
	case ROOM_CHANGE_JOINED:
		line = g_strdup_printf("you are in %s as %s (%u occupant%s)", room->jid, room->nick,
		                       room_occupant_count(room),
		                       room_occupant_count(room) == 1 ? "" : "s");
		roomview_line(room, LINE_INFO, line, ACTIVITY_INFO);
		break;
	case ROOM_CHANGE_REFUSED:
		line = g_strdup_printf("%s refused entry: %s", room->jid, text ? text : "");
		roomview_line(room, LINE_ERROR, line, ACTIVITY_HIGHLIGHT);
		tty_console(LINE_ERROR, room->account, line);
		break;
	case ROOM_CHANGE_LEFT:
		if (text == NULL) {
			line = g_strdup_printf("you left %s", room->jid);
			roomview_line(room, LINE_INFO, line, ACTIVITY_NONE);
		} else {
			line = g_strdup_printf("you are no longer in %s: %s", room->jid, text);
			roomview_line(room, LINE_ERROR, line, ACTIVITY_HIGHLIGHT);
		}
		break;
	case ROOM_CHANGE_NICK:
		line = g_strdup_printf("you are now known as %s", room->nick);
		roomview_line(room, LINE_INFO, line, ACTIVITY_INFO);
		break;
	case ROOM_CHANGE_SUBJECT:
		if (room->subject == NULL || *room->subject == '\0')
			line = text ? g_strdup_printf("%s cleared the subject", text)
			            : g_strdup("no subject");
		else
			line = text ? g_strdup_printf("subject (set by %s): %s", text,
			                              room->subject)
			            : g_strdup_printf("subject: %s", room->subject);
		roomview_line(room, LINE_INFO, line, ACTIVITY_INFO);
		break;
	case ROOM_CHANGE_FORM:
	case ROOM_CHANGE_NOTICE:
		roomview_line(room, LINE_INFO, text ? text : "", ACTIVITY_INFO);
		break;
	case ROOM_CHANGE_INVITED:
		/* Not the room's window (the user is not in it): the console,
		 * as a highlight. */
		window_add(window_console(), g_get_real_time(), LINE_INFO, LINE_HIGHLIGHT,
		           room->account, text ? text : "", ACTIVITY_HIGHLIGHT);
		tty_dirty_window(window_console());
		alert("highlight", room->account, room->invite_from ? room->invite_from : room->jid,
		      text ? text : "");
		alert_update_title();
		break;
	case ROOM_CHANGE_HISTORY_END:
		roomview_line(room, LINE_INFO,
		              "\u2500\u2500 end of history; live messages follow \u2500\u2500",
		              ACTIVITY_NONE);
		break;
	}
	g_free(line);
	draw_room_stale();
	draw_dirty_parts(DRAW_TITLE | DRAW_PANEL | DRAW_STATUS);
}

/* Whether joins and parts are shown in this room. */
static int
roomview_joins_shown(const struct room *room)
{
	const char *mode = prefs_string("ui.room_joins");

	if (strcmp(mode, "auto") == 0)
		return room_occupant_count(room) <= ROOMVIEW_BIG_ROOM;
	return strcmp(mode, "show") == 0;
}

/* " (why)" for a line, or "" (caller frees). */
static char *
roomview_reason(const char *reason)
{
	return reason != NULL && *reason != '\0' ? g_strdup_printf(" (%s)", reason) : g_strdup("");
}

char *
roomview_nick(const struct room *room, const char *nick)
{
	const struct occupant *o = room && nick ? room_occupant(room, nick) : NULL;
	char *revealed, *shown;

	/* Not an occupant now (a line of the room's history): whether it
	 * passes for one who is. */
	if (room == NULL || nick == NULL ||
	    (o != NULL ? !room_occupant_lookalike(room, o, NULL)
	               : !room_nick_lookalike(room, nick, NULL)))
		return g_strdup(nick);
	revealed = lookalike_reveal(nick);
	shown = g_strconcat(revealed, "!", NULL);
	g_free(revealed);
	return shown;
}

/* What is said of an occupant who joins: a nick that passes for
 * another's says so (caller frees). */
static char *
roomview_joined(const struct room *room, const struct occupant *o)
{
	const struct occupant *like = NULL;
	char *nick = roomview_nick(room, o->nick), *warning = NULL, *line;

	if (room_occupant_lookalike(room, o, &like)) {
		char *other = like ? lookalike_reveal(like->nick) : NULL;
		warning =
		        like ? g_strdup_printf(" (look-alike: the nick looks like %s's)", other)
		             : g_strdup(" (look-alike: the nick holds invisible characters, shown "
		                        "as \uFFFD)");
		g_free(other);
	}
	line = g_strdup_printf("%s%s%s%s joined%s", nick, o->jid ? " (" : "", o->jid ? o->jid : "",
	                       o->jid ? ")" : "", warning ? warning : "");
	g_free(nick);
	g_free(warning);
	return line;
}

static void
roomview_on_occupant(const struct event *event, void *userdata)
{
	const struct room *room = event->u.occupant.room;
	const struct occupant *o = event->u.occupant.occupant;
	const char *actor = event->u.occupant.actor;
	char *reason = roomview_reason(event->u.occupant.reason);
	char *line = NULL;
	int self = o == room->self;

	/* While entering, the occupants arrive by the thousand in big
	 * rooms: the panel is drawn once the room is entered. */
	draw_room_stale();
	if (room->state != ROOM_JOINING)
		draw_dirty_parts(DRAW_PANEL | DRAW_TITLE);
	/* The occupants present when the user came are not news; the
	 * user's own comings and goings are the room's lines. */
	if (room->state == ROOM_JOINING || (self && event->u.occupant.change != OCCUPANT_ROLE)) {
		g_free(reason);
		return;
	}
	switch ((enum occupant_change)event->u.occupant.change) {
	case OCCUPANT_JOINED:
		/* A look-alike is said even where joins are not. */
		if (roomview_joins_shown(room) || room_occupant_lookalike(room, o, NULL))
			line = roomview_joined(room, o);
		break;
	case OCCUPANT_LEFT:
		if (roomview_joins_shown(room))
			line = g_strdup_printf("%s left%s", o->nick, reason);
		break;
	case OCCUPANT_NICK: {
		/* Said before the rename: whether the new nick will pass for
		 * another's, the occupant's old one aside. */
		const char *new_nick = event->u.occupant.new_nick;
		int like = room_nick_lookalike(room, new_nick, o);
		char *old = roomview_nick(room, o->nick), *revealed = lookalike_reveal(new_nick);
		line = g_strdup_printf(
		        "%s is now known as %s%s%s", old, revealed, like ? "!" : "",
		        like ? " (look-alike: the nick passes for another's, or holds "
		               "invisible characters, shown as \uFFFD)"
		             : "");
		g_free(old);
		g_free(revealed);
		break;
	}
	case OCCUPANT_KICKED:
	case OCCUPANT_BANNED:
		line = g_strdup_printf("%s was %s%s%s%s", o->nick,
		                       event->u.occupant.change == OCCUPANT_KICKED ? "kicked"
		                                                                   : "banned",
		                       actor ? " by " : "", actor ? actor : "", reason);
		break;
	case OCCUPANT_REMOVED:
		line = g_strdup_printf("%s was removed from the room%s", o->nick, reason);
		break;
	case OCCUPANT_ROLE:
		line = g_strdup_printf("%s %s now %s (affiliation %s)%s", self ? "you" : o->nick,
		                       self ? "are" : "is", muc_role_name((enum muc_role)o->role),
		                       muc_affiliation_name((enum muc_affiliation)o->affiliation),
		                       reason);
		break;
	case OCCUPANT_PRESENCE:
		break;
	}
	if (line != NULL)
		roomview_line(room, LINE_INFO, line, ACTIVITY_NONE);
	g_free(line);
	g_free(reason);
}

void
roomview_start(void)
{
	subscriptions[0] = event_subscribe(EV_ROOM, roomview_on_room, NULL);
	subscriptions[1] = event_subscribe(EV_OCCUPANT, roomview_on_occupant, NULL);
}

void
roomview_stop(void)
{
	event_unsubscribe_all(subscriptions, G_N_ELEMENTS(subscriptions));
}
