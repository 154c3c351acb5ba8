/*
 * draw.c: drawing the tty frontend.
 *
 * Owns the curses windows of each screen area (layout.c places them), the
 * theme's curses attributes and the idle source that redraws. Event
 * handlers only call draw_dirty(); the redraw runs once at the end of the
 * loop turn, draws only the parts marked dirty and ends with one
 * doupdate(), so curses sends the terminal only the cells that changed. Only the visible lines of
 * the current window are measured and drawn, however many a window holds.
 */
#include "config.h"

#include <curses.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "config/prefs.h"
#include "config/theme.h"
#include "core/clock.h"
#include "core/nickcolour.h"
#include "core/width.h"
#include "fe/tty/draw-private.h"
#include "fe/tty/draw.h"
#include "fe/tty/layout.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/view.h"
#include "fe/tty/window.h"
#include "model/account.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "otr/otr.h"
#include "store/store.h"
#include "xmpp/session.h"

static WINDOW *title_win, *main_win, *status_win, *input_win, *panel_win, *border_win;
static struct layout layout;
/* The pending redraw: an idle source, or a timeout while the last redraw
 * is less than a frame old (redraw_timed). */
static guint redraw_source;
static int redraw_timed;
static gint64 drawn_at;   /* monotonic time of the last redraw */
static gint64 frame_wait; /* µs from one redraw to the next */
/* What the network brings is drawn at most once a frame: a burst of
 * thousands of messages costs a few dozen redraws, not one per read. A
 * frame is 40 ms (25 a second), or ten times what the last redraw took when that is
 * more (up to a quarter of a second): redrawing never takes more than a
 * tenth of the time, however big the screen's contents. */
#define DRAW_FRAME_US     (40 * 1000)
#define DRAW_FRAME_FACTOR 10
#define DRAW_FRAME_MAX_US (250 * 1000)
static unsigned dirty_parts; /* enum draw_part bits to draw at the next redraw */
static char *input_text;
static int input_point, input_rows = 1;
static int suspended, bell_pending;
static char *title_wanted, *title_shown;

/* Curses attributes of each theme item, and the colour pairs of nick
 * colours (0 when the terminal has no pair to spare). */
attr_t draw_item_attr[THEME_ITEMS];
static int use_colour;
static int theme_colours; /* the theme has a colour at all (mono: none) */
/* Colour pairs made as needed (nicks, account tags) after the theme's:
 * an attribute holds pair numbers up to 255 only (COLOR_PAIR()). By
 * foreground, on the terminal's background [0] and the status bar's [1]. */
#define PAIR_FIRST_FREE (THEME_ITEMS + 1)
#define PAIR_LAST       255
static short pairs_made[2][256];
static int pairs_next = PAIR_FIRST_FREE;
static short status_background = -1; /* the status bar's, for account tags */

/* ---- theme ---- */

/* A theme colour for this terminal: bright colours fall back to the base
 * eight, and 256-colour numbers to the nearest of 16, where the terminal
 * has no more. */
static short
draw_colour(int number)
{
	if (number < 0 || number < COLORS)
		return (short)number;
	if (number >= 16 && number < 232) {
		/* The 6x6x6 cube: the basic colour of the channels that are
		 * lit, bright when one is strong. */
		int r = (number - 16) / 36, g = (number - 16) / 6 % 6, b = (number - 16) % 6;
		int bright = MAX(r, MAX(g, b)) >= 4;
		int colour = (r >= 2) | (g >= 2) << 1 | (b >= 2) << 2;
		number = colour + (bright ? 8 : 0);
	} else if (number >= 232) {
		number = number < 244 ? 8 : 7; /* the grey ramp */
	}
	if (number >= COLORS && number >= 8)
		number -= 8;
	return (short)number;
}

static attr_t
draw_attrs(unsigned bits)
{
	attr_t a = A_NORMAL;

	if (bits & THEME_BOLD)
		a |= A_BOLD;
	if (bits & THEME_UNDERLINE)
		a |= A_UNDERLINE;
	if (bits & THEME_REVERSE)
		a |= A_REVERSE;
	if (bits & THEME_ITALIC)
		a |= A_ITALIC;
	if (bits & THEME_DIM)
		a |= A_DIM;
	return a;
}

