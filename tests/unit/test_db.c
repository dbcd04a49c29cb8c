/* test_db.c — the records of a workspace in memory: what loads and what
 * is reported, lookups by name for refs, and the db kept in step with
 * the files by save, delete and reload. */
#include "support.h"
#include "core/xmem.h"
#include "store/db.h"
#include "store/fsutil.h"
#include "store/record_io.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct record *hamlet(struct db *db, const char *name, const char *households)
{
	const struct form *f = formset_get(db->ws->forms, "hamlets");
	struct record *r = db_new_record(db, f);
	record_set_str(r, "name", name);
	record_set_str(r, "households", households);
	struct err e;
	if (db_save(db, r, 0, NULL, NULL, &e) != 0)
		fail_msg("save %s: %s", name, e.msg);
	return r;
}

static void lookups_and_sync(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct db *db;
	struct err e;
	assert_int_equal(db_open(ws, &db, &e), 0);
	assert_int_equal(db->nt, ws->forms->n);
	struct record *a = hamlet(db, "Ấp Bình An", "300");
	struct record *b = hamlet(db, "Ấp Hòa Bình", "120");
	struct record *c = hamlet(db, "ẤP HOÀ BÌNH", "80");	/* same name, other case */
	assert_int_equal(db_table(db, "hamlets")->n, 3);
	assert_int_equal(a->status, RS_COMPLETE);
	/* by name, without diacritics or case */
	int count;
	const char *id = db->refs.find(db->refs.data, "hamlets", "ap binh an", &count);
	assert_int_equal(count, 1);
	assert_string_equal(id, a->id);
	db->refs.find(db->refs.data, "hamlets", "Ấp Hòa Bình", &count);
	assert_int_equal(count, 2);
	db->refs.find(db->refs.data, "hamlets", "Ấp Không Có", &count);
	assert_int_equal(count, 0);
	db->refs.find(db->refs.data, "nosuchform", "x", &count);
	assert_int_equal(count, 0);
	assert_string_equal(db->refs.name(db->refs.data, "hamlets", b->id), "Ấp Hòa Bình");
	assert_null(db->refs.name(db->refs.data, "staff", b->id));
	/* a staff member pointing at a hamlet by name */
	const struct form *sf = formset_get(ws->forms, "staff");
	struct record *s = db_new_record(db, sf);
	record_set_str(s, "full_name", "Lê Văn Tám");
	record_set_str(s, "unit", "hamlet");
	record_set_str(s, "hamlet", c->id);
	struct problems ps = { 0 };
	assert_int_equal(db_save(db, s, 0, &ps, NULL, &e), 0);
	assert_null(problems_for(&ps, "hamlet"));
	problems_free(&ps);
	/* renaming a hamlet renames it in the db */
	record_set_str(c, "name", "Ấp Hòa Bình Mới");
	assert_int_equal(db_save(db, c, 1, NULL, NULL, &e), 0);
	assert_string_equal(db_get(db, "hamlets", c->id)->name, "Ấp Hòa Bình Mới");
	assert_string_equal(db_get(db, "hamlets", c->id)->fold, "ap hoa binh moi");
	db->refs.find(db->refs.data, "hamlets", "ap hoa binh", &count);
	assert_int_equal(count, 1);
	/* deleting the hamlet leaves the staff record pointing at nothing:
	 * validation says so */
	assert_int_equal(db_delete(db, "hamlets", c->id, 2, NULL, &e), 0);
	assert_null(db_get(db, "hamlets", c->id));
	struct db_rec *sx = db_get(db, "staff", s->id);
	db_check(db, sf, sx->r, &ps);
	const struct problem *p = problems_for(&ps, "hamlet");
	assert_non_null(p);
	assert_non_null(strstr(p->msg.en, "no longer exists"));
	problems_free(&ps);
	/* another process changes a file: reload picks it up, or drops it */
	struct record *other = record_clone(a);
	record_set_str(other, "households", "301");
	assert_int_equal(ws_save(ws, formset_get(ws->forms, "hamlets"), other, 1, NULL, &e), 0);
	assert_string_equal(record_str(db_get(db, "hamlets", a->id)->r, "households"), "300");
	assert_int_equal(db_reload(db, "hamlets", a->id, &e), 0);
	assert_string_equal(record_str(db_get(db, "hamlets", a->id)->r, "households"), "301");
	assert_int_equal(ws_delete(ws, formset_get(ws->forms, "hamlets"), a->id, -1, NULL, &e), 0);
	assert_int_equal(db_reload(db, "hamlets", a->id, &e), 0);
	assert_null(db_get(db, "hamlets", a->id));
	assert_int_equal(db_reload(db, "hamlets", "../x", &e), -1);
	/* a record of an unknown form is refused */
	struct record *odd = record_clone(b);
	free(odd->form);
	odd->form = xstrdup("nosuchform");
	assert_int_equal(db_save(db, odd, 1, NULL, NULL, &e), -1);
	assert_int_equal(e.kind, E_USAGE);
	record_free(odd);
	/* a second db sees what the first saved */
	struct db *db2;
	assert_int_equal(db_open(ws, &db2, &e), 0);
	assert_int_equal(db_table(db2, "hamlets")->n, 1);
	assert_int_equal(db_table(db2, "staff")->n, 1);
	assert_int_equal(db2->errors.n, 0);
	db_free(db2);
	record_free(other);
	record_free(s);
	record_free(a);
	record_free(b);
	record_free(c);
	db_free(db);
	t_done(ws, dir);
}

