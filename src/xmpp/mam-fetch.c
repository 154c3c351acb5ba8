/*
 * mam-fetch.c: reading an archive (XEP-0313) for the user (see mam.h):
 * older messages of a conversation when scrolling back reaches the start
 * of the history, and /mam's messages since a time.
 *
 * Owns the session's fetches under way (session->mam_fetches): each has
 * its query id, which its results carry, and counts what came. The
 * account's archive is asked about a contact by 'with' (XEP-0313 4.1.1);
 * a room's archive is the room's own JID. Messages go through chat.c or
 * muc-message.c like live ones, marked backfill: the history stores them
 * (once), the frontends read them from there.
 */
#include "config.h"

#include <string.h>

#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "model/room.h"
#include "xmpp/mam.h"
#include "xmpp/muc-private.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_MAM "urn:xmpp:mam:2"
#define NS_RSM "http://jabber.org/protocol/rsm"

/* Messages per page; pages of one /mam at most (the rest: /mam again
 * from where it ended). */
#define MAM_FETCH_PAGE  100
#define MAM_FETCH_PAGES 50

/* How long an archive may take to answer a page. */
#define MAM_FETCH_WAIT_S 60

struct mam_fetch {
	struct session *session;
	char *peer;     /* the conversation */
	int room;       /* peer is a room: its archive */
	int older;      /* a page backwards; else forward pages */
	char *query_id; /* what its results carry */
	int pages;      /* asked so far */
	int received, fresh;
	int ended;     /* EV_ARCHIVE_FETCHED was emitted */
	unsigned page; /* backwards: this page's serial (session->mam_pages) */
};

static void
mam_fetch_tell(struct mam_fetch *fetch, int complete, const char *first, const char *error)
{
	struct event event = { .type = EV_ARCHIVE_FETCHED, .account = fetch->session->account };

	if (fetch->ended)
		return;
	fetch->ended = 1;
	event.u.fetched.peer = fetch->peer;
	event.u.fetched.older = fetch->older;
	event.u.fetched.received = fetch->received;
	event.u.fetched.fresh = fetch->fresh;
	event.u.fetched.complete = complete;
	event.u.fetched.first = first;
	event.u.fetched.error = error;
	event_emit(&event);
}

/* The request's data: freed after its answer, or when the connection
 * ended first (which is then said). */
static void
mam_fetch_free(gpointer data)
{
	struct mam_fetch *fetch = data;

	mam_fetch_tell(fetch, 0, NULL, "the connection ended before the archive answered");
	if (fetch->session->mam_fetches != NULL)
		g_ptr_array_remove(fetch->session->mam_fetches, fetch);
	g_free(fetch->peer);
	g_free(fetch->query_id);
	g_free(fetch);
}

static void mam_fetch_ask(struct mam_fetch *fetch, const struct mam_ask *ask);

/* XEP-0313 4.3: the end of a page (<fin/>), or an error. */
static void
mam_fetch_on_fin(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct mam_fetch *fetch = data;
	xmpp_stanza_t *fin = xmpp_stanza_get_child_by_name_and_ns(iq, "fin", NS_MAM);
	xmpp_stanza_t *set = fin ? xmpp_stanza_get_child_by_name_and_ns(fin, "set", NS_RSM) : NULL;
	const char *flag = fin ? xmpp_stanza_get_attribute(fin, "complete") : NULL;
	int complete = g_strcmp0(flag, "true") == 0 || g_strcmp0(flag, "1") == 0;
	char *last = set ? stanza_child_text(set, "last") : NULL;
	char *first = set ? stanza_child_text(set, "first") : NULL;

	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") != 0 || fin == NULL) {
		char *why = fin == NULL && g_strcmp0(xmpp_stanza_get_type(iq), "result") == 0
		                    ? g_strdup("an answer without <fin/>")
		                    : stanza_describe_error(iq);
		mam_fetch_tell(fetch, 0, NULL, why ? why : "refused");
		g_free(why);
	} else if (!fetch->older && !complete && last != NULL && fetch->pages < MAM_FETCH_PAGES) {
		/* XEP-0313 4.3.2: complete='false': the next page, from where
		 * this one ended. A new request takes the fetch over. */
		struct mam_fetch *next = g_new0(struct mam_fetch, 1);
		const struct mam_ask ask = { .to = fetch->room ? fetch->peer : NULL,
			                     .with = fetch->room ? NULL : fetch->peer,
			                     .after = last,
			                     .max = MAM_FETCH_PAGE };
		*next = *fetch;
		next->peer = g_strdup(fetch->peer);
		next->query_id = g_strdup(fetch->query_id);
		fetch->ended = 1; /* the next one tells */
		mam_fetch_ask(next, &ask);
	} else {
		/* Backwards, an empty page is the archive's start as well;
		 * else where the page began is where the next one ends. */
		mam_fetch_tell(fetch, complete || (fetch->older && fetch->received == 0), first,
		               NULL);
	}
	g_free(first);
	g_free(last);
}