void
draw_theme(const struct theme *theme)
{
	const char *no_color = getenv("NO_COLOR");
	struct theme mono;

	/* NO_COLOR (https://no-color.org): any non-empty value. */
	use_colour = has_colors() && (no_color == NULL || *no_color == '\0');
	if (!use_colour) {
		theme_mono(&mono);
		theme = &mono;
	}
	theme_colours = 0;
	for (int i = 0; i < THEME_ITEMS; i++) {
		const struct theme_colour *c = &theme->items[i];
		theme_colours |= c->foreground >= 0 || c->background >= 0;
		draw_item_attr[i] = draw_attrs(c->attrs);
		if (use_colour && (c->foreground >= 0 || c->background >= 0)) {
			init_pair((short)(i + 1), draw_colour(c->foreground),
			          draw_colour(c->background));
			draw_item_attr[i] |= COLOR_PAIR(i + 1);
		}
	}
	pairs_next = PAIR_FIRST_FREE;
	memset(pairs_made, 0, sizeof pairs_made);
	status_background = use_colour ? draw_colour(theme->items[THEME_STATUS].background) : -1;
	draw_dirty();
}

/* The pair of foreground fg (0-255) on the terminal's background or
 * (status) the status bar's, made on first use; 0 when none is left. */
static short
draw_pair(short fg, int status)
{
	short *pair = &pairs_made[status][fg & 0xff];

	if (*pair == 0 && pairs_next <= PAIR_LAST && pairs_next < COLOR_PAIRS) {
		*pair = (short)pairs_next++;
		init_pair(*pair, fg, status ? status_background : -1);
	}
	return *pair;
}

/* The attribute of a nick: its XEP-0392 colour, or the theme's. */
attr_t
draw_nick_attr(const char *nick, int own)
{
	if (own)
		return draw_item_attr[THEME_OWN_NICK];
	if (!use_colour || !theme_colours || !prefs_bool("ui.nick_colours"))
		return draw_item_attr[THEME_PEER_NICK];
	short pair = draw_pair((short)nickcolour_palette(nick, COLORS), 0);
	if (pair == 0)
		return draw_item_attr[THEME_PEER_NICK];
	/* The peer_nick item's attributes (bold...) with the nick's colour. */
	return (draw_item_attr[THEME_PEER_NICK] & ~A_COLOR) | COLOR_PAIR(pair);
}

attr_t
draw_account_attr(const char *name, const struct account *account, attr_t base, int on_status)
{
	short pair;

	if (!use_colour || !theme_colours)
		return base | A_BOLD;
	pair = draw_pair(account != NULL && account->colour >= 0
	                         ? draw_colour(account->colour)
	                         : (short)nickcolour_palette(name, COLORS),
	                 on_status);
	if (pair == 0)
		return base | A_BOLD;
	return (base & ~A_COLOR) | COLOR_PAIR(pair) | A_BOLD;
}

/* ---- layout ---- */

static void
draw_destroy(void)
{
	WINDOW **all[] = {
		&title_win, &main_win, &status_win, &input_win, &panel_win, &border_win
	};

	for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
		if (*all[i] != NULL)
			delwin(*all[i]);
		*all[i] = NULL;
	}
}

static WINDOW *
draw_newwin(const struct layout_rect *r)
{
	return r->rows > 0 && r->cols > 0 ? newwin(r->rows, r->cols, r->y, r->x) : NULL;
}

static void
draw_create(void)
{
	struct layout_params params = { LINES, COLS, input_rows, LAYOUT_PANEL_NONE, 0 };

	if (prefs_bool("ui.roster_panel")) {
		params.side = strcmp(prefs_string("ui.roster_side"), "left") == 0
		                      ? LAYOUT_PANEL_LEFT
		                      : LAYOUT_PANEL_RIGHT;
		params.panel_cols = prefs_int("ui.roster_width");
	}
	layout_screen(&params, &layout);
	title_win = draw_newwin(&layout.title);
	main_win = draw_newwin(&layout.main);
	status_win = draw_newwin(&layout.status);
	input_win = draw_newwin(&layout.input);
	panel_win = draw_newwin(&layout.panel);
	border_win = draw_newwin(&layout.border);
}

