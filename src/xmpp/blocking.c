/*
 * blocking.c: XEP-0191 blocking command.
 *
 * Stateless: the block list is the server's; natter asks for it when the
 * user wants to see it, and tells the pushes that change it.
 */
#include "config.h"

#include <string.h>

#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "xmpp/blocking.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_BLOCKING "urn:xmpp:blocking"

/* The JIDs of the <item/> children of element, "a, b, c" (caller
 * frees), or NULL when there are none. */
static char *
blocking_items(xmpp_stanza_t *element)
{
	GString *items = NULL;

	for (xmpp_stanza_t *c = xmpp_stanza_get_children(element); c; c = xmpp_stanza_get_next(c)) {
		const char *jid;
		if (!xmpp_stanza_is_tag(c) || strcmp(xmpp_stanza_get_name(c), "item") != 0 ||
		    (jid = xmpp_stanza_get_attribute(c, "jid")) == NULL)
			continue;
		if (items == NULL)
			items = g_string_new(jid);
		else
			g_string_append_printf(items, ", %s", jid);
	}
	return items ? g_string_free(items, FALSE) : NULL;
}

/* What a request was: its element name and JID (NULL: everyone). */
struct blocking_request {
	char *name;
	char *jid;
};

static void
blocking_request_free(void *pointer)
{
	struct blocking_request *request = pointer;

	g_free(request->name);
	g_free(request->jid);
	g_free(request);
}

/* The server answered: a refusal, the list, or a change done (told here:
 * XEP-0191 3.3 pushes go only to resources that asked for the list). */
static void
blocking_on_answer(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const struct blocking_request *request = data;
	const char *type = xmpp_stanza_get_type(iq);
	xmpp_stanza_t *list = xmpp_stanza_get_child_by_name_and_ns(iq, "blocklist", NS_BLOCKING);

	if (type != NULL && strcmp(type, "error") == 0) {
		char *why = stanza_describe_error(iq);
		event_log(session->account, LOG_ERROR, "%s: %s", request->name,
		          why ? why : "refused");
		g_free(why);
	} else if (list != NULL) {
		char *items = blocking_items(list);
		event_log(session->account, LOG_INFO, "blocked: %s", items ? items : "nobody");
		g_free(items);
	} else if (strcmp(request->name, "block") == 0) {
		event_log(session->account, LOG_INFO, "blocked %s", request->jid);
	} else if (strcmp(request->name, "unblock") == 0) {
		event_log(session->account, LOG_INFO, "unblocked %s",
		          request->jid ? request->jid : "everyone");
	}
}

/* Sends an iq of type with an element name holding jid's item (none
 * when jid is NULL). */
static int
blocking_send(struct session *session, const char *type, const char *name, const char *jid,
              char **cause)
{
	xmpp_ctx_t *ctx = netloop_context();
	struct blocking_request *request;
	xmpp_stanza_t *iq, *element;

	if (session->state != SESSION_ONLINE || session->conn == NULL) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	if (jid != NULL && !jid_is_valid(jid)) {
		*cause = g_strdup_printf("'%s' is not a valid JID", jid);
		return -1;
	}
	iq = stanza_new_query(type, NULL, name, NS_BLOCKING, &element);
	if (jid != NULL) {
		xmpp_stanza_t *item = xmpp_stanza_new(ctx);
		xmpp_stanza_set_name(item, "item");
		xmpp_stanza_set_attribute(item, "jid", jid);
		xmpp_stanza_add_child(element, item);
		xmpp_stanza_release(item);
	}
	request = g_new0(struct blocking_request, 1);
	request->name = g_strdup(name);
	request->jid = g_strdup(jid);
	session_request(session, iq, blocking_on_answer, request, blocking_request_free);
	xmpp_stanza_release(iq);
	return 0;
}

int
blocking_block(struct session *session, const char *jid, char **cause)
{
	return blocking_send(session, "set", "block", jid, cause);
}

int
blocking_unblock(struct session *session, const char *jid, char **cause)
{
	return blocking_send(session, "set", "unblock", jid, cause);
}

int
blocking_list(struct session *session, char **cause)
{
	return blocking_send(session, "get", "blocklist", NULL, cause);
}

int
blocking_handle_push(struct session *session, xmpp_stanza_t *iq, xmpp_stanza_t *payload)
{
	const char *ns = xmpp_stanza_get_ns(payload), *name = xmpp_stanza_get_name(payload);
	const char *from = xmpp_stanza_get_from(iq);
	char *items, *bare;
	int own;

	if (ns == NULL || strcmp(ns, NS_BLOCKING) != 0 ||
	    (strcmp(name, "block") != 0 && strcmp(name, "unblock") != 0))
		return 0;
	/* XEP-0191 3.3: pushes come from the account's server. */
	bare = from ? jid_bare_of(from) : NULL;
	own = from == NULL || (bare != NULL && strcmp(bare, session->jid) == 0);
	g_free(bare);
	if (!own)
		return 0;
	items = blocking_items(payload);
	if (strcmp(name, "block") == 0)
		event_log(session->account, LOG_INFO, "now blocked: %s", items ? items : "(none)");
	else
		event_log(session->account, LOG_INFO, "no longer blocked: %s",
		          items ? items : "everyone");
	g_free(items);
	stanza_reply_result(session, iq);
	return 1;
}
