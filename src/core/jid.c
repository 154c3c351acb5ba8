/*
 * jid.c: Jabber IDs (RFC 7622).
 *
 * Stateless. Validation is what a client needs to refuse garbage and to
 * compare addresses: lengths, forbidden characters, empty parts, valid
 * UTF-8, no controls or spaces, and case folding for comparison. Full
 * PRECIS profiles are the server's job.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "core/fold.h"
#include "core/jid.h"

/* RFC 7622 3.1: each part is at most 1023 octets. */
#define JID_PART_MAX 1023

static int
jid_part_has_bad_chars(const char *part, const char *forbidden)
{
	for (const char *p = part; *p != '\0'; p = g_utf8_next_char(p)) {
		if (*p > 0x20 && *p < 0x7f) { /* printable ASCII */
			if (strchr(forbidden, *p) != NULL)
				return 1;
			continue;
		}
		gunichar c = g_utf8_get_char(p);
		if (c < 0x21 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || g_unichar_isspace(c))
			return 1;
		if (c < 0x80 && strchr(forbidden, (int)c) != NULL)
			return 1;
	}
	return 0;
}

static int
jid_check_part(const char *what, const char *part, const char *forbidden, char **cause)
{
	if (*part == '\0') {
		*cause = g_strdup_printf("empty %s", what);
		return -1;
	}
	if (strlen(part) > JID_PART_MAX) {
		*cause = g_strdup_printf("%s longer than %d bytes", what, JID_PART_MAX);
		return -1;
	}
	if (jid_part_has_bad_chars(part, forbidden)) {
		*cause = g_strdup_printf("%s has a character not allowed in a JID", what);
		return -1;
	}
	return 0;
}

static void
jid_split(const char *text, struct jid *jid)
{
	const char *slash = strchr(text, '/');
	const char *at;
	char *bare;

	/* RFC 7622 3.2: the resource starts at the first '/', the local part
	 * ends at the first '@' before it. */
	bare = slash ? g_strndup(text, (gsize)(slash - text)) : g_strdup(text);
	if (slash != NULL)
		jid->resource = g_strdup(slash + 1);
	at = strchr(bare, '@');
	if (at != NULL) {
		jid->local = fold_case(bare, at - bare);
		jid->domain = fold_case(at + 1, -1);
	} else {
		jid->domain = fold_case(bare, -1);
	}
	g_free(bare);
	/* RFC 7622 3.2: a trailing dot on the domain is removed. */
	size_t n = strlen(jid->domain);
	if (n > 0 && jid->domain[n - 1] == '.')
		jid->domain[n - 1] = '\0';
}

/* The domain: a bracketed IPv6 literal, or labels separated by dots, none
 * empty (RFC 7622 3.2, RFC 5890 labels). */
static int
jid_check_domain(const char *domain, char **cause)
{
	size_t n = strlen(domain);

	if (n > 2 && domain[0] == '[' && domain[n - 1] == ']') {
		char *address = g_strndup(domain + 1, n - 2);
		int ok = strchr(address, ':') != NULL && g_hostname_is_ip_address(address);
		g_free(address);
		if (!ok)
			*cause = g_strdup("domain in brackets is not an IPv6 address");
		return ok ? 0 : -1;
	}
	if (jid_check_part("domain", domain, "@/\"&'<>:[]", cause) == -1)
		return -1;
	if (domain[0] == '.' || domain[n - 1] == '.' || strstr(domain, "..") != NULL) {
		*cause = g_strdup("domain has an empty label (two dots, or a dot at the start)");
		return -1;
	}
	return 0;
}

int
jid_parse(const char *text, struct jid *jid, char **cause)
{
	memset(jid, 0, sizeof *jid);
	if (text == NULL || *text == '\0') {
		*cause = g_strdup("empty JID");
		return -1;
	}
	if (!g_utf8_validate(text, -1, NULL)) {
		*cause = g_strdup("JID is not valid UTF-8");
		return -1;
	}
	jid_split(text, jid);
	if (jid->local != NULL &&
	    jid_check_part("local part", jid->local, "\"&'/:<>@", cause) == -1)
		goto fail;
	if (jid_check_domain(jid->domain, cause) == -1)
		goto fail;
	if (jid->resource != NULL) {
		if (*jid->resource == '\0') {
			*cause = g_strdup("empty resource after '/'");
			goto fail;
		}
		if (strlen(jid->resource) > JID_PART_MAX) {
			*cause = g_strdup_printf("resource longer than %d bytes", JID_PART_MAX);
			goto fail;
		}
		for (const char *p = jid->resource; *p != '\0'; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
				*cause = g_strdup("resource has a control character");
				goto fail;
			}
		}
	}
	return 0;
