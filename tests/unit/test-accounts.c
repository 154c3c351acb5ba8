/*
 * test-accounts.c: reading accounts.ini (config/accounts.h) into the
 * account list (model/account.h).
 */
#include "config.h"

#include <sys/stat.h>

#include "unit.h"

#include "config/accounts.h"
#include "model/account.h"
#include "model/contact.h"

static mode_t saved_umask;

static int
setup(void **state)
{
	account_list_clear();
	saved_umask = umask(0); /* modes must come from natter, not the umask */
	*state = unit_make_tmpdir();
	return 0;
}

static int
teardown(void **state)
{
	account_list_clear();
	umask(saved_umask);
	unit_remove_tree(*state);
	g_free(*state);
	return 0;
}

/* Parses text, which must be valid ini; returns the problems (caller frees
 * with g_ptr_array_unref). */
static GPtrArray *
parse(const char *text)
{
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	if (accounts_parse(text, problems, &cause) != 0) {
		print_error("accounts_parse failed: %s\n", cause ? cause : "(no cause)");
		fail();
	}
	assert_null(cause);
	return problems;
}

/* Parses text holding one bad account named name (and a good one named
 * "good"); the one problem must name the account and every word of
 * about. */
static void
check_bad_account(const char *name, const char *body, const char *const *about)
{
	char *text = g_strdup_printf("[good]\njid = good@example.org\n\n[%s]\n%s\n", name, body);
	GPtrArray *problems = parse(text);

	if (problems->len != 1) {
		print_error("%u problems for [%s] %s\n", problems->len, name, body);
		fail();
	}
	assert_contains(problems->pdata[0], name);
	for (const char *const *word = about; *word != NULL; word++)
		assert_contains(problems->pdata[0], *word);
	assert_null(account_find(name));
	assert_non_null(account_find("good"));
	assert_int_equal(account_list()->len, 1);
	g_ptr_array_unref(problems);
	g_free(text);
	account_list_clear();
}

#define ABOUT(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const char good_ini[] = "# my accounts\n"
                               "[work]\n"
                               "jid = Me@Example.ORG\n"
                               "password = secret with spaces\n"
                               "server = xmpp.example.org\n"
                               "port = 5223\n"
                               "resource = laptop\n"
                               "tls = direct\n"
                               "trust_cafile = /etc/natter/ca.pem\n"
                               "\n"
                               "[home]\n"
                               "jid = me@home.example\n"
                               "eval_password = pass show xmpp/home\n"
                               "\n"
                               "[lab]\n"
                               "jid = test@lab.example\n"
                               "tls = disable\n"
                               "port = 1\n";

static void
test_accounts_parse_good(void **state)
{
	GPtrArray *problems = parse(good_ini);
	const GPtrArray *list = account_list();
	struct account *work, *home, *lab;

	assert_int_equal(problems->len, 0);
	assert_int_equal(list->len, 3);
	work = list->pdata[0];
	home = list->pdata[1];
	lab = list->pdata[2];
	/* configuration order */
	assert_string_equal(work->name, "work");
	assert_string_equal(home->name, "home");
	assert_string_equal(lab->name, "lab");
	assert_ptr_equal(account_find("home"), home);

	assert_string_equal(work->jid, "me@example.org");
	assert_string_equal(work->password, "secret with spaces");
	assert_null(work->eval_password);
	assert_string_equal(work->server, "xmpp.example.org");
	assert_int_equal(work->port, 5223);
	assert_string_equal(work->resource, "laptop");
	assert_int_equal(work->tls, ACCOUNT_TLS_DIRECT);
	assert_string_equal(work->trust_cafile, "/etc/natter/ca.pem");

	/* defaults */
	assert_string_equal(home->jid, "me@home.example");
	assert_null(home->password);
	assert_string_equal(home->eval_password, "pass show xmpp/home");
	assert_null(home->server);
	assert_int_equal(home->port, 0);
	assert_null(home->resource);
	assert_int_equal(home->tls, ACCOUNT_TLS_REQUIRED);
	assert_null(home->trust_cafile);

	assert_int_equal(lab->tls, ACCOUNT_TLS_DISABLE);
	assert_int_equal(lab->port, 1);
	g_ptr_array_unref(problems);
}

