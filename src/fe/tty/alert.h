/*
 * alert.h: the bell, the terminal title and the notify command, and
 * highlight words.
 */
#ifndef NATTER_FE_TTY_ALERT_H
#define NATTER_FE_TTY_ALERT_H

/* Where problems (a notify command that fails) are reported. */
void alert_init(void (*problem)(const char *text));

/* Frees what alert_highlighted() keeps. */
void alert_fini(void);

/* A message the user should know about: kind is "chat" or "highlight"
 * (the items of ui.notify_on); sender and text go to the notify command
 * as arguments, never through a shell, and the account it came to (NULL:
 * none) in its environment as NATTER_ACCOUNT. */
void alert(const char *kind, const char *account, const char *sender, const char *text);

/* Whether text holds one of ui.highlight_words, or nick (a room nick;
 * NULL: none), as a whole word, any case. */
int alert_highlighted(const char *text, const char *nick);

/* Sets the terminal title: natter, and how many windows wait. */
void alert_update_title(void);

#endif
