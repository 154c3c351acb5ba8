/*
 * test-conversation.c: conversations and their messages
 * (model/conversation.h), and the events they emit.
 */
#include "config.h"

#include "unit.h"

#include "core/event.h"
#include "model/conversation.h"

/* What the event subscribers saw. */
static struct {
	int conversations_added;
	struct conversation *last_conversation;
	char *last_conversation_account;
	int messages_added;
	struct conversation *message_conversation;
	struct message *last_message;
	char *last_message_account;
	guint length_during_event; /* messages in the conversation when told */
} seen;

static void
on_conversation_added(const struct event *event, void *userdata)
{
	seen.conversations_added++;
	seen.last_conversation = event->u.conversation;
	g_free(seen.last_conversation_account);
	seen.last_conversation_account = g_strdup(event->account);
}

static void
on_message_added(const struct event *event, void *userdata)
{
	seen.messages_added++;
	seen.message_conversation = event->u.message.conversation;
	seen.last_message = event->u.message.message;
	seen.length_during_event = event->u.message.conversation->messages.length;
	g_free(seen.last_message_account);
	seen.last_message_account = g_strdup(event->account);
}

static int
setup(void **state)
{
	event_reset();
	conversation_list_clear();
	memset(&seen, 0, sizeof seen);
	event_subscribe(EV_CONVERSATION_ADDED, on_conversation_added, NULL);
	event_subscribe(EV_MESSAGE_ADDED, on_message_added, NULL);
	return 0;
}

static int
teardown(void **state)
{
	event_reset();
	conversation_list_clear();
	g_free(seen.last_conversation_account);
	g_free(seen.last_message_account);
	memset(&seen, 0, sizeof seen);
	return 0;
}

static struct message *
new_message(const char *body)
{
	struct message *message = message_new(MESSAGE_IN, MESSAGE_CHAT);

	message->from = g_strdup("juliet@example.org/balcony");
	message->to = g_strdup("romeo@example.net");
	message->body = g_strdup(body);
	return message;
}

static void
test_conversation_open_emits_once(void **state)
{
	struct conversation *first, *again;

	assert_null(conversation_find("work", "juliet@example.org"));
	first = conversation_open("work", "juliet@example.org");
	assert_non_null(first);
	assert_int_equal(seen.conversations_added, 1);
	assert_ptr_equal(seen.last_conversation, first);
	assert_string_equal(seen.last_conversation_account, "work");
	assert_string_equal(first->account, "work");
	assert_string_equal(first->peer, "juliet@example.org");
	assert_int_not_equal(first->id, 0);
	assert_int_equal(first->messages.length, 0);

	again = conversation_open("work", "juliet@example.org");
	assert_ptr_equal(again, first);
	assert_int_equal(seen.conversations_added, 1);
	assert_ptr_equal(conversation_find("work", "juliet@example.org"), first);
	assert_ptr_equal(conversation_find_id(first->id), first);
	assert_int_equal(conversation_list()->len, 1);
}

static void
test_conversation_add_message_emits(void **state)
{
	struct conversation *conversation = conversation_open("work", "juliet@example.org");
	struct message *message = new_message("Art thou not Romeo?");

	conversation_add_message(conversation, message);
	assert_int_equal(seen.messages_added, 1);
	assert_ptr_equal(seen.message_conversation, conversation);
	assert_ptr_equal(seen.last_message, message);
	assert_string_equal(seen.last_message_account, "work");
	/* subscribers see the message already in the conversation */
	assert_int_equal(seen.length_during_event, 1);
	assert_int_equal(conversation->messages.length, 1);
	assert_ptr_equal(g_queue_peek_tail(&conversation->messages), message);
	/* adding a message does not announce the conversation again */
	assert_int_equal(seen.conversations_added, 1);

	struct message *second = new_message("Neither, fair saint");
	conversation_add_message(conversation, second);
	assert_int_equal(seen.messages_added, 2);
	assert_ptr_equal(g_queue_peek_head(&conversation->messages), message);
	assert_ptr_equal(g_queue_peek_tail(&conversation->messages), second);
}