static void
test_accounts_parse_empty(void **state)
{
	GPtrArray *problems = parse("");

	assert_int_equal(problems->len, 0);
	assert_int_equal(account_list()->len, 0);
	g_ptr_array_unref(problems);
	problems = parse("# only a comment\n\n");
	assert_int_equal(problems->len, 0);
	assert_int_equal(account_list()->len, 0);
	g_ptr_array_unref(problems);
}

static void
test_accounts_unknown_key(void **state)
{
	check_bad_account("typo", "jid = a@example.org\npasword = x", ABOUT("pasword"));
	check_bad_account("typo", "jid = a@example.org\nhost = example.org", ABOUT("host"));
}

/* Account names reach the title bar: no control characters in them. */
static void
test_accounts_name_control_characters(void **state)
{
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	/* C1 (here CSI, U+009B) passes GKeyFile: natter refuses the account. */
	check_bad_account("wo\xc2\x9brk", "jid = a@example.org", ABOUT("control character"));
	/* C0 makes GKeyFile refuse the whole file. */
	assert_int_equal(accounts_parse("[wo\x1b[2Jrk]\njid = a@example.org\n", problems, &cause),
	                 -1);
	assert_non_null(cause);
	g_free(cause);
	g_ptr_array_unref(problems);
}

static void
test_accounts_bad_port(void **state)
{
	static const char *const ports[] = { "abc", "0", "65536", "70000", "-1", "5222x", "52 22" };

	for (size_t i = 0; i < G_N_ELEMENTS(ports); i++) {
		char *body = g_strdup_printf("jid = a@example.org\nport = %s", ports[i]);
		check_bad_account("badport", body, ABOUT("port", ports[i]));
		g_free(body);
	}
}

static void
test_accounts_bad_tls(void **state)
{
	check_bad_account("badtls", "jid = a@example.org\ntls = starttls",
	                  ABOUT("tls", "starttls"));
	check_bad_account("badtls", "jid = a@example.org\ntls = yes", ABOUT("tls"));
}

static void
test_accounts_bad_jid(void **state)
{
	check_bad_account("nojid", "password = x", ABOUT("jid"));
	check_bad_account("nojid", "jid =", ABOUT("jid"));
	check_bad_account("withresource", "jid = a@example.org/laptop", ABOUT("jid", "resource"));
	check_bad_account("malformed", "jid = bad@@jid", ABOUT("jid"));
	check_bad_account("domainonly", "jid = example.org", ABOUT("jid"));
}

static void
test_accounts_two_passwords(void **state)
{
	check_bad_account("both", "jid = a@example.org\npassword = x\neval_password = pass show x",
	                  ABOUT("password", "eval_password"));
}

static void
test_accounts_several_problems(void **state)
{
	GPtrArray *problems = parse("[one]\njid = a@b\nport = x\n"
	                            "[two]\njid = c@d\n"
	                            "[three]\ntls = bad\njid = e@f\n");

	assert_int_equal(problems->len, 2);
	assert_contains(problems->pdata[0], "one");
	assert_contains(problems->pdata[0], "port");
	assert_contains(problems->pdata[1], "three");
	assert_contains(problems->pdata[1], "tls");
	assert_int_equal(account_list()->len, 1);
	assert_non_null(account_find("two"));
	g_ptr_array_unref(problems);
}

static void
test_accounts_invalid_ini(void **state)
{
	static const char *const texts[] = {
		"this is not an ini file\n",
		"jid = outside@any.group\n[a]\njid = a@b\n",
		"[unterminated\njid = a@b\n",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
		char *cause = NULL;

		assert_int_equal(accounts_parse(texts[i], problems, &cause), -1);
		assert_non_null(cause);
		assert_true(cause[0] != '\0');
		assert_int_equal(account_list()->len, 0);
		g_free(cause);
		g_ptr_array_unref(problems);
	}
}

static void
test_accounts_values_taken_as_written(void **state)
{
	/* Passwords and commands are not ini-escaped text: a backslash in a
	 * password is a backslash ("C:\new\temp" must not gain a newline and a
	 * tab), and a shell command keeps its backslashes. */
	GPtrArray *problems = parse("[a]\n"
	                            "jid = a@example.org\n"
	                            "password = C:\\new\\temp\\s\\\\x\n"
	                            "[b]\n"
	                            "jid = b@example.org\n"
	                            "eval_password = tr -d '\\n' < ~/.xmpp-password\n");

	assert_int_equal(problems->len, 0);
	assert_non_null(account_find("a"));
	assert_non_null(account_find("a")->password);
	assert_string_equal(account_find("a")->password, "C:\\new\\temp\\s\\\\x");
	assert_non_null(account_find("b"));
	assert_string_equal(account_find("b")->eval_password, "tr -d '\\n' < ~/.xmpp-password");
	g_ptr_array_unref(problems);
}

