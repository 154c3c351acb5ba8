/*
 * muc.c: entering and leaving rooms, nicks and occupants' presence
 * (XEP-0045 7), and finding the account's MUC service (XEP-0045 6.1).
 *
 * The room and its occupants are the model's (model/room.h). What rooms
 * send is read by muc-presence.c (presence) and muc-message.c (messages).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config/prefs.h"
#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "model/account.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/muc-private.h"
#include "xmpp/muc.h"
#include "xmpp/netloop.h"
#include "xmpp/presence.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define NS_DISCO_INFO  "http://jabber.org/protocol/disco#info"

struct room *
muc_room_of(struct session *session, const char *from)
{
	char *bare;
	struct room *room;

	/* Every stanza asks: without rooms, no JID is parsed for it. */
	if (from == NULL || !room_any())
		return NULL;
	bare = jid_bare_of(from);
	room = bare != NULL ? room_find(session->account, bare) : NULL;
	g_free(bare);
	/* A room only named by an invitation is no room of the user's: its
	 * JID may be anyone's (a contact's). */
	return room != NULL && room->entered ? room : NULL;
}

const char *
muc_nick_of(const char *from)
{
	const char *slash = from != NULL ? strchr(from, '/') : NULL;

	return slash != NULL && slash[1] != '\0' ? slash + 1 : NULL;
}

/* The entry presence (XEP-0045 7.2.1): to ROOM/NICK with the account's
 * show and status, and <x xmlns='http://jabber.org/protocol/muc'/>
 * carrying the password (7.2.5) and how much history to send (7.2.14). */
void
muc_send_join(struct session *session, struct room *room)
{
	char *to = g_strconcat(room->jid, "/", room->nick, NULL);
	xmpp_stanza_t *presence = presence_build(to, session->show, session->status, 0);
	xmpp_ctx_t *ctx = netloop_context();
	xmpp_stanza_t *x = xmpp_stanza_new(ctx), *history = xmpp_stanza_new(ctx);
	char number[16];

	xmpp_stanza_set_name(x, "x");
	xmpp_stanza_set_ns(x, NS_MUC);
	xmpp_stanza_set_name(history, "history");
	g_snprintf(number, sizeof number, "%d", prefs_int("muc.history"));
	xmpp_stanza_set_attribute(history, "maxstanzas", number);
	/* Rejoining: only what came since the last message shown (with a
	 * margin for clocks that differ; what was shown already is
	 * recognised and dropped by muc-message.c). */
	if (room->last_message > 0) {
		GDateTime *since =
		        g_date_time_new_from_unix_utc(room->last_message / G_USEC_PER_SEC - 300);
		char *stamp = g_date_time_format(since, "%Y-%m-%dT%H:%M:%SZ");
		xmpp_stanza_set_attribute(history, "since", stamp);
		g_free(stamp);
		g_date_time_unref(since);
	}
	xmpp_stanza_add_child(x, history);
	if (room->password != NULL)
		stanza_add_text_child(x, "password", room->password);
	xmpp_stanza_add_child(presence, x);
	room->entry_sent = 1;
	session_send(session, presence);
	xmpp_stanza_release(history);
	xmpp_stanza_release(x);
	xmpp_stanza_release(presence);
	g_free(to);
}

/* Starts entering room as nick. */
static void
muc_enter(struct session *session, struct room *room)
{
	room_clear_occupants(room);
	room->entered = 1;
	room->entry_sent = 0;
	room->wanted = 1;
	room->leaving = 0;
	room->history_count = 0;
	g_clear_pointer(&room->pending_nick, g_free);
	/* The room's window first, so the events below have a place. */
	conversation_open_kind(room->account, room->jid, CONVERSATION_ROOM);
	room_set_state(room, ROOM_JOINING, ROOM_CHANGE_JOINING, NULL, NULL);
	/* What the room is first (muc-mam.c), then its archive, then in. */
	muc_query_info(session, room);
}

/* A join waiting for the MUC service to be found. */
struct muc_wait {
	char *node;
	char *nick;
	char *password;
};

static void
muc_wait_free(gpointer data)
{
	struct muc_wait *wait = data;

	g_free(wait->node);
	g_free(wait->nick);
	g_free(wait->password);
	g_free(wait);
}

/* The default nick: the account's nick setting, else its user name. */
static char *
muc_default_nick(struct session *session)
{
	const struct account *account = account_find(session->account);
	char *node;

	if (account != NULL && account->nick != NULL)
		return g_strdup(account->nick);
	node = session_node(session);
	return node != NULL ? node : g_strdup(session->account);
}

