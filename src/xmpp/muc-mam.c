/*
 * muc-mam.c: entering a room in steps (XEP-0045 6.4: "An entity SHOULD
 * [query a room for its information] before entering"): what the room is,
 * then, when it keeps an archive (XEP-0313 on the room's JID), its latest
 * messages (or those since the last one seen, after a lost connection)
 * before the entry presence, which then asks only for the history since
 * the last archived message. The archive's messages come first and in
 * order; what the room's own history repeats is recognised by its
 * stanza-id and dropped (muc-message.c). After a lost connection the
 * archive is read forward, page after page, from the last message seen
 * (live ones count: their stanza-id is their archive id), up to a limit.
 * A room that answers neither question in time is entered all the same.
 * Each attempt at entering has a serial: answers to an earlier attempt
 * (a /leave and /join meanwhile, a lost connection) change nothing.
 */
#include "config.h"

#include <string.h>

#include "config/prefs.h"
#include "core/log.h"
#include "model/room.h"
#include "xmpp/muc-private.h"
#include "xmpp/muc.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define NS_MAM        "urn:xmpp:mam:2"

/* A room that does not answer what it is in time is entered anyway (as
 * one without an archive, or as it was known to be). */
#define MUC_INFO_WAIT_S 20

/* The archive's answers before entering, all pages together, may take
 * this long; and after a lost connection, pages of the archive fetched
 * at most (of muc.history messages each) before the rest is left to
 * the archive. */
#define MUC_MAM_BUDGET_S 30
#define MUC_MAM_PAGES    10

/* A question asked while entering: of which room, of which attempt (an
 * answer to an earlier one is stale), and for the archive which page,
 * after what, since when. */
struct muc_ask {
	char *jid;
	unsigned serial; /* room->entry_serial when asked */
	char *after;     /* the archive id the page starts after, or NULL: the latest */
	int page;        /* 1 for the first */
	gint64 started;  /* when the first page was asked (monotonic) */
};

static void
muc_ask_free(gpointer data)
{
	struct muc_ask *ask = data;

	g_free(ask->jid);
	g_free(ask->after);
	g_free(ask);
}

static struct muc_ask *
muc_ask_new(const struct room *room)
{
	struct muc_ask *ask = g_new0(struct muc_ask, 1);

	ask->jid = g_strdup(room->jid);
	ask->serial = room->entry_serial;
	return ask;
}

static void muc_mam_query(struct session *session, struct room *room, int page, gint64 started);

/* The room this session is entering with the attempt ask belongs to,
 * its entry presence not sent yet; else NULL (the answer is stale). */
static struct room *
muc_mam_entering(struct session *session, const struct muc_ask *ask)
{
	struct room *room = room_find(session->account, ask->jid);

	return room != NULL && room->state == ROOM_JOINING && session->state == SESSION_ONLINE &&
	                       room->wanted && !room->leaving && !room->entry_sent &&
	                       room->entry_serial == ask->serial
	               ? room
	               : NULL;
}

/* XEP-0313 4.3: the end of the archive's answer (<fin/>, or an error):
 * the room can be entered. */
static void
muc_mam_on_fin(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct muc_ask *ask = data;
	struct room *room = muc_mam_entering(session, ask);
	xmpp_stanza_t *fin = xmpp_stanza_get_child_by_name_and_ns(iq, "fin", NS_MAM);
	gint64 spent;

	if (room == NULL)
		return;
	g_clear_pointer(&room->mam_query, g_free); /* later results are stale */
	spent = g_get_monotonic_time() - ask->started;
	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") != 0) {
		char *why = stanza_describe_error(iq);
		log_write(LOG_INFO, session->account, "muc: the archive of %s refused: %s",
		          room->jid, why ? why : "no reason");
		g_free(why);
	} else if (ask->after != NULL && fin != NULL &&
	           g_strcmp0(xmpp_stanza_get_attribute(fin, "complete"), "true") != 0 &&
	           g_strcmp0(room->last_archive_id, ask->after) != 0) {
		/* XEP-0313 4.3.2: complete='false', more messages missed
		 * while away follow (and this page brought some): the next
		 * page, within limits; then the room's history gives the
		 * latest and the gap is said. */
		if (ask->page < MUC_MAM_PAGES && spent < MUC_MAM_BUDGET_S * G_USEC_PER_SEC) {
			muc_mam_query(session, room, ask->page + 1, ask->started);
			return;
		}
		room_tell(room, ROOM_CHANGE_NOTICE,
		          "more messages came while you were away than natter fetches; the "
		          "rest are in the room's archive, the latest follow",
		          NULL);
	}
	muc_send_join(session, room);
}

/* XEP-0313 4.1 with RSM (XEP-0059): the last muc.history messages, or
 * those after the last one seen (entering again). */
