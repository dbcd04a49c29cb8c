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
	return t_workspace(*dir, NULL, t_paths());
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
	t_done(ws, dir);
}

static int changes_seen;

static int count_change(struct workspace *ws, const char *action,
    const struct form *f, const struct record *r, struct err *e)
{
	(void)ws, (void)action, (void)f, (void)r, (void)e;
	changes_seen++;
	return 0;
}

/* A save that changes nothing writes nothing and records no change
 * (issue 17 item 12); a status or value change still does. */
static void unchanged_save_writes_nothing(void **state)
{
	(void)state;
	char *dir;
	struct workspace *ws = new_ws(&dir);
	ws->on_change = count_change;
	changes_seen = 0;
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = record_new(f);
	record_set_str(r, "name", "Ấp Một");
	record_set_str(r, "households", "300");
	struct err e;
	assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
	char *path = ws_record_path(ws, f, r->id);
	size_t n0, n1;
	char *before = NULL, *after = NULL;
	assert_int_equal(fs_read_file(path, 1 << 20, &before, &n0, &e), 0);
	/* the same values again, even from a fresh copy with other stamps */
	struct record *again = record_clone(r);
	free(again->updated_by);
	again->updated_by = xstrdup("someone");
	assert_int_equal(ws_save(ws, f, again, 1, NULL, &e), 0);
	assert_int_equal(again->revision, 1);
	assert_string_equal(again->updated_by, r->updated_by);
	assert_int_equal(fs_read_file(path, 1 << 20, &after, &n1, &e), 0);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	assert_int_equal(changes_seen, 1);
	/* another status is a change */
	again->status = again->status == RS_COMPLETE ? RS_INCOMPLETE : RS_COMPLETE;
	assert_int_equal(ws_save(ws, f, again, 1, NULL, &e), 0);
	assert_int_equal(again->revision, 2);
	assert_int_equal(changes_seen, 2);
	free(before);
	free(after);
	free(path);
	record_free(again);
	record_free(r);
	t_done(ws, dir);
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
	t_done(ws, dir);
}

/* In a child process, as an unprivileged user (see t_in_child): a save
 * into a folder that cannot be written fails, and leaves the old file
 * and no temporary file; so does a delete. No cmocka here: each failed
 * step returns its own code. */
static int read_only_scenario(const char *dir, const struct paths *p, void *arg)
{
	(void)arg;
	if (geteuid() == 0)
		return 1;	/* root writes anyway: the scenario would prove nothing */
	char *root = path_join(dir, "ws");
	struct ws_config cfg;
	t_config(&cfg);
	struct workspace *ws;
	struct err e;
	if (ws_create(root, &cfg, p, &e) != 0 || ws_open(root, p, &ws, &e) != 0) {
		fprintf(stderr, "workspace: %s\n", e.msg);
		return 2;
	}
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = record_new(f);
	record_set_str(r, "name", "Ấp Ba");
	record_set_str(r, "households", "200");
	if (ws_save(ws, f, r, 0, NULL, &e) != 0) {
		fprintf(stderr, "first save: %s\n", e.msg);
		return 3;
	}
	char *fdir = ws_form_dir(ws, f);
	char *path = ws_record_path(ws, f, r->id);
	chmod(fdir, 0500);
	record_set_str(r, "households", "201");
	int rc = 0;
	if (ws_save(ws, f, r, 1, NULL, &e) == 0)
		rc = 4;		/* saved into a read-only folder? */
	else if (e.kind != E_IO || !strstr(e.msg, fdir))
		rc = 5;		/* the message must name the folder */
	else if (r->revision != 1 || strcmp(record_str(r, "households"), "201") != 0)
		rc = 6;		/* the refused record is kept as the officer left it */
	else if (ws_delete(ws, f, r->id, 1, NULL, &e) == 0)
		rc = 7;
	else if (t_count(fdir) != 1)
		rc = 8;		/* a temporary file was left */
	struct record *disk = NULL;
	if (!rc && (record_load(path, ws->forms, "hamlets", 0, &disk, &e) != 0 ||
	    strcmp(record_str(disk, "households"), "200") != 0 || disk->revision != 1))
		rc = 9;		/* the old file must be intact */
	record_free(disk);
	chmod(fdir, 0700);
	/* once the folder is writable again the same save goes through */
	if (!rc && (ws_save(ws, f, r, 1, NULL, &e) != 0 || r->revision != 2))
		rc = 10;
	if (rc)
		fprintf(stderr, "read-only scenario, step %d: %s\n", rc, e.msg);
	free(path);
	free(fdir);
	free(root);
	record_free(r);
	ws_close(ws);
	return rc;
}

static void read_only_folder_keeps_old_file(void **state)
{
	(void)state;
	assert_int_equal(t_in_child(true, read_only_scenario, NULL), 0);
}

