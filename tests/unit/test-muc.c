/*
 * test-muc.c: rooms from the protocol's side (xmpp/muc*.c): what entering
 * sends, how presences from a room become occupants and the room's state,
 * refusals and nick conflicts, history and its end, the user's messages
 * and their reflections, kicks, nick changes and private messages.
 * Stanzas are built from strings and routed into a detached session whose
 * send function records what would have gone on the wire.
 */
#include "config.h"

#include "unit.h"

#include "core/event.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp-harness.h"
#include "xmpp/chat.h"
#include "xmpp/muc-private.h"
#include "xmpp/muc.h"
#include "xmpp/netloop.h"
#include "xmpp/router.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define ROOM "dev@muc.example.org"

static void
occupant_presence(const char *nick, const char *affiliation, const char *role, const char *codes)
{
	char *xml = g_strdup_printf("<presence from='" ROOM "/%s' to='" OWN_JID "/r'>"
	                            "<x xmlns='http://jabber.org/protocol/muc#user'>"
	                            "<item affiliation='%s' role='%s'/>%s</x></presence>",
	                            nick, affiliation, role, codes);
	route(xml);
	g_free(xml);
}

/* The room answers the disco#info request with that id (XEP-0045 6.4)
 * with features. */
static void
answer_info(const char *id, const char *features)
{
	char *xml = g_strdup_printf("<iq type='result' from='" ROOM "' id='%s'><query "
	                            "xmlns='http://jabber.org/protocol/disco#info'>"
	                            "<identity category='conference' type='text'/>%s</query></iq>",
	                            id, features);

	route(xml);
	g_free(xml);
}

/* The room answers natter's last disco#info with features. */
static void
room_info(const char *features)
{
	char *id = last_sent_id("disco#info");

	answer_info(id, features);
	g_free(id);
}

/* Enters ROOM as "me" with bob (owner) already there. */
static struct room *
enter(void)
{
	char *cause = NULL;
	struct room *room;

	assert_int_equal(muc_join(session, "dev", "me", NULL, &cause), 0);
	room = room_find(ACCOUNT, ROOM);
	assert_non_null(room);
	assert_int_equal(room->state, ROOM_JOINING);
	room_info("");
	occupant_presence("bob", "owner", "moderator", "");
	occupant_presence("me", "none", "participant", "<status code='110'/>");
	assert_int_equal(room->state, ROOM_JOINED);
	return room;
}

static void
test_muc_join_sends_entry(void **state)
{
	char *cause = NULL;

	assert_int_equal(muc_join(session, "dev", "me", "pw", &cause), 0);
	room_info("");
	assert_true(was_sent("to=\"" ROOM "/me\"", "http://jabber.org/protocol/muc\"",
	                     "maxstanzas=\"20\"", "<password>pw</password>", NULL));
	assert_true(told("room 0 "));
	/* Entering twice is refused in words. */
	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), -1);
	assert_non_null(strstr(cause, "already"));
	g_free(cause);
	/* Not a room address. */
	assert_int_equal(muc_join(session, "dev@muc.example.org/nick", NULL, NULL, &cause), -1);
	assert_non_null(strstr(cause, "not a room address"));
	g_free(cause);
}

static void
test_muc_self_presence_completes_entry(void **state)
{
	struct room *room;
	char *cause = NULL;

	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room_info("");
	room = room_find(ACCOUNT, ROOM);
	occupant_presence("bob", "owner", "moderator", "");
	assert_int_equal(room->state, ROOM_JOINING);
	occupant_presence("me", "none", "participant",
	                  "<status code='100'/><status code='110'/><status code='201'/>");
	assert_int_equal(room->state, ROOM_JOINED);
	assert_int_equal(room_occupant_count(room), 2);
	assert_non_null(room->self);
	assert_string_equal(room->self->nick, "me");
	assert_int_equal(room_occupant(room, "bob")->affiliation, AFFIL_OWNER);
	assert_true(told("room 1 "));
	assert_true(told("room 6 this room is not anonymous"));
	/* 201 (a new room) in a room with bob in it already: not so; its
	 * configuration is left alone. */
	assert_false(was_sent("muc#owner", "type=\"submit\"", NULL));
}

/* XEP-0045 10.1.2: a new room (the user alone in it) is made an instant
 * room. */
