/* test_store.c — record files: canonical bytes, round trips of hostile
 * text, atomic saves, refused concurrent saves, damaged files. */
#include "support.h"
#include "core/xmem.h"
#include "store/db.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "store/workspace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Text that a careless writer would let a YAML reader turn into
 * something else, or lose. */
static const char *const hostile[] = {
	"yes", "no", "on", "off", "y", "N", "true", "False", "null", "~", "NULL",
	"0123", "1e3", "0x1F", "0o17", "12", "-5", "+5", ".5", "1_000", "3:25",
	"2026-01-01", "2026-01-01T10:00:00", ": x", "# y", "- z", "a: b", "a #b",
	"x:", "?", "@home", "`tick`", "%percent", "&anchor", "*alias", "!tag",
	"|", ">", "'single'", "\"double\"", "[a, b]", "{a: b}", "  leading",
	"trailing  ", "\ttab", "tab\tinside", "two\nlines", "trailing newline\n",
	"\nleading newline", "a\n\nblank line", "  indented\nsecond", "<<",
	"=", ".inf", ".nan", "NaN", "Nguyễn Văn Ánh", "Ấp Bình An (cũ)",
	"ESC\x1b[31mred", "bell\x07", "del\x7f", "nel\xc2\x85line",
	"bidi\xe2\x80\xaeoverride", "line\xe2\x80\xa8sep", "bom\xef\xbb\xbf", "日本語",
	"emoji 🙂", "back\\slash", "quote's", "comma, inside", "ends with space ",
	NULL,
};

static struct record *text_record(const struct form *f, const char *note)
{
	struct record *r = record_new(f);
	r->revision = 1;
	r->created_at = xstrdup("2026-11-28T10:15:03+07:00");
	r->created_by = xstrdup("nva");
	r->updated_at = xstrdup("2026-11-28T11:02:44+07:00");
	r->updated_by = xstrdup("nva");
	record_set_str(r, "name", note);
	record_set_str(r, "note", note);
	record_set_str(r, "households", "120");
	return r;
}

static void hostile_text_round_trips(void **state)
{
	(void)state;
	const struct formset *fs = t_forms();
	const struct form *f = formset_get(fs, "hamlets");
	for (int i = 0; hostile[i]; i++) {
		struct record *r = text_record(f, hostile[i]);
		char *buf;
		size_t len;
		assert_int_equal(record_serialize(f, r, 0, &buf, &len, NULL), 0);
		char *path = xasprintf("hamlets/%s.yaml", r->id);
		struct record *back;
		struct err e;
		int rc = record_parse(buf, len, path, fs, "hamlets", 0, &back, &e);
		if (rc != 0)
			fail_msg("'%s' does not read back: %s\n%s", hostile[i], e.msg, buf);
		assert_string_equal(record_str(back, "name"), hostile[i]);
		assert_string_equal(record_str(back, "note"), hostile[i]);
		assert_string_equal(record_str(back, "households"), "120");
		/* and the same bytes again */
		char *buf2;
		size_t len2;
		assert_int_equal(record_serialize(f, back, 0, &buf2, &len2, NULL), 0);
		assert_int_equal(len, len2);
		assert_memory_equal(buf, buf2, len);
		assert_true(record_is_canonical(buf, len, path, fs, NULL));
		free(buf);
		free(buf2);
		free(path);
		record_free(back);
		record_free(r);
	}
}

static void canonical_bytes_are_exact(void **state)
{
	(void)state;
	const struct formset *fs = t_forms();
	const struct form *f = formset_get(fs, "staff");
	struct record *r = record_new(f);
	strcpy(r->id, "6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f");
	r->revision = 3;
	r->created_at = xstrdup("2026-11-28T10:15:03+07:00");
	r->created_by = xstrdup("nva");
	r->updated_at = xstrdup("2026-11-28T11:02:44+07:00");
	r->updated_by = xstrdup("nva");
	r->status = RS_COMPLETE;
	/* set out of form order, with a field that is not relevant */
	record_set_str(r, "arrangement", "keep");
	record_set_str(r, "full_name", "Nguyễn Văn Ánh");
	record_set_str(r, "hamlet", "11111111-2222-4333-8444-555555555555");
	record_set_str(r, "unit", "commune");
	struct strv pos = STRV_INIT;
	strv_push(&pos, "thu_y");
	strv_push(&pos, "khuyen_nong");
	record_set_list(r, "positions", &pos);
	strv_free(&pos);
	record_set_str(r, "birth_date", "1980-03-05");
	record_set_str(r, "allowance_coefficient", "1.14");
	char *buf;
	size_t len;
	assert_int_equal(record_serialize(f, r, 0, &buf, &len, NULL), 0);
	assert_string_equal(buf,
	    "id: 6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f\n"
	    "form: staff\n"
	    "form_version: 1\n"
	    "revision: 3\n"
	    "created_at: 2026-11-28T10:15:03+07:00\n"
	    "created_by: nva\n"
	    "updated_at: 2026-11-28T11:02:44+07:00\n"
	    "updated_by: nva\n"
	    "status: complete\n"
	    "fields:\n"
	    "  full_name: Nguyễn Văn Ánh\n"
	    "  birth_date: 1980-03-05\n"
	    "  unit: commune\n"
	    "  positions:\n"
	    "  - thu_y\n"
	    "  - khuyen_nong\n"
	    "  allowance_coefficient: 1.14\n"
	    "  arrangement: keep\n");
	free(buf);
	/* a value of the wrong type is never written */
	record_set_str(r, "allowance_coefficient", "1,14");
	struct err e;
	assert_int_not_equal(record_serialize(f, r, 0, &buf, &len, &e), 0);
	assert_non_null(strstr(e.msg, "allowance_coefficient"));
	record_free(r);
}

