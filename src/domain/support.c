/* support.c — see support.h */
#include "domain/support.h"
#include "core/xmem.h"
#include "model/value.h"
#include "store/workspace.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAFF_FORM "staff"
#define MONTHS_MAX 1200	/* a search for the retirement age stops here */

static bool is(const char *s, const char *code)
{
	return s && strcmp(s, code) == 0;
}

const char *support_missing_code(unsigned bit)
{
	static const char *const codes[SM_COUNT] = { "unit", "effective_date",
		"service_start", "allowance_coefficient", "birth_date", "gender",
		"support_rules", "base_salary", "retirement_age",
		"service_start_after_leave" };
	for (int i = 0; i < SM_COUNT; i++)
		if (bit == 1u << i)
			return codes[i];
	return "?";
}

static int months_between(struct date from, struct date to)
{
	int m = (to.y - from.y) * 12 + (to.m - from.m);
	return to.d < from.d ? m - 1 : m;
}

static bool record_date(const struct record *r, const char *field, struct date *out)
{
	const char *s = record_str(r, field);
	return s && date_parse_iso(s, out) == 0;
}

static const struct fact_value *number(const struct pack *p, const char *key,
    struct date on)
{
	const struct fact_value *v = p ? pack_value(p, key, on) : NULL;
	return v && v->is_number ? v : NULL;
}

static const struct fact_value *day(const struct pack *p, const char *key,
    struct date on, struct date *out)
{
	const struct fact_value *v = p ? pack_value(p, key, on) : NULL;
	return v && !v->is_number && v->text && date_parse_iso(v->text, out) == 0 ? v : NULL;
}

/* Article 9, or Article 10 unless the person moved from a commune post
 * to a hamlet post within the window of Decree 185 Article 19. */
static void pick_article(const struct record *r, struct support_person *p)
{
	const char *unit = record_str(r, "unit");
	if (is(unit, "commune")) {
		p->article = SUPPORT_ART9;
		return;
	}
	if (!is(unit, "hamlet")) {
		p->missing |= SM_UNIT;
		return;
	}
	p->article = SUPPORT_ART10;
	struct date moved, from, before;
	if (!p->pack || !record_date(r, "moved_from_commune", &moved))
		return;
	const struct fact_value *f = day(p->pack, "art19.moved_from", p->leave, &from);
	const struct fact_value *b = day(p->pack, "art19.moved_before", p->leave, &before);
	if (f && b && date_cmp(moved, from) >= 0 && date_cmp(moved, before) < 0) {
		p->article = SUPPORT_ART9;
		p->transition = true;
		p->transition_fact = f;
	}
}

/* The figures of the article from the pack; false when one is missing. */
static bool article_facts(struct support_person *p)
{
	const char *pre = p->article == SUPPORT_ART9 ? "art9" : "art10";
	struct {
		const char *name;
		struct support_fig *fig;
	} want[] = {
		{ "lump_per_month", &p->per_month },
		{ "lump_cap_months", &p->cap },
		{ "per_year", &p->per_year },
		{ "job_search_months", &p->job_search },
		{ "retired_months", &p->retired_months },
	};
	bool ok = true;
	char key[64];
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		snprintf(key, sizeof key, "%s.%s", pre, want[i].name);
		const struct fact_value *v = number(p->pack, key, p->leave);
		want[i].fig->fact = v;
		want[i].fig->v = v ? v->num : 0;
		ok = ok && v;
	}
	const struct fact_value *r = number(p->pack, "rounding.half_year_max_months", p->leave);
	p->rounding.fact = r;
	p->rounding.v = r ? r->num : 0;
	return ok && r;
}

/* Whole years, and a remainder of 1 to `half` months as half a year,
 * more as a whole one. */
static double service_years(int months, double half)
{
	int rem = months % 12;
	double y = months / 12;
	if (rem == 0)
		return y;
	return rem <= half ? y + 0.5 : y + 1;
}

/* The retirement age (months) that applies on `on`, for the gender. */
static const struct fact_value *retirement(const struct pack *ages, const char *gender,
    struct date on)
{
	char key[64];
	snprintf(key, sizeof key, "retirement_age_months.%s", gender);
	return number(ages, key, on);
}

/* Months from the leave date until the person reaches the retirement age
 * in force at that time (0 when reached); -1 when not found. */
static int months_left(const struct pack *ages, const char *gender, struct date born,
    struct date leave, const struct fact_value **lim)
{
	for (int m = 0; m <= MONTHS_MAX; m++) {
		struct date d = date_add(leave, 0, m, 0);
		const struct fact_value *v = retirement(ages, gender, d);
		if (!v)
			return -1;
		if (m == 0)
			*lim = v;
		if (months_between(born, d) >= v->num)
			return m;
	}
	return -1;
}

void support_compute(struct db *db, const struct record *r, const struct date *leave,
    struct support_person *out)
{
	memset(out, 0, sizeof *out);
	struct support_person *p = out;
	struct db_rec *dr = db_get(db, STAFF_FORM, r->id);
	p->id = xstrdup(r->id);
	p->name = xstrdup(dr ? dr->name : record_str(r, "full_name") ? record_str(r, "full_name") : r->id);
	const struct packset *ps = ws_packs(db->ws);

