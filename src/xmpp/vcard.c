/*
 * vcard.c: vcard-temp (XEP-0054): show anyone's, change one's own, and
 * last activity (XEP-0012) queries.
 *
 * Stateless: each request's data belongs to its session_request(). A
 * change fetches the account's vCard first and sends it back whole with
 * the one field changed (the protocol replaces the whole vCard).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/log.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"
#include "xmpp/vcard.h"

#define NS_VCARD "vcard-temp"
#define NS_LAST  "jabber:iq:last"

/* The fields natter shows and sets: a name for the user, and the element
 * path in the vCard (child, then grandchild when there is one). */
static const struct vcard_field {
	const char *name, *element, *child;
} fields[] = {
	{ "fn", "FN", NULL },
	{ "nickname", "NICKNAME", NULL },
	{ "bday", "BDAY", NULL },
	{ "email", "EMAIL", "USERID" },
	{ "tel", "TEL", "NUMBER" },
	{ "url", "URL", NULL },
	{ "org", "ORG", "ORGNAME" },
	{ "title", "TITLE", NULL },
	{ "locality", "ADR", "LOCALITY" },
	{ "country", "ADR", "CTRY" },
	{ "note", "DESC", NULL },
};

const char *const *
vcard_field_names(void)
{
	static const char *names[G_N_ELEMENTS(fields) + 1];

	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
		names[i] = fields[i].name;
	return names;
}

static const struct vcard_field *
vcard_field(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
		if (g_ascii_strcasecmp(fields[i].name, name) == 0)
			return &fields[i];
	}
	return NULL;
}

/* The element of a field in vcard (the child holding the text), or NULL. */
static xmpp_stanza_t *
vcard_element(xmpp_stanza_t *vcard, const struct vcard_field *field)
{
	xmpp_stanza_t *element = xmpp_stanza_get_child_by_name(vcard, field->element);

	if (element != NULL && field->child != NULL)
		element = xmpp_stanza_get_child_by_name(element, field->child);
	return element;
}

struct vcard_request {
	char *jid;   /* whose (NULL: the account's own) */
	char *field; /* for a change: the field's name */
	char *value; /* and its new value ("" removes it) */
};

static void
vcard_request_free(void *pointer)
{
	struct vcard_request *request = pointer;

	g_free(request->jid);
	g_free(request->field);
	g_free(request->value);
	g_free(request);
}

static void
vcard_report(struct session *session, const char *whose, xmpp_stanza_t *vcard)
{
	int shown = 0;

	for (size_t i = 0; vcard != NULL && i < G_N_ELEMENTS(fields); i++) {
		xmpp_stanza_t *element = vcard_element(vcard, &fields[i]);
		char *text = element ? xmpp_stanza_get_text(element) : NULL;
		if (text != NULL && *text != '\0') {
			event_log(session->account, LOG_INFO, "vcard of %s: %s %s", whose,
			          fields[i].name, text);
			shown++;
		}
		if (text != NULL)
			xmpp_free(netloop_context(), text);
	}
	if (shown == 0)
		event_log(session->account, LOG_INFO, "vcard of %s: empty", whose);
}

/*
 * A new vCard: old's children (old may be NULL) with field set to value,
 * or removed when value is empty. libstrophe cannot take a child out of a
 * stanza, so the vCard is built anew; what natter does not know is kept.
 */
static xmpp_stanza_t *
vcard_rebuild(xmpp_ctx_t *ctx, xmpp_stanza_t *old, const struct vcard_field *field,
              const char *value)
{
	xmpp_stanza_t *vcard = xmpp_stanza_new(ctx), *parent = NULL;

	xmpp_stanza_set_name(vcard, "vCard");
	xmpp_stanza_set_ns(vcard, NS_VCARD);
	for (xmpp_stanza_t *c = old ? xmpp_stanza_get_children(old) : NULL; c;
	     c = xmpp_stanza_get_next(c)) {
		xmpp_stanza_t *copy;
		if (!xmpp_stanza_is_tag(c) ||
		    strcmp(xmpp_stanza_get_name(c), field->element) != 0) {
			copy = xmpp_stanza_copy(c);
			xmpp_stanza_add_child(vcard, copy);
			xmpp_stanza_release(copy);
			continue;
		}
		if (field->child == NULL || parent != NULL)
			continue; /* the field itself (or a second one): replaced */
		/* The element holding the field: kept without it. */
		parent = xmpp_stanza_new(ctx);
		xmpp_stanza_set_name(parent, field->element);
		for (xmpp_stanza_t *g = xmpp_stanza_get_children(c); g;
		     g = xmpp_stanza_get_next(g)) {
			if (xmpp_stanza_is_tag(g) &&
			    strcmp(xmpp_stanza_get_name(g), field->child) == 0)
				continue;
			copy = xmpp_stanza_copy(g);
			xmpp_stanza_add_child(parent, copy);
			xmpp_stanza_release(copy);
		}
		xmpp_stanza_add_child(vcard, parent);
		xmpp_stanza_release(parent);
	}
	if (*value == '\0')
		return vcard;
	if (field->child == NULL) {
		stanza_add_text_child(vcard, field->element, value);
	} else {
		if (parent == NULL) {
			parent = xmpp_stanza_new(ctx);
			xmpp_stanza_set_name(parent, field->element);
			xmpp_stanza_add_child(vcard, parent);
			xmpp_stanza_release(parent);
		}
		stanza_add_text_child(parent, field->child, value);
	}
	return vcard;
}

static void vcard_on_set(struct session *session, xmpp_stanza_t *iq, void *data);

