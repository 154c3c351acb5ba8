/*
 * e2e.h: end-to-end encryption of one-to-one messages by a module the
 * program plugs in (OTR: src/otr is not xmpp's to call, nor xmpp otr's).
 *
 * Without one, messages go and come as they are.
 */
#ifndef NATTER_XMPP_E2E_H
#define NATTER_XMPP_E2E_H

#include <glib.h>
#include <strophe.h>

struct session;

struct e2e_ops {
	/* What goes out for text to peer (a bare JID): *wire (NULL: text as
	 * it is), *encrypted (enum message_encryption). Returns 0, or -1 and
	 * *cause (not sent). */
	int (*outgoing)(const char *account, const char *peer, const char *text, char **wire,
	                int *encrypted, char **cause);
	/* What came from from: 1 when it was the module's own (nothing to
	 * show), else 0 with *plain (NULL: text as it is), *encrypted (enum
	 * message_encryption). */
	int (*incoming)(const char *account, const char *from, const char *text, char **plain,
	                int *encrypted);
};

/* Plugs the module in (NULL: none). */
void e2e_set(const struct e2e_ops *ops);

/* Sends the module's own message (OTR's query, key exchange, end) to
 * to on account: not shown, not kept, not copied to other clients.
 * Dropped (logged) when the account is offline. */
void e2e_send_raw(const char *account, const char *to, const char *text);

/* (src/xmpp only) chat.c: the module's view of a message going out, and
 * of one that came (pass-through without a module). */
int e2e_outgoing(struct session *session, const char *peer, const char *text, char **wire,
                 int *encrypted, char **cause);
int e2e_incoming(struct session *session, const char *from, const char *text, char **plain,
                 int *encrypted);

/* (src/xmpp only) Marks an encrypted message (XEP-0380) and keeps it
 * out of other clients' copies and archives (XEP-0280 private,
 * XEP-0334 hints): they could not read it. */
void e2e_mark(xmpp_stanza_t *stanza);

/* Copies of messages natter did not encrypt or decrypt itself. */
enum e2e_copy {
	E2E_COPY_SENT,     /* another of the account's clients sent it (a carbon, the archive's) */
	E2E_COPY_RECEIVED, /* it came to another of the account's clients */
	E2E_COPY_BOUNCED,  /* the server returned it undelivered */
};

/* (src/xmpp only) Such a copy: 1 when body is OTR's, and then *shown is
 * what to show instead (NULL: nothing, OTR's own traffic). */
int e2e_foreign(const char *body, enum e2e_copy copy, char **shown);

#endif