static void
draw_relayout(void)
{
	draw_destroy();
	clear();
	wnoutrefresh(stdscr);
	draw_create();
	window_list_set_rows(draw_main_rows());
	draw_dirty();
}

void
draw_init(void)
{
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	draw_create();
	draw_dirty();
}

void
draw_fini(void)
{
	g_clear_handle_id(&redraw_source, g_source_remove);
	draw_destroy();
	g_clear_pointer(&input_text, g_free);
	draw_room_fini();
	if (title_shown != NULL) {
		/* Give the terminal its own title back (xterm's title stack). */
		fputs("\033[23;0t", stdout);
		fflush(stdout);
	}
	g_clear_pointer(&title_shown, g_free);
	g_clear_pointer(&title_wanted, g_free);
}

void
draw_resize(void)
{
	struct winsize size;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0)
		resizeterm(size.ws_row, size.ws_col);
	draw_relayout();
}

int
draw_main_rows(void)
{
	return layout.main.rows > 0 ? layout.main.rows : 1;
}

int
draw_main_cols(void)
{
	return layout.main.cols;
}

/* ---- text ---- */

/* Draws text clipped to the columns left on the window's row. */
void
draw_text(WINDOW *win, const char *text, size_t length, attr_t attr)
{
	int room = getmaxx(win) - getcurx(win);
	size_t n = width_fit(text, text + length, room, NULL);

	if (n == 0)
		return;
	wattron(win, attr);
	waddnstr(win, text, (int)n);
	wattroff(win, attr);
}

void
draw_string(WINDOW *win, const char *text, attr_t attr)
{
	draw_text(win, text, strlen(text), attr);
}

/* ---- bars ---- */

const char *
draw_session_state(const char *account)
{
	struct session *session = session_find(account);

	return session_state_name(session ? session_state(session) : SESSION_DISCONNECTED);
}

/* A conversation's title: the contact's presence and status text (remote:
 * sanitized), and the account. */
static void
draw_title_contact(const struct window *w)
{
	const struct conversation *c = conversation_find_id(w->conversation);
	const struct contact *contact = c ? contact_find(w->account, c->peer) : NULL;
	const struct presence_resource *best = contact ? contact_best(contact) : NULL;
	enum presence_show show = contact ? contact_show(contact) : SHOW_OFFLINE;
	const char *status = best ? best->status : contact ? contact->last_status : NULL;
	char *text;

	draw_string(title_win, "  ", draw_item_attr[THEME_TITLE]);
	draw_string(title_win, presence_show_name(show),
	            (draw_item_attr[THEME_TITLE] & ~A_COLOR) | A_BOLD |
	                    (draw_item_attr[THEME_TITLE] & A_COLOR));
	if (status != NULL && *status != '\0') {
		char *clean = width_sanitize(status, SANITIZE_LINE);
		text = g_strdup_printf(": %s", clean);
		draw_string(title_win, text, draw_item_attr[THEME_TITLE]);
		g_free(text);
		g_free(clean);
	}
	/* XEP-0085: what the contact is doing in this conversation. */
	if (c != NULL && c->peer_state == CHAT_STATE_COMPOSING)
		draw_string(title_win, "  typing\u2026", draw_item_attr[THEME_TITLE] | A_BOLD);
	else if (c != NULL && c->peer_state == CHAT_STATE_PAUSED)
		draw_string(title_win, "  (stopped typing)", draw_item_attr[THEME_TITLE]);
	/* OTR: what the conversation is now (plaintext says nothing). */
	if (c != NULL && otr_state(w->account, c->peer) != OTR_PLAINTEXT) {
		text = g_strdup_printf("  [OTR: %s]",
		                       otr_state_name(otr_state(w->account, c->peer)));
		draw_string(title_win, text, draw_item_attr[THEME_TITLE] | A_BOLD);
		g_free(text);
	}
	text = g_strdup_printf("  (account %s: %s)", w->account, draw_session_state(w->account));
	draw_string(title_win, text, draw_item_attr[THEME_TITLE]);
	g_free(text);
}

