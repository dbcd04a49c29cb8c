/* test_staff.c — the staff plan under both decrees and the 2025
 * transition, worked by hand: a class II commune of 15 people keeping 12,
 * hamlets of 360 households, wards above their population standard; the
 * checks across staff records; the shipped rule packs themselves. */
#include "support.h"
#include "core/text.h"
#include "core/xmem.h"
#include "domain/domain.h"
#include "domain/staff.h"
#include "store/db.h"
#include "store/fsutil.h"
#include "store/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TODAY "2025-01-15T10:00:00+07:00"

static const struct date ND34_DAY = { 2022, 6, 1 };	/* NĐ 34/2019, base 1.490.000 */
static const struct date ND33_DAY = { 2025, 1, 15 };	/* NĐ 33/2023, base 2.340.000 */

struct fx {
	char *dir;
	struct workspace *ws;
	struct db *db;
	struct strv ids;	/* the records added, in order */
};

struct commune {
	const char *klass, *kind, *district, *standard, *rules;
	long population;
	double area;
	bool key_security, border;
};

static void fx_open(struct fx *fx, const struct commune *c, const char *province_pack)
{
	memset(fx, 0, sizeof *fx);
	fx->dir = t_tmpdir();
	char *root = path_join(fx->dir, "ws");
	struct ws_config cfg = { 0 };
	cfg.province_code = "72";
	cfg.commune_code = "27600";
	cfg.commune_name = "Xã Thử";
	cfg.commune_class = (char *)c->klass;
	cfg.commune_kind = (char *)c->kind;
	cfg.district_name = (char *)c->district;
	cfg.commune_standard = (char *)c->standard;
	cfg.rules_staff = (char *)c->rules;
	cfg.region = "south";
	cfg.population = c->population;
	cfg.area_km2 = c->area;
	cfg.key_security = c->key_security;
	cfg.border_or_island = c->border;
	cfg.officer_id = "nva";
	struct err e;
	if (ws_create(root, &cfg, t_paths(), &e) != 0)
		fail_msg("ws_create: %s", e.msg);
	if (province_pack) {
		char *rules = path_join(root, "config/rules");
		fs_mkdirs(rules, 0700, NULL);
		char *p = path_join(rules, "tinh-72.yaml");
		t_write(p, province_pack);
		free(p);
		free(rules);
	}
	if (ws_open(root, t_paths(), &fx->ws, &e) != 0 || db_open(fx->ws, &fx->db, &e) != 0)
		fail_msg("open: %s", e.msg);
	domain_attach(fx->db);
	free(root);
}

static void fx_close(struct fx *fx)
{
	db_free(fx->db);
	ws_close(fx->ws);
	t_rmtree(fx->dir);
	free(fx->dir);
	strv_free(&fx->ids);
}

/* A record made from "field", "value" pairs (canonical values, lists
 * comma-separated), saved the way the CLI and the TUI save. */
static struct record *make(struct fx *fx, const char *form, const char *const *kv)
{
	const struct form *f = formset_get(fx->ws->forms, form);
	struct record *r = db_new_record(fx->db, f);
	for (size_t i = 0; kv[i]; i += 2) {
		const struct field *fd = form_field(f, kv[i]);
		if (!fd)
			fail_msg("no field %s", kv[i]);
		if (!field_is_list(fd)) {
			record_set_str(r, kv[i], kv[i + 1]);
			continue;
		}
		struct strv items = STRV_INIT;
		char *s = xstrdup(kv[i + 1]);
		for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ","))
			strv_push(&items, tok);
		record_set_list(r, kv[i], &items);
		strv_free(&items);
		free(s);
	}
	return r;
}

static const char *add(struct fx *fx, const char *form, const char *const *kv)
{
	struct record *r = make(fx, form, kv);
	struct err e;
	if (db_save(fx->db, r, 0, NULL, NULL, &e) != 0)
		fail_msg("save: %s", e.msg);
	strv_push(&fx->ids, r->id);
	record_free(r);
	return fx->ids.v[fx->ids.n - 1];
}

static const char *add_hamlet(struct fx *fx, const char *name, const char *kind,
    const char *households, const char *key_security)
{
	const char *kv[] = { "name", name, "kind", kind, "households", households,
		"key_security", key_security, NULL };
	return add(fx, "hamlets", kv);
}

static const struct staff_unit *unit_named(const struct staff_plan *p, const char *name)
{
	if (strcmp(p->commune.name, name) == 0)
		return &p->commune;
	for (size_t i = 0; i < p->nhamlets; i++)
		if (strcmp(p->hamlets[i].name, name) == 0)
			return &p->hamlets[i];
	fail_msg("no unit %s in the plan", name);
	return NULL;
}

static void plan_on(struct fx *fx, struct date on, enum lang l, struct staff_plan *p)
{
	struct err e;
	if (staff_plan(fx->db, on, l, p, &e) != 0)
		fail_msg("staff_plan: %s", e.msg);
}

/* True when one of the lines holds `text`. */
static bool lines_have(const struct strv *lines, const char *text)
{
	for (size_t i = 0; i < lines->n; i++)
		if (strstr(lines->v[i], text))
			return true;
	return false;
}

static bool unit_says(const struct staff_plan *p, const struct staff_unit *u,
    const char *text)
{
	struct strv lines = STRV_INIT;
	staff_unit_lines(p, u, &lines);
	bool ok = lines_have(&lines, text);
	if (!ok)
		for (size_t i = 0; i < lines.n; i++)
			print_message("  | %s\n", lines.v[i]);
	strv_free(&lines);
	return ok;
}

