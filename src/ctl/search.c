/*
 * search.c: natter search, the history searched from the command line.
 *
 * natter search [--config-dir DIR] [-a ACCOUNT] [--in JID] [--from JID]
 *               [--since DATE] [--until DATE] [--limit N] [--json] QUERY...
 *
 * Reads history.db directly (a running natter may be writing it: SQLite's
 * WAL lets both). Each result is a line: when, account, conversation,
 * sender and text, made safe for a terminal; with --json, one object per
 * line with every non-ASCII character escaped.
 */
#include "config.h"

#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cmd/app.h"
#include "cmd/eventjson.h"
#include "config/paths.h"
#include "core/clock.h"
#include "core/sanitize.h"
#include "ctl/ctl.h"
#include "model/conversation.h"
#include "store/store.h"

enum {
	SEARCH_EXIT_OK = 0,
	SEARCH_EXIT_NONE = 1, /* nothing found */
	SEARCH_EXIT_USAGE = 64,
	SEARCH_EXIT_UNAVAILABLE = 69, /* no history */
};

/* A failure, on standard error (the history's text made safe); cause
 * freed. */
static void
search_complain(const char *program, char *cause)
{
	char *clean = sanitize(cause, -1, SANITIZE_LINE);

	fprintf(stderr, "%s: %s\n", program, clean);
	g_free(clean);
	g_free(cause);
}

static void
search_print(const struct stored_message *m, int as_json)
{
	char *line;

	if (as_json) {
		line = eventjson_line(eventjson_stored(m));
		fputs(line, stdout);
	} else {
		char *text = eventjson_stored_text(m);
		line = sanitize(text, -1, SANITIZE_LINE);
		printf("%s\n", line);
		g_free(text);
	}
	g_free(line);
}

/* What natter search and natter export share: where the history is and
 * which messages. */
struct history_args {
	char *config_dir, *account, *in, *since, *until;
	struct store_query query;
};

static GOptionContext *
history_context(const char *summary, struct history_args *args, const GOptionEntry *own)
{
	GOptionContext *context = g_option_context_new(summary);
	const GOptionEntry shared[] = {
		{ "config-dir", 0, 0, G_OPTION_ARG_FILENAME, &args->config_dir,
		  "The history of the natter using DIR", "DIR" },
		{ "account", 'a', 0, G_OPTION_ARG_STRING, &args->account, "Only ACCOUNT's messages",
		  "ACCOUNT" },
		{ "in", 0, 0, G_OPTION_ARG_STRING, &args->in,
		  "Only the conversation with JID or room", "JID" },
		{ "since", 0, 0, G_OPTION_ARG_STRING, &args->since,
		  "From DATE on (YYYY-MM-DD or ISO 8601)", "DATE" },
		{ "until", 0, 0, G_OPTION_ARG_STRING, &args->until, "Before DATE", "DATE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};

	g_option_context_add_main_entries(context, shared, NULL);
	g_option_context_add_main_entries(context, own, NULL);
	return context;
}

/* The filters checked, the history opened. Returns 0, or the exit status
 * with the reason said. */
static int
history_open(const char *program, struct history_args *args)
{
	struct store_query *q = &args->query;
	char *path, *cause = NULL;
	int status = 0;

	q->account = args->account;
	q->conversation = args->in;
	if ((args->since && (q->since = clock_parse_date(args->since)) < 0) ||
	    (args->until && (q->until = clock_parse_date(args->until)) < 0)) {
		fprintf(stderr, "%s: '%s' is not a date (YYYY-MM-DD or ISO 8601)\n", program,
		        args->since && q->since < 0 ? args->since : args->until);
		return SEARCH_EXIT_USAGE;
	}
	paths_init(args->config_dir);
	path = paths_data_file("history.db");
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		fprintf(stderr, "%s: no history at %s\n", program, path);
		status = SEARCH_EXIT_UNAVAILABLE;
	} else if (store_open(path, &cause) == -1) {
		search_complain(program, cause);
		status = SEARCH_EXIT_UNAVAILABLE;
	}
	g_free(path);
	return status;
}

static void
history_close(struct history_args *args)
{
	store_close();
	paths_clear();
	g_free(args->config_dir);
	g_free(args->account);
	g_free(args->in);
	g_free(args->since);
	g_free(args->until);
}

static int
search_main(int argc, char **argv)
{
	struct history_args args = { 0 };
	char *from = NULL, **words = NULL, *cause = NULL, *text = NULL;
	gboolean as_json = FALSE;
	int limit = 50, status = SEARCH_EXIT_USAGE;
	const GOptionEntry own[] = {
		{ "from", 0, 0, G_OPTION_ARG_STRING, &from, "Only what JID (or ROOM/NICK) wrote",
		  "JID" },
		{ "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most N results, newest first (50)",
		  "N" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "One JSON object per result", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &words, NULL, "QUERY..." },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *context = history_context("- search the history", &args, own);
	GPtrArray *found = NULL;
	GError *error = NULL;

	g_set_prgname("natter search");
	g_option_context_set_description(context, "QUERY: words (all must be there), \"a "
	                                          "phrase\", word* (a prefix), a OR b.");
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "natter search: %s (see natter search --help)\n", error->message);
		g_error_free(error);
		goto out;
	}
	if (words == NULL || limit < 1) {
		fprintf(stderr,
		        "natter search: give what to look for (see natter search --help)\n");
		goto out;
	}
	text = g_strjoinv(" ", words);
	args.query.text = text;
	args.query.sender = from;
	args.query.limit = limit;
	if ((status = history_open("natter search", &args)) != 0)
		goto out;
	found = store_find(&args.query, &cause);
	if (found == NULL) { /* a query FTS5 cannot read: a usage error */
		search_complain("natter search", cause);
		status = SEARCH_EXIT_USAGE;
		goto out;
	}
	for (guint i = 0; i < found->len; i++)
		search_print(found->pdata[i], as_json);
	status = found->len > 0 ? SEARCH_EXIT_OK : SEARCH_EXIT_NONE;
out:
	if (found != NULL)
		g_ptr_array_unref(found);
	history_close(&args);
	g_option_context_free(context);
	g_strfreev(words);
	g_free(text);
	g_free(from);
	return status;
}

