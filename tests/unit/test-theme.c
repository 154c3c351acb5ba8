/*
 * test-theme.c: theme files (config/theme.h): the value syntax, the
 * problems reported, the shipped themes and where themes are looked for.
 */
#include "config.h"

#include "unit.h"

#include "config/paths.h"
#include "config/theme.h"

/* What no parsed value can be: an item still holding it was not in the
 * file. */
static const struct theme_colour unset = { -7, -7, 0xdead };

/* Parses text over theme, which must be valid ini; returns the problems
 * (caller frees with g_ptr_array_unref). */
static GPtrArray *
parse(const char *text, struct theme *theme)
{
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	if (theme_parse(text, theme, problems, &cause) != 0) {
		print_error("theme_parse failed: %s\n", cause ? cause : "(no cause)");
		fail();
	}
	return problems;
}

/* The colour value gives the item "text"; the value must be right. */
static struct theme_colour
parse_value(const char *value)
{
	char *text = g_strdup_printf("[colours]\ntext = %s\n", value);
	struct theme theme;
	GPtrArray *problems;

	theme_default(&theme);
	problems = parse(text, &theme);
	if (problems->len != 0) {
		print_error("'%s': %s\n", value, (char *)problems->pdata[0]);
		fail();
	}
	g_ptr_array_unref(problems);
	g_free(text);
	return theme.items[THEME_TEXT];
}

/* The value must be refused with one problem holding the item, the value
 * and why (a word of it); the item keeps its value. */
static void
check_refused(const char *value, const char *why)
{
	char *text = g_strdup_printf("[colours]\nerror = %s\n", value);
	struct theme theme, before;
	GPtrArray *problems;

	theme_default(&theme);
	before = theme;
	problems = parse(text, &theme);
	if (problems->len != 1) {
		print_error("'%s': %u problems, wanted 1\n", value, problems->len);
		fail();
	}
	assert_contains(problems->pdata[0], "error = ");
	assert_contains(problems->pdata[0], value);
	assert_contains(problems->pdata[0], why);
	assert_memory_equal(&before, &theme, sizeof theme);
	g_ptr_array_unref(problems);
	g_free(text);
}

static void
assert_colour(struct theme_colour colour, int foreground, int background, unsigned attrs)
{
	assert_int_equal(colour.foreground, foreground);
	assert_int_equal(colour.background, background);
	assert_int_equal(colour.attrs, attrs);
}

/* Loads the file over a theme of unset items: every item must be set,
 * without problems. */
static void
load_complete(const char *path, struct theme *theme)
{
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	for (int i = 0; i < THEME_ITEMS; i++)
		theme->items[i] = unset;
	if (theme_load(path, theme, problems, &cause) != 0) {
		print_error("%s: %s\n", path, cause);
		fail();
	}
	for (guint i = 0; i < problems->len; i++)
		print_error("%s: %s\n", path, (char *)problems->pdata[i]);
	assert_int_equal(problems->len, 0);
	for (int i = 0; i < THEME_ITEMS; i++) {
		if (theme->items[i].attrs == unset.attrs) {
			print_error("%s does not set %s\n", path, theme_item_name(i));
			fail();
		}
	}
	g_ptr_array_unref(problems);
}

/* themes/file must hold exactly what builtin gives. */
static void
check_shipped(const char *file, void (*builtin)(struct theme *))
{
	char *path = g_build_filename(SRCDIR, "themes", file, NULL);
	struct theme expected, shipped;

	builtin(&expected);
	load_complete(path, &shipped);
	for (int i = 0; i < THEME_ITEMS; i++) {
		const struct theme_colour *want = &expected.items[i], *got = &shipped.items[i];
		if (want->foreground != got->foreground || want->background != got->background ||
		    want->attrs != got->attrs) {
			print_error("%s: %s is %d on %d attrs %u, built in %d on %d attrs %u\n",
			            file, theme_item_name(i), got->foreground, got->background,
			            got->attrs, want->foreground, want->background, want->attrs);
			fail();
		}
	}
	g_free(path);
}

static void
test_default_matches_shipped_file(void **state)
{
	check_shipped("default.theme", theme_default);
}

