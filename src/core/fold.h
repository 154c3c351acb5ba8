/*
 * fold.h: case folding for comparisons (JIDs, nicks, highlight words).
 */
#ifndef NATTER_CORE_FOLD_H
#define NATTER_CORE_FOLD_H

#include <glib.h>

/* g_utf8_casefold() of length bytes of UTF-8 text (-1: up to NUL), the
 * same result, without its Unicode tables for ASCII text (most JIDs,
 * nicks and messages). Caller frees. */
char *fold_case(const char *text, gssize length);

#endif
