/*
 * send.c: natter send, a message from a script.
 *
 * natter send [-a ACCOUNT] [--room] [--subject S] [--headline] [--lines]
 *             [--standalone] [--timeout SECONDS] RECIPIENT... [-- TEXT...]
 *
 * The text is the words after "--", or standard input (all of it as one
 * message; with --lines, each line as it comes). When a natter of the same
 * configuration runs with the account online (and, for rooms, in them),
 * the message goes through its control socket: it shows in the user's
 * windows and no second login happens. Otherwise (or with --standalone)
 * natter send logs in itself, quietly (no presence, no roster), with a
 * resource of its own so that it never takes the running client's place.
 * Either way the exit status is 0 only once the server has the message
 * (cmd/sendjob.h); the other statuses are in natter(1), EXIT STATUS.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/sendjob.h"
#include "config/accounts.h"
#include "config/paths.h"
#include "core/event.h"
#include "core/sanitize.h"
#include "ctl/client.h"
#include "ctl/ctl.h"
#include "model/account.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "store/store.h"
#include "xmpp/chat.h"
#include "xmpp/session.h"
#include "xmpp/tls.h"

/* Exit statuses (sysexits.h values; natter(1)). */
enum {
	SEND_EXIT_OK = 0,
	SEND_EXIT_USAGE = 64,
	SEND_EXIT_DATA = 65,      /* the text cannot be sent */
	SEND_EXIT_RECIPIENT = 68, /* bounced, or a room refused entry */
	SEND_EXIT_CONNECT = 69,   /* cannot connect, TLS refused, connection lost */
	SEND_EXIT_SOFTWARE = 70,
	SEND_EXIT_TIMEOUT = 75,
	SEND_EXIT_AUTH = 77,
	SEND_EXIT_CONFIG = 78,
};

struct send_options {
	char *account;
	gboolean room, headline, lines, standalone;
	char *subject;
	int timeout;
	char *config_dir;
	char **recipients;
};

/* Prints a problem on stderr, made safe for a terminal (it may quote a
 * server or a recipient). */
static void send_complain(const char *format, ...) G_GNUC_PRINTF(1, 2);

static void
send_complain(const char *format, ...)
{
	va_list ap;
	char *text, *clean;

	va_start(ap, format);
	text = g_strdup_vprintf(format, ap);
	va_end(ap);
	clean = sanitize(text, -1, SANITIZE_LINE);
	fprintf(stderr, "natter send: %s\n", clean);
	g_free(clean);
	g_free(text);
}

static int
send_status_of(enum send_outcome outcome)
{
	switch (outcome) {
	case SEND_OK:
		return SEND_EXIT_OK;
	case SEND_RECIPIENT:
	case SEND_NOT_IN_ROOM:
		return SEND_EXIT_RECIPIENT;
	case SEND_INVALID:
		return SEND_EXIT_DATA;
	case SEND_LOST:
		return SEND_EXIT_CONNECT;
	}
	return SEND_EXIT_SOFTWARE;
}

/* A message natter send takes: servers refuse much smaller stanzas
 * (Prosody: 256 KiB by default), so anything beyond is a mistake. */
#define SEND_TEXT_MAX (1024 * 1024)

/* The text is for XMPP: UTF-8, no control characters but tab and line
 * breaks, not empty, not huge. Returns 0, or -1 with the complaint made. */
static int
send_check_text(const char *text)
{
	char *cause = NULL;

	if (chat_check_text(text, &cause) == -1) {
		send_complain("%s", cause);
		g_free(cause);
		return -1;
	}
	if (*text == '\0') {
		send_complain("the text is empty; nothing was sent");
		return -1;
	}
	if (strlen(text) > SEND_TEXT_MAX) {
		send_complain("the text is longer than %d bytes; nothing was sent", SEND_TEXT_MAX);
		return -1;
	}
	return 0;
}

/* --lines: the next whole line of input to send (caller frees), or NULL
 * when none is complete. Empty lines are skipped; one that cannot be sent
 * is said, counted in *bad (the exit status is then 65) and skipped. */
static char *
send_take_line(GString *input, int *bad)
{
	char *newline;

	while ((newline = memchr(input->str, '\n', input->len)) != NULL) {
		char *line = g_strndup(input->str, (gsize)(newline - input->str));
		g_string_erase(input, 0, newline - input->str + 1);
		g_strchomp(line); /* a CR, trailing blanks */
		if (*line != '\0' && send_check_text(line) == 0)
			return line;
		*bad += *line != '\0';
		g_free(line);
	}
	return NULL;
}