static void
test_accounts_password_keeps_spaces(void **state)
{
	GPtrArray *problems = parse("[a]\njid = a@example.org\npassword = two  spaces  inside\n");

	assert_int_equal(problems->len, 0);
	assert_string_equal(account_find("a")->password, "two  spaces  inside");
	g_ptr_array_unref(problems);
}

static void
test_accounts_resource_control_characters(void **state)
{
	/* The resource becomes part of the full JID: the same rules apply
	 * (RFC 7622 3.4: no control characters). */
	check_bad_account("res", "jid = a@example.org\nresource = lap\x1btop", ABOUT("resource"));
	check_bad_account("res", "jid = a@example.org\nresource = lap\x01top", ABOUT("resource"));
}

/* Uncomments the example lines of the template ("# [group]" and
 * "# key = value ..."), except eval_password, which excludes password. */
static char *
uncomment_example(const char *template_text)
{
	char **lines = g_strsplit(template_text, "\n", -1);
	GString *out = g_string_new(NULL);

	for (char **line = lines; *line != NULL; line++) {
		const char *p = *line;
		if (p[0] == '#' && p[1] == ' ' && (p[2] == '[' || g_ascii_islower(p[2])) &&
		    !g_str_has_prefix(p + 2, "eval_password")) {
			const char *q = p + 2;
			while (g_ascii_islower(*q) || *q == '_')
				q++;
			if (p[2] == '[' || g_str_has_prefix(q, " = ") || g_str_has_prefix(q, "=")) {
				g_string_append_printf(out, "%s\n", p + 2);
				continue;
			}
		}
		g_string_append_printf(out, "%s\n", p);
	}
	g_strfreev(lines);
	return g_string_free(out, FALSE);
}

static void
test_accounts_template_example_works(void **state)
{
	/* What a user does with the file natter creates: uncomment the
	 * example. It must load as documented, not fail on its own comments. */
	char *path = g_build_filename(*state, "accounts.ini", NULL);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL, *text, *example;
	const GPtrArray *list;
	struct account *account;

	assert_int_equal(accounts_load(path, problems, &cause), 0);
	text = unit_read_file(path);
	example = uncomment_example(text);
	assert_true(g_file_set_contents(path, example, -1, NULL));
	assert_int_equal(chmod(path, 0600), 0);

	assert_int_equal(accounts_load(path, problems, &cause), 0);
	for (guint i = 0; i < problems->len; i++)
		print_error("problem: %s\n", (const char *)problems->pdata[i]);
	assert_int_equal(problems->len, 0);
	list = account_list();
	assert_int_equal(list->len, 1);
	account = list->pdata[0];
	assert_non_null(account->jid);
	assert_null(strchr(account->jid, ' '));
	assert_null(strchr(account->jid, ';'));
	if (account->password != NULL)
		assert_null(strchr(account->password, ';'));
	if (account->server != NULL)
		assert_null(strchr(account->server, ' '));
	if (account->resource != NULL)
		assert_null(strchr(account->resource, ' '));
	if (account->trust_cafile != NULL)
		assert_null(strchr(account->trust_cafile, ' '));

	g_free(example);
	g_free(text);
	g_ptr_array_unref(problems);
	g_free(path);
}

static char *
write_file(const char *dir, const char *text, mode_t mode)
{
	char *path = g_build_filename(dir, "accounts.ini", NULL);

	assert_true(g_file_set_contents(path, text, -1, NULL));
	assert_int_equal(chmod(path, mode), 0);
	return path;
}

static void
test_accounts_load_refuses_readable_file(void **state)
{
	static const mode_t modes[] = { 0644, 0640, 0604, 0660 };

	for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
		char *path = write_file(*state, good_ini, modes[i]);
		GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
		char *cause = NULL, *after;

		assert_int_equal(accounts_load(path, problems, &cause), -1);
		assert_non_null(cause);
		assert_contains(cause, "chmod 600");
		assert_contains(cause, path);
		assert_int_equal(account_list()->len, 0);
		after = unit_read_file(path);
		assert_string_equal(after, good_ini);
		g_free(after);
		g_free(cause);
		g_ptr_array_unref(problems);
		g_free(path);
	}
}

