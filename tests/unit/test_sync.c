/* test_sync.c — the workspace as a repository: git run clean, every save
 * and delete a commit, the dashboard's counts, and the history read back
 * as of a date. */
#include "support.h"
#include "core/xmem.h"
#include "store/db.h"
#include "store/fsutil.h"
#include "sync/gitrun.h"
#include "sync/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct workspace *new_ws(char **dir)
{
	*dir = t_tmpdir();
	char *root = path_join(*dir, "ws");
	struct ws_config cfg = { 0 };
	cfg.province_code = "72";
	cfg.commune_code = "27600";
	cfg.commune_name = "Xã Thử";
	cfg.commune_class = "II";
	cfg.region = "south";
	cfg.population = -1;
	cfg.area_km2 = -1;
	cfg.officer_id = "nva";
	cfg.officer_name = "Nguyễn Văn An";
	struct err e;
	if (ws_create(root, &cfg, t_paths(), &e) != 0)
		fail_msg("ws_create: %s", e.msg);
	struct workspace *ws;
	if (ws_open(root, t_paths(), &ws, &e) != 0)
		fail_msg("ws_open: %s", e.msg);
	free(root);
	return ws;
}

static char *git_out(const char *dir, const char *a, const char *b, const char *c)
{
	char *out = NULL;
	struct err e;
	if (git_cmd(dir, &out, &e, a, b, c, NULL) != 0)
		fail_msg("git %s: %s", a, e.msg);
	return out;
}

static void git_runs_clean_and_captures(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	/* variables that would send git to another repository are not passed */
	setenv("GIT_DIR", "/nonexistent", 1);
	setenv("GIT_WORK_TREE", "/nonexistent", 1);
	struct err e;
	assert_int_equal(git_cmd(dir, NULL, &e, "init", "-q", NULL), 0);
	char *gd = git_out(dir, "rev-parse", "--git-dir", NULL);
	assert_string_equal(gd, ".git");
	free(gd);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	/* input in, output out, exactly */
	struct gitrun g = { 0 };
	g.dir = dir;
	g.in = "hello\n";
	g.in_len = 6;
	const char *hash[] = { "hash-object", "--stdin", NULL };
	assert_int_equal(git_run_ok(&g, "hash", hash, &e), 0);
	assert_string_equal(g.out.s, "ce013625030ba8dba906f756967f9e9ca394464a\n");
	/* a failure comes back with git's words */
	const char *bad[] = { "cat-file", "blob", "0123456789012345678901234567890123456789", NULL };
	assert_int_equal(git_run_ok(&g, "reading", bad, &e), -1);
	assert_non_null(strstr(e.msg, "reading: "));
	assert_true(g.status != 0);
	/* output past the limit is an error, not a crash */
	g.max_out = 10;
	assert_int_equal(git_run(&g, hash, &e), -1);
	git_done(&g);
	/* no git at all: said so */
	char *path = xstrdup(getenv("PATH"));
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(git_cmd(dir, NULL, &e, "status", NULL), -1);
	assert_non_null(strstr(e.msg, "not installed"));
	setenv("PATH", path, 1);
	free(path);
	t_rmtree(dir);
	free(dir);
}

