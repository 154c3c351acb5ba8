/*
 * test-command.c: the command table and dispatcher (cmd/command.h), as a
 * frontend sees it: a line goes in, a result comes out. The account list
 * is filled by hand; nothing here connects anywhere.
 */
#include "config.h"

#include "unit.h"

#include "cmd/command.h"
#include "core/event.h"
#include "model/account.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/session.h"

/* What an online session sent, serialised. */
static GPtrArray *sent;

static void
capture(struct session *session, xmpp_stanza_t *stanza)
{
	char *text = NULL;
	size_t length = 0;

	assert_int_equal(xmpp_stanza_to_text(stanza, &text, &length), XMPP_EOK);
	g_ptr_array_add(sent, g_strndup(text, length));
	xmpp_free(netloop_context(), text);
}

static const struct cmd_context no_window = { .account = NULL, .frontend = NULL };

/* A frontend with windows, recording what /win asked for. */
static char *selected_window;

static int
select_window(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *which = invocation->argv[0];

	assert_string_equal(invocation->entry->name, "win");
	if (strcmp(which, "99") == 0)
		return cmd_result_error(result, "no window 99");
	g_free(selected_window);
	selected_window = g_strdup(which);
	return 0;
}

static const struct cmd_frontend windowed = { .name = "test", .ui = select_window };

static void
add_account(const char *name, const char *jid)
{
	struct account *account = account_new(name);

	account->jid = g_strdup(jid);
	account->password = g_strdup("secret");
	account_list_add(account);
}

static int
setup(void **state)
{
	event_reset();
	account_list_clear();
	conversation_list_clear();
	sent = g_ptr_array_new_with_free_func(g_free);
	return 0;
}

/* Puts the session of account online without a network: what it sends is
 * captured in sent. */
static struct session *
fake_online(const char *account)
{
	char *cause = NULL;
	struct session *session = session_get(account, &cause);

	assert_non_null(session);
	assert_null(cause);
	session->send = capture;
	session->state = SESSION_ONLINE;
	return session;
}

static int
teardown(void **state)
{
	const GPtrArray *accounts = account_list();

	/* back offline, so that the sessions can be freed */
	for (guint i = 0; i < accounts->len; i++) {
		struct session *session =
		        session_find(((struct account *)accounts->pdata[i])->name);
		if (session != NULL)
			session->state = SESSION_DISCONNECTED;
	}
	g_clear_pointer(&sent, g_ptr_array_unref);
	event_reset();
	conversation_list_clear();
	account_list_clear();
	g_clear_pointer(&selected_window, g_free);
	return 0;
}

static int
group_teardown(void **state)
{
	session_free_all();
	return 0;
}

/* Runs line; returns the result (clear it with cmd_result_clear). */
static struct cmd_result
run(const struct cmd_context *context, const char *line)
{
	struct cmd_result result;

	cmd_execute(context, line, &result);
	if (!result.ok) {
		assert_non_null(result.error);
		assert_true(result.error[0] != '\0');
	}
	return result;
}

/* Fails unless one line of output contains needle. */
static void
assert_output_has(const struct cmd_result *result, const char *needle)
{
	assert_non_null(result->output);
	for (guint i = 0; i < result->output->len; i++) {
		if (strstr(result->output->pdata[i], needle) != NULL)
			return;
	}
	print_error("no output line contains \"%s\"\n", needle);
	for (guint i = 0; i < result->output->len; i++)
		print_error("  | %s\n", (const char *)result->output->pdata[i]);
	fail();
}

static void
test_command_help_lists_every_command(void **state)
{
	struct cmd_result result = run(&no_window, "/help");
	int commands = 0;

	assert_true(result.ok);
	assert_null(result.error);
	assert_non_null(result.command);
	assert_string_equal(result.command, "help");
	for (const struct cmd_entry *const *entry = cmd_table(); *entry != NULL; entry++) {
		char *name = g_strdup_printf("/%s", (*entry)->name);
		assert_output_has(&result, name);
		assert_output_has(&result, (*entry)->summary);
		g_free(name);
		commands++;
	}
	/* at least the commands natter has from the start */
	assert_true(commands >= 5);
	assert_non_null(cmd_find("help"));
	assert_non_null(cmd_find("msg"));
	assert_non_null(cmd_find("connect"));
	assert_non_null(cmd_find("disconnect"));
	assert_non_null(cmd_find("quit"));
	cmd_result_clear(&result);
}

