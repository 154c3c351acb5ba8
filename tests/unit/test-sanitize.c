/*
 * test-sanitize.c: making remote text safe to print (core/sanitize.h).
 */
#include "config.h"

#include "unit.h"

#include "core/sanitize.h"

#define FFFD "\xef\xbf\xbd" /* U+FFFD REPLACEMENT CHARACTER */

static void
check(const char *text, long length, enum sanitize_flags flags, const char *expected)
{
	char *safe = sanitize(text, length, flags);

	assert_non_null(safe);
	assert_string_equal(safe, expected);
	assert_true(g_utf8_validate(safe, -1, NULL));
	g_free(safe);
}

/* Fails unless text holds nothing a terminal would act on. */
static void
assert_printable(const char *safe, int multiline)
{
	assert_true(g_utf8_validate(safe, -1, NULL));
	for (const char *p = safe; *p != '\0'; p = g_utf8_find_next_char(p, NULL)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\n' && multiline)
			continue;
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
		    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
			print_error("U+%04X left in sanitized text\n", (unsigned)c);
			fail();
		}
	}
}

static void
test_sanitize_plain_text_unchanged(void **state)
{
	check("", -1, SANITIZE_LINE, "");
	check("hello, world", -1, SANITIZE_LINE, "hello, world");
	check("<b>not markup</b> & \"quotes\" 'and' \\ backslash", -1, SANITIZE_LINE,
	      "<b>not markup</b> & \"quotes\" 'and' \\ backslash");
}

static void
test_sanitize_escape_sequences(void **state)
{
	/* Clear screen (CSI 2 J) and set window title (OSC 0 ; ... BEL). */
	check("\x1b[2J", -1, SANITIZE_LINE, FFFD "[2J");
	check("\x1b]0;title\x07", -1, SANITIZE_LINE, FFFD "]0;title" FFFD);
	check("red \x1b[31mtext\x1b[0m", -1, SANITIZE_MULTILINE,
	      "red " FFFD "[31mtext" FFFD "[0m");
	/* C1 CSI U+009B, encoded in UTF-8, is a one-character escape. */
	check("\xc2\x9b" "2J", -1, SANITIZE_LINE, FFFD "2J");
	check("a\xc2\x80" "b\xc2\x9f" "c", -1, SANITIZE_LINE, "a" FFFD "b" FFFD "c");
	/* A raw 8-bit CSI byte is invalid UTF-8. */
	check("\x9b" "2J", -1, SANITIZE_LINE, FFFD "2J");
}

static void
test_sanitize_c0_and_del(void **state)
{
	check("bell\x07", -1, SANITIZE_LINE, "bell" FFFD);
	check("back\x08space", -1, SANITIZE_LINE, "back" FFFD "space");
	check("a\x7f" "b", -1, SANITIZE_LINE, "a" FFFD "b");
	check("form\x0c" "feed", -1, SANITIZE_MULTILINE, "form" FFFD "feed");
	check("\x01\x1f", -1, SANITIZE_LINE, FFFD FFFD);
}

static void
test_sanitize_nul_within_length(void **state)
{
	check("a\0b", 3, SANITIZE_LINE, "a" FFFD "b");
	check("\0", 1, SANITIZE_LINE, FFFD);
	/* length bounds the text: bytes after it are not read */
	check("abcdef", 3, SANITIZE_LINE, "abc");
	check("abc", 0, SANITIZE_LINE, "");
	/* a multi-byte character cut by the length is invalid */
	check("a\xc3\xa9", 2, SANITIZE_LINE, "a" FFFD);
}

static void
test_sanitize_invalid_utf8(void **state)
{
	char *safe;

	check("a\xff" "b", -1, SANITIZE_LINE, "a" FFFD "b");
	check("a\xfe\xff" "b", -1, SANITIZE_LINE, "a" FFFD FFFD "b");
	/* a lone continuation byte */
	check("x\x80y", -1, SANITIZE_LINE, "x" FFFD "y");

	/* Overlong '/' and a UTF-16 surrogate: never decoded as characters. */
	safe = sanitize("a\xc0\xaf" "b", -1, SANITIZE_LINE);
	assert_printable(safe, 0);
	assert_not_contains(safe, "/");
	assert_true(g_str_has_prefix(safe, "a" FFFD));
	assert_true(g_str_has_suffix(safe, FFFD "b"));
	g_free(safe);

	safe = sanitize("\xed\xa0\x80", -1, SANITIZE_LINE);
	assert_printable(safe, 0);
	assert_true(g_str_has_prefix(safe, FFFD));
	g_free(safe);

	/* Truncated sequence at the end of the text. */
	safe = sanitize("ok\xe4\xb8", -1, SANITIZE_LINE);
	assert_printable(safe, 0);
	assert_true(g_str_has_prefix(safe, "ok" FFFD));
	g_free(safe);

	/* Beyond U+10FFFF, and the old 5-byte form: not Unicode. */
	safe = sanitize("<\xf4\x90\x80\x80>", -1, SANITIZE_LINE);
	assert_printable(safe, 0);
	assert_true(g_str_has_prefix(safe, "<" FFFD));
	g_free(safe);
	safe = sanitize("<\xf8\x88\x80\x80\x80>", -1, SANITIZE_LINE);
	assert_printable(safe, 0);
	g_free(safe);

	/* An invalid byte does not swallow the valid character after it. */
	check("\xe4" "日", -1, SANITIZE_LINE, FFFD "日");
}