/* The title of a conversation's window: a contact's, a room's or an
 * occupant's. */
static void
draw_title_chat(const struct window *w)
{
	const struct conversation *c = conversation_find_id(w->conversation);
	const struct room *room = c != NULL && c->kind != CONVERSATION_CHAT ? tty_room_of(c) : NULL;
	char *text;

	if (room == NULL) {
		draw_title_contact(w);
		return;
	}
	if (c->kind == CONVERSATION_ROOM)
		draw_room_title(title_win, room, draw_item_attr[THEME_TITLE]);
	else
		draw_room_private_title(title_win, room, c->peer + strcspn(c->peer, "/") + 1,
		                        draw_item_attr[THEME_TITLE]);
	text = g_strdup_printf("  (account %s: %s)", w->account, draw_session_state(w->account));
	draw_string(title_win, text, draw_item_attr[THEME_TITLE]);
	g_free(text);
}

static void
draw_title(void)
{
	struct window *w = window_current();
	char *text;

	if (title_win == NULL)
		return;
	wbkgd(title_win, draw_item_attr[THEME_TITLE]);
	werase(title_win);
	switch (w->kind) {
	case WINDOW_CONSOLE:
		text = g_strdup_printf(" natter %s: console", PACKAGE_VERSION);
		break;
	case WINDOW_XML:
		text = g_strdup(" XML console: every account (>> sent, << received)");
		break;
	case WINDOW_HELP:
		text = g_strdup(" help");
		break;
	case WINDOW_SEARCH:
		text = g_strdup(" search: a match's number and Enter opens it");
		break;
	case WINDOW_CHAT:
	default:
		text = g_strdup_printf(" %s", w->name);
		break;
	}
	draw_string(title_win, text, draw_item_attr[THEME_TITLE]);
	g_free(text);
	if (w->kind == WINDOW_CHAT)
		draw_title_chat(w);
	wnoutrefresh(title_win);
}

static int
draw_online_accounts(void)
{
	const GPtrArray *accounts = account_list();
	int online = 0;

	for (guint i = 0; i < accounts->len; i++) {
		struct session *session =
		        session_find(((struct account *)accounts->pdata[i])->name);
		online += session != NULL && session_state(session) == SESSION_ONLINE;
	}
	return online;
}

static attr_t
draw_activity_attr(const struct window *w)
{
	if (w == window_current())
		return draw_item_attr[THEME_STATUS_CURRENT];
	if (w->activity < ACTIVITY_HIGHLIGHT && w->kind == WINDOW_CHAT) {
		const struct conversation *c = conversation_find_id(w->conversation);
		if (c != NULL && c->peer_state == CHAT_STATE_COMPOSING)
			return draw_item_attr[THEME_STATUS_TYPING];
	}
	switch (w->activity) {
	case ACTIVITY_HIGHLIGHT:
		return draw_item_attr[THEME_STATUS_HIGHLIGHT];
	case ACTIVITY_MESSAGE:
		return draw_item_attr[THEME_STATUS_UNREAD];
	case ACTIVITY_INFO:
	case ACTIVITY_NONE:
		break;
	}
	return draw_item_attr[THEME_STATUS];
}

/* The user's own presence when it is not plain online: for the window's
 * account, or the only account from the console. */
static void
draw_status_presence(const struct window *w, attr_t bar)
{
	const GPtrArray *accounts = account_list();
	const char *account = w->account, *status;
	struct session *session;
	int show, priority;
	char *text;

	if (account == NULL && accounts->len == 1)
		account = ((struct account *)accounts->pdata[0])->name;
	session = account ? session_find(account) : NULL;
	if (session == NULL || session_state(session) != SESSION_ONLINE)
		return;
	session_get_presence(session, &show, &status, &priority);
	if (show == SHOW_ONLINE)
		return;
	text = g_strdup_printf(" [%s]", presence_show_name((enum presence_show)show));
	draw_string(status_win, text, bar);
	g_free(text);
}

