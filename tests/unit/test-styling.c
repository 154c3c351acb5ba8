/*
 * test-styling.c: XEP-0393 Message Styling (core/styling.h).
 *
 * Expectations are written as the spans rendered one after the other,
 * separated by '|', each as its attributes, ':', and its text. Attributes:
 * s strong, e emphasis, x strike, p preformatted, d directive (in that
 * order), qN quote at depth N; a plain span has none (":text"). The text of every span is the
 * input's, so the pieces put together are the input again.
 */
#include "config.h"

#include "unit.h"

#include "core/styling.h"

/* One span as "flags:text". */
static void
render_span(GString *out, const char *text, const struct styling_span *span)
{
	static const struct {
		unsigned attr;
		char letter;
	} letters[] = {
		{ STYLING_STRONG, 's' }, { STYLING_EMPHASIS, 'e' },  { STYLING_STRIKE, 'x' },
		{ STYLING_PRE, 'p' },    { STYLING_DIRECTIVE, 'd' },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(letters); i++) {
		if (span->attrs & letters[i].attr)
			g_string_append_c(out, letters[i].letter);
	}
	if (span->attrs & STYLING_QUOTE)
		g_string_append_printf(out, "q%u", span->quote_depth);
	g_string_append_c(out, ':');
	g_string_append_len(out, text + span->start, (gssize)(span->end - span->start));
}

/* Fails unless spans cover [0, length) in order, none empty, none
 * mergeable with the one before, quote depth set exactly with QUOTE. */
static void
assert_spans_valid(const GArray *spans, size_t length)
{
	size_t covered = 0;

	for (guint i = 0; i < spans->len; i++) {
		const struct styling_span *span = &g_array_index(spans, struct styling_span, i);
		assert_int_equal(span->start, covered);
		assert_true(span->end > span->start);
		assert_true((span->attrs & ~63u) == 0);
		assert_int_equal(span->quote_depth > 0, (span->attrs & STYLING_QUOTE) != 0);
		if (i > 0) {
			const struct styling_span *before = span - 1;
			assert_false(before->attrs == span->attrs &&
			             before->quote_depth == span->quote_depth);
		}
		covered = span->end;
	}
	assert_int_equal(covered, length);
}

/* The rendering of text's spans (caller frees). */
static char *
render(const char *text, size_t length)
{
	GArray *spans = styling_parse(text, length);
	GString *out = g_string_new(NULL);

	assert_spans_valid(spans, length);
	for (guint i = 0; i < spans->len; i++) {
		if (i > 0)
			g_string_append_c(out, '|');
		render_span(out, text, &g_array_index(spans, struct styling_span, i));
	}
	g_array_unref(spans);
	return g_string_free(out, FALSE);
}

static void
check(const char *text, const char *expected)
{
	char *got = render(text, strlen(text));

	assert_string_equal(got, expected);
	g_free(got);
}

/* text is styled nothing at all: one plain span. */
static void
check_plain(const char *text)
{
	char *expected = g_strconcat(":", text, NULL);

	check(text, expected);
	g_free(expected);
}

/* XEP-0393 5.2: "each of the following would be styled as indicated". */
static void
test_styling_spec_styled(void **state)
{
	check("*strong*", "sd:*|s:strong|sd:*");
	check("plain *strong* plain", ":plain |sd:*|s:strong|sd:*|: plain");
	check("*strong* plain *strong*", "sd:*|s:strong|sd:*|: plain |sd:*|s:strong|sd:*");
	check("*strong*plain*", "sd:*|s:strong|sd:*|:plain*");
	check("* plain *strong*", ":* plain |sd:*|s:strong|sd:*");
}

/* XEP-0393 5.2: "Nothing would be styled in the following messages". */
static void
test_styling_spec_unstyled(void **state)
{
	check_plain("not strong*");
	check_plain("*not strong");
	check_plain("*not \n strong*");
	check_plain("*not *strong");
	check_plain("**");
	check_plain("****");
}

/* XEP-0393 4, Span: the glossary's examples of spans. */
static void
test_styling_spec_glossary(void **state)
{
	check("plain span", ":plain span");
	check("_emphasized span_", "ed:_|e:emphasized span|ed:_");
	check("_emphasized span containing *strong span*_",
	      "ed:_|e:emphasized span containing |sed:*|se:strong span|sed:*|ed:_");
	check("span one *span two*", ":span one |sd:*|s:span two|sd:*");
}

/* XEP-0393 5.1.1, "Plain block text": spans do not escape their line. */
static void
test_styling_spec_plain_blocks(void **state)
{
	check_plain("There are three blocks in this body marked by parens,\n"
	            "but there is no *formatting\n"
	            "as spans* may not escape blocks.");
}

