/*
 * muc-message.c: messages in rooms (XEP-0045 7.4, 7.2.15, 8.1): the
 * occupants' messages, the history sent on entering, the subject, the
 * room's own notices, and the user's messages and their reflections.
 *
 * Stateless: what a message says goes into the room's conversation
 * (model/conversation.h) and the room (model/room.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/jid.h"
#include "core/log.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/muc-private.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_SID     "urn:xmpp:sid:0"
#define NS_MAM     "urn:xmpp:mam:2"
#define NS_CORRECT "urn:xmpp:message-correct:0"

/* How far apart a history message and the one shown may be in time and
 * still be the same message (clocks differ; see muc_already_shown()). */
#define MUC_SAME_WINDOW_US (G_GINT64_CONSTANT(600) * G_USEC_PER_SEC)

/* Words for a status code, or NULL when it needs none. nick: the
 * user's, for 210. Caller frees. */
static char *
muc_code_words(int code, const char *nick)
{
	/* XEP-0045 16.6.2: the status codes a user should hear about. */
	switch (code) {
	case 100:
		return g_strdup("this room is not anonymous: every occupant can see your JID");
	case 101:
		return g_strdup("your affiliation with this room changed while you were away");
	case 102:
		return g_strdup("the room now shows members who are not present");
	case 103:
		return g_strdup("the room no longer shows members who are not present");
	case 104:
		return g_strdup("the room's configuration changed");
	case 170:
		return g_strdup("this room is logged: what is said here may be published");
	case 171:
		return g_strdup("this room is no longer logged");
	case 172:
		return g_strdup("this room is now non-anonymous: every occupant can see your JID");
	case 173:
		return g_strdup("this room is now semi-anonymous: only moderators see your JID");
	case 174:
		return g_strdup("this room is now fully anonymous");
	/* 201 (a new room) is told once the room is open (muc-config.c). */
	case 210:
		return g_strdup_printf("the room set your nick to %s", nick);
	default:
		return NULL;
	}
}

/* The room's view of its privacy and logging follows the codes. */
static void
muc_note_code(struct room *room, int code)
{
	if (code == 100 || code == 172)
		room->non_anonymous = 1;
	else if (code == 173 || code == 174)
		room->non_anonymous = 0;
	else if (code == 170)
		room->logged = 1;
	else if (code == 171)
		room->logged = 0;
}

void
muc_tell_codes(struct room *room, const int *codes, int later)
{
	for (; *codes != 0; codes++) {
		int one[2] = { *codes, 0 };
		char *words;
		muc_note_code(room, *codes);
		/* 210 after entering comes with a nick change, which says so. */
		if (later && *codes == 210)
			continue;
		words = muc_code_words(*codes, room->nick);
		if (words != NULL)
			room_tell(room, ROOM_CHANGE_NOTICE, words, one);
		g_free(words);
	}
}

/* XEP-0045 10.2.1: a message from the room itself: status codes (its
 * configuration changed) and maybe a text. */
static void
muc_room_notice(struct room *room, xmpp_stanza_t *stanza, const char *body)
{
	xmpp_stanza_t *x = xmpp_stanza_get_child_by_name_and_ns(stanza, "x", NS_MUC_USER);
	int codes[16], count = 0;

	for (xmpp_stanza_t *c = x ? xmpp_stanza_get_children(x) : NULL;
	     c != NULL && count < (int)G_N_ELEMENTS(codes) - 1; c = xmpp_stanza_get_next(c)) {
		const char *code =
		        xmpp_stanza_is_tag(c) && strcmp(xmpp_stanza_get_name(c), "status") == 0
		                ? xmpp_stanza_get_attribute(c, "code")
		                : NULL;
		if (code != NULL && atoi(code) > 0)
			codes[count++] = atoi(code);
	}
	codes[count] = 0;
	muc_tell_codes(room, codes, 1);
	if (body != NULL && *body != '\0')
		room_tell(room, ROOM_CHANGE_NOTICE, body, NULL);
}

