/*
 * eventjson.c: natter's events as JSON objects, one per line of the
 * headless frontend and of the control socket (natter ctl --events). The
 * schema is natter(1)'s HEADLESS PROTOCOL; it changes only by adding
 * members and events (EVENTJSON_VERSION says which).
 */
#include "config.h"

#include <jansson.h>
#include <string.h>

#include "cmd/eventjson.h"
#include "core/clock.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "otr/otr.h"
#include "store/store.h"
#include "xmpp/session.h"

/* jansson refuses invalid UTF-8; remote text was validated by the XML
 * parser, this is for the odd byte from elsewhere. */
json_t *
eventjson_string(const char *text)
{
	json_t *value;

	if (text == NULL)
		return json_null();
	value = json_string(text);
	if (value == NULL) {
		char *valid = g_utf8_make_valid(text, -1);
		value = json_string(valid);
		g_free(valid);
	}
	return value;
}

char *
eventjson_timestamp(gint64 microseconds)
{
	/* Floor division: the milliseconds of a time before 1970 are
	 * positive too. */
	gint64 seconds = microseconds / G_USEC_PER_SEC - (microseconds % G_USEC_PER_SEC < 0);
	int milliseconds = (int)((microseconds - seconds * G_USEC_PER_SEC) / 1000);
	GDateTime *time = g_date_time_new_from_unix_utc(seconds);
	char *base, *stamp;

	if (time == NULL)
		return g_strdup("unknown");
	base = g_date_time_format(time, "%Y-%m-%dT%H:%M:%S");
	stamp = g_strdup_printf("%s.%03dZ", base, milliseconds);
	g_free(base);
	g_date_time_unref(time);
	return stamp;
}

static json_t *
ej_session(const struct event *event)
{
	json_t *object = json_pack("{s:s, s:o, s:o, s:s}", "event", "session", "account",
	                           eventjson_string(event->account), "jid",
	                           eventjson_string(event->u.session.jid), "state",
	                           session_state_name((enum session_state)event->u.session.state));

	if (event->u.session.reason != NULL)
		json_object_set_new(object, "reason", eventjson_string(event->u.session.reason));
	if (event->u.session.error)
		json_object_set_new(object, "error", json_true());
	if (event->u.session.state == SESSION_WAITING)
		json_object_set_new(object, "retry_in", json_integer(event->u.session.retry_s));
	if (event->u.session.state == SESSION_ONLINE)
		json_object_set_new(object, "resumed", json_boolean(event->u.session.resumed));
	return object;
}

/* A room's messages and an occupant's private ones say which room, who
 * (the nick), and whether they are the history sent on entering. */
static void
eventjson_room_fields(json_t *object, const struct conversation *c, const struct message *m)
{
	const char *address = m->direction == MESSAGE_IN ? m->from : m->to;
	const char *slash;

	if (c->kind == CONVERSATION_CHAT)
		return;
	if (c->kind == CONVERSATION_ROOM)
		address = m->from;
	slash = address ? strchr(address, '/') : NULL;
	json_object_set_new(object, "room", json_stringn(c->peer, strcspn(c->peer, "/")));
	json_object_set_new(object, "nick", eventjson_string(slash ? slash + 1 : NULL));
	json_object_set_new(object, "history", json_boolean(m->history));
	json_object_set_new(object, "private", json_boolean(c->kind == CONVERSATION_PRIVATE));
}

/* End-to-end encrypted (OTR): the body is the plaintext; "verified" when
 * to or from a fingerprint the user verified. */
static void
eventjson_encryption(json_t *object, int encrypted)
{
	if (encrypted != MESSAGE_CLEAR)
		json_object_set_new(object, "encrypted", json_true());
	if (encrypted == MESSAGE_VERIFIED)
		json_object_set_new(object, "verified", json_true());
}

