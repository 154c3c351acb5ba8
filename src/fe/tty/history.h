/*
 * history.h: the input history of each window (readline's history list
 * holds the shown window's), kept across runs in the data directory.
 */
#ifndef NATTER_FE_TTY_HISTORY_H
#define NATTER_FE_TTY_HISTORY_H

struct window;

/* Reads the history file; problems (unreadable file...) go to problem. */
void history_open(void (*problem)(const char *text));

/* Makes w's history the one Up/Down and Ctrl-R go through; the text being
 * typed stays. */
void history_select(const struct window *w);

/* Account old is now named new: the histories of its windows follow (and
 * the file is rewritten). */
void history_rename_account(const char *old, const char *new);

/* The histories of the account's windows go (the account was removed). */
void history_forget_account(const char *account);

/* A line was entered in the current window: kept (option
 * ui.input_history) and appended to the file. */
void history_add(const char *line);

/* Frees everything, readline's list included. */
void history_close(void);

#endif
