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

/* A conversation's OTR state, as the user sees it. */
enum otr_state {
	OTR_PLAINTEXT, /* no session: messages in the clear */
	OTR_ENCRYPTED, /* encrypted, the contact's fingerprint not verified */
	OTR_VERIFIED,  /* encrypted, the fingerprint trusted */
	OTR_FINISHED,  /* the contact ended it: nothing is sent until the user ends it too */
};

/* When natter uses OTR with a contact. */
enum otr_policy {
	OTR_POLICY_MANUAL,        /* when the user starts it */
	OTR_POLICY_OPPORTUNISTIC, /* also when the contact's client offers it */
	OTR_POLICY_ALWAYS,        /* nothing is sent in the clear */
};

const char *otr_state_name(enum otr_state state);
const char *otr_policy_name(enum otr_policy policy);

/* Reads a policy's name. Returns 0, or -1 for none. */
int otr_policy_parse(const char *name, enum otr_policy *policy);

/* The policy set for peer (NULL: for the account itself) on account:
 * 1 and *policy, or 0 when none is. */
int otr_policy_get(const char *account, const char *peer, enum otr_policy *policy);

/* Sets it (policy -1: unsets), kept in otr/<account>/policies. Returns
 * 0, or -1 and *cause. */
int otr_policy_set(const char *account, const char *peer, int policy, char **cause);

/* How OTR's own messages (queries, key exchange, ends) reach a contact,
 * and where the policy for a contact comes from (default: manual): set
 * by the program (xmpp and config are not otr's to call). */
void otr_set_transport(void (*send)(const char *account, const char *to, const char *text));
void otr_set_policy_source(enum otr_policy (*policy)(const char *account, const char *peer));

/* The conversation's state (peer: a bare JID). */
enum otr_state otr_state(const char *account, const char *peer);

/* Asks peer for a session (the key made first when there is none: then
 * 1, the query follows when it is ready). Returns 0, 1, or -1 and
 * *cause. */
int otr_start(const char *account, const char *peer, char **cause);

/* Ends the session with peer (telling it when one was under way).
 * Returns 0, or -1 and *cause. */
int otr_end(const char *account, const char *peer, char **cause);

/* What goes out for text to peer: *wire (caller frees; NULL: text as it
 * is) and whether it is encrypted. Returns 0, or -1 and *cause: not sent
 * (the contact ended the session; policy always without a session, which
 * is then started). */
int otr_outgoing(const char *account, const char *peer, const char *text, char **wire,
                 int *encrypted, char **cause);

/* What came from from (a full or bare JID): 1 when it was OTR's own (a
 * query, the key exchange: nothing to show), else 0 with *plain (caller
 * frees; NULL: text as it is) and whether it was encrypted. */
int otr_incoming(const char *account, const char *from, const char *text, char **plain,
                 int *encrypted);

/* The fingerprint of the contact's client in the session under way
 * (caller frees), or NULL and *cause. */
char *otr_their_fingerprint(const char *account, const char *peer, char **cause);

/* Marks that fingerprint trusted (verified) or not, and keeps it so.
 * Returns 0, or -1 and *cause. */
int otr_trust(const char *account, const char *peer, int trusted, char **cause);

/* Verification by the socialist millionaires' protocol in the session
 * with peer: asks with a secret both know, or a question whose answer
 * is secret, or (answer) answers the contact's. The outcome comes as
 * EV_OTR (a success of one's own marks the fingerprint trusted).
 * Returns 0, or -1 and *cause (no encrypted session). */
int otr_verify(const char *account, const char *peer, const char *question, const char *secret,
               int answer, char **cause);

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
