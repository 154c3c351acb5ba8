/*
 * test-complete.c: completion of partial command lines (cmd/command.h,
 * cmd_complete()).
 */
#include "config.h"

#include "unit.h"

#include "cmd/command.h"
#include "model/account.h"
#include "model/bookmark.h"
#include "model/conversation.h"
#include "model/room.h"

static void
add_account(const char *name, const char *jid)
{
	struct account *account = account_new(name);

	account->jid = g_strdup(jid);
	account_list_add(account);
}

static int
setup(void **state)
{
	add_account("work", "me@example.org");
	add_account("home", "me@example.net");
	conversation_open("work", "bob@example.org");
	conversation_open("home", "bea@example.net");
	conversation_open("home", "carol@example.net");
	return 0;
}

static int
teardown(void **state)
{
	conversation_list_clear();
	account_list_clear();
	return 0;
}

/* Fails unless the completions of line (cursor at its end), joined by
 * spaces, are expected, for a word starting at byte start. */
static void
assert_completes(const char *line, const char *expected, size_t start)
{
	size_t word_start = (size_t)-1;
	GPtrArray *matches = cmd_complete(NULL, line, strlen(line), &word_start);
	GString *joined = g_string_new(NULL);

	for (guint i = 0; i < matches->len; i++)
		g_string_append_printf(joined, "%s%s", i ? " " : "", (char *)matches->pdata[i]);
	if (strcmp(joined->str, expected) != 0 || word_start != start) {
		print_error("\"%s\" completes to \"%s\" at %zu, expected \"%s\" at %zu\n", line,
		            joined->str, word_start, expected, start);
		fail();
	}
	g_ptr_array_free(matches, TRUE);
	g_string_free(joined, TRUE);
}

static void
test_command_names(void **state)
{
	assert_completes("/he", "/help", 0);
	assert_completes("/nosuch", "", 0);
	assert_completes("/qu", "/query /quit", 0); /* aliases too */
}

static void
test_arguments_by_kind(void **state)
{
	assert_completes("/connect ", "home work", 9);
	assert_completes("/connect wo", "work", 9);
	assert_completes("/status --all a", "away", 14);
	assert_completes("/msg b", "bea@example.net bob@example.org", 5);
	assert_completes("/help m", "m mam me msg", 6);
	assert_completes("/help /q", "/query /quit", 6);
}

static void
test_options_and_limits(void **state)
{
	/* The value of -a is an account; after it comes the JID. */
	assert_completes("/msg -a h", "home", 8);
	assert_completes("/msg -a home c", "carol@example.net", 13);
	/* The message text completes to nothing, and so does a word past the
	 * last argument, inside an open quote, or in plain text. */
	assert_completes("/msg bob@example.org b", "", 21);
	assert_completes("/quit w", "", 6);
	assert_completes("/connect \"wo", "", 9);
	assert_completes("plain text w", "", 11);
}

static void
test_options_and_values(void **state)
{
	assert_completes("/set ui.roster_s", "ui.roster_side", 5);
	assert_completes("/unset ui.ba", "", 7);
	assert_completes("/unset ui.be", "ui.bell", 7);
	/* The value of an option: on/off, a choice, items of a set. */
	assert_completes("/set ui.bell o", "off on", 13);
	assert_completes("/set ui.roster_side ", "left right", 20);
	assert_completes("/set ui.notify_on chat,h", "chat,highlight", 18);
	assert_completes("/set ui.time_format %", "", 20);
	/* Words of the entry's own: subcommands. */
	assert_completes("/theme l", "list load", 7);
	assert_completes("/roster pa", "panel", 8);
	assert_completes("/roster add b", "bea@example.net bob@example.org", 12);
}

static GPtrArray *
two_windows(void)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

	g_ptr_array_add(names, g_strdup("console"));
	g_ptr_array_add(names, g_strdup("bob@example.org"));
	return names;
}

static GPtrArray *
room_nicks(void)
{
	GPtrArray *nicks = g_ptr_array_new_with_free_func(g_free);

	g_ptr_array_add(nicks, g_strdup("Bob"));
	g_ptr_array_add(nicks, g_strdup("bea"));
	g_ptr_array_add(nicks, g_strdup("carol"));
	return nicks;
}

/* The completions of line with frontend, joined by spaces. */
static char *
completes_with(const struct cmd_frontend *frontend, const char *line, size_t *start)
{
	GPtrArray *matches = cmd_complete(frontend, line, strlen(line), start);
	GString *joined = g_string_new(NULL);

	for (guint i = 0; i < matches->len; i++)
		g_string_append_printf(joined, "%s%s", i ? " " : "", (char *)matches->pdata[i]);
	g_ptr_array_free(matches, TRUE);
	return g_string_free(joined, FALSE);
}

