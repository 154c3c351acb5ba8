/*
 * xmpp-harness.h: a detached session for unit tests of protocol code.
 *
 * harness_setup() makes session (account ACCOUNT, JID OWN_JID, online,
 * MUC service muc.example.org) whose send function records each stanza's
 * XML in sent; room, occupant and bookmark events are recorded in events
 * as "room CHANGE TEXT", "occupant CHANGE NICK", "bookmark JID
 * autojoin|-|removed". Stanzas from outside are built from strings and
 * routed as if they had arrived.
 */
#ifndef NATTER_TESTS_XMPP_HARNESS_H
#define NATTER_TESTS_XMPP_HARNESS_H

#include <glib.h>

#define ACCOUNT "acct"
#define OWN_JID "me@example.org"

extern struct session *session;
extern GPtrArray *sent;   /* of char *: serialised stanzas sent */
extern GPtrArray *events; /* of char *: what was told, as above */

int harness_setup(void **state);
int harness_teardown(void **state);
int harness_group_teardown(void **state);

/* xml, parsed, through the router as a stanza received. */
void route(const char *xml);

/* Whether some sent stanza holds every one of the NULL-terminated parts. */
int was_sent(const char *first, ...);

/* Whether an event line starts with prefix. */
int told(const char *prefix);

/* Whether a room event of that change holds part in its text. */
int told_change(int change, const char *part);

/* The id of the last stanza sent that holds part (fails the test when
 * none does). */
char *last_sent_id(const char *part);

/* Answers the last request sent that holds part with xml, whose "%s"
 * becomes the request's id. */
void answer(const char *part, const char *xml);

#endif
