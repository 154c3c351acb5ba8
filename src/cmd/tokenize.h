/*
 * tokenize.h: splitting a command line into words.
 *
 * Words are separated by spaces or tabs. Double quotes group a word and
 * allow \" and \\ inside; single quotes group a word literally; outside
 * quotes a backslash makes the next character literal. Multi-byte UTF-8
 * characters are never split. Input must be valid UTF-8.
 */
#ifndef NATTER_CMD_TOKENIZE_H
#define NATTER_CMD_TOKENIZE_H

/*
 * Reads the next word at *cursor into *word (caller frees) and advances
 * *cursor past it. Returns 1 when a word was read, 0 at the end of the
 * line, -1 and *cause on an unterminated quote or a trailing backslash.
 */
int tokenize_next(const char **cursor, char **word, char **cause);

/* Skips spaces and tabs at *cursor; returns the new position. */
const char *tokenize_skip_space(const char *cursor);

/*
 * Splits the whole line. On success returns 0 and a NULL-terminated
 * array of words in *words (free with g_strfreev) and its length in
 * *count; on failure -1 and *cause (invalid UTF-8, unterminated quote...).
 */
int tokenize(const char *line, char ***words, int *count, char **cause);

#endif