static void
test_command_help_one(void **state)
{
	const struct cmd_entry *msg = cmd_find("msg");
	static const char *const lines[] = { "/help msg", "/help /msg", "  /help   m  " };

	assert_non_null(msg);
	for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
		struct cmd_result result = run(&no_window, lines[i]);
		assert_true(result.ok);
		assert_output_has(&result, msg->usage);
		assert_output_has(&result, msg->help);
		cmd_result_clear(&result);
	}
}

static void
test_command_help_unknown(void **state)
{
	struct cmd_result result = run(&no_window, "/help nosuch");

	assert_false(result.ok);
	assert_contains(result.error, "nosuch");
	cmd_result_clear(&result);
}

static void
test_command_unknown(void **state)
{
	struct cmd_result result = run(&no_window, "/nosuch with args");

	assert_false(result.ok);
	assert_null(result.command);
	assert_contains(result.error, "nosuch");
	cmd_result_clear(&result);
}

static void
test_command_not_a_command(void **state)
{
	static const char *const lines[] = { "", "hello", "/", "  /  ", "/\xff", "/help \xc3" };

	for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
		struct cmd_result result = run(&no_window, lines[i]);
		assert_false(result.ok);
		cmd_result_clear(&result);
	}
}

static void
test_command_missing_arguments(void **state)
{
	const struct cmd_entry *msg = cmd_find("msg");
	struct cmd_result result = run(&no_window, "/msg");

	assert_false(result.ok);
	assert_string_equal(result.command, "msg");
	assert_contains(result.error, "msg");
	assert_non_null(result.usage);
	assert_contains(result.usage, msg->usage);
	cmd_result_clear(&result);
}

static void
test_command_too_many_arguments(void **state)
{
	/* /quit takes none: the handler must not run (natter keeps going) */
	struct cmd_result result = run(&no_window, "/quit now please");

	assert_false(result.ok);
	assert_string_equal(result.command, "quit");
	assert_non_null(result.usage);
	assert_contains(result.usage, "/quit");
	cmd_result_clear(&result);
}

static void
test_command_option_without_value(void **state)
{
	struct cmd_result result;

	add_account("work", "me@example.org");
	result = run(&no_window, "/msg -a");
	assert_false(result.ok);
	assert_contains(result.error, "-a");
	assert_non_null(result.usage);
	cmd_result_clear(&result);

	result = run(&no_window, "/msg -a   ");
	assert_false(result.ok);
	assert_contains(result.error, "-a");
	cmd_result_clear(&result);
}

static void
test_command_unknown_option(void **state)
{
	struct cmd_result result;

	add_account("work", "me@example.org");
	result = run(&no_window, "/msg -x foo juliet@example.org");
	assert_false(result.ok);
	assert_contains(result.error, "-x");
	assert_non_null(result.usage);
	cmd_result_clear(&result);
}

static void
test_command_msg_bad_jid(void **state)
{
	struct cmd_result result;

	add_account("work", "me@example.org");
	/* The account is offline too, but the address is what is wrong. */
	result = run(&no_window, "/msg bad@@jid hi");
	assert_false(result.ok);
	assert_contains(result.error, "not a valid JID");
	cmd_result_clear(&result);

	result = run(&no_window, "/msg -a work bad@@jid hi");
	assert_false(result.ok);
	assert_contains(result.error, "bad@@jid");
	cmd_result_clear(&result);

	result = run(&no_window, "/msg bad@@jid");
	assert_false(result.ok);
	assert_contains(result.error, "bad@@jid");
	cmd_result_clear(&result);
	assert_int_equal(conversation_list()->len, 0);
}

static void
test_command_msg_unknown_account(void **state)
{
	struct cmd_result result;
	struct cmd_context in_window = { .account = "gone", .frontend = NULL };

	add_account("work", "me@example.org");
	result = run(&no_window, "/msg -a nosuch juliet@example.org hi");
	assert_false(result.ok);
	assert_contains(result.error, "nosuch");
	cmd_result_clear(&result);

	result = run(&in_window, "/msg juliet@example.org");
	assert_false(result.ok);
	assert_contains(result.error, "gone");
	cmd_result_clear(&result);
	assert_int_equal(conversation_list()->len, 0);
}

static void
test_command_msg_no_account(void **state)
{
	struct cmd_result result = run(&no_window, "/msg juliet@example.org");

	assert_false(result.ok);
	assert_contains(result.error, "account");
	assert_int_equal(conversation_list()->len, 0);
	cmd_result_clear(&result);
}

