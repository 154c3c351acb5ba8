/*
 * roster.c: the roster (RFC 6121 2): fetched at login, kept current by
 * pushes, changed by the user's commands, cached per account.
 *
 * Stateless but for each session's roster version (session-private.h);
 * the items live in the model (model/contact.h). The cache is
 * <data dir>/roster/<account>.json (0600 in a 0700 directory): the version
 * and the items, so a server with roster versioning (RFC 6121 2.6) can
 * answer "nothing changed" and the panel lists contacts before login.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>

#include "config/paths.h"
#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "model/contact.h"
#include "xmpp/handlers.h"
#include "xmpp/netloop.h"
#include "xmpp/roster.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_ROSTER "jabber:iq:roster"

/* ---- the cache ---- */

static char *
roster_cache_path(const char *account)
{
	return paths_account_file("roster", account, ".json");
}

void
roster_forget(const char *account)
{
	char *path = roster_cache_path(account);
	const GPtrArray *contacts = contact_list();
	GPtrArray *gone = g_ptr_array_new_with_free_func(g_free);

	if (g_unlink(path) == -1 && errno != ENOENT)
		log_write(LOG_WARNING, account, "cannot remove %s: %s", path, g_strerror(errno));
	g_free(path);
	contact_account_offline(account);
	for (guint i = 0; i < contacts->len; i++) {
		const struct contact *c = contacts->pdata[i];
		if (c->in_roster && strcmp(c->account, account) == 0)
			g_ptr_array_add(gone, g_strdup(c->jid));
	}
	for (guint i = 0; i < gone->len; i++)
		contact_roster_remove(account, gone->pdata[i]);
	g_ptr_array_unref(gone);
}

void
roster_rename(const char *old, const char *new)
{
	char *cause = NULL;

	if (paths_account_file_rename("roster", old, new, ".json", &cause) == -1) {
		log_write(LOG_WARNING, new, "%s (the roster is fetched anew)", cause);
		g_free(cause);
	}
}

static void
roster_cache_write(struct session *session)
{
	const GPtrArray *contacts = contact_list();
	json_t *items = json_array(), *root;
	char *path = roster_cache_path(session->account);
	char *text, *cause = NULL;

	for (guint i = 0; i < contacts->len; i++) {
		const struct contact *c = contacts->pdata[i];
		json_t *groups;
		if (!c->in_roster || strcmp(c->account, session->account) != 0)
			continue;
		groups = json_array();
		for (guint k = 0; k < c->groups->len; k++)
			json_array_append_new(groups, json_string(c->groups->pdata[k]));
		json_array_append_new(items, json_pack("{s:s, s:s?, s:s, s:b, s:o}", "jid", c->jid,
		                                       "name", c->name, "subscription",
		                                       roster_subscription_name(c->subscription),
		                                       "ask", c->ask, "groups", groups));
	}
	root = json_pack("{s:s?, s:o}", "version", session->roster_version, "items", items);
	text = json_dumps(root, JSON_COMPACT);
	if (paths_write_private(path, text, &cause) == -1)
		log_write(LOG_WARNING, session->account, "roster cache %s: %s", path, cause);
	free(text);
	json_decref(root);
	g_free(cause);
	g_free(path);
}

static void
roster_cache_save(struct session *session)
{
	/* A session without a connection is a test's: it has no files. */
	if (session->conn != NULL)
		roster_cache_write(session);
}

/* One item from the cache or the wire, checked. Returns 0, or -1 and
 * *cause. */
static int
roster_item_check(const char *jid_text, const char *subscription, struct roster_item *item,
                  char **bare, char **cause)
{
	struct jid jid;
	int sub = roster_subscription_parse(subscription ? subscription : "none");

	if (jid_text == NULL || jid_parse(jid_text, &jid, cause) == -1) {
		if (*cause == NULL)
			*cause = g_strdup("an item without a jid");
		return -1;
	}
	if (sub < 0) {
		*cause = g_strdup_printf("unknown subscription '%s'", subscription);
		jid_clear(&jid);
		return -1;
	}
	*bare = jid_bare(&jid);
	jid_clear(&jid);
	item->jid = *bare;
	item->subscription = (enum roster_subscription)sub;
	return 0;
}

