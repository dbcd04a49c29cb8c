/* hamlet.c — see hamlet.h. The rules and the review; the planner is at
 * the end of the file. */
#include "domain/hamlet.h"
#include "domain/figures.h"
#include "core/text.h"
#include "core/uuid.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Comparisons of a count against share × standard allow for the binary
 * representation of the share (0.55 × 300 is 165.00000000000003). */
#define EPS 1e-6

static const char *pick(enum lang l, const char *vi, const char *en)
{
	return l == LANG_EN ? en : vi;
}

/* --- rules ------------------------------------------------------------ */

static int rule_number(const struct pack *p, const char *key, struct date on,
    double *out, const struct fact_value **cite, struct err *e)
{
	const struct fact_value *v = pack_value(p, key, on);
	if (!v || !v->is_number)
		return err_set(e, E_INVALID,
		    _("%s: rule pack '%s' has no number '%s' in force on this date; add it or extend a pack that has it"),
		    p->path ? p->path : p->name, p->name, key);
	*out = v->num;
	if (cite)
		*cite = v;
	return 0;
}

/* "a, b c" -> [a, b, c] */
static void split_codes(const char *s, struct strv *out)
{
	const char *p = s;
	while (*p) {
		size_t n = strcspn(p, ", \t\n");
		if (n)
			strv_take(out, xstrndup(p, n));
		p += n;
		p += strspn(p, ", \t\n");
	}
}

int hamlet_rules_get(struct workspace *ws, struct date on,
    struct hamlet_rules *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->on = on;
	out->border_or_island = ws->cfg.border_or_island;
	const struct form *mf = ws->forms ? formset_get(ws->forms, "mergers") : NULL;
	const struct field *sf = mf ? form_field(mf, "stage") : NULL;
	out->stages = sf ? sf->choices : NULL;
	const struct packset *ps = ws_packs(ws);
	const char *name = ws->cfg.rules_hamlets;
	out->pack = pack_select(ps, "hamlets", name, on);
	if (!out->pack) {
		char day[11];
		date_format_vn(on, day);
		/* a pack that failed to load is the likely cause: say which */
		char *why = ws->pack_errors.n ? text_visible(ws->pack_errors.v[0], false) : NULL;
		const char *sep = why ? _("; a rule pack failed to load: ") : "";
		if (name)
			err_set(e, E_INVALID,
			    _("%s: rules.hamlets names '%s', which is not a loaded hamlet rule pack%s%s"),
			    ws->config_path, name, sep, why ? why : "");
		else
			err_set(e, E_INVALID,
			    _("no hamlet rule pack is in force on %s (config/rules/*.yaml with kind: hamlets)%s%s"),
			    day, sep, why ? why : "");
		free(why);
		return -1;
	}
	if (rule_number(out->pack, "band.must_merge_below", on, &out->must_merge_below,
	    &out->band_cite, e) != 0 ||
	    rule_number(out->pack, "band.meets_from", on, &out->meets_from, NULL, e) != 0 ||
	    rule_number(out->pack, "vote.pass_above", on, &out->vote_pass_above,
	    &out->vote_cite, e) != 0)
		return -1;
	const struct fact_value *ex = pack_value(out->pack, "exempt_factors", on);
	if (ex && ex->text) {
		split_codes(ex->text, &out->exempt);
		out->exempt_cite = ex;
	}
	return 0;
}

void hamlet_rules_free(struct hamlet_rules *hr)
{
	strv_free(&hr->exempt);
}

const struct fact_value *hamlet_standard(const struct hamlet_rules *hr,
    const char *kind, const char *region)
{
	if (!hr->pack || !kind || (!region && !hr->border_or_island))
		return NULL;
	char key[160];
	snprintf(key, sizeof key, "standard.%s.%s", kind,
	    hr->border_or_island ? "border_island" : region);
	const struct fact_value *v = pack_value(hr->pack, key, hr->on);
	/* a pack with no border or island standard (Decree 185/2026 leaves
	 * it to the province) holds those units to their region's */
	if (!v && hr->border_or_island && region) {
		snprintf(key, sizeof key, "standard.%s.%s", kind, region);
		v = pack_value(hr->pack, key, hr->on);
	}
	return v && v->is_number && v->num > 0 ? v : NULL;
}

bool hamlet_fact_uncertain(const struct fact_value *v)
{
	const char *c = v ? v->cite.confidence : NULL;
	return !c || (strcmp(c, "A") != 0 && strcmp(c, "B") != 0);
}

bool hamlet_fact_unconfirmed(const struct fact_value *v)
{
	const char *c = v ? v->cite.confidence : NULL;
	return !c || strcmp(c, "D") == 0 || strcmp(c, "X") == 0;
}

/* --- statuses ----------------------------------------------------------- */

static const struct {
	const char *code, *vi, *en, *marker;
} statuses[] = {
	[HS_UNKNOWN] = { "unknown", "Chưa rõ", "unknown", "??" },
	[HS_MEETS] = { "meets", "Đạt chuẩn", "meets", "ok" },
	[HS_BELOW] = { "below", "Chưa đạt chuẩn", "below standard", "- " },
	[HS_MUST_MERGE] = { "must_merge", "Phải sáp nhập", "must merge", "!!" },
	[HS_EXEMPT] = { "exempt", "Miễn (đặc thù)", "exempt (special factor)", "ex" },
};

const char *hamlet_status_code(enum hamlet_status s)
{
	return statuses[s].code;
}

const char *hamlet_status_label(enum hamlet_status s, enum lang l)
{
	return pick(l, statuses[s].vi, statuses[s].en);
}

const char *hamlet_status_marker(enum hamlet_status s)
{
	return statuses[s].marker;
}

/* A canonical integer value, or -1. */
/* A count from a record, or -1 when absent, negative or past a billion (a
 * record from elsewhere may hold anything; the form itself stops at
 * 100000, and sums of such counts must not overflow). */
static long int_value(const struct record *r, const char *name)
{
	const char *s = record_str(r, name);
	if (!s)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	return errno || *end || end == s || v < 0 || v > 1000000000L ? -1 : v;
}

/* Rounded-down thousandths of num/den; -1 when den is not positive. */
static long permille(long num, double den)
{
	if (num < 0 || den <= 0)
		return -1;
	double pm = floor((double)num * 1000.0 / den + EPS);
	return pm < 1e15 ? (long)pm : -1;
}

static bool has_exempt_factor(const struct hamlet_rules *hr, const struct record *r)
{
	const struct fval *v = record_get(r, "factors");
	if (!v)
		return false;
	if (!v->is_list)
		return v->s && strv_has(&hr->exempt, v->s);
	for (size_t i = 0; i < v->items.n; i++)
		if (strv_has(&hr->exempt, v->items.v[i]))
			return true;
	return false;
}

void hamlet_assess(const struct hamlet_rules *hr, const struct record *r,
    struct hamlet_row *out)
{
	memset(out, 0, sizeof *out);
	out->r = r;
	out->name = record_str(r, "name");
	if (!out->name)
		out->name = "";
	out->kind = record_str(r, "kind");
	out->region = record_str(r, "region");
	out->households = int_value(r, "households");
	out->standard = hamlet_standard(hr, out->kind, out->region);
	out->has_exempt_factor = has_exempt_factor(hr, r);
	out->ratio_pm = -1;
	out->status = HS_UNKNOWN;
	if (!out->standard || out->households < 0)
		return;
	double s = out->standard->num, h = (double)out->households;
	out->ratio_pm = permille(out->households, s);
	if (h >= hr->meets_from * s - EPS)
		out->status = HS_MEETS;
	else if (h < hr->must_merge_below * s - EPS)
		out->status = out->has_exempt_factor ? HS_EXEMPT : HS_MUST_MERGE;
	else
		out->status = HS_BELOW;
}

enum vote_result hamlet_vote(const struct hamlet_rules *hr, long total, long agree)
{
	if (total <= 0 || agree < 0)
		return VOTE_NONE;
	return (double)agree > hr->vote_pass_above * (double)total + EPS ?
	    VOTE_PASSED : VOTE_FAILED;
}

bool merger_stage_active(const struct hamlet_rules *hr, const char *stage)
{
	return !choice_has_tag(hr->stages, stage, "closed");
}

bool merger_stage_past_consulted(const struct hamlet_rules *hr, const char *stage)
{
	return choice_has_tag(hr->stages, stage, "after_consultation");
}

bool merger_stage_final(const struct hamlet_rules *hr, const char *stage)
{
	return choice_has_tag(hr->stages, stage, "final");
}

