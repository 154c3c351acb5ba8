/*
 * tty-private.h: what the files of the terminal frontend share.
 */
#ifndef NATTER_FE_TTY_PRIVATE_H
#define NATTER_FE_TTY_PRIVATE_H

#include <glib.h>

#include "cmd/command.h"
#include "core/event.h"
#include "fe/tty/window.h"

struct conversation;
struct stored_message;

/* Shows window w (current, drawn). */
void tty_show(struct window *w);

/* Window w changed: redrawn when it is the current one, else the status
 * bar (its activity). */
void tty_dirty_window(const struct window *w);

struct conversation;
struct room;

/* The window of a conversation, opened when it has none. */
struct window *tty_conversation_window(const struct conversation *c);

/* The room of a room's or an occupant's conversation, or NULL. */
const struct room *tty_room_of(const struct conversation *c);

/* roomview.c: rooms' and occupants' news as lines in the room's window
 * (subscribed from tty_start() to tty_stop()). */
void roomview_start(void);
void roomview_stop(void);

/* An occupant's nick as shown (caller frees): one that passes for
 * another's (model/room.h) has its invisible characters as U+FFFD and a
 * "!" after it. Not sanitized. */
char *roomview_nick(const struct room *room, const char *nick);

/* A line in the console for account (NULL: natter's own). */
void tty_console(enum line_kind kind, const char *account, const char *text);

/* stored.c: the end of a one-to-one conversation's history into its new
 * window w, but the message with row skip (0: none), about to be shown. */
void stored_load(struct window *w, const struct conversation *c, gint64 skip);

/* The view reached w's first line: older ones from the history before
 * it; user: the user scrolled up (the server's archive may be asked when
 * the history has no more). Returns the lines that came. */
int stored_older(struct window *w, int user);

/* A stored message as a line of w: after its lines, or before them
 * (head), with more_flags; NULL for one not shown from the history. */
struct window_line *stored_line(struct window *w, const struct stored_message *m, int head,
                                unsigned more_flags);

/* Fills w with the messages around m (which stands out), the view on
 * it: w is detached when newer messages than it holds follow. rows: the
 * screen's. */
void stored_jump(struct window *w, const struct conversation *c, const struct stored_message *m,
                 int rows);

/* A detached window's next page of newer messages (the view reached its
 * last line). Returns the lines that came. */
int stored_newer(struct window *w);

/* w shows its conversation's newest messages again (End). */
void stored_attach(struct window *w);

/* The conversation's window, opened (with its stored history but the
 * message skip, about to be shown) when there is none. */
struct window *tty_window_of(const struct conversation *c, gint64 skip);

/* messages.c: EV_MESSAGE_ADDED and EV_MESSAGE_UPDATED. */
void tty_on_message(const struct event *event, void *userdata);
void tty_on_message_update(const struct event *event, void *userdata);

/* search.c: the search window shows /search's matches, each with the
 * message before and after it. */
void search_show(const struct cmd_result *result);

/* search.c: opens match n (from 1) of the search window in its
 * conversation's window, at the match. Returns 0, or -1 and *cause. */
int search_open(int n, char **cause);

/* search.c: forgets the matches (the frontend stops). */
void search_forget(void);

/* EV_ARCHIVE_FETCHED: what the archive brought is shown. */
void stored_on_fetched(const struct event *event, void *userdata);

/* accounts.c: passwords asked for, accounts renamed or forgotten. */
void tty_accounts_start(void);
void tty_accounts_stop(void);

/* wincmd.c: the /ui hook (windows commands) and the window names for
 * completion. */
int tty_ui(const struct cmd_invocation *invocation, struct cmd_result *result);
GPtrArray *tty_window_names(void);

/* wincmd.c: the XML console's feed (EV_XML), subscribed while the XML
 * console window exists. */
void tty_on_xml(const struct event *event, void *userdata);
extern unsigned tty_xml_subscription;

#endif
