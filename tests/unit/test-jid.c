/*
 * test-jid.c: JID parsing, validation and normalisation (core/jid.h).
 */
#include "config.h"

#include "unit.h"

#include "core/jid.h"

/* Parses text, which must be valid, and checks the three parts. */
static void
check_parts(const char *text, const char *local, const char *domain, const char *resource)
{
	struct jid jid;
	char *cause = NULL;

	if (jid_parse(text, &jid, &cause) != 0) {
		print_error("jid_parse(\"%s\") failed: %s\n", text, cause ? cause : "(no cause)");
		fail();
	}
	assert_null(cause);
	if (local == NULL)
		assert_null(jid.local);
	else
		assert_string_equal(jid.local, local);
	assert_non_null(jid.domain);
	assert_string_equal(jid.domain, domain);
	if (resource == NULL)
		assert_null(jid.resource);
	else
		assert_string_equal(jid.resource, resource);
	assert_true(jid_is_valid(text));
	jid_clear(&jid);
	assert_null(jid.local);
	assert_null(jid.domain);
	assert_null(jid.resource);
}

/* Parses text, which must be refused with a cause mentioning about (or any
 * cause when about is NULL), leaving the jid empty. */
static void
check_invalid(const char *text, const char *about)
{
	struct jid jid = { 0 };
	char *cause = NULL;
	int ret = jid_parse(text, &jid, &cause);

	if (ret != -1) {
		char *full = jid.domain ? jid_full(&jid) : g_strdup("?");
		print_error("jid_parse accepted an invalid JID (parsed as \"%s\")\n", full);
		g_free(full);
		jid_clear(&jid);
		fail();
	}
	assert_non_null(cause);
	assert_true(cause[0] != '\0');
	if (about != NULL)
		assert_contains(cause, about);
	assert_null(jid.local);
	assert_null(jid.domain);
	assert_null(jid.resource);
	assert_false(jid_is_valid(text));
	assert_null(jid_bare_of(text));
	g_free(cause);
}

static void
test_jid_plain_forms(void **state)
{
	check_parts("user@example.org", "user", "example.org", NULL);
	check_parts("example.org", NULL, "example.org", NULL);
	check_parts("user@example.org/laptop", "user", "example.org", "laptop");
	check_parts("example.org/service", NULL, "example.org", "service");
	check_parts("a@b", "a", "b", NULL);
}

static void
test_jid_resource_split(void **state)
{
	/* RFC 7622 3.2: the resource starts at the first '/', and may hold
	 * '/' and '@' itself. */
	check_parts("user@example.org/a/b@c", "user", "example.org", "a/b@c");
	check_parts("example.org/res@x", NULL, "example.org", "res@x");
	/* Spaces are fine in a resource (RFC 7622 3.4: OpaqueString). */
	check_parts("user@example.org/My Phone", "user", "example.org", "My Phone");
}

static void
test_jid_case_folding(void **state)
{
	/* Local part and domain are compared case-insensitively; the resource
	 * is case-sensitive and kept as written. */
	check_parts("Juliet@Capulet.EXAMPLE/Balcony", "juliet", "capulet.example", "Balcony");
	check_parts("JULIET@capulet.example/BALCONY", "juliet", "capulet.example", "BALCONY");
	check_parts("Capulet.Example/Res", NULL, "capulet.example", "Res");
}

static void
test_jid_trailing_dot(void **state)
{
	check_parts("user@example.org.", "user", "example.org", NULL);
	check_parts("user@example.org./res", "user", "example.org", "res");

	char *bare = jid_bare_of("User@Example.Org./Home");
	assert_string_equal(bare, "user@example.org");
	g_free(bare);
}

static void
test_jid_bare_and_full(void **state)
{
	struct jid jid;
	char *cause = NULL, *bare, *full;

	assert_int_equal(jid_parse("Romeo@Montague.Example/Orchard", &jid, &cause), 0);
	bare = jid_bare(&jid);
	full = jid_full(&jid);
	assert_string_equal(bare, "romeo@montague.example");
	assert_string_equal(full, "romeo@montague.example/Orchard");
	g_free(bare);
	g_free(full);
	jid_clear(&jid);

	assert_int_equal(jid_parse("montague.example", &jid, &cause), 0);
	bare = jid_bare(&jid);
	full = jid_full(&jid);
	assert_string_equal(bare, "montague.example");
	assert_string_equal(full, "montague.example");
	g_free(bare);
	g_free(full);
	jid_clear(&jid);

	assert_int_equal(jid_parse("romeo@montague.example", &jid, &cause), 0);
	full = jid_full(&jid);
	assert_string_equal(full, "romeo@montague.example");
	g_free(full);
	jid_clear(&jid);

	bare = jid_bare_of("Romeo@Montague.Example/Orchard");
	assert_string_equal(bare, "romeo@montague.example");
	g_free(bare);
	bare = jid_bare_of("montague.example/x");
	assert_string_equal(bare, "montague.example");
	g_free(bare);
}

