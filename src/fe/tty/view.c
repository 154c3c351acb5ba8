/*
 * view.c: the main area: the shown window's lines, wrapped under their
 * head (time and name), with day rules and the unread marker, drawn from
 * the bottom up; and scrolling by rows.
 *
 * The view's position is the window's own (struct window anchor). Only
 * the visible lines are measured and drawn, however many a window holds;
 * the shape of one long line (its body, rows and styling) is kept between
 * frames (view_cache, two entries), for the line of that serial: a line
 * whose text changes takes a new serial (window_line_set_text()).
 */
#include "config.h"

#include <curses.h>
#include <string.h>

#include "config/prefs.h"
#include "config/theme.h"
#include "core/clock.h"
#include "core/styling.h"
#include "core/width.h"
#include "fe/tty/draw-private.h"
#include "fe/tty/draw.h"
#include "fe/tty/layout.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/view.h"
#include "fe/tty/window.h"

static WINDOW *view_win; /* being drawn: valid only within view_draw() */

/* What a line looks like at a width: the head (time and nick) and the
 * body's rows, with an optional day line before and unread marker after. */
struct shape {
	char *head;                 /* time and nick */
	int nick_start;             /* where the nick starts in head */
	char *body;                 /* the text, then the marks (edited, delivery) */
	size_t edited_at;           /* where " (edited)" starts in body, or its length */
	size_t receipt_at;          /* where the delivery mark starts, or body's length */
	int date_row;               /* 1 when a day-change line comes first */
	int marker_row;             /* 1 when the unread marker follows */
	int indent;                 /* columns of the head, where the body rows start */
	GArray *rows;               /* struct layout_row of the body */
	GArray *spans;              /* the cache's XEP-0393 styling of the text, or NULL */
	struct view_cached *cached; /* body, rows and spans are this entry's, or NULL */
};

/* A long line's shape outlives the frame: wrapping a hostile 1 MiB body
 * (20,000 rows) took about 100 ms, on every frame that showed it. Two
 * entries (two such lines may share the screen), each for the line of
 * its serial while its flags and the width are the same; a line whose
 * text changes takes a new serial. */
#define VIEW_CACHE_MIN 8192
struct view_cached {
	guint64 serial; /* 0: empty */
	unsigned flags;
	int width;
	char *body;
	size_t edited_at, receipt_at;
	GArray *rows, *spans;
	guint64 used; /* when last used, to choose which goes */
};
static struct view_cached view_cache[2];
static guint64 view_cache_clock;

static char *
view_head(const struct window_line *line, int *nick_start)
{
	const char *format = prefs_string("ui.time_format");
	GString *head = g_string_new(NULL);

	/* Command output is not an event in time: no timestamp. */
	if (*format != '\0' && line->kind != LINE_PLAIN) {
		char *stamp = clock_format(line->time, format);
		g_string_append_printf(head, "%s ", stamp);
		g_free(stamp);
	}
	/* OTR: encrypted, to or from a verified fingerprint ("[OTR]") or
	 * one not verified ("[OTR?]"). */
	if (line->flags & LINE_ENCRYPTED)
		g_string_append(head, line->flags & LINE_VERIFIED ? "[OTR] " : "[OTR?] ");
	*nick_start = (int)head->len;
	if (line->nick == NULL)
		return g_string_free(head, FALSE);
	switch (line->kind) {
	case LINE_MESSAGE:
		g_string_append_printf(head, "<%s> ", line->nick);
		break;
	case LINE_ACTION:
		g_string_append_printf(head, "* %s ", line->nick);
		break;
	default:
		g_string_append_printf(head, "%s: ", line->nick);
		break;
	}
	return g_string_free(head, FALSE);
}

/* The text of a line and its marks: "(edited)" for a correction, and on
 * the user's messages "…" while waiting to be sent, "·" once sent, "✓"
 * once the server has it (XEP-0198), "✓✓" once the recipient's client
 * confirmed it (XEP-0184). */
