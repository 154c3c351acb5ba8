/*
 * headless.c: the headless frontend.
 *
 * Owns the stdin watch and its line buffer, and the event subscriptions,
 * from headless_start() to headless_stop(). Output is JSON lines (see
 * natter(1), HEADLESS PROTOCOL); strings are emitted with every non-ASCII
 * character escaped (\uXXXX), so the exact remote text reaches scripts
 * while nothing a stranger wrote can act on a terminal reading the stream.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/app.h"
#include "cmd/autoaway.h"
#include "cmd/command.h"
#include "cmd/eventjson.h"
#include "core/event.h"
#include "fe/headless/headless.h"
#include "store/store.h"

/* A command line longer than this is refused, not buffered forever. */
#define HEADLESS_LINE_MAX (256 * 1024)
/* Output waiting for a reader beyond this means the reader is gone. */
#define HEADLESS_OUTPUT_MAX (64 * 1024 * 1024)

static GString *input;
static guint input_source;
static GString *output;     /* lines not yet written to stdout */
static guint output_source; /* stdout watch while output waits */
static guint flush_idle;    /* writes the turn's lines at its end */

static gboolean headless_on_stdout(gint fd, GIOCondition condition, gpointer userdata);
static unsigned subscriptions[32];
static unsigned long line_number;
static int discarding; /* skipping the rest of an over-long line */

static const struct cmd_frontend headless_cmd_frontend = { .name = "headless" };

/* Writes what it can of the output without blocking, and watches stdout
 * for room when the reader is slower than natter. stdout itself stays
 * blocking (it may be shared with stderr or other processes): a write
 * happens only after poll() says there is room, and is at most PIPE_BUF
 * bytes, which a pipe with room takes whole. */
static void
headless_flush(void)
{
	/* A line a script reads tells of a stored message. */
	store_flush();
	while (output->len > 0) {
		struct pollfd pollfd = { .fd = STDOUT_FILENO, .events = POLLOUT };
		ssize_t n;

		if (poll(&pollfd, 1, 0) == 0) {
			if (output_source == 0)
				output_source = g_unix_fd_add(STDOUT_FILENO, G_IO_OUT | G_IO_ERR,
				                              headless_on_stdout, NULL);
			return;
		}
		n = write(STDOUT_FILENO, output->str, MIN(output->len, PIPE_BUF));
		if (n > 0) {
			g_string_erase(output, 0, n);
			continue;
		}
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		/* Nobody reads us any more. */
		g_string_truncate(output, 0);
		app_quit();
		break;
	}
	g_clear_handle_id(&output_source, g_source_remove);
}