/* In a room's window: a nick at the start of a line becomes "nick:",
 * later in the line just the nick, in any case; /info takes a nick;
 * without a room, text completes to nothing. */
static void
test_room_nicks(void **state)
{
	static const struct cmd_frontend room = { .name = "test", .room_nicks = room_nicks };
	static const struct cmd_frontend none = { .name = "test" };
	size_t start = 0;
	char *got;

	got = completes_with(&room, "b", &start);
	assert_string_equal(got, "Bob: bea:");
	g_free(got);
	got = completes_with(&room, "hello CA", &start);
	assert_string_equal(got, "carol");
	assert_int_equal(start, 6);
	g_free(got);
	got = completes_with(&room, "/info bo", &start);
	assert_string_equal(got, "Bob");
	g_free(got);
	got = completes_with(&none, "b", &start);
	assert_string_equal(got, "");
	g_free(got);
}

static const char *
in_home(void)
{
	return "home";
}

/* JIDs of the account the line will act on: -a, else the window's, else
 * the one /account switch chose; all of them when none is implied. */
static void
test_jids_of_the_account(void **state)
{
	static const struct cmd_frontend home = { .name = "test", .current_account = in_home };
	size_t start = 0;
	char *got;

	got = completes_with(&home, "/msg b", &start);
	assert_string_equal(got, "bea@example.net");
	g_free(got);
	got = completes_with(&home, "/msg -a work b", &start);
	assert_string_equal(got, "bob@example.org");
	g_free(got);
	cmd_set_default_account("work");
	assert_completes("/msg b", "bob@example.org", 5);
	cmd_set_default_account(NULL);
	assert_completes("/msg b", "bea@example.net bob@example.org", 5);
}

/* Room addresses of the account: rooms known, bookmarked and in its
 * autojoin setting. */
static void
test_rooms_of_the_account(void **state)
{
	static const struct cmd_frontend home = { .name = "test", .current_account = in_home };
	size_t start = 0;
	char *got;

	room_get("work", "team@conf.example.org");
	bookmark_set("home", "tea@conf.example.net", "Tea", NULL, NULL, 1, NULL);
	account_find("home")->autojoin = g_strsplit("tech@conf.example.net", ",", -1);
	assert_completes("/join -a work t", "team@conf.example.org", 14);
	assert_completes("/join -a home t", "tea@conf.example.net tech@conf.example.net", 14);
	assert_completes("/join t",
	                 "tea@conf.example.net team@conf.example.org tech@conf.example.net", 6);
	got = completes_with(&home, "/bookmark add te", &start);
	assert_string_equal(got, "tea@conf.example.net tech@conf.example.net");
	g_free(got);
	assert_completes("/decline -a work te", "team@conf.example.org", 17);
	room_list_clear();
	bookmark_list_clear();
}

static void
touch(const char *dir, const char *name)
{
	char *path = g_build_filename(dir, name, NULL);

	assert_true(g_file_set_contents(path, "", 0, NULL));
	g_free(path);
}

static void
test_windows_themes_files(void **state)
{
	static const struct cmd_frontend frontend = { .name = "test", .window_names = two_windows };
	char *dir = unit_make_tmpdir(), *sub = g_build_filename(dir, "sub", NULL), *line, *expect;
	char *themes = g_build_filename(dir, "themes", NULL);
	size_t start = 0;
	GPtrArray *matches = cmd_complete(&frontend, "/win b", 6, &start);

	assert_int_equal(matches->len, 1);
	assert_string_equal(matches->pdata[0], "bob@example.org");
	g_ptr_array_free(matches, TRUE);
	/* Without a frontend with windows: nothing, no crash. */
	assert_completes("/win b", "", 5);

	/* Theme names from the data directory, file paths with a '/'. */
	g_mkdir(themes, 0700);
	touch(themes, "zebra.theme");
	g_setenv("NATTER_DATADIR", dir, TRUE);
	assert_completes("/theme load ze", "zebra", 12);
	g_mkdir(sub, 0700);
	touch(sub, "a.theme");
	line = g_strdup_printf("/theme load %s/s", dir);
	expect = g_strdup_printf("%s/sub/", dir);
	assert_completes(line, expect, 12);
	g_free(line);
	g_free(expect);
	line = g_strdup_printf("/theme load %s/sub/", dir);
	expect = g_strdup_printf("%s/sub/a.theme", dir);
	assert_completes(line, expect, 12);
	g_free(line);
	g_free(expect);
	g_unsetenv("NATTER_DATADIR");
	unit_remove_tree(dir);
	g_free(themes);
	g_free(sub);
	g_free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_command_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arguments_by_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options_and_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_windows_themes_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_room_nicks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jids_of_the_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rooms_of_the_account, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
