/* staff.c — see staff.h */
#include "domain/staff.h"
#include "domain/figures.h"
#include "core/num.h"
#include "core/text.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAFF_FORM "staff"
#define HAMLET_FORM "hamlets"

static const char *L(enum lang l, const char *vi, const char *en)
{
	return l == LANG_EN ? en : vi;
}

bool staff_uncertain(char confidence)
{
	return confidence == 'C' || confidence == 'D' || confidence == 'X';
}

int staff_over(const struct staff_unit *u)
{
	return u->quota < 0 ? 0 : u->after - u->quota;
}

bool staff_over_fund(const struct staff_unit *u)
{
	return u->fund >= 0 && u->allowance_after > u->fund + 1e-9;
}

/* --- numbers ------------------------------------------------------------ */

/* v with at most max_dec decimals (trailing zeros dropped down to
 * min_dec) and grouped thousands: "1.234,5" in Vietnamese, "1,234.5" in
 * English. */
static char *fmt_num(double v, int max_dec, int min_dec, enum lang l)
{
	return num_show(v, max_dec, min_dec, l);
}

char *staff_fmt_multiple(double v, enum lang l)
{
	return fmt_num(v, 3, 1, l);
}

char *staff_fmt_dong(double v, enum lang l)
{
	char *n = fmt_num(round(v), 0, 0, l);
	char *s = xasprintf("%s %s", n, L(l, "đ", "VND"));
	free(n);
	return s;
}

static char *fmt_int(long v, enum lang l)
{
	return fmt_num((double)v, 0, 0, l);
}

/* --- people ------------------------------------------------------------- */

/* A staff record, as the plan reads it. */
struct person {
	const struct record *r;
	const char *unit;	/* commune, hamlet, or NULL */
	const char *hamlet;	/* its hamlet's id when unit is hamlet */
	const char *arr;	/* arrangement code, NULL when not decided */
	const char *new_hamlet;	/* when concurrent or reassign */
	const struct strv *pos, *newpos;	/* NULL when absent */
	bool stays;	/* keep, concurrent, reassign, or not decided yet */
	bool moves;	/* concurrent or reassign, with its titles after */
};

static const struct strv *list_of(const struct record *r, const char *name)
{
	const struct fval *v = record_get(r, name);
	return v && v->is_list && v->items.n ? &v->items : NULL;
}

static bool is(const char *s, const char *code)
{
	return s && strcmp(s, code) == 0;
}

static void person_read(const struct record *r, struct person *p)
{
	memset(p, 0, sizeof *p);
	p->r = r;
	p->unit = record_str(r, "unit");
	p->hamlet = is(p->unit, "hamlet") ? record_str(r, "hamlet") : NULL;
	p->arr = record_str(r, "arrangement");
	p->pos = list_of(r, "positions");
	bool changes = is(p->arr, "concurrent") || is(p->arr, "reassign");
	p->newpos = changes ? list_of(r, "new_positions") : NULL;
	p->new_hamlet = changes ? record_str(r, "new_hamlet") : NULL;
	p->stays = !p->arr || changes || is(p->arr, "keep");
	p->moves = p->newpos != NULL;
}

/* The titles a person holds after the plan (NULL: none recorded). */
static const struct strv *titles_after(const struct person *p)
{
	return p->moves ? p->newpos : p->pos;
}

/* The level a title is held at: its tag, or the person's own level when
 * the title has no tag, or has that level's tag among others. */
static const char *title_level(const struct choice_list *titles, const char *code,
    const char *unit)
{
	const struct choice *c = titles ? choice_find(titles, code) : NULL;
	if (!c || c->tags.n == 0 || (unit && strv_has(&c->tags, unit)))
		return unit;
	if (strv_has(&c->tags, "hamlet"))
		return "hamlet";
	if (strv_has(&c->tags, "commune"))
		return "commune";
	return unit;
}

struct place {
	enum staff_level lvl;
	const char *hamlet;	/* STAFF_HAMLET: the hamlet's record id */
};

static struct place place_of(const char *level, const char *hamlet)
{
	struct place pl = { STAFF_UNPLACED, NULL };
	if (is(level, "commune")) {
		pl.lvl = STAFF_COMMUNE;
	} else if (is(level, "hamlet") && hamlet) {
		pl.lvl = STAFF_HAMLET;
		pl.hamlet = hamlet;
	}
	return pl;
}

static bool place_eq(struct place a, struct place b)
{
	return a.lvl == b.lvl && (a.lvl != STAFF_HAMLET || strcmp(a.hamlet, b.hamlet) == 0);
}

static struct place place_before(const struct person *p)
{
	return place_of(p->unit, p->hamlet);
}

/* Where title `code` is held after the plan. */
static struct place place_after(const struct choice_list *titles,
    const struct person *p, const char *code)
{
	if (!p->moves)
		return place_before(p);
	const char *h = p->new_hamlet ? p->new_hamlet : p->hamlet;
	return place_of(title_level(titles, code, p->unit), h);
}

static const struct choice_list *titles_list(const struct form *f)
{
	const struct field *fd = f ? form_field(f, "positions") : NULL;
	return fd ? fd->choices : NULL;
}

static const char *title_label(const struct choice_list *titles, const char *code,
    enum lang l)
{
	const struct choice *c = titles ? choice_find(titles, code) : NULL;
	return c ? i18n_get(&c->label, l) : code;
}

/* True when `word` is one of the words of a fact's text ("thon tdp"). */
static bool list_has(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *s = list; s && *s;) {
		s += strspn(s, " ,");
		size_t k = strcspn(s, " ,");
		if (k == n && strncmp(s, word, n) == 0)
			return true;
		s += k;
	}
	return false;
}

/* --- the plan ------------------------------------------------------------ */

struct pctx {
	struct db *db;
	struct staff_plan *p;
	const struct choice_list *titles;
	enum lang l;
	struct staff_unit **by_id;	/* the hamlets' units in id order */
};

static const struct fact_value *num_fact(const struct pctx *c, const char *key)
{
	const struct fact_value *v = pack_value(c->p->pack, key, c->p->on);
	return v && v->is_number ? v : NULL;
}

static void basis_fill(struct staff_basis *b, enum staff_basis_kind kind,
    const char *key, const struct fact_value *fv, enum lang l, char *text)
{
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->text = text;
	b->key = xstrdup(key);
	if (fv) {
		b->cite = citation_text(&fv->cite);
		if (!*b->cite)
			xfree(&b->cite);
		b->confidence = fv->cite.confidence ? fv->cite.confidence[0] : 0;
		const char *note = i18n_get(&fv->cite.note, l);
		b->note = *note ? xstrdup(note) : NULL;
	}
}

static void basis_clear(struct staff_basis *b)
{
	free(b->text);
	free(b->key);
	free(b->cite);
	free(b->note);
}

/* Append a figure (or, with fv NULL, a plain note) to a list; takes text. */
static void basis_push(struct staff_basis **v, size_t *n, enum staff_basis_kind kind,
    const char *key, const struct fact_value *fv, enum lang l, char *text)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	basis_fill(&(*v)[(*n)++], kind, key, fv, l, text);
}

static void unit_basis(struct pctx *c, struct staff_unit *u, enum staff_basis_kind kind,
    const char *key, const struct fact_value *fv, char *text)
{
	basis_push(&u->basis, &u->nbasis, kind, key, fv, c->l, text);
}

static void plan_note(struct pctx *c, const char *key, const struct fact_value *fv,
    char *text)
{
	basis_push(&c->p->notes, &c->p->nnotes, BASIS_NOTE, key, fv, c->l, text);
}

