/*
 * window.c: the tty frontend's windows.
 *
 * Owns the window list and the lines of each window. Every piece of text
 * that comes in through window_add() passes the core sanitizer and
 * width_prepare(), so what draw.c prints holds no control sequence and
 * measures the same in natter as in the terminal.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/sanitize.h"
#include "core/width.h"
#include "fe/tty/coldstore.h"
#include "fe/tty/window.h"

static GPtrArray *windows; /* of struct window, in number order */
static struct window *current;

/* The unread counts changed (the control socket tells its clients). */
static void
window_tell_activity(const struct window *w)
{
	struct event event = { .type = EV_ACTIVITY, .account = w->account };

	event_emit(&event);
}

static int keep_lines;

/* Lines kept as they are: the view's, corrections' and receipts'; at
 * least WINDOW_HOT, and twice the screen's rows (window_list_set_rows()).
 * Older ones are compressed, WINDOW_BLOCK at a time, once that many more
 * have come. */
#define WINDOW_HOT   128
#define WINDOW_BLOCK 128
/* Blocks a search for a line by id brings back (window_find_line()):
 * what looks lines up looks for one of the model's last messages
 * (CONVERSATION_KEEP_ROOM at most), never much further up. */
#define WINDOW_FIND_BLOCKS 8

static guint hot_lines = WINDOW_HOT;

void
window_line_free(gpointer pointer)
{
	struct window_line *line = pointer;

	g_free(line->nick);
	g_free(line->text);
	g_free(line->id);
	g_free(line);
}

void
window_clear_lines(struct window *w)
{
	g_queue_clear_full(&w->lines, window_line_free);
	g_queue_clear_full(&w->cold, (GDestroyNotify)coldstore_free);
	w->cold_lines = 0;
	w->anchor = NULL;
	w->anchor_skip = 0;
	w->new_below = 0;
	w->read_mark = NULL;
	w->mark_block = NULL;
	w->pack_after = 0;
	w->older = OLDER_STORE;
	w->detached = 0;
	g_clear_pointer(&w->archive_before, g_free);
	w->archive_empty = 0;
}

static void
window_free(gpointer pointer)
{
	struct window *w = pointer;

	window_clear_lines(w);
	g_free(w->account);
	g_free(w->name);
	g_free(w);
}

struct window *
window_open(enum window_kind kind, const char *account, const char *name)
{
	struct window *w = g_new0(struct window, 1);
	guint i;

	w->kind = kind;
	w->account = g_strdup(account);
	w->name = width_sanitize(name, SANITIZE_LINE);
	g_queue_init(&w->lines);
	g_queue_init(&w->cold);
	/* The lowest free number: the list is in number order. */
	for (i = 0; i < windows->len; i++) {
		if (((struct window *)windows->pdata[i])->number != (int)i + 1)
			break;
	}
	w->number = (int)i + 1;
	g_ptr_array_insert(windows, (gint)i, w);
	return w;
}

void
window_list_init(int keep)
{
	windows = g_ptr_array_new_with_free_func(window_free);
	keep_lines = keep;
	current = window_open(WINDOW_CONSOLE, NULL, "console");
}

/* Drops link (w's first or last line); the view's bottom moves to
 * instead (its neighbour) when it was there, the read mark goes. */
static void
window_drop_line(struct window *w, GList *link, GList *instead)
{
	if (w->anchor == link) {
		w->anchor = instead;
		w->anchor_skip = 0;
	}
	if (w->read_mark == link)
		w->read_mark = NULL;
	window_line_free(link->data);
	g_queue_delete_link(&w->lines, link);
}

/* The lines a window keeps: ui.scrollback, but never fewer than the hot
 * ones (twice the screen): a view must fill the screen and a page with
 * what is held, or reading up would drop what reading down brings back. */
static guint
window_keep(void)
{
	return keep_lines > 0 ? MAX((guint)keep_lines, hot_lines) : 0;
}

/* Drops w's oldest lines beyond window_keep(); force: even while the view
 * is scrolled up (else what it reads stays until it follows again), but
 * never the line stop. What goes can be read again from the history
 * (OLDER_STORE). */
