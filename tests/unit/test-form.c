/*
 * test-form.c: data forms (model/form.h): what /form set accepts for each
 * kind of field, and what it refuses in words.
 */
#include "config.h"

#include "unit.h"

#include "model/form.h"

static struct form *
sample(void)
{
	struct form *form = form_new("form");
	struct form_field *field;
	struct form_option *option;

	form_add_field(form, "FORM_TYPE", "hidden", NULL);
	form_add_field(form, NULL, "fixed", NULL);
	form_add_field(form, "name", NULL, "Name");
	form_add_field(form, "members", "boolean", NULL);
	field = form_add_field(form, "whois", "list-single", NULL);
	for (int i = 0; i < 2; i++) {
		option = g_new0(struct form_option, 1);
		option->label = g_strdup(i ? "Anyone" : "Moderators only");
		option->value = g_strdup(i ? "anyone" : "moderators");
		g_ptr_array_add(field->options, option);
	}
	form_add_field(form, "admins", "jid-multi", NULL);
	return form;
}

static void
assert_value(struct form *form, const char *var, const char *expected)
{
	char *value = form_field_value(form_field(form, var));

	assert_string_equal(value, expected);
	g_free(value);
}

static void
assert_refused(struct form *form, const char *var, const char *text, const char *words)
{
	char *cause = NULL;

	assert_int_equal(form_set(form, var, text, &cause), -1);
	assert_non_null(strstr(cause, words));
	g_free(cause);
}

static void
test_form_set(void **state)
{
	struct form *form = sample();
	char *cause = NULL;

	/* XEP-0004 3.3: a field without a type is text-single. */
	assert_string_equal(form_field(form, "name")->type, "text-single");
	assert_int_equal(form_set(form, "name", "Club Two", &cause), 0);
	assert_value(form, "name", "Club Two");
	assert_int_equal(form_set(form, "members", "on", &cause), 0);
	assert_value(form, "members", "1");
	assert_int_equal(form_set(form, "members", "False", &cause), 0);
	assert_value(form, "members", "0");
	/* A choice by value or by label; the value is what is kept. */
	assert_int_equal(form_set(form, "whois", "Anyone", &cause), 0);
	assert_value(form, "whois", "anyone");
	assert_int_equal(form_set(form, "admins", "a@example.org, b@example.org,", &cause), 0);
	assert_value(form, "admins", "a@example.org, b@example.org");
	assert_refused(form, "members", "maybe", "on or off");
	assert_refused(form, "whois", "nobody", "not one of the choices");
	assert_refused(form, "FORM_TYPE", "x", "cannot be changed");
	assert_refused(form, "missing", "x", "no field 'missing'");
	/* A refused value leaves the field as it was. */
	assert_value(form, "whois", "anyone");
	assert_value(form, "members", "0");
	form_free(form);
	form_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