/* Who refers to a record: through a single ref or a list, from any form,
 * but not the record itself; a deleted referrer no longer counts. */
static void referrers_through_every_ref_field(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct db *db;
	struct err e;
	assert_int_equal(db_open(ws, &db, &e), 0);
	struct record *a = hamlet(db, "Ấp Bình An", "300");
	struct record *b = hamlet(db, "Ấp Hòa Bình", "120");
	struct db_referrer *v;
	assert_int_equal(db_referrers(db, "hamlets", a->id, &v), 0);
	assert_null(v);
	/* b names a (and itself) as neighbours; a staff member works in a */
	struct strv nb = STRV_INIT;
	strv_push(&nb, b->id);
	strv_push(&nb, a->id);
	record_set_list(b, "neighbours", &nb);
	strv_free(&nb);
	assert_int_equal(db_save(db, b, 1, NULL, NULL, &e), 0);
	struct record *s = db_new_record(db, formset_get(ws->forms, "staff"));
	record_set_str(s, "full_name", "Lê Văn Tám");
	record_set_str(s, "unit", "hamlet");
	record_set_str(s, "hamlet", a->id);
	assert_int_equal(db_save(db, s, 0, NULL, NULL, &e), 0);
	assert_int_equal(db_referrers(db, "hamlets", a->id, &v), 2);
	assert_string_equal(v[0].form->name, "hamlets");
	assert_string_equal(v[0].rec->name, "Ấp Hòa Bình");
	assert_string_equal(v[0].field->name, "neighbours");
	assert_string_equal(v[1].form->name, "staff");
	assert_string_equal(v[1].rec->name, "Lê Văn Tám");
	assert_string_equal(v[1].field->name, "hamlet");
	free(v);
	/* b itself is referred to by nobody but itself */
	assert_int_equal(db_referrers(db, "hamlets", b->id, &v), 0);
	/* an id of another form is not a hamlet's referrer */
	assert_int_equal(db_referrers(db, "staff", a->id, &v), 0);
	/* once the staff record is deleted, only b is left */
	assert_int_equal(db_delete(db, "staff", s->id, 1, NULL, &e), 0);
	assert_int_equal(db_referrers(db, "hamlets", a->id, &v), 1);
	assert_string_equal(v[0].rec->name, "Ấp Hòa Bình");
	free(v);
	record_free(s);
	record_free(a);
	record_free(b);
	db_free(db);
	t_done(ws, dir);
}

/* A memo lives until the next change to the db, then is freed. */
static int freed;

static void count_free(void *data)
{
	free(data);
	freed++;
}

static void memos_go_with_any_change(void **state)
{
	(void)state;
	static char slot_a, slot_b;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct db *db;
	struct err e;
	assert_int_equal(db_open(ws, &db, &e), 0);
	freed = 0;
	assert_null(db_memo(db, &slot_a));
	db_memo_set(db, &slot_a, xstrdup("a"), count_free);
	db_memo_set(db, &slot_b, xstrdup("b"), count_free);
	assert_string_equal(db_memo(db, &slot_a), "a");
	assert_string_equal(db_memo(db, &slot_b), "b");
	/* setting a slot again frees what it held */
	db_memo_set(db, &slot_b, xstrdup("b2"), count_free);
	assert_int_equal(freed, 1);
	assert_string_equal(db_memo(db, &slot_b), "b2");
	/* a save drops them all */
	struct record *r = hamlet(db, "Ấp Một", "300");
	assert_int_equal(freed, 3);
	assert_null(db_memo(db, &slot_a));
	assert_null(db_memo(db, &slot_b));
	/* a check changes nothing */
	struct problems ps = { 0 };
	db_memo_set(db, &slot_a, xstrdup("a"), count_free);
	db_check(db, formset_get(ws->forms, "hamlets"), r, &ps);
	problems_free(&ps);
	assert_non_null(db_memo(db, &slot_a));
	/* reload and delete drop them too */
	assert_int_equal(db_reload(db, "hamlets", r->id, &e), 0);
	assert_null(db_memo(db, &slot_a));
	db_memo_set(db, &slot_a, xstrdup("a"), count_free);
	assert_int_equal(db_delete(db, "hamlets", r->id, -1, NULL, &e), 0);
	assert_null(db_memo(db, &slot_a));
	assert_int_equal(freed, 5);
	/* and db_free frees what is left */
	db_memo_set(db, &slot_a, xstrdup("a"), count_free);
	db_free(db);
	assert_int_equal(freed, 6);
	record_free(r);
	t_done(ws, dir);
}

