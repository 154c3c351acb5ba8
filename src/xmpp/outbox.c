/*
 * outbox.c: the user's messages until the server has them.
 *
 * A message typed while the account is offline waits here (pending) and
 * goes out when the session starts, in order. A message sent on a stream
 * with stream management (XEP-0198) stays here until the server
 * acknowledges it (<a h='N'/>); the conversation then marks it received
 * by the server. If the connection is lost:
 *   - resumed: libstrophe sends again what the server had not
 *     acknowledged; what it had not even written is sent here;
 *   - not resumed: everything still here is sent again on the new
 *     session. XEP-0198 (acks): "A user-oriented client SHOULD try to
 *     silently resend the stanzas upon reconnection"; a message whose
 *     acknowledgement was lost with the connection then arrives twice,
 *     never zero times (the server's <failed h='N'/> narrows that down
 *     when it says how many it had).
 *
 * Each entry numbers its stanza as the server counts them (sm_sent, from
 * <enabled/>), so an acknowledgement names the entries it covers.
 *
 * libstrophe 0.12 drops the stanza it was writing when the link broke:
 * after a resumption, outbox_recover() finds that place in the numbering
 * and sends the message again (a presence or chat state lost that way is
 * the old moment's and is not).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "model/conversation.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"

#define NS_SM "urn:xmpp:sm:3"

struct outgoing {
	char *stanza_id; /* the stanza's id */
	char *id;        /* the message's id (a correction's: the corrected one's) */
	char *peer;      /* bare JID: its conversation */
	char *xml;       /* the stanza, to send again */
	guint32 seq;     /* its number in the stream (XEP-0198 4), once sent */
	int sent;        /* handed to a connection; else pending */
};

static void
outgoing_free(gpointer pointer)
{
	struct outgoing *o = pointer;

	g_free(o->stanza_id);
	g_free(o->id);
	g_free(o->peer);
	g_free(o->xml);
	g_free(o);
}

/* Shows how far the message got (never back from delivered). */
static void
outbox_mark(struct session *session, const struct outgoing *o, enum message_delivery delivery)
{
	struct conversation *conversation = conversation_find(session->account, o->peer);
	struct message *message =
	        conversation ? conversation_find_message(conversation, o->id, MESSAGE_OUT) : NULL;

	if (message == NULL || message->delivery == delivery ||
	    message->delivery == DELIVERY_DELIVERED)
		return;
	message->delivery = delivery;
	conversation_message_updated(conversation, message);
}

/* Sends o's stanza now and keeps o until acknowledged (or frees it when
 * nothing will acknowledge it). */
static void
outbox_transmit(struct session *session, struct outgoing *o, xmpp_stanza_t *stanza)
{
	o->seq = session->sm_sent;
	o->sent = 1;
	session_send(session, stanza);
	if (session->sm_enabled)
		g_queue_push_tail(&session->outbox, o);
	else
		outgoing_free(o);
}

enum message_delivery
outbox_send(struct session *session, xmpp_stanza_t *stanza, const char *peer, const char *id)
{
	struct outgoing *o = g_new0(struct outgoing, 1);
	size_t length;

	o->stanza_id = g_strdup(xmpp_stanza_get_id(stanza));
	o->id = g_strdup(id);
	o->peer = g_strdup(peer);
	if (xmpp_stanza_to_text(stanza, &o->xml, &length) != XMPP_EOK) {
		outgoing_free(o);
		return DELIVERY_PENDING; /* out of memory: nothing sensible */
	}
	/* xmpp_stanza_to_text() allocates with the stanza's context. */
	char *xml = g_strdup(o->xml);
	xmpp_free(netloop_context(), o->xml);
	o->xml = xml;
	if (session->state == SESSION_ONLINE) {
		outbox_transmit(session, o, stanza);
		return DELIVERY_SENT;
	}
	g_queue_push_tail(&session->outbox, o);
	return DELIVERY_PENDING;
}

/* XEP-0198 4: the server has handled h of our stanzas. */
static void
outbox_acked(struct session *session, guint32 h)
{
	struct outgoing *o;

	/* Counters wrap at 2^32 (XEP-0198 4). */
	while ((o = g_queue_peek_head(&session->outbox)) != NULL && o->sent &&
	       (gint32)(h - o->seq) > 0) {
		g_queue_pop_head(&session->outbox);
		outbox_mark(session, o, DELIVERY_ACKED);
		outgoing_free(o);
	}
}

