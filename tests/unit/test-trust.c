/*
 * test-trust.c: authorities looked up on demand (tls_authorities_on_demand())
 * and the environment commands get (spawn_setenv_own(), spawn_environ()).
 *
 * The scenarios run in order in one process, as natter does: the
 * variables natter sets for itself stay set.
 */
#include "unit.h"

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/spawn.h"
#include "xmpp/tls.h"

#define FILE_ENV "SSL_CERT_FILE"
#define DIR_ENV  "SSL_CERT_DIR"

/* What a command run by natter prints for "$SSL_CERT_FILE". */
struct run {
	GMainLoop *loop;
	int ok;
	char *output;
};

static void
on_done(int ok, const char *output, const char *why, void *userdata)
{
	struct run *run = userdata;

	run->ok = ok;
	run->output = g_strdup(output);
	g_main_loop_quit(run->loop);
}

static char *
child_sees(const char *name)
{
	struct run run = { g_main_loop_new(NULL, FALSE), 0, NULL };
	char *command = g_strdup_printf("printf '%%s' \"${%s-(unset)}\"", name);
	char *cause = NULL;
	struct spawn *spawn = spawn_command(command, 10, on_done, &run, &cause);

	if (spawn == NULL)
		fail_msg("cannot run a command: %s", cause);
	g_main_loop_run(run.loop);
	g_main_loop_unref(run.loop);
	g_free(command);
	assert_true(run.ok);
	return run.output;
}

/* What the environment for commands says of name, "(unset)" if nothing. */
static char *
environ_says(const char *name)
{
	char **env = spawn_environ();
	char *value = g_strdup(g_environ_getenv(env, name));

	g_strfreev(env);
	return value != NULL ? value : g_strdup("(unset)");
}

/* A bundle of the user's own (another file than OpenSSL's default): it is
 * read as OpenSSL reads it, natter changes nothing. */
static void
users_own_bundle_stands(void **state)
{
	char *dir = unit_make_tmpdir();
	char *own = g_build_filename(dir, "own.pem", NULL);

	g_file_set_contents(own, "", 0, NULL);
	g_setenv(FILE_ENV, own, TRUE);
	g_unsetenv(DIR_ENV);
	tls_authorities_on_demand();
	assert_string_equal(g_getenv(FILE_ENV), own);
	char *seen = child_sees(FILE_ENV);
	assert_string_equal(seen, own);
	g_free(seen);
	g_unsetenv(FILE_ENV);
	unit_remove_tree(dir);
	g_free(own);
	g_free(dir);
}

/* The variable naming the default bundle (as some systems set it): natter
 * reads no bundle, and a command it runs sees the variable as it was. */
static void
default_named_then_on_demand(void **state)
{
	const char *bundle = X509_get_default_cert_file();

	g_setenv(FILE_ENV, bundle, TRUE);
	g_setenv(DIR_ENV, X509_get_default_cert_dir(), TRUE);
	tls_authorities_on_demand();
	/* Debian's layout: the bundle is written into the hashed directory. */
	assert_string_equal(g_getenv(FILE_ENV), "/dev/null");
	char *seen = child_sees(FILE_ENV);
	assert_string_equal(seen, bundle);
	g_free(seen);
	char *env = environ_says(FILE_ENV);
	assert_string_equal(env, bundle);
	g_free(env);
}

/* Verifies cert against the store an SSL context gets from the default
 * paths, as libstrophe makes it for each connection. */
static int
verifies(X509 *cert)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	X509_STORE_CTX *check = X509_STORE_CTX_new();
	int ok;

	assert_int_equal(SSL_CTX_set_default_verify_paths(ctx), 1);
	assert_int_equal(X509_STORE_CTX_init(check, SSL_CTX_get_cert_store(ctx), cert, NULL), 1);
	/* Whether the authority is found, not whether it is still valid. */
	X509_STORE_CTX_set_flags(check, X509_V_FLAG_NO_CHECK_TIME);
	ok = X509_verify_cert(check) == 1;
	X509_STORE_CTX_free(check);
	SSL_CTX_free(ctx);
	return ok;
}

/* Each authority of the system's bundle is trusted as when the whole
 * bundle is read (OpenSSL trusts all but those sharing their name with
 * another: it checks the first), found in the directory when a chain
 * needs it; without the directory none is (so the lookup found them). */
static void
every_authority_still_trusted(void **state)
{
	const char *path = X509_get_default_cert_file();
	FILE *bundle = fopen(path, "r");
	GPtrArray *certs = g_ptr_array_new_with_free_func((GDestroyNotify)X509_free);
	X509 *cert;
	guint differ = 0, trusted = 0;

	assert_non_null(bundle);
	while ((cert = PEM_read_X509(bundle, NULL, NULL, NULL)) != NULL)
		g_ptr_array_add(certs, cert);
	fclose(bundle);
	assert_true(certs->len > 10);
	assert_string_equal(g_getenv(FILE_ENV), "/dev/null");
	for (guint i = 0; i < certs->len; i++) {
		int on_demand = verifies(certs->pdata[i]);
		g_setenv(FILE_ENV, path, TRUE);
		int whole = verifies(certs->pdata[i]);
		g_setenv(FILE_ENV, "/dev/null", TRUE);
		trusted += on_demand;
		if (on_demand != whole) {
			char *name =
			        X509_NAME_oneline(X509_get_subject_name(certs->pdata[i]), NULL, 0);
			print_error("%s: %s looked up, %s read whole\n", name,
			            on_demand ? "trusted" : "not trusted",
			            whole ? "trusted" : "not trusted");
			OPENSSL_free(name);
			differ++;
		}
	}
	assert_int_equal(differ, 0);
	assert_true(trusted >= certs->len - 10);

	char *empty = unit_make_tmpdir();
	g_setenv(DIR_ENV, empty, TRUE);
	assert_false(verifies(certs->pdata[0]));
	g_setenv(DIR_ENV, X509_get_default_cert_dir(), TRUE);
	unit_remove_tree(empty);
	g_free(empty);
	g_ptr_array_unref(certs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(users_own_bundle_stands),
		cmocka_unit_test(default_named_then_on_demand),
		cmocka_unit_test(every_authority_still_trusted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