static void
test_command_msg_opens_conversation(void **state)
{
	struct cmd_result result;

	add_account("work", "me@example.org");
	/* one account: it is the one; the peer is the normalised bare JID */
	result = run(&no_window, "/msg Juliet@Capulet.Example/balcony");
	assert_true(result.ok);
	assert_null(result.error);
	cmd_result_clear(&result);
	assert_int_equal(conversation_list()->len, 1);
	assert_non_null(conversation_find("work", "juliet@capulet.example"));

	/* the alias does the same, and opening again creates nothing new */
	result = run(&no_window, "/query juliet@capulet.example");
	assert_true(result.ok);
	assert_string_equal(result.command, "msg");
	cmd_result_clear(&result);
	assert_int_equal(conversation_list()->len, 1);
}

static void
test_command_msg_picks_account(void **state)
{
	struct cmd_result result;
	struct cmd_context in_home = { .account = "home", .frontend = NULL };

	add_account("work", "me@example.org");
	add_account("home", "me@home.example");

	/* two accounts and no window: natter must not guess */
	result = run(&no_window, "/msg juliet@capulet.example");
	assert_false(result.ok);
	assert_contains(result.error, "-a");
	cmd_result_clear(&result);
	assert_int_equal(conversation_list()->len, 0);

	/* the current window's account */
	result = run(&in_home, "/msg juliet@capulet.example");
	assert_true(result.ok);
	cmd_result_clear(&result);
	assert_non_null(conversation_find("home", "juliet@capulet.example"));
	assert_null(conversation_find("work", "juliet@capulet.example"));

	/* -a wins over the window */
	result = run(&in_home, "/m -a work juliet@capulet.example");
	assert_true(result.ok);
	cmd_result_clear(&result);
	assert_non_null(conversation_find("work", "juliet@capulet.example"));
	assert_int_equal(conversation_list()->len, 2);
}

static int
show_of(const char *account)
{
	const char *status;
	int show, priority;

	session_get_presence(session_find(account), &show, &status, &priority);
	return show;
}

/* /status changes the account the line acts on; --all every account;
 * without a change it shows every account's. */
static void
test_command_status_accounts(void **state)
{
	struct cmd_result result;
	struct cmd_context in_home = { .account = "home", .frontend = NULL };

	add_account("work", "me@example.org");
	add_account("home", "me@home.example");
	fake_online("work");
	fake_online("home");
	result = run(&in_home, "/status away lunch");
	assert_true(result.ok);
	cmd_result_clear(&result);
	assert_int_equal(show_of("home"), SHOW_AWAY);
	assert_int_equal(show_of("work"), SHOW_ONLINE);

	result = run(&no_window, "/status dnd");
	assert_false(result.ok);
	assert_contains(result.error, "several accounts");
	cmd_result_clear(&result);
	result = run(&no_window, "/status --all dnd");
	assert_true(result.ok);
	assert_int_equal(result.output->len, 2);
	cmd_result_clear(&result);
	assert_int_equal(show_of("home"), SHOW_DND);
	assert_int_equal(show_of("work"), SHOW_DND);

	result = run(&in_home, "/status");
	assert_true(result.ok);
	assert_int_equal(result.output->len, 2);
	cmd_result_clear(&result);
	result = run(&no_window, "/status -a work --all xa");
	assert_false(result.ok);
	assert_contains(result.error, "not both");
	cmd_result_clear(&result);
	result = run(&no_window, "/status --every xa");
	assert_false(result.ok);
	assert_contains(result.error, "unknown option --every");
	cmd_result_clear(&result);
	result = run(&in_home, "/priority --all 5");
	assert_true(result.ok);
	assert_int_equal(result.output->len, 2);
	cmd_result_clear(&result);
}

/* /account switch: the console's commands act on the account chosen; a
 * window's account and -a still win. */
