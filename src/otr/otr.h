/*
 * otr.h: Off-the-Record messaging (libotr 4) for one-to-one
 * conversations.
 *
 * Each account has its own libotr user state: its private key and the
 * fingerprints it knows, kept in $XDG_DATA_HOME/natter/otr/<account>/
 * (a 0700 directory; private.key and fingerprints, 0600). A key is made
 * on first need, in a thread of its own: natter goes on meanwhile, and
 * the console says when it starts and when it is ready.
 */
#ifndef NATTER_OTR_OTR_H
#define NATTER_OTR_OTR_H

#include <glib.h>

/* Readies libotr and follows account renames. */
void otr_init(void);

/* Forgets every account's state; a key being made is waited for and
 * kept. */
void otr_shutdown(void);

/* The account's own fingerprint, as libotr shows it (five groups of
 * eight hex digits; caller frees), or NULL: *cause says why (no key yet:
 * *generating set when one is being made). */
char *otr_own_fingerprint(const char *account, int *generating, char **cause);

/* Starts making the account's key when it has none. Returns 1 when one
 * is being made (now or already), 0 when it has one, -1 and *cause. */
int otr_generate_key(const char *account, char **cause);

/* A fingerprint the account knows of a contact. */
struct otr_fingerprint {
	char *peer;  /* the contact's bare JID */
	char *human; /* five groups of eight hex digits */
	char *trust; /* "verified", "smp" or another word the user gave; "" untrusted */
	int active;  /* the fingerprint of the session under way */
};

void otr_fingerprint_free(gpointer fingerprint);

/* Every fingerprint the account knows, by contact (caller unrefs), or
 * NULL and *cause. */
GPtrArray *otr_fingerprints(const char *account, char **cause);

#endif
