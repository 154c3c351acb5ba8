/*
 * test-caps.c: the XEP-0115 verification string of others' answers
 * (xmpp/caps.h), against the examples of XEP-0115 5.2 and 5.3, and the
 * answers 5.4 says not to trust.
 */
#include "config.h"

#include "unit.h"

#include "xmpp/caps.h"
#include "xmpp/netloop.h"

/* The ver of a <query/> given as text, or NULL; *features its count. */
static char *
hash_of(const char *xml, guint *features)
{
	xmpp_stanza_t *query = xmpp_stanza_new_from_string(netloop_context(), xml);
	GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char *ver;

	assert_non_null(query);
	ver = caps_hash(query, set);
	if (features != NULL)
		*features = g_hash_table_size(set);
	g_hash_table_unref(set);
	xmpp_stanza_release(query);
	return ver;
}

#define DISCO "<query xmlns='http://jabber.org/protocol/disco#info'>"
#define FEATURES                                                                                   \
	"<feature var='http://jabber.org/protocol/caps'/>"                                         \
	"<feature var='http://jabber.org/protocol/disco#info'/>"                                   \
	"<feature var='http://jabber.org/protocol/disco#items'/>"                                  \
	"<feature var='http://jabber.org/protocol/muc'/>"

/* XEP-0115 5.2: one identity, four features. */
static void
test_caps_simple_example(void **state)
{
	guint count = 0;
	char *ver =
	        hash_of(DISCO "<identity category='client' type='pc' name='Exodus 0.9.1'/>" FEATURES
	                      "</query>",
	                &count);

	assert_non_null(ver);
	assert_string_equal(ver, "QgayPKawpkPSDYmwT/WM94uAlu0=");
	assert_int_equal(count, 4);
	g_free(ver);
}

/* XEP-0115 5.3: two identities in two languages, a form; the order of the
 * answer's parts does not matter. */
static void
test_caps_complex_example(void **state)
{
	char *ver = hash_of(
	        DISCO "<x xmlns='jabber:x:data' type='result'>"
	              "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo"
	              "</value></field>"
	              "<field var='ip_version'><value>ipv6</value><value>ipv4</value></field>"
	              "<field var='os'><value>Mac</value></field>"
	              "<field var='os_version'><value>10.5.1</value></field>"
	              "<field var='software'><value>Psi</value></field>"
	              "<field var='software_version'><value>0.11</value></field></x>"
	              "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
	              "<identity xml:lang='el' category='client' name='\xce\xa8 0.11' "
	              "type='pc'/>" FEATURES "</query>",
	        NULL);

	assert_non_null(ver);
	assert_string_equal(ver, "q07IKJEyjvHSyhy//CH0CxmKi8w=");
	g_free(ver);
}

/* XEP-0115 5.4: answers that must not be cached. */
static void
test_caps_untrusted_answers(void **state)
{
	static const char *const answers[] = {
		/* a '<' could regroup the parts into another client's string */
		DISCO "<identity category='client' type='pc' name='Exodus&lt;x'/>" FEATURES
		      "</query>",
		DISCO "<identity category='client' type='pc'/><feature var='a&lt;b'/></query>",
		/* the same feature twice */
		DISCO "<identity category='client' type='pc'/><feature var='urn:x'/>"
		      "<feature var='urn:x'/></query>",
		/* the same identity twice */
		DISCO "<identity category='client' type='pc' name='A'/>"
		      "<identity category='client' type='pc' name='A'/></query>",
		/* two forms of one FORM_TYPE */
		DISCO "<identity category='client' type='pc'/>"
		      "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'>"
		      "<value>urn:a</value></field></x>"
		      "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'>"
		      "<value>urn:a</value></field></x></query>",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(answers); i++) {
		char *ver = hash_of(answers[i], NULL);
		if (ver != NULL)
			fail_msg("answer %zu was trusted (ver %s)", i, ver);
	}
}

/* XEP-0115 5.4: a form without a hidden FORM_TYPE is left out, the rest
 * hashes as without it. */
static void
test_caps_form_without_form_type(void **state)
{
	char *plain =
	        hash_of(DISCO "<identity category='client' type='pc' name='Exodus 0.9.1'/>" FEATURES
	                      "</query>",
	                NULL);
	char *with =
	        hash_of(DISCO "<identity category='client' type='pc' name='Exodus 0.9.1'/>" FEATURES
	                      "<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'>"
	                      "<value>urn:a</value></field></x></query>",
	                NULL);

	assert_non_null(plain);
	assert_non_null(with);
	assert_string_equal(plain, with);
	g_free(plain);
	g_free(with);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caps_simple_example),
		cmocka_unit_test(test_caps_complex_example),
		cmocka_unit_test(test_caps_untrusted_answers),
		cmocka_unit_test(test_caps_form_without_form_type),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	netloop_shutdown();
	return failed;
}