static void
test_sanitize_bidi_controls_dropped(void **state)
{
	/* RLO would print "txt.exe" as "exe.txt"-like spoofs. */
	check("invoice\xe2\x80\xaegpj.exe", -1, SANITIZE_LINE, "invoicegpj.exe");
	/* LRE RLE PDF LRO RLO */
	check("a\xe2\x80\xaa" "b\xe2\x80\xab" "c\xe2\x80\xac" "d\xe2\x80\xad" "e\xe2\x80\xae" "f",
	      -1, SANITIZE_LINE, "abcdef");
	/* LRI RLI FSI PDI */
	check("a\xe2\x81\xa6" "b\xe2\x81\xa7" "c\xe2\x81\xa8" "d\xe2\x81\xa9" "e", -1,
	      SANITIZE_MULTILINE, "abcde");
}

static void
test_sanitize_whitespace(void **state)
{
	check("a\tb", -1, SANITIZE_LINE, "a b");
	check("a\tb", -1, SANITIZE_MULTILINE, "a b");
	check("a\rb", -1, SANITIZE_LINE, "ab");
	check("line one\nline two", -1, SANITIZE_MULTILINE, "line one\nline two");
	check("line one\nline two", -1, SANITIZE_LINE, "line one line two");
	check("dos\r\nline", -1, SANITIZE_MULTILINE, "dos\nline");
	check("dos\r\nline", -1, SANITIZE_LINE, "dos line");
	check("\n\n", -1, SANITIZE_MULTILINE, "\n\n");
}

static void
test_sanitize_keeps_scripts_and_emoji(void **state)
{
	static const char *const texts[] = {
		"日本語のテキスト、中文，한국어",
		"Grüße aus Köln — «ça va?»",
		"e\xcc\x81 n\xcc\x83 a\xcc\x8a\xcc\x81",               /* combining marks */
		"\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",                   /* thumbs up, skin tone */
		"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7", /* ZWJ family */
		"\xf0\x9f\x87\xab\xf0\x9f\x87\xb7",                   /* flag: regional indicators */
		"שלום עולם مرحبا",                                     /* right-to-left scripts */
		"\xe2\x9d\xa4\xef\xb8\x8f",                           /* heart + VS16 */
	};

	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		check(texts[i], -1, SANITIZE_LINE, texts[i]);
		check(texts[i], -1, SANITIZE_MULTILINE, texts[i]);
		check(texts[i], (long)strlen(texts[i]), SANITIZE_LINE, texts[i]);
	}
}

static void
test_sanitize_every_byte(void **state)
{
	/* Every single byte, and every byte after an ESC, comes out printable. */
	for (int b = 0; b < 256; b++) {
		char text[4] = { (char)b, 'x', 0, 0 };
		char escaped[4] = { '\x1b', (char)b, 'x', 0 };
		char *safe;

		safe = sanitize(text, 2, SANITIZE_LINE);
		assert_printable(safe, 0);
		g_free(safe);
		safe = sanitize(text, 2, SANITIZE_MULTILINE);
		assert_printable(safe, 1);
		g_free(safe);
		safe = sanitize(escaped, 3, SANITIZE_LINE);
		assert_printable(safe, 0);
		assert_not_contains(safe, "\x1b");
		g_free(safe);
	}
}

static void
test_sanitize_every_c1_character(void **state)
{
	for (gunichar c = 0x80; c <= 0x9f; c++) {
		char text[8];
		int n = g_unichar_to_utf8(c, text);
		char *safe = sanitize(text, n, SANITIZE_MULTILINE);
		assert_string_equal(safe, FFFD);
		g_free(safe);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_plain_text_unchanged),
		cmocka_unit_test(test_sanitize_escape_sequences),
		cmocka_unit_test(test_sanitize_c0_and_del),
		cmocka_unit_test(test_sanitize_nul_within_length),
		cmocka_unit_test(test_sanitize_invalid_utf8),
		cmocka_unit_test(test_sanitize_bidi_controls_dropped),
		cmocka_unit_test(test_sanitize_whitespace),
		cmocka_unit_test(test_sanitize_keeps_scripts_and_emoji),
		cmocka_unit_test(test_sanitize_every_byte),
		cmocka_unit_test(test_sanitize_every_c1_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
