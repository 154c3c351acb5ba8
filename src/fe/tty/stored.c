/*
 * stored.c: a conversation's window and the history (store/store.h).
 *
 * A one-to-one window opens with the end of its history: the last
 * ui.history_page messages, before what comes now (a room sends its own
 * history on entering). Scrolling up past the first line reads the page
 * before it from the history (the view asks: stored_older()); when the
 * history has nothing older, scrolling up once more asks the server's
 * archive for the page before the oldest message held (xmpp/mam.h), and
 * what it brings is read from the history in turn. A window whose lines
 * were dropped (ui.scrollback) reads them back the same way.
 */
#include "config.h"

#include <string.h>

#include "config/prefs.h"
#include "core/log.h"
#include "fe/tty/tty-private.h"
#include "fe/tty/window.h"
#include "model/conversation.h"
#include "store/store.h"
#include "xmpp/mam.h"
#include "xmpp/session.h"

/* Said at the top while the archive is asked (and dropped when it has
 * answered). */
#define STORED_ASKING "the history has nothing older: asking the server's archive"

/* Pages of the archive in a row with nothing to show that are read on
 * through before natter stops at the start it found. */
#define STORED_EMPTY_PAGES 10

/* How a stored message shows: who (caller frees), kind, flags, and its
 * text (points into m, or *shown, which the caller frees). Returns 0 for
 * a message not shown from the history (an error: said where it
 * happened). */
static int
stored_shape(const struct stored_message *m, char **who, enum line_kind *kind, unsigned *flags,
             const char **text, char **shown)
{
	const char *sender = m->sender ? m->sender : m->conversation;
	const char *slash = strchr(sender, '/');

	if (g_strcmp0(m->type, "error") == 0)
		return 0;
	/* In a room people are nicks; elsewhere bare JIDs. */
	if (m->kind == CONVERSATION_ROOM)
		*who = g_strdup(slash ? slash + 1 : sender);
	else
		*who = g_strndup(sender, strcspn(sender, "/"));
	*kind = LINE_MESSAGE;
	*flags = (m->direction == MESSAGE_OUT ? LINE_OWN : 0) | (m->edited ? LINE_EDITED : 0) |
	         (m->encrypted ? LINE_ENCRYPTED : 0) |
	         (m->encrypted == MESSAGE_VERIFIED ? LINE_VERIFIED : 0);
	*text = m->body ? m->body : "";
	*shown = g_strcmp0(m->type, "headline") == 0 ? g_strconcat("[headline] ", *text, NULL)
	                                             : NULL;
	if (*shown != NULL) {
		*text = *shown;
	} else if (g_str_has_prefix(*text, "/me ")) {
		/* XEP-0245 §4 */
		*kind = LINE_ACTION;
		*text += 4;
	}
	return 1;
}

struct window_line *
stored_line(struct window *w, const struct stored_message *m, int head, unsigned more_flags)
{
	char *who, *shown;
	enum line_kind kind;
	unsigned flags;
	const char *text;
	struct window_line *line;

	if (!stored_shape(m, &who, &kind, &flags, &text, &shown))
		return NULL;
	flags |= more_flags;
	line = head ? window_prepend(w, m->timestamp, kind, flags, who, text)
	            : window_add(w, m->timestamp, kind, flags, who, text, ACTIVITY_NONE);
	line->store_id = m->id;
	g_free(shown);
	g_free(who);
	return line;
}

/* Lines for list's messages (oldest first): after the window's lines, or
 * before them (head). skip: a message not to show (0: none). Returns how
 * many lines came. */
static int
stored_add(struct window *w, const GPtrArray *list, int head, gint64 skip)
{
	int added = 0;

	for (guint n = 0; list != NULL && n < list->len; n++) {
		/* Put before the first line one by one: newest first. */
		const struct stored_message *m = list->pdata[head ? list->len - 1 - n : n];
		if (m->id != skip && stored_line(w, m, head, 0) != NULL)
			added++;
	}
	return added;
}

/* The last ui.history_page messages of c (of any kind) into w. */
static void
stored_last_page(struct window *w, const struct conversation *c, gint64 skip)
{
	int page = prefs_int("ui.history_page");
	GPtrArray *list = page > 0 ? store_last(c->account, c->peer, page) : NULL;

	stored_add(w, list, 0, skip);
	/* A short page is all there is. */
	if (list != NULL && list->len < (guint)page)
		w->older = OLDER_ARCHIVE;
	if (list != NULL)
		g_ptr_array_unref(list);
}

void
stored_load(struct window *w, const struct conversation *c, gint64 skip)
{
	if (c->kind == CONVERSATION_CHAT)
		stored_last_page(w, c, skip);
}