static void unit_clear(struct staff_unit *u)
{
	free(u->id);
	free(u->name);
	free(u->kind);
	strv_free(&u->filled);
	strv_free(&u->vacant);
	for (size_t i = 0; i < u->nbasis; i++)
		basis_clear(&u->basis[i]);
	free(u->basis);
	memset(u, 0, sizeof *u);
}

void staff_plan_free(struct staff_plan *p)
{
	unit_clear(&p->commune);
	for (size_t i = 0; i < p->nhamlets; i++)
		unit_clear(&p->hamlets[i]);
	free(p->hamlets);
	unit_clear(&p->unplaced);
	for (size_t i = 0; i < p->nattention; i++) {
		free(p->attention[i].id);
		free(p->attention[i].name);
		free(p->attention[i].reason);
	}
	free(p->attention);
	for (size_t i = 0; i < p->nnotes; i++)
		basis_clear(&p->notes[i]);
	free(p->notes);
	basis_clear(&p->salary);
	memset(p, 0, sizeof *p);
}

static void unit_init(struct staff_unit *u, enum staff_level lvl, char *name)
{
	memset(u, 0, sizeof *u);
	u->level = lvl;
	u->name = name;
	u->households = -1;
	u->quota = -1;
	u->fund = -1;
}

static struct staff_unit *unit_at(struct pctx *c, struct place pl)
{
	struct staff_plan *p = c->p;
	if (pl.lvl == STAFF_COMMUNE)
		return &p->commune;
	size_t lo = 0, hi = pl.lvl == STAFF_HAMLET ? p->nhamlets : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcmp(c->by_id[mid]->id, pl.hamlet);
		if (d == 0)
			return c->by_id[mid];
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &p->unplaced;
}

/* Count one person before and after the plan. */
static void count_person(struct pctx *c, const struct person *pr, double coef)
{
	struct staff_unit *bu = unit_at(c, place_before(pr));
	bu->before++;
	bu->allowance_before += coef;
	if (!pr->stays) {
		bu->leaving++;
		return;
	}
	const struct strv *ts = titles_after(pr);
	size_t nt = ts ? ts->n : 0;
	struct staff_unit **at = xcalloc(nt + 1, sizeof *at);
	size_t nat = 0;
	if (nt == 0)
		at[nat++] = bu;
	for (size_t i = 0; i < nt; i++) {
		struct staff_unit *u = unit_at(c, place_after(c->titles, pr, ts->v[i]));
		if (!strv_has(&u->filled, ts->v[i]))
			strv_push(&u->filled, ts->v[i]);
		size_t k = 0;
		while (k < nat && at[k] != u)
			k++;
		if (k == nat)
			at[nat++] = u;
	}
	for (size_t k = 0; k < nat; k++) {
		struct staff_unit *u = at[k];
		u->after++;
		if (!pr->arr)
			u->undecided++;
		else if (is(pr->arr, "concurrent"))
			u->concurrent_arr++;
		else if (is(pr->arr, "reassign"))
			u->reassigned++;
		else
			u->kept++;
		if (nt >= 2)
			u->concurrent++;
	}
	size_t k = 0;
	while (k < nat && at[k] != bu)
		k++;
	if (k == nat)
		bu->moved_out++;
	/* the allowance goes with the first title */
	at[0]->allowance_after += coef;
	free(at);
}

/* Filled titles in the list's order; the vacant ones of `wanted`. */
static void titles_sort(struct pctx *c, struct staff_unit *u, const struct strv *wanted)
{
	struct strv sorted = STRV_INIT;
	for (size_t i = 0; c->titles && i < c->titles->n; i++)
		if (strv_has(&u->filled, c->titles->items[i].code))
			strv_push(&sorted, c->titles->items[i].code);
	for (size_t i = 0; i < u->filled.n; i++)
		if (!strv_has(&sorted, u->filled.v[i]))
			strv_push(&sorted, u->filled.v[i]);
	strv_free(&u->filled);
	u->filled = sorted;
	for (size_t i = 0; i < wanted->n; i++)
		if (!strv_has(&u->filled, wanted->v[i]))
			strv_push(&u->vacant, wanted->v[i]);
}

/* The NQ 1211 standard the commune's increases count from: the setting,
 * else a xã's, else a phường's by the kind of its (former) district. */
static const char *standard_variant(const struct ws_config *cfg)
{
	if (cfg->commune_standard)
		return cfg->commune_standard;
	if (!cfg->commune_kind || is(cfg->commune_kind, "xa"))
		return "xa";
	if (!is(cfg->commune_kind, "phuong") || !cfg->district_name)
		return NULL;
	char *f = text_fold(cfg->district_name);
	const char *v = NULL;
	if (f && strncmp(f, "quan ", 5) == 0)
		v = "phuong_quan";
	else if (f && (strncmp(f, "thanh pho ", 10) == 0 || strncmp(f, "tp ", 3) == 0 ||
	    strncmp(f, "tp.", 3) == 0))
		v = "phuong_thanh_pho";
	else if (f && strncmp(f, "thi xa ", 7) == 0)
		v = "phuong_thi_xa";
	free(f);
	return v;
}

static const struct {
	const char *code, *vi, *en;
} names[] = {
	{ "xa", "xã", "xã (rural commune)" },
	{ "xa_mountain", "xã miền núi, vùng cao", "mountain or highland xã" },
	{ "phuong_quan", "phường thuộc quận", "ward of an urban district" },
	{ "phuong_thanh_pho", "phường thuộc thành phố", "ward of a city" },
	{ "phuong_thi_xa", "phường thuộc thị xã", "ward of a town" },
};

bool staff_standard_known(const char *code, struct sbuf *codes)
{
	bool known = false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		known = known || strcmp(names[i].code, code) == 0;
		if (codes)
			sbuf_printf(codes, "%s%s", i ? ", " : "", names[i].code);
	}
	return known;
}

static const char *variant_name(const char *v, enum lang l)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].code, v) == 0)
			return L(l, names[i].vi, names[i].en);
	return v;
}

/* A number of people from a figure: rounded, and kept within what a
 * commune could ever have, so that a province's absurd figure (rules.c
 * lets through up to 1e12) cannot overflow the sums. */
#define PEOPLE_MAX 1000000

static int people(double x)
{
	if (!(x > -PEOPLE_MAX))
		return -PEOPLE_MAX;
	return x < PEOPLE_MAX ? (int)lround(x) : PEOPLE_MAX;
}

/* People added for a population above the standard: one per full
 * 1/divisor of the standard above it. Integer arithmetic, no rounding. */