static json_t *
ej_message(const struct event *event)
{
	const struct message *message = event->u.message.message;

	/* The history had it: told before (an archive's copy). Fetched
	 * from an archive for the user: "archive" says how many came. */
	if (message->duplicate || message->backfill)
		return NULL;
	char *stamp = eventjson_timestamp(message->timestamp);
	json_t *object = json_pack(
	        "{s:s, s:o, s:s, s:o, s:o, s:s, s:o, s:o, s:s}", "event", "message", "account",
	        eventjson_string(event->account), "direction",
	        message->direction == MESSAGE_IN ? "in" : "out", "from",
	        eventjson_string(message->from), "to", eventjson_string(message->to), "type",
	        message_type_name(message->type), "id", eventjson_string(message->id), "body",
	        eventjson_string(message->body), "timestamp", stamp);

	if (message->error != NULL)
		json_object_set_new(object, "error", eventjson_string(message->error));
	if (message->subject != NULL)
		json_object_set_new(object, "subject", eventjson_string(message->subject));
	if (message->direction == MESSAGE_OUT)
		json_object_set_new(object, "delivery",
		                    json_string(message_delivery_name(message->delivery)));
	eventjson_room_fields(object, event->u.message.conversation, message);
	/* From the archive's latest page, read the first time: said before. */
	if (message->history && event->u.message.conversation->kind == CONVERSATION_CHAT)
		json_object_set_new(object, "history", json_true());
	eventjson_encryption(object, message->encrypted);
	g_free(stamp);
	return object;
}

static json_t *
ej_otr(const struct event *event)
{
	return json_pack("{s:s, s:o, s:o, s:s, s:o}", "event", "otr", "account",
	                 eventjson_string(event->account), "peer",
	                 eventjson_string(event->u.otr.peer), "state",
	                 otr_state_name(event->u.otr.state), "text",
	                 eventjson_string(event->u.otr.text));
}

/* A contact's presence after a change: the best resource's show and
 * status, and every available resource. */
static json_t *
ej_presence(const struct event *event)
{
	const struct contact *contact = event->u.presence.contact;
	const struct presence_resource *best = contact_best(contact);
	json_t *resources = json_array();

	for (guint i = 0; i < contact->resources->len; i++) {
		const struct presence_resource *r = contact->resources->pdata[i];
		json_array_append_new(resources, json_pack("{s:o, s:s, s:o, s:i}", "resource",
		                                           eventjson_string(r->resource), "show",
		                                           presence_show_name(r->show), "status",
		                                           eventjson_string(r->status), "priority",
		                                           r->priority));
	}
	return json_pack("{s:s, s:o, s:o, s:o, s:s, s:o, s:o}", "event", "presence", "account",
	                 eventjson_string(event->account), "jid", eventjson_string(contact->jid),
	                 "resource", eventjson_string(event->u.presence.resource), "show",
	                 presence_show_name(contact_show(contact)), "status",
	                 eventjson_string(best ? best->status : contact->last_status), "resources",
	                 resources);
}

/* A roster item set or removed. */
static json_t *
ej_roster(const struct event *event)
{
	const struct contact *contact = event->u.roster.contact;
	json_t *groups = json_array();

	for (guint i = 0; i < contact->groups->len; i++)
		json_array_append_new(groups, eventjson_string(contact->groups->pdata[i]));
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:s, s:b, s:o, s:b}", "event", "roster",
	                 "account", eventjson_string(event->account), "jid",
	                 eventjson_string(contact->jid), "name", eventjson_string(contact->name),
	                 "nick", eventjson_string(contact->nick), "subscription",
	                 roster_subscription_name(contact->subscription), "ask", contact->ask,
	                 "groups", groups, "removed", event->u.roster.removed);
}

/* A subscription request came (pending) or was answered. */
static json_t *
ej_subscription(const struct event *event)
{
	const struct contact *contact = event->u.subscription.contact;

	return json_pack("{s:s, s:o, s:o, s:b, s:o}", "event", "subscription", "account",
	                 eventjson_string(event->account), "jid", eventjson_string(contact->jid),
	                 "pending", contact->request_pending, "text",
	                 eventjson_string(contact->request_text));
}