/* --- the review --------------------------------------------------------- */

static const struct strv *list_value(const struct record *r, const char *name)
{
	const struct fval *v = record_get(r, name);
	return v && v->is_list ? &v->items : NULL;
}

/* The kind and region of a merged unit: the proposal's kind, else its
 * first member's; the first member's region with a known one. */
static void merged_kind_region(struct db *db, const struct record *m,
    const char **kind, const char **region)
{
	*kind = record_str(m, "kind");
	*region = NULL;
	const struct strv *ids = list_value(m, "hamlets");
	for (size_t i = 0; ids && i < ids->n; i++) {
		struct db_rec *x = db_get(db, "hamlets", ids->v[i]);
		if (!x)
			continue;
		if (!*kind)
			*kind = record_str(x->r, "kind");
		if (!*region)
			*region = record_str(x->r, "region");
	}
	if (!*region)
		*region = db->ws->cfg.region;
}

static void assess_merger(const struct hamlet_rules *hr, struct db *db,
    const struct record *r, struct merger_row *out)
{
	memset(out, 0, sizeof *out);
	out->r = r;
	out->new_name = record_str(r, "new_name");
	if (!out->new_name)
		out->new_name = "";
	out->stage = record_str(r, "stage");
	out->active = merger_stage_active(hr, out->stage);
	out->hamlets = list_value(r, "hamlets");
	for (size_t i = 0; out->hamlets && i < out->hamlets->n; i++) {
		struct db_rec *x = db_get(db, "hamlets", out->hamlets->v[i]);
		long h = x ? int_value(x->r, "households") : -1;
		if (h < 0)
			out->households_partial = true;
		else
			out->households += h;
	}
	if (!out->hamlets || out->hamlets->n == 0)
		out->households_partial = true;
	const char *kind, *region;
	merged_kind_region(db, r, &kind, &region);
	out->standard = hamlet_standard(hr, kind, region);
	out->meets = out->standard && !out->households_partial &&
	    (double)out->households >= hr->meets_from * out->standard->num - EPS;
	out->voters_total = int_value(r, "voters_total");
	out->voters_agree = int_value(r, "voters_agree");
	out->vote = hamlet_vote(hr, out->voters_total, out->voters_agree);
	out->agree_pm = out->vote == VOTE_NONE ? -1 :
	    permille(out->voters_agree, (double)out->voters_total);
}

static int by_fold(const void *a, const void *b)
{
	const struct db_rec *const *x = a, *const *y = b;
	int c = strcmp((*x)->fold, (*y)->fold);
	return c ? c : strcmp((*x)->r->id, (*y)->r->id);
}

/* The records of a form, sorted by name: an owned array of borrowed
 * pointers. */
static struct db_rec **sorted(struct db *db, const char *form, size_t *n)
{
	struct db_table *t = db_table(db, form);
	*n = t ? t->n : 0;
	struct db_rec **v = xcalloc(*n ? *n : 1, sizeof *v);
	for (size_t i = 0; i < *n; i++)
		v[i] = &t->v[i];
	if (*n > 1)
		qsort(v, *n, sizeof *v, by_fold);
	return v;
}

static ssize_t row_index(const struct hamlet_review *rv, const char *id)
{
	for (size_t i = 0; i < rv->nh; i++)
		if (strcmp(rv->h[i].r->id, id) == 0)
			return (ssize_t)i;
	return -1;
}

/* Union-find over the hamlet rows: how many units remain when the
 * proposals selected by `approved_only` are carried out. Overlapping
 * proposals and links to missing hamlets are handled as they fall. */
static size_t find_root(size_t *up, size_t i)
{
	while (up[i] != i) {
		up[i] = up[up[i]];
		i = up[i];
	}
	return i;
}

static size_t units_after(const struct hamlet_review *rv, bool approved_only)
{
	if (rv->nh == 0)
		return 0;
	size_t *up = xcalloc(rv->nh, sizeof *up);
	for (size_t i = 0; i < rv->nh; i++)
		up[i] = i;
	size_t units = rv->nh;
	for (size_t k = 0; k < rv->nm; k++) {
		const struct merger_row *m = &rv->m[k];
		if (!m->active || !m->hamlets ||
		    (approved_only && !merger_stage_final(&rv->rules, m->stage)))
			continue;
		ssize_t first = -1;
		for (size_t j = 0; j < m->hamlets->n; j++) {
			ssize_t i = row_index(rv, m->hamlets->v[j]);
			if (i < 0)
				continue;
			if (first < 0) {
				first = i;
				continue;
			}
			size_t a = find_root(up, (size_t)first), b = find_root(up, (size_t)i);
			if (a != b) {
				up[b] = a;
				units--;
			}
		}
	}
	free(up);
	return units;
}

int hamlet_review(struct db *db, struct date on, struct hamlet_review *out,
    struct err *e)
{
	memset(out, 0, sizeof *out);
	if (hamlet_rules_get(db->ws, on, &out->rules, e) != 0)
		return -1;
	size_t n;
	struct db_rec **hs = sorted(db, "hamlets", &n);
	out->h = xcalloc(n ? n : 1, sizeof *out->h);
	for (size_t i = 0; i < n; i++) {
		hamlet_assess(&out->rules, hs[i]->r, &out->h[i]);
		out->h[i].name = hs[i]->name;
	}
	out->nh = n;
	free(hs);
	struct db_rec **ms = sorted(db, "mergers", &n);
	out->m = xcalloc(n ? n : 1, sizeof *out->m);
	for (size_t i = 0; i < n; i++)
		assess_merger(&out->rules, db, ms[i]->r, &out->m[i]);
	out->nm = n;
	free(ms);

	/* which active proposal holds each hamlet (the first by name) */
	for (size_t k = 0; k < out->nm; k++) {
		const struct merger_row *m = &out->m[k];
		for (size_t j = 0; m->active && m->hamlets && j < m->hamlets->n; j++) {
			ssize_t i = row_index(out, m->hamlets->v[j]);
			if (i >= 0 && !out->h[i].merger_id)
				out->h[i].merger_id = m->r->id;
		}
	}
	struct hamlet_summary *s = &out->sum;
	s->hamlets = out->nh;
	for (size_t i = 0; i < out->nh; i++) {
		switch (out->h[i].status) {
		case HS_MEETS: s->meets++; break;
		case HS_BELOW: s->below++; break;
		case HS_MUST_MERGE:
			s->must_merge++;
			if (!out->h[i].merger_id)
				s->must_merge_unplanned++;
			break;
		case HS_EXEMPT: s->exempt++; break;
		case HS_UNKNOWN: s->unknown++; break;
		}
	}
	s->after_approved = units_after(out, true);
	s->after_proposed = units_after(out, false);
	return 0;
}

void hamlet_review_free(struct hamlet_review *rv)
{
	hamlet_rules_free(&rv->rules);
	free(rv->h);
	free(rv->m);
	memset(rv, 0, sizeof *rv);
}

/* --- presenting it ------------------------------------------------------ */

char *hamlet_percent(long pm, enum lang l)
{
	if (pm < 0)
		return xstrdup("");
	return xasprintf("%ld%s%ld%%", pm / 10, l == LANG_EN ? "." : ",", pm % 10);
}

/* A share of a rule (0.5) as a percentage: "50%", "66,7%". Owned. */
static char *share_text(double v, enum lang l)
{
	long pm = (long)floor(v * 1000 + EPS);
	if (pm % 10 == 0)
		return xasprintf("%ld%%", pm / 10);
	return hamlet_percent(pm, l);
}

/* A standard as a number: "350", or "1,5" for a fraction (never in the
 * shipped packs). Owned. */
static char *num_text(double v, enum lang l)
{
	if (v == floor(v) && fabs(v) < 1e12)
		return xasprintf("%.0f", v);
	char *s = xasprintf("%g", v);
	char *dot = strchr(s, '.');
	if (dot && l != LANG_EN)
		*dot = ',';
	return s;
}

/* "350", or "250 (D)" when the figure is uncertain. Owned. */
static char *standard_text(const struct fact_value *v, enum lang l)
{
	if (!v)
		return xstrdup("");
	char *n = num_text(v->num, l);
	if (!hamlet_fact_uncertain(v))
		return n;
	char *s = xasprintf("%s (%s)", n, v->cite.confidence ? v->cite.confidence : "?");
	free(n);
	return s;
}

/* A choice's label up to its first comma or parenthesis: "Thôn" of
 * "Thôn, ấp, bản, buôn, sóc". Owned. */
