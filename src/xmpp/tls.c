/*
 * tls.c: the servers' certificates and the ones the user pinned.
 *
 * libstrophe verifies the server's certificate against the system's
 * authorities and the account's trust_cafile. A certificate that fails is
 * shown to tls_check_presented() by the certfail callback; one that passes
 * is fetched when libstrophe logs so (session-log.c), before the stream
 * reaches authentication. Either way the pin decides when there is one.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/paths.h"
#include "core/log.h"
#include "core/spawn.h"
#include "model/account.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"
#include "xmpp/tls.h"

/* A certificate as presented, in words. */
struct tls_seen {
	char *subject;
	char *issuer;
	char *not_before;
	char *not_after;
	char *fingerprint; /* SHA-256, "AB:CD:..." */
	char *names;       /* DNS names it is for, comma-separated */
	char *pem;
	int verified;  /* an authority vouched for it */
	char *problem; /* why verification failed, or NULL */
};

void
tls_seen_free(struct tls_seen *seen)
{
	if (seen == NULL)
		return;
	g_free(seen->subject);
	g_free(seen->issuer);
	g_free(seen->not_before);
	g_free(seen->not_after);
	g_free(seen->fingerprint);
	g_free(seen->names);
	g_free(seen->pem);
	g_free(seen->problem);
	g_free(seen);
}

static char *
tls_pin_path(const char *account)
{
	return paths_account_file("certs", account, ".pin");
}

/* The pinned certificate's fingerprint ("AB:CD:..."), or NULL. A pin file
 * that cannot be read pins nothing that could be accepted: "?" (refuse). */
static char *
tls_pin_load(const char *account, char **subject)
{
	char *path = tls_pin_path(account), *fingerprint;
	GKeyFile *file = g_key_file_new();

	if (subject != NULL)
		*subject = NULL;
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		g_key_file_free(file);
		g_free(path);
		return NULL;
	}
	fingerprint = g_key_file_load_from_file(file, path, G_KEY_FILE_NONE, NULL)
	                      ? g_key_file_get_string(file, "pin", "sha256", NULL)
	                      : NULL;
	if (subject != NULL)
		*subject = g_key_file_get_string(file, "pin", "subject", NULL);
	g_key_file_free(file);
	g_free(path);
	return fingerprint != NULL ? fingerprint : g_strdup("?");
}

static int
tls_same(const char *a, const char *b)
{
	return a != NULL && b != NULL && g_ascii_strcasecmp(a, b) == 0;
}

static struct tls_seen *
tls_seen_new(const xmpp_tlscert_t *cert, int verified, const char *problem)
{
	struct tls_seen *seen = g_new0(struct tls_seen, 1);
	GString *names = g_string_new(NULL);
	const char *name;

	seen->subject = g_strdup(xmpp_tlscert_get_string(cert, XMPP_CERT_SUBJECT));
	seen->issuer = g_strdup(xmpp_tlscert_get_string(cert, XMPP_CERT_ISSUER));
	seen->not_before = g_strdup(xmpp_tlscert_get_string(cert, XMPP_CERT_NOTBEFORE));
	seen->not_after = g_strdup(xmpp_tlscert_get_string(cert, XMPP_CERT_NOTAFTER));
	seen->fingerprint = stanza_format_fingerprint(
	        xmpp_tlscert_get_string(cert, XMPP_CERT_FINGERPRINT_SHA256));
	for (size_t n = 0; (name = xmpp_tlscert_get_dnsname(cert, n)) != NULL; n++)
		g_string_append_printf(names, "%s%s", names->len ? ", " : "", name);
	/* No subjectAltName seen: the subject's common name says it. */
	name = seen->subject ? strstr(seen->subject, "CN=") : NULL;
	if (names->len == 0 && name != NULL)
		g_string_append_len(names, name + 3, (gssize)strcspn(name + 3, "/,"));
	seen->names = g_string_free(names, FALSE);
	seen->pem = g_strdup(xmpp_tlscert_get_pem(cert));
	seen->verified = verified;
	seen->problem = g_strdup(problem);
	return seen;
}

/* Why verification failed, in words a person can act on. */
static char *
tls_explain(const struct tls_seen *seen, const char *domain)
{
	const char *problem = seen->problem ? seen->problem : "verification failed";

	if (strstr(problem, "ostname mismatch") != NULL)
		return g_strdup_printf("it is for %s, not %s",
		                       *seen->names ? seen->names : seen->subject, domain);
	if (strstr(problem, "expired") != NULL)
		return g_strdup_printf("it expired on %s", seen->not_after);
	if (strstr(problem, "not yet valid") != NULL)
		return g_strdup_printf("it is valid only from %s", seen->not_before);
	if (strstr(problem, "self-signed") != NULL || strstr(problem, "self signed") != NULL ||
	    strstr(problem, "local issuer") != NULL)
		return g_strdup_printf("no authority you trust vouches for it (%s)", problem);
	return g_strdup(problem);
}

