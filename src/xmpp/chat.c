/*
 * chat.c: one-to-one messages (RFC 6121 5), with delivery receipts
 * (XEP-0184), chat states (XEP-0085), corrections (XEP-0308) and unique
 * ids (XEP-0359).
 *
 * Stateless: copies what a message says out of the stanza into the model
 * (model/conversation.h), which owns it from then on.
 */
#include "config.h"

#include <string.h>

#include "core/jid.h"
#include "core/log.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/caps.h"
#include "xmpp/chat.h"
#include "xmpp/e2e.h"
#include "xmpp/handlers.h"
#include "xmpp/mam.h"
#include "xmpp/muc-private.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_RECEIPTS   "urn:xmpp:receipts"
#define NS_CHATSTATES "http://jabber.org/protocol/chatstates"
#define NS_CORRECT    "urn:xmpp:message-correct:0"
#define NS_SID        "urn:xmpp:sid:0"
#define NS_CARBONS    "urn:xmpp:carbons:2"
#define NS_FORWARD    "urn:xmpp:forward:0"
#define NS_MAM        "urn:xmpp:mam:2"

/* XEP-0085 2: the five states, as element names. */
static const char *const chat_state_names[] = {
	[CHAT_STATE_ACTIVE] = "active", [CHAT_STATE_COMPOSING] = "composing",
	[CHAT_STATE_PAUSED] = "paused", [CHAT_STATE_INACTIVE] = "inactive",
	[CHAT_STATE_GONE] = "gone",
};

/* RFC 6120 8.1.2.1: a stanza without 'from' comes from the account itself. */
static const char *
chat_sender(struct session *session, xmpp_stanza_t *stanza)
{
	const char *from = xmpp_stanza_get_from(stanza);

	return from != NULL ? from : session->jid;
}

/* The peer of a conversation with the address jid: its bare JID, or for
 * an occupant of a room of the account (XEP-0045 7.5) the full occupant
 * JID: a private conversation of its own. NULL when jid is not valid. */
static char *
chat_peer_of(struct session *session, const char *jid, enum conversation_kind *kind)
{
	struct room *room = muc_room_of(session, jid);
	struct jid parsed;
	char *peer, *why = NULL;

	*kind = CONVERSATION_CHAT;
	if (room == NULL || strchr(jid, '/') == NULL)
		return jid_bare_of(jid);
	/* Normalised, as the user's own addresses are. */
	if (jid_parse(jid, &parsed, &why) == -1) {
		g_free(why);
		return NULL;
	}
	*kind = CONVERSATION_PRIVATE;
	peer = jid_full(&parsed);
	jid_clear(&parsed);
	return peer;
}

/* The chat state a message carries, or CHAT_STATE_NONE. */
static enum chat_state
chat_state_of(xmpp_stanza_t *stanza)
{
	for (int i = CHAT_STATE_ACTIVE; i <= CHAT_STATE_GONE; i++) {
		if (xmpp_stanza_get_child_by_name_and_ns(stanza, chat_state_names[i],
		                                         NS_CHATSTATES) != NULL)
			return (enum chat_state)i;
	}
	return CHAT_STATE_NONE;
}

/* XEP-0184 5: a receipt names the message it acknowledges; only ours to
 * the sender's conversation count. */
static void
chat_receipt(struct session *session, const char *peer, xmpp_stanza_t *received)
{
	struct conversation *conversation = conversation_find(session->account, peer);
	const char *id = xmpp_stanza_get_id(received);
	struct message *message;

	if (conversation == NULL || id == NULL)
		return;
	message = conversation_find_message(conversation, id, MESSAGE_OUT);
	if (message == NULL || message->delivery == DELIVERY_DELIVERED)
		return;
	message->delivery = DELIVERY_DELIVERED;
	conversation_message_updated(conversation, message);
}

/* XEP-0184 5.1: answers a receipt request. Only to contacts that may see
 * our presence anyway (subscription from or both): a receipt tells the
 * sender we are online (section 8). */
