/*
 * xmpp-harness.c: a detached session for unit tests of protocol code
 * (xmpp-harness.h).
 */
#include "config.h"

#include "unit.h"

#include "core/event.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp-harness.h"
#include "xmpp/netloop.h"
#include "xmpp/router.h"
#include "xmpp/session-private.h"

struct session *session;
GPtrArray *sent;
GPtrArray *events;

static void
capture(struct session *from_session, xmpp_stanza_t *stanza)
{
	char *text = NULL;
	size_t length = 0;

	assert_int_equal(xmpp_stanza_to_text(stanza, &text, &length), XMPP_EOK);
	g_ptr_array_add(sent, g_strndup(text, length));
	xmpp_free(netloop_context(), text);
}

static void
on_room(const struct event *event, void *userdata)
{
	g_ptr_array_add(events, g_strdup_printf("room %d %s", event->u.room.change,
	                                        event->u.room.text ? event->u.room.text : "-"));
}

static void
on_occupant(const struct event *event, void *userdata)
{
	g_ptr_array_add(events, g_strdup_printf("occupant %d %s", event->u.occupant.change,
	                                        event->u.occupant.occupant->nick));
}

static void
on_bookmark(const struct event *event, void *userdata)
{
	const struct bookmark *b = event->u.bookmark.bookmark;

	g_ptr_array_add(events, g_strdup_printf("bookmark %s %s", b->jid,
	                                        event->u.bookmark.removed ? "removed"
	                                        : b->autojoin             ? "autojoin"
	                                                                  : "-"));
}

int
harness_setup(void **state)
{
	event_reset();
	conversation_list_clear();
	room_list_clear();
	bookmark_list_clear();
	contact_list_clear();
	sent = g_ptr_array_new_with_free_func(g_free);
	events = g_ptr_array_new_with_free_func(g_free);
	session = session_new_detached(ACCOUNT, OWN_JID, capture);
	session->state = SESSION_ONLINE;
	session->muc_service = g_strdup("muc.example.org");
	event_subscribe(EV_ROOM, on_room, NULL);
	event_subscribe(EV_OCCUPANT, on_occupant, NULL);
	event_subscribe(EV_BOOKMARK, on_bookmark, NULL);
	return 0;
}

int
harness_teardown(void **state)
{
	session->state = SESSION_DISCONNECTED;
	session_free_detached(session);
	g_ptr_array_unref(sent);
	g_ptr_array_unref(events);
	event_reset();
	conversation_list_clear();
	room_list_clear();
	bookmark_list_clear();
	contact_list_clear();
	return 0;
}

int
harness_group_teardown(void **state)
{
	netloop_shutdown();
	return 0;
}

void
route(const char *xml)
{
	xmpp_stanza_t *stanza = xmpp_stanza_new_from_string(netloop_context(), xml);

	if (stanza == NULL) {
		print_error("libstrophe did not parse: %s\n", xml);
		fail();
	}
	router_route(session, stanza);
	xmpp_stanza_release(stanza);
}

/* Whether some sent stanza holds every one of the NULL-terminated parts. */
int
was_sent(const char *first, ...)
{
	for (guint i = 0; i < sent->len; i++) {
		va_list parts;
		int all = 1;
		va_start(parts, first);
		for (const char *part = first; part != NULL; part = va_arg(parts, const char *))
			all = all && strstr(sent->pdata[i], part) != NULL;
		va_end(parts);
		if (all)
			return 1;
	}
	return 0;
}

/* Whether an event line starts with prefix. */
int
told(const char *prefix)
{
	for (guint i = 0; i < events->len; i++) {
		if (g_str_has_prefix(events->pdata[i], prefix))
			return 1;
	}
	return 0;
}

/* The id of the last stanza sent that holds part. */
char *
last_sent_id(const char *part)
{
	for (guint i = sent->len; i-- > 0;) {
		const char *text = sent->pdata[i], *id;
		if (strstr(text, part) == NULL || (id = strstr(text, " id=\"")) == NULL)
			continue;
		id += 5;
		return g_strndup(id, strcspn(id, "\""));
	}
	print_error("nothing sent holds %s\n", part);
	fail();
	return NULL;
}

/* Whether a room event of that change holds part in its text. */
int
told_change(int change, const char *part)
{
	char *prefix = g_strdup_printf("room %d ", change);
	int found = 0;

	for (guint i = 0; i < events->len && !found; i++)
		found = g_str_has_prefix(events->pdata[i], prefix) &&
		        strstr(events->pdata[i], part) != NULL;
	g_free(prefix);
	return found;
}

/* Answers the last request sent that holds part with xml, whose "%s"
 * becomes the request's id. */
void
answer(const char *part, const char *xml)
{
	char *id = last_sent_id(part);
	char **pieces = g_strsplit(xml, "%s", -1);
	char *iq = g_strjoinv(id, pieces);

	route(iq);
	g_free(iq);
	g_strfreev(pieces);
	g_free(id);
}
