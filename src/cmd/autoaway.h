/*
 * autoaway.h: away after a while without input, back on input.
 *
 * Also client state indication (XEP-0352): inactive after im.csi_idle
 * minutes without input or when the terminal loses focus, active again on
 * input or focus.
 *
 * Options presence.autoaway (minutes, 0: off), presence.autoaway_show
 * (away or xa) and presence.autoaway_message. Only accounts that are
 * online or free for chat are changed, and only those get their presence
 * back; one set to dnd or away by the user is left alone. The timer fires
 * at most once per autoaway period while the user types, never when the
 * option is off.
 */
#ifndef NATTER_CMD_AUTOAWAY_H
#define NATTER_CMD_AUTOAWAY_H

/* Starts watching (follows the options). */
void autoaway_start(void);

/* Stops: the timer and subscriptions go (presences stay as they are). */
void autoaway_stop(void);

/* The user typed something: back from auto-away, and the clock restarts. */
void autoaway_activity(void);

/* The terminal gained (1) or lost (0) focus (XEP-0352: active, inactive). */
void autoaway_focus(int focused);

#endif