static char *short_label(struct db *db, const char *form, const char *field,
    const char *code, enum lang l)
{
	if (!code)
		return xstrdup("");
	const struct form *f = formset_get(db->ws->forms, form);
	const struct field *fd = f ? form_field(f, field) : NULL;
	const struct choice *c = fd && fd->choices ? choice_find(fd->choices, code) : NULL;
	if (!c)
		return xstrdup(code);
	const char *s = i18n_get(&c->label, l);
	size_t n = strcspn(s, ",(");
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return xstrndup(s, n ? n : strlen(s));
}

static const char *conf_of(const struct fact_value *v)
{
	return v && v->cite.confidence ? v->cite.confidence : "";
}

/* A header row: the codes for machines, else the words in language l
 * (pairs vi, en), with the columns listed in `right` aligned right. */
static void table_head(struct table *t, bool machine, const char *const *codes,
    const char *const (*words)[2], enum lang l, const int *right)
{
	size_t n = 0;
	if (machine) {
		while (codes[n])
			n++;
		table_init(t, n);
		for (size_t i = 0; i < n; i++)
			table_add(t, codes[i]);
		return;
	}
	while (words[n][0])
		n++;
	table_init(t, n);
	for (size_t i = 0; i < n; i++)
		table_add(t, pick(l, words[i][0], words[i][1]));
	for (; *right >= 0; right++)
		table_align_right(t, (size_t)*right);
}

/* A count, or `unknown` when it is negative. */
static void add_count(struct table *t, long v, const char *unknown)
{
	if (v >= 0)
		table_addf(t, "%ld", v);
	else
		table_add(t, unknown);
}

/* Thousandths as a plain decimal (1177 -> "1.177"), or "". */
static void add_pm(struct table *t, long pm)
{
	if (pm >= 0)
		table_addf(t, "%ld.%03ld", pm / 1000, pm % 1000);
	else
		table_add(t, "");
}

void hamlet_table(const struct hamlet_review *rv, struct db *db, enum lang l,
    bool machine, struct table *t)
{
	static const char *const codes[] = { "id", "name", "code", "kind",
		"region", "households", "standard", "standard_confidence",
		"ratio", "status", "exempt_factor", "merger", NULL };
	static const char *const words[][2] = { { "Tên", "Name" },
		{ "Loại", "Kind" }, { "Số hộ", "Households" },
		{ "Tiêu chuẩn", "Standard" }, { "Tỷ lệ", "Ratio" },
		{ "Tình trạng", "Status" }, { NULL, NULL } };
	static const int right[] = { 2, 3, 4, -1 };
	table_head(t, machine, codes, words, l, right);
	for (size_t i = 0; i < rv->nh; i++) {
		const struct hamlet_row *h = &rv->h[i];
		if (machine) {
			table_add(t, h->r->id);
			table_add(t, h->name);
			table_add(t, record_str(h->r, "code"));
			table_add(t, h->kind);
			table_add(t, h->region);
			add_count(t, h->households, "");
			strv_take(&t->cells, h->standard ? num_text(h->standard->num, LANG_EN) : xstrdup(""));
			table_add(t, conf_of(h->standard));
			add_pm(t, h->ratio_pm);
			table_add(t, hamlet_status_code(h->status));
			table_add(t, h->has_exempt_factor ? "true" : "false");
			table_add(t, h->merger_id);
		} else {
			table_add(t, h->name);
			strv_take(&t->cells, short_label(db, "hamlets", "kind", h->kind, l));
			add_count(t, h->households, "?");
			strv_take(&t->cells, standard_text(h->standard, l));
			strv_take(&t->cells, hamlet_percent(h->ratio_pm, l));
			table_addf(t, "%s %s", hamlet_status_marker(h->status),
			    hamlet_status_label(h->status, l));
		}
	}
}

/* The members' names joined by ", ", or their ids joined by "," for
 * machines. Owned. */
static char *members_text(struct db *db, const struct strv *ids, bool machine)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; ids && i < ids->n; i++) {
		if (machine) {
			sbuf_printf(&b, "%s%s", i ? "," : "", ids->v[i]);
			continue;
		}
		struct db_rec *x = db_get(db, "hamlets", ids->v[i]);
		if (x)
			sbuf_printf(&b, "%s%s", i ? ", " : "", x->name);
		else
			sbuf_printf(&b, "%s? %.8s", i ? ", " : "", ids->v[i]);
	}
	return sbuf_detach(&b);
}

static const char *stage_label(struct db *db, const char *stage, enum lang l)
{
	if (!stage)
		return "";
	const struct form *f = formset_get(db->ws->forms, "mergers");
	const struct field *fd = f ? form_field(f, "stage") : NULL;
	const struct choice *c = fd && fd->choices ? choice_find(fd->choices, stage) : NULL;
	return c ? i18n_get(&c->label, l) : stage;
}

static const char *yes_no(bool v, enum lang l)
{
	return v ? pick(l, "Có", "yes") : pick(l, "Không", "no");
}

void hamlet_merger_table(const struct hamlet_review *rv, struct db *db,
    enum lang l, bool machine, struct table *t)
{
	static const char *const codes[] = { "id", "new_name", "hamlets",
		"households", "standard", "meets", "voters_total",
		"voters_agree", "agree_share", "vote_passed", "stage", NULL };
	static const char *const words[][2] = { { "Tên mới", "New name" },
		{ "Các thôn", "Hamlets" }, { "Số hộ", "Households" },
		{ "Tiêu chuẩn", "Standard" }, { "Đạt", "Meets" },
		{ "Đồng ý", "In favour" }, { "Tỷ lệ", "Share" },
		{ "Thông qua", "Passed" }, { "Bước", "Stage" }, { NULL, NULL } };
	static const int right[] = { 2, 3, 5, 6, -1 };
	table_head(t, machine, codes, words, l, right);
	for (size_t k = 0; k < rv->nm; k++) {
		const struct merger_row *m = &rv->m[k];
		bool known = m->standard && !m->households_partial;
		if (machine) {
			table_add(t, m->r->id);
			table_add(t, m->new_name);
			strv_take(&t->cells, members_text(db, m->hamlets, true));
			add_count(t, m->households_partial ? -1 : m->households, "");
			strv_take(&t->cells, m->standard ? num_text(m->standard->num, LANG_EN) : xstrdup(""));
			table_add(t, !known ? "" : m->meets ? "true" : "false");
			add_count(t, m->voters_total, "");
			add_count(t, m->voters_agree, "");
			add_pm(t, m->agree_pm);
			table_add(t, m->vote == VOTE_NONE ? "" :
			    m->vote == VOTE_PASSED ? "true" : "false");
			table_add(t, m->stage);
		} else {
			table_add(t, m->new_name);
			strv_take(&t->cells, members_text(db, m->hamlets, false));
			table_addf(t, "%ld%s", m->households, m->households_partial ? "+?" : "");
			strv_take(&t->cells, standard_text(m->standard, l));
			table_add(t, known ? yes_no(m->meets, l) : "?");
			if (m->voters_total >= 0 && m->voters_agree >= 0)
				table_addf(t, "%ld/%ld", m->voters_agree, m->voters_total);
			else
				table_add(t, "");
			strv_take(&t->cells, hamlet_percent(m->agree_pm, l));
			table_add(t, m->vote == VOTE_NONE ? "" : yes_no(m->vote == VOTE_PASSED, l));
			table_add(t, stage_label(db, m->stage, l));
		}
	}
}

void hamlet_merger_lines(const struct hamlet_review *rv, struct db *db,
    enum lang l, struct strv *out)
{
	for (size_t k = 0; k < rv->nm; k++) {
		const struct merger_row *m = &rv->m[k];
		struct sbuf b = SBUF_INIT;
		sbuf_adds(&b, m->new_name);
		for (size_t i = 0; m->hamlets && i < m->hamlets->n; i++) {
			struct db_rec *x = db_get(db, "hamlets", m->hamlets->v[i]);
			if (x)
				sbuf_printf(&b, "%s%s", i ? " + " : " = ", x->name);
			else
				sbuf_printf(&b, "%s? %.8s", i ? " + " : " = ", m->hamlets->v[i]);
		}
		sbuf_printf(&b, "  [%s]", stage_label(db, m->stage, l));
		strv_take(out, text_visible(sbuf_str(&b), false));
		sbuf_reset(&b);
		char *st = standard_text(m->standard, l);
		if (m->households_partial)
			sbuf_printf(&b, pick(l, "   %ld hộ (thiếu số hộ của thôn nào đó)",
			    "   %ld households (a hamlet's count is missing)"), m->households);
		else if (m->standard)
			sbuf_printf(&b, pick(l, "   %ld hộ / tiêu chuẩn %s: %s", "   %ld households / standard %s: %s"),
			    m->households, st, m->meets ? pick(l, "đạt", "meets it") :
			    pick(l, "CHƯA ĐẠT", "BELOW IT"));
		else
			sbuf_printf(&b, pick(l, "   %ld hộ / chưa rõ tiêu chuẩn", "   %ld households / standard unknown"),
			    m->households);
		free(st);
		if (m->vote != VOTE_NONE) {
			char *share = hamlet_percent(m->agree_pm, l);
			sbuf_printf(&b, pick(l, "; đồng ý %ld/%ld = %s: %s", "; in favour %ld/%ld = %s: %s"),
			    m->voters_agree, m->voters_total, share,
			    m->vote == VOTE_PASSED ? pick(l, "thông qua", "passed") :
			    pick(l, "KHÔNG ĐẠT", "NOT PASSED"));
			free(share);
		} else {
			sbuf_adds(&b, pick(l, "; chưa có kết quả lấy ý kiến", "; no consultation figures yet"));
		}
		strv_take(out, sbuf_detach(&b));
	}
}

