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

/* DATE: YYYY-MM-DD (local midnight) or an ISO 8601 time; microseconds
 * since 1970, or -1. */
static gint64
search_date(const char *text)
{
	int y, m, d;
	char tail;
	GDateTime *time = NULL;
	gint64 value = -1;

	if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
		time = g_date_time_new_local(y, m, d, 0, 0, 0);
	} else {
		GTimeZone *local = g_time_zone_new_local();
		time = g_date_time_new_from_iso8601(text, local);
		g_time_zone_unref(local);
	}
	if (time != NULL) {
		value = g_date_time_to_unix(time) * G_USEC_PER_SEC;
		g_date_time_unref(time);
	}
	return value;
}

static void
search_print(const struct stored_message *m, int as_json)
{
	if (as_json) {
		char *stamp = eventjson_timestamp(m->timestamp);
		char *line = eventjson_line(
		        json_pack("{s:o, s:o, s:s, s:o, s:o, s:s, s:b}", "account",
		                  eventjson_string(m->account), "conversation",
		                  eventjson_string(m->conversation), "direction",
		                  m->direction == MESSAGE_IN ? "in" : "out", "sender",
		                  eventjson_string(m->sender), "body", eventjson_string(m->body),
		                  "timestamp", stamp, "edited", m->edited));
		fputs(line, stdout);
		g_free(line);
		g_free(stamp);
	} else {
		char *when = clock_format(m->timestamp, "%Y-%m-%d %H:%M");
		char *text =
		        g_strdup_printf("%s  %s  %s  <%s> %s", when, m->account, m->conversation,
		                        m->sender ? m->sender : "?", m->body ? m->body : "");
		char *clean = sanitize(text, -1, SANITIZE_LINE);
		printf("%s\n", clean);
		g_free(clean);
		g_free(text);
		g_free(when);
	}
}

static int
search_main(int argc, char **argv)
{
	char *config_dir = NULL, *account = NULL, *in = NULL, *from = NULL, *since = NULL;
	char *until = NULL, **words = NULL, *cause = NULL, *path = NULL, *text = NULL;
	gboolean as_json = FALSE;
	int limit = 50, status = SEARCH_EXIT_USAGE;
	GOptionEntry entries[] = {
		{ "config-dir", 0, 0, G_OPTION_ARG_FILENAME, &config_dir,
		  "The history of the natter using DIR", "DIR" },
		{ "account", 'a', 0, G_OPTION_ARG_STRING, &account, "Only ACCOUNT's messages",
		  "ACCOUNT" },
		{ "in", 0, 0, G_OPTION_ARG_STRING, &in, "Only the conversation with JID or room",
		  "JID" },
		{ "from", 0, 0, G_OPTION_ARG_STRING, &from, "Only what JID (or ROOM/NICK) wrote",
		  "JID" },
		{ "since", 0, 0, G_OPTION_ARG_STRING, &since,
		  "From DATE on (YYYY-MM-DD or ISO 8601)", "DATE" },
		{ "until", 0, 0, G_OPTION_ARG_STRING, &until, "Before DATE", "DATE" },
		{ "limit", 0, 0, G_OPTION_ARG_INT, &limit, "At most N results, newest first (50)",
		  "N" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "One JSON object per result", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &words, NULL, "QUERY..." },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *context = g_option_context_new("- search the history");
	struct store_query query = { 0 };
	GPtrArray *found = NULL;
	GError *error = NULL;

	g_set_prgname("natter search");
	g_option_context_add_main_entries(context, entries, NULL);
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
	query = (struct store_query){
		.text = text, .account = account, .conversation = in, .sender = from, .limit = limit
	};
	if ((since && (query.since = search_date(since)) < 0) ||
	    (until && (query.until = search_date(until)) < 0)) {
		fprintf(stderr, "natter search: '%s' is not a date (YYYY-MM-DD or ISO 8601)\n",
		        since && query.since < 0 ? since : until);
		goto out;
	}
	paths_init(config_dir);
	path = paths_data_file("history.db");
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		fprintf(stderr, "natter search: no history at %s\n", path);
		status = SEARCH_EXIT_UNAVAILABLE;
		goto out;
	}
	if (store_open(path, &cause) == -1) {
		char *clean = sanitize(cause, -1, SANITIZE_LINE);
		fprintf(stderr, "natter search: %s\n", clean);
		g_free(clean);
		g_free(cause);
		status = SEARCH_EXIT_UNAVAILABLE;
		goto out;
	}
	found = store_find(&query, &cause);
	if (found == NULL) { /* a query FTS5 cannot read: a usage error */
		char *clean = sanitize(cause, -1, SANITIZE_LINE);
		fprintf(stderr, "natter search: %s\n", clean);
		g_free(clean);
		g_free(cause);
		goto out;
	}
	for (guint i = 0; i < found->len; i++)
		search_print(found->pdata[i], as_json);
	status = found->len > 0 ? SEARCH_EXIT_OK : SEARCH_EXIT_NONE;
out:
	if (found != NULL)
		g_ptr_array_unref(found);
	store_close();
	paths_clear();
	g_option_context_free(context);
	g_strfreev(words);
	g_free(text);
	g_free(path);
	g_free(config_dir);
	g_free(account);
	g_free(in);
	g_free(from);
	g_free(since);
	g_free(until);
	return status;
}

const struct app_service search_service = {
	.subcommand = "search",
	.run = search_main,
};
