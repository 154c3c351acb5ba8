/*
 * window.h: the tty frontend's windows: the console (number 1) and one per
 * conversation. Windows hold sanitized, ready-to-draw lines.
 *
 * The window list owns its windows; windows live until window_list_clear()
 * (closing windows comes with the full terminal UI).
 */
#ifndef NATTER_FE_TTY_WINDOW_H
#define NATTER_FE_TTY_WINDOW_H

#include <glib.h>

/* Lines kept per window; older ones are dropped (history is the store's). */
#define WINDOW_KEEP_LINES 2000

enum window_kind { WINDOW_CONSOLE, WINDOW_CONVERSATION };

enum line_style { LINE_PLAIN, LINE_INFO, LINE_ERROR, LINE_OWN, LINE_PEER };

struct window_line {
	gint64 time; /* microseconds since the epoch */
	enum line_style style;
	char *prefix; /* "<bob@example.org>", sanitized, or NULL */
	char *text;   /* one line, sanitized */
};

struct window {
	int number; /* 1-based, as shown */
	enum window_kind kind;
	char *account;         /* NULL for the console */
	unsigned conversation; /* conversation id, or 0 */
	char *name;            /* sanitized, for the title and status bars */
	GQueue lines;          /* of struct window_line, oldest first */
	int unread;            /* lines added while not shown */
	int scroll;            /* lines scrolled up from the bottom */
};

/* Creates the console. */
void window_list_init(void);

/* Frees every window. */
void window_list_clear(void);

/* The windows in number order (borrowed). */
const GPtrArray *window_list(void);

/* The window shown. */
struct window *window_current(void);

/* Shows window w: clears its unread count. */
void window_show(struct window *w);

/* The console. */
struct window *window_console(void);

/* The window by number, or NULL. */
struct window *window_by_number(int number);

/* The window of a conversation, creating it when new. */
struct window *window_for_conversation(unsigned id, const char *account, const char *peer);

/* Appends a line (text is split at newlines; all text is sanitized here). */
void window_add(struct window *w, gint64 time, enum line_style style, const char *prefix,
                const char *text);

#endif
