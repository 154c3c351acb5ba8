/*
 * presence.c: presence (RFC 6121 4): the account's own, and its contacts'.
 *
 * Stateless: natter announces the account's presence (as the session holds
 * it) on login and on every change, unavailable on logout; contacts'
 * presence goes to the model (model/contact.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "xmpp/caps.h"
#include "xmpp/disco.h"
#include "xmpp/handlers.h"
#include "xmpp/muc-private.h"
#include "xmpp/netloop.h"
#include "xmpp/presence.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

static void presence_send_to(struct session *session, const char *to, int show, const char *status,
                             int priority);

void
presence_send_initial(struct session *session)
{
	presence_send_to(session, NULL, session->show, session->status, session->priority);
}

int
presence_send_directed(struct session *session, const char *to, int show, const char *status,
                       char **cause)
{
	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	if (!jid_is_valid(to)) {
		*cause = g_strdup_printf("'%s' is not a valid JID", to);
		return -1;
	}
	/* RFC 6121 4.6: to one entity only; the server tells it when the
	 * account goes offline (4.6.3). */
	presence_send_to(session, to, show, status, session->priority);
	return 0;
}

/* An available presence (or unavailable, show SHOW_OFFLINE) to everyone
 * (to NULL) or to one entity. */
static void
presence_send_to(struct session *session, const char *to, int show, const char *status,
                 int priority)
{
	xmpp_stanza_t *presence = presence_build(to, show, status, priority);

	session_send(session, presence);
	xmpp_stanza_release(presence);
}

xmpp_stanza_t *
presence_build(const char *to, int show, const char *status, int priority)
{
	static const char *const shows[] = {
		[SHOW_DND] = "dnd",
		[SHOW_XA] = "xa",
		[SHOW_AWAY] = "away",
		[SHOW_CHAT] = "chat",
	};
	xmpp_stanza_t *presence = xmpp_presence_new(netloop_context());
	char number[8];

	if (to != NULL)
		xmpp_stanza_set_to(presence, to);
	if (show == SHOW_OFFLINE)
		xmpp_stanza_set_type(presence, "unavailable");
	/* RFC 6121 4.7.2: <show/> absent for plain available; priority 0
	 * is the default and left out. */
	if (show != SHOW_ONLINE && show != SHOW_OFFLINE)
		stanza_add_text_child(presence, "show", shows[show]);
	if (status != NULL)
		stanza_add_text_child(presence, "status", status);
	if (priority != 0 && show != SHOW_OFFLINE) {
		g_snprintf(number, sizeof number, "%d", priority);
		stanza_add_text_child(presence, "priority", number);
	}
	/* XEP-0115: what natter can do, in every available presence. */
	if (show != SHOW_OFFLINE)
		disco_add_caps(presence);
	return presence;
}

void
presence_send_unavailable(struct session *session)
{
	xmpp_stanza_t *presence = xmpp_presence_new(netloop_context());

	xmpp_stanza_set_type(presence, "unavailable");
	session_send(session, presence);
	xmpp_stanza_release(presence);
}

/* RFC 6121 4.7.2.3: an integer from -128 to +127; absent means 0. A
 * value out of range or not a number is taken as 0. */
static int
presence_priority(xmpp_stanza_t *stanza, const char *account)
{
	char *text = stanza_child_text(stanza, "priority");
	int value = 0;

	if (text != NULL && presence_priority_parse(g_strstrip(text), &value) == -1) {
		log_write(LOG_INFO, account, "presence: priority '%s' is not -128..127; 0", text);
		value = 0;
	}
	g_free(text);
	return value;
}

void
presence_send_subscription(struct session *session, const char *jid, const char *type,
                           const char *text)
{
	xmpp_stanza_t *presence = xmpp_presence_new(netloop_context());

	xmpp_stanza_set_type(presence, type);
	xmpp_stanza_set_to(presence, jid);
	if (text != NULL && *text != '\0')
		stanza_add_text_child(presence, "status", text);
	session_send(session, presence);
	xmpp_stanza_release(presence);
}

/* RFC 6121 3: subscription requests and answers, from a contact's bare
 * JID. Returns 1 when type is one of them. */
