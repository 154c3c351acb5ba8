/*
 * test-coldstore.c: window lines packed into a compressed block come back
 * the same (fe/tty/coldstore.h), and a damaged block is refused; lines the
 * archive's catch-up dates go to their place in time within the bounds
 * window_add_dated() keeps (fe/tty/window.h), and survive compression.
 */
#include "config.h"

#include "unit.h"

#include "fe/tty/coldstore.h"
#include "fe/tty/window.h"

static struct window_line *
line_new(gint64 time, enum line_kind kind, unsigned flags, const char *nick, const char *text,
         const char *id)
{
	struct window_line *line = g_new0(struct window_line, 1);

	line->time = time;
	line->kind = kind;
	line->flags = flags;
	line->nick = g_strdup(nick);
	line->text = g_strdup(text);
	line->id = g_strdup(id);
	return line;
}

static void
assert_same_line(const struct window_line *a, const struct window_line *b)
{
	assert_int_equal(a->time, b->time);
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->flags, b->flags);
	assert_true(g_strcmp0(a->nick, b->nick) == 0);
	assert_string_equal(a->text, b->text);
	assert_true(g_strcmp0(a->id, b->id) == 0);
	assert_int_equal(a->store_id, b->store_id);
}

/* Lines of every shape: no nick, the same nick again, another, times
 * going back (a delayed message) and before the epoch, no id, text with
 * line breaks and beyond ASCII, and a long one. */
static void
lines_of_every_shape(GQueue *lines)
{
	char *longer = g_strnfill(70000, 'z');

	g_queue_push_tail(lines, line_new(1700000000000000, LINE_INFO, 0, NULL, "joined", NULL));
	g_queue_push_tail(
	        lines, line_new(1700000000000001, LINE_MESSAGE, 0, "bob@localhost", "hello", "m1"));
	((struct window_line *)lines->tail->data)->store_id = 1;
	g_queue_push_tail(lines, line_new(1700000000500000, LINE_MESSAGE, LINE_HIGHLIGHT,
	                                  "bob@localhost", "two\nlines", "m2"));
	((struct window_line *)lines->tail->data)->store_id = G_MAXINT64;
	g_queue_push_tail(lines, line_new(1699999999000000, LINE_ACTION, LINE_EDITED, "carol",
	                                  "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", NULL));
	g_queue_push_tail(
	        lines, line_new(-5, LINE_MESSAGE, LINE_OWN | LINE_DELIVERED, "alice", "", "own"));
	g_queue_push_tail(lines, line_new(G_MAXINT64 / 2, LINE_XML_IN, 0, NULL, longer, NULL));
	g_queue_push_tail(lines, line_new(0, LINE_ERROR, 0, "carol", "after a nick", NULL));
	/* The widest jumps there are, both ways. */
	g_queue_push_tail(lines, line_new(G_MININT64, LINE_INFO, 0, NULL, "first ever", NULL));
	g_queue_push_tail(lines, line_new(G_MAXINT64, LINE_INFO, 0, NULL, "last ever", NULL));
	g_free(longer);
}

/* Those lines, and them packed. */
static struct cold_block *
packed_lines(GQueue *lines)
{
	lines_of_every_shape(lines);
	struct cold_block *block = coldstore_pack(lines->head, lines->length);
	assert_non_null(block);
	return block;
}

static void
test_coldstore_round_trip(void **state)
{
	GQueue lines = G_QUEUE_INIT, back = G_QUEUE_INIT;

	struct cold_block *block = packed_lines(&lines);
	assert_int_equal(block->count, lines.length);
	assert_int_equal(block->last, ((struct window_line *)lines.tail->data)->time);
	/* Smaller than what it holds (70,000 'z' alone). */
	assert_true(g_bytes_get_size(block->data) < 2000);

	/* Appended after what the queue holds already. */
	g_queue_push_tail(&back, line_new(1, LINE_PLAIN, 0, NULL, "already there", NULL));
	assert_int_equal(coldstore_unpack(block, &back), 0);
	assert_int_equal(back.length, lines.length + 1);
	assert_string_equal(((struct window_line *)back.head->data)->text, "already there");
	GList *a = lines.head, *b = back.head->next;
	for (; a != NULL; a = a->next, b = b->next)
		assert_same_line(a->data, b->data);
	/* A block can be read again. */
	GQueue again = G_QUEUE_INIT;
	assert_int_equal(coldstore_unpack(block, &again), 0);
	assert_int_equal(again.length, lines.length);

	g_queue_clear_full(&again, window_line_free);
	g_queue_clear_full(&back, window_line_free);
	g_queue_clear_full(&lines, window_line_free);
	coldstore_free(block);
}

/* A block whose data was damaged: refused whole, nothing added. */
static void
test_coldstore_damaged(void **state)
{
	GQueue lines = G_QUEUE_INIT, back = G_QUEUE_INIT;

	struct cold_block *block = packed_lines(&lines);

	gsize size;
	const guint8 *data = g_bytes_get_data(block->data, &size);
	for (gsize cut = 0; cut < size; cut += MAX(size / 16, 1)) {
		struct cold_block damaged = *block;
		damaged.data = g_bytes_new(data, cut); /* cut short */
		assert_int_equal(coldstore_unpack(&damaged, &back), -1);
		assert_int_equal(back.length, 0);
		g_bytes_unref(damaged.data);
	}
	/* Claims more lines, or more bytes, than it holds. */
	struct cold_block liar = *block;
	liar.count = block->count + 1;
	assert_int_equal(coldstore_unpack(&liar, &back), -1);
	liar = *block;
	liar.raw = block->raw + 1;
	assert_int_equal(coldstore_unpack(&liar, &back), -1);
	liar.raw = block->raw - 1;
	assert_int_equal(coldstore_unpack(&liar, &back), -1);
	assert_int_equal(back.length, 0);

	g_queue_clear_full(&lines, window_line_free);
	coldstore_free(block);
}

