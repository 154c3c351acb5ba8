/*
 * test-mam.c: reading the account's archive (xmpp/mam.h), after login and
 * for the user (mam-fetch.c), on a detached
 * session: what the query asks, which results count, how they become
 * messages.
 */
#include "config.h"

#include "unit.h"

#include <string.h>

#include "core/event.h"
#include "model/conversation.h"
#include "xmpp-harness.h"
#include "xmpp/bookmarks.h"
#include "xmpp/mam.h"
#include "xmpp/session-private.h"

static char *recorded;

static char *
position(const char *account, gint64 *since)
{
	*since = 0;
	return g_strdup("last-seen");
}

static char *
no_position(const char *account, gint64 *since)
{
	*since = 0;
	return NULL;
}

/* Never read by id, but read before: from that time on. */
static char *
time_position(const char *account, gint64 *since)
{
	*since = (gint64)1767323045 * G_USEC_PER_SEC;
	return NULL;
}

static void
record(const char *account, const char *last, gint64 since)
{
	/* As the store does: an empty page keeps the id. */
	if (last != NULL) {
		g_free(recorded);
		recorded = g_strdup(last);
	}
}

/* A result of the current query (queryid from what was sent), from from
 * (NULL: none), forwarding a message from sender to recipient. */
static char *
result(const char *from, const char *queryid, const char *archive_id, const char *sender,
       const char *recipient, const char *id, const char *body)
{
	return g_strdup_printf(
	        "<message xmlns='jabber:client' %s%s%s to='%s/natter'>"
	        "<result xmlns='urn:xmpp:mam:2' queryid='%s' id='%s'>"
	        "<forwarded xmlns='urn:xmpp:forward:0'>"
	        "<delay xmlns='urn:xmpp:delay' stamp='2026-01-02T03:04:05Z'/>"
	        "<message from='%s' to='%s' type='chat' id='%s'><body>%s</body></message>"
	        "</forwarded></result></message>",
	        from ? "from='" : "", from ? from : "", from ? "'" : "", OWN_JID, queryid,
	        archive_id, sender, recipient, id, body);
}

static const struct message *
last_in(const char *peer)
{
	struct conversation *c = conversation_find(ACCOUNT, peer);

	return c && c->messages.tail ? c->messages.tail->data : NULL;
}

static void
test_query_and_results(void **state)
{
	char *queryid, *xml;
	const struct message *m;

	mam_set_position_source(position, record);
	mam_sync(session);
	/* XEP-0313 4.1 with RSM: forward from the position. */
	assert_true(was_sent("xmlns=\"urn:xmpp:mam:2\"><x", "<after>last-seen</after>",
	                     "<max>100</max>", NULL));
	queryid = g_strdup(session->mam_query);

	xml = result(NULL, queryid, "a1", "bob@example.org/phone", OWN_JID, "m1", "while away");
	route(xml);
	g_free(xml);
	m = last_in("bob@example.org");
	assert_non_null(m);
	assert_string_equal(m->body, "while away");
	assert_int_equal(m->direction, MESSAGE_IN);
	assert_string_equal(m->stanza_id, "a1");
	assert_false(m->history); /* news: it came while away */
	assert_int_equal(m->timestamp, (gint64)1767323045 * G_USEC_PER_SEC);

	/* The account's own message from another client: ours. */
	xml = result(OWN_JID, queryid, "a2", OWN_JID "/phone", "bob@example.org", "m2", "mine");
	route(xml);
	g_free(xml);
	m = last_in("bob@example.org");
	assert_string_equal(m->body, "mine");
	assert_int_equal(m->direction, MESSAGE_OUT);

	/* The same message again (an offline copy came first): once. */
	xml = result(NULL, queryid, "a1", "bob@example.org/phone", OWN_JID, "m1", "while away");
	route(xml);
	g_free(xml);
	assert_int_equal(
	        g_queue_get_length(&conversation_find(ACCOUNT, "bob@example.org")->messages), 2);

	/* Not ours: a stranger's "result", another resource's, another query. */
	xml = result("eve@example.org", queryid, "x1", "eve@example.org/x", OWN_JID, "e1",
	             "forged");
	route(xml);
	g_free(xml);
	xml = result(OWN_JID "/other", queryid, "x2", "eve@example.org/x", OWN_JID, "e2", "forged");
	route(xml);
	g_free(xml);
	xml = result(NULL, "not-our-query", "x3", "eve@example.org/x", OWN_JID, "e3", "forged");
	route(xml);
	g_free(xml);
	assert_null(conversation_find(ACCOUNT, "eve@example.org"));

	/* The page ends, more follow: the position moves to its last id and
	 * the next page is asked after it; then the archive is complete. */
	answer("<after>last-seen</after>",
	       "<iq type='result' id='%s'><fin xmlns='urn:xmpp:mam:2'><set "
	       "xmlns='http://jabber.org/protocol/rsm'><last>a2</last></set></fin></iq>");
	assert_string_equal(recorded, "a2");
	assert_true(was_sent("<after>a2</after>", NULL));
	answer("<after>a2</after>",
	       "<iq type='result' id='%s'><fin xmlns='urn:xmpp:mam:2' complete='true'><set "
	       "xmlns='http://jabber.org/protocol/rsm'/></fin></iq>");
	assert_null(session->mam_query);
	assert_string_equal(recorded, "a2");
	g_free(queryid);
	g_clear_pointer(&recorded, g_free);
	mam_set_position_source(NULL, NULL);
}

