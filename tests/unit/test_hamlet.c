/* test_hamlet.c — hamlets against the household standard, merger checks,
 * the vote rule, the review and the merge planner, on real workspaces
 * with the shipped rule pack (config/rules/tt14-2018.yaml), on its last day;
 * nd185_2026_from_its_first_day tests the Decree's pack. */
#include "support.h"
#include "core/text.h"
#include "core/uuid.h"
#include "domain/domain.h"
#include "domain/hamlet.h"
#include "store/fsutil.h"
#include "store/paths.h"
#include "store/workspace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A commune workspace with its records loaded and the rules attached. */
struct fx {
	char *dir;
	struct workspace *ws;
	struct db *db;
};

static void fx_open_pack(struct fx *x, const char *region, bool border,
    const char *pack)
{
	x->dir = t_tmpdir();
	char *root = path_join(x->dir, "ws");
	struct ws_config cfg = { 0 };
	cfg.province_code = "72";
	cfg.commune_code = "27600";
	cfg.commune_name = "Xã Thử";
	cfg.commune_class = "II";
	cfg.region = (char *)region;
	cfg.border_or_island = border;
	cfg.rules_hamlets = (char *)pack;
	cfg.population = -1;
	cfg.area_km2 = -1;
	cfg.officer_id = "nva";
	struct err e;
	if (ws_create(root, &cfg, t_paths(), &e) != 0)
		fail_msg("ws_create: %s", e.msg);
	if (ws_open(root, t_paths(), &x->ws, &e) != 0)
		fail_msg("ws_open: %s", e.msg);
	x->ws->durable = false;	/* these files are thrown away */
	free(root);
	if (db_open(x->ws, &x->db, &e) != 0)
		fail_msg("db_open: %s", e.msg);
	domain_attach(x->db);
}

static void fx_open(struct fx *x, const char *region, bool border)
{
	fx_open_pack(x, region, border, NULL);
}

static void fx_close(struct fx *x)
{
	db_free(x->db);
	ws_close(x->ws);
	t_rmtree(x->dir);
	free(x->dir);
}

/* the last day of Circular 14/2018 (pack tt14-2018, which these tests
 * hold the review to; nd185-2026 takes over the next day) */
static const struct date TODAY = { 2026, 5, 25 };

/* Save a hamlet; its id goes to id (UUID_LEN + 1 bytes). */
static void add_hamlet(struct fx *x, char *id, const char *name, const char *kind,
    long households, const char *factor)
{
	const struct form *f = formset_get(x->ws->forms, "hamlets");
	struct record *r = db_new_record(x->db, f);
	record_set_str(r, "name", name);
	record_set_str(r, "kind", kind);
	if (households >= 0) {
		char buf[32];
		snprintf(buf, sizeof buf, "%ld", households);
		record_set_str(r, "households", buf);
	}
	if (factor) {
		struct strv fs = STRV_INIT;
		strv_push(&fs, factor);
		record_set_list(r, "factors", &fs);
		strv_free(&fs);
	}
	struct err e;
	if (db_save(x->db, r, 0, NULL, NULL, &e) != 0)
		fail_msg("saving hamlet %s: %s", name, e.msg);
	memcpy(id, r->id, UUID_LEN + 1);
	record_free(r);
}

static void set_field(struct fx *x, const char *form, const char *id,
    const char *field, const char *value)
{
	struct db_rec *rec = db_get(x->db, form, id);
	assert_non_null(rec);
	struct record *r = record_clone(rec->r);
	record_set_str(r, field, value);
	struct err e;
	if (db_save(x->db, r, r->revision, NULL, NULL, &e) != 0)
		fail_msg("saving %s: %s", field, e.msg);
	record_free(r);
}

/* Make a and b neighbours (one direction is enough for the planner). */
static void link_hamlets(struct fx *x, const char *a, const char *b)
{
	struct db_rec *rec = db_get(x->db, "hamlets", a);
	struct record *r = record_clone(rec->r);
	const struct fval *v = record_get(r, "neighbours");
	struct strv nb = STRV_INIT;
	for (size_t i = 0; v && i < v->items.n; i++)
		strv_push(&nb, v->items.v[i]);
	strv_push(&nb, b);
	record_set_list(r, "neighbours", &nb);
	strv_free(&nb);
	struct err e;
	if (db_save(x->db, r, r->revision, NULL, NULL, &e) != 0)
		fail_msg("linking: %s", e.msg);
	record_free(r);
}

/* A merger record (not saved) of the given hamlets. */
static struct record *new_merger(struct fx *x, const char *name, const char *stage,
    long total, long agree, const char *h1, const char *h2)
{
	const struct form *f = formset_get(x->ws->forms, "mergers");
	struct record *r = db_new_record(x->db, f);
	record_set_str(r, "new_name", name);
	record_set_str(r, "stage", stage);
	struct strv hs = STRV_INIT;
	strv_push(&hs, h1);
	strv_push(&hs, h2);
	record_set_list(r, "hamlets", &hs);
	strv_free(&hs);
	char buf[32];
	if (total >= 0) {
		snprintf(buf, sizeof buf, "%ld", total);
		record_set_str(r, "voters_total", buf);
	}
	if (agree >= 0) {
		snprintf(buf, sizeof buf, "%ld", agree);
		record_set_str(r, "voters_agree", buf);
	}
	return r;
}

static void save(struct fx *x, struct record *r)
{
	struct err e;
	if (db_save(x->db, r, r->revision, NULL, NULL, &e) != 0)
		fail_msg("save: %s", e.msg);
}

/* The first problem about `field` whose English message holds `text`. */
static const struct problem *find_problem(const struct problems *ps,
    const char *field, const char *text)
{
	for (size_t i = 0; i < ps->n; i++) {
		const struct problem *p = &ps->v[i];
		if ((field == NULL) != (p->field == NULL))
			continue;
		if (field && strcmp(field, p->field) != 0)
			continue;
		if (strstr(p->msg.en, text))
			return p;
	}
	return NULL;
}