/* --- a class II commune of 15 people keeping 12 ------------------------- */

/* 13 commune titles; persons 13 and 14 are second holders of t0 and t4. */
static const char *const T[] = { "pho_cht_quan_su", "pho_chu_nhiem_ubkt",
	"van_phong_dang_uy", "pho_ct_mttq", "pho_ct_ccb", "pho_ct_phu_nu",
	"pho_ct_nong_dan", "pho_bi_thu_doan", "ct_nguoi_cao_tuoi", "ct_chu_thap_do",
	"thu_y", "khuyen_nong", "van_hoa_truyen_thanh" };

/* 15 people at 1,14 each. Plan: 0–9 keep; 10 (thu_y) also takes van_hoa
 * (concurrent); 11 (khuyen_nong) retires; 12 (van_hoa) moves to
 * khuyen_nong (reassign); 13 and 14 leave with support. */
static void fifteen_people(struct fx *fx, bool plan)
{
	for (int i = 0; i < 15; i++) {
		char name[64], birth[16];
		snprintf(name, sizeof name, "Nguyễn Văn Người %02d", i);
		snprintf(birth, sizeof birth, "1980-01-%02d", i + 1);
		const char *title = T[i < 13 ? i : i == 13 ? 0 : 4];
		const char *arr = "keep", *newpos = NULL;
		if (plan && i == 10) {
			arr = "concurrent";
			newpos = "thu_y,van_hoa_truyen_thanh";
		} else if (plan && i == 11) {
			arr = "retire";
		} else if (plan && i == 12) {
			arr = "reassign";
			newpos = "khuyen_nong";
		} else if (plan && i >= 13) {
			arr = "leave_with_support";
		}
		const char *kv[] = { "full_name", name, "birth_date", birth, "gender", "nam",
			"unit", "commune", "positions", title, "allowance_coefficient", "1.14",
			"arrangement", arr, "effective_date", "2025-03-01",
			newpos ? "new_positions" : NULL, newpos, NULL };
		if (strcmp(arr, "keep") == 0)
			kv[14] = NULL;	/* no effective date when kept */
		add(fx, "staff", kv);
	}
}

static const struct commune class_ii = { .klass = "II", .kind = "xa",
	.population = 7500, .area = 25 };

static void commune_of_15_under_nd34(void **state)
{
	(void)state;
	struct fx fx;
	fx_open(&fx, &class_ii, NULL);
	fifteen_people(&fx, true);
	struct staff_plan p;
	plan_on(&fx, ND34_DAY, LANG_VI, &p);
	const struct staff_unit *u = &p.commune;
	assert_string_equal(p.pack->name, "nd34-2019");
	assert_int_equal(u->before, 15);
	/* after: 10 kept + 1 concurrent + 1 reassigned = 12; 1 retires and
	 * 2 leave with support = 3 leaving */
	assert_int_equal(u->after, 12);
	assert_int_equal(u->kept, 10);
	assert_int_equal(u->concurrent_arr, 1);
	assert_int_equal(u->reassigned, 1);
	assert_int_equal(u->leaving, 3);
	/* class II under NĐ 34/2019: at most 12, and no increase exists */
	assert_int_equal(u->quota, 12);
	assert_int_equal(staff_over(u), 0);
	/* person 10 holds thu_y and van_hoa_truyen_thanh */
	assert_int_equal(u->concurrent, 1);
	/* t0–t9 kept, thu_y and van_hoa (10), khuyen_nong (12): all 13 */
	assert_int_equal(u->filled.n, 13);
	assert_int_equal(u->vacant.n, 0);
	/* fund 13,7; allowances 15 × 1,14 = 17,1 before, 12 × 1,14 = 13,68
	 * after: inside the fund by 0,02 */
	assert_true(u->fund > 13.699 && u->fund < 13.701);
	assert_true(u->allowance_before > 17.099 && u->allowance_before < 17.101);
	assert_true(u->allowance_after > 13.679 && u->allowance_after < 13.681);
	assert_false(staff_over_fund(u));
	/* base salary 1.490.000 đ: fund 13,7 × 1.490.000 = 20.413.000 đ;
	 * after 13,68 × 1.490.000 = 20.383.200 đ */
	assert_true(p.base_salary == 1490000);
	assert_true(unit_says(&p, u, "quỹ 13,7 lần (20.413.000 đ)"));
	assert_true(unit_says(&p, u, "sau sắp xếp 13,68 lần (20.383.200 đ)"));
	assert_true(unit_says(&p, u, "Định mức cấp xã loại II: 12 người — Nghị định 34/2019/NĐ-CP, Điều 2 (A)"));
	staff_plan_free(&p);
	fx_close(&fx);
}

static void commune_of_15_under_nd33(void **state)
{
	(void)state;
	struct fx fx;
	fx_open(&fx, &class_ii, NULL);
	fifteen_people(&fx, true);
	struct staff_plan p;
	plan_on(&fx, ND33_DAY, LANG_EN, &p);
	const struct staff_unit *u = &p.commune;
	assert_string_equal(p.pack->name, "nd33-2023");
	/* 12 for class II; population 7.500 under the xã standard of 8.000
	 * and area 25 km² under 30 km²: no increase */
	assert_int_equal(u->quota, 12);
	assert_int_equal(u->after, 12);
	assert_int_equal(staff_over(u), 0);
	/* fund 18,0 × 2.340.000 = 42.120.000 VND; after 13,68 × 2.340.000 =
	 * 32.011.200 VND */
	assert_true(u->fund > 17.999 && u->fund < 18.001);
	assert_true(unit_says(&p, u, "fund 18.0 × (42,120,000 VND)"));
	assert_true(unit_says(&p, u, "after the plan 13.68 × (32,011,200 VND)"));
	/* the commune fund of NĐ 33/2023 is graded C: shown as uncertain */
	assert_true(unit_says(&p, u, "Điều 34 khoản 1 (C) [uncertain]"));
	staff_plan_free(&p);
	fx_close(&fx);
}