static void
draw_status(void)
{
	struct window *current = window_current();
	const GPtrArray *windows = window_list();
	attr_t bar = draw_item_attr[THEME_STATUS];
	const char *clock = prefs_string("ui.status_time");
	char *text;

	if (status_win == NULL)
		return;
	wbkgd(status_win, bar);
	werase(status_win);
	if (*clock != '\0') {
		char *now = clock_format(g_get_real_time(), clock);
		text = g_strdup_printf(" [%s]", now);
		draw_string(status_win, text, bar);
		g_free(text);
		g_free(now);
	}
	if (current->account != NULL && (strcmp(prefs_string("ui.status_account"), "always") == 0 ||
	                                 draw_online_accounts() > 1)) {
		const struct account *account = account_find(current->account);
		/* The account's tag, in its colour. */
		draw_string(status_win, " [", bar);
		draw_string(status_win, account ? account_tag(account) : current->account,
		            draw_account_attr(current->account, account,
		                              draw_item_attr[THEME_STATUS], 1));
		draw_string(status_win, "]", bar);
	}
	draw_status_presence(current, bar);
	text = g_strdup_printf(" [%d:%s]", current->number, current->name);
	draw_string(status_win, text, bar);
	g_free(text);
	draw_string(status_win, " [", bar);
	for (guint i = 0; i < windows->len; i++) {
		struct window *w = windows->pdata[i];
		char number[16];
		g_snprintf(number, sizeof number, "%d", w->number);
		if (i > 0)
			draw_string(status_win, " ", bar);
		draw_string(status_win, number, draw_activity_attr(w));
	}
	draw_string(status_win, "]", bar);
	if (current->detached) {
		text = current->new_below > 0
		               ? g_strdup_printf(
		                         " -- in the history, %d new: End for the latest --",
		                         current->new_below)
		               : g_strdup(" -- in the history: End for the latest --");
		draw_string(status_win, " ", bar);
		draw_string(status_win, text + 1, draw_item_attr[THEME_STATUS_MORE]);
		g_free(text);
	} else if (current->anchor != NULL) {
		text = current->new_below > 0
		               ? g_strdup_printf(" -- scrolled up, %d new --", current->new_below)
		               : g_strdup(" -- scrolled up --");
		draw_string(status_win, " ", bar);
		draw_string(status_win, text + 1, draw_item_attr[THEME_STATUS_MORE]);
		g_free(text);
	}
	wnoutrefresh(status_win);
}

/* ---- input ---- */

/* The rows input text takes at the input window's width. */
static int
draw_input_rows(const char *text, GArray *rows)
{
	int cols = layout.input.cols > 1 ? layout.input.cols - 1 : 1;

	return layout_wrap(text, strlen(text), cols, cols, rows);
}

static void
draw_input_line(void)
{
	const char *text = input_text ? input_text : "";
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct layout_row));
	size_t point = MIN(input_point, (int)strlen(text));
	int count = draw_input_rows(text, rows), cursor_row = count - 1, cursor_col = 0, first;

	if (input_win == NULL) {
		g_array_unref(rows);
		return;
	}
	/* The row that holds the cursor: the last whose start is at or
	 * before it (a point past a row's end and its newline goes next). */
	for (int i = 0; i < count; i++) {
		const struct layout_row *row = &g_array_index(rows, struct layout_row, i);
		if (row->start <= point)
			cursor_row = i;
	}
	const struct layout_row *row = &g_array_index(rows, struct layout_row, cursor_row);
	cursor_col = width_text(text + row->start,
	                        (long)(MIN((int)point, (int)row->end) - (int)row->start));
	first = MAX(0, cursor_row - getmaxy(input_win) + 1);
	wbkgd(input_win, draw_item_attr[THEME_INPUT]);
	werase(input_win);
	for (int i = first; i < count && i - first < getmaxy(input_win); i++) {
		const struct layout_row *r = &g_array_index(rows, struct layout_row, i);
		wmove(input_win, i - first, 0);
		draw_text(input_win, text + r->start, r->end - r->start,
		          draw_item_attr[THEME_INPUT]);
	}
	wmove(input_win, cursor_row - first, MIN(cursor_col, getmaxx(input_win) - 1));
	wnoutrefresh(input_win);
	g_array_unref(rows);
}

