/*
 * draw.c: drawing the tty frontend.
 *
 * Owns the four curses windows (title, main, status, input) and the idle
 * source that redraws. Event handlers only call draw_dirty(); the redraw
 * runs once at the end of the loop turn and ends with one doupdate(), so
 * curses sends the terminal only the cells that changed.
 */
#include "config.h"

#include <curses.h>
#include <glib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "config/theme.h"
#include "fe/tty/draw.h"
#include "fe/tty/window.h"
#include "model/account.h"
#include "xmpp/session.h"

static WINDOW *title_win, *main_win, *status_win, *input_win;
static guint redraw_source;
static char *input_text;
static int input_point;

enum { PAIR_BAR = 1, PAIR_INFO, PAIR_ERROR, PAIR_OWN, PAIR_PEER, PAIR_ACTIVE, PAIR_COUNT };

/* The attributes of each colour pair (colour and boldness). */
static attr_t pair_attr[PAIR_COUNT];

static int
draw_char_width(gunichar c)
{
	if (g_unichar_iszerowidth(c))
		return 0;
	return g_unichar_iswide(c) ? 2 : 1;
}

int
draw_text_width(const char *text)
{
	int width = 0;

	for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p))
		width += draw_char_width(g_utf8_get_char(p));
	return width;
}

/* Bytes of text that fit in columns; *used gets their width. */
static size_t
draw_fit(const char *text, int columns, int *used)
{
	const char *p = text;
	int width = 0;

	while (*p != '\0') {
		int w = draw_char_width(g_utf8_get_char(p));
		if (width + w > columns)
			break;
		width += w;
		p = g_utf8_next_char(p);
	}
	if (used != NULL)
		*used = width;
	return (size_t)(p - text);
}

static void
draw_create(void)
{
	int rows = LINES < 4 ? 4 : LINES;

	title_win = newwin(1, COLS, 0, 0);
	main_win = newwin(rows - 3, COLS, 1, 0);
	status_win = newwin(1, COLS, rows - 2, 0);
	input_win = newwin(1, COLS, rows - 1, 0);
}

static void
draw_destroy(void)
{
	WINDOW **all[] = { &title_win, &main_win, &status_win, &input_win };

	for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
		if (*all[i] != NULL)
			delwin(*all[i]);
		*all[i] = NULL;
	}
}

/* A theme colour for this terminal: bright colours fall back to the base
 * eight where the terminal has no more. */
static short
draw_colour(int number)
{
	if (number >= COLORS && number >= 8)
		number -= 8;
	return (short)number;
}

static void
draw_pair(short pair, const struct theme_colour *colour)
{
	init_pair(pair, draw_colour(colour->foreground), draw_colour(colour->background));
	pair_attr[pair] = COLOR_PAIR(pair) | (colour->bold ? A_BOLD : 0);
}

void
draw_init(const struct theme *theme)
{
	static const short pairs[THEME_ITEMS] = {
		[THEME_BAR] = PAIR_BAR,   [THEME_BAR_ACTIVE] = PAIR_ACTIVE,
		[THEME_INFO] = PAIR_INFO, [THEME_ERROR] = PAIR_ERROR,
		[THEME_OWN] = PAIR_OWN,   [THEME_PEER] = PAIR_PEER,
	};

	if (has_colors()) {
		start_color();
		use_default_colors();
		for (int i = 0; i < THEME_ITEMS; i++)
			draw_pair(pairs[i], &theme->items[i]);
	} else {
		pair_attr[PAIR_ACTIVE] = pair_attr[PAIR_ERROR] = A_BOLD;
		pair_attr[PAIR_BAR] = A_REVERSE;
	}
	draw_create();
	draw_dirty();
}

void
draw_fini(void)
{
	g_clear_handle_id(&redraw_source, g_source_remove);
	draw_destroy();
	g_clear_pointer(&input_text, g_free);
}

void
draw_resize(void)
{
	struct winsize size;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0)
		resizeterm(size.ws_row, size.ws_col);
	draw_destroy();
	clear();
	wnoutrefresh(stdscr);
	draw_create();
	draw_dirty();
}

int
draw_main_rows(void)
{
	return main_win != NULL ? getmaxy(main_win) : 1;
}

static void
draw_bar_text(WINDOW *win, const char *text)
{
	int used;
	size_t n = draw_fit(text, getmaxx(win), &used);

	waddnstr(win, text, (int)n);
}

static void
draw_title(void)
{
	struct window *w = window_current();
	GString *title = g_string_new(NULL);

	wbkgd(title_win, pair_attr[PAIR_BAR]);
	werase(title_win);
	g_string_append_printf(title, " natter %s: %s", PACKAGE_VERSION, w->name);
	if (w->account != NULL) {
		struct session *session = session_find(w->account);
		g_string_append_printf(title, "  [%s: %s]", w->account,
		                       session ? session_state_name(session_state(session))
		                               : "disconnected");
	}
	draw_bar_text(title_win, title->str);
	g_string_free(title, TRUE);
	wnoutrefresh(title_win);
}

static void
draw_status(void)
{
	GString *text = g_string_new(NULL);
	const GPtrArray *windows = window_list();
	struct window *current = window_current();

	wbkgd(status_win, pair_attr[PAIR_BAR]);
	werase(status_win);
	/* No clock here: a clock would wake an idle natter every minute. */
	g_string_append_printf(text, " [%d:%s]", current->number, current->name);
	draw_bar_text(status_win, text->str);
	waddstr(status_win, " [");
	for (guint i = 0; i < windows->len; i++) {
		struct window *w = windows->pdata[i];
		char number[16];
		g_snprintf(number, sizeof number, "%s%d", i ? " " : "", w->number);
		if (w->unread > 0)
			wattron(status_win, pair_attr[PAIR_ACTIVE]);
		waddstr(status_win, number);
		if (w->unread > 0)
			wattroff(status_win, pair_attr[PAIR_ACTIVE]);
	}
	waddstr(status_win, "]");
	if (current->scroll > 0)
		wprintw(status_win, " -- more (%d) --", current->scroll);
	g_string_free(text, TRUE);
	wnoutrefresh(status_win);
}

