/*
 * tty.c: the terminal frontend.
 *
 * Owns the curses screen, the event subscriptions, the SIGWINCH source and
 * the status-bar clock from tty_start() to tty_stop(). Core events become
 * lines in windows (window.c); typed lines become commands (cmd/) or
 * messages to the current window's conversation. Alerts are alert.c's,
 * the user's chat states chatstate.c's, drawing draw.c's.
 */
#include "config.h"

#include <curses.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/autoaway.h"
#include "cmd/command.h"
#include "config/prefs.h"
#include "config/theme.h"
#include "core/event.h"
#include "fe/tty/alert.h"
#include "fe/tty/chatstate.h"
#include "fe/tty/draw-private.h"
#include "fe/tty/draw.h"
#include "fe/tty/history.h"
#include "fe/tty/input.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/tty.h"
#include "fe/tty/view.h"
#include "fe/tty/window.h"
#include "model/account.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/session.h"

static unsigned subscriptions[13];
/* Accounts waiting to be asked for their password (char *), the first
 * being asked. */
unsigned tty_xml_subscription; /* wincmd.c subscribes it */
static guint winch_source, clock_source;
static int user_opened; /* a command of the user's is running */
static SCREEN *screen;

static void tty_show_conversation(const char *account, const char *peer);

static GPtrArray *tty_room_nicks(void);
static const char *tty_current_account(void);

/* The windows with unread messages (natter ctl --unread). */
static GPtrArray *
tty_activity(void)
{
	const GPtrArray *windows = window_list();
	GPtrArray *list = cmd_activity_list();

	for (guint i = 0; i < windows->len; i++) {
		const struct window *w = windows->pdata[i];
		if (w->unread > 0)
			cmd_activity_add(list, w->number, w->name, w->account, w->unread,
			                 w->highlights);
	}
	return list;
}

static const struct cmd_frontend tty_cmd_frontend = {
	.name = "terminal",
	.activity = tty_activity,
	.ui = tty_ui,
	.window_names = tty_window_names,
	.show_conversation = tty_show_conversation,
	.room_nicks = tty_room_nicks,
	.current_account = tty_current_account,
	.open_match = search_open,
};

void
tty_show(struct window *w)
{
	window_show(w);
	history_select(w);
	alert_update_title();
	draw_dirty();
}

/* A line was added to w: the main area changes only when w is shown; the
 * status bar and panel show its activity either way. */
void
tty_dirty_window(const struct window *w)
{
	draw_dirty_parts(w == window_current() ? DRAW_ALL : DRAW_STATUS | DRAW_PANEL);
}

void
tty_console(enum line_kind kind, const char *account, const char *text)
{
	window_add(window_console(), g_get_real_time(), kind, 0, account, text, ACTIVITY_INFO);
	tty_dirty_window(window_console());
}

/* ---- events ---- */

static void
tty_on_session(const struct event *event, void *userdata)
{
	enum session_state state = (enum session_state)event->u.session.state;
	char *text;

	if (state == SESSION_ONLINE && event->u.session.resumed)
		text = g_strdup_printf("online again as %s (session resumed)",
		                       event->u.session.jid);
	else if (state == SESSION_ONLINE)
		text = g_strdup_printf("online as %s", event->u.session.jid);
	else if (event->u.session.reason != NULL)
		text = g_strdup_printf("%s: %s", session_state_name(state),
		                       event->u.session.reason);
	else
		text = g_strdup_printf("%s", session_state_name(state));
	tty_console(event->u.session.error ? LINE_ERROR : LINE_INFO, event->account, text);
	g_free(text);
}

static void
tty_on_log(const struct event *event, void *userdata)
{
	enum line_kind kind = event->u.log.level >= LOG_WARNING ? LINE_ERROR : LINE_INFO;

	tty_console(kind, event->account, event->u.log.text);
}

/* The room of a room's or an occupant's conversation, or NULL. */
const struct room *
tty_room_of(const struct conversation *c)
{
	char *bare;
	const struct room *room;

	if (c->kind == CONVERSATION_CHAT)
		return NULL;
	bare = g_strndup(c->peer, strcspn(c->peer, "/"));
	room = room_find(c->account, bare);
	g_free(bare);
	return room;
}

