/*
 * test-tokenize.c: splitting command lines into words (cmd/tokenize.h).
 */
#include "config.h"

#include "unit.h"

#include "cmd/tokenize.h"

/* Tokenizes line, which must succeed into the NULL-terminated expected. */
static void
check_words(const char *line, const char *const *expected)
{
	char **words = NULL, *cause = NULL;
	int count = -1, n = 0;

	if (tokenize(line, &words, &count, &cause) != 0) {
		print_error("tokenize(\"%s\") failed: %s\n", line, cause ? cause : "(no cause)");
		fail();
	}
	while (expected[n] != NULL)
		n++;
	assert_non_null(words);
	assert_int_equal(count, n);
	for (int i = 0; i < n; i++)
		assert_string_equal(words[i], expected[i]);
	assert_null(words[n]);
	g_strfreev(words);
}

/* Tokenizes line, which must fail with a cause mentioning about. */
static void
check_error(const char *line, const char *about)
{
	char **words = NULL, *cause = NULL;
	int count = -1;

	assert_int_equal(tokenize(line, &words, &count, &cause), -1);
	assert_non_null(cause);
	assert_contains(cause, about);
	g_free(cause);
}

#define WORDS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NO_WORDS ((const char *const[]){ NULL })

static void
test_tokenize_words(void **state)
{
	check_words("/msg juliet@example.org hello world",
	            WORDS("/msg", "juliet@example.org", "hello", "world"));
	check_words("one", WORDS("one"));
	check_words("  leading and   several\tspaces\t\t", WORDS("leading", "and", "several", "spaces"));
}

static void
test_tokenize_empty_line(void **state)
{
	check_words("", NO_WORDS);
	check_words("   ", NO_WORDS);
	check_words("\t \t", NO_WORDS);
}

static void
test_tokenize_double_quotes(void **state)
{
	check_words("/msg \"juliet capulet\" hi", WORDS("/msg", "juliet capulet", "hi"));
	check_words("\"a \\\"quoted\\\" word\"", WORDS("a \"quoted\" word"));
	check_words("\"back\\\\slash\"", WORDS("back\\slash"));
	check_words("\"single ' inside\"", WORDS("single ' inside"));
	check_words("\"\"", WORDS(""));
	check_words("a \"\" b", WORDS("a", "", "b"));
	check_words("\"tab\tinside\"", WORDS("tab\tinside"));
}

static void
test_tokenize_single_quotes(void **state)
{
	/* Single quotes are literal: no escapes inside. */
	check_words("'it is \\ literal'", WORDS("it is \\ literal"));
	check_words("'say \"hi\"'", WORDS("say \"hi\""));
	check_words("'a\\'", WORDS("a\\"));
	check_words("''", WORDS(""));
}

static void
test_tokenize_quotes_join_parts(void **state)
{
	/* Quoted and unquoted parts next to each other form one word. */
	check_words("pre\"fix suf\"fix", WORDS("prefix suffix"));
	check_words("\"a b\"'c d'e f", WORDS("a bc de", "f"));
	check_words("-a\"work account\"", WORDS("-awork account"));
}

static void
test_tokenize_escapes(void **state)
{
	check_words("a\\ b c", WORDS("a b", "c"));
	check_words("\\\"not quoted\\\"", WORDS("\"not", "quoted\""));
	check_words("back\\\\slash", WORDS("back\\slash"));
	check_words("\\'x\\'", WORDS("'x'"));
	check_words("tab\\\tin", WORDS("tab\tin"));
	check_words("\\a\\b", WORDS("ab"));
}

static void
test_tokenize_utf8(void **state)
{
	check_words("/msg jürgen@exämple.de Grüße 日本語 🎉",
	            WORDS("/msg", "jürgen@exämple.de", "Grüße", "日本語", "🎉"));
	check_words("\"日本 語\" 'ü ö'", WORDS("日本 語", "ü ö"));
	check_words("\\日本", WORDS("日本"));
	/* U+3000 IDEOGRAPHIC SPACE is not a separator: only space and tab are */
	check_words("日本\xe3\x80\x80語", WORDS("日本\xe3\x80\x80語"));
}

static void
test_tokenize_unterminated_quotes(void **state)
{
	check_error("/msg \"juliet hello", "quote");
	check_error("'abc", "quote");
	check_error("a \"b\" \"c", "quote");
	check_error("\"escaped at the end\\\"", "quote");
}