static void
view_body(const struct window_line *line, struct shape *shape)
{
	GString *body = g_string_new(line->text);

	shape->edited_at = body->len;
	if (line->flags & LINE_EDITED)
		g_string_append(body, " (edited)");
	shape->receipt_at = body->len;
	if (line->flags & LINE_DELIVERED)
		g_string_append(body, " \u2713\u2713");
	else if (line->flags & LINE_ACKED)
		g_string_append(body, " \u2713");
	else if (line->flags & LINE_PENDING)
		g_string_append(body, " \u2026");
	else if (line->flags & LINE_SENT)
		g_string_append(body, " \u00b7");
	shape->body = g_string_free(body, FALSE);
}

static void
view_cache_clear(struct view_cached *entry)
{
	g_clear_pointer(&entry->body, g_free);
	g_clear_pointer(&entry->rows, g_array_unref);
	g_clear_pointer(&entry->spans, g_array_unref);
	entry->serial = 0;
}

/* The body, its rows at width and its styling; a long line's from the
 * cache, or kept there (in the entry used least lately). */
static void
view_shape_body(const struct window_line *line, int width, struct shape *shape)
{
	struct view_cached *entry = NULL;

	shape->cached = NULL;
	shape->spans = NULL;
	if (strlen(line->text) >= VIEW_CACHE_MIN) {
		for (size_t i = 0; i < G_N_ELEMENTS(view_cache); i++) {
			struct view_cached *e = &view_cache[i];
			if (e->serial == line->serial && e->flags == line->flags &&
			    e->width == width) {
				e->used = ++view_cache_clock;
				shape->cached = e;
				shape->body = e->body;
				shape->edited_at = e->edited_at;
				shape->receipt_at = e->receipt_at;
				shape->rows = e->rows;
				shape->spans = e->spans;
				return;
			}
			if (entry == NULL || e->used < entry->used)
				entry = e;
		}
	}
	shape->rows = g_array_new(FALSE, FALSE, sizeof(struct layout_row));
	view_body(line, shape);
	layout_wrap(shape->body, strlen(shape->body), width, width, shape->rows);
	if (entry == NULL)
		return;
	view_cache_clear(entry);
	entry->serial = line->serial;
	entry->flags = line->flags;
	entry->width = width;
	entry->body = shape->body;
	entry->edited_at = shape->edited_at;
	entry->receipt_at = shape->receipt_at;
	entry->rows = shape->rows;
	entry->used = ++view_cache_clock;
	shape->cached = entry;
}

static void
view_shape(const struct window *w, GList *link, int cols, struct shape *shape)
{
	const struct window_line *line = link->data;

	shape->head = view_head(line, &shape->nick_start);
	/* The line before may be compressed: its time is kept apart. */
	gint64 before = link->prev != NULL ? ((struct window_line *)link->prev->data)->time
	                                   : window_cold_last(w);
	shape->date_row = before != 0 && clock_day(before) != clock_day(line->time);
	shape->marker_row = w->read_mark == link && link->next != NULL;
	/* A head wider than half the row is cut: the body keeps room. */
	shape->indent = MIN(width_text(shape->head, -1), cols / 2);
	view_shape_body(line, cols - shape->indent, shape);
}

static void
view_shape_clear(struct shape *shape)
{
	g_free(shape->head);
	if (shape->cached != NULL)
		return;
	g_array_unref(shape->rows);
	g_free(shape->body);
}

static int
view_shape_height(const struct shape *shape)
{
	return shape->date_row + (int)shape->rows->len + shape->marker_row;
}

static int
view_line_height(const struct window *w, GList *link, int cols)
{
	struct shape shape;
	int height;

	view_shape(w, link, cols, &shape);
	height = view_shape_height(&shape);
	view_shape_clear(&shape);
	return height;
}

