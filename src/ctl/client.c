/*
 * client.c: natter ctl, a client of a running natter's control socket.
 *
 * A short-lived program of its own: it connects, writes one request and
 * reads what comes back, blocking (there is no loop to keep responsive).
 * Text that may come from others (command output quoting nicks, status
 * texts) passes the sanitizer before it is printed; --events prints the
 * JSON lines as they come, which escape every non-ASCII character.
 */
#include "config.h"

#include <errno.h>
#include <glib.h>
#include <jansson.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "config/paths.h"
#include "core/sanitize.h"
#include "ctl/client.h"
#include "ctl/ctl.h"

struct ctl_connection {
	int fd;
	GString *buffer; /* read, not yet a whole line */
	int timed_out;
};

int
ctl_timed_out(const struct ctl_connection *connection)
{
	return connection->timed_out;
}

int
ctl_connect(struct ctl_connection **out, char **cause)
{
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	char *path = ctl_socket_path(cause);
	int fd;

	if (path == NULL)
		return CTL_EXIT_USAGE;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	g_strlcpy(address.sun_path, path, sizeof address.sun_path);
	if (fd == -1 || connect(fd, (struct sockaddr *)&address, sizeof address) == -1) {
		*cause = g_strdup_printf("no natter is running with this configuration (nothing "
		                         "answers on %s: %s)",
		                         path, g_strerror(errno));
		if (fd != -1)
			close(fd);
		g_free(path);
		return CTL_EXIT_UNAVAILABLE;
	}
	g_free(path);
	*out = g_new0(struct ctl_connection, 1);
	(*out)->fd = fd;
	(*out)->buffer = g_string_new(NULL);
	return 0;
}

void
ctl_disconnect(struct ctl_connection *connection)
{
	if (connection == NULL)
		return;
	close(connection->fd);
	g_string_free(connection->buffer, TRUE);
	g_free(connection);
}

int
ctl_write(struct ctl_connection *connection, json_t *request, char **cause)
{
	char *text = json_dumps(request, JSON_COMPACT | JSON_ENSURE_ASCII);
	size_t left = text ? strlen(text) : 0, done = 0;
	int ret = 0;

	json_decref(request);
	if (text == NULL) {
		*cause = g_strdup("cannot encode the request");
		return -1;
	}
	text = g_realloc(text, left + 2);
	text[left++] = '\n';
	text[left] = '\0';
	while (done < left) {
		ssize_t n = send(connection->fd, text + done, left - done, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			*cause = g_strdup_printf("natter closed the control socket: %s",
			                         g_strerror(errno));
			ret = -1;
			break;
		}
		done += (size_t)n;
	}
	free(text);
	return ret;
}

json_t *
ctl_read(struct ctl_connection *connection, char **line_out, int timeout, char **cause)
{
	gint64 deadline = g_get_monotonic_time() + (gint64)timeout * G_USEC_PER_SEC;
	char *newline;

	connection->timed_out = 0;
	while ((newline = memchr(connection->buffer->str, '\n', connection->buffer->len)) == NULL) {
		char chunk[16384];
		struct pollfd pollfd = { .fd = connection->fd, .events = POLLIN };
		ssize_t n;
		int left =
		        timeout < 0 ? -1 : (int)MAX((deadline - g_get_monotonic_time()) / 1000, 0);
		int ready = poll(&pollfd, 1, left);
		if (ready == -1 && errno == EINTR)
			continue;
		if (ready == 0) {
			connection->timed_out = 1;
			*cause = g_strdup_printf("natter did not answer within %d s", timeout);
			return NULL;
		}
		n = recv(connection->fd, chunk, sizeof chunk, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			*cause = g_strdup(n == 0 ? "natter closed the control socket"
			                         : g_strerror(errno));
			return NULL;
		}
		g_string_append_len(connection->buffer, chunk, n);
	}
	{
		size_t length = (size_t)(newline - connection->buffer->str);
		char *line = g_strndup(connection->buffer->str, length);
		json_error_t error;
		json_t *object = json_loadb(line, length, 0, &error);
		g_string_erase(connection->buffer, 0, (gssize)length + 1);
		if (object == NULL || !json_is_object(object)) {
			*cause = g_strdup_printf("natter sent a line that is no JSON object: %s",
			                         object ? "another value" : error.text);
			json_decref(object);
			g_free(line);
			return NULL;
		}
		if (line_out != NULL)
			*line_out = line;
		else
			g_free(line);
		return object;
	}
}

