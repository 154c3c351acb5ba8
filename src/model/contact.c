/*
 * contact.c: contacts and the presence of their resources.
 *
 * Owns the contact list. Every presence change emits EV_PRESENCE, every
 * roster change EV_ROSTER, naming the account and the contact.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "model/contact.h"
#include "model/key.h"

static GPtrArray *contacts; /* of struct contact, in the order they came */
/* model_key() -> struct contact (borrowed): presence floods at login look
 * contacts up once per stanza, so the lookup must not walk the list. */
static GHashTable *index_by_key;

static char **
contact_account_field(gpointer c)
{
	return &((struct contact *)c)->account;
}

void
contact_forget_account(const char *account)
{
	for (guint i = contacts != NULL ? contacts->len : 0; i > 0; i--) {
		struct contact *c = contacts->pdata[i - 1];
		char *key;
		if (strcmp(c->account, account) != 0)
			continue;
		key = model_key(c->account, c->jid);
		g_hash_table_remove(index_by_key, key);
		g_free(key);
		g_ptr_array_remove_index(contacts, i - 1);
	}
}

void
contact_rename_account(const char *old, const char *new)
{
	model_key_rename(index_by_key, old, new, contact_account_field);
}

static const char *const show_names[] = {
	[SHOW_OFFLINE] = "offline", [SHOW_DND] = "dnd",       [SHOW_XA] = "xa",
	[SHOW_AWAY] = "away",       [SHOW_ONLINE] = "online", [SHOW_CHAT] = "chat",
};

int
presence_show_parse(const char *text)
{
	/* RFC 6121 4.7.2.1: no <show/> means available. */
	if (text == NULL)
		return SHOW_ONLINE;
	for (int i = SHOW_DND; i <= SHOW_CHAT; i++) {
		if (i != SHOW_ONLINE && strcmp(text, show_names[i]) == 0)
			return i;
	}
	return -1;
}

int
presence_show_word(const char *word)
{
	return strcmp(word, "online") == 0 ? SHOW_ONLINE : presence_show_parse(word);
}

int
presence_priority_parse(const char *text, int *priority)
{
	char *end = NULL;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (*text == '\0' || *end != '\0' || errno != 0 || value < -128 || value > 127)
		return -1;
	*priority = (int)value;
	return 0;
}

const char *
presence_show_name(enum presence_show show)
{
	return show_names[show];
}

static void
presence_resource_free(gpointer pointer)
{
	struct presence_resource *r = pointer;

	g_free(r->resource);
	g_free(r->status);
	g_free(r);
}

static void
contact_free(gpointer pointer)
{
	struct contact *c = pointer;

	g_ptr_array_free(c->resources, TRUE);
	g_ptr_array_free(c->groups, TRUE);
	g_free(c->name);
	g_free(c->nick);
	g_free(c->request_text);
	g_free(c->account);
	g_free(c->jid);
	g_free(c->last_status);
	g_free(c);
}

struct contact *
contact_find(const char *account, const char *jid)
{
	char *key;
	struct contact *c;

	if (index_by_key == NULL)
		return NULL;
	key = model_key(account, jid);
	c = g_hash_table_lookup(index_by_key, key);
	g_free(key);
	return c;
}

struct contact *
contact_get(const char *account, const char *jid)
{
	struct contact *c = contact_find(account, jid);

	if (c != NULL)
		return c;
	if (contacts == NULL)
		contacts = g_ptr_array_new_with_free_func(contact_free);
	c = g_new0(struct contact, 1);
	c->account = g_strdup(account);
	c->jid = g_strdup(jid);
	c->resources = g_ptr_array_new_with_free_func(presence_resource_free);
	c->groups = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(contacts, c);
	if (index_by_key == NULL)
		index_by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_hash_table_insert(index_by_key, model_key(account, jid), c);
	return c;
}

static void
contact_emit(const struct contact *c, const char *resource)
{
	struct event event = { .type = EV_PRESENCE, .account = c->account };

	event.u.presence.contact = c;
	event.u.presence.resource = resource;
	event_emit(&event);
}

static struct presence_resource *
contact_resource(const struct contact *c, const char *resource, guint *index)
{
	for (guint i = 0; i < c->resources->len; i++) {
		struct presence_resource *r = c->resources->pdata[i];
		if (strcmp(r->resource, resource) == 0) {
			if (index != NULL)
				*index = i;
			return r;
		}
	}
	return NULL;
}

void
contact_set_available(const char *account, const char *jid, const char *resource,
                      enum presence_show show, const char *status, int priority)
{
	struct contact *c = contact_get(account, jid);
	struct presence_resource *r = contact_resource(c, resource, NULL);

	if (r == NULL) {
		r = g_new0(struct presence_resource, 1);
		r->resource = g_strdup(resource);
		g_ptr_array_add(c->resources, r);
	}
	r->show = show;
	g_free(r->status);
	r->status = g_strdup(status);
	r->priority = CLAMP(priority, -128, 127);
	r->since = g_get_real_time();
	contact_emit(c, resource);
}

