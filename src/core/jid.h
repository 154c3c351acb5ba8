/*
 * jid.h: Jabber IDs (RFC 7622): parsing, validation, bare and full forms.
 */
#ifndef NATTER_CORE_JID_H
#define NATTER_CORE_JID_H

struct jid {
	char *local;    /* NULL when absent */
	char *domain;   /* never NULL in a parsed JID */
	char *resource; /* NULL when absent */
};

/*
 * Parses text into *jid (fields owned by jid, released with jid_clear()).
 * The domain and local part are case-folded. Returns 0, or -1 with *cause
 * (caller frees) naming what is wrong, and *jid left empty.
 */
int jid_parse(const char *text, struct jid *jid, char **cause);

/* Frees the fields of jid (not jid itself) and empties it. */
void jid_clear(struct jid *jid);

/* Returns "local@domain" or "domain" (caller frees). */
char *jid_bare(const struct jid *jid);

/* Returns the full form, with "/resource" when there is one (caller frees). */
char *jid_full(const struct jid *jid);

/* Returns the normalised bare JID of text, or NULL when text is no valid JID
 * (caller frees). */
char *jid_bare_of(const char *text);

/* 1 when text is a valid JID. */
int jid_is_valid(const char *text);

/* 1 when a and b are valid and the same JID once normalised (the local
 * part and domain without regard to case; the resource exactly). */
int jid_equal(const char *a, const char *b);

#endif