static struct record *hamlet_rec(struct fx *x, const char *kind, const char *region,
    long households)
{
	struct record *r = record_new(formset_get(x->ws->forms, "hamlets"));
	record_set_str(r, "name", "Thôn Thử");
	record_set_str(r, "kind", kind);
	record_set_str(r, "region", region);
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", households);
	record_set_str(r, "households", buf);
	return r;
}

/* --- standards ---------------------------------------------------------- */

/* Article 7 of Circular 04/2012 as amended by 14/2018 (regulations.md
 * section 2a): a worked example for every region and kind. At the
 * standard a unit meets it; one household less is below it; half the
 * standard (rounded up) is still "below"; one less is "must merge". */
struct std_case {
	const char *kind, *region;
	bool border;
	long standard;
	const char *grade;
};

/* Each case of ex[] under the pack in force on `on`, which is `pack`, at
 * six sizes: above the standard, at it, one under, half (rounded up), one
 * under half, none. Each gets the standard, the status want[k], the
 * case's grade, and households / standard in ‰. */
static void check_standards(struct fx *x, struct date on, const char *pack,
    const struct std_case *ex, size_t nex, const enum hamlet_status want[6])
{
	for (size_t i = 0; i < nex; i++) {
		x->ws->cfg.border_or_island = ex[i].border;
		struct hamlet_rules hr;
		struct err e;
		assert_int_equal(hamlet_rules_get(x->ws, on, &hr, &e), 0);
		assert_string_equal(hr.pack->name, pack);
		long s = ex[i].standard, half = (s + 1) / 2;
		const long hh[] = { s + 40, s, s - 1, half, half - 1, 0 };
		for (size_t k = 0; k < 6; k++) {
			struct record *r = hamlet_rec(x, ex[i].kind, ex[i].region, hh[k]);
			struct hamlet_row row;
			hamlet_assess(&hr, r, &row);
			if (!row.standard || row.standard->num != (double)s || row.status != want[k])
				fail_msg("%s in %s%s, %ld households: standard %g, status %s; expected %ld, %s",
				    ex[i].kind, ex[i].region, ex[i].border ? " (border)" : "", hh[k],
				    row.standard ? row.standard->num : -1.0,
				    hamlet_status_code(row.status), s, hamlet_status_code(want[k]));
			assert_string_equal(row.standard->cite.confidence, ex[i].grade);
			assert_int_equal(row.ratio_pm, (long)floor(hh[k] * 1000.0 / s));
			record_free(r);
		}
		hamlet_rules_free(&hr);
	}
}

static void standards_by_region_and_kind(void **state)
{
	(void)state;
	static const struct std_case ex[] = {
		{ "thon", "north_mountains", false, 150, "A" },
		{ "thon", "red_river_delta", false, 300, "A" },
		{ "thon", "hanoi", false, 300, "A" },
		{ "thon", "central", false, 250, "A" },
		{ "thon", "central_highlands", false, 200, "A" },
		{ "thon", "south", false, 350, "A" },
		{ "thon", "hcmc", false, 350, "A" },
		{ "thon", "south", true, 100, "A" },
		{ "tdp", "north_mountains", false, 200, "B" },
		{ "tdp", "red_river_delta", false, 350, "B" },
		{ "tdp", "hanoi", false, 450, "B" },
		{ "tdp", "central", false, 300, "B" },
		{ "tdp", "south", false, 400, "B" },
		{ "tdp", "hcmc", false, 450, "C" },
		{ "tdp", "central_highlands", false, 250, "D" },
		{ "tdp", "central", true, 150, "D" },
	};
	static const enum hamlet_status want[] = { HS_MEETS, HS_MEETS, HS_BELOW,
		HS_BELOW, HS_MUST_MERGE, HS_MUST_MERGE };
	struct fx x;
	fx_open(&x, "south", false);
	check_standards(&x, TODAY, "tt14-2018", ex, sizeof ex / sizeof *ex, want);
	fx_close(&x);
}

/* The figures the notes could not confirm are graded D and said to be
 * unconfirmed, with their note; a C figure is uncertain, not unconfirmed. */
static void unconfirmed_standards_are_marked(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "central_highlands", false);
	struct hamlet_rules hr;
	struct err e;
	assert_int_equal(hamlet_rules_get(x.ws, TODAY, &hr, &e), 0);
	const struct fact_value *v = hamlet_standard(&hr, "tdp", "central_highlands");
	assert_non_null(v);
	assert_true(hamlet_fact_unconfirmed(v));
	assert_non_null(strstr(v->cite.note.en, "UNCONFIRMED"));
	v = hamlet_standard(&hr, "tdp", "hcmc");
	assert_true(hamlet_fact_uncertain(v));
	assert_false(hamlet_fact_unconfirmed(v));
	v = hamlet_standard(&hr, "thon", "central_highlands");
	assert_false(hamlet_fact_uncertain(v));
	assert_null(hamlet_standard(&hr, "tdp", "atlantis"));

	/* the review says so, and so does the hamlet's own check */
	char id[UUID_LEN + 1];
	add_hamlet(&x, id, "Tổ dân phố 3", "tdp", 240, NULL);
	struct hamlet_review rv;
	assert_int_equal(hamlet_review(x.db, TODAY, &rv, &e), 0);
	struct table t;
	hamlet_table(&rv, x.db, LANG_EN, false, &t);
	assert_string_equal(t.cells.v[6 + 3], "250 (D)");
	table_free(&t);
	struct strv lines = STRV_INIT;
	hamlet_summary_lines(&rv, x.db, LANG_EN, &lines);
	bool said = false;
	for (size_t i = 0; i < lines.n; i++)
		said |= strstr(lines.v[i], "UNCONFIRMED: standard of 250") != NULL;
	assert_true(said);
	strv_free(&lines);
	hamlet_review_free(&rv);
	struct problems ps = { 0 };
	db_check(x.db, formset_get(x.ws->forms, "hamlets"),
	    db_get(x.db, "hamlets", id)->r, &ps);
	const struct problem *p = find_problem(&ps, "households", "unconfirmed (grade D)");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_WARNING);
	problems_free(&ps);
	hamlet_rules_free(&hr);
	fx_close(&x);
}