int
tls_check_presented(struct session *session, const xmpp_tlscert_t *cert, int verified,
                    const char *problem)
{
	struct tls_seen *seen = tls_seen_new(cert, verified, problem);
	char *pinned = tls_pin_load(session->account, NULL), *why;
	int accept;

	tls_seen_free(session->seen_cert);
	session->seen_cert = seen;
	if (pinned != NULL && tls_same(pinned, seen->fingerprint)) {
		g_free(pinned);
		return 1; /* the user's choice, whatever the authorities say */
	}
	g_free(session->failure);
	session->failure = NULL;
	accept = pinned == NULL && verified;
	if (pinned != NULL) {
		session->failure = g_strdup_printf(
		        "the server's certificate is not the one you pinned: pinned SHA-256 %s, "
		        "presented %s (subject %s, issuer %s); /tls show describes it, /tls trust "
		        "pins it if you trust it",
		        pinned, seen->fingerprint, seen->subject, seen->issuer);
	} else if (!accept) {
		why = tls_explain(seen, session_domain(session));
		session->failure = g_strdup_printf(
		        "the server's certificate is not trusted: %s; subject %s; SHA-256 "
		        "fingerprint "
		        "%s (if you have checked that fingerprint with the server's admin, /tls "
		        "trust pins the certificate)",
		        why, seen->subject, seen->fingerprint);
		g_free(why);
	}
	g_free(pinned);
	return accept;
}

int
tls_describe(const char *account, GPtrArray *lines, char **cause)
{
	struct session *session;
	const struct tls_seen *seen;
	char *pinned, *subject = NULL;

	if (account_find(account) == NULL) {
		*cause = g_strdup_printf("no account named '%s'", account);
		return -1;
	}
	session = session_find(account);
	seen = session != NULL ? session->seen_cert : NULL;
	if (seen == NULL) {
		g_ptr_array_add(
		        lines,
		        g_strdup_printf("%s: no certificate seen yet (connect first)", account));
	} else {
		g_ptr_array_add(lines, g_strdup_printf("%s: the server's certificate", account));
		g_ptr_array_add(lines, g_strdup_printf("  subject     %s", seen->subject));
		g_ptr_array_add(lines, g_strdup_printf("  for         %s",
		                                       *seen->names ? seen->names : "(no names)"));
		g_ptr_array_add(lines, g_strdup_printf("  issuer      %s", seen->issuer));
		g_ptr_array_add(lines, g_strdup_printf("  valid       %s to %s", seen->not_before,
		                                       seen->not_after));
		g_ptr_array_add(lines, g_strdup_printf("  SHA-256     %s", seen->fingerprint));
		g_ptr_array_add(
		        lines, seen->verified
		                       ? g_strdup("  verified    by an authority you trust")
		                       : g_strdup_printf("  verified    no: %s",
		                                         seen->problem ? seen->problem : "failed"));
	}
	pinned = tls_pin_load(account, &subject);
	if (pinned == NULL)
		g_ptr_array_add(lines, g_strdup_printf("%s: no certificate pinned", account));
	else
		g_ptr_array_add(lines, g_strdup_printf("%s: pinned %s%s%s%s", account, pinned,
		                                       subject ? " (" : "", subject ? subject : "",
		                                       subject ? ")" : ""));
	g_free(pinned);
	g_free(subject);
	return 0;
}

int
tls_trust(const char *account, char **fingerprint, char **cause)
{
	struct session *session = session_find(account);
	const struct tls_seen *seen = session != NULL ? session->seen_cert : NULL;
	char *path, *text, *why = NULL;
	GKeyFile *file;
	int ret = 0;

	if (account_find(account) == NULL) {
		*cause = g_strdup_printf("no account named '%s'", account);
		return -1;
	}
	if (seen == NULL) {
		*cause = g_strdup_printf("account '%s' has not been shown a certificate yet; "
		                         "/connect %s first",
		                         account, account);
		return -1;
	}
	path = tls_pin_path(account);
	file = g_key_file_new();
	g_key_file_set_string(file, "pin", "sha256", seen->fingerprint);
	g_key_file_set_string(file, "pin", "subject", seen->subject ? seen->subject : "");
	g_key_file_set_string(file, "pin", "not_after", seen->not_after ? seen->not_after : "");
	if (seen->pem != NULL)
		g_key_file_set_string(file, "pin", "pem", seen->pem);
	text = g_key_file_to_data(file, NULL, NULL);
	if (paths_write_private(path, text, &why) == -1) {
		*cause = g_strdup_printf("cannot save the pin in %s: %s", path, why);
		ret = -1;
	} else {
		*fingerprint = g_strdup(seen->fingerprint);
	}
	g_free(why);
	g_free(text);
	g_key_file_free(file);
	g_free(path);
	return ret;
}

