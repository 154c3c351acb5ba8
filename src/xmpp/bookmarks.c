/*
 * bookmarks.c: room bookmarks on the server (see bookmarks.h).
 *
 * At each new login natter asks the account's server (disco#info of the
 * bare JID) whether it keeps XEP-0402 and XEP-0048 bookmarks in step
 * ("urn:xmpp:bookmarks:1#compat", XEP-0402 5.3): then the bookmarks are
 * PEP items (one per room, id = the room's JID), and other clients'
 * changes arrive as notifications; else they are one XEP-0048 <storage/>
 * in private XML storage (XEP-0049), rewritten whole on each change.
 *
 * Autojoin rooms are entered a few at once and then one every
 * BOOKMARKS_SPACING_MS, so that dozens never trip a server's rate limits.
 * natter never stores a password in a bookmark (XEP-0048 4: "Clients
 * SHOULD NOT default to storing passwords"), but keeps and uses those
 * other clients stored.
 */
#include "config.h"

#include <string.h>

#include "core/jid.h"
#include "core/log.h"
#include "model/account.h"
#include "model/bookmark.h"
#include "model/room.h"
#include "xmpp/bookmarks.h"
#include "xmpp/muc-private.h"
#include "xmpp/muc.h"
#include "xmpp/netloop.h"
#include "xmpp/pep.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_COMPAT     NS_BOOKMARKS "#compat"
#define NS_PUBSUB     "http://jabber.org/protocol/pubsub"
#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
#define NS_PRIVATE    "jabber:iq:private"
#define NS_STORAGE    "storage:bookmarks"

/* Autojoin: this many rooms at once, then one per spacing. */
#define BOOKMARKS_BURST      3
#define BOOKMARKS_SPACING_MS 500

enum { BOOKMARKS_UNKNOWN, BOOKMARKS_PEP, BOOKMARKS_PRIVATE };

/* A change waiting for the server's answer. */
struct bookmarks_change {
	char *jid, *nick;
	int autojoin, removed;
};

static void
bookmarks_change_free(gpointer data)
{
	struct bookmarks_change *change = data;

	g_free(change->jid);
	g_free(change->nick);
	g_free(change);
}

int
bookmarks_known(const struct session *session)
{
	return session->bookmarks_mode != BOOKMARKS_UNKNOWN && session->bookmarks_loaded;
}

const char *
bookmarks_storage(const struct session *session)
{
	switch (session->bookmarks_mode) {
	case BOOKMARKS_PEP:
		return "PEP (XEP-0402)";
	case BOOKMARKS_PRIVATE:
		return "private XML storage (XEP-0048)";
	default:
		return "not known yet";
	}
}

/* XEP-0402 2 and XEP-0048 2.1: autojoin is a boolean, "true" or "1". */
static int
bookmarks_bool(const char *value)
{
	return g_strcmp0(value, "true") == 0 || g_strcmp0(value, "1") == 0;
}

/* A room JID from outside: bare, with a local part; else NULL. */
static char *
bookmarks_room_jid(const char *text)
{
	char *cause = NULL, *jid = text != NULL ? muc_room_address(text, NULL, &cause) : NULL;

	g_free(cause);
	return jid;
}

/* ---- autojoin ---- */

static gboolean bookmarks_on_autojoin(gpointer userdata);

/* Enters the next waiting room; returns whether more wait. */
static int
bookmarks_join_next(struct session *session)
{
	char *jid, *cause = NULL;
	const struct bookmark *b;
	const struct room *room;
	const struct account *account;

	if (session->autojoin == NULL || session->autojoin->len == 0)
		return 0;
	jid = g_ptr_array_steal_index(session->autojoin, 0);
	b = bookmark_find(session->account, jid);
	room = room_find(session->account, jid);
	account = account_find(session->account);
	/* A bookmark gives the nick and password; a room of the account's
	 * autojoin setting without one has the defaults. */
	if ((b != NULL || (account != NULL && account_autojoins(account, jid))) &&
	    (room == NULL || room->state == ROOM_LEFT) &&
	    muc_join(session, jid, b ? b->nick : NULL, b ? b->password : NULL, &cause) == -1) {
		event_log(session->account, LOG_ERROR, "cannot enter the %s room %s: %s",
		          b ? "bookmarked" : "autojoin", jid, cause);
		g_free(cause);
	}
	g_free(jid);
	return session->autojoin->len > 0;
}