/* The current window's account (NULL in the console), for completion. */
static const char *
tty_current_account(void)
{
	return window_current()->account;
}

/* The other occupants of the current window's room (a room's or an
 * occupant's window), for completion; NULL elsewhere. */
static GPtrArray *
tty_room_nicks(void)
{
	const struct window *w = window_current();
	const struct conversation *c =
	        w->kind == WINDOW_CHAT ? conversation_find_id(w->conversation) : NULL;
	const struct room *room = c != NULL ? tty_room_of(c) : NULL;
	GPtrArray *nicks, *occupants;

	if (room == NULL)
		return NULL;
	nicks = g_ptr_array_new_with_free_func(g_free);
	occupants = room_occupants_sorted(room);
	for (guint i = 0; i < occupants->len; i++) {
		const struct occupant *o = occupants->pdata[i];
		if (o != room->self)
			g_ptr_array_add(nicks, g_strdup(o->nick));
	}
	g_ptr_array_free(occupants, TRUE);
	return nicks;
}

/* The conversation's window, opened (with its stored history but the
 * message skip, about to be shown) when there is none. */
struct window *
tty_window_of(const struct conversation *c, gint64 skip)
{
	struct window *w = window_for_conversation(c->id);

	if (w == NULL) {
		w = window_open(WINDOW_CHAT, c->account, c->peer);
		w->conversation = c->id;
		stored_load(w, c, skip);
	}
	return w;
}

struct window *
tty_conversation_window(const struct conversation *c)
{
	return tty_window_of(c, 0);
}

static void
tty_on_conversation(const struct event *event, void *userdata)
{
	struct window *w = tty_conversation_window(event->u.conversation);

	/* A conversation the user opened is shown; one a contact started
	 * waits in the status bar. */
	if (user_opened)
		tty_show(w);
	draw_dirty();
}

static void
tty_show_conversation(const char *account, const char *peer)
{
	const struct conversation *c = conversation_find(account, peer);

	if (c != NULL)
		tty_show(tty_conversation_window(c));
}

/* OTR has news for a conversation: said in its window (opened), the
 * title bar shows the state. */
static void
tty_on_otr(const struct event *event, void *userdata)
{
	struct conversation *c =
	        conversation_open_kind(event->account, event->u.otr.peer, CONVERSATION_CHAT);
	struct window *w = tty_conversation_window(c);

	window_add(w, g_get_real_time(), LINE_INFO, 0, NULL, event->u.otr.text, ACTIVITY_INFO);
	tty_dirty_window(w);
	draw_dirty_parts(DRAW_TITLE);
}

/* The contact types (XEP-0085): the title bar and the status bar say so. */
static void
tty_on_chat_state(const struct event *event, void *userdata)
{
	draw_dirty_parts(DRAW_TITLE | DRAW_STATUS);
}

/* Presence or roster: the title bar and the panel show them. */
static void
tty_on_presence(const struct event *event, void *userdata)
{
	draw_dirty_parts(DRAW_TITLE | DRAW_PANEL);
}

static void
tty_on_own_presence(const struct event *event, void *userdata)
{
	draw_dirty_parts(DRAW_STATUS);
}

/* A subscription request is shown in the console as a highlight, with
 * the commands that answer it; it also waits in /sub pending. */
static void
tty_on_subscription(const struct event *event, void *userdata)
{
	const struct contact *c = event->u.subscription.contact;
	char *text;

	draw_dirty_parts(DRAW_PANEL);
	if (!c->request_pending)
		return;
	text = c->request_text != NULL
	               ? g_strdup_printf("%s asks to see your presence (\"%s\"): /sub allow %s, or "
	                                 "/sub deny %s",
	                                 c->jid, c->request_text, c->jid, c->jid)
	               : g_strdup_printf("%s asks to see your presence: /sub allow %s, or /sub "
	                                 "deny %s",
	                                 c->jid, c->jid, c->jid);
	window_add(window_console(), g_get_real_time(), LINE_INFO, LINE_HIGHLIGHT, event->account,
	           text, ACTIVITY_HIGHLIGHT);
	alert("highlight", event->account, c->jid, text);
	alert_update_title();
	tty_dirty_window(window_console());
	g_free(text);
}

/* ---- options ---- */