void
roster_cache_load(struct session *session)
{
	char *path = roster_cache_path(session->account);
	json_error_t error;
	json_t *root =
	        g_file_test(path, G_FILE_TEST_EXISTS) ? json_load_file(path, 0, &error) : NULL;
	json_t *items, *entry;
	size_t index;

	if (root == NULL) {
		if (g_file_test(path, G_FILE_TEST_EXISTS))
			log_write(LOG_WARNING, session->account,
			          "roster cache %s unreadable (%s); fetching it whole", path,
			          error.text);
		g_free(path);
		return;
	}
	items = json_object_get(root, "items");
	/* A cache that does not parse is ignored whole: no version kept. */
	if (json_is_string(json_object_get(root, "version")) && json_is_array(items))
		session->roster_version =
		        g_strdup(json_string_value(json_object_get(root, "version")));
	json_array_foreach(items, index, entry)
	{
		struct roster_item item = { 0 };
		const char *groups[33] = { 0 };
		char *bare = NULL, *cause = NULL;
		json_t *group_list = json_object_get(entry, "groups"), *group;
		size_t g, n = 0;
		if (roster_item_check(json_string_value(json_object_get(entry, "jid")),
		                      json_string_value(json_object_get(entry, "subscription")),
		                      &item, &bare, &cause) == -1) {
			g_free(cause);
			g_clear_pointer(&session->roster_version, g_free);
			continue;
		}
		item.name = json_string_value(json_object_get(entry, "name"));
		item.ask = json_is_true(json_object_get(entry, "ask"));
		json_array_foreach(group_list, g, group)
		{
			if (json_is_string(group) && n < G_N_ELEMENTS(groups) - 1)
				groups[n++] = json_string_value(group);
		}
		item.groups = groups;
		contact_roster_set(session->account, &item);
		g_free(bare);
	}
	json_decref(root);
	g_free(path);
}

/* ---- items on the wire ---- */

/* The text of stanza (caller frees), or NULL. */
static char *
roster_text(xmpp_stanza_t *stanza)
{
	char *text = xmpp_stanza_get_text(stanza);
	char *copy = text ? g_strdup(text) : NULL;

	if (text != NULL)
		xmpp_free(netloop_context(), text);
	return copy;
}

/*
 * Applies one <item/> (RFC 6121 2.1.2): subscription "remove" deletes it.
 * Returns 0 and *applied (its bare JID, caller frees; may be NULL), or -1
 * and *cause for an item that breaks the rules.
 */
static int
roster_apply_item(struct session *session, xmpp_stanza_t *element, char **applied, char **cause)
{
	const char *subscription = xmpp_stanza_get_attribute(element, "subscription");
	const char *ask = xmpp_stanza_get_attribute(element, "ask");
	struct roster_item item = { 0 };
	GPtrArray *groups = g_ptr_array_new_with_free_func(g_free);
	char *bare = NULL;
	int removal = subscription != NULL && strcmp(subscription, "remove") == 0;

	if (roster_item_check(xmpp_stanza_get_attribute(element, "jid"),
	                      removal ? "none" : subscription, &item, &bare, cause) == -1) {
		g_ptr_array_free(groups, TRUE);
		return -1;
	}
	if (removal) {
		contact_roster_remove(session->account, bare);
		g_ptr_array_free(groups, TRUE);
		goto done;
	}
	for (xmpp_stanza_t *child = xmpp_stanza_get_children(element); child != NULL;
	     child = xmpp_stanza_get_next(child)) {
		const char *name = xmpp_stanza_get_name(child);
		char *text;
		if (!xmpp_stanza_is_tag(child) || strcmp(name, "group") != 0)
			continue;
		text = roster_text(child);
		/* RFC 6121 2.1.2.4: an empty group name is not a group. */
		if (text != NULL && *text != '\0')
			g_ptr_array_add(groups, text);
		else
			g_free(text);
	}
	g_ptr_array_add(groups, NULL);
	item.name = xmpp_stanza_get_attribute(element, "name");
	/* RFC 6121 2.1.2.2: ask="subscribe" is the only value. */
	item.ask = ask != NULL && strcmp(ask, "subscribe") == 0;
	item.groups = (const char *const *)groups->pdata;
	contact_roster_set(session->account, &item);
	g_ptr_array_free(groups, TRUE);
done:
	if (applied != NULL)
		*applied = bare;
	else
		g_free(bare);
	return 0;
}

