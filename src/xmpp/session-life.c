/*
 * session-life.c: what an account's session goes through besides
 * connecting: forgotten (/account remove, a new JID), renamed (/account
 * rename), or used once by natter send (quiet, its own resource), and the
 * server round trip that confirms what was sent before it.
 */
#include "config.h"

#include "core/event.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/caps.h"
#include "xmpp/roster.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"
#include "xmpp/tls.h"

void
session_forget(const char *account)
{
	struct session *session = session_find(account);
	struct event event = { .type = EV_ACCOUNT_FORGOTTEN, .account = account };

	g_return_if_fail(session == NULL || session->state == SESSION_DISCONNECTED);
	/* The frontends close its windows while the model still has them. */
	event_emit(&event);
	roster_forget(account);
	tls_forget(account);
	/* Its outbox, presence, nick, room service go with it: a later
	 * account of the same name gets a session of its own. */
	if (session != NULL)
		session_drop(session);
	caps_forget_account(account);
	contact_forget_account(account);
	conversation_forget_account(account);
	room_forget_account(account);
	bookmark_forget_account(account);
}

void
session_set_oneshot(struct session *session, const char *resource)
{
	session->oneshot = 1;
	g_free(session->resource);
	session->resource = g_strdup(resource);
}

/* What session_round_trip() calls back. */
struct round_trip {
	void (*done)(void *data);
	void *data;
};

static void
session_on_round_trip(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct round_trip *trip = data;

	trip->done(trip->data);
}

void
session_round_trip(struct session *session, void (*done)(void *data), void *data)
{
	struct round_trip *trip = g_new0(struct round_trip, 1);
	xmpp_stanza_t *iq =
	        stanza_new_query("get", session_domain(session), "ping", "urn:xmpp:ping", NULL);

	trip->done = done;
	trip->data = data;
	session_request(session, iq, session_on_round_trip, trip, g_free);
	xmpp_stanza_release(iq);
}

int
session_auth_failed(const struct session *session)
{
	return !session->authenticated && session->sasl_failure != NULL;
}

void
session_rename(const char *old, const char *new)
{
	struct session *session = session_find(old);

	g_return_if_fail(session == NULL || session->state == SESSION_DISCONNECTED);
	roster_rename(old, new);
	tls_rename(old, new);
	caps_rename_account(old, new);
	if (session != NULL) {
		g_free(session->account);
		session->account = g_strdup(new);
	}
	contact_rename_account(old, new);
	conversation_rename_account(old, new);
	room_rename_account(old, new);
	bookmark_rename_account(old, new);
}
