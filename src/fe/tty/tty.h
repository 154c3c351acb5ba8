/*
 * tty.h: the terminal frontend (ncurses and readline).
 */
#ifndef NATTER_FE_TTY_H
#define NATTER_FE_TTY_H

#include "cmd/app.h"

extern const struct app_frontend tty_frontend;

#endif
