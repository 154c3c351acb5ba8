/*
 * register.c: in-band registration (XEP-0077): creating an account on its
 * server, and changing its password.
 *
 * Creating runs as an attempt of the account's session (same password,
 * DNS, TLS and certificate checks as a login) whose stream is opened raw:
 * STARTTLS done here, then the registration fields asked for (XEP-0077
 * 3.1) and filled with the account's user name and password, plus any
 * FIELD=VALUE the user gave; the stream then closes and the session ends
 * "disconnected", saying whether the account was created.
 */
#include "config.h"

#include <string.h>

#include "config/accounts.h"
#include "core/event.h"
#include "core/log.h"
#include "model/account.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_REGISTER         "jabber:iq:register"
#define NS_REGISTER_FEATURE "http://jabber.org/features/iq-register"
#define NS_STREAMS          "http://etherx.jabber.org/streams"
#define NS_TLS              "urn:ietf:params:xml:ns:xmpp-tls"
#define NS_DATA             "jabber:x:data"

/* Ends the registration attempt: with failure (NULL: the account was
 * created). */
static void
register_end(struct session *session, const char *failure)
{
	g_free(session->failure);
	session->failure = g_strdup(failure);
	session->registered = failure == NULL;
	xmpp_disconnect(session->conn);
	netloop_flush();
}

/* The user's FIELD=VALUE for name, or NULL. */
static const char *
register_extra(struct session *session, const char *name)
{
	size_t n = strlen(name);

	for (guint i = 0; session->register_fields && i < session->register_fields->len; i++) {
		const char *field = session->register_fields->pdata[i];
		if (strncmp(field, name, n) == 0 && field[n] == '=')
			return field + n + 1;
	}
	return NULL;
}

/* What goes in a field: the account's user name and password, or what
 * the user gave. */
struct register_values {
	const char *node;     /* the account's user name */
	const char *password; /* its password */
};

static const char *
register_value(struct session *session, const char *name, const struct register_values *values)
{
	if (strcmp(name, "username") == 0)
		return values->node;
	if (strcmp(name, "password") == 0)
		return values->password;
	return register_extra(session, name);
}

/* XEP-0077 3.1 with a data form (XEP-0004): each field that needs a value
 * gets one, or is named in *missing. */
static xmpp_stanza_t *
register_fill_form(struct session *session, xmpp_stanza_t *form,
                   const struct register_values *values, GString *missing)
{
	xmpp_ctx_t *ctx = netloop_context();
	xmpp_stanza_t *x = xmpp_stanza_new(ctx);

	xmpp_stanza_set_name(x, "x");
	xmpp_stanza_set_ns(x, NS_DATA);
	xmpp_stanza_set_type(x, "submit");
	for (xmpp_stanza_t *f = xmpp_stanza_get_children(form); f; f = xmpp_stanza_get_next(f)) {
		const char *var = xmpp_stanza_get_attribute(f, "var");
		const char *type = xmpp_stanza_get_attribute(f, "type");
		const char *label = xmpp_stanza_get_attribute(f, "label");
		const char *value;
		char *given = NULL;
		xmpp_stanza_t *field;
		if (!xmpp_stanza_is_tag(f) || strcmp(xmpp_stanza_get_name(f), "field") != 0 ||
		    var == NULL || g_strcmp0(type, "fixed") == 0)
			continue;
		value = register_value(session, var, values);
		if (value == NULL && g_strcmp0(type, "hidden") == 0)
			value = given = stanza_child_text(f, "value"); /* FORM_TYPE and the like */
		if (value == NULL) {
			if (xmpp_stanza_get_child_by_name(f, "required") != NULL)
				g_string_append_printf(
				        missing, "%s%s%s%s%s", missing->len ? ", " : "", var,
				        label ? " (" : "", label ? label : "", label ? ")" : "");
			continue;
		}
		field = xmpp_stanza_new(ctx);
		xmpp_stanza_set_name(field, "field");
		xmpp_stanza_set_attribute(field, "var", var);
		stanza_add_text_child(field, "value", value);
		xmpp_stanza_add_child(x, field);
		xmpp_stanza_release(field);
		g_free(given);
	}
	return x;
}

/* XEP-0077 3.1 without a form: each element of the query is a field. */
static void
register_fill_fields(struct session *session, xmpp_stanza_t *fields, xmpp_stanza_t *query,
                     const struct register_values *values, GString *missing)
{
	for (xmpp_stanza_t *f = xmpp_stanza_get_children(fields); f; f = xmpp_stanza_get_next(f)) {
		const char *name = xmpp_stanza_is_tag(f) ? xmpp_stanza_get_name(f) : NULL;
		const char *value;
		if (name == NULL || strcmp(name, "instructions") == 0 ||
		    strcmp(name, "registered") == 0 || strcmp(name, "x") == 0)
			continue;
		value = register_value(session, name, values);
		if (value == NULL)
			g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", name);
		else
			stanza_add_text_child(query, name, value);
	}
}