static void alerts_say_what_is_over(void **state)
{
	(void)state;
	setenv("SAPXEP_NOW", TODAY, 1);
	struct fx fx;
	fx_open(&fx, &class_ii, NULL);
	fifteen_people(&fx, false);	/* nobody planned: all 15 kept */
	struct strv out = STRV_INIT;
	enum alert_source *from = NULL;
	domain_alerts(fx.db, LANG_VI, &out, &from);
	/* 15 kept against 12: 3 over; allowances 15 × 1,14 = 17,1 against a
	 * fund of 18,0: inside it, so no fund alert */
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0], "Cấp xã: 15 người, định mức 12 (vượt 3)");
	assert_int_equal(from[0], ALERT_STAFF);	/* it opens the quota screen */
	free(from);
	strv_free(&out);
	domain_alerts(fx.db, LANG_EN, &out, NULL);
	assert_string_equal(out.v[0], "Commune level: 15 people, quota 12 (3 over)");
	strv_free(&out);
	fx_close(&fx);
}

/* --- hamlets of 360 households ------------------------------------------ */

static void hamlet_of_360_households(void **state)
{
	(void)state;
	struct fx fx;
	fx_open(&fx, &class_ii, NULL);
	const char *dong = add_hamlet(&fx, "Thôn Đông", "thon", "360", "false");
	add_hamlet(&fx, "Tổ dân phố 5", "tdp", "360", "false");
	add_hamlet(&fx, "Tổ dân phố 7", "tdp", "120", "true");
	const char *a[] = { "full_name", "Lê Văn Bảy", "birth_date", "1975-05-05", "unit", "hamlet",
		"hamlet", dong, "positions", "bi_thu_chi_bo,truong_ban_mttq",
		"allowance_coefficient", "1.5", "arrangement", "keep", NULL };
	const char *b[] = { "full_name", "Trần Thị Tám", "birth_date", "1982-08-08", "unit", "hamlet",
		"hamlet", dong, "positions", "truong_thon", "allowance_coefficient", "1.2",
		"arrangement", "keep", NULL };
	add(&fx, "staff", a);
	add(&fx, "staff", b);

	struct staff_plan p;
	plan_on(&fx, ND34_DAY, LANG_VI, &p);
	/* NĐ 34/2019 Điều 2 khoản 6: a thôn of 360 ≥ 350 households gets 5,0;
	 * a tổ dân phố is not in that group whatever its size, nor for key
	 * security (graded C): 3,0 */
	assert_true(unit_named(&p, "Thôn Đông")->fund == 5.0);
	assert_true(unit_named(&p, "Tổ dân phố 5")->fund == 3.0);
	assert_true(unit_named(&p, "Tổ dân phố 7")->fund == 3.0);
	/* 5,0 × 1.490.000 = 7.450.000 đ */
	assert_true(unit_says(&p, unit_named(&p, "Thôn Đông"), "quỹ 5,0 lần (7.450.000 đ)"));
	staff_plan_free(&p);

	plan_on(&fx, ND33_DAY, LANG_VI, &p);
	const struct staff_unit *u = unit_named(&p, "Thôn Đông");
	/* NĐ 33/2023 Điều 34 khoản 2: thôn of 360 ≥ 350: 6,0;
	 * tổ dân phố of 360 < 500: 4,5; tổ dân phố in a key-security area: 6,0 */
	assert_true(u->fund == 6.0);
	assert_true(unit_named(&p, "Tổ dân phố 5")->fund == 4.5);
	assert_true(unit_named(&p, "Tổ dân phố 7")->fund == 6.0);
	/* 6,0 × 2.340.000 = 14.040.000 đ; allowances 1,5 + 1,2 = 2,7 */
	assert_true(unit_says(&p, u, "quỹ 6,0 lần (14.040.000 đ)"));
	assert_true(unit_says(&p, u, "sau sắp xếp 2,7 lần (6.318.000 đ)"));
	assert_true(unit_says(&p, u, "thôn có 360 hộ, từ 350 hộ trở lên) — Nghị định 33/2023/NĐ-CP, Điều 34 khoản 2 điểm a (A)"));
	/* two people hold the three paid titles: quota 3, one under */
	assert_int_equal(u->before, 2);
	assert_int_equal(u->after, 2);
	assert_int_equal(u->quota, 3);
	assert_int_equal(staff_over(u), -1);
	assert_int_equal(u->concurrent, 1);
	assert_int_equal(u->filled.n, 3);
	assert_int_equal(u->vacant.n, 0);
	/* an empty hamlet: every paid title vacant */
	assert_int_equal(unit_named(&p, "Tổ dân phố 5")->vacant.n, 3);
	staff_plan_free(&p);
	fx_close(&fx);
}

/* --- wards above their population standard ------------------------------- */

