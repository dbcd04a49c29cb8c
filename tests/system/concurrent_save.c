/* concurrent_save.c — officers on one server saving at once: two and
 * eight processes save the same record, or each its own, as fast as they
 * can, while another process reads every record in a loop.
 *
 * Each save reads the record from disk, appends the saver's token
 * ("p3.17": process 3, its 17th save) to the note and saves it with the
 * revision it read. A save refused because another got in first must say
 * so (E_CONFLICT and a message); the saver then reads again and retries.
 * At the end the note must hold every token whose save was reported
 * done, once, in the order of the revisions: no update was lost, none
 * was applied twice. The reader must never see a torn file, and the
 * workspace lock must be free at the end, also after a process holding it
 * was killed.
 */
#include "support.h"
#include "store/db.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "core/xmem.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SAVES 20		/* by each process */
#define MAX_PROCS 8

struct done {
	int proc, k;
	long rev;
	int refused;		/* refusals before this save went through */
};

static struct record *load(struct workspace *ws, const struct form *f, const char *id,
    struct err *e)
{
	char *path = ws_record_path(ws, f, id);
	struct record *r = NULL;
	if (record_load(path, ws->forms, f->name, 0, &r, e) != 0)
		r = NULL;
	free(path);
	return r;
}

/* A saver: SAVES saves of record `id`, each retried until it goes
 * through; one `struct done` per save on fd. Returns an exit code. */
static int saver(struct workspace *ws, const struct form *f, const char *id, int proc,
    int fd)
{
	struct db *db;
	struct err e;
	if (db_open(ws, &db, &e) != 0)
		return 2;
	for (int k = 0; k < SAVES; k++) {
		struct done d = { proc, k, 0, 0 };
		for (;;) {
			struct record *r = load(ws, f, id, &e);
			if (!r) {
				fprintf(stderr, "saver %d: %s\n", proc, e.msg);
				return 3;
			}
			char tok[32];
			snprintf(tok, sizeof tok, " p%d.%d", proc, k);
			const char *old = record_str(r, "note");
			char *note = xasprintf("%s%s", old ? old : "", tok);
			record_set_str(r, "note", note);
			free(note);
			int rc = db_save(db, r, r->revision, NULL, NULL, &e);
			d.rev = r->revision;
			record_free(r);
			if (rc == 0)
				break;
			/* every refusal says why; nothing else may fail */
			if (e.kind != E_CONFLICT || !strstr(e.msg, "since you opened it")) {
				fprintf(stderr, "saver %d: unexpected refusal: %s\n", proc, e.msg);
				return 4;
			}
			d.refused++;
		}
		if (write(fd, &d, sizeof d) != (ssize_t)sizeof d)
			return 5;
	}
	db_free(db);
	return 0;
}

/* The reader: load every record until the pipe on `stop` closes; each
 * load must succeed. Writes how many it made. */
static int reader(struct workspace *ws, const struct form *f, char ids[][UUID_LEN + 1],
    int nrec, int stop, int fd)
{
	long reads = 0;
	struct err e;
	fcntl(stop, F_SETFL, O_NONBLOCK);
	for (;;) {
		for (int i = 0; i < nrec; i++) {
			struct record *r = load(ws, f, ids[i], &e);
			if (!r) {
				fprintf(stderr, "reader: torn or missing record: %s\n", e.msg);
				return 6;
			}
			record_free(r);
			reads++;
		}
		char c;
		if (read(stop, &c, 1) == 0)
			break;
	}
	return write(fd, &reads, sizeof reads) == (ssize_t)sizeof reads ? 0 : 7;
}

static void wait_ok(pid_t pid, const char *who)
{
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("%s ended with status %d", who, st);
}

