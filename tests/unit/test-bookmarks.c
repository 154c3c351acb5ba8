/*
 * test-bookmarks.c: room bookmarks from the protocol's side
 * (xmpp/bookmarks.c): autojoin at the first login survives a connection
 * cut short, XEP-0402 notifications enter a room only when its autojoin
 * is turned on, and only while the account keeps bookmarks in PEP.
 */
#include "config.h"

#include "unit.h"

#include "model/bookmark.h"
#include "model/room.h"
#include "xmpp-harness.h"
#include "xmpp/bookmarks.h"
#include "xmpp/session-private.h"

#define COMPAT "<feature var='urn:xmpp:bookmarks:1#compat'/>"

/* How many stanzas sent hold both parts. */
static int
count_sent(const char *part, const char *other)
{
	int n = 0;

	for (guint i = 0; i < sent->len; i++)
		n += strstr(sent->pdata[i], part) != NULL && strstr(sent->pdata[i], other) != NULL;
	return n;
}

/* How many times natter started entering room (its disco#info, XEP-0045
 * 6.4, comes first). */
static int
entries(const char *room)
{
	char *to = g_strdup_printf("to=\"%s\"", room);
	int n = count_sent(to, "disco#info");

	g_free(to);
	return n;
}

/* The server answers the account's disco#info with features. */
static void
server_features(const char *features)
{
	char *xml = g_strdup_printf("<iq type='result' from='" OWN_JID "' id='%%s'><query "
	                            "xmlns='http://jabber.org/protocol/disco#info'>%s</query></iq>",
	                            features);

	answer("to=\"" OWN_JID "\"", xml);
	g_free(xml);
}

/* The server answers the XEP-0402 items request with rooms (autojoin). */
static void
server_items(const char *const *rooms)
{
	GString *xml = g_string_new("<iq type='result' from='" OWN_JID "' id='%s'><pubsub "
	                            "xmlns='http://jabber.org/protocol/pubsub'><items "
	                            "node='urn:xmpp:bookmarks:1'>");

	for (const char *const *room = rooms; *room != NULL; room++)
		g_string_append_printf(xml,
		                       "<item id='%s'><conference xmlns='urn:xmpp:bookmarks:1' "
		                       "autojoin='true'><nick>me</nick></conference></item>",
		                       *room);
	g_string_append(xml, "</items></pubsub></iq>");
	answer("node=\"urn:xmpp:bookmarks:1\"", xml->str);
	g_string_free(xml, TRUE);
}

/* The connection drops (its requests are forgotten) and comes back. */
static void
cut_and_login_again(void)
{
	session_forget_requests(session);
	bookmarks_stop(session);
	bookmarks_start(session, 0);
}

/* XEP-0402 4: a notification from the account's own PEP node. */
static void
notify(const char *room, const char *autojoin)
{
	char *xml = g_strdup_printf(
	        "<message from='" OWN_JID "' to='" OWN_JID "/r'><event "
	        "xmlns='http://jabber.org/protocol/pubsub#event'><items "
	        "node='urn:xmpp:bookmarks:1'><item id='%s'><conference "
	        "xmlns='urn:xmpp:bookmarks:1' autojoin='%s'/></item></items></event></message>",
	        room, autojoin);

	route(xml);
	g_free(xml);
}

/* The first login's connection drops before the bookmarks came: the next
 * login still enters the autojoin rooms. */
static void
test_bookmarks_autojoin_after_early_cut(void **state)
{
	const char *rooms[] = { "a@muc.example.org", NULL };

	bookmarks_start(session, 1);
	cut_and_login_again();
	server_features(COMPAT);
	server_items(rooms);
	assert_true(told("bookmark a@muc.example.org autojoin"));
	assert_int_equal(entries("a@muc.example.org"), 1);
}

/* Rooms still waiting their turn when the connection drops are entered
 * after the next login. */
static void
test_bookmarks_waiting_rooms_after_cut(void **state)
{
	const char *rooms[] = { "a@muc.example.org", "b@muc.example.org", "c@muc.example.org",
		                "d@muc.example.org", "e@muc.example.org", NULL };

	bookmarks_start(session, 1);
	server_features(COMPAT);
	server_items(rooms);
	/* The first few at once; d and e wait for the spacing timer. */
	assert_int_equal(entries("c@muc.example.org"), 1);
	assert_int_equal(entries("d@muc.example.org"), 0);
	cut_and_login_again();
	server_features(COMPAT);
	server_items(rooms);
	assert_int_equal(entries("d@muc.example.org"), 1);
	assert_int_equal(entries("e@muc.example.org"), 1);
	/* Those entered already are not entered twice. */
	assert_int_equal(entries("a@muc.example.org"), 1);
}

