/*
 * view.h: the main area: the shown window's lines, and scrolling.
 */
#ifndef NATTER_FE_TTY_VIEW_H
#define NATTER_FE_TTY_VIEW_H

#include <curses.h>

/* Draws the current window's lines into win (and remembers win for
 * scrolling). */
void view_draw(WINDOW *win);

/* Scrolls the current window by rows (positive: back in time; G_MAXINT:
 * to the oldest line; 0: back to the newest, following new lines). */
void view_scroll(int rows);

#endif