static int
muc_join_room(struct session *session, const char *jid, const char *nick, const char *password,
              char **cause)
{
	struct room *room = room_find(session->account, jid);

	if (room != NULL && room->state != ROOM_LEFT) {
		*cause = g_strdup_printf(
		        "already %s %s as %s%s", room->state == ROOM_JOINED ? "in" : "entering",
		        jid, room->nick,
		        room->state == ROOM_JOINED ? " (/nick changes the nick)" : "");
		return -1;
	}
	room = room_get(session->account, jid);
	room_set_nick(room, nick);
	g_free(room->password);
	/* Accepting an invitation: the password it gave. */
	if (password == NULL)
		password = room->invite_password;
	room->password = password != NULL ? g_strdup(password) : NULL;
	g_clear_pointer(&room->invite_from, g_free);
	g_clear_pointer(&room->invite_password, g_free);
	room->nick_tries = 0;
	room->asked = 1;
	muc_enter(session, room);
	room->asked = 0;
	return 0;
}

/* A room address the user typed, with service: "ROOM@SERVICE" bare and
 * normalised; NULL and *cause when it is not one. */
char *
muc_room_address(const char *text, const char *service, char **cause)
{
	char *full = service != NULL ? g_strconcat(text, "@", service, NULL) : g_strdup(text);
	struct jid jid;
	char *why = NULL, *bare = NULL;

	if (jid_parse(full, &jid, &why) == -1) {
		*cause = g_strdup_printf("'%s' is not a room address: %s", full, why);
		g_free(why);
	} else if (jid.local == NULL || jid.resource != NULL) {
		*cause = g_strdup_printf("'%s' is not a room address (ROOM@SERVICE, no /NICK)",
		                         full);
		jid_clear(&jid);
	} else {
		bare = jid_bare(&jid);
		jid_clear(&jid);
	}
	g_free(full);
	return bare;
}

static void muc_find_service(struct session *session);

int
muc_join(struct session *session, const char *room, const char *nick, const char *password,
         char **cause)
{
	char *jid, *default_nick = NULL;
	int ret;

	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	if (nick != NULL && (*nick == '\0' || !g_utf8_validate(nick, -1, NULL))) {
		*cause = g_strdup("the nick is empty or not valid UTF-8");
		return -1;
	}
	if (nick == NULL)
		nick = default_nick = muc_default_nick(session);
	if (strchr(room, '@') == NULL && session->muc_service == NULL) {
		struct muc_wait *wait;
		/* Check the name now; the service comes later. */
		jid = muc_room_address(room, "example.org", cause);
		if (jid == NULL) {
			g_free(default_nick);
			return -1;
		}
		g_free(jid);
		wait = g_new0(struct muc_wait, 1);
		wait->node = g_strdup(room);
		wait->nick = g_strdup(nick);
		wait->password = g_strdup(password);
		if (session->muc_waiting == NULL)
			session->muc_waiting = g_ptr_array_new_with_free_func(muc_wait_free);
		g_ptr_array_add(session->muc_waiting, wait);
		muc_find_service(session);
		g_free(default_nick);
		return 0;
	}
	jid = muc_room_address(room, strchr(room, '@') ? NULL : session->muc_service, cause);
	ret = jid != NULL ? muc_join_room(session, jid, nick, password, cause) : -1;
	g_free(jid);
	g_free(default_nick);
	return ret;
}

int
muc_create(struct session *session, const char *room, const char *nick, char **cause)
{
	struct room *created;
	char *jid;

	if (strchr(room, '@') == NULL && session->muc_service == NULL) {
		*cause = g_strdup(
		        "give the room as ROOM@SERVICE (the chat service is not known yet: "
		        "/join finds it)");
		return -1;
	}
	jid = muc_room_address(room, strchr(room, '@') ? NULL : session->muc_service, cause);
	if (jid == NULL)
		return -1;
	if (muc_join(session, jid, nick, NULL, cause) == -1) {
		g_free(jid);
		return -1;
	}
	created = room_find(session->account, jid);
	g_free(jid);
	if (created != NULL)
		created->configure = 1;
	return 0;
}

/* The room the user named, which must be one natter knows. */
static struct room *
muc_known_room(struct session *session, const char *jid, int joined, char **cause)
{
	struct room *room = room_find(session->account, jid);

	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return NULL;
	}
	if (room == NULL || room->state == ROOM_LEFT || (joined && room->state != ROOM_JOINED)) {
		*cause = g_strdup_printf("not in room %s", jid);
		return NULL;
	}
	return room;
}

