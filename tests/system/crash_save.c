/* crash_save.c — a process saving records is killed with SIGKILL at
 * random instants, hundreds of times; after each kill every record must
 * be intact: the revision last reported saved or the one after it (a
 * save that completed but was killed before it could report), parsed
 * strictly, canonical, valid, its values those of its revision; no
 * temporary file may be taken for a record, and none may be left once
 * the next save has run.
 *
 * The saver is a child forked from a process that has the workspace open:
 * it loops "read the record from disk, change it, db_save" over a few
 * records and, one save in ten, creates a new record; it reports each
 * save it completed through a pipe. The parent kills it after a random
 * delay of up to a few saves' time, measured at the start.
 */
#include "support.h"
#include "store/db.h"
#include "store/draft.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "core/xmem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RECORDS 6
#define MIN_SAVES 500
#define MIN_KILLS 250
#define MAX_ROUNDS 5000

/* What a record holds at revision `rev`: the values are a function of
 * the revision, so that a file mixing two saves shows. */
static void fill(struct record *r, int slot, long rev)
{
	char buf[160];
	snprintf(buf, sizeof buf, "Ấp Thử %d", slot);
	record_set_str(r, "name", buf);
	snprintf(buf, sizeof buf, "%ld", 100 + rev);
	record_set_str(r, "households", buf);
	snprintf(buf, sizeof buf, "%ld", 400 + 3 * rev);
	record_set_str(r, "population", buf);
	snprintf(buf, sizeof buf, "Lần lưu thứ %ld của ấp %d — ghi chú dài để tệp "
	    "lớn hơn một khối: %0*d", rev, slot, (int)(rev % 90) + 10, 0);
	record_set_str(r, "note", buf);
}

struct ack {
	char id[UUID_LEN + 1];
	long rev;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One save of record `id` (NULL: a new record): read from disk, change,
 * save. Returns the new revision, or -1 with e set. */
static long save_once(struct db *db, const struct form *f, const char *id,
    int slot, char *out_id, struct err *e)
{
	struct record *r;
	long expected = 0;
	if (id) {
		char *path = ws_record_path(db->ws, f, id);
		int rc = record_load(path, db->ws->forms, f->name, 0, &r, e);
		free(path);
		if (rc != 0)
			return -1;
		expected = r->revision;
	} else {
		r = db_new_record(db, f);
		if (!r)
			return err_set(e, E_IO, "no id");
	}
	fill(r, slot, expected + 1);
	long rev = db_save(db, r, expected, NULL, NULL, e) == 0 ? r->revision : -1;
	if (out_id)
		memcpy(out_id, r->id, UUID_LEN + 1);
	record_free(r);
	return rev;
}

/* The child: save for ever, report each completed save. */
static void saver(struct db *db, const struct form *f, char ids[][UUID_LEN + 1],
    int fd, unsigned seed)
{
	struct err e;
	struct ack ready = { "", 0 };	/* started: the kill may come now */
	if (write(fd, &ready, sizeof ready) != (ssize_t)sizeof ready)
		_exit(4);
	for (unsigned k = seed;; k++) {
		struct ack a;
		memset(&a, 0, sizeof a);
		int slot = (int)(k % RECORDS);
		a.rev = save_once(db, f, k % 10 == 9 ? NULL : ids[slot], slot, a.id, &e);
		if (a.rev < 0) {
			fprintf(stderr, "saver: %s\n", e.msg);
			_exit(3);
		}
		if (write(fd, &a, sizeof a) != (ssize_t)sizeof a)
			_exit(4);
	}
}

/* Slot of a record from its name ("Ấp Thử N"), or -1. */
static int slot_of(const struct record *r)
{
	const char *n = record_str(r, "name");
	const char *sp = n ? strrchr(n, ' ') : NULL;
	return sp ? atoi(sp + 1) : -1;
}

struct tally {
	size_t records, acked_late;
	struct strv temps;	/* temporary files seen so far */
	size_t temps_present;	/* after the last kill */
};

/* The records known to exist and the last revision reported for each;
 * the first RECORDS are those the saver keeps changing. */
struct known {
	struct ack *v;
	size_t n, cap;
};

static long *known_rev(struct known *k, const char *id)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->v[i].id, id) == 0)
			return &k->v[i].rev;
	return NULL;
}

static void known_set(struct known *k, const char *id, long rev)
{
	long *r = known_rev(k, id);
	if (!r) {
		XGROW(k->v, k->cap, k->n + 1);
		memcpy(k->v[k->n].id, id, UUID_LEN + 1);
		r = &k->v[k->n++].rev;
	}
	*r = rev;
}

