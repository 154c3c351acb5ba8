/*
 * test-complete.c: completion of partial command lines (cmd/command.h,
 * cmd_complete()).
 */
#include "config.h"

#include "unit.h"

#include "cmd/command.h"
#include "model/account.h"
#include "model/conversation.h"

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

/* The completions of line (cursor at its end), joined by spaces. */
static char *
complete(const char *line, size_t *word_start)
{
	GPtrArray *matches = cmd_complete(line, strlen(line), word_start);
	GString *joined = g_string_new(NULL);

	for (guint i = 0; i < matches->len; i++)
		g_string_append_printf(joined, "%s%s", i ? " " : "", (char *)matches->pdata[i]);
	g_ptr_array_free(matches, TRUE);
	return g_string_free(joined, FALSE);
}

static void
test_command_names(void **state)
{
	size_t start;
	char *got = complete("/he", &start);

	assert_string_equal(got, "/help");
	assert_int_equal(start, 0);
	g_free(got);
	got = complete("/", &start);
	assert_contains(got, "/connect");
	assert_contains(got, "/quit");
	assert_contains(got, "/query"); /* aliases too */
	g_free(got);
	got = complete("/nosuch", &start);
	assert_string_equal(got, "");
	g_free(got);
}

static void
test_arguments_by_kind(void **state)
{
	size_t start;
	char *got = complete("/connect ", &start);

	assert_string_equal(got, "home work");
	assert_int_equal(start, 9);
	g_free(got);
	got = complete("/connect wo", &start);
	assert_string_equal(got, "work");
	g_free(got);
	got = complete("/msg b", &start);
	assert_string_equal(got, "bea@example.net bob@example.org");
	assert_int_equal(start, 5);
	g_free(got);
	got = complete("/help m", &start);
	assert_string_equal(got, "m msg");
	g_free(got);
	got = complete("/help /q", &start);
	assert_string_equal(got, "/query /quit");
	g_free(got);
}

static void
test_options_and_limits(void **state)
{
	size_t start;
	char *got = complete("/msg -a h", &start);

	/* The value of -a is an account; after it comes the JID. */
	assert_string_equal(got, "home");
	g_free(got);
	got = complete("/msg -a home c", &start);
	assert_string_equal(got, "carol@example.net");
	g_free(got);
	/* The message text completes to nothing, and so does a word past the
	 * last argument or inside an open quote. */
	got = complete("/msg bob@example.org b", &start);
	assert_string_equal(got, "");
	g_free(got);
	got = complete("/quit w", &start);
	assert_string_equal(got, "");
	g_free(got);
	got = complete("/connect \"wo", &start);
	assert_string_equal(got, "");
	g_free(got);
	got = complete("plain text w", &start);
	assert_string_equal(got, "");
	g_free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_command_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arguments_by_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_options_and_limits, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
