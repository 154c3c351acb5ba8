/*
 * test-room.c: rooms and occupants (model/room.h): constant-time lookup
 * by nick and by real JID kept true through renames, JID changes and
 * removal; the sorted list the panel and /who show; role and affiliation
 * names; the events a room emits.
 */
#include "config.h"

#include "unit.h"

#include <locale.h>

#include "core/event.h"
#include "model/contact.h"
#include "model/room.h"

static struct {
	int rooms, occupants;
	int last_change;
	char *last_text;
	char *last_nick;
} seen;

static void
on_room(const struct event *event, void *userdata)
{
	seen.rooms++;
	seen.last_change = event->u.room.change;
	g_free(seen.last_text);
	seen.last_text = g_strdup(event->u.room.text);
}

static void
on_occupant(const struct event *event, void *userdata)
{
	seen.occupants++;
	g_free(seen.last_nick);
	seen.last_nick = g_strdup(event->u.occupant.occupant->nick);
}

static int
setup(void **state)
{
	event_reset();
	room_list_clear();
	memset(&seen, 0, sizeof seen);
	event_subscribe(EV_ROOM, on_room, NULL);
	event_subscribe(EV_OCCUPANT, on_occupant, NULL);
	return 0;
}

static int
teardown(void **state)
{
	event_reset();
	room_list_clear();
	g_free(seen.last_text);
	g_free(seen.last_nick);
	return 0;
}

static struct occupant *
add(struct room *room, const char *nick, const char *jid, int role, int affiliation)
{
	int added = 0;
	struct occupant *o =
	        room_set_occupant(room, nick, jid, role, affiliation, SHOW_ONLINE, NULL, &added);

	assert_true(added);
	return o;
}

static void
test_rooms_per_account(void **state)
{
	struct room *a = room_get("work", "dev@muc.example");
	struct room *b = room_get("home", "dev@muc.example");
	GPtrArray *list;

	assert_ptr_not_equal(a, b);
	assert_ptr_equal(room_find("work", "dev@muc.example"), a);
	assert_ptr_equal(room_get("work", "dev@muc.example"), a);
	assert_null(room_find("work", "other@muc.example"));
	assert_int_equal(a->state, ROOM_LEFT);
	list = room_list("home");
	assert_int_equal(list->len, 1);
	assert_ptr_equal(list->pdata[0], b);
	g_ptr_array_free(list, TRUE);
	list = room_list(NULL);
	assert_int_equal(list->len, 2);
	g_ptr_array_free(list, TRUE);
	room_forget(a);
	assert_null(room_find("work", "dev@muc.example"));
	assert_ptr_equal(room_find("home", "dev@muc.example"), b);
}

static void
test_lookup_follows_changes(void **state)
{
	struct room *room = room_get("work", "dev@muc.example");
	struct occupant *bob = add(room, "bob", "bob@example/pc", ROLE_MODERATOR, AFFIL_OWNER);
	struct occupant *eve = add(room, "eve", NULL, ROLE_VISITOR, AFFIL_NONE);
	int added = 1;

	assert_ptr_equal(room_occupant(room, "bob"), bob);
	assert_ptr_equal(room_occupant_by_jid(room, "bob@example/pc"), bob);
	assert_null(room_occupant_by_jid(room, "bob@example"));
	assert_int_equal(room_occupant_count(room), 2);

	/* An update keeps the occupant; a new real JID replaces the old. */
	assert_ptr_equal(room_set_occupant(room, "bob", "bob@example/phone", ROLE_MODERATOR,
	                                   AFFIL_OWNER, SHOW_AWAY, "out", &added),
	                 bob);
	assert_false(added);
	assert_int_equal(bob->show, SHOW_AWAY);
	assert_string_equal(bob->status, "out");
	assert_null(room_occupant_by_jid(room, "bob@example/pc"));
	assert_ptr_equal(room_occupant_by_jid(room, "bob@example/phone"), bob);

	/* A rename moves the nick key; the JID key stays. */
	room_rename_occupant(room, bob, "robert");
	assert_null(room_occupant(room, "bob"));
	assert_ptr_equal(room_occupant(room, "robert"), bob);
	assert_string_equal(bob->nick, "robert");
	assert_ptr_equal(room_occupant_by_jid(room, "bob@example/phone"), bob);

	/* Renamed onto a stale occupant's nick: the stale one goes. */
	room_rename_occupant(room, eve, "robert");
	assert_ptr_equal(room_occupant(room, "robert"), eve);
	assert_null(room_occupant_by_jid(room, "bob@example/phone"));
	assert_int_equal(room_occupant_count(room), 1);

	room->self = eve;
	room_remove_occupant(room, eve);
	assert_null(room->self);
	assert_int_equal(room_occupant_count(room), 0);
}

/* One person under two nicks (two clients): the JID finds the last one;
 * either leaving leaves the table sound. */
static void
test_two_nicks_one_jid(void **state)
{
	struct room *room = room_get("work", "dev@muc.example");
	struct occupant *a = add(room, "alice", "alice@example/pc", ROLE_PARTICIPANT, AFFIL_NONE);
	struct occupant *b = add(room, "mallory", "alice@example/pc", ROLE_PARTICIPANT, AFFIL_NONE);
	struct occupant *c;

	assert_ptr_equal(room_occupant_by_jid(room, "alice@example/pc"), b);
	room_remove_occupant(room, a);
	assert_ptr_equal(room_occupant_by_jid(room, "alice@example/pc"), b);
	c = add(room, "carol", "alice@example/pc", ROLE_PARTICIPANT, AFFIL_NONE);
	assert_ptr_equal(room_occupant_by_jid(room, "alice@example/pc"), c);
	room_remove_occupant(room, c);
	room_remove_occupant(room, b);
	assert_null(room_occupant_by_jid(room, "alice@example/pc"));
	assert_int_equal(room_occupant_count(room), 0);
}

