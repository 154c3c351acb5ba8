/*
 * pep.c: personal eventing (XEP-0163): the account's own nodes, and what
 * contacts publish on theirs.
 *
 * A feature that uses PEP registers its node with a handler; natter then
 * advertises "<node>+notify" (XEP-0163 4.3.3, filtered notifications via
 * XEP-0115 caps), so the server sends the contacts' items of that node,
 * which come to the handler. Publishing goes to the account's own bare JID
 * with publish-options (XEP-0163 4.2.1, XEP-0060 7.1.5).
 *
 * The first user is XEP-0172 (user nickname): /nickname publishes the
 * user's, and the contacts' nicknames name them where the user gave no
 * name.
 */
#include "config.h"

#include <string.h>

#include "core/event.h"
#include "core/jid.h"
#include "core/log.h"
#include "model/contact.h"
#include "xmpp/bookmarks.h"
#include "xmpp/netloop.h"
#include "xmpp/pep.h"
#include "xmpp/session-private.h"
#include "xmpp/stanza.h"

#define NS_PUBSUB       "http://jabber.org/protocol/pubsub"
#define NS_PUBSUB_EVENT "http://jabber.org/protocol/pubsub#event"
#define NS_DATA         "jabber:x:data"
#define NS_NICK         "http://jabber.org/protocol/nick"

struct pep_listener {
	const char *node;
	pep_item_fn fn;
};

static void pep_nick_item(struct session *session, const char *from, const char *node,
                          xmpp_stanza_t *item);

/* Every node natter listens to. */
static const struct pep_listener pep_listeners[] = {
	{ NS_NICK, pep_nick_item },
	{ NS_BOOKMARKS, bookmarks_pep_item },
};

void
pep_add_notify_features(GPtrArray *features)
{
	/* The strings live as long as the program. */
	static char *notify[G_N_ELEMENTS(pep_listeners)];

	for (size_t i = 0; i < G_N_ELEMENTS(pep_listeners); i++) {
		if (notify[i] == NULL)
			notify[i] = g_strconcat(pep_listeners[i].node, "+notify", NULL);
		g_ptr_array_add(features, notify[i]);
	}
}

/* XEP-0060 7.1.5: <publish-options>: fields, pairs of var and value
 * ending with a NULL var. */
static void
pep_add_options(xmpp_stanza_t *pubsub, const char *const (*fields)[2])
{
	xmpp_ctx_t *ctx = netloop_context();
	xmpp_stanza_t *options = xmpp_stanza_new(ctx), *x = xmpp_stanza_new(ctx);

	xmpp_stanza_set_name(options, "publish-options");
	xmpp_stanza_set_name(x, "x");
	xmpp_stanza_set_ns(x, NS_DATA);
	xmpp_stanza_set_type(x, "submit");
	for (int i = -1; i < 0 || fields[i][0] != NULL; i++) {
		xmpp_stanza_t *field = xmpp_stanza_new(ctx);
		xmpp_stanza_set_name(field, "field");
		xmpp_stanza_set_attribute(field, "var", i < 0 ? "FORM_TYPE" : fields[i][0]);
		if (i < 0)
			xmpp_stanza_set_type(field, "hidden");
		stanza_add_text_child(field, "value",
		                      i < 0 ? NS_PUBSUB "#publish-options" : fields[i][1]);
		xmpp_stanza_add_child(x, field);
		xmpp_stanza_release(field);
	}
	xmpp_stanza_add_child(options, x);
	xmpp_stanza_add_child(pubsub, options);
	xmpp_stanza_release(x);
	xmpp_stanza_release(options);
}

/* What a publication or retraction is, for its answer. */
struct pep_done {
	char *what, *id;
	void (*done)(struct session *session, const char *id, int ok);
};