json_t *
ctl_request(struct ctl_connection *connection, json_t *request, int timeout, char **cause)
{
	json_int_t seq = json_integer_value(json_object_get(request, "seq"));

	if (ctl_write(connection, request, cause) == -1)
		return NULL;
	for (;;) {
		json_t *object = ctl_read(connection, NULL, timeout, cause);
		const char *event;
		json_int_t answered;
		if (object == NULL)
			return NULL;
		event = json_string_value(json_object_get(object, "event"));
		answered = json_integer_value(json_object_get(object, "seq"));
		/* seq 0 with an error: natter could not read the request. */
		if (event != NULL && strcmp(event, "ready") != 0 &&
		    (answered == seq || (answered == 0 && strcmp(event, "result") == 0 &&
		                         !json_is_true(json_object_get(object, "ok")))))
			return object;
		json_decref(object);
	}
}

/* No answer: says why (cause, taken); 75 when natter took too long. */
static int
ctl_failed(struct ctl_connection *connection, char *cause)
{
	fprintf(stderr, "natter ctl: %s\n", cause);
	g_free(cause);
	return ctl_timed_out(connection) ? CTL_EXIT_TIMEOUT : CTL_EXIT_UNAVAILABLE;
}

/* A text from natter, printed on its own line, made safe for a terminal. */
static void
ctl_print_text(FILE *stream, const char *text)
{
	char *clean = sanitize(text ? text : "", -1, SANITIZE_LINE);

	fprintf(stream, "%s\n", clean);
	g_free(clean);
}

/* natter ctl COMMAND...: its output on stdout, its error on stderr; or
 * with --json its result object (as natter wrote it, its "messages" of a
 * /search too) on stdout. */
static int
ctl_run_command(struct ctl_connection *connection, char **words, int as_json)
{
	char *line = g_strjoinv(" ", words), *cause = NULL;
	json_t *result = ctl_request(connection, json_pack("{s:i, s:s}", "seq", 1, "command", line),
	                             CTL_ANSWER_TIMEOUT_S, &cause);
	json_t *output;
	int status;

	g_free(line);
	if (result == NULL) {
		return ctl_failed(connection, cause);
	}
	status = json_is_true(json_object_get(result, "ok")) ? 0 : CTL_EXIT_FAILED;
	if (as_json) {
		char *text = json_dumps(result, JSON_COMPACT | JSON_ENSURE_ASCII);
		json_decref(result);
		if (text == NULL)
			return ctl_failed(connection, g_strdup("the result cannot be written"));
		printf("%s\n", text);
		free(text);
		return status;
	}
	output = json_object_get(result, "output");
	for (size_t i = 0; json_is_array(output) && i < json_array_size(output); i++)
		ctl_print_text(stdout, json_string_value(json_array_get(output, i)));
	if (status != 0) {
		char *text = g_strdup_printf("natter ctl: %s",
		                             json_string_value(json_object_get(result, "error")));
		ctl_print_text(stderr, text);
		g_free(text);
	}
	json_decref(result);
	return status;
}

/* natter ctl --events: natter's "ready" line once the events flow, then
 * every event line until natter goes. */
static int
ctl_run_events(struct ctl_connection *connection)
{
	char *cause = NULL, *line = NULL;
	json_t *ready = ctl_read(connection, &line, CTL_ANSWER_TIMEOUT_S, &cause), *result = NULL,
	       *object;

	if (ready != NULL)
		result = ctl_request(connection, json_pack("{s:i, s:b}", "seq", 1, "events", 1),
		                     CTL_ANSWER_TIMEOUT_S, &cause);
	if (result == NULL) {
		g_free(line);
		json_decref(ready);
		return ctl_failed(connection, cause);
	}
	json_decref(result);
	json_decref(ready);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("%s\n", line); /* ASCII only, as natter wrote it */
	g_clear_pointer(&line, g_free);
	while ((object = ctl_read(connection, &line, -1, &cause)) != NULL) {
		/* As natter wrote it: ASCII only, every other character escaped. */
		if (fputs(line, stdout) == EOF || fputc('\n', stdout) == EOF) {
			json_decref(object);
			g_free(line);
			return 0; /* the reader went away */
		}
		json_decref(object);
		g_clear_pointer(&line, g_free);
	}
	g_free(cause);
	return 0; /* natter stopped */
}