/* XEP-0393 5.1.2, "Preformatted block text". */
static void
test_styling_spec_preformatted_block(void **state)
{
	check("```ignored\n"
	      "(println \"Hello, world!\")\n"
	      "```\n"
	      "\n"
	      "This should show up as monospace, preformatted text ⤴",
	      "pd:```ignored|p:\n(println \"Hello, world!\")\n|pd:```|p:\n"
	      "|:\nThis should show up as monospace, preformatted text ⤴");
}

/* XEP-0393 5.1.2, "No closing preformatted text sequence": the block ends
 * with its parent, the quote. */
static void
test_styling_spec_unclosed_block_in_quote(void **state)
{
	check("> ```\n"
	      "> (println \"Hello, world!\")\n"
	      "\n"
	      "The entire blockquote is a preformatted text block, but this line\n"
	      "is plaintext!",
	      "dq1:> |pdq1:```|pq1:\n|dq1:> |pq1:(println \"Hello, world!\")\n"
	      "|:\nThe entire blockquote is a preformatted text block, but this line\n"
	      "is plaintext!");
}

/* XEP-0393 5.1.3, "Quotation (LTR)" and "Nested Quotation". */
static void
test_styling_spec_quotations(void **state)
{
	check("> That that is, is.\n"
	      "\n"
	      "Said the old hermit of Prague.",
	      "dq1:> |q1:That that is, is.\n|:\nSaid the old hermit of Prague.");
	check(">> That that is, is.\n"
	      "> Said the old hermit of Prague.\n"
	      "\n"
	      "Who?",
	      "dq1:>|dq2:> |q2:That that is, is.\n|dq1:> |q1:Said the old hermit of Prague.\n"
	      "|:\nWho?");
}

/* XEP-0393 5.2.1 to 5.2.5: the examples of each span. */
static void
test_styling_spec_span_examples(void **state)
{
	check("Two spans, both *alike in dignity*",
	      ":Two spans, both |sd:*|s:alike in dignity|sd:*");
	check("The full title is _Twelfth Night, or What You Will_ but\n"
	      "_most_ people shorten it.",
	      ":The full title is |ed:_|e:Twelfth Night, or What You Will|ed:_|: but\n"
	      "|ed:_|e:most|ed:_|: people shorten it.");
	check("The full title is \"Twelfth Night, or What You Will\" but\n"
	      "*most* people shorten it.",
	      ":The full title is \"Twelfth Night, or What You Will\" but\n"
	      "|sd:*|s:most|sd:*|: people shorten it.");
	check("Everyone ~dis~likes cake.", ":Everyone |xd:~|x:dis|xd:~|:likes cake.");
	check("Wow, I can write in `monospace`!", ":Wow, I can write in |pd:`|p:monospace|pd:`|:!");
}

/* XEP-0393 5.2.5: "the following all contain valid preformatted spans". */
static void
test_styling_spec_preformatted_spans(void **state)
{
	check("This is `monospace`", ":This is |pd:`|p:monospace|pd:`");
	check("This is `*monospace*`", ":This is |pd:`|p:*monospace*|pd:`");
	check("This is *`monospace and bold`*",
	      ":This is |sd:*|spd:`|sp:monospace and bold|spd:`|sd:*");
}

/* XEP-0393 5.2: no whitespace after the opening or before the closing
 * directive, whatever the whitespace. */
static void
test_styling_whitespace_rules(void **state)
{
	check_plain("* not*");
	check_plain("*not *");
	check_plain("_\tnot_");
	check_plain("~not\t~");
	/* U+00A0 NO-BREAK SPACE and U+2003 EM SPACE are whitespace (Zs). */
	check_plain("*not\xc2\xa0*");
	check_plain("*\xe2\x80\x83not*");
	/* ... and open a span after them, as U+3000 IDEOGRAPHIC SPACE does. */
	check("a\xc2\xa0*b*", ":a\xc2\xa0|sd:*|s:b|sd:*");
	check("日本\xe3\x80\x80_語_", ":日本\xe3\x80\x80|ed:_|e:語|ed:_");
	/* Not after a letter, though. */
	check_plain("snake_case_name");
	check_plain("2*3*4");
	check("a *b*c* d", ":a |sd:*|s:b|sd:*|:c* d");
}