static void
test_accounts_load_existing(void **state)
{
	char *path = write_file(*state, good_ini, 0600);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL, *after;
	struct stat st;

	assert_int_equal(accounts_load(path, problems, &cause), 0);
	assert_null(cause);
	assert_int_equal(problems->len, 0);
	assert_int_equal(account_list()->len, 3);
	assert_string_equal(account_find("work")->password, "secret with spaces");
	/* the file is read, never rewritten */
	after = unit_read_file(path);
	assert_string_equal(after, good_ini);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	g_free(after);
	g_ptr_array_unref(problems);
	g_free(path);
}

/* Edits: a broken account in the file can be fixed, a change that would
 * break one is refused with the file as it was, names are checked, and a
 * removed account leaves the others' lines. */
static void
test_accounts_edits(void **state)
{
	const char *text = "# by hand\n[ok]\njid = a@example.org\n\n[bad]\njid = b@example.org\n"
	                   "port = x\n";
	char *path = write_file(*state, text, 0600);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free), *unloaded;
	char *cause = NULL, *after;

	assert_int_equal(accounts_load(path, problems, &cause), 0);
	assert_null(account_find("bad"));
	assert_contains(accounts_unloaded_reason("bad"), "port 'x'");
	assert_null(accounts_unloaded_reason("ok"));
	unloaded = accounts_unloaded();
	assert_int_equal(unloaded->len, 1);
	g_ptr_array_free(unloaded, TRUE);
	assert_int_equal(accounts_set("bad", "port", "5222", &cause), 0);
	assert_non_null(account_find("bad"));
	/* Loaded now. */
	assert_null(accounts_unloaded_reason("bad"));
	assert_int_equal(account_find("bad")->port, 5222);

	assert_int_equal(accounts_set("ok", "tls", "sometimes", &cause), -1);
	assert_contains(cause, "tls 'sometimes'");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(accounts_set("ok", "resource", "a\nb", &cause), -1);
	assert_contains(cause, "control character");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(accounts_set("ok", "password", "trailing ", &cause), -1);
	assert_contains(cause, "blank");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(accounts_set("nowhere", "port", "1", &cause), -1);
	assert_contains(cause, "no account named 'nowhere'");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(accounts_add("ok", "c@example.org", &cause), -1);
	assert_contains(cause, "already");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(accounts_add("x]y", "c@example.org", &cause), -1);
	assert_contains(cause, "bracket");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(accounts_add("new", "not a jid", &cause), -1);
	g_clear_pointer(&cause, g_free);
	assert_null(account_find("new"));
	after = unit_read_file(path);
	assert_string_equal(after, "# by hand\n[ok]\njid = a@example.org\n\n[bad]\n"
	                           "jid = b@example.org\nport = 5222\n");
	g_free(after);

	assert_int_equal(accounts_remove("bad", &cause), 0);
	assert_null(account_find("bad"));
	after = unit_read_file(path);
	assert_string_equal(after, "# by hand\n[ok]\njid = a@example.org\n");
	g_free(after);
	g_ptr_array_unref(problems);
	g_free(path);
}

/* tag and colour (what tells accounts apart on the status bar), enabled
 * and autoconnect. */
static void
test_accounts_tag_and_colour(void **state)
{
	static const char *const tag_words[] = { "tag", "12", NULL };
	static const char *const colour_words[] = { "colour 'puce'", NULL };
	GPtrArray *problems = parse("[a]\njid = a@example.org\ntag = W\ncolour = colour208\n"
	                            "[b]\njid = b@example.org\ncolour = brightblue\n"
	                            "[c]\njid = c@example.org\n"
	                            "[d]\njid = d@example.org\nenabled = no\nautoconnect = yes\n");

	assert_int_equal(problems->len, 0);
	assert_string_equal(account_tag(account_find("a")), "W");
	assert_int_equal(account_find("a")->colour, 208);
	assert_string_equal(account_tag(account_find("b")), "b");
	assert_int_equal(account_find("b")->colour, 12);
	assert_int_equal(account_find("c")->colour, -1);
	/* enabled is yes unless it says no; autoconnect no unless yes. */
	assert_false(account_find("c")->disabled);
	assert_false(account_find("c")->autoconnect);
	assert_true(account_find("d")->disabled);
	assert_true(account_find("d")->autoconnect);
	g_ptr_array_unref(problems);
	account_list_clear();
	check_bad_account("long", "jid = l@example.org\ntag = thirteen-chars", tag_words);
	check_bad_account("blank", "jid = l@example.org\ntag = a b", tag_words);
	check_bad_account("puce", "jid = l@example.org\ncolour = puce", colour_words);
}