static void
test_jid_non_ascii(void **state)
{
	check_parts("Jürgen@Exämple.de/Zuhause", "jürgen", "exämple.de", "Zuhause");
	check_parts("张三@例子.中国/电脑", "张三", "例子.中国", "电脑");
	check_parts("ÉLODIE@example.fr", "élodie", "example.fr", NULL);
	check_parts("user@example.org/📱 Téléphone", "user", "example.org", "📱 Téléphone");

	char *bare = jid_bare_of("ÉLODIE@EXAMPLE.FR/Maison");
	assert_string_equal(bare, "élodie@example.fr");
	g_free(bare);
}

static void
test_jid_ip_literal(void **state)
{
	check_parts("user@[::1]", "user", "[::1]", NULL);
	check_parts("user@127.0.0.1/x", "user", "127.0.0.1", "x");
}

static void
test_jid_empty_parts(void **state)
{
	check_invalid("", NULL);
	check_invalid("@example.org", "local");
	check_invalid("user@", "domain");
	check_invalid("user@/res", "domain");
	check_invalid("/res", "domain");
	check_invalid("a@b/", "resource");
	check_invalid("user@.", "domain");
}

static void
test_jid_forbidden_local_characters(void **state)
{
	/* RFC 7622 3.3.1: " & ' / : < > @ and spaces are not allowed in the
	 * local part. */
	check_invalid("a b@c", "local");
	check_invalid("a\"b@c", "local");
	check_invalid("a&b@c", "local");
	check_invalid("a'b@c", "local");
	check_invalid("a:b@c", "local");
	check_invalid("a<b@c", "local");
	check_invalid("a>b@c", "local");
	check_invalid(" user@example.org", "local");
	check_invalid("a\tb@c", "local");
	check_invalid("a\x01"
	              "b@c",
	              "local");
	check_invalid("a\x7f"
	              "b@c",
	              "local");
	/* U+00A0 NO-BREAK SPACE and U+0085 NEXT LINE */
	check_invalid("a\xc2\xa0"
	              "b@c",
	              "local");
	check_invalid("a\xc2\x85"
	              "b@c",
	              "local");
}

static void
test_jid_forbidden_domain_characters(void **state)
{
	check_invalid("a@b@c", "domain");
	check_invalid("user@exa mple.org", "domain");
	check_invalid("user@example.org\n", "domain");
	check_invalid("user@exa<mple.org", "domain");
	check_invalid("user@example.org:5222", "domain");
	/* bracketed like an IP literal, but with a bad character inside */
	check_invalid("user@[::1 ]", "domain");
	check_invalid("user@[:\x18"
	              "1]/x",
	              "domain");
}

static void
test_jid_control_characters_in_resource(void **state)
{
	check_invalid("user@example.org/a\x01"
	              "b",
	              "resource");
	check_invalid("user@example.org/line\nbreak", "resource");
	check_invalid("user@example.org/a\x1b[2Jb", "resource");
	check_invalid("user@example.org/a\x7f"
	              "b",
	              "resource");
	check_invalid("user@example.org/a\xc2\x9b"
	              "b",
	              "resource"); /* U+009B CSI */
}

static void
test_jid_invalid_utf8(void **state)
{
	check_invalid("\xff@example.org", "UTF-8");
	check_invalid("user@exampl\xc3", "UTF-8");
	check_invalid("user@example.org/\xc0\xaf", "UTF-8");
	check_invalid("user@example.org/\xed\xa0\x80", "UTF-8"); /* a UTF-16 surrogate */
}

static void
test_jid_part_lengths(void **state)
{
	/* RFC 7622 3.1: each part is 1 to 1023 octets. */
	char *part_max = g_strnfill(1023, 'a');
	char *part_long = g_strnfill(1024, 'a');
	char *text;

	text = g_strconcat(part_max, "@example.org/", part_max, NULL);
	check_parts(text, part_max, "example.org", part_max);
	g_free(text);

	text = g_strconcat(part_long, "@example.org", NULL);
	check_invalid(text, "1023");
	g_free(text);

	text = g_strconcat("user@", part_long, NULL);
	check_invalid(text, "1023");
	g_free(text);

	text = g_strconcat("user@example.org/", part_long, NULL);
	check_invalid(text, "1023");
	g_free(text);

	/* The limit is in octets, not characters: 512 two-byte characters. */
	GString *wide = g_string_new(NULL);
	for (int i = 0; i < 512; i++)
		g_string_append(wide, "é");
	g_string_append(wide, "@example.org");
	check_invalid(wide->str, "1023");
	g_string_free(wide, TRUE);

	g_free(part_max);
	g_free(part_long);
}

