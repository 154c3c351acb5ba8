/*
 * session-log.c: what a session learns from libstrophe's log, and the
 * words for why a connection ended.
 *
 * libstrophe 0.12 reports some things only in its log: the stream
 * features, the server's SASL failure, TCP errors, whether a session was
 * resumed (XEP-0198). Each session has a libstrophe context of its own
 * (netloop_context_new()), so every line heard here is about the session
 * given as userdata.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config/prefs.h"

#include "core/event.h"
#include "core/log.h"
#include "model/account.h"
#include "xmpp/netloop.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"
#include "xmpp/watchdog.h"

/* Whether e is an errno value that says a link broke (not a stale one). */
static int
session_link_errno(int e)
{
	return e == ECONNRESET || e == ETIMEDOUT || e == EPIPE || e == ECONNABORTED ||
	       e == EHOSTUNREACH || e == ENETUNREACH || e == ENETDOWN || e == EHOSTDOWN;
}

void
session_log_reset(struct session *session)
{
	g_clear_pointer(&session->sasl_failure, g_free);
	g_clear_pointer(&session->strophe_error, g_free);
	g_clear_pointer(&session->transport_failure, g_free);
	g_clear_pointer(&session->cert_problem, g_free);
	session->link_error = 0;
	session->cert_unchecked = 0;
	session->sm_offered = 0;
	session->roster_versioning = 0;
	session->csi = 0;
	session->resumed = 0;
	session->failed_h = -1;
	session->resumed_h = -1;
}

/* The XML console's feed: what libstrophe logs as sent or received,
 * redacted. */
static void
session_emit_xml(struct session *session, const char *text)
{
	struct event event = { .type = EV_XML, .account = session->account };
	char *redacted = log_redact(text + 6);

	event.u.xml.incoming = text[0] == 'R';
	event.u.xml.text = redacted;
	event_emit(&event);
	g_free(redacted);
}

/* What libstrophe 0.12 would pick over PLAIN (it knows no others). */
static const char *const session_safe_mechanisms[] = {
	"SCRAM-SHA-512",
	"SCRAM-SHA-256",
	"SCRAM-SHA-1",
	"DIGEST-MD5",
};

/* 1 when the mechanisms offered (features, as logged) would make
 * libstrophe send PLAIN: PLAIN offered and none of the ones it prefers. It
 * compares names without case, so this does too. */
static int
session_would_send_plain(const char *features_xml)
{
	xmpp_stanza_t *features = xmpp_stanza_new_from_string(netloop_context(), features_xml);
	xmpp_stanza_t *mechanisms =
	        features ? xmpp_stanza_get_child_by_name(features, "mechanisms") : NULL;
	int plain = 0, safe = 0;

	for (xmpp_stanza_t *m = mechanisms ? xmpp_stanza_get_children(mechanisms) : NULL; m;
	     m = xmpp_stanza_get_next(m)) {
		char *text, *name;
		if (!xmpp_stanza_is_tag(m) || strcmp(xmpp_stanza_get_name(m), "mechanism") != 0)
			continue;
		text = xmpp_stanza_get_text(m);
		name = g_strstrip(g_strdup(text ? text : ""));
		xmpp_free(netloop_context(), text);
		plain |= g_ascii_strcasecmp(name, "PLAIN") == 0;
		for (size_t i = 0; i < G_N_ELEMENTS(session_safe_mechanisms); i++)
			safe |= g_ascii_strcasecmp(name, session_safe_mechanisms[i]) == 0;
		g_free(name);
	}
	if (features != NULL)
		xmpp_stanza_release(features);
	return plain && !safe;
}

/* RFC 6120 6.3.3 (mechanisms) and 13.9.4: PLAIN without TLS shows the
 * password to anyone on the path, who may also have removed the better
 * mechanisms from the list. When libstrophe would pick PLAIN on a
 * connection without TLS, refuse before it answers (the socket is shut in
 * this log callback, before the <auth/> is written), unless the account
 * allows it. */
static void
session_check_mechanisms(struct session *session, const char *features_xml)
{
	struct account *account = account_find(session->account);

	if (session->conn == NULL || xmpp_conn_is_secured(session->conn) ||
	    (account != NULL && account->allow_plain) || !session_would_send_plain(features_xml))
		return;
	g_free(session->failure);
	session->failure =
	        g_strdup("the server offers only PLAIN authentication on this connection without "
	                 "TLS, which would send your password in the clear: refused (allow_plain "
	                 "= yes in accounts.ini allows it)");
	netloop_abort(session->conn);
}

