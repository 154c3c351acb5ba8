/*
 * search.c: the search window: /search's matches, newest first, each
 * under a line with its number, time, account and conversation, between
 * the message before it and the one after it in its conversation. A
 * match's number and Enter there (or /search open N) opens the match's
 * conversation at it (fe/tty/stored.c: stored_jump()).
 *
 * Owns the matches' rows in the history, in the window's order.
 */
#include "config.h"

#include <string.h>

#include "core/clock.h"
#include "fe/tty/draw.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/view.h"
#include "fe/tty/window.h"
#include "model/account.h"
#include "model/conversation.h"
#include "store/store.h"

static GArray *matches; /* of gint64: rows of the history */

/* The message next to m in its conversation (before or after), as a
 * line of w. */
static void
search_neighbour(struct window *w, const struct stored_message *m, int older)
{
	GPtrArray *next = older ? store_before(m->account, m->conversation, m->timestamp, m->id, 1)
	                        : store_after(m->account, m->conversation, m->timestamp, m->id, 1);

	if (next != NULL && next->len == 1)
		stored_line(w, next->pdata[0], 0, 0);
	if (next != NULL)
		g_ptr_array_unref(next);
}

void
search_show(const struct cmd_result *result)
{
	struct window *w = window_by_kind(WINDOW_SEARCH);
	gint64 now = g_get_real_time();
	const GPtrArray *found = result->found;

	if (w == NULL)
		w = window_open(WINDOW_SEARCH, NULL, "search");
	window_clear_lines(w);
	if (matches == NULL)
		matches = g_array_new(FALSE, FALSE, sizeof(gint64));
	g_array_set_size(matches, 0);
	if (result->output != NULL && result->output->len > 0)
		window_add(w, now, LINE_INFO, 0, NULL, result->output->pdata[0], ACTIVITY_NONE);
	for (guint i = 0; i < found->len; i++) {
		const struct stored_message *m = found->pdata[i];
		char *when = clock_format(m->timestamp, "%Y-%m-%d %H:%M");
		char *head =
		        g_strdup_printf("%u  %s  %s  %s", i + 1, when, m->account, m->conversation);
		window_add(w, m->timestamp, LINE_INFO, 0, NULL, head, ACTIVITY_NONE);
		search_neighbour(w, m, 1);
		if (stored_line(w, m, 0, LINE_HIGHLIGHT) == NULL)
			window_add(w, m->timestamp, LINE_PLAIN, 0, NULL, m->body ? m->body : "",
			           ACTIVITY_NONE);
		search_neighbour(w, m, 0);
		g_array_append_val(matches, m->id);
		g_free(head);
		g_free(when);
	}
	if (found->len > 0)
		window_add(w, now, LINE_INFO, 0, NULL,
		           "a match's number and Enter (or /search open N) opens it in its "
		           "conversation",
		           ACTIVITY_NONE);
	tty_show(w);
	/* The newest match first: from the top. */
	view_scroll(G_MAXINT);
	draw_dirty();
}

int
search_open(int n, char **cause)
{
	struct stored_message *m;
	struct conversation *c;
	struct window *w;

	if (matches == NULL || n < 1 || (guint)n > matches->len) {
		*cause = matches == NULL || matches->len == 0
		                 ? g_strdup("no /search has listed matches")
		                 : g_strdup_printf("no match %d: the last /search listed %u", n,
		                                   matches->len);
		return -1;
	}
	m = store_get(g_array_index(matches, gint64, n - 1));
	if (m == NULL) {
		*cause = g_strdup_printf("match %d is no longer in the history", n);
		return -1;
	}
	if (account_find(m->account) == NULL) {
		*cause = g_strdup_printf("match %d is of account %s, which is no longer configured",
		                         n, m->account);
		stored_message_free(m);
		return -1;
	}
	c = conversation_find(m->account, m->conversation);
	if (c == NULL)
		c = conversation_open_kind(m->account, m->conversation, m->kind);
	w = tty_conversation_window(c);
	stored_jump(w, c, m, draw_main_rows());
	tty_show(w);
	stored_message_free(m);
	return 0;
}

void
search_forget(void)
{
	if (matches != NULL)
		g_array_free(matches, TRUE);
	matches = NULL;
}