static void status_follows_validation(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct db *db;
	struct err e;
	assert_int_equal(db_open(ws, &db, &e), 0);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = db_new_record(db, f);
	record_set_str(r, "name", "Ấp Bảy");
	struct problems ps = { 0 };
	assert_int_equal(db_save(db, r, 0, &ps, NULL, &e), 0);
	assert_int_equal(r->status, RS_INCOMPLETE);
	char *path = ws_record_path(ws, f, r->id);
	char *text = t_read(path, NULL);
	assert_non_null(strstr(text, "status: incomplete\n"));
	free(text);
	problems_free(&ps);
	record_set_str(r, "households", "60");
	assert_int_equal(db_save(db, r, 1, &ps, NULL, &e), 0);
	assert_int_equal(r->status, RS_COMPLETE);
	assert_int_equal(ps.n, 0);
	text = t_read(path, NULL);
	assert_non_null(strstr(text, "status: complete\n"));
	free(text);
	/* a record in conflict stays so until the conflict is resolved */
	r->status = RS_CONFLICT;
	assert_int_equal(db_save(db, r, 2, &ps, NULL, &e), 0);
	assert_int_equal(r->status, RS_CONFLICT);
	free(path);
	record_free(r);
	db_free(db);
	t_done(ws, dir);
}

static void odd_files_and_folders_are_reported(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct db *db;
	struct err e;
	assert_int_equal(db_open(ws, &db, &e), 0);
	struct record *a = hamlet(db, "Ấp Tám", "80");
	db_free(db);
	char *hdir = path_join(ws->root, "hamlets");
	const char *names[] = { "notes.yaml", "6F1D2C3E-8A4B-4C5D-9E6F-0A1B2C3D4E5F.yaml", NULL };
	for (int i = 0; names[i]; i++) {
		char *p = path_join(hdir, names[i]);
		t_write(p, "x: 1\n");
		free(p);
	}
	/* ignored quietly: other extensions, hidden and temporary files */
	const char *quiet[] = { "README.txt", ".hidden.yaml", ".x.yaml.tmp-AbC123", NULL };
	for (int i = 0; quiet[i]; i++) {
		char *p = path_join(hdir, quiet[i]);
		t_write(p, "junk\n");
		free(p);
	}
	/* a form folder replaced by a link to somewhere else */
	char *elsewhere = path_join(dir, "elsewhere");
	fs_mkdirs(elsewhere, 0700, NULL);
	char *mdir = path_join(ws->root, "mergers");
	assert_int_equal(rmdir(mdir), 0);
	assert_int_equal(symlink(elsewhere, mdir), 0);
	assert_int_equal(db_open(ws, &db, &e), 0);
	assert_int_equal(db_table(db, "hamlets")->n, 1);
	assert_int_equal(db->errors.n, 3);
	assert_non_null(strstr(db->errors.v[0], "hamlets/6F1D2C3E-8A4B-4C5D-9E6F-0A1B2C3D4E5F.yaml:1:1: a record file is named <id>.yaml"));
	assert_non_null(strstr(db->errors.v[1], "hamlets/notes.yaml:1:1: a record file is named <id>.yaml"));
	assert_non_null(strstr(db->errors.v[2], "mergers: not a folder"));
	/* and a save into the linked folder is refused, not written through */
	struct record *m = db_new_record(db, formset_get(ws->forms, "mergers"));
	record_set_str(m, "new_name", "Ấp Mới");
	assert_int_equal(db_save(db, m, 0, NULL, NULL, &e), -1);
	assert_int_equal(t_count(elsewhere), 0);
	record_free(m);
	/* a missing form folder is simply empty */
	unlink(mdir);
	db_free(db);
	assert_int_equal(db_open(ws, &db, &e), 0);
	assert_int_equal(db->errors.n, 2);
	assert_int_equal(db_table(db, "mergers")->n, 0);
	db_free(db);
	free(mdir);
	free(elsewhere);
	free(hdir);
	record_free(a);
	t_done(ws, dir);
}

int main(void)
{
	t_paths();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups_and_sync),
		cmocka_unit_test(referrers_through_every_ref_field),
		cmocka_unit_test(memos_go_with_any_change),
		cmocka_unit_test(status_follows_validation),
		cmocka_unit_test(odd_files_and_folders_are_reported),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
