/* test_merge.c — the record merge of sync: field by field, conflicts kept
 * with who and when, the same bytes whichever side merges, the conflicts
 * section read back exactly, and choosing a version. */
#include "support.h"
#include "core/xmem.h"
#include "model/record.h"
#include "store/record_io.h"
#include "sync/merge.h"

#include <stdlib.h>
#include <string.h>

static const char *const ID = "6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f";

static const struct form *form(const char *name)
{
	const struct form *f = formset_get(t_forms(), name);
	assert_non_null(f);
	return f;
}

/* A saved hamlet, as both machines had it before they diverged. */
static struct record *hamlet_base(void)
{
	struct record *r = record_new(form("hamlets"));
	memcpy(r->id, ID, sizeof r->id);
	r->revision = 3;
	r->created_at = xstrdup("2026-11-20T08:00:00+07:00");
	r->created_by = xstrdup("nva");
	r->updated_at = xstrdup("2026-11-27T09:00:00+07:00");
	r->updated_by = xstrdup("nva");
	r->status = RS_COMPLETE;
	record_set_str(r, "name", "Ấp Bình An");
	record_set_str(r, "region", "south");
	record_set_str(r, "households", "100");
	record_set_str(r, "note", "ghi chú cũ");
	return r;
}

/* The same record saved once more by `who` at `at`. */
static struct record *edit(const struct record *base, const char *who, const char *at)
{
	struct record *r = record_clone(base);
	r->revision++;
	free(r->updated_at);
	free(r->updated_by);
	r->updated_at = xstrdup(at);
	r->updated_by = xstrdup(who);
	return r;
}

static char *bytes(const struct form *f, const struct record *r)
{
	char *buf;
	size_t len;
	struct err e;
	if (record_serialize(f, r, 0, &buf, &len, &e) != 0)
		fail_msg("serialize: %s", e.msg);
	return buf;
}

/* merge(a, b) and merge(b, a) must write the same bytes; returns one. */
static struct record *merge_both_ways(const struct form *f, const struct record *o,
    const struct record *a, const struct record *b)
{
	struct record *ab, *ba;
	assert_int_equal(merge_records(f, o, a, b, &ab, NULL), 0);
	assert_int_equal(merge_records(f, o, b, a, &ba, NULL), 0);
	char *x = bytes(f, ab), *y = bytes(f, ba);
	assert_string_equal(x, y);
	free(x);
	free(y);
	record_free(ba);
	return ab;
}

static void different_fields_are_both_kept(void **state)
{
	(void)state;
	const struct form *f = form("hamlets");
	struct record *o = hamlet_base();
	struct record *a = edit(o, "nva", "2026-11-28T10:00:00+07:00");
	struct record *b = edit(o, "ttl", "2026-11-28T09:30:00+07:00");
	record_set_str(a, "households", "120");
	record_set_str(b, "population", "540");
	record_unset(b, "note");
	b->revision++;	/* b saved twice */
	struct record *m = merge_both_ways(f, o, a, b);
	assert_string_equal(record_str(m, "households"), "120");
	assert_string_equal(record_str(m, "population"), "540");
	assert_null(record_get(m, "note"));	/* cleared on one side only */
	assert_int_equal(m->nconflicts, 0);
	assert_int_equal(m->status, RS_COMPLETE);
	assert_int_equal(m->revision, 6);	/* one more than the higher side */
	assert_string_equal(m->updated_by, "nva");	/* the later save */
	assert_string_equal(m->created_at, "2026-11-20T08:00:00+07:00");
	record_free(m);
	record_free(a);
	record_free(b);
	record_free(o);
}

static void same_change_on_both_sides_is_no_conflict(void **state)
{
	(void)state;
	const struct form *f = form("hamlets");
	struct record *o = hamlet_base();
	struct record *a = edit(o, "nva", "2026-11-28T10:00:00+07:00");
	struct record *b = edit(o, "ttl", "2026-11-28T11:00:00+07:00");
	record_set_str(a, "households", "150");
	record_set_str(b, "households", "150");
	struct record *m = merge_both_ways(f, o, a, b);
	assert_string_equal(record_str(m, "households"), "150");
	assert_int_equal(m->nconflicts, 0);
	record_free(m);
	record_free(a);
	record_free(b);
	record_free(o);
}

