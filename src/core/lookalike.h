/*
 * lookalike.h: nicks that pass for others: characters that show as
 * nothing (zero-width spaces and joiners, bidi marks, fillers), and
 * letters of other scripts that look like Latin ones.
 */
#ifndef NATTER_CORE_LOOKALIKE_H
#define NATTER_CORE_LOOKALIKE_H

#include <glib.h>

/* What nick looks like (caller frees): two nicks with the same skeleton
 * are hard to tell apart on a screen ("bob", "Bob", "b\u200Bob" and
 * Cyrillic "b\u043Eb" have one). "" for invalid UTF-8. */
char *lookalike_skeleton(const char *nick);

/* 1 when nick holds characters that show as nothing (those of an emoji
 * sequence, its joiners and variation selectors, and the zero-width
 * joiners inside an Arabic or Indic word, excepted). */
int lookalike_invisible(const char *nick);

/* nick with those characters shown as U+FFFD (caller frees). */
char *lookalike_reveal(const char *nick);

#endif