static void
test_sorted_by_role_then_nick(void **state)
{
	struct room *room = room_get("work", "dev@muc.example");
	GPtrArray *sorted;

	add(room, "zed", NULL, ROLE_PARTICIPANT, AFFIL_NONE);
	add(room, "Anna", NULL, ROLE_PARTICIPANT, AFFIL_MEMBER);
	add(room, "visitor", NULL, ROLE_VISITOR, AFFIL_NONE);
	add(room, "mod", NULL, ROLE_MODERATOR, AFFIL_ADMIN);
	add(room, "bob", NULL, ROLE_PARTICIPANT, AFFIL_NONE);
	sorted = room_occupants_sorted(room);
	assert_int_equal(sorted->len, 5);
	assert_string_equal(((struct occupant *)sorted->pdata[0])->nick, "mod");
	assert_string_equal(((struct occupant *)sorted->pdata[1])->nick, "Anna");
	assert_string_equal(((struct occupant *)sorted->pdata[2])->nick, "bob");
	assert_string_equal(((struct occupant *)sorted->pdata[3])->nick, "zed");
	assert_string_equal(((struct occupant *)sorted->pdata[4])->nick, "visitor");
	g_ptr_array_free(sorted, TRUE);
	room_clear_occupants(room);
	assert_int_equal(room_occupant_count(room), 0);
}

static gint
by_reference_key(gconstpointer a, gconstpointer b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	char *fx = g_utf8_casefold(x, -1), *fy = g_utf8_casefold(y, -1);
	char *kx = g_utf8_collate_key(fx, -1), *ky = g_utf8_collate_key(fy, -1);
	int diff = strcmp(kx, ky);

	g_free(fx);
	g_free(fy);
	g_free(kx);
	g_free(ky);
	return diff != 0 ? diff : strcmp(x, y);
}

/* ASCII nicks take a shortcut to their sort key where the locale collates
 * by code point: the order is still g_utf8_collate_key()'s, among
 * themselves and with nicks beyond ASCII. */
static void
test_sorted_like_collate_keys(void **state)
{
	static const char *const nicks[] = {
		"zed", "Anna", "anna2", "_under", "[bracket]", "A-b", "a_b", "\xc3\x89mile",
		"\xc3\xa9mile2", "caf\xc3\xa9", "cafe", "\xe4\xb8\xad", "Bob", "bob", "0day",
	};
	struct room *room = room_get("work", "sort@muc.example");
	GPtrArray *want = g_ptr_array_new();

	assert_non_null(setlocale(LC_COLLATE, "C.UTF-8"));
	for (size_t i = 0; i < G_N_ELEMENTS(nicks); i++) {
		add(room, nicks[i], NULL, ROLE_PARTICIPANT, AFFIL_NONE);
		g_ptr_array_add(want, (gpointer)nicks[i]);
	}
	g_ptr_array_sort(want, by_reference_key);
	GPtrArray *sorted = room_occupants_sorted(room);
	assert_int_equal(sorted->len, want->len);
	for (guint i = 0; i < sorted->len; i++)
		assert_string_equal(((struct occupant *)sorted->pdata[i])->nick, want->pdata[i]);
	g_ptr_array_free(sorted, TRUE);
	g_ptr_array_free(want, TRUE);
}

static void
test_names(void **state)
{
	assert_string_equal(muc_role_name(ROLE_MODERATOR), "moderator");
	assert_string_equal(muc_role_name(ROLE_NONE), "none");
	assert_string_equal(muc_affiliation_name(AFFIL_OUTCAST), "outcast");
	assert_int_equal(muc_role_parse("visitor"), ROLE_VISITOR);
	assert_int_equal(muc_affiliation_parse("owner"), AFFIL_OWNER);
	assert_int_equal(muc_role_parse("king"), -1);
	assert_int_equal(muc_affiliation_parse(NULL), -1);
}

static void
test_events(void **state)
{
	struct room *room = room_get("work", "dev@muc.example");
	struct occupant *bob = add(room, "bob", NULL, ROLE_MODERATOR, AFFIL_OWNER);

	room_set_state(room, ROOM_JOINING, ROOM_CHANGE_JOINING, NULL, NULL);
	assert_int_equal(seen.rooms, 1);
	assert_int_equal(seen.last_change, ROOM_CHANGE_JOINING);
	assert_true(room->in_history);
	room_set_state(room, ROOM_LEFT, ROOM_CHANGE_REFUSED, "banned", NULL);
	assert_int_equal(room->state, ROOM_LEFT);
	assert_string_equal(seen.last_text, "banned");
	room_tell_occupant(room, bob, OCCUPANT_JOINED, NULL, NULL, NULL);
	assert_int_equal(seen.occupants, 1);
	assert_string_equal(seen.last_nick, "bob");
	room_set_subject(room, "hello", "bob");
	assert_string_equal(room->subject, "hello");
	assert_string_equal(room->subject_by, "bob");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rooms_per_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookup_follows_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_nicks_one_jid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorted_by_role_then_nick, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorted_like_collate_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