/* ---- through a running natter ---- */

/* 1 when the running natter should not be used (fallback), else the exit
 * status of the attempt. With probe, nothing is sent: only whether it
 * could be (0). */
static int
send_through(struct ctl_connection *connection, const struct send_options *options,
             const char *text, json_int_t seq, int probe)
{
	json_t *to = json_array(), *result;
	char *cause = NULL;
	const char *outcome;
	int status;

	for (char **r = options->recipients; *r != NULL; r++)
		json_array_append_new(to, json_string(*r));
	result = ctl_request(
	        connection,
	        json_pack("{s:I, s:{s:s, s:o, s:b, s:b, s:o, s:s, s:b}}", "seq", seq, "send",
	                  "account", options->account, "to", to, "room", options->room, "headline",
	                  options->headline, "subject",
	                  options->subject ? json_string(options->subject) : json_null(), "text",
	                  text, "probe", probe),
	        options->timeout, &cause);
	if (result == NULL) {
		send_complain("%s", cause);
		g_free(cause);
		return ctl_timed_out(connection) ? SEND_EXIT_TIMEOUT : SEND_EXIT_CONNECT;
	}
	if (json_is_true(json_object_get(result, "fallback"))) {
		json_decref(result);
		return 1;
	}
	/* Only the probe decides on the fallback: after a real send, a
	 * failure is one (never sent twice). */
	outcome = json_string_value(json_object_get(result, "outcome"));
	if (json_is_true(json_object_get(result, "ok")))
		status = SEND_EXIT_OK;
	else
		status = g_strcmp0(outcome, "recipient") == 0 ? SEND_EXIT_RECIPIENT
		         : g_strcmp0(outcome, "invalid") == 0 ? SEND_EXIT_DATA
		         : g_strcmp0(outcome, "lost") == 0    ? SEND_EXIT_CONNECT
		                                              : SEND_EXIT_SOFTWARE;
	if (status != SEND_EXIT_OK) {
		const char *error = json_string_value(json_object_get(result, "error"));
		send_complain("%s", error ? error : "the running natter could not send it");
	}
	json_decref(result);
	return status;
}

/* ---- logging in itself ---- */

struct send_run {
	const struct send_options *options;
	struct session *session;
	GMainLoop *loop;
	GQueue texts;         /* waiting to be sent (char *) */
	struct send_job *job; /* the one in flight */
	guint timer;          /* the current wait's limit */
	guint input_source;   /* --lines: stdin */
	GString *input;       /* --lines: a line not yet ended */
	int input_done;       /* no more text will come */
	int bad_lines;        /* --lines: lines that could not be sent */
	int status;           /* -1 while running */
	int disconnecting;
	guint next_idle; /* send_next() after the session's start */
};

static void send_next(struct send_run *run);

/* The end: the exit status is kept (the first one stands), the session
 * leaves cleanly, and the loop ends once it has. */
static void
send_stop(struct send_run *run, int status)
{
	char *cause = NULL;

	if (run->status < 0)
		run->status = status;
	g_clear_handle_id(&run->timer, g_source_remove);
	g_clear_handle_id(&run->input_source, g_source_remove);
	if (run->job != NULL) {
		send_job_cancel(run->job);
		run->job = NULL;
	}
	if (session_state(run->session) == SESSION_DISCONNECTED) {
		g_main_loop_quit(run->loop);
		return;
	}
	run->disconnecting = 1;
	if (session_disconnect(run->session, &cause) == -1) {
		g_free(cause);
		g_main_loop_quit(run->loop);
	}
}

static gboolean
send_on_timeout(gpointer userdata)
{
	struct send_run *run = userdata;

	run->timer = 0;
	send_complain("no confirmation from the server within %d s", run->options->timeout);
	send_stop(run, SEND_EXIT_TIMEOUT);
	return G_SOURCE_REMOVE;
}

static void
send_arm_timer(struct send_run *run)
{
	g_clear_handle_id(&run->timer, g_source_remove);
	run->timer = g_timeout_add_seconds((guint)run->options->timeout, send_on_timeout, run);
}

static void
send_on_done(enum send_outcome outcome, const char *error, void *data)
{
	struct send_run *run = data;

	run->job = NULL;
	g_clear_handle_id(&run->timer, g_source_remove);
	if (outcome != SEND_OK) {
		send_complain("%s", error);
		send_stop(run, send_status_of(outcome));
		return;
	}
	send_next(run);
}

/* The next text, once online and the one before is confirmed; the end
 * once the input is done and nothing waits. */