/* At exit: everything left, waiting for the reader as long as it takes. */
static void
headless_drain(void)
{
	const char *p = output->str;
	size_t left = output->len;

	while (left > 0) {
		ssize_t n = write(STDOUT_FILENO, p, left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		p += n;
		left -= (size_t)n;
	}
	g_string_truncate(output, 0);
}

static gboolean
headless_on_stdout(gint fd, GIOCondition condition, gpointer userdata)
{
	output_source = 0;
	headless_flush();
	return G_SOURCE_REMOVE;
}

static gboolean
headless_on_flush_idle(gpointer userdata)
{
	flush_idle = 0;
	headless_flush();
	return G_SOURCE_REMOVE;
}

static void
headless_print(json_t *object)
{
	char *text = eventjson_line(object);

	if (text == NULL || output == NULL) {
		g_free(text);
		return;
	}
	if (output->len > HEADLESS_OUTPUT_MAX) {
		/* The reader has stopped reading: rather than grow without end,
		 * say so where a person may see it and leave. */
		if (!app_quitting())
			fprintf(stderr,
			        "natter: nothing read the last %d MiB of output; quitting\n",
			        HEADLESS_OUTPUT_MAX >> 20);
		g_free(text);
		app_quit();
		return;
	}
	g_string_append(output, text);
	g_free(text);
	/* Written at the end of the loop turn, after the history has
	 * committed it (store.c): a line a script has read is stored. */
	if (flush_idle == 0)
		flush_idle = g_idle_add_full(G_PRIORITY_DEFAULT_IDLE, headless_on_flush_idle, NULL,
		                             NULL);
}

/* Every event with a JSON form becomes a line. */
static void
headless_on_event(const struct event *event, void *userdata)
{
	json_t *object = eventjson(event);

	if (object != NULL)
		headless_print(object);
}

static void
headless_result(const struct cmd_result *result)
{
	headless_print(eventjson_result(result, (json_int_t)line_number));
}

static void
headless_line(const char *line)
{
	struct cmd_context context = { .frontend = &headless_cmd_frontend };
	struct cmd_result result;

	line_number++;
	if (*line == '\0')
		return; /* blank lines are allowed and ignored */
	autoaway_activity();
	cmd_execute(&context, line, &result);
	headless_result(&result);
	cmd_result_clear(&result);
}

static void
headless_take_lines(void)
{
	char *newline;

	while ((newline = memchr(input->str, '\n', input->len)) != NULL) {
		size_t length = (size_t)(newline - input->str);
		*newline = '\0';
		if (length > 0 && input->str[length - 1] == '\r')
			input->str[length - 1] = '\0';
		if (discarding)
			discarding = 0;
		else
			headless_line(input->str);
		g_string_erase(input, 0, (gssize)length + 1);
	}
	if (input->len > HEADLESS_LINE_MAX) {
		struct cmd_result result;
		line_number++;
		cmd_result_init(&result);
		cmd_result_error(&result, "line longer than %d bytes ignored", HEADLESS_LINE_MAX);
		headless_result(&result);
		cmd_result_clear(&result);
		g_string_truncate(input, 0);
		discarding = 1;
	}
}

static gboolean
headless_on_stdin(gint fd, GIOCondition condition, gpointer userdata)
{
	char chunk[4096];
	ssize_t n = read(fd, chunk, sizeof chunk);

	if (n > 0) {
		g_string_append_len(input, chunk, n);
		headless_take_lines();
		return G_SOURCE_CONTINUE;
	}
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return G_SOURCE_CONTINUE;
	/* End of input: a last line without newline still counts. */
	if (input->len > 0 && !discarding) {
		g_string_append_c(input, '\n');
		headless_take_lines();
	}
	input_source = 0;
	app_quit();
	return G_SOURCE_REMOVE;
}

static int
headless_start(char **cause)
{
	input = g_string_new(NULL);
	output = g_string_new(NULL);

	g_assert(eventjson_type_count <= G_N_ELEMENTS(subscriptions));
	for (size_t i = 0; i < eventjson_type_count; i++)
		subscriptions[i] = event_subscribe(eventjson_types[i], headless_on_event, NULL);
	input_source =
	        g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, headless_on_stdin, NULL);
	headless_print(json_pack("{s:s, s:s, s:i}", "event", "ready", "version", PACKAGE_VERSION,
	                         "schema", EVENTJSON_VERSION));
	return 0;
}

static void
headless_stop(void)
{
	event_unsubscribe_all(subscriptions, G_N_ELEMENTS(subscriptions));
	g_clear_handle_id(&input_source, g_source_remove);
	g_clear_handle_id(&output_source, g_source_remove);
	g_clear_handle_id(&flush_idle, g_source_remove);
	if (input != NULL)
		g_string_free(input, TRUE);
	input = NULL;
	/* The last events are written even to a slow reader. */
	if (output != NULL) {
		headless_drain();
		g_string_free(output, TRUE);
	}
	output = NULL;
}

/* A start-up command (-x): its result has seq 0 (no input line). */
static void
headless_execute(const char *line)
{
	struct cmd_context context = { .frontend = &headless_cmd_frontend };
	struct cmd_result result;

	cmd_execute(&context, line, &result);
	headless_print(eventjson_result(&result, 0));
	cmd_result_clear(&result);
}

const struct app_frontend headless_frontend = {
	.name = "headless",
	.start = headless_start,
	.stop = headless_stop,
	.execute = headless_execute,
	.commands = &headless_cmd_frontend,
};