/* Check every file of the folder against what was acknowledged. */
static void verify(struct db *db, const struct form *f, struct known *k,
    struct tally *t)
{
	char *dir = ws_form_dir(db->ws, f);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	size_t seen = 0;
	t->temps_present = 0;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fs_is_temp_name(de->d_name)) {
			bool known = false;
			for (size_t i = 0; i < t->temps.n && !known; i++)
				known = strcmp(t->temps.v[i], de->d_name) == 0;
			if (!known)
				strv_push(&t->temps, de->d_name);
			t->temps_present++;
			continue;
		}
		char *path = path_join(dir, de->d_name);
		size_t len;
		char *buf = t_read(path, &len);
		struct record *r;
		struct err e;
		if (!buf || len == 0)
			fail_msg("%s: empty or unreadable after a kill", path);
		if (record_parse(buf, len, path, db->ws->forms, f->name, 0, &r, &e) != 0)
			fail_msg("torn record after a kill: %s", e.msg);
		if (!record_is_canonical(buf, len, path, db->ws->forms, &e))
			fail_msg("%s is not canonical after a kill", path);
		/* the values are those of its revision: no mix of two saves */
		struct record *want = record_clone(r);
		fill(want, slot_of(r), r->revision);
		if (!record_same_values(r, want))
			fail_msg("%s: revision %ld holds the values of another revision", path,
			    r->revision);
		record_free(want);
		struct problems ps = { 0 };
		db_check(db, f, r, &ps);
		if (problems_errors(&ps) || r->status != RS_COMPLETE)
			fail_msg("%s: not valid after a kill", path);
		problems_free(&ps);
		/* the revision reported saved, or the next one */
		long *known = known_rev(k, r->id);
		if (!known) {
			/* a new record whose save completed just before the kill */
			if (r->revision != 1)
				fail_msg("%s: unknown record at revision %ld", path, r->revision);
			known_set(k, r->id, 1);
			t->acked_late++;
		} else if (r->revision == *known + 1) {
			*known = r->revision;
			t->acked_late++;
		} else if (r->revision != *known) {
			fail_msg("%s: revision %ld on disk, %ld reported saved: a save was lost",
			    path, r->revision, *known);
		}
		record_free(r);
		free(buf);
		free(path);
		seen++;
	}
	closedir(d);
	/* every record reported saved is there */
	if (seen != k->n)
		fail_msg("%zu record files, %zu saved: a record was lost", seen, k->n);
	t->records = seen;
	free(dir);
}

static int count_temps(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)))
		n += fs_is_temp_name(de->d_name);
	if (d)
		closedir(d);
	return n;
}

static void kill_while_saving(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct db *db;
	struct err e;
	assert_int_equal(db_open(ws, &db, &e), 0);
	const struct form *f = formset_get(ws->forms, "hamlets");
	char ids[RECORDS][UUID_LEN + 1];
	struct known k = { 0 };
	for (int i = 0; i < RECORDS; i++) {
		assert_int_equal(save_once(db, f, NULL, i, ids[i], &e), 1);
		known_set(&k, ids[i], 1);
	}
	/* how long one save takes here: the kills fall within a few of them
	 * (adjusted as the rounds go) */
	double t0 = now_s();
	for (int i = 0; i < 30; i++) {
		long rev = save_once(db, f, ids[i % RECORDS], i % RECORDS, NULL, &e);
		assert_true(rev > 0);
		known_set(&k, ids[i % RECORDS], rev);
	}
	double per_save = (now_s() - t0) / 30;
	long window_ns = (long)(per_save * 4e9) + 1;

	struct tally t = { 0, 0, STRV_INIT, 0 };
	size_t most_temps = 0;
	size_t saves = 0, kills = 0, rounds = 0, interrupted = 0;
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	srand(seed);
	while ((saves < MIN_SAVES || kills < MIN_KILLS) && rounds < MAX_ROUNDS) {
		rounds++;
		int p[2];
		assert_int_equal(pipe(p), 0);
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(p[0]);
			saver(db, f, ids, p[1], (unsigned)rand());
		}
		close(p[1]);
		/* from the moment it runs (a fork can take a while under ASan) */
		struct ack a;
		if (read(p[0], &a, sizeof a) != (ssize_t)sizeof a || a.rev != 0)
			fail_msg("the saver did not start");
		long delay = (long)((double)rand() / RAND_MAX * (double)window_ns);
		struct timespec ts = { delay / 1000000000L, delay % 1000000000L };
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFSIGNALED(status))
			fail_msg("the saver stopped by itself (status %d)", status);
		kills++;
		size_t got = 0;
		while (read(p[0], &a, sizeof a) == (ssize_t)sizeof a) {
			got++;
			known_set(&k, a.id, a.rev);
		}
		close(p[0]);
		saves += got;
		/* a child saves slower than the parent measured (copy on write,
		 * more so under ASan): aim at about two saves before each kill */
		if (got == 0)
			window_ns += window_ns / 4;
		else if (got > 4)
			window_ns -= window_ns / 5;
		size_t temps_before = t.temps.n;
		verify(db, f, &k, &t);
		if (t.temps.n > temps_before)
			interrupted++;
		if (t.temps_present > most_temps)
			most_temps = t.temps_present;
	}
	/* the next save removes what killed saves left */
	char *fdir = ws_form_dir(ws, f);
	size_t left = (size_t)count_temps(fdir);
	for (int i = 0; i < RECORDS; i++)
		assert_true(save_once(db, f, ids[i], i, NULL, &e) > 0);
	int after = count_temps(fdir);
	/* and a fresh load sees exactly the records saved, nothing else */
	struct db *fresh;
	assert_int_equal(db_open(ws, &fresh, &e), 0);
	assert_int_equal(fresh->errors.n, 0);
	assert_int_equal(db_table(fresh, "hamlets")->n, k.n);
	db_free(fresh);
	printf("crash: %zu kills at random instants (window at the end %.1f ms), %zu saves reported "
	    "and %zu more found complete, %zu kills left a temporary file; %zu records "
	    "checked after each kill; losses: 0, torn: 0; temporary files present at "
	    "most %zu at once, %zu at the end, %d after the next saves\n",
	    kills, (double)window_ns / 1e6, saves, t.acked_late, interrupted, t.records,
	    most_temps, left, after);
	assert_int_equal(after, 0);
	assert_true(saves >= MIN_SAVES);
	free(fdir);
	free(k.v);
	strv_free(&t.temps);
	db_free(db);
	t_done(ws, dir);
}

