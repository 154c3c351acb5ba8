/*
 * test-router.c: routing incoming stanzas (xmpp/router.h) into the model,
 * and the replies a session sends. Stanzas are built from strings and
 * routed into a detached session whose send function records what would
 * have gone on the wire.
 */
#include "config.h"

#include "unit.h"

#include "core/event.h"
#include "model/conversation.h"
#include "xmpp/netloop.h"
#include "xmpp/router.h"
#include "xmpp/session-private.h"

#define ACCOUNT "acct"
#define OWN_JID "me@example.org"
#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"

static struct session *session;
static GPtrArray *sent; /* of char *: serialised stanzas the session sent */
static int conversations_added;
static int messages_added;

static void
capture(struct session *from_session, xmpp_stanza_t *stanza)
{
	char *text = NULL;
	size_t length = 0;

	assert_ptr_equal(from_session, session);
	assert_int_equal(xmpp_stanza_to_text(stanza, &text, &length), XMPP_EOK);
	g_ptr_array_add(sent, g_strndup(text, length));
	xmpp_free(netloop_context(), text);
}

static void
on_conversation_added(const struct event *event, void *userdata)
{
	conversations_added++;
	assert_string_equal(event->account, ACCOUNT);
}

static void
on_message_added(const struct event *event, void *userdata)
{
	messages_added++;
	assert_string_equal(event->account, ACCOUNT);
}

static int
setup(void **state)
{
	event_reset();
	conversation_list_clear();
	conversations_added = 0;
	messages_added = 0;
	sent = g_ptr_array_new_with_free_func(g_free);
	session = session_new_detached(ACCOUNT, OWN_JID, capture);
	event_subscribe(EV_CONVERSATION_ADDED, on_conversation_added, NULL);
	event_subscribe(EV_MESSAGE_ADDED, on_message_added, NULL);
	return 0;
}

static int
teardown(void **state)
{
	session_free_detached(session);
	session = NULL;
	g_ptr_array_unref(sent);
	sent = NULL;
	event_reset();
	conversation_list_clear();
	return 0;
}

static int
group_teardown(void **state)
{
	netloop_shutdown();
	return 0;
}

/* Parses xml into a stanza (caller releases). */
static xmpp_stanza_t *
stanza_parse(const char *xml)
{
	xmpp_stanza_t *stanza = xmpp_stanza_new_from_string(netloop_context(), xml);

	if (stanza == NULL) {
		print_error("libstrophe did not parse: %s\n", xml);
		fail();
	}
	return stanza;
}

static int
route(const char *xml)
{
	xmpp_stanza_t *stanza = stanza_parse(xml);
	int ret = router_route(session, stanza);

	xmpp_stanza_release(stanza);
	return ret;
}

/* The only message of the conversation with peer, which must exist. */
static struct message *
only_message(const char *peer)
{
	struct conversation *conversation = conversation_find(ACCOUNT, peer);

	if (conversation == NULL) {
		print_error("no conversation with %s\n", peer);
		fail();
	}
	assert_int_equal(conversation->messages.length, 1);
	return g_queue_peek_head(&conversation->messages);
}

static void
assert_dropped(const char *xml)
{
	assert_int_equal(route(xml), 0);
	assert_int_equal(conversation_list()->len, 0);
	assert_int_equal(conversations_added, 0);
	assert_int_equal(messages_added, 0);
	assert_int_equal(sent->len, 0);
}

static void
test_route_chat_message(void **state)
{
	gint64 before = g_get_real_time(), after;
	struct message *message;

	assert_int_equal(route("<message from='juliet@capulet.example/balcony' to='" OWN_JID
	                       "/laptop' type='chat' id='m-1'>"
	                       "<body>Art thou not Romeo, and a Montague?</body></message>"),
	                 1);
	after = g_get_real_time();
	assert_int_equal(conversations_added, 1);
	assert_int_equal(messages_added, 1);
	assert_int_equal(conversation_list()->len, 1);
	message = only_message("juliet@capulet.example");
	assert_int_equal(message->direction, MESSAGE_IN);
	assert_int_equal(message->type, MESSAGE_CHAT);
	assert_string_equal(message->body, "Art thou not Romeo, and a Montague?");
	assert_string_equal(message->from, "juliet@capulet.example/balcony");
	assert_string_equal(message->id, "m-1");
	assert_null(message->error);
	/* no delay: received now */
	assert_true(message->timestamp >= before && message->timestamp <= after);
	/* a message needs no answer */
	assert_int_equal(sent->len, 0);
}