static void
test_muc_new_room_made_instant(void **state)
{
	char *cause = NULL;

	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room_info("");
	occupant_presence("me", "owner", "moderator", "<status code='110'/><status code='201'/>");
	assert_int_equal(room_find(ACCOUNT, ROOM)->state, ROOM_JOINED);
	assert_true(was_sent("muc#owner", "type=\"submit\"", NULL));
}

/* The room says the nick is taken. */
static void
conflict(const char *nick)
{
	char *xml =
	        g_strdup_printf("<presence from='" ROOM "/%s' type='error'><error type='cancel'>"
	                        "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
	                        "</error></presence>",
	                        nick);
	route(xml);
	g_free(xml);
}

static void
test_muc_nick_conflict(void **state)
{
	struct room *room;
	char *cause = NULL;

	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room_info("");
	room = room_find(ACCOUNT, ROOM);
	for (int i = 0; i < 3; i++)
		conflict(room->nick);
	/* me -> me_ -> me__ -> me___, then the user decides. */
	assert_true(was_sent("to=\"" ROOM "/me___\"", NULL));
	assert_int_equal(room->state, ROOM_JOINING);
	conflict("me___");
	assert_int_equal(room->state, ROOM_LEFT);
	assert_true(told("room 2 the nick me___ is in use"));
}