static struct pep_done *
pep_done_new(const char *what, const char *id,
             void (*done)(struct session *session, const char *id, int ok))
{
	struct pep_done *d = g_new0(struct pep_done, 1);

	d->what = g_strdup(what);
	d->id = g_strdup(id);
	d->done = done;
	return d;
}

static void
pep_done_free(gpointer data)
{
	struct pep_done *d = data;

	g_free(d->what);
	g_free(d->id);
	g_free(d);
}

static void
pep_on_published(struct session *session, xmpp_stanza_t *iq, void *data)
{
	const struct pep_done *d = data;
	int ok = g_strcmp0(xmpp_stanza_get_type(iq), "result") == 0;
	char *why;

	if (ok) {
		event_log(session->account, LOG_INFO, "published %s", d->what);
	} else {
		why = stanza_describe_error(iq);
		event_log(session->account, LOG_ERROR, "could not publish %s: %s", d->what,
		          why ? why : "no reason given");
		g_free(why);
	}
	if (d->done != NULL)
		d->done(session, d->id, ok);
}

int
pep_publish(struct session *session, const char *node, xmpp_stanza_t *payload,
            const char *access_model, const char *what, char **cause)
{
	const char *const options[][2] = {
		{ "pubsub#access_model", access_model },
		{ NULL, NULL },
	};

	/* XEP-0060 12.20: a singleton node's item is "current". */
	return pep_publish_item(session, node, "current", payload, options, what, NULL, cause);
}

int
pep_publish_item(struct session *session, const char *node, const char *id, xmpp_stanza_t *payload,
                 const char *const (*options)[2], const char *what,
                 void (*done)(struct session *session, const char *id, int ok), char **cause)
{
	xmpp_stanza_t *iq, *pubsub, *publish, *item;
	xmpp_ctx_t *ctx = netloop_context();

	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	/* XEP-0163 4.2: to the account's own bare JID (no 'to'). */
	iq = stanza_new_query("set", NULL, "pubsub", NS_PUBSUB, &pubsub);
	publish = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(publish, "publish");
	xmpp_stanza_set_attribute(publish, "node", node);
	item = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(item, "item");
	xmpp_stanza_set_id(item, id);
	xmpp_stanza_add_child(item, payload);
	xmpp_stanza_add_child(publish, item);
	xmpp_stanza_add_child(pubsub, publish);
	pep_add_options(pubsub, options);
	session_request(session, iq, pep_on_published, pep_done_new(what, id, done), pep_done_free);
	xmpp_stanza_release(item);
	xmpp_stanza_release(publish);
	xmpp_stanza_release(iq);
	return 0;
}

int
pep_retract(struct session *session, const char *node, const char *id, const char *what,
            void (*done)(struct session *session, const char *id, int ok), char **cause)
{
	xmpp_stanza_t *iq, *pubsub, *retract, *item;
	xmpp_ctx_t *ctx = netloop_context();

	if (session->state != SESSION_ONLINE) {
		*cause = g_strdup_printf("account '%s' is not online", session->account);
		return -1;
	}
	/* XEP-0060 7.2.1, with notify (XEP-0402 3.4: "A 'notify' attribute
	 * SHOULD be included"). */
	iq = stanza_new_query("set", NULL, "pubsub", NS_PUBSUB, &pubsub);
	retract = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(retract, "retract");
	xmpp_stanza_set_attribute(retract, "node", node);
	xmpp_stanza_set_attribute(retract, "notify", "true");
	item = xmpp_stanza_new(ctx);
	xmpp_stanza_set_name(item, "item");
	xmpp_stanza_set_id(item, id);
	xmpp_stanza_add_child(retract, item);
	xmpp_stanza_add_child(pubsub, retract);
	session_request(session, iq, pep_on_published, pep_done_new(what, id, done), pep_done_free);
	xmpp_stanza_release(item);
	xmpp_stanza_release(retract);
	xmpp_stanza_release(iq);
	return 0;
}