static void saves_and_deletes_are_commits(void **state)
{
	(void)state;
	char *dir;
	struct workspace *ws = new_ws(&dir);
	struct err e;
	struct db *db;
	sync_attach(ws);
	/* not a repository yet: saving works and records nothing */
	assert_int_equal(db_open(ws, &db, &e), 0);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = db_new_record(db, f);
	record_set_str(r, "name", "Ấp Trước");
	assert_int_equal(db_save(db, r, 0, NULL, NULL, &e), 0);
	assert_int_equal(e.kind, E_NONE);
	record_free(r);
	assert_false(sync_is_repo(ws));
	/* tied to a remote: the first commit takes what is there */
	if (sync_setup(ws, "/nonexistent/27600.git", &e) != 0)
		fail_msg("sync_setup: %s", e.msg);
	char *n = git_out(ws->root, "rev-list", "--count", "HEAD");
	assert_string_equal(n, "1");
	free(n);
	char *files = git_out(ws->root, "ls-files", NULL, NULL);
	assert_non_null(strstr(files, "hamlets/"));
	assert_non_null(strstr(files, "sapxep.yaml"));
	assert_null(strstr(files, ".sapxep"));
	free(files);
	/* a save */
	r = db_new_record(db, f);
	record_set_str(r, "name", "Ấp Bình An");
	record_set_str(r, "households", "120");
	assert_int_equal(db_save(db, r, 0, NULL, NULL, &e), 0);
	assert_int_equal(e.kind, E_NONE);
	char *log = git_out(ws->root, "log", "-1", "--format=%an|%ae|%s");
	assert_string_equal(log, "Nguyễn Văn An|nva|save hamlets: Ấp Bình An (revision 1)");
	free(log);
	/* the commit's time is the save's */
	char *when = git_out(ws->root, "log", "-1", "--format=%aI");
	time_t a, b;
	assert_int_equal(timestamp_parse(when, &a), 0);
	assert_int_equal(timestamp_parse(r->updated_at, &b), 0);
	assert_true(a == b);
	free(when);
	/* a delete */
	assert_int_equal(db_delete(db, "hamlets", r->id, 1, NULL, &e), 0);
	assert_int_equal(e.kind, E_NONE);
	log = git_out(ws->root, "log", "-1", "--format=%s");
	assert_string_equal(log, "delete hamlets: Ấp Bình An (revision 1)");
	free(log);
	char *status = git_out(ws->root, "status", "--porcelain", NULL);
	assert_string_equal(status, "");
	free(status);
	/* the dashboard's counts */
	struct sync_status st;
	assert_int_equal(sync_status(ws, &st, &e), 0);
	assert_true(st.repo);
	assert_string_equal(st.remote, "/nonexistent/27600.git");
	assert_int_equal(st.unsent, 3);
	assert_int_equal(st.unrecorded, 0);
	assert_int_equal(st.last_ok, 0);
	sync_status_free(&st);
	/* a stray file stays on this machine; a changed setting is recorded */
	char *stray = path_join(ws->root, "hamlets/notes.txt");
	t_write(stray, "not a record");
	char *cfg = path_join(ws->root, "sapxep.yaml");
	char *buf = t_read(cfg, NULL);
	char *more = xasprintf("%slanguage: en\n", buf);
	t_write(cfg, more);
	assert_int_equal(sync_status(ws, &st, &e), 0);
	assert_int_equal(st.unrecorded, 1);
	sync_status_free(&st);
	/* an unreachable server: an outcome, with the changes still counted */
	struct sync_result res;
	struct sync_opts o = { NULL, NULL, false, NULL };
	assert_int_equal(sync_run(ws, &o, &res, &e), 0);
	assert_int_equal(res.outcome, SYNC_OFFLINE);
	assert_int_equal(res.unsent, 4);	/* sapxep.yaml was recorded first */
	assert_true(res.messages.n > 0);
	sync_result_free(&res);
	files = git_out(ws->root, "ls-files", NULL, NULL);
	assert_null(strstr(files, "notes.txt"));
	free(files);
	log = git_out(ws->root, "show", "--name-only", "--format=%s");
	assert_string_equal(log, "Record files changed outside sapxep: 1\n\nsapxep.yaml");
	free(log);
	assert_int_equal(sync_status(ws, &st, &e), 0);
	assert_string_equal(st.last_result, "offline");
	assert_true(st.last_attempt > 0);
	assert_int_equal(st.last_ok, 0);
	assert_int_equal(st.unrecorded, 0);
	sync_status_free(&st);
	/* a workspace shared by a group was made by another officer: git's
	 * check of the owner must not stop the others (testable as root) */
	if (geteuid() == 0) {
		char *cmd = xasprintf("chown -R 65534 '%s/.git'", ws->root);
		assert_int_equal(system(cmd), 0);
		free(cmd);
		struct record *r2 = db_new_record(db, f);
		record_set_str(r2, "name", "Ấp Của Người Khác");
		assert_int_equal(db_save(db, r2, 0, NULL, NULL, &e), 0);
		if (e.kind != E_NONE)
			fail_msg("not recorded in a workspace owned by another: %s", e.msg);
		assert_int_equal(db_delete(db, "hamlets", r2->id, 1, NULL, &e), 0);
		record_free(r2);
	}
	free(more);
	free(buf);
	free(cfg);
	free(stray);
	record_free(r);
	db_free(db);
	ws_close(ws);
	t_rmtree(dir);
	free(dir);
}