static void
test_muc_refusal_in_words(void **state)
{
	char *cause = NULL;

	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room_info("");
	route("<presence from='" ROOM "/me' type='error'><error type='auth'>"
	      "<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
	assert_true(told("room 2 the room needs a password"));
	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room_info("");
	route("<presence from='" ROOM "/me' type='error'><error type='auth'>"
	      "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
	assert_true(told("room 2 you are banned"));
}

static void
test_muc_history_then_subject(void **state)
{
	struct room *room = enter();
	struct conversation *c = conversation_find(ACCOUNT, ROOM);
	const char *old = "<message from='" ROOM "/bob' type='groupchat' id='h1'><body>old</body>"
	                  "<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T10:00:00Z' "
	                  "from='" ROOM "'/></message>";
	struct message *m;

	route(old);
	assert_int_equal(c->messages.length, 1);
	m = g_queue_peek_tail(&c->messages);
	assert_true(m->history);
	assert_int_equal(c->kind, CONVERSATION_ROOM);
	route("<message from='" ROOM "/bob' type='groupchat'><subject>Topic</subject></message>");
	assert_true(told("room 7 "));
	assert_string_equal(room->subject, "Topic");
	route("<message from='" ROOM "/bob' type='groupchat' id='l1'><body>live</body></message>");
	m = g_queue_peek_tail(&c->messages);
	assert_false(m->history);
	/* Entering again: the same history is not shown twice. */
	room->state = ROOM_LEFT;
	room->wanted = 1;
	muc_session_started(session, 0);
	assert_int_equal(room->state, ROOM_JOINING);
	room_info("");
	assert_true(was_sent("since=\"", NULL));
	occupant_presence("me", "none", "participant", "<status code='110'/>");
	route(old);
	assert_int_equal(c->messages.length, 2);
}

static void
test_muc_reflection_marks_delivered(void **state)
{
	struct conversation *c;
	struct message *m;
	char *cause = NULL, *xml;

	enter();
	assert_int_equal(chat_send(session, ROOM, "hello all", &cause), 0);
	c = conversation_find(ACCOUNT, ROOM);
	assert_int_equal(c->messages.length, 1);
	m = g_queue_peek_tail(&c->messages);
	assert_int_equal(m->type, MESSAGE_GROUPCHAT);
	assert_int_not_equal(m->delivery, DELIVERY_DELIVERED);
	assert_true(was_sent("type=\"groupchat\"", "to=\"" ROOM "\"", "origin-id", NULL));
	xml = g_strdup_printf("<message from='" ROOM "/me' type='groupchat' id='%s'>"
	                      "<body>hello all</body></message>",
	                      m->id);
	route(xml);
	g_free(xml);
	assert_int_equal(c->messages.length, 1);
	assert_int_equal(m->delivery, DELIVERY_DELIVERED);
}

static void
test_muc_kicked(void **state)
{
	struct room *room = enter();

	route("<presence from='" ROOM "/me' type='unavailable'>"
	      "<x xmlns='http://jabber.org/protocol/muc#user'>"
	      "<item affiliation='none' role='none'><actor nick='bob'/><reason>spam</reason></item>"
	      "<status code='110'/><status code='307'/></x></presence>");
	assert_int_equal(room->state, ROOM_LEFT);
	assert_true(told("room 3 you were kicked by bob (spam)"));
	assert_int_equal(room_occupant_count(room), 0);
	assert_false(room->wanted);
}

static void
test_muc_nick_change_of_occupant(void **state)
{
	struct room *room = enter();

	route("<presence from='" ROOM "/bob' type='unavailable'>"
	      "<x xmlns='http://jabber.org/protocol/muc#user'>"
	      "<item affiliation='owner' role='moderator' nick='robert'/><status code='303'/>"
	      "</x></presence>");
	occupant_presence("robert", "owner", "moderator", "");
	assert_null(room_occupant(room, "bob"));
	assert_non_null(room_occupant(room, "robert"));
	assert_int_equal(room_occupant_count(room), 2);
	assert_true(told("occupant 2 bob"));
}

static void
test_muc_private_message(void **state)
{
	struct conversation *c;

	enter();
	route("<message from='" ROOM "/bob' type='chat' id='p1'><body>psst</body>"
	      "<x xmlns='http://jabber.org/protocol/muc#user'/></message>");
	c = conversation_find(ACCOUNT, ROOM "/bob");
	assert_non_null(c);
	assert_int_equal(c->kind, CONVERSATION_PRIVATE);
	assert_int_equal(c->messages.length, 1);
}

/* A destruction without 110 (older services) still ends the user's
 * stay, in words, with the venue. */
static void
test_muc_destroyed_without_110(void **state)
{
	struct room *room = enter();

	route("<presence from='" ROOM "/me' type='unavailable'>"
	      "<x xmlns='http://jabber.org/protocol/muc#user'>"
	      "<item affiliation='none' role='none'/>"
	      "<destroy jid='new@muc.example.org'><reason>moved</reason></destroy>"
	      "<destroy><reason>second</reason></destroy></x></presence>");
	assert_int_equal(room->state, ROOM_LEFT);
	assert_true(
	        told("room 3 the room was destroyed: moved; it continues in new@muc.example.org"));
}

/* /leave while the link is down: the room is not entered again. */
static void
test_muc_leave_while_offline(void **state)
{
	struct room *room = enter();
	char *cause = NULL;

	session->state = SESSION_WAITING;
	assert_int_equal(muc_leave(session, ROOM, NULL, &cause), 0);
	assert_int_equal(room->state, ROOM_LEFT);
	assert_false(room->wanted);
	session->state = SESSION_ONLINE;
	g_ptr_array_set_size(sent, 0);
	muc_session_started(session, 0);
	assert_int_equal(room->state, ROOM_LEFT);
	assert_false(was_sent(ROOM, NULL));
}

/* An error about a private message stays with the private conversation. */
static void
test_muc_private_error(void **state)
{
	struct conversation *c;
	struct message *m;
	char *cause = NULL, *xml;

	enter();
	assert_int_equal(chat_send(session, ROOM "/bob", "psst", &cause), 0);
	c = conversation_find(ACCOUNT, ROOM "/bob");
	m = g_queue_peek_tail(&c->messages);
	xml = g_strdup_printf("<message from='" ROOM "/bob' type='error' id='%s'><error "
	                      "type='cancel'><item-not-found "
	                      "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>",
	                      m->id);
	route(xml);
	g_free(xml);
	assert_int_equal(c->messages.length, 2);
	m = g_queue_peek_tail(&c->messages);
	assert_int_equal(m->type, MESSAGE_ERROR);
	assert_false(told("room 6 the room says"));
}

/* A room with an archive (XEP-0313): its latest messages come before
 * the entry presence, which then asks only for what came since; what the
 * room's history repeats (same stanza-id) is not shown twice; results
 * for another query, or from an occupant, are dropped. */
static void
test_muc_archive_before_entry(void **state)
{
	struct room *room;
	struct conversation *c;
	char *cause = NULL, *query, *xml, *mam_id;

	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room = room_find(ACCOUNT, ROOM);
	room_info("<feature var='urn:xmpp:mam:2'/>");
	assert_true(room->archived);
	assert_false(was_sent("http://jabber.org/protocol/muc\"", NULL));
	assert_true(was_sent("urn:xmpp:mam:2", "<before/>", "<max>20</max>", NULL));
	mam_id = last_sent_id("urn:xmpp:mam:2");
	query = g_strdup(room->mam_query);
	xml = g_strdup_printf("<message from='" ROOM "'><result xmlns='urn:xmpp:mam:2' "
	                      "queryid='%s' id='A1'><forwarded xmlns='urn:xmpp:forward:0'>"
	                      "<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T10:00:00Z'/>"
	                      "<message from='" ROOM "/bob' type='groupchat'><body>archived</body>"
	                      "</message></forwarded></result></message>",
	                      query);
	route(xml);
	g_free(xml);
	/* Another query's result, and one from an occupant's JID: dropped. */
	route("<message from='" ROOM "'><result xmlns='urn:xmpp:mam:2' queryid='other' id='A2'>"
	      "<forwarded xmlns='urn:xmpp:forward:0'><message from='" ROOM "/eve' "
	      "type='groupchat'><body>forged</body></message></forwarded></result></message>");
	c = conversation_find(ACCOUNT, ROOM);
	assert_int_equal(c->messages.length, 1);
	assert_string_equal(((struct message *)g_queue_peek_head(&c->messages))->stanza_id, "A1");
	xml = g_strdup_printf("<iq type='result' from='" ROOM "' id='%s'><fin "
	                      "xmlns='urn:xmpp:mam:2' complete='true'/></iq>",
	                      mam_id);
	route(xml);
	g_free(xml);
	assert_true(was_sent("http://jabber.org/protocol/muc\"", "since=\"", NULL));
	assert_string_equal(room->last_archive_id, "A1");
	occupant_presence("me", "none", "participant", "<status code='110'/>");
	/* The room's own history repeats the archived message. */
	route("<message from='" ROOM "/bob' type='groupchat'><body>archived</body>"
	      "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='A1'/>"
	      "<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T10:00:00Z'/></message>");
	assert_int_equal(c->messages.length, 1);
	assert_true(((struct message *)g_queue_peek_head(&c->messages))->history);
	g_free(query);
	g_free(mam_id);
}

/* An invitation names a JID that may be anyone's: it does not make it a
 * room (a contact's presence and messages stay the contact's). */
static void
test_muc_invitation_is_no_room(void **state)
{
	route("<message from='eve@example.org/x'><x xmlns='jabber:x:conference' "
	      "jid='friend@example.org'/></message>");
	assert_non_null(room_find(ACCOUNT, "friend@example.org"));
	assert_null(muc_room_of(session, "friend@example.org/phone"));
	assert_true(told("room 8 eve@example.org invites you"));
}

/* /leave before the entry presence went out (the room's information or
 * archive awaited): left at once, and never entered afterwards. */
static void
test_muc_leave_before_entry(void **state)
{
	char *cause = NULL;
	struct room *room;

	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room = room_find(ACCOUNT, ROOM);
	assert_int_equal(muc_leave(session, ROOM, NULL, &cause), 0);
	assert_int_equal(room->state, ROOM_LEFT);
	room_info("");
	assert_false(was_sent("http://jabber.org/protocol/muc\"", NULL));
}

/* XEP-0045 7.8.2: a mediated invitation or decline comes from the room's
 * bare JID; one from a full JID (anyone's client, or an occupant writing
 * privately) is forged and dropped, as is one in a group message. A
 * direct invitation from an occupant names the occupant, not the room. */
static void
test_muc_invitation_forgeries(void **state)
{
	enter();
	route("<message from='eve@example.org/x'><x xmlns='http://jabber.org/protocol/muc#user'>"
	      "<invite from='boss@example.org'/></x></message>");
	assert_null(room_find(ACCOUNT, "eve@example.org"));
	route("<message from='" ROOM "/eve'><x xmlns='http://jabber.org/protocol/muc#user'>"
	      "<decline from='friend@example.org'/></x></message>");
	route("<message from='" ROOM "/eve' type='groupchat'><x "
	      "xmlns='http://jabber.org/protocol/muc#user'><decline from='friend@example.org'/>"
	      "</x><body>hi</body></message>");
	assert_false(told_change(ROOM_CHANGE_NOTICE, "declined"));
	assert_false(told_change(ROOM_CHANGE_INVITED, ""));
	/* The genuine ones. */
	route("<message from='" ROOM "'><x xmlns='http://jabber.org/protocol/muc#user'>"
	      "<decline from='friend@example.org'><reason>busy</reason></decline></x></message>");
	assert_true(told_change(ROOM_CHANGE_NOTICE, "friend@example.org declined your "
	                                            "invitation (busy)"));
	route("<message from='club@muc.example.org'><x "
	      "xmlns='http://jabber.org/protocol/muc#user'><invite from='bob@example.org/p'/>"
	      "</x></message>");
	assert_true(told_change(ROOM_CHANGE_INVITED,
	                        "bob@example.org/p invites you to club@muc.example.org"));
	route("<message from='" ROOM "/bob'><x xmlns='jabber:x:conference' "
	      "jid='side@muc.example.org'/></message>");
	assert_true(
	        told_change(ROOM_CHANGE_INVITED, ROOM "/bob invites you to side@muc.example.org"));
}

/* Anyone may send invitations: a flood tells only the first few, makes
 * no more rooms, and the next one told after a pause says some were
 * dropped. */
static void
test_muc_invitation_flood(void **state)
{
	char *xml;
	int rooms = 0;

	for (int i = 0; i < 50; i++) {
		xml = g_strdup_printf("<message from='spam%d@example.net/x'><x "
		                      "xmlns='jabber:x:conference' jid='r%d@muc.example.net'/>"
		                      "</message>",
		                      i, i);
		route(xml);
		g_free(xml);
	}
	for (int i = 0; i < 50; i++) {
		char *jid = g_strdup_printf("r%d@muc.example.net", i);
		rooms += room_find(ACCOUNT, jid) != NULL;
		g_free(jid);
	}
	assert_int_equal(rooms, MUC_INVITE_BURST);
	assert_false(told_change(ROOM_CHANGE_INVITED, "were dropped"));
	/* Later: one more is told, with word of the dropped ones. */
	session->invitations.refilled -= MUC_INVITE_INTERVAL_S * G_USEC_PER_SEC;
	route("<message from='carol@example.org/x'><x xmlns='jabber:x:conference' "
	      "jid='late@muc.example.org'/></message>");
	assert_true(told_change(ROOM_CHANGE_INVITED, "carol@example.org invites you to "
	                                             "late@muc.example.org"));
	assert_true(told_change(ROOM_CHANGE_INVITED, "other invitations were dropped"));
}

/* Invitations waiting for an answer are kept up to a limit (the oldest
 * forgotten); a contact's direct invitation passes however many came
 * from strangers; a declined one leaves no room behind. */
static void
test_muc_invitations_kept(void **state)
{
	char *xml, *cause = NULL;

	contact_get(ACCOUNT, "friend@example.org")->in_roster = 1;
	for (int i = 0; i < MUC_INVITES_KEPT + 5; i++) {
		xml = g_strdup_printf("<message from='friend@example.org/x'><x "
		                      "xmlns='jabber:x:conference' jid='r%d@muc.example.net'/>"
		                      "</message>",
		                      i);
		route(xml);
		g_free(xml);
		session->invitations.refilled -= MUC_INVITE_INTERVAL_S * G_USEC_PER_SEC;
	}
	/* All told (a contact's), the oldest five forgotten. */
	assert_true(told_change(ROOM_CHANGE_INVITED, "r24@muc.example.net"));
	assert_null(room_find(ACCOUNT, "r4@muc.example.net"));
	assert_non_null(room_find(ACCOUNT, "r5@muc.example.net"));
	/* A stranger's flood does not hold a contact's back. */
	for (int i = 0; i < 10; i++) {
		xml = g_strdup_printf("<message from='spam%d@example.net/x'><x "
		                      "xmlns='jabber:x:conference' jid='s%d@muc.example.net'/>"
		                      "</message>",
		                      i, i);
		route(xml);
		g_free(xml);
	}
	route("<message from='friend@example.org/x'><x xmlns='jabber:x:conference' "
	      "jid='tea@muc.example.org'/></message>");
	assert_true(told_change(ROOM_CHANGE_INVITED, "invites you to tea@muc.example.org"));
	assert_int_equal(muc_decline(session, "tea@muc.example.org", NULL, &cause), 0);
	assert_null(room_find(ACCOUNT, "tea@muc.example.org"));
}

/* Answers to an earlier attempt at entering (/join, /leave, /join) are
 * stale: one entry presence goes out, after the current attempt's
 * answer. */
static void
test_muc_stale_entry_answers(void **state)
{
	char *cause = NULL, *first;
	struct room *room;
	int entries = 0;

	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	first = last_sent_id("disco#info");
	assert_int_equal(muc_leave(session, ROOM, NULL, &cause), 0);
	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room = room_find(ACCOUNT, ROOM);
	/* The first attempt's answer, with an archive: changes nothing. */
	answer_info(first, "<feature var='urn:xmpp:mam:2'/>");
	assert_false(room->archived);
	assert_false(was_sent("urn:xmpp:mam:2", NULL));
	room_info("");
	for (guint i = 0; i < sent->len; i++)
		entries += strstr(sent->pdata[i], "http://jabber.org/protocol/muc\"") != NULL;
	assert_int_equal(entries, 1);
	g_free(first);
}

/* Reading the archive after a lost connection stops at a page that
 * brings nothing new, and after MUC_MAM_PAGES pages, saying so. */
static void
test_muc_archive_pages_end(void **state)
{
	struct room *room = enter();
	char *xml, *after;

	room->archived = 1;
	room->last_archive_id = g_strdup("P0");
	room->state = ROOM_LEFT;
	muc_session_started(session, 0);
	room_info("<feature var='urn:xmpp:mam:2'/>");
	for (int page = 1; page <= 10; page++) {
		xml = g_strdup_printf("<message from='" ROOM "'><result xmlns='urn:xmpp:mam:2' "
		                      "queryid='%s' id='P%d'><forwarded xmlns='urn:xmpp:forward:0'>"
		                      "<message from='" ROOM
		                      "/bob' type='groupchat'><body>m%d</body>"
		                      "</message></forwarded></result></message>",
		                      room->mam_query, page, page);
		route(xml);
		g_free(xml);
		after = g_strdup_printf("<after>P%d</after>", page - 1);
		assert_false(was_sent("http://jabber.org/protocol/muc\"", "since", NULL));
		answer(after, "<iq type='result' from='" ROOM "' id='%s'><fin "
		              "xmlns='urn:xmpp:mam:2'/></iq>");
		g_free(after);
	}
	assert_true(told_change(ROOM_CHANGE_NOTICE, "more messages came while you were away"));
	assert_false(was_sent("<after>P10</after>", NULL));
	assert_true(was_sent("http://jabber.org/protocol/muc\"", "since", NULL));

	/* A page that brings nothing new ends the reading, quietly. */
	occupant_presence("me", "none", "participant", "<status code='110'/>");
	g_ptr_array_set_size(events, 0);
	room->state = ROOM_LEFT;
	muc_session_started(session, 0);
	room_info("<feature var='urn:xmpp:mam:2'/>");
	answer("<after>P10</after>", "<iq type='result' from='" ROOM "' id='%s'><fin "
	                             "xmlns='urn:xmpp:mam:2'/></iq>");
	assert_false(told_change(ROOM_CHANGE_NOTICE, "more messages came"));
	assert_int_equal(room->entry_sent, 1);
}

/* A resumed session (XEP-0198) asks again what a room being entered is:
 * the question went with the old connection. */
static void
test_muc_resumed_entry_asked_again(void **state)
{
	char *cause = NULL;
	struct room *room;

	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room = room_find(ACCOUNT, ROOM);
	session_forget_requests(session);
	g_ptr_array_set_size(sent, 0);
	muc_session_started(session, 1);
	room_info("");
	assert_true(was_sent("http://jabber.org/protocol/muc\"", NULL));
	assert_int_equal(room->entry_sent, 1);
}

/* XEP-0313: live messages of an archived room move the archive id on;
 * entering again reads the archive forward from it, page after page
 * while the archive says it is not complete, then enters. */
static void
test_muc_archive_catch_up(void **state)
{
	struct room *room;
	struct conversation *c;
	char *cause = NULL, *xml;

	assert_int_equal(muc_join(session, ROOM, "me", NULL, &cause), 0);
	room = room_find(ACCOUNT, ROOM);
	room_info("<feature var='urn:xmpp:mam:2'/>");
	answer("urn:xmpp:mam:2", "<iq type='result' from='" ROOM "' id='%s'><fin "
	                         "xmlns='urn:xmpp:mam:2' complete='true'/></iq>");
	occupant_presence("me", "none", "participant", "<status code='110'/>");
	/* XEP-0359 §4: a room that does not announce stanza-ids may pass
	 * on ones an occupant forged: not taken. */
	route("<message from='" ROOM "/bob' type='groupchat'><body>unsure</body>"
	      "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='F1'/></message>");
	assert_null(room->last_archive_id);
	assert_null(
	        ((struct message *)g_queue_peek_tail(&conversation_find(ACCOUNT, ROOM)->messages))
	                ->stanza_id);
	room->sid = 1; /* as a room that announces them */
	route("<message from='" ROOM "/bob' type='groupchat'><body>live</body>"
	      "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='L7'/></message>");
	assert_string_equal(room->last_archive_id, "L7");
	/* A stanza-id another entity stamped is not the room's. */
	route("<message from='" ROOM "/bob' type='groupchat'><body>more</body>"
	      "<stanza-id xmlns='urn:xmpp:sid:0' by='me@example.org' id='X1'/></message>");
	assert_string_equal(room->last_archive_id, "L7");

	room->state = ROOM_LEFT;
	g_ptr_array_set_size(sent, 0);
	muc_session_started(session, 0);
	room_info("<feature var='urn:xmpp:mam:2'/><feature var='urn:xmpp:sid:0'/>");
	assert_true(room->sid);
	assert_true(was_sent("urn:xmpp:mam:2", "<after>L7</after>", NULL));
	xml = g_strdup_printf("<message from='" ROOM "'><result xmlns='urn:xmpp:mam:2' "
	                      "queryid='%s' id='L8'><forwarded xmlns='urn:xmpp:forward:0'>"
	                      "<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T10:00:00Z'/>"
	                      "<message from='" ROOM "/bob' type='groupchat'><body>missed</body>"
	                      "</message></forwarded></result></message>",
	                      room->mam_query);
	route(xml);
	g_free(xml);
	answer("<after>L7</after>", "<iq type='result' from='" ROOM "' id='%s'><fin "
	                            "xmlns='urn:xmpp:mam:2'/></iq>");
	/* Not complete: the next page, not the entry. */
	assert_true(was_sent("urn:xmpp:mam:2", "<after>L8</after>", NULL));
	assert_false(was_sent("http://jabber.org/protocol/muc\"", NULL));
	answer("<after>L8</after>", "<iq type='result' from='" ROOM "' id='%s'><fin "
	                            "xmlns='urn:xmpp:mam:2' complete='true'/></iq>");
	assert_true(was_sent("http://jabber.org/protocol/muc\"", NULL));
	c = conversation_find(ACCOUNT, ROOM);
	assert_string_equal(((struct message *)g_queue_peek_tail(&c->messages))->body, "missed");
	assert_false(told_change(ROOM_CHANGE_NOTICE, "more messages came"));
}

/* A configuration the room refuses leaves the form as filled in, to be
 * mended and submitted again; one it takes is done with. */
static void
test_muc_config_refused_keeps_form(void **state)
{
	struct room *room = enter();
	char *cause = NULL;

	assert_int_equal(muc_configure(session, ROOM, &cause), 0);
	answer("muc#owner", "<iq type='result' from='" ROOM "' id='%s'><query "
	                    "xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
	                    "type='form'><field var='muc#roomconfig_roomname' type='text-single'>"
	                    "<value>Dev</value></field></x></query></iq>");
	assert_non_null(room->form);
	assert_int_equal(muc_form_set(session, ROOM, "muc#roomconfig_roomname", "New", &cause), 0);
	assert_int_equal(muc_form_answer(session, ROOM, 0, &cause), 0);
	assert_non_null(room->form);
	answer("type=\"submit\"",
	       "<iq type='error' from='" ROOM "' id='%s'><error type='modify'><not-acceptable "
	       "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
	assert_true(told_change(ROOM_CHANGE_NOTICE, "the room refused the configuration"));
	assert_true(told_change(ROOM_CHANGE_NOTICE, "the form still waits"));
	assert_non_null(room->form);
	assert_int_equal(muc_form_answer(session, ROOM, 0, &cause), 0);
	answer("type=\"submit\"", "<iq type='result' from='" ROOM "' id='%s'/>");
	assert_true(told_change(ROOM_CHANGE_NOTICE, "the room took the configuration"));
	assert_null(room->form);
}

/* A request without an answer in time gets an error in its place; the
 * real answer coming later is ignored. */
static void
on_answer(struct session *s, xmpp_stanza_t *iq, void *data)
{
	char **got = data;

	g_free(*got);
	*got = g_strdup_printf("%s %s", xmpp_stanza_get_type(iq),
	                       stanza_error_condition(iq) ? stanza_error_condition(iq) : "-");
}

static void
test_request_timeout(void **state)
{
	xmpp_stanza_t *iq = xmpp_iq_new(netloop_context(), "get", "slow1");
	char *got = NULL;
	gint64 until = g_get_monotonic_time() + 3 * G_USEC_PER_SEC;

	xmpp_stanza_set_to(iq, "slow.example.org");
	session_request_within(session, iq, 1, on_answer, &got, NULL);
	xmpp_stanza_release(iq);
	assert_null(got);
	while (got == NULL && g_get_monotonic_time() < until)
		g_main_context_iteration(NULL, TRUE);
	assert_non_null(got);
	assert_string_equal(got, "error remote-server-timeout");
	g_free(got);
	got = NULL;
	route("<iq type='result' from='slow.example.org' id='slow1'/>");
	assert_null(got);

	/* One to an address that is no JID times out all the same. */
	iq = xmpp_iq_new(netloop_context(), "get", "slow2");
	xmpp_stanza_set_to(iq, "bad@@address");
	session_request_within(session, iq, 1, on_answer, &got, NULL);
	xmpp_stanza_release(iq);
	until = g_get_monotonic_time() + 3 * G_USEC_PER_SEC;
	while (got == NULL && g_get_monotonic_time() < until)
		g_main_context_iteration(NULL, TRUE);
	assert_non_null(got);
	assert_string_equal(got, "error remote-server-timeout");
	g_free(got);
}

/* RFC 6120 8.2.3: only whom the request went to answers it; one without
 * 'to' the account's server answers (no 'from', or the account's JID or
 * domain). */
static void
test_request_answer_from_elsewhere(void **state)
{
	xmpp_stanza_t *iq = xmpp_iq_new(netloop_context(), "get", "ask1");
	char *got = NULL;

	xmpp_stanza_set_to(iq, "Room@MUC.example.org");
	session_request(session, iq, on_answer, &got, NULL);
	xmpp_stanza_release(iq);
	route("<iq type='result' from='eve@example.org' id='ask1'/>");
	route("<iq type='result' id='ask1'/>");
	route("<iq type='result' from='room@muc.example.org/eve' id='ask1'/>");
	/* Only an iq result or error answers (RFC 6120 8.2.3). */
	route("<message from='room@muc.example.org' id='ask1'><body>x</body></message>");
	route("<iq type='get' from='room@muc.example.org' id='ask1'><ping "
	      "xmlns='urn:xmpp:ping'/></iq>");
	assert_null(got);
	route("<iq type='error' from='room@muc.example.org' id='ask1'><error type='cancel'>"
	      "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
	assert_non_null(got);
	assert_string_equal(got, "error forbidden");
	g_clear_pointer(&got, g_free);

	iq = xmpp_iq_new(netloop_context(), "get", "ask2");
	session_request(session, iq, on_answer, &got, NULL);
	route("<iq type='result' from='example.net' id='ask2'/>");
	assert_null(got);
	route("<iq type='result' from='example.org' id='ask2'/>");
	assert_non_null(got);
	assert_string_equal(got, "result -");
	g_clear_pointer(&got, g_free);
	session_request(session, iq, on_answer, &got, NULL);
	route("<iq type='result' id='ask2'/>");
	assert_string_equal(got, "result -");
	g_clear_pointer(&got, g_free);
	session_request(session, iq, on_answer, &got, NULL);
	route("<iq type='result' from='ME@example.org' id='ask2'/>");
	assert_non_null(got); /* the account's bare JID, in another case */
	g_clear_pointer(&got, g_free);
	xmpp_stanza_release(iq);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, harness_setup, harness_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_muc_join_sends_entry),
		TEST(test_muc_self_presence_completes_entry),
		TEST(test_muc_new_room_made_instant),
		TEST(test_muc_nick_conflict),
		TEST(test_muc_refusal_in_words),
		TEST(test_muc_history_then_subject),
		TEST(test_muc_reflection_marks_delivered),
		TEST(test_muc_kicked),
		TEST(test_muc_nick_change_of_occupant),
		TEST(test_muc_private_message),
		TEST(test_muc_destroyed_without_110),
		TEST(test_muc_leave_while_offline),
		TEST(test_muc_private_error),
		TEST(test_muc_archive_before_entry),
		TEST(test_muc_invitation_is_no_room),
		TEST(test_muc_leave_before_entry),
		TEST(test_muc_invitation_forgeries),
		TEST(test_muc_invitation_flood),
		TEST(test_muc_archive_catch_up),
		TEST(test_muc_config_refused_keeps_form),
		TEST(test_muc_invitations_kept),
		TEST(test_muc_stale_entry_answers),
		TEST(test_muc_archive_pages_end),
		TEST(test_muc_resumed_entry_asked_again),
		TEST(test_request_timeout),
		TEST(test_request_answer_from_elsewhere),
	};

	return cmocka_run_group_tests(tests, NULL, harness_group_teardown);
}
