/* report.c — see report.h */
#include "report/report.h"
#include "core/dates.h"
#include "core/pool.h"
#include "domain/domain.h"
#include "store/db.h"
#include "store/fsutil.h"
#include "store/workspace.h"
#include "sync/gitrun.h"
#include "sync/repo.h"
#include "sync/sync.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	if (!o->as_of.y && sync_is_repo(ws)) {
		struct sync_status st;
		if (sync_status(ws, &st, NULL) == 0 && st.last_ok)
			timestamp_format(st.last_ok, c->last_sync);
		sync_status_free(&st);
	}
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

/* A commune to read: a workspace folder, or a province's bare
 * repository (<code>.git, what `sapxep server init` makes). */
struct source {
	char *dir;
	bool bare;
};

/* A workspace folder with its own .git (a synced workspace). */
static bool has_git(const char *dir)
{
	char *git = path_join(dir, ".git");
	bool yes = fs_is_dir(git);
	free(git);
	return yes;
}

static bool is_bare_repo(const char *dir)
{
	char *head = path_join(dir, "HEAD"), *objects = path_join(dir, "objects");
	bool yes = fs_exists(head) && fs_is_dir(objects);
	free(head);
	free(objects);
	return yes;
}

/* Bare repositories at or below dir, in name order. */
static void find_bare(const char *dir, int depth, struct strv *out)
{
	if (depth > 8)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct strv subs = STRV_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			strv_take(&subs, path_join(dir, de->d_name));
	closedir(d);
	strv_sort(&subs);
	for (size_t i = 0; i < subs.n; i++) {
		if (!fs_is_dir(subs.v[i]) || ws_exists(subs.v[i]))
			continue;
		if (is_bare_repo(subs.v[i]))
			strv_push(out, subs.v[i]);
		else
			find_bare(subs.v[i], depth + 1, out);
	}
	strv_free(&subs);
}

/* When a bare repository last received a change (its reflog). */
static void last_received(const char *repo, char *out, size_t n)
{
	char *line = NULL;
	if (git_cmd(repo, &line, NULL, "log", "-g", "-1", "--date=unix", "--format=%gd",
	    "refs/heads/" SYNC_BRANCH, "--", (char *)NULL) == 0 && line) {
		char *brace = strstr(line, "@{");
		if (brace) {
			char buf[40];
			timestamp_format((time_t)strtoll(brace + 2, NULL, 10), buf);
			snprintf(out, n, "%s", buf);
		}
	}
	free(line);
}

/* Read one source: as it is now, or from its history as of a date. */
static void report_source(const struct source *src, const struct paths *p,
    struct ws_shared *shared, const struct report_opts *o, struct commune_report *c)
{
	char *rev = NULL, *tmp = NULL;
	const char *read_dir = src->dir;
	struct err e;
	bool repo = src->bare || has_git(src->dir);
	if (o->as_of.y || src->bare) {
		char date[11];
		date_format_iso(o->as_of, date);
		if (!repo) {
			memset(c, 0, sizeof *c);
			c->path = xstrdup(src->dir);
			c->f.communes = 1;
			c->error = xasprintf(_("%s has no history (not synced with git): it cannot be read as of %s"),
			    src->dir, date);
			return;
		}
		if (o->as_of.y && sync_rev_at(src->dir, date, &rev, &e) != 0) {
			memset(c, 0, sizeof *c);
			c->path = xstrdup(src->dir);
			c->f.communes = 1;
			c->error = xstrdup(e.msg);
			return;
		}
		if (!rev)
			rev = repo_rev(src->dir, "refs/heads/" SYNC_BRANCH);
		const char *t = getenv("TMPDIR");
		char *tmpl = xasprintf("%s/sapxep-report-XXXXXX", t && *t ? t : "/tmp");
		if (rev && mkdtemp(tmpl)) {
			tmp = path_join(tmpl, "ws");
			if (sync_export(src->dir, rev, tmp, &e) != 0) {
				fs_remove_tree(tmpl, NULL);
				xfree(&tmp);
			}
		}
		if (!tmp) {
			memset(c, 0, sizeof *c);
			c->path = xstrdup(src->dir);
			c->f.communes = 1;
			c->error = rev ? xasprintf(_("%s: cannot read its history: %s"), src->dir, e.msg) :
			    xasprintf(_("%s holds no records yet"), src->dir);
			free(tmpl);
			free(rev);
			return;
		}
		read_dir = tmp;
		free(tmpl);
	} else if (repo) {
		rev = repo_rev(src->dir, "HEAD");
	}
	commune_figures(read_dir, p, shared, o, c);
	free(c->path);
	c->path = xstrdup(src->dir);
	if (rev)
		snprintf(c->commit, sizeof c->commit, "%s", rev);
	if (src->bare)
		last_received(src->dir, c->last_sync, sizeof c->last_sync);
	if (tmp) {
		char *top = xstrdup(tmp);
		*strrchr(top, '/') = '\0';
		fs_remove_tree(top, NULL);
		free(top);
	}
	free(tmp);
	free(rev);
}

