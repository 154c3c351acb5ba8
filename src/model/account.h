/*
 * account.h: the accounts natter knows, as configured.
 *
 * The account list owns its accounts; an account lives until
 * account_list_clear(). Protocol state lives in xmpp/session, not here.
 */
#ifndef NATTER_MODEL_ACCOUNT_H
#define NATTER_MODEL_ACCOUNT_H

#include <glib.h>

enum account_tls {
	ACCOUNT_TLS_REQUIRED, /* STARTTLS, mandatory */
	ACCOUNT_TLS_DIRECT,   /* TLS from the first byte (XEP-0368) */
	ACCOUNT_TLS_DISABLE,  /* plaintext, only when the user says so */
};

struct account {
	char *name;          /* the group name in accounts.ini */
	char *jid;           /* bare JID, normalised */
	char *password;      /* NULL when not configured */
	char *eval_password; /* command whose stdout is the password, or NULL */
	char *server;        /* host to connect to, or NULL for DNS SRV */
	unsigned port;       /* 0: default */
	char *resource;      /* NULL: natter picks one */
	enum account_tls tls;
	char *trust_cafile; /* extra CA / certificate to trust, or NULL */
	int allow_plain;    /* SASL PLAIN may go out without TLS */
	int autoconnect;    /* connect at start when natter runs without -a */
	int disabled;       /* kept, but not connected (enabled = no) */
	char *tag;          /* short name shown where accounts are told apart, or NULL */
	int colour;         /* terminal colour 0-255 of the tag, or -1: from the name */
	int show;           /* presence on connecting (enum presence_show) */
	char *status;       /* its status text, or NULL */
	int priority;       /* its priority, -128..127 */
	char *nick;         /* nick in rooms, or NULL: the JID's local part */
	char **autojoin;    /* rooms (bare JIDs) entered on connecting, or NULL */
};

/* Returns a new empty account named name (caller owns until added). */
struct account *account_new(const char *name);

/* Frees an account not in the list. NULL is ignored. */
void account_free(struct account *account);

/* Adds account to the list, which takes ownership. An account with the same
 * name is replaced. */
void account_list_add(struct account *account);

/* Puts account in the place of the account named name (freed), or at the
 * end when there is none. The list takes ownership. */
void account_list_replace(const char *name, struct account *account);

/* Whether room (a bare JID) is one of the account's autojoin rooms. */
int account_autojoins(const struct account *account, const char *room);

/* Removes and frees the account with this name. Returns 1 when there was
 * one, else 0. */
int account_list_remove(const char *name);

/* Returns the account with this name (borrowed), or NULL. */
struct account *account_find(const char *name);

/* Returns all accounts in configuration order (borrowed array). */
const GPtrArray *account_list(void);

/* Frees every account. */
void account_list_clear(void);

/* What shows the account where several are told apart: its tag, else
 * its name. */
const char *account_tag(const struct account *account);

/* Returns the name of the tls mode ("required", "direct", "disable"). */
const char *account_tls_name(enum account_tls tls);

/* Parses a tls mode name. Returns 0, or -1 when unknown. */
int account_tls_parse(const char *name, enum account_tls *tls);

#endif
