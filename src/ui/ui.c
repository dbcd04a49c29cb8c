/* ui.c — the TUI: start-up (drafts left by a hang-up), the dashboard
 * with its menu and its alerts, the province view, and leaving cleanly
 * whatever happens. See ui.h. */
#include "ui/ui.h"
#include "ui/formview.h"
#include "ui/help.h"
#include "ui/listview.h"
#include "ui/quotaview.h"
#include "ui/reportview.h"
#include "ui/reviewview.h"
#include "ui/syncview.h"
#include "ui/term.h"
#include "ui/textview.h"
#include "ui/watch.h"
#include "cli/cli.h"
#include "core/text.h"
#include "domain/domain.h"
#include "domain/hamlet.h"
#include "domain/staff.h"
#include "store/dashcache.h"
#include "store/draft.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The dashboard's entries: the forms first (in this order when present,
 * then any other form), then the screens of later capabilities. */
static const char *const form_order[] = { "staff", "hamlets", "mergers", NULL };

static const struct {
	const char *label;
	void (*open)(struct ui *u);
} screens[] = {
	{ N_("Report"), reportview_commune },
	{ N_("Sync"), syncview_run },
};

#define NSCREENS (sizeof screens / sizeof *screens)

/* The screen an alert opens, by where it comes from. */
static void (*const alert_screens[])(struct ui *u) = {
	[ALERT_STAFF] = quotaview_run,
	[ALERT_HAMLETS] = reviewview_run,
};

struct dash {
	struct ui *u;
	const struct form **forms;
	size_t nforms;
	size_t cur;		/* an entry, then the alerts */
	size_t atop;		/* first alert shown */
	struct dash_figures fig;	/* the counts and the domain's alerts */
	struct strv alerts;	/* all the alerts shown */
	void (**opens)(struct ui *u);	/* the screen of each alert, or NULL */
	bool nested;		/* a commune opened from the province view */
	struct syncview_summary sync;	/* worked out with the alerts */
};

static size_t entries(const struct dash *d)
{
	return d->nforms + NSCREENS;
}

static void collect_forms(struct dash *d)
{
	const struct formset *fs = d->u->ws->forms;
	d->forms = xcalloc(fs->n ? fs->n : 1, sizeof *d->forms);
	for (const char *const *n = form_order; *n; n++) {
		const struct form *f = formset_get(fs, *n);
		if (f)
			d->forms[d->nforms++] = f;
	}
	for (size_t i = 0; i < fs->n; i++) {
		bool known = false;
		for (size_t k = 0; k < d->nforms; k++)
			known = known || d->forms[k] == fs->forms[i];
		if (!known)
			d->forms[d->nforms++] = fs->forms[i];
	}
}

/* The alerts about sync first, each opening its screen: a sync (when
 * changes wait), the records in conflict. */
static void sync_alerts(struct dash *d, struct strv *out, struct strv *opens_sync,
    struct strv *opens_conflicts)
{
	syncview_summary_free(&d->sync);
	if (d->u->readonly)
		return;
	syncview_summary(d->u, d->fig.conflicts, &d->sync);
	if (d->sync.conflicts) {
		char *a = xasprintf(ngettext("%zu record in conflict: Enter shows it, to choose between the versions",
		    "%zu records in conflict: Enter lists them, to choose between the versions",
		    d->sync.conflicts), d->sync.conflicts);
		strv_push(opens_conflicts, a);
		strv_take(out, a);
	}
	if (d->sync.waiting > 0) {
		char *a = xasprintf(ngettext("%ld change waiting to be sent to the province; Enter syncs",
		    "%ld changes waiting to be sent to the province; Enter syncs",
		    (unsigned long)d->sync.waiting), d->sync.waiting);
		strv_push(opens_sync, a);
		strv_take(out, a);
	}
}

/* The figures of the records loaded: counts per form and the domain's
 * alerts (into d->fig). */
