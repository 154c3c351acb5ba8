/*
 * test-layout.c: text width (core/width.h), wrapping and screen layout
 * (fe/tty/layout.h), without curses.
 */
#include "config.h"

#include "unit.h"

#include <locale.h>

#include "core/width.h"
#include "fe/tty/layout.h"

#define FAMILY  "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7"
#define MAN     "\xf0\x9f\x91\xa8"
#define WOMAN   "\xf0\x9f\x91\xa9"
#define GIRL    "\xf0\x9f\x91\xa7"
#define ZWJ     "\xe2\x80\x8d"
#define ZHONG   "\xe4\xb8\xad" /* U+4E2D, two columns */
#define E_ACUTE "e\xcc\x81"    /* e + U+0301 COMBINING ACUTE */
#define FFFD    "\xef\xbf\xbd"

static void
test_width_characters(void **state)
{
	assert_int_equal(width_text("hello", -1), 5);
	assert_int_equal(width_text(ZHONG ZHONG, -1), 4);
	assert_int_equal(width_text(E_ACUTE, -1), 1);
	assert_int_equal(width_text("\xf0\x9f\x98\x80", -1), 2); /* U+1F600 */
	assert_int_equal(width_text("ab" ZHONG "c", 5), 4);      /* length in bytes */
	assert_int_equal(width_text("ab" ZHONG, 3), 2);          /* no partial character */
	assert_int_equal(width_text("", -1), 0);
	/* An unassigned code point counts as the U+FFFD drawn for it. */
	assert_int_equal(width_char(0x378), 1);
}

static void
test_width_fit(void **state)
{
	int used = -1;
	const char *text = "a" ZHONG "b";

	assert_int_equal(width_fit(text, NULL, 2, &used), 1); /* the wide one does not fit */
	assert_int_equal(used, 1);
	assert_int_equal(width_fit(text, NULL, 3, &used), 4);
	assert_int_equal(used, 3);
	/* A combining mark stays with its base, even at the edge. */
	assert_int_equal(width_fit("x" E_ACUTE "y", NULL, 2, &used), 4);
	assert_int_equal(used, 2);
	assert_int_equal(width_fit("abc", NULL, 0, &used), 0);
	/* end bounds the text */
	assert_int_equal(width_fit("abcdef", "abcdef" + 2, 10, &used), 2);
}

static void
test_width_prepare(void **state)
{
	char *out;

	/* An emoji ZWJ sequence becomes its emoji side by side: terminals
	 * agree on that width (tmux joins the sequence, xterm does not). */
	out = width_prepare("a" FAMILY "b");
	assert_string_equal(out, "a" MAN WOMAN GIRL "b");
	assert_int_equal(width_text(out, -1), 8);
	g_free(out);
	/* A joiner between letters (Indic shaping) stays. */
	out = width_prepare("\xe0\xa4\x95\xe0\xa5\x8d" ZWJ "\xe0\xa4\xb7");
	assert_contains(out, ZWJ);
	g_free(out);
	out = width_prepare("x\xcd\xb8y\nz"); /* U+0378 is unassigned */
	assert_string_equal(out, "x" FFFD "y\nz");
	g_free(out);
}

/* The rows of text as strings joined by '|'. */
static char *
wrap(const char *text, int first, int rest)
{
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct layout_row));
	GString *out = g_string_new(NULL);
	int n = layout_wrap(text, strlen(text), first, rest, rows);

	assert_int_equal(n, (int)rows->len);
	for (guint i = 0; i < rows->len; i++) {
		struct layout_row *row = &g_array_index(rows, struct layout_row, i);
		if (i > 0)
			g_string_append_c(out, '|');
		g_string_append_len(out, text + row->start, (gssize)(row->end - row->start));
		/* Every row fits its width (a lone too-wide character aside). */
		int room = i == 0 ? first : rest;
		int width = width_text(text + row->start, (long)(row->end - row->start));
		if (width > room &&
		    g_utf8_strlen(text + row->start, (gssize)(row->end - row->start)) > 1) {
			print_error("row %u is %d wide, room %d\n", i, width, room);
			fail();
		}
	}
	g_array_unref(rows);
	return g_string_free(out, FALSE);
}

static void
check_wrap(const char *text, int first, int rest, const char *expected)
{
	char *got = wrap(text, first, rest);

	assert_string_equal(got, expected);
	g_free(got);
}