/* From 26/05/2026 the Decree's pack: its regions (and the Circular's codes
 * that fall in one of them), every unit below the standard must be
 * rearranged, no border standard (the region's applies), figures graded C
 * or X and so uncertain; the day before, the Circular. */
static void nd185_2026_from_its_first_day(void **state)
{
	(void)state;
	static const struct date first = { 2026, 5, 26 };
	static const struct std_case ex[] = {
		{ "thon", "hanoi_hcmc", false, 500, "C" },
		{ "tdp", "hanoi_hcmc", false, 700, "C" },
		{ "thon", "north_mountains", false, 150, "C" },
		{ "tdp", "north_mountains", false, 300, "C" },
		{ "thon", "red_river_delta", false, 400, "X" },
		{ "tdp", "red_river_delta", false, 550, "X" },
		{ "thon", "north_central", false, 350, "X" },
		{ "tdp", "north_central", false, 450, "X" },
		{ "thon", "south_central_highlands", false, 300, "X" },
		{ "tdp", "south_central_highlands", false, 450, "X" },
		{ "thon", "southeast", false, 400, "X" },
		{ "tdp", "southeast", false, 550, "X" },
		{ "thon", "mekong", false, 400, "X" },
		{ "tdp", "mekong", false, 550, "X" },
		{ "thon", "south", false, 400, "X" },
		{ "tdp", "hcmc", false, 700, "C" },
		{ "thon", "hanoi", false, 500, "C" },
		{ "tdp", "central_highlands", false, 450, "X" },
		{ "thon", "southeast", true, 400, "X" },
		{ "tdp", "north_mountains", true, 300, "C" },
	};
	/* no band: one household under the standard must be rearranged */
	static const enum hamlet_status want[] = { HS_MEETS, HS_MEETS, HS_MUST_MERGE,
		HS_MUST_MERGE, HS_MUST_MERGE, HS_MUST_MERGE };
	struct fx x;
	fx_open(&x, "south", false);
	check_standards(&x, first, "nd185-2026", ex, sizeof ex / sizeof *ex, want);
	/* every figure of the Decree's pack is uncertain (C or X) */
	x.ws->cfg.border_or_island = false;
	struct hamlet_rules hr;
	struct err e;
	assert_int_equal(hamlet_rules_get(x.ws, first, &hr, &e), 0);
	for (size_t i = 0; i < sizeof ex / sizeof *ex; i++)
		if (!ex[i].border)
			assert_true(hamlet_fact_uncertain(hamlet_standard(&hr, ex[i].kind, ex[i].region)));
	/* "central" spans two of the Decree's regions: no standard */
	assert_null(hamlet_standard(&hr, "thon", "central"));
	hamlet_rules_free(&hr);
	/* the day before: the Circular */
	static const struct date last = { 2026, 5, 25 };
	assert_int_equal(hamlet_rules_get(x.ws, last, &hr, &e), 0);
	assert_string_equal(hr.pack->name, "tt14-2018");
	assert_non_null(hamlet_standard(&hr, "thon", "central"));
	hamlet_rules_free(&hr);
	fx_close(&x);
}

/* A special factor exempts a unit from "must merge" only; it is still
 * counted and shown. */
static void exempt_unit(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "north_mountains", false);
	char a[UUID_LEN + 1], b[UUID_LEN + 1], c[UUID_LEN + 1];
	add_hamlet(&x, a, "Bản Nà Khoang", "thon", 60, "ethnic_minority");	/* 40% */
	add_hamlet(&x, b, "Bản Pác Bó", "thon", 100, "isolated");		/* 66% */
	add_hamlet(&x, c, "Thôn Tân Lập", "thon", 60, NULL);			/* 40% */
	struct hamlet_review rv;
	struct err e;
	assert_int_equal(hamlet_review(x.db, TODAY, &rv, &e), 0);
	assert_int_equal(rv.nh, 3);
	/* sorted by name: Bản Nà Khoang, Bản Pác Bó, Thôn Tân Lập */
	assert_int_equal(rv.h[0].status, HS_EXEMPT);
	assert_true(rv.h[0].has_exempt_factor);
	assert_int_equal(rv.h[1].status, HS_BELOW);
	assert_int_equal(rv.h[2].status, HS_MUST_MERGE);
	assert_int_equal(rv.sum.exempt, 1);
	assert_int_equal(rv.sum.below, 1);
	assert_int_equal(rv.sum.must_merge, 1);
	assert_int_equal(rv.sum.must_merge_unplanned, 1);
	assert_string_equal(hamlet_status_marker(rv.h[0].status), "ex");
	assert_string_equal(hamlet_status_label(rv.h[0].status, LANG_VI), "Miễn (đặc thù)");
	hamlet_review_free(&rv);
	/* only the unexempt one is warned about */
	struct problems ps = { 0 };
	const struct form *f = formset_get(x.ws->forms, "hamlets");
	db_check(x.db, f, db_get(x.db, "hamlets", a)->r, &ps);
	assert_null(find_problem(&ps, "households", "must merge"));
	problems_free(&ps);
	db_check(x.db, f, db_get(x.db, "hamlets", c)->r, &ps);
	assert_non_null(find_problem(&ps, "households",
	    "60 households, 40.0% of the standard of 150: must merge, but is in no proposal"));
	problems_free(&ps);
	fx_close(&x);
}

/* --- votes and merger checks ---------------------------------------------- */

