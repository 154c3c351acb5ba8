/*
 * input.c: the input line, through GNU readline's callback interface.
 *
 * Owns the stdin watch, readline's callback handler and the editor child
 * from input_start() to input_stop(); the histories are history.c's.
 * readline's terminal preparation, signal handling and output are switched
 * off: curses owns the terminal, GLib the signals, and readline's
 * redisplay only hands its buffer to draw.c.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curses.h>
#include <readline/history.h>
#include <readline/readline.h>

#include "cmd/autoaway.h"
#include "cmd/command.h"
#include "config/paths.h"
#include "config/prefs.h"
#include "core/spawn.h"
#include "core/width.h"
#include "fe/tty/draw.h"
#include "fe/tty/history.h"
#include "fe/tty/input.h"
#include "fe/tty/window.h"

static guint stdin_source;
static const struct input_actions *actions;
static FILE *null_output;
static const struct cmd_frontend *completion_frontend;

/* The secret asked for (input_ask_secret()), while it is. */
static struct {
	int open;
	void (*answer)(const char *secret, void *userdata);
	void *userdata;
	char *saved;            /* the line being typed when it was asked */
	HISTORY_STATE *history; /* readline's history, put aside meanwhile */
} asked;

/* ---- redisplay and lines ---- */

/* The typed line as shown: a secret command's arguments as '*', one per
 * character; all of it while a secret is asked for. */
static char *
input_masked(const char *line)
{
	size_t offset = asked.open ? 0 : cmd_secret_offset(line);
	GString *shown;

	if (asked.open) {
		shown = g_string_new(NULL);
		for (const char *p = line; *p != '\0'; p = g_utf8_next_char(p))
			g_string_append_c(shown, '*');
		return g_string_free(shown, FALSE);
	}

	if (offset == 0)
		return g_strdup(line);
	shown = g_string_new_len(line, (gssize)offset);
	for (const char *p = line + offset; *p != '\0'; p = g_utf8_next_char(p))
		g_string_append_c(shown, *p == ' ' && p == line + offset ? ' ' : '*');
	return g_string_free(shown, FALSE);
}

static void
input_redisplay(void)
{
	/* While searching (Ctrl-R) the prompt says what is searched. */
	const char *prompt = rl_display_prompt ? rl_display_prompt : "";
	char *masked = input_masked(rl_line_buffer);
	/* The cursor's place in the masked line: as many characters in. */
	long chars = g_utf8_pointer_to_offset(rl_line_buffer, rl_line_buffer + rl_point);
	char *before = g_strdup_printf(
	        "%s%.*s", prompt, (int)(g_utf8_offset_to_pointer(masked, chars) - masked), masked);
	char *whole = g_strconcat(prompt, masked, NULL);
	char *shown_before = width_sanitize(before, SANITIZE_MULTILINE);
	char *shown = width_sanitize(whole, SANITIZE_MULTILINE);

	/* The user's own keys can hold controls too (Ctrl-V Esc): what is
	 * drawn is sanitized and measurable, what is sent is what was
	 * typed. */
	draw_input(shown, (int)strlen(shown_before));
	/* A password being typed is nobody's chat state. */
	if (!asked.open)
		actions->typing(rl_line_buffer);
	g_free(masked);
	g_free(before);
	g_free(whole);
	g_free(shown_before);
	g_free(shown);
}

/* The answer to input_ask_secret(): the question closes, the line that
 * was being typed comes back. */
static void
input_on_secret(char *line)
{
	void (*answer)(const char *secret, void *userdata) = asked.answer;
	void *userdata = asked.userdata;

	asked.open = 0;
	history_set_history_state(asked.history);
	free(asked.history);
	asked.history = NULL;
	rl_set_prompt("");
	rl_replace_line(asked.saved ? asked.saved : "", 0);
	rl_point = rl_end;
	g_clear_pointer(&asked.saved, g_free);
	answer(line != NULL && *line != '\0' ? line : NULL, userdata);
	if (line != NULL)
		explicit_bzero(line, strlen(line));
	free(line);
	input_redisplay();
}

int
input_asking(void)
{
	return asked.open;
}

