/*
 * vcard.h: vcard-temp (XEP-0054) and last activity (XEP-0012) queries;
 * the answers come as console lines (EV_LOG) under the account.
 */
#ifndef NATTER_XMPP_VCARD_H
#define NATTER_XMPP_VCARD_H

struct session;

/* The field names /vcard set takes (NULL-terminated, static). */
const char *const *vcard_field_names(void);

/* Shows jid's vCard (NULL: the account's own). Returns 0, or -1 and *cause. */
int vcard_show(struct session *session, const char *jid, char **cause);

/* Sets one field of the account's vCard (value "" or NULL removes it).
 * Returns 0, or -1 and *cause (unknown field, not online). */
int vcard_set(struct session *session, const char *field, const char *value, char **cause);

/* Asks jid for its last activity (XEP-0012). */
int vcard_last_activity(struct session *session, const char *jid, char **cause);

#endif