static void
send_next(struct send_run *run)
{
	struct send_request request = {
		.to = (const char *const *)run->options->recipients,
		.room = run->options->room,
		.join = 1,
		.subject = run->options->subject,
		.headline = run->options->headline,
	};
	char *text;

	if (run->job != NULL || run->status >= 0 || session_state(run->session) != SESSION_ONLINE)
		return;
	text = g_queue_pop_head(&run->texts);
	if (text == NULL) {
		if (run->input_done)
			send_stop(run, run->bad_lines ? SEND_EXIT_DATA : SEND_EXIT_OK);
		return;
	}
	request.text = text;
	send_arm_timer(run);
	run->job = send_job_start(run->session, &request, send_on_done, run);
	g_free(text);
}

static gboolean
send_on_next_idle(gpointer userdata)
{
	struct send_run *run = userdata;

	run->next_idle = 0;
	send_next(run);
	return G_SOURCE_REMOVE;
}

static void
send_on_session(const struct event *event, void *userdata)
{
	struct send_run *run = userdata;
	enum session_state state = (enum session_state)event->u.session.state;

	if (strcmp(event->account, run->options->account) != 0)
		return;
	if (state == SESSION_ONLINE) {
		/* --lines waits for its lines without a limit; a message waits
		 * for its confirmation with one. Not inside the event: the
		 * session finishes its start (its outbox) after telling it. */
		g_clear_handle_id(&run->timer, g_source_remove);
		if (run->next_idle == 0)
			run->next_idle = g_idle_add(send_on_next_idle, run);
	} else if (state == SESSION_DISCONNECTED && run->disconnecting) {
		g_main_loop_quit(run->loop);
	} else if (state == SESSION_DISCONNECTED && event->u.session.error) {
		send_complain("%s: %s", run->options->account,
		              event->u.session.reason ? event->u.session.reason : "failed");
		run->disconnecting = 1; /* nothing more to wait for */
		send_stop(run,
		          session_auth_failed(run->session) ? SEND_EXIT_AUTH : SEND_EXIT_CONNECT);
	}
}

static void
send_on_password_needed(const struct event *event, void *userdata)
{
	struct send_run *run = userdata;

	if (strcmp(event->account, run->options->account) != 0)
		return;
	send_complain("account %s has neither password nor eval_password in accounts.ini",
	              run->options->account);
	run->disconnecting = 1;
	send_stop(run, SEND_EXIT_CONFIG);
}

/* --lines: each whole line is a message (empty ones are skipped). */
static void
send_take_lines(struct send_run *run)
{
	char *line;

	while ((line = send_take_line(run->input, &run->bad_lines)) != NULL)
		g_queue_push_tail(&run->texts, line);
	send_next(run);
}

static gboolean
send_on_stdin(gint fd, GIOCondition condition, gpointer userdata)
{
	struct send_run *run = userdata;
	char chunk[4096];
	ssize_t n = read(fd, chunk, sizeof chunk);

	if (n > 0) {
		g_string_append_len(run->input, chunk, n);
		send_take_lines(run);
		return G_SOURCE_CONTINUE;
	}
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return G_SOURCE_CONTINUE;
	/* End of input: a last line without a newline counts. */
	if (run->input->len > 0) {
		g_string_append_c(run->input, '\n');
		send_take_lines(run);
	}
	run->input_source = 0;
	run->input_done = 1;
	send_next(run);
	return G_SOURCE_REMOVE;
}

static int
send_standalone(const struct send_options *options, const char *text)
{
	struct send_run run = { .options = options, .status = -1, .texts = G_QUEUE_INIT };
	const struct account *account = account_find(options->account);
	char *cause = NULL, *resource;
	unsigned subscriptions[2];

	run.session = session_get(options->account, &cause);
	if (run.session == NULL) {
		send_complain("%s", cause);
		g_free(cause);
		return SEND_EXIT_CONFIG;
	}
	/* A resource of its own: the running client keeps its place. */
	resource = g_strdup_printf("%s.send-%08x", account->resource ? account->resource : "natter",
	                           g_random_int());
	session_set_oneshot(run.session, resource);
	g_free(resource);
	run.loop = g_main_loop_new(NULL, FALSE);
	subscriptions[0] = event_subscribe(EV_SESSION_STATE, send_on_session, &run);
	subscriptions[1] = event_subscribe(EV_PASSWORD_NEEDED, send_on_password_needed, &run);
	if (text != NULL) {
		g_queue_push_tail(&run.texts, g_strdup(text));
		run.input_done = 1;
	} else {
		run.input = g_string_new(NULL);
		run.input_source = g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR,
		                                 send_on_stdin, &run);
	}
	if (session_connect(run.session, &cause) == -1) {
		send_complain("%s", cause);
		g_free(cause);
		run.status = SEND_EXIT_CONFIG;
	} else {
		/* The login, too, has the time limit. */
		send_arm_timer(&run);
		g_main_loop_run(run.loop);
	}
	event_unsubscribe_all(subscriptions, G_N_ELEMENTS(subscriptions));
	g_clear_handle_id(&run.next_idle, g_source_remove);
	g_clear_handle_id(&run.timer, g_source_remove);
	g_clear_handle_id(&run.input_source, g_source_remove);
	if (run.job != NULL)
		send_job_cancel(run.job);
	g_queue_clear_full(&run.texts, g_free);
	if (run.input != NULL)
		g_string_free(run.input, TRUE);
	g_main_loop_unref(run.loop);
	return run.status < 0 ? SEND_EXIT_SOFTWARE : run.status;
}

