/*
 * fuzz-styling.c: libFuzzer target for the message styling parser
 * (core/styling.h).
 *
 * The input is a message body of any bytes. Besides memory safety (the
 * parser gets a copy of exactly the input, so reading past length is
 * caught): the spans cover [0, size) in order, none empty, none
 * overlapping; neighbours differ (equal ones are merged); only known
 * attributes are set, quote depth goes with STYLING_QUOTE, and a '\n' never
 * carries span attributes or STYLING_DIRECTIVE.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/styling.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ALL_ATTRS                                                                             \
	(STYLING_STRONG | STYLING_EMPHASIS | STYLING_STRIKE | STYLING_PRE | STYLING_QUOTE |        \
	 STYLING_DIRECTIVE)
#define FUZZ_SPAN_ONLY (STYLING_STRONG | STYLING_EMPHASIS | STYLING_STRIKE | STYLING_DIRECTIVE)

static void
fuzz_check(const char *text, const GArray *spans, size_t size)
{
	size_t covered = 0;

	for (guint i = 0; i < spans->len; i++) {
		const struct styling_span *span = &g_array_index(spans, struct styling_span, i);

		if (span->start != covered || span->end <= span->start || span->end > size)
			abort(); /* a gap, an overlap, an empty span or one past the end */
		if ((span->attrs & ~(unsigned)FUZZ_ALL_ATTRS) != 0 ||
		    (span->quote_depth > 0) != ((span->attrs & STYLING_QUOTE) != 0))
			abort();
		if (i > 0 && span[-1].attrs == span->attrs &&
		    span[-1].quote_depth == span->quote_depth)
			abort(); /* not merged */
		if ((span->attrs & FUZZ_SPAN_ONLY) != 0 &&
		    memchr(text + span->start, '\n', span->end - span->start) != NULL)
			abort(); /* a span or a directive across a line break */
		covered = span->end;
	}
	if (covered != size)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes: the parser must not read past length */
	char *text = g_malloc(size ? size : 1);
	GArray *spans;

	memcpy(text, data, size);
	spans = styling_parse(text, size);
	fuzz_check(text, spans, size);
	g_array_unref(spans);
	g_free(text);
	return 0;
}
