/*
 * disco.c: what natter says about itself and asks of others: service
 * discovery (XEP-0030), entity capabilities (XEP-0115), software version
 * (XEP-0092) and ping (XEP-0199).
 *
 * Stateless: each query's data belongs to its session_request(). Answers to the user's queries are
 * reported in words with event_log() under the account.
 */
#include "config.h"

#include <string.h>

#include "config/prefs.h"
#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "model/contact.h"
#include "xmpp/disco.h"
#include "xmpp/netloop.h"
#include "xmpp/pep.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_DISCO_INFO  "http://jabber.org/protocol/disco#info"
#define NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define NS_CAPS        "http://jabber.org/protocol/caps"
#define NS_VERSION     "jabber:iq:version"
#define NS_PING        "urn:xmpp:ping"
#define NS_LAST        "jabber:iq:last"

/* XEP-0115 4: the node names the software; natter has no web site, so a
 * URN of its own. */
#define CAPS_NODE "urn:x-natter:client"

/* XEP-0030 identity: a console client (the registry's "client/console"). */
#define IDENTITY_CATEGORY "client"
#define IDENTITY_TYPE     "console"
#define IDENTITY_NAME     "natter"

static gint
disco_compare(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What natter implements, sorted as XEP-0115 5.1 wants them. */
static GPtrArray *
disco_feature_list(void)
{
	static const char *const always[] = {
		NS_CAPS,       "http://jabber.org/protocol/chatstates",
		NS_DISCO_INFO, "urn:xmpp:message-correct:0",
		NS_PING,       "urn:xmpp:receipts",
		NS_LAST,
	};
	GPtrArray *features = g_ptr_array_new();

	for (size_t i = 0; i < G_N_ELEMENTS(always); i++)
		g_ptr_array_add(features, (gpointer)always[i]);
	if (prefs_bool("privacy.version_reply"))
		g_ptr_array_add(features, (gpointer)NS_VERSION);
	pep_add_notify_features(features);
	g_ptr_array_sort(features, disco_compare);
	return features;
}

char *
disco_caps_ver(void)
{
	/* XEP-0115 5.1: identities "category/type/lang/name<", then the
	 * features each followed by "<", SHA-1, base64. */
	GString *s = g_string_new(IDENTITY_CATEGORY "/" IDENTITY_TYPE "//" IDENTITY_NAME "<");
	GPtrArray *features = disco_feature_list();
	GChecksum *sha1 = g_checksum_new(G_CHECKSUM_SHA1);
	guint8 digest[20];
	gsize length = sizeof digest;
	char *ver;

	for (guint i = 0; i < features->len; i++)
		g_string_append_printf(s, "%s<", (char *)features->pdata[i]);
	g_checksum_update(sha1, (const guchar *)s->str, (gssize)s->len);
	g_checksum_get_digest(sha1, digest, &length);
	ver = g_base64_encode(digest, length);
	g_checksum_free(sha1);
	g_ptr_array_free(features, TRUE);
	g_string_free(s, TRUE);
	return ver;
}

void
disco_add_caps(xmpp_stanza_t *presence)
{
	xmpp_stanza_t *c = xmpp_stanza_new(xmpp_stanza_get_context(presence));
	char *ver = disco_caps_ver();

	xmpp_stanza_set_name(c, "c");
	xmpp_stanza_set_ns(c, NS_CAPS);
	xmpp_stanza_set_attribute(c, "hash", "sha-1");
	xmpp_stanza_set_attribute(c, "node", CAPS_NODE);
	xmpp_stanza_set_attribute(c, "ver", ver);
	xmpp_stanza_add_child(presence, c);
	xmpp_stanza_release(c);
	g_free(ver);
}

/* A result for iq with one empty child name in ns (returned, borrowed
 * from the reply, which the caller sends and releases). */
static xmpp_stanza_t *
disco_reply_query(xmpp_stanza_t *iq, const char *name, const char *ns, xmpp_stanza_t **reply)
{
	xmpp_ctx_t *ctx = xmpp_stanza_get_context(iq);
	xmpp_stanza_t *query = xmpp_stanza_new(ctx);

	*reply = xmpp_iq_new(ctx, "result", xmpp_stanza_get_id(iq));
	if (xmpp_stanza_get_from(iq) != NULL)
		xmpp_stanza_set_to(*reply, xmpp_stanza_get_from(iq));
	xmpp_stanza_set_name(query, name);
	xmpp_stanza_set_ns(query, ns);
	xmpp_stanza_add_child(*reply, query);
	xmpp_stanza_release(query);
	return query;
}

static void
disco_answer_info(struct session *session, xmpp_stanza_t *iq, const char *node)
{
	xmpp_ctx_t *ctx = xmpp_stanza_get_context(iq);
	xmpp_stanza_t *reply, *query = disco_reply_query(iq, "query", NS_DISCO_INFO, &reply);
	xmpp_stanza_t *identity = xmpp_stanza_new(ctx);
	GPtrArray *features = disco_feature_list();

	/* XEP-0115 6.2: a query to node#ver is answered with that node. */
	if (node != NULL)
		xmpp_stanza_set_attribute(query, "node", node);
	xmpp_stanza_set_name(identity, "identity");
	xmpp_stanza_set_attribute(identity, "category", IDENTITY_CATEGORY);
	xmpp_stanza_set_attribute(identity, "type", IDENTITY_TYPE);
	xmpp_stanza_set_attribute(identity, "name", IDENTITY_NAME);
	xmpp_stanza_add_child(query, identity);
	xmpp_stanza_release(identity);
	for (guint i = 0; i < features->len; i++) {
		xmpp_stanza_t *feature = xmpp_stanza_new(ctx);
		xmpp_stanza_set_name(feature, "feature");
		xmpp_stanza_set_attribute(feature, "var", features->pdata[i]);
		xmpp_stanza_add_child(query, feature);
		xmpp_stanza_release(feature);
	}
	session_send(session, reply);
	xmpp_stanza_release(reply);
	g_ptr_array_free(features, TRUE);
}

int
disco_handle_get(struct session *session, xmpp_stanza_t *iq, xmpp_stanza_t *payload)
{
	const char *ns = xmpp_stanza_get_ns(payload), *name = xmpp_stanza_get_name(payload);
	xmpp_stanza_t *reply, *query;

	if (ns == NULL || name == NULL)
		return 0;
	if (strcmp(ns, NS_DISCO_INFO) == 0 && strcmp(name, "query") == 0) {
		const char *node = xmpp_stanza_get_attribute(payload, "node");
		char *ver = disco_caps_ver(), *ours = g_strdup_printf("%s#%s", CAPS_NODE, ver);
		/* XEP-0030 3.1: a node we do not know is item-not-found. */
		if (node != NULL && strcmp(node, ours) != 0)
			stanza_reply_error(session, iq, "item-not-found", "cancel");
		else
			disco_answer_info(session, iq, node);
		g_free(ours);
		g_free(ver);
		return 1;
	}
	if (strcmp(ns, NS_DISCO_ITEMS) == 0 && strcmp(name, "query") == 0) {
		/* XEP-0030 4: a client offers no items. */
		disco_reply_query(iq, "query", NS_DISCO_ITEMS, &reply);
		session_send(session, reply);
		xmpp_stanza_release(reply);
		return 1;
	}
	if (strcmp(ns, NS_VERSION) == 0 && strcmp(name, "query") == 0 &&
	    prefs_bool("privacy.version_reply")) {
		/* XEP-0092 2: name and version; the OS is left out (it says
		 * more about the user than anyone needs to know). */
		query = disco_reply_query(iq, "query", NS_VERSION, &reply);
		stanza_add_text_child(query, "name", "natter");
		stanza_add_text_child(query, "version", PACKAGE_VERSION);
		session_send(session, reply);
		xmpp_stanza_release(reply);
		return 1;
	}
	/* XEP-0012 5: a client answers with the user's idle time; only to
	 * contacts who may see the account's presence anyway. */
	if (strcmp(ns, NS_LAST) == 0 && strcmp(name, "query") == 0) {
		char *bare =
		        xmpp_stanza_get_from(iq) ? jid_bare_of(xmpp_stanza_get_from(iq)) : NULL;
		const struct contact *c = bare ? contact_find(session->account, bare) : NULL;
		char seconds[32];
		if (c == NULL || !c->in_roster ||
		    (c->subscription != SUB_FROM && c->subscription != SUB_BOTH)) {
			stanza_reply_error(session, iq, "forbidden", "auth");
		} else {
			query = disco_reply_query(iq, "query", NS_LAST, &reply);
			g_snprintf(seconds, sizeof seconds, "%" G_GINT64_FORMAT,
			           session_idle_seconds());
			xmpp_stanza_set_attribute(query, "seconds", seconds);
			session_send(session, reply);
			xmpp_stanza_release(reply);
		}
		g_free(bare);
		return 1;
	}
	/* XEP-0199 4.1: answer a ping with an empty result. */
	if (strcmp(ns, NS_PING) == 0 && strcmp(name, "ping") == 0) {
		stanza_reply_result(session, iq);
		return 1;
	}
	return 0;
}

/* ---- the user's queries ---- */

struct disco_request {
	struct session *session;
	enum disco_kind kind;
	char *jid;
	gint64 sent; /* for ping: monotonic microseconds */
};

static void
disco_request_free(void *pointer)
{
	struct disco_request *request = pointer;

	g_free(request->jid);
	g_free(request);
}

/* The answer to a disco#info, in words: identities, then features. */
static void
disco_report_info(struct disco_request *request, xmpp_stanza_t *query)
{
	GString *identities = g_string_new(NULL), *features = g_string_new(NULL);

	for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
		if (name != NULL && strcmp(name, "identity") == 0) {
			const char *label = xmpp_stanza_get_attribute(c, "name");
			g_string_append_printf(
			        identities, "%s%s/%s%s%s%s", identities->len ? ", " : "",
			        xmpp_stanza_get_attribute(c, "category"),
			        xmpp_stanza_get_attribute(c, "type"), label ? " (" : "",
			        label ? label : "", label ? ")" : "");
		} else if (name != NULL && strcmp(name, "feature") == 0 &&
		           xmpp_stanza_get_attribute(c, "var") != NULL) {
			g_string_append_printf(features, "%s%s", features->len ? " " : "",
			                       xmpp_stanza_get_attribute(c, "var"));
		}
	}
	event_log(request->session->account, LOG_INFO, "disco info of %s: identity %s",
	          request->jid, identities->len ? identities->str : "(none)");
	event_log(request->session->account, LOG_INFO, "disco info of %s: features %s",
	          request->jid, features->len ? features->str : "(none)");
	g_string_free(identities, TRUE);
	g_string_free(features, TRUE);
}