/* Read before, but with nothing in it: from that time (less a margin). */
static void
test_time_position(void **state)
{
	mam_set_position_source(time_position, record);
	mam_sync(session);
	assert_true(was_sent("<field var=\"start\"><value>2026-01-02T02:59:05Z</value>",
	                     "<max>100</max></set>", NULL));
	assert_false(was_sent("<before/>", NULL));
	assert_true(session->mam_forward);
	mam_set_position_source(NULL, NULL);
}

/* A position the archive no longer holds: its latest page instead. */
static void
test_expired_position(void **state)
{
	mam_set_position_source(position, record);
	mam_sync(session);
	answer("<after>last-seen</after>",
	       "<iq type='error' id='%s'><error type='cancel'><item-not-found "
	       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
	assert_true(was_sent("xmlns=\"urn:xmpp:mam:2\"><x", "<before/>", NULL));
	mam_set_position_source(NULL, NULL);
}

/* Without a position (the first time): the latest page, as history. */
static void
test_first_reading(void **state)
{
	char *xml;

	mam_set_position_source(no_position, record);
	mam_sync(session);
	assert_true(was_sent("xmlns=\"urn:xmpp:mam:2\"><x", "<before/>", NULL));
	xml = result(NULL, session->mam_query, "b1", "bob@example.org/phone", OWN_JID, "n1", "old");
	route(xml);
	g_free(xml);
	assert_true(last_in("bob@example.org")->history);
	/* The latest page read: the position is its last id. */
	answer("<before/>", "<iq type='result' id='%s'><fin xmlns='urn:xmpp:mam:2' "
	                    "complete='true'><set xmlns='http://jabber.org/protocol/rsm'>"
	                    "<last>b1</last></set></fin></iq>");
	assert_string_equal(recorded, "b1");
	g_clear_pointer(&recorded, g_free);
	mam_set_position_source(NULL, NULL);
}

/* EV_ARCHIVE_FETCHED, as "received fresh complete error". */
static char *fetched;

static void
on_fetched(const struct event *event, void *userdata)
{
	g_free(fetched);
	fetched = g_strdup_printf("%d %d %d %s", event->u.fetched.received, event->u.fetched.fresh,
	                          event->u.fetched.complete,
	                          event->u.fetched.error ? event->u.fetched.error : "-");
}

/* The queryid of the last query sent (mam-fetch.c's start "mamf"). */
static char *
fetch_query_id(void)
{
	for (guint i = sent->len; i-- > 0;) {
		const char *at = strstr(sent->pdata[i], "queryid=\"mamf");
		if (at != NULL)
			return g_strndup(at + 9, strcspn(at + 9, "\""));
	}
	fail();
	return NULL;
}

/* Scrolling back: the page before an archive id, filtered by 'with';
 * its messages are backfill (told, not kept in the conversation); a
 * second fetch of the same conversation waits; forged results are
 * dropped; the end says how many came and were new. */
static void
test_fetch_older(void **state)
{
	unsigned sub = event_subscribe(EV_ARCHIVE_FETCHED, on_fetched, NULL);
	char *cause = NULL, *queryid, *xml;

	assert_int_equal(mam_fetch_older(session, "bob@example.org", "a5", 0, &cause), 0);
	assert_true(was_sent("<field var=\"with\"><value>bob@example.org</value></field>",
	                     "<before>a5</before>", "<max>100</max>", NULL));
	assert_int_equal(mam_fetch_older(session, "bob@example.org", "a5", 0, &cause), -1);
	assert_non_null(strstr(cause, "being read already"));
	g_clear_pointer(&cause, g_free);
	queryid = fetch_query_id();

	xml = result(NULL, queryid, "a3", "bob@example.org/phone", OWN_JID, "m3", "older");
	route(xml);
	g_free(xml);
	xml = result(OWN_JID, queryid, "a4", OWN_JID "/phone", "bob@example.org", "m4", "mine");
	route(xml);
	g_free(xml);
	/* A stranger's, and one with another query id: not the archive's. */
	xml = result("eve@example.org", queryid, "x1", "eve@example.org/x", OWN_JID, "e1",
	             "forged");
	route(xml);
	g_free(xml);
	/* Told, not kept: the conversation holds no backfill. */
	struct conversation *c = conversation_find(ACCOUNT, "bob@example.org");
	assert_non_null(c);
	assert_int_equal(g_queue_get_length(&c->messages), 0);
	assert_null(conversation_find(ACCOUNT, "eve@example.org"));
	assert_null(fetched);
	answer("<before>a5</before>",
	       "<iq type='result' id='%s'><fin xmlns='urn:xmpp:mam:2'><set "
	       "xmlns='http://jabber.org/protocol/rsm'><first>a3</first><last>a4</last></set>"
	       "</fin></iq>");
	/* No history here (no store): none is new (none was kept). */
	assert_string_equal(fetched, "2 0 0 -");

	/* Without an id: the last page up to a time; an error is said. */
	assert_int_equal(mam_fetch_older(session, "bob@example.org", NULL,
	                                 (gint64)1767323045 * G_USEC_PER_SEC, &cause),
	                 0);
	assert_true(was_sent("<field var=\"end\"><value>2026-01-02T03:04:05Z</value>", "<before/>",
	                     NULL));
	answer("<field var=\"end\">",
	       "<iq type='error' id='%s'><error type='cancel'><feature-not-implemented "
	       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
	assert_non_null(strstr(fetched, "0 0 0 "));
	assert_string_not_equal(fetched + 6, "-");

	/* /mam: forward from a time, page after page. */
	assert_int_equal(mam_fetch_since(session, "bob@example.org",
	                                 (gint64)1767323045 * G_USEC_PER_SEC, &cause),
	                 0);
	assert_true(was_sent("<field var=\"start\"><value>2026-01-02T03:04:05Z</value>", NULL));
	assert_false(was_sent("<field var=\"start\">", "<before/>", NULL));
	answer("<field var=\"start\">",
	       "<iq type='result' id='%s'><fin xmlns='urn:xmpp:mam:2'><set "
	       "xmlns='http://jabber.org/protocol/rsm'><last>z1</last></set></fin></iq>");
	assert_true(was_sent("<after>z1</after>", NULL));
	answer("<after>z1</after>",
	       "<iq type='result' id='%s'><fin xmlns='urn:xmpp:mam:2' complete='true'><set "
	       "xmlns='http://jabber.org/protocol/rsm'/></fin></iq>");
	assert_string_equal(fetched, "0 0 1 -");

	g_free(queryid);
	g_clear_pointer(&fetched, g_free);
	event_unsubscribe(sub);
}

/* XEP-0359 §4: a live message's stanza-id by the account is its archive
 * id only once the account announces urn:xmpp:sid:0 (its server strips
 * forged ones); before, or without, it is not taken. */
static void
test_live_stanza_id_trusted(void **state)
{
	route("<message xmlns='jabber:client' from='bob@example.org/x' to='" OWN_JID
	      "/natter' type='chat' id='l1'><body>early</body><stanza-id xmlns='urn:xmpp:sid:0' "
	      "by='" OWN_JID "' id='forged-or-not'/></message>");
	assert_null(last_in("bob@example.org")->stanza_id);
	bookmarks_start(session, 1);
	answer("http://jabber.org/protocol/disco#info",
	       "<iq type='result' id='%s' from='" OWN_JID "'><query "
	       "xmlns='http://jabber.org/protocol/disco#info'><feature var='urn:xmpp:sid:0'/>"
	       "<feature var='urn:xmpp:mam:2'/></query></iq>");
	assert_true(session->sid_trusted);
	route("<message xmlns='jabber:client' from='bob@example.org/x' to='" OWN_JID
	      "/natter' type='chat' id='l2'><body>later</body><stanza-id xmlns='urn:xmpp:sid:0' "
	      "by='" OWN_JID "' id='arch-2'/><stanza-id xmlns='urn:xmpp:sid:0' "
	      "by='eve@example.org' id='other'/></message>");
	assert_string_equal(last_in("bob@example.org")->stanza_id, "arch-2");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fetch_older, harness_setup, harness_teardown),
		cmocka_unit_test_setup_teardown(test_live_stanza_id_trusted, harness_setup,
		                                harness_teardown),
		cmocka_unit_test_setup_teardown(test_query_and_results, harness_setup,
		                                harness_teardown),
		cmocka_unit_test_setup_teardown(test_first_reading, harness_setup,
		                                harness_teardown),
		cmocka_unit_test_setup_teardown(test_expired_position, harness_setup,
		                                harness_teardown),
		cmocka_unit_test_setup_teardown(test_time_position, harness_setup,
		                                harness_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, harness_group_teardown);
}