/* Save r with households = v at the given time. */
static void save_at(struct db *db, struct record *r, const char *v, const char *when)
{
	struct err e;
	setenv("SAPXEP_NOW", when, 1);
	record_set_str(r, "households", v);
	if (db_save(db, r, r->revision, NULL, NULL, &e) != 0 || e.kind != E_NONE)
		fail_msg("save: %s", e.msg);
	unsetenv("SAPXEP_NOW");
}

static void history_reads_as_of_a_date(void **state)
{
	(void)state;
	char *dir;
	struct workspace *ws = new_ws(&dir);
	struct err e;
	struct db *db;
	sync_attach(ws);
	setenv("SAPXEP_NOW", "2026-05-01T09:00:00+07:00", 1);
	assert_int_equal(sync_setup(ws, NULL, &e), 0);
	unsetenv("SAPXEP_NOW");
	assert_int_equal(db_open(ws, &db, &e), 0);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = db_new_record(db, f);
	record_set_str(r, "name", "Ấp Bình An");
	save_at(db, r, "100", "2026-06-01T10:00:00+07:00");
	save_at(db, r, "150", "2026-06-30T23:30:00+07:00");
	save_at(db, r, "200", "2026-07-01T00:30:00+07:00");
	char *oid;
	assert_int_equal(sync_rev_at(ws->root, "2026-06-30", &oid, &e), 0);
	char *dest = path_join(dir, "as-of");
	assert_int_equal(sync_export(ws->root, oid, dest, &e), 0);
	struct workspace *old;
	if (ws_open(dest, t_paths(), &old, &e) != 0)
		fail_msg("the copy as of a date is no workspace: %s", e.msg);
	struct db *odb;
	assert_int_equal(db_open(old, &odb, &e), 0);
	assert_int_equal(odb->errors.n, 0);
	struct db_rec *x = db_get(odb, "hamlets", r->id);
	assert_non_null(x);
	assert_string_equal(record_str(x->r, "households"), "150");
	db_free(odb);
	ws_close(old);
	free(oid);
	/* before the first save: only the settings */
	assert_int_equal(sync_rev_at(ws->root, "2026-05-15", &oid, &e), 0);
	char *dest2 = path_join(dir, "as-of-may");
	assert_int_equal(sync_export(ws->root, oid, dest2, &e), 0);
	char *p = xasprintf("%s/hamlets/%s.yaml", dest2, r->id);
	assert_false(fs_exists(p));
	free(p);
	free(oid);
	/* before the workspace existed */
	assert_int_equal(sync_rev_at(ws->root, "2026-01-01", &oid, &e), -1);
	assert_int_equal(e.kind, E_NOTFOUND);
	assert_int_equal(sync_rev_at(ws->root, "30/06/2026", &oid, &e), -1);
	assert_int_equal(e.kind, E_USAGE);
	/* the export never overwrites */
	assert_int_equal(sync_export(ws->root, "HEAD", dest, &e), -1);
	free(dest);
	free(dest2);
	record_free(r);
	db_free(db);
	ws_close(ws);
	t_rmtree(dir);
	free(dir);
}

int main(void)
{
	/* days end at midnight in Viet Nam */
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(git_runs_clean_and_captures),
		cmocka_unit_test(saves_and_deletes_are_commits),
		cmocka_unit_test(history_reads_as_of_a_date),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