static void
window_trim_oldest(struct window *w, int force, const GList *stop)
{
	while ((force || w->anchor == NULL) && window_keep() > 0 &&
	       w->lines.length + w->cold_lines > window_keep() && w->lines.head != stop) {
		w->older = OLDER_STORE;
		struct cold_block *oldest = g_queue_peek_head(&w->cold);
		if (oldest != NULL) {
			/* Compressed lines go a whole block at a time: up to a
			 * block's worth more than keep stays. */
			if (w->lines.length + w->cold_lines - oldest->count < window_keep())
				break;
			g_queue_pop_head(&w->cold);
			w->cold_lines -= oldest->count;
			if (w->mark_block == oldest)
				w->mark_block = NULL;
			coldstore_free(oldest);
			continue;
		}
		window_drop_line(w, w->lines.head, w->lines.head->next);
	}
}

static void
window_trim(struct window *w)
{
	window_trim_oldest(w, 0, NULL);
}

void
window_trim_top(struct window *w, const GList *stop)
{
	window_trim_oldest(w, 1, stop);
}

int
window_trim_bottom(struct window *w, const GList *stop)
{
	int dropped = 0;

	/* The oldest lines are not compressed while the view reads them:
	 * the newest are as they are. */
	while (window_keep() > 0 && w->lines.length + w->cold_lines > window_keep() &&
	       w->lines.tail != NULL && w->lines.tail != w->lines.head && w->lines.tail != stop) {
		window_drop_line(w, w->lines.tail, w->lines.tail->prev);
		dropped++;
	}
	return dropped;
}

void
window_list_set_rows(int rows)
{
	hot_lines = MAX(WINDOW_HOT, 2 * (guint)MAX(rows, 0));
}

void
window_compress(struct window *w)
{
	/* Not while the view is scrolled up (it shows or soon shows them),
	 * nor before a block's worth came since packing last failed. */
	while (w->anchor == NULL && w->lines.length >= hot_lines + WINDOW_BLOCK &&
	       w->lines.length >= w->pack_after) {
		struct cold_block *block = coldstore_pack(w->lines.head, WINDOW_BLOCK);
		if (block == NULL) {
			w->pack_after = w->lines.length + WINDOW_BLOCK; /* kept as they are */
			break;
		}
		w->pack_after = 0;
		for (guint i = 0; i < block->count; i++) {
			if (w->read_mark == w->lines.head) {
				w->read_mark = NULL;
				w->mark_block = block;
				w->mark_index = i;
			}
			window_line_free(g_queue_pop_head(&w->lines));
		}
		g_queue_push_tail(&w->cold, block);
		w->cold_lines += block->count;
	}
	window_trim(w);
}

void
window_list_set_keep(int keep)
{
	keep_lines = keep;
	for (guint i = 0; i < windows->len; i++)
		window_trim(windows->pdata[i]);
}

void
window_list_clear(void)
{
	if (windows != NULL)
		g_ptr_array_free(windows, TRUE);
	windows = NULL;
	current = NULL;
}

const GPtrArray *
window_list(void)
{
	return windows;
}

struct window *
window_current(void)
{
	return current;
}

void
window_show(struct window *w)
{
	int had_unread = w->unread > 0;

	if (w != current && current != NULL) {
		current->read_mark = current->lines.tail;
		current->mark_block = NULL;
	}
	current = w;
	w->activity = ACTIVITY_NONE;
	w->unread = 0;
	w->highlights = 0;
	if (had_unread)
		window_tell_activity(w);
}

struct window *
window_console(void)
{
	return windows->pdata[0];
}

struct window *
window_by_number(int number)
{
	for (guint i = 0; i < windows->len; i++) {
		struct window *w = windows->pdata[i];
		if (w->number == number)
			return w;
	}
	return NULL;
}

struct window *
window_by_kind(enum window_kind kind)
{
	for (guint i = 0; i < windows->len; i++) {
		struct window *w = windows->pdata[i];
		if (w->kind == kind)
			return w;
	}
	return NULL;
}

struct window *
window_for_conversation(unsigned id)
{
	for (guint i = 0; i < windows->len; i++) {
		struct window *w = windows->pdata[i];
		if (w->kind == WINDOW_CHAT && w->conversation == id)
			return w;
	}
	return NULL;
}

void
window_rename_account(const char *old, const char *new)
{
	for (guint i = 0; windows != NULL && i < windows->len; i++) {
		struct window *w = windows->pdata[i];
		if (g_strcmp0(w->account, old) == 0) {
			g_free(w->account);
			w->account = g_strdup(new);
		}
	}
}