int
input_ask_secret(const char *prompt, void (*answer)(const char *secret, void *userdata),
                 void *userdata)
{
	if (asked.open)
		return -1;
	asked.open = 1;
	asked.answer = answer;
	asked.userdata = userdata;
	asked.saved = g_strdup(rl_line_buffer);
	/* No history to go through (Up, Ctrl-R) into the question. */
	asked.history = history_get_history_state();
	history_set_history_state(&(HISTORY_STATE){ 0 });
	rl_replace_line("", 0);
	rl_point = 0;
	rl_set_prompt(prompt);
	input_redisplay();
	return 0;
}

static void
input_on_line(char *line)
{
	if (asked.open) {
		input_on_secret(line);
		return;
	}
	if (line == NULL)
		return; /* Ctrl-D on an empty line: /quit is the way out */
	if (*line != '\0') {
		/* A secret never goes to the history (nor its file). */
		if (cmd_secret_offset(line) == 0)
			history_add(line);
		actions->line(line);
		if (cmd_secret_offset(line) != 0)
			explicit_bzero(line, strlen(line));
	}
	free(line);
}

/* ---- key bindings ---- */

static int
input_on_alt_digit(int count, int key)
{
	actions->window(key == '0' ? 10 : key - '0');
	return 0;
}

static int
input_on_page_up(int count, int key)
{
	actions->scrollback(INPUT_SCROLL_PAGE_UP);
	return 0;
}

static int
input_on_page_down(int count, int key)
{
	actions->scrollback(INPUT_SCROLL_PAGE_DOWN);
	return 0;
}

static int
input_on_scroll_top(int count, int key)
{
	actions->scrollback(INPUT_SCROLL_TOP);
	return 0;
}

static int
input_on_scroll_bottom(int count, int key)
{
	actions->scrollback(INPUT_SCROLL_BOTTOM);
	return 0;
}

/* Home and End move in the input line, or scroll when it is empty. */
static int
input_on_home(int count, int key)
{
	return rl_end == 0 ? input_on_scroll_top(count, key) : rl_beg_of_line(count, key);
}

static int
input_on_end(int count, int key)
{
	return rl_end == 0 ? input_on_scroll_bottom(count, key) : rl_end_of_line(count, key);
}

static int
input_on_next_window(int count, int key)
{
	actions->step(1);
	return 0;
}

static int
input_on_previous_window(int count, int key)
{
	actions->step(-1);
	return 0;
}

static int
input_on_next_active(int count, int key)
{
	actions->next_active();
	return 0;
}

static int
input_on_toggle_panel(int count, int key)
{
	actions->toggle_panel();
	return 0;
}

static int
input_on_newline(int count, int key)
{
	return rl_insert_text("\n") > 0 ? 0 : 1;
}

static int
input_on_editor(int count, int key)
{
	char *cause = NULL;

	/* The editor would write it to a file. */
	if (cmd_secret_offset(rl_line_buffer) != 0) {
		actions->problem("a line with a password is not opened in an editor");
		return 0;
	}
	if (input_editor(rl_line_buffer, &cause) == -1) {
		actions->problem(cause);
		g_free(cause);
	}
	return 0;
}

/* Alt-Up (XEP-0308): the input line becomes "/correct " and the last
 * message's text, ready to edit; Enter sends the correction. */
static int
input_on_correct_last(int count, int key)
{
	char *text = actions->last_own ? actions->last_own() : NULL;
	char *line;

	if (text == NULL) {
		actions->problem("no message of yours in this window to correct");
		return 0;
	}
	/* A text that begins with '-' is not an option. */
	line = g_strconcat(text[0] == '-' ? "/correct -- " : "/correct ", text, NULL);
	rl_replace_line(line, 0);
	rl_point = rl_end;
	rl_redisplay();
	g_free(line);
	g_free(text);
	return 0;
}

/* A mouse report: SGR ("ESC [ < b ; x ; y M") or X10 ("ESC [ M b x y");
 * buttons 64 and 65 are the wheel. */
static int
input_on_mouse_sgr(int count, int key)
{
	char report[32];
	size_t n = 0;
	int c;

	while ((c = rl_read_key()) > 0 && c != 'M' && c != 'm' && n < sizeof report - 1)
		report[n++] = (char)c;
	report[n] = '\0';
	int button = atoi(report);
	if (c == 'M' && (button == 64 || button == 65))
		actions->scrollback(button == 64 ? INPUT_SCROLL_WHEEL_UP : INPUT_SCROLL_WHEEL_DOWN);
	return 0;
}

