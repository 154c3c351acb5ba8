/*
 * draw-private.h: what draw.c shares with the files that draw a part of
 * the screen (view.c).
 */
#ifndef NATTER_FE_TTY_DRAW_PRIVATE_H
#define NATTER_FE_TTY_DRAW_PRIVATE_H

#include <curses.h>
#include <glib.h>

#include "config/theme.h"
#include "model/account.h"

/* Curses attributes of each theme item (draw_theme() sets them). */
extern attr_t draw_item_attr[THEME_ITEMS];

/* Draws length bytes of text clipped to the columns left on win's row. */
void draw_text(WINDOW *win, const char *text, size_t length, attr_t attr);

/* The same up to the NUL. */
void draw_string(WINDOW *win, const char *text, attr_t attr);

/* The attribute of a name: its XEP-0392 colour, or the theme's. */
attr_t draw_nick_attr(const char *nick, int own);

/* The attribute of an account's name or tag: the account's colour (its
 * own, else one from its name as for nicks), bold, on base's background
 * (on_status: the status bar's, else the terminal's). */
attr_t draw_account_attr(const char *name, const struct account *account, attr_t base,
                         int on_status);

/* The connection state of account, in words ("online"...). */
const char *draw_session_state(const char *account);

/* draw-panel.c: fills the panel (NULL: none shown) and its border. */
void draw_panel(WINDOW *panel, WINDOW *border);

/* The theme's attribute of a presence (a model/contact.h enum
 * presence_show). */
attr_t draw_show_attr(int show);

struct room;

/* draw-room.c: the room part of a room window's title. */
void draw_room_title(WINDOW *win, const struct room *room, attr_t attr);

/* draw-room.c: the title part of a private window with nick of room. */
void draw_room_private_title(WINDOW *win, const struct room *room, const char *nick, attr_t attr);

/* draw-room.c: the occupants panel of a room window. */
void draw_room_panel(WINDOW *win, const struct room *room);

/* draw-room.c: occupants changed: the panel sorts them again. */
void draw_room_stale(void);

/* draw-room.c: frees what the panel kept. */
void draw_room_fini(void);

#endif