/* "name" made safe for a terminal. Owned. */
static char *shown(const char *s)
{
	return text_visible(s ? s : "", false);
}

/* Up to three names of the rows selected by `want`, then "and N more".
 * Owned. */
static char *some_names(const struct hamlet_review *rv, enum lang l,
    bool (*want)(const struct hamlet_row *))
{
	struct sbuf b = SBUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < rv->nh; i++) {
		if (!want(&rv->h[i]))
			continue;
		if (n < 3) {
			char *v = shown(rv->h[i].name);
			sbuf_printf(&b, "%s%s", n ? ", " : "", v);
			free(v);
		}
		n++;
	}
	if (n > 3)
		sbuf_printf(&b, pick(l, " và %zu nơi khác", " and %zu more"), n - 3);
	return sbuf_detach(&b);
}

static bool unplanned(const struct hamlet_row *h)
{
	return h->status == HS_MUST_MERGE && !h->merger_id;
}

static void cite_line(struct strv *out, enum lang l, const char *what,
    const struct fact_value *v)
{
	if (!v)
		return;
	char *c = citation_text(&v->cite);
	char *line = xasprintf("%s — %s", what, c);
	strv_take(out, text_visible(line, false));
	free(line);
	free(c);
	const char *note = i18n_get(&v->cite.note, l);
	if (*note) {
		char *n = shown(note);
		strv_take(out, xasprintf("  %s", n));
		free(n);
	}
}

void hamlet_summary_lines(const struct hamlet_review *rv, struct db *db,
    enum lang l, struct strv *out)
{
	const struct hamlet_summary *s = &rv->sum;
	(void)db;
	strv_take(out, xasprintf(pick(l,
	    "Số thôn, tổ dân phố hiện nay: %zu (đạt chuẩn %zu, chưa đạt %zu, phải sáp nhập %zu, miễn %zu, chưa rõ %zu)",
	    "Hamlets now: %zu (meet the standard %zu, below %zu, must merge %zu, exempt %zu, unknown %zu)"),
	    s->hamlets, s->meets, s->below, s->must_merge, s->exempt, s->unknown));
	if (s->must_merge_unplanned) {
		char *names = some_names(rv, l, unplanned);
		strv_take(out, xasprintf(pick(l,
		    "Phải sáp nhập nhưng chưa có phương án: %zu (%s)",
		    "Must merge but in no proposal: %zu (%s)"),
		    s->must_merge_unplanned, names));
		free(names);
	} else {
		strv_take(out, xstrdup(pick(l,
		    "Phải sáp nhập nhưng chưa có phương án: 0",
		    "Must merge but in no proposal: 0")));
	}
	strv_take(out, xasprintf(pick(l,
	    "Sau các phương án đã phê duyệt: %zu; sau mọi phương án đang đề xuất: %zu",
	    "After the approved mergers: %zu; after every proposed merger: %zu"),
	    s->after_approved, s->after_proposed));

	/* where the figures come from */
	const struct pack *p = rv->rules.pack;
	char day[11];
	date_format_vn(rv->rules.on, day);
	char *title = shown(i18n_get(&p->title, l));
	strv_take(out, xasprintf(pick(l, "Quy định: %s [%s], áp dụng ngày %s",
	    "Rules: %s [%s], as on %s"), title, p->name, day));
	free(title);
	if (*i18n_get(&p->cite.note, l)) {
		char *n = shown(i18n_get(&p->cite.note, l));
		strv_take(out, xasprintf("  %s", n));
		free(n);
	}
	char *below = share_text(rv->rules.must_merge_below, l);
	char *meets = share_text(rv->rules.meets_from, l);
	char *what = xasprintf(pick(l, "Dưới %s tiêu chuẩn: phải sáp nhập; từ %s: đạt chuẩn",
	    "Under %s of the standard: must merge; from %s: meets it"), below, meets);
	cite_line(out, l, what, rv->rules.band_cite);
	free(what);
	free(below);
	free(meets);
	char *pass = share_text(rv->rules.vote_pass_above, l);
	what = xasprintf(pick(l, "Phương án được thông qua khi trên %s cử tri đồng ý",
	    "A proposal passes with more than %s of the voters in favour"), pass);
	cite_line(out, l, what, rv->rules.vote_cite);
	free(what);
	free(pass);

	/* each uncertain standard in use, once, with its grade and note */
	const struct fact_value **seen = xcalloc(rv->nh + rv->nm + 1, sizeof *seen);
	size_t nseen = 0;
	for (size_t i = 0; i < rv->nh + rv->nm; i++) {
		const struct fact_value *v = i < rv->nh ? rv->h[i].standard :
		    rv->m[i - rv->nh].standard;
		if (!v || !hamlet_fact_uncertain(v))
			continue;
		bool dup = false;
		for (size_t k = 0; k < nseen && !dup; k++)
			dup = seen[k] == v;
		if (dup)
			continue;
		seen[nseen++] = v;
		char *n = num_text(v->num, l);
		what = xasprintf(pick(l, "%s tiêu chuẩn %s hộ %s",
		    "%s standard of %s households %s"),
		    hamlet_fact_unconfirmed(v) ? pick(l, "CHƯA XÁC NHẬN:", "UNCONFIRMED:") :
		    pick(l, "Chỉ một nguồn:", "One source only:"), n,
		    pick(l, "(xem ghi chú)", "(see the note)"));
		cite_line(out, l, what, v);
		free(what);
		free(n);
	}
	free(seen);
}

/* --- alerts ------------------------------------------------------------- */

void hamlet_alerts(struct db *db, enum lang l, struct strv *out)
{
	struct hamlet_review rv;
	struct err e;
	if (hamlet_review(db, date_today(), &rv, &e) != 0) {
		char *m = shown(e.msg);
		strv_take(out, xasprintf(pick(l, "Thôn, tổ dân phố: %s", "Hamlets: %s"), m));
		free(m);
		hamlet_review_free(&rv);
		return;
	}
	if (rv.sum.must_merge_unplanned) {
		char *names = some_names(&rv, l, unplanned);
		strv_take(out, xasprintf(pick(l,
		    "%zu thôn, tổ dân phố dưới 50%% tiêu chuẩn phải sáp nhập, chưa có phương án: %s",
		    "%zu hamlet(s) under half the standard must merge and are in no proposal: %s"),
		    rv.sum.must_merge_unplanned, names));
		free(names);
	}
	for (size_t k = 0; k < rv.nm; k++) {
		const struct merger_row *m = &rv.m[k];
		if (!m->active)
			continue;
		char *name = shown(m->new_name);
		if (m->vote == VOTE_FAILED) {
			char *share = hamlet_percent(m->agree_pm, l);
			strv_take(out, xasprintf(pick(l,
			    "Phương án %s: chỉ %s cử tri đồng ý, chưa đạt",
			    "Proposal %s: only %s of the voters in favour, not passed"),
			    name, share));
			free(share);
		}
		if (m->standard && !m->households_partial && !m->meets) {
			char *st = num_text(m->standard->num, l);
			strv_take(out, xasprintf(pick(l,
			    "Phương án %s: sau sáp nhập %ld hộ, vẫn dưới tiêu chuẩn %s hộ",
			    "Proposal %s: %ld households after merging, still below the standard of %s"),
			    name, m->households, st));
			free(st);
		}
		free(name);
	}
	hamlet_review_free(&rv);
}

/* --- cross-record checks ------------------------------------------------ */

