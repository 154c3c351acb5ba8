/*
 * fuzz-redact.c: libFuzzer target for log redaction (core/log.h).
 *
 * The input is split at its first NUL byte into a prefix and a suffix; a
 * SASL element holding a marker goes between them. Whatever surrounds it,
 * the marker must not survive redaction.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

#define MARKER "NATTERSECRETMARKER"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const secret_elements[] = {
	"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" MARKER "</auth>",
	"<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" MARKER "</response>",
	"<password>" MARKER "</password>",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t prefix_size = nul ? (size_t)(nul - text) : size;
	char *prefix = g_strndup(text, prefix_size);
	char *suffix = nul ? g_strndup(nul + 1, size - prefix_size - 1) : g_strdup("");
	char *redacted = log_redact(prefix);

	if (redacted == NULL)
		abort();
	g_free(redacted);
	if (strstr(prefix, MARKER) == NULL && strstr(suffix, MARKER) == NULL) {
		const char *element = secret_elements[size % G_N_ELEMENTS(secret_elements)];
		char *xml = g_strconcat(prefix, element, suffix, NULL);
		redacted = log_redact(xml);
		if (strstr(redacted, MARKER) != NULL)
			abort();
		g_free(redacted);
		g_free(xml);
	}
	g_free(suffix);
	g_free(prefix);
	return 0;
}
