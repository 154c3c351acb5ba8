/*
 * ratelimit.h: a token bucket, for what a remote party can make natter do
 * often (alert the user, create objects): a burst at once, then one more
 * per interval. No timer: the bucket refills by the clock when asked.
 */
#ifndef NATTER_CORE_RATELIMIT_H
#define NATTER_CORE_RATELIMIT_H

#include <glib.h>

struct ratelimit {
	int burst;          /* tokens when full */
	gint64 interval_us; /* one token back per interval */
	int tokens;
	gint64 refilled;  /* the monotonic time tokens were counted at; 0: full */
	unsigned dropped; /* refusals since the last token granted */
};

/* A full bucket: burst at once, then one per interval_us. */
#define RATELIMIT_INIT(burst, interval_us)                                                         \
	{                                                                                          \
		(burst), (interval_us), (burst), 0, 0                                              \
	}

/* Whether one more may happen at monotonic time now (microseconds);
 * takes a token when it may. */
int ratelimit_take_at(struct ratelimit *limit, gint64 now);

/* ratelimit_take_at() at g_get_monotonic_time(). */
int ratelimit_take(struct ratelimit *limit);

/* How many were refused since the last one allowed, and counts anew. */
unsigned ratelimit_dropped(struct ratelimit *limit);

#endif
