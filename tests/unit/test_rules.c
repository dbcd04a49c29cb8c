/* test_rules.c — rule packs: facts with citations and confidence grades,
 * dated values, a province's pack extending the national one, folders
 * overriding each other, and every way a pack file can be wrong. */
#include "support.h"
#include "core/xmem.h"
#include "store/fsutil.h"
#include "store/rules.h"

#include <stdlib.h>
#include <string.h>

static const char *const national =
    "pack: nd33-2023\n"
    "kind: staff\n"
    "title: {vi: Nghị định 33/2023/NĐ-CP, en: Decree 33/2023}\n"
    "effective_from: 2023-08-01\n"
    "instrument: Nghị định 33/2023/NĐ-CP\n"
    "confidence: B\n"
    "facts:\n"
    "  commune_quota_class_1: 14\n"
    "  hamlet_titles_paid: 3\n"
    "  allowance_pool:\n"
    "    label: {vi: Quỹ phụ cấp, en: Allowance pool}\n"
    "    value: 16.0\n"
    "    article: Điều 34 khoản 1\n"
    "    confidence: C\n"
    "    note: {vi: Chưa đối chiếu văn bản gốc, en: Not checked against the text}\n"
    "  base_salary:\n"
    "    instrument: Nghị định 73/2024/NĐ-CP\n"
    "    values:\n"
    "      - {value: 1800000, from: 2023-07-01, to: 2024-06-30, instrument: Nghị định 24/2023/NĐ-CP}\n"
    "      - {value: 2340000, from: 2024-07-01, confidence: A}\n"
    "  reference: Điều 33\n"
    "  quoted_number: '14'\n";

static const char *const province =
    "pack: tay-ninh-2025\n"
    "kind: staff\n"
    "title: {vi: Tây Ninh 2025}\n"
    "extends: nd33-2023\n"
    "effective_from: 2025-07-01\n"
    "instrument: Nghị quyết 12/2025/NQ-HĐND\n"
    "confidence: A\n"
    "facts:\n"
    "  commune_quota_class_1: 12\n";

struct cfg {
	char *dir;
	struct strv dirs;
};

/* A config folder with rules/<name>.yaml for each pair of `files`. */
static void make_cfg(struct cfg *c, const char *const *files)
{
	c->dir = t_tmpdir();
	memset(&c->dirs, 0, sizeof c->dirs);
	char *rules = path_join(c->dir, "rules");
	fs_mkdirs(rules, 0700, NULL);
	for (size_t i = 0; files[i]; i += 2) {
		char *p = path_join(rules, files[i]);
		t_write(p, files[i + 1]);
		free(p);
	}
	free(rules);
	strv_push(&c->dirs, c->dir);
}

static void free_cfg(struct cfg *c)
{
	t_rmtree(c->dir);
	free(c->dir);
	strv_free(&c->dirs);
}

static struct date D(int y, int m, int d)
{
	struct date r = { y, m, d };
	return r;
}

static void facts_values_and_citations(void **state)
{
	(void)state;
	struct cfg c;
	const char *files[] = { "nd33-2023.yaml", national, NULL };
	make_cfg(&c, files);
	struct packset ps;
	struct strv errors = STRV_INIT;
	assert_int_equal(packs_load(&c.dirs, &ps, &errors), 0);
	assert_int_equal(errors.n, 0);
	const struct pack *p = pack_get(&ps, "nd33-2023");
	assert_non_null(p);
	assert_string_equal(p->kind, "staff");
	assert_string_equal(p->title.en, "Decree 33/2023");
	struct date on = D(2026, 1, 1);
	assert_true(pack_number(p, "commune_quota_class_1", on, -1) == 14);
	assert_true(pack_number(p, "allowance_pool", on, -1) == 16);
	/* a missing fact, and a text, give the default */
	assert_true(pack_number(p, "no_such_fact", on, -1) == -1);
	assert_true(pack_number(p, "reference", on, -1) == -1);
	assert_string_equal(pack_value(p, "reference", on)->text, "Điều 33");
	/* a quoted number is text: figures are written as numbers on purpose */
	assert_false(pack_value(p, "quoted_number", on)->is_number);
	/* dated values: the one in force on the day */
	assert_true(pack_number(p, "base_salary", D(2024, 6, 30), -1) == 1800000);
	assert_true(pack_number(p, "base_salary", D(2024, 7, 1), -1) == 2340000);
	assert_true(pack_number(p, "base_salary", D(2030, 1, 1), -1) == 2340000);
	assert_null(pack_value(p, "base_salary", D(2020, 1, 1)));
	/* citations: the value's own, else the fact's, else the pack's */
	const struct fact_value *v = pack_value(p, "base_salary", D(2024, 1, 1));
	assert_string_equal(v->cite.instrument, "Nghị định 24/2023/NĐ-CP");
	assert_string_equal(v->cite.confidence, "B");
	v = pack_value(p, "base_salary", D(2025, 1, 1));
	assert_string_equal(v->cite.instrument, "Nghị định 73/2024/NĐ-CP");
	assert_string_equal(v->cite.confidence, "A");
	v = pack_value(p, "allowance_pool", on);
	char *t = citation_text(&v->cite);
	assert_string_equal(t, "Nghị định 33/2023/NĐ-CP, Điều 34 khoản 1 (C)");
	free(t);
	assert_string_equal(v->cite.note.en, "Not checked against the text");
	v = pack_value(p, "hamlet_titles_paid", on);
	t = citation_text(&v->cite);
	assert_string_equal(t, "Nghị định 33/2023/NĐ-CP (B)");
	free(t);
	/* a shorthand fact is in force from the pack's date */
	assert_int_equal(v->from.y, 2023);
	packs_free(&ps);
	strv_free(&errors);
	free_cfg(&c);
}

