/* reportview.c — see reportview.h */
#include "ui/reportview.h"
#include "ui/listview.h"
#include "ui/textview.h"
#include "core/text.h"
#include "domain/domain.h"
#include "domain/staff.h"
#include "report/columns.h"
#include "report/report.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define STALE_DAYS 14		/* as sapxep report's default */
#define HALF 40			/* the second column of the commune's report */

static struct report_opts opts_now(void)
{
	struct report_opts o = { .stale_days = STALE_DAYS, .now = clock_now(),
		.lang = lang_current() };
	return o;
}

/* "28/11/2026 10:42" of a saved timestamp (or the text as it is). */
static void when_text(const char *ts, char *out, size_t n)
{
	struct date d;
	char day[11];
	char *iso = xstrndup(ts, 10);
	if (strlen(ts) >= 16 && date_parse_iso(iso, &d) == 0) {
		date_format_vn(d, day);
		snprintf(out, n, "%s %.5s", day, ts + 11);
	} else {
		snprintf(out, n, "%s", ts);
	}
	free(iso);
}

/* --- one commune ------------------------------------------------------------- */

static char *value_text(const struct rcol *c, const struct figures *f)
{
	double v = rcol_value(c, f);
	return c->decimal ? staff_fmt_multiple(v, lang_current()) : xasprintf("%.0f", v);
}

/* "  label ........ value" in `width` columns. */
static char *figure_line(const char *label, const char *value, int width)
{
	int vw = text_width(value), lw;
	int room = width - vw - 3;
	size_t n = text_fit(label, room > 0 ? room : 0, &lw);
	return xasprintf("  %.*s%*s%s", (int)n, label, width - 2 - lw - vw, "", value);
}

/* The figures whose key starts with `group`, under a title. */
static void group(struct strv *out, const char *title, const char *prefix,
    const struct figures *f)
{
	strv_push(out, title);
	for (size_t i = 0; i < nrcols; i++) {
		if (strncmp(rcols[i].key, prefix, strlen(prefix)) != 0)
			continue;
		char *v = value_text(&rcols[i], f);
		strv_take(out, figure_line(_(rcols[i].heading), v, HALF - 4));
		free(v);
	}
}

static const char *stage_label(struct ui *u, const char *code)
{
	const struct form *f = formset_get(u->ws->forms, "mergers");
	const struct field *fd = f ? form_field(f, "stage") : NULL;
	const struct choice *c = fd && fd->choices ? choice_find(fd->choices, code) : NULL;
	return c ? i18n_get(&c->label, lang_current()) : code;
}

/* Left and right side by side; titles (lines not indented) as headings. */
static void columns(struct tv_doc *d, const struct strv *left, const struct strv *right)
{
	size_t n = left->n > right->n ? left->n : right->n;
	for (size_t i = 0; i < n; i++) {
		const char *a = i < left->n ? left->v[i] : "";
		const char *b = i < right->n ? right->v[i] : "";
		int w;
		size_t k = text_fit(a, HALF, &w);
		char *s = xasprintf("%.*s%*s%s", (int)k, a, HALF - w, "", b);
		bool heads = (*a && *a != ' ') || (*b && *b != ' ');
		tv_take(d, heads ? R_HEAD : R_NORMAL, -1, s);
	}
}