static void ward_of_urban_district_over_population(void **state)
{
	(void)state;
	/* a class I phường of a quận (from its former district's name) */
	static const struct commune ward = { .klass = "I", .kind = "phuong",
		.district = "Quận 3", .population = 27000, .area = 4.2 };
	struct fx fx;
	fx_open(&fx, &ward, NULL);
	struct staff_plan p;
	plan_on(&fx, ND33_DAY, LANG_VI, &p);
	/* standard 15.000 (NQ 1211 Điều 8); one more per full 1/3 of it
	 * (5.000) above it: (27.000 − 15.000) / 5.000 = 2,4 → 2; area 4,2 km²
	 * under 5,5 km²: none. 14 + 2 = 16 */
	assert_int_equal(p.commune.quota, 16);
	assert_true(unit_says(&p, &p.commune, "Tiêu chuẩn dân số của phường thuộc quận: 15.000 người — Nghị quyết 1211/2016/UBTVQH13, Điều 8 (A)"));
	assert_true(unit_says(&p, &p.commune, "Dân số 27.000 người, tăng thêm 2 người (mỗi 1/3 tiêu chuẩn vượt)"));
	staff_plan_free(&p);
	/* NĐ 34/2019 had no increase: 14 */
	plan_on(&fx, ND34_DAY, LANG_VI, &p);
	assert_int_equal(p.commune.quota, 14);
	staff_plan_free(&p);
	fx_close(&fx);
}

static void ward_of_city_over_population_and_area(void **state)
{
	(void)state;
	/* the standard named in sapxep.yaml; the area an exact multiple */
	static const struct commune ward = { .klass = "II", .kind = "phuong",
		.standard = "phuong_thanh_pho", .population = 12000, .area = 16.5 };
	struct fx fx;
	fx_open(&fx, &ward, NULL);
	struct staff_plan p;
	plan_on(&fx, ND33_DAY, LANG_VI, &p);
	/* population: standard 7.000, one per full 1/2 (3.500) above it:
	 * 5.000 / 3.500 = 1,43 → 1. Area: standard 5,5 km², one per full 100%
	 * (5,5 km²) above it: 11,0 / 5,5 = 2 exactly → 2. 12 + 1 + 2 = 15 */
	assert_int_equal(p.commune.quota, 15);
	staff_plan_free(&p);
	fx_close(&fx);
}

static void unknown_standard_adds_nothing_and_says_so(void **state)
{
	(void)state;
	/* a phường with no district and no standard: which standard is unknown */
	static const struct commune ward = { .klass = "III", .kind = "phuong",
		.population = 40000, .area = 30 };
	struct fx fx;
	fx_open(&fx, &ward, NULL);
	struct staff_plan p;
	plan_on(&fx, ND33_DAY, LANG_EN, &p);
	assert_int_equal(p.commune.quota, 10);
	assert_true(unit_says(&p, &p.commune, "commune.standard in sapxep.yaml"));
	staff_plan_free(&p);
	fx_close(&fx);
}

/* --- the 2025 transition ------------------------------------------------- */

static void transition_moves_commune_staff_to_hamlets(void **state)
{
	(void)state;
	setenv("SAPXEP_NOW", "2026-07-01T09:00:00+07:00", 1);
	struct fx fx;
	fx_open(&fx, &class_ii, NULL);
	const char *dong = add_hamlet(&fx, "Thôn Đông", "thon", "360", "false");
	const char *kept[] = { "full_name", "Phạm Văn Giữ", "birth_date", "1980-02-02",
		"unit", "commune", "positions", "thu_y", "allowance_coefficient", "1.0",
		"arrangement", "keep", NULL };
	const char *moved[] = { "full_name", "Võ Thị Chuyển", "birth_date", "1985-03-03",
		"unit", "commune", "positions", "pho_ct_phu_nu", "allowance_coefficient", "1.0",
		"arrangement", "reassign", "new_positions", "truong_ban_mttq",
		"new_hamlet", dong, "effective_date", "2026-05-30", NULL };
	add(&fx, "staff", kept);
	add(&fx, "staff", moved);

	struct staff_plan p;
	struct date on = { 2026, 7, 1 };
	plan_on(&fx, on, LANG_VI, &p);
	assert_string_equal(p.pack->name, "transition-2025");
	/* after 30/05/2026 the commune level has no posts: quota 0, and no
	 * increase is added to nothing; the one kept is over */
	assert_int_equal(p.commune.quota, 0);
	assert_int_equal(p.commune.before, 2);
	assert_int_equal(p.commune.after, 1);
	assert_int_equal(p.commune.moved_out, 1);
	assert_int_equal(staff_over(&p.commune), 1);
	/* the one moved counts at the hamlet after, with her allowance */
	const struct staff_unit *u = unit_named(&p, "Thôn Đông");
	assert_int_equal(u->before, 0);
	assert_int_equal(u->after, 1);
	assert_int_equal(u->reassigned, 1);
	assert_true(u->allowance_after == 1.0);
	/* hamlet rules still those of NĐ 33/2023, inherited */
	assert_true(u->fund == 6.0);
	struct strv lines = STRV_INIT;
	staff_head_lines(&p, &lines);
	assert_true(lines_have(&lines, "Sau ngày 30/05/2026 cấp xã không còn người hoạt động không chuyên trách"));
	assert_true(lines_have(&lines, "Nghị định 154/2025/NĐ-CP"));
	/* NĐ 185/2026 (X) is flagged, not applied */
	assert_true(lines_have(&lines, "Nghị định 185/2026/NĐ-CP (X) [chưa chắc chắn]"));
	strv_free(&lines);
	staff_plan_free(&p);

	/* before the last day the quota of NĐ 33/2023 still holds */
	struct date march = { 2026, 3, 1 };
	plan_on(&fx, march, LANG_VI, &p);
	assert_int_equal(p.commune.quota, 12);
	staff_plan_free(&p);

	/* the person kept at commune level is warned */
	struct db_rec *x = db_get(fx.db, "staff", fx.ids.v[1]);
	struct problems ps = { 0 };
	db_check(fx.db, formset_get(fx.ws->forms, "staff"), x->r, &ps);
	const struct problem *w = problems_for(&ps, "arrangement");
	assert_non_null(w);
	assert_int_equal(w->sev, SEV_WARNING);
	assert_non_null(strstr(w->msg.en, "until 30/05/2026"));
	problems_free(&ps);
	fx_close(&fx);
	setenv("SAPXEP_NOW", TODAY, 1);
}