static void extends_and_overrides(void **state)
{
	(void)state;
	struct cfg c;
	const char *files[] = { "nd33-2023.yaml", national, "tay-ninh-2025.yaml", province, NULL };
	make_cfg(&c, files);
	struct packset ps;
	struct strv errors = STRV_INIT;
	assert_int_equal(packs_load(&c.dirs, &ps, &errors), 0);
	const struct pack *p = pack_get(&ps, "tay-ninh-2025");
	assert_non_null(p);
	assert_null(p->extends);	/* resolved */
	struct date on = D(2026, 1, 1);
	/* overridden, with the province's citation */
	assert_true(pack_number(p, "commune_quota_class_1", on, -1) == 12);
	const struct fact_value *v = pack_value(p, "commune_quota_class_1", on);
	assert_string_equal(v->cite.instrument, "Nghị quyết 12/2025/NQ-HĐND");
	assert_string_equal(v->cite.confidence, "A");
	/* inherited, keeping the national citation and grade */
	assert_true(pack_number(p, "hamlet_titles_paid", on, -1) == 3);
	v = pack_value(p, "allowance_pool", on);
	assert_string_equal(v->cite.instrument, "Nghị định 33/2023/NĐ-CP");
	assert_string_equal(v->cite.confidence, "C");
	assert_true(pack_number(p, "base_salary", D(2024, 8, 1), -1) == 2340000);
	/* the base is unchanged */
	assert_true(pack_number(pack_get(&ps, "nd33-2023"), "commune_quota_class_1", on, -1) == 14);
	/* which pack is in force */
	assert_ptr_equal(pack_select(&ps, "staff", NULL, D(2024, 1, 1)), pack_get(&ps, "nd33-2023"));
	assert_ptr_equal(pack_select(&ps, "staff", NULL, D(2026, 1, 1)), p);
	assert_null(pack_select(&ps, "staff", NULL, D(2020, 1, 1)));
	assert_ptr_equal(pack_select(&ps, "staff", "nd33-2023", D(2026, 1, 1)),
	    pack_get(&ps, "nd33-2023"));
	assert_null(pack_select(&ps, "hamlets", "nd33-2023", on));	/* wrong kind */
	assert_null(pack_select(&ps, "staff", "no-such-pack", on));
	packs_free(&ps);
	strv_free(&errors);
	free_cfg(&c);

	/* an earlier folder (the workspace's) overrides a later one by name */
	struct cfg first, second;
	const char *mine[] = { "nd33-2023.yaml",
		"pack: nd33-2023\nkind: staff\ntitle: {vi: Sửa}\nfacts:\n  commune_quota_class_1: 99\n", NULL };
	const char *shipped[] = { "nd33-2023.yaml", national, NULL };
	make_cfg(&first, mine);
	make_cfg(&second, shipped);
	strv_push(&first.dirs, second.dir);
	assert_int_equal(packs_load(&first.dirs, &ps, &errors), 0);
	assert_int_equal(ps.n, 1);
	assert_true(pack_number(pack_get(&ps, "nd33-2023"), "commune_quota_class_1", on, -1) == 99);
	packs_free(&ps);
	free_cfg(&first);
	free_cfg(&second);
}

