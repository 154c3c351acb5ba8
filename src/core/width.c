/*
 * width.c: terminal columns of text.
 *
 * Stateless. Needs an UTF-8 LC_CTYPE (natter sets the locale at start; a
 * terminal UI in another encoding cannot show remote text anyway).
 */
#include "config.h"

#include <string.h>
#include <wchar.h>

#include "core/width.h"

#define ZERO_WIDTH_JOINER 0x200D
#define VARIATION_EMOJI   0xFE0F

/* Printable ASCII: one column each, without asking wcwidth(). */
static inline int
width_is_ascii(gunichar c)
{
	return c >= 0x20 && c < 0x7f;
}

int
width_char(gunichar c)
{
	if (width_is_ascii(c))
		return 1;
	int w = wcwidth((wchar_t)c);

	/* U+FFFD, which width_prepare() puts in place of the character. */
	return w < 0 ? 1 : w;
}

int
width_text(const char *text, long length)
{
	const char *end = length < 0 ? NULL : text + length;
	int width = 0;

	for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		if (end != NULL && g_utf8_next_char(p) > end)
			break;
		width += width_is_ascii((guchar)*p) ? 1 : width_char(g_utf8_get_char(p));
	}
	return width;
}

size_t
width_fit(const char *text, const char *end, int columns, int *used)
{
	const char *p = text;
	int width = 0;

	/* Zero-width characters never break: they stay with the character
	 * before them. */
	while (*p != '\0' && (end == NULL || g_utf8_next_char(p) <= end)) {
		int w = width_is_ascii((guchar)*p) ? 1 : width_char(g_utf8_get_char(p));
		if (w > 0 && width + w > columns)
			break;
		width += w;
		p = g_utf8_next_char(p);
	}
	if (used != NULL)
		*used = width;
	return (size_t)(p - text);
}

/* Emoji and other pictographs (General_Category So), and the modifiers
 * (skin tones: Sk) and selector that can end one. */
static int
width_is_pictograph(gunichar c)
{
	GUnicodeType type = g_unichar_type(c);

	return type == G_UNICODE_OTHER_SYMBOL || type == G_UNICODE_MODIFIER_SYMBOL ||
	       c == VARIATION_EMOJI;
}

char *
width_prepare(const char *text)
{
	GString *out = g_string_sized_new(strlen(text));
	gunichar previous = 0;

	for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		/* Printable ASCII and line breaks, in runs: nothing to do. */
		const char *run = p;
		while (width_is_ascii((guchar)*p) || *p == '\n')
			p++;
		if (p > run) {
			g_string_append_len(out, run, p - run);
			previous = (guchar)p[-1];
			if (*p == '\0')
				break;
		}
		gunichar c = g_utf8_get_char(p);
		if (c == ZERO_WIDTH_JOINER && width_is_pictograph(previous)) {
			const char *next = g_utf8_next_char(p);
			if (*next != '\0' && width_is_pictograph(g_utf8_get_char(next)))
				continue;
		}
		if (wcwidth((wchar_t)c) < 0 && c != '\n')
			c = 0xFFFD;
		g_string_append_unichar(out, c);
		previous = c;
	}
	return g_string_free(out, FALSE);
}

char *
width_sanitize(const char *text, enum sanitize_flags flags)
{
	const char *p = text;

	/* Printable ASCII (and line breaks, when kept) is ready as it is. */
	while (width_is_ascii((guchar)*p) || (*p == '\n' && (flags & SANITIZE_MULTILINE)))
		p++;
	if (*p == '\0')
		return g_strdup(text);
	char *safe = sanitize(text, -1, flags);
	char *ready = width_prepare(safe);

	g_free(safe);
	return ready;
}
