/*
 * sanitize.c: makes remote text safe to print on a terminal.
 *
 * Stateless. The rules (see sanitize.h) follow what a terminal would act on:
 * anything it could take as a command (C0, DEL, C1 including CSI U+009B)
 * and anything that reorders what follows it (Unicode bidi embeddings,
 * overrides and isolates, UAX #9 section 2).
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "core/sanitize.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

static int
sanitize_is_bidi_control(gunichar c)
{
	/* UAX #9 2.1-2.4: LRE RLE PDF LRO RLO, LRI RLI FSI PDI, and ALM. The
	 * marks LRM/RLM are harmless (they only affect neutrals) and kept. */
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x061c;
}

static void
sanitize_char(GString *out, gunichar c, const char *start, size_t size, enum sanitize_flags flags)
{
	if (c == '\n') {
		g_string_append_c(out, (flags & SANITIZE_MULTILINE) ? '\n' : ' ');
	} else if (c == '\t') {
		g_string_append_c(out, ' ');
	} else if (c == '\r' || sanitize_is_bidi_control(c)) {
		/* dropped */
	} else if (c == 0x2028 || c == 0x2029) {
		/* line and paragraph separators: treat as a newline */
		g_string_append_c(out, (flags & SANITIZE_MULTILINE) ? '\n' : ' ');
	} else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
		g_string_append(out, REPLACEMENT);
	} else {
		g_string_append_len(out, start, (gssize)size);
	}
}

char *
sanitize(const char *text, long length, enum sanitize_flags flags)
{
	size_t size = length < 0 ? strlen(text) : (size_t)length;
	const char *p = text, *end = text + size;
	GString *out = g_string_sized_new(size + 1);

	while (p < end) {
		/* Printable ASCII, most of any text, goes through in runs. */
		const char *run = p;
		while (p < end && *p >= 0x20 && *p < 0x7f)
			p++;
		if (p > run) {
			g_string_append_len(out, run, p - run);
			continue;
		}
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			/* invalid or truncated sequence: one byte becomes U+FFFD */
			g_string_append(out, REPLACEMENT);
			p++;
			continue;
		}
		if (c == 0) {
			g_string_append(out, REPLACEMENT);
			p++;
			continue;
		}
		const char *next = g_utf8_next_char(p);
		sanitize_char(out, c, p, (size_t)(next - p), flags);
		p = next;
	}
	return g_string_free(out, FALSE);
}
