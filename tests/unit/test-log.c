/*
 * test-log.c: the debug log and redaction of secrets (core/log.h).
 */
#include "config.h"

#include <sys/stat.h>

#include "unit.h"

#include "core/log.h"

#define SASL "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'"
/* base64 of "\0alice\0secret" */
#define PLAIN_PAYLOAD "AGFsaWNlAHNlY3JldA=="

static void
check_redact(const char *xml, const char *expected)
{
	char *redacted = log_redact(xml);

	assert_non_null(redacted);
	assert_string_equal(redacted, expected);
	g_free(redacted);
}

/* Redacts xml and checks that none of the secrets is left. */
static char *
redact_without(const char *xml, const char *const *secrets)
{
	char *redacted = log_redact(xml);

	assert_non_null(redacted);
	for (const char *const *secret = secrets; *secret != NULL; secret++)
		assert_not_contains(redacted, *secret);
	return redacted;
}

static void
test_redact_sasl_auth(void **state)
{
	check_redact("<auth " SASL " mechanism='PLAIN'>" PLAIN_PAYLOAD "</auth>",
	             "<auth " SASL " mechanism='PLAIN'>[redacted]</auth>");
	check_redact("<auth " SASL " mechanism='SCRAM-SHA-1'>biwsbj1hbGljZSxyPWZ5a28rZDJs</auth>",
	             "<auth " SASL " mechanism='SCRAM-SHA-1'>[redacted]</auth>");
}

static void
test_redact_sasl_exchange(void **state)
{
	check_redact("<challenge " SASL ">cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wz</challenge>",
	             "<challenge " SASL ">[redacted]</challenge>");
	check_redact("<response " SASL ">Yz1iaXdzLHI9ZnlrbytkMmxiYkZnT05Sdjlx</response>",
	             "<response " SASL ">[redacted]</response>");
	check_redact("<success " SASL ">dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9</success>",
	             "<success " SASL ">[redacted]</success>");
}

static void
test_redact_with_log_prefix_and_neighbours(void **state)
{
	/* libstrophe's protocol lines start with "SENT: " / "RECV: ". */
	check_redact("SENT: <auth " SASL " mechanism='PLAIN'>" PLAIN_PAYLOAD "</auth>",
	             "SENT: <auth " SASL " mechanism='PLAIN'>[redacted]</auth>");
	/* Two secrets in one chunk, with something harmless in between. */
	check_redact("<response " SASL ">one</response><r/><response " SASL ">two</response>",
	             "<response " SASL ">[redacted]</response><r/><response " SASL
	             ">[redacted]</response>");
}

static void
test_redact_password_elements(void **state)
{
	static const char *const secrets[] = { "Calliope", NULL };
	char *redacted;

	/* XEP-0077 in-band registration */
	check_redact("<iq type='set' id='reg2'><query xmlns='jabber:iq:register'>"
	             "<username>bill</username><password>Calliope</password>"
	             "<email>bard@shakespeare.lit</email></query></iq>",
	             "<iq type='set' id='reg2'><query xmlns='jabber:iq:register'>"
	             "<username>bill</username><password>[redacted]</password>"
	             "<email>bard@shakespeare.lit</email></query></iq>");

	/* XEP-0078 non-SASL authentication, with whitespace and a newline */
	redacted = redact_without("<iq type='set' id='auth2'>\n"
	                          "  <query xmlns='jabber:iq:auth'>\n"
	                          "    <username>bill</username>\n"
	                          "    <password>Calliope</password>\n"
	                          "    <resource>globe</resource>\n"
	                          "  </query>\n</iq>",
	                          secrets);
	assert_contains(redacted, "<username>bill</username>");
	assert_contains(redacted, "<resource>globe</resource>");
	assert_contains(redacted, "[redacted]");
	g_free(redacted);

	/* XEP-0045 room password */
	redacted = redact_without("<presence to='room@muc.example/nick'><x "
	                          "xmlns='http://jabber.org/protocol/muc'>"
	                          "<password>Calliope</password></x></presence>",
	                          secrets);
	assert_contains(redacted, "<presence to='room@muc.example/nick'>");
	g_free(redacted);
}

