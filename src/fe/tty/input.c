/*
 * input.c: the input line, through GNU readline's callback interface.
 *
 * Owns the stdin watch and readline's callback handler from input_start()
 * to input_stop(). readline's terminal preparation, signal handling and
 * output are switched off: curses owns the terminal, GLib the signals, and
 * readline's redisplay only hands its buffer to draw.c.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmd/command.h"
#include "core/sanitize.h"
#include "fe/tty/draw.h"
#include "fe/tty/input.h"

#define INPUT_HISTORY_MAX 1000

static guint stdin_source;
static const struct input_actions *actions;
static FILE *null_output;

static void
input_redisplay(void)
{
	char *before = g_strndup(rl_line_buffer, (gsize)rl_point);
	char *shown_before = sanitize(before, -1, SANITIZE_LINE);
	char *shown = sanitize(rl_line_buffer, -1, SANITIZE_LINE);

	/* The user's own keys can hold controls too (Ctrl-V Esc): what is
	 * drawn is sanitized, what is sent is what was typed. */
	draw_input(shown, (int)strlen(shown_before));
	g_free(before);
	g_free(shown_before);
	g_free(shown);
}

static void
input_on_line(char *line)
{
	if (line == NULL)
		return; /* Ctrl-D on an empty line: /quit is the way out */
	if (*line != '\0') {
		add_history(line);
		actions->line(line);
	}
	free(line);
}

static int
input_on_alt_digit(int count, int key)
{
	int number = key == '0' ? 10 : key - '0';

	actions->window(number);
	return 0;
}

static int
input_on_page_up(int count, int key)
{
	actions->page(1);
	return 0;
}

static int
input_on_page_down(int count, int key)
{
	actions->page(-1);
	return 0;
}

/* Completions from the command table (cmd_complete()), never file names. */
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
	completions = cmd_complete(rl_line_buffer, (size_t)end, &word_start);
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

static gboolean
input_on_stdin(gint fd, GIOCondition condition, gpointer userdata)
{
	if (condition & (G_IO_HUP | G_IO_ERR)) {
		stdin_source = 0;
		return G_SOURCE_REMOVE;
	}
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

static void
input_bind(void)
{
	static const char *const digits[] = { "\\e1", "\\e2", "\\e3", "\\e4", "\\e5",
		                              "\\e6", "\\e7", "\\e8", "\\e9", "\\e0" };

	for (size_t i = 0; i < G_N_ELEMENTS(digits); i++)
		rl_bind_keyseq(digits[i], input_on_alt_digit);
	/* PageUp / PageDown as xterm, rxvt and the Linux console send them. */
	rl_bind_keyseq("\\e[5~", input_on_page_up);
	rl_bind_keyseq("\\e[6~", input_on_page_down);
}

int
input_start(const struct input_actions *callbacks, char **cause)
{
	actions = callbacks;
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
	 * commands and JIDs. */
	rl_completer_word_break_characters = (char *)" \t";
	rl_attempted_completion_function = input_complete;
	rl_completion_display_matches_hook = input_show_matches;
	stifle_history(INPUT_HISTORY_MAX);
	rl_callback_handler_install("", input_on_line);
	input_bind();
	stdin_source =
	        g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, input_on_stdin, NULL);
	input_redisplay();
	return 0;
}

void
input_stop(void)
{
	g_clear_handle_id(&stdin_source, g_source_remove);
	rl_callback_handler_remove();
	if (null_output != NULL)
		fclose(null_output);
	null_output = NULL;
}
