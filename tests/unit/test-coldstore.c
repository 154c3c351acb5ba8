/*
 * test-coldstore.c: window lines packed into a compressed block come back
 * the same (fe/tty/coldstore.h), and a damaged block is refused.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_coldstore_round_trip),
		cmocka_unit_test(test_coldstore_damaged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