static void
test_jid_empty_domain_label(void **state)
{
	/* RFC 7622 3.2: the domainpart is a domain name (or IP literal); an
	 * empty label is not a domain name. Only one trailing dot is allowed
	 * and removed. */
	check_invalid("user@example..org", "domain");
	check_invalid("user@.example.org", "domain");
	check_invalid("user@example.org..", "domain");
}

static void
test_jid_failure_leaves_jid_empty(void **state)
{
	struct jid jid;
	char *cause = NULL;

	/* A part was already split off when the resource is found wrong. */
	memset(&jid, 0x5a, sizeof jid);
	assert_int_equal(jid_parse("user@example.org/bad\x01", &jid, &cause), -1);
	assert_null(jid.local);
	assert_null(jid.domain);
	assert_null(jid.resource);
	g_free(cause);
	jid_clear(&jid); /* clearing an empty jid is harmless */
}

/* jid_bare_of() takes a shortcut for plain addresses: the same answer as
 * jid_parse() and jid_bare(), valid or not. */
/* Equal once normalised: local part and domain in any case, the resource
 * exactly; never when either is no JID. */
static void
test_jid_equal(void **state)
{
	assert_true(jid_equal("Room@MUC.Example.org", "room@muc.example.org"));
	assert_true(jid_equal("a@b/Res", "A@B/Res"));
	assert_false(jid_equal("a@b/Res", "a@b/res"));
	assert_false(jid_equal("a@b", "a@b/r"));
	assert_false(jid_equal("a@b", "b"));
	assert_false(jid_equal(NULL, "a@b"));
	assert_false(jid_equal("@", "@"));
	assert_false(jid_equal(NULL, NULL));
	/* Composed or not, the same characters. */
	assert_true(jid_equal("cafe\u0301@example.org", "caf\u00e9@example.org"));
}

static void
test_jid_bare_of_same_as_parse(void **state)
{
	static const char *const texts[] = {
		"a@b",
		"alice@localhost",
		"alice@localhost/natter",
		"user00042@load.localhost/load",
		"hall1@rooms.localhost/user00001",
		"room@conference.example.org/Nick Name",
		"first.last_x-1@sub.example.org",
		"localhost",
		"localhost/res",
		"example.org",
		"Alice@localhost",
		"alice@LOCALHOST",
		"alice@localhost.",
		"alice@localhost./r",
		"alice@.localhost",
		"alice@local..host",
		"alice@",
		"@localhost",
		"alice@@localhost",
		"a@b@c",
		"alice@localhost/",
		"alice@local_host",
		"al ice@localhost",
		"alice@localhost/tab\there",
		"alice@localhost/caf\xc3\xa9",
		"\xc3\xa9@example.org",
		"alice@[::1]",
		"alice@127.0.0.1",
		"alice@localhost//x",
		"alice/x@localhost",
		"\"q\"@example.org",
		"a&b@example.org",
		"a:b@example.org",
		"-@-",
		"a.@b",
		".",
		"alice@localhost/\x7f",
		"",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
		struct jid jid;
		char *cause = NULL, *expected = NULL;
		if (jid_parse(texts[i], &jid, &cause) == 0) {
			expected = jid_bare(&jid);
			jid_clear(&jid);
		}
		g_free(cause);
		char *bare = jid_bare_of(texts[i]);
		if (g_strcmp0(bare, expected) != 0) {
			print_error("jid_bare_of(\"%s\") = %s, jid_parse: %s\n", texts[i],
			            bare ? bare : "NULL", expected ? expected : "NULL");
			fail();
		}
		g_free(bare);
		g_free(expected);
	}
	/* Long parts: the limits hold on the shortcut too. */
	char *local = g_strnfill(1024, 'a');
	char *text = g_strdup_printf("%s@example.org", local);
	assert_null(jid_bare_of(text));
	g_free(text);
	text = g_strdup_printf("a@example.org/%s", local);
	assert_null(jid_bare_of(text));
	g_free(text);
	g_free(local);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jid_plain_forms),
		cmocka_unit_test(test_jid_resource_split),
		cmocka_unit_test(test_jid_case_folding),
		cmocka_unit_test(test_jid_trailing_dot),
		cmocka_unit_test(test_jid_bare_and_full),
		cmocka_unit_test(test_jid_non_ascii),
		cmocka_unit_test(test_jid_ip_literal),
		cmocka_unit_test(test_jid_empty_parts),
		cmocka_unit_test(test_jid_forbidden_local_characters),
		cmocka_unit_test(test_jid_forbidden_domain_characters),
		cmocka_unit_test(test_jid_control_characters_in_resource),
		cmocka_unit_test(test_jid_invalid_utf8),
		cmocka_unit_test(test_jid_part_lengths),
		cmocka_unit_test(test_jid_empty_domain_label),
		cmocka_unit_test(test_jid_failure_leaves_jid_empty),
		cmocka_unit_test(test_jid_bare_of_same_as_parse),
		cmocka_unit_test(test_jid_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
