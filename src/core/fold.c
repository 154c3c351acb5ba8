/*
 * fold.c: case folding with an ASCII shortcut.
 *
 * Stateless. Unicode case folding of ASCII is ASCII lowering (the
 * CaseFolding.txt mappings of U+0041..U+005A, none other below U+0080),
 * so text without a byte above 0x7F folds byte by byte.
 */
#include "config.h"

#include "core/fold.h"

char *
fold_case(const char *text, gssize length)
{
	for (gssize i = 0; length < 0 ? text[i] != '\0' : i < length; i++) {
		if ((guchar)text[i] >= 0x80)
			return g_utf8_casefold(text, length);
	}
	return g_ascii_strdown(text, length);
}
