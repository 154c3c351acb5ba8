/*
 * wincmd.c: the terminal's window commands (/win, /wins, /close,
 * /xmlconsole, the /ui hook of cmd/) and the XML console's feed.
 */
#include "config.h"

#include <string.h>

#include "cmd/command.h"
#include "core/event.h"
#include "fe/tty/alert.h"
#include "fe/tty/draw.h"
#include "fe/tty/history.h"
#include "fe/tty/input.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/window.h"

void
tty_on_xml(const struct event *event, void *userdata)
{
	struct window *w = window_by_kind(WINDOW_XML);

	if (w == NULL)
		return;
	const char *arrow = event->u.xml.incoming ? "<<" : ">>";
	char *who =
	        event->account ? g_strdup_printf("%s %s", arrow, event->account) : g_strdup(arrow);

	window_add(w, g_get_real_time(), event->u.xml.incoming ? LINE_XML_IN : LINE_XML_OUT, 0, who,
	           event->u.xml.text, ACTIVITY_INFO);
	g_free(who);
	tty_dirty_window(w);
}

/* ---- window commands ---- */

static int
tty_cmd_win(const char *which, struct cmd_result *result)
{
	struct window *w;
	char *cause = NULL;

	if (strcmp(which, "next") == 0 || strcmp(which, "prev") == 0) {
		w = window_step(which[0] == 'n' ? 1 : -1);
	} else if (strcmp(which, "next-active") == 0) {
		w = window_next_active();
		if (w == NULL)
			return cmd_result_error(result, "/win: no window waits");
	} else if ((w = window_find(which, &cause)) == NULL) {
		cmd_result_error(result, "/win: %s", cause);
		g_free(cause);
		return -1;
	}
	tty_show(w);
	return 0;
}

static const char *
tty_activity_name(const struct window *w)
{
	static const char *const names[] = {
		[ACTIVITY_NONE] = "",
		[ACTIVITY_INFO] = "new notices",
		[ACTIVITY_MESSAGE] = "unread",
		[ACTIVITY_HIGHLIGHT] = "highlight",
	};

	return names[w->activity];
}

static int
tty_cmd_wins(struct cmd_result *result)
{
	const GPtrArray *windows = window_list();

	for (guint i = 0; i < windows->len; i++) {
		const struct window *w = windows->pdata[i];
		GString *line = g_string_new(NULL);
		g_string_append_printf(line, "%2d: %s", w->number, w->name);
		if (w->account != NULL)
			g_string_append_printf(line, " (account %s)", w->account);
		if (w == window_current())
			g_string_append(line, " [shown]");
		else if (w->activity != ACTIVITY_NONE && w->unread > 0)
			g_string_append_printf(line, " [%s: %d]", tty_activity_name(w), w->unread);
		else if (w->activity != ACTIVITY_NONE)
			g_string_append_printf(line, " [%s]", tty_activity_name(w));
		cmd_result_line(result, "%s", line->str);
		g_string_free(line, TRUE);
	}
	return 0;
}

static void
tty_close(struct window *w)
{
	if (w->kind == WINDOW_XML)
		g_clear_handle_id(&tty_xml_subscription, event_unsubscribe);
	window_close(w);
	history_select(window_current());
	alert_update_title();
	draw_dirty();
}

static int
tty_cmd_close(int argc, char *const *argv, struct cmd_result *result)
{
	struct window *w = window_current();
	char *cause = NULL;

	if (argc > 0 && strcmp(argv[0], "read") == 0) {
		const GPtrArray *windows = window_list();
		int closed = 0;
		/* Backwards: closing removes from the list. */
		for (guint i = windows->len; i-- > 1;) {
			struct window *c = windows->pdata[i];
			if (c->activity < ACTIVITY_MESSAGE && c != window_current()) {
				tty_close(c);
				closed++;
			}
		}
		cmd_result_line(result, "closed %d window%s", closed, closed == 1 ? "" : "s");
		return 0;
	}
	if (argc > 0 && (w = window_find(argv[0], &cause)) == NULL) {
		cmd_result_error(result, "/close: %s", cause);
		g_free(cause);
		return -1;
	}
	if (w->kind == WINDOW_CONSOLE)
		return cmd_result_error(result, "/close: the console stays open (/quit leaves)");
	tty_close(w);
	return 0;
}

static int
tty_cmd_xmlconsole(void)
{
	struct window *w = window_by_kind(WINDOW_XML);

	if (w == NULL) {
		w = window_open(WINDOW_XML, NULL, "xmlconsole");
		tty_xml_subscription = event_subscribe(EV_XML, tty_on_xml, NULL);
	}
	tty_show(w);
	return 0;
}

int
tty_ui(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *name = invocation->entry->name;

	if (strcmp(name, "win") == 0)
		return tty_cmd_win(invocation->argv[0], result);
	if (strcmp(name, "wins") == 0)
		return tty_cmd_wins(result);
	if (strcmp(name, "close") == 0)
		return tty_cmd_close(invocation->argc, invocation->argv, result);
	if (strcmp(name, "xmlconsole") == 0)
		return tty_cmd_xmlconsole();
	if (strcmp(name, "editor") == 0) {
		char *cause = NULL;
		if (input_editor("", &cause) == -1) {
			cmd_result_error(result, "/editor: %s", cause);
			g_free(cause);
			return -1;
		}
		return 0;
	}
	return cmd_result_error(result, "/%s: not a window command", name);
}

GPtrArray *
tty_window_names(void)
{
	const GPtrArray *windows = window_list();
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < windows->len; i++)
		g_ptr_array_add(names, g_strdup(((struct window *)windows->pdata[i])->name));
	g_ptr_array_add(names, g_strdup("next-active"));
	return names;
}