/* A workspace in a fresh folder. */
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
	struct err e;
	if (ws_create(root, &cfg, t_paths(), &e) != 0)
		fail_msg("ws_create: %s", e.msg);
	struct workspace *ws;
	if (ws_open(root, t_paths(), &ws, &e) != 0)
		fail_msg("ws_open: %s", e.msg);
	free(root);
	return ws;
}

static void save_is_atomic_and_private(void **state)
{
	(void)state;
	char *dir;
	struct workspace *ws = new_ws(&dir);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = record_new(f);
	record_set_str(r, "name", "Ấp Một");
	record_set_str(r, "households", "300");
	struct err e;
	assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
	assert_int_equal(r->revision, 1);
	char *path = ws_record_path(ws, f, r->id);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *fdir = ws_form_dir(ws, f);
	assert_int_equal(stat(fdir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* no temporary file is left beside it */
	assert_int_equal(t_count(fdir), 1);
	/* a save names the revision it was loaded at */
	record_set_str(r, "households", "310");
	assert_int_equal(ws_save(ws, f, r, 1, NULL, &e), 0);
	assert_int_equal(r->revision, 2);
	struct record *back;
	assert_int_equal(record_load(path, ws->forms, "hamlets", 0, &back, &e), 0);
	assert_string_equal(record_str(back, "households"), "310");
	assert_int_equal(back->revision, 2);
	record_free(back);
	free(fdir);
	free(path);
	record_free(r);
	ws_close(ws);
	t_rmtree(dir);
	free(dir);
}

static void concurrent_save_is_refused(void **state)
{
	(void)state;
	char *dir;
	struct workspace *ws = new_ws(&dir);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *mine = record_new(f);
	record_set_str(mine, "name", "Ấp Hai");
	record_set_str(mine, "households", "200");
	struct err e;
	assert_int_equal(ws_save(ws, f, mine, 0, NULL, &e), 0);
	/* another officer loads, changes and saves it */
	struct record *theirs = record_clone(mine);
	setenv("SAPXEP_OFFICER", "ttb", 1);
	free(ws->officer);
	ws->officer = xstrdup("ttb");
	record_set_str(theirs, "households", "250");
	assert_int_equal(ws_save(ws, f, theirs, 1, NULL, &e), 0);
	/* my save, still based on revision 1, is refused and says by whom */
	record_set_str(mine, "households", "999");
	struct ws_conflict who;
	assert_int_equal(ws_save(ws, f, mine, 1, &who, &e), -1);
	assert_int_equal(e.kind, E_CONFLICT);
	assert_int_equal(who.revision, 2);
	assert_string_equal(who.by, "ttb");
	assert_non_null(strstr(e.msg, "ttb"));
	/* nothing was overwritten, and my record is as I left it */
	assert_int_equal(mine->revision, 1);
	char *path = ws_record_path(ws, f, mine->id);
	struct record *disk;
	assert_int_equal(record_load(path, ws->forms, "hamlets", 0, &disk, &e), 0);
	assert_string_equal(record_str(disk, "households"), "250");
	assert_string_equal(record_str(mine, "households"), "999");
	unsetenv("SAPXEP_OFFICER");
	record_free(disk);
	free(path);
	record_free(mine);
	record_free(theirs);
	ws_close(ws);
	t_rmtree(dir);
	free(dir);
}

static void read_only_folder_keeps_old_file(void **state)
{
	(void)state;
	if (geteuid() == 0)
		skip();	/* root writes anyway; the fault-injection tests cover it */
	char *dir;
	struct workspace *ws = new_ws(&dir);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = record_new(f);
	record_set_str(r, "name", "Ấp Ba");
	record_set_str(r, "households", "200");
	struct err e;
	assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
	char *fdir = ws_form_dir(ws, f);
	chmod(fdir, 0500);
	record_set_str(r, "households", "201");
	assert_int_equal(ws_save(ws, f, r, 1, NULL, &e), -1);
	assert_int_equal(e.kind, E_IO);
	chmod(fdir, 0700);
	char *path = ws_record_path(ws, f, r->id);
	struct record *disk;
	assert_int_equal(record_load(path, ws->forms, "hamlets", 0, &disk, &e), 0);
	assert_string_equal(record_str(disk, "households"), "200");
	record_free(disk);
	free(path);
	free(fdir);
	record_free(r);
	ws_close(ws);
	t_rmtree(dir);
	free(dir);
}

/* Damaged files are reported with their place and never stop the rest. */
static void damaged_files_are_reported_and_survived(void **state)
{
	(void)state;
	char *dir;
	struct workspace *ws = new_ws(&dir);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *good = record_new(f);
	record_set_str(good, "name", "Ấp Tốt");
	record_set_str(good, "households", "400");
	struct err e;
	assert_int_equal(ws_save(ws, f, good, 0, NULL, &e), 0);
	char *path = ws_record_path(ws, f, good->id);
	size_t len;
	char *text = t_read(path, &len);
	char *fdir = ws_form_dir(ws, f);

	struct { const char *id, *content, *expect; } cases[] = {
		{ "00000000-0000-4000-8000-000000000001", NULL, "" },	/* truncated copy */
		{ "00000000-0000-4000-8000-000000000002",
		  "id: &a 00000000-0000-4000-8000-000000000002\nform: *a\n", "anchors" },
		{ "00000000-0000-4000-8000-000000000003",
		  "id: 00000000-0000-4000-8000-000000000003\nform: hamlets\xff\n", "UTF-8" },
		{ "00000000-0000-4000-8000-000000000004", NULL, "too large" },	/* 2 MiB scalar */
		{ "00000000-0000-4000-8000-000000000005", NULL, "deeply" },
		{ "00000000-0000-4000-8000-000000000006", NULL, "does not match" },
		{ "00000000-0000-4000-8000-000000000008",
		  "id: 1\nid: 2\n", "duplicate key" },
		{ "00000000-0000-4000-8000-000000000009",
		  "!!map {id: x}\n", "tags" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *p = xasprintf("%s/%s.yaml", fdir, cases[i].id);
		struct sbuf b = SBUF_INIT;
		if (i == 0) {
			sbuf_add(&b, text, len / 2);
		} else if (i == 3) {
			sbuf_adds(&b, "id: \"");
			for (int k = 0; k < 2 * 1024 * 1024; k++)
				sbuf_addc(&b, 'x');
			sbuf_adds(&b, "\"\n");
		} else if (i == 4) {
			for (int k = 0; k < 5000; k++)
				sbuf_addc(&b, '[');
		} else if (i == 5) {
			/* a good record copied under another file name */
			sbuf_add(&b, text, len);
		} else {
			sbuf_adds(&b, cases[i].content);
		}
		t_write(p, sbuf_str(&b));
		sbuf_free(&b);
		free(p);
	}
	/* a leftover temporary file is never taken for a record */
	char *tmp = xasprintf("%s/.%s.yaml.tmp-abc123", fdir, good->id);
	t_write(tmp, "garbage");
	free(tmp);

	struct db *db;
	assert_int_equal(db_open(ws, &db, &e), 0);
	struct db_table *t = db_table(db, "hamlets");
	assert_int_equal(t->n, 1);
	assert_string_equal(t->v[0].r->id, good->id);
	assert_int_equal(db->errors.n, sizeof cases / sizeof cases[0]);
	for (size_t i = 0; i < db->errors.n; i++) {
		const char *msg = db->errors.v[i];
		/* "path:line:col: message" naming the file */
		assert_non_null(strstr(msg, cases[i].id));
		assert_non_null(strstr(msg, ".yaml:"));
		if (*cases[i].expect && !strstr(msg, cases[i].expect))
			fail_msg("case %zu: '%s' lacks '%s'", i, msg, cases[i].expect);
	}
	db_free(db);
	free(fdir);
	free(text);
	free(path);
	record_free(good);
	ws_close(ws);
	t_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostile_text_round_trips),
		cmocka_unit_test(canonical_bytes_are_exact),
		cmocka_unit_test(save_is_atomic_and_private),
		cmocka_unit_test(concurrent_save_is_refused),
		cmocka_unit_test(read_only_folder_keeps_old_file),
		cmocka_unit_test(damaged_files_are_reported_and_survived),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
