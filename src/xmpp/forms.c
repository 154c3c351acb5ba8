/*
 * forms.c: data forms (XEP-0004) to and from stanzas.
 */
#include "config.h"

#include <string.h>

#include "model/form.h"
#include "xmpp/forms.h"
#include "xmpp/netloop.h"
#include "xmpp/stanza.h"

#define NS_DATA "jabber:x:data"

/* A field's children: <value/>s, <option/>s, <required/>, <desc/>. */
static void
forms_read_field(struct form_field *field, xmpp_stanza_t *element)
{
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(element); c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : "";
		char *text;
		if (strcmp(name, "value") == 0) {
			text = xmpp_stanza_get_text(c);
			g_ptr_array_add(field->values, g_strdup(text ? text : ""));
			if (text != NULL)
				xmpp_free(xmpp_stanza_get_context(c), text);
		} else if (strcmp(name, "option") == 0) {
			char *value = stanza_child_text(c, "value");
			struct form_option *option;
			if (value == NULL)
				continue;
			option = g_new0(struct form_option, 1);
			option->label = g_strdup(xmpp_stanza_get_attribute(c, "label"));
			option->value = value;
			g_ptr_array_add(field->options, option);
		} else if (strcmp(name, "required") == 0) {
			field->required = 1;
		} else if (strcmp(name, "desc") == 0) {
			g_free(field->desc);
			field->desc = stanza_child_text(element, "desc");
		}
	}
}

struct form *
forms_parse(xmpp_stanza_t *x)
{
	struct form *form;

	if (x == NULL || g_strcmp0(xmpp_stanza_get_ns(x), NS_DATA) != 0)
		return NULL;
	form = form_new(xmpp_stanza_get_type(x) ? xmpp_stanza_get_type(x) : "form");
	form->title = stanza_child_text(x, "title");
	form->instructions = stanza_child_text(x, "instructions");
	for (xmpp_stanza_t *c = xmpp_stanza_get_children(x); c != NULL;
	     c = xmpp_stanza_get_next(c)) {
		struct form_field *field;
		if (!xmpp_stanza_is_tag(c) || strcmp(xmpp_stanza_get_name(c), "field") != 0)
			continue;
		field = form_add_field(form, xmpp_stanza_get_attribute(c, "var"),
		                       xmpp_stanza_get_type(c),
		                       xmpp_stanza_get_attribute(c, "label"));
		forms_read_field(field, c);
	}
	return form;
}

xmpp_stanza_t *
forms_answer(const struct form *form, int cancel)
{
	xmpp_ctx_t *ctx = netloop_context();
	xmpp_stanza_t *x = xmpp_stanza_new(ctx);

	xmpp_stanza_set_name(x, "x");
	xmpp_stanza_set_ns(x, NS_DATA);
	/* XEP-0004 3.1: "cancel": the form-submitting entity has cancelled
	 * submission of data to the form-processing entity. */
	xmpp_stanza_set_type(x, cancel ? "cancel" : "submit");
	for (guint i = 0; !cancel && i < form->fields->len; i++) {
		const struct form_field *field = form->fields->pdata[i];
		xmpp_stanza_t *element;
		/* XEP-0004 3.2: fixed fields are not submitted; every field
		 * with a var is, hidden ones (FORM_TYPE) included. */
		if (field->var == NULL || strcmp(field->type, "fixed") == 0)
			continue;
		element = xmpp_stanza_new(ctx);
		xmpp_stanza_set_name(element, "field");
		xmpp_stanza_set_attribute(element, "var", field->var);
		for (guint v = 0; v < field->values->len; v++)
			stanza_add_text_child(element, "value", field->values->pdata[v]);
		xmpp_stanza_add_child(x, element);
		xmpp_stanza_release(element);
	}
	return x;
}