static void
test_route_chat_message_non_ascii(void **state)
{
	struct message *message;

	assert_int_equal(route("<message from='Jürgen@Exämple.DE/Küche' type='chat' "
	                       "id='ид-1'><body>Grüße! 日本語 🎉 &lt;b&gt; &amp; \"x\"\n"
	                       "zweite Zeile</body></message>"),
	                 1);
	/* the conversation is with the normalised bare JID ... */
	message = only_message("jürgen@exämple.de");
	/* ... and the message keeps everything as received */
	assert_string_equal(message->from, "Jürgen@Exämple.DE/Küche");
	assert_string_equal(message->id, "ид-1");
	assert_string_equal(message->body, "Grüße! 日本語 🎉 <b> & \"x\"\nzweite Zeile");
}

static void
test_route_same_peer_other_resource(void **state)
{
	struct conversation *conversation;

	assert_int_equal(route("<message from='juliet@capulet.example/balcony' type='chat'>"
	                       "<body>one</body></message>"),
	                 1);
	assert_int_equal(route("<message from='Juliet@Capulet.Example/garden' type='chat'>"
	                       "<body>two</body></message>"),
	                 1);
	assert_int_equal(conversation_list()->len, 1);
	assert_int_equal(conversations_added, 1);
	assert_int_equal(messages_added, 2);
	conversation = conversation_find(ACCOUNT, "juliet@capulet.example");
	assert_non_null(conversation);
	assert_int_equal(conversation->messages.length, 2);
	assert_string_equal(((struct message *)g_queue_peek_tail(&conversation->messages))->body,
	                    "two");
	/* no id attribute: none recorded */
	assert_null(((struct message *)g_queue_peek_head(&conversation->messages))->id);
}

static void
test_route_normal_message(void **state)
{
	struct message *message;

	/* RFC 6121 5.2.2: no type means normal */
	assert_int_equal(route("<message from='nurse@capulet.example'><body>Madam!</body>"
	                       "</message>"),
	                 1);
	message = only_message("nurse@capulet.example");
	assert_int_equal(message->type, MESSAGE_NORMAL);
	assert_string_equal(message->body, "Madam!");
}

static void
test_route_message_without_from(void **state)
{
	struct message *message;

	/* RFC 6120 8.1.2.1: no 'from' means it comes from the account itself */
	assert_int_equal(route("<message type='chat' id='self'><body>note to self</body></message>"),
	                 1);
	message = only_message(OWN_JID);
	assert_string_equal(message->body, "note to self");
	assert_string_equal(message->from, OWN_JID);
	assert_null(conversation_find(ACCOUNT, "example.org"));
}

static void
test_route_delayed_message(void **state)
{
	struct message *message;

	assert_int_equal(route("<message from='romeo@montague.example/orchard' type='chat'>"
	                       "<body>offline message</body>"
	                       "<delay xmlns='urn:xmpp:delay' from='capulet.example' "
	                       "stamp='2002-09-10T23:08:25Z'>Offline Storage</delay></message>"),
	                 1);
	message = only_message("romeo@montague.example");
	assert_true(message->timestamp == (gint64)1031699305 * G_USEC_PER_SEC);

	assert_int_equal(route("<message from='tybalt@capulet.example' type='chat'>"
	                       "<body>later</body>"
	                       "<delay xmlns='urn:xmpp:delay' stamp='2024-02-29T12:00:00.250Z'/>"
	                       "</message>"),
	                 1);
	message = only_message("tybalt@capulet.example");
	assert_true(message->timestamp == (gint64)1709208000 * G_USEC_PER_SEC + 250000);
}