static void
test_command_account_switch(void **state)
{
	struct cmd_result result;
	struct cmd_context in_home = { .account = "home", .frontend = NULL };

	add_account("work", "me@example.org");
	add_account("home", "me@home.example");
	result = run(&no_window, "/msg romeo@montague.example");
	assert_false(result.ok);
	assert_contains(result.error, "/account switch");
	cmd_result_clear(&result);

	result = run(&no_window, "/account switch nowhere");
	assert_false(result.ok);
	cmd_result_clear(&result);
	result = run(&no_window, "/account switch work");
	assert_true(result.ok);
	assert_contains(result.output->pdata[0], "now act on work");
	cmd_result_clear(&result);
	result = run(&no_window, "/account switch");
	assert_contains(result.output->pdata[0], "act on work");
	cmd_result_clear(&result);

	result = run(&no_window, "/msg romeo@montague.example");
	assert_true(result.ok);
	cmd_result_clear(&result);
	assert_non_null(conversation_find("work", "romeo@montague.example"));
	result = run(&in_home, "/msg tybalt@capulet.example");
	cmd_result_clear(&result);
	assert_non_null(conversation_find("home", "tybalt@capulet.example"));
	result = run(&no_window, "/msg -a home benvolio@montague.example");
	cmd_result_clear(&result);
	assert_non_null(conversation_find("home", "benvolio@montague.example"));
	/* /disconnect in the console: the chosen account (not connected). */
	result = run(&no_window, "/disconnect");
	assert_false(result.ok);
	assert_contains(result.error, "work");
	cmd_result_clear(&result);
	cmd_set_default_account(NULL);
}

static void
test_command_msg_offline(void **state)
{
	struct cmd_result result;
	struct conversation *conversation;
	struct message *message;

	add_account("work", "me@example.org");
	result = run(&no_window, "/msg -a work juliet@capulet.example hello there");
	/* the message waits for the account, and the user is told so */
	assert_true(result.ok);
	assert_int_equal(result.output->len, 1);
	assert_contains(result.output->pdata[0], "'work' is offline");
	assert_contains(result.output->pdata[0], "/connect work");
	cmd_result_clear(&result);
	assert_int_equal(sent->len, 0);
	conversation = conversation_find("work", "juliet@capulet.example");
	assert_non_null(conversation);
	assert_int_equal(conversation->messages.length, 1);
	message = g_queue_peek_head(&conversation->messages);
	assert_string_equal(message->body, "hello there");
	assert_int_equal(message->delivery, DELIVERY_PENDING);
	assert_int_equal(session_outbox_length(session_find("work")), 1);
}

static void
test_command_msg_sends_rest_of_line(void **state)
{
	struct cmd_result result;
	struct conversation *conversation;
	struct message *message;
	xmpp_stanza_t *stanza;
	char *body;

	add_account("work", "me@example.org");
	fake_online("work");

	/* the text is the rest of the line as typed: spaces and quotes kept */
	result = run(&no_window, "/msg Juliet@Capulet.Example/Balcony  hello   \"world\" 'x' \\ ü");
	assert_true(result.ok);
	assert_null(result.error);
	cmd_result_clear(&result);

	assert_int_equal(sent->len, 1);
	stanza = xmpp_stanza_new_from_string(netloop_context(), sent->pdata[0]);
	assert_non_null(stanza);
	assert_string_equal(xmpp_stanza_get_name(stanza), "message");
	assert_string_equal(xmpp_stanza_get_type(stanza), "chat");
	assert_string_equal(xmpp_stanza_get_to(stanza), "juliet@capulet.example/Balcony");
	assert_non_null(xmpp_stanza_get_id(stanza));
	body = xmpp_message_get_body(stanza);
	assert_non_null(body);
	assert_string_equal(body, "hello   \"world\" 'x' \\ ü");
	xmpp_free(netloop_context(), body);
	xmpp_stanza_release(stanza);

	/* and it shows in the conversation with the bare JID */
	conversation = conversation_find("work", "juliet@capulet.example");
	assert_non_null(conversation);
	assert_int_equal(conversation->messages.length, 1);
	message = g_queue_peek_head(&conversation->messages);
	assert_int_equal(message->direction, MESSAGE_OUT);
	assert_string_equal(message->body, "hello   \"world\" 'x' \\ ü");
}

/* "--" ends the options: a correction whose text begins with "-a". */
static void
test_command_double_dash_ends_options(void **state)
{
	struct cmd_result result;
	xmpp_stanza_t *stanza;
	char *body;

	add_account("work", "me@example.org");
	fake_online("work");
	result = run(&no_window, "/msg juliet@capulet.example first");
	assert_true(result.ok);
	cmd_result_clear(&result);
	result = run(&no_window, "/correct -t juliet@capulet.example -- -a is part of the text");
	assert_true(result.ok);
	cmd_result_clear(&result);
	assert_int_equal(sent->len, 2);
	stanza = xmpp_stanza_new_from_string(netloop_context(), sent->pdata[1]);
	assert_non_null(stanza);
	body = xmpp_message_get_body(stanza);
	assert_string_equal(body, "-a is part of the text");
	assert_non_null(xmpp_stanza_get_child_by_name(stanza, "replace"));
	xmpp_free(netloop_context(), body);
	xmpp_stanza_release(stanza);
}

