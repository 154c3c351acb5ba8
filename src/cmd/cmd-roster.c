/*
 * cmd-roster.c: /roster (RFC 6121 2): list, add, remove, name, group, and
 * the roster panel; /sub (RFC 6121 3): subscriptions.
 *
 * Stateless. Changes go to the server; its roster push changes the model
 * and the frontends show it.
 */
#include "config.h"

#include <string.h>

#include "cmd/commands.h"
#include "core/jid.h"
#include "model/contact.h"
#include "xmpp/presence.h"
#include "xmpp/roster.h"
#include "xmpp/session.h"

/* "show: status" of a contact, or "offline". */
static char *
cmd_roster_presence(const struct contact *c)
{
	const struct presence_resource *best = contact_best(c);
	const char *status = best ? best->status : NULL;

	if (status != NULL && *status != '\0')
		return g_strdup_printf("%s: %s", presence_show_name(contact_show(c)), status);
	return g_strdup(presence_show_name(contact_show(c)));
}

static void
cmd_roster_line(struct cmd_result *result, const struct contact *c)
{
	char *presence = cmd_roster_presence(c);

	if (c->name != NULL)
		cmd_result_line(result, "  %s <%s> [%s%s] %s", c->name, c->jid,
		                roster_subscription_name(c->subscription), c->ask ? ", asked" : "",
		                presence);
	else
		cmd_result_line(result, "  %s [%s%s] %s", c->jid,
		                roster_subscription_name(c->subscription), c->ask ? ", asked" : "",
		                presence);
	g_free(presence);
}

static gint
cmd_roster_order(gconstpointer a, gconstpointer b)
{
	const struct contact *x = *(const struct contact *const *)a;
	const struct contact *y = *(const struct contact *const *)b;

	return g_utf8_collate(contact_label(x), contact_label(y));
}

static gint
cmd_roster_string_order(gconstpointer a, gconstpointer b)
{
	return g_utf8_collate(*(char *const *)a, *(char *const *)b);
}

/* The roster of account by group (a contact in several groups is listed
 * under each), then those in no group. */
static int
cmd_roster_list(const char *account, struct cmd_result *result)
{
	const GPtrArray *all = contact_list();
	GPtrArray *mine = g_ptr_array_new(), *groups = g_ptr_array_new_with_free_func(g_free);
	int ungrouped = 0;

	for (guint i = 0; i < all->len; i++) {
		const struct contact *c = all->pdata[i];
		if (!c->in_roster || strcmp(c->account, account) != 0)
			continue;
		g_ptr_array_add(mine, (gpointer)c);
		ungrouped |= c->groups->len == 0;
		for (guint k = 0; k < c->groups->len; k++) {
			if (!g_ptr_array_find_with_equal_func(groups, c->groups->pdata[k],
			                                      g_str_equal, NULL))
				g_ptr_array_add(groups, g_strdup(c->groups->pdata[k]));
		}
	}
	g_ptr_array_sort(mine, cmd_roster_order);
	g_ptr_array_sort(groups, cmd_roster_string_order);
	cmd_result_line(result, "roster of %s: %u contact%s", account, mine->len,
	                mine->len == 1 ? "" : "s");
	for (guint g = 0; g < groups->len; g++) {
		cmd_result_line(result, "%s:", (char *)groups->pdata[g]);
		for (guint i = 0; i < mine->len; i++) {
			const struct contact *c = mine->pdata[i];
			if (g_ptr_array_find_with_equal_func(c->groups, groups->pdata[g],
			                                     g_str_equal, NULL))
				cmd_roster_line(result, c);
		}
	}
	if (ungrouped) {
		if (groups->len > 0)
			cmd_result_line(result, "(no group):");
		for (guint i = 0; i < mine->len; i++) {
			const struct contact *c = mine->pdata[i];
			if (c->groups->len == 0)
				cmd_roster_line(result, c);
		}
	}
	g_ptr_array_free(groups, TRUE);
	g_ptr_array_free(mine, TRUE);
	return 0;
}

/* The bare form of a JID argument, or NULL after filling result. */
static char *
cmd_roster_jid(const char *text, struct cmd_result *result)
{
	struct jid jid;
	char *cause = NULL, *bare;

	if (jid_parse(text, &jid, &cause) == -1) {
		cmd_result_error(result, "'%s' is not a valid JID: %s", text, cause);
		g_free(cause);
		return NULL;
	}
	if (jid.resource != NULL) {
		cmd_result_error(result, "'%s' has a resource; the roster holds bare JIDs", text);
		jid_clear(&jid);
		return NULL;
	}
	bare = jid_bare(&jid);
	jid_clear(&jid);
	return bare;
}

