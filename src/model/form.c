/*
 * form.c: data forms (XEP-0004) as plain data (see form.h).
 */
#include "config.h"

#include <string.h>

#include "model/form.h"

static void
form_option_free(gpointer data)
{
	struct form_option *option = data;

	g_free(option->label);
	g_free(option->value);
	g_free(option);
}

static void
form_field_free(gpointer data)
{
	struct form_field *field = data;

	g_free(field->var);
	g_free(field->type);
	g_free(field->label);
	g_free(field->desc);
	g_ptr_array_unref(field->values);
	g_ptr_array_unref(field->options);
	g_free(field);
}

struct form *
form_new(const char *type)
{
	struct form *form = g_new0(struct form, 1);

	form->type = g_strdup(type);
	form->fields = g_ptr_array_new_with_free_func(form_field_free);
	return form;
}

void
form_free(struct form *form)
{
	if (form == NULL)
		return;
	g_free(form->type);
	g_free(form->title);
	g_free(form->instructions);
	g_ptr_array_unref(form->fields);
	g_free(form);
}

struct form_field *
form_add_field(struct form *form, const char *var, const char *type, const char *label)
{
	struct form_field *field = g_new0(struct form_field, 1);

	field->var = g_strdup(var);
	/* XEP-0004 3.3: "If the 'type' attribute is absent, the default of
	 * "text-single" is to be applied." */
	field->type = g_strdup(type ? type : "text-single");
	field->label = g_strdup(label);
	field->values = g_ptr_array_new_with_free_func(g_free);
	field->options = g_ptr_array_new_with_free_func(form_option_free);
	g_ptr_array_add(form->fields, field);
	return field;
}

struct form_field *
form_field(const struct form *form, const char *var)
{
	for (guint i = 0; var != NULL && i < form->fields->len; i++) {
		struct form_field *field = form->fields->pdata[i];
		if (g_strcmp0(field->var, var) == 0)
			return field;
	}
	return NULL;
}

/* The option of a list field whose value or label is text, or NULL. */
static const struct form_option *
form_option(const struct form_field *field, const char *text)
{
	for (guint i = 0; i < field->options->len; i++) {
		const struct form_option *option = field->options->pdata[i];
		if (strcmp(option->value, text) == 0 || g_strcmp0(option->label, text) == 0)
			return option;
	}
	return NULL;
}

/* The values text gives field (a new array), or NULL and *cause. */
static GPtrArray *
form_values(const struct form_field *field, const char *text, char **cause)
{
	GPtrArray *values = g_ptr_array_new_with_free_func(g_free);
	const char *type = field->type;
	const struct form_option *option;

	if (strcmp(type, "boolean") == 0) {
		/* XEP-0004 3.3: "0" or "false", "1" or "true". */
		if (g_ascii_strcasecmp(text, "1") == 0 || g_ascii_strcasecmp(text, "true") == 0 ||
		    g_ascii_strcasecmp(text, "on") == 0 || g_ascii_strcasecmp(text, "yes") == 0) {
			g_ptr_array_add(values, g_strdup("1"));
		} else if (g_ascii_strcasecmp(text, "0") == 0 ||
		           g_ascii_strcasecmp(text, "false") == 0 ||
		           g_ascii_strcasecmp(text, "off") == 0 ||
		           g_ascii_strcasecmp(text, "no") == 0) {
			g_ptr_array_add(values, g_strdup("0"));
		} else {
			*cause = g_strdup_printf("'%s' is a yes/no field: on or off", field->var);
			return g_ptr_array_unref(values), NULL;
		}
	} else if (strcmp(type, "list-multi") == 0 || strcmp(type, "jid-multi") == 0) {
		char **parts = g_strsplit(text, ",", -1);
		for (char **part = parts; *part != NULL; part++) {
			const char *value = g_strstrip(*part);
			if (*value == '\0')
				continue;
			option = strcmp(type, "list-multi") == 0 ? form_option(field, value) : NULL;
			if (strcmp(type, "list-multi") == 0 && option == NULL) {
				*cause = g_strdup_printf("'%s' is not one of the choices of '%s'",
				                         value, field->var);
				g_strfreev(parts);
				return g_ptr_array_unref(values), NULL;
			}
			g_ptr_array_add(values, g_strdup(option ? option->value : value));
		}
		g_strfreev(parts);
	} else if (strcmp(type, "list-single") == 0 && field->options->len > 0) {
		option = form_option(field, text);
		if (option == NULL) {
			*cause = g_strdup_printf("'%s' is not one of the choices of '%s'", text,
			                         field->var);
			return g_ptr_array_unref(values), NULL;
		}
		g_ptr_array_add(values, g_strdup(option->value));
	} else {
		g_ptr_array_add(values, g_strdup(text));
	}
	return values;
}

int
form_set(struct form *form, const char *var, const char *text, char **cause)
{
	struct form_field *field = form_field(form, var);
	GPtrArray *values;

	if (field == NULL) {
		*cause = g_strdup_printf("the form has no field '%s'", var);
		return -1;
	}
	if (strcmp(field->type, "fixed") == 0 || strcmp(field->type, "hidden") == 0) {
		*cause = g_strdup_printf("'%s' cannot be changed (%s)", var, field->type);
		return -1;
	}
	/* A value refused leaves the field as it was. */
	values = form_values(field, text, cause);
	if (values == NULL)
		return -1;
	g_ptr_array_unref(field->values);
	field->values = values;
	return 0;
}

char *
form_field_value(const struct form_field *field)
{
	GString *joined = g_string_new(NULL);

	for (guint i = 0; i < field->values->len; i++)
		g_string_append_printf(joined, "%s%s", i ? ", " : "",
		                       (const char *)field->values->pdata[i]);
	return g_string_free(joined, FALSE);
}
