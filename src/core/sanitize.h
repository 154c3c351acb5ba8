/*
 * sanitize.h: makes remote text safe to print on a terminal.
 */
#ifndef NATTER_CORE_SANITIZE_H
#define NATTER_CORE_SANITIZE_H

#include <stddef.h>

enum sanitize_flags {
	SANITIZE_LINE = 0,      /* one line: newlines become spaces */
	SANITIZE_MULTILINE = 1, /* keep '\n' (line breaks in message bodies) */
};

/*
 * Returns a copy of text (of length bytes, or up to NUL when length is -1)
 * that is valid UTF-8 and holds no C0/C1 control characters, no DEL, no
 * escape sequences and no bidirectional overrides or isolates that could
 * reorder the screen. Invalid bytes and controls become U+FFFD; a tab becomes
 * a space; CR and bidi controls are dropped; U+2028 and U+2029 count as
 * newlines. The caller frees the result.
 */
char *sanitize(const char *text, long length, enum sanitize_flags flags);

#endif