static void vote_needs_more_than_half(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "south", false);
	struct hamlet_rules hr;
	struct err e;
	assert_int_equal(hamlet_rules_get(x.ws, TODAY, &hr, &e), 0);
	assert_true(hr.vote_pass_above == 0.5);
	assert_int_equal(hamlet_vote(&hr, 100, 50), VOTE_FAILED);
	assert_int_equal(hamlet_vote(&hr, 100, 51), VOTE_PASSED);
	assert_int_equal(hamlet_vote(&hr, 101, 50), VOTE_FAILED);
	assert_int_equal(hamlet_vote(&hr, 101, 51), VOTE_PASSED);
	assert_int_equal(hamlet_vote(&hr, 2, 1), VOTE_FAILED);
	assert_int_equal(hamlet_vote(&hr, 0, 0), VOTE_NONE);
	assert_int_equal(hamlet_vote(&hr, -1, -1), VOTE_NONE);
	hamlet_rules_free(&hr);

	/* what the officer sees: at exactly half the proposal cannot pass the
	 * commune council stage; one vote more and it can */
	char a[UUID_LEN + 1], b[UUID_LEN + 1];
	add_hamlet(&x, a, "Ấp Một", "thon", 150, NULL);
	add_hamlet(&x, b, "Ấp Hai", "thon", 250, NULL);
	struct record *m = new_merger(&x, "Ấp Một Hai", "commune_council", 200, 100, a, b);
	struct problems ps = { 0 };
	const struct form *mf = formset_get(x.ws->forms, "mergers");
	db_check(x.db, mf, m, &ps);
	const struct problem *p = find_problem(&ps, "voters_agree",
	    "Only 100 of 200 (50.0%) voters in favour, more than 50% are needed");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_ERROR);
	assert_non_null(strstr(p->msg.vi, "cần trên 50%"));
	problems_free(&ps);
	save(&x, m);
	assert_int_equal(db_get(x.db, "mergers", m->id)->r->status, RS_INCOMPLETE);
	record_set_str(m, "voters_agree", "101");
	db_check(x.db, mf, m, &ps);
	assert_null(find_problem(&ps, "voters_agree", "voters in favour"));
	assert_int_equal(problems_errors(&ps), 0);
	problems_free(&ps);
	save(&x, m);
	assert_int_equal(db_get(x.db, "mergers", m->id)->r->status, RS_COMPLETE);

	/* at "consulted" a failed vote is only a warning */
	record_set_str(m, "stage", "consulted");
	record_set_str(m, "voters_agree", "100");
	db_check(x.db, mf, m, &ps);
	p = find_problem(&ps, "voters_agree", "not passed");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_WARNING);
	problems_free(&ps);
	record_free(m);
	fx_close(&x);
}

static void merger_checks(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "central", false);	/* thôn standard 250 */
	char a[UUID_LEN + 1], b[UUID_LEN + 1], c[UUID_LEN + 1];
	add_hamlet(&x, a, "Thôn An", "thon", 80, NULL);
	add_hamlet(&x, b, "Thôn Bình", "thon", 100, NULL);
	add_hamlet(&x, c, "Thôn Cát", "thon", 300, NULL);
	const struct form *mf = formset_get(x.ws->forms, "mergers");
	struct problems ps = { 0 };

	/* An + Bình = 180 < 250: saved, with a warning */
	struct record *m1 = new_merger(&x, "Thôn An Bình", "draft", -1, -1, a, b);
	db_check(x.db, mf, m1, &ps);
	const struct problem *p = find_problem(&ps, "hamlets",
	    "180 households after merging, still below the standard of 250");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_WARNING);
	assert_int_equal(problems_errors(&ps), 0);
	problems_free(&ps);
	save(&x, m1);

	/* a second active proposal with An is an error naming the first */
	struct record *m2 = new_merger(&x, "Thôn An Cát", "draft", -1, -1, a, c);
	db_check(x.db, mf, m2, &ps);
	p = find_problem(&ps, "hamlets", "Thôn An is already in another active proposal (Thôn An Bình)");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_ERROR);
	problems_free(&ps);
	/* once the first is rejected, it no longer holds An */
	record_set_str(m1, "stage", "rejected");
	save(&x, m1);
	db_check(x.db, mf, m2, &ps);
	assert_null(find_problem(&ps, "hamlets", "already in another"));
	assert_null(find_problem(&ps, "hamlets", "still below"));	/* 380 >= 250 */
	problems_free(&ps);
	/* a rejected proposal does not clash with an active one either */
	save(&x, m2);
	db_check(x.db, mf, m1, &ps);
	assert_null(find_problem(&ps, "hamlets", "already in another"));
	problems_free(&ps);

	/* past "consulted", the vote figures are required */
	record_set_str(m2, "stage", "submitted");
	db_check(x.db, mf, m2, &ps);
	p = find_problem(&ps, "voters_total", "needed before the stage \"Submitted\"");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_ERROR);
	assert_non_null(find_problem(&ps, "voters_agree", "needed before the stage"));
	problems_free(&ps);
	record_set_str(m2, "stage", "consulted");
	db_check(x.db, mf, m2, &ps);
	assert_int_equal(problems_errors(&ps), 0);
	problems_free(&ps);

	/* a tổ dân phố in a proposal for a thôn: the standard is the thôn's,
	 * and the officer is told */
	char d[UUID_LEN + 1];
	add_hamlet(&x, d, "Tổ Dân Phố 5", "tdp", 200, NULL);
	struct record *m3 = new_merger(&x, "Thôn Bình Mới", "draft", -1, -1, b, d);
	db_check(x.db, mf, m3, &ps);
	p = find_problem(&ps, "kind", "Tổ Dân Phố 5 is of another kind than the merged unit");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_WARNING);
	assert_null(find_problem(&ps, "hamlets", "still below"));	/* 300 >= 250 */
	problems_free(&ps);
	record_set_str(m3, "kind", "tdp");	/* tổ dân phố, Central: 300 */
	db_check(x.db, mf, m3, &ps);
	assert_non_null(find_problem(&ps, "kind", "Thôn Bình is of another kind"));
	assert_null(find_problem(&ps, "hamlets", "still below"));
	problems_free(&ps);
	record_free(m3);

	record_free(m1);
	record_free(m2);
	fx_close(&x);
}

