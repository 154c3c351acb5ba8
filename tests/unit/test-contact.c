/*
 * test-contact.c: contacts and their resources' presence (model/contact.h).
 */
#include "config.h"

#include "unit.h"

#include "core/event.h"
#include "model/contact.h"

static int events;
static const char *last_resource;

static void
on_presence(const struct event *event, void *userdata)
{
	events++;
	last_resource = event->u.presence.resource;
}

static int
setup(void **state)
{
	events = 0;
	event_subscribe(EV_PRESENCE, on_presence, NULL);
	return 0;
}

static int
teardown(void **state)
{
	contact_list_clear();
	event_reset();
	return 0;
}

static void
test_show_names(void **state)
{
	assert_int_equal(presence_show_parse(NULL), SHOW_ONLINE);
	assert_int_equal(presence_show_parse("away"), SHOW_AWAY);
	assert_int_equal(presence_show_parse("chat"), SHOW_CHAT);
	assert_int_equal(presence_show_parse("dnd"), SHOW_DND);
	assert_int_equal(presence_show_parse("xa"), SHOW_XA);
	/* "online" and "offline" are natter's words, not <show/> values. */
	assert_int_equal(presence_show_parse("online"), -1);
	assert_int_equal(presence_show_parse("offline"), -1);
	assert_int_equal(presence_show_parse("AWAY"), -1);
	assert_string_equal(presence_show_name(SHOW_XA), "xa");
	assert_string_equal(presence_show_name(SHOW_OFFLINE), "offline");
}

static void
test_best_resource(void **state)
{
	const struct contact *c;

	contact_set_available("work", "bob@example.org", "desk", SHOW_AWAY, "lunch", 0);
	assert_int_equal(events, 1);
	assert_string_equal(last_resource, "desk");
	c = contact_find("work", "bob@example.org");
	assert_non_null(c);
	assert_int_equal(contact_show(c), SHOW_AWAY);
	/* Higher priority wins, however unavailable. */
	contact_set_available("work", "bob@example.org", "phone", SHOW_DND, "driving", 5);
	assert_string_equal(contact_best(c)->resource, "phone");
	assert_int_equal(c->resources->len, 2);
	/* Same priority: the more available wins. */
	contact_set_available("work", "bob@example.org", "phone", SHOW_DND, NULL, 0);
	assert_string_equal(contact_best(c)->resource, "desk");
	/* Priorities are clamped to the RFC's range. */
	contact_set_available("work", "bob@example.org", "tablet", SHOW_XA, NULL, 500);
	assert_int_equal(contact_best(c)->priority, 127);
	/* The same contact on another account is another contact. */
	assert_null(contact_find("home", "bob@example.org"));
}

static void
test_unavailable(void **state)
{
	const struct contact *c;

	contact_set_available("work", "bob@example.org", "desk", SHOW_ONLINE, NULL, 0);
	contact_set_available("work", "bob@example.org", "phone", SHOW_CHAT, NULL, 0);
	contact_set_unavailable("work", "bob@example.org", "phone", "bye");
	c = contact_find("work", "bob@example.org");
	assert_int_equal(c->resources->len, 1);
	assert_int_equal(contact_show(c), SHOW_ONLINE);
	assert_string_equal(c->last_status, "bye");
	/* An unknown resource leaving changes nothing but is reported. */
	contact_set_unavailable("work", "bob@example.org", "nosuch", NULL);
	assert_int_equal(c->resources->len, 1);
	/* From the bare JID: every resource. */
	contact_set_unavailable("work", "bob@example.org", NULL, NULL);
	assert_int_equal(c->resources->len, 0);
	assert_null(contact_best(c));
	assert_int_equal(contact_show(c), SHOW_OFFLINE);
	assert_null(last_resource);
}

static void
test_account_offline(void **state)
{
	contact_set_available("work", "bob@example.org", "desk", SHOW_ONLINE, NULL, 0);
	contact_set_available("work", "carol@example.org", "x", SHOW_ONLINE, NULL, 0);
	contact_set_available("home", "bob@example.org", "desk", SHOW_ONLINE, NULL, 0);
	contact_set_unavailable("work", "dave@example.org", NULL, NULL);
	events = 0;
	contact_account_offline("work");
	/* Only the two that were available are reported. */
	assert_int_equal(events, 2);
	assert_int_equal(contact_show(contact_find("work", "bob@example.org")), SHOW_OFFLINE);
	assert_int_equal(contact_show(contact_find("home", "bob@example.org")), SHOW_ONLINE);
	assert_int_equal(contact_list()->len, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_show_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_best_resource, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unavailable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_account_offline, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