/* Whether path names the same file as OpenSSL's default one. */
static int
tls_same_path(const char *path, const char *default_path)
{
	char *real = realpath(path, NULL), *real_default = realpath(default_path, NULL);
	int same = real != NULL && real_default != NULL && strcmp(real, real_default) == 0;

	free(real);
	free(real_default);
	return same;
}

/* Whether OpenSSL's default bundle of authorities is the one written
 * into its default hashed directory (update-ca-certificates on Debian and
 * its derivatives): both then hold the same authorities. The first one in
 * the bundle must be in the directory under its subject's hash. */
static int
tls_bundle_in_hashed_dir(void)
{
	char *real_file = realpath(X509_get_default_cert_file(), NULL);
	char *real_dir = realpath(X509_get_default_cert_dir(), NULL);
	char *where = NULL, *link = NULL;
	FILE *bundle = NULL;
	X509 *first = NULL;
	int same = 0;

	if (real_file == NULL || real_dir == NULL)
		goto out;
	where = g_path_get_dirname(real_file);
	if (strcmp(where, real_dir) != 0)
		goto out;
	bundle = fopen(real_file, "re");
	if (bundle == NULL)
		goto out;
	first = PEM_read_X509(bundle, NULL, NULL, NULL);
	if (first == NULL)
		goto out;
	link = g_strdup_printf("%s/%08lx.0", real_dir, X509_subject_name_hash(first));
	same = g_file_test(link, G_FILE_TEST_IS_REGULAR);
out:
	X509_free(first);
	if (bundle != NULL)
		fclose(bundle);
	g_free(link);
	g_free(where);
	free(real_file);
	free(real_dir);
	return same;
}

void
tls_authorities_on_demand(void)
{
	const char *file_env = X509_get_default_cert_file_env();
	const char *dir_env = X509_get_default_cert_dir_env();
	const char *file = g_getenv(file_env), *dir = g_getenv(dir_env);

	/* Authorities of the user's own choice (the variables naming other
	 * than the defaults) are read as OpenSSL reads them. */
	if ((file != NULL && !tls_same_path(file, X509_get_default_cert_file())) ||
	    (dir != NULL && !tls_same_path(dir, X509_get_default_cert_dir()))) {
		log_write(LOG_DEBUG, "tls", "authorities: as %s and %s say", file_env, dir_env);
		return;
	}
	if (!tls_bundle_in_hashed_dir()) {
		log_write(LOG_DEBUG, "tls", "authorities: %s, read whole for each connection",
		          X509_get_default_cert_file());
		return;
	}
	/* No file: OpenSSL looks authorities up in the directory. */
	spawn_setenv_own(file_env, "/dev/null");
	log_write(LOG_DEBUG, "tls", "authorities: looked up in %s when a chain needs them",
	          X509_get_default_cert_dir());
}

void
tls_forget(const char *account)
{
	char *path = tls_pin_path(account);

	if (g_unlink(path) == -1 && errno != ENOENT)
		log_write(LOG_WARNING, account, "cannot remove %s: %s", path, g_strerror(errno));
	g_free(path);
}

void
tls_rename(const char *old, const char *new)
{
	char *cause = NULL;

	if (paths_account_file_rename("certs", old, new, ".pin", &cause) == -1) {
		log_write(LOG_WARNING, new, "%s (the pinned certificate is lost)", cause);
		g_free(cause);
	}
}

int
tls_revoke(const char *account, char **cause)
{
	char *path;
	int ret = 0;

	if (account_find(account) == NULL) {
		*cause = g_strdup_printf("no account named '%s'", account);
		return -1;
	}
	path = tls_pin_path(account);
	if (g_unlink(path) == -1) {
		*cause =
		        errno == ENOENT
		                ? g_strdup_printf("account '%s' has no pinned certificate", account)
		                : g_strdup_printf("cannot remove %s: %s", path, g_strerror(errno));
		ret = -1;
	}
	g_free(path);
	return ret;
}