/* XEP-0359 3: the id the room gave the message (by='ROOM'), or NULL;
 * NULL too from a room that does not announce the feature (§4: only then
 * does it strip ids an occupant forged). */
static const char *
muc_stanza_id(struct room *room, xmpp_stanza_t *stanza)
{
	return room->sid ? stanza_id_by(stanza, room->jid) : NULL;
}

/* The nick of a message's sender (the resource of from), or NULL. */
static const char *
muc_sender_nick(const char *from)
{
	const char *slash = from != NULL ? strchr(from, '/') : NULL;

	return slash != NULL && slash[1] != '\0' ? slash + 1 : NULL;
}

/*
 * Whether history the room sends was shown already (entering again after
 * a lost connection): the same stanza-id, or without ids the same sender
 * and text at nearly the same time (the room's clock stamps history, ours
 * stamped what was shown live). Two identical lines from one person ten
 * minutes apart, one missed, would be taken for one: the price of rooms
 * without ids.
 */
static int
muc_already_shown(struct conversation *conversation, const char *stanza_id, const char *from,
                  const char *body, gint64 when)
{
	for (GList *link = conversation->messages.tail; link != NULL; link = link->prev) {
		struct message *m = link->data;
		if (stanza_id != NULL && m->stanza_id != NULL)
			if (strcmp(stanza_id, m->stanza_id) == 0)
				return 1;
		if (m->timestamp < when - MUC_SAME_WINDOW_US)
			break; /* older than anything that could match */
		if (g_strcmp0(m->from, from) == 0 && g_strcmp0(m->body, body) == 0 &&
		    m->timestamp <= when + MUC_SAME_WINDOW_US)
			return 1;
	}
	return 0;
}

/* XEP-0045 7.4: "the service SHOULD reflect the message with the same
 * 'id' that was generated by the client": the user's own message came
 * back, so everyone has it. Returns 1 when it was one. */
static int
muc_reflection(struct room *room, struct conversation *conversation, xmpp_stanza_t *stanza,
               const char *nick, const char *stanza_id)
{
	xmpp_stanza_t *origin = xmpp_stanza_get_child_by_name_and_ns(stanza, "origin-id", NS_SID);
	xmpp_stanza_t *replace =
	        xmpp_stanza_get_child_by_name_and_ns(stanza, "replace", NS_CORRECT);
	const char *id = xmpp_stanza_get_id(stanza);
	struct message *message;

	if (nick == NULL || strcmp(nick, room->nick) != 0)
		return 0;
	/* A correction's marks are those of the message it corrects. */
	if (replace != NULL)
		id = xmpp_stanza_get_id(replace);
	else if (origin != NULL && xmpp_stanza_get_id(origin) != NULL)
		id = xmpp_stanza_get_id(origin);
	message = conversation_find_message(conversation, id, MESSAGE_OUT);
	if (message == NULL)
		return 0;
	if (message->stanza_id == NULL && stanza_id != NULL)
		message->stanza_id = g_strdup(stanza_id);
	if (message->delivery != DELIVERY_DELIVERED) {
		message->delivery = DELIVERY_DELIVERED;
		conversation_message_updated(conversation, message);
	}
	return 1;
}

/* XEP-0308 in a room: a correction from the same occupant replaces the
 * text of the message it names. Returns 1 when applied. */
static int
muc_correction(struct conversation *conversation, xmpp_stanza_t *stanza, const char *from,
               char **body)
{
	xmpp_stanza_t *replace =
	        xmpp_stanza_get_child_by_name_and_ns(stanza, "replace", NS_CORRECT);
	struct message *original;

	if (replace == NULL)
		return 0;
	original = conversation_find_message(conversation, xmpp_stanza_get_id(replace), MESSAGE_IN);
	/* XEP-0308 5: "A correction MUST only be allowed when both the
	 * original message and correction originate from the same sender". */
	if (original == NULL || g_strcmp0(original->from, from) != 0)
		return 0;
	g_free(original->body);
	original->body = *body;
	*body = NULL;
	original->edited = 1;
	conversation_message_updated(conversation, original);
	return 1;
}

