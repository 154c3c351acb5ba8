/*
 * headless.h: the headless frontend: command lines on stdin, one JSON
 * object per line on stdout for every event and every command result.
 */
#ifndef NATTER_FE_HEADLESS_H
#define NATTER_FE_HEADLESS_H

#include "cmd/app.h"

extern const struct app_frontend headless_frontend;

#endif