/* Two officers on one record: a delete and a save cross. */
static void delete_and_save_cross(void **state)
{
	(void)state;
	char *dir;
	struct workspace *ws = new_ws(&dir);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *mine = record_new(f);
	record_set_str(mine, "name", "Ấp Bốn");
	record_set_str(mine, "households", "150");
	struct err e;
	struct ws_conflict who;
	assert_int_equal(ws_save(ws, f, mine, 0, NULL, &e), 0);
	char *path = ws_record_path(ws, f, mine->id);
	/* they delete it while I edit: my save is refused, the file stays gone */
	assert_int_equal(ws_delete(ws, f, mine->id, 1, &who, &e), 0);
	record_set_str(mine, "households", "160");
	assert_int_equal(ws_save(ws, f, mine, 1, &who, &e), -1);
	assert_int_equal(e.kind, E_CONFLICT);
	assert_non_null(strstr(e.msg, "deleted"));
	assert_int_equal(who.revision, 0);
	assert_false(fs_exists(path));
	assert_string_equal(record_str(mine, "households"), "160");
	/* saving it anew (expected -1: whatever is there) brings it back */
	assert_int_equal(ws_save(ws, f, mine, -1, NULL, &e), 0);
	assert_int_equal(mine->revision, 1);
	/* I save first: their delete, based on the old revision, is refused */
	record_set_str(mine, "households", "170");
	assert_int_equal(ws_save(ws, f, mine, 1, NULL, &e), 0);
	assert_int_equal(ws_delete(ws, f, mine->id, 1, &who, &e), -1);
	assert_int_equal(e.kind, E_CONFLICT);
	assert_int_equal(who.revision, 2);
	assert_string_equal(who.by, "nva");
	assert_non_null(strstr(e.msg, "nva"));
	assert_true(fs_exists(path));
	/* a new record whose id is taken is refused, not written over */
	struct record *twin = record_clone(mine);
	twin->revision = 0;
	assert_int_equal(ws_save(ws, f, twin, 0, NULL, &e), -1);
	assert_int_equal(e.kind, E_CONFLICT);
	assert_non_null(strstr(e.msg, "already exists"));
	record_free(twin);
	/* the delete names the right revision: the file goes to the trash */
	assert_int_equal(ws_delete(ws, f, mine->id, 2, NULL, &e), 0);
	char *trash = xasprintf("%s/.sapxep/trash/hamlets-%s-r2.yaml", ws->root, mine->id);
	assert_true(fs_exists(trash));
	assert_int_equal(ws_delete(ws, f, mine->id, -1, NULL, &e), -1);
	assert_int_equal(e.kind, E_NOTFOUND);
	/* ids are checked before they reach a path */
	assert_int_equal(ws_delete(ws, f, "../../sapxep", -1, NULL, &e), -1);
	assert_int_equal(e.kind, E_INVALID);
	strcpy(mine->id, "../../../etc/x");
	assert_int_equal(ws_save(ws, f, mine, -1, NULL, &e), -1);
	assert_int_equal(e.kind, E_INVALID);
	free(trash);
	free(path);
	record_free(mine);
	t_done(ws, dir);
}

/* Through the db, as the TUI and the command line save: a refused save
 * keeps the officer's input and the db's copy of the file. */
