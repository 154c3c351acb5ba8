/*
 * fuzz-sanitize.c: libFuzzer target for the sanitizer (core/sanitize.h).
 *
 * The input is remote text of any bytes, NULs included. The output must be
 * valid UTF-8 without anything a terminal acts on (C0 but '\n' in
 * multi-line mode, DEL, C1, bidi embeddings, overrides and isolates), and
 * sanitizing it again must change nothing.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_check(const char *text, size_t size, enum sanitize_flags flags)
{
	char *safe = sanitize(text, (long)size, flags), *again;

	if (safe == NULL || !g_utf8_validate(safe, -1, NULL))
		abort();
	for (const char *p = safe; *p != '\0'; p = g_utf8_find_next_char(p, NULL)) {
		gunichar c = g_utf8_get_char(p);
		if (c == '\n' && (flags & SANITIZE_MULTILINE))
			continue;
		if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
		    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
			abort();
	}
	again = sanitize(safe, -1, flags);
	if (strcmp(again, safe) != 0)
		abort();
	g_free(again);
	g_free(safe);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes: sanitize must not read past length */
	char *text = g_malloc(size ? size : 1);

	memcpy(text, data, size);
	fuzz_check(text, size, SANITIZE_LINE);
	fuzz_check(text, size, SANITIZE_MULTILINE);
	g_free(text);
	return 0;
}
