/*
 * window.h: the tty frontend's windows and their lines.
 *
 * Window 1 is the console (natter's own messages and errors, never
 * closed); then one window per conversation, the XML console and the help
 * window. A window keeps its number while it lives; a new window takes the
 * lowest free number. Lines hold sanitized text ready to measure and draw
 * (window_add() is the only way in).
 */
#ifndef NATTER_FE_TTY_WINDOW_H
#define NATTER_FE_TTY_WINDOW_H

#include <glib.h>

#include "core/sanitize.h"

enum window_kind { WINDOW_CONSOLE, WINDOW_CHAT, WINDOW_XML, WINDOW_HELP, WINDOW_SEARCH };

/* What waits in a window, in increasing order of importance. */
enum window_activity {
	ACTIVITY_NONE,
	ACTIVITY_INFO,      /* notices, status lines */
	ACTIVITY_MESSAGE,   /* messages */
	ACTIVITY_HIGHLIGHT, /* a highlight, or a private message */
};

enum line_kind {
	LINE_PLAIN,   /* command output */
	LINE_INFO,    /* natter's notices */
	LINE_ERROR,   /* errors */
	LINE_MESSAGE, /* <nick> text */
	LINE_ACTION,  /* * nick text (XEP-0245 /me) */
	LINE_XML_IN,  /* XML console: received */
	LINE_XML_OUT, /* XML console: sent */
};

enum line_flags {
	LINE_OWN = 1,        /* written by the user */
	LINE_HIGHLIGHT = 2,  /* mentions a highlight word */
	LINE_EDITED = 4,     /* corrected (XEP-0308) */
	LINE_SENT = 8,       /* own message handed to the connection */
	LINE_DELIVERED = 16, /* own message the recipient's client confirmed */
	LINE_PENDING = 32,   /* own message waiting for the account to be online */
	LINE_ACKED = 64,     /* own message the server acknowledged (XEP-0198) */
	LINE_MARKS = LINE_SENT | LINE_DELIVERED | LINE_PENDING | LINE_ACKED,
	LINE_ENCRYPTED = 128, /* end-to-end (OTR) */
	LINE_VERIFIED = 256,  /* and the contact's fingerprint was trusted */
};

struct window_line {
	gint64 time; /* microseconds since the epoch */
	enum line_kind kind;
	unsigned flags;
	char *nick;      /* who: sanitized, or NULL */
	char *text;      /* sanitized, may hold '\n' */
	char *id;        /* the message's stanza id (own messages), or NULL */
	gint64 store_id; /* its row in the history (store/store.h), or 0 */
	guint64 serial;  /* unique among the lines of this run (window_serial()) */
};

/* A serial for a new line: view.c keeps the wrapping of long lines by it. */
guint64 window_serial(void);

/* What lies before a conversation window's first line (fe/tty/stored.c). */
enum window_older {
	OLDER_STORE,   /* the history may hold more: read as the view reaches the top */
	OLDER_ARCHIVE, /* it holds no more: the server's archive is asked when the
	                  user scrolls up there */
	OLDER_ASKING,  /* the archive was asked */
	OLDER_NONE,    /* nothing older anywhere (or the archive could not say) */
};

struct window {
	int number; /* as shown, 1 for the console */
	enum window_kind kind;
	char *account;         /* NULL for the console and global windows */
	unsigned conversation; /* WINDOW_CHAT: the conversation's id */
	char *name;            /* sanitized, for bars and /win NAME */
	GQueue lines;          /* of struct window_line, oldest first */
	enum window_activity activity;
	int unread;     /* messages added while not seen */
	int highlights; /* of which mentions and private messages */
	/* The view: the line at the bottom and how many of its rows are
	 * hidden below; anchor NULL follows the newest line. */
	GList *anchor;
	int anchor_skip;
	int new_below; /* lines added while scrolled up */
	/* The last line read before the user left the window: the unread
	 * marker goes after it (NULL: no marker, or it is in mark_block). */
	GList *read_mark;
	/* Older lines, compressed (fe/tty/coldstore.h): struct cold_block,
	 * oldest first, before the lines above; the view thaws them as it
	 * scrolls up (window_thaw()). */
	GQueue cold;
	guint cold_lines;
	struct cold_block *mark_block; /* holds the read mark, at mark_index */
	guint mark_index;
	guint pack_after; /* lines before compressing is tried again (0: now) */
	enum window_older older;
	/* The window shows a part of the history that ends before its
	 * newest messages (a /search match opened): newer ones are read
	 * from the history as the view goes down, new ones are only counted
	 * (new_below) until then, or until End (fe/tty/stored.c). */
	int detached;
	/* Where the next page of the server's archive ends (the first id of
	 * the page before, which held nothing to show), or NULL: before the
	 * oldest message of the history; and how many such pages came. */
	char *archive_before;
	int archive_empty;
};