/* --- the review ------------------------------------------------------------ */

static void review_counts_and_outputs(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "south", false);	/* ấp standard 350 */
	char h[6][UUID_LEN + 1];
	add_hamlet(&x, h[0], "Ấp 1", "thon", 100, NULL);	/* must merge */
	add_hamlet(&x, h[1], "Ấp 2", "thon", 400, NULL);
	add_hamlet(&x, h[2], "Ấp 3", "thon", 150, NULL);	/* must merge */
	add_hamlet(&x, h[3], "Ấp 4", "thon", 300, NULL);	/* below */
	add_hamlet(&x, h[4], "Ấp 5", "thon", 120, NULL);	/* must merge, no plan */
	add_hamlet(&x, h[5], "Ấp 6", "thon", -1, NULL);		/* unknown */
	struct record *m = new_merger(&x, "Ấp 1-2", "approved", 480, 300, h[0], h[1]);
	record_set_str(m, "resolution_no", "12/NQ-HĐND");
	save(&x, m);
	record_free(m);
	m = new_merger(&x, "Ấp 3-4", "consulted", 400, 200, h[2], h[3]);
	save(&x, m);
	record_free(m);
	m = new_merger(&x, "Ấp 5-6", "rejected", -1, -1, h[4], h[5]);
	save(&x, m);
	record_free(m);

	struct hamlet_review rv;
	struct err e;
	assert_int_equal(hamlet_review(x.db, TODAY, &rv, &e), 0);
	assert_int_equal(rv.sum.hamlets, 6);
	assert_int_equal(rv.sum.meets, 1);
	assert_int_equal(rv.sum.below, 1);
	assert_int_equal(rv.sum.must_merge, 3);
	assert_int_equal(rv.sum.unknown, 1);
	assert_int_equal(rv.sum.must_merge_unplanned, 1);	/* Ấp 5 */
	assert_int_equal(rv.sum.after_approved, 5);
	assert_int_equal(rv.sum.after_proposed, 4);
	assert_int_equal(rv.nm, 3);
	/* by name: Ấp 1-2, Ấp 3-4, Ấp 5-6 */
	assert_int_equal(rv.m[0].households, 500);
	assert_true(rv.m[0].meets);
	assert_int_equal(rv.m[0].vote, VOTE_PASSED);
	assert_int_equal(rv.m[0].agree_pm, 625);
	assert_int_equal(rv.m[1].households, 450);
	assert_int_equal(rv.m[1].vote, VOTE_FAILED);
	assert_int_equal(rv.m[1].agree_pm, 500);
	assert_true(rv.m[2].households_partial);
	assert_false(rv.m[2].active);
	assert_string_equal(rv.h[0].merger_id, rv.m[0].r->id);
	assert_null(rv.h[4].merger_id);

	/* the CSV table: machine values */
	struct table t;
	hamlet_table(&rv, x.db, LANG_EN, true, &t);
	assert_int_equal(table_rows(&t), 7);
	assert_string_equal(t.cells.v[0], "id");
	assert_string_equal(t.cells.v[12 + 5], "100");
	assert_string_equal(t.cells.v[12 + 6], "350");
	assert_string_equal(t.cells.v[12 + 7], "A");
	assert_string_equal(t.cells.v[12 + 8], "0.285");
	assert_string_equal(t.cells.v[12 + 9], "must_merge");
	table_free(&t);
	hamlet_merger_table(&rv, x.db, LANG_EN, true, &t);
	assert_string_equal(t.cells.v[11 + 8], "0.625");
	assert_string_equal(t.cells.v[11 + 9], "true");
	assert_string_equal(t.cells.v[22 + 9], "false");
	table_free(&t);
	/* the screen table: words, percentages, markers */
	hamlet_table(&rv, x.db, LANG_VI, false, &t);
	assert_string_equal(t.cells.v[6 + 1], "Thôn");
	assert_string_equal(t.cells.v[6 + 4], "28,5%");
	assert_string_equal(t.cells.v[6 + 5], "!! Phải sáp nhập");
	table_free(&t);

	struct strv lines = STRV_INIT;
	hamlet_summary_lines(&rv, x.db, LANG_EN, &lines);
	assert_string_equal(lines.v[0],
	    "Hamlets now: 6 (meet the standard 1, below 1, must merge 3, exempt 0, unknown 1)");
	assert_string_equal(lines.v[1], "Must merge but in no proposal: 1 (Ấp 5)");
	assert_string_equal(lines.v[2], "After the approved mergers: 5; after every proposed merger: 4");
	strv_free(&lines);
	hamlet_merger_lines(&rv, x.db, LANG_EN, &lines);
	assert_string_equal(lines.v[2],
	    "Ấp 3-4 = Ấp 3 + Ấp 4  [Voters consulted]");
	assert_string_equal(lines.v[3],
	    "   450 households / standard 350: meets it; in favour 200/400 = 50.0%: NOT PASSED");
	strv_free(&lines);
	hamlet_review_free(&rv);

	/* the dashboard alerts, each from the review */
	enum alert_source *from = NULL;
	domain_alerts(x.db, LANG_EN, &lines, &from);
	bool unplanned = false, vote = false;
	for (size_t i = 0; i < lines.n; i++) {
		if (strstr(lines.v[i], "Proposal ") || strstr(lines.v[i], "must merge"))
			assert_int_equal(from[i], ALERT_HAMLETS);
		unplanned |= strstr(lines.v[i], "1 hamlet(s) under half the standard must merge and are in no proposal: Ấp 5") != NULL;
		vote |= strstr(lines.v[i], "Proposal Ấp 3-4: only 50.0% of the voters in favour, not passed") != NULL;
	}
	assert_true(unplanned);
	assert_true(vote);
	free(from);
	strv_free(&lines);
	fx_close(&x);
}

/* A missing pack is an error that names the setting; validation warns
 * instead of crashing; a province's pack extends the national one
 * without recompiling. */
