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
	assert_non_null(strstr(cause, "by other users"));
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

/* An account renamed (to the name of one removed before): its directory
 * and key follow. */
static void
test_rename(void **state)
{
	char *cause = NULL, *before, *after, *path;
	int generating;
	struct event event = { .type = EV_ACCOUNT_RENAMED, .account = "office" };

	assert_int_equal(otr_generate_key("work", &cause), 1);
	before = wait_fingerprint("work");
	assert_non_null(before);
	/* An account of the new name was known, then removed: what OTR
	 * kept of it goes, and does not stand in the way. */
	struct account *old = account_new("office");
	old->jid = g_strdup("old@example.org");
	account_list_add(old);
	GPtrArray *none = otr_fingerprints("office", &cause);
	g_ptr_array_unref(none);
	assert_int_equal(otr_policy_set("office", NULL, OTR_POLICY_ALWAYS, &cause), 0);
	char *removed = g_build_filename(dir, "otr", "office", NULL);
	assert_true(g_file_test(removed, G_FILE_TEST_IS_DIR));
	struct event forgotten = { .type = EV_ACCOUNT_FORGOTTEN, .account = "office" };
	event_emit(&forgotten);
	account_list_remove("office");
	/* Set aside, not deleted, not inherited. */
	assert_false(g_file_test(removed, G_FILE_TEST_EXISTS));
	char *otrpath = g_build_filename(dir, "otr", NULL);
	GDir *otrdir = g_dir_open(otrpath, 0, NULL);
	g_free(otrpath);
	int aside = 0;
	for (const char *name; otrdir && (name = g_dir_read_name(otrdir)) != NULL;)
		aside += g_str_has_prefix(name, "office.removed-");
	g_dir_close(otrdir);
	assert_int_equal(aside, 1);
	g_free(removed);
	/* As /account rename does: the model first, then the event. */
	struct account *account = account_find("work");
	g_free(account->name);
	account->name = g_strdup("office");
	event.u.renamed.old = "work";
	event_emit(&event);
	after = otr_own_fingerprint("office", &generating, &cause);
	assert_non_null(after);
	assert_string_equal(after, before);
	/* Not the removed account's policy. */
	enum otr_policy policy;
	assert_false(otr_policy_get("office", NULL, &policy));
	path = g_build_filename(dir, "otr", "office", "private.key", NULL);
	assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
	g_free(path);
	g_free(before);
	g_free(after);
}

/* ---- sessions: two accounts of this process talk through a queue ---- */

struct wire_message {
	char *account, *to, *text;
};

static GQueue wire = G_QUEUE_INIT; /* of struct wire_message */
static GPtrArray *told;            /* "ACCOUNT PEER STATE: TEXT" of EV_OTR */
static unsigned otr_subscription;

static void
wire_free(gpointer data)
{
	struct wire_message *m = data;

	g_free(m->account);
	g_free(m->to);
	g_free(m->text);
	g_free(m);
}

static void
transport(const char *account, const char *to, const char *text)
{
	struct wire_message *m = g_new0(struct wire_message, 1);

	m->account = g_strdup(account);
	m->to = g_strdup(to);
	m->text = g_strdup(text);
	g_queue_push_tail(&wire, m);
}

static void
on_otr(const struct event *event, void *userdata)
{
	g_ptr_array_add(told,
	                g_strdup_printf("%s %s %s: %s", event->account, event->u.otr.peer,
	                                otr_state_name(event->u.otr.state), event->u.otr.text));
}

static int
told_has(const char *part)
{
	for (guint i = 0; i < told->len; i++)
		if (strstr(told->pdata[i], part) != NULL)
			return 1;
	return 0;
}

/* The account with this bare JID. */
static const char *
account_of(const char *jid)
{
	return g_str_has_prefix(jid, "alice@") ? "alice" : "bob";
}

static const char *
jid_of(const char *account)
{
	return strcmp(account, "alice") == 0 ? "alice@example.org" : "bob@example.org";
}

/* Delivers what is on the wire until nothing is; what is shown (not
 * OTR's own) is appended to shown as "TO<-TEXT" (encrypted: "TO<=TEXT"). */
static void
pump(GPtrArray *shown)
{
	struct wire_message *m;

	while ((m = g_queue_pop_head(&wire)) != NULL) {
		char *from = g_strconcat(jid_of(m->account), "/natter", NULL), *plain = NULL;
		int encrypted = 0;
		const char *to = account_of(m->to);
		if (otr_incoming(to, from, m->text, &plain, &encrypted) == 0 && shown != NULL)
			g_ptr_array_add(shown,
			                g_strdup_printf("%s%s%s", to, encrypted ? "<=" : "<-",
			                                plain ? plain : m->text));
		g_free(plain);
		g_free(from);
		wire_free(m);
	}
}