static bool strv_contains(const struct strv *sv, const char *s)
{
	return sv && strv_has(sv, s);
}

/* Is hamlet `id` in an active proposal other than `self`? Returns it. */
static const struct record *active_proposal_with(const struct hamlet_rules *hr,
    struct db *db, const char *id, const char *self)
{
	struct db_table *t = db_table(db, "mergers");
	for (size_t i = 0; t && i < t->n; i++) {
		const struct record *m = t->v[i].r;
		if (self && strcmp(m->id, self) == 0)
			continue;
		if (merger_stage_active(hr, record_str(m, "stage")) &&
		    strv_contains(list_value(m, "hamlets"), id))
			return m;
	}
	return NULL;
}

/* The db and the rules a cross check needs; NULL when it cannot run
 * (with a warning when the rules are missing). */
static struct db *check_setup(const struct vctx *ctx, struct hamlet_rules *hr,
    struct problems *out)
{
	struct db *db = ctx->data;
	struct err e;
	memset(hr, 0, sizeof *hr);
	if (!db)
		return NULL;
	if (hamlet_rules_get(db->ws, ctx->today, hr, &e) != 0) {
		problems_add(out, NULL, SEV_WARNING,
		    "Không kiểm tra được tiêu chuẩn: %s", "The standard cannot be checked: %s",
		    e.msg);
		hamlet_rules_free(hr);
		return NULL;
	}
	return db;
}

void hamlet_check(const struct vctx *ctx, const struct form *f,
    const struct record *r, struct problems *out)
{
	(void)f;
	struct hamlet_rules hr;
	struct db *db = check_setup(ctx, &hr, out);
	if (!db)
		return;
	struct hamlet_row h;
	hamlet_assess(&hr, r, &h);
	if (!h.standard && h.kind && (h.region || hr.border_or_island)) {
		problems_add(out, "region", SEV_WARNING,
		    "Bộ quy định %s không có tiêu chuẩn số hộ cho loại '%s' ở vùng '%s'",
		    "Rule pack %s has no household standard for kind '%s' in region '%s'",
		    hr.pack->name, h.kind, hr.border_or_island ? "border_island" : h.region);
	} else if (h.standard && hamlet_fact_unconfirmed(h.standard)) {
		problems_add(out, "households", SEV_WARNING,
		    "Tiêu chuẩn %g hộ chưa được xác nhận (độ tin cậy %s); hãy đối chiếu văn bản chính thức",
		    "The standard of %g households is unconfirmed (grade %s); check the official text",
		    h.standard->num, conf_of(h.standard));
	}
	if (h.status == HS_MUST_MERGE && !active_proposal_with(&hr, db, r->id, NULL)) {
		char *vi = hamlet_percent(h.ratio_pm, LANG_VI), *en = hamlet_percent(h.ratio_pm, LANG_EN);
		problems_add_owned(out, "households", SEV_WARNING,
		    xasprintf("%ld hộ, bằng %s tiêu chuẩn %g hộ: phải sáp nhập, nhưng chưa có trong phương án nào",
			h.households, vi, h.standard->num),
		    xasprintf("%ld households, %s of the standard of %g: must merge, but is in no proposal",
			h.households, en, h.standard->num));
		free(vi);
		free(en);
	}
	hamlet_rules_free(&hr);
}

static void check_overlap(const struct hamlet_rules *hr, struct db *db,
    const struct record *r,
    const struct strv *ids, struct problems *out)
{
	for (size_t i = 0; ids && i < ids->n; i++) {
		const struct record *o = active_proposal_with(hr, db, ids->v[i], r->id);
		if (!o)
			continue;
		struct db_rec *x = db_get(db, "hamlets", ids->v[i]);
		struct db_rec *ox = db_get(db, "mergers", o->id);
		problems_add(out, "hamlets", SEV_ERROR,
		    "%s đã thuộc một phương án khác đang thực hiện (%s); mỗi thôn chỉ thuộc một phương án",
		    "%s is already in another active proposal (%s); a hamlet belongs to one proposal at most",
		    x ? x->name : ids->v[i], ox ? ox->name : o->id);
	}
}

static void check_vote(const struct hamlet_rules *hr, struct db *db,
    const struct record *r, struct problems *out)
{
	const char *stage = record_str(r, "stage");
	if (!merger_stage_active(hr, stage))
		return;
	bool past = merger_stage_past_consulted(hr, stage);
	long total = int_value(r, "voters_total"), agree = int_value(r, "voters_agree");
	if (past) {
		const char *sl_vi = stage_label(db, stage, LANG_VI);
		const char *sl_en = stage_label(db, stage, LANG_EN);
		if (total <= 0)
			problems_add_owned(out, "voters_total", SEV_ERROR,
			    xasprintf("Cần số cử tri được lấy ý kiến trước bước \"%s\"", sl_vi),
			    xasprintf("The number of voters consulted is needed before the stage \"%s\"", sl_en));
		if (agree < 0)
			problems_add_owned(out, "voters_agree", SEV_ERROR,
			    xasprintf("Cần số cử tri đồng ý trước bước \"%s\"", sl_vi),
			    xasprintf("The number of voters in favour is needed before the stage \"%s\"", sl_en));
	}
	if (hamlet_vote(hr, total, agree) != VOTE_FAILED)
		return;
	long pm = permille(agree, (double)total);
	char *got_vi = hamlet_percent(pm, LANG_VI), *got_en = hamlet_percent(pm, LANG_EN);
	char *need_vi = share_text(hr->vote_pass_above, LANG_VI);
	char *need_en = share_text(hr->vote_pass_above, LANG_EN);
	if (past)
		problems_add_owned(out, "voters_agree", SEV_ERROR,
		    xasprintf("Chỉ %ld/%ld (%s) cử tri đồng ý, cần trên %s: phương án không được chuyển tiếp",
			agree, total, got_vi, need_vi),
		    xasprintf("Only %ld of %ld (%s) voters in favour, more than %s are needed: the proposal cannot go further",
			agree, total, got_en, need_en));
	else
		problems_add_owned(out, "voters_agree", SEV_WARNING,
		    xasprintf("Chỉ %ld/%ld (%s) cử tri đồng ý, cần trên %s: chưa đạt",
			agree, total, got_vi, need_vi),
		    xasprintf("Only %ld of %ld (%s) voters in favour, more than %s are needed: not passed",
			agree, total, got_en, need_en));
	free(got_vi);
	free(got_en);
	free(need_vi);
	free(need_en);
}

static bool date_value(const struct record *r, const char *name, struct date *out)
{
	const char *v = record_str(r, name);
	return v && date_parse_iso(v, out) == 0;
}

/* The residents' consultation under the Law on grassroots democracy
 * (consultation.* facts of the pack; skipped when the pack has none):
 * its length, the resolution after its end, and the explanation of a
 * decision that departs from the majority. */
static void check_consultation(const struct hamlet_rules *hr,
    const struct record *r, struct problems *out)
{
	struct date from, to, res;
	bool has_from = date_value(r, "consultation_from", &from);
	bool has_to = date_value(r, "consultation_to", &to);
	const struct fact_value *min = pack_value(hr->pack, "consultation.min_days", hr->on);
	if (has_from && has_to && min && min->is_number && date_cmp(from, to) <= 0) {
		long days = 1;
		for (struct date d = from; date_cmp(d, to) < 0 && days <= (long)min->num;
		    d = date_add(d, 0, 0, 1))
			days++;	/* first and last day included; counted up to min + 1 */
		if (days < (long)min->num)
			problems_msg(out, "consultation_to", SEV_WARNING, M_CONSULT_SHORT,
			    days, (long)min->num, min->cite.instrument ? min->cite.instrument : "",
			    min->cite.article ? min->cite.article : "");
	}
	if (has_to && date_value(r, "resolution_date", &res) && date_cmp(res, to) <= 0) {
		char a[11], b[11];
		date_format_vn(res, a);
		date_format_vn(to, b);
		problems_msg(out, "resolution_date", SEV_ERROR, M_RESOLUTION_EARLY, a, b);
	}
	const struct fact_value *maj = pack_value(hr->pack, "consultation.majority_above", hr->on);
	long asked = int_value(r, "households_asked"), agree = int_value(r, "households_agree");
	const char *stage = record_str(r, "stage");
	if (!maj || !maj->is_number || asked <= 0 || agree < 0 || record_str(r, "departure_explanation"))
		return;
	bool majority = (double)agree > maj->num * (double)asked + EPS;
	bool decided_for = merger_stage_final(hr, stage);
	bool decided_against = !merger_stage_active(hr, stage);
	if ((decided_for && !majority) || (decided_against && majority))
		problems_msg(out, "departure_explanation", SEV_ERROR, M_DEPARTURE_UNEXPLAINED,
		    agree, asked, maj->cite.instrument ? maj->cite.instrument : "",
		    maj->cite.article ? maj->cite.article : "");
}

