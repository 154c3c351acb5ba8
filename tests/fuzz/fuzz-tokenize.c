/*
 * fuzz-tokenize.c: libFuzzer target for the command-line tokenizer
 * (cmd/tokenize.h) and completion lookup (cmd/command.h).
 *
 * The input is one line as typed. Beyond memory safety it checks that
 * tokenize() and a tokenize_next() loop agree, and that the cursor only
 * moves forward inside the line.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_tokenize_next_agrees(const char *line, int ret, char **words, int count)
{
	const char *cursor = line, *end = line + strlen(line);
	char *word = NULL, *cause = NULL;
	int got, n = 0;

	while ((got = tokenize_next(&cursor, &word, &cause)) == 1) {
		if (cursor < line || cursor > end)
			abort();
		if (ret == 0 && (n >= count || strcmp(word, words[n]) != 0))
			abort();
		g_free(word);
		n++;
	}
	if (got == 0 && (cursor != end || (ret == 0 && n != count) || ret == -1))
		abort();
	if (got == -1 && (cause == NULL || ret == 0))
		abort();
	g_free(cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = g_strndup((const char *)data, size);
	char **words = NULL, *cause = NULL;
	int count = -1;
	int ret = tokenize(line, &words, &count, &cause);

	if (ret == 0 && (words == NULL || count < 0 || words[count] != NULL))
		abort();
	if (ret == -1 && cause == NULL)
		abort();
	/* tokenize_next() expects valid UTF-8, as its header says */
	if (g_utf8_validate(line, -1, NULL))
		fuzz_tokenize_next_agrees(line, ret, words, count);
	for (int index = 0; index < 6; index++)
		(void)cmd_complete_kind(line, index);
	g_strfreev(words);
	g_free(cause);
	g_free(line);
	return 0;
}