void
window_close(struct window *w)
{
	if (w->kind == WINDOW_CONSOLE)
		return;
	if (w == current) {
		current = NULL;
		window_show(window_console());
	}
	if (w->unread > 0) {
		w->unread = 0;
		window_tell_activity(w);
	}
	g_ptr_array_remove(windows, w);
}

struct window *
window_find(const char *which, char **cause)
{
	char *end = NULL;
	long number = strtol(which, &end, 10);
	struct window *found = NULL;
	GString *names = NULL;
	int matches = 0;

	if (end != which && *end == '\0') {
		found = window_by_number((int)number);
		if (found == NULL)
			*cause = g_strdup_printf("no window %ld (/wins lists them)", number);
		return found;
	}
	/* The same name on several accounts (one contact talked to from
	 * two): the numbers tell them apart. */
	for (int exact = 1; exact >= 0 && matches == 0; exact--) {
		for (guint i = 0; i < windows->len; i++) {
			struct window *w = windows->pdata[i];
			if (exact ? strcmp(w->name, which) != 0 : strstr(w->name, which) == NULL)
				continue;
			if (names == NULL)
				names = g_string_new(NULL);
			g_string_append_printf(names, "%s%d:%s", matches ? ", " : "", w->number,
			                       w->name);
			if (w->account != NULL && exact)
				g_string_append_printf(names, " (account %s)", w->account);
			found = w;
			matches++;
		}
	}
	if (matches == 1) {
		g_string_free(names, TRUE);
		return found;
	}
	if (matches == 0)
		*cause = g_strdup_printf("no window named '%s' (/wins lists them)", which);
	else
		*cause = g_strdup_printf("'%s' names %d windows: %s", which, matches, names->str);
	if (names != NULL)
		g_string_free(names, TRUE);
	return NULL;
}

struct window *
window_next_active(void)
{
	struct window *best = NULL;
	guint start = 0;

	for (guint i = 0; i < windows->len; i++) {
		if (windows->pdata[i] == current)
			start = i;
	}
	/* Scanning from the one after the current: the first of the most
	 * important activity wins, so repeated jumps go round. */
	for (guint k = 1; k <= windows->len; k++) {
		struct window *w = windows->pdata[(start + k) % windows->len];
		if (w != current && w->activity > ACTIVITY_NONE &&
		    (best == NULL || w->activity > best->activity))
			best = w;
	}
	return best;
}

struct window *
window_step(int direction)
{
	guint i;

	/* Never empty: the console cannot be closed (window_close()). */
	g_assert(windows->len > 0);
	for (i = 0; i < windows->len; i++) {
		if (windows->pdata[i] == current)
			break;
	}
	i = (i + windows->len + (guint)(direction > 0 ? 1 : windows->len - 1)) % windows->len;
	return windows->pdata[i];
}

int
window_following(const struct window *w)
{
	return w == current && w->anchor == NULL;
}

/* A line, its text sanitized and prepared for width. */
static struct window_line *
window_line_new(gint64 time, enum line_kind kind, unsigned flags, const char *nick,
                const char *text)
{
	struct window_line *line = g_new0(struct window_line, 1);

	line->serial = window_serial();
	line->time = time;
	line->kind = kind;
	line->flags = flags;
	line->nick = nick ? width_sanitize(nick, SANITIZE_LINE) : NULL;
	line->text = width_sanitize(text, SANITIZE_MULTILINE);
	return line;
}

guint64
window_serial(void)
{
	static guint64 serial;

	return ++serial;
}

struct window_line *
window_add(struct window *w, gint64 time, enum line_kind kind, unsigned flags, const char *nick,
           const char *text, enum window_activity activity)
{
	struct window_line *line = window_line_new(time, kind, flags, nick, text);

	g_queue_push_tail(&w->lines, line);
	window_note(w, activity);
	window_compress(w);
	return line;
}

struct window_line *
window_add_dated(struct window *w, gint64 time, enum line_kind kind, unsigned flags,
                 const char *nick, const char *text, enum window_activity activity)
{
	GList *after = w->lines.tail, *first_stored = w->lines.head;
	struct window_line *line = window_line_new(time, kind, flags, nick, text);

	/* The first line from the history is where reading older history
	 * goes on from (stored.c): nothing older may come above it. */
	while (first_stored != NULL && ((struct window_line *)first_stored->data)->store_id == 0)
		first_stored = first_stored->next;
	/* To the second, as the history orders them (store.h): stamps from
	 * elsewhere are often whole seconds. */
	while (after != NULL && after != w->read_mark && after != w->anchor &&
	       after != first_stored && after->prev != NULL &&
	       ((struct window_line *)after->data)->time / G_USEC_PER_SEC > time / G_USEC_PER_SEC)
		after = after->prev;
	if (after == NULL)
		g_queue_push_tail(&w->lines, line); /* the window was empty */
	else
		g_queue_insert_after(&w->lines, after, line);
	window_note(w, activity);
	return line;
}