static int population_increase(struct pctx *c, struct staff_unit *u, const char *variant,
    long population)
{
	enum lang l = c->l;
	char key[128], skey[128];
	snprintf(key, sizeof key, "commune_quota.increase.population_divisor.%s", variant);
	const struct fact_value *div = num_fact(c, key);
	if (!div) {
		snprintf(key, sizeof key, "commune_quota.increase.population_divisor");
		div = num_fact(c, key);
	}
	snprintf(skey, sizeof skey, "standard.population.%s", variant);
	const struct fact_value *std = num_fact(c, skey);
	if (!div)
		return 0;
	if (!std || std->num < 1 || div->num < 1) {
		unit_basis(c, u, BASIS_QUOTA, key, div, xasprintf(L(l,
		    "Quy định không có tiêu chuẩn dân số cho %s: chưa tính phần tăng thêm theo dân số",
		    "The pack has no population standard for a %s: no increase for population counted"),
		    variant_name(variant, l)));
		return 0;
	}
	if (population < 0) {
		unit_basis(c, u, BASIS_QUOTA, key, div, xstrdup(L(l,
		    "Chưa có dân số của xã (commune.population trong sapxep.yaml): chưa tính phần tăng thêm theo dân số",
		    "The commune's population is not recorded (commune.population in sapxep.yaml): no increase for population counted")));
		return 0;
	}
	long long s = llround(std->num), d = llround(div->num);
	/* in floating point: a province's figures may be large (rules.c keeps
	 * them below 1e12), the product must not overflow */
	long long n = population > s ?
	    people(floor((double)(population - s) * (double)d / (double)s)) : 0;
	char *ps = fmt_int((long)s, l), *pop = fmt_int(population, l);
	unit_basis(c, u, BASIS_QUOTA, skey, std, xasprintf(L(l,
	    "Tiêu chuẩn dân số của %s: %s người", "Population standard of a %s: %s people"),
	    variant_name(variant, l), ps));
	unit_basis(c, u, BASIS_QUOTA, key, div, xasprintf(L(l,
	    "Dân số %s người, tăng thêm %lld người (mỗi 1/%lld tiêu chuẩn vượt)",
	    "Population %s: %lld more (one per full 1/%lld of the standard above it)"),
	    pop, n, d));
	free(ps);
	free(pop);
	return (int)n;
}

/* People added for an area above the standard: one per full `share` of
 * the standard above it. */
static int area_increase(struct pctx *c, struct staff_unit *u, const char *variant,
    double area)
{
	enum lang l = c->l;
	char key[128] = "commune_quota.increase.area_share", skey[128];
	const struct fact_value *share = num_fact(c, key);
	snprintf(skey, sizeof skey, "standard.area.%s", variant);
	const struct fact_value *std = num_fact(c, skey);
	if (!share)
		return 0;
	if (!std || std->num <= 0 || share->num <= 0) {
		unit_basis(c, u, BASIS_QUOTA, key, share, xasprintf(L(l,
		    "Quy định không có tiêu chuẩn diện tích cho %s: chưa tính phần tăng thêm theo diện tích",
		    "The pack has no area standard for a %s: no increase for area counted"),
		    variant_name(variant, l)));
		return 0;
	}
	if (area < 0) {
		unit_basis(c, u, BASIS_QUOTA, key, share, xstrdup(L(l,
		    "Chưa có diện tích của xã (commune.area_km2 trong sapxep.yaml): chưa tính phần tăng thêm theo diện tích",
		    "The commune's area is not recorded (commune.area_km2 in sapxep.yaml): no increase for area counted")));
		return 0;
	}
	double step = std->num * share->num;
	/* areas are kept to 0.01 km²: a tolerance below that keeps an exact
	 * multiple from falling short by a rounding error */
	int n = area > std->num ? people(floor((area - std->num) / step + 1e-7)) : 0;
	char *as = staff_fmt_multiple(std->num, l), *a = staff_fmt_multiple(area, l);
	char *pct = fmt_num(share->num * 100, 1, 0, l);
	unit_basis(c, u, BASIS_QUOTA, skey, std, xasprintf(L(l,
	    "Tiêu chuẩn diện tích của %s: %s km²", "Area standard of a %s: %s km²"),
	    variant_name(variant, l), as));
	unit_basis(c, u, BASIS_QUOTA, key, share, xasprintf(L(l,
	    "Diện tích %s km², tăng thêm %d người (mỗi %s%% tiêu chuẩn vượt)",
	    "Area %s km²: %d more (one per full %s%% of the standard above it)"), a, n, pct));
	free(as);
	free(a);
	free(pct);
	return n;
}

static void commune_rules(struct pctx *c)
{
	struct staff_unit *u = &c->p->commune;
	const struct ws_config *cfg = &c->db->ws->cfg;
	enum lang l = c->l;
	const char *klass = cfg->commune_class ? cfg->commune_class : "?";
	char key[96];
	snprintf(key, sizeof key, "commune_quota.%s", klass);
	const struct fact_value *q = num_fact(c, key);
	if (!q) {
		unit_basis(c, u, BASIS_QUOTA, key, NULL, xasprintf(L(l,
		    "Quy định %s không có định mức cho xã loại %s",
		    "Pack %s has no quota for a class %s commune"), c->p->pack->name, klass));
	} else {
		u->quota = people(q->num);
		unit_basis(c, u, BASIS_QUOTA, key, q, xasprintf(L(l,
		    "Định mức cấp xã loại %s: %d người", "Commune level, class %s: at most %d people"),
		    klass, u->quota));
		const char *variant = standard_variant(cfg);
		bool increases = num_fact(c, "commune_quota.increase.population_divisor") ||
		    num_fact(c, "commune_quota.increase.area_share");
		if (u->quota == 0) {
			/* nothing to add to: the level has no such posts */
		} else if (increases && !variant) {
			unit_basis(c, u, BASIS_QUOTA, NULL, NULL, xstrdup(L(l,
			    "Không rõ xã theo tiêu chuẩn nào (commune.standard trong sapxep.yaml): chưa tính phần tăng thêm",
			    "Which standard applies to the commune is unknown (commune.standard in sapxep.yaml): no increase counted")));
		} else if (increases) {
			u->quota += population_increase(c, u, variant, cfg->population);
			u->quota += area_increase(c, u, variant, cfg->area_km2);
		}
	}
	/* the commune-level titles of the province's list */
	struct strv wanted = STRV_INIT;
	for (size_t i = 0; c->titles && i < c->titles->n; i++)
		if (strv_has(&c->titles->items[i].tags, "commune"))
			strv_push(&wanted, c->titles->items[i].code);
	titles_sort(c, u, &wanted);
	strv_free(&wanted);
	snprintf(key, sizeof key, "commune_fund.%s", klass);
	const struct fact_value *f = num_fact(c, key);
	if (!f) {
		unit_basis(c, u, BASIS_FUND, key, NULL, xasprintf(L(l,
		    "Quy định %s không có quỹ phụ cấp cho xã loại %s",
		    "Pack %s has no allowance fund for a class %s commune"), c->p->pack->name, klass));
		return;
	}
	u->fund = f->num;
	char *m = staff_fmt_multiple(f->num, l);
	unit_basis(c, u, BASIS_FUND, key, f, xasprintf(L(l,
	    "Quỹ phụ cấp cấp xã loại %s: %s lần mức lương cơ sở",
	    "Commune-level allowance fund, class %s: %s × the base salary"), klass, m));
	free(m);
}

static const char *kind_name(const char *kind, enum lang l)
{
	if (is(kind, "tdp"))
		return L(l, "tổ dân phố", "tổ dân phố (neighbourhood)");
	return L(l, "thôn", "thôn (hamlet)");
}