static void same_field_keeps_every_version(void **state)
{
	(void)state;
	const struct form *f = form("hamlets");
	struct record *o = hamlet_base();
	struct record *a = edit(o, "nva", "2026-11-28T10:00:00+07:00");
	struct record *b = edit(o, "ttl", "2026-11-28T11:00:00+07:00");
	record_set_str(a, "households", "200");
	record_set_str(b, "households", "300");
	record_set_str(a, "note", "sửa ở xã");	/* edited here */
	record_unset(b, "note");			/* cleared there */
	struct record *m = merge_both_ways(f, o, a, b);
	assert_int_equal(m->status, RS_CONFLICT);
	assert_int_equal(m->nconflicts, 2);
	const struct conflict *c = record_conflict(m, "households");
	assert_non_null(c);
	assert_int_equal(c->n, 2);
	/* oldest first, each with who and when */
	assert_string_equal(c->v[0].by, "nva");
	assert_string_equal(c->v[0].at, "2026-11-28T10:00:00+07:00");
	assert_string_equal(c->v[0].s, "200");
	assert_string_equal(c->v[1].by, "ttl");
	assert_string_equal(c->v[1].s, "300");
	/* meanwhile the later save's value stands */
	assert_string_equal(record_str(m, "households"), "300");
	c = record_conflict(m, "note");
	assert_non_null(c);
	assert_true(c->v[0].has_value);
	assert_string_equal(c->v[0].s, "sửa ở xã");
	assert_false(c->v[1].has_value);
	assert_null(record_get(m, "note"));
	/* what lands on disk */
	char *buf = bytes(f, m);
	assert_non_null(strstr(buf,
	    "status: conflict\n"));
	assert_non_null(strstr(buf,
	    "conflicts:\n"
	    "- field: households\n"
	    "  versions:\n"
	    "  - by: nva\n"
	    "    at: 2026-11-28T10:00:00+07:00\n"
	    "    value: 200\n"
	    "  - by: ttl\n"
	    "    at: 2026-11-28T11:00:00+07:00\n"
	    "    value: 300\n"
	    "- field: note\n"
	    "  versions:\n"
	    "  - by: nva\n"
	    "    at: 2026-11-28T10:00:00+07:00\n"
	    "    value: sửa ở xã\n"
	    "  - by: ttl\n"
	    "    at: 2026-11-28T11:00:00+07:00\n"));
	free(buf);
	record_free(m);
	record_free(a);
	record_free(b);
	record_free(o);
}

static void ties_are_decided_the_same_on_both_machines(void **state)
{
	(void)state;
	const struct form *f = form("hamlets");
	struct record *o = hamlet_base();
	/* same officer, same second, on two machines */
	struct record *a = edit(o, "nva", "2026-11-28T10:00:00+07:00");
	struct record *b = edit(o, "nva", "2026-11-28T10:00:00+07:00");
	record_set_str(a, "households", "111");
	record_set_str(b, "households", "999");
	struct record *m = merge_both_ways(f, o, a, b);
	assert_string_equal(record_str(m, "households"), "999");
	assert_int_equal(record_conflict(m, "households")->n, 2);
	record_free(m);
	record_free(a);
	record_free(b);
	record_free(o);
}

static void lists_and_added_on_both_sides(void **state)
{
	(void)state;
	const struct form *f = form("staff");
	struct record *a = record_new(f), *b;
	memcpy(a->id, ID, sizeof a->id);
	a->revision = 1;
	a->created_at = xstrdup("2026-11-28T10:00:00+07:00");
	a->created_by = xstrdup("nva");
	a->updated_at = xstrdup("2026-11-28T10:00:00+07:00");
	a->updated_by = xstrdup("nva");
	record_set_str(a, "full_name", "Nguyễn Văn Đức");
	b = record_clone(a);
	free(b->updated_by);
	b->updated_by = xstrdup("ttl");
	struct strv pa = STRV_INIT, pb = STRV_INIT;
	strv_push(&pa, "thu_y");
	strv_push(&pb, "thu_y");
	strv_push(&pb, "khuyen_nong");
	record_set_list(a, "positions", &pa);
	record_set_list(b, "positions", &pb);
	/* no common version: both machines created it (a copied record) */
	struct record *m = merge_both_ways(f, NULL, a, b);
	const struct conflict *c = record_conflict(m, "positions");
	assert_non_null(c);
	assert_int_equal(c->n, 2);
	assert_true(c->v[0].is_list);
	assert_int_equal(c->v[0].items.n + c->v[1].items.n, 3);
	assert_null(record_conflict(m, "full_name"));
	/* the list survives the trip to disk and back */
	char *buf = bytes(f, m);
	char *path = xasprintf("staff/%s.yaml", ID);
	struct record *back;
	struct err e;
	if (record_parse(buf, strlen(buf), path, t_forms(), "staff", 0, &back, &e) != 0)
		fail_msg("%s", e.msg);
	assert_true(conflict_same(record_conflict(back, "positions"), c));
	assert_true(record_is_canonical(buf, strlen(buf), path, t_forms(), NULL));
	record_free(back);
	free(path);
	free(buf);
	strv_free(&pa);
	strv_free(&pb);
	record_free(m);
	record_free(a);
	record_free(b);
}

