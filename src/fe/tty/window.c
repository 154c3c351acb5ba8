/*
 * window.c: the tty frontend's windows.
 *
 * Owns the window list and the lines of each window. Every piece of text
 * that comes in through window_add() passes the core sanitizer, so what
 * draw.c prints can hold no control sequence.
 */
#include "config.h"

#include <string.h>

#include "core/sanitize.h"
#include "fe/tty/window.h"

static GPtrArray *windows; /* of struct window, index = number - 1 */
static struct window *current;

static void
window_line_free(gpointer pointer)
{
	struct window_line *line = pointer;

	g_free(line->prefix);
	g_free(line->text);
	g_free(line);
}

static void
window_free(gpointer pointer)
{
	struct window *w = pointer;

	g_queue_clear_full(&w->lines, window_line_free);
	g_free(w->account);
	g_free(w->name);
	g_free(w);
}

static struct window *
window_new(enum window_kind kind, const char *account, const char *name)
{
	struct window *w = g_new0(struct window, 1);

	w->kind = kind;
	w->account = g_strdup(account);
	w->name = sanitize(name, -1, SANITIZE_LINE);
	g_queue_init(&w->lines);
	g_ptr_array_add(windows, w);
	w->number = (int)windows->len;
	return w;
}

void
window_list_init(void)
{
	windows = g_ptr_array_new_with_free_func(window_free);
	current = window_new(WINDOW_CONSOLE, NULL, "console");
}

void
window_list_clear(void)
{
	if (windows != NULL)
		g_ptr_array_free(windows, TRUE);
	windows = NULL;
	current = NULL;
}

const GPtrArray *
window_list(void)
{
	return windows;
}

struct window *
window_current(void)
{
	return current;
}

void
window_show(struct window *w)
{
	current = w;
	w->unread = 0;
}

struct window *
window_console(void)
{
	return windows->pdata[0];
}

struct window *
window_by_number(int number)
{
	if (number < 1 || (guint)number > windows->len)
		return NULL;
	return windows->pdata[number - 1];
}

struct window *
window_for_conversation(unsigned id, const char *account, const char *peer)
{
	for (guint i = 0; i < windows->len; i++) {
		struct window *w = windows->pdata[i];
		if (w->kind == WINDOW_CONVERSATION && w->conversation == id)
			return w;
	}
	struct window *w = window_new(WINDOW_CONVERSATION, account, peer);
	w->conversation = id;
	return w;
}

void
window_add(struct window *w, gint64 time, enum line_style style, const char *prefix,
           const char *text)
{
	char *clean = sanitize(text, -1, SANITIZE_MULTILINE);
	char **parts = g_strsplit(clean, "\n", -1);

	for (char **part = parts; *part != NULL; part++) {
		struct window_line *line = g_new0(struct window_line, 1);
		line->time = time;
		line->style = style;
		/* Continuation lines of a multi-line message carry no prefix. */
		line->prefix =
		        (part == parts && prefix) ? sanitize(prefix, -1, SANITIZE_LINE) : NULL;
		line->text = g_strdup(*part);
		g_queue_push_tail(&w->lines, line);
		if (w != current)
			w->unread++;
		else if (w->scroll > 0)
			w->scroll++; /* keep the view still while scrolled up */
	}
	while (w->lines.length > WINDOW_KEEP_LINES)
		window_line_free(g_queue_pop_head(&w->lines));
	g_strfreev(parts);
	g_free(clean);
}