/* The account's own presence was set (/status, /priority, auto-away). */
/* An account has no password to log in with: scripts learn it (they
 * give one with eval_password). */
static json_t *
ej_password_needed(const struct event *event)
{
	return json_pack("{s:s, s:o}", "event", "password_needed", "account",
	                 eventjson_string(event->account));
}

static json_t *
ej_account_renamed(const struct event *event)
{
	return json_pack("{s:s, s:o, s:o}", "event", "account_renamed", "account",
	                 eventjson_string(event->account), "old",
	                 eventjson_string(event->u.renamed.old));
}

static json_t *
ej_account_forgotten(const struct event *event)
{
	return json_pack("{s:s, s:o}", "event", "account_forgotten", "account",
	                 eventjson_string(event->account));
}

json_t *
eventjson_stored(const struct stored_message *m)
{
	char *stamp = eventjson_timestamp(m->timestamp);
	json_t *object = json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:s, s:b}", "id",
	                           (json_int_t)m->id, "account", eventjson_string(m->account),
	                           "conversation", eventjson_string(m->conversation), "direction",
	                           m->direction == MESSAGE_IN ? "in" : "out", "sender",
	                           eventjson_string(m->sender), "body", eventjson_string(m->body),
	                           "timestamp", stamp, "edited", m->edited);

	g_free(stamp);
	if (m->sender_jid != NULL)
		json_object_set_new(object, "sender_jid", eventjson_string(m->sender_jid));
	eventjson_encryption(object, m->encrypted);
	return object;
}

char *
eventjson_stored_text(const struct stored_message *m)
{
	char *when = clock_format(m->timestamp, "%Y-%m-%d %H:%M");
	char *text = g_strdup_printf("%s  %s  %s  <%s> %s", when, m->account, m->conversation,
	                             m->sender ? m->sender : "?", m->body ? m->body : "");

	g_free(when);
	return text;
}

static json_t *
ej_archive(const struct event *event)
{
	json_t *object = json_pack("{s:s, s:o, s:o, s:s, s:i, s:i, s:b}", "event", "archive",
	                           "account", eventjson_string(event->account), "peer",
	                           eventjson_string(event->u.fetched.peer), "direction",
	                           event->u.fetched.older ? "older" : "since", "received",
	                           event->u.fetched.received, "new", event->u.fetched.fresh,
	                           "complete", event->u.fetched.complete);

	if (event->u.fetched.error != NULL)
		json_object_set_new(object, "error", eventjson_string(event->u.fetched.error));
	return object;
}

static json_t *
ej_own_presence(const struct event *event)
{
	struct session *session = session_find(event->account);
	const char *status;
	int show, priority;

	if (session == NULL)
		return NULL;
	session_get_presence(session, &show, &status, &priority);
	return json_pack("{s:s, s:o, s:s, s:o, s:i}", "event", "own_presence", "account",
	                 eventjson_string(event->account), "show",
	                 presence_show_name((enum presence_show)show), "status",
	                 eventjson_string(status), "priority", priority);
}

/* A message was delivered (XEP-0184) or corrected (XEP-0308). */
static json_t *
ej_message_update(const struct event *event)
{
	const struct conversation *c = event->u.message.conversation;
	const struct message *m = event->u.message.message;

	return json_pack("{s:s, s:o, s:o, s:o, s:s, s:s, s:b, s:o}", "event", "message_update",
	                 "account", eventjson_string(event->account), "peer",
	                 eventjson_string(c->peer), "id", eventjson_string(m->id), "direction",
	                 m->direction == MESSAGE_IN ? "in" : "out", "delivery",
	                 message_delivery_name(m->delivery), "edited", m->edited, "body",
	                 eventjson_string(m->body));
}