/* XEP-0077 registration with a data form: the password field's value. */
static void
test_redact_password_form_field(void **state)
{
	check_redact(
	        "<x xmlns=\"jabber:x:data\" type=\"submit\"><field var=\"username\"><value>dave"
	        "</value></field><field var=\"password\"><value>s3cret</value></field></x>",
	        "<x xmlns=\"jabber:x:data\" type=\"submit\"><field var=\"username\"><value>dave"
	        "</value></field><field var=\"password\">[redacted]</field></x>");
	check_redact("<field type='text-private' var='password'><value>s3cret</value></field>",
	             "<field type='text-private' var='password'>[redacted]</field>");
	/* an empty field in the server's form stays as it is */
	check_redact("<field var=\"password\"/>", "<field var=\"password\"/>");
}

static void
test_redact_namespace_prefix(void **state)
{
	static const char *const secrets[] = { PLAIN_PAYLOAD, NULL };
	char *redacted = redact_without("<sasl:auth xmlns:sasl='urn:ietf:params:xml:ns:xmpp-sasl' "
	                                "mechanism='PLAIN'>" PLAIN_PAYLOAD "</sasl:auth>",
	                                secrets);

	assert_contains(redacted, "[redacted]");
	g_free(redacted);
}

/* The end tag must match the whole name: </passwordx> does not end
 * <password>. */
static void
test_redact_end_tag_is_exact(void **state)
{
	static const char *const secrets[] = { "SECRET", NULL };
	char *redacted = redact_without("<password>a</passwordx>SECRET</password><next/>", secrets);

	assert_contains(redacted, "<next/>");
	g_free(redacted);
}

static void
test_redact_truncated_and_odd(void **state)
{
	static const char *const secrets[] = { PLAIN_PAYLOAD, "AGFsaWNl", NULL };
	char *redacted;

	/* A chunk cut before the end tag must not leak the payload. */
	redacted = redact_without("<auth " SASL " mechanism='PLAIN'>" PLAIN_PAYLOAD, secrets);
	g_free(redacted);
	redacted = redact_without("<auth " SASL " mechanism='PLAIN'>AGFsaWNl", secrets);
	g_free(redacted);
	/* CDATA inside the secret element */
	redacted = redact_without("<auth " SASL "><![CDATA[" PLAIN_PAYLOAD "]]></auth>", secrets);
	g_free(redacted);
	/* a '>' inside an attribute value */
	redacted =
	        redact_without("<auth " SASL " mechanism='a>b'>" PLAIN_PAYLOAD "</auth>", secrets);
	g_free(redacted);
	/* the start tag split over lines */
	redacted = redact_without("<auth\n  " SASL "\n  mechanism='PLAIN'>" PLAIN_PAYLOAD "</auth>",
	                          secrets);
	g_free(redacted);
}

static void
test_redact_keeps_other_stanzas(void **state)
{
	static const char *const unchanged[] = {
		"",
		"<message to='juliet@example.org' type='chat' id='m1'><body>my password is "
		"&lt;password&gt;hunter2&lt;/password&gt;, auth</body></message>",
		"<presence><status>auth response challenge success</status></presence>",
		"<success " SASL "/>",
		"<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
		"<jid>alice@example.org/laptop</jid></bind></iq>",
		"<stream:features><mechanisms " SASL "><mechanism>SCRAM-SHA-1</mechanism>"
		"<mechanism>PLAIN</mechanism></mechanisms></stream:features>",
		"<?xml version='1.0'?><stream:stream to='example.org' version='1.0' "
		"xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>",
		"<message><body>a < b and c > d</body></message>",
		"<message><body>Grüße 日本 🎉</body></message>",
		"plain text without any markup",
		"</auth>",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(unchanged); i++)
		check_redact(unchanged[i], unchanged[i]);
}

/* Restores the umask of the test process. */
static mode_t saved_umask;

static int
setup(void **state)
{
	saved_umask = umask(0);
	*state = unit_make_tmpdir();
	return 0;
}

static int
teardown(void **state)
{
	log_close();
	unit_remove_tree(*state);
	g_free(*state);
	umask(saved_umask);
	return 0;
}

static void
test_log_open_creates_private_file(void **state)
{
	char *path = g_build_filename(*state, "debug.log", NULL);
	char *cause = NULL;
	struct stat st;

	/* umask is 0 here: the mode must come from natter, not the umask */
	assert_false(log_enabled());
	assert_int_equal(log_open(path, &cause), 0);
	assert_null(cause);
	assert_true(log_enabled());
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	log_close();
	assert_false(log_enabled());
	g_free(path);
}