static void hamlet_rules(struct pctx *c, struct staff_unit *u, const struct record *h)
{
	enum lang l = c->l;
	const struct ws_config *cfg = &c->db->ws->cfg;
	const struct fact_value *q = num_fact(c, "hamlet_quota");
	if (q) {
		u->quota = people(q->num);
		unit_basis(c, u, BASIS_QUOTA, "hamlet_quota", q, xasprintf(L(l,
		    "Định mức thôn, tổ dân phố: %d người hưởng phụ cấp",
		    "Hamlet: at most %d people paid an allowance"), u->quota));
	}
	/* the paid titles of a hamlet */
	const struct fact_value *ht = pack_value(c->p->pack, "hamlet_titles", c->p->on);
	struct strv wanted = STRV_INIT;
	for (size_t i = 0; c->titles && i < c->titles->n; i++) {
		const struct choice *t = &c->titles->items[i];
		if (ht ? list_has(ht->text, t->code) : strv_has(&t->tags, "hamlet"))
			strv_push(&wanted, t->code);
	}
	titles_sort(c, u, &wanted);
	strv_free(&wanted);

	const struct fact_value *hi = num_fact(c, "hamlet_fund.high");
	const struct fact_value *lo = num_fact(c, "hamlet_fund.standard");
	if (!hi || !lo) {
		unit_basis(c, u, BASIS_FUND, "hamlet_fund.standard", NULL, xasprintf(L(l,
		    "Quy định %s không có quỹ phụ cấp thôn", "Pack %s has no hamlet allowance fund"),
		    c->p->pack->name));
		return;
	}
	struct sbuf why = SBUF_INIT;
	char key[96];
	const struct fact_value *t = NULL;
	if (u->kind) {
		snprintf(key, sizeof key, "hamlet_fund.households.%s", u->kind);
		t = num_fact(c, key);
	}
	char *hh = u->households >= 0 ? fmt_int(u->households, l) : NULL;
	char *th = t ? fmt_int(lround(t->num), l) : NULL;
	if (t && hh && u->households >= t->num)
		sbuf_printf(&why, L(l, "%s có %s hộ, từ %s hộ trở lên", "%s of %s households, %s or more"),
		    kind_name(u->kind, l), hh, th);
	const struct fact_value *ks = pack_value(c->p->pack, "hamlet_fund.key_security", c->p->on);
	if (u->kind && ks && list_has(ks->text, u->kind) &&
	    (is(record_str(h, "key_security"), "true") || cfg->key_security))
		sbuf_printf(&why, "%s%s", why.len ? "; " : "",
		    L(l, "trọng điểm về an ninh, trật tự", "key security area"));
	const struct fact_value *bi = pack_value(c->p->pack, "hamlet_fund.border_or_island", c->p->on);
	if (u->kind && bi && list_has(bi->text, u->kind) && cfg->border_or_island)
		sbuf_printf(&why, "%s%s", why.len ? "; " : "",
		    L(l, "thuộc xã biên giới, hải đảo", "in a border or island commune"));
	const struct fact_value *f = why.len ? hi : lo;
	if (!why.len) {
		if (!hh)
			sbuf_adds(&why, L(l, "chưa có số hộ", "households not recorded"));
		else if (t)
			sbuf_printf(&why, L(l, "%s có %s hộ, dưới %s hộ", "%s of %s households, under %s"),
			    kind_name(u->kind, l), hh, th);
		else
			sbuf_printf(&why, L(l, "%s có %s hộ, không thuộc trường hợp mức cao",
			    "%s of %s households, not in the higher group"), kind_name(u->kind, l), hh);
	}
	u->fund = f->num;
	char *m = staff_fmt_multiple(f->num, l);
	unit_basis(c, u, BASIS_FUND, why.len && f == hi ? "hamlet_fund.high" : "hamlet_fund.standard",
	    f, xasprintf(L(l, "Quỹ phụ cấp: %s lần mức lương cơ sở (%s)",
	    "Allowance fund: %s × the base salary (%s)"), m, sbuf_str(&why)));
	free(m);
	free(hh);
	free(th);
	sbuf_free(&why);
}

static int by_name(const void *a, const void *b)
{
	const struct db_rec *x = *(const struct db_rec *const *)a;
	const struct db_rec *y = *(const struct db_rec *const *)b;
	int c = strcmp(x->fold, y->fold);
	return c ? c : strcmp(x->r->id, y->r->id);
}

static void make_hamlets(struct pctx *c)
{
	struct staff_plan *p = c->p;
	struct db_table *t = db_table(c->db, HAMLET_FORM);
	if (!t || !t->n)
		return;
	struct db_rec **v = xcalloc(t->n, sizeof *v);
	for (size_t i = 0; i < t->n; i++)
		v[i] = &t->v[i];
	qsort(v, t->n, sizeof *v, by_name);
	p->hamlets = xcalloc(t->n, sizeof *p->hamlets);
	c->by_id = xcalloc(t->n, sizeof *c->by_id);
	for (size_t i = 0; i < t->n; i++) {
		struct staff_unit *u = &p->hamlets[p->nhamlets++];
		c->by_id[v[i] - t->v] = u;	/* the table is in id order */
		unit_init(u, STAFF_HAMLET, xstrdup(v[i]->name));
		u->id = xstrdup(v[i]->r->id);
		u->kind = xstrdup(record_str(v[i]->r, "kind"));
		const char *hh = record_str(v[i]->r, "households");
		if (hh)	/* canonical whole number, maybe past what a double holds */
			u->households = strtol(hh, NULL, 10);
	}
	free(v);
}

/* The problems that make a record incomplete, in one line. */
static char *error_text(const struct form *f, const struct problems *ps, enum lang l)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < ps->n; i++) {
		const struct problem *pr = &ps->v[i];
		if (pr->sev != SEV_ERROR)
			continue;
		const struct field *fd = pr->field ? form_field(f, pr->field) : NULL;
		if (b.len)
			sbuf_adds(&b, "; ");
		if (fd)
			sbuf_printf(&b, "%s: ", i18n_get(&fd->label, l));
		sbuf_adds(&b, i18n_get(&pr->msg, l));
	}
	return sbuf_detach(&b);
}

static void plan_notes(struct pctx *c)
{
	struct staff_plan *p = c->p;
	enum lang l = c->l;
	const struct fact_value *last = pack_value(p->pack, "commune_level.last_day", p->on);
	const struct fact_value *sup = pack_value(p->pack, "support_policy", p->on);
	struct date d;
	char when[11];
	if (last && date_parse_iso(last->text, &d) == 0) {
		date_format_vn(d, when);
		const char *policy = sup ? sup->text : "";
		if (date_cmp(p->on, d) > 0)
			plan_note(c, "commune_level.last_day", last, xasprintf(L(l,
			    "Sau ngày %s cấp xã không còn người hoạt động không chuyên trách: bố trí về thôn, tổ dân phố hoặc nghỉ theo %s",
			    "After %s the commune level has no non-specialist workers: move them to hamlet posts or let them leave under %s"),
			    when, policy));
		else
			plan_note(c, "commune_level.last_day", last, xasprintf(L(l,
			    "Cấp xã chỉ được tiếp tục bố trí đến hết ngày %s; sau đó bố trí về thôn, tổ dân phố hoặc nghỉ theo %s",
			    "Commune-level posts may be kept until %s only; then move them to hamlet posts or let them leave under %s"),
			    when, policy));
	}
	const struct fact_value *hr = pack_value(p->pack, "hamlet_rules.unverified_from", p->on);
	if (hr && date_parse_iso(hr->text, &d) == 0 && date_cmp(p->on, d) >= 0) {
		date_format_vn(d, when);
		plan_note(c, "hamlet_rules.unverified_from", hr, xasprintf(L(l,
		    "Quy định về thôn, tổ dân phố từ %s chưa được xác minh", "The hamlet rules from %s are unverified"),
		    when));
	}
	plan_note(c, NULL, NULL, xstrdup(L(l,
	    "Phụ cấp sau sắp xếp = hệ số hiện hưởng của những người ở lại; mức của từng chức danh và phụ cấp kiêm nhiệm do HĐND tỉnh quy định chưa được tính",
	    "The allowance after the plan adds up the current allowances of those who stay; the per-title and concurrent rates the provincial council sets are not applied")));
}

/* staff_plan; the records needing attention only when `attention` (it
 * checks every record, which the province's figures do not need). */
