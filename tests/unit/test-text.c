/*
 * test-text.c: the shortcuts that keep text handling cheap give the same
 * results as the general paths (core/fold.h, core/width.h), and local
 * times come out in the local zone (core/clock.h).
 */
#include "config.h"

#include "unit.h"

#include <locale.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/fold.h"
#include "core/sanitize.h"
#include "core/width.h"

#define US(seconds) ((gint64)(seconds)*G_USEC_PER_SEC)

/* 2023-11-14 22:13:20 UTC, a Tuesday. */
#define T0 1700000000

static void
test_clock_day_in_local_zone(void **state)
{
	/* setenv() before the first call: TZ is EST5 (UTC-5, no summer
	 * time) for the whole program. */
	gint64 day = clock_day(US(T0));

	/* 17:13:20 local on 2023-11-14: 19675 days after 1970-01-01. */
	assert_int_equal(day, 19675);
	/* 23:59:59 local is the same day; 00:00 local (05:00 UTC) the next,
	 * though UTC changed day five hours before. */
	assert_int_equal(clock_day(US(1700024399)), 19675);
	assert_int_equal(clock_day(US(1700024400)), 19676);
	/* Before the epoch, days count down. */
	assert_int_equal(clock_day(US(0)), -1); /* 1969-12-31 19:00 local */
	assert_int_equal(clock_day(US(-86400)), -2);
}

static void
test_clock_format(void **state)
{
	char *text = clock_format(US(T0), "%H:%M");

	assert_string_equal(text, "17:13");
	g_free(text);
	/* The same second in another format is not the cached text. */
	text = clock_format(US(T0), "%Y-%m-%d %H:%M:%S");
	assert_string_equal(text, "2023-11-14 17:13:20");
	g_free(text);
	text = clock_format(US(T0 + 61), "%H:%M:%S");
	assert_string_equal(text, "17:14:21");
	g_free(text);
	/* A format GLib cannot use gives "". */
	text = clock_format(US(T0), "%");
	assert_string_equal(text, "");
	g_free(text);
}

static void
check_fold(const char *text)
{
	char *expected = g_utf8_casefold(text, -1);
	char *folded = fold_case(text, -1);

	assert_string_equal(folded, expected);
	g_free(folded);
	g_free(expected);
	/* With a length: only that many bytes. */
	size_t n = strlen(text) / 2;
	while (n > 0 && (text[n] & 0xc0) == 0x80)
		n--; /* not inside a character */
	expected = g_utf8_casefold(text, (gssize)n);
	folded = fold_case(text, (gssize)n);
	assert_string_equal(folded, expected);
	g_free(folded);
	g_free(expected);
}

static void
test_fold_case_same_as_glib(void **state)
{
	check_fold("");
	check_fold("Alice@Example.COM");
	check_fold("ROOM@conference.example.org/Nick Name [42]");
	check_fold("~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./ AZaz09");
	/* Beyond ASCII: the Unicode tables (ß folds to ss, the Kelvin sign
	 * to k, Σ to σ). */
	check_fold("Stra\xc3\x9f"
	           "e");
	check_fold("\xe2\x84\xaa"
	           "elvin");
	check_fold("ABC\xce\xa3"
	           "DEF");
}

/* width_sanitize() is sanitize() then width_prepare(), whatever the text. */
static void
check_clean(const char *text)
{
	for (int flags = SANITIZE_LINE; flags <= SANITIZE_MULTILINE; flags++) {
		char *safe = sanitize(text, -1, (enum sanitize_flags)flags);
		char *expected = width_prepare(safe);
		char *clean = width_sanitize(text, (enum sanitize_flags)flags);
		assert_string_equal(clean, expected);
		g_free(clean);
		g_free(expected);
		g_free(safe);
	}
}

static void
test_width_sanitize_same_as_both(void **state)
{
	check_clean("");
	check_clean("plain ASCII text, 100% printable ~");
	check_clean("two\nlines");
	check_clean("tab\there, CR\r, bell\a, escape \x1b[2J, DEL \x7f");
	check_clean("caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80");
	check_clean("invalid \xff byte, cut \xe4\xb8");
	check_clean("bidi \xe2\x80\xae"
	            "override");
	/* A zero-width joiner between two pictographs is dropped, after an
	 * ASCII run as well as alone. */
	check_clean("ab \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9 cd");
	check_clean("^\xe2\x80\x8d\xf0\x9f\x91\xa9");
	/* Every byte, alone and after ASCII. */
	for (int b = 1; b < 256; b++) {
		char text[8] = { 'a', (char)b, 'z', '\0' };
		check_clean(text);
		check_clean(text + 1);
	}
}

static void
test_width_ascii_and_wide(void **state)
{
	/* The ASCII shortcut measures as wcwidth() does. */
	for (gunichar c = 0x20; c < 0x7f; c++)
		assert_int_equal(width_char(c), 1);
	assert_int_equal(width_text("abc\xe4\xb8\xad"
	                            "d",
	                            -1),
	                 6);
	int used = 0;
	assert_int_equal(width_fit("ab\xe4\xb8\xad"
	                           "cd",
	                           NULL, 3, &used),
	                 2);
	assert_int_equal(used, 2);
	assert_int_equal(width_fit("ab\xe4\xb8\xad"
	                           "cd",
	                           NULL, 4, &used),
	                 5);
	assert_int_equal(used, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clock_day_in_local_zone),
		cmocka_unit_test(test_clock_format),
		cmocka_unit_test(test_fold_case_same_as_glib),
		cmocka_unit_test(test_width_sanitize_same_as_both),
		cmocka_unit_test(test_width_ascii_and_wide),
	};

	setenv("TZ", "EST5", 1);
	/* wcwidth(), as natter sets it at start. */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		print_error("the C.UTF-8 locale is missing (package libc-bin)\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