static void
test_command_msg_picks_online_account(void **state)
{
	struct cmd_result result;

	add_account("work", "me@example.org");
	add_account("home", "me@home.example");
	fake_online("home");

	/* sending needs an online account: the only online one is taken */
	result = run(&no_window, "/msg juliet@capulet.example hi");
	assert_true(result.ok);
	cmd_result_clear(&result);
	assert_int_equal(sent->len, 1);
	assert_non_null(conversation_find("home", "juliet@capulet.example"));
	assert_null(conversation_find("work", "juliet@capulet.example"));
}

static void
test_command_connect_unknown_account(void **state)
{
	struct cmd_result result;

	add_account("work", "me@example.org");
	result = run(&no_window, "/connect nosuch");
	assert_false(result.ok);
	assert_string_equal(result.command, "connect");
	assert_contains(result.error, "nosuch");
	cmd_result_clear(&result);
	assert_null(session_find("nosuch"));
}

static void
test_command_connect_without_accounts(void **state)
{
	struct cmd_result result = run(&no_window, "/connect");

	assert_false(result.ok);
	assert_contains(result.error, "account");
	cmd_result_clear(&result);
}

static void
test_command_disconnect_not_connected(void **state)
{
	struct cmd_result result;

	add_account("work", "me@example.org");
	result = run(&no_window, "/disconnect nosuch");
	assert_false(result.ok);
	assert_contains(result.error, "nosuch");
	cmd_result_clear(&result);

	result = run(&no_window, "/disconnect");
	assert_false(result.ok);
	cmd_result_clear(&result);
}

static void
test_command_aliases(void **state)
{
	const struct cmd_entry *const *entry;
	struct cmd_result result;

	/* every alias in the table finds its own row */
	for (entry = cmd_table(); *entry != NULL; entry++) {
		assert_ptr_equal(cmd_find((*entry)->name), *entry);
		for (const char *const *alias = (*entry)->aliases; alias && *alias; alias++)
			assert_ptr_equal(cmd_find(*alias), *entry);
	}
	assert_ptr_equal(cmd_find("m"), cmd_find("msg"));
	assert_ptr_equal(cmd_find("exit"), cmd_find("quit"));
	assert_null(cmd_find("nosuch"));
	assert_null(cmd_find(""));

	/* an alias on the command line runs the command under its own name */
	result = run(&no_window, "/m");
	assert_false(result.ok);
	assert_string_equal(result.command, "msg");
	assert_non_null(result.usage);
	cmd_result_clear(&result);
}

static void
test_command_win(void **state)
{
	struct cmd_context context = { .account = NULL, .frontend = &windowed };
	struct cmd_result result;

	result = run(&context, "/window 3");
	assert_true(result.ok);
	assert_string_equal(result.command, "win");
	assert_string_equal(selected_window, "3");
	cmd_result_clear(&result);

	result = run(&context, "/win 99");
	assert_false(result.ok);
	assert_contains(result.error, "no window 99");
	cmd_result_clear(&result);

	/* the headless frontend has no windows: an error, not a crash */
	result = run(&no_window, "/win 2");
	assert_false(result.ok);
	cmd_result_clear(&result);
}

static void
test_command_complete_kind(void **state)
{
	assert_int_equal(cmd_complete_kind("/", 0), COMPLETE_COMMAND);
	assert_int_equal(cmd_complete_kind("/ms", 0), COMPLETE_COMMAND);
	assert_int_equal(cmd_complete_kind("/msg ", 1), COMPLETE_JID);
	assert_int_equal(cmd_complete_kind("/msg jul", 1), COMPLETE_JID);
	assert_int_equal(cmd_complete_kind("/m ", 1), COMPLETE_JID);
	assert_int_equal(cmd_complete_kind("/msg juliet@example.org ", 2), COMPLETE_NONE);
	assert_int_equal(cmd_complete_kind("/connect ", 1), COMPLETE_ACCOUNT);
	assert_int_equal(cmd_complete_kind("/disconnect w", 1), COMPLETE_ACCOUNT);
	assert_int_equal(cmd_complete_kind("/help ", 1), COMPLETE_COMMAND);
	assert_int_equal(cmd_complete_kind("/nosuch ", 1), COMPLETE_NONE);
	assert_int_equal(cmd_complete_kind("hello there", 1), COMPLETE_NONE);
	assert_int_equal(cmd_complete_kind("/msg a b c d e f", 9), COMPLETE_NONE);
}