/* XEP-0045 7.2.15 and 8.1: the subject; the first one after entering
 * ends the history (7.1: presences, history, then the subject). */
static void
muc_subject(struct room *room, const char *nick, const char *subject)
{
	if (room->in_history) {
		room->in_history = 0;
		if (room->history_count > 0)
			room_tell(room, ROOM_CHANGE_HISTORY_END, NULL, NULL);
	}
	room_set_subject(room, subject, nick);
	room_tell(room, ROOM_CHANGE_SUBJECT, nick, NULL);
}

/* A message that answers something the user sent to the room with an
 * error: under that message, or as a notice. */
static void
muc_error(struct room *room, struct conversation *conversation, xmpp_stanza_t *stanza)
{
	const char *id = xmpp_stanza_get_id(stanza);
	char *why = stanza_describe_error(stanza);
	struct message *message;

	if (why == NULL)
		why = g_strdup("unspecified error");
	if (id != NULL && conversation_find_message(conversation, id, MESSAGE_OUT) != NULL) {
		message = message_new(MESSAGE_IN, MESSAGE_ERROR);
		message->id = g_strdup(id);
		message->from = g_strdup(room->jid);
		message->error = why;
		conversation_add_message(conversation, message);
		return;
	}
	char *text = g_str_has_prefix(id ? id : "", "subject")
	                     ? g_strdup_printf("cannot change the subject: %s", why)
	                     : g_strdup_printf("the room says: %s", why);
	room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
	g_free(text);
	g_free(why);
}

/* XEP-0045 8.6: the room forwards a visitor's request for a voice (a
 * muc#request form) to the moderators: told with how to grant it.
 * Returns 1 when the message was one. */
static int
muc_voice_request(struct room *room, xmpp_stanza_t *stanza)
{
	xmpp_stanza_t *x = xmpp_stanza_get_child_by_name_and_ns(stanza, "x", "jabber:x:data");
	char *form_type = NULL, *nick = NULL, *text;

	/* Only from the room itself (its bare JID), never an occupant. */
	if (x == NULL || strchr(xmpp_stanza_get_from(stanza), '/') != NULL)
		return 0;
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(x); c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const char *var =
		        xmpp_stanza_is_tag(c) && strcmp(xmpp_stanza_get_name(c), "field") == 0
		                ? xmpp_stanza_get_attribute(c, "var")
		                : NULL;
		if (g_strcmp0(var, "FORM_TYPE") == 0 && form_type == NULL)
			form_type = stanza_child_text(c, "value");
		else if (g_strcmp0(var, "muc#roomnick") == 0 && nick == NULL)
			nick = stanza_child_text(c, "value");
	}
	if (g_strcmp0(form_type, "http://jabber.org/protocol/muc#request") != 0 || nick == NULL ||
	    *nick == '\0') {
		g_free(form_type);
		g_free(nick);
		return 0;
	}
	text = g_strdup_printf("%s asks for a voice: /role %s participant gives it", nick, nick);
	room_tell(room, ROOM_CHANGE_NOTICE, text, NULL);
	g_free(text);
	g_free(form_type);
	g_free(nick);
	return 1;
}

/* A message of an occupant into the room's conversation (body and
 * subject taken); history (delay, while entering) already shown is
 * dropped. backfill: fetched for the user (mam-fetch.c), older than what
 * the room shows. */
