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

/* The account is no longer configured: its pin goes (a new account of the
 * same name must not inherit it). */
void tls_forget(const char *account);

/* Account old is now named new: its pin follows. A failure is logged. */
void tls_rename(const char *old, const char *new);

/*
 * libstrophe makes an SSL context for each connection, twice at login
 * (once to see that TLS works, once for it), and OpenSSL reads the
 * system's whole bundle of authorities into each: about 30 ms every time.
 * Where that bundle is the one written into OpenSSL's hashed directory,
 * which then holds the same authorities, this makes OpenSSL look up the
 * one a chain needs in the directory when it needs it, for natter's
 * process only (commands it runs get its environment as it was). Call at
 * start, before any thread; an SSL_CERT_FILE or SSL_CERT_DIR naming other
 * than OpenSSL's defaults is left to do what it says.
 */
void tls_authorities_on_demand(void);

#endif