static void work_out(struct dash *d)
{
	struct db *db = d->u->db;
	struct dash_figures *f = &d->fig;
	dash_figures_free(f);
	f->counts = xcalloc(d->nforms ? d->nforms : 1, sizeof *f->counts);
	for (size_t i = 0; i < d->nforms; i++) {
		strv_push(&f->forms, d->forms[i]->name);
		struct db_table *tb = db_table(db, d->forms[i]->name);
		for (size_t k = 0; tb && k < tb->n; k++)
			f->counts[i][tb->v[k].r->status]++;
	}
	f->conflicts = syncview_count_conflicts(db);
	enum alert_source *from = NULL;
	domain_alerts(db, lang_current(), &f->alerts, &from);
	f->from = xcalloc(f->alerts.n + 1, sizeof *f->from);
	for (size_t i = 0; i < f->alerts.n; i++)
		f->from[i] = (int)from[i];
	free(from);
	f->errors = db->errors.n;
	f->pack_errors = d->u->ws->pack_errors.n;
}

/* The alerts: sync's, then the domain's (from d->fig, worked out again
 * when the records are loaded; before that, the cache's). */
static void collect_alerts(struct dash *d)
{
	struct strv to_sync = STRV_INIT, to_conflicts = STRV_INIT;
	if (d->u->db)
		work_out(d);
	strv_free(&d->alerts);
	sync_alerts(d, &d->alerts, &to_sync, &to_conflicts);
	size_t first = d->alerts.n;
	for (size_t i = 0; i < d->fig.alerts.n; i++)
		strv_push(&d->alerts, d->fig.alerts.v[i]);
	free(d->opens);
	d->opens = xcalloc(d->alerts.n + 2, sizeof *d->opens);
	for (size_t i = 0; i < first; i++) {
		if (strv_has(&to_conflicts, d->alerts.v[i]))
			d->opens[i] = syncview_conflicts;
		else if (strv_has(&to_sync, d->alerts.v[i]))
			d->opens[i] = syncview_run;
	}
	for (size_t i = first; i < d->alerts.n; i++) {
		int from = d->fig.from[i - first];
		if (from >= 0 && (size_t)from < sizeof alert_screens / sizeof *alert_screens)
			d->opens[i] = alert_screens[from];
	}
	strv_free(&to_sync);
	strv_free(&to_conflicts);
	if (d->fig.errors)
		strv_take(&d->alerts, xasprintf(
		    _("%zu file(s) could not be read and are left alone: sapxep validate lists them"),
		    d->fig.errors));
	if (d->fig.pack_errors)
		strv_take(&d->alerts, xasprintf(_("%zu problem(s) in the rule packs: sapxep validate lists them"),
		    d->fig.pack_errors));
	size_t bad_lists = d->u->ws->forms->list_errors.n;
	if (bad_lists)
		strv_take(&d->alerts, xasprintf(
		    _("%zu choice list file(s) could not be used and are left out: sapxep validate lists them"),
		    bad_lists));
	size_t n = entries(d) + d->alerts.n;
	if (d->cur >= n)
		d->cur = n - 1;
}