/* Asks the server's archive for the page before the oldest message the
 * history holds of c (or before where the last page began, when it held
 * nothing to show). Returns the lines put before the first (what it
 * says). */
static int
stored_ask_archive(struct window *w, const struct conversation *c)
{
	struct session *session = session_find(c->account);
	gint64 time = 0;
	char *before = w->archive_before ? g_strdup(w->archive_before)
	                                 : store_archive_edge(c->account, c->peer, 0, &time);
	char *cause = NULL;

	/* A room's private conversation is in no archive natter can read;
	 * what the history does not keep cannot be read from it. */
	if (c->kind == CONVERSATION_PRIVATE || session == NULL ||
	    store_history_is_off(c->account, c->peer)) {
		w->older = OLDER_NONE;
		g_free(before);
		return 0;
	}
	/* Asked already (the window went down and up again meanwhile): its
	 * answer is awaited. */
	if (mam_fetch_busy(session, c->peer)) {
		w->older = OLDER_ASKING;
		g_free(before);
		return 0;
	}
	if (mam_fetch_older(session, c->peer, before, time, &cause) == 0) {
		w->older = OLDER_ASKING;
		window_prepend(w, g_get_real_time(), LINE_INFO, 0, NULL, STORED_ASKING);
	} else {
		w->older = OLDER_NONE;
		char *text = g_strdup_printf("the history has nothing older; the server's archive "
		                             "cannot be asked: %s",
		                             cause);
		window_prepend(w, g_get_real_time(), LINE_INFO, 0, NULL, text);
		g_free(text);
	}
	g_free(cause);
	g_free(before);
	tty_dirty_window(w);
	return 1;
}

int
stored_older(struct window *w, int user)
{
	const struct conversation *c =
	        w->kind == WINDOW_CHAT ? conversation_find_id(w->conversation) : NULL;
	const struct window_line *first = NULL;
	int page = MAX(prefs_int("ui.history_page"), 1), added;
	GPtrArray *list;
	GList *old_head = w->lines.head;

	/* Compressed lines come back first (window_thaw()). */
	if (c == NULL || w->cold.length > 0)
		return 0;
	if (w->older == OLDER_ARCHIVE && user)
		return stored_ask_archive(w, c);
	if (w->older != OLDER_STORE)
		return 0;
	/* Before the oldest line from the history; without one, the
	 * newest page. */
	for (GList *l = w->lines.head; l != NULL && first == NULL; l = l->next) {
		const struct window_line *line = l->data;
		if (line->store_id != 0)
			first = line;
	}
	list = first ? store_before(c->account, c->peer, first->time, first->store_id, page)
	             : store_last(c->account, c->peer, page);
	if (list == NULL) { /* no history kept */
		w->older = OLDER_NONE;
		return 0;
	}
	added = stored_add(w, list, 1, 0);
	if (list->len < (guint)page)
		w->older = OLDER_ARCHIVE;
	g_ptr_array_unref(list);
	/* Memory stays bounded however far back the view goes: the newest
	 * lines go, to be read again from the history on the way down (not
	 * the line that was first: the view holds it). */
	if (window_trim_bottom(w, old_head) > 0)
		w->detached = 1;
	return added;
}

/* The newest line of w from the history (a message), or NULL. */
static const struct window_line *
stored_last_line(const struct window *w)
{
	for (GList *l = w->lines.tail; l != NULL; l = l->prev) {
		const struct window_line *line = l->data;
		if (line->store_id != 0)
			return line;
	}
	return NULL;
}

void
stored_attach(struct window *w)
{
	const struct conversation *c = conversation_find_id(w->conversation);

	window_clear_lines(w);
	if (c != NULL)
		stored_last_page(w, c, 0);
	tty_dirty_window(w);
}

int
stored_newer(struct window *w)
{
	const struct conversation *c = conversation_find_id(w->conversation);
	const struct window_line *last = stored_last_line(w);
	int page = MAX(prefs_int("ui.history_page"), 1), added;
	GList *old_tail = w->lines.tail;
	GPtrArray *list;

	if (!w->detached || c == NULL)
		return 0;
	if (last == NULL) {
		w->detached = 0; /* nothing to read on from */
		return 0;
	}
	list = store_after(c->account, c->peer, last->time, last->store_id, page);
	added = stored_add(w, list, 0, 0);
	/* Not the line that was last: the view holds it. */
	window_trim_top(w, old_tail);
	/* Caught up: from now on, new messages come as they do. */
	if (list == NULL || list->len < (guint)page)
		w->detached = 0;
	w->new_below = 0;
	if (list != NULL)
		g_ptr_array_unref(list);
	return added;
}