fail:
	jid_clear(jid);
	return -1;
}

void
jid_clear(struct jid *jid)
{
	g_clear_pointer(&jid->local, g_free);
	g_clear_pointer(&jid->domain, g_free);
	g_clear_pointer(&jid->resource, g_free);
}

char *
jid_bare(const struct jid *jid)
{
	if (jid->local != NULL)
		return g_strconcat(jid->local, "@", jid->domain, NULL);
	return g_strdup(jid->domain);
}

char *
jid_full(const struct jid *jid)
{
	char *bare = jid_bare(jid), *full;

	if (jid->resource == NULL)
		return bare;
	full = g_strconcat(bare, "/", jid->resource, NULL);
	g_free(bare);
	return full;
}

/* Whether text is a JID already in normal form and plainly valid: lower
 * case ASCII letters, digits and "-._" in the local part, letters, digits,
 * '-' and non-empty labels in the domain, a resource of printable ASCII.
 * *bare gets the length of its bare part. Anything else takes the full
 * path, which gives the same answer for these. */
static int
jid_plain(const char *text, size_t *bare)
{
	const char *slash = strchr(text, '/');
	size_t n = slash != NULL ? (size_t)(slash - text) : strlen(text);
	const char *end = text + n, *at = memchr(text, '@', n);
	const char *domain = at != NULL ? at + 1 : text;

	if (n == 0 || n > JID_PART_MAX || at == text)
		return 0;
	for (const char *p = text; p < domain - (at != NULL); p++) {
		if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && strchr("-._", *p) == NULL)
			return 0;
	}
	/* The domain: no empty label, no trailing dot to remove. */
	if (domain == end || *domain == '.' || end[-1] == '.')
		return 0;
	for (const char *p = domain; p < end; p++) {
		if (*p == '.' ? p[-1] == '.'
		              : !g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '-')
			return 0;
	}
	if (slash != NULL) {
		if (slash[1] == '\0' || strlen(slash + 1) > JID_PART_MAX)
			return 0;
		for (const char *r = slash + 1; *r != '\0'; r++) {
			if (*r < 0x20 || *r >= 0x7f)
				return 0;
		}
	}
	*bare = n;
	return 1;
}

/* A form (jid_bare, jid_full) of text, normalised, or NULL when text is no
 * valid JID. */
static char *
jid_form_of(const char *text, char *(*form)(const struct jid *jid))
{
	struct jid jid;
	char *cause = NULL, *made;

	if (jid_parse(text, &jid, &cause) == -1) {
		g_free(cause);
		return NULL;
	}
	made = form(&jid);
	jid_clear(&jid);
	/* cppcheck-suppress returnDanglingLifetime ; form() returns a new string, not jid's */
	return made;
}

char *
jid_bare_of(const char *text)
{
	size_t length;

	/* Most addresses arrive in normal form: one pass and one copy. */
	if (text != NULL && jid_plain(text, &length))
		return g_strndup(text, length);
	return jid_form_of(text, jid_bare);
}

int
jid_is_valid(const char *text)
{
	struct jid jid;
	char *cause = NULL;

	if (jid_parse(text, &jid, &cause) == -1) {
		g_free(cause);
		return 0;
	}
	jid_clear(&jid);
	return 1;
}

int
jid_equal(const char *a, const char *b)
{
	/* Servers answer from the prepared form (RFC 7622 3.2-3.4): the
	 * same characters composed (NFKC covers the local part and domain's
	 * NFC and the width mapping both ways). */
	char *na = a ? g_utf8_normalize(a, -1, G_NORMALIZE_NFKC) : NULL;
	char *nb = b ? g_utf8_normalize(b, -1, G_NORMALIZE_NFKC) : NULL;
	char *x = na ? jid_form_of(na, jid_full) : NULL, *y = nb ? jid_form_of(nb, jid_full) : NULL;
	int equal = x != NULL && y != NULL && strcmp(x, y) == 0;

	g_free(na);
	g_free(nb);
	g_free(x);
	g_free(y);
	return equal;
}