static void
test_route_bad_delay_stamp(void **state)
{
	gint64 before = g_get_real_time(), after;
	struct message *message;

	/* An unreadable stamp does not lose the message: it is taken as now. */
	assert_int_equal(route("<message from='romeo@montague.example' type='chat'>"
	                       "<body>when?</body>"
	                       "<delay xmlns='urn:xmpp:delay' stamp='yesterday'/></message>"),
	                 1);
	after = g_get_real_time();
	message = only_message("romeo@montague.example");
	assert_string_equal(message->body, "when?");
	assert_true(message->timestamp >= before && message->timestamp <= after);
}

static void
test_route_error_message(void **state)
{
	struct message *message;

	assert_int_equal(route("<message from='nobody@capulet.example' to='" OWN_JID "/laptop' "
	                       "type='error' id='m-7'><body>are you there?</body>"
	                       "<error type='cancel'><item-not-found xmlns='" NS_STANZAS "'/>"
	                       "</error></message>"),
	                 1);
	message = only_message("nobody@capulet.example");
	assert_int_equal(message->type, MESSAGE_ERROR);
	assert_string_equal(message->id, "m-7");
	assert_non_null(message->error);
	assert_contains(message->error, "item-not-found");
	assert_int_equal(sent->len, 0); /* never answer an error */
}

static void
test_route_error_message_with_text(void **state)
{
	struct message *message;

	/* no body: the error alone must still reach the conversation */
	assert_int_equal(route("<message from='capulet.example' type='error' id='m-8'>"
	                       "<error type='wait'><resource-constraint xmlns='" NS_STANZAS "'/>"
	                       "<text xmlns='" NS_STANZAS "'>Too many messages, slow down</text>"
	                       "</error></message>"),
	                 1);
	message = only_message("capulet.example");
	assert_int_equal(message->type, MESSAGE_ERROR);
	assert_non_null(message->error);
	assert_contains(message->error, "resource-constraint");
	assert_contains(message->error, "Too many messages, slow down");
}

static void
test_route_groupchat_dropped(void **state)
{
	assert_dropped("<message from='room@muc.example/nick' type='groupchat' id='g1'>"
	               "<body>hello room</body></message>");
}

static void
test_route_bodiless_dropped(void **state)
{
	/* XEP-0085 chat state and XEP-0184 receipt from someone without a
	 * conversation: taken, but they start nothing and answer nothing. */
	assert_int_equal(route("<message from='juliet@capulet.example/balcony' type='chat'>"
	                       "<composing xmlns='http://jabber.org/protocol/chatstates'/>"
	                       "</message>"),
	                 1);
	assert_int_equal(route("<message from='juliet@capulet.example/balcony' id='r1'>"
	                       "<received xmlns='urn:xmpp:receipts' id='m-1'/></message>"),
	                 1);
	assert_int_equal(conversation_list()->len, 0);
	assert_int_equal(conversations_added, 0);
	assert_int_equal(messages_added, 0);
	assert_int_equal(sent->len, 0);
	/* A bodiless message with nothing natter knows: dropped. */
	assert_dropped("<message from='juliet@capulet.example/balcony' type='chat'>"
	               "<x xmlns='urn:example:unknown'/></message>");
}

static void
test_route_invalid_from_dropped(void **state)
{
	assert_dropped("<message from='bad@@jid' type='chat'><body>x</body></message>");
	assert_dropped("<message from='@capulet.example' type='chat'><body>x</body></message>");
}

/* The one stanza the session sent, parsed (caller releases). */
static xmpp_stanza_t *
only_sent(void)
{
	assert_int_equal(sent->len, 1);
	return stanza_parse(sent->pdata[0]);
}