static void
disco_report_items(struct disco_request *request, xmpp_stanza_t *query)
{
	int count = 0;

	for (xmpp_stanza_t *c = xmpp_stanza_get_children(query); c; c = xmpp_stanza_get_next(c)) {
		const char *jid, *label, *node;
		if (!xmpp_stanza_is_tag(c) || strcmp(xmpp_stanza_get_name(c), "item") != 0 ||
		    (jid = xmpp_stanza_get_attribute(c, "jid")) == NULL)
			continue;
		label = xmpp_stanza_get_attribute(c, "name");
		node = xmpp_stanza_get_attribute(c, "node");
		event_log(request->session->account, LOG_INFO, "disco items of %s: %s%s%s%s%s",
		          request->jid, jid, node ? " node " : "", node ? node : "",
		          label ? " - " : "", label ? label : "");
		count++;
	}
	event_log(request->session->account, LOG_INFO, "disco items of %s: %d item%s", request->jid,
	          count, count == 1 ? "" : "s");
}

static void
disco_report_version(struct disco_request *request, xmpp_stanza_t *query)
{
	char *name = stanza_child_text(query, "name");
	char *version = stanza_child_text(query, "version");
	char *os = stanza_child_text(query, "os");

	event_log(request->session->account, LOG_INFO, "%s runs %s %s%s%s%s", request->jid,
	          name ? name : "(no name)", version ? version : "(no version)", os ? " (" : "",
	          os ? os : "", os ? ")" : "");
	g_free(name);
	g_free(version);
	g_free(os);
}