void merger_check(const struct vctx *ctx, const struct form *f,
    const struct record *r, struct problems *out)
{
	(void)f;
	struct hamlet_rules hr;
	struct db *db = check_setup(ctx, &hr, out);
	if (!db)
		return;
	const struct strv *ids = list_value(r, "hamlets");
	if (merger_stage_active(&hr, record_str(r, "stage")))
		check_overlap(&hr, db, r, ids, out);
	struct merger_row m;
	assess_merger(&hr, db, r, &m);
	for (size_t i = 0; ids && i < ids->n; i++) {
		struct db_rec *x = db_get(db, "hamlets", ids->v[i]);
		if (x && int_value(x->r, "households") < 0)
			problems_add(out, "hamlets", SEV_WARNING,
			    "%s chưa có số hộ gia đình", "%s has no household count",
			    x->name);
	}
	const char *kind = record_str(r, "kind");
	for (size_t i = 0; kind && ids && i < ids->n; i++) {
		struct db_rec *x = db_get(db, "hamlets", ids->v[i]);
		const char *hk = x ? record_str(x->r, "kind") : NULL;
		if (hk && strcmp(hk, kind) != 0) {
			problems_add(out, "kind", SEV_WARNING,
			    "%s khác loại với đơn vị sau sáp nhập; tiêu chuẩn được tính theo loại của đơn vị sau sáp nhập",
			    "%s is of another kind than the merged unit; the standard is that of the merged unit's kind",
			    x->name);
			break;
		}
	}
	if (ids && ids->n >= 2 && m.standard && !m.households_partial && !m.meets) {
		char *st = num_text(m.standard->num, LANG_VI);
		problems_add(out, "hamlets", SEV_WARNING,
		    "Sau sáp nhập có %ld hộ, vẫn dưới tiêu chuẩn %s hộ",
		    "%ld households after merging, still below the standard of %s",
		    m.households, st);
		free(st);
	}
	check_vote(&hr, db, r, out);
	check_consultation(&hr, r, out);
	hamlet_rules_free(&hr);
}

/* --- the merge planner --------------------------------------------------
 *
 * Vertices are the hamlets that may take part: targets (below the
 * standard, to be lifted) and partners (meeting it) next to a target.
 * Within one connected area a set of vertices is a bit mask.
 *
 * A group is a connected set holding a target and reaching the standard.
 * If a group could be cut into two connected parts that each reach the
 * standard, the two parts lift the same targets with one hamlet fewer
 * merged away, so the best plan never holds such a group; and every
 * connected superset of a cuttable set is cuttable too (extend the
 * spanning tree that shows the cut). The enumeration of groups therefore
 * stops growing a set as soon as it can be cut, which keeps groups near
 * the smallest that reach the standard and, since partners reach it on
 * their own, with one partner at most.
 *
 * The search first trims the free vertices (partners next to no free
 * target, pieces that cannot reach the threshold) and solves each
 * connected piece on its own. In a piece it takes the first target and
 * tries each group that holds it, smallest first, then leaving it
 * unlifted, skipping the options that cannot beat the best found; the
 * best result for each piece is memoised. Results compare by (targets
 * left, hamlets merged away, proposals). */

#define PLAN_MAX 64
#define PLAN_STEPS 8000000UL

static unsigned long plan_limit = PLAN_STEPS;

void hamlet_plan_set_limit(unsigned long steps)
{
	plan_limit = steps ? steps : PLAN_STEPS;
}

struct score {
	uint16_t left, absorbed, groups;
};

struct memo_slot {
	uint64_t key;		/* 0: empty (a key always holds a target) */
	struct score s;
	uint64_t choice;	/* the group taken; 0: the first target left */
};

struct masks {
	uint64_t *v;
	size_t n, cap;
};

struct area {
	size_t n;
	size_t row[PLAN_MAX];	/* index into the review's rows */
	long w[PLAN_MAX];	/* households */
	uint64_t adj[PLAN_MAX];
	uint64_t targets;
	double threshold;	/* households a group must reach */
	struct memo_slot *memo;
	size_t cap, used;
	unsigned long steps, limit;
	bool over;
};

static int low_bit(uint64_t m)
{
	return __builtin_ctzll(m);
}

static int bits(uint64_t m)
{
	return __builtin_popcountll(m);
}

static bool better(struct score a, struct score b)
{
	if (a.left != b.left)
		return a.left < b.left;
	if (a.absorbed != b.absorbed)
		return a.absorbed < b.absorbed;
	return a.groups < b.groups;
}

static size_t memo_hash(uint64_t k, size_t cap)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return (size_t)k & (cap - 1);
}

static struct memo_slot *memo_find(struct area *a, uint64_t key)
{
	if (!a->cap)
		return NULL;
	for (size_t i = memo_hash(key, a->cap);; i = (i + 1) & (a->cap - 1))
		if (a->memo[i].key == key || a->memo[i].key == 0)
			return a->memo[i].key == key ? &a->memo[i] : NULL;
}

static void memo_put(struct area *a, uint64_t key, struct score s, uint64_t choice)
{
	if ((a->used + 1) * 2 > a->cap) {
		size_t ncap = a->cap ? a->cap * 2 : 1024;
		struct memo_slot *old = a->memo;
		size_t ocap = a->cap;
		a->memo = xcalloc(ncap, sizeof *a->memo);
		a->cap = ncap;
		for (size_t i = 0; i < ocap; i++)
			if (old[i].key) {
				size_t j = memo_hash(old[i].key, ncap);
				while (a->memo[j].key)
					j = (j + 1) & (ncap - 1);
				a->memo[j] = old[i];
			}
		free(old);
	}
	size_t j = memo_hash(key, a->cap);
	while (a->memo[j].key && a->memo[j].key != key)
		j = (j + 1) & (a->cap - 1);
	if (!a->memo[j].key)
		a->used++;
	a->memo[j].key = key;
	a->memo[j].s = s;
	a->memo[j].choice = choice;
}

/* Can the connected set s (of `total` households) be cut into two
 * connected parts that both reach the threshold? Tries the breadth-first
 * trees from its first and its last vertex: a cut found is real, so a
 * "yes" is always right (a "no" may miss a cut, which only costs search
 * time; trying every root found few more). */
static bool cuttable(const struct area *a, uint64_t s, long total)
{
	if ((double)total < 2 * a->threshold - EPS)
		return false;
	int order[PLAN_MAX], parent[PLAN_MAX];
	long sub[PLAN_MAX];
	uint64_t first = s & -s, last = 1ULL << (63 - __builtin_clzll(s));
	for (uint64_t roots = first | last; roots; roots &= roots - 1) {
		int root = low_bit(roots), n = 0;
		uint64_t seen = 1ULL << root;
		order[n++] = root;
		parent[root] = -1;
		for (int k = 0; k < n; k++) {
			int v = order[k];
			for (uint64_t nb = a->adj[v] & s & ~seen; nb; nb &= nb - 1) {
				int u = low_bit(nb);
				seen |= 1ULL << u;
				parent[u] = v;
				order[n++] = u;
			}
		}
		for (int k = 0; k < n; k++)
			sub[order[k]] = a->w[order[k]];
		for (int k = n - 1; k > 0; k--) {
			int v = order[k];
			if ((double)sub[v] >= a->threshold - EPS &&
			    (double)(total - sub[v]) >= a->threshold - EPS)
				return true;
			sub[parent[v]] += sub[v];
		}
	}
	return false;
}

/* Every group within `avail` that holds the set s (connected, `sum`
 * households), grown by the vertices of `cand` (the free neighbours of
 * s not yet banned), each set once. */
static void grow(struct area *a, uint64_t avail, uint64_t s, long sum,
    uint64_t cand, uint64_t banned, struct masks *out)
{
	if (++a->steps > a->limit) {
		a->over = true;
		return;
	}
	if (bits(s) >= 2 && (double)sum >= a->threshold - EPS) {
		XGROW(out->v, out->cap, out->n + 1);
		out->v[out->n++] = s;
	}
	uint64_t prev = 0;
	for (uint64_t rest = cand; rest && !a->over; rest &= rest - 1) {
		int v = low_bit(rest);
		uint64_t bit = 1ULL << v, s2 = s | bit, ban2 = banned | prev;
		prev |= bit;
		/* two partners: always cuttable */
		if (!(a->targets & bit) && (s & ~a->targets))
			continue;
		if (cuttable(a, s2, sum + a->w[v]))
			continue;
		uint64_t cand2 = ((cand & ~prev) | (a->adj[v] & avail)) & ~s2 & ~ban2;
		grow(a, avail, s2, sum + a->w[v], cand2, ban2, out);
	}
}