static void
chat_answer_receipt(struct session *session, const char *from, const char *peer,
                    xmpp_stanza_t *stanza)
{
	const struct contact *contact = contact_find(session->account, peer);
	xmpp_ctx_t *ctx = netloop_context();
	xmpp_stanza_t *reply, *received;
	char *id;

	if (xmpp_stanza_get_id(stanza) == NULL ||
	    xmpp_stanza_get_child_by_name_and_ns(stanza, "request", NS_RECEIPTS) == NULL)
		return;
	if (contact == NULL || !contact->in_roster ||
	    (contact->subscription != SUB_FROM && contact->subscription != SUB_BOTH))
		return;
	id = stanza_new_id("receipt");
	reply = xmpp_message_new(ctx, NULL, from, id);
	received = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(received, "received");
	xmpp_stanza_set_ns(received, NS_RECEIPTS);
	xmpp_stanza_set_id(received, xmpp_stanza_get_id(stanza));
	xmpp_stanza_add_child(reply, received);
	session_send(session, reply);
	xmpp_stanza_release(received);
	xmpp_stanza_release(reply);
	g_free(id);
}

/*
 * XEP-0308: a correction replaces the body of the message it names.
 * Business rules: "A correction MUST only be allowed when both the
 * original message and correction originate from the same sender" (in
 * direct conversations: the same bare JID, which the conversation
 * already is). Returns 1 when applied.
 */
static int
chat_correction(struct conversation *conversation, xmpp_stanza_t *replace, char **body,
                int encrypted)
{
	struct message *original =
	        conversation_find_message(conversation, xmpp_stanza_get_id(replace), MESSAGE_IN);

	/* A correction comes the way its message did: a clear one of an
	 * encrypted message (anyone who saw its id could send it) is not
	 * applied, nor an encrypted one of a message in the clear. */
	if (original == NULL || !original->encrypted != !encrypted)
		return 0;
	g_free(original->body);
	original->body = *body;
	*body = NULL;
	original->edited = 1;
	conversation_message_updated(conversation, original);
	return 1;
}

static int chat_handle_message(struct session *session, xmpp_stanza_t *stanza, int carbon);

static int chat_receive(struct session *session, xmpp_stanza_t *stanza, int carbon, int archived,
                        const char *stanza_id, gint64 delay);

/* The <message/> forwarded inside a carbon (XEP-0297), or NULL. */
static xmpp_stanza_t *
chat_forwarded(xmpp_stanza_t *carbon)
{
	xmpp_stanza_t *forwarded =
	        xmpp_stanza_get_child_by_name_and_ns(carbon, "forwarded", NS_FORWARD);

	return forwarded ? xmpp_stanza_get_child_by_name(forwarded, "message") : NULL;
}

/* XEP-0280 7: a copy of what another of the account's clients sent: ours,
 * in the conversation with its recipient. */
static void
chat_sent_carbon(struct session *session, xmpp_stanza_t *inner, const char *stanza_id, gint64 delay,
                 int archived)
{
	const char *to = xmpp_stanza_get_to(inner);
	struct conversation *conversation;
	enum conversation_kind kind;
	char *peer = to ? chat_peer_of(session, to, &kind) : NULL;
	char *body = stanza_child_text(inner, "body");
	enum message_type type = message_type_parse(xmpp_stanza_get_type(inner));
	struct message *message;

	/* States and receipts our other client sent are its business; so is
	 * its OTR traffic, and what it encrypted only it can read. */
	char *shown = NULL;
	int foreign = e2e_foreign(body, E2E_COPY_SENT, &shown);
	if (foreign) {
		g_free(body);
		body = shown;
	}
	if (peer == NULL || body == NULL || type == MESSAGE_GROUPCHAT || type == MESSAGE_ERROR) {
		g_free(peer);
		g_free(body);
		return;
	}
	conversation = conversation_open_kind(session->account, peer, kind);
	/* Seen already (the archive's copy came first, or the other way).
	 * What is fetched for the user is the history's to know. */
	if (archived != MAM_BACKFILL && xmpp_stanza_get_id(inner) != NULL &&
	    conversation_find_message(conversation, xmpp_stanza_get_id(inner), MESSAGE_OUT)) {
		g_free(peer);
		g_free(body);
		return;
	}
	message = message_new(MESSAGE_OUT, type);
	message->id = g_strdup(xmpp_stanza_get_id(inner));
	message->from =
	        g_strdup(xmpp_stanza_get_from(inner) ? xmpp_stanza_get_from(inner) : session->jid);
	message->to = g_strdup(to);
	message->body = body;
	message->stanza_id = g_strdup(stanza_id);
	message->history = archived == MAM_OLD;
	message->backfill = archived == MAM_BACKFILL;
	message->caught_up = archived == MAM_NEWS;
	message->backfill_page = message->backfill ? session->mam_page : 0;
	message->encrypted = foreign;
	if (delay != 0)
		message->timestamp = message->delayed = delay;
	session->mam_fresh += conversation_add_message(conversation, message);
	g_free(peer);
}