static void
disco_on_answer(struct session *session, xmpp_stanza_t *iq, void *userdata)
{
	struct disco_request *request = userdata;
	const char *type = xmpp_stanza_get_type(iq);
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name(iq, "query");
	static const char *const what[] = {
		[DISCO_INFO] = "disco info",
		[DISCO_ITEMS] = "disco items",
		[DISCO_VERSION] = "version",
		[DISCO_PING] = "ping",
	};

	if (type == NULL || strcmp(type, "result") != 0) {
		char *why = stanza_describe_error(iq);
		event_log(request->session->account, LOG_WARNING, "%s of %s: %s",
		          what[request->kind], request->jid,
		          why ? why : "no answer in the form expected");
		g_free(why);
	} else if (request->kind == DISCO_PING) {
		/* XEP-0199 4.2: the empty result is the pong. */
		event_log(request->session->account, LOG_INFO, "pong from %s in %.1f ms",
		          request->jid, (double)(g_get_monotonic_time() - request->sent) / 1000.0);
	} else if (query == NULL) {
		event_log(request->session->account, LOG_WARNING, "%s of %s: an empty answer",
		          what[request->kind], request->jid);
	} else if (request->kind == DISCO_INFO) {
		disco_report_info(request, query);
	} else if (request->kind == DISCO_ITEMS) {
		disco_report_items(request, query);
	} else {
		disco_report_version(request, query);
	}
}

int
disco_query(struct session *session, enum disco_kind kind, const char *jid, const char *node,
            char **cause)
{
	static const struct {
		const char *name, *ns;
	} payloads[] = {
		[DISCO_INFO] = { "query", NS_DISCO_INFO },
		[DISCO_ITEMS] = { "query", NS_DISCO_ITEMS },
		[DISCO_VERSION] = { "query", NS_VERSION },
		[DISCO_PING] = { "ping", NS_PING },
	};
	struct disco_request *request;
	xmpp_stanza_t *iq, *payload;

	if (session->state != SESSION_ONLINE || session->conn == NULL) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	request = g_new0(struct disco_request, 1);
	request->session = session;
	request->kind = kind;
	request->jid = g_strdup(jid);
	request->sent = g_get_monotonic_time();
	iq = stanza_new_query("get", jid, payloads[kind].name, payloads[kind].ns, &payload);
	if (node != NULL)
		xmpp_stanza_set_attribute(payload, "node", node);
	session_request(session, iq, disco_on_answer, request, disco_request_free);
	xmpp_stanza_release(iq);
	return 0;
}