static void groups_of(struct area *a, uint64_t avail, int t, struct masks *out)
{
	out->n = 0;
	grow(a, avail, 1ULL << t, a->w[t], a->adj[t] & avail, 0, out);
}

/* The connected piece of `avail` that holds vertex v. */
static uint64_t piece_of(const struct area *a, uint64_t avail, int v)
{
	uint64_t seen = 1ULL << v, edge = seen;
	while (edge) {
		uint64_t next = 0;
		for (uint64_t b = edge; b; b &= b - 1)
			next |= a->adj[low_bit(b)];
		edge = next & avail & ~seen;
		seen |= edge;
	}
	return seen;
}

static long weight(const struct area *a, uint64_t s)
{
	long sum = 0;
	for (; s; s &= s - 1)
		sum += a->w[low_bit(s)];
	return sum;
}

/* The part of `avail` still worth planning: a partner next to no free
 * target can join no group, nor can a piece without a target; a piece
 * that cannot reach the threshold lifts none of its targets (*lost). */
static uint64_t trim(const struct area *a, uint64_t avail, uint64_t *lost)
{
	*lost = 0;
	for (;;) {
		uint64_t keep = avail;
		for (uint64_t p = avail & ~a->targets; p; p &= p - 1)
			if (!(a->adj[low_bit(p)] & avail & a->targets))
				keep &= ~(1ULL << low_bit(p));
		for (uint64_t rest = keep; rest;) {
			uint64_t piece = piece_of(a, keep, low_bit(rest));
			rest &= ~piece;
			if (!(piece & a->targets)) {
				keep &= ~piece;
			} else if ((double)weight(a, piece) < a->threshold - EPS) {
				*lost |= piece & a->targets;
				keep &= ~piece;
			}
		}
		if (keep == avail)
			return keep;
		avail = keep;
	}
}

static struct score solve_piece(struct area *a, uint64_t piece);

/* The best plan for the vertices of `avail`: trimmed, then each piece
 * on its own (pieces never share a group). */
static struct score solve(struct area *a, uint64_t avail)
{
	uint64_t lost;
	avail = trim(a, avail, &lost);
	struct score r = { bits(lost), 0, 0 };
	for (uint64_t rest = avail; rest && !a->over;) {
		uint64_t piece = piece_of(a, avail, low_bit(rest));
		rest &= ~piece;
		struct score s = solve_piece(a, piece);
		r.left += s.left;
		r.absorbed += s.absorbed;
		r.groups += s.groups;
	}
	return r;
}

static int by_bits(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	if (bits(a) != bits(b))
		return bits(a) - bits(b);
	return a < b ? -1 : a > b;
}

/* The fewest hamlets merged away to lift every target of `ts`: a plan
 * of g groups without a partner and p with one loses |ts| - g hamlets
 * (each partner joins one group and is merged away with it), and the
 * groups without a partner hold two targets or more and reach the
 * threshold with targets only. */
static int least_losses(const struct area *a, uint64_t ts)
{
	int n = bits(ts);
	long g = (long)floor((double)weight(a, ts) / a->threshold + EPS);
	return n - (int)(g < n / 2 ? g : n / 2);
}

/* A trimmed, connected piece holding a target: its first target is
 * lifted by one of its groups (smallest first), or left. An option is
 * not explored when it cannot beat the best so far: leaving the target
 * once another option lifts every target, or a group whose losses plus
 * the least the rest can cost exceed the best. */
static struct score solve_piece(struct area *a, uint64_t piece)
{
	const struct memo_slot *m = memo_find(a, piece);
	if (m)
		return m->s;
	int t = low_bit(piece & a->targets);
	struct score best = { 0, 0, 0 };
	bool have = false;
	uint64_t choice = 0;
	struct masks gs = { 0 };
	groups_of(a, piece, t, &gs);
	if (gs.n > 1)
		qsort(gs.v, gs.n, sizeof *gs.v, by_bits);
	for (size_t i = 0; i < gs.n && !a->over; i++) {
		uint64_t rest = piece & ~gs.v[i];
		int least = bits(gs.v[i]) - 1 + least_losses(a, rest & a->targets);
		if (have && best.left == 0 && least > best.absorbed)
			continue;
		struct score s = solve(a, rest);
		s.absorbed += bits(gs.v[i]) - 1;
		s.groups++;
		if (!have || better(s, best)) {
			best = s;
			choice = gs.v[i];
			have = true;
		}
	}
	free(gs.v);
	if (!have || best.left > 0) {
		struct score s = solve(a, piece & ~(1ULL << t));
		s.left++;
		if (!have || better(s, best)) {
			best = s;
			choice = 0;
		}
	}
	if (!a->over)
		memo_put(a, piece, best, choice);
	return best;
}

/* Read the best plan back from the memo. */
static void rebuild(const struct area *a, uint64_t avail, struct masks *out,
    uint64_t *left)
{
	uint64_t lost;
	avail = trim(a, avail, &lost);
	*left |= lost;
	for (uint64_t rest = avail; rest;) {
		uint64_t piece = piece_of(a, avail, low_bit(rest));
		rest &= ~piece;
		const struct memo_slot *m = memo_find((struct area *)a, piece);
		uint64_t t = piece & a->targets & -(piece & a->targets);
		if (!m || !m->choice) {
			*left |= t;
			rebuild(a, piece & ~t, out, left);
		} else {
			XGROW(out->v, out->cap, out->n + 1);
			out->v[out->n++] = m->choice;
			rebuild(a, piece & ~m->choice, out, left);
		}
	}
}

/* The fallback past the step limit: each target in turn takes its
 * smallest group (fewest hamlets, then fewest households). */
static void greedy(struct area *a, struct masks *out, uint64_t *left)
{
	uint64_t avail = (a->n == 64) ? ~0ULL : (1ULL << a->n) - 1;
	struct masks gs = { 0 };
	*left = 0;
	while (avail & a->targets) {
		int t = low_bit(avail & a->targets);
		a->steps = 0;
		a->over = false;
		a->limit = plan_limit;
		groups_of(a, avail, t, &gs);
		uint64_t pickm = 0;
		long psum = 0;
		for (size_t i = 0; i < gs.n; i++) {
			long sum = 0;
			for (uint64_t b = gs.v[i]; b; b &= b - 1)
				sum += a->w[low_bit(b)];
			if (!pickm || bits(gs.v[i]) < bits(pickm) ||
			    (bits(gs.v[i]) == bits(pickm) && sum < psum)) {
				pickm = gs.v[i];
				psum = sum;
			}
		}
		if (pickm) {
			XGROW(out->v, out->cap, out->n + 1);
			out->v[out->n++] = pickm;
			avail &= ~pickm;
		} else {
			*left |= 1ULL << t;
			avail &= ~(1ULL << t);
		}
	}
	free(gs.v);
}

/* Solve one area: its groups go to out, its unlifted targets to *left.
 * Returns false when the exact search hit the limit (greedy used). */
static bool solve_area(struct area *a, struct masks *out, uint64_t *left)
{
	uint64_t all = (a->n == 64) ? ~0ULL : (1ULL << a->n) - 1;
	a->limit = plan_limit;
	solve(a, all);
	bool exact = !a->over;
	if (exact) {
		*left = 0;
		rebuild(a, all, out, left);
	} else {
		greedy(a, out, left);
	}
	free(a->memo);
	a->memo = NULL;
	a->cap = a->used = 0;
	return exact;
}

enum role { R_OUT, R_TARGET, R_PARTNER };

static enum role role_of(const struct hamlet_row *h, struct hamlet_plan *p)
{
	if (h->merger_id || !h->standard || h->households < 0)
		return R_OUT;
	const char *prop = record_str(h->r, "proposal");
	if (h->status == HS_BELOW && prop && strcmp(prop, "keep") == 0) {
		strv_push(&p->kept, h->r->id);
		return R_OUT;
	}
	if (h->status == HS_BELOW || h->status == HS_MUST_MERGE)
		return R_TARGET;
	return h->status == HS_MEETS ? R_PARTNER : R_OUT;
}

/* May rows i and j be merged together: same kind, same standard, and
 * not two partners (which never share a group)? */
