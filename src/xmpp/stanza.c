/*
 * stanza.c: reading stanzas and putting protocol errors into words.
 *
 * Stateless.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

char *
stanza_child_text(xmpp_stanza_t *stanza, const char *name)
{
	xmpp_stanza_t *child = xmpp_stanza_get_child_by_name(stanza, name);
	char *text, *copy;

	if (child == NULL)
		return NULL;
	text = xmpp_stanza_get_text(child);
	if (text == NULL)
		return g_strdup("");
	copy = g_strdup(text);
	xmpp_free(xmpp_stanza_get_context(stanza), text);
	return copy;
}

/* The first child element other than <text/>: the defined condition. */
static const char *
stanza_condition(xmpp_stanza_t *parent)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(parent); c; c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : NULL;
		if (name != NULL && strcmp(name, "text") != 0)
			return name;
	}
	return NULL;
}

const char *
stanza_error_condition(xmpp_stanza_t *stanza)
{
	xmpp_stanza_t *error = xmpp_stanza_get_child_by_name(stanza, "error");

	return error != NULL ? stanza_condition(error) : NULL;
}

static char *
stanza_condition_and_text(const char *condition, const char *text)
{
	if (condition == NULL)
		condition = "undefined-condition";
	if (text != NULL && *text != '\0')
		return g_strdup_printf("%s (%s)", condition, text);
	return g_strdup(condition);
}

char *
stanza_describe_failure(xmpp_stanza_t *failure)
{
	char *text = stanza_child_text(failure, "text");
	char *described = stanza_condition_and_text(stanza_condition(failure), text);

	g_free(text);
	return described;
}

/* RFC 6120 4.9.3, in the order of libstrophe's xmpp_error_type_t. */
static const char *const stream_conditions[] = {
	"bad-format",
	"bad-namespace-prefix",
	"conflict",
	"connection-timeout",
	"host-gone",
	"host-unknown",
	"improper-addressing",
	"internal-server-error",
	"invalid-from",
	"invalid-id",
	"invalid-namespace",
	"invalid-xml",
	"not-authorized",
	"policy-violation",
	"remote-connection-failed",
	"resource-constraint",
	"restricted-xml",
	"see-other-host",
	"system-shutdown",
	"undefined-condition",
	"unsupported-encoding",
	"unsupported-stanza-type",
	"unsupported-version",
	"not-well-formed",
};

char *
stanza_describe_stream_error(xmpp_error_type_t type, const char *text)
{
	const char *condition = (size_t)type < G_N_ELEMENTS(stream_conditions)
	                                ? stream_conditions[type]
	                                : "undefined-condition";
	char *described = stanza_condition_and_text(condition, text);
	char *words;

	if (type == XMPP_SE_CONFLICT)
		words = g_strdup_printf("another client logged in with the same resource: %s",
		                        described);
	else if (type == XMPP_SE_SYSTEM_SHUTDOWN)
		words = g_strdup_printf("the server is shutting down: %s", described);
	else
		words = g_strdup_printf("the server ended the stream: %s", described);
	g_free(described);
	return words;
}

/* RFC 6120 8.3.3 conditions a person may meet, in words. */
static const struct {
	const char *condition;
	const char *words;
} stanza_error_words[] = {
	{ "service-unavailable", "the recipient cannot receive this" },
	{ "item-not-found", "no such address" },
	{ "recipient-unavailable", "the recipient is not available" },
	{ "remote-server-not-found", "the recipient's server cannot be reached" },
	{ "remote-server-timeout", "the recipient's server did not answer in time" },
	{ "forbidden", "not allowed" },
	{ "not-allowed", "not allowed" },
	{ "not-authorized", "not authorized" },
	{ "policy-violation", "refused by the server's policy" },
	{ "resource-constraint", "the server is too busy" },
	{ "jid-malformed", "the address is not valid" },
	{ "feature-not-implemented", "not supported by the recipient" },
	{ "bad-request", "the request was malformed" },
	{ "internal-server-error", "the server had an internal error" },
};

char *
stanza_describe_error(xmpp_stanza_t *stanza)
{
	xmpp_stanza_t *error = xmpp_stanza_get_child_by_name(stanza, "error");
	const char *condition;
	char *text, *described;

	if (error == NULL)
		return NULL;
	condition = stanza_condition(error);
	text = stanza_child_text(error, "text");
	for (size_t i = 0; condition != NULL && i < G_N_ELEMENTS(stanza_error_words); i++) {
		if (strcmp(condition, stanza_error_words[i].condition) == 0) {
			described =
			        text != NULL && *text != '\0'
			                ? g_strdup_printf("%s: %s (%s)",
			                                  stanza_error_words[i].words, text,
			                                  condition)
			                : g_strdup_printf("%s (%s)", stanza_error_words[i].words,
			                                  condition);
			g_free(text);
			return described;
		}
	}
	described = stanza_condition_and_text(condition, text);
	g_free(text);
	return described;
}

char *
stanza_format_fingerprint(const char *fingerprint)
{
	GString *out = g_string_new(NULL);
	int digits = 0;

	for (const char *p = fingerprint ? fingerprint : ""; *p != '\0'; p++) {
		if (!g_ascii_isxdigit(*p))
			continue;
		if (digits > 0 && digits % 2 == 0)
			g_string_append_c(out, ':');
		g_string_append_c(out, g_ascii_toupper(*p));
		digits++;
	}
	if (out->len == 0)
		g_string_append(out, "unknown");
	return g_string_free(out, FALSE);
}