static void plant(const char *dir, const char *name, long age)
{
	char *p = path_join(dir, name);
	t_write(p, "half");
	struct timespec ts[2];
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= age;
	ts[1] = ts[0];
	utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW);
	free(p);
}

static bool there(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	bool ok = fs_exists(p);
	free(p);
	return ok;
}

/* What a killed save left is removed by the next save under the lock,
 * and only that: not a hidden file, not a name that merely looks alike,
 * not a link; a draft's only when old (drafts are written without the
 * lock). */
static void next_save_sweeps_only_leftovers(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	const struct form *f = formset_get(ws->forms, "hamlets");
	char *fdir = ws_form_dir(ws, f);
	plant(fdir, ".0b2dce00-f35e-44fd-af3e-c4f6bbbfe9a3.yaml.tmp-AbC123", 0);
	plant(fdir, ".hidden.yaml", 0);
	plant(fdir, ".x.yaml.tmp-AbC12", 0);
	plant(fdir, "notes.tmp-AbC123", 0);
	char *target = path_join(dir, "elsewhere");
	t_write(target, "keep");
	char *link = path_join(fdir, ".y.yaml.tmp-Link00");
	assert_int_equal(symlink(target, link), 0);
	struct record *r = record_new(f);
	record_set_str(r, "name", "Ấp Dọn");
	struct err e;
	assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
	assert_false(there(fdir, ".0b2dce00-f35e-44fd-af3e-c4f6bbbfe9a3.yaml.tmp-AbC123"));
	assert_true(there(fdir, ".hidden.yaml"));
	assert_true(there(fdir, ".x.yaml.tmp-AbC12"));
	assert_true(there(fdir, "notes.tmp-AbC123"));
	assert_true(there(fdir, ".y.yaml.tmp-Link00"));
	assert_true(fs_exists(target));
	/* sapxep.yaml's, by a rewrite of the settings */
	plant(ws->root, ".sapxep.yaml.tmp-Zz9Zz9", 0);
	assert_int_equal(ws_write_config(ws, &e), 0);
	assert_false(there(ws->root, ".sapxep.yaml.tmp-Zz9Zz9"));
	/* drafts: an old leftover goes, a fresh one (another session of the
	 * same officer writing now) stays */
	assert_int_equal(draft_write(ws, f, r, &e), 0);
	char *ddir = xasprintf("%s/.sapxep/drafts/%lu/hamlets", ws->root,
	    (unsigned long)getuid());
	char *old = xasprintf(".%s.yaml.tmp-Old000", r->id);
	char *fresh = xasprintf(".%s.yaml.tmp-New000", r->id);
	plant(ddir, old, 600);
	plant(ddir, fresh, 0);
	assert_int_equal(draft_write(ws, f, r, &e), 0);
	assert_false(there(ddir, old));
	assert_true(there(ddir, fresh));
	free(fresh);
	free(old);
	free(ddir);
	free(link);
	free(target);
	free(fdir);
	record_free(r);
	t_done(ws, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kill_while_saving),
		cmocka_unit_test(next_save_sweeps_only_leftovers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
