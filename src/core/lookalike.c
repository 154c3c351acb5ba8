/*
 * lookalike.c: nicks that pass for others (lookalike.h).
 *
 * The skeleton follows the idea of Unicode TR 39 (section 4,
 * "Confusable Detection"): two strings are confusable when their
 * skeletons are equal. Here a skeleton is the NFKC form, case-folded,
 * without the characters that show as nothing, and with the letters of
 * other scripts that look like Latin ones replaced by those: a small table
 * of the look-alikes met in practice, not TR 39's whole confusables.txt.
 */
#include "config.h"

#include <string.h>

#include "core/fold.h"
#include "core/lookalike.h"

/* Cyrillic and Greek lower-case letters that look like Latin ones (after
 * case folding, so that upper-case ones are covered too). */
static const struct {
	gunichar from;
	char to;
} lookalike_letters[] = {
	{ 0x0430, 'a' }, { 0x0432, 'b' }, { 0x0435, 'e' }, { 0x043A, 'k' }, { 0x043C, 'm' },
	{ 0x043D, 'h' }, { 0x043E, 'o' }, { 0x0440, 'p' }, { 0x0441, 'c' }, { 0x0442, 't' },
	{ 0x0443, 'y' }, { 0x0445, 'x' }, { 0x0455, 's' }, { 0x0456, 'i' }, { 0x0458, 'j' },
	{ 0x04BB, 'h' }, { 0x04CF, 'l' }, { 0x0501, 'd' }, { 0x051B, 'q' }, { 0x051D, 'w' },
	{ 0x0475, 'v' }, { 0x03B1, 'a' }, { 0x03B9, 'i' }, { 0x03BA, 'k' }, { 0x03BD, 'v' },
	{ 0x03BF, 'o' }, { 0x03C1, 'p' }, { 0x03C4, 't' }, { 0x03C5, 'u' }, { 0x03C7, 'x' },
	{ 0x0261, 'g' }, { 0x0131, 'i' }, { 0x0237, 'j' },
};

/* A character that shows nothing (Unicode's default ignorable code
 * points, and the Hangul fillers and the Braille blank that render
 * blank). */
static int
lookalike_blank(gunichar c)
{
	return g_unichar_type(c) == G_UNICODE_FORMAT || c == 0x034F ||
	       (c >= 0x115F && c <= 0x1160) || (c >= 0x17B4 && c <= 0x17B5) ||
	       (c >= 0x180B && c <= 0x180F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) ||
	       c == 0x2800 || c == 0xFFA0 || (c >= 0xE0100 && c <= 0xE01EF);
}

/* A pictograph or symbol that emoji sequences join and vary. */
static int
lookalike_symbol(gunichar c)
{
	GUnicodeType type = g_unichar_type(c);

	return type == G_UNICODE_OTHER_SYMBOL || type == G_UNICODE_MODIFIER_SYMBOL ||
	       (c >= 0x1F000 && c <= 0x1FAFF);
}

/* Whether the blank character at p is part of an emoji sequence (a joiner
 * between two symbols, a variation selector or a tag after one), given the
 * character before it (0: none). */
static int
lookalike_in_emoji(const char *p, gunichar before)
{
	gunichar c = g_utf8_get_char(p);
	const char *next = g_utf8_next_char(p);
	gunichar after = *next != '\0' ? g_utf8_get_char(next) : 0;

	if (before == 0 || !(lookalike_symbol(before) || before == 0xFE0F ||
	                     (before >= 0xE0020 && before <= 0xE007F)))
		return 0;
	if (c == 0x200D)
		return after != 0 && lookalike_symbol(after);
	return c == 0xFE0E || c == 0xFE0F || (c >= 0xE0020 && c <= 0xE007F);
}

/* A script whose words need the zero-width joiners (RFC 5892 A.1, A.2:
 * Arabic's joining forms, the Indic scripts' viramas). */