static gboolean
bookmarks_on_autojoin(gpointer userdata)
{
	struct session *session = userdata;

	if (bookmarks_join_next(session))
		return G_SOURCE_CONTINUE;
	session->autojoin_source = 0;
	return G_SOURCE_REMOVE;
}

/* Enters the rooms waiting: the first few at once, the rest spaced out
 * by the timer (only while some wait). */
static void
bookmarks_run_queue(struct session *session)
{
	if (session->autojoin_source != 0 || session->state != SESSION_ONLINE)
		return;
	while (session->autojoined < BOOKMARKS_BURST && session->autojoin != NULL &&
	       session->autojoin->len > 0) {
		session->autojoined++;
		bookmarks_join_next(session);
	}
	if (session->autojoin != NULL && session->autojoin->len > 0)
		session->autojoin_source =
		        g_timeout_add(BOOKMARKS_SPACING_MS, bookmarks_on_autojoin, session);
}

/* Queues room for entering (a few at once, then spaced out). */
static void
bookmarks_autojoin(struct session *session, const char *jid)
{
	const struct room *room = room_find(session->account, jid);

	if (room != NULL && room->state != ROOM_LEFT)
		return;
	if (session->autojoin == NULL)
		session->autojoin = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < session->autojoin->len; i++) {
		if (strcmp(session->autojoin->pdata[i], jid) == 0)
			return;
	}
	g_ptr_array_add(session->autojoin, g_strdup(jid));
	bookmarks_run_queue(session);
}

void
bookmarks_stop(struct session *session)
{
	/* Rooms still waiting stay queued: the next login (resumed or not)
	 * enters them, and only them (not rooms left meanwhile). */
	g_clear_handle_id(&session->autojoin_source, g_source_remove);
	session->autojoined = 0;
	/* Their answers will not come (the requests are forgotten). */
	if (session->bookmarks_pending != NULL)
		g_ptr_array_set_size(session->bookmarks_pending, 0);
}

/* ---- reading ---- */

/* The XML of element's children, as written (XEP-0402 2: "Clients MUST
 * preserve these" extensions); NULL without any. */
static char *
bookmarks_children_xml(xmpp_stanza_t *element)
{
	GString *xml = g_string_new(NULL);

	for (xmpp_stanza_t *c = element ? xmpp_stanza_get_children(element) : NULL; c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		char *text = NULL;
		size_t length = 0;
		if (xmpp_stanza_is_tag(c) && xmpp_stanza_to_text(c, &text, &length) == XMPP_EOK) {
			g_string_append_len(xml, text, (gssize)length);
			xmpp_free(xmpp_stanza_get_context(c), text);
		}
	}
	if (xml->len == 0)
		return g_string_free(xml, TRUE), NULL;
	return g_string_free(xml, FALSE);
}

/* A <conference/> (of either form) for room jid into the model; returns
 * the bookmark, or NULL when it is not one. */
