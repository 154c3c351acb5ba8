/*
 * test-lookalike.c: nicks that pass for others (core/lookalike.h), and
 * rooms flagging them (model/room.h).
 */
#include "config.h"

#include "unit.h"

#include "core/lookalike.h"
#include "model/room.h"

static void
same_skeleton(const char *a, const char *b)
{
	char *x = lookalike_skeleton(a), *y = lookalike_skeleton(b);

	assert_string_equal(x, y);
	g_free(x);
	g_free(y);
}

static void
other_skeleton(const char *a, const char *b)
{
	char *x = lookalike_skeleton(a), *y = lookalike_skeleton(b);

	assert_string_not_equal(x, y);
	g_free(x);
	g_free(y);
}

static void
test_lookalike_skeletons(void **state)
{
	same_skeleton("bob", "Bob");
	same_skeleton("bob", "b\u200Bob");                      /* zero-width space */
	same_skeleton("bob", "bo\u200Db");                      /* a joiner between letters */
	same_skeleton("bob", "b\u043Eb");                       /* Cyrillic o */
	same_skeleton("alice", "\u0430l\u0456c\u0435");         /* Cyrillic a, i, e */
	same_skeleton("bob", "\uFF42\uFF4F\uFF42");             /* full-width */
	same_skeleton("bob", "\U0001D41B\U0001D428\U0001D41B"); /* mathematical bold */
	same_skeleton("bob", "b\u00ADob\u2060");                /* soft hyphen, word joiner */
	same_skeleton("Ωmega", "ωmega");
	other_skeleton("bob", "rob");
	other_skeleton("bob", "bobby");
	/* Many terminals draw an emoji sequence as its parts. */
	same_skeleton("\U0001F468\u200D\U0001F4BB", "\U0001F468\U0001F4BB");
	char *empty = lookalike_skeleton("b\xff");
	assert_string_equal(empty, "");
	g_free(empty);
}

static void
test_lookalike_invisible(void **state)
{
	assert_false(lookalike_invisible("bob"));
	assert_false(lookalike_invisible("Zoë"));
	assert_true(lookalike_invisible("bob\u200B"));
	assert_true(lookalike_invisible("b\u202Eob"));
	assert_true(lookalike_invisible("\u3164"));
	assert_true(lookalike_invisible("bob\u2800"));
	assert_true(lookalike_invisible("bo\u200Db"));
	/* Emoji sequences: a joiner between two, a variation selector. */
	assert_false(lookalike_invisible("\U0001F468\u200D\U0001F4BB dev"));
	assert_false(lookalike_invisible("\u2764\uFE0F"));
	/* Persian and Hindi words need the joiners (RFC 5892 A.1, A.2). */
	assert_false(lookalike_invisible("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"));
	assert_false(lookalike_invisible("\u0915\u094D\u200D\u0937"));
	assert_true(lookalike_invisible("\u0645\u200C")); /* at the end */
	assert_true(lookalike_invisible("b\u200Cob"));    /* Latin */
	assert_false(lookalike_invisible(NULL));
	char *shown = lookalike_reveal("b\u200Bob\u2764\uFE0F");
	assert_string_equal(shown, "b\uFFFDob\u2764\uFE0F");
	g_free(shown);
}

static void
test_room_flags_lookalikes(void **state)
{
	struct room *room = room_get("acct", "dev@muc.example.org");
	const struct occupant *like = NULL;
	struct occupant *bob, *fake, *other, *hidden;
	int added;

	bob = room_set_occupant(room, "bob", NULL, 0, 0, 0, NULL, &added);
	other = room_set_occupant(room, "carol", NULL, 0, 0, 0, NULL, &added);
	assert_false(room_occupant_lookalike(room, bob, &like));
	assert_null(like);
	fake = room_set_occupant(room, "b\u043Eb", NULL, 0, 0, 0, NULL, &added);
	assert_true(room_occupant_lookalike(room, fake, &like));
	assert_ptr_equal(like, bob);
	assert_true(room_occupant_lookalike(room, bob, &like));
	assert_ptr_equal(like, fake);
	assert_false(room_occupant_lookalike(room, other, NULL));
	/* The impostor leaves: bob is bob again. */
	room_remove_occupant(room, fake);
	assert_false(room_occupant_lookalike(room, bob, NULL));
	/* carol renames herself to Bob. */
	room_rename_occupant(room, other, "Bob");
	assert_true(room_occupant_lookalike(room, bob, &like));
	assert_ptr_equal(like, other);
	room_rename_occupant(room, other, "carol");
	assert_false(room_occupant_lookalike(room, bob, NULL));
	/* Alone, a nick with invisible characters still is one. */
	hidden = room_set_occupant(room, "dave\u200B", NULL, 0, 0, 0, NULL, &added);
	assert_true(room_occupant_lookalike(room, hidden, &like));
	assert_null(like);
	/* A nick not taken yet: carol becoming "b\u043Eb" would pass for
	 * bob; becoming "carol2" would not; her own skeleton aside. */
	assert_true(room_nick_lookalike(room, "b\u043Eb", other));
	assert_false(room_nick_lookalike(room, "carol2", other));
	assert_true(room_nick_lookalike(room, "eve\u200B", NULL));
	assert_false(room_nick_lookalike(room, "Carol", other));
	room_clear_occupants(room);
	assert_int_equal(g_hash_table_size(room->skeletons), 0);
	room_list_clear();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookalike_skeletons),
		cmocka_unit_test(test_lookalike_invisible),
		cmocka_unit_test(test_room_flags_lookalikes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
