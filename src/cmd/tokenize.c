/*
 * tokenize.c: splitting a command line into words.
 *
 * Stateless. Works on bytes: every delimiter is ASCII, and no byte of a
 * multi-byte UTF-8 sequence is ASCII, so characters are never split.
 */
#include "config.h"

#include <glib.h>

#include "cmd/tokenize.h"

const char *
tokenize_skip_space(const char *cursor)
{
	while (*cursor == ' ' || *cursor == '\t')
		cursor++;
	return cursor;
}

/* Reads a quoted part starting after the opening quote; appends to word. */
static int
tokenize_quoted(const char **cursor, char quote, GString *word, char **cause)
{
	const char *p = *cursor;

	while (*p != '\0' && *p != quote) {
		if (quote == '"' && *p == '\\' && (p[1] == '"' || p[1] == '\\')) {
			g_string_append_c(word, p[1]);
			p += 2;
			continue;
		}
		g_string_append_c(word, *p++);
	}
	if (*p == '\0') {
		*cause = g_strdup_printf("unterminated %s quote",
		                         quote == '"' ? "double" : "single");
		return -1;
	}
	*cursor = p + 1;
	return 0;
}

int
tokenize_next(const char **cursor, char **word, char **cause)
{
	const char *p = tokenize_skip_space(*cursor);
	GString *out;

	if (*p == '\0') {
		*cursor = p;
		return 0;
	}
	out = g_string_new(NULL);
	while (*p != '\0' && *p != ' ' && *p != '\t') {
		if (*p == '"' || *p == '\'') {
			char quote = *p++;
			if (tokenize_quoted(&p, quote, out, cause) == -1)
				goto fail;
		} else if (*p == '\\') {
			if (p[1] == '\0') {
				*cause = g_strdup("backslash at the end of the line");
				goto fail;
			}
			g_string_append_c(out, p[1]);
			p += 2;
		} else {
			g_string_append_c(out, *p++);
		}
	}
	*cursor = p;
	*word = g_string_free(out, FALSE);
	return 1;
fail:
	g_string_free(out, TRUE);
	return -1;
}

int
tokenize(const char *line, char ***words, int *count, char **cause)
{
	GPtrArray *array;
	const char *cursor = line;
	char *word;
	int ret;

	if (!g_utf8_validate(line, -1, NULL)) {
		*cause = g_strdup("the line is not valid UTF-8");
		return -1;
	}
	array = g_ptr_array_new();
	while ((ret = tokenize_next(&cursor, &word, cause)) == 1)
		g_ptr_array_add(array, word);
	if (ret == -1) {
		g_ptr_array_set_free_func(array, g_free);
		g_ptr_array_free(array, TRUE);
		return -1;
	}
	*count = (int)array->len;
	g_ptr_array_add(array, NULL);
	*words = (char **)g_ptr_array_free(array, FALSE);
	return 0;
}