static void
tty_apply_theme(void)
{
	const char *name = prefs_string("ui.theme");
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL, *path;
	struct theme theme;

	theme_default(&theme);
	/* A path (a '/' in it) is a file; else a name to look up. */
	path = strchr(name, '/') ? g_strdup(name) : theme_locate(name, &cause);
	if (path == NULL || theme_load(path, &theme, problems, &cause) == -1) {
		g_ptr_array_add(problems,
		                g_strdup_printf("ui.theme: %s; using the default", cause));
		theme_default(&theme);
	}
	draw_theme(&theme);
	for (guint i = 0; i < problems->len; i++)
		tty_console(LINE_ERROR, NULL, problems->pdata[i]);
	g_ptr_array_free(problems, TRUE);
	g_free(cause);
	g_free(path);
}

static void tty_schedule_clock(void);

static gboolean
tty_on_clock(gpointer userdata)
{
	clock_source = 0;
	draw_dirty_parts(DRAW_STATUS);
	tty_schedule_clock();
	return G_SOURCE_REMOVE;
}

/* The clock wakes natter when what it shows changes: each minute, each
 * second only for a format with seconds, never without a clock. */
static void
tty_schedule_clock(void)
{
	const char *format = prefs_string("ui.status_time");
	static const char *const seconds[] = { "%S", "%T", "%s", "%r", "%X", "%c", "%+" };
	gint64 now = g_get_real_time(), period = 60 * G_USEC_PER_SEC;

	g_clear_handle_id(&clock_source, g_source_remove);
	if (*format == '\0')
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(seconds); i++) {
		if (strstr(format, seconds[i]) != NULL)
			period = G_USEC_PER_SEC;
	}
	/* Just after the next boundary, so the new value shows. */
	clock_source =
	        g_timeout_add((guint)((period - now % period) / 1000 + 5), tty_on_clock, NULL);
}

static void
tty_on_pref(const struct event *event, void *userdata)
{
	const char *name = event->u.pref.name;

	if (strcmp(name, "ui.theme") == 0 || strcmp(name, "ui.nick_colours") == 0)
		tty_apply_theme();
	else if (strcmp(name, "ui.status_time") == 0)
		tty_schedule_clock();
	else if (strncmp(name, "ui.roster_", 10) == 0)
		draw_resize();
	else if (strcmp(name, "ui.scrollback") == 0)
		window_list_set_keep(prefs_int("ui.scrollback"));
	else if (strcmp(name, "ui.terminal_title") == 0)
		alert_update_title();
	else if (strcmp(name, "ui.mouse") == 0)
		input_mouse(prefs_bool("ui.mouse"));
	draw_dirty();
}

/* ---- typed lines ---- */

/* Command output and errors: /help fills the help window, the rest goes
 * to the window where it was typed. */
static void
tty_show_result(const struct cmd_result *result)
{
	struct window *w = window_current();
	gint64 now = g_get_real_time();

	/* /search: its window lists the matches. */
	if (result->ok && result->found != NULL) {
		search_show(result);
		return;
	}
	if (result->ok && result->command != NULL && strcmp(result->command, "help") == 0 &&
	    result->output != NULL) {
		w = window_by_kind(WINDOW_HELP);
		if (w == NULL)
			w = window_open(WINDOW_HELP, NULL, "help");
		tty_show(w);
	}
	for (guint i = 0; result->output && i < result->output->len; i++)
		window_add(w, now, LINE_PLAIN, 0, NULL, result->output->pdata[i], ACTIVITY_INFO);
	if (!result->ok) {
		window_add(w, now, LINE_ERROR, 0, NULL, result->error, ACTIVITY_INFO);
		if (result->usage != NULL)
			window_add(w, now, LINE_ERROR, 0, NULL, result->usage, ACTIVITY_INFO);
	}
	draw_dirty();
}