static int
presence_subscription(struct session *session, const char *type, const char *bare,
                      const char *status)
{
	if (strcmp(type, "subscribe") == 0) {
		/* 3.1.3: the user decides; the request stays until then. */
		contact_set_request(session->account, bare, 1, status);
	} else if (strcmp(type, "subscribed") == 0) {
		event_log(session->account, LOG_INFO, "%s lets you see their presence now", bare);
	} else if (strcmp(type, "unsubscribed") == 0) {
		/* 3.2.3 / 3.3.3: denied, or cancelled by the contact. */
		event_log(session->account, LOG_INFO, "%s does not let you see their presence",
		          bare);
	} else if (strcmp(type, "unsubscribe") == 0) {
		/* 3.3.3 (contact side): they stopped seeing ours; a request
		 * of theirs still waiting has no object any more. */
		const struct contact *c = contact_find(session->account, bare);
		if (c != NULL && c->request_pending)
			contact_set_request(session->account, bare, 0, NULL);
		event_log(session->account, LOG_INFO, "%s no longer sees your presence", bare);
	} else {
		return 0;
	}
	return 1;
}

int
presence_handle(struct session *session, xmpp_stanza_t *stanza)
{
	const char *type = xmpp_stanza_get_type(stanza);
	const char *from = xmpp_stanza_get_from(stanza);
	struct jid jid;
	char *cause = NULL, *bare, *status;

	/* RFC 6121 4.7.2.2 allows a <status/> per xml:lang: the first is
	 * taken. */
	if (type != NULL && strcmp(type, "unavailable") != 0 && strcmp(type, "error") != 0 &&
	    strcmp(type, "subscribe") != 0 && strcmp(type, "subscribed") != 0 &&
	    strcmp(type, "unsubscribe") != 0 && strcmp(type, "unsubscribed") != 0)
		return 0;
	if (from == NULL || jid_parse(from, &jid, &cause) == -1) {
		log_write(LOG_INFO, session->account, "presence from '%s' dropped: %s",
		          from ? from : "(none)", cause ? cause : "no from");
		g_free(cause);
		return 1;
	}
	bare = jid_bare(&jid);
	status = stanza_child_text(stanza, "status");
	if (type != NULL && presence_subscription(session, type, bare, status)) {
		/* done */
	} else if (type != NULL && strcmp(type, "error") == 0) {
		/* RFC 6121 4.7.1: an error to our presence; the contact is not
		 * reachable that way. */
		contact_set_unavailable(session->account, bare, jid.resource, NULL);
	} else if (type != NULL) {
		/* RFC 6121 4.5.3: unavailable; from the bare JID, every resource. */
		contact_set_unavailable(session->account, bare, jid.resource, status);
		caps_forget(session->account, from);
	} else {
		char *show_text = stanza_child_text(stanza, "show");
		int show = presence_show_parse(show_text ? g_strstrip(show_text) : NULL);
		if (show < 0) {
			/* RFC 6121 4.7.2.1 names four values; anything else is
			 * treated as plain available. */
			log_write(LOG_INFO, session->account, "presence: unknown show '%s'",
			          show_text);
			show = SHOW_ONLINE;
		}
		contact_set_available(session->account, bare, jid.resource ? jid.resource : "",
		                      (enum presence_show)show, status,
		                      presence_priority(stanza, session->account));
		if (jid.resource != NULL)
			caps_note_presence(session, from, stanza);
		g_free(show_text);
	}
	/* RFC 6121 5.1: a presence change of the resource a conversation is
	 * locked to ends the lock. */
	if (type == NULL || strcmp(type, "unavailable") == 0 || strcmp(type, "error") == 0)
		conversation_unlock_resource(session->account, bare, jid.resource);
	g_free(status);
	g_free(bare);
	jid_clear(&jid);
	return 1;
}

void
session_set_presence(struct session *session, int show, const char *status, int priority)
{
	struct event event = { .type = EV_OWN_PRESENCE, .account = session->account };

	session->show = show;
	g_free(session->status);
	session->status = status && *status ? g_strdup(status) : NULL;
	session->priority = CLAMP(priority, -128, 127);
	/* RFC 6121 4.4.2: an updated presence is a broadcast like the first. */
	if (session->state == SESSION_ONLINE) {
		presence_send_initial(session);
		muc_send_presence_all(session);
	} else {
		session->presence_changed = 1;
	}
	event_emit(&event);
}

void
session_get_presence(const struct session *session, int *show, const char **status, int *priority)
{
	*show = session->show;
	*status = session->status;
	*priority = session->priority;
}
