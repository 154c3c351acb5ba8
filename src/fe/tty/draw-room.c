/*
 * draw-room.c: the parts of the screen about rooms: the title of a room's
 * window (subject, occupants, the user's nick) and of a private window
 * with an occupant, and the occupants panel, grouped by role.
 *
 * The panel's sorted occupant list is kept between redraws and sorted
 * again only after occupants changed (draw_room_stale()), so that a room
 * of thousands redraws quickly.
 */
#include "config.h"

#include <string.h>

#include "core/width.h"
#include "fe/tty/draw-private.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/window.h"
#include "model/contact.h"
#include "model/room.h"

static GPtrArray *sorted; /* the occupants of sorted_room, sorted */
static const struct room *sorted_room;

void
draw_room_stale(void)
{
	sorted_room = NULL;
}

void
draw_room_fini(void)
{
	g_clear_pointer(&sorted, g_ptr_array_unref);
	sorted_room = NULL;
}

static const GPtrArray *
draw_room_occupants(const struct room *room)
{
	if (sorted_room != room || sorted == NULL) {
		if (sorted != NULL)
			g_ptr_array_unref(sorted);
		sorted = room_occupants_sorted(room);
		sorted_room = room;
	}
	return sorted;
}

/* Remote text for one row: sanitized and prepared (caller frees). */
static char *
draw_room_clean(const char *text)
{
	return width_sanitize(text, SANITIZE_LINE);
}

void
draw_room_title(WINDOW *win, const struct room *room, attr_t attr)
{
	char *text;

	if (room->subject != NULL && *room->subject != '\0') {
		char *clean = draw_room_clean(room->subject);
		text = g_strdup_printf("  %s", clean);
		draw_string(win, text, attr | A_BOLD);
		g_free(text);
		g_free(clean);
	}
	if (room->state == ROOM_JOINED) {
		char *nick = draw_room_clean(room->nick);
		text = g_strdup_printf("  (%u occupant%s, you are %s)", room_occupant_count(room),
		                       room_occupant_count(room) == 1 ? "" : "s", nick);
		g_free(nick);
	} else {
		text = g_strdup(room->state == ROOM_JOINING ? "  (entering\u2026)"
		                                            : "  (not in the room)");
	}
	draw_string(win, text, attr);
	g_free(text);
}

void
draw_room_private_title(WINDOW *win, const struct room *room, const char *nick, attr_t attr)
{
	const struct occupant *o = room->state == ROOM_JOINED ? room_occupant(room, nick) : NULL;
	char *text, *status = o && o->status ? draw_room_clean(o->status) : NULL;

	if (o != NULL)
		text = g_strdup_printf("  %s%s%s (in the room as %s)",
		                       presence_show_name((enum presence_show)o->show),
		                       status ? ": " : "", status ? status : "",
		                       muc_role_name((enum muc_role)o->role));
	else
		text = g_strdup("  not in the room");
	draw_string(win, text, attr);
	g_free(text);
	g_free(status);
}

/* One row of the panel. */
static void
draw_room_row(WINDOW *win, int *y, const char *text, attr_t attr)
{
	if (*y >= getmaxy(win))
		return;
	wmove(win, *y, 0);
	draw_string(win, text, attr);
	(*y)++;
}

void
draw_room_panel(WINDOW *win, const struct room *room)
{
	static const char *const groups[] = {
		[ROLE_MODERATOR] = "moderators",
		[ROLE_PARTICIPANT] = "participants",
		[ROLE_VISITOR] = "visitors",
		[ROLE_NONE] = "others",
	};
	/* Affiliation marks, as IRC users know them. */
	static const char *const marks[] = {
		[AFFIL_OWNER] = "~", [AFFIL_ADMIN] = "&",   [AFFIL_MEMBER] = "+",
		[AFFIL_NONE] = " ",  [AFFIL_OUTCAST] = "!",
	};
	const GPtrArray *occupants = draw_room_occupants(room);
	int y = 0, rows = getmaxy(win);
	char *name = g_strndup(room->jid, strcspn(room->jid, "@"));
	char *clean = draw_room_clean(name);
	char *text = g_strdup_printf("%s (%u)", clean, occupants->len);

	draw_room_row(win, &y, text, draw_item_attr[THEME_PANEL] | A_BOLD);
	g_free(text);
	g_free(clean);
	g_free(name);
	for (guint i = 0; i < occupants->len && y < rows; i++) {
		const struct occupant *o = occupants->pdata[i];
		attr_t attr = draw_show_attr((enum presence_show)o->show);
		if (i == 0 || ((const struct occupant *)occupants->pdata[i - 1])->role != o->role) {
			guint count = 0;
			for (guint j = i;
			     j < occupants->len &&
			     ((const struct occupant *)occupants->pdata[j])->role == o->role;
			     j++)
				count++;
			text = g_strdup_printf("%s (%u)", groups[o->role], count);
			draw_room_row(win, &y, text, draw_item_attr[THEME_PANEL] | A_UNDERLINE);
			g_free(text);
		}
		/* The last row says how many do not fit. */
		if (y == rows - 1 && i + 1 < occupants->len) {
			text = g_strdup_printf("\u2026 %u more", occupants->len - i);
			draw_room_row(win, &y, text, draw_item_attr[THEME_PANEL]);
			g_free(text);
			break;
		}
		char *nick = roomview_nick(room, o->nick);
		clean = draw_room_clean(nick);
		g_free(nick);
		text = g_strdup_printf("%s%s", marks[o->affiliation], clean);
		draw_room_row(win, &y, text, o == room->self ? attr | A_BOLD : attr);
		g_free(text);
		g_free(clean);
	}
}