static void
test_log_protocol_is_redacted(void **state)
{
	char *path = g_build_filename(*state, "debug.log", NULL);
	char *cause = NULL, *text;
	char **lines;

	assert_int_equal(log_open(path, &cause), 0);
	log_protocol("work", "SENT", "<auth " SASL " mechanism='PLAIN'>" PLAIN_PAYLOAD "</auth>");
	log_protocol("work", "RECV", "<success " SASL ">dj1ybUY5cHFWOFM3c3VB</success>");
	log_protocol("home", "SENT", "<message to='a@b'><body>hello</body></message>");
	log_write(LOG_WARNING, "tls", "certificate %s", "AB:CD");
	log_close();

	text = unit_read_file(path);
	assert_non_null(text);
	assert_not_contains(text, PLAIN_PAYLOAD);
	assert_not_contains(text, "dj1ybUY5cHFWOFM3c3VB");
	lines = g_strsplit(text, "\n", -1);
	assert_int_equal(g_strv_length(lines), 5); /* four lines and the empty tail */
	assert_string_equal(lines[4], "");
	assert_contains(lines[0], "work");
	assert_contains(lines[0], "SENT");
	assert_contains(lines[0], "mechanism='PLAIN'>[redacted]</auth>");
	assert_contains(lines[1], "RECV");
	assert_contains(lines[1], "[redacted]");
	assert_contains(lines[2], "home");
	assert_contains(lines[2], "<message to='a@b'><body>hello</body></message>");
	assert_contains(lines[3], "tls");
	assert_contains(lines[3], "certificate AB:CD");
	assert_contains(lines[3], "warning");
	g_strfreev(lines);
	g_free(text);
	g_free(path);
}

static void
test_log_appends(void **state)
{
	char *path = g_build_filename(*state, "debug.log", NULL);
	char *cause = NULL, *text;

	assert_true(g_file_set_contents(path, "earlier line\n", -1, NULL));
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(log_open(path, &cause), 0);
	log_write(LOG_INFO, "core", "later line");
	log_close();
	text = unit_read_file(path);
	assert_true(g_str_has_prefix(text, "earlier line\n"));
	assert_contains(text, "later line");
	g_free(text);
	g_free(path);
}

/* What a stranger wrote cannot make a second entry, nor reach the
 * terminal of someone reading the log. */
static void
test_log_remote_text_is_one_safe_line(void **state)
{
	char *path = g_build_filename(*state, "debug.log", NULL);
	char *cause = NULL, *text;

	assert_int_equal(log_open(path, &cause), 0);
	log_write(LOG_WARNING, "work", "nick %s joined",
	          "eve\n2026-01-01T00:00:00.000000Z ERROR work: forged\x1b]0;title\x07\x9b"
	          "2J\xff");
	log_close();
	text = unit_read_file(path);
	assert_int_equal(strchr(text, '\n') - text, (long)strlen(text) - 1); /* one line */
	assert_not_contains(text, "\x1b");
	assert_not_contains(text, "\x07");
	assert_not_contains(text, "\xc2\x9b");
	assert_true(g_utf8_validate(text, -1, NULL));
	assert_contains(text, "forged");
	g_free(text);
	g_free(path);
}

static void
test_log_nothing_written_when_closed(void **state)
{
	char *path = g_build_filename(*state, "debug.log", NULL);
	char *cause = NULL, *text;

	assert_int_equal(log_open(path, &cause), 0);
	log_close();
	log_write(LOG_ERROR, "core", "after close");
	log_protocol("work", "SENT", "<presence/>");
	text = unit_read_file(path);
	assert_string_equal(text, "");
	g_free(text);
	g_free(path);
}

static void
test_log_open_failure(void **state)
{
	char *path = g_build_filename(*state, "no-such-dir", "debug.log", NULL);
	char *cause = NULL;

	assert_int_equal(log_open(path, &cause), -1);
	assert_non_null(cause);
	assert_contains(cause, path);
	assert_false(log_enabled());
	g_free(cause);
	g_free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_redact_sasl_auth),
		cmocka_unit_test(test_redact_sasl_exchange),
		cmocka_unit_test(test_redact_with_log_prefix_and_neighbours),
		cmocka_unit_test(test_redact_password_elements),
		cmocka_unit_test(test_redact_password_form_field),
		cmocka_unit_test(test_redact_namespace_prefix),
		cmocka_unit_test(test_redact_end_tag_is_exact),
		cmocka_unit_test(test_redact_truncated_and_odd),
		cmocka_unit_test(test_redact_keeps_other_stanzas),
		cmocka_unit_test_setup_teardown(test_log_open_creates_private_file, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_log_protocol_is_redacted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_appends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_remote_text_is_one_safe_line, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_log_nothing_written_when_closed, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_log_open_failure, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
