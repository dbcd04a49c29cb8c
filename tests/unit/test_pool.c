/* test_pool.c — src/core/pool: results come back in order whatever the
 * order the threads finish in, never more than the window ahead, a stop
 * hands the unread results to drop, and one job means no thread. */
#include "support.h"
#include "core/pool.h"
#include "core/xmem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

struct t {
	size_t window;
	atomic_size_t taking;	/* the item take() is at, plus one */
	atomic_size_t ahead_max;	/* the most items started ahead of it (the
				 * pool may start item i + window as soon as it
				 * hands i over, a moment before take() notes i:
				 * seen from here, window + 1 at most) */
	atomic_size_t worked, dropped;
	size_t taken;
	int stop_at;		/* take() stops there (-1: never) */
	pthread_t caller;
	atomic_int on_caller;	/* work() calls on the calling thread */
};

static void *work(void *ctx, size_t i)
{
	struct t *t = ctx;
	size_t taking = atomic_load(&t->taking);
	size_t ahead = i + 1 > taking ? i + 1 - taking : 0;
	size_t m = atomic_load(&t->ahead_max);
	while (ahead > m && !atomic_compare_exchange_weak(&t->ahead_max, &m, ahead))
		;
	if (pthread_equal(pthread_self(), t->caller))
		atomic_fetch_add(&t->on_caller, 1);
	/* uneven work: later items often finish first */
	struct timespec d = { 0, (long)((i * 7919) % 5) * 200000 };
	nanosleep(&d, NULL);
	atomic_fetch_add(&t->worked, 1);
	size_t *r = xmalloc(sizeof *r);
	*r = i * 3;
	return r;
}

static int take(void *ctx, size_t i, void *result)
{
	struct t *t = ctx;
	size_t *r = result;
	atomic_store(&t->taking, i + 1);
	assert_int_equal(i, t->taken);
	assert_int_equal(*r, i * 3);
	free(r);
	t->taken++;
	return (int)i == t->stop_at ? 7 : 0;
}

static void drop(void *ctx, size_t i, void *result)
{
	struct t *t = ctx;
	assert_true(i > (size_t)t->stop_at);
	atomic_fetch_add(&t->dropped, 1);
	free(result);
}

static void run(size_t n, unsigned jobs, size_t window, int stop_at, struct t *t, int want)
{
	*t = (struct t){ .window = window, .stop_at = stop_at, .caller = pthread_self() };
	assert_int_equal(pool_run(n, jobs, window, work, take, drop, t), want);
}

static void results_in_order(void **state)
{
	(void)state;
	struct t t;
	run(200, 4, 0, -1, &t, 0);
	assert_int_equal(t.taken, 200);
	assert_int_equal(atomic_load(&t.worked), 200);
	assert_int_equal(atomic_load(&t.dropped), 0);
	assert_int_equal(atomic_load(&t.on_caller), 0);
	/* the default window: 2 * jobs */
	assert_true(atomic_load(&t.ahead_max) <= 8 + 1);
	/* more jobs than items */
	run(3, 8, 0, -1, &t, 0);
	assert_int_equal(t.taken, 3);
}

static void window_smaller_than_n(void **state)
{
	(void)state;
	struct t t;
	run(300, 8, 3, -1, &t, 0);
	assert_int_equal(t.taken, 300);
	assert_true(atomic_load(&t.ahead_max) <= 3 + 1);
	run(50, 3, 1, -1, &t, 0);
	assert_int_equal(t.taken, 50);
	assert_true(atomic_load(&t.ahead_max) <= 1 + 1);
}

static void none_and_one(void **state)
{
	(void)state;
	struct t t;
	run(0, 4, 0, -1, &t, 0);
	assert_int_equal(t.taken, 0);
	assert_int_equal(atomic_load(&t.worked), 0);
	run(1, 4, 0, -1, &t, 0);
	assert_int_equal(t.taken, 1);
	assert_int_equal(atomic_load(&t.worked), 1);
}

static void one_job_has_no_thread(void **state)
{
	(void)state;
	struct t t;
	run(20, 1, 0, -1, &t, 0);
	assert_int_equal(t.taken, 20);
	assert_int_equal(atomic_load(&t.on_caller), 20);
	run(20, 0, 0, -1, &t, 0);
	assert_int_equal(atomic_load(&t.on_caller), 20);
	/* one after another: nothing is ever read ahead */
	assert_true(atomic_load(&t.ahead_max) <= 1);
}

static void a_stop_drops_the_rest(void **state)
{
	(void)state;
	struct t t;
	run(100, 4, 5, 10, &t, 7);
	assert_int_equal(t.taken, 11);
	/* whatever was read was either taken or dropped, once */
	assert_int_equal(atomic_load(&t.worked), 11 + atomic_load(&t.dropped));
	assert_true(atomic_load(&t.worked) <= 11 + 5);
	/* without threads: nothing past the stop is read */
	run(100, 1, 0, 10, &t, 7);
	assert_int_equal(atomic_load(&t.worked), 11);
	assert_int_equal(atomic_load(&t.dropped), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(results_in_order),
		cmocka_unit_test(window_smaller_than_n),
		cmocka_unit_test(none_and_one),
		cmocka_unit_test(one_job_has_no_thread),
		cmocka_unit_test(a_stop_drops_the_rest),
	};
	return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