static xmpp_stanza_t *
roster_query_of(xmpp_stanza_t *iq)
{
	return xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_ROSTER);
}

/* The whole roster arrived: what the server no longer lists is gone. */
static void
roster_on_result(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const char *type = xmpp_stanza_get_type(iq);
	xmpp_stanza_t *query = roster_query_of(iq);
	GHashTable *before = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	const GPtrArray *contacts = contact_list();
	GHashTableIter iter;
	gpointer gone;

	if (type == NULL || strcmp(type, "result") != 0) {
		char *why = stanza_describe_error(iq);
		event_log(session->account, LOG_WARNING, "the roster could not be fetched: %s",
		          why ? why : "no reason given");
		g_free(why);
		g_hash_table_unref(before);
		return;
	}
	/* RFC 6121 2.6.3: an empty result means the cached roster is
	 * current. */
	if (query == NULL) {
		log_write(LOG_DEBUG, session->account, "roster: version %s is current",
		          session->roster_version ? session->roster_version : "(none)");
		g_hash_table_unref(before);
		return;
	}
	for (guint i = 0; i < contacts->len; i++) {
		const struct contact *c = contacts->pdata[i];
		if (c->in_roster && strcmp(c->account, session->account) == 0)
			g_hash_table_add(before, g_strdup(c->jid));
	}
	for (xmpp_stanza_t *item = xmpp_stanza_get_children(query); item != NULL;
	     item = xmpp_stanza_get_next(item)) {
		char *cause = NULL, *bare = NULL;
		if (!xmpp_stanza_is_tag(item) || strcmp(xmpp_stanza_get_name(item), "item") != 0)
			continue;
		if (roster_apply_item(session, item, &bare, &cause) == -1) {
			log_write(LOG_INFO, session->account, "roster: item skipped: %s", cause);
			g_free(cause);
			continue;
		}
		g_hash_table_remove(before, bare);
		g_free(bare);
	}
	g_hash_table_iter_init(&iter, before);
	while (g_hash_table_iter_next(&iter, &gone, NULL))
		contact_roster_remove(session->account, gone);
	g_hash_table_unref(before);
	g_free(session->roster_version);
	session->roster_version = g_strdup(xmpp_stanza_get_attribute(query, "ver"));
	roster_cache_save(session);
}

void
roster_request(struct session *session)
{
	xmpp_ctx_t *ctx = netloop_context();
	char *id = stanza_new_id("roster");
	xmpp_stanza_t *iq = xmpp_iq_new(ctx, "get", id);
	xmpp_stanza_t *query = xmpp_stanza_new(ctx);

	xmpp_stanza_set_name(query, "query");
	xmpp_stanza_set_ns(query, NS_ROSTER);
	/* RFC 6121 2.6.2: "ver" only to a server that advertised roster
	 * versioning; the empty string when nothing is cached. */
	if (session->roster_versioning)
		xmpp_stanza_set_attribute(query, "ver",
		                          session->roster_version ? session->roster_version : "");
	xmpp_stanza_add_child(iq, query);
	session_request(session, iq, roster_on_result, NULL, NULL);
	xmpp_stanza_release(query);
	xmpp_stanza_release(iq);
	g_free(id);
}