static void paint(void *data)
{
	struct dash *d = data;
	struct ui *u = d->u;
	if (!term_begin(u, ""))
		return;
	const struct ws_config *c = &u->ws->cfg;
	int y = term_body_top() + 1;
	char *head = xasprintf("%s%s%s", c->commune_name ? c->commune_name : "",
	    c->province_name ? ", " : "", c->province_name ? c->province_name : "");
	term_fill(y++, 2, COLS - 3, head, R_HEAD);
	free(head);
	char *cls = c->commune_class ? xasprintf(_("Class %s"), c->commune_class) :
	    xstrdup(_("Class not set"));
	char *line = xasprintf("%s · %s: %s", cls, _("officer"), u->ws->officer ? u->ws->officer : "");
	term_fill(y++, 2, COLS - 3, line, R_NORMAL);
	free(cls);
	free(line);
	if (u->readonly)
		term_fill(y, 2, COLS - 3, _("! Read-only: opened from the province view; Esc goes back to it"),
		    R_WARN);
	else
		term_fill(y, 0, COLS, "", R_NORMAL);
	y++;
	/* right-aligned over the %10zu counts by display width, not bytes */
	const char *h[3] = { _("complete"), _("incomplete"), _("conflict") };
	int hp[3];
	for (int k = 0; k < 3; k++)
		hp[k] = text_width(h[k]) < 10 ? 10 - text_width(h[k]) : 0;
	char *heads = xasprintf("%*s%s %*s%s %*s%s", hp[0], "", h[0], hp[1], "", h[1],
	    hp[2], "", h[2]);
	int cw = text_width(heads);
	term_fill(y, 1, COLS - 2, "", R_NORMAL);
	term_put(y++, COLS - cw - 2, cw, heads, R_HEAD);
	free(heads);
	for (size_t i = 0; i < entries(d); i++, y++) {
		enum role r = i == d->cur ? R_SEL : R_NORMAL;
		char *t;
		if (i < d->nforms) {
			const struct form *f = d->forms[i];
			const size_t *n = d->fig.counts[i];
			char *counts = xasprintf("%10zu %10zu %10zu", n[RS_COMPLETE],
			    n[RS_INCOMPLETE], n[RS_CONFLICT]);
			t = xasprintf(" %zu  %s", i + 1, i18n_get(&f->title, lang_current()));
			term_fill(y, 1, COLS - 2, "", r);
			term_put(y, 1, COLS - cw - 5, t, r);
			term_put(y, COLS - cw - 2, cw, counts, r);
			free(counts);
			free(t);
			continue;
		} else {
			t = xasprintf(" %zu  %s", i + 1, _(screens[i - d->nforms].label));
		}
		term_fill(y, 1, COLS - 2, t, r);
		free(t);
	}
	term_fill(y++, 0, COLS, "", R_NORMAL);
	if (d->sync.lines.n) {
		for (size_t i = 0; i < d->sync.lines.n; i++)
			term_fill(y++, 2, COLS - 3, d->sync.lines.v[i], R_NORMAL);
		term_fill(y++, 0, COLS, "", R_NORMAL);
	}
	if (d->alerts.n) {
		term_fill(y++, 2, COLS - 3, _("Alerts:"), R_HEAD);
		size_t rows = LINES - 2 > y ? (size_t)(LINES - 2 - y) : 1;
		if (d->cur >= entries(d))
			term_keep_in_view(d->cur - entries(d), &d->atop, rows);
		for (size_t i = d->atop; i < d->alerts.n && y < LINES - 2; i++, y++) {
			bool here = entries(d) + i == d->cur;
			char *a = xasprintf("%s! %s", here ? ">" : " ", d->alerts.v[i]);
			term_fill(y, 1, COLS - 2, a, here ? R_SEL : R_WARN);
			free(a);
		}
	}
	while (y < LINES - 2)
		term_fill(y++, 0, COLS, "", R_NORMAL);
	if (d->cur < entries(d))
		term_hint(_("Type a number, or move with the arrows and press Enter"),
		    R_NORMAL);
	else if (d->opens[d->cur - entries(d)])
		term_hint(_("Enter opens the screen this alert is about"), R_NORMAL);
	else
		term_hint(_("This alert has no screen of its own"), R_NORMAL);
	term_status(u, KC_MENU | KC_GLOBAL);
}

/* Back on the dashboard: the records again if the files changed, and
 * what it says worked out again. */
static void back(struct dash *d)
{
	watch_check(d->u, true);
	collect_alerts(d);
}

static void open_entry(struct dash *d, size_t i)
{
	if (i < d->nforms)
		listview_run(d->u, d->forms[i], NULL);
	else if (i < entries(d))
		screens[i - d->nforms].open(d->u);
	else if (i - entries(d) < d->alerts.n && d->opens[i - entries(d)])
		d->opens[i - entries(d)](d->u);
	back(d);
}

/* The dashboard of the last run, shown before the records are loaded
 * (store/dashcache.h): what ui_run hands the dashboard. */
struct start {
	uint64_t key;		/* of the files at the start */
	bool shown;		/* `cached` was shown */
	struct dash_figures cached;
};

/* A dashboard's state for u, its forms listed. */
static void dash_init(struct dash *d, struct ui *u)
{
	memset(d, 0, sizeof *d);
	d->u = u;
	collect_forms(d);
}

static void dash_free(struct dash *d)
{
	free(d->forms);
	free(d->opens);
	strv_free(&d->alerts);
	dash_figures_free(&d->fig);
	syncview_summary_free(&d->sync);
}

/* Show the dashboard from the cache, the records not loaded yet. False
 * when the cache is not for these forms. */