static void
muc_store(struct session *session, struct room *room, struct conversation *conversation,
          xmpp_stanza_t *stanza, char **body, char **subject, gint64 delay, const char *stanza_id,
          int backfill)
{
	const char *from = xmpp_stanza_get_from(stanza);
	const char *nick = muc_sender_nick(from);
	struct message *message;

	if (delay != 0 && room->in_history && !backfill &&
	    muc_already_shown(conversation, stanza_id, from, *body, delay))
		return;
	/* The user's own words in the history (or from another client of
	 * the account under the same nick) are the user's. */
	message = message_new(strcmp(nick, room->nick) == 0 ? MESSAGE_OUT : MESSAGE_IN,
	                      MESSAGE_GROUPCHAT);
	if (message->direction == MESSAGE_OUT)
		message->delivery = DELIVERY_DELIVERED;
	message->id = g_strdup(xmpp_stanza_get_id(stanza));
	message->stanza_id = g_strdup(stanza_id);
	message->from = g_strdup(from);
	message->to = g_strdup(session_jid(session));
	message->body = *body;
	message->subject = *subject;
	*body = *subject = NULL;
	message->history = delay != 0 && room->in_history && !backfill;
	message->backfill = backfill;
	message->backfill_page = backfill ? session->mam_page : 0;
	if (delay != 0)
		message->timestamp = message->delayed = delay;
	/* Who the occupant is, when the room shows it (XEP-0045 7.2.3); of
	 * an occupant present now only: a nick in the history may have been
	 * someone else's then. */
	if (delay == 0 && room_occupant(room, nick) != NULL)
		message->sender_jid = g_strdup(room_occupant(room, nick)->jid);
	if (message->history)
		room->history_count++;
	if (message->timestamp > room->last_message && !backfill)
		room->last_message = message->timestamp;
	session->mam_fresh += conversation_add_message(conversation, message);
}

void
muc_history_message(struct session *session, struct room *room, xmpp_stanza_t *inner, gint64 when,
                    const char *archive_id, int backfill)
{
	struct conversation *conversation =
	        conversation_open_kind(room->account, room->jid, CONVERSATION_ROOM);
	const char *from = xmpp_stanza_get_from(inner);
	char *body = stanza_child_text(inner, "body"), *subject = NULL;
	char *bare = from ? jid_bare_of(from) : NULL;

	/* An archived group message of an occupant of this very room. */
	if (body != NULL && muc_sender_nick(from) != NULL && g_strcmp0(bare, room->jid) == 0 &&
	    g_strcmp0(xmpp_stanza_get_type(inner), "groupchat") == 0)
		muc_store(session, room, conversation, inner, &body, &subject,
		          when != 0 ? when : g_get_real_time(), archive_id, backfill);
	g_free(bare);
	g_free(body);
}

int
muc_handle_message(struct session *session, struct room *room, xmpp_stanza_t *stanza)
{
	const char *from = xmpp_stanza_get_from(stanza);
	const char *type = xmpp_stanza_get_type(stanza);
	const char *nick = muc_sender_nick(from);
	struct conversation *conversation;
	xmpp_stanza_t *result = xmpp_stanza_get_child_by_name_and_ns(stanza, "result", NS_MAM);
	char *body, *subject;
	const char *stanza_id;
	gint64 delay;

	/* XEP-0313 4.2: the room's archive answering our query. */
	if (result != NULL && g_strcmp0(type, "error") != 0)
		return muc_mam_result(session, room, stanza, result);
	/* XEP-0045 8.6: a visitor asks the moderators for a voice. */
	if (g_strcmp0(type, "error") != 0 && g_strcmp0(type, "groupchat") != 0 &&
	    muc_voice_request(room, stanza))
		return 1;
	if (g_strcmp0(type, "error") != 0 && g_strcmp0(type, "groupchat") != 0)
		return 0;
	/* An error about a private message is its conversation's (chat.c). */
	if (g_strcmp0(type, "error") == 0 && nick != NULL) {
		struct conversation *private = conversation_find(room->account, from);
		if (private != NULL &&
		    conversation_find_message(private, xmpp_stanza_get_id(stanza), MESSAGE_OUT))
			return 0;
	}
	conversation = conversation_open_kind(room->account, room->jid, CONVERSATION_ROOM);
	if (g_strcmp0(type, "error") == 0) {
		muc_error(room, conversation, stanza);
		return 1;
	}
	if (room->state == ROOM_LEFT) {
		log_write(LOG_DEBUG, session->account,
		          "muc: message from %s dropped (not in the room)", from);
		return 1;
	}
	muc_ping_heard(session, room);
	body = stanza_child_text(stanza, "body");
	subject = stanza_child_text(stanza, "subject");
	/* XEP-0045 8.1: "only a message that contains a <subject/> but no
	 * <body/> element shall be considered a subject change". */
	if (body == NULL && xmpp_stanza_get_child_by_name(stanza, "subject") != NULL) {
		muc_subject(room, nick, subject);
		goto done;
	}
	if (nick == NULL) {
		muc_room_notice(room, stanza, body);
		goto done;
	}
	/* XEP-0313 "Communicating the archive ID": in a room with an
	 * archive, the room's <stanza-id/> (XEP-0359) of a message is its
	 * archive UID: where to read on from after a lost connection. */
	stanza_id = muc_stanza_id(room, stanza);
	if (body != NULL && room->archived && stanza_id != NULL) {
		g_free(room->last_archive_id);
		room->last_archive_id = g_strdup(stanza_id);
	}
	if (body == NULL || muc_reflection(room, conversation, stanza, nick, stanza_id) ||
	    muc_correction(conversation, stanza, from, &body))
		goto done;
	delay = stanza_delay(stanza);
	muc_store(session, room, conversation, stanza, &body, &subject, delay, stanza_id, 0);
done:
	g_free(body);
	g_free(subject);
	return 1;
}