#define SECOND G_USEC_PER_SEC

/* A chat window holding lines at the seconds given, each from the history
 * (store_id) when stored is set. */
static struct window *
dated_window(const int *seconds, int count, int stored)
{
	struct window *w = window_open(WINDOW_CHAT, "alice", "bob@localhost");

	for (int i = 0; i < count; i++) {
		char *text = g_strdup_printf("at %d", seconds[i]);
		struct window_line *line = window_add(w, seconds[i] * SECOND, LINE_MESSAGE, 0,
		                                      "bob", text, ACTIVITY_NONE);
		line->store_id = stored ? i + 1 : 0;
		g_free(text);
	}
	return w;
}

/* The lines' texts, in order, joined by spaces. */
static char *
dated_order(const struct window *w)
{
	GString *out = g_string_new(NULL);

	for (GList *l = w->lines.head; l != NULL; l = l->next)
		g_string_append_printf(out, "%s%s", out->len ? " " : "",
		                       ((struct window_line *)l->data)->text);
	return g_string_free(out, FALSE);
}

static void
dated_add(struct window *w, int second)
{
	char *text = g_strdup_printf("dated %d", second);
	struct window_line *line = window_add_dated(w, second * SECOND + 123, LINE_MESSAGE, 0,
	                                            "bob", text, ACTIVITY_MESSAGE);
	line->id = g_strdup(text); /* before compressing, as messages.c does */
	line->store_id = 99;
	window_compress(w);
	g_free(text);
}

static void
assert_order(struct window *w, const char *wanted)
{
	char *got = dated_order(w);
	assert_string_equal(got, wanted);
	g_free(got);
}

static void
test_dated_in_time(void **state)
{
	(void)state;
	window_list_init(0);
	struct window *w = dated_window((int[]){ 10, 20, 30 }, 3, 1);

	dated_add(w, 25);
	assert_order(w, "at 10 at 20 dated 25 at 30");
	dated_add(w, 30); /* the same second: after */
	assert_order(w, "at 10 at 20 dated 25 at 30 dated 30");
	dated_add(w, 40);
	assert_order(w, "at 10 at 20 dated 25 at 30 dated 30 dated 40");
	/* Older than everything: never above the first line from the
	 * history, where reading older history goes on from. */
	dated_add(w, 5);
	assert_order(w, "at 10 dated 5 at 20 dated 25 at 30 dated 30 dated 40");
	window_list_clear();
}

static void
test_dated_bounds(void **state)
{
	(void)state;
	window_list_init(0);
	/* A notice first (no store id), then lines from the history. */
	struct window *w = dated_window((int[]){ 50 }, 1, 0);
	struct window_line *line;

	for (int s = 60; s <= 90; s += 10) {
		char *text = g_strdup_printf("at %d", s);
		line = window_add(w, s * SECOND, LINE_MESSAGE, 0, "bob", text, ACTIVITY_NONE);
		line->store_id = s;
		g_free(text);
	}
	dated_add(w, 55);
	assert_order(w, "at 50 at 60 dated 55 at 70 at 80 at 90");
	/* Read up to 80: nothing goes above the unread marker. */
	w->read_mark = g_list_previous(w->lines.tail);
	dated_add(w, 75);
	assert_order(w, "at 50 at 60 dated 55 at 70 at 80 dated 75 at 90");
	/* Scrolled up to show 90 at the bottom: nothing goes above what is
	 * shown, and the line counts as new below. */
	w->read_mark = NULL;
	w->anchor = w->lines.tail;
	w->new_below = 0;
	dated_add(w, 65);
	assert_order(w, "at 50 at 60 dated 55 at 70 at 80 dated 75 at 90 dated 65");
	assert_int_equal(w->new_below, 1);
	window_list_clear();
}

/* A window full enough to compress: a dated line near its top is packed
 * at once, after its fields were set (ASan and valgrind watch). */
static void
test_dated_compressed(void **state)
{
	(void)state;
	/* 255 lines: one short of a block (128) beyond the 128 kept as
	 * they are (window.c), so the next line packs the oldest block. */
	window_list_init(0);
	window_list_set_rows(0);
	int seconds[255];

	for (int i = 0; i < 255; i++)
		seconds[i] = 1000 + i;
	struct window *w = dated_window(seconds, 255, 1);

	assert_int_equal(w->cold_lines, 0);
	dated_add(w, 1001);
	assert_true(w->cold_lines > 0);
	assert_int_equal(w->lines.length + w->cold_lines, 256);
	/* Packed with its id and row, which were set before packing. */
	assert_true(window_thaw(w));
	const struct window_line *dated = NULL;
	for (GList *l = w->lines.head; l != NULL; l = l->next)
		if (strcmp(((struct window_line *)l->data)->text, "dated 1001") == 0)
			dated = l->data;
	assert_non_null(dated);
	assert_true(g_strcmp0(dated->id, "dated 1001") == 0);
	assert_int_equal(dated->store_id, 99);
	window_list_clear();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coldstore_round_trip),
		cmocka_unit_test(test_coldstore_damaged),
		cmocka_unit_test(test_dated_in_time),
		cmocka_unit_test(test_dated_bounds),
		cmocka_unit_test(test_dated_compressed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
