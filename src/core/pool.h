/* pool.h — run work(i) for i = 0 .. n-1 on a few threads, and hand each
 * result back on the calling thread strictly in the order of i.
 *
 * Made for roll-ups over many independent items (the communes of a
 * province): the items are read in parallel, consumed in order, and at
 * most `window` results wait ahead of the one being consumed, so memory
 * stays bounded whatever n is.
 *
 * Ownership: a result belongs to work() until it returns it, then to the
 * pool, then to take() (or to drop(), for the results made but never
 * taken after a stop). The pool owns nothing else; ctx is only passed on.
 * work() runs on the pool's threads and must be thread-safe for
 * different i; take() and drop() run on the calling thread, one at a
 * time. No curses and no libyaml here.
 */
#ifndef SAPXEP_POOL_H
#define SAPXEP_POOL_H

#include <stddef.h>

/* Make item i's result (may be NULL). Runs on a worker thread. */
typedef void *(*pool_work_fn)(void *ctx, size_t i);
/* Consume item i's result, in order. 0 goes on; any other value stops
 * the run: no more work starts, and pool_run returns that value. */
typedef int (*pool_take_fn)(void *ctx, size_t i, void *result);
/* Free a result made but not taken (after a stop). */
typedef void (*pool_drop_fn)(void *ctx, size_t i, void *result);

/* Run the n items on `jobs` threads with at most `window` results ready
 * ahead of the one being taken (window 0: 2 * jobs). jobs <= 1, or no
 * thread could be started: no thread at all, work(i) then take(i) in
 * turn on the calling thread. drop may be NULL when results need no
 * freeing. Returns 0 when every item was taken, else take()'s value. */
int pool_run(size_t n, unsigned jobs, size_t window, pool_work_fn work,
    pool_take_fn take, pool_drop_fn drop, void *ctx);

/* The default number of jobs: the online CPUs, at least 1, at most max. */
unsigned pool_default_jobs(unsigned max);

#endif