/* A room left while others still wait their turn is not entered again
 * after a lost connection: only those waiting are. */
static void
test_bookmarks_left_room_stays_left(void **state)
{
	const char *rooms[] = { "a@muc.example.org", "b@muc.example.org", "c@muc.example.org",
		                "d@muc.example.org", NULL };
	struct room *a;

	bookmarks_start(session, 1);
	server_features(COMPAT);
	server_items(rooms);
	a = room_find(ACCOUNT, "a@muc.example.org");
	a->state = ROOM_LEFT; /* the user left it */
	a->wanted = 0;
	cut_and_login_again();
	server_features(COMPAT);
	server_items(rooms);
	assert_int_equal(entries("a@muc.example.org"), 1);
	assert_int_equal(entries("d@muc.example.org"), 1);
}

/* A resumed session (XEP-0198): bookmarks whose answer was lost are asked
 * again and their autojoin rooms entered; with them known, the rooms
 * still waiting are entered without asking. */
static void
test_bookmarks_resumed_session(void **state)
{
	const char *rooms[] = { "a@muc.example.org", "b@muc.example.org", "c@muc.example.org",
		                "d@muc.example.org", NULL };

	bookmarks_start(session, 1);
	session_forget_requests(session);
	bookmarks_stop(session);
	g_ptr_array_set_size(sent, 0);
	bookmarks_resumed(session);
	server_features(COMPAT);
	server_items(rooms);
	assert_int_equal(entries("c@muc.example.org"), 1);
	assert_int_equal(entries("d@muc.example.org"), 0);
	session_forget_requests(session);
	bookmarks_stop(session);
	g_ptr_array_set_size(sent, 0);
	bookmarks_resumed(session);
	assert_int_equal(count_sent("to=\"" OWN_JID "\"", "disco#info"), 0);
	assert_int_equal(entries("d@muc.example.org"), 1);
}

/* natter's own /bookmark add ... autojoin on enters nothing by itself,
 * whether the server's notification comes before its answer or not. */
static void
test_bookmarks_own_change_enters_nothing(void **state)
{
	const char *none[] = { NULL };
	char *cause = NULL;

	bookmarks_start(session, 1);
	server_features(COMPAT);
	server_items(none);
	assert_int_equal(bookmarks_add(session, "own@muc.example.org", "me", 1, &cause), 0);
	notify("own@muc.example.org", "true");
	assert_true(told("bookmark own@muc.example.org autojoin"));
	assert_int_equal(entries("own@muc.example.org"), 0);
}

/* Another client republishes a bookmark with autojoin still on after
 * the user left the room: it is not entered again. Turned off, then on:
 * it is. */
static void
test_bookmarks_pep_autojoin_turned_on(void **state)
{
	const char *rooms[] = { "a@muc.example.org", NULL };
	struct room *room;

	bookmarks_start(session, 1);
	server_features(COMPAT);
	server_items(rooms);
	assert_int_equal(entries("a@muc.example.org"), 1);
	room = room_find(ACCOUNT, "a@muc.example.org");
	room->state = ROOM_LEFT; /* the user left it */
	notify("a@muc.example.org", "true");
	assert_int_equal(entries("a@muc.example.org"), 1);
	notify("a@muc.example.org", "false");
	assert_false(bookmark_find(ACCOUNT, "a@muc.example.org")->autojoin);
	notify("a@muc.example.org", "true");
	assert_int_equal(entries("a@muc.example.org"), 2);
	/* A new bookmark with autojoin is entered. */
	notify("n@muc.example.org", "true");
	assert_int_equal(entries("n@muc.example.org"), 1);
}

/* On a server keeping bookmarks in private storage (XEP-0048), PEP
 * notifications of the XEP-0402 node are no bookmarks of the account. */
static void
test_bookmarks_pep_ignored_with_private_storage(void **state)
{
	bookmarks_start(session, 1);
	server_features("");
	assert_true(was_sent("storage:bookmarks", NULL));
	notify("x@muc.example.org", "true");
	assert_null(bookmark_find(ACCOUNT, "x@muc.example.org"));
	assert_int_equal(entries("x@muc.example.org"), 0);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, harness_setup, harness_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_bookmarks_autojoin_after_early_cut),
		TEST(test_bookmarks_waiting_rooms_after_cut),
		TEST(test_bookmarks_left_room_stays_left),
		TEST(test_bookmarks_resumed_session),
		TEST(test_bookmarks_own_change_enters_nothing),
		TEST(test_bookmarks_pep_autojoin_turned_on),
		TEST(test_bookmarks_pep_ignored_with_private_storage),
	};

	return cmocka_run_group_tests(tests, NULL, harness_group_teardown);
}