static int
input_on_mouse_x10(int count, int key)
{
	int button = rl_read_key() - 32;

	rl_read_key();
	rl_read_key();
	if (button == 64 || button == 65)
		actions->scrollback(button == 64 ? INPUT_SCROLL_WHEEL_UP : INPUT_SCROLL_WHEEL_DOWN);
	return 0;
}

/* Focus reports (xterm's mode 1004, tmux with focus-events on). */
static int
input_on_focus_in(int count, int key)
{
	actions->focus(1);
	return 0;
}

static int
input_on_focus_out(int count, int key)
{
	actions->focus(0);
	return 0;
}

void
input_mouse(int on)
{
	/* Button events with SGR coordinates (xterm, tmux, and most since). */
	fputs(on ? "\033[?1000h\033[?1006h" : "\033[?1006l\033[?1000l", stdout);
	fflush(stdout);
}

/* Functions users can bind in an inputrc, and natter's default keys. */
struct input_key {
	const char *name;
	rl_command_func_t *fn;
	const char *keys[8];
};

static const struct input_key input_keys[] = {
	{ "natter-page-up", input_on_page_up, { "\\e[5~" } },
	{ "natter-page-down", input_on_page_down, { "\\e[6~" } },
	{ "natter-scroll-top", input_on_scroll_top, { "\\e[1;5H", "\\e[1;5~", "\\e[7;5~" } },
	{ "natter-scroll-bottom", input_on_scroll_bottom, { "\\e[1;5F", "\\e[4;5~", "\\e[8;5~" } },
	{ "natter-home", input_on_home, { "\\e[H", "\\eOH", "\\e[1~", "\\e[7~" } },
	{ "natter-end", input_on_end, { "\\e[F", "\\eOF", "\\e[4~", "\\e[8~" } },
	{ "natter-next-window", input_on_next_window, { "\\e[1;3C", "\\e\\e[C", "\\e\\eOC" } },
	{ "natter-previous-window",
	  input_on_previous_window,
	  { "\\e[1;3D", "\\e\\e[D", "\\e\\eOD" } },
	{ "natter-next-active", input_on_next_active, { "\\ea" } },
	{ "natter-toggle-roster", input_on_toggle_panel, { "\\er" } },
	{ "natter-newline", input_on_newline, { "\\e\\r", "\\e\\n" } },
	{ "natter-editor", input_on_editor, { "\\C-x\\C-e" } },
	{ "natter-correct-last", input_on_correct_last, { "\\e[1;3A", "\\e\\e[A", "\\e\\eOA" } },
	{ "natter-mouse", input_on_mouse_sgr, { "\\e[<" } },
	{ "natter-mouse-x10", input_on_mouse_x10, { "\\e[M" } },
	{ "natter-focus-in", input_on_focus_in, { "\\e[I" } },
	{ "natter-focus-out", input_on_focus_out, { "\\e[O" } },
};

static void
input_bind(void)
{
	static const char *const digits[] = { "\\e1", "\\e2", "\\e3", "\\e4", "\\e5",
		                              "\\e6", "\\e7", "\\e8", "\\e9", "\\e0" };
	Keymap emacs = rl_get_keymap_by_name("emacs");
	Keymap vi_insert = rl_get_keymap_by_name("vi-insert");
	Keymap vi_command = rl_get_keymap_by_name("vi-command");

	for (size_t i = 0; i < G_N_ELEMENTS(input_keys); i++) {
		const struct input_key *k = &input_keys[i];
		rl_add_defun(k->name, k->fn, -1);
		for (size_t j = 0; j < G_N_ELEMENTS(k->keys) && k->keys[j]; j++) {
			rl_bind_keyseq_in_map(k->keys[j], k->fn, emacs);
			rl_bind_keyseq_in_map(k->keys[j], k->fn, vi_insert);
			rl_bind_keyseq_in_map(k->keys[j], k->fn, vi_command);
		}
	}
	for (size_t i = 0; i < G_N_ELEMENTS(digits); i++) {
		rl_bind_keyseq_in_map(digits[i], input_on_alt_digit, emacs);
		rl_bind_keyseq_in_map(digits[i], input_on_alt_digit, vi_insert);
	}
	/* vi: 'v' in command mode edits the line in $EDITOR, as in bash. */
	rl_bind_keyseq_in_map("v", input_on_editor, vi_command);
}

/* natter's own inputrc, read after its defaults so it can change them
 * (the user's ~/.inputrc is read by readline itself, with
 * "$if natter" for natter-only lines). */