static const struct bookmark *
bookmarks_read(struct session *session, const char *jid, xmpp_stanza_t *conference, int extensions)
{
	char *room = bookmarks_room_jid(jid), *nick, *password, *more = NULL;
	const struct bookmark *b;

	if (room == NULL || conference == NULL) {
		log_write(LOG_INFO, session->account, "bookmark of '%s' ignored: not a room",
		          jid ? jid : "(none)");
		g_free(room);
		return NULL;
	}
	nick = stanza_child_text(conference, "nick");
	password = stanza_child_text(conference, "password");
	if (extensions)
		more = bookmarks_children_xml(
		        xmpp_stanza_get_child_by_name(conference, "extensions"));
	b = bookmark_set(session->account, room, xmpp_stanza_get_attribute(conference, "name"),
	                 nick && *nick ? nick : NULL, password && *password ? password : NULL,
	                 bookmarks_bool(xmpp_stanza_get_attribute(conference, "autojoin")), more);
	g_free(nick);
	g_free(password);
	g_free(more);
	g_free(room);
	return b;
}

/* The server's whole set arrived (names: the rooms it holds): what the
 * model has beyond it is gone; the autojoin rooms are entered, and those
 * of the account's autojoin setting on the same terms (once per /connect;
 * after the bookmarks, whose nick and password they may have). */
static void
bookmarks_loaded(struct session *session, GHashTable *names)
{
	GPtrArray *list = bookmark_list(session->account);
	const struct account *account = account_find(session->account);

	for (guint i = 0; i < list->len; i++) {
		const struct bookmark *b = list->pdata[i];
		if (!g_hash_table_contains(names, b->jid)) {
			bookmark_remove(session->account, b->jid);
			continue;
		}
		if (b->autojoin && session->bookmarks_first)
			bookmarks_autojoin(session, b->jid);
	}
	g_ptr_array_free(list, TRUE);
	for (char **room = account && session->bookmarks_first ? account->autojoin : NULL;
	     room != NULL && *room != NULL; room++)
		bookmarks_autojoin(session, *room);
	session->bookmarks_first = 0;
	session->bookmarks_loaded = 1;
	bookmarks_run_queue(session);
}

/* XEP-0402 3.2: every item of the node. */
static void
bookmarks_on_items(struct session *session, xmpp_stanza_t *iq, void *data)
{
	xmpp_stanza_t *pubsub = xmpp_stanza_get_child_by_name_and_ns(iq, "pubsub", NS_PUBSUB);
	xmpp_stanza_t *items = pubsub ? xmpp_stanza_get_child_by_name(pubsub, "items") : NULL;
	GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	/* An error (item-not-found: no node yet) is an empty set. */
	for (xmpp_stanza_t *c = items ? xmpp_stanza_get_children(items) : NULL; c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const struct bookmark *b;
		if (!xmpp_stanza_is_tag(c) || strcmp(xmpp_stanza_get_name(c), "item") != 0)
			continue;
		b = bookmarks_read(
		        session, xmpp_stanza_get_id(c),
		        xmpp_stanza_get_child_by_name_and_ns(c, "conference", NS_BOOKMARKS), 1);
		if (b != NULL)
			g_hash_table_add(names, g_strdup(b->jid));
	}
	bookmarks_loaded(session, names);
	g_hash_table_destroy(names);
}

/* XEP-0049 2.3 / XEP-0048 3: the <storage/>; what natter does not know
 * (<url/>s) is kept to be written back. */
static void
bookmarks_read_storage(struct session *session, xmpp_stanza_t *iq)
{
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_PRIVATE);
	xmpp_stanza_t *storage =
	        query ? xmpp_stanza_get_child_by_name_and_ns(query, "storage", NS_STORAGE) : NULL;
	GHashTable *names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GString *others = g_string_new(NULL);

	for (xmpp_stanza_t *c = storage ? xmpp_stanza_get_children(storage) : NULL; c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const struct bookmark *b;
		char *text = NULL;
		size_t length = 0;
		if (!xmpp_stanza_is_tag(c))
			continue;
		if (strcmp(xmpp_stanza_get_name(c), "conference") != 0) {
			if (xmpp_stanza_to_text(c, &text, &length) == XMPP_EOK) {
				g_string_append_len(others, text, (gssize)length);
				xmpp_free(xmpp_stanza_get_context(c), text);
			}
			continue;
		}
		b = bookmarks_read(session, xmpp_stanza_get_attribute(c, "jid"), c, 0);
		if (b != NULL)
			g_hash_table_add(names, g_strdup(b->jid));
	}
	g_free(session->bookmarks_others);
	session->bookmarks_others = g_string_free(others, FALSE);
	bookmarks_loaded(session, names);
	g_hash_table_destroy(names);
}