static void loops_and_missing_bases_are_left_out(void **state)
{
	(void)state;
	struct cfg c;
	const char *files[] = {
		"a.yaml", "pack: a\nkind: staff\ntitle: {vi: A}\nextends: b\nfacts: {x: 1}\n",
		"b.yaml", "pack: b\nkind: staff\ntitle: {vi: B}\nextends: a\nfacts: {y: 2}\n",
		"self.yaml", "pack: self\nkind: staff\ntitle: {vi: S}\nextends: self\nfacts: {z: 3}\n",
		"orphan.yaml", "pack: orphan\nkind: staff\ntitle: {vi: O}\nextends: gone\nfacts: {w: 4}\n",
		"broken.yaml", "pack: broken\nkind: staff\ntitle: {vi: X}\nconfidence: E\nfacts: {v: 5}\n",
		"child.yaml", "pack: child\nkind: staff\ntitle: {vi: C}\nextends: broken\nfacts: {u: 6}\n",
		"ok.yaml", "pack: ok\nkind: staff\ntitle: {vi: OK}\nfacts: {t: 7}\n",
		NULL };
	make_cfg(&c, files);
	struct packset ps;
	struct strv errors = STRV_INIT;
	assert_int_equal(packs_load(&c.dirs, &ps, &errors), -1);
	/* every problem is reported with its file */
	const char *want[][2] = {
		{ "a.yaml", "goes round in a circle" },
		{ "b.yaml", "goes round in a circle" },
		{ "self.yaml", "goes round in a circle" },
		{ "orphan.yaml", "extends 'gone', which is not a pack" },
		{ "broken.yaml:4:13:", "confidence: 'E' is not one of A, B, C, D, X" },
		{ "child.yaml", "extends 'broken', which is not a pack" },
	};
	assert_int_equal(errors.n, 6);
	for (size_t i = 0; i < 6; i++) {
		bool found = false;
		for (size_t k = 0; k < errors.n && !found; k++)
			found = strstr(errors.v[k], want[i][0]) && strstr(errors.v[k], want[i][1]);
		if (!found)
			fail_msg("no problem '%s' for %s", want[i][1], want[i][0]);
	}
	/* and only the sound pack is used: a pack without its base would
	 * quietly lack the base's figures */
	assert_int_equal(ps.n, 1);
	assert_non_null(pack_get(&ps, "ok"));
	assert_null(pack_get(&ps, "a"));
	assert_null(pack_get(&ps, "self"));
	assert_null(pack_get(&ps, "orphan"));
	assert_null(pack_get(&ps, "child"));
	packs_free(&ps);
	strv_free(&errors);
	free_cfg(&c);
}

static void bad_pack_files(void **state)
{
	(void)state;
	struct { const char *name, *text; int line, col; const char *what; } bad[] = {
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nconfidence: b\nfacts: {}\n", 4, 13,
		  "confidence: 'b' is not one of A, B, C, D, X" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x: {value: 1, confidence: AB}\n",
		  5, 29, "confidence: 'AB'" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x:\n    values:\n"
		  "      - {value: 1, confidence: Z}\n", 7, 32, "confidence: 'Z'" },
		{ "p", "pack: q\nkind: staff\ntitle: {vi: P}\nfacts: {}\n", 1, 7,
		  "pack name 'q' must be the file's name" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfact: {}\n", 4, 1, "unknown key 'fact'" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts: [1, 2]\n", 4, 8,
		  "facts: expected a mapping" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x: {label: {vi: X}}\n", 5, 6,
		  "missing 'value'" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x: {value: 1, values: [{value: 2}]}\n",
		  5, 6, "either 'value' or 'values'" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x: {values: []}\n", 5, 15,
		  "values: expected a list of dated values" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x: {value: 1, from: 01/01/2025}\n",
		  5, 23, "from: expected a date like 2023-08-01" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\neffective_from: 2025-02-30\nfacts: {}\n",
		  4, 17, "effective_from: expected a date" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x: {value: [1]}\n", 5, 14,
		  "value: expected a number or a text" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x:\n    values:\n      - {value: 1, label: {vi: X}}\n",
		  7, 20, "unknown key 'label' in a dated value" },
		{ "p", "kind: staff\ntitle: {vi: P}\nfacts: {}\n", 1, 1, "missing 'pack'" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x:\n    from: 2024-01-01\n"
		  "    values: [{value: 1}]\n", 6, 11,
		  "from: with 'values', give the dates on each value" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x:\n    to: 2024-01-01\n"
		  "    values: [{value: 1}]\n", 6, 9, "to: with 'values'" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x: 1\n  x: 2\n", 6, 3,
		  "duplicate key 'x'" },
		{ "p", "pack: p\nkind: staff\ntitle: {vi: P}\nfacts:\n  x: &n 1\n", 5, 6, "anchors" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *path = xasprintf("rules/%s.yaml", bad[i].name);
		struct pack p;
		struct err e;
		if (pack_parse(bad[i].text, strlen(bad[i].text), path, &p, &e) == 0)
			fail_msg("pack %zu loaded", i);
		t_assert_at(e.msg, path, bad[i].line, bad[i].col, bad[i].what);
		free(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(facts_values_and_citations),
		cmocka_unit_test(extends_and_overrides),
		cmocka_unit_test(loops_and_missing_bases_are_left_out),
		cmocka_unit_test(bad_pack_files),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