int
muc_leave(struct session *session, const char *jid, const char *reason, char **cause)
{
	struct room *room = room_find(session->account, jid);
	char *to;
	int ret;

	/* The link is down (the account reconnects), or the entry presence
	 * has not gone out yet (muc-mam.c): the room is left here. */
	if (room != NULL && room->state != ROOM_LEFT &&
	    (session->state != SESSION_ONLINE || !room->entry_sent)) {
		room->wanted = 0;
		room_clear_occupants(room);
		room_set_state(room, ROOM_LEFT, ROOM_CHANGE_LEFT, NULL, NULL);
		return 0;
	}
	room = muc_known_room(session, jid, 0, cause);
	if (room == NULL)
		return -1;
	/* XEP-0045 7.14: unavailable presence to the occupant JID, with an
	 * optional status text. */
	to = g_strconcat(room->jid, "/", room->nick, NULL);
	ret = presence_send_directed(session, to, SHOW_OFFLINE, reason && *reason ? reason : NULL,
	                             cause);
	if (ret == 0) {
		room->leaving = 1;
		room->wanted = 0;
	}
	g_free(to);
	return ret;
}

/* The account's presence to ROOM/nick (XEP-0045 7.6, 7.7). */
static void
muc_send_presence(struct session *session, struct room *room, const char *nick)
{
	char *to = g_strconcat(room->jid, "/", nick, NULL);
	xmpp_stanza_t *presence = presence_build(to, session->show, session->status, 0);

	session_send(session, presence);
	xmpp_stanza_release(presence);
	g_free(to);
}

int
muc_change_nick(struct session *session, const char *jid, const char *nick, char **cause)
{
	struct room *room = muc_known_room(session, jid, 1, cause);

	if (room == NULL)
		return -1;
	if (*nick == '\0' || !g_utf8_validate(nick, -1, NULL) || strchr(nick, '/') != NULL) {
		*cause = g_strdup_printf("'%s' cannot be a nick", nick);
		return -1;
	}
	if (strcmp(nick, room->nick) == 0) {
		*cause = g_strdup_printf("your nick in %s is %s already", jid, nick);
		return -1;
	}
	/* XEP-0045 7.6: available presence to the new occupant JID, without
	 * the <x/> of entering. */
	g_free(room->pending_nick);
	room->pending_nick = g_strdup(nick);
	muc_send_presence(session, room, nick);
	return 0;
}

int
muc_set_subject(struct session *session, const char *jid, const char *subject, char **cause)
{
	struct room *room = muc_known_room(session, jid, 1, cause);
	xmpp_stanza_t *message;
	char *id;

	if (room == NULL)
		return -1;
	/* XEP-0045 8.1: a groupchat message with <subject/> and no body. */
	id = stanza_new_id("subject");
	message = xmpp_message_new(netloop_context(), "groupchat", room->jid, id);
	stanza_add_text_child(message, "subject", subject);
	session_send(session, message);
	xmpp_stanza_release(message);
	g_free(id);
	return 0;
}

void
muc_send_presence_all(struct session *session)
{
	GPtrArray *rooms = room_list(session->account);

	for (guint i = 0; i < rooms->len; i++) {
		struct room *room = rooms->pdata[i];
		if (room->state == ROOM_JOINED)
			muc_send_presence(session, room, room->nick);
	}
	g_ptr_array_free(rooms, TRUE);
}

void
muc_rejoin(struct session *session, struct room *room)
{
	room->nick_tries = 0;
	muc_enter(session, room);
}

void
muc_session_started(struct session *session, int resumed)
{
	GPtrArray *rooms;

	/* A lookup the lost connection cut short starts again (its
	 * requests were dropped, resumed or not). */
	session->muc_lookups = 0;
	if (session->muc_looking) {
		session->muc_looking = 0;
		muc_find_service(session);
	}
	if (resumed) {
		/* XEP-0198: the rooms never noticed; their silence starts
		 * now. Rooms being entered whose questions were lost with the
		 * connection (requests are not resumed) are asked again. */
		rooms = room_list(session->account);
		for (guint i = 0; i < rooms->len; i++) {
			struct room *room = rooms->pdata[i];
			if (room->state == ROOM_JOINING && room->wanted && !room->leaving &&
			    !room->entry_sent)
				muc_query_info(session, room);
		}
		g_ptr_array_free(rooms, TRUE);
		muc_ping_restart(session);
		return;
	}
	rooms = room_list(session->account);
	for (guint i = 0; i < rooms->len; i++) {
		struct room *room = rooms->pdata[i];
		/* XEP-0045 has no resumption: a new session is a new
		 * occupant. The nick the room gave last is asked again. */
		if (room->wanted)
			muc_rejoin(session, room);
	}
	g_ptr_array_free(rooms, TRUE);
}

