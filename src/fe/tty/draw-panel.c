/*
 * draw-panel.c: the panel beside the main area: the accounts with their
 * contacts and conversations (the roster panel), or in a room's window
 * the room's occupants (draw-room.c).
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "core/width.h"
#include "fe/tty/draw-private.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/window.h"
#include "model/account.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/session.h"

static WINDOW *panel_win, *border_win; /* of the redraw in progress */

static void
draw_panel_line(int *y, const char *text, attr_t attr)
{
	if (*y >= getmaxy(panel_win))
		return;
	wmove(panel_win, *y, 0);
	draw_string(panel_win, text, attr);
	(*y)++;
}

static attr_t
draw_state_attr(const char *account)
{
	struct session *session = session_find(account);
	enum session_state state = session ? session_state(session) : SESSION_DISCONNECTED;

	if (state == SESSION_ONLINE)
		return draw_item_attr[THEME_PRESENCE_ONLINE];
	if (state == SESSION_CONNECTING || state == SESSION_WAITING)
		return draw_item_attr[THEME_PRESENCE_AWAY];
	return draw_item_attr[THEME_PRESENCE_OFFLINE];
}

/* The theme item of a presence. */
attr_t
draw_show_attr(int show)
{
	static const enum theme_item items[] = {
		[SHOW_OFFLINE] = THEME_PRESENCE_OFFLINE, [SHOW_DND] = THEME_PRESENCE_DND,
		[SHOW_XA] = THEME_PRESENCE_XA,           [SHOW_AWAY] = THEME_PRESENCE_AWAY,
		[SHOW_ONLINE] = THEME_PRESENCE_ONLINE,   [SHOW_CHAT] = THEME_PRESENCE_CHAT,
	};

	return draw_item_attr[items[show]];
}

/* One contact or conversation of the panel: its presence mark and name,
 * with the unread count of its window. */
static void
draw_panel_entry(int *y, const char *label, enum presence_show show, const struct window *w,
                 int asking)
{
	static const char *const marks[] = {
		[SHOW_OFFLINE] = " ", [SHOW_DND] = "-",    [SHOW_XA] = "~",
		[SHOW_AWAY] = "~",    [SHOW_ONLINE] = "+", [SHOW_CHAT] = "*",
	};
	char *name = width_sanitize(label, SANITIZE_LINE);
	/* "?": the contact asks to see our presence (/sub pending). */
	const char *mark = asking ? "?" : marks[show];
	char *text = w != NULL && w->unread > 0
	                     ? g_strdup_printf("%s %s (%d)", mark, name, w->unread)
	                     : g_strdup_printf("%s %s", mark, name);
	attr_t attr = draw_show_attr(show);

	if (w != NULL && w == window_current())
		attr |= A_REVERSE;
	else if (w != NULL && w->activity >= ACTIVITY_HIGHLIGHT)
		attr = draw_item_attr[THEME_STATUS_HIGHLIGHT];
	draw_panel_line(y, text, attr);
	g_free(text);
	g_free(name);
}

/* A conversation with someone not among the contacts: a room as
 * "#room", an occupant as "room/nick" (shorter than their JIDs), anyone
 * else by JID. */
static void
draw_panel_conversation(int *y, const struct conversation *c, const struct window *w)
{
	const struct room *room = tty_room_of(c);
	size_t node = strcspn(c->peer, "@");
	char *label;

	if (room == NULL) {
		draw_panel_entry(y, c->peer, SHOW_OFFLINE, w, 0);
		return;
	}
	if (c->kind == CONVERSATION_ROOM)
		label = g_strdup_printf("#%.*s", (int)node, c->peer);
	else
		label = g_strdup_printf("%.*s/%s", (int)node, c->peer,
		                        c->peer + strcspn(c->peer, "/") + 1);
	draw_panel_entry(y, label, room->state == ROOM_JOINED ? SHOW_ONLINE : SHOW_OFFLINE, w, 0);
	g_free(label);
}

/* The window of the conversation of account with jid, if open. */
static const struct window *
draw_chat_window(const char *account, const char *jid)
{
	const GPtrArray *windows = window_list();

	for (guint i = 0; i < windows->len; i++) {
		const struct window *w = windows->pdata[i];
		const struct conversation *c;
		if (w->kind == WINDOW_CHAT && strcmp(w->account, account) == 0 &&
		    (c = conversation_find_id(w->conversation)) != NULL &&
		    strcmp(c->peer, jid) == 0)
			return w;
	}
	return NULL;
}

/* A contact as the panel orders them: available ones first, then by
 * JID. */
