/*
 * test-event.c: the typed event bus (core/event.h).
 */
#include "config.h"

#include "unit.h"

#include "core/event.h"

/* What the subscribers saw, as "name:" entries in call order. */
static GString *calls;

/* A subscriber that records its name and may act on the bus once. */
struct subscriber {
	const char *name;
	unsigned id;
	unsigned unsubscribe_id;      /* unsubscribe this id when called */
	struct subscriber *subscribe; /* subscribe this one when called */
	int count;
	const struct event *last_event;
};

static void
on_event(const struct event *event, void *userdata)
{
	struct subscriber *subscriber = userdata;

	subscriber->count++;
	subscriber->last_event = event;
	g_string_append_printf(calls, "%s:", subscriber->name);
	if (subscriber->unsubscribe_id != 0) {
		event_unsubscribe(subscriber->unsubscribe_id);
		subscriber->unsubscribe_id = 0;
	}
	if (subscriber->subscribe != NULL) {
		struct subscriber *other = subscriber->subscribe;
		subscriber->subscribe = NULL;
		other->id = event_subscribe(event->type, on_event, other);
	}
}

static void
emit_type(enum event_type type)
{
	struct event event = { .type = type, .account = "acct" };

	event_emit(&event);
}

static int
setup(void **state)
{
	event_reset();
	calls = g_string_new(NULL);
	return 0;
}

static int
teardown(void **state)
{
	event_reset();
	g_string_free(calls, TRUE);
	calls = NULL;
	return 0;
}

static void
test_event_delivery_order(void **state)
{
	struct subscriber a = { .name = "a" }, b = { .name = "b" }, c = { .name = "c" };

	a.id = event_subscribe(EV_LOG, on_event, &a);
	b.id = event_subscribe(EV_LOG, on_event, &b);
	c.id = event_subscribe(EV_LOG, on_event, &c);
	assert_int_not_equal(a.id, 0);
	assert_int_not_equal(b.id, 0);
	assert_int_not_equal(c.id, 0);
	assert_int_not_equal(a.id, b.id);
	assert_int_not_equal(b.id, c.id);
	assert_int_not_equal(a.id, c.id);

	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:c:");
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:c:a:b:c:");
}

static void
test_event_no_subscribers(void **state)
{
	emit_type(EV_QUIT); /* nothing to call, nothing to crash */
	event_log(NULL, LOG_INFO, "nobody listens");
	assert_string_equal(calls->str, "");
}

static void
test_event_type_filtering(void **state)
{
	struct subscriber log = { .name = "log" }, quit = { .name = "quit" };
	struct subscriber message = { .name = "message" };

	event_subscribe(EV_LOG, on_event, &log);
	event_subscribe(EV_QUIT, on_event, &quit);
	event_subscribe(EV_MESSAGE_ADDED, on_event, &message);

	emit_type(EV_QUIT);
	assert_string_equal(calls->str, "quit:");
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "quit:log:");
	emit_type(EV_SESSION_STATE);
	assert_string_equal(calls->str, "quit:log:");
	assert_int_equal(log.count, 1);
	assert_int_equal(quit.count, 1);
	assert_int_equal(message.count, 0);
}

static void
test_event_passes_event_and_userdata(void **state)
{
	struct subscriber a = { .name = "a" };
	struct event event = { .type = EV_SESSION_STATE, .account = "work" };

	event.u.session.state = 2;
	event.u.session.jid = "me@example.org";
	event.u.session.reason = "because";
	event.u.session.error = 1;
	event_subscribe(EV_SESSION_STATE, on_event, &a);
	event_emit(&event);
	assert_int_equal(a.count, 1);
	assert_ptr_equal(a.last_event, &event);
}

static void
test_event_unsubscribe(void **state)
{
	struct subscriber a = { .name = "a" }, b = { .name = "b" };

	a.id = event_subscribe(EV_LOG, on_event, &a);
	b.id = event_subscribe(EV_LOG, on_event, &b);
	event_unsubscribe(a.id);
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "b:");

	/* Unknown ids, and ids already gone, are ignored. */
	event_unsubscribe(0);
	event_unsubscribe(a.id);
	event_unsubscribe(b.id + 1000);
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "b:b:");
}

static void
test_event_unsubscribe_self_during_delivery(void **state)
{
	struct subscriber a = { .name = "a" }, b = { .name = "b" }, c = { .name = "c" };

	a.id = event_subscribe(EV_LOG, on_event, &a);
	b.id = event_subscribe(EV_LOG, on_event, &b);
	c.id = event_subscribe(EV_LOG, on_event, &c);
	b.unsubscribe_id = b.id;

	emit_type(EV_LOG);
	/* b still got this event, and nobody after it was skipped */
	assert_string_equal(calls->str, "a:b:c:");
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:c:a:c:");
	assert_int_equal(b.count, 1);
}

static void
test_event_unsubscribe_first_during_delivery(void **state)
{
	struct subscriber a = { .name = "a" }, b = { .name = "b" }, c = { .name = "c" };

	a.id = event_subscribe(EV_LOG, on_event, &a);
	b.id = event_subscribe(EV_LOG, on_event, &b);
	c.id = event_subscribe(EV_LOG, on_event, &c);
	a.unsubscribe_id = a.id;

	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:c:");
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:c:b:c:");
}