static void
input_read_inputrc(void)
{
	char *path = paths_config_file("inputrc");

	if (g_file_test(path, G_FILE_TEST_EXISTS) && rl_read_init_file(path) != 0) {
		char *problem = g_strdup_printf("cannot read %s: %s", path, g_strerror(errno));
		actions->problem(problem);
		g_free(problem);
	}
	g_free(path);
}

/* ---- completion ---- */

/* Completions from the command table (cmd_complete()). */
static GPtrArray *completions;
static guint completion_next;

static char *
input_completion(const char *text, int state)
{
	if (state == 0)
		completion_next = 0;
	if (completions == NULL || completion_next >= completions->len)
		return NULL;
	return strdup(completions->pdata[completion_next++]);
}

static char **
input_complete(const char *text, int start, int end)
{
	size_t word_start;
	char **matches;

	rl_attempted_completion_over = 1;
	if (completions != NULL)
		g_ptr_array_free(completions, TRUE);
	completions = cmd_complete(completion_frontend, rl_line_buffer, (size_t)end, &word_start);
	/* A directory goes on being completed: no space after it. */
	if (completions->len == 1 && g_str_has_suffix(completions->pdata[0], "/"))
		rl_completion_suppress_append = 1;
	matches = rl_completion_matches(text, input_completion);
	g_ptr_array_free(completions, TRUE);
	completions = NULL;
	return matches;
}

static void
input_show_matches(char **matches, int count, int longest)
{
	/* matches[0] is the common prefix; the candidates follow. */
	actions->matches(matches + 1, count);
	input_redisplay();
}

/* ---- the editor ---- */

static GPid editor_pid;
static char *editor_file;
static guint editor_watch;

static gboolean input_on_stdin(gint fd, GIOCondition condition, gpointer userdata);

static void
input_watch_stdin(void)
{
	stdin_source =
	        g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, input_on_stdin, NULL);
}

static void
input_on_editor_exit(GPid pid, gint status, gpointer userdata)
{
	char *text = NULL;
	GError *error = NULL;

	g_spawn_close_pid(pid);
	editor_pid = 0;
	editor_watch = 0;
	/* The terminal is natter's again. */
	reset_prog_mode();
	draw_suspend(0);
	input_watch_stdin();
	if (!g_spawn_check_wait_status(status, &error)) {
		char *problem =
		        g_strdup_printf("editor: %s; the input line is unchanged", error->message);
		actions->problem(problem);
		g_free(problem);
		g_error_free(error);
	} else if (!g_file_get_contents(editor_file, &text, NULL, &error)) {
		char *problem = g_strdup_printf("editor: %s", error->message);
		actions->problem(problem);
		g_free(problem);
		g_error_free(error);
	} else {
		/* Editors end the file with a newline: not part of the message. */
		size_t n = strlen(text);
		while (n > 0 && text[n - 1] == '\n')
			text[--n] = '\0';
		rl_replace_line(text, 0);
		rl_point = rl_end;
	}
	g_free(text);
	g_unlink(editor_file);
	g_clear_pointer(&editor_file, g_free);
	input_redisplay();
}

int
input_editor(const char *text, char **cause)
{
	const char *editor = g_getenv("VISUAL");
	char **argv = NULL;
	GError *error = NULL;
	int fd, argc = 0;

	if (editor_pid != 0) {
		*cause = g_strdup("the editor is already open");
		return -1;
	}
	if (editor == NULL || *editor == '\0')
		editor = g_getenv("EDITOR");
	if (editor == NULL || *editor == '\0')
		editor = "vi";
	if (!g_shell_parse_argv(editor, &argc, &argv, &error)) {
		*cause = g_strdup_printf("cannot run editor '%s': %s", editor, error->message);
		g_error_free(error);
		return -1;
	}
	fd = g_file_open_tmp("natter-XXXXXX.txt", &editor_file, &error); /* 0600 */
	if (fd == -1 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		*cause = g_strdup_printf("cannot write a temporary file: %s",
		                         error ? error->message : g_strerror(errno));
		g_clear_error(&error);
		if (fd != -1) {
			close(fd);
			g_unlink(editor_file);
		}
		g_clear_pointer(&editor_file, g_free);
		g_strfreev(argv);
		return -1;
	}
	close(fd);
	argv = g_renew(char *, argv, argc + 2);
	argv[argc] = g_strdup(editor_file);
	argv[argc + 1] = NULL;
	/* Step aside: no drawing, no reading; the editor owns the terminal
	 * (it runs in natter's process group, the terminal's foreground). */
	g_clear_handle_id(&stdin_source, g_source_remove);
	draw_suspend(1);
	def_prog_mode();
	endwin();
	char **env = spawn_environ();
	gboolean started = g_spawn_async(NULL, argv, env,
	                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
	                                         G_SPAWN_CHILD_INHERITS_STDIN,
	                                 NULL, NULL, &editor_pid, &error);
	g_strfreev(env);
	if (!started) {
		*cause = g_strdup_printf("cannot run editor '%s': %s", editor, error->message);
		g_error_free(error);
		g_strfreev(argv);
		editor_pid = 0;
		reset_prog_mode();
		draw_suspend(0);
		input_watch_stdin();
		g_unlink(editor_file);
		g_clear_pointer(&editor_file, g_free);
		return -1;
	}
	g_strfreev(argv);
	editor_watch = g_child_watch_add(editor_pid, input_on_editor_exit, NULL);
	return 0;
}