static void
check_error_reply(const char *id, const char *to)
{
	xmpp_stanza_t *reply = only_sent(), *error, *condition;

	assert_string_equal(xmpp_stanza_get_name(reply), "iq");
	assert_string_equal(xmpp_stanza_get_type(reply), "error");
	assert_non_null(xmpp_stanza_get_id(reply));
	assert_string_equal(xmpp_stanza_get_id(reply), id);
	assert_non_null(xmpp_stanza_get_to(reply));
	assert_string_equal(xmpp_stanza_get_to(reply), to);
	error = xmpp_stanza_get_child_by_name(reply, "error");
	assert_non_null(error);
	assert_string_equal(xmpp_stanza_get_type(error), "cancel");
	condition = xmpp_stanza_get_child_by_name_and_ns(error, "service-unavailable", NS_STANZAS);
	assert_non_null(condition);
	xmpp_stanza_release(reply);
}

static void
test_route_unknown_iq_get(void **state)
{
	assert_int_equal(route("<iq from='juliet@capulet.example/balcony' to='" OWN_JID "/laptop' "
	                       "type='get' id='v-1'><query xmlns='jabber:iq:unknown-thing'/></iq>"),
	                 1);
	check_error_reply("v-1", "juliet@capulet.example/balcony");
	assert_int_equal(conversation_list()->len, 0);
}

static void
test_route_unknown_iq_set(void **state)
{
	assert_int_equal(route("<iq from='capulet.example' type='set' id='s-1'>"
	                       "<command xmlns='urn:example:nothing'><x>1</x></command></iq>"),
	                 1);
	check_error_reply("s-1", "capulet.example");
}

static void
test_route_ping(void **state)
{
	xmpp_stanza_t *reply;

	/* XEP-0199 4.1 */
	assert_int_equal(route("<iq from='capulet.example' to='" OWN_JID "/laptop' id='c2s1' "
	                       "type='get'><ping xmlns='urn:xmpp:ping'/></iq>"),
	                 1);
	reply = only_sent();
	assert_string_equal(xmpp_stanza_get_name(reply), "iq");
	assert_string_equal(xmpp_stanza_get_type(reply), "result");
	assert_string_equal(xmpp_stanza_get_id(reply), "c2s1");
	assert_string_equal(xmpp_stanza_get_to(reply), "capulet.example");
	assert_null(xmpp_stanza_get_child_by_name(reply, "error"));
	xmpp_stanza_release(reply);
}

static void
test_route_ping_from_contact(void **state)
{
	xmpp_stanza_t *reply;

	assert_int_equal(route("<iq from='juliet@capulet.example/balcony' id='p 2' type='get'>"
	                       "<ping xmlns='urn:xmpp:ping'/></iq>"),
	                 1);
	reply = only_sent();
	assert_string_equal(xmpp_stanza_get_type(reply), "result");
	assert_string_equal(xmpp_stanza_get_id(reply), "p 2");
	assert_string_equal(xmpp_stanza_get_to(reply), "juliet@capulet.example/balcony");
	xmpp_stanza_release(reply);
}

static void
test_route_iq_result_and_error_dropped(void **state)
{
	/* RFC 6120 8.2.3: results and errors are never answered */
	assert_dropped("<iq from='capulet.example' type='result' id='r-1'/>");
	assert_dropped("<iq from='capulet.example' type='result' id='r-2'>"
	               "<query xmlns='jabber:iq:roster'/></iq>");
	assert_dropped("<iq from='capulet.example' type='error' id='e-1'><error type='cancel'>"
	               "<service-unavailable xmlns='" NS_STANZAS "'/></error></iq>");
}

static void
test_route_iq_without_id(void **state)
{
	/* RFC 6120 8.1.3: nothing to answer to */
	assert_int_equal(route("<iq from='capulet.example' type='get'>"
	                       "<ping xmlns='urn:xmpp:ping'/></iq>"),
	                 0);
	assert_int_equal(route("<iq from='capulet.example' type='get'>"
	                       "<query xmlns='jabber:iq:unknown-thing'/></iq>"),
	                 0);
	assert_int_equal(sent->len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_route_chat_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_chat_message_non_ascii, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_same_peer_other_resource, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_normal_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_message_without_from, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_delayed_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_bad_delay_stamp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_error_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_error_message_with_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_groupchat_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_bodiless_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_invalid_from_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_unknown_iq_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_unknown_iq_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_ping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_ping_from_contact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_iq_result_and_error_dropped, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_route_iq_without_id, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, group_teardown);
}
