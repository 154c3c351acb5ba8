/*
 * styling.c: XEP-0393 Message Styling (version 0.2.0) parsed into spans.
 *
 * Stateless: styling_parse() owns a parser on its stack for one call and
 * hands the span array to the caller.
 *
 * One pass over the lines. Blocks (quotes, preformatted blocks, plain lines)
 * are told apart line by line: a flag per quote depth says whether the block
 * at that depth is inside a preformatted block, so deep quotes cost no
 * recursion. Spans are then found in each plain line left to right,
 * recursing only into the content of a span, at most once per span kind.
 * Everything is emitted in text order, so the result is built by appending.
 *
 * The text is meant to be valid UTF-8, but any bytes are parsed safely: a
 * byte that does not start a valid character is a character of its own,
 * never whitespace. Directives are ASCII, so they are found the same either
 * way.
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "core/styling.h"

#define STYLING_FENCE      "```"
#define STYLING_FENCE_SIZE 3
#define STYLING_KINDS      4

/* The span directives and what each styles, index for index. */
static const char styling_directives[STYLING_KINDS] = { '*', '_', '~', '`' };
static const unsigned styling_kind_attrs[STYLING_KINDS] = {
	STYLING_STRONG,
	STYLING_EMPHASIS,
	STYLING_STRIKE,
	STYLING_PRE,
};

/* A remembered answer of styling_next_candidate(): the first closing
 * candidate at or after from, in the current line, is at found (the line's
 * end when there is none). */
struct styling_cursor {
	int valid;
	size_t from, found;
};

struct styling_parser {
	const char *text;
	size_t length;
	GArray *spans; /* struct styling_span, handed to the caller */
	/* in_pre->data[d]: the block at quote depth d is a preformatted block
	 * still open; one entry per depth the current line reached */
	GByteArray *in_pre;
	size_t line_end; /* end of the current line, before its '\n' */
	struct styling_cursor cursors[STYLING_KINDS];
};

static void styling_parse_spans(struct styling_parser *parser, size_t start, size_t end,
                                unsigned attrs, unsigned depth);

/* Appends [start, end) with attrs at quote depth, merging it into the last
 * span when that has the same attributes. */
static void
styling_emit(struct styling_parser *parser, size_t start, size_t end, unsigned attrs,
             unsigned depth)
{
	struct styling_span span = { start, end, attrs, depth };

	if (start == end)
		return;
	if (parser->spans->len > 0) {
		struct styling_span *last =
		        &g_array_index(parser->spans, struct styling_span, parser->spans->len - 1);
		g_assert(last->end == start);
		if (last->attrs == attrs && last->quote_depth == depth) {
			last->end = end;
			return;
		}
	}
	g_array_append_val(parser->spans, span);
}

/* The character at pos (before end) and, in *size, its length in bytes. A
 * byte that starts no valid character is one character, U+FFFD. */
static gunichar
styling_char_at(const char *text, size_t pos, size_t end, size_t *size)
{
	unsigned char byte = (unsigned char)text[pos];
	gunichar c;

	*size = 1;
	if (byte < 0x80)
		return byte;
	c = g_utf8_get_char_validated(text + pos, (gssize)(end - pos));
	if (c == (gunichar)-1 || c == (gunichar)-2)
		return 0xfffd;
	*size = (size_t)g_utf8_skip[byte];
	return c;
}

/* XEP-0393 4 (Glossary), whitespace: "Any Unicode scalar value which has the
 * property White_Space or is in category Z". White_Space outside category Z
 * is U+0009..U+000D and U+0085. */
static int
styling_is_space(gunichar c)
{
	switch (g_unichar_type(c)) {
	case G_UNICODE_SPACE_SEPARATOR:
	case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR:
		return 1;
	default:
		return (c >= 0x09 && c <= 0x0d) || c == 0x85;
	}
}

/* Index of the span directive byte is, or -1. */
static int
styling_kind_of(char byte)
{
	for (int kind = 0; kind < STYLING_KINDS; kind++) {
		if (styling_directives[kind] == byte)
			return kind;
	}
	return -1;
}