static void packs_missing_and_provincial(void **state)
{
	(void)state;
	struct fx x;
	fx_open_pack(&x, "central_highlands", false, "no-such-pack");
	struct hamlet_review rv;
	struct err e;
	assert_int_not_equal(hamlet_review(x.db, TODAY, &rv, &e), 0);
	assert_non_null(strstr(e.msg, "rules.hamlets names 'no-such-pack'"));
	hamlet_review_free(&rv);
	char id[UUID_LEN + 1];
	add_hamlet(&x, id, "Tổ 1", "tdp", 100, NULL);
	struct problems ps = { 0 };
	db_check(x.db, formset_get(x.ws->forms, "hamlets"), db_get(x.db, "hamlets", id)->r, &ps);
	assert_non_null(find_problem(&ps, NULL, "The standard cannot be checked"));
	problems_free(&ps);
	struct strv al = STRV_INIT;
	hamlet_alerts(x.db, LANG_EN, &al);
	assert_int_equal(al.n, 1);
	assert_non_null(strstr(al.v[0], "no-such-pack"));
	strv_free(&al);
	db_free(x.db);
	ws_close(x.ws);

	/* the province confirms the Central Highlands figure in its own pack */
	char *root = path_join(x.dir, "ws");
	char *rules = path_join(root, "config/rules");
	fs_mkdirs(rules, 0700, NULL);
	char *pack = path_join(rules, "gialai-2026.yaml");
	t_write(pack,
	    "pack: gialai-2026\n"
	    "kind: hamlets\n"
	    "title: {vi: Gia Lai, en: Gia Lai}\n"
	    "extends: tt14-2018\n"
	    "effective_from: 2026-01-01\n"
	    "instrument: Quyết định 1/2026/QĐ-UBND\n"
	    "confidence: B\n"
	    "facts:\n"
	    "  standard.tdp.central_highlands: 280\n");
	char *cfgp = path_join(root, "sapxep.yaml");
	char *cfg = t_read(cfgp, NULL);
	char *at = strstr(cfg, "no-such-pack");
	assert_non_null(at);
	*at = '\0';
	char *nc = xasprintf("%sgialai-2026%s", cfg, at + strlen("no-such-pack"));
	t_write(cfgp, nc);
	if (ws_open(root, t_paths(), &x.ws, &e) != 0)
		fail_msg("ws_open: %s", e.msg);
	assert_int_equal(db_open(x.ws, &x.db, &e), 0);
	domain_attach(x.db);
	assert_int_equal(hamlet_review(x.db, TODAY, &rv, &e), 0);
	assert_string_equal(rv.rules.pack->name, "gialai-2026");
	assert_true(rv.h[0].standard->num == 280);
	assert_false(hamlet_fact_uncertain(rv.h[0].standard));
	assert_true(rv.rules.must_merge_below == 0.5);	/* inherited */
	assert_int_equal(rv.h[0].status, HS_MUST_MERGE);
	hamlet_review_free(&rv);
	free(nc);
	free(cfg);
	free(cfgp);
	free(pack);
	free(rules);
	free(root);
	fx_close(&x);
}

/* --- the planner ------------------------------------------------------------ */

static bool plan_has(const struct hamlet_plan *p, size_t g, const char *const *names)
{
	size_t n = 0;
	while (names[n])
		n++;
	if (g >= p->ng || p->g[g].names.n != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(p->g[g].names.v[i], names[i]) != 0)
			return false;
	return true;
}

/* Worked by hand. Standard 350 (ấp, South).
 *   A 200, B 200, C 200 in a row (A–B–C), A next to D 400.
 *     Taking A's smallest group {A, B} strands C; the best is {A, B, C}:
 *     all three lifted, two hamlets merged away, one proposal (equal
 *     in losses to {A, D} + {B, C}, but one proposal fewer).
 *   E 100, G 120 and F 500 all next to each other: {E, G} is too small,
 *     {E, F} strands G; the best is {F, G, E}.
 *   H 90 has no neighbour: stuck. I 340 is marked keep: left out.
 *   J 100 is religious: exempt, left out. */