static int plan_make(struct db *db, struct date on, enum lang l, bool attention,
    struct staff_plan *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct workspace *ws = db->ws;
	const struct pack *pack = pack_select(ws_packs(ws), "staff", ws->cfg.rules_staff, on);
	char when[11];
	date_format_vn(on, when);
	if (!pack && ws->cfg.rules_staff)
		return err_set(e, E_NOTFOUND,
		    _("%s: rules.staff names '%s', which is not a staff rule pack (config/rules/%s.yaml)"),
		    ws->config_path, ws->cfg.rules_staff, ws->cfg.rules_staff);
	if (!pack)
		return err_set(e, E_NOTFOUND,
		    _("no staff rule pack is in force on %s: add one to config/rules or name one in sapxep.yaml (rules.staff)"),
		    when);
	struct staff_plan *p = out;
	p->lang = l;
	p->on = on;
	p->pack = pack;
	const struct form *f = formset_get(ws->forms, STAFF_FORM);
	p->titles = titles_list(f);
	struct pctx c = { db, p, p->titles, l, NULL };

	const struct fact_value *bs = num_fact(&c, "base_salary");
	p->base_salary = bs ? bs->num : -1;
	char *money = bs ? staff_fmt_dong(bs->num, l) : NULL;
	basis_fill(&p->salary, BASIS_FUND, "base_salary", bs, l, bs ?
	    xasprintf(L(l, "Mức lương cơ sở: %s/tháng", "Base salary: %s a month"), money) :
	    xasprintf(L(l, "Quy định %s không có mức lương cơ sở cho ngày %s",
	    "Pack %s has no base salary for %s"), pack->name, when));
	free(money);

	unit_init(&p->commune, STAFF_COMMUNE, xstrdup(L(l, "Cấp xã", "Commune level")));
	unit_init(&p->unplaced, STAFF_UNPLACED, xstrdup(L(l, "Chưa rõ nơi làm việc", "Place not known")));
	make_hamlets(&c);

	struct db_table *t = db_table(db, STAFF_FORM);
	for (size_t i = 0; t && i < t->n; i++) {
		const struct record *r = t->v[i].r;
		struct person pr;
		person_read(r, &pr);
		const char *coef = record_str(r, "allowance_coefficient");
		count_person(&c, &pr, coef ? value_number(coef) : 0);
		if (!attention)
			continue;
		struct problems ps = { 0 };
		db_check(db, t->form, r, &ps);
		if (problems_errors(&ps)) {
			p->attention = xreallocarray(p->attention, p->nattention + 1, sizeof *p->attention);
			struct staff_attention *a = &p->attention[p->nattention++];
			a->id = xstrdup(r->id);
			a->name = xstrdup(t->v[i].name);
			a->reason = error_text(t->form, &ps, l);
		}
		problems_free(&ps);
	}
	commune_rules(&c);
	for (size_t i = 0; i < p->nhamlets; i++) {
		struct db_rec *h = db_get(db, HAMLET_FORM, p->hamlets[i].id);
		hamlet_rules(&c, &p->hamlets[i], h ? h->r : NULL);
	}
	plan_notes(&c);
	free(c.by_id);
	return 0;
}

int staff_plan(struct db *db, struct date on, enum lang l, struct staff_plan *out,
    struct err *e)
{
	return plan_make(db, on, l, true, out, e);
}

/* --- showing it ------------------------------------------------------------ */

static char *fmt_or_unknown(double v, bool known, enum lang l)
{
	return known ? staff_fmt_multiple(v, l) : xstrdup("?");
}

static void table_row(const struct staff_plan *p, const struct staff_unit *u,
    struct table *t)
{
	enum lang l = p->lang;
	table_add(t, u->name);
	table_addf(t, "%d", u->before);
	table_addf(t, "%d", u->after);
	if (u->quota < 0) {
		table_add(t, "?");
		table_add(t, "?");
	} else {
		table_addf(t, "%d", u->quota);
		table_addf(t, staff_over(u) ? "%+d" : "%d", staff_over(u));
	}
	table_addf(t, "%d", u->concurrent);
	strv_take(&t->cells, fmt_or_unknown(u->fund, u->fund >= 0, l));
	strv_take(&t->cells, staff_fmt_multiple(u->allowance_before, l));
	strv_take(&t->cells, staff_fmt_multiple(u->allowance_after, l));
}

void staff_plan_table(const struct staff_plan *p, struct table *t)
{
	enum lang l = p->lang;
	table_init(t, 9);
	t->max_width = 24;
	table_add(t, L(l, "Đơn vị", "Unit"));
	table_add(t, L(l, "Trước", "Before"));
	table_add(t, L(l, "Sau", "After"));
	table_add(t, L(l, "Định mức", "Quota"));
	table_add(t, L(l, "Vượt", "Over"));
	table_add(t, L(l, "Kiêm", "Dual"));
	table_add(t, L(l, "Quỹ", "Fund"));
	table_add(t, L(l, "PC trước", "Paid now"));
	table_add(t, L(l, "PC sau", "Paid after"));
	for (size_t i = 1; i < 9; i++)
		table_align_right(t, i);
	table_row(p, &p->commune, t);
	for (size_t i = 0; i < p->nhamlets; i++)
		table_row(p, &p->hamlets[i], t);
	if (p->unplaced.before || p->unplaced.after)
		table_row(p, &p->unplaced, t);
}

static char *titles_text(const struct staff_plan *p, const struct strv *codes)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < codes->n; i++)
		sbuf_printf(&b, "%s%s", i ? ", " : "", title_label(p->titles, codes->v[i], p->lang));
	return sbuf_detach(&b);
}

/* "18,0 lần (42.120.000 đ)" */
static char *money_text(const struct staff_plan *p, double multiple)
{
	char *m = staff_fmt_multiple(multiple, p->lang);
	char *d = p->base_salary < 0 ? xstrdup(L(p->lang, "chưa rõ mức lương cơ sở",
	    "base salary unknown")) : staff_fmt_dong(multiple * p->base_salary, p->lang);
	char *s = xasprintf("%s %s (%s)", m, L(p->lang, "lần", "×"), d);
	free(m);
	free(d);
	return s;
}

/* "  text — citation (C, chưa chắc chắn)" and its caveat below. */
static void basis_lines(const struct staff_basis *b, enum lang l, const char *indent,
    struct strv *out)
{
	struct sbuf s = SBUF_INIT;
	sbuf_printf(&s, "%s%s", indent, b->text);
	if (b->cite)
		sbuf_printf(&s, " — %s", b->cite);
	if (staff_uncertain(b->confidence))
		sbuf_printf(&s, " %s", L(l, "[chưa chắc chắn]", "[uncertain]"));
	strv_take(out, sbuf_detach(&s));
	if (b->note)
		strv_take(out, xasprintf("%s  %s", indent, b->note));
}

