/*
 * test-theme.c: theme files (config/theme.h).
 */
#include "config.h"

#include "unit.h"

#include "config/theme.h"

static void
test_default_matches_shipped_file(void **state)
{
	struct theme builtin, shipped;
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL, *path = g_build_filename(SRCDIR, "themes", "default.theme", NULL);

	theme_default(&builtin);
	/* Start from something else so every item must come from the file. */
	memset(&shipped, 0x55, sizeof shipped);
	assert_int_equal(theme_load(path, &shipped, problems, &cause), 0);
	assert_int_equal(problems->len, 0);
	assert_memory_equal(&builtin, &shipped, sizeof builtin);
	g_free(path);
	g_ptr_array_free(problems, TRUE);
}

static void
test_values(void **state)
{
	struct theme theme;
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	theme_default(&theme);
	assert_int_equal(theme_parse("[colours]\nerror = brightmagenta on black bold\n"
	                             "info = default\n",
	                             &theme, problems, &cause),
	                 0);
	assert_int_equal(problems->len, 0);
	assert_int_equal(theme.items[THEME_ERROR].foreground, 13);
	assert_int_equal(theme.items[THEME_ERROR].background, 0);
	assert_int_equal(theme.items[THEME_ERROR].bold, 1);
	assert_int_equal(theme.items[THEME_INFO].foreground, -1);
	assert_int_equal(theme.items[THEME_INFO].bold, 0);
	/* Untouched items keep the default. */
	assert_int_equal(theme.items[THEME_OWN].foreground, 2);
	g_ptr_array_free(problems, TRUE);
}

static void
test_problems_are_named(void **state)
{
	struct theme theme, before;
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	theme_default(&theme);
	before = theme;
	assert_int_equal(theme_parse("[colours]\nerror = purple\nnosuch = red\nown = red on\n"
	                             "peer = red blue\n",
	                             &theme, problems, &cause),
	                 0);
	assert_int_equal(problems->len, 4);
	assert_contains(problems->pdata[0], "purple");
	assert_contains(problems->pdata[1], "nosuch");
	assert_contains(problems->pdata[2], "own");
	assert_contains(problems->pdata[3], "blue");
	/* A wrong line changes nothing. */
	assert_memory_equal(&before, &theme, sizeof theme);
	g_ptr_array_free(problems, TRUE);
}

static void
test_not_ini(void **state)
{
	struct theme theme;
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	theme_default(&theme);
	assert_int_equal(theme_parse("this is not [ini\n", &theme, problems, &cause), -1);
	assert_non_null(cause);
	g_free(cause);
	cause = NULL;
	assert_int_equal(theme_load("/nonexistent/natter.theme", &theme, problems, &cause), -1);
	assert_contains(cause, "nonexistent");
	g_free(cause);
	g_ptr_array_free(problems, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_matches_shipped_file),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_problems_are_named),
		cmocka_unit_test(test_not_ini),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