/* "3 unread, 1 highlight" */
static char *
ctl_counts(json_t *object)
{
	json_int_t unread = json_integer_value(json_object_get(object, "unread"));
	json_int_t highlights = json_integer_value(json_object_get(object, "highlights"));

	return g_strdup_printf("%" JSON_INTEGER_FORMAT " unread, %" JSON_INTEGER_FORMAT
	                       " highlight%s",
	                       unread, highlights, highlights == 1 ? "" : "s");
}

/* natter ctl --unread [--json]: the totals, then each account, then each
 * window with unread messages. */
static int
ctl_run_unread(struct ctl_connection *connection, int as_json)
{
	char *cause = NULL, *text;
	json_t *result = ctl_request(connection, json_pack("{s:i, s:b}", "seq", 1, "unread", 1),
	                             CTL_ANSWER_TIMEOUT_S, &cause),
	       *accounts, *windows, *value;
	const char *name;

	if (result == NULL) {
		return ctl_failed(connection, cause);
	}
	if (as_json) {
		json_object_del(result, "seq");
		text = json_dumps(result, JSON_COMPACT | JSON_ENSURE_ASCII);
		printf("%s\n", text);
		free(text);
		json_decref(result);
		return 0;
	}
	text = ctl_counts(result);
	printf("%s\n", text);
	g_free(text);
	accounts = json_object_get(result, "accounts");
	json_object_foreach(accounts, name, value)
	{
		char *counts = ctl_counts(value);
		text = g_strdup_printf("%s: %s", name, counts);
		ctl_print_text(stdout, text);
		g_free(text);
		g_free(counts);
	}
	windows = json_object_get(result, "windows");
	for (size_t i = 0; i < json_array_size(windows); i++) {
		json_t *w = json_array_get(windows, i);
		char *counts = ctl_counts(w);
		const char *account = json_string_value(json_object_get(w, "account"));
		text = g_strdup_printf("%" JSON_INTEGER_FORMAT ":%s%s%s%s: %s",
		                       json_integer_value(json_object_get(w, "number")),
		                       json_string_value(json_object_get(w, "name")),
		                       account ? " (" : "", account ? account : "",
		                       account ? ")" : "", counts);
		ctl_print_text(stdout, text);
		g_free(text);
		g_free(counts);
	}
	json_decref(result);
	return 0;
}

int
ctl_main(int argc, char **argv)
{
	gboolean events = FALSE, unread = FALSE, as_json = FALSE;
	char *config_dir = NULL, **words = NULL, *cause = NULL;
	GOptionEntry entries[] = {
		{ "config-dir", 0, 0, G_OPTION_ARG_FILENAME, &config_dir,
		  "The natter started with this --config-dir", "DIR" },
		{ "events", 0, 0, G_OPTION_ARG_NONE, &events,
		  "Print natter's events as JSON lines until it stops", NULL },
		{ "unread", 0, 0, G_OPTION_ARG_NONE, &unread, "Print the unread counts", NULL },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &as_json,
		  "The result (of a command, or --unread) as one JSON object", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &words, NULL, "COMMAND..." },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *context = g_option_context_new("[--json] COMMAND... | --events | --unread "
	                                               "[--json] - control a running natter");
	struct ctl_connection *connection = NULL;
	GError *error = NULL;
	int status;

	g_set_prgname("natter ctl");
	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(context, "See natter(1), CONTROL SOCKET.");
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "natter ctl: %s (see natter ctl --help)\n", error->message);
		g_error_free(error);
		status = CTL_EXIT_USAGE;
		goto out;
	}
	if ((words != NULL) + events + unread != 1 || (as_json && events)) {
		fprintf(stderr, "natter ctl: give a command or --unread (either with --json), or "
		                "--events (see natter ctl --help)\n");
		status = CTL_EXIT_USAGE;
		goto out;
	}
	paths_init(config_dir);
	status = ctl_connect(&connection, &cause);
	if (status != 0) {
		fprintf(stderr, "natter ctl: %s\n", cause);
		g_free(cause);
		goto out;
	}
	if (events)
		status = ctl_run_events(connection);
	else if (unread)
		status = ctl_run_unread(connection, as_json);
	else
		status = ctl_run_command(connection, words, as_json);
out:
	ctl_disconnect(connection);
	g_option_context_free(context);
	g_strfreev(words);
	g_free(config_dir);
	paths_clear();
	return status;
}