void staff_unit_lines(const struct staff_plan *p, const struct staff_unit *u,
    struct strv *out)
{
	enum lang l = p->lang;
	strv_push(out, u->name);
	strv_take(out, xasprintf(L(l,
	    "  Trước: %d người. Sau: %d (giữ nguyên %d, kiêm nhiệm %d, bố trí khác %d, chưa quyết định %d). Nghỉ, chuyển công tác: %d. Sang nơi khác: %d",
	    "  Before: %d people. After: %d (kept %d, concurrent %d, moved %d, undecided %d). Leaving: %d. Moved elsewhere: %d"),
	    u->before, u->after, u->kept, u->concurrent_arr, u->reassigned, u->undecided,
	    u->leaving, u->moved_out));
	int over = staff_over(u);
	if (u->quota < 0)
		strv_push(out, L(l, "  Định mức: chưa rõ", "  Quota: unknown"));
	else if (over > 0)
		strv_take(out, xasprintf(L(l, "  Định mức %d: vượt %d người", "  Quota %d: %d over"),
		    u->quota, over));
	else if (over < 0)
		strv_take(out, xasprintf(L(l, "  Định mức %d: ít hơn định mức %d người", "  Quota %d: %d under"),
		    u->quota, -over));
	else
		strv_take(out, xasprintf(L(l, "  Định mức %d: vừa đủ", "  Quota %d: exactly met"),
		    u->quota));
	strv_take(out, xasprintf(L(l, "  Người giữ từ hai chức danh: %d",
	    "  People holding two or more titles: %d"), u->concurrent));
	if (u->filled.n) {
		char *s = titles_text(p, &u->filled);
		strv_take(out, xasprintf(L(l, "  Chức danh có người: %s", "  Titles filled: %s"), s));
		free(s);
	}
	if (u->vacant.n) {
		char *s = titles_text(p, &u->vacant);
		strv_take(out, xasprintf(L(l, "  Chức danh còn trống: %s", "  Titles vacant: %s"), s));
		free(s);
	}
	char *before = money_text(p, u->allowance_before);
	char *after = money_text(p, u->allowance_after);
	if (u->fund >= 0) {
		char *fund = money_text(p, u->fund);
		double left = u->fund - u->allowance_after;
		char *diff = staff_fmt_multiple(fabs(left), l);
		strv_take(out, xasprintf(L(l,
		    "  Phụ cấp hiện nay %s; sau sắp xếp %s; quỹ %s: %s %s lần",
		    "  Allowance now %s; after the plan %s; fund %s: %s %s ×"),
		    before, after, fund,
		    left < -1e-9 ? L(l, "vượt quỹ", "over the fund by") : L(l, "còn", "leaves"), diff));
		free(fund);
		free(diff);
	} else {
		strv_take(out, xasprintf(L(l, "  Phụ cấp hiện nay %s; sau sắp xếp %s; quỹ: chưa rõ",
		    "  Allowance now %s; after the plan %s; fund: unknown"), before, after));
	}
	free(before);
	free(after);
	for (size_t i = 0; i < u->nbasis; i++)
		basis_lines(&u->basis[i], l, "  ", out);
}

void staff_head_lines(const struct staff_plan *p, struct strv *out)
{
	enum lang l = p->lang;
	char when[11];
	date_format_vn(p->on, when);
	strv_take(out, xasprintf(L(l, "Quy định: %s (%s), ngày %s", "Rules: %s (%s), on %s"),
	    i18n_get(&p->pack->title, l), p->pack->name, when));
	basis_lines(&p->salary, l, "", out);
	for (size_t i = 0; i < p->nnotes; i++)
		basis_lines(&p->notes[i], l, "", out);
}

void staff_attention_lines(const struct staff_plan *p, struct strv *out)
{
	if (!p->nattention)
		return;
	strv_take(out, xasprintf(L(p->lang, "Hồ sơ cần bổ sung (%zu):", "Records to finish (%zu):"),
	    p->nattention));
	for (size_t i = 0; i < p->nattention; i++)
		strv_take(out, xasprintf("  %s (%.8s): %s", p->attention[i].name,
		    p->attention[i].id, p->attention[i].reason));
}

void staff_alerts(struct db *db, enum lang l, struct strv *out)
{
	struct db_table *t = db_table(db, STAFF_FORM);
	if (!t || t->n == 0)
		return;
	struct staff_plan p;
	struct err e;
	/* the figures only: the records to finish are counted by the status
	 * they were saved with, rather than checking every one again at each
	 * start (sapxep validate and the quota screen do) */
	if (plan_make(db, date_today(), l, false, &p, &e) != 0) {
		strv_take(out, xasprintf("%s: %s", L(l,
		    "Chưa có quy định về người hoạt động không chuyên trách",
		    "No rules for non-specialist workers"), e.msg));
		return;
	}
	size_t unfinished = 0;
	for (size_t i = 0; i < t->n; i++)
		unfinished += t->v[i].r->status != RS_COMPLETE;
	size_t n = p.nhamlets + 2;
	for (size_t i = 0; i < n; i++) {
		const struct staff_unit *u = i == 0 ? &p.commune :
		    i <= p.nhamlets ? &p.hamlets[i - 1] : &p.unplaced;
		int over = staff_over(u);
		if (over > 0)
			strv_take(out, xasprintf(L(l, "%s: %d người, định mức %d (vượt %d)",
			    "%s: %d people, quota %d (%d over)"), u->name, u->after, u->quota, over));
		if (staff_over_fund(u)) {
			char *a = staff_fmt_multiple(u->allowance_after, l);
			char *f = staff_fmt_multiple(u->fund, l);
			char *d = staff_fmt_multiple(u->allowance_after - u->fund, l);
			strv_take(out, xasprintf(L(l, "%s: phụ cấp %s lần, quỹ %s lần (vượt %s)",
			    "%s: allowances %s ×, fund %s × (%s over)"), u->name, a, f, d));
			free(a);
			free(f);
			free(d);
		}
	}
	if (p.unplaced.before)
		strv_take(out, xasprintf(L(l, "%d người chưa rõ làm việc ở cấp xã hay thôn nào",
		    "%d people with no level or hamlet"), p.unplaced.before));
	if (unfinished)
		strv_take(out, xasprintf(L(l, "%zu hồ sơ người hoạt động không chuyên trách cần bổ sung",
		    "%zu staff records need finishing"), unfinished));
	staff_plan_free(&p);
}

/* --- checks across records ----------------------------------------------- */

/* Citation of a fact with its uncertainty, for a message. Owned. */
static char *cite_text(const struct fact_value *fv, enum lang l)
{
	char *c = citation_text(&fv->cite);
	if (!fv->cite.confidence || !staff_uncertain(fv->cite.confidence[0]))
		return c;
	char *s = xasprintf("%s %s", c, L(l, "[chưa chắc chắn]", "[uncertain]"));
	free(c);
	return s;
}

static const char *level_name(const char *unit, enum lang l)
{
	return is(unit, "hamlet") ? L(l, "thôn, tổ dân phố", "hamlet level") :
	    L(l, "cấp xã", "commune level");
}

static const char *hamlet_name(struct db *db, const char *id)
{
	struct db_rec *h = db_get(db, HAMLET_FORM, id);
	return h ? h->name : id;
}

static void check_titles_fit(const struct choice_list *titles, const struct person *p,
    struct problems *out)
{
	if (!p->unit || !p->pos)
		return;
	for (size_t i = 0; i < p->pos->n; i++) {
		const struct choice *c = titles ? choice_find(titles, p->pos->v[i]) : NULL;
		if (!c || c->tags.n == 0 || strv_has(&c->tags, p->unit))
			continue;
		problems_add_owned(out, "positions", SEV_ERROR,
		    xasprintf("«%s» không phải chức danh ở %s", i18n_get(&c->label, LANG_VI),
		    level_name(p->unit, LANG_VI)),
		    xasprintf("'%s' is not a %s title", i18n_get(&c->label, LANG_EN),
		    level_name(p->unit, LANG_EN)));
	}
}

static void check_after(const struct choice_list *titles, const struct person *p,
    struct problems *out)
{
	if (is(p->arr, "concurrent") && p->newpos && p->newpos->n < 2)
		problems_add(out, "new_positions", SEV_ERROR,
		    "Kiêm nhiệm cần từ hai chức danh trở lên sau sắp xếp",
		    "Holding titles concurrently needs two or more titles after the arrangement");
	if (!p->moves || p->new_hamlet || p->hamlet)
		return;
	for (size_t i = 0; i < p->newpos->n; i++) {
		if (!is(title_level(titles, p->newpos->v[i], p->unit), "hamlet"))
			continue;
		const char *code = p->newpos->v[i];
		problems_add_owned(out, "new_hamlet", SEV_ERROR,
		    xasprintf("Chọn thôn, tổ dân phố cho chức danh «%s»", title_label(titles, code, LANG_VI)),
		    xasprintf("Choose the hamlet for the title '%s'", title_label(titles, code, LANG_EN)));
		return;
	}
}

