/*
 * chat.c: one-to-one messages (RFC 6121 5).
 *
 * Stateless: copies what a message says out of the stanza into the model
 * (model/conversation.h), which owns it from then on.
 */
#include "config.h"

#include <string.h>

#include "core/jid.h"
#include "core/log.h"
#include "model/conversation.h"
#include "xmpp/chat.h"
#include "xmpp/handlers.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_DELAY "urn:xmpp:delay"
/* How far in the future a delay stamp may be (clocks differ). */
#define CHAT_DELAY_FUTURE_US (G_GINT64_CONSTANT(86400) * G_USEC_PER_SEC)

/* XEP-0203: the original send time of a delayed message, or 0. */
static gint64
chat_delay(xmpp_stanza_t *stanza)
{
	xmpp_stanza_t *delay = xmpp_stanza_get_child_by_name_and_ns(stanza, "delay", NS_DELAY);
	const char *stamp = delay ? xmpp_stanza_get_attribute(delay, "stamp") : NULL;
	GDateTime *time;
	gint64 microseconds;

	if (stamp == NULL)
		return 0;
	time = g_date_time_new_from_iso8601(stamp, NULL);
	if (time == NULL)
		return 0;
	microseconds =
	        g_date_time_to_unix(time) * G_USEC_PER_SEC + g_date_time_get_microsecond(time);
	g_date_time_unref(time);
	/* A stamp before 1970 or more than a day ahead is a sender's error
	 * (or mischief): the time of receipt is closer to the truth. */
	if (microseconds < 0 || microseconds > g_get_real_time() + CHAT_DELAY_FUTURE_US)
		return 0;
	return microseconds;
}

/* RFC 6120 8.1.2.1: a stanza without 'from' comes from the account itself. */
static const char *
chat_sender(struct session *session, xmpp_stanza_t *stanza)
{
	const char *from = xmpp_stanza_get_from(stanza);

	return from != NULL ? from : session->jid;
}

int
chat_handle(struct session *session, xmpp_stanza_t *stanza)
{
	const char *from = chat_sender(session, stanza);
	enum message_type type = message_type_parse(xmpp_stanza_get_type(stanza));
	char *peer = jid_bare_of(from);
	char *body = stanza_child_text(stanza, "body");
	struct conversation *conversation;
	struct message *message;
	gint64 delay;

	if (peer == NULL) {
		log_write(LOG_WARNING, session->account, "message with invalid from '%s' dropped",
		          from);
		goto drop;
	}
	/* Group chat belongs to rooms; bodiless messages (chat states,
	 * receipts) to the IM core. Neither is handled yet. */
	if (type == MESSAGE_GROUPCHAT || (body == NULL && type != MESSAGE_ERROR))
		goto drop;
	message = message_new(MESSAGE_IN, type);
	message->id = g_strdup(xmpp_stanza_get_id(stanza));
	message->from = g_strdup(from);
	message->to = g_strdup(xmpp_stanza_get_to(stanza) ? xmpp_stanza_get_to(stanza)
	                                                  : session_jid(session));
	message->body = body;
	body = NULL;
	if (type == MESSAGE_ERROR) {
		message->error = stanza_describe_error(stanza);
		if (message->error == NULL)
			message->error = g_strdup("unspecified error");
	}
	delay = chat_delay(stanza);
	if (delay != 0)
		message->timestamp = delay;
	conversation = conversation_open(session->account, peer);
	/* RFC 6121 5.1: once the contact writes from a full JID, answers go
	 * there (until its presence changes: presence.c unlocks). */
	if (type != MESSAGE_ERROR && strchr(from, '/') != NULL)
		conversation_lock(conversation, from);
	conversation_add_message(conversation, message);
	g_free(peer);
	return 1;
drop:
	g_free(body);
	g_free(peer);
	return 0;
}

/* XML 1.0 section 2.2: the characters a stanza can carry. Returns the
 * first one it cannot, or 0. */
static gunichar
chat_unsendable(const char *text)
{
	for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff)
			return c;
	}
	return 0;
}

int
chat_send(struct session *session, const char *to, const char *text, char **cause)
{
	xmpp_ctx_t *ctx = netloop_context();
	xmpp_stanza_t *stanza;
	struct conversation *conversation;
	struct message *message;
	struct jid jid;
	char *why = NULL, *id, *address, *peer;

	if (jid_parse(to, &jid, &why) == -1) {
		*cause = g_strdup_printf("'%s' is not a valid JID: %s", to, why);
		g_free(why);
		return -1;
	}
	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		jid_clear(&jid);
		return -1;
	}
	if (!g_utf8_validate(text, -1, NULL) || chat_unsendable(text) != 0) {
		gunichar c = g_utf8_validate(text, -1, NULL) ? chat_unsendable(text) : 0;
		*cause = c ? g_strdup_printf("the text holds the control character U+%04X, which "
		                             "XMPP cannot carry; nothing was sent",
		                             (unsigned)c)
		           : g_strdup("the text is not valid UTF-8; nothing was sent");
		jid_clear(&jid);
		return -1;
	}
	address = jid_full(&jid);
	peer = jid_bare(&jid);
	/* To the bare JID of a conversation locked to a resource: there. */
	conversation = conversation_find(session->account, peer);
	if (jid.resource == NULL && conversation != NULL && conversation->locked != NULL) {
		g_free(address);
		address = g_strdup(conversation->locked);
	}
	jid_clear(&jid);
	id = xmpp_uuid_gen(ctx);
	stanza = xmpp_message_new(ctx, "chat", address, id);
	xmpp_message_set_body(stanza, text);
	session_send(session, stanza);
	xmpp_stanza_release(stanza);

	message = message_new(MESSAGE_OUT, MESSAGE_CHAT);
	message->id = g_strdup(id);
	message->from = g_strdup(session_jid(session));
	message->to = address;
	message->body = g_strdup(text);
	xmpp_free(ctx, id);
	conversation_add_message(conversation_open(session->account, peer), message);
	g_free(peer);
	return 0;
}
