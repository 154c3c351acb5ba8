/*
 * styling.h: XEP-0393 Message Styling, parsed into attributed spans.
 *
 * The parser only classifies bytes: the text is left as it is (directives
 * included, as the XEP recommends displaying them) and a frontend draws each
 * span with the attributes it carries.
 */
#ifndef NATTER_CORE_STYLING_H
#define NATTER_CORE_STYLING_H

#include <glib.h>
#include <stddef.h>

enum styling_attr {
	STYLING_STRONG = 1,   /* *strong* */
	STYLING_EMPHASIS = 2, /* _emphasis_ */
	STYLING_STRIKE = 4,   /* ~strike~ */
	STYLING_PRE = 8,      /* `preformatted` span or ``` preformatted block */
	STYLING_QUOTE = 16,   /* inside a '>' block quote (see quote_depth) */
	/* Markup: span directives ("*", "_", "~", "`"), a block quote's '>' with
	 * the one whitespace character trimmed after it, and whole ``` fence
	 * lines. Directives also carry the attributes of what they style. */
	STYLING_DIRECTIVE = 32,
};

struct styling_span {
	size_t start, end;    /* byte offsets into the text, end exclusive */
	unsigned attrs;       /* enum styling_attr bits */
	unsigned quote_depth; /* 0 outside quotes, 1 in "> ", 2 in ">> " ... */
};

/*
 * Parses length bytes of UTF-8 text with '\n' line breaks (NUL bytes are
 * ordinary bytes; invalid UTF-8 is tolerated and never read past length).
 * Returns struct styling_span elements in order, covering every byte of
 * [0, length) exactly once, none empty, neighbours with the same attrs and
 * quote_depth merged; no spans when length is 0. A '\n' carries the quote
 * and block attributes of the line it ends (STYLING_QUOTE, STYLING_PRE),
 * never span attributes or STYLING_DIRECTIVE. Never fails. The caller frees
 * the array with g_array_unref().
 */
GArray *styling_parse(const char *text, size_t length);

#endif