static int
register_on_submitted(xmpp_conn_t *conn, xmpp_stanza_t *iq, void *userdata)
{
	struct session *session = userdata;
	const char *type = xmpp_stanza_get_type(iq);
	xmpp_stanza_t *error = xmpp_stanza_get_child_by_name(iq, "error");
	char *why, *failure;

	if (session->conn != conn)
		return 0;
	if (g_strcmp0(type, "result") == 0) {
		register_end(session, NULL);
		return 0;
	}
	why = stanza_describe_error(iq);
	/* XEP-0077 3.1: conflict is a name taken, not-acceptable a field
	 * missing or refused. */
	if (error != NULL && xmpp_stanza_get_child_by_name(error, "conflict") != NULL)
		failure = g_strdup_printf("the name %s is taken on that server (%s)", session->jid,
		                          why ? why : "conflict");
	else
		failure = g_strdup_printf("the server refused the registration: %s",
		                          why ? why : "no reason given");
	register_end(session, failure);
	g_free(failure);
	g_free(why);
	return 0;
}

static int
register_on_fields(xmpp_conn_t *conn, xmpp_stanza_t *iq, void *userdata)
{
	struct session *session = userdata;
	struct account *account = account_find(session->account);
	xmpp_stanza_t *fields = xmpp_stanza_get_child_by_name_and_ns(iq, "query", NS_REGISTER);
	xmpp_stanza_t *form =
	        fields ? xmpp_stanza_get_child_by_name_and_ns(fields, "x", NS_DATA) : NULL;
	xmpp_stanza_t *submit, *query;
	char *node = NULL;
	struct register_values values = {
		.password = session->password ? session->password
		            : account         ? account->password
		                              : NULL,
	};
	GString *missing;
	char *id, *why;

	if (session->conn != conn)
		return 0;
	missing = g_string_new(NULL);
	values.node = node = session_node(session);
	if (fields == NULL || g_strcmp0(xmpp_stanza_get_type(iq), "result") != 0) {
		why = stanza_describe_error(iq);
		char *failure =
		        g_strdup_printf("the server does not let accounts be created here: %s",
		                        why ? why : "no registration form");
		register_end(session, failure);
		g_free(failure);
		g_free(why);
		g_string_free(missing, TRUE);
		g_free(node);
		return 0;
	}
	id = stanza_new_id("register");
	submit = stanza_new_query("set", NULL, "query", NS_REGISTER, &query);
	xmpp_stanza_set_id(submit, id);
	if (form != NULL) {
		xmpp_stanza_t *x = register_fill_form(session, form, &values, missing);
		xmpp_stanza_add_child(query, x);
		xmpp_stanza_release(x);
	} else {
		register_fill_fields(session, fields, query, &values, missing);
	}
	if (missing->len > 0) {
		char *failure = g_strdup_printf("the server also asks for: %s; give each as "
		                                "FIELD=VALUE after the account's name",
		                                missing->str);
		register_end(session, failure);
		g_free(failure);
	} else {
		xmpp_id_handler_add(conn, register_on_submitted, id, session);
		xmpp_send(conn, submit);
		netloop_flush();
	}
	xmpp_stanza_release(submit);
	g_string_free(missing, TRUE);
	g_free(node);
	g_free(id);
	return 0;
}

static int
register_on_proceed(xmpp_conn_t *conn, xmpp_stanza_t *stanza, void *userdata)
{
	struct session *session = userdata;

	if (session->conn != conn)
		return 0;
	if (xmpp_conn_tls_start(conn) != 0) {
		if (session->failure == NULL)
			register_end(session, "the TLS handshake failed");
		else
			xmpp_disconnect(conn);
		return 0;
	}
	xmpp_conn_open_stream_default(conn);
	netloop_flush();
	return 0;
}

/* RFC 6120 4.3.2: the stream features, before and after STARTTLS. */
static int
register_on_features(xmpp_conn_t *conn, xmpp_stanza_t *features, void *userdata)
{
	struct session *session = userdata;
	struct account *account = account_find(session->account);
	int tls_off = account != NULL && account->tls == ACCOUNT_TLS_DISABLE;
	xmpp_stanza_t *iq, *query;
	char *id;

	if (session->conn != conn)
		return 0;
	if (session->cert_unchecked) {
		register_end(session, "the server's certificate was never checked");
		return 0;
	}
	if (!xmpp_conn_is_secured(conn) && !tls_off) {
		if (xmpp_stanza_get_child_by_name_and_ns(features, "starttls", NS_TLS) == NULL) {
			register_end(session, "the server does not offer TLS (STARTTLS)");
			return 0;
		}
		xmpp_handler_add(conn, register_on_proceed, NS_TLS, "proceed", NULL, session);
		xmpp_send_raw_string(conn, "<starttls xmlns='%s'/>", NS_TLS);
		netloop_flush();
		return 1; /* the features come again after TLS */
	}
	if (xmpp_stanza_get_child_by_name_and_ns(features, "register", NS_REGISTER_FEATURE) ==
	    NULL) {
		register_end(session, "the server does not let accounts be created from a client "
		                      "(XEP-0077 in-band registration is off)");
		return 0;
	}
	/* XEP-0077 3.1: ask for the fields. */
	id = stanza_new_id("register");
	iq = stanza_new_query("get", NULL, "query", NS_REGISTER, &query);
	xmpp_stanza_set_id(iq, id);
	xmpp_id_handler_add(conn, register_on_fields, id, session);
	xmpp_send(conn, iq);
	netloop_flush();
	xmpp_stanza_release(iq);
	g_free(id);
	return 0;
}

