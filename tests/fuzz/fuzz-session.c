/*
 * fuzz-session.c: libFuzzer target for the protocol handlers behind the
 * router, answers to natter's own requests included.
 *
 * fuzz-router feeds one stanza to a session that asked nothing, so every
 * iq result is dropped as unasked. Here the input's first byte picks what
 * the session asks first (the roster, disco, the archive, a room's entry,
 * its configuration form or member list, bookmarks, the block list, a
 * vCard...), and the rest is a sequence of stanzas (the children of one
 * element) routed in order. An attribute value "@N" (N digits) in them
 * becomes the id of the N-th request the session sent (modulo how many
 * it sent), and the archive query's queryid for "@qN": so results,
 * errors and archive pages reach the code that waits for them, and later
 * stanzas can answer requests that earlier ones caused. What the session
 * sends must serialise. The model is emptied after every input.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "model/bookmark.h"
#include "model/contact.h"
#include "model/conversation.h"
#include "model/room.h"
#include "xmpp/blocking.h"
#include "xmpp/bookmarks.h"
#include "xmpp/disco.h"
#include "xmpp/mam.h"
#include "xmpp/muc.h"
#include "xmpp/netloop.h"
#include "xmpp/roster.h"
#include "xmpp/router.h"
#include "xmpp/session-private.h"
#include "xmpp/vcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ROOM "room@muc.example.org"

static GPtrArray *ids;      /* of char *: the ids of the iqs sent, in order */
static GPtrArray *queryids; /* of char *: the archive queries' queryids */

static void
fuzz_capture(struct session *session, xmpp_stanza_t *stanza)
{
	char *text = NULL;
	size_t length = 0;
	const char *name = xmpp_stanza_get_name(stanza);

	if (xmpp_stanza_to_text(stanza, &text, &length) != XMPP_EOK || text == NULL)
		abort();
	xmpp_free(netloop_context(), text);
	if (name == NULL || strcmp(name, "iq") != 0 || xmpp_stanza_get_id(stanza) == NULL)
		return;
	g_ptr_array_add(ids, g_strdup(xmpp_stanza_get_id(stanza)));
	xmpp_stanza_t *query = xmpp_stanza_get_children(stanza);
	const char *queryid = query ? xmpp_stanza_get_attribute(query, "queryid") : NULL;
	if (queryid != NULL)
		g_ptr_array_add(queryids, g_strdup(queryid));
}

/* The room entered (its join answered), for what only members may ask. */
static void
fuzz_enter(struct session *session)
{
	char *cause = NULL;
	struct room *room;

	muc_join(session, "room", "me", NULL, &cause);
	g_free(cause);
	room = room_find("fuzz", ROOM);
	if (room != NULL)
		room->state = ROOM_JOINED;
}

/* What the session asks before the stanzas come (the input's first
 * byte, modulo their number). */
static void
fuzz_ask(struct session *session, unsigned what)
{
	char *cause = NULL;

	switch (what % 16) {
	case 0:
		break; /* nothing: unasked stanzas only */
	case 1:
		roster_request(session);
		break;
	case 2:
		disco_query(session, DISCO_INFO, "example.org", NULL, &cause);
		break;
	case 3:
		disco_query(session, DISCO_ITEMS, "example.org", NULL, &cause);
		break;
	case 4:
		mam_sync(session);
		break;
	case 5:
		muc_join(session, "room", "me", NULL, &cause);
		break;
	case 6:
		muc_create(session, "new", "me", &cause);
		break;
	case 7:
		bookmarks_start(session, 1);
		break;
	case 8:
		blocking_list(session, &cause);
		break;
	case 9:
		vcard_show(session, "bob@example.org", &cause);
		break;
	case 10:
		vcard_last_activity(session, "bob@example.org/phone", &cause);
		break;
	case 11:
		fuzz_enter(session);
		muc_list_affiliation(session, ROOM, "member", &cause);
		break;
	case 12:
		fuzz_enter(session);
		muc_configure(session, ROOM, &cause);
		break;
	case 13:
		mam_fetch_older(session, "bob@example.org", NULL, 0, &cause);
		break;
	case 14:
		fuzz_enter(session);
		mam_fetch_older(session, ROOM, NULL, 0, &cause);
		break;
	case 15:
		disco_query(session, DISCO_VERSION, "bob@example.org/phone", NULL, &cause);
		break;
	}
	g_free(cause);
}

/* "@N" and "@qN" attribute values, anywhere in stanza, become the ids the
 * session gave. */
static void
fuzz_substitute(xmpp_stanza_t *stanza)
{
	const char *attributes[64];
	int count;

	if (!xmpp_stanza_is_tag(stanza))
		return;
	count = xmpp_stanza_get_attributes(stanza, attributes, G_N_ELEMENTS(attributes));
	for (int i = 0; i + 1 < count; i += 2) {
		const char *value = attributes[i + 1];
		GPtrArray *from = ids;
		if (value[0] != '@')
			continue;
		value++;
		if (value[0] == 'q') {
			from = queryids;
			value++;
		}
		if (!g_ascii_isdigit(value[0]) || from->len == 0)
			continue;
		guint n = (guint)strtoul(value, NULL, 10) % from->len;
		/* Attribute names live in the stanza: set a copy. */
		char *name = g_strdup(attributes[i]);
		xmpp_stanza_set_attribute(stanza, name, from->pdata[n]);
		g_free(name);
		count = xmpp_stanza_get_attributes(stanza, attributes, G_N_ELEMENTS(attributes));
	}
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(stanza); c != NULL;
	     c = xmpp_stanza_get_next(c))
		fuzz_substitute(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session *session;
	xmpp_stanza_t *all;
	char *xml;

	if (size < 1)
		return 0;
	xml = g_strdup_printf("<fuzz>%.*s</fuzz>", (int)(size - 1), (const char *)data + 1);
	all = xmpp_stanza_new_from_string(netloop_context(), xml);
	g_free(xml);
	if (all == NULL)
		return 0;
	ids = g_ptr_array_new_with_free_func(g_free);
	queryids = g_ptr_array_new_with_free_func(g_free);
	session = session_new_detached("fuzz", "me@example.org/natter", fuzz_capture);
	session->state = SESSION_ONLINE;
	session->muc_service = g_strdup("muc.example.org");
	fuzz_ask(session, data[0]);
	for (xmpp_stanza_t *s = xmpp_stanza_get_children(all); s != NULL;
	     s = xmpp_stanza_get_next(s)) {
		if (!xmpp_stanza_is_tag(s))
			continue;
		fuzz_substitute(s);
		router_route(session, s);
	}
	xmpp_stanza_release(all);
	session->state = SESSION_DISCONNECTED;
	session_free_detached(session);
	g_ptr_array_unref(ids);
	g_ptr_array_unref(queryids);
	conversation_list_clear();
	room_list_clear();
	bookmark_list_clear();
	contact_list_clear();
	return 0;
}