static void refused_db_save_keeps_input(void **state)
{
	(void)state;
	char *dir;
	struct workspace *ws = new_ws(&dir);
	struct db *db;
	struct err e;
	assert_int_equal(db_open(ws, &db, &e), 0);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = db_new_record(db, f);
	record_set_str(r, "name", "Ấp Năm");
	struct problems ps = { 0 };
	/* a missing required value: saved, as incomplete */
	assert_int_equal(db_save(db, r, 0, &ps, NULL, &e), 0);
	assert_int_equal(r->status, RS_INCOMPLETE);
	assert_non_null(problems_for(&ps, "households"));
	problems_free(&ps);
	assert_int_equal(db_get(db, "hamlets", r->id)->r->status, RS_INCOMPLETE);
	/* someone else saves it meanwhile */
	struct record *theirs = record_clone(r);
	record_set_str(theirs, "households", "90");
	assert_int_equal(ws_save(ws, f, theirs, 1, NULL, &e), 0);
	/* mine, typed on revision 1, is refused and kept as typed */
	record_set_str(r, "households", "95");
	record_set_str(r, "note", "một buổi sáng gõ phím");
	assert_int_equal(db_save(db, r, 1, &ps, NULL, &e), -1);
	assert_int_equal(e.kind, E_CONFLICT);
	assert_int_equal(r->revision, 1);
	assert_int_equal(r->status, RS_INCOMPLETE);	/* as it was */
	assert_string_equal(record_str(r, "households"), "95");
	assert_string_equal(record_str(r, "note"), "một buổi sáng gõ phím");
	/* the db still holds what it loaded until it is told to reload */
	assert_null(record_str(db_get(db, "hamlets", r->id)->r, "households"));
	assert_int_equal(db_reload(db, "hamlets", r->id, &e), 0);
	assert_string_equal(record_str(db_get(db, "hamlets", r->id)->r, "households"), "90");
	/* a value of the wrong type is never saved */
	record_set_str(r, "households", "nhiều");
	assert_int_equal(db_save(db, r, 2, &ps, NULL, &e), -1);
	assert_int_equal(e.kind, E_INVALID);
	assert_non_null(strstr(e.msg, "households"));
	char *path = ws_record_path(ws, f, r->id);
	struct record *disk;
	assert_int_equal(record_load(path, ws->forms, "hamlets", 0, &disk, &e), 0);
	assert_string_equal(record_str(disk, "households"), "90");
	assert_int_equal(disk->revision, 2);
	record_free(disk);
	problems_free(&ps);
	free(path);
	record_free(theirs);
	record_free(r);
	db_free(db);
	t_done(ws, dir);
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
		{ "00000000-0000-4000-8000-00000000000a", NULL, "NUL byte" },
		{ "00000000-0000-4000-8000-00000000000b", NULL, "symbolic link" },
		{ "00000000-0000-4000-8000-00000000000c", NULL, "unknown key 'colour'" },
		{ "00000000-0000-4000-8000-00000000000d", NULL,
		  "field households: 'nhiều' is not a whole number" },
		{ "00000000-0000-4000-8000-00000000000e", NULL,
		  "field households takes one value, not a list" },
		{ "00000000-0000-4000-8000-00000000000f", NULL,
		  "a record of form staff found in the folder of form hamlets" },
	};
	/* a good record's text under another id, with `from` replaced */
	struct { size_t i; const char *from, *to; } edits[] = {
		{ 10, "fields:", "colour: red\nfields:" },
		{ 11, "households: 400", "households: nhiều" },
		{ 12, "households: 400", "households: [400, 401]" },
		{ 13, "form: hamlets", "form: staff" },
	};
	char *outside = xasprintf("%s/outside.yaml", dir);
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
		} else if (i == 8) {
			/* a NUL byte in the middle of a good record */
			sbuf_add(&b, text, len);
			b.s[len / 2] = '\0';
			t_write_n(p, b.s, b.len);
			sbuf_free(&b);
			free(p);
			continue;
		} else if (i == 9) {
			/* a link to a good record outside the workspace */
			struct sbuf o = SBUF_INIT;
			sbuf_add(&o, text, len);
			char *fixed = strstr(o.s, good->id);
			memcpy(fixed, cases[i].id, UUID_LEN);
			t_write(outside, o.s);
			sbuf_free(&o);
			assert_int_equal(symlink(outside, p), 0);
			free(p);
			continue;
		} else if (i >= 10) {
			sbuf_add(&b, text, len);
			for (size_t k = 0; k < sizeof edits / sizeof edits[0]; k++) {
				if (edits[k].i != i)
					continue;
				char *at = strstr(b.s, edits[k].from);
				assert_non_null(at);
				struct sbuf n = SBUF_INIT;
				sbuf_add(&n, b.s, (size_t)(at - b.s));
				sbuf_adds(&n, edits[k].to);
				sbuf_adds(&n, at + strlen(edits[k].from));
				sbuf_free(&b);
				b = n;
			}
			char *idp = strstr(b.s, good->id);
			memcpy(idp, cases[i].id, UUID_LEN);
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
	/* nothing is written through the planted link, by a save or a delete */
	size_t olen;
	char *before = t_read(outside, &olen);
	struct record *via = record_clone(good);
	strcpy(via->id, cases[9].id);
	free(via->path);
	via->path = NULL;
	assert_int_equal(ws_save(ws, f, via, -1, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "symbolic link"));
	assert_int_equal(ws_delete(ws, f, cases[9].id, -1, NULL, &e), -1);
	char *after = t_read(outside, NULL);
	assert_string_equal(before, after);
	char *link = xasprintf("%s/%s.yaml", fdir, cases[9].id);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	free(link);
	free(before);
	free(after);
	record_free(via);
	/* a damaged file is never overwritten by a save either */
	struct record *over = record_clone(good);
	strcpy(over->id, cases[2].id);
	assert_int_equal(ws_save(ws, f, over, -1, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "cannot be read"));
	record_free(over);
	free(outside);
	db_free(db);
	free(fdir);
	free(text);
	free(path);
	record_free(good);
	t_done(ws, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hostile_text_round_trips),
		cmocka_unit_test(canonical_bytes_are_exact),
		cmocka_unit_test(save_is_atomic_and_private),
		cmocka_unit_test(unchanged_save_writes_nothing),
		cmocka_unit_test(concurrent_save_is_refused),
		cmocka_unit_test(read_only_folder_keeps_old_file),
		cmocka_unit_test(delete_and_save_cross),
		cmocka_unit_test(refused_db_save_keeps_input),
		cmocka_unit_test(damaged_files_are_reported_and_survived),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