/* Creates the console; lines beyond keep (0: no limit) are dropped from
 * the top of a window. */
void window_list_init(int keep);

/* Changes the number of lines kept. */
void window_list_set_keep(int keep);

/* Frees every window. */
void window_list_clear(void);

/* The windows in number order (borrowed). */
const GPtrArray *window_list(void);

/* The window shown. */
struct window *window_current(void);

/* Shows window w: clears its activity; the window left gets its unread
 * marker at its end. */
void window_show(struct window *w);

/* The console. */
struct window *window_console(void);

/* The window by number, or NULL. */
struct window *window_by_number(int number);

/* The window of kind (one of each: XML console, help), or NULL. */
struct window *window_by_kind(enum window_kind kind);

/* The window of a conversation, or NULL. */
struct window *window_for_conversation(unsigned id);

/* Opens a window (NULL account: a global one). */
struct window *window_open(enum window_kind kind, const char *account, const char *name);

/* Closes w (never the console); the current window moves to the console
 * when w was shown. */
void window_close(struct window *w);

/* Account old is now named new: its windows follow. */
void window_rename_account(const char *old, const char *new);

/*
 * Finds a window by "N", an exact name, or a part of one name. Returns it,
 * or NULL and *cause (no such window, or which names match).
 */
struct window *window_find(const char *which, char **cause);

/* The next window after the current one with the most important
 * activity (highlights first), or NULL when none waits. */
struct window *window_next_active(void);

/* The window after (direction 1) or before (-1) the current one, wrapping. */
struct window *window_step(int direction);

/* Appends a line (all text is sanitized and prepared for width here) and
 * raises the window's activity when it is not being looked at. Returns the
 * line (owned by the window). */
struct window_line *window_add(struct window *w, gint64 time, enum line_kind kind, unsigned flags,
                               const char *nick, const char *text, enum window_activity activity);

/* The same for a line stamped by the account's archive (its catch-up,
 * which comes after offline and live messages that are newer): it goes
 * after the last line not newer, to the second, but never above the read
 * mark, the view's anchor, the first line from the history (older
 * history is read on from there) or the first line. The window is not
 * compressed: the caller sets the line's fields, then calls
 * window_compress(), after which the line may be gone. */
struct window_line *window_add_dated(struct window *w, gint64 time, enum line_kind kind,
                                     unsigned flags, const char *nick, const char *text,
                                     enum window_activity activity);

/* Puts a line before the first one (older lines brought back from the
 * history; w has no compressed lines then). No activity. */
struct window_line *window_prepend(struct window *w, gint64 time, enum line_kind kind,
                                   unsigned flags, const char *nick, const char *text);

/* What window_add() does for activity, without a line (a message the
 * window will read from the history). */
void window_note(struct window *w, enum window_activity activity);

/* Drops w's oldest lines beyond ui.scrollback, even while the view is
 * scrolled up (it reads the newest: a detached window going down), down
 * to the line stop at most (one the caller still holds). */
void window_trim_top(struct window *w, const GList *stop);

/* Drops w's newest lines beyond ui.scrollback (the view reads the
 * oldest: older lines came from the history), up to the line stop at
 * most. Returns how many went. */
int window_trim_bottom(struct window *w, const GList *stop);

/* Drops w's first line (not a compressed one). */
void window_drop_first(struct window *w);

/* Empties w, to be filled again (its view follows the newest line). */
void window_clear_lines(struct window *w);

/* Frees a line (as g_queue_clear_full() wants). */
void window_line_free(gpointer line);

/* Brings the newest compressed block of w's older lines back before its
 * first line. Returns 1 when it did, 0 when there is none (or it cannot
 * be read now: it stays). */
int window_thaw(struct window *w);

/* Compresses w's older lines, as window_add() does, unless the view is
 * scrolled up: when the view comes back to the newest line. */
void window_compress(struct window *w);

/* The screen's rows: at least twice that many lines are kept as they
 * are, for the view. */
void window_list_set_rows(int rows);

/* The time of the line before w's first one, when that line is
 * compressed; 0 when there is none. */
gint64 window_cold_last(const struct window *w);

/* The most recent line with this stanza id, own (LINE_OWN) or not, or
 * NULL. Compressed lines are looked at a few blocks up (they come back
 * for it): corrections and receipts are for recent messages. */
struct window_line *window_find_line(struct window *w, const char *id, int own);

/* Replaces a line's text (sanitized and prepared here). */
void window_line_set_text(struct window_line *line, const char *text);

/* Puts an error line (text) right under the user's own message with this
 * stanza id, when the window still holds it. Returns 1 when it did. */
int window_annotate(struct window *w, const char *id, const char *text);

/* Lines are being looked at: w is current and not scrolled up. */
int window_following(const struct window *w);

#endif