static void
vcard_on_get(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct vcard_request *request = data;
	const char *type = xmpp_stanza_get_type(iq);
	const char *whose = request->jid ? request->jid : session->jid;
	xmpp_stanza_t *vcard = xmpp_stanza_get_child_by_name_and_ns(iq, "vCard", NS_VCARD);

	if (type == NULL || strcmp(type, "result") != 0) {
		/* XEP-0054 3.1: no vCard at all is item-not-found. */
		char *why = stanza_describe_error(iq);
		if (request->field == NULL || why == NULL ||
		    strstr(why, "item-not-found") == NULL) {
			event_log(session->account, LOG_WARNING, "vcard of %s: %s", whose,
			          why ? why : "no answer");
			g_free(why);
			return;
		}
		g_free(why);
		vcard = NULL;
	}
	if (request->field == NULL) {
		vcard_report(session, whose, vcard);
		return;
	}
	/* A change: the vCard back whole, one field changed. */
	xmpp_ctx_t *ctx = netloop_context();
	char *id = stanza_new_id("vcard");
	xmpp_stanza_t *set = xmpp_iq_new(ctx, "set", id);
	xmpp_stanza_t *copy =
	        vcard_rebuild(ctx, vcard, vcard_field(request->field), request->value);
	struct vcard_request *again = g_new0(struct vcard_request, 1);

	xmpp_stanza_add_child(set, copy);
	again->field = g_strdup(request->field);
	again->value = g_strdup(request->value);
	session_request(session, set, vcard_on_set, again, vcard_request_free);
	xmpp_stanza_release(copy);
	xmpp_stanza_release(set);
	g_free(id);
}

static void
vcard_on_set(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct vcard_request *request = data;
	const char *type = xmpp_stanza_get_type(iq);

	if (type != NULL && strcmp(type, "result") == 0) {
		event_log(session->account, LOG_INFO, "vcard: %s %s", request->field,
		          *request->value ? "set" : "removed");
	} else {
		char *why = stanza_describe_error(iq);
		event_log(session->account, LOG_ERROR, "vcard: %s not changed: %s", request->field,
		          why ? why : "no answer");
		g_free(why);
	}
}

static int
vcard_send_get(struct session *session, struct vcard_request *request, char **cause)
{
	xmpp_stanza_t *iq;

	if (session->state != SESSION_ONLINE || session->conn == NULL) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		vcard_request_free(request);
		return -1;
	}
	/* XEP-0054 3.1: the account's own vCard is asked without a 'to'. */
	iq = stanza_new_query("get", request->jid, "vCard", NS_VCARD, NULL);
	session_request(session, iq, vcard_on_get, request, vcard_request_free);
	xmpp_stanza_release(iq);
	return 0;
}

int
vcard_show(struct session *session, const char *jid, char **cause)
{
	struct vcard_request *request = g_new0(struct vcard_request, 1);

	request->jid = g_strdup(jid);
	return vcard_send_get(session, request, cause);
}

int
vcard_set(struct session *session, const char *field, const char *value, char **cause)
{
	struct vcard_request *request;

	if (vcard_field(field) == NULL) {
		char *names = g_strjoinv(", ", (char **)vcard_field_names());
		*cause = g_strdup_printf("unknown field '%s' (%s)", field, names);
		g_free(names);
		return -1;
	}
	request = g_new0(struct vcard_request, 1);
	request->field = g_strdup(vcard_field(field)->name);
	request->value = g_strdup(value ? value : "");
	return vcard_send_get(session, request, cause);
}

/* ---- XEP-0012 ---- */

/* Seconds in words: "3 h 12 min", "45 s". */
static char *
vcard_duration(unsigned long seconds)
{
	if (seconds >= 86400)
		return g_strdup_printf("%lu d %lu h", seconds / 86400, seconds % 86400 / 3600);
	if (seconds >= 3600)
		return g_strdup_printf("%lu h %lu min", seconds / 3600, seconds % 3600 / 60);
	if (seconds >= 60)
		return g_strdup_printf("%lu min %lu s", seconds / 60, seconds % 60);
	return g_strdup_printf("%lu s", seconds);
}

static void
vcard_on_last(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const char *jid = data;
	const char *type = xmpp_stanza_get_type(iq);
	xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_LAST);
	const char *seconds = query ? xmpp_stanza_get_attribute(query, "seconds") : NULL;
	char *end = NULL, *text, *words;
	unsigned long value;

	if (type == NULL || strcmp(type, "result") != 0 || seconds == NULL) {
		char *why = stanza_describe_error(iq);
		event_log(session->account, LOG_WARNING, "last activity of %s: %s", jid,
		          why ? why : "no answer in the form expected");
		g_free(why);
		return;
	}
	value = strtoul(seconds, &end, 10);
	if (*seconds == '\0' || *end != '\0') {
		event_log(session->account, LOG_WARNING,
		          "last activity of %s: '%s' is not a number", jid, seconds);
		return;
	}
	text = xmpp_stanza_get_text(query);
	words = vcard_duration(value);
	/* XEP-0012 4-6: for an account, time since it went offline; for a
	 * client, idle time; for a server, uptime. */
	event_log(session->account, LOG_INFO, "last activity of %s: %s%s%s%s", jid, words,
	          text && *text ? " (\"" : "", text && *text ? text : "",
	          text && *text ? "\")" : "");
	if (text != NULL)
		xmpp_free(netloop_context(), text);
	g_free(words);
}

int
vcard_last_activity(struct session *session, const char *jid, char **cause)
{
	xmpp_stanza_t *iq;

	if (session->state != SESSION_ONLINE || session->conn == NULL) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	iq = stanza_new_query("get", jid, "query", NS_LAST, NULL);
	session_request(session, iq, vcard_on_last, g_strdup(jid), g_free);
	xmpp_stanza_release(iq);
	return 0;
}