/* A hamlet title of p that q holds at the same hamlet: now (after false)
 * or after the plan. */
static void check_holder(struct db *db, const struct choice_list *titles,
    const struct person *p, const struct person *q, bool after, struct problems *out)
{
	const struct strv *mine = after ? titles_after(p) : p->pos;
	const struct strv *theirs = after ? titles_after(q) : q->pos;
	if (!mine || !theirs)
		return;
	for (size_t i = 0; i < mine->n; i++) {
		const char *code = mine->v[i];
		struct place pl = after ? place_after(titles, p, code) : place_before(p);
		if (pl.lvl != STAFF_HAMLET || !strv_has(theirs, code) ||
		    !is(title_level(titles, code, p->unit), "hamlet"))
			continue;
		struct place ql = after ? place_after(titles, q, code) : place_before(q);
		if (!place_eq(pl, ql))
			continue;
		const char *who = record_str(q->r, "full_name");
		const char *where = hamlet_name(db, pl.hamlet);
		problems_add_owned(out, after && p->moves ? "new_positions" : "positions", SEV_ERROR,
		    xasprintf(after ? "Sau sắp xếp, «%s» ở %s cũng do %s đảm nhiệm" :
		    "«%s» ở %s đã do %s đảm nhiệm", title_label(titles, code, LANG_VI), where,
		    who ? who : q->r->id),
		    xasprintf(after ? "After the plan, '%s' in %s is also held by %s" :
		    "'%s' in %s is already held by %s", title_label(titles, code, LANG_EN), where,
		    who ? who : q->r->id));
	}
}

/* --- who else holds a title, or has the same birth date ------------------ */

/* The staff records as check_others needs them, and sorted keys (their
 * hashes) that lead to the records that can clash with a given one:
 * ('n', hamlet, title) for titles held now, ('a', hamlet, title) for
 * titles after the plan, ('b', birth date). Built when a db's records are checked one after
 * another (a plan, validate), kept until they next change (db_memo). */
struct ix_key {
	uint64_t h;	/* hash of the key */
	size_t i;	/* index in the staff table */
};

struct staff_ix {
	size_t checks;		/* check_others calls on this state of the db */
	struct person *p;	/* one per staff record, in the table's order */
	size_t n;
	struct ix_key *keys;
	size_t nkeys, cap;
};

static char ix_memo;	/* the db_memo slot of the index */

static void ix_free(void *data)
{
	struct staff_ix *ix = data;
	if (!ix)
		return;
	free(ix->keys);
	free(ix->p);
	free(ix);
}

/* FNV-1a of kind, a, b. Two keys with one hash only make a record a
 * candidate it need not be: check_other looks at the texts themselves. */
static uint64_t ix_hash(char kind, const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	h = (h ^ (unsigned char)kind) * 0x100000001b3ULL;
	for (; *a; a++)
		h = (h ^ (unsigned char)*a) * 0x100000001b3ULL;
	h = (h ^ 0x1f) * 0x100000001b3ULL;
	for (; b && *b; b++)
		h = (h ^ (unsigned char)*b) * 0x100000001b3ULL;
	return h;
}

static void ix_add(struct staff_ix *ix, size_t i, char kind, const char *a, const char *b)
{
	XGROW(ix->keys, ix->cap, ix->nkeys + 1);
	ix->keys[ix->nkeys++] = (struct ix_key){ ix_hash(kind, a, b), i };
}