static void
bookmarks_on_storage(struct session *session, xmpp_stanza_t *iq, void *data)
{
	bookmarks_read_storage(session, iq);
}

static void bookmarks_fetch_then(struct session *session, session_answer_fn answer, void *data,
                                 GDestroyNotify free_data);

static void
bookmarks_fetch(struct session *session)
{
	bookmarks_fetch_then(session,
	                     session->bookmarks_mode == BOOKMARKS_PEP ? bookmarks_on_items
	                                                              : bookmarks_on_storage,
	                     NULL, NULL);
}

/* Asks for the bookmarks; answer gets them. */
static void
bookmarks_fetch_then(struct session *session, session_answer_fn answer, void *data,
                     GDestroyNotify free_data)
{
	xmpp_stanza_t *payload, *child = xmpp_stanza_new(netloop_context()), *iq;

	if (session->bookmarks_mode == BOOKMARKS_PEP) {
		iq = stanza_new_query("get", NULL, "pubsub", NS_PUBSUB, &payload);
		xmpp_stanza_set_name(child, "items");
		xmpp_stanza_set_attribute(child, "node", NS_BOOKMARKS);
	} else {
		iq = stanza_new_query("get", NULL, "query", NS_PRIVATE, &payload);
		xmpp_stanza_set_name(child, "storage");
		xmpp_stanza_set_ns(child, NS_STORAGE);
	}
	xmpp_stanza_add_child(payload, child);
	xmpp_stanza_release(child);
	session_request(session, iq, answer, data, free_data);
	xmpp_stanza_release(iq);
}

/* XEP-0402 6: the account's features say which storage to use. */
static void
bookmarks_on_features(struct session *session, xmpp_stanza_t *iq, void *data)
{
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_DISCO_INFO);

	session->bookmarks_mode = BOOKMARKS_PRIVATE;
	for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children(query) : NULL; c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const char *var =
		        xmpp_stanza_is_tag(c) && strcmp(xmpp_stanza_get_name(c), "feature") == 0
		                ? xmpp_stanza_get_attribute(c, "var")
		                : NULL;
		if (g_strcmp0(var, NS_COMPAT) == 0)
			session->bookmarks_mode = BOOKMARKS_PEP;
		/* The same answer says whether the account's stanza-ids can be
		 * trusted (XEP-0359 §4: only when the server announces the
		 * feature, which says it strips forged ones). */
		else if (g_strcmp0(var, "urn:xmpp:sid:0") == 0)
			session->sid_trusted = 1;
	}
	log_write(LOG_INFO, session->account, "bookmarks: %s", bookmarks_storage(session));
	bookmarks_fetch(session);
}

void
bookmarks_start(struct session *session, int first)
{
	xmpp_stanza_t *iq = stanza_new_query("get", session->jid, "query", NS_DISCO_INFO, NULL);

	bookmarks_stop(session);
	/* A new /connect starts the queue anew; until the bookmarks of a
	 * first login arrived, every login is one. */
	if (first && session->autojoin != NULL)
		g_ptr_array_set_size(session->autojoin, 0);
	session->bookmarks_first = first || session->bookmarks_first;
	session->bookmarks_loaded = 0;
	session_request(session, iq, bookmarks_on_features, NULL, NULL);
	xmpp_stanza_release(iq);
}

void
bookmarks_resumed(struct session *session)
{
	/* The answers awaited were lost with the connection. */
	if (!session->bookmarks_loaded)
		bookmarks_start(session, 0);
	else
		bookmarks_run_queue(session);
}

