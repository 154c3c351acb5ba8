/*
 * tty.c: the terminal frontend.
 *
 * Owns the curses screen, the event subscriptions and the SIGWINCH source
 * from tty_start() to tty_stop(). Core events become lines in windows
 * (window.c); typed lines become commands (cmd/) or messages to the
 * current window's conversation; drawing is draw.c's.
 */
#include "config.h"

#include <curses.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "config/paths.h"
#include "config/theme.h"
#include "core/event.h"
#include "fe/tty/draw.h"
#include "fe/tty/input.h"
#include "fe/tty/tty.h"
#include "fe/tty/window.h"
#include "model/conversation.h"
#include "xmpp/session.h"

static unsigned subscriptions[4];
static guint winch_source;
static int user_opened; /* a command of the user's is running */
static SCREEN *screen;

static int tty_window_select(const char *which, char **cause);

static const struct cmd_frontend tty_cmd_frontend = {
	.name = "terminal",
	.window_select = tty_window_select,
};

static void
tty_show(struct window *w)
{
	window_show(w);
	draw_dirty();
}

static int
tty_window_select(const char *which, char **cause)
{
	const GPtrArray *windows = window_list();
	char *end = NULL;
	long number = strtol(which, &end, 10);

	if (end != which && *end == '\0') {
		struct window *w = window_by_number((int)number);
		if (w == NULL) {
			*cause = g_strdup_printf("no window %ld (there are %u)", number,
			                         windows->len);
			return -1;
		}
		tty_show(w);
		return 0;
	}
	for (guint i = 0; i < windows->len; i++) {
		struct window *w = windows->pdata[i];
		if (strstr(w->name, which) != NULL) {
			tty_show(w);
			return 0;
		}
	}
	*cause = g_strdup_printf("no window named '%s'", which);
	return -1;
}

static void
tty_console(enum line_style style, const char *account, const char *text)
{
	char *prefix = account ? g_strdup_printf("%s:", account) : NULL;

	window_add(window_console(), g_get_real_time(), style, prefix, text);
	g_free(prefix);
	draw_dirty();
}

static void
tty_on_session(const struct event *event, void *userdata)
{
	enum session_state state = (enum session_state)event->u.session.state;
	char *text;

	if (state == SESSION_ONLINE)
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
	enum line_style style = event->u.log.level >= LOG_WARNING ? LINE_ERROR : LINE_INFO;

	tty_console(style, event->account, event->u.log.text);
}

static void
tty_on_conversation(const struct event *event, void *userdata)
{
	const struct conversation *c = event->u.conversation;
	struct window *w = window_for_conversation(c->id, c->account, c->peer);

	/* A conversation the user opened is shown; one a contact started
	 * waits in the status bar. */
	if (user_opened)
		tty_show(w);
	draw_dirty();
}

static void
tty_on_message(const struct event *event, void *userdata)
{
	const struct conversation *c = event->u.message.conversation;
	const struct message *m = event->u.message.message;
	struct window *w = window_for_conversation(c->id, c->account, c->peer);
	char *who, *prefix;

	if (m->direction == MESSAGE_OUT)
		who = g_strdup(session_jid(session_find(c->account)));
	else
		who = g_strdup(m->from);
	/* Show the bare JID: the resource is noise in a one-to-one window. */
	char *slash = strchr(who, '/');
	if (slash != NULL)
		*slash = '\0';
	prefix = g_strdup_printf("<%s>", who);
	if (m->type == MESSAGE_ERROR) {
		char *text = g_strdup_printf("error from %s: %s", who, m->error ? m->error : "");
		window_add(w, m->timestamp, LINE_ERROR, NULL, text);
		g_free(text);
	} else {
		window_add(w, m->timestamp, m->direction == MESSAGE_OUT ? LINE_OWN : LINE_PEER,
		           prefix, m->body ? m->body : "");
	}
	g_free(prefix);
	g_free(who);
	draw_dirty();
}