int
muc_send_message(struct session *session, struct room *room, const char *text, const char *replaces,
                 char **id_out, char **cause)
{
	xmpp_ctx_t *ctx = netloop_context();
	struct conversation *conversation;
	struct message *message = NULL;
	xmpp_stanza_t *stanza, *child;
	char *id;

	if (session->state != SESSION_ONLINE || room->state != ROOM_JOINED) {
		*cause = g_strdup_printf("not in room %s%s", room->jid,
		                         room->state == ROOM_JOINING ? " yet (entering)" : "");
		return -1;
	}
	conversation = conversation_open_kind(room->account, room->jid, CONVERSATION_ROOM);
	if (replaces != NULL) {
		message = conversation_find_message(conversation, replaces, MESSAGE_OUT);
		if (message == NULL) {
			*cause = g_strdup_printf("you have said nothing in %s to correct",
			                         room->jid);
			return -1;
		}
	}
	/* XEP-0045 7.4: type groupchat to the room's bare JID; XEP-0359
	 * origin-id so the reflection is recognised. */
	id = xmpp_uuid_gen(ctx);
	stanza = xmpp_message_new(ctx, "groupchat", room->jid, id);
	xmpp_message_set_body(stanza, text);
	child = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(child, "origin-id");
	xmpp_stanza_set_ns(child, NS_SID);
	xmpp_stanza_set_id(child, id);
	xmpp_stanza_add_child(stanza, child);
	xmpp_stanza_release(child);
	if (replaces != NULL) {
		child = xmpp_stanza_new(ctx);
		xmpp_stanza_set_name(child, "replace");
		xmpp_stanza_set_ns(child, NS_CORRECT);
		xmpp_stanza_set_id(child, replaces);
		xmpp_stanza_add_child(stanza, child);
		xmpp_stanza_release(child);
	}
	if (message != NULL) {
		g_free(message->body);
		message->body = g_strdup(text);
		message->edited = 1;
		message->delivery = outbox_send(session, stanza, room->jid, replaces);
		conversation_message_updated(conversation, message);
	} else {
		message = message_new(MESSAGE_OUT, MESSAGE_GROUPCHAT);
		message->id = g_strdup(id);
		message->from = g_strconcat(room->jid, "/", room->nick, NULL);
		message->to = g_strdup(room->jid);
		message->body = g_strdup(text);
		message->delivery = outbox_send(session, stanza, room->jid, id);
		room->last_message = message->timestamp;
		conversation_add_message(conversation, message);
	}
	xmpp_stanza_release(stanza);
	if (id_out != NULL)
		*id_out = g_strdup(id);
	xmpp_free(ctx, id);
	return 0;
}
