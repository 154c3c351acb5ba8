/*
 * test-prefs.c: options from natter.conf and /set (config/prefs.h).
 */
#include "config.h"

#include "unit.h"

#include "config/prefs.h"
#include "core/event.h"

static int changes;
static char *changed;

static void
on_change(const struct event *event, void *userdata)
{
	changes++;
	g_free(changed);
	changed = g_strdup(event->u.pref.name);
}

static int
setup(void **state)
{
	changes = 0;
	event_subscribe(EV_PREF_CHANGED, on_change, NULL);
	return 0;
}

static int
teardown(void **state)
{
	prefs_clear();
	event_reset();
	g_clear_pointer(&changed, g_free);
	return 0;
}

static void
test_defaults(void **state)
{
	/* Nothing read at all: every default. */
	assert_string_equal(prefs_string("ui.time_format"), "%H:%M");
	assert_true(prefs_bool("ui.roster_panel"));
	assert_int_equal(prefs_int("ui.roster_width"), 24);
	assert_true(prefs_has("ui.notify_on", "chat"));
	assert_false(prefs_has("ui.notify_on", "nothing"));
	/* Every row is consistent: its default passes its own check. */
	for (const struct pref_def *const *def = prefs_table(); *def; def++) {
		char *cause = NULL;
		assert_non_null(strchr((*def)->name, '.'));
		assert_int_equal(prefs_check(*def, (*def)->fallback, NULL, &cause), 0);
		assert_true(strlen((*def)->help) > 10);
	}
}

static void
test_parse_values(void **state)
{
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	assert_int_equal(prefs_parse("[ui]\n"
	                             "# a comment\n"
	                             "time_format = %H:%M:%S\n"
	                             "roster_panel = false\n"
	                             "roster_width = 30\n"
	                             "roster_side = LEFT\n"
	                             "notify_on = highlight , chat\n"
	                             "highlight_words = natter, \\\\o/\n",
	                             problems, &cause),
	                 0);
	assert_int_equal(problems->len, 0);
	assert_string_equal(prefs_string("ui.time_format"), "%H:%M:%S");
	assert_false(prefs_bool("ui.roster_panel"));
	assert_int_equal(prefs_int("ui.roster_width"), 30);
	assert_string_equal(prefs_string("ui.roster_side"), "left");
	assert_string_equal(prefs_string("ui.notify_on"), "highlight,chat");
	/* Raw values: a backslash is itself. */
	assert_string_equal(prefs_string("ui.highlight_words"), "natter, \\\\o/");
	g_ptr_array_free(problems, TRUE);
}

static void
test_parse_problems(void **state)
{
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	assert_int_equal(prefs_parse("[ui]\n"
	                             "roster_width = 5\n"
	                             "roster_panel = maybe\n"
	                             "roster_side = top\n"
	                             "notify_on = chat,everything\n"
	                             "no_such = 1\n"
	                             "[other]\n"
	                             "x = 1\n",
	                             problems, &cause),
	                 0);
	assert_int_equal(problems->len, 6);
	assert_string_equal(problems->pdata[0],
	                    "natter.conf: ui.roster_width is a number from 10 to 80, not '5'; "
	                    "using 24");
	assert_contains(problems->pdata[1], "ui.roster_panel is on or off, not 'maybe'");
	assert_contains(problems->pdata[2], "one of left, right, not 'top'");
	assert_contains(problems->pdata[3], "not 'everything'");
	assert_string_equal(problems->pdata[4], "natter.conf: unknown option ui.no_such");
	assert_string_equal(problems->pdata[5], "natter.conf: unknown option other.x");
	/* The wrong ones keep their defaults. */
	assert_int_equal(prefs_int("ui.roster_width"), 24);
	assert_true(prefs_bool("ui.roster_panel"));
	g_ptr_array_free(problems, TRUE);

	problems = g_ptr_array_new_with_free_func(g_free);
	assert_int_equal(prefs_parse("not ini at all", problems, &cause), -1);
	assert_contains(cause, "natter.conf");
	g_free(cause);
	g_ptr_array_free(problems, TRUE);
}

static void
test_set_saves(void **state)
{
	char *dir = unit_make_tmpdir(), *path = g_build_filename(dir, "conf", "natter.conf", NULL);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL, *text = NULL;
	GStatBuf st;

	assert_int_equal(prefs_load(path, problems, &cause), 0); /* missing: defaults */
	assert_int_equal(prefs_set("ui.roster_width", "40", &cause), 0);
	assert_int_equal(changes, 1);
	assert_string_equal(changed, "ui.roster_width");
	assert_int_equal(prefs_int("ui.roster_width"), 40);
	assert_int_equal(g_stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	assert_contains(text, "[ui]");
	assert_contains(text, "roster_width=40");
	g_free(text);

	/* Refused: nothing changes, no event. */
	assert_int_equal(prefs_set("ui.roster_width", "4000", &cause), -1);
	assert_contains(cause, "from 10 to 80");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(prefs_set("ui.nope", "1", &cause), -1);
	assert_contains(cause, "no option ui.nope");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(prefs_set("ui.time_format", "a\nb", &cause), -1);
	g_clear_pointer(&cause, g_free);
	assert_int_equal(changes, 1);

	/* A comment the user wrote survives a set; unset removes the key. */
	assert_true(g_file_set_contents(path, "# mine\n[ui]\nbell = off\n", -1, NULL));
	assert_int_equal(prefs_load(path, problems, &cause), 0);
	assert_false(prefs_bool("ui.bell"));
	assert_int_equal(prefs_set("ui.time_format", "%H:%M:%S", &cause), 0);
	assert_int_equal(prefs_set("ui.bell", NULL, &cause), 0);
	assert_true(prefs_bool("ui.bell"));
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	assert_contains(text, "# mine");
	assert_contains(text, "time_format=%H:%M:%S");
	assert_not_contains(text, "bell");
	g_free(text);

	/* A file that could not be read is never overwritten. */
	assert_true(g_file_set_contents(path, "garbage\n", -1, NULL));
	assert_int_equal(prefs_load(path, problems, &cause), -1);
	g_clear_pointer(&cause, g_free);
	assert_int_equal(prefs_set("ui.bell", "off", &cause), -1);
	assert_contains(cause, "left as it is");
	g_clear_pointer(&cause, g_free);
	assert_false(prefs_bool("ui.bell")); /* it holds for this run */
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	assert_string_equal(text, "garbage\n");
	g_free(text);

	assert_int_equal(problems->len, 0);
	g_ptr_array_free(problems, TRUE);
	unit_remove_tree(dir);
	g_free(path);
	g_free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_saves, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