static int
lookalike_joining_script(gunichar c)
{
	switch (g_unichar_get_script(c)) {
	case G_UNICODE_SCRIPT_ARABIC:
	case G_UNICODE_SCRIPT_SYRIAC:
	case G_UNICODE_SCRIPT_NKO:
	case G_UNICODE_SCRIPT_MONGOLIAN:
	case G_UNICODE_SCRIPT_DEVANAGARI:
	case G_UNICODE_SCRIPT_BENGALI:
	case G_UNICODE_SCRIPT_GURMUKHI:
	case G_UNICODE_SCRIPT_GUJARATI:
	case G_UNICODE_SCRIPT_ORIYA:
	case G_UNICODE_SCRIPT_TAMIL:
	case G_UNICODE_SCRIPT_TELUGU:
	case G_UNICODE_SCRIPT_KANNADA:
	case G_UNICODE_SCRIPT_MALAYALAM:
	case G_UNICODE_SCRIPT_SINHALA:
	case G_UNICODE_SCRIPT_MYANMAR:
	case G_UNICODE_SCRIPT_KHMER:
	case G_UNICODE_SCRIPT_TIBETAN:
		return 1;
	default:
		return 0;
	}
}

/* Whether the joiner at p (U+200C, U+200D) sits inside a word of such a
 * script: after a letter or mark of it, before a letter of it. */
static int
lookalike_in_word(const char *p, gunichar before)
{
	gunichar c = g_utf8_get_char(p);
	const char *next = g_utf8_next_char(p);
	gunichar after = *next != '\0' ? g_utf8_get_char(next) : 0;

	return (c == 0x200C || c == 0x200D) && before != 0 && after != 0 &&
	       lookalike_joining_script(before) &&
	       g_unichar_get_script(before) == g_unichar_get_script(after) &&
	       (g_unichar_isalpha(before) || g_unichar_ismark(before)) && g_unichar_isalpha(after);
}

/* Calls keep for each character of text that is not blank (or is, but in
 * an emoji sequence or a word that needs it), blank for the others, when given. Returns how many
 * were blank. */
static unsigned
lookalike_walk(const char *text, void (*keep)(GString *out, gunichar c),
               void (*blank)(GString *out, gunichar c), GString *out)
{
	gunichar before = 0;
	unsigned blanks = 0;

	for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (lookalike_blank(c) && !lookalike_in_emoji(p, before) &&
		    !lookalike_in_word(p, before)) {
			blanks++;
			if (blank != NULL)
				blank(out, c);
		} else if (keep != NULL) {
			keep(out, c);
		}
		before = c;
	}
	return blanks;
}

static void
lookalike_append(GString *out, gunichar c)
{
	g_string_append_unichar(out, c);
}

static void
lookalike_replace(GString *out, gunichar c)
{
	g_string_append_unichar(out, 0xFFFD);
}

int
lookalike_invisible(const char *nick)
{
	return nick != NULL && g_utf8_validate(nick, -1, NULL) &&
	       lookalike_walk(nick, NULL, NULL, NULL) > 0;
}

char *
lookalike_reveal(const char *nick)
{
	GString *out = g_string_new(NULL);

	if (nick != NULL && g_utf8_validate(nick, -1, NULL))
		lookalike_walk(nick, lookalike_append, lookalike_replace, out);
	return g_string_free(out, FALSE);
}

char *
lookalike_skeleton(const char *nick)
{
	const char *p;
	char *visible, *normal, *folded;
	GString *out, *kept;

	if (nick == NULL || !g_utf8_validate(nick, -1, NULL))
		return g_strdup("");
	/* ASCII (most nicks): case folding is all there is to do. */
	for (p = nick; *p != '\0' && (guchar)*p < 0x80; p++)
		;
	if (*p == '\0')
		return fold_case(nick, -1);
	kept = g_string_new(NULL);
	lookalike_walk(nick, lookalike_append, NULL, kept);
	visible = g_string_free(kept, FALSE);
	normal = g_utf8_normalize(visible, -1, G_NORMALIZE_NFKC);
	g_free(visible);
	folded = fold_case(normal ? normal : "", -1);
	g_free(normal);
	out = g_string_new(NULL);
	for (p = folded; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		size_t i;
		for (i = 0; i < G_N_ELEMENTS(lookalike_letters); i++)
			if (lookalike_letters[i].from == c)
				break;
		if (i < G_N_ELEMENTS(lookalike_letters))
			g_string_append_c(out, lookalike_letters[i].to);
		else if (!lookalike_blank(c))
			g_string_append_unichar(out, c);
	}
	g_free(folded);
	return g_string_free(out, FALSE);
}