/* The words from argv[from] on, joined by a space (the last argument is
 * the rest of the line as typed), or NULL when there are none. */
static char *
cmd_roster_words(const struct cmd_invocation *invocation, int from)
{
	GString *text = NULL;

	for (int i = from; i < invocation->argc; i++) {
		if (text == NULL)
			text = g_string_new(invocation->argv[i]);
		else
			g_string_append_printf(text, " %s", invocation->argv[i]);
	}
	return text ? g_string_free(text, FALSE) : NULL;
}

/* Sends the item jid of account with this name and these groups. */
static int
cmd_roster_send(const char *account, const char *jid, const char *name, const char *const *groups,
                struct cmd_result *result)
{
	char *cause = NULL;

	if (roster_set(session_find(account), jid, name, groups, &cause) == -1) {
		cmd_result_error(result, "/roster: %s", cause);
		g_free(cause);
		return -1;
	}
	return 0;
}

static int
cmd_roster_change(const struct cmd_invocation *invocation, const char *verb, const char *account,
                  struct cmd_result *result)
{
	const char *jid_arg = invocation->argc > 1 ? invocation->argv[1] : NULL;
	const struct contact *c;
	char *jid, *name = NULL, *cause = NULL;
	GPtrArray *groups;
	int ret;

	if (jid_arg == NULL)
		return cmd_result_error(result, "/roster %s needs a JID", verb);
	if ((jid = cmd_roster_jid(jid_arg, result)) == NULL)
		return -1;
	c = contact_find(account, jid);
	if (strcmp(verb, "add") == 0) {
		name = cmd_roster_words(invocation, 2);
		ret = cmd_roster_send(account, jid, name, NULL, result);
	} else if (c == NULL || !c->in_roster) {
		ret = cmd_result_error(result, "/roster %s: %s is not in the roster of %s", verb,
		                       jid, account);
	} else if (strcmp(verb, "remove") == 0) {
		if ((ret = roster_remove(session_find(account), jid, &cause)) == -1) {
			cmd_result_error(result, "/roster: %s", cause);
			g_free(cause);
		}
	} else {
		/* name: the item keeps its groups; no name removes the name. */
		groups = g_ptr_array_new();
		for (guint i = 0; i < c->groups->len; i++)
			g_ptr_array_add(groups, c->groups->pdata[i]);
		g_ptr_array_add(groups, NULL);
		name = cmd_roster_words(invocation, 2);
		ret = cmd_roster_send(account, jid, name, (const char *const *)groups->pdata,
		                      result);
		g_ptr_array_free(groups, TRUE);
	}
	if (ret == 0)
		cmd_result_line(result, "roster change sent for %s", jid);
	g_free(name);
	g_free(jid);
	return ret;
}

/* /roster group add|remove JID GROUP */
static int
cmd_roster_group(const struct cmd_invocation *invocation, const char *account,
                 struct cmd_result *result)
{
	const char *how = invocation->argc > 1 ? invocation->argv[1] : "";
	const struct contact *c;
	GPtrArray *groups;
	char *jid, *group;
	int adding = strcmp(how, "add") == 0, ret;

	if ((!adding && strcmp(how, "remove") != 0) || invocation->argc < 4)
		return cmd_result_error(result, "/roster group add|remove JID GROUP");
	if ((jid = cmd_roster_jid(invocation->argv[2], result)) == NULL)
		return -1;
	c = contact_find(account, jid);
	if (c == NULL || !c->in_roster) {
		ret = cmd_result_error(result, "/roster group: %s is not in the roster of %s", jid,
		                       account);
		g_free(jid);
		return ret;
	}
	group = g_strstrip(g_strdup(invocation->argv[3]));
	groups = g_ptr_array_new();
	for (guint i = 0; i < c->groups->len; i++) {
		if (strcmp(c->groups->pdata[i], group) != 0)
			g_ptr_array_add(groups, c->groups->pdata[i]);
	}
	if (adding && *group != '\0')
		g_ptr_array_add(groups, group);
	g_ptr_array_add(groups, NULL);
	ret = cmd_roster_send(account, jid, c->name, (const char *const *)groups->pdata, result);
	if (ret == 0)
		cmd_result_line(result, "roster change sent for %s", jid);
	g_ptr_array_free(groups, TRUE);
	g_free(group);
	g_free(jid);
	return ret;
}