/* The stream features (RFC 6120 4.3.2) the server offers after login. */
static void
session_note_features(struct session *session, const char *text)
{
	if (strstr(text, "urn:ietf:params:xml:ns:xmpp-sasl") != NULL)
		session_check_mechanisms(session, text + 6);
	/* RFC 6121 2.6.1: <ver xmlns='urn:xmpp:features:rosterver'/>. */
	session->roster_versioning |= strstr(text, "urn:xmpp:features:rosterver") != NULL;
	/* XEP-0352 2: <csi xmlns='urn:xmpp:csi:0'/>. */
	session->csi |= strstr(text, "urn:xmpp:csi:0") != NULL;
	/* XEP-0198 4: <sm xmlns='urn:xmpp:sm:3'/>. */
	session->sm_offered |= strstr(text, "urn:xmpp:sm:3") != NULL;
}

/* XEP-0198 4-5: the h='N' attribute of a stream management element as
 * logged, or -1. */
static long
session_parse_h(const char *text)
{
	const char *end = strchr(text, '>'), *h = strstr(text, " h=");
	unsigned long value;

	if (h == NULL || (end != NULL && h > end) || (h[3] != '"' && h[3] != '\'') ||
	    sscanf(h + 4, "%lu", &value) != 1 || value > G_MAXUINT32)
		return -1;
	return (long)value;
}

/* The TLS handshake is over (libstrophe logs whether the certificate
 * verified, before the stream goes on to authentication): the server's
 * own certificate, the verification and the pin decide. A refusal shuts
 * the socket before the password could be sent. */
static void
session_on_checked(struct session *session, int verified)
{
	xmpp_tlscert_t *cert = session->conn ? xmpp_conn_get_peer_cert(session->conn) : NULL;

	if (cert == NULL) {
		if (!verified) {
			g_free(session->failure);
			session->failure = g_strdup("the server's certificate could not be read");
			netloop_abort(session->conn);
		}
		return;
	}
	session->cert_unchecked = 0;
	if (!tls_check_presented(session, cert, verified, session->cert_problem))
		netloop_abort(session->conn);
	g_clear_pointer(&session->cert_problem, g_free);
	xmpp_tlscert_free(cert);
}

char *
session_stanza_id(const char *xml)
{
	const char *end = strchr(xml, '>'), *id = xml;

	/* The id attribute of the first tag, in either kind of quotes. */
	while (end != NULL && (id = strstr(id, "id=")) != NULL && id < end) {
		if (id > xml && (id[-1] == ' ' || id[-1] == '\t' || id[-1] == '\n') &&
		    (id[3] == '"' || id[3] == '\'')) {
			const char *close = strchr(id + 4, id[3]);
			return close != NULL && close < end
			               ? g_strndup(id + 4, (gsize)(close - id - 4))
			               : NULL;
		}
		id += 3;
	}
	return NULL;
}

void
session_on_log(xmpp_log_level_t level, const char *area, const char *text, void *userdata)
{
	struct session *session = userdata;
	int error, code;

	if (strncmp(text, "SENT: ", 6) == 0 || strncmp(text, "RECV: ", 6) == 0) {
		/* XEP-0198 5: how many of ours the server had (outbox.c). */
		if (strncmp(text, "RECV: <resumed", 14) == 0)
			session->resumed_h = session_parse_h(text);
		if (event_wanted(EV_XML))
			session_emit_xml(session, text);
		if (strncmp(text, "RECV: <features", 15) == 0 ||
		    strncmp(text, "RECV: <stream:features", 22) == 0)
			session_note_features(session, text);
	}
	if (strncmp(text, "RECV: <failure", 14) == 0 && strstr(text, "xmpp-sasl") != NULL) {
		xmpp_stanza_t *failure = xmpp_stanza_new_from_string(netloop_context(), text + 6);
		if (failure != NULL) {
			g_free(session->sasl_failure);
			session->sasl_failure = stanza_describe_failure(failure);
			xmpp_stanza_release(failure);
		}
	} else if (strcmp(text, "Certificate verification passed") == 0) {
		session_on_checked(session, 1);
	} else if (strncmp(text, "Certificate verification FAILED", 31) == 0) {
		session_on_checked(session, 0);
	} else if (strcmp(text, "Session resumed successfully.") == 0) {
		session->resumed = 1;
	} else if (strncmp(text, "SM error: Stanza received was: <failed", 38) == 0) {
		/* Only a resumption is answered this way: libstrophe 0.12
		 * does not log a refused <enable/> so. Its <failed/> may say
		 * how many of ours the server had (XEP-0198 5). */
		if (session->reconnecting)
			session->failed_h = session_parse_h(text);
	} else if (strncmp(text, "error=", 6) == 0 &&
	           sscanf(text, "error=%*[A-Z_](%d) errno=%d", &code, &error) == 2) {
		/* libstrophe 0.12 passes on only OpenSSL's error code; its
		 * TLS layer logs the errno of the read or write that failed
		 * ("error=SSL_ERROR_SYSCALL(5) errno=104 lasterror=0"), which
		 * says something only with SSL_ERROR_SYSCALL (5). */
		if (code == 5 && session_link_errno(error))
			session->link_error = error;
	} else if (strncmp(text, "parse error", 11) == 0) {
		/* The server sent what is not XML: libstrophe 0.12 answers with
		 * a stream error and waits for the server to close the stream
		 * (parsing nothing more meanwhile), which a hostile or broken
		 * server never does. RFC 6120 4.9.1.1: a stream error is
		 * unrecoverable; the stream is closed here. */
		reconnect_cut(session, "the server sent what is not XML (invalid-xml)");
	} else if (level == XMPP_LEVEL_ERROR) {
		g_free(session->strophe_error);
		session->strophe_error = g_strdup(text);
	} else if (sscanf(text, "connection failed, error %d", &error) == 1) {
		g_free(session->transport_failure);
		session->transport_failure = g_strdup(g_strerror(error));
	} else if (strcmp(text, "Connection attempt timed out.") == 0) {
		g_free(session->transport_failure);
		session->transport_failure = g_strdup("no answer (timed out)");
	}
}