/* `nproc` savers on `nrec` records (saver i on record i % nrec). */
static void run(int nproc, int nrec)
{
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	const struct form *f = formset_get(ws->forms, "hamlets");
	char ids[MAX_PROCS][UUID_LEN + 1];
	struct err e;
	for (int i = 0; i < nrec; i++) {
		struct record *r = record_new(f);
		char name[64];
		snprintf(name, sizeof name, "Ấp Chung %d", i);
		record_set_str(r, "name", name);
		record_set_str(r, "households", "120");
		assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
		memcpy(ids[i], r->id, sizeof ids[i]);
		record_free(r);
	}
	int out[2], gate[2], stop[2], rout[2];
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(gate), 0);
	assert_int_equal(pipe(stop), 0);
	assert_int_equal(pipe(rout), 0);
	fflush(NULL);
	pid_t pids[MAX_PROCS], rpid;
	for (int i = 0; i < nproc; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			close(out[0]);
			close(gate[1]);
			close(stop[1]);
			close(rout[0]);
			char c;
			(void)!read(gate[0], &c, 1);	/* all start together */
			_exit(saver(ws, f, ids[i % nrec], i, out[1]));
		}
	}
	rpid = fork();
	assert_true(rpid >= 0);
	if (rpid == 0) {
		/* only its own ends: the others must see their pipes close */
		close(stop[1]);
		close(rout[0]);
		close(out[0]);
		close(out[1]);
		close(gate[0]);
		close(gate[1]);
		_exit(reader(ws, f, ids, nrec, stop[0], rout[1]));
	}
	close(out[1]);
	close(gate[0]);
	close(stop[0]);
	close(rout[1]);
	close(gate[1]);		/* go */

	struct done d;
	struct done *log = xcalloc((size_t)nproc * SAVES, sizeof *log);
	size_t n = 0, refused = 0;
	while (read(out[0], &d, sizeof d) == (ssize_t)sizeof d && n < (size_t)nproc * SAVES) {
		log[n++] = d;
		refused += (size_t)d.refused;
	}
	close(out[0]);
	for (int i = 0; i < nproc; i++)
		wait_ok(pids[i], "a saver");
	close(stop[1]);
	long reads = 0;
	assert_int_equal(read(rout[0], &reads, sizeof reads), (ssize_t)sizeof reads);
	close(rout[0]);
	wait_ok(rpid, "the reader");
	assert_int_equal(n, (size_t)nproc * SAVES);

	/* each record: one revision per save reported, and its note holds
	 * exactly their tokens, in the order of the revisions */
	size_t lost = 0;
	for (int i = 0; i < nrec; i++) {
		struct record *r = load(ws, f, ids[i], &e);
		assert_non_null(r);
		size_t saves = 0;
		struct sbuf want = SBUF_INIT;
		for (long rev = 2;; rev++) {
			const struct done *hit = NULL;
			for (size_t k = 0; k < n; k++)
				if (log[k].proc % nrec == i && log[k].rev == rev) {
					if (hit)
						fail_msg("record %d: two saves reported revision %ld", i, rev);
					hit = &log[k];
				}
			if (!hit)
				break;
			sbuf_printf(&want, " p%d.%d", hit->proc, hit->k);
			saves++;
		}
		size_t expect = 0;
		for (int p = 0; p < nproc; p++)
			expect += p % nrec == i ? SAVES : 0;
		if (saves != expect || r->revision != (long)expect + 1)
			fail_msg("record %d: %zu saves reported, %zu in a row of revisions, file at "
			    "revision %ld", i, expect, saves, r->revision);
		const char *note = record_str(r, "note");
		if (!note || strcmp(note, sbuf_str(&want)) != 0) {
			lost++;
			fail_msg("record %d: an update was lost or doubled:\nnote: %s\nwant: %s", i,
			    note ? note : "(none)", sbuf_str(&want));
		}
		sbuf_free(&want);
		record_free(r);
	}
	/* the lock is free: taken at once */
	char *lock = xasprintf("%s/.sapxep/lock", ws->root);
	struct fs_lock l;
	assert_int_equal(fs_lock(lock, 0, &l, &e), 0);
	fs_unlock(&l);
	printf("concurrent: %d processes on %d record(s): %zu saves, %zu refused and "
	    "reported (then retried), %ld reads during the saves, torn: 0, lost updates: "
	    "%zu, lock free at the end\n", nproc, nrec, n, refused, reads, lost);
	free(lock);
	free(log);
	t_done(ws, dir);
}

static void two_on_one_record(void **state)
{
	(void)state;
	run(2, 1);
}

static void eight_on_one_record(void **state)
{
	(void)state;
	run(8, 1);
}

static void two_on_two_records(void **state)
{
	(void)state;
	run(2, 2);
}

static void eight_on_eight_records(void **state)
{
	(void)state;
	run(8, 8);
}

static void eight_on_three_records(void **state)
{
	(void)state;
	run(8, 3);
}

/* A process killed while it holds the workspace lock: the next save
 * proceeds (the kernel drops a dead process's flock), also when the
 * killed one was in the middle of writing. */
static void killed_holding_the_lock(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = record_new(f);
	record_set_str(r, "name", "Ấp Khóa");
	record_set_str(r, "households", "50");
	struct err e;
	assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
	int kills = 0;
	for (int round = 0; round < 5; round++) {
		int p[2];
		assert_int_equal(pipe(p), 0);
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct fs_lock l;
			close(p[0]);
			if (ws_lock(ws, &l, &e) != 0)
				_exit(1);
			/* and a half-written temporary file, as a save killed there */
			char *tmp = xasprintf("%s/hamlets/.%s.yaml.tmp-Kill%02d", ws->root, r->id,
			    round);
			t_write(tmp, "id: half");
			(void)!write(p[1], "L", 1);
			for (;;)
				pause();
		}
		close(p[1]);
		char c;
		assert_int_equal(read(p[0], &c, 1), 1);	/* it holds the lock */
		close(p[0]);
		/* while it lives, the lock is taken */
		char *lock = xasprintf("%s/.sapxep/lock", ws->root);
		struct fs_lock l;
		assert_int_equal(fs_lock(lock, 0, &l, &e), -1);
		assert_int_equal(e.kind, E_LOCKED);
		free(lock);
		kill(pid, SIGKILL);
		int st;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		kills++;
		/* the next save goes through, and sweeps the half-written file */
		char hh[16];
		snprintf(hh, sizeof hh, "%d", 60 + round);
		record_set_str(r, "households", hh);
		assert_int_equal(ws_save(ws, f, r, r->revision, NULL, &e), 0);
		char *fdir = ws_form_dir(ws, f);
		assert_int_equal(t_count(fdir), 1);
		free(fdir);
	}
	printf("lock: %d processes killed holding the lock; each next save went through\n",
	    kills);
	assert_int_equal(r->revision, 6);
	record_free(r);
	t_done(ws, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_on_one_record),
		cmocka_unit_test(eight_on_one_record),
		cmocka_unit_test(two_on_two_records),
		cmocka_unit_test(eight_on_eight_records),
		cmocka_unit_test(eight_on_three_records),
		cmocka_unit_test(killed_holding_the_lock),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