/* Whether a change of natter's own to room's bookmark awaits its answer. */
static int
bookmarks_is_pending(const struct session *session, const char *jid)
{
	for (guint i = 0; session->bookmarks_pending && i < session->bookmarks_pending->len; i++) {
		const struct bookmarks_change *change = session->bookmarks_pending->pdata[i];
		if (strcmp(change->jid, jid) == 0)
			return 1;
	}
	return 0;
}

/* XEP-0402 4: another client (or this one) changed a bookmark. Only the
 * account's own node counts, and only while the account keeps its
 * bookmarks there; a room whose autojoin was just turned on is entered
 * (not one republished with autojoin still on: the user may have left
 * it on purpose). */
void
bookmarks_pep_item(struct session *session, const char *from, const char *node,
                   xmpp_stanza_t *element)
{
	const char *id = xmpp_stanza_get_id(element);
	char *room;
	const struct bookmark *b;
	int was_autojoin;

	if (strcmp(from, session->jid) != 0 || id == NULL ||
	    session->bookmarks_mode != BOOKMARKS_PEP)
		return;
	room = bookmarks_room_jid(id);
	if (strcmp(xmpp_stanza_get_name(element), "retract") == 0) {
		if (room != NULL)
			bookmark_remove(session->account, room);
		g_free(room);
		return;
	}
	/* natter's own change (/bookmark add) enters nothing by itself. */
	b = room != NULL ? bookmark_find(session->account, room) : NULL;
	was_autojoin = (b != NULL && b->autojoin) || (room && bookmarks_is_pending(session, room));
	g_free(room);
	b = bookmarks_read(
	        session, id,
	        xmpp_stanza_get_child_by_name_and_ns(element, "conference", NS_BOOKMARKS), 1);
	if (b != NULL && b->autojoin && !was_autojoin)
		bookmarks_autojoin(session, b->jid);
}

/* ---- writing ---- */

/* The change is the server's: the model follows. */
static void
bookmarks_apply(struct session *session, const struct bookmarks_change *change)
{
	const struct bookmark *old = bookmark_find(session->account, change->jid);

	if (change->removed)
		bookmark_remove(session->account, change->jid);
	else
		bookmark_set(session->account, change->jid, old ? old->name : NULL, change->nick,
		             old ? old->password : NULL, change->autojoin,
		             old ? old->extensions : NULL);
}

/* One <conference/> as XML: XEP-0402 2 (ns given: the room JID is the
 * item's id) or XEP-0048 2.1 (jid attribute). */
static void
bookmarks_conference_xml(GString *xml, const char *ns, const char *jid, const char *name,
                         const char *nick, const char *password, int autojoin,
                         const char *extensions)
{
	char *part;

	if (ns != NULL)
		part = g_markup_printf_escaped("<conference xmlns='%s' autojoin='%s'", ns,
		                               autojoin ? "true" : "false");
	else
		part = g_markup_printf_escaped("<conference jid='%s' autojoin='%s'", jid,
		                               autojoin ? "true" : "false");
	g_string_append(xml, part);
	g_free(part);
	if (name != NULL) {
		part = g_markup_printf_escaped(" name='%s'", name);
		g_string_append(xml, part);
		g_free(part);
	}
	g_string_append_c(xml, '>');
	if (nick != NULL) {
		part = g_markup_printf_escaped("<nick>%s</nick>", nick);
		g_string_append(xml, part);
		g_free(part);
	}
	if (password != NULL) {
		part = g_markup_printf_escaped("<password>%s</password>", password);
		g_string_append(xml, part);
		g_free(part);
	}
	if (extensions != NULL)
		g_string_append_printf(xml, "<extensions>%s</extensions>", extensions);
	g_string_append(xml, "</conference>");
}

