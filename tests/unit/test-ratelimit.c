/*
 * test-ratelimit.c: the token bucket (core/ratelimit.h): a burst, then one
 * per interval, refusals counted, a long pause refills only to the burst.
 */
#include "config.h"

#include "unit.h"

#include "core/ratelimit.h"

#define S ((gint64)G_USEC_PER_SEC)

static void
test_ratelimit_burst_then_interval(void **state)
{
	struct ratelimit limit = RATELIMIT_INIT(3, 10 * S);
	gint64 t = 1000 * S;

	for (int i = 0; i < 3; i++)
		assert_true(ratelimit_take_at(&limit, t));
	assert_false(ratelimit_take_at(&limit, t));
	assert_false(ratelimit_take_at(&limit, t + 9 * S));
	assert_int_equal(ratelimit_dropped(&limit), 2);
	assert_int_equal(ratelimit_dropped(&limit), 0);
	/* One token back after an interval, not two. */
	assert_true(ratelimit_take_at(&limit, t + 10 * S));
	assert_false(ratelimit_take_at(&limit, t + 11 * S));
	/* Time already counted is not lost: 10 s to 19 s, then 20 s. */
	assert_true(ratelimit_take_at(&limit, t + 20 * S));
}

static void
test_ratelimit_pause_refills_to_burst(void **state)
{
	struct ratelimit limit = RATELIMIT_INIT(2, S);
	gint64 t = 5 * S;

	assert_true(ratelimit_take_at(&limit, t));
	assert_true(ratelimit_take_at(&limit, t));
	assert_false(ratelimit_take_at(&limit, t));
	/* An hour later: the burst again, no more. */
	t += 3600 * S;
	assert_true(ratelimit_take_at(&limit, t));
	assert_true(ratelimit_take_at(&limit, t));
	assert_false(ratelimit_take_at(&limit, t));
}

static void
test_ratelimit_clock_going_back(void **state)
{
	struct ratelimit limit = RATELIMIT_INIT(1, S);

	assert_true(ratelimit_take_at(&limit, 10 * S));
	/* An earlier time gives nothing back (and breaks nothing). */
	assert_false(ratelimit_take_at(&limit, 2 * S));
	assert_true(ratelimit_take_at(&limit, 11 * S));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ratelimit_burst_then_interval),
		cmocka_unit_test(test_ratelimit_pause_refills_to_burst),
		cmocka_unit_test(test_ratelimit_clock_going_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