/*
 * The first closing candidate for kind at or after pos in the current line,
 * or the line's end: a directive of that kind not preceded by whitespace
 * (XEP-0393 5.2: "the closing styling directive MUST NOT be preceeded by a
 * whitespace character"). prev_space says whether the character before pos
 * is whitespace.
 *
 * A line is parsed left to right, so each question for a kind starts at or
 * after the one before; the answer is remembered and most questions need no
 * scan, which keeps a line full of openings without a closing linear.
 */
static size_t
styling_next_candidate(struct styling_parser *parser, int kind, size_t pos, int prev_space)
{
	struct styling_cursor *cursor = &parser->cursors[kind];
	size_t size;

	if (cursor->valid && pos >= cursor->from && pos <= cursor->found)
		return cursor->found;
	cursor->valid = 1;
	cursor->from = pos;
	while (pos < parser->line_end &&
	       (parser->text[pos] != styling_directives[kind] || prev_space)) {
		prev_space = styling_is_space(
		        styling_char_at(parser->text, pos, parser->line_end, &size));
		pos += size;
	}
	cursor->found = pos;
	return pos;
}

/* The closing directive of a span of kind whose opening directive is at pos,
 * or end when it has none before end. */
static size_t
styling_find_closing(struct styling_parser *parser, int kind, size_t pos, size_t end)
{
	const char *text = parser->text;
	size_t content = pos + 1, size, closing;
	gunichar c;

	/* XEP-0393 5.2: a span "MUST contain some text between the two styling
	 * directives", and "**" and "****" are not styled: the directive's own
	 * character repeated is not that text. */
	while (content < end && text[content] == styling_directives[kind])
		content++;
	if (content >= end)
		return end;
	c = styling_char_at(text, content, end, &size);
	/* XEP-0393 5.2: "The opening styling directive MUST NOT be followed by
	 * a whitespace character". */
	if (content == pos + 1 && styling_is_space(c))
		return end;
	/* XEP-0393 5.2: spans "are lazily matched": the first closing wins. */
	closing = styling_next_candidate(parser, kind, content + size, styling_is_space(c));
	return closing < end ? closing : end;
}

/* Emits a span of kind from its opening directive at pos to its closing one. */
static void
styling_parse_span(struct styling_parser *parser, int kind, size_t pos, size_t closing,
                   unsigned attrs, unsigned depth)
{
	unsigned inner = attrs | styling_kind_attrs[kind];

	styling_emit(parser, pos, pos + 1, inner | STYLING_DIRECTIVE, depth);
	if (styling_kind_attrs[kind] == STYLING_PRE) {
		/* XEP-0393 5.2.5: "A preformatted span may only contain a single
		 * plain span. Inline formatting directives inside the
		 * preformatted span are not rendered." */
		styling_emit(parser, pos + 1, closing, inner, depth);
	} else {
		styling_parse_spans(parser, pos + 1, closing, inner, depth);
	}
	styling_emit(parser, closing, closing + 1, inner | STYLING_DIRECTIVE, depth);
}

/* Emits the spans of [start, end), a plain line or a span's content, inside
 * what attrs already says. */
static void
styling_parse_spans(struct styling_parser *parser, size_t start, size_t end, unsigned attrs,
                    unsigned depth)
{
	size_t pos = start, plain = start, size;
	/* XEP-0393 5.2: "the opening styling directive MUST be located at the
	 * beginning of the line, or after a whitespace character". The start
	 * of a span's content counts as a beginning too: the XEP styles
	 * *`monospace and bold`* as both. */
	int may_open = 1;

	while (pos < end) {
		int kind = styling_kind_of(parser->text[pos]);

		/* A span never holds one of its own kind: its first closing
		 * candidate would have closed the outer span already. */
		if (kind >= 0 && may_open && !(attrs & styling_kind_attrs[kind])) {
			size_t closing = styling_find_closing(parser, kind, pos, end);
			if (closing < end) {
				styling_emit(parser, plain, pos, attrs, depth);
				styling_parse_span(parser, kind, pos, closing, attrs, depth);
				pos = plain = closing + 1;
				may_open = 0;
				continue;
			}
		}
		/* XEP-0393 5.2: "Characters that would be styling directives
		 * but do not follow these rules are not considered when
		 * matching": they stay plain text. */
		may_open = styling_is_space(styling_char_at(parser->text, pos, end, &size));
		pos += size;
	}
	styling_emit(parser, plain, end, attrs, depth);
}

