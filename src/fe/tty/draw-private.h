/*
 * draw-private.h: what draw.c shares with the files that draw a part of
 * the screen (view.c).
 */
#ifndef NATTER_FE_TTY_DRAW_PRIVATE_H
#define NATTER_FE_TTY_DRAW_PRIVATE_H

#include <curses.h>
#include <glib.h>

#include "config/theme.h"

/* Curses attributes of each theme item (draw_theme() sets them). */
extern attr_t draw_item_attr[THEME_ITEMS];

/* Draws length bytes of text clipped to the columns left on win's row. */
void draw_text(WINDOW *win, const char *text, size_t length, attr_t attr);

/* The same up to the NUL. */
void draw_string(WINDOW *win, const char *text, attr_t attr);

/* strftime of a time in microseconds; "" when the calendar cannot show
 * it (caller frees). */
char *draw_format_time(gint64 time, const char *format);

/* The attribute of a name: its XEP-0392 colour, or the theme's. */
attr_t draw_nick_attr(const char *nick, int own);

#endif