void
register_begin(struct session *session, xmpp_conn_t *conn)
{
	xmpp_handler_add(conn, register_on_features, NS_STREAMS, "features", NULL, session);
	xmpp_conn_open_stream_default(conn);
	netloop_flush();
}

int
session_register(struct session *session, char **fields, char **cause)
{
	if (session->state != SESSION_DISCONNECTED) {
		*cause = g_strdup_printf("account '%s' is %s: /disconnect it first",
		                         session->account, session_state_name(session->state));
		return -1;
	}
	for (char **f = fields; f != NULL && *f != NULL; f++) {
		if (strchr(*f, '=') == NULL || **f == '=') {
			*cause = g_strdup_printf("'%s' is not FIELD=VALUE", *f);
			return -1;
		}
	}
	g_clear_pointer(&session->register_fields, g_ptr_array_unref);
	session->register_fields = g_ptr_array_new_with_free_func(g_free);
	for (char **f = fields; f != NULL && *f != NULL; f++)
		g_ptr_array_add(session->register_fields, g_strdup(*f));
	session->registering = 1;
	session->registered = 0;
	session->user_disconnect = 0;
	session->reconnecting = 0;
	session_attempt(session);
	return 0;
}

/* ---- changing the password (XEP-0077 3.3) ---- */

struct password_change {
	char *account;
	char *password;
	int answered;
};

static void
password_change_free(gpointer pointer)
{
	struct password_change *change = pointer;

	/* The connection ended first: the server may or may not have it. */
	if (!change->answered)
		event_log(change->account, LOG_WARNING,
		          "the connection ended before the server answered the password change: "
		          "it may have the new password or the old one");
	g_free(change->account);
	explicit_bzero(change->password, strlen(change->password));
	g_free(change->password);
	g_free(change);
}

static void
register_on_password(struct session *session, xmpp_stanza_t *iq, void *data)
{
	struct password_change *change = data;
	char *cause = NULL, *why;

	change->answered = 1;
	if (g_strcmp0(xmpp_stanza_get_type(iq), "result") != 0) {
		why = stanza_describe_error(iq);
		event_log(session->account, LOG_ERROR, "the server did not change the password: %s",
		          why ? why : "no reason given");
		g_free(why);
		return;
	}
	/* The next login needs the new one: where it came from is updated. */
	connect_forget_password(session);
	session->password = g_strdup(change->password);
	if (account_set_password(session->account, change->password, &cause) == -1) {
		event_log(session->account, LOG_WARNING,
		          "the password is changed on the server; %s", cause);
		g_free(cause);
		return;
	}
	event_log(session->account, LOG_INFO, "the password is changed on the server%s",
	          account_find(session->account) &&
	                          account_find(session->account)->eval_password != NULL
	                  ? "; update what eval_password prints before the next start"
	                  : " and in accounts.ini");
}

int
session_change_password(struct session *session, const char *password, char **cause)
{
	struct password_change *change;
	xmpp_stanza_t *iq, *query;
	char *node;

	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	if (*password == '\0' || !g_utf8_validate(password, -1, NULL)) {
		*cause = g_strdup("the new password is empty or not valid UTF-8");
		return -1;
	}
	/* accounts.ini keeps a value without blanks around it, on one line. */
	for (const char *p = password; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*cause = g_strdup("the new password has a control character (a new line?)");
			return -1;
		}
	}
	if (g_ascii_isspace(password[0]) || g_ascii_isspace(password[strlen(password) - 1])) {
		*cause = g_strdup("the new password begins or ends with a blank, which "
		                  "accounts.ini could not keep");
		return -1;
	}
	/* XEP-0077 3.3: to the server, with the user name. */
	iq = stanza_new_query("set", session_domain(session), "query", NS_REGISTER, &query);
	node = session_node(session);
	stanza_add_text_child(query, "username", node);
	stanza_add_text_child(query, "password", password);
	g_free(node);
	change = g_new0(struct password_change, 1);
	change->account = g_strdup(session->account);
	change->password = g_strdup(password);
	session_request(session, iq, register_on_password, change, password_change_free);
	xmpp_stanza_release(iq);
	return 0;
}
