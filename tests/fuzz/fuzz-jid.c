/*
 * fuzz-jid.c: libFuzzer target for the JID parser (core/jid.h).
 *
 * Besides memory safety: a parsed JID's full form parses again to the same
 * parts (normalisation is idempotent, so comparing normalised JIDs is
 * sound), and jid_is_valid() and jid_bare_of() agree with jid_parse().
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jid.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
fuzz_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	struct jid jid, again;
	char *cause = NULL, *bare, *full, *bare_of;

	if (jid_parse(text, &jid, &cause) == -1) {
		if (cause == NULL || jid.local != NULL || jid.domain != NULL || jid.resource != NULL)
			abort();
		if (jid_is_valid(text) || jid_bare_of(text) != NULL)
			abort();
		g_free(cause);
		g_free(text);
		return 0;
	}
	if (jid.domain == NULL || !jid_is_valid(text))
		abort();
	bare = jid_bare(&jid);
	full = jid_full(&jid);
	bare_of = jid_bare_of(text);
	if (bare_of == NULL || strcmp(bare, bare_of) != 0)
		abort();
	if (jid_parse(full, &again, &cause) == -1)
		abort(); /* a normalised JID must still be valid */
	if (!fuzz_same(jid.local, again.local) || !fuzz_same(jid.domain, again.domain) ||
	    !fuzz_same(jid.resource, again.resource))
		abort(); /* normalising twice must change nothing */
	jid_clear(&again);
	jid_clear(&jid);
	g_free(bare_of);
	g_free(full);
	g_free(bare);
	g_free(text);
	return 0;
}