/* status and priority (the presence to start with), nick and autojoin
 * (rooms). */
static void
test_accounts_presence_and_rooms(void **state)
{
	GPtrArray *problems = parse("[a]\njid = a@example.org\nstatus = away  back at 3\n"
	                            "priority = -128\nnick = Ann \u00e9\n"
	                            "autojoin = Team@Conf.Example.org , ops@conf.example.org,,"
	                            "team@conf.example.org\n"
	                            "[b]\njid = b@example.org\nstatus = dnd\npriority = 127\n"
	                            "[c]\njid = c@example.org\n");
	const struct account *a, *b, *c;

	assert_int_equal(problems->len, 0);
	a = account_find("a");
	assert_int_equal(a->show, SHOW_AWAY);
	assert_string_equal(a->status, "back at 3");
	assert_int_equal(a->priority, -128);
	assert_string_equal(a->nick, "Ann \u00e9");
	/* Normalised, without the repeated room or the empty item. */
	assert_non_null(a->autojoin);
	assert_string_equal(a->autojoin[0], "team@conf.example.org");
	assert_string_equal(a->autojoin[1], "ops@conf.example.org");
	assert_null(a->autojoin[2]);
	assert_true(account_autojoins(a, "ops@conf.example.org"));
	assert_false(account_autojoins(a, "other@conf.example.org"));
	b = account_find("b");
	assert_int_equal(b->show, SHOW_DND);
	assert_null(b->status);
	assert_int_equal(b->priority, 127);
	/* The defaults: online, no text, priority 0, no nick, no rooms. */
	c = account_find("c");
	assert_int_equal(c->show, SHOW_ONLINE);
	assert_null(c->status);
	assert_int_equal(c->priority, 0);
	assert_null(c->nick);
	assert_null(c->autojoin);
	assert_false(account_autojoins(c, "team@conf.example.org"));
	g_ptr_array_unref(problems);
	account_list_clear();

	check_bad_account("p1", "jid = p@example.org\npriority = 128", ABOUT("priority '128'"));
	check_bad_account("p2", "jid = p@example.org\npriority = 5x", ABOUT("priority '5x'"));
	check_bad_account("p3", "jid = p@example.org\npriority = +", ABOUT("-128 to 127"));
	check_bad_account("s1", "jid = p@example.org\nstatus = busy now",
	                  ABOUT("status 'busy now'", "dnd"));
	check_bad_account("s2", "jid = p@example.org\nstatus = offline", ABOUT("status"));
	check_bad_account("s3", "jid = p@example.org\nstatus = away a\x01b",
	                  ABOUT("status has a control character"));
	check_bad_account("s4", "jid = p@example.org\nstatus = away \xff",
	                  ABOUT("status is not valid UTF-8"));
	check_bad_account("n1", "jid = p@example.org\nnick = a\x7f", ABOUT("nick"));
	check_bad_account("j1",
	                  "jid = p@example.org\nautojoin = ok@conf.example.org, conf.example.org",
	                  ABOUT("autojoin", "'conf.example.org'", "ROOM@SERVICE"));
	check_bad_account("j2", "jid = p@example.org\nautojoin = r@conf.example.org/nick",
	                  ABOUT("autojoin", "'r@conf.example.org/nick'"));
	check_bad_account("j3", "jid = p@example.org\nautojoin = @@", ABOUT("autojoin", "'@@'"));
}

/* /account rename: the group gets the new name in place; the account
 * keeps its place in the list and its settings. */