static void planner_known_best(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "south", false);
	char A[UUID_LEN + 1], B[UUID_LEN + 1], C[UUID_LEN + 1], D[UUID_LEN + 1],
	    E[UUID_LEN + 1], F[UUID_LEN + 1], G[UUID_LEN + 1], H[UUID_LEN + 1],
	    I[UUID_LEN + 1], J[UUID_LEN + 1];
	add_hamlet(&x, A, "Ấp A", "thon", 200, NULL);
	add_hamlet(&x, B, "Ấp B", "thon", 200, NULL);
	add_hamlet(&x, C, "Ấp C", "thon", 200, NULL);
	add_hamlet(&x, D, "Ấp D", "thon", 400, NULL);
	add_hamlet(&x, E, "Ấp E", "thon", 100, NULL);
	add_hamlet(&x, F, "Ấp F", "thon", 500, NULL);
	add_hamlet(&x, G, "Ấp G", "thon", 120, NULL);
	add_hamlet(&x, H, "Ấp H", "thon", 90, NULL);
	add_hamlet(&x, I, "Ấp I", "thon", 340, NULL);
	add_hamlet(&x, J, "Ấp J", "thon", 100, "religious");
	set_field(&x, "hamlets", I, "proposal", "keep");
	link_hamlets(&x, A, B);
	link_hamlets(&x, C, B);		/* the other direction counts too */
	link_hamlets(&x, D, A);
	link_hamlets(&x, E, F);
	link_hamlets(&x, F, G);
	link_hamlets(&x, G, E);
	link_hamlets(&x, I, H);		/* I is left out, so H has none */
	link_hamlets(&x, J, H);		/* J too */

	struct hamlet_review rv;
	struct err e;
	assert_int_equal(hamlet_review(x.db, TODAY, &rv, &e), 0);
	struct hamlet_plan p;
	hamlet_plan(&rv, &p);
	assert_true(p.exact);
	assert_int_equal(p.targets, 6);	/* A B C E G H */
	assert_int_equal(p.ng, 2);
	static const char *const g1[] = { "Ấp A", "Ấp B", "Ấp C", NULL };
	static const char *const g2[] = { "Ấp F", "Ấp G", "Ấp E", NULL };
	assert_true(plan_has(&p, 0, g1));
	assert_true(plan_has(&p, 1, g2));
	assert_int_equal(p.g[0].households, 600);
	assert_int_equal(p.g[1].households, 720);
	assert_string_equal(p.g[1].new_name, "Ấp F");
	assert_int_equal(p.stuck.n, 1);
	assert_string_equal(p.stuck.v[0], H);
	assert_int_equal(p.kept.n, 1);
	assert_string_equal(p.kept.v[0], I);
	assert_int_equal(p.units_after, 10 - 2 - 2);

	/* past its step limit the planner says so and falls back to taking
	 * each target's smallest group: still valid, not the best */
	hamlet_plan_set_limit(3);
	struct hamlet_plan q;
	hamlet_plan(&rv, &q);
	hamlet_plan_set_limit(0);
	assert_false(q.exact);
	assert_true(q.stuck.n > p.stuck.n);
	for (size_t i = 0; i < q.ng; i++)
		assert_true(q.g[i].households >= 350);
	hamlet_plan_free(&q);

	/* apply suggestion 2: a draft proposal through db_save */
	char mid[UUID_LEN + 1];
	struct problems ps = { 0 };
	assert_int_not_equal(hamlet_plan_apply(x.db, &p, 3, NULL, mid, &ps, &e), 0);
	assert_int_equal(e.kind, E_USAGE);
	assert_int_equal(hamlet_plan_apply(x.db, &p, 2, "Ấp Phú Mỹ", mid, &ps, &e), 0);
	problems_free(&ps);
	struct db_rec *mr = db_get(x.db, "mergers", mid);
	assert_non_null(mr);
	assert_string_equal(record_str(mr->r, "new_name"), "Ấp Phú Mỹ");
	assert_string_equal(record_str(mr->r, "stage"), "draft");
	assert_int_equal(mr->r->status, RS_COMPLETE);
	char *path = ws_record_path(x.ws, formset_get(x.ws->forms, "mergers"), mid);
	char *file = t_read(path, NULL);
	assert_non_null(file);
	assert_non_null(strstr(file, F));
	assert_non_null(strstr(file, "stage: draft"));
	free(file);
	free(path);
	hamlet_plan_free(&p);
	hamlet_review_free(&rv);

	/* planned now: the next plan leaves them out */
	assert_int_equal(hamlet_review(x.db, TODAY, &rv, &e), 0);
	assert_int_equal(rv.sum.after_proposed, 8);
	hamlet_plan(&rv, &p);
	assert_int_equal(p.ng, 1);
	assert_true(plan_has(&p, 0, g1));
	hamlet_plan_free(&p);
	hamlet_review_free(&rv);
	fx_close(&x);
}

/* --- the planner against brute force ---------------------------------------- */

#define BN 8

struct inst {
	long w[BN];
	bool edge[BN][BN];
	double th;
};

struct best {
	int left, absorbed, groups;
};

static bool connected(const struct inst *in, unsigned set)
{
	unsigned seen = set & -set, grow = seen;
	while (grow) {
		unsigned next = 0;
		for (int v = 0; v < BN; v++)
			if (grow & (1u << v))
				for (int u = 0; u < BN; u++)
					if ((set & (1u << u)) && !(seen & (1u << u)) && in->edge[v][u])
						next |= 1u << u;
		seen |= next;
		grow = next;
	}
	return seen == set;
}

/* Every way of putting the vertices into blocks (restricted growth
 * strings); a block of two or more must be connected and reach the
 * threshold. */
static void brute(const struct inst *in, int *blk, int v, int nb, struct best *b)
{
	if (v == BN) {
		struct best s = { 0, 0, 0 };
		for (int k = 0; k < nb; k++) {
			unsigned set = 0;
			long sum = 0;
			for (int i = 0; i < BN; i++)
				if (blk[i] == k) {
					set |= 1u << i;
					sum += in->w[i];
				}
			int n = __builtin_popcount(set);
			if (n == 1) {
				int i = __builtin_ctz(set);
				s.left += (double)in->w[i] < in->th;
				continue;
			}
			if ((double)sum < in->th || !connected(in, set))
				return;
			s.absorbed += n - 1;
			s.groups++;
		}
		if (s.left < b->left || (s.left == b->left && (s.absorbed < b->absorbed ||
		    (s.absorbed == b->absorbed && s.groups < b->groups))))
			*b = s;
		return;
	}
	for (int k = 0; k <= nb; k++) {
		blk[v] = k;
		brute(in, blk, v + 1, k == nb ? nb + 1 : nb, b);
	}
}

static unsigned long rnd_state = 12345;

static long rnd(long lo, long hi)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return lo + (long)((rnd_state >> 33) % (unsigned long)(hi - lo + 1));
}

/* 300 random communes of eight hamlets: the planner's plan is as good as
 * the best of every possible partition. */