	if (leave)
		p->leave = *leave;
	else if (!record_date(r, "effective_date", &p->leave))
		p->missing |= SM_EFFECTIVE_DATE;
	bool dated = !(p->missing & SM_EFFECTIVE_DATE);
	if (dated)
		p->pack = pack_select(ps, "support", NULL, p->leave);
	pick_article(r, p);
	if (dated && (!p->pack || (p->article && !article_facts(p))))
		p->missing |= SM_SUPPORT_RULES;

	/* P: the coefficient × the base salary of the month before leaving */
	const char *coef = record_str(r, "allowance_coefficient");
	if (coef) {
		p->coefficient.v = value_number(coef);
	} else {
		p->missing |= SM_COEFFICIENT;
	}
	if (dated) {
		struct date first = { p->leave.y, p->leave.m, 1 };
		p->salary_month = date_add(first, 0, 0, -1);
		const struct pack *staff = pack_select(ps, "staff", db->ws->cfg.rules_staff,
		    p->salary_month);
		const struct fact_value *bs = number(staff, "base_salary", p->salary_month);
		p->base_salary.fact = bs;
		p->base_salary.v = bs ? bs->num : 0;
		if (!bs)
			p->missing |= SM_BASE_SALARY;
	}

	struct date start, born;
	if (!record_date(r, "service_start", &start))
		p->missing |= SM_SERVICE_START;
	else if (dated && date_cmp(start, p->leave) > 0)
		p->missing |= SM_SERVICE_AFTER_LEAVE;
	bool have_born = record_date(r, "birth_date", &born);
	const char *gender = record_str(r, "gender");
	if (!have_born)
		p->missing |= SM_BIRTH_DATE;
	if (!is(gender, "nam") && !is(gender, "nu"))
		p->missing |= SM_GENDER;
	if (dated && have_born && !(p->missing & SM_GENDER)) {
		const struct pack *ages = pack_select(ps, "ages", NULL, p->leave);
		const struct fact_value *lim = NULL;
		int left = ages ? months_left(ages, gender, born, p->leave, &lim) : -1;
		if (left < 0 || !lim) {
			p->missing |= SM_RETIREMENT_AGE;
		} else {
			p->months_to_retirement = left;
			p->retirement_age.fact = lim;
			p->retirement_age.v = lim->num;
			p->retired = left == 0;
		}
	}
	if (p->missing)
		return;

	p->allowance = round(p->coefficient.v * p->base_salary.v);
	double P = p->allowance;
	p->service_months = months_between(start, p->leave);
	p->service_years = service_years(p->service_months, p->rounding.v);
	if (p->retired) {
		p->part_r = round(p->retired_months.v * P);
		p->total = p->part_r;
		return;
	}
	/* the threshold is the article's, like its other figures */
	char key[64];
	snprintf(key, sizeof key, "%s.service_threshold_months",
	    p->article == SUPPORT_ART9 ? "art9" : "art10");
	const struct fact_value *th = number(p->pack, key, p->leave);
	double threshold = th ? th->num : p->cap.v;
	if (p->service_months < threshold) {
		p->months_case = SMON_WORKED;
		p->months = p->service_months;
	} else if (p->months_to_retirement < p->cap.v) {
		p->months_case = SMON_TO_RETIREMENT;
		p->months = p->months_to_retirement;
	} else {
		p->months_case = SMON_CAP;
		p->months = (int)lround(p->cap.v);
	}
	p->part_a = round(p->per_month.v * P * p->months);
	p->part_b = round(p->per_year.v * P * p->service_years);
	p->part_c = round(p->job_search.v * P);
	p->total = p->part_a + p->part_b + p->part_c;
}

void support_person_free(struct support_person *p)
{
	free(p->id);
	free(p->name);
	memset(p, 0, sizeof *p);
}

static int by_name(const void *a, const void *b)
{
	const struct db_rec *x = *(const struct db_rec *const *)a;
	const struct db_rec *y = *(const struct db_rec *const *)b;
	int c = strcmp(x->fold ? x->fold : "", y->fold ? y->fold : "");
	return c ? c : strcmp(x->r->id, y->r->id);
}

void support_list(struct db *db, const struct date *leave, struct support_list *out)
{
	memset(out, 0, sizeof *out);
	struct db_table *t = db_table(db, STAFF_FORM);
	if (!t || !t->n)
		return;
	struct db_rec **v = xcalloc(t->n, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < t->n; i++)
		if (is(record_str(t->v[i].r, "arrangement"), "leave_with_support"))
			v[n++] = &t->v[i];
	if (n > 1)
		qsort(v, n, sizeof *v, by_name);
	out->v = xcalloc(n ? n : 1, sizeof *out->v);
	for (size_t i = 0; i < n; i++) {
		struct support_person *p = &out->v[out->n++];
		support_compute(db, v[i]->r, leave, p);
		if (!p->missing) {
			out->computed++;
			out->total += p->total;
		}
	}
	free(v);
}

void support_list_free(struct support_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		support_person_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}