void
contact_set_unavailable(const char *account, const char *jid, const char *resource,
                        const char *status)
{
	struct contact *c = contact_get(account, jid);
	guint index;

	if (resource == NULL)
		g_ptr_array_set_size(c->resources, 0);
	else if (contact_resource(c, resource, &index) != NULL)
		g_ptr_array_remove_index(c->resources, index);
	g_free(c->last_status);
	c->last_status = g_strdup(status);
	contact_emit(c, resource);
}

void
contact_account_offline(const char *account)
{
	for (guint i = 0; contacts != NULL && i < contacts->len; i++) {
		struct contact *c = contacts->pdata[i];
		if (strcmp(c->account, account) != 0 || c->resources->len == 0)
			continue;
		g_ptr_array_set_size(c->resources, 0);
		contact_emit(c, NULL);
	}
}

const struct presence_resource *
contact_best(const struct contact *contact)
{
	const struct presence_resource *best = NULL;

	for (guint i = 0; i < contact->resources->len; i++) {
		const struct presence_resource *r = contact->resources->pdata[i];
		if (best == NULL || r->priority > best->priority ||
		    (r->priority == best->priority &&
		     (r->show > best->show || (r->show == best->show && r->since > best->since))))
			best = r;
	}
	return best;
}

enum presence_show
contact_show(const struct contact *contact)
{
	const struct presence_resource *best = contact_best(contact);

	return best != NULL ? best->show : SHOW_OFFLINE;
}

const GPtrArray *
contact_list(void)
{
	if (contacts == NULL)
		contacts = g_ptr_array_new_with_free_func(contact_free);
	return contacts;
}

void
contact_list_clear(void)
{
	g_clear_pointer(&index_by_key, g_hash_table_unref);
	if (contacts != NULL)
		g_ptr_array_free(contacts, TRUE);
	contacts = NULL;
}

static const char *const subscription_names[] = {
	[SUB_NONE] = "none",
	[SUB_TO] = "to",
	[SUB_FROM] = "from",
	[SUB_BOTH] = "both",
};

const char *
roster_subscription_name(enum roster_subscription subscription)
{
	return subscription_names[subscription];
}

int
roster_subscription_parse(const char *text)
{
	for (int i = SUB_NONE; i <= SUB_BOTH; i++) {
		if (text != NULL && strcmp(text, subscription_names[i]) == 0)
			return i;
	}
	return -1;
}

static void
contact_emit_roster(const struct contact *c, int removed)
{
	struct event event = { .type = EV_ROSTER, .account = c->account };

	event.u.roster.contact = c;
	event.u.roster.removed = removed;
	event_emit(&event);
}

static gint
contact_compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
contact_roster_set(const char *account, const struct roster_item *item)
{
	struct contact *c = contact_get(account, item->jid);

	c->in_roster = 1;
	g_free(c->name);
	c->name = item->name && *item->name ? g_strdup(item->name) : NULL;
	c->subscription = item->subscription;
	c->ask = item->ask;
	g_ptr_array_set_size(c->groups, 0);
	for (const char *const *group = item->groups; group && *group; group++) {
		int seen = 0;
		for (guint i = 0; i < c->groups->len; i++)
			seen |= strcmp(c->groups->pdata[i], *group) == 0;
		if (!seen)
			g_ptr_array_add(c->groups, g_strdup(*group));
	}
	g_ptr_array_sort(c->groups, contact_compare_strings);
	contact_emit_roster(c, 0);
}

void
contact_roster_remove(const char *account, const char *jid)
{
	struct contact *c = contact_find(account, jid);

	if (c == NULL || !c->in_roster)
		return;
	c->in_roster = 0;
	g_clear_pointer(&c->name, g_free);
	c->subscription = SUB_NONE;
	c->ask = 0;
	g_ptr_array_set_size(c->groups, 0);
	contact_emit_roster(c, 1);
}

const char *
contact_label(const struct contact *contact)
{
	/* The user's own name for the contact first, then the contact's. */
	if (contact->name != NULL)
		return contact->name;
	return contact->nick != NULL ? contact->nick : contact->jid;
}

void
contact_set_nick(const char *account, const char *jid, const char *nick)
{
	struct contact *c = nick != NULL ? contact_get(account, jid) : contact_find(account, jid);

	if (nick != NULL && *nick == '\0')
		nick = NULL;
	if (c == NULL || g_strcmp0(c->nick, nick) == 0)
		return;
	g_free(c->nick);
	c->nick = g_strdup(nick);
	if (c->in_roster)
		contact_emit_roster(c, 0);
}

void
contact_set_request(const char *account, const char *jid, int pending, const char *text)
{
	struct contact *c = contact_get(account, jid);
	struct event event = { .type = EV_SUBSCRIPTION, .account = account };

	c->request_pending = pending;
	g_free(c->request_text);
	c->request_text = pending && text ? g_strdup(text) : NULL;
	event.u.subscription.contact = c;
	event_emit(&event);
}