/* ---- start and stop ---- */

static gboolean
input_on_stdin(gint fd, GIOCondition condition, gpointer userdata)
{
	if (condition & (G_IO_HUP | G_IO_ERR)) {
		stdin_source = 0;
		return G_SOURCE_REMOVE;
	}
	autoaway_activity();
	rl_callback_read_char();
	return G_SOURCE_CONTINUE;
}

static void
input_prep_term(int meta)
{
	(void)meta;
}

static void
input_deprep_term(void)
{
}

int
input_start(const struct input_actions *callbacks, const struct cmd_frontend *frontend,
            char **cause)
{
	actions = callbacks;
	completion_frontend = frontend;
	null_output = fopen("/dev/null", "w");
	if (null_output == NULL) {
		*cause = g_strdup("cannot open /dev/null");
		return -1;
	}
	rl_readline_name = "natter";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = input_prep_term;
	rl_deprep_term_function = input_deprep_term;
	rl_redisplay_function = input_redisplay;
	rl_instream = stdin;
	rl_outstream = null_output;
	/* Words are separated by blanks only: '/', '@' and '.' belong to
	 * commands, JIDs and paths. */
	rl_completer_word_break_characters = (char *)" \t\n";
	rl_attempted_completion_function = input_complete;
	rl_completion_display_matches_hook = input_show_matches;
	/* A line recalled from the history and edited goes back to what it
	 * was once a line is entered: the history holds what was typed. */
	rl_variable_bind("revert-all-at-newline", "on");
	history_open(actions->problem);
	rl_callback_handler_install("", input_on_line);
	input_bind();
	input_read_inputrc();
	input_watch_stdin();
	input_redisplay();
	/* Ask the terminal to report focus changes (client state, XEP-0352). */
	fputs("\033[?1004h", stdout);
	fflush(stdout);
	return 0;
}

void
input_stop(void)
{
	if (editor_pid != 0) {
		/* natter is leaving with the editor open: the text is lost, the
		 * editor is not left behind. */
		g_clear_handle_id(&editor_watch, g_source_remove);
		kill(editor_pid, SIGTERM);
		waitpid(editor_pid, NULL, 0);
		g_spawn_close_pid(editor_pid);
		editor_pid = 0;
		reset_prog_mode();
		draw_suspend(0);
		g_unlink(editor_file);
		g_clear_pointer(&editor_file, g_free);
	}
	g_clear_handle_id(&stdin_source, g_source_remove);
	/* Leaving while a secret is asked for: the history comes back to be
	 * saved and freed; nothing is answered. */
	if (asked.open) {
		asked.open = 0;
		history_set_history_state(asked.history);
		free(asked.history);
		asked.history = NULL;
		g_clear_pointer(&asked.saved, g_free);
	}
	/* Leaving while going through the history: readline keeps the line
	 * being typed aside; give it back so it is freed. */
	rl_maybe_replace_line();
	rl_maybe_unsave_line();
	rl_callback_handler_remove();
	rl_free_undo_list();
	history_close();
	if (null_output != NULL)
		fclose(null_output);
	null_output = NULL;
	if (prefs_bool("ui.mouse"))
		input_mouse(0);
	fputs("\033[?1004l", stdout);
	fflush(stdout);
}
