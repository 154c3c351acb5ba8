/*
 * draw.h: drawing the tty frontend: title bar, main area, roster panel,
 * status bar and input line, coalesced to one redraw per loop turn.
 */
#ifndef NATTER_FE_TTY_DRAW_H
#define NATTER_FE_TTY_DRAW_H

#include <glib.h>

struct theme;
struct window;

/* Creates the curses windows for the current terminal size. */
void draw_init(void);

/* Frees them; the terminal title is given back. */
void draw_fini(void);

/* Applies a theme (live). With NO_COLOR set, or on a terminal without
 * colours, the mono theme's attributes are used instead. */
void draw_theme(const struct theme *theme);

/* Re-reads the terminal size and lays everything out again. */
void draw_resize(void);

/* The parts of the screen, to redraw only what changed. */
enum draw_part {
	DRAW_TITLE = 1,
	DRAW_MAIN = 2,
	DRAW_PANEL = 4,
	DRAW_STATUS = 8,
	DRAW_INPUT = 16,
	DRAW_ALL = 31,
};

/* Asks for a redraw of everything at the end of this loop turn. */
void draw_dirty(void);

/* Asks for a redraw of some parts (enum draw_part bits) only. */
void draw_dirty_parts(unsigned parts);

/* Drawing stops (another program owns the terminal) or resumes. */
void draw_suspend(int suspended);

/* The input line changed (readline's redisplay). */
void draw_input(const char *text, int point);

/* Rows of the main area (for paging). */
int draw_main_rows(void);

/* Columns of the main area (0 before the first layout). */
int draw_main_cols(void);

/* Rings the bell at the next redraw. */
void draw_bell(void);

/* Sets the terminal's title (at the next redraw; NULL: none). */
void draw_title_text(const char *title);

#endif