/* ---- the program ---- */

/* The account: -a, else the only one configured. */
static int
send_pick_account(struct send_options *options)
{
	const GPtrArray *accounts = account_list();

	if (options->account != NULL) {
		if (account_find(options->account) != NULL)
			return 0;
		send_complain("no account named '%s' in %s/accounts.ini", options->account,
		              paths_config_dir());
		return -1;
	}
	if (accounts->len != 1) {
		send_complain(accounts->len == 0 ? "no account in %s/accounts.ini"
		                                 : "several accounts in %s/accounts.ini: choose "
		                                   "one with -a",
		              paths_config_dir());
		return -1;
	}
	options->account = g_strdup(((const struct account *)accounts->pdata[0])->name);
	return 0;
}

/* The text: the words after "--", or all of standard input (its last line
 * breaks dropped). NULL with --lines (read as it comes). */
static int
send_read_text(const struct send_options *options, char **words, char **text)
{
	GString *input;
	char chunk[65536];
	ssize_t n;

	*text = NULL;
	if (words != NULL) {
		*text = g_strjoinv(" ", words);
		return send_check_text(*text);
	}
	if (options->lines)
		return 0;
	input = g_string_new(NULL);
	while ((n = read(STDIN_FILENO, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			send_complain("cannot read standard input: %s", g_strerror(errno));
			g_string_free(input, TRUE);
			return -1;
		}
		g_string_append_len(input, chunk, n);
	}
	while (input->len > 0 &&
	       (input->str[input->len - 1] == '\n' || input->str[input->len - 1] == '\r'))
		g_string_truncate(input, input->len - 1);
	*text = g_string_free(input, FALSE);
	return send_check_text(*text);
}

/* Through the running natter when it can; 1 when it cannot (log in). */
static int
send_try_running(const struct send_options *options, const char *text)
{
	struct ctl_connection *connection = NULL;
	char *cause = NULL, *line = NULL;
	GString *input;
	json_int_t seq = 0;
	int status = 1, bad_lines = 0;

	if (options->standalone || ctl_connect(&connection, &cause) != 0) {
		g_free(cause);
		return 1;
	}
	/* Whether it can (account online there, in the rooms): decided before
	 * anything is sent or read, so that logging in instead loses nothing
	 * and sends nothing twice. */
	status = send_through(connection, options, "", ++seq, 1);
	if (status != 0 || text != NULL) {
		if (status == 0)
			status = send_through(connection, options, text, ++seq, 0);
		ctl_disconnect(connection);
		return status;
	}
	/* --lines: one message per line, each confirmed before the next. */
	input = g_string_new(NULL);
	for (;;) {
		char chunk[4096];
		ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
		if (n == -1 && errno == EINTR)
			continue;
		if (n > 0)
			g_string_append_len(input, chunk, n);
		else if (input->len > 0)
			g_string_append_c(input, '\n');
		status = 0;
		while (status == 0 && (line = send_take_line(input, &bad_lines)) != NULL) {
			status = send_through(connection, options, line, ++seq, 0);
			g_clear_pointer(&line, g_free);
		}
		if (status != 0 || n <= 0)
			break;
	}
	g_string_free(input, TRUE);
	ctl_disconnect(connection);
	/* A fallback in the middle of --lines (the account went offline
	 * there): the line is lost with the input read; say so. */
	if (status == 1) {
		send_complain("the running natter stopped taking the lines (%s went offline "
		              "there); the rest were not sent",
		              options->account);
		return SEND_EXIT_CONNECT;
	}
	return status == 0 && bad_lines > 0 ? SEND_EXIT_DATA : status;
}

static void
send_clear(void)
{
	session_free_all();
	conversation_list_clear();
	room_list_clear();
	bookmark_list_clear();
	contact_list_clear();
	account_list_clear();
	event_reset();
	paths_clear();
}

int
send_main(int argc, char **argv)
{
	struct send_options options = { .timeout = 30 };
	GOptionEntry entries[] = {
		{ "account", 'a', 0, G_OPTION_ARG_STRING, &options.account,
		  "Send from ACCOUNT (default: the only one)", "ACCOUNT" },
		{ "room", 0, 0, G_OPTION_ARG_NONE, &options.room,
		  "The recipients are rooms (entered, and left after, when needed)", NULL },
		{ "subject", 0, 0, G_OPTION_ARG_STRING, &options.subject,
		  "A subject for the message", "SUBJECT" },
		{ "headline", 0, 0, G_OPTION_ARG_NONE, &options.headline,
		  "Send a headline (a notice that expects no reply)", NULL },
		{ "lines", 0, 0, G_OPTION_ARG_NONE, &options.lines,
		  "Send each line of standard input as it comes", NULL },
		{ "standalone", 0, 0, G_OPTION_ARG_NONE, &options.standalone,
		  "Log in even when a running natter could send it", NULL },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &options.timeout,
		  "Give up after SECONDS without the server's confirmation (default 30)",
		  "SECONDS" },
		{ "config-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.config_dir,
		  "Read accounts.ini from DIR", "DIR" },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.recipients, NULL,
		  "RECIPIENT..." },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *context = g_option_context_new("[-- TEXT...] - send a message and exit");
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char **words = NULL, *text = NULL, *cause = NULL, *path;
	GError *error = NULL;
	int status = SEND_EXIT_USAGE, split = argc;

	g_set_prgname("natter send");
	/* The text after "--" is not for the option parser. */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			split = i;
			words = g_strdupv(argv + i + 1);
			break;
		}
	}
	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_description(context, "See natter(1), natter send.");
	if (!g_option_context_parse(context, &split, &argv, &error)) {
		send_complain("%s (see natter send --help)", error->message);
		g_error_free(error);
		goto out;
	}
	if (options.recipients == NULL) {
		send_complain("give at least one recipient (see natter send --help)");
		goto out;
	}
	if (options.room && (options.subject != NULL || options.headline)) {
		send_complain("--subject and --headline are for messages to contacts, not rooms");
		goto out;
	}
	if (options.lines && words != NULL) {
		send_complain("--lines reads standard input: give no text after --");
		goto out;
	}
	if (options.timeout < 1) {
		send_complain("--timeout must be at least 1 second");
		goto out;
	}
	if (words != NULL && words[0] == NULL) {
		send_complain("no text after --");
		goto out;
	}
	paths_init(options.config_dir);
	path = paths_config_file("accounts.ini");
	if (accounts_load(path, problems, &cause) == -1) {
		send_complain("%s", cause);
		g_free(cause);
		g_free(path);
		status = SEND_EXIT_CONFIG;
		goto out;
	}
	g_free(path);
	for (guint i = 0; i < problems->len; i++)
		send_complain("accounts.ini: %s", (char *)problems->pdata[i]);
	if (send_pick_account(&options) == -1) {
		status = SEND_EXIT_CONFIG;
		goto out;
	}
	if (send_read_text(&options, words, &text) == -1) {
		status = SEND_EXIT_DATA;
		goto out;
	}
	status = send_try_running(&options, text);
	if (status == 1) {
		/* What it sends is kept in the history too (a running natter
		 * may have the database open: SQLite's WAL lets both write). */
		char *history = paths_data_file("history.db"), *why = NULL;
		if (store_open(history, &why) == -1) {
			send_complain("history: %s; the message is not kept", why);
			g_free(why);
		}
		g_free(history);
		tls_authorities_on_demand();
		/* OTR's policy holds here too: always means nothing in the
		 * clear. */
		app_otr_plug();
		status = send_standalone(&options, text);
		app_otr_unplug();
		store_close();
	}
out:
	send_clear();
	g_option_context_free(context);
	g_ptr_array_free(problems, TRUE);
	g_strfreev(words);
	g_free(text);
	g_free(options.account);
	g_free(options.subject);
	g_free(options.config_dir);
	g_strfreev(options.recipients);
	return status;
}

const struct app_service send_service = {
	.subcommand = "send",
	.run = send_main,
};