static void
test_conversation_keeps_bounded_history(void **state)
{
	struct conversation *conversation = conversation_open("work", "juliet@example.org");
	const int extra = 7;
	struct message *message;
	char *body;

	for (int i = 0; i < CONVERSATION_KEEP + extra; i++) {
		body = g_strdup_printf("message %d", i);
		conversation_add_message(conversation, new_message(body));
		g_free(body);
	}
	assert_int_equal(seen.messages_added, CONVERSATION_KEEP + extra);
	assert_int_equal(conversation->messages.length, CONVERSATION_KEEP);
	/* the oldest went first */
	message = g_queue_peek_head(&conversation->messages);
	body = g_strdup_printf("message %d", extra);
	assert_string_equal(message->body, body);
	g_free(body);
	message = g_queue_peek_tail(&conversation->messages);
	body = g_strdup_printf("message %d", CONVERSATION_KEEP + extra - 1);
	assert_string_equal(message->body, body);
	g_free(body);
	/* the message announced last is still alive after the event */
	assert_ptr_equal(seen.last_message, message);
}

static void
test_conversation_per_account(void **state)
{
	struct conversation *work = conversation_open("work", "juliet@example.org");
	struct conversation *home = conversation_open("home", "juliet@example.org");
	struct conversation *other = conversation_open("work", "nurse@example.org");

	assert_ptr_not_equal(work, home);
	assert_ptr_not_equal(work, other);
	assert_int_not_equal(work->id, home->id);
	assert_int_not_equal(work->id, other->id);
	assert_int_not_equal(home->id, other->id);
	assert_int_equal(seen.conversations_added, 3);
	assert_string_equal(seen.last_conversation_account, "work");
	assert_int_equal(conversation_list()->len, 3);

	assert_ptr_equal(conversation_find("work", "juliet@example.org"), work);
	assert_ptr_equal(conversation_find("home", "juliet@example.org"), home);
	assert_null(conversation_find("home", "nurse@example.org"));
	assert_null(conversation_find("play", "juliet@example.org"));
	assert_ptr_equal(conversation_find_id(home->id), home);
	assert_null(conversation_find_id(0));

	conversation_add_message(home, new_message("at home"));
	assert_int_equal(home->messages.length, 1);
	assert_int_equal(work->messages.length, 0);
	assert_string_equal(seen.last_message_account, "home");
}

static void
test_conversation_list_clear(void **state)
{
	struct conversation *conversation = conversation_open("work", "juliet@example.org");
	unsigned id = conversation->id;

	conversation_add_message(conversation, new_message("bye"));
	conversation_list_clear();
	assert_null(conversation_find("work", "juliet@example.org"));
	assert_null(conversation_find_id(id));
	assert_int_equal(conversation_list()->len, 0);
	/* a conversation opened again is announced again, with a new id */
	conversation = conversation_open("work", "juliet@example.org");
	assert_int_equal(seen.conversations_added, 2);
	assert_int_not_equal(conversation->id, id);
}

static void
test_message_new_and_types(void **state)
{
	gint64 before = g_get_real_time();
	struct message *message = message_new(MESSAGE_OUT, MESSAGE_HEADLINE);
	gint64 after = g_get_real_time();

	assert_int_equal(message->direction, MESSAGE_OUT);
	assert_int_equal(message->type, MESSAGE_HEADLINE);
	assert_null(message->id);
	assert_null(message->body);
	assert_null(message->error);
	assert_true(message->timestamp >= before && message->timestamp <= after);
	message_free(message);
	message_free(NULL);

	/* RFC 6121 5.2.2: absent or unknown type means normal */
	assert_int_equal(message_type_parse(NULL), MESSAGE_NORMAL);
	assert_int_equal(message_type_parse("bogus"), MESSAGE_NORMAL);
	assert_int_equal(message_type_parse(""), MESSAGE_NORMAL);
	assert_int_equal(message_type_parse("chat"), MESSAGE_CHAT);
	assert_int_equal(message_type_parse("groupchat"), MESSAGE_GROUPCHAT);
	assert_int_equal(message_type_parse("headline"), MESSAGE_HEADLINE);
	assert_int_equal(message_type_parse("error"), MESSAGE_ERROR);
	assert_int_equal(message_type_parse("normal"), MESSAGE_NORMAL);
	for (int t = MESSAGE_CHAT; t <= MESSAGE_ERROR; t++)
		assert_int_equal(message_type_parse(message_type_name((enum message_type)t)), t);
	assert_string_equal(message_type_name(MESSAGE_CHAT), "chat");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_conversation_open_emits_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conversation_add_message_emits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conversation_keeps_bounded_history, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_conversation_per_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conversation_list_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_message_new_and_types, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