/* natter export: text, a line per message (the lines of a message after
 * its first indented), or JSON, one object per message. */
static void
export_print(const struct stored_message *m, void *data)
{
	int as_json = GPOINTER_TO_INT(data);
	char *when, *text, *clean, **lines;

	if (as_json) {
		search_print(m, 1);
		return;
	}
	when = clock_format(m->timestamp, "%Y-%m-%d %H:%M:%S");
	text = g_strdup_printf("%s  %s  %s  <%s> %s", when, m->account, m->conversation,
	                       m->sender ? m->sender : "?", m->body ? m->body : "");
	clean = sanitize(text, -1, SANITIZE_MULTILINE);
	lines = g_strsplit(clean, "\n", -1);
	for (char **line = lines; *line != NULL; line++)
		printf("%s%s\n", line == lines ? "" : "    ", *line);
	g_strfreev(lines);
	g_free(clean);
	g_free(text);
	g_free(when);
}

static int
export_main(int argc, char **argv)
{
	struct history_args args = { 0 };
	char *format = NULL, *cause = NULL;
	int status = SEARCH_EXIT_USAGE, as_json;
	const GOptionEntry own[] = {
		{ "format", 0, 0, G_OPTION_ARG_STRING, &format, "txt (the default) or json",
		  "FORMAT" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *context = history_context("- write the history out", &args, own);
	GError *error = NULL;

	g_set_prgname("natter export");
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "natter export: %s (see natter export --help)\n", error->message);
		g_error_free(error);
		goto out;
	}
	if (argc > 1 || (format && strcmp(format, "txt") != 0 && strcmp(format, "json") != 0)) {
		fprintf(stderr, "natter export: %s (see natter export --help)\n",
		        argc > 1 ? "no arguments besides options" : "--format is txt or json");
		goto out;
	}
	as_json = format != NULL && strcmp(format, "json") == 0;
	if ((status = history_open("natter export", &args)) != 0)
		goto out;
	if (store_each(&args.query, export_print, GINT_TO_POINTER(as_json), &cause) == -1) {
		search_complain("natter export", cause);
		status = SEARCH_EXIT_UNAVAILABLE;
		goto out;
	}
	status = fflush(stdout) == 0 ? SEARCH_EXIT_OK : SEARCH_EXIT_UNAVAILABLE;
out:
	history_close(&args);
	g_option_context_free(context);
	g_free(format);
	return status;
}

const struct app_service export_service = {
	.subcommand = "export",
	.run = export_main,
};

const struct app_service search_service = {
	.subcommand = "search",
	.run = search_main,
};