static void
test_mono_matches_shipped_file(void **state)
{
	struct theme mono;

	check_shipped("mono.theme", theme_mono);
	theme_mono(&mono);
	for (int i = 0; i < THEME_ITEMS; i++)
		assert_colour(mono.items[i], -1, -1, mono.items[i].attrs);
	assert_int_equal(mono.items[THEME_STATUS].attrs, THEME_REVERSE);
	assert_int_equal(mono.items[THEME_ERROR].attrs, THEME_BOLD);
}

/* Every file in themes/ sets every item without a problem. */
static void
test_shipped_themes_are_complete(void **state)
{
	char *dir = g_build_filename(SRCDIR, "themes", NULL);
	GDir *listing = g_dir_open(dir, 0, NULL);
	const char *entry;
	int count = 0;

	assert_non_null(listing);
	while ((entry = g_dir_read_name(listing)) != NULL) {
		char *path = g_build_filename(dir, entry, NULL);
		struct theme theme;

		assert_true(g_str_has_suffix(entry, ".theme"));
		load_complete(path, &theme);
		g_free(path);
		count++;
	}
	assert_true(count >= 4);
	g_dir_close(listing);
	g_free(dir);
}

static void
test_item_names(void **state)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

	for (int i = 0; i < THEME_ITEMS; i++) {
		const char *name = theme_item_name(i);
		assert_non_null(name);
		assert_false(g_hash_table_contains(seen, name));
		g_hash_table_add(seen, (char *)name);
	}
	assert_string_equal(theme_item_name(THEME_TITLE), "title");
	assert_string_equal(theme_item_name(THEME_STATUS_MORE), "status_more");
	assert_string_equal(theme_item_name(THEME_ENCRYPTED), "encrypted");
	assert_null(theme_item_name(THEME_ITEMS));
	assert_null(theme_item_name(-1));
	g_hash_table_destroy(seen);
}

static void
test_colours(void **state)
{
	assert_colour(parse_value("default"), -1, -1, 0);
	assert_colour(parse_value("black"), 0, -1, 0);
	assert_colour(parse_value("white"), 7, -1, 0);
	assert_colour(parse_value("brightblack"), 8, -1, 0);
	assert_colour(parse_value("brightmagenta on black"), 13, 0, 0);
	assert_colour(parse_value("default on brightwhite"), -1, 15, 0);
	assert_colour(parse_value("colour0"), 0, -1, 0);
	assert_colour(parse_value("colour255"), 255, -1, 0);
	assert_colour(parse_value("color17 on colour234"), 17, 234, 0);
	assert_colour(parse_value("colour007"), 7, -1, 0);
	assert_colour(parse_value("  red \t on  blue  "), 1, 4, 0);
}

static void
test_attributes(void **state)
{
	assert_colour(parse_value("red bold"), 1, -1, THEME_BOLD);
	assert_colour(parse_value("red underline"), 1, -1, THEME_UNDERLINE);
	assert_colour(parse_value("red reverse"), 1, -1, THEME_REVERSE);
	assert_colour(parse_value("red italic"), 1, -1, THEME_ITALIC);
	assert_colour(parse_value("red dim"), 1, -1, THEME_DIM);
	assert_colour(parse_value("green on black bold underline reverse italic dim"), 2, 0,
	              THEME_BOLD | THEME_UNDERLINE | THEME_REVERSE | THEME_ITALIC | THEME_DIM);
	/* Attributes alone: both colours are the terminal's. */
	assert_colour(parse_value("reverse"), -1, -1, THEME_REVERSE);
	assert_colour(parse_value("bold underline"), -1, -1, THEME_BOLD | THEME_UNDERLINE);
	assert_colour(parse_value("bold bold"), -1, -1, THEME_BOLD);
}

static void
test_values_refused(void **state)
{
	check_refused("purple", "unknown colour or attribute 'purple'");
	check_refused("red on blue purple", "unknown attribute 'purple'");
	check_refused("red on purple", "unknown colour 'purple'");
	check_refused("brightcolour3", "unknown colour");
	check_refused("colour", "unknown colour");
	check_refused("colour-1", "unknown colour");
	check_refused("colour1x", "unknown colour");
	check_refused("colour256", "out of range");
	check_refused("red on color99999999999999999999", "out of range");
	check_refused("red on", "'on' needs a background colour");
	check_refused("red on bold", "'on' needs a background colour");
	check_refused("on blue", "'on' must follow a foreground colour");
	check_refused("red on blue on green", "'on' must follow");
	check_refused("red blue", "colour 'blue' out of place");
	check_refused("bold red", "colour 'red' out of place");
	check_refused("", "no colour or attribute");
	check_refused("Red", "'Red'");
}