/* --- checks across records ----------------------------------------------- */

/* The problems of a record not yet saved. */
static void check_new(struct fx *fx, const char *const *kv, struct problems *ps)
{
	struct record *r = make(fx, "staff", kv);
	db_check(fx->db, formset_get(fx->ws->forms, "staff"), r, ps);
	record_free(r);
}

static void expect(const struct problems *ps, const char *field, enum severity sev,
    const char *text)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].field && strcmp(ps->v[i].field, field) == 0 && ps->v[i].sev == sev &&
		    strstr(ps->v[i].msg.en, text) && ps->v[i].msg.vi && *ps->v[i].msg.vi)
			return;
	for (size_t i = 0; i < ps->n; i++)
		print_message("  | %s: %s\n", ps->v[i].field ? ps->v[i].field : "-", ps->v[i].msg.en);
	fail_msg("no %s on %s saying '%s'", sev == SEV_ERROR ? "error" : "warning", field, text);
}

static void checks_across_records(void **state)
{
	(void)state;
	setenv("SAPXEP_NOW", TODAY, 1);
	struct fx fx;
	fx_open(&fx, &class_ii, NULL);
	const char *dong = add_hamlet(&fx, "Thôn Đông", "thon", "360", "false");
	const char *head[] = { "full_name", "Nguyễn Văn An", "birth_date", "1980-04-04",
		"gender", "nam", "unit", "hamlet", "hamlet", dong, "positions", "truong_thon",
		"arrangement", "keep", NULL };
	add(&fx, "staff", head);
	struct problems ps = { 0 };

	/* a commune title in a hamlet */
	const char *misfit[] = { "full_name", "Bùi Thị Lạc", "unit", "hamlet", "hamlet", dong,
		"positions", "thu_y", "arrangement", "keep", NULL };
	check_new(&fx, misfit, &ps);
	expect(&ps, "positions", SEV_ERROR, "'Veterinary worker' is not a hamlet level title");
	problems_free(&ps);

	/* the same hamlet title twice, now */
	const char *second[] = { "full_name", "Đỗ Văn Hai", "unit", "hamlet", "hamlet", dong,
		"positions", "truong_thon", "arrangement", "keep", NULL };
	check_new(&fx, second, &ps);
	expect(&ps, "positions", SEV_ERROR, "in Thôn Đông is already held by Nguyễn Văn An");
	problems_free(&ps);

	/* and after the plan */
	const char *taker[] = { "full_name", "Đỗ Văn Ba", "unit", "hamlet", "hamlet", dong,
		"positions", "bi_thu_chi_bo", "arrangement", "concurrent",
		"new_positions", "bi_thu_chi_bo,truong_thon", "effective_date", "2025-03-01", NULL };
	check_new(&fx, taker, &ps);
	expect(&ps, "new_positions", SEV_ERROR, "After the plan, 'Hamlet head / neighbourhood head' in Thôn Đông is also held by Nguyễn Văn An");
	problems_free(&ps);

	/* concurrent with one title only */
	const char *one[] = { "full_name", "Mai Văn Một", "unit", "commune", "positions", "thu_y",
		"arrangement", "concurrent", "new_positions", "thu_y",
		"effective_date", "2025-03-01", NULL };
	check_new(&fx, one, &ps);
	expect(&ps, "new_positions", SEV_ERROR, "two or more titles");
	problems_free(&ps);

	/* a hamlet title after the plan, with no hamlet to hold it in */
	const char *nowhere[] = { "full_name", "Mai Văn Xuống", "unit", "commune",
		"positions", "thu_y", "arrangement", "reassign", "new_positions", "bi_thu_chi_bo",
		"effective_date", "2025-03-01", NULL };
	check_new(&fx, nowhere, &ps);
	expect(&ps, "new_hamlet", SEV_ERROR, "Choose the hamlet for the title 'Party cell secretary'");
	problems_free(&ps);

	/* the same person typed again, without diacritics */
	const char *again[] = { "full_name", "nguyen van  AN", "birth_date", "1980-04-04",
		"unit", "commune", "positions", "thu_y", "arrangement", "keep", NULL };
	check_new(&fx, again, &ps);
	expect(&ps, "full_name", SEV_ERROR, "Same name and birth date");
	problems_free(&ps);
	/* same name, another birth date: another person */
	const char *namesake[] = { "full_name", "Nguyễn Văn An", "birth_date", "1990-04-04",
		"unit", "commune", "positions", "thu_y", "arrangement", "keep", NULL };
	check_new(&fx, namesake, &ps);
	assert_null(problems_for(&ps, "full_name"));
	problems_free(&ps);
	fx_close(&fx);
}