static attr_t
draw_style(enum line_style style)
{
	switch (style) {
	case LINE_INFO:
		return pair_attr[PAIR_INFO];
	case LINE_ERROR:
		return pair_attr[PAIR_ERROR];
	case LINE_OWN:
		return pair_attr[PAIR_OWN];
	case LINE_PEER:
		return pair_attr[PAIR_PEER];
	case LINE_PLAIN:
		break;
	}
	return A_NORMAL;
}

static int
draw_indent(const struct window_line *line)
{
	return 6 + (line->prefix ? draw_text_width(line->prefix) + 1 : 0);
}

/* Bytes of the next row of wrapped text (at least one character). */
static size_t
draw_row_bytes(const char *text, int room)
{
	size_t n = draw_fit(text, room, NULL);

	if (n == 0 && *text != '\0')
		n = (size_t)(g_utf8_next_char(text) - text); /* wider than the room */
	return n;
}

/* Rows a line takes: "HH:MM prefix text", wrapped under the text. */
static int
draw_line_rows(const struct window_line *line, int columns)
{
	int indent = draw_indent(line) < columns ? draw_indent(line) : 0;
	const char *text = line->text;
	int rows = 0;

	do {
		text += draw_row_bytes(text, columns - indent);
		rows++;
	} while (*text != '\0');
	return rows;
}

/* Draws rows [skip, skip + count) of a line, the first of them at row. */
static void
draw_line(const struct window_line *line, int row, int skip, int count)
{
	int columns = getmaxx(main_win), indent = draw_indent(line);
	const char *text = line->text;
	attr_t attr = line->prefix == NULL ? draw_style(line->style) : A_NORMAL;

	if (indent >= columns)
		indent = 0;
	if (skip == 0) {
		GDateTime *time = g_date_time_new_from_unix_local(line->time / G_USEC_PER_SEC);
		/* A time the calendar cannot show (out of years 1-9999). */
		char *clock = time ? g_date_time_format(time, "%H:%M ") : g_strdup("--:-- ");
		wmove(main_win, row, 0);
		waddnstr(main_win, clock, (int)draw_fit(clock, columns, NULL));
		if (line->prefix != NULL) {
			wattron(main_win, draw_style(line->style));
			waddnstr(main_win, line->prefix,
			         (int)draw_fit(line->prefix, columns - 6, NULL));
			wattroff(main_win, draw_style(line->style));
		}
		g_free(clock);
		if (time != NULL)
			g_date_time_unref(time);
	}
	wattron(main_win, attr);
	for (int i = 0; *text != '\0' || i == 0; i++) {
		size_t n = draw_row_bytes(text, columns - indent);
		if (i >= skip + count)
			break;
		if (i >= skip) {
			wmove(main_win, row++, indent);
			waddnstr(main_win, text, (int)n);
		}
		text += n;
		if (n == 0)
			break;
	}
	wattroff(main_win, attr);
}

static void
draw_main(void)
{
	struct window *w = window_current();
	int rows = getmaxy(main_win), columns = getmaxx(main_win);
	GList *link = w->lines.tail;
	int bottom = rows;

	werase(main_win);
	for (int skip = w->scroll; skip > 0 && link != NULL; skip--)
		link = link->prev;
	/* Fill from the bottom up; the top line may show only its end. */
	while (link != NULL && bottom > 0) {
		const struct window_line *line = link->data;
		int need = draw_line_rows(line, columns);
		int top = bottom - need;
		if (top < 0) {
			draw_line(line, 0, -top, bottom);
			break;
		}
		draw_line(line, top, 0, need);
		bottom = top;
		link = link->prev;
	}
	wnoutrefresh(main_win);
}

static void
draw_input_line(void)
{
	const char *text = input_text ? input_text : "";
	int columns = getmaxx(input_win);
	size_t point = (size_t)input_point <= strlen(text) ? (size_t)input_point : strlen(text);
	char *before = g_strndup(text, point);
	int cursor = draw_text_width(before);
	const char *start = text;

	/* Scroll horizontally so the cursor stays visible. */
	while (cursor > columns - 2 && *start != '\0') {
		cursor -= draw_char_width(g_utf8_get_char(start));
		start = g_utf8_next_char(start);
	}
	werase(input_win);
	waddnstr(input_win, start, (int)draw_fit(start, columns - 1, NULL));
	wmove(input_win, 0, cursor < 0 ? 0 : cursor);
	wnoutrefresh(input_win);
	g_free(before);
}

static gboolean
draw_on_idle(gpointer userdata)
{
	redraw_source = 0;
	if (main_win == NULL)
		return G_SOURCE_REMOVE;
	draw_title();
	draw_main();
	draw_status();
	draw_input_line(); /* last: it leaves the cursor on the input line */
	doupdate();
	return G_SOURCE_REMOVE;
}

void
draw_dirty(void)
{
	if (redraw_source == 0)
		redraw_source = g_idle_add_full(G_PRIORITY_DEFAULT_IDLE, draw_on_idle, NULL, NULL);
}

void
draw_input(const char *text, int point)
{
	g_free(input_text);
	input_text = g_strdup(text);
	input_point = point;
	draw_dirty();
}