/* An empty <iq/> of this type answering iq (RFC 6120 8.2.3). */
static xmpp_stanza_t *
stanza_new_reply(xmpp_stanza_t *iq, const char *type)
{
	xmpp_stanza_t *reply =
	        xmpp_iq_new(xmpp_stanza_get_context(iq), type, xmpp_stanza_get_id(iq));
	const char *from = xmpp_stanza_get_from(iq);

	if (from != NULL)
		xmpp_stanza_set_to(reply, from);
	return reply;
}

void
stanza_reply_result(struct session *session, xmpp_stanza_t *iq)
{
	xmpp_stanza_t *reply = stanza_new_reply(iq, "result");

	session_send(session, reply);
	xmpp_stanza_release(reply);
}

void
stanza_reply_error(struct session *session, xmpp_stanza_t *iq, const char *condition,
                   const char *type)
{
	xmpp_ctx_t *ctx = xmpp_stanza_get_context(iq);
	xmpp_stanza_t *reply = stanza_new_reply(iq, "error");
	xmpp_stanza_t *error = xmpp_stanza_new(ctx);
	xmpp_stanza_t *cond = xmpp_stanza_new(ctx);

	xmpp_stanza_set_name(error, "error");
	xmpp_stanza_set_type(error, type);
	xmpp_stanza_set_name(cond, condition);
	xmpp_stanza_set_ns(cond, XMPP_NS_STANZAS_IETF);
	xmpp_stanza_add_child(error, cond);
	xmpp_stanza_add_child(reply, error);
	session_send(session, reply);
	xmpp_stanza_release(cond);
	xmpp_stanza_release(error);
	xmpp_stanza_release(reply);
}

char *
stanza_new_id(const char *prefix)
{
	static unsigned counter;

	/* Unique in this process, and unguessable enough that a reply
	 * cannot be forged in advance. */
	return g_strdup_printf("%s-%u-%08x", prefix, ++counter, g_random_int());
}

const char *
stanza_id_by(xmpp_stanza_t *stanza, const char *by)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(stanza); c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		if (xmpp_stanza_is_tag(c) && strcmp(xmpp_stanza_get_name(c), "stanza-id") == 0 &&
		    g_strcmp0(xmpp_stanza_get_ns(c), "urn:xmpp:sid:0") == 0 &&
		    g_strcmp0(xmpp_stanza_get_attribute(c, "by"), by) == 0)
			return xmpp_stanza_get_attribute(c, "id");
	}
	return NULL;
}

void
stanza_add_text_child(xmpp_stanza_t *parent, const char *name, const char *text)
{
	xmpp_ctx_t *ctx = xmpp_stanza_get_context(parent);
	xmpp_stanza_t *child = xmpp_stanza_new(ctx);
	xmpp_stanza_t *body = xmpp_stanza_new(ctx);

	xmpp_stanza_set_name(child, name);
	xmpp_stanza_set_text(body, text);
	xmpp_stanza_add_child(child, body);
	xmpp_stanza_add_child(parent, child);
	xmpp_stanza_release(body);
	xmpp_stanza_release(child);
}

xmpp_stanza_t *
stanza_new_query(const char *type, const char *to, const char *name, const char *ns,
                 xmpp_stanza_t **payload)
{
	xmpp_ctx_t *ctx = netloop_context();
	char *id = stanza_new_id(name);
	xmpp_stanza_t *iq = xmpp_iq_new(ctx, type, id);
	xmpp_stanza_t *child = xmpp_stanza_new(ctx);

	if (to != NULL)
		xmpp_stanza_set_to(iq, to);
	xmpp_stanza_set_name(child, name);
	xmpp_stanza_set_ns(child, ns);
	xmpp_stanza_add_child(iq, child);
	xmpp_stanza_release(child); /* the iq holds it */
	if (payload != NULL)
		*payload = child;
	g_free(id);
	return iq;
}

/* How far in the future a delay stamp may be (clocks differ). */
#define STANZA_DELAY_FUTURE_US (G_GINT64_CONSTANT(86400) * G_USEC_PER_SEC)

gint64
stanza_delay(xmpp_stanza_t *stanza)
{
	xmpp_stanza_t *delay =
	        xmpp_stanza_get_child_by_name_and_ns(stanza, "delay", "urn:xmpp:delay");
	const char *stamp = delay ? xmpp_stanza_get_attribute(delay, "stamp") : NULL;
	GDateTime *time = stamp != NULL ? g_date_time_new_from_iso8601(stamp, NULL) : NULL;
	gint64 microseconds;

	if (time == NULL)
		return 0;
	microseconds =
	        g_date_time_to_unix(time) * G_USEC_PER_SEC + g_date_time_get_microsecond(time);
	g_date_time_unref(time);
	/* A stamp before 1970 or more than a day ahead is a sender's error
	 * (or mischief): the time of receipt is closer to the truth. */
	if (microseconds < 0 || microseconds > g_get_real_time() + STANZA_DELAY_FUTURE_US)
		return 0;
	return microseconds;
}