static void
test_accounts_rename(void **state)
{
	const char *text = "# by hand\n[one]\njid = a@example.org\n# about two\n[two]\n"
	                   "jid = b@example.org\nport = 5333\n\n[three]\njid = c@example.org\n";
	char *path = write_file(*state, text, 0600);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL, *after;
	struct stat st;

	assert_int_equal(accounts_load(path, problems, &cause), 0);
	assert_int_equal(accounts_rename("two", "deux", &cause), 0);
	assert_null(account_find("two"));
	assert_non_null(account_find("deux"));
	assert_int_equal(account_find("deux")->port, 5333);
	assert_string_equal(((struct account *)account_list()->pdata[1])->name, "deux");
	assert_int_equal(account_list()->len, 3);
	after = unit_read_file(path);
	assert_string_equal(after, "# by hand\n[one]\njid = a@example.org\n# about two\n[deux]\n"
	                           "jid = b@example.org\nport = 5333\n\n[three]\n"
	                           "jid = c@example.org\n");
	g_free(after);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* Refused, the file unchanged: a name taken, a bad name, no such
	 * account. */
	assert_int_equal(accounts_rename("one", "three", &cause), -1);
	assert_contains(cause, "already an account named 'three'");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(accounts_rename("one", "a[b", &cause), -1);
	assert_contains(cause, "bracket");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(accounts_rename("one", "", &cause), -1);
	assert_contains(cause, "empty");
	g_clear_pointer(&cause, g_free);
	assert_int_equal(accounts_rename("nowhere", "four", &cause), -1);
	assert_contains(cause, "no account named 'nowhere'");
	g_clear_pointer(&cause, g_free);
	after = unit_read_file(path);
	assert_string_equal(after, "# by hand\n[one]\njid = a@example.org\n# about two\n[deux]\n"
	                           "jid = b@example.org\nport = 5333\n\n[three]\n"
	                           "jid = c@example.org\n");
	g_free(after);
	assert_non_null(account_find("one"));
	g_ptr_array_unref(problems);
	g_free(path);
}

static void
test_accounts_load_reports_problems(void **state)
{
	char *path = write_file(*state, "[ok]\njid = a@b\n[bad]\njid = a@b\nport = x\n", 0600);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	assert_int_equal(accounts_load(path, problems, &cause), 0);
	assert_int_equal(problems->len, 1);
	assert_contains(problems->pdata[0], "bad");
	assert_contains(problems->pdata[0], "port");
	assert_non_null(account_find("ok"));
	g_ptr_array_unref(problems);
	g_free(path);
}

static void
test_accounts_load_invalid_ini(void **state)
{
	char *path = write_file(*state, "not ini at all\n", 0600);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL;

	assert_int_equal(accounts_load(path, problems, &cause), -1);
	assert_non_null(cause);
	assert_contains(cause, path);
	g_free(cause);
	g_ptr_array_unref(problems);
	g_free(path);
}

static void
test_accounts_load_creates_missing_file(void **state)
{
	char *dir = g_build_filename(*state, "config", "natter", NULL);
	char *parent = g_build_filename(*state, "config", NULL);
	char *path = g_build_filename(dir, "accounts.ini", NULL);
	GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
	char *cause = NULL, *text;
	struct stat st;

	assert_int_equal(accounts_load(path, problems, &cause), 0);
	assert_null(cause);
	assert_int_equal(problems->len, 0);
	assert_int_equal(account_list()->len, 0);

	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);

	/* only comments, explaining the format */
	text = unit_read_file(path);
	assert_non_null(text);
	assert_contains(text, "jid");
	char **lines = g_strsplit(text, "\n", -1);
	for (char **line = lines; *line != NULL; line++) {
		const char *p = *line;
		while (*p == ' ' || *p == '\t')
			p++;
		assert_true(*p == '\0' || *p == '#' || *p == ';');
	}
	g_strfreev(lines);

	/* loading it again works and still finds no account */
	assert_int_equal(accounts_load(path, problems, &cause), 0);
	assert_null(cause);
	assert_int_equal(problems->len, 0);
	assert_int_equal(account_list()->len, 0);
	char *again = unit_read_file(path);
	assert_string_equal(again, text);

	g_free(again);
	g_free(text);
	g_ptr_array_unref(problems);
	g_free(path);
	g_free(parent);
	g_free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accounts_parse_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_parse_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_unknown_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_name_control_characters, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_accounts_bad_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_bad_tls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_bad_jid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_two_passwords, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_several_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_invalid_ini, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_values_taken_as_written, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_accounts_password_keeps_spaces, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_accounts_resource_control_characters, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_accounts_template_example_works, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_accounts_load_refuses_readable_file, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_accounts_load_existing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_load_reports_problems, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_accounts_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_tag_and_colour, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_presence_and_rooms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_load_invalid_ini, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_load_creates_missing_file, setup,
		                                teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