static void build_commune(void *data, struct tv_doc *d)
{
	struct ui *u = data;
	struct report_opts o = opts_now();
	struct commune_report c;
	report_commune(u->ws->root, &u->cli->paths, &o, &c);
	if (c.error) {
		tv_add(d, R_ERROR, -1, _("The commune's records cannot be read:"));
		tv_wrap(d, R_ERROR, -1, c.error, COLS - 1);
		commune_report_clear(&c);
		return;
	}
	struct sbuf b = SBUF_INIT;
	sbuf_printf(&b, "%s (%s)", c.name ? c.name : "", c.code ? c.code : "");
	if (c.klass)
		sbuf_printf(&b, _(" · class %s"), c.klass);
	if (c.district_name)
		sbuf_printf(&b, " · %s", c.district_name);
	if (c.province_name)
		sbuf_printf(&b, " · %s", c.province_name);
	tv_take(d, R_HEAD, -1, sbuf_detach(&b));
	char when[40];
	when_text(c.last_change, when, sizeof when);
	long records = c.f.complete + c.f.incomplete + c.f.conflict;
	if (c.reporting)
		tv_take(d, R_OK, -1, xasprintf(_("Reporting: last change %s"), when));
	else if (!records)
		tv_add(d, R_ERROR, -1, _("! Not reporting: no record yet"));
	else
		tv_take(d, R_ERROR, -1, xasprintf(_("! Not reporting: no change for more than %d days (last %s)"),
		    o.stale_days, when));
	for (size_t i = 0; i < c.packs.n; i++)
		sbuf_printf(&b, "%s%s", i ? ", " : "", c.packs.v[i]);
	tv_take(d, R_NORMAL, -1, xasprintf(_("Rule packs: %s"), c.packs.n ? sbuf_str(&b) : _("none")));
	sbuf_free(&b);
	tv_add(d, R_NORMAL, -1, "");

	struct strv left = STRV_INIT, right = STRV_INIT;
	group(&left, _("Staff (non-specialist workers)"), "staff.", &c.f);
	strv_push(&left, "");
	group(&left, _("Records"), "records.", &c.f);
	strv_take(&left, figure_line(_("Every record complete"),
	    c.f.all_complete ? _("yes") : _("no"), HALF - 4));
	group(&right, _("Hamlets"), "hamlets.", &c.f);
	strv_push(&right, "");
	group(&right, _("Merger proposals"), "mergers.", &c.f);
	columns(d, &left, &right);
	strv_free(&left);
	strv_free(&right);
	tv_add(d, R_NORMAL, -1, "");
	struct sbuf st = SBUF_INIT;
	sbuf_adds(&st, _("Proposals by stage:"));
	for (int k = 0; k < REPORT_STAGES && report_stages[k]; k++)
		sbuf_printf(&st, "%s %s %ld", k ? " ·" : "", stage_label(u, report_stages[k]),
		    c.f.by_stage[k]);
	tv_wrap(d, R_NORMAL, -1, sbuf_str(&st), COLS - 1);
	sbuf_free(&st);
	commune_report_clear(&c);
	d->hint = xstrdup(_("The figures sent to the province; sapxep report writes them as CSV or Excel"));
}

void reportview_commune(struct ui *u)
{
	struct tv_screen s = { .title = _("Report"), .data = u, .build = build_commune };
	textview_run(u, &s);
}

/* --- a province ---------------------------------------------------------------- */

struct prow {
	char *path, *code, *name, *error;
	struct figures f;
	char last_change[40];
	time_t last;
	bool reporting;
};

struct province {
	struct ui *u;
	void (*open)(struct ui *u);
	struct prow *rows;
	size_t n, cap;
	size_t expected;	/* workspaces found below the folder */
	double painted;		/* when the progress was last drawn */
};

struct psink {
	struct report_sink base;
	struct province *p;
};

static int sink_begin(struct report_sink *s, const struct report_opts *o, struct err *e)
{
	(void)s;
	(void)o;
	(void)e;
	return 0;
}

static void progress(struct province *p, bool force)
{
	double now = term_clock(p->u);
	if (!force && now - p->painted < 0.2)
		return;
	p->painted = now;
	if (term_small(p->u))
		return;
	char *m = xasprintf(_("Reading the communes: %zu of %zu..."), p->n, p->expected);
	term_hint(m, R_KEY);
	free(m);
	term_update(-1, 0);
}

static int sink_commune(struct report_sink *s, const struct commune_report *c, struct err *e)
{
	struct province *p = ((struct psink *)s)->p;
	(void)e;
	XGROW(p->rows, p->cap, p->n + 1);
	struct prow *r = &p->rows[p->n++];
	memset(r, 0, sizeof *r);
	r->path = xstrdup(c->path);
	/* a commune that cannot be read goes by its folder's name */
	const char *base = strrchr(c->path, '/');
	r->code = xstrdup(c->code ? c->code : base && base[1] ? base + 1 : c->path);
	r->name = xstrdup(c->name ? c->name : "");
	r->error = c->error ? xstrdup(c->error) : NULL;
	r->f = c->f;
	snprintf(r->last_change, sizeof r->last_change, "%s", c->last_change);
	if (!c->last_change[0] || timestamp_parse(c->last_change, &r->last) != 0)
		r->last = 0;
	r->reporting = c->reporting;
	if (!p->u->place && c->province_name)
		p->u->place = xstrdup(c->province_name);
	progress(p, false);
	return 0;
}

static int sink_end(struct report_sink *s, const struct commune_report *d, size_t nd,
    const struct figures *t, const struct lagging *nr, const struct strv *packs, struct err *e)
{
	(void)s;
	(void)d;
	(void)nd;
	(void)t;
	(void)nr;
	(void)packs;
	(void)e;
	return 0;
}

static void sink_free(struct report_sink *s)
{
	(void)s;
}

/* The columns: what each shows of a commune's figures. */
static const struct {
	const char *head;	/* N_() */
	size_t off;		/* in struct figures (a long) */
} figure_cols[] = {
	{ N_("Staff"), offsetof(struct figures, staff_after) },
	{ N_("Cut"), offsetof(struct figures, staff_reduction) },
	{ N_("Hamlets"), offsetof(struct figures, hamlets) },
	{ N_("Merge"), offsetof(struct figures, must_merge) },
	{ N_("Incompl."), offsetof(struct figures, incomplete) },
};

