/*
 * test-inifile.c: ini text edited in place (config/inifile.c): everything
 * an edit does not concern comes back byte for byte, and GKeyFile (what
 * accounts.c reads with) sees the edit.
 */
#include "unit.h"

#include "config/inifile.h"

static const char sample[] = "# natter accounts\n"
                             "\n"
                             "[work]\n"
                             "jid = me@example.org\n"
                             "password=old secret\n"
                             "# the laptop\n"
                             "  resource\t=  laptop\n"
                             "\n"
                             "# home, below\n"
                             "[home]\n"
                             "jid = me@example.net\n"
                             "password = other\n";

/* text after applying edit to sample. */
static char *
edited(void (*edit)(struct inifile *))
{
	struct inifile *ini = inifile_parse(sample);
	char *text;

	edit(ini);
	text = inifile_text(ini);
	inifile_free(ini);
	return text;
}

/* The raw value GKeyFile gives for group/key, or NULL. */
static char *
keyfile_value(const char *text, const char *group, const char *key)
{
	GKeyFile *file = g_key_file_new();
	char *value = NULL;

	if (g_key_file_load_from_data(file, text, (gsize)-1, G_KEY_FILE_KEEP_COMMENTS, NULL))
		value = g_key_file_get_value(file, group, key, NULL);
	g_key_file_free(file);
	return value;
}

static void
untouched_round_trip(void **state)
{
	static const char *const texts[] = {
		sample,
		"",
		"\n",
		"[a]\nk=v",
		"[a]\r\nk = v\r\n",
		"# only a comment",
		"garbage line\n[a]\n = \n[\n",
		"[a]\n[a]\nk=1\n",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		struct inifile *ini = inifile_parse(texts[i]);
		char *text = inifile_text(ini);
		assert_string_equal(text, texts[i]);
		g_free(text);
		inifile_free(ini);
	}
}

static void
set_existing(struct inifile *ini)
{
	inifile_set(ini, "work", "password", "new one");
	inifile_set(ini, "work", "resource", "desk");
}

/* A key that is there keeps its line's spacing; the other group's key of
 * the same name is left alone. */
static void
set_keeps_spacing(void **state)
{
	char *text = edited(set_existing);

	assert_string_equal(text, "# natter accounts\n"
	                          "\n"
	                          "[work]\n"
	                          "jid = me@example.org\n"
	                          "password=new one\n"
	                          "# the laptop\n"
	                          "  resource\t=  desk\n"
	                          "\n"
	                          "# home, below\n"
	                          "[home]\n"
	                          "jid = me@example.net\n"
	                          "password = other\n");
	char *value = keyfile_value(text, "home", "password");
	assert_string_equal(value, "other");
	g_free(value);
	g_free(text);
}

static void
set_new_keys(struct inifile *ini)
{
	inifile_set(ini, "work", "priority", "5");
	inifile_set(ini, "home", "tls", "direct");
	inifile_set(ini, "extra", "jid", "x@example.com");
}

/* A new key goes after the group's last key, above the comments that
 * introduce the next group; a new group at the end. */
static void
set_adds_lines(void **state)
{
	char *text = edited(set_new_keys);

	assert_string_equal(text, "# natter accounts\n"
	                          "\n"
	                          "[work]\n"
	                          "jid = me@example.org\n"
	                          "password=old secret\n"
	                          "# the laptop\n"
	                          "  resource\t=  laptop\n"
	                          "priority = 5\n"
	                          "\n"
	                          "# home, below\n"
	                          "[home]\n"
	                          "jid = me@example.net\n"
	                          "password = other\n"
	                          "tls = direct\n"
	                          "\n"
	                          "[extra]\n"
	                          "jid = x@example.com\n");
	char *value = keyfile_value(text, "extra", "jid");
	assert_string_equal(value, "x@example.com");
	g_free(value);
	g_free(text);
}

/* Without a final newline, and into an empty file. */
static void
set_at_end(void **state)
{
	struct inifile *ini = inifile_parse("[a]\nk = v");
	char *text;

	inifile_set(ini, "a", "n", "w");
	text = inifile_text(ini);
	assert_string_equal(text, "[a]\nk = v\nn = w\n");
	g_free(text);
	inifile_free(ini);

	ini = inifile_parse("");
	inifile_set(ini, "a", "k", "v");
	text = inifile_text(ini);
	assert_string_equal(text, "[a]\nk = v\n");
	g_free(text);
	inifile_free(ini);
}

static void
unset_and_remove(struct inifile *ini)
{
	assert_int_equal(inifile_unset(ini, "home", "password"), 1);
	assert_int_equal(inifile_unset(ini, "home", "password"), 0);
	assert_int_equal(inifile_remove_group(ini, "work"), 1);
	assert_int_equal(inifile_remove_group(ini, "nowhere"), 0);
}

/* A removed group takes its lines, comments among its keys included; the
 * comment introducing the next group stays. */
static void
unset_and_remove_group(void **state)
{
	char *text = edited(unset_and_remove);

	assert_string_equal(text, "# natter accounts\n"
	                          "\n"
	                          "\n"
	                          "# home, below\n"
	                          "[home]\n"
	                          "jid = me@example.net\n");
	g_free(text);
}

/* A CRLF file stays CRLF through edits. */
static void
crlf_kept(void **state)
{
	struct inifile *ini = inifile_parse("[a]\r\nk = v\r\n");
	char *text;

	inifile_set(ini, "a", "k", "w");
	inifile_set(ini, "a", "n", "x");
	inifile_set(ini, "b", "k", "y");
	assert_int_equal(inifile_rename_group(ini, "a", "c"), 1);
	text = inifile_text(ini);
	assert_string_equal(text, "[c]\r\nk = w\r\nn = x\r\n\r\n[b]\r\nk = y\r\n");
	g_free(text);
	assert_int_equal(inifile_remove_group(ini, "b"), 1);
	text = inifile_text(ini);
	assert_string_equal(text, "[c]\r\nk = w\r\nn = x\r\n");
	g_free(text);
	inifile_free(ini);
}

/* Added, then removed: the file as it was. */
static void
add_then_remove(void **state)
{
	struct inifile *ini = inifile_parse(sample);
	char *text;

	inifile_set(ini, "extra", "jid", "x@example.com");
	assert_int_equal(inifile_remove_group(ini, "extra"), 1);
	text = inifile_text(ini);
	assert_string_equal(text, sample);
	g_free(text);
	inifile_free(ini);
}

static void
rename_work(struct inifile *ini)
{
	assert_true(inifile_has_group(ini, "work"));
	assert_int_equal(inifile_rename_group(ini, "work", "office"), 1);
	assert_false(inifile_has_group(ini, "work"));
	assert_true(inifile_has_group(ini, "office"));
	assert_int_equal(inifile_rename_group(ini, "nowhere", "x"), 0);
}

static void
rename_group(void **state)
{
	char *text = edited(rename_work);
	char *value = keyfile_value(text, "office", "password");

	assert_string_equal(value, "old secret");
	assert_contains(text, "# the laptop\n");
	assert_not_contains(text, "[work]");
	g_free(value);
	g_free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(untouched_round_trip),   cmocka_unit_test(set_keeps_spacing),
		cmocka_unit_test(set_adds_lines),         cmocka_unit_test(set_at_end),
		cmocka_unit_test(unset_and_remove_group), cmocka_unit_test(add_then_remove),
		cmocka_unit_test(rename_group),           cmocka_unit_test(crlf_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
