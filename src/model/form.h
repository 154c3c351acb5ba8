/*
 * form.h: data forms (XEP-0004) as plain data: what a service asks (a
 * room's configuration...) and what the user answers.
 *
 * A form owns its fields; a field owns its values and options. Remote
 * text (labels, descriptions, values) is kept as received: frontends
 * sanitize it.
 */
#ifndef NATTER_MODEL_FORM_H
#define NATTER_MODEL_FORM_H

#include <glib.h>

struct form_option {
	char *label; /* or NULL */
	char *value;
};

struct form_field {
	char *var;   /* NULL for fixed fields */
	char *type;  /* "text-single", "boolean", "list-single"... ("text-single" if absent) */
	char *label; /* or NULL */
	char *desc;  /* or NULL */
	int required;
	GPtrArray *values;  /* of char * */
	GPtrArray *options; /* of struct form_option */
};

struct form {
	char *type; /* "form", "submit", "cancel", "result" */
	char *title;
	char *instructions;
	GPtrArray *fields; /* of struct form_field */
};

/* A new empty form of type. */
struct form *form_new(const char *type);

/* Frees a form. NULL is ignored. */
void form_free(struct form *form);

/* Appends a field (strings copied, may be NULL) and returns it. */
struct form_field *form_add_field(struct form *form, const char *var, const char *type,
                                  const char *label);

/* The field named var, or NULL. */
struct form_field *form_field(const struct form *form, const char *var);

/*
 * Sets a field's values from what the user typed: for a boolean
 * "1"/"true"/"on"/"yes" or "0"/"false"/"off"/"no"; for a list-single one
 * of its options' values (or labels); for a *-multi every word of text
 * separated by commas; else the text. Returns 0, or -1 and *cause (no such
 * field, fixed field, a value it does not take).
 */
int form_set(struct form *form, const char *var, const char *text, char **cause);

/* The field's values joined by ", " (caller frees). */
char *form_field_value(const struct form_field *field);

#endif