static int ix_cmp(const void *a, const void *b)
{
	const struct ix_key *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static void ix_build(struct staff_ix *ix, const struct db_table *t,
    const struct choice_list *titles)
{
	ix->n = t->n;
	ix->p = xcalloc(t->n ? t->n : 1, sizeof *ix->p);
	for (size_t i = 0; i < t->n; i++) {
		struct person *q = &ix->p[i];
		person_read(t->v[i].r, q);
		struct place pl = place_before(q);
		for (size_t k = 0; q->pos && pl.lvl == STAFF_HAMLET && k < q->pos->n; k++)
			ix_add(ix, i, 'n', pl.hamlet, q->pos->v[k]);
		const struct strv *ts = titles_after(q);
		for (size_t k = 0; q->stays && ts && k < ts->n; k++) {
			struct place al = place_after(titles, q, ts->v[k]);
			if (al.lvl == STAFF_HAMLET)
				ix_add(ix, i, 'a', al.hamlet, ts->v[k]);
		}
		const char *birth = record_str(q->r, "birth_date");
		if (birth)
			ix_add(ix, i, 'b', birth, NULL);
	}
	if (ix->nkeys > 1)
		qsort(ix->keys, ix->nkeys, sizeof *ix->keys, ix_cmp);
}

/* Append to out the records under one key. */
static void ix_find(const struct staff_ix *ix, char kind, const char *a, const char *b,
    size_t **out, size_t *n)
{
	uint64_t h = ix_hash(kind, a, b);
	size_t lo = 0, hi = ix->nkeys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->keys[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ix->nkeys && ix->keys[lo].h == h; lo++) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = ix->keys[lo].i;
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* The index of db's staff table, or NULL when a plain pass over the
 * records is cheaper: the first check of a state of the db (a single
 * save) walks the records; the second builds the index, which the
 * following ones use. */
static const struct staff_ix *ix_get(struct db *db, const struct db_table *t,
    const struct choice_list *titles)
{
	struct staff_ix *ix = db_memo(db, &ix_memo);
	if (!ix) {
		ix = xcalloc(1, sizeof *ix);
		db_memo_set(db, &ix_memo, ix, ix_free);
	}
	if (ix->checks++ == 0)
		return NULL;
	if (!ix->p)
		ix_build(ix, t, titles);
	return ix;
}

/* What one other record q may clash with in p. */
static void check_other(struct db *db, const struct choice_list *titles,
    const struct person *p, const struct person *q, const char *key,
    const char *birth, struct problems *out)
{
	const struct record *o = q->r;
	check_holder(db, titles, p, q, false, out);
	/* after the plan, unless neither changes: then it is the same */
	if (p->stays && q->stays && (p->moves || q->moves))
		check_holder(db, titles, p, q, true, out);
	const char *ob = record_str(o, "birth_date");
	if (key && is(ob, birth)) {
		char *ok = text_fold(record_str(o, "full_name") ? record_str(o, "full_name") : "");
		if (ok && strcmp(ok, key) == 0)
			problems_add(out, "full_name", SEV_ERROR,
			    "Trùng họ tên và ngày sinh với hồ sơ %.8s: một người chỉ nhập một lần",
			    "Same name and birth date as record %.8s: enter a person once",
			    o->id);
		free(ok);
	}
}

static void check_others(struct db *db, const struct choice_list *titles,
    const struct person *p, struct problems *out)
{
	struct db_table *t = db_table(db, STAFF_FORM);
	if (!t)
		return;
	const char *name = record_str(p->r, "full_name");
	const char *birth = record_str(p->r, "birth_date");
	char *key = name && birth ? text_fold(name) : NULL;
	const struct staff_ix *ix = ix_get(db, t, titles);
	if (!ix) {
		for (size_t i = 0; i < t->n; i++) {
			if (strcmp(t->v[i].r->id, p->r->id) == 0)
				continue;
			struct person q;
			person_read(t->v[i].r, &q);
			check_other(db, titles, p, &q, key, birth, out);
		}
		free(key);
		return;
	}
	/* only the records that share a key with p can clash with it; taken
	 * in the table's order, as the plain pass would */
	size_t *at = NULL, n = 0;
	struct place pl = place_before(p);
	for (size_t k = 0; p->pos && pl.lvl == STAFF_HAMLET && k < p->pos->n; k++)
		ix_find(ix, 'n', pl.hamlet, p->pos->v[k], &at, &n);
	const struct strv *ts = titles_after(p);
	for (size_t k = 0; p->stays && ts && k < ts->n; k++) {
		struct place al = place_after(titles, p, ts->v[k]);
		if (al.lvl == STAFF_HAMLET)
			ix_find(ix, 'a', al.hamlet, ts->v[k], &at, &n);
	}
	if (key)
		ix_find(ix, 'b', birth, NULL, &at, &n);
	if (n > 1)
		qsort(at, n, sizeof *at, cmp_size);
	for (size_t k = 0; k < n; k++) {
		if (k && at[k] == at[k - 1])
			continue;
		const struct person *q = &ix->p[at[k]];
		if (strcmp(q->r->id, p->r->id) != 0)
			check_other(db, titles, p, q, key, birth, out);
	}
	free(at);
	free(key);
}

static int months_between(struct date from, struct date to)
{
	int m = (to.y - from.y) * 12 + (to.m - from.m);
	return to.d < from.d ? m - 1 : m;
}

static void check_ages(struct db *db, const struct vctx *ctx, const struct person *p,
    struct problems *out)
{
	const char *b = record_str(p->r, "birth_date");
	const char *ed = record_str(p->r, "effective_date");
	struct date born, at = ctx->today, d;
	if (!p->stays || !b || date_parse_iso(b, &born) != 0)
		return;
	if (p->arr && !is(p->arr, "keep") && ed && date_parse_iso(ed, &d) == 0)
		at = d;
	const struct pack *ages = pack_select(ws_packs(db->ws), "ages", NULL, at);
	if (!ages)
		return;
	char when[11];
	const struct fact_value *mn = pack_value(ages, "age_min", at);
	if (mn && mn->is_number && date_years_between(born, at) < mn->num) {
		date_format_vn(at, when);
		char *cvi = cite_text(mn, LANG_VI), *cen = cite_text(mn, LANG_EN);
		problems_add_owned(out, "birth_date", SEV_WARNING,
		    xasprintf("Chưa đủ %.0f tuổi vào ngày %s (%s)", mn->num, when, cvi),
		    xasprintf("Under %.0f on %s (%s)", mn->num, when, cen));
		free(cvi);
		free(cen);
	}
	const char *g = record_str(p->r, "gender");
	const struct fact_value *lim = NULL;
	static const char *const genders[] = { "nam", "nu" };
	static const char *const keys[] = { "retirement_age_months.nam",
		"retirement_age_months.nu" };
	for (size_t i = 0; i < 2; i++) {
		const struct fact_value *v = pack_value(ages, keys[i], at);
		/* gender unknown: the later of the two ages, to warn only when sure */
		if (v && v->is_number && (g ? is(g, genders[i]) : !lim || v->num > lim->num))
			lim = v;
	}
	int months = months_between(born, at);
	if (lim && lim->num >= 0 && months >= lim->num) {
		date_format_vn(at, when);
		int y = (int)lim->num / 12, m = (int)lim->num % 12;
		char *cvi = cite_text(lim, LANG_VI), *cen = cite_text(lim, LANG_EN);
		problems_add_owned(out, "birth_date", SEV_WARNING,
		    xasprintf("Đến ngày %s đã %d tuổi %d tháng, từ tuổi nghỉ hưu %d tuổi %d tháng trở lên (%s)",
		    when, months / 12, months % 12, y, m, cvi),
		    xasprintf("On %s aged %d years %d months, at or over the retirement age of %d years %d months (%s)",
		    when, months / 12, months % 12, y, m, cen));
		free(cvi);
		free(cen);
	}
}

/* A commune-level post kept while the pack in force ends them. */
static void check_transition(struct db *db, const struct vctx *ctx,
    const struct choice_list *titles, const struct person *p, struct problems *out)
{
	if (!p->stays)
		return;
	const struct strv *ts = titles_after(p);
	bool commune = false;
	for (size_t i = 0; ts && i < ts->n; i++)
		commune |= place_after(titles, p, ts->v[i]).lvl == STAFF_COMMUNE;
	if (!commune)
		return;
	const struct pack *pack = pack_select(ws_packs(db->ws), "staff",
	    db->ws->cfg.rules_staff, ctx->today);
	const struct fact_value *last = pack ? pack_value(pack, "commune_level.last_day", ctx->today) : NULL;
	const struct fact_value *sup = pack ? pack_value(pack, "support_policy", ctx->today) : NULL;
	struct date d;
	if (!last || date_parse_iso(last->text, &d) != 0)
		return;
	char when[11];
	date_format_vn(d, when);
	char *cvi = cite_text(last, LANG_VI), *cen = cite_text(last, LANG_EN);
	const char *policy = sup ? sup->text : "";
	bool passed = date_cmp(ctx->today, d) > 0;
	problems_add_owned(out, "arrangement", SEV_WARNING,
	    xasprintf("Người hoạt động không chuyên trách cấp xã chỉ được bố trí đến hết ngày %s (%s)%s: bố trí về thôn, tổ dân phố hoặc nghỉ theo %s",
	    when, cvi, passed ? ", nay đã quá hạn" : "", policy),
	    xasprintf("Commune-level non-specialist posts %s kept until %s only (%s)%s: move to a hamlet post or leave under %s",
	    passed ? "could be" : "may be", when, cen, passed ? ", which has passed" : "", policy));
	free(cvi);
	free(cen);
}

void staff_check(const struct vctx *ctx, const struct form *f,
    const struct record *r, struct problems *out)
{
	struct db *db = ctx->data;
	if (!db)
		return;
	const struct choice_list *titles = titles_list(f);
	struct person p;
	person_read(r, &p);
	check_titles_fit(titles, &p, out);
	check_after(titles, &p, out);
	check_others(db, titles, &p, out);
	check_ages(db, ctx, &p, out);
	check_transition(db, ctx, titles, &p, out);
}

/* --- the province report ------------------------------------------------ */

/* A unit's share of the report: over quota or not, fund, allowance. */
static void unit_figures(const struct staff_unit *u, struct figures *f)
{
	f->over_quota_units += staff_over(u) > 0;
	if (u->fund > 0)
		f->fund += u->fund;
	f->allowance_after += u->allowance_after;
}

void staff_figures(struct db *db, struct date on, struct figures *f,
    struct strv *packs)
{
	struct staff_plan p;
	if (plan_make(db, on, LANG_EN, false, &p, NULL) != 0)
		return;
	unit_figures(&p.commune, f);
	for (size_t i = 0; i < p.nhamlets; i++)
		unit_figures(&p.hamlets[i], f);
	if (p.unplaced.before)
		unit_figures(&p.unplaced, f);
	/* people, not posts: a person with titles in two units counts once */
	const struct db_table *t = db_table(db, "staff");
	for (size_t i = 0; t && i < t->n; i++) {
		struct person pr;
		person_read(t->v[i].r, &pr);
		const struct strv *ts = titles_after(&pr);
		f->staff_before++;
		f->staff_after += pr.stays;
		f->staff_concurrent += pr.stays && ts && ts->n >= 2;
	}
	f->staff_reduction = f->staff_before - f->staff_after;
	if (p.pack && !strv_has(packs, p.pack->name))
		strv_push(packs, p.pack->name);
	staff_plan_free(&p);
}