#define NFIG (sizeof figure_cols / sizeof *figure_cols)

static long figure(const struct figures *f, size_t i)
{
	return *(const long *)(const void *)((const char *)f + figure_cols[i].off);
}

static void province_load(void *data, struct lv *l)
{
	struct province *p = data;
	lv_column(l, _("Commune"), 0);
	for (size_t i = 0; i < NFIG; i++)
		lv_column(l, _(figure_cols[i].head), LV_NUMBER);
	lv_column(l, _("Changed"), LV_BYNUM);
	lv_column(l, _("Rep"), LV_BYNUM);
	for (size_t i = 0; i < p->n; i++) {
		const struct prow *r = &p->rows[i];
		lv_row(l, r->path, i);
		char *name = xasprintf("%s %s", r->code, r->name);
		lv_cell(l, name, 0, R_NORMAL);
		free(name);
		for (size_t k = 0; k < NFIG; k++) {
			long v = figure(&r->f, k);
			char *s = r->error ? xstrdup("") : xasprintf("%ld", v);
			lv_cell(l, s, (double)v, k == 3 && v > 0 ? R_WARN : R_NORMAL);
			free(s);
		}
		char day[11] = "";
		struct date dt;
		char *iso = xstrndup(r->last_change, 10);
		if (date_parse_iso(iso, &dt) == 0)
			date_format_vn(dt, day);
		free(iso);
		lv_cell(l, day, (double)r->last, R_NORMAL);
		lv_cell(l, r->error ? _("! error") : r->reporting ? _("yes") : _("! NO"),
		    r->error ? -1 : r->reporting, r->reporting ? R_OK : R_ERROR);
	}
}

static void province_foot(void *data, const size_t *shown, size_t n, struct lv *l)
{
	struct province *p = data;
	struct figures t = { 0 };
	for (size_t i = 0; i < n; i++)
		figures_add(&t, &p->rows[shown[i]].f);
	lv_foot(l);
	char *label = n == p->n ? xasprintf(_("Total, %zu communes"), n) :
	    xasprintf(_("Total, %zu of %zu communes"), n, p->n);
	lv_cell(l, label, 0, R_HEAD);
	free(label);
	for (size_t k = 0; k < NFIG; k++) {
		char *s = xasprintf("%ld", figure(&t, k));
		lv_cell(l, s, 0, R_HEAD);
		free(s);
	}
	lv_cell(l, "", 0, R_HEAD);
	char *rep = xasprintf("%ld/%zu", t.reporting, n);
	lv_cell(l, rep, 0, R_HEAD);
	free(rep);
}

static bool province_open(void *data, size_t index)
{
	struct province *p = data;
	struct ui *u = p->u;
	const struct prow *r = &p->rows[index];
	struct workspace *ws = NULL;
	struct db *db = NULL;
	struct err e;
	if (ws_open(r->path, &u->cli->paths, &ws, &e) != 0 || db_open(ws, &db, &e) != 0) {
		term_msg(u, MSG_ERROR, _("%s cannot be opened: %s"), r->path, e.msg);
		ws_close(ws);
		return false;
	}
	domain_attach(db);
	u->ws = ws;
	u->db = db;
	u->readonly = true;
	p->open(u);
	u->readonly = false;
	/* u->db, not db: the commune's records may have been loaded again */
	db_free(u->db);
	u->ws = NULL;
	u->db = NULL;
	u->watch_ws = NULL;
	ws_close(ws);
	return false;
}

void reportview_province(struct ui *u, const char *dir, void (*open)(struct ui *u))
{
	struct province p = { .u = u, .open = open };
	struct strv dirs = STRV_INIT;
	ws_find_all(dir, &dirs);
	p.expected = dirs.n;
	strv_free(&dirs);
	struct psink sink = { { sink_begin, sink_commune, sink_end, sink_free }, &p };
	struct report_opts o = opts_now();
	struct err e;
	u->full = true;
	if (!term_begin(u, _("Province")))
		term_small(u);
	progress(&p, true);
	if (report_run(dir, &u->cli->paths, &o, &sink.base, &e) != 0)
		term_msg(u, MSG_ERROR, "%s", e.msg);
	char *title = xasprintf(_("Province: %zu communes"), p.n);
	struct lv_source src = {
		.title = title,
		.count_hint = _("%zu commune(s). Enter opens one read-only, / filters, s sorts"),
		.data = &p,
		.load = province_load,
		.open = province_open,
		.foot = province_foot,
	};
	listview_rows(u, &src, NULL);
	free(title);
	for (size_t i = 0; i < p.n; i++) {
		free(p.rows[i].path);
		free(p.rows[i].code);
		free(p.rows[i].name);
		free(p.rows[i].error);
	}
	free(p.rows);
}
