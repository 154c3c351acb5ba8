/*
 * caps.h: what the contacts' clients can do (XEP-0115 entity capabilities).
 */
#ifndef NATTER_XMPP_CAPS_H
#define NATTER_XMPP_CAPS_H

#include <glib.h>
#include <strophe.h>

struct session;

/* An available presence from full_jid: remembers the capabilities it
 * announces, asking the client for them when they are new. */
void caps_note_presence(struct session *session, const char *full_jid, xmpp_stanza_t *presence);

/* full_jid went offline. */
void caps_forget(const char *account, const char *full_jid);

/* What is known of the clients seen by account goes (account removed), or
 * is now account new's (renamed). */
void caps_forget_account(const char *account);
void caps_rename_account(const char *old, const char *new);

/* Whether the client at full_jid announced feature: 1 yes, 0 no, -1
 * unknown (a bare JID, no capabilities announced, or not learnt yet). */
int caps_supports(const char *account, const char *full_jid, const char *feature);

/* XEP-0115 5.1 (and 5.4): the base64 SHA-1 of a disco#info query's
 * verification string, its features added to set (of char *, owning);
 * NULL for an answer not to trust (a '<' in a part, duplicates, two forms
 * of one FORM_TYPE) or too big. Caller frees. */
char *caps_hash(xmpp_stanza_t *query, GHashTable *set);

/* Frees everything (at exit). */
void caps_free_all(void);

#endif