/* Whether [pos, end) starts with a ``` fence, or is nothing but one. */
static int
styling_is_fence(const char *text, size_t pos, size_t end, int alone)
{
	if (end - pos < STYLING_FENCE_SIZE ||
	    memcmp(text + pos, STYLING_FENCE, STYLING_FENCE_SIZE) != 0)
		return 0;
	return !alone || end - pos == STYLING_FENCE_SIZE;
}

/* The end of the quote prefix ('>' and one whitespace character after it)
 * at pos. */
static size_t
styling_quote_prefix_end(const char *text, size_t pos, size_t end)
{
	size_t size;

	/* XEP-0393 5.1.3: "Lines inside the block quote MUST have the first
	 * leading whitespace character trimmed before parsing the child
	 * block." */
	pos++;
	if (pos < end && styling_is_space(styling_char_at(text, pos, end, &size)))
		pos += size;
	return pos;
}

/* Emits the line [start, end) and the '\n' after it, if any. */
static void
styling_parse_line(struct styling_parser *parser, size_t start, size_t end)
{
	static const guint8 closed = 0;
	const char *text = parser->text;
	size_t pos = start;
	unsigned depth = 0, block = 0; /* block: STYLING_PRE in a preformatted block */

	parser->line_end = end;
	memset(parser->cursors, 0, sizeof(parser->cursors));
	for (;;) {
		unsigned quote = depth > 0 ? STYLING_QUOTE : 0;

		if (parser->in_pre->len <= depth)
			g_byte_array_append(parser->in_pre, &closed, 1);
		if (parser->in_pre->data[depth]) {
			/* XEP-0393 5.1.2: a preformatted block is "ended by a
			 * line containing only three grave accents or the end
			 * of the parent block"; it holds no blocks or spans. */
			unsigned fence =
			        styling_is_fence(text, pos, end, 1) ? STYLING_DIRECTIVE : 0;
			block = STYLING_PRE;
			styling_emit(parser, pos, end, quote | block | fence, depth);
			if (fence)
				parser->in_pre->data[depth] = 0;
			break;
		}
		if (pos < end && text[pos] == '>') {
			/* XEP-0393 5.1.3: "A quotation is indicated by one or
			 * more lines with a byte stream beginning with a '>'";
			 * it "may contain any child block, including other
			 * quotations", parsed from what follows the prefix. */
			size_t child = styling_quote_prefix_end(text, pos, end);
			depth++;
			styling_emit(parser, pos, child, STYLING_QUOTE | STYLING_DIRECTIVE, depth);
			pos = child;
			continue;
		}
		if (styling_is_fence(text, pos, end, 0)) {
			/* XEP-0393 5.1.2: "A preformatted text block is started
			 * by a line beginning with ```" (the rest of that line,
			 * an info string, is not content). */
			block = STYLING_PRE;
			parser->in_pre->data[depth] = 1;
			styling_emit(parser, pos, end, quote | block | STYLING_DIRECTIVE, depth);
			break;
		}
		/* XEP-0393 5.1.1: any other line is a plain block, made of
		 * spans that cannot escape it. */
		styling_parse_spans(parser, pos, end, quote, depth);
		break;
	}
	/* XEP-0393 5.1.3: quotes "are terminated by the first new line that is
	 * not followed by a greater-than sign": the quotes deeper than this line
	 * end here, and with them any preformatted block inside them. */
	g_byte_array_set_size(parser->in_pre, depth + 1);
	if (end < parser->length)
		styling_emit(parser, end, end + 1, (depth > 0 ? STYLING_QUOTE : 0) | block, depth);
}

GArray *
styling_parse(const char *text, size_t length)
{
	struct styling_parser parser = { 0 };
	size_t start = 0;

	parser.text = text;
	parser.length = length;
	parser.spans = g_array_new(FALSE, FALSE, sizeof(struct styling_span));
	parser.in_pre = g_byte_array_new();
	while (start < length) {
		const char *newline = memchr(text + start, '\n', length - start);
		size_t end = newline != NULL ? (size_t)(newline - text) : length;

		styling_parse_line(&parser, start, end);
		start = end + 1;
	}
	g_byte_array_unref(parser.in_pre);
	return parser.spans;
}