static attr_t
view_body_attr(const struct window_line *line)
{
	switch (line->kind) {
	case LINE_INFO:
		return draw_item_attr[THEME_INFO];
	case LINE_ERROR:
		return draw_item_attr[THEME_ERROR];
	case LINE_ACTION:
		return draw_item_attr[THEME_ACTION];
	case LINE_XML_IN:
		return draw_item_attr[THEME_XML_IN];
	case LINE_XML_OUT:
		return draw_item_attr[THEME_XML_OUT];
	case LINE_MESSAGE:
		return draw_item_attr[line->flags & LINE_HIGHLIGHT ? THEME_HIGHLIGHT : THEME_TEXT];
	case LINE_PLAIN:
		break;
	}
	return draw_item_attr[THEME_TEXT];
}

/* XEP-0393 attributes of a span over the line's own. */
static attr_t
view_styled(attr_t base, unsigned attrs)
{
	attr_t a = base;

	if (attrs & STYLING_QUOTE)
		a = draw_item_attr[THEME_QUOTE];
	if (attrs & STYLING_PRE)
		a = draw_item_attr[THEME_CODE];
	if (attrs & STYLING_DIRECTIVE)
		return draw_item_attr[THEME_DIRECTIVE];
	if (attrs & STYLING_STRONG)
		a |= A_BOLD;
	if (attrs & STYLING_EMPHASIS)
		a |= A_ITALIC;
	if (attrs & STYLING_STRIKE)
		a |= A_DIM; /* curses has no strike-through; the ~ stay visible */
	return a;
}

/* Draws one body row: the bytes [row->start, row->end) with the styling
 * spans that fall in it. */
static void
view_body_row(const struct window_line *line, const struct shape *shape,
              const struct layout_row *row, GArray *spans)
{
	attr_t base = view_body_attr(line);
	size_t text_end = MIN((int)row->end, (int)shape->edited_at);
	size_t start, end;

	if (spans == NULL && row->start < text_end)
		draw_text(view_win, shape->body + row->start, text_end - row->start, base);
	for (guint i = 0; spans != NULL && i < spans->len; i++) {
		const struct styling_span *span = &g_array_index(spans, struct styling_span, i);
		start = MAX((int)span->start, (int)row->start);
		end = MIN((int)span->end, (int)text_end);
		if (start < end)
			draw_text(view_win, shape->body + start, end - start,
			          view_styled(base, span->attrs));
	}
	/* The marks after the text. */
	start = MAX((int)row->start, (int)shape->edited_at);
	end = MIN((int)row->end, (int)shape->receipt_at);
	if (start < end)
		draw_text(view_win, shape->body + start, end - start, draw_item_attr[THEME_EDITED]);
	start = MAX((int)row->start, (int)shape->receipt_at);
	if (start < row->end)
		draw_text(view_win, shape->body + start, row->end - start,
		          draw_item_attr[THEME_RECEIPT]);
}

static void
view_head_text(const struct window_line *line, const struct shape *shape)
{
	const char *head = shape->head;
	int nick_start = shape->nick_start, indent = shape->indent, used;
	size_t fit = width_fit(head, NULL, indent, &used);
	attr_t nick_attr;

	/* A head cut short keeps a blank before the text. */
	if (head[fit] != '\0' && indent > 1)
		fit = width_fit(head, NULL, indent - 1, &used);

	if (line->kind == LINE_MESSAGE || line->kind == LINE_ACTION)
		nick_attr = draw_nick_attr(line->nick ? line->nick : "", line->flags & LINE_OWN);
	else if (line->nick != NULL && window_current()->kind == WINDOW_CONSOLE)
		/* The console's lines are tagged with their account, in its
		 * colour (as on the status bar). */
		nick_attr = draw_account_attr(line->nick, account_find(line->nick),
		                              view_body_attr(line), 0);
	else
		nick_attr = view_body_attr(line);
	if (line->kind == LINE_ACTION)
		nick_attr |= draw_item_attr[THEME_ACTION] & A_ATTRIBUTES & ~A_COLOR;
	draw_text(view_win, head, MIN((int)fit, nick_start), draw_item_attr[THEME_TIMESTAMP]);
	if ((int)fit > nick_start)
		draw_text(view_win, head + nick_start, fit - (size_t)nick_start, nick_attr);
}