static void
test_styling_multibyte_next_to_directives(void **state)
{
	check("*日本*", "sd:*|s:日本|sd:*");
	check("~\xf0\x9f\x98\xba~ ok", "xd:~|x:\xf0\x9f\x98\xba|xd:~|: ok");
	check("«*é*»", ":«*é*»"); /* '«' is not whitespace */
	check("é _ü_", ":é |ed:_|e:ü|ed:_");
	/* combining acute accent after the closing directive stays outside */
	check("*a*\xcc\x81", "sd:*|s:a|sd:*|:\xcc\x81");
}

/* Lazily matched: the first valid closing directive ends the span. */
static void
test_styling_lazy_matching(void **state)
{
	check("*a* b*", "sd:*|s:a|sd:*|: b*");
	check("*a b* c* d*", "sd:*|s:a b|sd:*|: c* d*");
	/* a span of a kind never holds one of its own kind */
	check("*a *b* c*", "sd:*|s:a *b|sd:*|: c*");
	/* spans do not overlap: the one opened first closes first */
	check("_a *b_ c*", "ed:_|e:a *b|ed:_|: c*");
	/* runs of the directive are not the text a span needs */
	check("**a**", "sd:*|s:*a|sd:*|:*");
	check("`*`", "pd:`|p:*|pd:`");
	check_plain("a ``` b");
}

static void
test_styling_nesting(void **state)
{
	check("*_~`x`~_*", "sd:*|sed:_|sexd:~|sexpd:`|sexp:x|sexpd:`|sexd:~|sed:_|sd:*");
	check("_a *b* ~c~ d_", "ed:_|e:a |sed:*|se:b|sed:*|e: |exd:~|ex:c|exd:~|e: d|ed:_");
	/* no span opens right after a directive that opened nothing */
	check_plain("*_a_");
	/* nothing is styled inside a preformatted span */
	check("`_a_ *b*`", "pd:`|p:_a_ *b*|pd:`");
}

static void
test_styling_lone_directives(void **state)
{
	check("", "");
	check_plain("*");
	check_plain("_");
	check_plain("~");
	check_plain("`");
	check_plain("``");
	check_plain("* _ ~ `");
	check(">", "dq1:>");
	check("> ", "dq1:> ");
	check("\n", ":\n");
	check("\n\n", ":\n\n");
}

static void
test_styling_preformatted_blocks(void **state)
{
	/* unclosed: preformatted to the end of the message */
	check("```\n*a*\n> b", "pd:```|p:\n*a*\n> b");
	/* only a line of exactly three grave accents closes it */
	check("```\na\n``` \n````\n```x\n```\n*b*",
	      "pd:```|p:\na\n``` \n````\n```x\n|pd:```|p:\n|sd:*|s:b|sd:*");
	/* a line beginning with ``` opens one, whatever follows */
	check("```a```\nb", "pd:```a```|p:\nb");
	/* not at the start of the line: inline spans, lazily matched, so the
	 * first grave accent after some text closes */
	check(" ```a```", ": |pd:`|p:``a|pd:`|:``");
	check("a `b` ```", ":a |pd:`|p:b|pd:`|: ```");
	/* the closing fence must be the whole line */
	check("```\na ```", "pd:```|p:\na ```");
	check("```", "pd:```");
	check("```\n```", "pd:```|p:\n|pd:```");
}

static void
test_styling_quotes(void **state)
{
	/* ended by the first line without '>' */
	check("> a\nb\n> c", "dq1:> |q1:a\n|:b\n|dq1:> |q1:c");
	/* only the first whitespace character is trimmed */
	check(">  a", "dq1:> |q1: a");
	check(">\ta", "dq1:>\t|q1:a");
	check(">a", "dq1:>|q1:a");
	/* U+3000 is one (three-byte) whitespace character */
	check(">\xe3\x80\x80"
	      "a",
	      "dq1:>\xe3\x80\x80|q1:a");
	check("> > a", "dq1:> |dq2:> |q2:a");
	check(">>> a\n>> b\n> c", "dq1:>|dq2:>|dq3:> |q3:a\n|dq1:>|dq2:> |q2:b\n|dq1:> |q1:c");
	/* quotes hold spans, which stay inside their line */
	check("> *a*\n> _b", "dq1:> |sdq1:*|sq1:a|sdq1:*|q1:\n|dq1:> |q1:_b");
	/* a second space is content, and a directive opens after it */
	check(">  *a*", "dq1:> |q1: |sdq1:*|sq1:a|sdq1:*");
	/* '>' not at the start of the line is text */
	check_plain("a > b");
	check_plain(" > a");
	/* an empty quote line */
	check(">\n> a", "dq1:>|q1:\n|dq1:> |q1:a");
}

