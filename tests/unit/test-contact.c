/*
 * test-contact.c: contacts and their resources' presence (model/contact.h).
 */
#include "config.h"

#include "unit.h"

#include "core/event.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"

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
	/* What users type: "online" too, never "offline". */
	assert_int_equal(presence_show_word("online"), SHOW_ONLINE);
	assert_int_equal(presence_show_word("dnd"), SHOW_DND);
	assert_int_equal(presence_show_word("offline"), -1);
	assert_int_equal(presence_show_word(""), -1);
}

static void
test_priority_parse(void **state)
{
	int value = 99;

	assert_int_equal(presence_priority_parse("-128", &value), 0);
	assert_int_equal(value, -128);
	assert_int_equal(presence_priority_parse("127", &value), 0);
	assert_int_equal(value, 127);
	assert_int_equal(presence_priority_parse("+5", &value), 0);
	assert_int_equal(value, 5);
	value = 42;
	assert_int_equal(presence_priority_parse("128", &value), -1);
	assert_int_equal(presence_priority_parse("-129", &value), -1);
	assert_int_equal(presence_priority_parse("", &value), -1);
	assert_int_equal(presence_priority_parse("5 ", &value), -1);
	assert_int_equal(presence_priority_parse("99999999999999999999", &value), -1);
	assert_int_equal(value, 42);
}

/* /account rename: what the model holds of an account moves to its new
 * name, and nothing of another account whose name starts the same. */
static void
test_rename_account(void **state)
{
	struct conversation *chat;
	struct room *room;

	contact_set_available("work", "bob@example.org", "desk", SHOW_AWAY, NULL, 0);
	contact_set_available("work x", "bob@example.org", "desk", SHOW_DND, NULL, 0);
	room = room_get("work", "team@conf.example.org");
	room_get("work x", "team@conf.example.org");
	bookmark_set("work", "team@conf.example.org", "Team", "me", NULL, 1, NULL);
	bookmark_set("workx", "team@conf.example.org", "Other", NULL, NULL, 0, NULL);
	chat = conversation_open("work", "bob@example.org");
	conversation_open("work x", "bob@example.org");

	contact_rename_account("work", "job");
	room_rename_account("work", "job");
	bookmark_rename_account("work", "job");
	conversation_rename_account("work", "job");

	assert_null(contact_find("work", "bob@example.org"));
	assert_int_equal(contact_show(contact_find("job", "bob@example.org")), SHOW_AWAY);
	assert_string_equal(contact_find("job", "bob@example.org")->account, "job");
	assert_int_equal(contact_show(contact_find("work x", "bob@example.org")), SHOW_DND);
	assert_null(room_find("work", "team@conf.example.org"));
	assert_ptr_equal(room_find("job", "team@conf.example.org"), room);
	assert_string_equal(room->account, "job");
	assert_non_null(room_find("work x", "team@conf.example.org"));
	assert_null(bookmark_find("work", "team@conf.example.org"));
	assert_string_equal(bookmark_find("job", "team@conf.example.org")->name, "Team");
	assert_string_equal(bookmark_find("job", "team@conf.example.org")->account, "job");
	assert_string_equal(bookmark_find("workx", "team@conf.example.org")->name, "Other");
	assert_ptr_equal(conversation_find("job", "bob@example.org"), chat);
	assert_null(conversation_find("work", "bob@example.org"));
	assert_non_null(conversation_find("work x", "bob@example.org"));
	/* Renamed back, into a name whose keys exist: all still found. */
	contact_rename_account("job", "work");
	assert_non_null(contact_find("work", "bob@example.org"));
	assert_int_equal(contact_list()->len, 2);
	room_list_clear();
	bookmark_list_clear();
	conversation_list_clear();
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

/* /account remove: the model forgets the account, and only it. */
static void
test_forget_account(void **state)
{
	contact_set_available("work", "bob@example.org", "desk", SHOW_AWAY, NULL, 0);
	contact_set_available("work x", "bob@example.org", "desk", SHOW_DND, NULL, 0);
	room_get("work", "team@conf.example.org");
	room_get("work", "ops@conf.example.org");
	room_get("work x", "team@conf.example.org");
	bookmark_set("work", "team@conf.example.org", "Team", NULL, NULL, 1, NULL);
	bookmark_set("work x", "team@conf.example.org", "Other", NULL, NULL, 0, NULL);
	conversation_open("work", "bob@example.org");
	conversation_open("work x", "bob@example.org");

	contact_forget_account("work");
	room_forget_account("work");
	bookmark_forget_account("work");
	conversation_forget_account("work");

	assert_null(contact_find("work", "bob@example.org"));
	assert_int_equal(contact_list()->len, 1);
	assert_non_null(contact_find("work x", "bob@example.org"));
	assert_null(room_find("work", "team@conf.example.org"));
	assert_null(room_find("work", "ops@conf.example.org"));
	assert_non_null(room_find("work x", "team@conf.example.org"));
	assert_null(bookmark_find("work", "team@conf.example.org"));
	assert_non_null(bookmark_find("work x", "team@conf.example.org"));
	assert_null(conversation_find("work", "bob@example.org"));
	assert_non_null(conversation_find("work x", "bob@example.org"));
	/* The name is free again: renaming onto it finds nothing in the way. */
	contact_rename_account("work x", "work");
	room_rename_account("work x", "work");
	assert_non_null(contact_find("work", "bob@example.org"));
	assert_non_null(room_find("work", "team@conf.example.org"));
	room_list_clear();
	bookmark_list_clear();
	conversation_list_clear();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_show_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_best_resource, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unavailable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_account_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_priority_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forget_account, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