static void
bookmarks_on_stored(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const struct bookmarks_change *change = data;
	char *why;

	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") == 0) {
		bookmarks_apply(session, change);
		return;
	}
	why = stanza_describe_error(iq);
	event_log(session->account, LOG_ERROR, "the server did not store the bookmarks: %s",
	          why ? why : "no reason given");
	g_free(why);
}

/* XEP-0048 with XEP-0049: the whole <storage/>, with change, replaces
 * the server's (read just before, so that what another client stored
 * since the login is kept). */
static int
bookmarks_write_private(struct session *session, struct bookmarks_change *change, char **cause)
{
	GString *xml =
	        g_string_new("<query xmlns='" NS_PRIVATE "'><storage xmlns='" NS_STORAGE "'>");
	GPtrArray *list = bookmark_list(session->account);
	xmpp_stanza_t *query, *iq;
	char *id;
	int written = 0;

	for (guint i = 0; i < list->len; i++) {
		const struct bookmark *b = list->pdata[i];
		if (strcmp(b->jid, change->jid) == 0) {
			written = 1;
			if (change->removed)
				continue;
			bookmarks_conference_xml(xml, NULL, b->jid, b->name, change->nick,
			                         b->password, change->autojoin, NULL);
		} else {
			bookmarks_conference_xml(xml, NULL, b->jid, b->name, b->nick, b->password,
			                         b->autojoin, NULL);
		}
	}
	g_ptr_array_free(list, TRUE);
	if (!written && !change->removed)
		bookmarks_conference_xml(xml, NULL, change->jid, NULL, change->nick, NULL,
		                         change->autojoin, NULL);
	g_string_append(xml, session->bookmarks_others ? session->bookmarks_others : "");
	g_string_append(xml, "</storage></query>");
	query = xmpp_stanza_new_from_string(netloop_context(), xml->str);
	g_string_free(xml, TRUE);
	if (query == NULL) {
		*cause = g_strdup("the bookmarks could not be written as XML");
		bookmarks_change_free(change);
		return -1;
	}
	id = stanza_new_id("bookmarks");
	iq = xmpp_iq_new(netloop_context(), "set", id);
	g_free(id);
	xmpp_stanza_add_child(iq, query);
	xmpp_stanza_release(query);
	session_request(session, iq, bookmarks_on_stored, change, bookmarks_change_free);
	xmpp_stanza_release(iq);
	return 0;
}

/* XEP-0402 3.3 and 3.4: publish or retract the room's item. */
static void
bookmarks_on_published(struct session *session, const char *id, int ok)
{
	const struct bookmark *b = bookmark_find(session->account, id);

	/* The notification usually came first; this covers a server that
	 * does not send the publisher its own. A refused change is dropped
	 * (pep.c said why). */
	if (session->bookmarks_pending == NULL)
		return;
	for (guint i = 0; i < session->bookmarks_pending->len; i++) {
		struct bookmarks_change *change = session->bookmarks_pending->pdata[i];
		if (strcmp(change->jid, id) != 0)
			continue;
		if (ok && (change->removed || b == NULL || b->autojoin != change->autojoin ||
		           g_strcmp0(b->nick, change->nick) != 0))
			bookmarks_apply(session, change);
		g_ptr_array_remove_index(session->bookmarks_pending, i);
		break;
	}
}

/* The storage as it is now came: the change goes on top of it. */
static void
bookmarks_on_storage_to_change(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const struct bookmarks_change *asked = data;
	struct bookmarks_change *change;
	char *cause = NULL, *why;

	/* Writing without what the server holds would erase it. */
	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") != 0) {
		why = stanza_describe_error(iq);
		event_log(session->account, LOG_ERROR,
		          "the bookmarks were not changed: the server's could not be read (%s)",
		          why ? why : "no reason given");
		g_free(why);
		return;
	}
	bookmarks_read_storage(session, iq);
	change = g_new0(struct bookmarks_change, 1);
	change->jid = g_strdup(asked->jid);
	change->nick = g_strdup(asked->nick);
	change->autojoin = asked->autojoin;
	change->removed = asked->removed;
	if (bookmarks_write_private(session, change, &cause) == -1) {
		event_log(session->account, LOG_ERROR, "the bookmarks were not stored: %s", cause);
		g_free(cause);
	}
}