/* Text typed in a conversation window goes to its peer. */
static void
tty_say(const char *text)
{
	struct window *w = window_current();
	struct cmd_result result;
	const struct conversation *c;

	cmd_result_init(&result);
	/* In the search window, a match's number opens it. */
	if (w->kind == WINDOW_SEARCH && text[0] != '\0' &&
	    strspn(text, "0123456789") == strlen(text)) {
		char *cause = NULL;
		long n = strtol(text, NULL, 10);
		if (search_open((int)CLAMP(n, 0, G_MAXINT), &cause) == -1) {
			cmd_result_error(&result, "%s", cause);
			tty_show_result(&result);
			g_free(cause);
		}
		cmd_result_clear(&result);
		return;
	}
	if (w->kind != WINDOW_CHAT || (c = conversation_find_id(w->conversation)) == NULL) {
		cmd_result_error(&result,
		                 "this is the %s: commands start with '/' (try /help), "
		                 "messages go to a conversation window (/msg JID)",
		                 w->name);
		tty_show_result(&result);
		cmd_result_clear(&result);
		return;
	}
	/* What is said goes under the newest messages. */
	if (w->detached)
		stored_attach(w);
	if (cmd_msg_send(c->account, c->peer, text, &result) == -1)
		tty_show_result(&result);
	chatstate_sent(c->id);
	cmd_result_clear(&result);
}

static void
tty_on_line(const char *line)
{
	struct window *w = window_current();
	const struct conversation *c =
	        w->kind == WINDOW_CHAT ? conversation_find_id(w->conversation) : NULL;
	struct cmd_context context = { .account = w->account,
		                       .peer = c ? c->peer : NULL,
		                       .frontend = &tty_cmd_frontend };
	struct cmd_result result;

	/* Whatever is sent or run, the view follows the newest lines again. */
	view_scroll(0);
	/* "//text" sends "/text" as a message. */
	if (line[0] == '/' && line[1] == '/') {
		tty_say(line + 1);
		return;
	}
	if (line[0] != '/') {
		tty_say(line);
		return;
	}
	user_opened = 1;
	cmd_execute(&context, line, &result);
	user_opened = 0;
	tty_show_result(&result);
	cmd_result_clear(&result);
}

/* ---- keys ---- */

static void
tty_on_window_key(int number)
{
	struct window *w = window_by_number(number);

	if (w != NULL)
		tty_show(w);
}

static void
tty_on_step(int direction)
{
	tty_show(window_step(direction));
}

static void
tty_on_next_active(void)
{
	struct window *w = window_next_active();

	if (w != NULL)
		tty_show(w);
}

static void
tty_on_scroll(int how)
{
	int page = draw_main_rows() > 2 ? draw_main_rows() - 2 : 1;

	switch (how) {
	case INPUT_SCROLL_PAGE_UP:
		view_scroll(page);
		break;
	case INPUT_SCROLL_PAGE_DOWN:
		view_scroll(-page);
		break;
	case INPUT_SCROLL_WHEEL_UP:
		view_scroll(3);
		break;
	case INPUT_SCROLL_WHEEL_DOWN:
		view_scroll(-3);
		break;
	case INPUT_SCROLL_TOP:
		view_scroll(G_MAXINT);
		break;
	case INPUT_SCROLL_BOTTOM:
		view_scroll(0);
		break;
	}
}

static void
tty_on_matches(char **matches, int count)
{
	GString *line = g_string_new("completions:");

	for (int i = 0; i < count; i++)
		g_string_append_printf(line, " %s", matches[i]);
	window_add(window_current(), g_get_real_time(), LINE_INFO, 0, NULL, line->str,
	           ACTIVITY_NONE);
	g_string_free(line, TRUE);
	draw_dirty();
}

static void
tty_on_toggle_panel(void)
{
	char *cause = NULL;

	if (prefs_set("ui.roster_panel", prefs_bool("ui.roster_panel") ? "off" : "on", &cause) ==
	    -1) {
		tty_console(LINE_ERROR, NULL, cause);
		g_free(cause);
	}
}

static void
tty_on_problem(const char *text)
{
	tty_console(LINE_ERROR, NULL, text);
}

static gboolean
tty_on_winch(gpointer userdata)
{
	draw_resize();
	return G_SOURCE_CONTINUE;
}

/* Alt-Up: the user's last message in the current window. */
static char *
tty_last_own(void)
{
	struct window *w = window_current();
	struct conversation *c =
	        w && w->kind == WINDOW_CHAT ? conversation_find_id(w->conversation) : NULL;
	struct message *last = c ? conversation_last_own(c) : NULL;

	return last && last->body ? g_strdup(last->body) : NULL;
}