static void
test_tokenize_trailing_backslash(void **state)
{
	check_error("abc\\", "backslash");
	check_error("a b \\", "backslash");
}

static void
test_tokenize_invalid_utf8(void **state)
{
	check_error("/msg a \xff", "UTF-8");
	check_error("\xc3", "UTF-8");
	check_error("\"quoted \xe4\xb8\"", "UTF-8");
}

static void
test_tokenize_next_cursor(void **state)
{
	const char *line = "/msg  juliet@example.org  rest of \"the line\"";
	const char *cursor = line;
	char *word = NULL, *cause = NULL;

	assert_int_equal(tokenize_next(&cursor, &word, &cause), 1);
	assert_string_equal(word, "/msg");
	assert_ptr_equal(cursor, line + 4); /* just past the word */
	g_free(word);

	assert_int_equal(tokenize_next(&cursor, &word, &cause), 1);
	assert_string_equal(word, "juliet@example.org");
	assert_ptr_equal(cursor, line + 24);
	g_free(word);

	/* A command taking "the rest of the line" skips the spaces itself. */
	assert_string_equal(tokenize_skip_space(cursor), "rest of \"the line\"");

	assert_int_equal(tokenize_next(&cursor, &word, &cause), 1);
	assert_string_equal(word, "rest");
	g_free(word);
	assert_int_equal(tokenize_next(&cursor, &word, &cause), 1);
	assert_string_equal(word, "of");
	g_free(word);
	assert_int_equal(tokenize_next(&cursor, &word, &cause), 1);
	assert_string_equal(word, "the line");
	assert_ptr_equal(cursor, line + strlen(line)); /* past the closing quote */
	g_free(word);

	word = NULL;
	assert_int_equal(tokenize_next(&cursor, &word, &cause), 0);
	assert_null(word);
	assert_ptr_equal(cursor, line + strlen(line));
	assert_int_equal(tokenize_next(&cursor, &word, &cause), 0);
	assert_null(cause);
}

static void
test_tokenize_next_trailing_space(void **state)
{
	const char *line = "word   \t ";
	const char *cursor = line;
	char *word = NULL, *cause = NULL;

	assert_int_equal(tokenize_next(&cursor, &word, &cause), 1);
	assert_string_equal(word, "word");
	g_free(word);
	assert_int_equal(tokenize_next(&cursor, &word, &cause), 0);
	assert_int_equal(*cursor, '\0');
}

static void
test_tokenize_next_error(void **state)
{
	const char *line = "ok 'open";
	const char *cursor = line;
	char *word = NULL, *cause = NULL;

	assert_int_equal(tokenize_next(&cursor, &word, &cause), 1);
	g_free(word);
	word = NULL;
	assert_int_equal(tokenize_next(&cursor, &word, &cause), -1);
	assert_non_null(cause);
	assert_contains(cause, "quote");
	assert_null(word);
	g_free(cause);
}

static void
test_tokenize_skip_space(void **state)
{
	const char *line = " \t x y";
	const char *empty = "";

	assert_ptr_equal(tokenize_skip_space(line), line + 3);
	assert_ptr_equal(tokenize_skip_space(line + 3), line + 3);
	assert_ptr_equal(tokenize_skip_space(empty), empty);
	assert_int_equal(*tokenize_skip_space("   "), '\0');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokenize_words),
		cmocka_unit_test(test_tokenize_empty_line),
		cmocka_unit_test(test_tokenize_double_quotes),
		cmocka_unit_test(test_tokenize_single_quotes),
		cmocka_unit_test(test_tokenize_quotes_join_parts),
		cmocka_unit_test(test_tokenize_escapes),
		cmocka_unit_test(test_tokenize_utf8),
		cmocka_unit_test(test_tokenize_unterminated_quotes),
		cmocka_unit_test(test_tokenize_trailing_backslash),
		cmocka_unit_test(test_tokenize_invalid_utf8),
		cmocka_unit_test(test_tokenize_next_cursor),
		cmocka_unit_test(test_tokenize_next_trailing_space),
		cmocka_unit_test(test_tokenize_next_error),
		cmocka_unit_test(test_tokenize_skip_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