void
window_note(struct window *w, enum window_activity activity)
{
	if (w->anchor != NULL || w->detached)
		w->new_below++; /* the view stays where it is */
	if (w != current) {
		w->unread += activity >= ACTIVITY_MESSAGE;
		w->highlights += activity == ACTIVITY_HIGHLIGHT;
		if (activity > w->activity)
			w->activity = activity;
		if (activity >= ACTIVITY_MESSAGE)
			window_tell_activity(w);
	}
}

void
window_drop_first(struct window *w)
{
	if (w->lines.head != NULL)
		window_drop_line(w, w->lines.head, w->lines.head->next);
}

struct window_line *
window_prepend(struct window *w, gint64 time, enum line_kind kind, unsigned flags, const char *nick,
               const char *text)
{
	struct window_line *line = window_line_new(time, kind, flags, nick, text);

	g_queue_push_head(&w->lines, line);
	return line;
}

int
window_thaw(struct window *w)
{
	struct cold_block *block = g_queue_pop_tail(&w->cold);
	GQueue lines = G_QUEUE_INIT;
	int ok;

	if (block == NULL)
		return 0;
	ok = coldstore_unpack(block, &lines) == 0;
	if (!ok) {
		/* Kept (zlib could not have its memory): tried again later. */
		g_queue_push_tail(&w->cold, block);
		return 0;
	}
	w->cold_lines -= block->count;
	for (GList *link = lines.tail; link != NULL; link = link->prev)
		g_queue_push_head(&w->lines, link->data);
	g_queue_clear(&lines);
	if (w->mark_block == block) {
		w->read_mark = g_queue_peek_nth_link(&w->lines, w->mark_index);
		w->mark_block = NULL;
	}
	coldstore_free(block);
	return 1;
}

gint64
window_cold_last(const struct window *w)
{
	const struct cold_block *newest = g_queue_peek_tail((GQueue *)&w->cold);

	return newest != NULL ? newest->last : 0;
}

/* The link of the most recent line with this stanza id, own or not,
 * searching compressed lines too (a few blocks, brought back: compressed
 * again after the next line comes). */
static GList *
window_find_link(struct window *w, const char *id, int own)
{
	GList *link = w->lines.tail;

	for (int thawed = 0; id != NULL; thawed++) {
		GList *first = w->lines.head;
		for (; link != NULL; link = link->prev) {
			struct window_line *line = link->data;
			if (line->id != NULL && !(line->flags & LINE_OWN) == !own &&
			    strcmp(line->id, id) == 0)
				return link;
		}
		if (first == NULL || thawed == WINDOW_FIND_BLOCKS || !window_thaw(w))
			break;
		link = first->prev; /* the newest of the lines brought back */
	}
	return NULL;
}

struct window_line *
window_find_line(struct window *w, const char *id, int own)
{
	GList *link = window_find_link(w, id, own);

	return link != NULL ? link->data : NULL;
}

void
window_line_set_text(struct window_line *line, const char *text)
{
	g_free(line->text);
	line->text = width_sanitize(text, SANITIZE_MULTILINE);
	/* Another line to view.c's cache (the new text may be where the
	 * old one was). */
	line->serial = window_serial();
}

int
window_annotate(struct window *w, const char *id, const char *text)
{
	GList *link = window_find_link(w, id, 1);
	struct window_line *note;

	if (link == NULL)
		return 0;
	note = g_new0(struct window_line, 1);
	note->serial = window_serial();
	note->time = g_get_real_time();
	note->kind = LINE_ERROR;
	note->text = width_sanitize(text, SANITIZE_MULTILINE);
	g_queue_insert_after(&w->lines, link, note);
	if (w->anchor == link)
		w->anchor = link->next; /* the view's bottom stays on the message */
	/* cppcheck-suppress memleak ; note is w->lines' now (gtk.cfg: g_queue_insert_after
	 * leak-ignore) */
	return 1;
}