static int
outbox_on_sm(xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata)
{
	struct session *session = userdata;
	const char *name = xmpp_stanza_get_name(stanza);
	const char *h = xmpp_stanza_get_attribute(stanza, "h");

	if (session->conn != conn)
		return 0;
	if (strcmp(name, "enabled") == 0 && session->state == SESSION_CONNECTING) {
		const char *resume = xmpp_stanza_get_attribute(stanza, "resume");
		session->sm_enabled = 1;
		session->sm_sent = 0;
		/* XEP-0198 5: only a stream enabled with resume can be resumed. */
		session->sm_resumable =
		        resume != NULL && (strcmp(resume, "true") == 0 || strcmp(resume, "1") == 0);
		session_started(session, 0);
	} else if (strcmp(name, "failed") == 0 && session->state == SESSION_CONNECTING) {
		/* XEP-0198 3: enabling refused; the session goes on without. */
		session->sm_resumable = 0;
		session_started(session, 0);
	} else if (strcmp(name, "a") == 0 && h != NULL) {
		char *end;
		unsigned long value = strtoul(h, &end, 10);
		if (*end == '\0' && end != h && value <= G_MAXUINT32)
			outbox_acked(session, (guint32)value);
	}
	return 1;
}

void
outbox_attach(struct session *session)
{
	xmpp_handler_add(session->conn, outbox_on_sm, NS_SM, NULL, NULL, session);
}

void
outbox_resume_refused(struct session *session)
{
	if (session->failed_h >= 0)
		outbox_acked(session, (guint32)session->failed_h);
	/* The new session sends every message again; the rest of what was
	 * not written (presence, chat states...) is the old session's. */
	g_clear_pointer(&session->unsent, g_ptr_array_unref);
}

static struct outgoing *
outbox_find_stanza(struct session *session, const char *stanza_id)
{
	for (GList *l = session->outbox.head; stanza_id != NULL && l != NULL; l = l->next) {
		struct outgoing *o = l->data;
		if (g_strcmp0(o->stanza_id, stanza_id) == 0)
			return o;
	}
	return NULL;
}

/*
 * Resumed (XEP-0198 5): the server had <resumed h='N'/> of our stanzas,
 * and libstrophe has queued again the ones it had written since (still in
 * its send queue: xmpp_conn_send_queue_len()), numbered N on. What it
 * never wrote (unsent) goes now, as it was. Between the two, a stanza
 * that was being written when the link broke is in neither (libstrophe
 * 0.12 drops it): when it is a message, it goes again first, so that the
 * order holds. The numbering then follows what is really sent.
 */
static void
outbox_recover(struct session *session)
{
	guint unsent = session->unsent ? session->unsent->len : 0, lost = 0;
	guint32 next, written = 0, first_unsent = session->sm_sent - unsent;

	if (session->resumed_h >= 0) {
		guint32 h = (guint32)session->resumed_h;
		int queued = xmpp_conn_send_queue_len(session->conn);
		written = h + (guint32)MAX(queued, 0);
		outbox_acked(session, h);
		next = written;
		/* Ours from written on, before the unsent ones: lost. */
		for (GList *l = session->outbox.head; l != NULL; l = l->next) {
			struct outgoing *o = l->data;
			if (!o->sent || (gint32)(o->seq - written) < 0 ||
			    (gint32)(o->seq - first_unsent) >= 0)
				continue;
			xmpp_send_raw_string(session->conn, "%s", o->xml);
			o->seq = next++;
			lost++;
		}
	} else {
		next = first_unsent; /* no h: trust the count */
	}
	for (guint i = 0; i < unsent; i++) {
		const char *text = session->unsent->pdata[i];
		char *id = session_stanza_id(text);
		struct outgoing *o = outbox_find_stanza(session, id);
		if (o != NULL)
			o->seq = next;
		next++;
		xmpp_send_raw_string(session->conn, "%s", text);
		g_free(id);
	}
	log_write(lost > 0 || next != session->sm_sent ? LOG_INFO : LOG_DEBUG, session->account,
	          "resumed: the server had %ld, libstrophe sends %u again, %u lost in the "
	          "break sent again, %u never written sent; count %u, was %u",
	          session->resumed_h, written - (guint32)MAX(session->resumed_h, 0), lost, unsent,
	          next, session->sm_sent);
	session->sm_sent = next;
}

void
outbox_restart(struct session *session, int resumed)
{
	GQueue waiting;
	struct outgoing *o;

	if (resumed)
		outbox_recover(session);
	g_clear_pointer(&session->unsent, g_ptr_array_unref);
	waiting = session->outbox;
	g_queue_init(&session->outbox);
	while ((o = g_queue_pop_head(&waiting)) != NULL) {
		xmpp_stanza_t *stanza;
		if (resumed && o->sent) {
			g_queue_push_tail(&session->outbox, o);
			continue;
		}
		stanza = xmpp_stanza_new_from_string(netloop_context(), o->xml);
		if (stanza == NULL) {
			outgoing_free(o);
			continue;
		}
		outbox_mark(session, o, DELIVERY_SENT);
		outbox_transmit(session, o, stanza);
		xmpp_stanza_release(stanza);
	}
	netloop_flush();
}

void
outbox_clear(struct session *session)
{
	g_queue_clear_full(&session->outbox, outgoing_free);
}

unsigned
session_outbox_length(const struct session *session)
{
	return session->outbox.length;
}