/* The account's archive id of a live message (XEP-0359 stanza-id by the
 * account's bare JID), when the account is known to strip forged ones
 * (§4); else NULL: a forged one could make the history take another
 * message for this one. */
static const char *
chat_stanza_id(struct session *session, xmpp_stanza_t *stanza)
{
	return session->sid_trusted ? stanza_id_by(stanza, session->jid) : NULL;
}

int
chat_handle(struct session *session, xmpp_stanza_t *stanza)
{
	xmpp_stanza_t *received =
	        xmpp_stanza_get_child_by_name_and_ns(stanza, "received", NS_CARBONS);
	xmpp_stanza_t *sent = xmpp_stanza_get_child_by_name_and_ns(stanza, "sent", NS_CARBONS);
	xmpp_stanza_t *inner;
	char *from;
	int own;

	/* XEP-0313 4.2: an archive answering natter's query: fetched for the
	 * user (mam-fetch.c), or the account's read after login (mam.c). */
	if (xmpp_stanza_get_child_by_name_and_ns(stanza, "result", NS_MAM) != NULL &&
	    mam_fetch_result(session, stanza))
		return 1;
	if (xmpp_stanza_get_child_by_name_and_ns(stanza, "result", NS_MAM) != NULL &&
	    muc_room_of(session, xmpp_stanza_get_from(stanza)) == NULL)
		return mam_handle_result(session, stanza);
	if (received == NULL && sent == NULL) {
		struct room *room = muc_room_of(session, xmpp_stanza_get_from(stanza));
		/* Invitations to rooms are not chat. */
		if (muc_handle_invite(session, stanza))
			return 1;
		/* Group messages, a room's notices and errors are the room's. */
		if (room != NULL && muc_handle_message(session, room, stanza))
			return 1;
		return chat_handle_message(session, stanza, 0);
	}
	/* XEP-0280 11: a carbon is only genuine from the account's own bare
	 * JID (the server); anyone else could forge messages that way. */
	from = xmpp_stanza_get_from(stanza) ? jid_bare_of(xmpp_stanza_get_from(stanza)) : NULL;
	own = xmpp_stanza_get_from(stanza) == NULL ||
	      (from != NULL && strcmp(from, session->jid) == 0);
	g_free(from);
	inner = chat_forwarded(received ? received : sent);
	if (!own || inner == NULL) {
		log_write(LOG_WARNING, session->account, "carbon from '%s' dropped: %s",
		          xmpp_stanza_get_from(stanza),
		          own ? "nothing forwarded" : "not our server");
		return 1;
	}
	/* A carbon inside a carbon is not one (no nesting). */
	if (xmpp_stanza_get_child_by_name_and_ns(inner, "received", NS_CARBONS) != NULL ||
	    xmpp_stanza_get_child_by_name_and_ns(inner, "sent", NS_CARBONS) != NULL)
		return 1;
	if (sent != NULL)
		chat_sent_carbon(session, inner, chat_stanza_id(session, inner), 0, 0);
	else
		chat_handle_message(session, inner, 1);
	return 1;
}

void
chat_archived(struct session *session, xmpp_stanza_t *inner, const char *archive_id, gint64 delay,
              enum mam_mode mode)
{
	const char *from = chat_sender(session, inner);
	char *bare = jid_bare_of(from);
	int own = bare != NULL && strcmp(bare, session->jid) == 0;

	g_free(bare);
	/* A private message with a room's occupant (XEP-0045 7.5 marks it
	 * so): the room may not be known now; not filed as a contact's. */
	if (xmpp_stanza_get_child_by_name_and_ns(inner, "x", NS_MUC_USER) != NULL)
		return;
	/* XEP-0313 5.1.2: the account's own messages are in its archive too;
	 * they are ours, from whichever client sent them. */
	if (own)
		chat_sent_carbon(session, inner, archive_id, delay, mode);
	else
		chat_receive(session, inner, 1, mode, archive_id, delay);
}

static int
chat_handle_message(struct session *session, xmpp_stanza_t *stanza, int carbon)
{
	return chat_receive(session, stanza, carbon, 0, chat_stanza_id(session, stanza), 0);
}