/* A roll-up in progress: the sources, read on the pool's threads, and
 * what the calling thread gathers from them, in order. */
struct run {
	const struct strv *dirs, *bare;
	const struct paths *p;
	struct ws_shared *shared;
	const struct report_opts *o;
	struct report_sink *sink;
	struct err *e;
	struct districts d;
	struct figures totals;
	struct lagging late;
	struct strv packs;
};

static void *read_one(void *ctx, size_t i)
{
	struct run *r = ctx;
	struct source src = { i < r->dirs->n ? r->dirs->v[i] : r->bare->v[i - r->dirs->n],
		i >= r->dirs->n };
	struct commune_report *c = xmalloc(sizeof *c);
	report_source(&src, r->p, r->shared, r->o, c);
	return c;
}

static int add_one(void *ctx, size_t i, void *result)
{
	struct run *r = ctx;
	struct commune_report *c = result;
	const char *dir = i < r->dirs->n ? r->dirs->v[i] : r->bare->v[i - r->dirs->n];
	figures_add(&r->totals, &c->f);
	add_district(&r->d, c);
	if (!c->reporting) {
		strv_push(&r->late.code, c->code ? c->code : dir);
		strv_push(&r->late.name, c->name ? c->name : "");
		strv_push(&r->late.last, c->last_change);
	}
	for (size_t k = 0; k < c->packs.n; k++)
		if (!strv_has(&r->packs, c->packs.v[k]))
			strv_push(&r->packs, c->packs.v[k]);
	int rc = r->sink->commune(r->sink, c, r->e);
	commune_report_clear(c);
	free(c);
	return rc != 0;
}

static void drop_one(void *ctx, size_t i, void *result)
{
	(void)ctx;
	(void)i;
	commune_report_clear(result);
	free(result);
}

int report_run(const char *dir, const struct paths *p,
    const struct report_opts *o, struct report_sink *sink, struct err *e)
{
	struct strv dirs = STRV_INIT, bare = STRV_INIT;
	/* the forms and rule packs are read once, not once per commune */
	struct run r = { &dirs, &bare, p, ws_shared_new(), o, sink, e, { 0 }, { 0 },
		{ STRV_INIT, STRV_INIT, STRV_INIT }, STRV_INIT };
	ws_find_all(dir, &dirs);
	if (is_bare_repo(dir))
		strv_push(&bare, dir);
	else
		find_bare(dir, 0, &bare);
	size_t nsrc = dirs.n + bare.n;
	int rc = -1;
	if (nsrc == 0) {
		err_set(e, E_INVALID,
		    _("%s holds no workspace and no province repository (no sapxep.yaml, no <code>.git in it or below it)"),
		    dir);
		goto out;
	}
	if (sink->begin(sink, o, e) != 0)
		goto out;
	/* the communes are read on o->jobs threads, added up here in order */
	if (pool_run(nsrc, o->jobs > 1 ? (unsigned)o->jobs : 1, 0, read_one, add_one,
	    drop_one, &r) != 0)
		goto out;
	rc = sink->end(sink, r.d.v, r.d.n, &r.totals, &r.late, &r.packs, e);
out:
	for (size_t i = 0; i < r.d.n; i++)
		commune_report_clear(&r.d.v[i]);
	free(r.d.v);
	strv_free(&dirs);
	strv_free(&bare);
	strv_free(&r.late.code);
	strv_free(&r.late.name);
	strv_free(&r.late.last);
	strv_free(&r.packs);
	ws_shared_free(r.shared);
	return rc;
}