static bool show_cached(struct ui *u, struct start *st)
{
	struct dash d;
	dash_init(&d, u);
	bool same = st->cached.forms.n == d.nforms;
	for (size_t i = 0; same && i < d.nforms; i++)
		same = strcmp(st->cached.forms.v[i], d.forms[i]->name) == 0;
	if (same) {
		d.fig = st->cached;	/* lent */
		collect_alerts(&d);
		paint(&d);
		term_update(-1, 0);
		term_shown(u);
		memset(&d.fig, 0, sizeof d.fig);
	}
	dash_free(&d);
	return same;
}

/* Leaving: keep the figures of the records as they are now, for the next
 * start (only then: nothing is written before the officer's own saves,
 * and a start that changes nothing writes nothing). The key first: a file changed after it makes it miss next time;
 * one changed before it is in the records, loaded again when needed. */
static void keep_on_leaving(struct ui *u, struct start *st)
{
	double wait;
	uint64_t key = dashcache_key(u->ws, &u->cli->paths, (int)lang_current(),
	    date_today(), &wait);
	if (wait > 0) {
		/* a save just now: a few hundredths of a second, once */
		struct timespec ts = { 0, (long)(wait * 1e9) + 1000000 };
		nanosleep(&ts, NULL);
		key = dashcache_key(u->ws, &u->cli->paths, (int)lang_current(),
		    date_today(), &wait);
		if (wait > 0)
			return;
	}
	watch_check(u, true);
	struct dash d;
	dash_init(&d, u);
	work_out(&d);
	struct err e;
	/* a cache that cannot be written only costs the next start time */
	if (!st->shown || key != st->key || !dash_figures_same(&st->cached, &d.fig))
		(void)dashcache_save(u->ws, key, &d.fig, &e);
	dash_free(&d);
}

static void dashboard(struct ui *u, bool nested)
{
	struct dash d;
	dash_init(&d, u);
	d.nested = nested;
	watch_check(u, true);
	collect_alerts(&d);
	struct term_layer below = term_push(u, paint, &d);
	while (!u->quit) {
		paint(&d);
		term_update(-1, 0);
		int k = term_key(u);
		if (k == UK_QUIT)
			break;
		if (k == UK_IDLE && watch_check(u, false))
			collect_alerts(&d);
		if (k < 0)
			continue;
		size_t n = entries(&d) + d.alerts.n;
		enum action a = keys_action(KC_MENU | KC_GLOBAL, k);
		if (a == ACT_BACK) {
			if (!nested)
				u->quit = QUIT_USER;
			break;
		}
		switch (a) {
		case ACT_HELP:
			help_show(u, KC_MENU | KC_GLOBAL, NULL);
			break;
		case ACT_UP:
			d.cur = d.cur ? d.cur - 1 : n - 1;
			break;
		case ACT_DOWN:
			d.cur = (d.cur + 1) % n;
			break;
		case ACT_OPEN:
			open_entry(&d, d.cur);
			break;
		case ACT_MENU_ITEM:
			if ((size_t)(k - '1') < entries(&d)) {
				d.cur = (size_t)(k - '1');
				open_entry(&d, d.cur);
			}
			break;
		case ACT_QUOTA:
			quotaview_run(u);
			back(&d);
			break;
		case ACT_REVIEW:
			reviewview_run(u);
			back(&d);
			break;
		default:
			break;
		}
	}
	term_pop(u, below);
	dash_free(&d);
}

/* A commune opened read-only from the province view. */
static void commune_dashboard(struct ui *u)
{
	dashboard(u, true);
}

/* Before the dashboard: a blank screen under the questions. */
static void paint_start(void *data)
{
	struct ui *u = data;
	if (!term_begin(u, _("drafts")))
		return;
	term_fill(2, 2, COLS - 3, _("Some typing was not saved last time (the connection dropped, or the program was stopped)."),
	    R_NORMAL);
	term_fill(3, 2, COLS - 3, _("It was kept as a draft: resume it, discard it, or decide later."), R_NORMAL);
}