int
roster_handle_push(struct session *session, xmpp_stanza_t *iq)
{
	const char *from = xmpp_stanza_get_from(iq);
	xmpp_stanza_t *query = roster_query_of(iq), *item = NULL;
	char *cause = NULL;
	int items = 0;

	if (query == NULL)
		return 0;
	/* RFC 6121 2.1.6: a push is only from the account's own server (no
	 * from, or our bare JID); anything else is ignored (the router
	 * answers it as a request nobody handles). */
	if (from != NULL) {
		char *bare = jid_bare_of(from);
		int own = bare != NULL && strcmp(bare, session->jid) == 0;
		g_free(bare);
		if (!own) {
			log_write(LOG_WARNING, session->account,
			          "roster push from '%s' ignored: not from the account's server",
			          from);
			return 0;
		}
	}
	for (xmpp_stanza_t *child = xmpp_stanza_get_children(query); child != NULL;
	     child = xmpp_stanza_get_next(child)) {
		if (xmpp_stanza_is_tag(child) && strcmp(xmpp_stanza_get_name(child), "item") == 0) {
			item = child;
			items++;
		}
	}
	/* RFC 6121 2.1.6: exactly one item. */
	if (items != 1 || roster_apply_item(session, item, NULL, &cause) == -1) {
		log_write(LOG_WARNING, session->account, "roster push refused: %s",
		          cause ? cause : "not exactly one item");
		g_free(cause);
		stanza_reply_error(session, iq, "bad-request", "modify");
		return 1;
	}
	if (xmpp_stanza_get_attribute(query, "ver") != NULL) {
		g_free(session->roster_version);
		session->roster_version = g_strdup(xmpp_stanza_get_attribute(query, "ver"));
	}
	roster_cache_save(session);
	stanza_reply_result(session, iq);
	return 1;
}

/* The answer to one of the user's changes: only failures are news (the
 * push that follows a success shows the change). */
static void
roster_on_change(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const char *type = xmpp_stanza_get_type(iq);

	if (type != NULL && strcmp(type, "error") == 0) {
		char *why = stanza_describe_error(iq);
		event_log(session->account, LOG_ERROR, "the roster change was refused: %s",
		          why ? why : "no reason given");
		g_free(why);
	}
}

static int
roster_send_item(struct session *session, const char *jid, const char *name,
                 const char *const *groups, int removal, char **cause)
{
	xmpp_ctx_t *ctx = netloop_context();
	char *id;
	xmpp_stanza_t *iq, *query, *item;

	if (session->state != SESSION_ONLINE || session->conn == NULL) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	id = stanza_new_id("roster");
	iq = xmpp_iq_new(ctx, "set", id);
	query = xmpp_stanza_new(ctx);
	item = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(query, "query");
	xmpp_stanza_set_ns(query, NS_ROSTER);
	xmpp_stanza_set_name(item, "item");
	xmpp_stanza_set_attribute(item, "jid", jid);
	if (removal)
		xmpp_stanza_set_attribute(item, "subscription", "remove");
	if (name != NULL && *name != '\0')
		xmpp_stanza_set_attribute(item, "name", name);
	for (const char *const *group = groups; !removal && group && *group; group++)
		stanza_add_text_child(item, "group", *group);
	xmpp_stanza_add_child(query, item);
	xmpp_stanza_add_child(iq, query);
	session_request(session, iq, roster_on_change, NULL, NULL);
	xmpp_stanza_release(item);
	xmpp_stanza_release(query);
	xmpp_stanza_release(iq);
	g_free(id);
	return 0;
}

int
roster_set(struct session *session, const char *jid, const char *name, const char *const *groups,
           char **cause)
{
	return roster_send_item(session, jid, name, groups, 0, cause);
}

int
roster_remove(struct session *session, const char *jid, char **cause)
{
	return roster_send_item(session, jid, NULL, NULL, 1, cause);
}