static enum otr_policy policy_now = OTR_POLICY_MANUAL;

static enum otr_policy
policy(const char *account, const char *peer)
{
	return policy_now;
}

static int
setup_two(void **state)
{
	struct account *bob = account_new("bob");

	setup(state);
	account_list_remove("work");
	struct account *alice = account_new("alice");
	alice->jid = g_strdup("alice@example.org");
	account_list_add(alice);
	bob->jid = g_strdup("bob@example.org");
	account_list_add(bob);
	told = g_ptr_array_new_with_free_func(g_free);
	otr_subscription = event_subscribe(EV_OTR, on_otr, NULL);
	otr_set_transport(transport);
	otr_set_policy_source(policy);
	policy_now = OTR_POLICY_MANUAL;
	return 0;
}

static int
teardown_two(void **state)
{
	g_queue_clear_full(&wire, wire_free);
	event_unsubscribe(otr_subscription);
	g_ptr_array_unref(told);
	otr_set_transport(NULL);
	otr_set_policy_source(NULL);
	return teardown(state);
}

/* Sends text from account to the other: what the wire carries, and
 * what the other is shown. */
static char *
say(const char *from, const char *text, int *encrypted, char **cause)
{
	const char *to = strcmp(from, "alice") == 0 ? "bob@example.org" : "alice@example.org";
	char *wire_text = NULL;

	if (otr_outgoing(from, to, text, &wire_text, encrypted, cause) == -1)
		return NULL;
	transport(from, to, wire_text ? wire_text : text);
	return wire_text ? wire_text : g_strdup(text);
}

/* Started by one side (the key made first), encrypted both ways,
 * readable only by the other; ended by one side: the other is finished
 * and sends nothing until it ends too. */
static void
test_session_both_ways(void **state)
{
	char *cause = NULL, *sent, *fa, *fb;
	int encrypted = 0;
	GPtrArray *shown = g_ptr_array_new_with_free_func(g_free), *known;

	assert_int_equal(otr_start("alice", "bob@example.org", &cause), 1); /* key first */
	fa = wait_fingerprint("alice");
	assert_non_null(fa);
	assert_int_equal(otr_generate_key("bob", &cause), 1);
	fb = wait_fingerprint("bob");
	assert_non_null(fb);
	/* The query went once alice's key was ready. */
	assert_int_equal(g_queue_get_length(&wire), 1);
	pump(shown);
	assert_int_equal(shown->len, 0); /* the key exchange shows nothing */
	assert_int_equal(otr_state("alice", "bob@example.org"), OTR_ENCRYPTED);
	assert_int_equal(otr_state("bob", "alice@example.org"), OTR_ENCRYPTED);
	assert_true(told_has("alice bob@example.org encrypted: OTR session started"));
	assert_true(told_has("bob alice@example.org encrypted: OTR session started"));
	assert_true(told_has("a new OTR fingerprint for bob@example.org"));

	sent = say("alice", "the secret words", &encrypted, &cause);
	assert_true(encrypted);
	assert_true(g_str_has_prefix(sent, "?OTR:"));
	assert_null(strstr(sent, "secret"));
	g_free(sent);
	pump(shown);
	sent = say("bob", "got them", &encrypted, &cause);
	g_free(sent);
	pump(shown);
	assert_int_equal(shown->len, 2);
	assert_string_equal(shown->pdata[0], "bob<=the secret words");
	assert_string_equal(shown->pdata[1], "alice<=got them");

	known = otr_fingerprints("alice", &cause);
	assert_int_equal(known->len, 1);
	assert_string_equal(((struct otr_fingerprint *)known->pdata[0])->peer, "bob@example.org");
	assert_string_equal(((struct otr_fingerprint *)known->pdata[0])->human, fb);
	assert_string_equal(((struct otr_fingerprint *)known->pdata[0])->trust, "");
	assert_true(((struct otr_fingerprint *)known->pdata[0])->active);
	g_ptr_array_unref(known);
	char *path = g_build_filename(dir, "otr", "alice", "fingerprints", NULL);
	assert_int_equal(mode_of(path), 0600);
	g_free(path);

	/* bob ends: alice is finished and refuses to send. */
	assert_int_equal(otr_end("bob", "alice@example.org", &cause), 0);
	pump(shown);
	assert_int_equal(otr_state("bob", "alice@example.org"), OTR_PLAINTEXT);
	assert_int_equal(otr_state("alice", "bob@example.org"), OTR_FINISHED);
	assert_true(told_has("alice bob@example.org finished: the contact ended the OTR session"));
	assert_null(say("alice", "are you there?", &encrypted, &cause));
	assert_non_null(strstr(cause, "ended the OTR session: the message was not sent"));
	g_clear_pointer(&cause, g_free);
	assert_int_equal(g_queue_get_length(&wire), 0);
	/* alice ends too: in the clear again. */
	assert_int_equal(otr_end("alice", "bob@example.org", &cause), 0);
	assert_int_equal(otr_state("alice", "bob@example.org"), OTR_PLAINTEXT);
	sent = say("alice", "plain now", &encrypted, &cause);
	assert_false(encrypted);
	assert_string_equal(sent, "plain now");
	g_free(sent);
	pump(shown);
	assert_string_equal(shown->pdata[shown->len - 1], "bob<-plain now");
	g_ptr_array_unref(shown);
	g_free(fa);
	g_free(fb);
}