/* ---- the redraw ---- */

static void
draw_terminal_title(void)
{
	if (g_strcmp0(title_wanted, title_shown) == 0 || title_wanted == NULL)
		return;
	if (title_shown == NULL)
		fputs("\033[22;0t", stdout); /* save the terminal's own title */
	/* OSC 2: the window title; the text is natter's own (no remote text). */
	printf("\033]2;%s\007", title_wanted);
	fflush(stdout);
	g_free(title_shown);
	title_shown = g_strdup(title_wanted);
}

static gboolean
draw_on_redraw(gpointer userdata)
{
	unsigned parts = dirty_parts;

	/* What is about to be shown is stored first (a timed redraw may
	 * come before the store's own commit). */
	store_flush();
	redraw_source = 0;
	dirty_parts = 0;
	drawn_at = g_get_monotonic_time();
	if (suspended || main_win == NULL)
		return G_SOURCE_REMOVE;
	if (parts & DRAW_TITLE)
		draw_title();
	if (parts & DRAW_MAIN)
		view_draw(main_win);
	if (parts & DRAW_PANEL)
		draw_panel(panel_win, border_win);
	if (parts & DRAW_STATUS)
		draw_status();
	/* Last, drawn or not: it leaves the cursor on the input line. */
	if (parts & DRAW_INPUT)
		draw_input_line();
	else if (input_win != NULL)
		wnoutrefresh(input_win);
	doupdate();
	if (bell_pending)
		beep();
	bell_pending = 0;
	draw_terminal_title();
	/* Capped: a terminal that stopped reading (Ctrl-S, a stalled
	 * link) makes doupdate() block, not the screen costly. */
	frame_wait = CLAMP((g_get_monotonic_time() - drawn_at) * DRAW_FRAME_FACTOR, DRAW_FRAME_US,
	                   DRAW_FRAME_MAX_US);
	return G_SOURCE_REMOVE;
}

/* Schedules the redraw: at the end of this loop turn, or when a frame
 * has passed since the last one unless now is set (what the user typed
 * shows at once). The timeout has the network's priority: a flood that
 * keeps the socket readable does not hold the screen back. */
static void
draw_schedule(int now)
{
	gint64 wait = drawn_at + frame_wait - g_get_monotonic_time();

	if (suspended || (redraw_source != 0 && (!redraw_timed || !now)))
		return;
	g_clear_handle_id(&redraw_source, g_source_remove);
	redraw_timed = !now && wait > 0;
	if (redraw_timed)
		redraw_source = g_timeout_add_full(G_PRIORITY_DEFAULT, (guint)((wait + 999) / 1000),
		                                   draw_on_redraw, NULL, NULL);
	else
		redraw_source =
		        g_idle_add_full(G_PRIORITY_DEFAULT_IDLE, draw_on_redraw, NULL, NULL);
}

void
draw_dirty_parts(unsigned parts)
{
	dirty_parts |= parts;
	draw_schedule(0);
}

void
draw_dirty(void)
{
	draw_dirty_parts(DRAW_ALL);
}

void
draw_suspend(int suspend)
{
	suspended = suspend;
	if (suspend) {
		g_clear_handle_id(&redraw_source, g_source_remove);
	} else {
		draw_resize(); /* the size may have changed meanwhile */
		clearok(curscr, TRUE);
	}
}

void
draw_input(const char *text, int point)
{
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct layout_row));
	int count;

	g_free(input_text);
	input_text = g_strdup(text);
	input_point = point;
	count = draw_input_rows(text, rows);
	g_array_unref(rows);
	if (count != input_rows) {
		input_rows = count;
		draw_relayout();
	}
	dirty_parts |= DRAW_INPUT;
	draw_schedule(1);
}

void
draw_bell(void)
{
	bell_pending = 1;
	draw_dirty_parts(0);
}

void
draw_title_text(const char *title)
{
	g_free(title_wanted);
	title_wanted = g_strdup(title);
	draw_dirty_parts(0);
}