static void a_value_made_irrelevant_is_not_dropped(void **state)
{
	(void)state;
	const struct form *f = form("staff");
	struct record *o = record_new(f);
	memcpy(o->id, ID, sizeof o->id);
	o->revision = 1;
	o->created_at = xstrdup("2026-11-28T10:00:00+07:00");
	o->created_by = xstrdup("nva");
	o->updated_at = xstrdup("2026-11-28T10:00:00+07:00");
	o->updated_by = xstrdup("nva");
	record_set_str(o, "full_name", "Lê Thị Hoa");
	record_set_str(o, "arrangement", "retire");
	record_set_str(o, "effective_date", "2026-12-31");
	struct record *a = edit(o, "nva", "2026-11-28T11:00:00+07:00");
	struct record *b = edit(o, "ttl", "2026-11-28T12:00:00+07:00");
	/* a corrects the date of her retirement... */
	record_set_str(a, "effective_date", "2027-01-15");
	/* ...while b decides she keeps her post: the date no longer counts,
	 * and a's correction would vanish on save */
	record_set_str(b, "arrangement", "keep");
	record_unset(b, "effective_date");
	struct record *m = merge_both_ways(f, o, a, b);
	char *buf = bytes(f, m);
	assert_string_equal(record_str(m, "arrangement"), "keep");
	assert_non_null(strstr(buf, "2027-01-15"));	/* kept, in the conflicts */
	assert_int_equal(m->status, RS_CONFLICT);
	assert_non_null(record_conflict(m, "effective_date"));
	free(buf);
	record_free(m);
	record_free(a);
	record_free(b);
	record_free(o);
}

static void conflicts_merge_like_fields(void **state)
{
	(void)state;
	const struct form *f = form("hamlets");
	struct record *o0 = hamlet_base();
	struct record *a0 = edit(o0, "nva", "2026-11-28T10:00:00+07:00");
	struct record *b0 = edit(o0, "ttl", "2026-11-28T11:00:00+07:00");
	record_set_str(a0, "households", "200");
	record_set_str(b0, "households", "300");
	struct record *o;	/* the conflicted record both machines now hold */
	assert_int_equal(merge_records(f, o0, a0, b0, &o, NULL), 0);

	/* resolved on one machine, untouched on the other: stays resolved */
	struct record *a = edit(o, "nva", "2026-11-29T08:00:00+07:00");
	const struct conflict *c = record_conflict(a, "households");
	size_t pick = strcmp(c->v[0].s, "200") == 0 ? 0 : 1;
	assert_int_equal(record_resolve(a, "households", pick, NULL), RESOLVE_KEPT);
	assert_string_equal(record_str(a, "households"), "200");
	assert_int_equal(a->nconflicts, 0);
	assert_int_not_equal(a->status, RS_CONFLICT);
	struct record *b = edit(o, "ttl", "2026-11-29T09:00:00+07:00");
	record_set_str(b, "population", "700");
	struct record *m = merge_both_ways(f, o, a, b);
	assert_int_equal(m->nconflicts, 0);
	assert_string_equal(record_str(m, "households"), "200");
	assert_string_equal(record_str(m, "population"), "700");
	assert_int_equal(m->status, RS_COMPLETE);
	record_free(m);

	/* resolved differently on both machines: a new conflict, nothing lost */
	record_free(b);
	b = edit(o, "ttl", "2026-11-29T09:00:00+07:00");
	assert_int_equal(record_resolve(b, "households", 1 - pick, NULL), RESOLVE_KEPT);
	m = merge_both_ways(f, o, a, b);
	c = record_conflict(m, "households");
	assert_non_null(c);
	char *buf = bytes(f, m);
	assert_non_null(strstr(buf, "value: 200"));
	assert_non_null(strstr(buf, "value: 300"));
	free(buf);
	record_free(m);
	record_free(a);
	record_free(b);
	record_free(o);
	record_free(a0);
	record_free(b0);
	record_free(o0);
}