static void
test_parse_keeps_other_items(void **state)
{
	struct theme theme, builtin;
	GPtrArray *problems;

	theme_default(&theme);
	builtin = theme;
	problems = parse("# a comment\n[colours]\nerror = brightmagenta on black bold\n", &theme);
	assert_int_equal(problems->len, 0);
	assert_colour(theme.items[THEME_ERROR], 13, 0, THEME_BOLD);
	for (int i = 0; i < THEME_ITEMS; i++) {
		if (i != THEME_ERROR)
			assert_memory_equal(&theme.items[i], &builtin.items[i],
			                    sizeof theme.items[i]);
	}
	g_ptr_array_unref(problems);
}

static void
test_problems_are_named(void **state)
{
	struct theme theme, before;
	GPtrArray *problems;

	theme_default(&theme);
	before = theme;
	problems = parse("[colours]\nerror = purple\nnosuch = red\nown_nick = red on\n"
	                 "peer_nick = red blue\n[colors]\ntext = red\n",
	                 &theme);
	assert_int_equal(problems->len, 5);
	/* Groups come first, then the lines in order. */
	assert_string_equal(problems->pdata[0],
	                    "theme: unknown group [colors] (items go in [colours])");
	assert_string_equal(problems->pdata[1],
	                    "theme: error = purple: unknown colour or attribute 'purple'");
	assert_string_equal(problems->pdata[2], "theme: unknown item 'nosuch'");
	assert_string_equal(problems->pdata[3],
	                    "theme: own_nick = red on: 'on' needs a background colour");
	assert_contains(problems->pdata[4], "theme: peer_nick = red blue: colour 'blue'");
	assert_contains(problems->pdata[4], "FOREGROUND [on BACKGROUND] [ATTR...]");
	/* A wrong line changes nothing. */
	assert_memory_equal(&before, &theme, sizeof theme);
	g_ptr_array_unref(problems);
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

/* A configuration directory and a data directory, each with themes/. */
struct dirs {
	char *top, *config, *data;
};

static int
setup_dirs(void **state)
{
	struct dirs *dirs = g_new0(struct dirs, 1);

	dirs->top = unit_make_tmpdir();
	dirs->config = g_build_filename(dirs->top, "config", NULL);
	dirs->data = g_build_filename(dirs->top, "data", NULL);
	paths_init(dirs->config);
	g_setenv("NATTER_DATADIR", dirs->data, TRUE);
	*state = dirs;
	return 0;
}

static int
teardown_dirs(void **state)
{
	struct dirs *dirs = *state;

	paths_clear();
	unit_remove_tree(dirs->top);
	g_free(dirs->top);
	g_free(dirs->config);
	g_free(dirs->data);
	g_free(dirs);
	return 0;
}

/* Writes dir/themes/file. */
static void
write_theme(const char *dir, const char *file)
{
	char *themes = g_build_filename(dir, "themes", NULL);
	char *path = g_build_filename(themes, file, NULL);

	assert_int_equal(g_mkdir_with_parents(themes, 0700), 0);
	assert_true(g_file_set_contents(path, "[colours]\ntext = red\n", -1, NULL));
	g_free(path);
	g_free(themes);
}

/* theme_locate(name) must give dir/themes/name.theme. */
static void
check_located(const char *name, const char *dir)
{
	char *cause = NULL, *path = theme_locate(name, &cause);
	char *file = g_strconcat(name, ".theme", NULL);
	char *wanted = g_build_filename(dir, "themes", file, NULL);

	assert_null(cause);
	assert_non_null(path);
	assert_string_equal(path, wanted);
	g_free(wanted);
	g_free(file);
	g_free(path);
}

static void
test_locate_order(void **state)
{
	struct dirs *dirs = *state;
	char *cause = NULL, *wanted;

	write_theme(dirs->config, "both.theme");
	write_theme(dirs->data, "both.theme");
	write_theme(dirs->data, "data-only.theme");
	write_theme(dirs->config, "Config_1.theme");
	/* The configuration directory wins over the data directory. */
	check_located("both", dirs->config);
	check_located("data-only", dirs->data);
	check_located("Config_1", dirs->config);

	assert_null(theme_locate("none", &cause));
	wanted = g_strdup_printf("no theme 'none' (looked in %s/themes, %s/themes)", dirs->config,
	                         dirs->data);
	assert_string_equal(cause, wanted);
	g_free(wanted);
	g_free(cause);
	cause = NULL;

	/* Without $NATTER_DATADIR (or with it empty), the installed one. */
	g_setenv("NATTER_DATADIR", "", TRUE);
	assert_null(theme_locate("data-only", &cause));
	assert_contains(cause, "natter/themes)");
	assert_not_contains(cause, dirs->data);
	g_free(cause);
	cause = NULL;
	g_unsetenv("NATTER_DATADIR");
	assert_null(theme_locate("data-only", &cause));
	assert_contains(cause, "natter/themes)");
	g_free(cause);
}

static void
test_locate_refuses_bad_names(void **state)
{
	static const char *const bad[] = {
		"",
		"../both",
		"a/b",
		"a b",
		"both.theme",
		".",
		"tab\t",
		"é",
		"0123456789012345678901234567890123456789012345678901234567890123x",
	};
	struct dirs *dirs = *state;
	char *cause = NULL;

	write_theme(dirs->config, "both.theme");
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		assert_null(theme_locate(bad[i], &cause));
		assert_string_equal(cause, "a theme name is 1-64 letters, digits, '-' or '_'");
		g_free(cause);
		cause = NULL;
	}
	/* 64 characters are allowed. */
	assert_null(theme_locate("0123456789012345678901234567890123456789012345678901234567890123",
	                         &cause));
	assert_contains(cause, "no theme '0123");
	g_free(cause);
}