/* libstrophe calls this when the certificate fails verification: refuse it
 * and say which certificate it was. */
/*
 * libstrophe calls this for a certificate of the chain that fails
 * verification, which may be an authority's rather than the server's own.
 * The decision waits until the handshake is over and the server's own
 * certificate can be had (session_on_checked(), from the log line
 * libstrophe writes then, before the stream goes on to authentication);
 * here only why verification failed is kept.
 */
int
session_on_certfail(const xmpp_tlscert_t *cert, const char *const errormsg)
{
	struct session *session = session_by_context(xmpp_tlscert_get_ctx(cert));

	if (session == NULL)
		return 0;
	if (session->cert_problem == NULL)
		session->cert_problem = g_strdup(errormsg ? errormsg : "verification failed");
	session->cert_unchecked = 1;
	return 1;
}

/* error is libstrophe's: an errno value without TLS; with it, an OpenSSL
 * SSL_get_error() code, and the errno its TLS layer logged (link_error). */
static char *
session_lost_reason(struct session *session, int error)
{
	const struct account *account = account_find(session->account);
	int plaintext = account != NULL && account->tls == ACCOUNT_TLS_DISABLE;
	int why = plaintext ? error : session->link_error;

	if (why == ETIMEDOUT)
		return g_strdup_printf(
		        "connection lost: the link went silent (nothing acknowledged "
		        "within net.keepalive, %d s): timed out",
		        prefs_int("net.keepalive"));
	if (why != 0)
		return g_strdup_printf("connection lost: %s", g_strerror(why));
	/* OpenSSL's SSL_ERROR_SSL or SSL_ERROR_SYSCALL with no errno: mostly
	 * a TCP close without TLS's close_notify (a killed server, a proxy). */
	return g_strdup("connection lost: the connection was closed without the stream's end");
}

char *
session_close_reason(struct session *session, int error, xmpp_stream_error_t *stream_error,
                     int *transport)
{
	*transport = 0;
	if (session->failure != NULL)
		return g_strdup(session->failure);
	if (session->attempt_expired) {
		*transport = 1;
		return g_strdup_printf("%s did not complete the login within %d seconds",
		                       session->address, SESSION_ATTEMPT_S);
	}
	if (netloop_stalled(session->conn)) {
		*transport = 1;
		return g_strdup_printf("%s accepted the connection but did not complete the TLS "
		                       "handshake within %d seconds",
		                       session->address, WATCHDOG_TIMEOUT_S);
	}
	if (session->user_disconnect)
		return g_strdup("disconnected");
	if (!session->authenticated && session->transport_failure != NULL) {
		*transport = 1;
		return g_strdup_printf("cannot connect to %s: %s", session->address,
		                       session->transport_failure);
	}
	if (!session->authenticated && session->sasl_failure != NULL)
		return g_strdup_printf("authentication failed: %s", session->sasl_failure);
	if (stream_error != NULL)
		return stanza_describe_stream_error(stream_error->type, stream_error->text);
	if (error != 0)
		return session_lost_reason(session, error);
	if (!session->authenticated && session->strophe_error != NULL) {
		struct account *account = account_find(session->account);
		int plaintext = account != NULL && account->tls == ACCOUNT_TLS_DISABLE;
		return g_strdup_printf("could not log in: %s%s", session->strophe_error,
		                       plaintext ? " (with tls = disable: the server may allow "
		                                   "logging in only over TLS)"
		                                 : "");
	}
	if (!session->authenticated)
		return g_strdup("the server closed the connection before login completed");
	return g_strdup("the server closed the connection");
}