/* Verification (SMP) between the two: a wrong answer fails, the right
 * one trusts bob's fingerprint on alice's side. */
static void
test_smp(void **state)
{
	char *cause = NULL;

	assert_int_equal(otr_start("alice", "bob@example.org", &cause), 1);
	g_free(wait_fingerprint("alice"));
	assert_int_equal(otr_generate_key("bob", &cause), 1);
	g_free(wait_fingerprint("bob"));
	pump(NULL);
	assert_int_equal(otr_state("alice", "bob@example.org"), OTR_ENCRYPTED);

	assert_int_equal(otr_verify("alice", "bob@example.org", NULL, "tea", 0, &cause), 0);
	pump(NULL);
	assert_true(told_has("bob alice@example.org encrypted: alice@example.org wants to verify "
	                     "you with a secret"));
	assert_int_equal(otr_verify("bob", "alice@example.org", NULL, "coffee", 1, &cause), 0);
	pump(NULL);
	assert_true(told_has("alice bob@example.org encrypted: verification failed"));
	assert_int_equal(otr_verify("alice", "bob@example.org", NULL, "tea", 0, &cause), 0);
	pump(NULL);
	assert_int_equal(otr_verify("bob", "alice@example.org", NULL, "tea", 1, &cause), 0);
	pump(NULL);
	assert_int_equal(otr_state("alice", "bob@example.org"), OTR_VERIFIED);
	assert_true(told_has("alice bob@example.org verified: verified: bob@example.org knew"));
}

/* Policy always: a message without a session is refused (and a session
 * started); once encrypted it goes. What cannot be read never shows. */
static void
test_policy_always_and_garbage(void **state)
{
	char *cause = NULL, *sent, *plain = NULL;
	int encrypted = 0;
	GPtrArray *shown = g_ptr_array_new_with_free_func(g_free);
	enum otr_policy parsed;

	assert_int_equal(otr_policy_parse("always", &parsed), 0);
	assert_int_equal(parsed, OTR_POLICY_ALWAYS);
	assert_int_equal(otr_policy_parse("sometimes", &parsed), -1);
	assert_string_equal(otr_policy_name(OTR_POLICY_OPPORTUNISTIC), "opportunistic");
	assert_int_equal(otr_generate_key("alice", &cause), 1);
	assert_int_equal(otr_generate_key("bob", &cause), 1);
	g_free(wait_fingerprint("alice"));
	g_free(wait_fingerprint("bob"));

	policy_now = OTR_POLICY_ALWAYS;
	assert_null(say("alice", "in the clear?", &encrypted, &cause));
	assert_non_null(strstr(cause, "the OTR policy for bob@example.org is always"));
	g_clear_pointer(&cause, g_free);
	/* Only the query went out. */
	assert_int_equal(g_queue_get_length(&wire), 1);
	assert_true(
	        g_str_has_prefix(((struct wire_message *)g_queue_peek_head(&wire))->text, "?OTR"));
	pump(shown);
	assert_int_equal(shown->len, 0);
	assert_int_equal(otr_state("alice", "bob@example.org"), OTR_ENCRYPTED);
	sent = say("alice", "now encrypted", &encrypted, &cause);
	assert_true(encrypted);
	g_free(sent);
	pump(shown);
	assert_string_equal(shown->pdata[0], "bob<=now encrypted");

	/* A data message nobody can read: nothing shown, the reason told. */
	assert_int_equal(otr_incoming("alice", "carol@example.org/x",
	                              "?OTR:AAMDJ+MVmSfjFZcAAAAAAQAAAAIAAADA.", &plain, &encrypted),
	                 1);
	assert_null(plain);
	assert_true(told_has("alice carol@example.org"));
	g_ptr_array_unref(shown);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_key_made_kept_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_kept_at_shutdown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_both_ways, setup_two, teardown_two),
		cmocka_unit_test_setup_teardown(test_smp, setup_two, teardown_two),
		cmocka_unit_test_setup_teardown(test_policy_always_and_garbage, setup_two,
		                                teardown_two),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