/* A message to the account (carbon: a copy of one another client of the
 * account received, which that client answers receipts for; or one from
 * the archive: archived is its enum mam_mode). stanza_id: the account's archive's id for
 * it, or NULL; delay: when it was sent, from outside the message, or 0. */
static int
chat_receive(struct session *session, xmpp_stanza_t *stanza, int carbon, int archived,
             const char *stanza_id, gint64 delay_outside)
{
	const char *from = chat_sender(session, stanza);
	enum message_type type = message_type_parse(xmpp_stanza_get_type(stanza));
	enum conversation_kind kind;
	char *peer = chat_peer_of(session, from, &kind);
	char *body = stanza_child_text(stanza, "body");
	/* RFC 6121 5.2.4: a subject (a notice may have only that). */
	char *subject = type == MESSAGE_CHAT ? NULL : stanza_child_text(stanza, "subject");
	struct conversation *conversation;
	xmpp_stanza_t *replace;
	struct message *message;
	gint64 delay;
	int encrypted = 0;

	if (body == NULL && subject != NULL)
		body = g_strdup("");

	if (peer == NULL) {
		log_write(LOG_WARNING, session->account, "message with invalid from '%s' dropped",
		          from);
		goto drop;
	}
	/* Group chat belongs to rooms. */
	if (type == MESSAGE_GROUPCHAT)
		goto drop;
	/* A bounce carries the message back: OTR's is shown as such. */
	if (type == MESSAGE_ERROR && body != NULL) {
		char *shown = NULL;
		if (e2e_foreign(body, E2E_COPY_BOUNCED, &shown)) {
			g_free(body);
			body = shown != NULL ? shown : g_strdup("[an OTR message]");
			encrypted = MESSAGE_ENCRYPTED;
		}
	}
	/* End-to-end encryption of a contact's messages (e2e.h): what the
	 * module says it is; copies for another of the account's clients
	 * are never its to read. */
	if (body != NULL && type != MESSAGE_ERROR && kind == CONVERSATION_CHAT) {
		char *plain = NULL;
		int own = carbon || archived
		                  ? e2e_foreign(body, E2E_COPY_RECEIVED, &plain)
		                  : e2e_incoming(session, from, body, &plain, &encrypted);
		if ((carbon || archived) && own)
			encrypted = MESSAGE_ENCRYPTED;
		if ((carbon || archived) ? own && plain == NULL : own == 1) {
			g_free(plain);
			g_free(body);
			g_free(subject);
			g_free(peer);
			return 1;
		}
		if (plain != NULL) {
			g_free(body);
			body = plain;
		}
	}
	if (type != MESSAGE_ERROR) {
		xmpp_stanza_t *received =
		        xmpp_stanza_get_child_by_name_and_ns(stanza, "received", NS_RECEIPTS);
		enum chat_state state = chat_state_of(stanza);
		/* What the archive keeps of receipts and states is old news. */
		if (archived) {
			received = NULL;
			state = CHAT_STATE_NONE;
		}
		if (received != NULL)
			chat_receipt(session, peer, received);
		/* A state without a body changes a conversation that exists;
		 * it does not start one. */
		if (state != CHAT_STATE_NONE &&
		    (body != NULL || conversation_find(session->account, peer) != NULL))
			conversation_set_peer_state(
			        conversation_open_kind(session->account, peer, kind), state);
		if (body == NULL) {
			g_free(peer);
			return received != NULL || state != CHAT_STATE_NONE;
		}
		if (!carbon)
			chat_answer_receipt(session, from, peer, stanza);
		conversation = conversation_open_kind(session->account, peer, kind);
		/* RFC 6121 5.1: once the contact writes from a full JID,
		 * answers go there (until its presence changes: presence.c
		 * unlocks). A correction is a message from there too. A
		 * headline expects no reply (5.2.2): no lock. */
		if (strchr(from, '/') != NULL && type != MESSAGE_HEADLINE &&
		    kind == CONVERSATION_CHAT && !archived)
			conversation_lock(conversation, from);
		replace = xmpp_stanza_get_child_by_name_and_ns(stanza, "replace", NS_CORRECT);
		if (replace != NULL && chat_correction(conversation, replace, &body, encrypted)) {
			g_free(subject);
			g_free(peer);
			return 1;
		}
		/* A copy of one seen already: the archive's of an offline
		 * one, or a carbon's; the same id from the same sender. (A
		 * live message is always news: a sender may reuse ids.) */
		if ((archived || carbon) && archived != MAM_BACKFILL &&
		    xmpp_stanza_get_id(stanza) != NULL) {
			const struct message *seen = conversation_find_message(
			        conversation, xmpp_stanza_get_id(stanza), MESSAGE_IN);
			if (seen != NULL && g_strcmp0(seen->from, from) == 0) {
				g_free(subject);
				g_free(peer);
				g_free(body);
				return 1;
			}
		}
	}
	message = message_new(MESSAGE_IN, type);
	message->id = g_strdup(xmpp_stanza_get_id(stanza));
	message->from = g_strdup(from);
	message->to = g_strdup(xmpp_stanza_get_to(stanza) ? xmpp_stanza_get_to(stanza)
	                                                  : session_jid(session));
	message->body = body;
	message->subject = subject;
	body = NULL;
	subject = NULL;
	if (type == MESSAGE_ERROR) {
		message->error = stanza_describe_error(stanza);
		if (message->error == NULL)
			message->error = g_strdup("unspecified error");
	}
	message->stanza_id = g_strdup(stanza_id);
	message->history = archived == MAM_OLD;
	message->backfill = archived == MAM_BACKFILL;
	message->caught_up = archived == MAM_NEWS;
	message->backfill_page = message->backfill ? session->mam_page : 0;
	message->encrypted = encrypted;
	delay = delay_outside != 0 ? delay_outside : stanza_delay(stanza);
	if (delay != 0)
		message->timestamp = message->delayed = delay;
	conversation = conversation_open_kind(session->account, peer, kind);
	session->mam_fresh += conversation_add_message(conversation, message);
	g_free(peer);
	return 1;
drop:
	g_free(body);
	g_free(subject);
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

/* An empty child element name in ns, with attribute id when not NULL. */
static void
chat_add_element(xmpp_stanza_t *parent, const char *name, const char *ns, const char *id)
{
	xmpp_stanza_t *child = xmpp_stanza_new(xmpp_stanza_get_context(parent));

	xmpp_stanza_set_name(child, name);
	xmpp_stanza_set_ns(child, ns);
	if (id != NULL)
		xmpp_stanza_set_id(child, id);
	xmpp_stanza_add_child(parent, child);
	xmpp_stanza_release(child);
}

/*
 * What every chat message of ours carries: XEP-0359 origin-id (the stanza
 * id, unique), a XEP-0184 receipt request, XEP-0085 <active/> (section
 * 5.1: with the first message, a peer learns we support states), and for
 * a correction the XEP-0308 <replace/> naming the message it corrects.
 *
 * XEP-0184 5: to a full JID whose client is known (XEP-0115) not to
 * support receipts, the sender "SHOULD NOT request a receipt"; to a bare
 * JID or an unknown client it MAY. Chat states likewise (XEP-0085 5.1).
 */
static void
chat_decorate(struct session *session, xmpp_stanza_t *stanza, const char *to, const char *id,
              const char *replaces)
{
	chat_add_element(stanza, "origin-id", NS_SID, id);
	if (caps_supports(session->account, to, NS_RECEIPTS) != 0)
		chat_add_element(stanza, "request", NS_RECEIPTS, NULL);
	if (caps_supports(session->account, to, NS_CHATSTATES) != 0)
		chat_add_element(stanza, "active", NS_CHATSTATES, NULL);
	if (replaces != NULL)
		chat_add_element(stanza, "replace", NS_CORRECT, replaces);
}

int
chat_check_text(const char *text, char **cause)
{
	gunichar c = g_utf8_validate(text, -1, NULL) ? chat_unsendable(text) : 0;

	if (g_utf8_validate(text, -1, NULL) && c == 0)
		return 0;
	*cause = c ? g_strdup_printf("the text holds the control character U+%04X, which XMPP "
	                             "cannot carry; nothing was sent",
	                             (unsigned)c)
	           : g_strdup("the text is not valid UTF-8; nothing was sent");
	return -1;
}

static int chat_send_body(struct session *session, const char *to, const char *text,
                          const char *replaces, const struct chat_extras *extras, char **id_out,
                          char **cause);

int
chat_send(struct session *session, const char *to, const char *text, char **cause)
{
	return chat_send_body(session, to, text, NULL, NULL, NULL, cause);
}

int
chat_send_extra(struct session *session, const char *to, const char *text,
                const struct chat_extras *extras, char **id, char **cause)
{
	return chat_send_body(session, to, text, NULL, extras, id, cause);
}

int
chat_correct(struct session *session, const char *peer, const char *text, char **cause)
{
	struct conversation *conversation = conversation_find(session->account, peer);
	struct message *last = conversation ? conversation_last_own(conversation) : NULL;

	if (last == NULL || last->id == NULL) {
		*cause = g_strdup_printf("you have sent nothing to %s to correct", peer);
		return -1;
	}
	return chat_send_body(session, peer, text, last->id, NULL, NULL, cause);
}

void
chat_send_state(struct session *session, const char *peer, int state)
{
	struct conversation *conversation = conversation_find(session->account, peer);
	xmpp_ctx_t *ctx = netloop_context();
	xmpp_stanza_t *stanza;
	char *id;

	/* XEP-0085 5.1: standalone notifications only to a peer that has
	 * sent states itself. */
	if (conversation == NULL || conversation->peer_state == CHAT_STATE_NONE ||
	    session->state != SESSION_ONLINE || state == CHAT_STATE_NONE ||
	    caps_supports(session->account, conversation->locked, NS_CHATSTATES) == 0)
		return;
	id = stanza_new_id("state");
	stanza = xmpp_message_new(
	        ctx, "chat", conversation->locked ? conversation->locked : conversation->peer, id);
	chat_add_element(stanza, chat_state_names[state], NS_CHATSTATES, NULL);
	/* XEP-0334: a state is not worth storing offline or archiving. */
	chat_add_element(stanza, "no-store", "urn:xmpp:hints", NULL);
	session_send(session, stanza);
	xmpp_stanza_release(stanza);
	g_free(id);
}

static int
chat_send_body(struct session *session, const char *to, const char *text, const char *replaces,
               const struct chat_extras *extras, char **id_out, char **cause)
{
	xmpp_ctx_t *ctx = netloop_context();
	xmpp_stanza_t *stanza;
	struct conversation *conversation;
	struct message *message;
	struct jid jid;
	enum message_delivery delivery;
	enum conversation_kind kind = CONVERSATION_CHAT;
	struct room *room;
	char *why = NULL, *id, *address, *peer, *wire = NULL;
	int encrypted = 0;

	if (jid_parse(to, &jid, &why) == -1) {
		*cause = g_strdup_printf("'%s' is not a valid JID: %s", to, why);
		g_free(why);
		return -1;
	}
	/* The subject goes in the stanza too: the same rules. */
	if (extras != NULL && extras->subject != NULL &&
	    (!g_utf8_validate(extras->subject, -1, NULL) || chat_unsendable(extras->subject))) {
		*cause = g_strdup("the subject is not valid UTF-8 or holds a control character "
		                  "XMPP cannot carry; nothing was sent");
		jid_clear(&jid);
		return -1;
	}
	if (chat_check_text(text, cause) == -1) {
		jid_clear(&jid);
		return -1;
	}
	address = jid_full(&jid);
	peer = jid_bare(&jid);
	room = room_find(session->account, peer);
	if (room != NULL && jid.resource == NULL) {
		/* To a room: a group message (XEP-0045 7.4). */
		int ret = muc_send_message(session, room, text, replaces, id_out, cause);
		jid_clear(&jid);
		g_free(address);
		g_free(peer);
		return ret;
	}
	if (room != NULL) {
		/* XEP-0045 7.5: a private message with an occupant has a
		 * conversation of its own. */
		g_free(peer);
		peer = g_strdup(address);
		kind = CONVERSATION_PRIVATE;
	}
	/* To the bare JID of a conversation locked to a resource: there. */
	conversation = conversation_find(session->account, peer);
	if (jid.resource == NULL && conversation != NULL && conversation->locked != NULL) {
		g_free(address);
		address = g_strdup(conversation->locked);
	}
	jid_clear(&jid);
	/* XEP-0308 3: a correction only to a client that can apply it. */
	if (replaces != NULL && caps_supports(session->account, address, NS_CORRECT) == 0) {
		*cause = g_strdup_printf("%s's client cannot apply corrections (XEP-0308): send "
		                         "the corrected text as a new message",
		                         address);
		g_free(address);
		g_free(peer);
		return -1;
	}
	/* End-to-end encryption with a contact (e2e.h): the module decides
	 * what goes, or refuses (a session the contact ended, policy); a
	 * notice (headline) too. A subject cannot be encrypted; a correction
	 * goes the way its message went. */
	if (kind == CONVERSATION_CHAT &&
	    e2e_outgoing(session, peer, text, &wire, &encrypted, cause) == -1) {
		g_free(address);
		g_free(peer);
		return -1;
	}
	if (encrypted && extras != NULL && extras->subject != NULL) {
		*cause = g_strdup("the conversation is encrypted (OTR) and a subject cannot be: "
		                  "send the text without one; nothing was sent");
		g_free(wire);
		g_free(address);
		g_free(peer);
		return -1;
	}
	if (replaces != NULL) {
		const struct message *corrected =
		        conversation
		                ? conversation_find_message(conversation, replaces, MESSAGE_OUT)
		                : NULL;
		if (corrected != NULL && !corrected->encrypted != !encrypted) {
			*cause = g_strdup_printf(
			        "the message was sent %s and the conversation is %s now: a "
			        "correction goes the way its message went; send the text as a new "
			        "message",
			        corrected->encrypted ? "encrypted" : "in the clear",
			        encrypted ? "encrypted" : "in the clear");
			g_free(wire);
			g_free(address);
			g_free(peer);
			return -1;
		}
	}
	id = xmpp_uuid_gen(ctx);
	stanza = xmpp_message_new(ctx, extras && extras->headline ? "headline" : "chat", address,
	                          id);
	xmpp_message_set_body(stanza, wire ? wire : text);
	if (encrypted)
		e2e_mark(stanza);
	g_free(wire);
	if (extras != NULL && extras->subject != NULL)
		stanza_add_text_child(stanza, "subject", extras->subject);
	chat_decorate(session, stanza, address, id, replaces);
	/* XEP-0045 7.5: "the sending client SHOULD add an <x/> element
	 * qualified by the 'http://jabber.org/protocol/muc#user'
	 * namespace" (so carbons copy it). */
	if (kind == CONVERSATION_PRIVATE)
		chat_add_element(stanza, "x", NS_MUC_USER, NULL);
	conversation = conversation_open_kind(session->account, peer, kind);
	message = replaces ? conversation_find_message(conversation, replaces, MESSAGE_OUT) : NULL;
	/* A correction's marks are the corrected message's. */
	delivery = outbox_send(session, stanza, peer, message ? replaces : id);
	xmpp_stanza_release(stanza);
	if (message != NULL) {
		/* XEP-0308 4: the correction keeps the original's place. */
		g_free(message->body);
		message->body = g_strdup(text);
		message->edited = 1;
		message->delivery = delivery;
		/* Later corrections name the first message (XEP-0308 5). */
		conversation_message_updated(conversation, message);
		g_free(address);
	} else {
		message = message_new(MESSAGE_OUT,
		                      extras && extras->headline ? MESSAGE_HEADLINE : MESSAGE_CHAT);
		message->id = g_strdup(id);
		message->subject = g_strdup(extras ? extras->subject : NULL);
		/* To an occupant, the user is the occupant of the room. */
		message->from = room != NULL ? g_strconcat(room->jid, "/", room->nick, NULL)
		                             : g_strdup(session_jid(session));
		message->to = address;
		message->body = g_strdup(text);
		message->delivery = delivery;
		message->encrypted = encrypted;
		conversation_add_message(conversation, message);
	}
	if (id_out != NULL)
		*id_out = g_strdup(id);
	xmpp_free(ctx, id);
	g_free(peer);
	return 0;
}

/* XEP-0280 5: ask the server for copies of the account's messages with
 * other clients; a refusal (no carbons there) is told once. */
static void
chat_on_carbons(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const char *type = xmpp_stanza_get_type(iq);

	if (type != NULL && strcmp(type, "error") == 0) {
		char *why = stanza_describe_error(iq);
		event_log(session->account, LOG_INFO,
		          "message carbons are not available: %s; messages with your other "
		          "clients will not show here",
		          why ? why : "refused");
		g_free(why);
	}
}

void
chat_enable_carbons(struct session *session)
{
	xmpp_ctx_t *ctx = netloop_context();
	char *id = stanza_new_id("carbons");
	xmpp_stanza_t *iq = xmpp_iq_new(ctx, "set", id);

	chat_add_element(iq, "enable", NS_CARBONS, NULL);
	session_request(session, iq, chat_on_carbons, NULL, NULL);
	xmpp_stanza_release(iq);
	g_free(id);
}