static void
test_command_result_helpers(void **state)
{
	struct cmd_result result;

	cmd_result_init(&result);
	assert_true(result.ok);
	assert_null(result.error);
	assert_null(result.command);
	cmd_result_line(&result, "%d %s", 1, "one");
	cmd_result_line(&result, "two");
	assert_int_equal(result.output->len, 2);
	assert_string_equal(result.output->pdata[0], "1 one");
	assert_int_equal(cmd_result_error(&result, "bad %s", "thing"), -1);
	assert_false(result.ok);
	assert_string_equal(result.error, "bad thing");
	cmd_result_clear(&result);
	cmd_result_clear(&result); /* clearing twice is harmless */
}

/* Secret arguments: all of /password's, only the PASSWORD of /join
 * (after any options), and nothing before it is typed. */
static void
test_command_secret_offset(void **state)
{
	assert_int_equal(cmd_secret_offset("/password hunter2"), strlen("/password"));
	assert_int_equal(cmd_secret_offset("/msg bob hi"), 0);
	assert_int_equal(cmd_secret_offset("/join room"), 0);
	assert_int_equal(cmd_secret_offset("/join room nick"), 0);
	assert_int_equal(cmd_secret_offset("/join room nick "), 0);
	assert_int_equal(cmd_secret_offset("/join room nick s3cret"), strlen("/join room nick "));
	assert_int_equal(cmd_secret_offset("/join  -a work room@muc nick s"),
	                 strlen("/join  -a work room@muc nick "));
	assert_int_equal(cmd_secret_offset("/join -a work room"), 0);
	/* Options only come first: "-a" after the room is the nick. */
	assert_int_equal(cmd_secret_offset("/join room -a pw"), strlen("/join room -a "));
	/* "--" ends the options and is no argument. */
	assert_int_equal(cmd_secret_offset("/join -- room nick pw"), strlen("/join -- room nick "));
	/* Quotes make one word; a leading blank is allowed. */
	assert_int_equal(cmd_secret_offset(" /join 'a room' nick pw"),
	                 strlen(" /join 'a room' nick "));
	assert_int_equal(cmd_secret_offset(" /password x"), strlen(" /password"));
	/* /account set: the key and value, whatever the key (a misspelt
	 * "pasword" or a forgotten name must not put a password in the
	 * history); nothing of the other actions. */
	assert_int_equal(cmd_secret_offset("/account set work password s3 cret"),
	                 strlen("/account set work "));
	assert_int_equal(cmd_secret_offset("/account set 'my work' PASSWORD x"),
	                 strlen("/account set 'my work' "));
	assert_int_equal(cmd_secret_offset("/account set work pasword x"),
	                 strlen("/account set work "));
	assert_int_equal(cmd_secret_offset("/account set password x"),
	                 strlen("/account set password "));
	assert_int_equal(cmd_secret_offset("/account set work"), 0);
	assert_int_equal(cmd_secret_offset("/account add work password"), 0);
	assert_int_equal(cmd_secret_offset("/account show password x y"), 0);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_command_help_lists_every_command),
		TEST(test_command_help_one),
		TEST(test_command_help_unknown),
		TEST(test_command_unknown),
		TEST(test_command_not_a_command),
		TEST(test_command_missing_arguments),
		TEST(test_command_too_many_arguments),
		TEST(test_command_option_without_value),
		TEST(test_command_unknown_option),
		TEST(test_command_msg_bad_jid),
		TEST(test_command_msg_unknown_account),
		TEST(test_command_msg_no_account),
		TEST(test_command_msg_opens_conversation),
		TEST(test_command_msg_picks_account),
		TEST(test_command_account_switch),
		TEST(test_command_status_accounts),
		TEST(test_command_msg_offline),
		TEST(test_command_msg_sends_rest_of_line),
		TEST(test_command_double_dash_ends_options),
		TEST(test_command_msg_picks_online_account),
		TEST(test_command_connect_unknown_account),
		TEST(test_command_connect_without_accounts),
		TEST(test_command_disconnect_not_connected),
		TEST(test_command_aliases),
		TEST(test_command_win),
		TEST(test_command_complete_kind),
		TEST(test_command_result_helpers),
		TEST(test_command_secret_offset),
	};

	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
