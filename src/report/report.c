/* report.c — see report.h */
#include "report/report.h"
#include "core/dates.h"
#include "domain/domain.h"
#include "store/db.h"
#include "store/fsutil.h"
#include "store/workspace.h"

#include <stdlib.h>
#include <string.h>

const char *const report_stages[] = {
	"draft", "consulted", "commune_council", "submitted", "approved", "rejected", NULL,
};

void commune_report_clear(struct commune_report *c)
{
	free(c->path);
	free(c->province_code);
	free(c->province_name);
	free(c->district_code);
	free(c->district_name);
	free(c->code);
	free(c->name);
	free(c->klass);
	strv_free(&c->packs);
	free(c->error);
	memset(c, 0, sizeof *c);
}

/* Records by status, the latest save, and merger proposals by stage. */
static void count_records(struct db *db, struct commune_report *c)
{
	time_t latest = 0;
	for (size_t k = 0; k < db->nt; k++) {
		const struct db_table *t = &db->t[k];
		for (size_t i = 0; i < t->n; i++) {
			const struct record *r = t->v[i].r;
			c->f.complete += r->status == RS_COMPLETE;
			c->f.incomplete += r->status == RS_INCOMPLETE;
			c->f.conflict += r->status == RS_CONFLICT;
			time_t at;
			if (r->updated_at && timestamp_parse(r->updated_at, &at) == 0 && at > latest) {
				latest = at;
				snprintf(c->last_change, sizeof c->last_change, "%s", r->updated_at);
			}
			if (strcmp(t->form->name, "mergers") != 0)
				continue;
			const char *stage = record_str(r, "stage");
			for (int s = 0; stage && report_stages[s]; s++)
				if (strcmp(stage, report_stages[s]) == 0)
					c->f.by_stage[s]++;
		}
	}
	/* damaged files count as incomplete: the province must see them */
	c->f.incomplete += (long)db->errors.n;
	c->f.approved = c->f.by_stage[4];
	c->f.proposed = 0;
	for (int s = 0; s < REPORT_STAGES; s++)
		if (s != 5)
			c->f.proposed += c->f.by_stage[s];
}

/* report_commune, with the forms and rule packs of `shared` (may be NULL). */
static void commune_figures(const char *dir, const struct paths *p,
    struct ws_shared *shared, const struct report_opts *o, struct commune_report *c)
{
	struct workspace *ws = NULL;
	struct db *db = NULL;
	struct err e;
	memset(c, 0, sizeof *c);
	c->path = xstrdup(dir);
	c->f.communes = 1;
	if (ws_open_shared(dir, p, shared, &ws, &e) != 0 || db_open(ws, &db, &e) != 0) {
		c->error = xstrdup(e.msg);
		ws_close(ws);
		return;
	}
	domain_attach(db);
	c->province_code = xstrdup(ws->cfg.province_code);
	c->province_name = xstrdup(ws->cfg.province_name);
	c->district_code = xstrdup(ws->cfg.district_code);
	c->district_name = xstrdup(ws->cfg.district_name);
	c->code = xstrdup(ws->cfg.commune_code);
	c->name = xstrdup(ws->cfg.commune_name);
	c->klass = xstrdup(ws->cfg.commune_class);
	count_records(db, c);
	struct date on = o->as_of.y ? o->as_of : date_today();
	domain_report(db, on, &c->f, &c->packs);
	long records = c->f.complete + c->f.incomplete + c->f.conflict;
	time_t last;
	c->reporting = records > 0 && c->last_change[0] &&
	    timestamp_parse(c->last_change, &last) == 0 &&
	    o->now - last <= (time_t)o->stale_days * 86400;
	c->f.reporting = c->reporting;
	c->f.all_complete = records > 0 && c->f.incomplete == 0 && c->f.conflict == 0;
	db_free(db);
	ws_close(ws);
}

void report_commune(const char *dir, const struct paths *p,
    const struct report_opts *o, struct commune_report *c)
{
	commune_figures(dir, p, NULL, o, c);
}

/* Sums per legacy district, in the order first met. */
struct districts {
	struct commune_report *v;
	size_t n, cap;
};

static void add_district(struct districts *d, const struct commune_report *c)
{
	const char *code = c->district_code ? c->district_code : "";
	size_t i;
	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].district_code, code) == 0)
			break;
	if (i == d->n) {
		XGROW(d->v, d->cap, d->n + 1);
		memset(&d->v[d->n], 0, sizeof d->v[d->n]);
		d->v[d->n].district_code = xstrdup(code);
		d->v[d->n].district_name = xstrdup(c->district_name ? c->district_name : "");
		d->n++;
	}
	figures_add(&d->v[i].f, &c->f);
	d->v[i].reporting += c->reporting;
}

int report_run(const char *dir, const struct paths *p,
    const struct report_opts *o, struct report_sink *sink, struct err *e)
{
	struct strv dirs = STRV_INIT, not_reporting = STRV_INIT, packs = STRV_INIT;
	struct districts d = { 0 };
	struct figures totals = { 0 };
	/* the forms and rule packs are read once, not once per commune */
	struct ws_shared *shared = ws_shared_new();
	ws_find_all(dir, &dirs);
	int rc = -1;
	if (dirs.n == 0) {
		err_set(e, E_INVALID, _("%s holds no workspace (no sapxep.yaml in it or below it)"), dir);
		goto out;
	}
	if (sink->begin(sink, o, e) != 0)
		goto out;
	for (size_t i = 0; i < dirs.n; i++) {
		struct commune_report c;
		commune_figures(dirs.v[i], p, shared, o, &c);
		figures_add(&totals, &c.f);
		add_district(&d, &c);
		if (!c.reporting)
			strv_take(&not_reporting, xasprintf("%s %s", c.code ? c.code : dirs.v[i],
			    c.name ? c.name : ""));
		for (size_t k = 0; k < c.packs.n; k++)
			if (!strv_has(&packs, c.packs.v[k]))
				strv_push(&packs, c.packs.v[k]);
		int r = sink->commune(sink, &c, e);
		commune_report_clear(&c);
		if (r != 0)
			goto out;
	}
	rc = sink->end(sink, d.v, d.n, &totals, &not_reporting, &packs, e);
out:
	for (size_t i = 0; i < d.n; i++)
		commune_report_clear(&d.v[i]);
	free(d.v);
	strv_free(&dirs);
	strv_free(&not_reporting);
	strv_free(&packs);
	ws_shared_free(shared);
	return rc;
}