void
muc_session_ended(struct session *session)
{
	GPtrArray *rooms = room_list(session->account);

	for (guint i = 0; i < rooms->len; i++) {
		struct room *room = rooms->pdata[i];
		if (room->state == ROOM_LEFT)
			continue;
		room->wanted = 0;
		room_clear_occupants(room);
		room_set_state(room, ROOM_LEFT, ROOM_CHANGE_LEFT, "the account went offline", NULL);
	}
	g_ptr_array_free(rooms, TRUE);
	if (session->muc_waiting != NULL)
		g_ptr_array_set_size(session->muc_waiting, 0);
	session->muc_looking = 0;
	session->muc_lookups = 0;
}

/* --- The MUC service (XEP-0045 6.1: disco#items of the server, then
 * disco#info of each item for the identity conference/text). --- */

/* The lookup ended: joins that waited go ahead, or fail in words. */
static void
muc_service_known(struct session *session)
{
	GPtrArray *waiting = session->muc_waiting;

	session->muc_waiting = NULL;
	session->muc_looking = 0;
	for (guint i = 0; waiting != NULL && i < waiting->len; i++) {
		struct muc_wait *wait = waiting->pdata[i];
		char *cause = NULL;
		if (session->muc_service == NULL)
			event_log(session->account, LOG_ERROR,
			          "cannot join %s: the server %s has no multi-user chat service; "
			          "give "
			          "the room as ROOM@SERVICE",
			          wait->node, session_domain(session));
		else if (muc_join(session, wait->node, wait->nick, wait->password, &cause) == -1)
			event_log(session->account, LOG_ERROR, "cannot join %s: %s", wait->node,
			          cause);
		g_free(cause);
	}
	if (waiting != NULL)
		g_ptr_array_free(waiting, TRUE);
}

/* Whether a disco#info result is that of a MUC service. */
static int
muc_is_service(xmpp_stanza_t *iq)
{
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_DISCO_INFO);

	for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children(query) : NULL; c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : "";
		if (strcmp(name, "identity") == 0 &&
		    g_strcmp0(xmpp_stanza_get_attribute(c, "category"), "conference") == 0 &&
		    g_strcmp0(xmpp_stanza_get_attribute(c, "type"), "text") == 0)
			return 1;
	}
	return 0;
}

static void
muc_on_info(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const char *from = xmpp_stanza_get_from(iq);

	session->muc_lookups--;
	if (!session->muc_looking)
		return; /* found already */
	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") == 0 && from != NULL &&
	    muc_is_service(iq)) {
		g_free(session->muc_service);
		session->muc_service = g_strdup(from);
		log_write(LOG_INFO, session->account, "muc: the service is %s", from);
	}
	if (session->muc_service != NULL || session->muc_lookups == 0)
		muc_service_known(session);
}

static void
muc_on_items(struct session *session, xmpp_stanza_t *iq, void *data)
{
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_DISCO_ITEMS);

	for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children(query) : NULL; c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const char *jid = xmpp_stanza_get_attribute(c, "jid");
		xmpp_stanza_t *request;
		/* Services are items without a node (XEP-0030 4.2). */
		if (!xmpp_stanza_is_tag(c) || strcmp(xmpp_stanza_get_name(c), "item") != 0 ||
		    jid == NULL || xmpp_stanza_get_attribute(c, "node") != NULL)
			continue;
		request = stanza_new_query("get", jid, "query", NS_DISCO_INFO, NULL);
		session->muc_lookups++;
		session_request(session, request, muc_on_info, NULL, NULL);
		xmpp_stanza_release(request);
	}
	if (session->muc_lookups == 0)
		muc_service_known(session);
}

static void
muc_find_service(struct session *session)
{
	xmpp_stanza_t *request;

	if (session->muc_looking)
		return;
	session->muc_looking = 1;
	request = stanza_new_query("get", session_domain(session), "query", NS_DISCO_ITEMS, NULL);
	session_request(session, request, muc_on_items, NULL, NULL);
	xmpp_stanza_release(request);
}