static bool linkable(const struct hamlet_review *rv, const enum role *role,
    size_t i, size_t j)
{
	const struct hamlet_row *a = &rv->h[i], *b = &rv->h[j];
	return i != j && role[i] != R_OUT && role[j] != R_OUT &&
	    (role[i] == R_TARGET || role[j] == R_TARGET) &&
	    a->kind && b->kind && strcmp(a->kind, b->kind) == 0 &&
	    fabs(a->standard->num - b->standard->num) < EPS;
}

/* Largest first, then in name order. */
static bool bigger(const struct hamlet_review *rv, size_t a, size_t b)
{
	long wa = rv->h[a].households, wb = rv->h[b].households;
	return wa != wb ? wa > wb : a < b;
}

static void add_group(const struct hamlet_review *rv, const struct area *a,
    uint64_t g, struct hamlet_plan *p)
{
	size_t rows[PLAN_MAX], n = 0;
	struct plan_group *pg;
	for (uint64_t b = g; b; b &= b - 1)
		rows[n++] = a->row[low_bit(b)];
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && bigger(rv, rows[k], rows[k - 1]); k--) {
			size_t tmp = rows[k];
			rows[k] = rows[k - 1];
			rows[k - 1] = tmp;
		}
	XGROW(p->g, p->gcap, p->ng + 1);
	pg = &p->g[p->ng++];
	memset(pg, 0, sizeof *pg);
	for (size_t i = 0; i < n; i++) {
		strv_push(&pg->ids, rv->h[rows[i]].r->id);
		strv_push(&pg->names, rv->h[rows[i]].name);
		pg->households += rv->h[rows[i]].households;
	}
	pg->standard = rv->h[rows[0]].standard->num;
	pg->kind = xstrdup(rv->h[rows[0]].kind);
	pg->new_name = xstrdup(rv->h[rows[0]].name);
}

/* Row indexes of a hamlet's neighbours, both directions: adjacency
 * lists built once. */
static void link_rows(const struct hamlet_review *rv, const enum role *role,
    size_t **adj, size_t *nadj)
{
	for (size_t i = 0; i < rv->nh; i++) {
		const struct strv *nb = list_value(rv->h[i].r, "neighbours");
		for (size_t k = 0; nb && k < nb->n; k++) {
			ssize_t j = row_index(rv, nb->v[k]);
			if (j < 0 || !linkable(rv, role, i, (size_t)j))
				continue;
			size_t pairs[2][2] = { { i, (size_t)j }, { (size_t)j, i } };
			for (int d = 0; d < 2; d++) {
				size_t from = pairs[d][0], to = pairs[d][1];
				bool dup = false;
				for (size_t q = 0; q < nadj[from] && !dup; q++)
					dup = adj[from][q] == to;
				if (dup)
					continue;
				adj[from] = xreallocarray(adj[from], nadj[from] + 1, sizeof **adj);
				adj[from][nadj[from]++] = to;
			}
		}
	}
}

void hamlet_plan(const struct hamlet_review *rv, struct hamlet_plan *p)
{
	memset(p, 0, sizeof *p);
	p->exact = true;
	size_t nh = rv->nh;
	enum role *role = xcalloc(nh ? nh : 1, sizeof *role);
	size_t **adj = xcalloc(nh ? nh : 1, sizeof *adj);
	size_t *nadj = xcalloc(nh ? nh : 1, sizeof *nadj);
	ssize_t *local = xcalloc(nh ? nh : 1, sizeof *local);
	bool *done = xcalloc(nh ? nh : 1, sizeof *done);
	for (size_t i = 0; i < nh; i++) {
		role[i] = role_of(&rv->h[i], p);
		p->targets += role[i] == R_TARGET;
	}
	link_rows(rv, role, adj, nadj);
	size_t absorbed = 0;
	size_t *queue = xcalloc(nh ? nh : 1, sizeof *queue);
	for (size_t start = 0; start < nh; start++) {
		if (role[start] != R_TARGET || done[start])
			continue;
		/* the connected area of this target, breadth first */
		size_t qn = 0;
		queue[qn++] = start;
		done[start] = true;
		for (size_t k = 0; k < qn; k++)
			for (size_t q = 0; q < nadj[queue[k]]; q++) {
				size_t j = adj[queue[k]][q];
				if (!done[j]) {
					done[j] = true;
					queue[qn++] = j;
				}
			}
		if (qn > PLAN_MAX) {
			for (size_t k = 0; k < qn; k++)
				if (role[queue[k]] == R_TARGET)
					strv_push(&p->too_large, rv->h[queue[k]].r->id);
			continue;
		}
		struct area *a = xcalloc(1, sizeof *a);
		a->n = qn;
		a->threshold = rv->rules.meets_from * rv->h[start].standard->num;
		for (size_t k = 0; k < qn; k++) {
			local[queue[k]] = (ssize_t)k;
			a->row[k] = queue[k];
			a->w[k] = rv->h[queue[k]].households;
			if (role[queue[k]] == R_TARGET)
				a->targets |= 1ULL << k;
		}
		for (size_t k = 0; k < qn; k++)
			for (size_t q = 0; q < nadj[queue[k]]; q++)
				a->adj[k] |= 1ULL << local[adj[queue[k]][q]];
		struct masks gs = { 0 };
		uint64_t left;
		if (!solve_area(a, &gs, &left))
			p->exact = false;
		for (size_t i = 0; i < gs.n; i++) {
			add_group(rv, a, gs.v[i], p);
			absorbed += (size_t)bits(gs.v[i]) - 1;
		}
		for (uint64_t b = left; b; b &= b - 1)
			strv_push(&p->stuck, rv->h[a->row[low_bit(b)]].r->id);
		free(gs.v);
		free(a);
	}
	p->units_after = rv->sum.after_proposed - absorbed;
	for (size_t i = 0; i < nh; i++)
		free(adj[i]);
	free(adj);
	free(nadj);
	free(local);
	free(done);
	free(queue);
	free(role);
}

void hamlet_plan_free(struct hamlet_plan *p)
{
	for (size_t i = 0; i < p->ng; i++) {
		strv_free(&p->g[i].ids);
		strv_free(&p->g[i].names);
		free(p->g[i].kind);
		free(p->g[i].new_name);
	}
	free(p->g);
	strv_free(&p->stuck);
	strv_free(&p->kept);
	strv_free(&p->too_large);
	memset(p, 0, sizeof *p);
}

int hamlet_plan_apply(struct db *db, const struct hamlet_plan *p, size_t n,
    const char *name, char *id_out, struct problems *ps, struct err *e)
{
	if (n < 1 || n > p->ng)
		return err_set(e, E_USAGE, _("there is no suggestion %zu; the plan has %zu"),
		    n, p->ng);
	const struct form *f = formset_get(db->ws->forms, "mergers");
	const struct field *fd = f ? form_field(f, "new_name") : NULL;
	if (!fd)
		return err_set(e, E_NOTFOUND, _("the mergers form (screens/mergers.yaml) has no field new_name"));
	const struct plan_group *g = &p->g[n - 1];
	char *canon = NULL;
	if (value_from_input(fd, name ? name : g->new_name, &db->refs, &canon, e) != 0)
		return err_prefix(e, "new_name");
	struct record *r = db_new_record(db, f);
	if (!r) {
		free(canon);
		return err_set(e, E_IO, _("the system gave no random numbers for a new id"));
	}
	record_set_str(r, "new_name", canon);
	free(canon);
	record_set_list(r, "hamlets", &g->ids);
	record_set_str(r, "kind", g->kind);
	record_set_str(r, "stage", "draft");
	int rc = db_save(db, r, 0, ps, NULL, e);
	if (rc == 0)
		memcpy(id_out, r->id, UUID_LEN + 1);
	record_free(r);
	return rc;
}

void hamlet_figures(struct db *db, struct date on, struct figures *f,
    struct strv *packs)
{
	struct hamlet_review rv;
	if (hamlet_review(db, on, &rv, NULL) == 0) {
		f->hamlets += (long)rv.sum.hamlets;
		f->meets += (long)rv.sum.meets;
		f->below += (long)rv.sum.below;
		f->must_merge += (long)rv.sum.must_merge;
		f->exempt += (long)rv.sum.exempt;
		f->after_approved += (long)rv.sum.after_approved;
		f->after_proposed += (long)rv.sum.after_proposed;
		if (rv.rules.pack && !strv_has(packs, rv.rules.pack->name))
			strv_push(packs, rv.rules.pack->name);
	}
	hamlet_review_free(&rv);
}