static void
muc_mam_query(struct session *session, struct room *room, int page, gint64 started)
{
	char *query_id = stanza_new_id("mam"), *id = stanza_new_id("mamq");
	char *after =
	        room->last_archive_id ? g_markup_escape_text(room->last_archive_id, -1) : NULL;
	gint64 left = MUC_MAM_BUDGET_S - (g_get_monotonic_time() - started) / G_USEC_PER_SEC;
	char *xml;
	xmpp_stanza_t *iq, *query;
	struct muc_ask *ask;

	xml = g_strdup_printf(
	        "<query xmlns='" NS_MAM "' queryid='%s'><x xmlns='jabber:x:data' type='submit'>"
	        "<field var='FORM_TYPE' type='hidden'><value>" NS_MAM "</value></field></x>"
	        "<set xmlns='http://jabber.org/protocol/rsm'><max>%d</max>%s%s%s</set></query>",
	        query_id, prefs_int("muc.history"), after ? "<after>" : "<before/>",
	        after ? after : "", after ? "</after>" : "");
	g_free(after);
	query = xmpp_stanza_new_from_string(netloop_context(), xml);
	if (query == NULL) { /* cannot happen: the text is ours, escaped */
		g_free(xml);
		g_free(id);
		g_free(query_id);
		muc_send_join(session, room);
		return;
	}
	iq = xmpp_iq_new(netloop_context(), "set", id);
	xmpp_stanza_set_to(iq, room->jid);
	xmpp_stanza_add_child(iq, query);
	xmpp_stanza_release(query);
	g_free(room->mam_query);
	room->mam_query = query_id;
	ask = muc_ask_new(room);
	ask->after = g_strdup(room->last_archive_id);
	ask->page = page;
	ask->started = started;
	/* The pages share one budget: a slow archive never holds the entry
	 * back longer than it. */
	session_request_within(session, iq, left > 1 ? (int)left : 1, muc_mam_on_fin, ask,
	                       muc_ask_free);
	xmpp_stanza_release(iq);
	g_free(xml);
	g_free(id);
}

/* XEP-0045 6.4: what the room is (members-only, archived); a room that
 * does not exist yet (an error) is entered to be created. */
static void
muc_mam_on_info(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct room *room = muc_mam_entering(session, data);
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_DISCO_INFO);

	if (room == NULL)
		return;
	/* No answer in time: the room is what it was known to be. */
	if (g_strcmp0(stanza_error_condition(iq), "remote-server-timeout") != 0) {
		room->members_only = 0;
		room->archived = 0;
		room->sid = 0;
	}
	for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children(query) : NULL; c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const char *var =
		        xmpp_stanza_is_tag(c) && strcmp(xmpp_stanza_get_name(c), "feature") == 0
		                ? xmpp_stanza_get_attribute(c, "var")
		                : NULL;
		if (g_strcmp0(var, "muc_membersonly") == 0)
			room->members_only = 1;
		else if (g_strcmp0(var, NS_MAM) == 0)
			room->archived = 1;
		else if (g_strcmp0(var, "urn:xmpp:sid:0") == 0)
			room->sid = 1;
	}
	if (room->archived && prefs_int("muc.history") > 0)
		muc_mam_query(session, room, 1, g_get_monotonic_time());
	else
		muc_send_join(session, room);
}

static char *(*archive_source)(const char *account, const char *room, gint64 *time);

void
muc_set_archive_source(char *(*source)(const char *account, const char *room, gint64 *time))
{
	archive_source = source;
}

void
muc_query_info(struct session *session, struct room *room)
{
	xmpp_stanza_t *iq = stanza_new_query("get", room->jid, "query", NS_DISCO_INFO, NULL);

	/* Entered the first time since natter started: the archive is read
	 * on from the last message the history has of the room, and its
	 * history asked only since then (XEP-0313 "Communicating the archive
	 * ID"; XEP-0045 7.2.14), as after a lost connection. */
	if (room->last_archive_id == NULL && room->last_message == 0 && archive_source != NULL)
		room->last_archive_id =
		        archive_source(room->account, room->jid, &room->last_message);

	/* A new attempt: answers to earlier ones are stale. */
	room->entry_serial++;
	session_request_within(session, iq, MUC_INFO_WAIT_S, muc_mam_on_info, muc_ask_new(room),
	                       muc_ask_free);
	xmpp_stanza_release(iq);
}

int
muc_mam_result(struct session *session, struct room *room, xmpp_stanza_t *stanza,
               xmpp_stanza_t *result)
{
	xmpp_stanza_t *forwarded =
	        xmpp_stanza_get_child_by_name_and_ns(result, "forwarded", "urn:xmpp:forward:0");
	xmpp_stanza_t *inner =
	        forwarded ? xmpp_stanza_get_child_by_name(forwarded, "message") : NULL;
	const char *archive_id = xmpp_stanza_get_id(result);

	/* XEP-0313 4.2: only the answer to our query, from the room's own
	 * archive (the bare room JID), counts. */
	if (room->mam_query == NULL ||
	    g_strcmp0(xmpp_stanza_get_attribute(result, "queryid"), room->mam_query) != 0 ||
	    strchr(xmpp_stanza_get_from(stanza), '/') != NULL || inner == NULL) {
		log_write(LOG_INFO, session->account, "muc: archive result from %s dropped",
		          xmpp_stanza_get_from(stanza));
		return 1;
	}
	if (archive_id != NULL) {
		g_free(room->last_archive_id);
		room->last_archive_id = g_strdup(archive_id);
	}
	muc_history_message(session, room, inner, stanza_delay(forwarded), archive_id, 0);
	return 1;
}