static void
test_wrap_words(void **state)
{
	check_wrap("", 10, 10, "");
	check_wrap("short", 10, 10, "short");
	check_wrap("the quick brown fox", 10, 10, "the quick|brown fox");
	/* The hanging indent makes later rows narrower. */
	check_wrap("the quick brown fox jumps", 15, 6, "the quick brown|fox|jumps");
	/* Several spaces at the break vanish; a word too long is cut. */
	check_wrap("aaaa    bbbb", 6, 6, "aaaa|bbbb");
	check_wrap("abcdefghijkl", 5, 5, "abcde|fghij|kl");
	/* A row exactly full breaks at the space after it. */
	check_wrap("abcde fgh", 5, 5, "abcde|fgh");
	/* URLs are words: kept whole where they fit on a row of their own. */
	check_wrap("see https://example.org/a/b now", 25, 25, "see|https://example.org/a/b|now");
}

static void
test_wrap_lines_and_wide(void **state)
{
	check_wrap("one\ntwo", 10, 10, "one|two");
	check_wrap("one\n\ntwo\n", 10, 10, "one||two");
	check_wrap(ZHONG ZHONG ZHONG, 5, 5, ZHONG ZHONG "|" ZHONG);
	check_wrap(ZHONG, 1, 1, ZHONG); /* wider than the row: alone */
	check_wrap("ab" E_ACUTE "cd", 3, 3, "ab" E_ACUTE "|cd");
	/* Zero columns never loops forever. */
	check_wrap("abc", 0, 0, "a|b|c");
}

static void
check_tiles(const struct layout *l, int lines, int cols)
{
	const struct layout_rect *all[] = { &l->title, &l->main,  &l->status,
		                            &l->input, &l->panel, &l->border };
	int covered = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
		const struct layout_rect *r = all[i];
		assert_true(r->rows >= 0 && r->cols >= 0 && r->y >= 0 && r->x >= 0);
		if (r->rows == 0)
			continue;
		assert_true(r->y + r->rows <= lines);
		assert_true(r->x + r->cols <= cols);
		covered += r->rows * r->cols;
	}
	/* Nothing overlaps and nothing is left over. */
	assert_int_equal(covered, lines * cols);
}

static void
test_screen_sizes(void **state)
{
	static const enum layout_side sides[] = { LAYOUT_PANEL_NONE, LAYOUT_PANEL_LEFT,
		                                  LAYOUT_PANEL_RIGHT };
	struct layout l;

	for (int lines = 1; lines <= 80; lines++) {
		for (int cols = 1; cols <= 300; cols += 7) {
			for (size_t s = 0; s < G_N_ELEMENTS(sides); s++) {
				for (int input = 1; input <= 12; input += 5) {
					struct layout_params p = { lines, cols, input, sides[s],
						                   24 };
					layout_screen(&p, &l);
					check_tiles(&l, lines, cols);
				}
			}
		}
	}
}

static void
test_screen_panel(void **state)
{
	struct layout l;
	struct layout_params p = { 24, 80, 1, LAYOUT_PANEL_RIGHT, 20 };

	layout_screen(&p, &l);
	assert_int_equal(l.title.rows, 1);
	assert_int_equal(l.main.rows, 21);
	assert_int_equal(l.status.y, 22);
	assert_int_equal(l.input.y, 23);
	assert_int_equal(l.main.cols, 59);
	assert_int_equal(l.border.x, 59);
	assert_int_equal(l.panel.x, 60);
	assert_int_equal(l.panel.cols, 20);
	p.side = LAYOUT_PANEL_LEFT;
	layout_screen(&p, &l);
	assert_int_equal(l.panel.x, 0);
	assert_int_equal(l.border.x, 20);
	assert_int_equal(l.main.x, 21);
	/* 45 columns: the panel shrinks so the main area keeps 30. */
	p.cols = 45;
	layout_screen(&p, &l);
	assert_int_equal(l.main.cols, LAYOUT_MAIN_MIN_COLS);
	assert_int_equal(l.panel.cols, 14);
	/* Narrower still: a panel under 10 columns is left out. */
	p.cols = 40;
	layout_screen(&p, &l);
	assert_int_equal(l.panel.rows, 0);
	assert_int_equal(l.main.cols, 40);
	p.cols = 31;
	layout_screen(&p, &l);
	assert_int_equal(l.panel.rows, 0);
	assert_int_equal(l.main.cols, 31);
	/* Multi-line input grows up to half of what the bars leave. */
	p = (struct layout_params){ 10, 40, 9, LAYOUT_PANEL_NONE, 0 };
	layout_screen(&p, &l);
	assert_int_equal(l.input.rows, 4);
	assert_int_equal(l.main.rows, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width_characters),    cmocka_unit_test(test_width_fit),
		cmocka_unit_test(test_width_prepare),       cmocka_unit_test(test_wrap_words),
		cmocka_unit_test(test_wrap_lines_and_wide), cmocka_unit_test(test_screen_sizes),
		cmocka_unit_test(test_screen_panel),
	};

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		print_error("the C.UTF-8 locale is missing (package libc-bin)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