static const struct input_actions tty_actions = {
	.line = tty_on_line,
	.window = tty_on_window_key,
	.step = tty_on_step,
	.next_active = tty_on_next_active,
	.scrollback = tty_on_scroll,
	.matches = tty_on_matches,
	.toggle_panel = tty_on_toggle_panel,
	.problem = tty_on_problem,
	.typing = chatstate_typed,
	.last_own = tty_last_own,
	.focus = autoaway_focus,
};

/* ---- start and stop ---- */

static int
tty_start(char **cause)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = g_strdup("the terminal UI needs a terminal; use --headless for pipes");
		return -1;
	}
	/* newterm() reports a bad TERM where initscr() would exit. */
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		*cause = g_strdup("cannot initialise the terminal (is TERM set?)");
		return -1;
	}
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	/* ncurses 6.4 flushes its output after each cursor movement until the
	 * first endwin() (its state stays "initial" until then): a frame went
	 * out as a write per row, a packet each over SSH. One endwin() and
	 * refresh() before anything is drawn, and each frame is one write. */
	endwin();
	refresh();
	window_list_init(prefs_int("ui.scrollback"));
	draw_init();
	if (input_start(&tty_actions, &tty_cmd_frontend, cause) == -1) {
		draw_fini();
		endwin();
		delscreen(screen);
		screen = NULL;
		window_list_clear();
		return -1;
	}
	alert_init(tty_on_problem);
	subscriptions[0] = event_subscribe(EV_SESSION_STATE, tty_on_session, NULL);
	subscriptions[1] = event_subscribe(EV_LOG, tty_on_log, NULL);
	subscriptions[2] = event_subscribe(EV_CONVERSATION_ADDED, tty_on_conversation, NULL);
	subscriptions[3] = event_subscribe(EV_MESSAGE_ADDED, tty_on_message, NULL);
	subscriptions[4] = event_subscribe(EV_PREF_CHANGED, tty_on_pref, NULL);
	subscriptions[5] = event_subscribe(EV_PRESENCE, tty_on_presence, NULL);
	subscriptions[6] = event_subscribe(EV_ROSTER, tty_on_presence, NULL);
	subscriptions[7] = event_subscribe(EV_SUBSCRIPTION, tty_on_subscription, NULL);
	subscriptions[8] = event_subscribe(EV_OWN_PRESENCE, tty_on_own_presence, NULL);
	subscriptions[9] = event_subscribe(EV_MESSAGE_UPDATED, tty_on_message_update, NULL);
	subscriptions[10] = event_subscribe(EV_CHAT_STATE, tty_on_chat_state, NULL);
	subscriptions[11] = event_subscribe(EV_ARCHIVE_FETCHED, stored_on_fetched, NULL);
	subscriptions[12] = event_subscribe(EV_OTR, tty_on_otr, NULL);
	tty_accounts_start();
	roomview_start();
	winch_source = g_unix_signal_add(SIGWINCH, tty_on_winch, NULL);
	tty_console(LINE_INFO, NULL,
	            "natter " PACKAGE_VERSION ": /help lists the commands, /quit leaves, "
	            "Alt-1..Alt-0 switch windows");
	tty_apply_theme();
	tty_schedule_clock();
	history_select(window_current());
	input_mouse(prefs_bool("ui.mouse"));
	alert_update_title();
	return 0;
}

static void
tty_stop(void)
{
	event_unsubscribe_all(subscriptions, G_N_ELEMENTS(subscriptions));
	tty_accounts_stop();
	roomview_stop();
	g_clear_handle_id(&tty_xml_subscription, event_unsubscribe);
	g_clear_handle_id(&winch_source, g_source_remove);
	g_clear_handle_id(&clock_source, g_source_remove);
	chatstate_stop();
	input_stop();
	alert_fini();
	draw_fini();
	endwin();
	delscreen(screen);
	screen = NULL;
	window_list_clear();
	search_forget();
}

/* A start-up command (-x): run as if typed in the console. */
static void
tty_execute(const char *line)
{
	struct cmd_context context = { .frontend = &tty_cmd_frontend };
	struct cmd_result result;

	cmd_execute(&context, line, &result);
	tty_show_result(&result);
	cmd_result_clear(&result);
}

const struct app_frontend tty_frontend = {
	.name = "tty",
	.start = tty_start,
	.stop = tty_stop,
	.execute = tty_execute,
	.commands = &tty_cmd_frontend,
};