/* A full-width rule with a label in the middle. */
static void
view_rule(int y, const char *label, attr_t attr)
{
	int cols = getmaxx(view_win), width = width_text(label, -1) + 2;
	int left = MAX((cols - width) / 2, 0);

	wmove(view_win, y, 0);
	wattron(view_win, attr);
	for (int i = 0; i < left; i++)
		waddch(view_win, '-');
	wattroff(view_win, attr);
	if (width <= cols) {
		draw_string(view_win, " ", attr);
		draw_string(view_win, label, attr);
		draw_string(view_win, " ", attr);
	}
	wattron(view_win, attr);
	/* To the last column (curses may refuse the very last cell of the
	 * window; nothing else is written after it). */
	for (int x = getcury(view_win) == y ? getcurx(view_win) : cols; x < cols; x++)
		waddch(view_win, '-');
	wattroff(view_win, attr);
}

/* Draws rows [skip, skip + count) of a line of this shape, the first at
 * y. */
static void
view_line(GList *link, const struct shape *shape, int y, int skip, int count)
{
	const struct window_line *line = link->data;
	GArray *spans = shape->spans;

	/* Styling is parsed for drawing only (a long line's once). */
	if (spans == NULL && (line->kind == LINE_MESSAGE || line->kind == LINE_ACTION)) {
		spans = styling_parse(line->text, strlen(line->text));
		if (shape->cached != NULL)
			shape->cached->spans = spans;
	}
	for (int r = skip; r < skip + count && r < view_shape_height(shape); r++, y++) {
		int body = r - shape->date_row;
		wmove(view_win, y, 0);
		if (body < 0) {
			char *day = clock_format(line->time, prefs_string("ui.date_format"));
			view_rule(y, day, draw_item_attr[THEME_DATE_LINE]);
			g_free(day);
		} else if (body >= (int)shape->rows->len) {
			view_rule(y, "new", draw_item_attr[THEME_UNREAD_MARKER]);
		} else {
			if (body == 0)
				view_head_text(line, shape);
			wmove(view_win, y, shape->indent);
			view_body_row(line, shape,
			              &g_array_index(shape->rows, struct layout_row, body), spans);
		}
	}
	if (spans != NULL && shape->cached == NULL)
		g_array_unref(spans);
}

/* How far view_more() looks for older lines. */
enum view_reach {
	REACH_HELD,    /* the window's compressed lines (Home) */
	REACH_STORE,   /* and the history (filling the screen) */
	REACH_ARCHIVE, /* and the server's archive (the user scrolled up) */
};

/* Lines before w's first one: compressed ones, else from the history
 * (fe/tty/stored.c). Returns 1 when some came. */
static int
view_more(struct window *w, enum view_reach reach)
{
	return window_thaw(w) ||
	       (reach != REACH_HELD && stored_older(w, reach == REACH_ARCHIVE) > 0);
}

void
view_draw(WINDOW *win)
{
	view_win = win;
	struct window *w = window_current();
	int rows = getmaxy(win), cols = getmaxx(win);
	GList *link = w->anchor ? w->anchor : w->lines.tail;
	int bottom = rows, skip = w->anchor ? w->anchor_skip : 0;

	werase(view_win);
	/* Fill from the bottom up; the top line may show only its end. */
	while (link != NULL && bottom > 0) {
		struct shape shape;
		view_shape(w, link, cols, &shape);
		int height = view_shape_height(&shape);
		int shown = height - MIN(skip, height - 1);
		int top = bottom - shown;
		if (top < 0)
			view_line(link, &shape, 0, -top, bottom);
		else
			view_line(link, &shape, top, 0, shown);
		view_shape_clear(&shape);
		bottom = top;
		skip = 0;
		/* Rows left at the top: older lines come out of compression. */
		if (link->prev == NULL && bottom > 0)
			view_more(w, REACH_STORE);
		link = link->prev;
	}
	wnoutrefresh(view_win);
	view_win = NULL; /* a relayout may free it before the next frame */
}

