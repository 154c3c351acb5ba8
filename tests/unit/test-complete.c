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

/* Fails unless the completions of line (cursor at its end), joined by
 * spaces, are expected, for a word starting at byte start. */
static void
assert_completes(const char *line, const char *expected, size_t start)
{
	size_t word_start = (size_t)-1;
	GPtrArray *matches = cmd_complete(line, strlen(line), &word_start);
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
	assert_completes("/msg b", "bea@example.net bob@example.org", 5);
	assert_completes("/help m", "m msg", 6);
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
