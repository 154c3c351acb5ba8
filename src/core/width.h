/*
 * width.h: how many terminal columns text takes.
 *
 * wcwidth() semantics, the same that curses uses to place the cursor: CJK
 * and emoji take two columns, combining marks and other zero-width
 * characters none. width_prepare() first turns text into a form every
 * terminal measures the same way, so wrapping, the cursor and what the
 * terminal draws agree.
 */
#ifndef NATTER_CORE_WIDTH_H
#define NATTER_CORE_WIDTH_H

#include <glib.h>
#include <stddef.h>

#include "core/sanitize.h"

/* Columns of one character: 0, 1 or 2 (unprintable ones count as 1, as
 * width_prepare() turns them into U+FFFD). */
int width_char(gunichar c);

/* Columns of length bytes of UTF-8 text (-1: up to NUL). */
int width_text(const char *text, long length);

/*
 * Bytes of text (up to NUL or end) that fit in columns without splitting a
 * character from the zero-width characters that follow it; *used (may be
 * NULL) gets their width.
 */
size_t width_fit(const char *text, const char *end, int columns, int *used);

/*
 * Returns a copy of sanitized text ready to measure and draw: characters
 * wcwidth() cannot measure (unassigned code points) become U+FFFD, and a
 * zero-width joiner between two pictographs is dropped, so an emoji ZWJ
 * sequence shows as its emoji side by side (terminals disagree on whether
 * they join such sequences into one glyph; none disagree on this). Caller
 * frees.
 */
char *width_prepare(const char *text);

/* sanitize() (core/sanitize.h) then width_prepare(): remote text as the
 * screen shows it, in one copy when it is printable ASCII. Caller frees. */
char *width_sanitize(const char *text, enum sanitize_flags flags);

#endif
