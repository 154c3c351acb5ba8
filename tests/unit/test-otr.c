/*
 * test-otr.c: OTR keys (otr/otr.h): a key made in a thread while the
 * loop goes on, written 0600 in a 0700 directory, read back, refused when
 * others can read it, kept when natter stops while it is being made, and
 * following a renamed account.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"

#include "config/paths.h"
#include "core/event.h"
#include "model/account.h"
#include "otr/otr.h"

static char *dir;

static int
setup(void **state)
{
	struct account *account = account_new("work");

	dir = unit_make_tmpdir();
	paths_init(dir);
	account->jid = g_strdup("me@example.org");
	account_list_add(account);
	otr_init();
	return 0;
}

static int
teardown(void **state)
{
	otr_shutdown();
	account_list_clear();
	event_reset();
	paths_clear();
	unit_remove_tree(dir);
	g_free(dir);
	return 0;
}

/* The account's fingerprint once its key is ready (the loop runs
 * meanwhile), or NULL after 60 s. */
static char *
wait_fingerprint(const char *account)
{
	gint64 until = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
	char *cause = NULL, *fingerprint = NULL;
	int generating = 1;

	while (fingerprint == NULL && generating && g_get_monotonic_time() < until) {
		g_main_context_iteration(NULL, FALSE);
		g_clear_pointer(&cause, g_free);
		fingerprint = otr_own_fingerprint(account, &generating, &cause);
		if (fingerprint == NULL && generating)
			g_usleep(10000);
	}
	g_free(cause);
	return fingerprint;
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(g_stat(path, &st), 0);
	return st.st_mode & 0777;
}

static void
test_key_made_kept_read(void **state)
{
	char *cause = NULL, *first, *again, *key, *keydir;
	int generating = 0;
	GPtrArray *known;

	assert_null(otr_own_fingerprint("work", &generating, &cause));
	assert_false(generating);
	assert_non_null(strstr(cause, "no OTR key yet"));
	g_clear_pointer(&cause, g_free);
	assert_int_equal(otr_generate_key("work", &cause), 1);
	/* Asked again while it is made: the same one. */
	assert_int_equal(otr_generate_key("work", &cause), 1);
	first = wait_fingerprint("work");
	assert_non_null(first);
	assert_int_equal(strlen(first), 44);
	assert_int_equal(otr_generate_key("work", &cause), 0);

	keydir = g_build_filename(dir, "otr", "work", NULL);
	key = g_build_filename(keydir, "private.key", NULL);
	assert_int_equal(mode_of(keydir), 0700);
	assert_int_equal(mode_of(key), 0600);
	known = otr_fingerprints("work", &cause);
	assert_int_equal(known->len, 0);
	g_ptr_array_unref(known);

	/* Read back from the file. */
	otr_shutdown();
	otr_init();
	again = otr_own_fingerprint("work", &generating, &cause);
	assert_non_null(again);
	assert_string_equal(again, first);
	g_free(again);

	/* Readable by others: refused, naming the file. */
	otr_shutdown();
	otr_init();
	assert_int_equal(g_chmod(key, 0644), 0);
	assert_null(otr_own_fingerprint("work", &generating, &cause));
	assert_non_null(strstr(cause, "can be read by other users"));
	assert_non_null(strstr(cause, key));
	g_clear_pointer(&cause, g_free);
	assert_int_equal(otr_generate_key("work", &cause), -1);
	g_clear_pointer(&cause, g_free);
	assert_int_equal(g_chmod(key, 0600), 0);

	/* No such account. */
	assert_null(otr_fingerprints("nosuch", &cause));
	assert_non_null(strstr(cause, "no account named 'nosuch'"));
	g_free(cause);
	g_free(key);
	g_free(keydir);
	g_free(first);
}

/* natter stops while the key is made: it waits, and the key is kept. */
static void
test_key_kept_at_shutdown(void **state)
{
	char *cause = NULL, *fingerprint;
	int generating;

	assert_int_equal(otr_generate_key("work", &cause), 1);
	otr_shutdown();
	otr_init();
	fingerprint = otr_own_fingerprint("work", &generating, &cause);
	assert_non_null(fingerprint);
	g_free(fingerprint);
}

/* An account renamed: its directory and key follow. */
static void
test_rename(void **state)
{
	char *cause = NULL, *before, *after, *path;
	int generating;
	struct event event = { .type = EV_ACCOUNT_RENAMED, .account = "office" };

	assert_int_equal(otr_generate_key("work", &cause), 1);
	before = wait_fingerprint("work");
	assert_non_null(before);
	/* As /account rename does: the model first, then the event. */
	struct account *account = account_find("work");
	g_free(account->name);
	account->name = g_strdup("office");
	event.u.renamed.old = "work";
	event_emit(&event);
	after = otr_own_fingerprint("office", &generating, &cause);
	assert_non_null(after);
	assert_string_equal(after, before);
	path = g_build_filename(dir, "otr", "office", "private.key", NULL);
	assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	g_free(path);
	g_free(before);
	g_free(after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key_made_kept_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_kept_at_shutdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
