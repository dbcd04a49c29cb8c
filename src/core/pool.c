/* pool.c — see pool.h */
#include "core/pool.h"
#include "core/xmem.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

struct slot {
	void *result;
	bool ready;
};

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t space;	/* a worker may start the next item, or stop */
	pthread_cond_t ready;	/* a result is ready */
	size_t n, window;
	size_t next_start;	/* the next item a worker takes up */
	size_t next_take;	/* the next item the caller consumes */
	bool stop;
	struct slot *slots;	/* item i in slots[i % window] */
	pool_work_fn work;
	void *ctx;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->stop && p->next_start < p->n &&
		    p->next_start >= p->next_take + p->window)
			pthread_cond_wait(&p->space, &p->mu);
		if (p->stop || p->next_start >= p->n)
			break;
		size_t i = p->next_start++;
		pthread_mutex_unlock(&p->mu);
		void *r = p->work(p->ctx, i);
		pthread_mutex_lock(&p->mu);
		p->slots[i % p->window] = (struct slot){ r, true };
		pthread_cond_signal(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static int run_serial(size_t n, pool_work_fn work, pool_take_fn take, void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		int rc = take(ctx, i, work(ctx, i));
		if (rc != 0)
			return rc;
	}
	return 0;
}

int pool_run(size_t n, unsigned jobs, size_t window, pool_work_fn work,
    pool_take_fn take, pool_drop_fn drop, void *ctx)
{
	if (jobs > n)
		jobs = (unsigned)n;
	if (jobs <= 1)
		return run_serial(n, work, take, ctx);
	struct pool p = {
		.n = n, .window = window ? window : 2 * (size_t)jobs,
		.work = work, .ctx = ctx,
	};
	p.slots = xcalloc(p.window, sizeof *p.slots);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.space, NULL);
	pthread_cond_init(&p.ready, NULL);
	pthread_t *tid = xcalloc(jobs, sizeof *tid);
	unsigned started = 0;
	while (started < jobs && pthread_create(&tid[started], NULL, worker, &p) == 0)
		started++;
	int rc = 0;
	size_t i = 0;
	if (started == 0) {
		rc = run_serial(n, work, take, ctx);
		i = n;
	}
	for (; i < n; i++) {
		pthread_mutex_lock(&p.mu);
		struct slot *s = &p.slots[i % p.window];
		while (!s->ready)
			pthread_cond_wait(&p.ready, &p.mu);
		void *r = s->result;
		*s = (struct slot){ NULL, false };
		p.next_take = i + 1;
		pthread_cond_broadcast(&p.space);
		pthread_mutex_unlock(&p.mu);
		rc = take(ctx, i, r);
		if (rc != 0) {
			pthread_mutex_lock(&p.mu);
			p.stop = true;
			pthread_cond_broadcast(&p.space);
			pthread_mutex_unlock(&p.mu);
			break;
		}
	}
	for (unsigned k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	/* after a stop: the items started but never taken, all finished now */
	for (size_t k = i + 1; rc != 0 && k < p.next_start; k++)
		if (drop)
			drop(ctx, k, p.slots[k % p.window].result);
	free(tid);
	free(p.slots);
	pthread_cond_destroy(&p.ready);
	pthread_cond_destroy(&p.space);
	pthread_mutex_destroy(&p.mu);
	return rc;
}

unsigned pool_default_jobs(unsigned max)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > (long)max ? max : (unsigned)n;
}