struct panel_contact {
	const struct contact *contact;
	int available;
};

static int
draw_contact_order(const struct panel_contact *x, const struct panel_contact *y)
{
	if (x->available != y->available)
		return y->available - x->available;
	return strcmp(x->contact->jid, y->contact->jid);
}

/*
 * The first rows contacts of account in panel order, into top (of rows
 * entries); returns how many. One pass that keeps the best rows seen, so
 * that a redraw costs the number of contacts, not a sort of them all
 * (20,000 contacts, presences streaming in, a redraw each frame).
 */
static guint
draw_panel_top(const struct account *account, struct panel_contact *top, guint rows)
{
	const GPtrArray *all = contact_list();
	guint count = 0;

	for (guint k = 0; k < all->len && rows > 0; k++) {
		const struct contact *c = all->pdata[k];
		/* The account's own other resources are not a contact. */
		if (strcmp(c->account, account->name) != 0 || g_strcmp0(c->jid, account->jid) == 0)
			continue;
		struct panel_contact entry = { c, contact_show(c) > SHOW_OFFLINE };
		if (count == rows && draw_contact_order(&entry, &top[count - 1]) >= 0)
			continue;
		/* Where it goes among the kept ones (they are in order). */
		guint lo = 0, hi = count;
		while (lo < hi) {
			guint mid = (lo + hi) / 2;
			if (draw_contact_order(&entry, &top[mid]) < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
		if (count < rows)
			count++;
		memmove(&top[lo + 1], &top[lo], (count - 1 - lo) * sizeof *top);
		top[lo] = entry;
	}
	return count;
}

static void draw_panel_border(void);

/* The occupants of the current window's room, when it is a room's.
 * Returns 1 when it drew them. */
static int
draw_panel_room(void)
{
	const struct window *w = window_current();
	const struct conversation *c =
	        w->kind == WINDOW_CHAT ? conversation_find_id(w->conversation) : NULL;
	const struct room *room = c && c->kind == CONVERSATION_ROOM ? tty_room_of(c) : NULL;

	if (room == NULL)
		return 0;
	draw_room_panel(panel_win, room);
	wnoutrefresh(panel_win);
	draw_panel_border();
	return 1;
}

void
draw_panel(WINDOW *panel, WINDOW *border)
{
	const GPtrArray *accounts = account_list(), *windows = window_list();
	int y = 0;

	if (panel == NULL)
		return;
	panel_win = panel;
	border_win = border;
	werase(panel_win);
	wbkgd(panel_win, draw_item_attr[THEME_PANEL]);
	/* A room's window shows its occupants instead. */
	if (draw_panel_room())
		return;
	struct panel_contact *top = g_new(struct panel_contact, getmaxy(panel_win));
	for (guint i = 0; i < accounts->len; i++) {
		const struct account *account = accounts->pdata[i];
		char *text = g_strdup_printf("%s (%s)", account->name,
		                             draw_session_state(account->name));
		draw_panel_line(&y, text, draw_state_attr(account->name) | A_BOLD);
		g_free(text);
		/* Only the contacts that fit below are looked for. */
		guint shown = draw_panel_top(account, top, (guint)MAX(getmaxy(panel_win) - y, 0));
		for (guint k = 0; k < shown; k++) {
			const struct contact *c = top[k].contact;
			draw_panel_entry(&y, contact_label(c), contact_show(c),
			                 draw_chat_window(account->name, c->jid),
			                 c->request_pending);
		}
		/* Conversations with someone not among the contacts. */
		for (guint k = 0; k < windows->len; k++) {
			const struct window *w = windows->pdata[k];
			const struct conversation *c;
			if (w->kind != WINDOW_CHAT || strcmp(w->account, account->name) != 0 ||
			    (c = conversation_find_id(w->conversation)) == NULL ||
			    contact_find(account->name, c->peer) != NULL)
				continue;
			draw_panel_conversation(&y, c, w);
		}
	}
	g_free(top);
	if (accounts->len == 0)
		draw_panel_line(&y, "no accounts", draw_item_attr[THEME_PANEL]);
	wnoutrefresh(panel_win);
	draw_panel_border();
}

static void
draw_panel_border(void)
{
	werase(border_win);
	wattron(border_win, draw_item_attr[THEME_PANEL_BORDER]);
	mvwvline(border_win, 0, 0, ACS_VLINE, getmaxy(border_win));
	wattroff(border_win, draw_item_attr[THEME_PANEL_BORDER]);
	wnoutrefresh(border_win);
}