/* Offer the drafts left behind: resume / discard / later. */
static void resume_drafts(struct ui *u)
{
	struct draft *d;
	size_t n;
	struct strv errs = STRV_INIT;
	struct err e;
	if (draft_list(u->ws, &d, &n, &errs, &e) != 0) {
		term_msg(u, MSG_ERROR, _("drafts: %s"), e.msg);
		return;
	}
	for (size_t i = 0; i < n && !u->quit; i++) {
		u->paint = paint_start;
		u->paint_data = u;
		u->full = true;
		char *name = record_display_name(d[i].r, d[i].form);
		char when[32];
		struct tm tm;
		localtime_r(&d[i].saved, &tm);
		strftime(when, sizeof when, "%d/%m/%Y %H:%M", &tm);
		char *q = xasprintf(_("Draft: %s, %s (%s)"),
		    i18n_get(&d[i].form->title, lang_current()), name, when);
		static const char *const answers[] = { "rRtT", "dDxX", "lL" };
		int a = term_choose(u, q, _("r: resume it  d: discard it  l, Esc: later"), answers, 3);
		free(q);
		if (a == 0) {
			struct db_rec *x = db_get(u->db, d[i].form->name, d[i].r->id);
			struct record *rec = x ? record_clone(x->r) : NULL;
			formview_run(u, d[i].form, rec, d[i].r);
			record_free(rec);
		} else if (a == 1) {
			if (draft_discard(u->ws, d[i].form, d[i].r->id, &e) != 0)
				term_msg(u, MSG_ERROR, "%s", e.msg);
			else
				term_msg(u, MSG_INFO, _("Draft of %s discarded"), name);
		}
		free(name);
	}
	if (errs.n)
		term_msg(u, MSG_ERROR, _("%zu draft(s) could not be read: %s"), errs.n, errs.v[0]);
	strv_free(&errs);
	drafts_free(d, n);
	u->paint = NULL;
}

static struct ui *oom_ui;

static void on_oom(void)
{
	if (oom_ui && oom_ui->flush)
		oom_ui->flush(oom_ui->flush_data);
	if (oom_ui && oom_ui->scr)
		endwin();
}

/* A folder of workspaces (a province) rather than one? */
static bool is_province(const char *dir)
{
	if (ws_exists(dir))
		return false;
	struct strv dirs = STRV_INIT;
	ws_find_all(dir, &dirs);
	bool any = dirs.n > 0;
	strv_free(&dirs);
	return any;
}

int ui_run(struct cli *c)
{
	struct ui u;
	memset(&u, 0, sizeof u);
	u.cli = c;
	struct err e;
	if (cli_data(c, &e) != 0)
		return cli_error(c, &e);
	bool province = is_province(c->data);
	struct start st;
	memset(&st, 0, sizeof st);
	int rc = EXIT_OK;
	bool term_ok = false;
	if (!province) {
		if (cli_open_workspace(c, &u.ws, &e) != 0)
			return cli_error(c, &e);
		/* the dashboard of the last run first, when nothing changed
		 * since: the records load while the officer reads it */
		if (!draft_any(u.ws)) {
			double wait;
			st.key = dashcache_key(u.ws, &c->paths, (int)lang_current(),
			    date_today(), &wait);
			if (wait == 0 && dashcache_load(u.ws, st.key, &st.cached) == 0) {
				if (term_open(&u, &e) != 0) {
					term_close(&u);
					rc = cli_error(c, &e);
					goto out;
				}
				term_ok = true;
				st.shown = show_cached(&u, &st);
			}
		}
		if (cli_open_records(c, u.ws, &u.db, &e) != 0) {
			term_close(&u);
			rc = cli_error(c, &e);
			goto out;
		}
	}
	if (!term_ok && term_open(&u, &e) != 0) {
		term_close(&u);
		rc = cli_error(c, &e);
	} else {
		oom_ui = &u;
		xmem_set_oom_hook(on_oom);
		if (province) {
			reportview_province(&u, c->data, commune_dashboard);
		} else {
			resume_drafts(&u);
			if (!u.quit)
				dashboard(&u, false);
			/* the officer left, or the script ended (as they would) */
			if (u.quit == QUIT_USER || u.quit == QUIT_SCRIPT)
				keep_on_leaving(&u, &st);
		}
		term_close(&u);
		oom_ui = NULL;
		switch (u.quit) {
		case QUIT_HANGUP:
		case QUIT_TERM:
			rc = 128 + u.sig;
			break;
		case QUIT_EIO:
			rc = cli_fail(c, EXIT_ENV,
			    _("the terminal went away; what was being typed is kept as a draft"));
			break;
		default:
			break;
		}
	}
out:
	dash_figures_free(&st.cached);
	db_free(u.db);
	ws_close(u.ws);
	free(u.place);
	return rc;
}
