/*
 * pep.h: personal eventing (XEP-0163) and user nicknames (XEP-0172).
 */
#ifndef NATTER_XMPP_PEP_H
#define NATTER_XMPP_PEP_H

#include <glib.h>
#include <strophe.h>

struct session;

/* A node's item from a contact (or the account itself), from: its bare
 * JID; element: the <item/>, or the <retract/> of a retracted one. */
typedef void (*pep_item_fn)(struct session *session, const char *from, const char *node,
                            xmpp_stanza_t *item);

/* Adds "<node>+notify" for every node natter listens to (XEP-0163 4.3.3)
 * to a feature list (borrowed strings). */
void pep_add_notify_features(GPtrArray *features);

/* Publishes payload as the item "current" of the account's node, with
 * this access model ("presence", "open"...); what names it in the log
 * line saying how it went. Returns 0, or -1 and *cause (not online). */
int pep_publish(struct session *session, const char *node, xmpp_stanza_t *payload,
                const char *access_model, const char *what, char **cause);

/* Publishes payload as item id of the account's node with these
 * publish-options (pairs of var and value, ending with a NULL var); done
 * (may be NULL) hears whether the server took it. Returns 0, or -1 and
 * *cause (not online). */
int pep_publish_item(struct session *session, const char *node, const char *id,
                     xmpp_stanza_t *payload, const char *const (*options)[2], const char *what,
                     void (*done)(struct session *session, const char *id, int ok), char **cause);

/* Retracts item id of the account's node, notifying subscribers; done as
 * for pep_publish_item(). Returns 0, or -1 and *cause (not online). */
int pep_retract(struct session *session, const char *node, const char *id, const char *what,
                void (*done)(struct session *session, const char *id, int ok), char **cause);

/* A message carrying a pubsub event: dispatched to the node's handler.
 * Returns 1 when the message was an event (taken), else 0. */
int pep_handle_event(struct session *session, xmpp_stanza_t *message);

/* XEP-0172: publishes the user's nickname ("" clears it). Returns 0, or
 * -1 and *cause. */
int pep_set_nick(struct session *session, const char *nick, char **cause);

/* The nickname the account last published that natter saw, or NULL. */
const char *pep_own_nick(const struct session *session);

#endif