static void
mam_fetch_ask(struct mam_fetch *fetch, const struct mam_ask *ask)
{
	xmpp_stanza_t *iq = mam_query_new(ask, fetch->query_id);

	fetch->pages++;
	if (fetch->older)
		fetch->page = ++fetch->session->mam_pages;
	if (fetch->session->mam_fetches == NULL)
		fetch->session->mam_fetches = g_ptr_array_new();
	g_ptr_array_add(fetch->session->mam_fetches, fetch);
	if (iq == NULL) { /* cannot happen: the text is ours, escaped */
		mam_fetch_tell(fetch, 0, NULL, "the query could not be made");
		mam_fetch_free(fetch);
		return;
	}
	session_request_within(fetch->session, iq, MAM_FETCH_WAIT_S, mam_fetch_on_fin, fetch,
	                       mam_fetch_free);
	xmpp_stanza_release(iq);
}

int
mam_fetch_busy(struct session *session, const char *peer)
{
	for (guint i = 0; session->mam_fetches != NULL && i < session->mam_fetches->len; i++) {
		const struct mam_fetch *other = session->mam_fetches->pdata[i];
		if (!other->ended && strcmp(other->peer, peer) == 0)
			return 1;
	}
	return 0;
}

/* A new fetch for peer, or NULL and *cause. */
static struct mam_fetch *
mam_fetch_new(struct session *session, const char *peer, int older, char **cause)
{
	struct room *room = room_find(session->account, peer);
	struct mam_fetch *fetch;

	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account %s is not online", session->account);
		return NULL;
	}
	for (guint i = 0; session->mam_fetches != NULL && i < session->mam_fetches->len; i++) {
		const struct mam_fetch *other = session->mam_fetches->pdata[i];
		if (strcmp(other->peer, peer) == 0 && other->older == older) {
			*cause = g_strdup_printf("the archive of %s is being read already", peer);
			return NULL;
		}
	}
	/* A room's archive answers its occupants (XEP-0313 4.1.2 leaves
	 * others to the room's rules): asked while in it. */
	if (room != NULL && room->state != ROOM_JOINED) {
		*cause = g_strdup_printf("not in %s: /join it to read its archive", peer);
		return NULL;
	}
	if (room != NULL && !room->archived) {
		*cause = g_strdup_printf("%s keeps no archive", peer);
		return NULL;
	}
	fetch = g_new0(struct mam_fetch, 1);
	fetch->session = session;
	fetch->peer = g_strdup(peer);
	fetch->room = room != NULL;
	fetch->older = older;
	fetch->query_id = stanza_new_id("mamf");
	return fetch;
}

int
mam_fetch_older(struct session *session, const char *peer, const char *before, gint64 end,
                char **cause)
{
	struct mam_fetch *fetch = mam_fetch_new(session, peer, 1, cause);
	struct mam_ask ask = { .max = MAM_FETCH_PAGE };

	if (fetch == NULL)
		return -1;
	ask.to = fetch->room ? peer : NULL;
	ask.with = fetch->room ? NULL : peer;
	/* XEP-0059 2.5: the page before an id; else the last page up to a
	 * time (XEP-0313 4.1.1 'end' is inclusive: what the history has at
	 * that time comes again, and is known by its id). */
	ask.before = before;
	ask.end = before == NULL ? end : 0;
	mam_fetch_ask(fetch, &ask);
	return 0;
}

int
mam_fetch_since(struct session *session, const char *peer, gint64 start, char **cause)
{
	struct mam_fetch *fetch = mam_fetch_new(session, peer, 0, cause);
	struct mam_ask ask = { .max = MAM_FETCH_PAGE };

	if (fetch == NULL)
		return -1;
	ask.to = fetch->room ? peer : NULL;
	ask.with = fetch->room ? NULL : peer;
	ask.start = start > 0 ? start : 1;
	mam_fetch_ask(fetch, &ask);
	return 0;
}

int
mam_fetch_result(struct session *session, xmpp_stanza_t *stanza)
{
	xmpp_stanza_t *forwarded, *inner;
	xmpp_stanza_t *result = mam_result_parts(stanza, &forwarded, &inner);
	const char *query_id = xmpp_stanza_get_attribute(result, "queryid");
	const char *from = xmpp_stanza_get_from(stanza);
	struct mam_fetch *fetch = NULL;
	struct room *room;

	for (guint i = 0;
	     query_id != NULL && session->mam_fetches != NULL && i < session->mam_fetches->len;
	     i++) {
		struct mam_fetch *f = session->mam_fetches->pdata[i];
		if (!f->ended && strcmp(f->query_id, query_id) == 0)
			fetch = f;
	}
	if (fetch == NULL)
		return 0;
	/* XEP-0313 4.2: the results come from the archive asked: the room's
	 * bare JID, or the account's own (or the server: no from). */
	if (fetch->room ? g_strcmp0(from, fetch->peer) != 0
	                : from != NULL && g_strcmp0(from, session->jid) != 0) {
		log_write(LOG_WARNING, session->account, "archive result from '%s' dropped: %s",
		          from ? from : "", "not the archive asked");
		return 1;
	}
	if (inner == NULL || xmpp_stanza_get_id(result) == NULL)
		return 1;
	fetch->received++;
	session->mam_fresh = 0;
	session->mam_page = fetch->page;
	room = fetch->room ? room_find(session->account, fetch->peer) : NULL;
	if (room != NULL)
		muc_history_message(session, room, inner, stanza_delay(forwarded),
		                    xmpp_stanza_get_id(result), 1);
	else if (!fetch->room)
		chat_archived(session, inner, xmpp_stanza_get_id(result), stanza_delay(forwarded),
		              MAM_BACKFILL);
	fetch->fresh += session->mam_fresh;
	session->mam_page = 0;
	return 1;
}
