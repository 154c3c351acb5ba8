/*
 * tls.h: the servers' certificates and the ones the user pinned.
 *
 * Each account remembers the certificate its server presented last (its
 * own, not an authority's of its chain; in memory) and may pin one (trust on first use): a pinned
 * certificate is accepted whether or not a certificate authority vouches for it, and any other
 * certificate is then refused, even one an authority vouches for. Pins live in <data
 * dir>/certs/<account>.pin (0600, directory 0700).
 */
#ifndef NATTER_XMPP_TLS_H
#define NATTER_XMPP_TLS_H

#include <glib.h>

/* Appends to lines (of char *) what is known of the account's
 * certificates: the one presented last (subject, issuer, validity,
 * SHA-256 fingerprint, verified or why not) and the pinned one. Returns
 * 0, or -1 and *cause (no such account). */
int tls_describe(const char *account, GPtrArray *lines, char **cause);

/* Pins the certificate the account's server presented last. Returns 0
 * and *fingerprint (formatted, caller frees), or -1 and *cause (none seen
 * yet, cannot write the pin). */
int tls_trust(const char *account, char **fingerprint, char **cause);

/* Removes the account's pin. Returns 0, or -1 and *cause (none). */
int tls_revoke(const char *account, char **cause);

#endif