static void edited_against_deleted_is_flagged_and_resolvable(void **state)
{
	(void)state;
	const struct form *f = form("hamlets");
	struct record *r = hamlet_base();
	merge_flag_deleted(r, "ttl", "2026-11-28T12:00:00+07:00");
	assert_int_equal(r->status, RS_CONFLICT);
	assert_int_equal(r->revision, 4);
	char *buf = bytes(f, r);
	assert_non_null(strstr(buf,
	    "conflicts:\n"
	    "- versions:\n"
	    "  - by: nva\n"
	    "    at: 2026-11-27T09:00:00+07:00\n"
	    "  - by: ttl\n"
	    "    at: 2026-11-28T12:00:00+07:00\n"
	    "    deleted: true\n"));
	char *path = xasprintf("hamlets/%s.yaml", ID);
	struct record *back;
	assert_int_equal(record_parse(buf, strlen(buf), path, t_forms(), "hamlets", 0, &back,
	    NULL), 0);
	const struct conflict *c = record_conflict(back, NULL);
	assert_non_null(c);
	assert_true(c->v[0].has_value);
	assert_false(c->v[1].has_value);
	struct record *keep = record_clone(back);
	assert_int_equal(record_resolve(keep, NULL, 0, NULL), RESOLVE_KEPT);
	assert_int_equal(keep->nconflicts, 0);
	assert_int_equal(record_resolve(back, NULL, 1, NULL), RESOLVE_DELETE);
	/* nothing to resolve, or no such version */
	struct err e;
	assert_int_equal(record_resolve(back, NULL, 0, &e), -1);
	assert_int_equal(e.kind, E_NOTFOUND);
	assert_int_equal(record_resolve(r, "households", 0, &e), -1);
	assert_int_equal(record_resolve(r, NULL, 7, &e), -1);
	assert_non_null(strstr(e.msg, "version 8"));
	record_free(keep);
	record_free(back);
	free(path);
	free(buf);
	record_free(r);
}

static void damaged_conflicts_are_refused_with_their_place(void **state)
{
	(void)state;
	static const struct { const char *tail, *expect; } cases[] = {
		{ "conflicts:\n- field: households\n  versions: []\n", "versions" },
		{ "conflicts:\n- field: households\n  whatever: 1\n", "unknown key 'whatever'" },
		{ "conflicts:\n- field: households\n  versions:\n  - by: x\n    at: yesterday\n",
		  "at: 'yesterday'" },
		{ "conflicts:\n- field: households\n  versions:\n  - by: x\n"
		  "    at: 2026-11-28T10:00:00+07:00\n    value: many\n", "households" },
		{ "conflicts:\n- field: households\n  versions:\n  - by: x\n"
		  "    at: 2026-11-28T10:00:00+07:00\n- field: households\n  versions:\n  - by: y\n"
		  "    at: 2026-11-28T10:00:00+07:00\n", "second conflict" },
		{ "conflicts:\n- versions:\n  - by: x\n    at: 2026-11-28T10:00:00+07:00\n"
		  "    value: 1\n", "unknown key 'value'" },
		{ "conflicts: many\n", "expected a list" },
	};
	const char *head =
	    "id: 6f1d2c3e-8a4b-4c5d-9e6f-0a1b2c3d4e5f\nform: hamlets\nform_version: 1\n"
	    "revision: 3\ncreated_at: 2026-11-28T10:15:03+07:00\ncreated_by: nva\n"
	    "updated_at: 2026-11-28T11:02:44+07:00\nupdated_by: nva\nstatus: conflict\n"
	    "fields:\n  name: Ấp\n";
	char *path = xasprintf("hamlets/%s.yaml", ID);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *buf = xasprintf("%s%s", head, cases[i].tail);
		struct record *r = NULL;
		struct err e;
		assert_int_equal(record_parse(buf, strlen(buf), path, t_forms(), "hamlets", 0, &r,
		    &e), -1);
		if (!strstr(e.msg, cases[i].expect) || !strstr(e.msg, path))
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg, cases[i].expect);
		free(buf);
	}
	free(path);
}

static void not_the_same_record_is_refused(void **state)
{
	(void)state;
	const struct form *f = form("hamlets");
	struct record *a = hamlet_base(), *b = hamlet_base(), *m = NULL;
	b->id[0] = '0';
	struct err e;
	assert_int_equal(merge_records(f, NULL, a, b, &m, &e), -1);
	assert_int_equal(e.kind, E_INVALID);
	assert_null(m);
	record_free(a);
	record_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(different_fields_are_both_kept),
		cmocka_unit_test(same_change_on_both_sides_is_no_conflict),
		cmocka_unit_test(same_field_keeps_every_version),
		cmocka_unit_test(ties_are_decided_the_same_on_both_machines),
		cmocka_unit_test(lists_and_added_on_both_sides),
		cmocka_unit_test(a_value_made_irrelevant_is_not_dropped),
		cmocka_unit_test(conflicts_merge_like_fields),
		cmocka_unit_test(edited_against_deleted_is_flagged_and_resolvable),
		cmocka_unit_test(damaged_conflicts_are_refused_with_their_place),
		cmocka_unit_test(not_the_same_record_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
