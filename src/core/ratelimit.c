/*
 * ratelimit.c: a token bucket (ratelimit.h).
 */
#include "config.h"

#include "core/ratelimit.h"

int
ratelimit_take_at(struct ratelimit *limit, gint64 now)
{
	if (limit->refilled == 0) {
		limit->tokens = limit->burst;
		limit->refilled = now;
	} else if (now > limit->refilled && limit->interval_us > 0) {
		gint64 back = (now - limit->refilled) / limit->interval_us;
		if (back >= limit->burst - limit->tokens) {
			limit->tokens = limit->burst;
			limit->refilled = now;
		} else {
			limit->tokens += (int)back;
			limit->refilled += back * limit->interval_us;
		}
	}
	if (limit->tokens <= 0) {
		limit->dropped++;
		return 0;
	}
	limit->tokens--;
	return 1;
}

int
ratelimit_take(struct ratelimit *limit)
{
	return ratelimit_take_at(limit, g_get_monotonic_time());
}

unsigned
ratelimit_dropped(struct ratelimit *limit)
{
	unsigned dropped = limit->dropped;

	limit->dropped = 0;
	return dropped;
}