int
pep_handle_event(struct session *session, xmpp_stanza_t *message)
{
	xmpp_stanza_t *event =
	        xmpp_stanza_get_child_by_name_and_ns(message, "event", NS_PUBSUB_EVENT);
	xmpp_stanza_t *items = event ? xmpp_stanza_get_child_by_name(event, "items") : NULL;
	const char *from = xmpp_stanza_get_from(message);
	const char *node = items ? xmpp_stanza_get_attribute(items, "node") : NULL;
	char *bare;

	if (event == NULL)
		return 0;
	/* XEP-0163 4.3: notifications come from the publisher's bare JID
	 * (the account's own included); one from a full JID is a client
	 * pretending. */
	if (from == NULL || strchr(from, '/') != NULL || (bare = jid_bare_of(from)) == NULL) {
		log_write(LOG_INFO, session->account, "PEP event from '%s' dropped",
		          from ? from : "(none)");
		return 1;
	}
	for (size_t i = 0; node != NULL && i < G_N_ELEMENTS(pep_listeners); i++) {
		if (strcmp(node, pep_listeners[i].node) != 0)
			continue;
		for (xmpp_stanza_t *c = xmpp_stanza_get_children(items); c;
		     c = xmpp_stanza_get_next(c)) {
			const char *name = xmpp_stanza_is_tag(c) ? xmpp_stanza_get_name(c) : "";
			/* XEP-0060 7.2.2.1: a retracted item is gone. */
			if (strcmp(name, "item") == 0 || strcmp(name, "retract") == 0)
				pep_listeners[i].fn(session, bare, node, c);
		}
	}
	g_free(bare);
	return 1;
}

/* ---- XEP-0172: user nickname ---- */

static void
pep_nick_item(struct session *session, const char *from, const char *node, xmpp_stanza_t *item)
{
	/* A retraction (<retract/>) holds no nick: the nick is gone. */
	xmpp_stanza_t *nick = xmpp_stanza_get_child_by_name_and_ns(item, "nick", NS_NICK);
	char *text = nick ? xmpp_stanza_get_text(nick) : NULL;
	char *clean = text ? g_strstrip(g_strdup(text)) : NULL;

	const struct contact *contact = contact_find(session->account, from);

	/* The account's own nickname is not a contact's; and only a contact
	 * of the roster names itself (a stranger could take a known name). */
	if (strcmp(from, session->jid) == 0) {
		g_free(session->nick);
		session->nick = clean && *clean ? g_strdup(clean) : NULL;
	} else if (contact != NULL && contact->in_roster) {
		contact_set_nick(session->account, from, clean);
	}
	g_free(clean);
	if (text != NULL)
		xmpp_free(xmpp_stanza_get_context(nick), text);
}

int
pep_set_nick(struct session *session, const char *nick, char **cause)
{
	xmpp_stanza_t *payload = xmpp_stanza_new(netloop_context());
	char *what;
	int ret;

	if (!g_utf8_validate(nick, -1, NULL)) {
		xmpp_stanza_release(payload);
		*cause = g_strdup("the nickname is not valid UTF-8");
		return -1;
	}
	xmpp_stanza_set_name(payload, "nick");
	xmpp_stanza_set_ns(payload, NS_NICK);
	/* XEP-0172 4.5: an empty <nick/> clears it. */
	if (*nick != '\0') {
		xmpp_stanza_t *text = xmpp_stanza_new(netloop_context());
		xmpp_stanza_set_text(text, nick);
		xmpp_stanza_add_child(payload, text);
		xmpp_stanza_release(text);
	}
	what = *nick ? g_strdup_printf("your nickname '%s'", nick)
	             : g_strdup("that you have no nickname");
	/* XEP-0172 4.5: contacts with a presence subscription see it. */
	ret = pep_publish(session, NS_NICK, payload, "presence", what, cause);
	g_free(what);
	xmpp_stanza_release(payload);
	return ret;
}

const char *
pep_own_nick(const struct session *session)
{
	return session->nick;
}