/* The peer's chat state (XEP-0085). */
static json_t *
ej_chat_state(const struct event *event)
{
	static const char *const states[] = {
		[CHAT_STATE_NONE] = "none",           [CHAT_STATE_ACTIVE] = "active",
		[CHAT_STATE_COMPOSING] = "composing", [CHAT_STATE_PAUSED] = "paused",
		[CHAT_STATE_INACTIVE] = "inactive",   [CHAT_STATE_GONE] = "gone",
	};
	const struct conversation *c = event->u.conversation;

	return json_pack("{s:s, s:o, s:o, s:s}", "event", "chat_state", "account",
	                 eventjson_string(event->account), "jid", eventjson_string(c->peer),
	                 "state", states[c->peer_state]);
}

/* A room's state, subject or notice. */
static json_t *
ej_room(const struct event *event)
{
	static const char *const changes[] = {
		[ROOM_CHANGE_JOINING] = "joining", [ROOM_CHANGE_JOINED] = "joined",
		[ROOM_CHANGE_REFUSED] = "refused", [ROOM_CHANGE_LEFT] = "left",
		[ROOM_CHANGE_NICK] = "nick",       [ROOM_CHANGE_SUBJECT] = "subject",
		[ROOM_CHANGE_NOTICE] = "notice",   [ROOM_CHANGE_HISTORY_END] = "history_end",
		[ROOM_CHANGE_INVITED] = "invited", [ROOM_CHANGE_FORM] = "form",
	};
	static const char *const states[] = {
		[ROOM_JOINING] = "joining",
		[ROOM_JOINED] = "joined",
		[ROOM_LEFT] = "left",
	};
	const struct room *room = event->u.room.room;
	json_t *codes = json_array(), *object;

	for (const int *code = event->u.room.codes; code != NULL && *code != 0; code++)
		json_array_append_new(codes, json_integer(*code));
	object = (json_pack("{s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o}", "event", "room",
	                    "account", eventjson_string(event->account), "room",
	                    eventjson_string(room->jid), "change", changes[event->u.room.change],
	                    "state", states[room->state], "nick", eventjson_string(room->nick),
	                    "subject", eventjson_string(room->subject), "text",
	                    eventjson_string(event->u.room.text), "codes", codes));
	if (event->u.room.change == ROOM_CHANGE_INVITED)
		json_object_set_new(object, "inviter", eventjson_string(room->invite_from));
	return object;
}

/* An occupant came, left or changed. */
static json_t *
ej_occupant(const struct event *event)
{
	static const char *const changes[] = {
		[OCCUPANT_JOINED] = "joined", [OCCUPANT_LEFT] = "left",
		[OCCUPANT_NICK] = "nick",     [OCCUPANT_PRESENCE] = "presence",
		[OCCUPANT_ROLE] = "role",     [OCCUPANT_KICKED] = "kicked",
		[OCCUPANT_BANNED] = "banned", [OCCUPANT_REMOVED] = "removed",
	};
	const struct room *room = event->u.occupant.room;
	const struct occupant *o = event->u.occupant.occupant;

	return json_pack("{s:s, s:o, s:o, s:o, s:s, s:b, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
	                 "event", "occupant", "account", eventjson_string(event->account), "room",
	                 eventjson_string(room->jid), "nick", eventjson_string(o->nick), "change",
	                 changes[event->u.occupant.change], "self", o == room->self, "jid",
	                 eventjson_string(o->jid), "role", muc_role_name((enum muc_role)o->role),
	                 "affiliation", muc_affiliation_name((enum muc_affiliation)o->affiliation),
	                 "show", presence_show_name((enum presence_show)o->show), "status",
	                 eventjson_string(o->status), "new_nick",
	                 eventjson_string(event->u.occupant.new_nick), "reason",
	                 eventjson_string(event->u.occupant.reason), "actor",
	                 eventjson_string(event->u.occupant.actor));
}