/* Every problem of a record, one per line. Owned. */
static char *problems_text(const struct problems *ps)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < ps->n; i++)
		sbuf_printf(&b, "%s %d %s\n", ps->v[i].field ? ps->v[i].field : "-",
		    ps->v[i].sev, ps->v[i].msg.en);
	return sbuf_detach(&b);
}

/* A db's records checked one after another (a plan, validate) go through
 * an index of who holds what; the first check after a change walks every
 * record. Both must find the same problems, in the same order. */
static void index_finds_what_the_plain_pass_finds(void **state)
{
	(void)state;
	setenv("SAPXEP_NOW", TODAY, 1);
	struct fx fx;
	fx_open(&fx, &class_ii, NULL);
	const char *h1 = add_hamlet(&fx, "Thôn Một", "thon", "360", "false");
	const char *h2 = add_hamlet(&fx, "Thôn Hai", "thon", "200", "false");
	const char *const people[][20] = {
		{ "full_name", "Nguyễn Văn An", "birth_date", "1980-04-04", "unit", "hamlet",
		  "hamlet", h1, "positions", "truong_thon", "arrangement", "keep", NULL },
		{ "full_name", "Trần Văn Bình", "birth_date", "1981-05-05", "unit", "hamlet",
		  "hamlet", h1, "positions", "truong_thon", "arrangement", "keep", NULL },
		{ "full_name", "Lê Thị Chi", "birth_date", "1982-06-06", "unit", "hamlet",
		  "hamlet", h1, "positions", "bi_thu_chi_bo", "arrangement", "concurrent",
		  "new_positions", "bi_thu_chi_bo,truong_thon", "effective_date", "2025-03-01", NULL },
		{ "full_name", "nguyen van  AN", "birth_date", "1980-04-04", "unit", "commune",
		  "positions", "thu_y", "arrangement", "keep", NULL },
		{ "full_name", "Phạm Văn Dũng", "birth_date", "1980-04-04", "unit", "hamlet",
		  "hamlet", h2, "positions", "truong_ban_mttq", "arrangement", "reassign",
		  "new_positions", "truong_thon", "new_hamlet", h1, "effective_date", "2025-03-01", NULL },
		{ "full_name", "Võ Văn Em", "birth_date", "1983-07-07", "unit", "hamlet",
		  "hamlet", h2, "positions", "truong_thon", "arrangement", "keep", NULL },
		{ "full_name", "Đỗ Thị Gấm", "birth_date", "1970-01-01", "unit", "hamlet",
		  "hamlet", h2, "positions", "truong_thon", "arrangement", "retire",
		  "effective_date", "2025-03-01", NULL },
	};
	size_t n = sizeof people / sizeof people[0];
	for (size_t i = 0; i < n; i++)
		add(&fx, "staff", people[i]);
	const struct form *f = formset_get(fx.ws->forms, "staff");
	size_t clashes = 0;
	struct err e;
	for (size_t i = 0; i < n; i++) {
		/* a change (here a reload) starts a new state of the db */
		assert_int_equal(db_reload(fx.db, "staff", fx.ids.v[2], &e), 0);
		const struct record *r = db_get(fx.db, "staff", fx.ids.v[2 + i])->r;
		struct problems plain = { 0 }, indexed = { 0 }, again = { 0 };
		db_check(fx.db, f, r, &plain);
		db_check(fx.db, f, r, &indexed);
		db_check(fx.db, f, r, &again);
		char *a = problems_text(&plain), *b = problems_text(&indexed), *c = problems_text(&again);
		assert_string_equal(a, b);
		assert_string_equal(a, c);
		clashes += strstr(a, "held by") || strstr(a, "Same name") ? 1 : 0;
		free(a);
		free(b);
		free(c);
		problems_free(&plain);
		problems_free(&indexed);
		problems_free(&again);
	}
	/* every one of them clashes with someone: An and Bình hold the same
	 * title now, Chi and Dũng take it after the plan, An's namesake was
	 * born the same day, Em and Gấm hold one title in Thôn Hai */
	assert_int_equal(clashes, n);
	fx_close(&fx);
}

static void ages_are_warned_on_the_effective_date(void **state)
{
	(void)state;
	setenv("SAPXEP_NOW", TODAY, 1);	/* 15/01/2025 */
	struct fx fx;
	fx_open(&fx, &class_ii, NULL);
	struct problems ps = { 0 };

	/* born 10/01/1963, kept: on 15/01/2025 aged 62 years 0 months = 744
	 * months; the men's age in 2025 is 61 years 3 months = 735 months */
	const char *old_man[] = { "full_name", "Ông Già", "birth_date", "1963-01-10",
		"gender", "nam", "unit", "commune", "positions", "thu_y", "arrangement", "keep", NULL };
	check_new(&fx, old_man, &ps);
	expect(&ps, "birth_date", SEV_WARNING, "aged 62 years 0 months, at or over the retirement age of 61 years 3 months");
	expect(&ps, "birth_date", SEV_WARNING, "[uncertain]");
	problems_free(&ps);
	/* the same man retiring is not warned */
	const char *retiring[] = { "full_name", "Ông Già", "birth_date", "1963-01-10",
		"gender", "nam", "unit", "commune", "positions", "thu_y", "arrangement", "retire",
		"effective_date", "2025-02-01", NULL };
	check_new(&fx, retiring, &ps);
	assert_null(problems_for(&ps, "birth_date"));
	problems_free(&ps);
	/* born 01/06/1970, a woman: 54 years 7 months = 655 months, under the
	 * 2025 women's age of 56 years 8 months = 680 months */
	const char *woman[] = { "full_name", "Bà Lan", "birth_date", "1970-06-01",
		"gender", "nu", "unit", "commune", "positions", "thu_y", "arrangement", "keep", NULL };
	check_new(&fx, woman, &ps);
	assert_null(problems_for(&ps, "birth_date"));
	problems_free(&ps);
	/* under 18 on the effective date 01/03/2025: born 02/03/2007 is
	 * 17 years old that day */
	const char *young[] = { "full_name", "Em Trẻ", "birth_date", "2007-03-02",
		"unit", "commune", "positions", "thu_y", "arrangement", "reassign",
		"new_positions", "khuyen_nong", "effective_date", "2025-03-01", NULL };
	check_new(&fx, young, &ps);
	expect(&ps, "birth_date", SEV_WARNING, "Under 18 on 01/03/2025");
	problems_free(&ps);
	fx_close(&fx);
}

