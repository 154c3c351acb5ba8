/*
 * forms.h: data forms (XEP-0004) to and from stanzas (private to
 * src/xmpp); the forms themselves are model/form.h's.
 */
#ifndef NATTER_XMPP_FORMS_H
#define NATTER_XMPP_FORMS_H

#include <strophe.h>

struct form;

/* The form of an <x xmlns='jabber:x:data'/> (caller frees), or NULL when
 * x is not one. */
struct form *forms_parse(xmpp_stanza_t *x);

/* <x xmlns='jabber:x:data' type='submit'/> with every field of form that
 * has a name (XEP-0004 3.2), or type='cancel' with none (cancel set).
 * Caller releases. */
xmpp_stanza_t *forms_answer(const struct form *form, int cancel);

#endif
