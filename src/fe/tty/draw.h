/*
 * draw.h: drawing the tty frontend: title bar, main area, status bar and
 * input line, coalesced to one redraw per loop turn.
 */
#ifndef NATTER_FE_TTY_DRAW_H
#define NATTER_FE_TTY_DRAW_H

struct theme;

/* Creates the curses windows for the current terminal size, in the
 * colours of theme. */
void draw_init(const struct theme *theme);

/* Frees them. */
void draw_fini(void);

/* Re-reads the terminal size and lays everything out again. */
void draw_resize(void);

/* Asks for a redraw at the end of this loop turn. */
void draw_dirty(void);

/* The input line changed (readline's redisplay). */
void draw_input(const char *text, int point);

/* Number of text rows of the main area (for page scrolling). */
int draw_main_rows(void);

/* Display width in columns of UTF-8 text (already sanitized). */
int draw_text_width(const char *text);

#endif