static void
test_names(void **state)
{
	static const char *const wanted[] = { "a", "b", "both", "c-1_X" };
	struct dirs *dirs = *state;
	char *subdir = g_build_filename(dirs->config, "themes", "dir.theme", NULL);
	GPtrArray *names;

	/* Nothing there yet: an empty list. */
	names = theme_names();
	assert_int_equal(names->len, 0);
	g_ptr_array_unref(names);

	write_theme(dirs->config, "both.theme");
	write_theme(dirs->config, "b.theme");
	write_theme(dirs->config, "notes.txt");
	write_theme(dirs->config, "bad name.theme");
	write_theme(dirs->config, ".theme");
	write_theme(dirs->data, "both.theme");
	write_theme(dirs->data, "c-1_X.theme");
	write_theme(dirs->data, "a.theme");
	assert_int_equal(g_mkdir_with_parents(subdir, 0700), 0);
	names = theme_names();
	assert_int_equal(names->len, G_N_ELEMENTS(wanted));
	for (size_t i = 0; i < G_N_ELEMENTS(wanted); i++)
		assert_string_equal(names->pdata[i], wanted[i]);
	g_ptr_array_unref(names);
	g_free(subdir);
}

/* With the source tree as the data directory (as in make check and make
 * demo), the shipped themes are found. */
static void
test_names_shipped(void **state)
{
	static const char *const shipped[] = { "default", "light", "mono", "solarized-dark" };
	GPtrArray *names;
	char *cause = NULL, *path;

	g_setenv("NATTER_DATADIR", SRCDIR, TRUE);
	names = theme_names();
	for (size_t i = 0; i < G_N_ELEMENTS(shipped); i++) {
		guint index;
		assert_true(
		        g_ptr_array_find_with_equal_func(names, shipped[i], g_str_equal, &index));
	}
	g_ptr_array_unref(names);
	path = theme_locate("solarized-dark", &cause);
	assert_non_null(path);
	assert_true(g_str_has_prefix(path, SRCDIR));
	g_free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_matches_shipped_file),
		cmocka_unit_test(test_mono_matches_shipped_file),
		cmocka_unit_test(test_shipped_themes_are_complete),
		cmocka_unit_test(test_item_names),
		cmocka_unit_test(test_colours),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_values_refused),
		cmocka_unit_test(test_parse_keeps_other_items),
		cmocka_unit_test(test_problems_are_named),
		cmocka_unit_test(test_not_ini),
		cmocka_unit_test_setup_teardown(test_locate_order, setup_dirs, teardown_dirs),
		cmocka_unit_test_setup_teardown(test_locate_refuses_bad_names, setup_dirs,
		                                teardown_dirs),
		cmocka_unit_test_setup_teardown(test_names, setup_dirs, teardown_dirs),
		cmocka_unit_test_setup_teardown(test_names_shipped, setup_dirs, teardown_dirs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