/* --- the packs themselves ------------------------------------------------ */

static void shipped_packs_cite_every_figure(void **state)
{
	(void)state;
	struct strv dirs = STRV_INIT, errors = STRV_INIT;
	paths_config_dirs(t_paths(), NULL, &dirs);
	struct packset ps;
	assert_int_equal(packs_load(&dirs, &ps, &errors), 0);
	static const char *const names[] = { "nd34-2019", "nd33-2023", "transition-2025",
		"nd135-2020" };
	for (size_t k = 0; k < 4; k++) {
		const struct pack *p = pack_get(&ps, names[k]);
		assert_non_null(p);
		for (size_t i = 0; i < p->n; i++)
			for (size_t j = 0; j < p->facts[i].nv; j++) {
				const struct citation *c = &p->facts[i].v[j].cite;
				if (!c->instrument || !c->confidence)
					fail_msg("%s: %s has no instrument or confidence", p->name, p->facts[i].key);
				/* a number in force has an article, except the base salary and ages */
				if (!c->article && strcmp(p->facts[i].key, "base_salary") != 0 &&
				    strncmp(p->facts[i].key, "retirement_age", 14) != 0 &&
				    strncmp(p->facts[i].key, "commune_level", 13) != 0 &&
				    strcmp(p->facts[i].key, "support_policy") != 0 &&
				    strcmp(p->facts[i].key, "hamlet_rules.unverified_from") != 0 &&
				    !(strncmp(p->facts[i].key, "commune_", 8) == 0 && p->facts[i].v[j].num == 0))
					fail_msg("%s: %s has no article", p->name, p->facts[i].key);
			}
	}
	/* by date: 34/2019 until 31/7/2023, 33/2023 from 01/8/2023, the
	 * transition from 01/8/2025 */
	struct date d1 = { 2023, 7, 31 }, d2 = { 2023, 8, 1 }, d3 = { 2025, 8, 1 };
	assert_string_equal(pack_select(&ps, "staff", NULL, d1)->name, "nd34-2019");
	assert_string_equal(pack_select(&ps, "staff", NULL, d2)->name, "nd33-2023");
	assert_string_equal(pack_select(&ps, "staff", NULL, d3)->name, "transition-2025");
	/* base salary by date: 1,8 in July 2023 (under 34/2019), 2,34 from July 2024 */
	const struct pack *nd33 = pack_get(&ps, "nd33-2023");
	struct date jul23 = { 2023, 7, 15 }, jul24 = { 2024, 7, 1 }, jun24 = { 2024, 6, 30 };
	assert_true(pack_number(pack_get(&ps, "nd34-2019"), "base_salary", jul23, -1) == 1800000);
	assert_true(pack_number(nd33, "base_salary", jun24, -1) == 1800000);
	assert_true(pack_number(nd33, "base_salary", jul24, -1) == 2340000);
	/* the NĐ 33/2023 commune fund is graded C, as the notes say */
	assert_string_equal(pack_value(nd33, "commune_fund.II", d2)->cite.confidence, "C");
	packs_free(&ps);
	strv_free(&dirs);
	strv_free(&errors);
}

/* nd33-2023 extends nd34-2019 for the base salary only: everything else
 * it must define itself, or a 2019 figure would slip into a 2023 plan. */
static void nd33_inherits_only_the_base_salary(void **state)
{
	(void)state;
	const char *root = t_paths()->datadir;
	struct pack p34, p33;
	struct err e;
	char *paths[2] = { xasprintf("%s/config/rules/nd34-2019.yaml", root),
		xasprintf("%s/config/rules/nd33-2023.yaml", root) };
	struct pack *packs[2] = { &p34, &p33 };
	for (int i = 0; i < 2; i++) {
		size_t len;
		char *buf = t_read(paths[i], &len);
		assert_non_null(buf);
		if (pack_parse(buf, len, paths[i], packs[i], &e) != 0)
			fail_msg("%s", e.msg);
		free(buf);
	}
	struct date on = { 2024, 1, 1 };
	for (size_t i = 0; i < p34.n; i++) {
		if (strcmp(p34.facts[i].key, "base_salary") == 0)
			assert_null(pack_value(&p33, "base_salary", on));
		else if (!pack_value(&p33, p34.facts[i].key, on))
			fail_msg("nd33-2023 would inherit %s from nd34-2019", p34.facts[i].key);
	}
	pack_clear(&p34);
	pack_clear(&p33);
	free(paths[0]);
	free(paths[1]);
}