static void
test_styling_preformatted_in_quotes(void **state)
{
	/* closed inside the quote */
	check("> ```\n> *a*\n> ```\n> *b*",
	      "dq1:> |pdq1:```|pq1:\n|dq1:> |pq1:*a*\n|dq1:> |pdq1:```|pq1:\n"
	      "|dq1:> |sdq1:*|sq1:b|sdq1:*");
	/* '>' inside a preformatted block is text, not a deeper quote */
	check("> ```\n> > a", "dq1:> |pdq1:```|pq1:\n|dq1:> |pq1:> a");
	check("```\n> a\n```", "pd:```|p:\n> a\n|pd:```");
	/* a deeper quote ends, and its preformatted block with it */
	check(">> ```\n>> a\n> *b*",
	      "dq1:>|dq2:> |pdq2:```|pq2:\n|dq1:>|dq2:> |pq2:a\n|dq1:> |sdq1:*|sq1:b|sdq1:*");
	/* a new quote after a blank line starts without the old block */
	check("> ```\n\n> *a*", "dq1:> |pdq1:```|pq1:\n|:\n|dq1:> |sdq1:*|sq1:a|sdq1:*");
	/* the outer block's preformatted state survives a deeper quote */
	check("```\n>> a\n```\n*b*", "pd:```|p:\n>> a\n|pd:```|p:\n|sd:*|s:b|sd:*");
}

/* Bytes past length are never parsed; NUL and invalid UTF-8 are characters
 * that are not whitespace. */
static void
test_styling_length_and_bytes(void **state)
{
	char *got;

	got = render("*a* tail", 3);
	assert_string_equal(got, "sd:*|s:a|sd:*");
	g_free(got);
	got = render("> *a*\nmore", 5);
	assert_string_equal(got, "dq1:> |sdq1:*|sq1:a|sdq1:*");
	g_free(got);

	check("*\xff*", "sd:*|s:\xff|sd:*");
	check("*a\xc3*", "sd:*|s:a\xc3|sd:*");
	check_plain("\xe3\x80*a*"); /* a truncated U+3000 is not whitespace */

	const char nul[] = { '*', 'a', '\0', 'b', '*' };
	GArray *spans = styling_parse(nul, sizeof(nul));
	assert_spans_valid(spans, sizeof(nul));
	assert_int_equal(spans->len, 3);
	assert_int_equal(g_array_index(spans, struct styling_span, 1).attrs, STYLING_STRONG);
	g_array_unref(spans);

	spans = styling_parse(NULL, 0);
	assert_int_equal(spans->len, 0);
	g_array_unref(spans);
}

/* Hostile input stays cheap: many openings without a closing, and very
 * deep quotes. Quadratic work or recursion per depth would not finish or
 * would overflow the stack. */
static void
test_styling_hostile_input(void **state)
{
	GString *text = g_string_new(NULL);
	GArray *spans;

	for (int i = 0; i < 100000; i++)
		g_string_append(text, "*a _b ~c `d ");
	spans = styling_parse(text->str, text->len);
	assert_spans_valid(spans, text->len);
	assert_int_equal(spans->len, 1);
	g_array_unref(spans);

	g_string_truncate(text, 0);
	for (int i = 0; i < 1000000; i++)
		g_string_append_c(text, '>');
	g_string_append(text, " *deep*\n");
	for (int i = 0; i < 1000000; i++)
		g_string_append_c(text, '>');
	spans = styling_parse(text->str, text->len);
	assert_spans_valid(spans, text->len);
	g_array_unref(spans);
	g_string_free(text, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_styling_spec_styled),
		cmocka_unit_test(test_styling_spec_unstyled),
		cmocka_unit_test(test_styling_spec_glossary),
		cmocka_unit_test(test_styling_spec_plain_blocks),
		cmocka_unit_test(test_styling_spec_preformatted_block),
		cmocka_unit_test(test_styling_spec_unclosed_block_in_quote),
		cmocka_unit_test(test_styling_spec_quotations),
		cmocka_unit_test(test_styling_spec_span_examples),
		cmocka_unit_test(test_styling_spec_preformatted_spans),
		cmocka_unit_test(test_styling_whitespace_rules),
		cmocka_unit_test(test_styling_multibyte_next_to_directives),
		cmocka_unit_test(test_styling_lazy_matching),
		cmocka_unit_test(test_styling_nesting),
		cmocka_unit_test(test_styling_lone_directives),
		cmocka_unit_test(test_styling_preformatted_blocks),
		cmocka_unit_test(test_styling_quotes),
		cmocka_unit_test(test_styling_preformatted_in_quotes),
		cmocka_unit_test(test_styling_length_and_bytes),
		cmocka_unit_test(test_styling_hostile_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