static void
test_event_unsubscribe_other_during_delivery(void **state)
{
	struct subscriber a = { .name = "a" }, b = { .name = "b" }, c = { .name = "c" };
	struct subscriber d = { .name = "d" };

	a.id = event_subscribe(EV_LOG, on_event, &a);
	b.id = event_subscribe(EV_LOG, on_event, &b);
	c.id = event_subscribe(EV_LOG, on_event, &c);
	d.id = event_subscribe(EV_LOG, on_event, &d);
	/* b removes c, which has not been called yet: c must not be called,
	 * and d, after it, must still be called exactly once. */
	b.unsubscribe_id = c.id;

	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:d:");
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:d:a:b:d:");
	assert_int_equal(c.count, 0);
	assert_int_equal(d.count, 2);
}

static void
test_event_unsubscribe_earlier_during_delivery(void **state)
{
	struct subscriber a = { .name = "a" }, b = { .name = "b" }, c = { .name = "c" };

	a.id = event_subscribe(EV_LOG, on_event, &a);
	b.id = event_subscribe(EV_LOG, on_event, &b);
	c.id = event_subscribe(EV_LOG, on_event, &c);
	/* c removes a, which was already called for this event */
	c.unsubscribe_id = a.id;

	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:c:");
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:c:b:c:");
}

static void
test_event_subscribe_during_delivery(void **state)
{
	struct subscriber a = { .name = "a" }, b = { .name = "b" };
	struct subscriber late = { .name = "late" };

	a.id = event_subscribe(EV_LOG, on_event, &a);
	b.id = event_subscribe(EV_LOG, on_event, &b);
	a.subscribe = &late;

	emit_type(EV_LOG);
	/* the new subscriber sees the next event, not this one */
	assert_string_equal(calls->str, "a:b:");
	assert_int_equal(late.count, 0);
	assert_int_not_equal(late.id, 0);
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "a:b:a:b:late:");
	assert_int_equal(late.count, 1);
}

/* A subscriber that emits another event from inside delivery. */
static void
on_log_emit_quit(const struct event *event, void *userdata)
{
	g_string_append(calls, "log:");
	emit_type(EV_QUIT);
}

static void
test_event_nested_emit(void **state)
{
	struct subscriber quit = { .name = "quit" }, after = { .name = "after" };

	event_subscribe(EV_LOG, on_log_emit_quit, NULL);
	after.id = event_subscribe(EV_LOG, on_event, &after);
	quit.id = event_subscribe(EV_QUIT, on_event, &quit);
	quit.unsubscribe_id = after.id; /* removed from inside the nested emit */

	emit_type(EV_LOG);
	assert_string_equal(calls->str, "log:quit:");
	emit_type(EV_LOG);
	assert_string_equal(calls->str, "log:quit:log:quit:");
	assert_int_equal(after.count, 0);
}

/* Copies an EV_LOG event out for the test to look at. */
struct log_copy {
	int count;
	char *account;
	enum log_level level;
	char *text;
};

static void
on_log_copy(const struct event *event, void *userdata)
{
	struct log_copy *copy = userdata;

	assert_int_equal(event->type, EV_LOG);
	copy->count++;
	g_free(copy->account);
	g_free(copy->text);
	copy->account = g_strdup(event->account);
	copy->level = event->u.log.level;
	copy->text = g_strdup(event->u.log.text);
}

static void
test_event_log_formatting(void **state)
{
	struct log_copy copy = { 0 };
	char *long_text = g_strnfill(5000, 'x');

	event_subscribe(EV_LOG, on_log_copy, &copy);

	event_log("work", LOG_WARNING, "%d messages from %s (%.1f%%)", 3, "juliet@example.org",
	          12.5);
	assert_int_equal(copy.count, 1);
	assert_string_equal(copy.account, "work");
	assert_int_equal(copy.level, LOG_WARNING);
	assert_string_equal(copy.text, "3 messages from juliet@example.org (12.5%)");

	event_log(NULL, LOG_ERROR, "no account: %s", "ünïcödé");
	assert_int_equal(copy.count, 2);
	assert_null(copy.account);
	assert_int_equal(copy.level, LOG_ERROR);
	assert_string_equal(copy.text, "no account: ünïcödé");

	event_log("a", LOG_DEBUG, "%s|", long_text);
	assert_int_equal(strlen(copy.text), 5001);
	assert_true(g_str_has_suffix(copy.text, "x|"));

	g_free(copy.account);
	g_free(copy.text);
	g_free(long_text);
}

static void
test_event_reset(void **state)
{
	struct subscriber a = { .name = "a" };

	event_subscribe(EV_LOG, on_event, &a);
	event_reset();
	emit_type(EV_LOG);
	assert_int_equal(a.count, 0);
	/* the bus works again after a reset */
	event_subscribe(EV_LOG, on_event, &a);
	emit_type(EV_LOG);
	assert_int_equal(a.count, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_event_delivery_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_no_subscribers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_type_filtering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_passes_event_and_userdata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_unsubscribe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_unsubscribe_self_during_delivery, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_event_unsubscribe_first_during_delivery, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_event_unsubscribe_other_during_delivery, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_event_unsubscribe_earlier_during_delivery, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_event_subscribe_during_delivery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_nested_emit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_log_formatting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_reset, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