static void province_pack_overrides_without_recompiling(void **state)
{
	(void)state;
	/* a hypothetical provincial pack, in the workspace's config/rules */
	static const char pack[] =
	    "pack: tinh-72\n"
	    "kind: staff\n"
	    "title: {vi: Tỉnh thử, en: Test province}\n"
	    "extends: nd33-2023\n"
	    "instrument: Nghị quyết 99/2024/NQ-HĐND (thử)\n"
	    "confidence: B\n"
	    "facts:\n"
	    "  hamlet_quota: {value: 2, article: Điều 1}\n";
	static const struct commune c = { .klass = "II", .kind = "xa", .rules = "tinh-72",
		.population = -1, .area = -1 };
	struct fx fx;
	fx_open(&fx, &c, pack);
	add_hamlet(&fx, "Thôn Đông", "thon", "360", "false");
	struct staff_plan p;
	plan_on(&fx, ND33_DAY, LANG_VI, &p);
	assert_string_equal(p.pack->name, "tinh-72");
	assert_int_equal(p.hamlets[0].quota, 2);
	/* what it does not override comes from NĐ 33/2023 */
	assert_int_equal(p.commune.quota, 12);
	assert_true(p.hamlets[0].fund == 6.0);
	/* no population recorded: said, not guessed */
	assert_true(unit_says(&p, &p.commune, "Chưa có dân số của xã"));
	staff_plan_free(&p);
	fx_close(&fx);

	/* a pack named in sapxep.yaml that does not exist is an error */
	static const struct commune bad = { .klass = "II", .rules = "khong-co",
		.population = -1, .area = -1 };
	fx_open(&fx, &bad, NULL);
	struct err e;
	assert_int_equal(staff_plan(fx.db, ND33_DAY, LANG_VI, &p, &e), -1);
	assert_non_null(strstr(e.msg, "khong-co"));
	fx_close(&fx);
}

static void incomplete_records_count_and_need_attention(void **state)
{
	(void)state;
	setenv("SAPXEP_NOW", TODAY, 1);
	struct fx fx;
	fx_open(&fx, &class_ii, NULL);
	/* no arrangement yet: counted before, and after as if kept */
	const char *undecided[] = { "full_name", "Hồ Văn Chờ", "unit", "commune",
		"positions", "thu_y", "allowance_coefficient", "1.1", NULL };
	/* no level: counted where nobody can tell */
	const char *nowhere[] = { "full_name", "Hồ Thị Đâu", "arrangement", "keep", NULL };
	add(&fx, "staff", undecided);
	add(&fx, "staff", nowhere);
	struct staff_plan p;
	plan_on(&fx, ND33_DAY, LANG_EN, &p);
	assert_int_equal(p.commune.before, 1);
	assert_int_equal(p.commune.after, 1);
	assert_int_equal(p.commune.undecided, 1);
	assert_int_equal(p.unplaced.before, 1);
	assert_int_equal(p.nattention, 2);
	struct strv lines = STRV_INIT;
	staff_attention_lines(&p, &lines);
	assert_true(lines_have(&lines, "Records to finish (2):"));
	assert_true(lines_have(&lines, "Hồ Văn Chờ"));
	strv_free(&lines);
	struct table t;
	staff_plan_table(&p, &t);
	/* header, commune level, the unplaced row */
	assert_int_equal(table_rows(&t), 3);
	table_free(&t);
	staff_plan_free(&p);
	fx_close(&fx);
}

static void numbers_read_the_vietnamese_way(void **state)
{
	(void)state;
	char *s;
	assert_string_equal(s = staff_fmt_dong(42120000, LANG_VI), "42.120.000 đ"), free(s);
	assert_string_equal(s = staff_fmt_dong(42120000, LANG_EN), "42,120,000 VND"), free(s);
	assert_string_equal(s = staff_fmt_multiple(18, LANG_VI), "18,0"), free(s);
	assert_string_equal(s = staff_fmt_multiple(13.68, LANG_VI), "13,68"), free(s);
	assert_string_equal(s = staff_fmt_multiple(-0.0001, LANG_VI), "0,0"), free(s);
	assert_string_equal(s = staff_fmt_multiple(1234.5, LANG_EN), "1,234.5"), free(s);
}

int main(void)
{
	setenv("SAPXEP_NOW", TODAY, 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commune_of_15_under_nd34),
		cmocka_unit_test(commune_of_15_under_nd33),
		cmocka_unit_test(alerts_say_what_is_over),
		cmocka_unit_test(hamlet_of_360_households),
		cmocka_unit_test(ward_of_urban_district_over_population),
		cmocka_unit_test(ward_of_city_over_population_and_area),
		cmocka_unit_test(unknown_standard_adds_nothing_and_says_so),
		cmocka_unit_test(transition_moves_commune_staff_to_hamlets),
		cmocka_unit_test(checks_across_records),
		cmocka_unit_test(index_finds_what_the_plain_pass_finds),
		cmocka_unit_test(ages_are_warned_on_the_effective_date),
		cmocka_unit_test(shipped_packs_cite_every_figure),
		cmocka_unit_test(nd33_inherits_only_the_base_salary),
		cmocka_unit_test(province_pack_overrides_without_recompiling),
		cmocka_unit_test(incomplete_records_count_and_need_attention),
		cmocka_unit_test(numbers_read_the_vietnamese_way),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