static void
tty_show_result(const struct cmd_result *result)
{
	struct window *w = window_current();

	for (guint i = 0; result->output && i < result->output->len; i++)
		window_add(w, g_get_real_time(), LINE_PLAIN, NULL, result->output->pdata[i]);
	if (!result->ok) {
		window_add(w, g_get_real_time(), LINE_ERROR, NULL, result->error);
		if (result->usage != NULL)
			window_add(w, g_get_real_time(), LINE_ERROR, NULL, result->usage);
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
	if (w->kind != WINDOW_CONVERSATION || (c = conversation_find_id(w->conversation)) == NULL) {
		cmd_result_error(&result,
		                 "this is the console: commands start with '/' (try /help), "
		                 "messages go to a conversation window (/msg JID)");
		tty_show_result(&result);
		cmd_result_clear(&result);
		return;
	}
	if (cmd_msg_send(c->account, c->peer, text, &result) == -1)
		tty_show_result(&result);
	cmd_result_clear(&result);
}

static void
tty_on_line(const char *line)
{
	struct window *w = window_current();
	struct cmd_context context = { .account = w->account, .frontend = &tty_cmd_frontend };
	struct cmd_result result;

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

static void
tty_on_window_key(int number)
{
	struct window *w = window_by_number(number);

	if (w != NULL)
		tty_show(w);
}

static void
tty_on_page(int direction)
{
	struct window *w = window_current();
	int step = draw_main_rows() - 1 > 0 ? draw_main_rows() - 1 : 1;

	w->scroll += direction * step;
	if (w->scroll > (int)w->lines.length - 1)
		w->scroll = (int)w->lines.length - 1;
	if (w->scroll < 0)
		w->scroll = 0;
	draw_dirty();
}

static void
tty_on_matches(char **matches, int count)
{
	GString *line = g_string_new("completions:");

	for (int i = 0; i < count; i++)
		g_string_append_printf(line, " %s", matches[i]);
	window_add(window_current(), g_get_real_time(), LINE_INFO, NULL, line->str);
	g_string_free(line, TRUE);
	draw_dirty();
}

static gboolean
tty_on_winch(gpointer userdata)
{
	draw_resize();
	return G_SOURCE_CONTINUE;
}

static const struct input_actions tty_actions = {
	.line = tty_on_line,
	.window = tty_on_window_key,
	.page = tty_on_page,
	.matches = tty_on_matches,
};

/* The user's theme (natter.theme in the configuration directory) over
 * the default; problems are reported once the console exists. */
static void
tty_load_theme(struct theme *theme, GPtrArray *problems)
{
	char *path = paths_config_file("natter.theme");
	char *cause = NULL;

	theme_default(theme);
	if (g_file_test(path, G_FILE_TEST_EXISTS) &&
	    theme_load(path, theme, problems, &cause) == -1) {
		g_ptr_array_add(problems, cause);
	}
	g_free(path);
}

static int
tty_start(char **cause)
{
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	struct theme theme;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = g_strdup("the terminal UI needs a terminal; use --headless for pipes");
		g_ptr_array_free(problems, TRUE);
		return -1;
	}
	/* newterm() reports a bad TERM where initscr() would exit. */
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		*cause = g_strdup("cannot initialise the terminal (is TERM set?)");
		g_ptr_array_free(problems, TRUE);
		return -1;
	}
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	window_list_init();
	tty_load_theme(&theme, problems);
	draw_init(&theme);
	if (input_start(&tty_actions, cause) == -1) {
		draw_fini();
		endwin();
		delscreen(screen);
		screen = NULL;
		g_ptr_array_free(problems, TRUE);
		return -1;
	}
	subscriptions[0] = event_subscribe(EV_SESSION_STATE, tty_on_session, NULL);
	subscriptions[1] = event_subscribe(EV_LOG, tty_on_log, NULL);
	subscriptions[2] = event_subscribe(EV_CONVERSATION_ADDED, tty_on_conversation, NULL);
	subscriptions[3] = event_subscribe(EV_MESSAGE_ADDED, tty_on_message, NULL);
	winch_source = g_unix_signal_add(SIGWINCH, tty_on_winch, NULL);
	tty_console(LINE_INFO, NULL,
	            "natter " PACKAGE_VERSION ": /help lists the commands, /quit leaves, "
	            "Alt-1..Alt-9 switch windows");
	for (guint i = 0; i < problems->len; i++)
		tty_console(LINE_ERROR, NULL, problems->pdata[i]);
	g_ptr_array_free(problems, TRUE);
	return 0;
}

static void
tty_stop(void)
{
	event_unsubscribe_all(subscriptions, G_N_ELEMENTS(subscriptions));
	g_clear_handle_id(&winch_source, g_source_remove);
	input_stop();
	draw_fini();
	endwin();
	delscreen(screen);
	screen = NULL;
	window_list_clear();
}

const struct app_frontend tty_frontend = {
	.name = "tty",
	.start = tty_start,
	.stop = tty_stop,
};