/* A room bookmark was set or removed. */
static json_t *
ej_bookmark(const struct event *event)
{
	const struct bookmark *b = event->u.bookmark.bookmark;

	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:b}", "event", "bookmark", "account",
	                 eventjson_string(event->account), "jid", eventjson_string(b->jid), "name",
	                 eventjson_string(b->name), "nick", eventjson_string(b->nick), "autojoin",
	                 b->autojoin, "removed", event->u.bookmark.removed);
}

static json_t *
ej_log(const struct event *event)
{
	static const char *const levels[] = { "debug", "info", "warning", "error" };

	return json_pack("{s:s, s:o, s:s, s:o}", "event", "log", "account",
	                 eventjson_string(event->account), "level", levels[event->u.log.level],
	                 "text", eventjson_string(event->u.log.text));
}

json_t *
eventjson_result(const struct cmd_result *result, json_int_t seq)
{
	json_t *object = json_pack("{s:s, s:I, s:o, s:b}", "event", "result", "seq", seq, "command",
	                           eventjson_string(result->command), "ok", result->ok);

	if (!result->ok) {
		json_object_set_new(object, "error", eventjson_string(result->error));
		if (result->usage != NULL)
			json_object_set_new(object, "usage", eventjson_string(result->usage));
	}
	if (result->found != NULL) {
		json_t *messages = json_array();
		for (guint i = 0; i < result->found->len; i++)
			json_array_append_new(messages, eventjson_stored(result->found->pdata[i]));
		json_object_set_new(object, "messages", messages);
	}
	if (result->output != NULL) {
		json_t *lines = json_array();
		for (guint i = 0; i < result->output->len; i++)
			json_array_append_new(lines, eventjson_string(result->output->pdata[i]));
		json_object_set_new(object, "output", lines);
	}
	return object;
}

const enum event_type eventjson_types[] = {
	EV_SESSION_STATE,
	EV_MESSAGE_ADDED,
	EV_LOG,
	EV_PRESENCE,
	EV_ROSTER,
	EV_SUBSCRIPTION,
	EV_OWN_PRESENCE,
	EV_MESSAGE_UPDATED,
	EV_CHAT_STATE,
	EV_ROOM,
	EV_OCCUPANT,
	EV_BOOKMARK,
	EV_PASSWORD_NEEDED,
	EV_ACCOUNT_RENAMED,
	EV_ACCOUNT_FORGOTTEN,
	EV_ARCHIVE_FETCHED,
	EV_OTR,
};
const size_t eventjson_type_count = G_N_ELEMENTS(eventjson_types);

json_t *
eventjson(const struct event *event)
{
	switch (event->type) {
	case EV_SESSION_STATE:
		return ej_session(event);
	case EV_MESSAGE_ADDED:
		return ej_message(event);
	case EV_LOG:
		return ej_log(event);
	case EV_PRESENCE:
		return ej_presence(event);
	case EV_ROSTER:
		return ej_roster(event);
	case EV_SUBSCRIPTION:
		return ej_subscription(event);
	case EV_OWN_PRESENCE:
		return ej_own_presence(event);
	case EV_MESSAGE_UPDATED:
		return ej_message_update(event);
	case EV_CHAT_STATE:
		return ej_chat_state(event);
	case EV_ROOM:
		return ej_room(event);
	case EV_OCCUPANT:
		return ej_occupant(event);
	case EV_BOOKMARK:
		return ej_bookmark(event);
	case EV_PASSWORD_NEEDED:
		return ej_password_needed(event);
	case EV_ACCOUNT_RENAMED:
		return ej_account_renamed(event);
	case EV_ACCOUNT_FORGOTTEN:
		return ej_account_forgotten(event);
	case EV_ARCHIVE_FETCHED:
		return ej_archive(event);
	case EV_OTR:
		return ej_otr(event);
	default:
		return NULL;
	}
}

char *
eventjson_line(json_t *object)
{
	char *text = object ? json_dumps(object, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	char *line = text ? g_strconcat(text, "\n", NULL) : NULL;

	json_decref(object);
	free(text);
	return line;
}