int
cmd_roster(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	const char *verb = invocation->argc > 0 ? invocation->argv[0] : "list";
	const char *account;

	if (strcmp(verb, "panel") == 0) {
		if (invocation->argc < 2)
			return cmd_result_error(result, "/roster panel needs on or off");
		return cmd_set_value("ui.roster_panel", invocation->argv[1], result);
	}
	if (strcmp(verb, "list") == 0) {
		account = cmd_pick_account(invocation, 0, result);
		return account ? cmd_roster_list(account, result) : -1;
	}
	if (strcmp(verb, "add") != 0 && strcmp(verb, "remove") != 0 && strcmp(verb, "name") != 0 &&
	    strcmp(verb, "group") != 0)
		return cmd_result_error(result,
		                        "/roster: unknown '%s' (list, add, remove, name, "
		                        "group, panel)",
		                        verb);
	account = cmd_pick_account(invocation, 1, result);
	if (account == NULL)
		return -1;
	if (strcmp(verb, "group") == 0)
		return cmd_roster_group(invocation, account, result);
	return cmd_roster_change(invocation, verb, account, result);
}

/* /sub pending: the requests waiting for an answer, on every account. */
static int
cmd_sub_pending(struct cmd_result *result)
{
	const GPtrArray *all = contact_list();
	int count = 0;

	for (guint i = 0; i < all->len; i++) {
		const struct contact *c = all->pdata[i];
		if (!c->request_pending)
			continue;
		if (c->request_text != NULL)
			cmd_result_line(result, "%s: %s asks to see your presence: \"%s\"",
			                c->account, c->jid, c->request_text);
		else
			cmd_result_line(result, "%s: %s asks to see your presence", c->account,
			                c->jid);
		count++;
	}
	if (count == 0)
		cmd_result_line(result, "no subscription request waits");
	return 0;
}

/*
 * /sub request|allow|deny|cancel JID (RFC 6121 3): request asks to see the
 * contact's presence (3.1.1), allow lets them see ours (3.1.5; before they
 * ask, a pre-approval, 3.4), deny refuses their request or ends their
 * subscription (3.2.1), cancel ends ours (3.3.1).
 */
int
cmd_sub(const struct cmd_invocation *invocation, struct cmd_result *result)
{
	static const struct {
		const char *verb, *type, *done;
	} verbs[] = {
		{ "request", "subscribe", "asked to see the presence of" },
		{ "allow", "subscribed", "may see your presence:" },
		{ "deny", "unsubscribed", "may not see your presence:" },
		{ "cancel", "unsubscribe", "no longer asking for the presence of" },
	};
	const char *verb = invocation->argv[0], *account;
	const struct contact *c;
	char *jid;

	if (strcmp(verb, "pending") == 0)
		return cmd_sub_pending(result);
	for (size_t i = 0; i < G_N_ELEMENTS(verbs); i++) {
		if (strcmp(verb, verbs[i].verb) != 0)
			continue;
		if (invocation->argc < 2)
			return cmd_result_error(result, "/sub %s needs a JID", verb);
		if ((jid = cmd_roster_jid(invocation->argv[1], result)) == NULL)
			return -1;
		account = cmd_pick_account(invocation, 1, result);
		if (account == NULL || session_state(session_find(account)) != SESSION_ONLINE) {
			if (account != NULL)
				cmd_result_error(result, "/sub: account '%s' is not online",
				                 account);
			g_free(jid);
			return -1;
		}
		presence_send_subscription(session_find(account), jid, verbs[i].type,
		                           invocation->argc > 2 ? invocation->argv[2] : NULL);
		/* Allowing or denying answers a waiting request. */
		c = contact_find(account, jid);
		if (i == 1 || i == 2) {
			if (c != NULL && c->request_pending)
				contact_set_request(account, jid, 0, NULL);
		}
		cmd_result_line(result, "%s %s", verbs[i].done, jid);
		g_free(jid);
		return 0;
	}
	return cmd_result_error(result,
	                        "/sub: unknown '%s' (request, allow, deny, cancel, pending)", verb);
}
