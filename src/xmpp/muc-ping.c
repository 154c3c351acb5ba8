/*
 * muc-ping.c: staying in rooms (XEP-0410 MUC Self-Ping).
 *
 * A room can forget the user without a word (its service restarted, a
 * link between servers broke): the user would sit in a room that no
 * longer delivers anything. So a room silent for muc.self_ping seconds
 * gets a ping to the user's own occupant JID, and one that says the user
 * is not in it any more is entered again.
 *
 * One GLib timer per session, only while rooms are joined, set for the
 * first room due: a silent room costs one wakeup per interval, an
 * account without rooms none at all.
 */
#include "config.h"

#include <string.h>

#include "config/prefs.h"
#include "core/log.h"
#include "model/room.h"
#include "xmpp/muc-private.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_PING "urn:xmpp:ping"

static void muc_ping_schedule(struct session *session);

/* The interval in microseconds, or 0 when self-pings are off. */
static gint64
muc_ping_interval(void)
{
	return (gint64)prefs_int("muc.self_ping") * G_USEC_PER_SEC;
}

/*
 * XEP-0410 3.2: "Successful IQ response: the client is still joined";
 * <service-unavailable/> or <feature-not-implemented/>: joined, but the
 * own client does not answer pings; <item-not-found/>: joined, the nick
 * just changed; "Any other error: the client is probably not joined any
 * more. It should perform a re-join."
 */
static void
muc_ping_on_answer(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct room *room = room_find(session->account, data);
	const char *condition = stanza_error_condition(iq);
	char *why, *text;

	if (room == NULL || room->state != ROOM_JOINED || !room->pinging)
		return;
	room->pinging = 0;
	room->heard = g_get_monotonic_time();
	if (g_strcmp0(xmpp_stanza_get_type(iq), "error") != 0 ||
	    g_strcmp0(condition, "service-unavailable") == 0 ||
	    g_strcmp0(condition, "feature-not-implemented") == 0 ||
	    g_strcmp0(condition, "item-not-found") == 0) {
		muc_ping_schedule(session);
		return;
	}
	why = stanza_describe_error(iq);
	text = g_strdup_printf("the room no longer counts you in (%s); entering it again",
	                       why ? why : "no reason given");
	room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
	log_write(LOG_INFO, session->account, "muc: %s: %s", room->jid, text);
	g_free(text);
	g_free(why);
	muc_rejoin(session, room);
}

/* Sends the self-ping of room (XEP-0410 3.2: to the user's own occupant
 * JID). */
static void
muc_ping_send(struct session *session, struct room *room)
{
	char *to = g_strconcat(room->jid, "/", room->nick, NULL);
	xmpp_stanza_t *iq = stanza_new_query("get", to, "ping", NS_PING, NULL);

	room->pinging = 1;
	room->pinged = g_get_monotonic_time();
	session_request(session, iq, muc_ping_on_answer, g_strdup(room->jid), g_free);
	xmpp_stanza_release(iq);
	g_free(to);
}

static gboolean
muc_ping_on_timer(gpointer userdata)
{
	struct session *session = userdata;
	gint64 now = g_get_monotonic_time(), interval = muc_ping_interval();
	GPtrArray *rooms = room_list(session->account);

	session->muc_ping_source = 0;
	for (guint i = 0; interval > 0 && i < rooms->len; i++) {
		struct room *room = rooms->pdata[i];
		/* XEP-0410 4: not while a nick change is under way. */
		if (room->state != ROOM_JOINED || room->pending_nick != NULL)
			continue;
		if (room->pinging && now - room->pinged >= interval) {
			/* XEP-0410 3.2: no answer means the room (or the way
			 * to it) is unreachable: say so and ask again. */
			room_tell(room, ROOM_CHANGE_NOTICE,
			          "the room does not answer; asking again", NULL);
			muc_ping_send(session, room);
		} else if (!room->pinging && now - room->heard >= interval) {
			muc_ping_send(session, room);
		}
	}
	g_ptr_array_free(rooms, TRUE);
	muc_ping_schedule(session);
	return G_SOURCE_REMOVE;
}

/* Sets the timer for the first room due, or none without joined rooms. */
static void
muc_ping_schedule(struct session *session)
{
	gint64 interval = muc_ping_interval(), due = G_MAXINT64, now = g_get_monotonic_time();
	GPtrArray *rooms;

	g_clear_handle_id(&session->muc_ping_source, g_source_remove);
	if (interval == 0 || session->state != SESSION_ONLINE)
		return;
	rooms = room_list(session->account);
	for (guint i = 0; i < rooms->len; i++) {
		const struct room *room = rooms->pdata[i];
		if (room->state == ROOM_JOINED)
			due = MIN(due, (room->pinging ? room->pinged : room->heard) + interval);
	}
	g_ptr_array_free(rooms, TRUE);
	if (due == G_MAXINT64)
		return;
	/* Whole seconds (GLib may coalesce them with other wakeups). */
	session->muc_ping_source = g_timeout_add_seconds(
	        (guint)CLAMP((due - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1, G_MAXINT),
	        muc_ping_on_timer, session);
}

void
muc_ping_heard(struct session *session, struct room *room)
{
	room->heard = g_get_monotonic_time();
	if (session->muc_ping_source == 0 && room->state == ROOM_JOINED)
		muc_ping_schedule(session);
}

void
muc_ping_restart(struct session *session)
{
	GPtrArray *rooms = room_list(session->account);

	for (guint i = 0; i < rooms->len; i++) {
		struct room *room = rooms->pdata[i];
		room->pinging = 0;
		room->heard = g_get_monotonic_time();
	}
	g_ptr_array_free(rooms, TRUE);
	muc_ping_schedule(session);
}

void
muc_ping_stop(struct session *session)
{
	g_clear_handle_id(&session->muc_ping_source, g_source_remove);
}
