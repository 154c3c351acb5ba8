/*
 * layout.h: where each part of the screen goes, and how text wraps.
 *
 * Pure arithmetic (no curses), so unit tests check it for every size.
 */
#ifndef NATTER_FE_TTY_LAYOUT_H
#define NATTER_FE_TTY_LAYOUT_H

#include <glib.h>
#include <stddef.h>

/* The main area never gets narrower than this for a panel's sake. */
#define LAYOUT_MAIN_MIN_COLS 30
/* A panel narrower than this shows nothing useful: it is left out. */
#define LAYOUT_PANEL_MIN_COLS 10

struct layout_rect {
	int y, x, rows, cols; /* rows == 0: not shown */
};

enum layout_side { LAYOUT_PANEL_NONE, LAYOUT_PANEL_LEFT, LAYOUT_PANEL_RIGHT };

struct layout_params {
	int lines, cols;       /* terminal size */
	int input_rows;        /* rows the input text needs (>= 1) */
	enum layout_side side; /* the panel (roster or occupants), if any */
	int panel_cols;        /* its wanted width */
};

struct layout {
	struct layout_rect title, main, status, input;
	struct layout_rect panel, border; /* border: the one-column separator */
};

/* Lays the screen out. Any size works (a tiny terminal gets a tiny, but
 * never negative, layout). */
void layout_screen(const struct layout_params *params, struct layout *layout);

/* One row of wrapped text: bytes [start, end) of it. */
struct layout_row {
	size_t start, end;
};

/*
 * Wraps length bytes of text (without '\0'; '\n' breaks rows) into rows of
 * first columns (the first row) and rest columns (the others: a hanging
 * indent makes them differ), breaking at spaces where a word fits, inside
 * a word where none does. Appends struct layout_row to rows; returns the
 * number appended (at least 1).
 */
int layout_wrap(const char *text, size_t length, int first, int rest, GArray *rows);

#endif