static void planner_matches_brute_force(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "south", false);
	struct hamlet_rules hr;
	struct err e;
	assert_int_equal(hamlet_rules_get(x.ws, TODAY, &hr, &e), 0);
	for (int round = 0; round < 300; round++) {
		struct inst in;
		memset(&in, 0, sizeof in);
		in.th = 350;
		struct record *r[BN];
		for (int i = 0; i < BN; i++) {
			in.w[i] = rnd(30, 520);
			r[i] = hamlet_rec(&x, "thon", "south", in.w[i]);
		}
		int p100 = (int)rnd(20, 60);
		for (int i = 0; i < BN; i++)
			for (int j = i + 1; j < BN; j++)
				if (rnd(1, 100) <= p100)
					in.edge[i][j] = in.edge[j][i] = true;
		for (int i = 0; i < BN; i++) {
			struct strv nb = STRV_INIT;
			for (int j = 0; j < BN; j++)
				if (in.edge[i][j] && (j > i || rnd(0, 1)))
					strv_push(&nb, r[j]->id);
			record_set_list(r[i], "neighbours", &nb);
			strv_free(&nb);
		}
		struct hamlet_review rv;
		memset(&rv, 0, sizeof rv);
		rv.rules = hr;
		rv.h = xcalloc(BN, sizeof *rv.h);
		rv.nh = BN;
		for (int i = 0; i < BN; i++)
			hamlet_assess(&hr, r[i], &rv.h[i]);
		rv.sum.after_proposed = BN;
		struct hamlet_plan p;
		hamlet_plan(&rv, &p);
		assert_true(p.exact);
		struct best got = { (int)p.stuck.n, 0, (int)p.ng };
		for (size_t g = 0; g < p.ng; g++) {
			got.absorbed += (int)p.g[g].ids.n - 1;
			assert_true((double)p.g[g].households >= in.th);
		}
		struct best want = { BN + 1, 0, 0 };
		int blk[BN];
		brute(&in, blk, 0, 0, &want);
		if (got.left != want.left || got.absorbed != want.absorbed ||
		    got.groups != want.groups)
			fail_msg("round %d: planner (%d left, %d merged away, %d groups), best (%d, %d, %d)",
			    round, got.left, got.absorbed, got.groups, want.left, want.absorbed,
			    want.groups);
		hamlet_plan_free(&p);
		free(rv.h);
		for (int i = 0; i < BN; i++)
			record_free(r[i]);
	}
	hamlet_rules_free(&hr);
	fx_close(&x);
}

/* The residents' consultation (Law 10/2022/QH15 Điều 28): at least 20
 * days, first and last included; a resolution after its end; a decision
 * against the households' majority needs its explanation. */
static void consultation_checks(void **state)
{
	(void)state;
	struct fx x;
	fx_open(&x, "central", false);
	char a[UUID_LEN + 1], b[UUID_LEN + 1];
	add_hamlet(&x, a, "Thôn An", "thon", 200, NULL);
	add_hamlet(&x, b, "Thôn Bình", "thon", 150, NULL);
	const struct form *mf = formset_get(x.ws->forms, "mergers");
	struct problems ps = { 0 };
	struct record *m = new_merger(&x, "Thôn An Bình", "council", -1, -1, a, b);
	record_set_str(m, "consultation_from", "2026-06-01");
	record_set_str(m, "consultation_to", "2026-06-19");	/* 19 days */
	db_check(x.db, mf, m, &ps);
	const struct problem *p = find_problem(&ps, "consultation_to",
	    "The consultation lasted 19 days, at least 20 are required (Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 28 khoản 2)");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_WARNING);
	assert_non_null(strstr(p->msg.vi, "Lấy ý kiến Nhân dân 19 ngày, ít nhất phải 20 ngày"));
	problems_free(&ps);
	record_set_str(m, "consultation_to", "2026-06-20");	/* 20 days */
	db_check(x.db, mf, m, &ps);
	assert_null(find_problem(&ps, "consultation_to", "consultation lasted"));
	problems_free(&ps);

	/* a resolution on the last day of the consultation is too early */
	record_set_str(m, "resolution_date", "2026-06-20");
	db_check(x.db, mf, m, &ps);
	p = find_problem(&ps, "resolution_date",
	    "The resolution of 20/06/2026 predates the end of the consultation (20/06/2026)");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_ERROR);
	problems_free(&ps);
	record_set_str(m, "resolution_date", "2026-06-25");
	db_check(x.db, mf, m, &ps);
	assert_null(find_problem(&ps, "resolution_date", "predates"));
	problems_free(&ps);

	/* passed with exactly half of the households in favour: explain */
	record_set_str(m, "stage", "passed");
	record_set_str(m, "consultation_form", "household_ballot");
	record_set_str(m, "households_asked", "350");
	record_set_str(m, "households_agree", "175");
	db_check(x.db, mf, m, &ps);
	p = find_problem(&ps, "departure_explanation",
	    "departs from the majority's opinion (175 of 350 households in favour) without an explanation (Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 28 khoản 4)");
	assert_non_null(p);
	assert_int_equal(p->sev, SEV_ERROR);
	problems_free(&ps);
	record_set_str(m, "departure_explanation", "Hai thôn liền kề, dưới chuẩn; đã tiếp thu, giải trình");
	db_check(x.db, mf, m, &ps);
	assert_null(find_problem(&ps, "departure_explanation", "departs"));
	problems_free(&ps);
	/* a majority in favour needs no explanation; rejecting it does */
	record_set_str(m, "departure_explanation", NULL);
	record_set_str(m, "households_agree", "176");
	db_check(x.db, mf, m, &ps);
	assert_null(find_problem(&ps, "departure_explanation", "departs"));
	problems_free(&ps);
	record_set_str(m, "stage", "rejected");
	db_check(x.db, mf, m, &ps);
	assert_non_null(find_problem(&ps, "departure_explanation", "176 of 350"));
	problems_free(&ps);
	record_free(m);
	fx_close(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(standards_by_region_and_kind),
		cmocka_unit_test(unconfirmed_standards_are_marked),
		cmocka_unit_test(nd185_2026_from_its_first_day),
		cmocka_unit_test(exempt_unit),
		cmocka_unit_test(vote_needs_more_than_half),
		cmocka_unit_test(merger_checks),
		cmocka_unit_test(consultation_checks),
		cmocka_unit_test(review_counts_and_outputs),
		cmocka_unit_test(packs_missing_and_provincial),
		cmocka_unit_test(planner_known_best),
		cmocka_unit_test(planner_matches_brute_force),
	};
	t_paths();
	/* the record checks take today from the clock: the same day */
	setenv("SAPXEP_NOW", "2026-05-25T10:00:00+07:00", 1);
	return cmocka_run_group_tests_name("hamlet", tests, NULL, NULL);
}
