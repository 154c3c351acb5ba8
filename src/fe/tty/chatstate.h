/*
 * chatstate.h: the user's chat state (XEP-0085), from the input line.
 */
#ifndef NATTER_FE_TTY_CHATSTATE_H
#define NATTER_FE_TTY_CHATSTATE_H

/* The input line's text changed (buffer: what it holds now): composing
 * while a message is written in a conversation window, paused after a
 * pause or on leaving it, active when the line is emptied. Sent only to
 * peers that use chat states. */
void chatstate_typed(const char *buffer);

/* A message went to conversation (it carried <active/>). */
void chatstate_sent(unsigned conversation);

/* Stops the timer (natter is leaving). */
void chatstate_stop(void);

#endif