void
stored_jump(struct window *w, const struct conversation *c, const struct stored_message *m,
            int rows)
{
	int page = MAX(prefs_int("ui.history_page"), MAX(rows, 1));
	GPtrArray *before = store_before(c->account, c->peer, m->timestamp, m->id, page);
	GPtrArray *after = store_after(c->account, c->peer, m->timestamp, m->id, page);
	GList *link;

	window_clear_lines(w);
	stored_add(w, before, 0, 0);
	if (before == NULL || before->len < (guint)page)
		w->older = OLDER_ARCHIVE;
	/* The match stands out; the view has it in the middle. Held as the
	 * view's bottom meanwhile: nothing below it compresses or goes. */
	stored_line(w, m, 0, LINE_HIGHLIGHT);
	link = w->lines.tail;
	w->anchor = link;
	stored_add(w, after, 0, 0);
	w->detached = after != NULL && after->len == (guint)page;
	for (int i = 0; link != NULL && link->next != NULL && i < rows / 2; i++)
		link = link->next;
	w->anchor = link != NULL && link->next != NULL ? link : NULL;
	w->anchor_skip = 0;
	w->new_below = 0;
	if (before != NULL)
		g_ptr_array_unref(before);
	if (after != NULL)
		g_ptr_array_unref(after);
	tty_dirty_window(w);
}

void
stored_on_fetched(const struct event *event, void *userdata)
{
	const struct conversation *c = conversation_find(event->account, event->u.fetched.peer);
	struct window *w = c ? window_for_conversation(c->id) : NULL;
	char *text;

	if (!event->u.fetched.older) {
		/* /mam: what came may be anywhere in the history: the window
		 * is read again. */
		text = event->u.fetched.error
		               ? g_strdup_printf("the archive of %s could not be read: %s",
		                                 event->u.fetched.peer, event->u.fetched.error)
		               : g_strdup_printf(
		                         "the archive of %s: %d message%s read, %d new%s",
		                         event->u.fetched.peer, event->u.fetched.received,
		                         event->u.fetched.received == 1 ? "" : "s",
		                         event->u.fetched.fresh,
		                         event->u.fetched.complete
		                                 ? ""
		                                 : "; more follow: /mam again from the last");
		if (w != NULL && event->u.fetched.fresh > 0) {
			window_clear_lines(w);
			stored_load(w, c, 0);
		}
		if (w != NULL)
			window_add(w, g_get_real_time(),
			           event->u.fetched.error ? LINE_ERROR : LINE_INFO, 0, NULL, text,
			           ACTIVITY_INFO);
		else
			tty_console(event->u.fetched.error ? LINE_ERROR : LINE_INFO, event->account,
			            text);
		g_free(text);
		if (w != NULL)
			tty_dirty_window(w);
		return;
	}
	if (w == NULL || w->older != OLDER_ASKING)
		return;
	const struct window_line *head = w->lines.head ? w->lines.head->data : NULL;
	if (w->cold.length == 0 && w->lines.head != NULL && head->kind == LINE_INFO &&
	    strcmp(head->text, STORED_ASKING) == 0)
		window_drop_first(w);
	if (event->u.fetched.error != NULL) {
		w->older = OLDER_NONE;
		text = g_strdup_printf("the server's archive could not be read: %s",
		                       event->u.fetched.error);
		window_prepend(w, g_get_real_time(), LINE_INFO, 0, NULL, text);
		g_free(text);
	} else if (event->u.fetched.fresh > 0) {
		g_clear_pointer(&w->archive_before, g_free);
		w->archive_empty = 0;
		w->older = OLDER_STORE;
		stored_older(w, 0);
	} else if (!event->u.fetched.complete && event->u.fetched.received > 0 &&
	           event->u.fetched.first != NULL && w->archive_empty < STORED_EMPTY_PAGES) {
		/* A page with nothing to show (what the history has, or what
		 * it does not keep: receipts, markers): the one before it. */
		g_free(w->archive_before);
		w->archive_before = g_strdup(event->u.fetched.first);
		w->archive_empty++;
		w->older = OLDER_ARCHIVE;
		stored_ask_archive(w, c);
	} else {
		/* An empty page, the archive's first, or only what the history
		 * had page after page. */
		w->older = OLDER_NONE;
		window_prepend(
		        w, g_get_real_time(), LINE_INFO, 0, NULL,
		        event->u.fetched.complete || event->u.fetched.received == 0
		                ? "the start of the history: the server's archive has nothing "
		                  "older"
		                : "the server's archive has nothing to show further back "
		                  "(/mam JID SINCE reads a span of it)");
	}
	tty_dirty_window(w);
}