/* Puts the view's bottom so that the oldest line's top is the screen's
 * top, when the view would otherwise go past it. user: the user scrolled
 * there: older lines are looked for as far as reach goes. */
static void
view_scroll_clamp(struct window *w, int cols, int rows, enum view_reach reach)
{
	int above = 0;

	if (w->anchor == NULL)
		return;
	/* Rows from the oldest line down to the view's bottom (compressed
	 * lines thawed as the walk reaches them). */
	for (GList *l = w->anchor; l != NULL && above < rows; l = l->prev) {
		above += view_line_height(w, l, cols) - (l == w->anchor ? w->anchor_skip : 0);
		if (l->prev == NULL && above < rows)
			view_more(w, reach);
	}
	if (above >= rows)
		return;
	/* Walk down from the oldest line to one screen's worth. */
	int need = rows;
	for (GList *l = w->lines.head; l != NULL; l = l->next) {
		int height = view_line_height(w, l, cols);
		if (height >= need) {
			w->anchor = l;
			w->anchor_skip = height - need;
			if (l->next == NULL && w->anchor_skip == 0) {
				w->anchor = NULL;
				w->new_below = 0;
			}
			return;
		}
		need -= height;
	}
	w->anchor = NULL; /* everything fits on one screen */
	w->new_below = 0;
}

void
view_scroll(int rows)
{
	struct window *w = window_current();
	/* The layout's size, not view_win's: a relayout (a command run
	 * from the line that scrolls, a resize) frees the window that was
	 * drawn last. */
	int cols = draw_main_cols(), height;
	GList *link = w->anchor ? w->anchor : w->lines.tail;
	int skip = w->anchor ? w->anchor_skip : 0, top = rows == G_MAXINT;

	if (link == NULL || cols <= 0)
		return;
	if (rows == 0) {
		/* End: a window showing a part of the history shows its
		 * newest messages again. */
		if (w->detached)
			stored_attach(w);
		w->anchor = NULL;
		w->new_below = 0;
		window_compress(w); /* what scrolling up brought back */
		draw_dirty();
		return;
	}
	if (rows > 0) {
		/* Back in time: hide more of the bottom. */
		while (rows > 0) {
			height = view_line_height(w, link, cols);
			if (skip + rows < height) {
				skip += rows;
				break;
			}
			rows -= height - skip;
			/* Home goes to the top of what the window holds;
			 * paging up reads on into the history. */
			if (link->prev == NULL && !view_more(w, top ? REACH_HELD : REACH_ARCHIVE)) {
				skip = height - 1;
				break;
			}
			link = link->prev;
			skip = 0;
		}
		if (w->anchor == NULL)
			w->new_below = 0;
		w->anchor = link;
		w->anchor_skip = skip;
		view_scroll_clamp(w, cols, draw_main_rows(), top ? REACH_HELD : REACH_ARCHIVE);
	} else {
		rows = -rows;
		while (rows > 0) {
			if (skip > 0) {
				int d = MIN(skip, rows);
				skip -= d;
				rows -= d;
				continue;
			}
			/* A detached window reads on from the history. */
			if (link->next == NULL) {
				/* Held while the history is read on: nothing after it
				 * is compressed, the top stops at it. */
				w->anchor = link;
				if (!(w->detached && stored_newer(w) > 0) || link->next == NULL)
					break;
			}
			link = link->next;
			skip = view_line_height(w, link, cols);
		}
		w->anchor = link;
		w->anchor_skip = skip;
		if (link->next == NULL && skip == 0) {
			w->anchor = NULL;
			w->new_below = 0;
			window_compress(w);
		}
	}
	draw_dirty();
}
