/*
 * mam.c: reading the account's message archive (XEP-0313) after a login
 * (see mam.h).
 *
 * Owns the session's query state: the current query's id (results that do
 * not carry it are not ours) and the page count. Each page is asked with
 * RSM (XEP-0059) after the last archive id seen; the archive's <fin/> says
 * whether more follow. Messages go through chat.c like live ones, with
 * their archive id and time; what was seen already (an offline copy, a
 * carbon) is recognised there by its id and not added twice.
 */
#include "config.h"

#include <string.h>

#include "core/jid.h"
#include "core/log.h"
#include "xmpp/mam.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_MAM     "urn:xmpp:mam:2"
#define NS_RSM     "http://jabber.org/protocol/rsm"
#define NS_FORWARD "urn:xmpp:forward:0"

/* Messages per page, and pages per login: beyond, the rest waits for the
 * next login (said in the console). */
#define MAM_PAGE  100
#define MAM_PAGES 100

static char *(*position_source)(const char *account, gint64 *since);
static void (*position_record)(const char *account, const char *last, gint64 since);

/* A reading by time starts this much before the last one began: clocks
 * differ; what is read twice is recognised by its archive id. */
#define MAM_SINCE_MARGIN_S 300

void
mam_set_position_source(char *(*position)(const char *account, gint64 *since),
                        void (*record)(const char *account, const char *last, gint64 since))
{
	position_source = position;
	position_record = record;
}

static void mam_query(struct session *session, const char *after, gint64 start, int page);

/* The answer to a page: more after its last id, or done. */
static void
mam_on_fin(struct session *session, xmpp_stanza_t *iq, void *data)
{
	int page = GPOINTER_TO_INT(data);
	xmpp_stanza_t *fin = xmpp_stanza_get_child_by_name_and_ns(iq, "fin", NS_MAM);
	xmpp_stanza_t *set = fin ? xmpp_stanza_get_child_by_name_and_ns(fin, "set", NS_RSM) : NULL;
	char *last = set ? stanza_child_text(set, "last") : NULL;
	int complete = fin && (g_strcmp0(xmpp_stanza_get_attribute(fin, "complete"), "true") == 0 ||
	                       g_strcmp0(xmpp_stanza_get_attribute(fin, "complete"), "1") == 0);

	if (g_strcmp0(xmpp_stanza_get_type(iq), "error") == 0 && session->mam_forward &&
	    page == 1 && xmpp_stanza_get_child_by_name(iq, "error") != NULL &&
	    xmpp_stanza_get_child_by_name(xmpp_stanza_get_child_by_name(iq, "error"),
	                                  "item-not-found") != NULL) {
		/* XEP-0313 6.1.2: the position has left the archive (expired):
		 * its latest page, as the first time. */
		event_log(session->account, LOG_INFO,
		          "the archive no longer holds where natter last read it; reading its "
		          "latest messages");
		mam_query(session, NULL, 0, 1);
	} else if (g_strcmp0(xmpp_stanza_get_type(iq), "error") == 0) {
		char *why = stanza_describe_error(iq);
		event_log(session->account, LOG_INFO,
		          "the server's archive cannot be read (%s): messages that came while "
		          "natter was away show only if the server kept them offline",
		          why ? why : "refused");
		g_free(why);
		g_clear_pointer(&session->mam_query, g_free);
	} else if (session->mam_forward && !complete && last != NULL && page < MAM_PAGES) {
		/* Its messages are stored (this turn's transaction): the next
		 * reading starts after them. */
		if (position_record != NULL)
			position_record(session->account, last, session->mam_started);
		mam_query(session, last, 0, page + 1);
	} else {
		if (position_record != NULL)
			position_record(session->account, last, session->mam_started);
		if (!complete && session->mam_forward && last != NULL)
			event_log(session->account, LOG_WARNING,
			          "the archive holds more than %d messages since natter last read "
			          "it; "
			          "the rest comes at the next login",
			          MAM_PAGE * MAM_PAGES);
		g_clear_pointer(&session->mam_query, g_free);
	}
	g_free(last);
}

/* A form field of the query: a time (XEP-0082) or text. */
static void
mam_field(GString *xml, const char *var, gint64 time, const char *text)
{
	char *escaped;

	if (text == NULL) {
		GDateTime *t = g_date_time_new_from_unix_utc(time / G_USEC_PER_SEC);
		char *stamp = t ? g_date_time_format(t, "%Y-%m-%dT%H:%M:%SZ") : NULL;
		escaped = g_strdup(stamp ? stamp : "1970-01-01T00:00:00Z");
		g_free(stamp);
		if (t != NULL)
			g_date_time_unref(t);
	} else {
		escaped = g_markup_escape_text(text, -1);
	}
	g_string_append_printf(xml, "<field var='%s'><value>%s</value></field>", var, escaped);
	g_free(escaped);
}