static int
bookmarks_store_private(struct session *session, struct bookmarks_change *change)
{
	bookmarks_fetch_then(session, bookmarks_on_storage_to_change, change,
	                     bookmarks_change_free);
	return 0;
}

static int
bookmarks_store_pep(struct session *session, struct bookmarks_change *change, char **cause)
{
	/* XEP-0402 3.3: "publish-options ... MUST be supported". */
	static const char *const options[][2] = {
		{ "pubsub#persist_items", "true" },
		{ "pubsub#max_items", "max" },
		{ "pubsub#send_last_published_item", "never" },
		{ "pubsub#access_model", "whitelist" },
		{ NULL, NULL },
	};
	const struct bookmark *old = bookmark_find(session->account, change->jid);
	char *what = g_strdup_printf(change->removed ? "the removal of the bookmark of %s"
	                                             : "the bookmark of %s",
	                             change->jid);
	int ret;

	if (session->bookmarks_pending == NULL)
		session->bookmarks_pending = g_ptr_array_new_with_free_func(bookmarks_change_free);
	if (change->removed) {
		ret = pep_retract(session, NS_BOOKMARKS, change->jid, what, bookmarks_on_published,
		                  cause);
	} else {
		GString *xml = g_string_new(NULL);
		xmpp_stanza_t *conference;
		bookmarks_conference_xml(xml, NS_BOOKMARKS, change->jid, old ? old->name : NULL,
		                         change->nick, old ? old->password : NULL, change->autojoin,
		                         old ? old->extensions : NULL);
		conference = xmpp_stanza_new_from_string(netloop_context(), xml->str);
		g_string_free(xml, TRUE);
		if (conference == NULL) {
			*cause = g_strdup("the bookmark could not be written as XML");
			ret = -1;
		} else {
			ret = pep_publish_item(session, NS_BOOKMARKS, change->jid, conference,
			                       options, what, bookmarks_on_published, cause);
			xmpp_stanza_release(conference);
		}
	}
	g_free(what);
	if (ret == 0)
		g_ptr_array_add(session->bookmarks_pending, change);
	else
		bookmarks_change_free(change);
	return ret;
}

static int
bookmarks_change(struct session *session, const char *room, const char *nick, int autojoin,
                 int removed, char **cause)
{
	char *jid = bookmarks_room_jid(room);
	struct bookmarks_change *change;

	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
	} else if (jid == NULL) {
		*cause = g_strdup_printf("'%s' is not a room address (ROOM@SERVICE)", room);
	} else if (session->bookmarks_mode == BOOKMARKS_UNKNOWN || !session->bookmarks_loaded) {
		*cause =
		        g_strdup("the bookmarks are still being loaded from the server; try again");
	} else if (removed && bookmark_find(session->account, jid) == NULL) {
		*cause = g_strdup_printf("there is no bookmark of %s", jid);
	} else {
		change = g_new0(struct bookmarks_change, 1);
		change->jid = jid;
		change->nick = g_strdup(nick);
		change->autojoin = autojoin;
		change->removed = removed;
		return session->bookmarks_mode == BOOKMARKS_PEP
		               ? bookmarks_store_pep(session, change, cause)
		               : bookmarks_store_private(session, change);
	}
	g_free(jid);
	return -1;
}

int
bookmarks_add(struct session *session, const char *room, const char *nick, int autojoin,
              char **cause)
{
	return bookmarks_change(session, room, nick, autojoin, 0, cause);
}

int
bookmarks_remove(struct session *session, const char *room, char **cause)
{
	return bookmarks_change(session, room, NULL, 0, 1, cause);
}
