/* test_dashcache.c — the dashboard's figures kept between runs: read back
 * exactly, only under the key they were kept with, never from a file that
 * is not exactly what was written; the key follows every change. */
#include "support.h"
#include "core/xmem.h"
#include "store/dashcache.h"
#include "store/fsutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct date today = { 2026, 11, 28 };

static void sample(struct dash_figures *f)
{
	memset(f, 0, sizeof *f);
	strv_push(&f->forms, "staff");
	strv_push(&f->forms, "hamlets");
	f->counts = xcalloc(2, sizeof *f->counts);
	f->counts[0][0] = 1873;
	f->counts[0][1] = 127;
	f->counts[1][2] = 4;
	f->conflicts = 4;
	f->errors = 2;
	f->pack_errors = 1;
	strv_push(&f->alerts, "Cấp xã: 13 người, định mức 12 (vượt 1)");
	strv_push(&f->alerts, "70 thôn, tổ dân phố dưới 50% tiêu chuẩn");
	f->from = xcalloc(2, sizeof *f->from);
	f->from[1] = 1;
}

static char *cache_file(const struct workspace *ws)
{
	return xasprintf("%s/.sapxep/dashboard", ws->root);
}

static void kept_and_read_back(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct dash_figures f, back;
	struct err e;
	sample(&f);
	assert_int_equal(dashcache_load(ws, 42, &back), -1);	/* none yet */
	assert_int_equal(dashcache_save(ws, 42, &f, &e), 0);
	assert_int_equal(dashcache_load(ws, 42, &back), 0);
	assert_true(dash_figures_same(&f, &back));
	assert_string_equal(back.alerts.v[0], "Cấp xã: 13 người, định mức 12 (vượt 1)");
	assert_int_equal(back.counts[0][1], 127);
	assert_int_equal(back.from[1], 1);
	dash_figures_free(&back);
	/* another key: another state of the files */
	assert_int_equal(dashcache_load(ws, 43, &back), -1);
	/* what differs is seen */
	struct dash_figures g;
	sample(&g);
	g.counts[1][2] = 5;
	assert_false(dash_figures_same(&f, &g));
	dash_figures_free(&g);
	dash_figures_free(&f);
	t_done(ws, dir);
}

static void key_follows_the_files(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct err e;
	double wait;
	/* a change just made: not trusted for a few hundredths of a second */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(ws_write_config(ws, &e), 0);
	uint64_t k0 = dashcache_key(ws, t_paths(), 0, today, &wait);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(wait <= 0.021);
	assert_true(wait > 0 || took >= 0.019);
	assert_true(dashcache_key(ws, t_paths(), 0, today, &wait) == k0);
	/* the language and the date of the rules are part of it */
	assert_true(dashcache_key(ws, t_paths(), 1, today, &wait) != k0);
	struct date tomorrow = { 2026, 11, 29 };
	assert_true(dashcache_key(ws, t_paths(), 0, tomorrow, &wait) != k0);
	/* a record added, rewritten with the same size, removed */
	char *rec = xasprintf("%s/staff/a.yaml", ws->root);
	t_write(rec, "x: 1\n");
	uint64_t k1 = dashcache_key(ws, t_paths(), 0, today, &wait);
	assert_true(k1 != k0);
	assert_int_equal(fs_write_atomic(rec, "x: 2\n", 5, 0644, false, &e), 0);
	uint64_t k2 = dashcache_key(ws, t_paths(), 0, today, &wait);
	assert_true(k2 != k1 && k2 != k0);
	assert_int_equal(fs_remove(rec, false, &e), 0);
	assert_true(dashcache_key(ws, t_paths(), 0, today, &wait) != k2);
	/* the settings */
	uint64_t k3 = dashcache_key(ws, t_paths(), 0, today, &wait);
	assert_int_equal(ws_write_config(ws, &e), 0);
	assert_true(dashcache_key(ws, t_paths(), 0, today, &wait) != k3);
	/* the local state is not part of it (the cache lives there) */
	uint64_t k4 = dashcache_key(ws, t_paths(), 0, today, &wait);
	struct dash_figures f;
	sample(&f);
	assert_int_equal(dashcache_save(ws, k4, &f, &e), 0);
	assert_true(dashcache_key(ws, t_paths(), 0, today, &wait) == k4);
	dash_figures_free(&f);
	free(rec);
	t_done(ws, dir);
}

/* Files that are not exactly what dashcache_save writes. */
static void damaged_files_are_not_used(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	char *path = cache_file(ws);
	static const char *const bad[] = {
		"",
		"sapxep dashboard 1\n",
		"sapxep dashboard 2\nkey 000000000000002a\nend\n",
		/* no end: a file cut short */
		"sapxep dashboard 1\nkey 000000000000002a\nform staff 1 2 3\n",
		/* something after the end */
		"sapxep dashboard 1\nkey 000000000000002a\nend\nform staff 1 2 3\n",
		"sapxep dashboard 1\nkey 000000000000002a\nform staff 1 2\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nform staff 1 2 3 4\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nform staff -1 2 3\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nform staff 12345678901 2 3\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nform  1 2 3\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nerrors 1x\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nwhat 1\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nalert 0 \x1b[2Jxoá màn hình\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nalert 0 \xc3\x28\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nalert 100 quá\nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nalert 0 \nend\n",
		"sapxep dashboard 1\nkey 000000000000002a\nalert x\nend\n",
		NULL,
	};
	for (size_t i = 0; bad[i]; i++) {
		t_write(path, bad[i]);
		struct dash_figures f;
		if (dashcache_load(ws, 42, &f) != -1)
			fail_msg("taken: case %zu", i);
		assert_int_equal(f.forms.n, 0);
		assert_null(f.counts);
	}
	/* a NUL inside */
	t_write_n(path, "sapxep dashboard 1\nkey 000000000000002a\0\nend\n", 44);
	struct dash_figures f;
	assert_int_equal(dashcache_load(ws, 42, &f), -1);
	/* the good one, for contrast */
	t_write(path, "sapxep dashboard 1\nkey 000000000000002a\nform staff 1 2 3\n"
	    "alert 1 Thôn Đông dưới 50%\nend\n");
	assert_int_equal(dashcache_load(ws, 42, &f), 0);
	assert_int_equal(f.counts[0][2], 3);
	dash_figures_free(&f);
	free(path);
	t_done(ws, dir);
}

/* An alert a line cannot hold is not kept: no file at all. */
static void what_a_line_cannot_hold_is_not_kept(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct dash_figures f, back;
	struct err e;
	sample(&f);
	free(f.alerts.v[1]);
	f.alerts.v[1] = xstrdup("hai\ndòng");
	assert_int_equal(dashcache_save(ws, 7, &f, &e), 0);
	assert_int_equal(dashcache_load(ws, 7, &back), -1);
	char *path = cache_file(ws);
	assert_false(fs_exists(path));
	free(path);
	dash_figures_free(&f);
	t_done(ws, dir);
}

int main(void)
{
	t_paths();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kept_and_read_back),
		cmocka_unit_test(key_follows_the_files),
		cmocka_unit_test(damaged_files_are_not_used),
		cmocka_unit_test(what_a_line_cannot_hold_is_not_kept),
	};
	return cmocka_run_group_tests_name("dashcache", tests, NULL, NULL);
}