xmpp_stanza_t *
mam_query_new(const struct mam_ask *ask, const char *query_id)
{
	GString *xml = g_string_new(NULL);
	char *id = stanza_new_id("mamq"), *escaped;
	xmpp_stanza_t *query, *iq;

	g_string_append_printf(xml,
	                       "<query xmlns='" NS_MAM "' queryid='%s'><x xmlns='jabber:x:data' "
	                       "type='submit'><field var='FORM_TYPE' type='hidden'><value>" NS_MAM
	                       "</value></field>",
	                       query_id);
	if (ask->with != NULL)
		mam_field(xml, "with", 0, ask->with);
	if (ask->start > 0)
		mam_field(xml, "start", ask->start, NULL);
	if (ask->end > 0)
		mam_field(xml, "end", ask->end, NULL);
	g_string_append_printf(xml, "</x><set xmlns='" NS_RSM "'><max>%d</max>", ask->max);
	/* XEP-0059 2.3, 2.5: a page after an id, before one, or the last. */
	escaped = g_markup_escape_text(ask->after    ? ask->after
	                               : ask->before ? ask->before
	                                             : "",
	                               -1);
	if (ask->after != NULL)
		g_string_append_printf(xml, "<after>%s</after>", escaped);
	else if (ask->before != NULL)
		g_string_append_printf(xml, "<before>%s</before>", escaped);
	else if (ask->start <= 0)
		g_string_append(xml, "<before/>");
	g_string_append(xml, "</set></query>");
	g_free(escaped);
	query = xmpp_stanza_new_from_string(netloop_context(), xml->str);
	g_string_free(xml, TRUE);
	if (query == NULL) { /* cannot happen: the text is ours, escaped */
		g_free(id);
		return NULL;
	}
	iq = xmpp_iq_new(netloop_context(), "set", id);
	if (ask->to != NULL)
		xmpp_stanza_set_to(iq, ask->to);
	xmpp_stanza_add_child(iq, query);
	xmpp_stanza_release(query);
	g_free(id);
	return iq;
}

/* XEP-0313 4.1 with RSM: a page after the archive id after, or from the
 * time start (XEP-0313 4.1.1 'start'), or without either the latest page. */
static void
mam_query(struct session *session, const char *after, gint64 start, int page)
{
	char *query_id = stanza_new_id("mam");
	const struct mam_ask ask = { .after = after,
		                     .start = after == NULL ? start : 0,
		                     .max = MAM_PAGE };
	xmpp_stanza_t *iq = mam_query_new(&ask, query_id);

	if (iq == NULL) {
		g_free(query_id);
		return;
	}
	g_free(session->mam_query);
	session->mam_query = query_id;
	session->mam_forward = after != NULL || start > 0;
	session_request(session, iq, mam_on_fin, GINT_TO_POINTER(page), NULL);
	xmpp_stanza_release(iq);
}

void
mam_sync(struct session *session)
{
	gint64 since = 0;
	char *after = position_source ? position_source(session->account, &since) : NULL;

	session->mam_started = g_get_real_time();
	mam_query(session, after,
	          since > 0 ? since - (gint64)MAM_SINCE_MARGIN_S * G_USEC_PER_SEC : 0, 1);
	g_free(after);
}

xmpp_stanza_t *
mam_result_parts(xmpp_stanza_t *stanza, xmpp_stanza_t **forwarded, xmpp_stanza_t **inner)
{
	xmpp_stanza_t *result = xmpp_stanza_get_child_by_name_and_ns(stanza, "result", NS_MAM);

	*forwarded = result ? xmpp_stanza_get_child_by_name_and_ns(result, "forwarded", NS_FORWARD)
	                    : NULL;
	*inner = *forwarded ? xmpp_stanza_get_child_by_name(*forwarded, "message") : NULL;
	return result;
}

int
mam_handle_result(struct session *session, xmpp_stanza_t *stanza)
{
	xmpp_stanza_t *forwarded, *inner;
	xmpp_stanza_t *result = mam_result_parts(stanza, &forwarded, &inner);
	const char *from = xmpp_stanza_get_from(stanza);
	char *bare = from ? jid_bare_of(from) : NULL;
	/* XEP-0313 4.2: results come from the archive, the account's own bare
	 * JID (or without from: the server), for the query we asked. */
	int ours = (from == NULL || (bare != NULL && strcmp(bare, session->jid) == 0 &&
	                             strchr(from, '/') == NULL)) &&
	           session->mam_query != NULL &&
	           g_strcmp0(xmpp_stanza_get_attribute(result, "queryid"), session->mam_query) == 0;

	g_free(bare);
	if (!ours || inner == NULL || xmpp_stanza_get_id(result) == NULL) {
		log_write(LOG_WARNING, session->account, "archive result from '%s' dropped: %s",
		          from ? from : "", !ours ? "not our archive's answer" : "nothing in it");
		return 1;
	}
	chat_archived(session, inner, xmpp_stanza_get_id(result), stanza_delay(forwarded),
	              session->mam_forward ? MAM_NEWS : MAM_OLD);
	return 1;
}
