/* reviewview.c — see reviewview.h */
#include "ui/reviewview.h"
#include "ui/formview.h"
#include "ui/textview.h"
#include "core/text.h"
#include "domain/hamlet.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct review {
	struct ui *u;
	struct hamlet_review rv;
	bool ok;
	struct hamlet_plan plan;	/* the planner's */
	bool planned;
};

static void review_clear(struct review *r)
{
	if (r->planned)
		hamlet_plan_free(&r->plan);
	r->planned = false;
	hamlet_review_free(&r->rv);
	r->ok = false;
}

/* Work the review out again from the records; false (and the reason in
 * d) when there is no usable rule pack. */
static bool review_load(struct review *r, struct tv_doc *d)
{
	struct err e;
	review_clear(r);
	r->ok = hamlet_review(r->u->db, date_today(), &r->rv, &e) == 0;
	if (!r->ok) {
		tv_add(d, R_ERROR, -1, _("The hamlets cannot be reviewed:"));
		tv_wrap(d, R_ERROR, -1, e.msg, COLS - 1);
	}
	return r->ok;
}

static enum role status_role(enum hamlet_status s)
{
	return s == HS_MUST_MERGE ? R_ERROR : s == HS_BELOW || s == HS_UNKNOWN ? R_WARN :
	    s == HS_MEETS ? R_OK : R_NORMAL;
}

static enum role merger_role(const struct merger_row *m)
{
	bool known = m->standard && !m->households_partial;
	if ((known && !m->meets) || m->vote == VOTE_FAILED)
		return R_ERROR;
	return known && m->meets && m->vote == VOTE_PASSED ? R_OK : R_NORMAL;
}

/* Items: hamlet i is item i, proposal k is item nh + k. */
static void build_review(void *data, struct tv_doc *d)
{
	struct review *r = data;
	struct ui *u = r->u;
	enum lang l = lang_current();
	if (!review_load(r, d))
		return;
	const struct hamlet_review *rv = &r->rv;
	char *h = xasprintf(_("Hamlets against the household standard (%zu)"), rv->nh);
	tv_take(d, R_HEAD, -1, h);
	if (rv->nh) {
		struct table t;
		struct strv lines = STRV_INIT;
		hamlet_table(rv, u->db, l, false, &t);
		textview_table_lines(&t, &lines);
		table_free(&t);
		for (size_t i = 0; i < lines.n; i++)
			tv_add(d, i < 2 ? R_HEAD : status_role(rv->h[i - 2].status),
			    i < 2 || i - 2 >= rv->nh ? -1 : (int)(i - 2), lines.v[i]);
		strv_free(&lines);
	} else {
		tv_add(d, R_NORMAL, -1, _("No hamlet has been entered yet."));
	}
	tv_add(d, R_NORMAL, -1, "");
	tv_take(d, R_HEAD, -1, xasprintf(_("Merger proposals (%zu)"), rv->nm));
	struct strv lines = STRV_INIT;
	hamlet_merger_lines(rv, u->db, l, &lines);
	for (size_t i = 0; i < lines.n && i / 2 < rv->nm; i++)
		tv_wrap(d, merger_role(&rv->m[i / 2]), (int)(rv->nh + i / 2), lines.v[i], COLS - 3);
	strv_free(&lines);
	if (!rv->nm)
		tv_add(d, R_NORMAL, -1, _("None yet."));
	tv_add(d, R_NORMAL, -1, "");
	hamlet_summary_lines(rv, u->db, l, &lines);
	for (size_t i = 0; i < lines.n; i++)
		tv_wrap(d, i == 0 ? R_HEAD : R_NORMAL, -1, lines.v[i], COLS - 3);
	strv_free(&lines);
	tv_add(d, R_NORMAL, -1, _("Markers: ok meets, -  below the standard, !! must merge, ex exempt, ?? unknown."));
	d->hint = xstrdup(_("Enter opens the hamlet or proposal under the cursor; p shows the merge planner"));
}

/* Open record `id` of form `name` in its form. */
static void open_record(struct ui *u, const char *name, const char *id)
{
	const struct form *f = formset_get(u->ws->forms, name);
	struct db_rec *x = f ? db_get(u->db, name, id) : NULL;
	if (!x)
		return;
	struct record *copy = record_clone(x->r);
	formview_run(u, f, copy, NULL);
	record_free(copy);
}

static void planner_run(struct review *r);

static bool act_review(void *data, enum action a, int item)
{
	struct review *r = data;
	if (a == ACT_PLAN) {
		planner_run(r);
		return true;
	}
	if (a != ACT_OPEN || item < 0 || !r->ok)
		return false;
	size_t i = (size_t)item;
	if (i < r->rv.nh)
		open_record(r->u, "hamlets", r->rv.h[i].r->id);
	else if (i - r->rv.nh < r->rv.nm)
		open_record(r->u, "mergers", r->rv.m[i - r->rv.nh].r->id);
	return true;
}

void reviewview_run(struct ui *u)
{
	struct review r;
	memset(&r, 0, sizeof r);
	r.u = u;
	struct tv_screen s = {
		.title = _("Hamlet review"),
		.ctx = KC_DOC | KC_REVIEW,
		.data = &r,
		.build = build_review,
		.act = act_review,
	};
	textview_run(u, &s);
	review_clear(&r);
}

/* --- the merge planner ------------------------------------------------------- */

static const struct hamlet_row *row_of(const struct hamlet_review *rv, const char *id)
{
	for (size_t i = 0; i < rv->nh; i++)
		if (strcmp(rv->h[i].r->id, id) == 0)
			return &rv->h[i];
	return NULL;
}

/* "Ấp A (120) + Ấp B (300)" */
static void members(const struct hamlet_review *rv, const struct strv *ids,
    const char *sep, struct sbuf *b)
{
	for (size_t k = 0; k < ids->n; k++) {
		const struct hamlet_row *h = row_of(rv, ids->v[k]);
		sbuf_printf(b, "%s%s", k ? sep : "", h ? h->name : ids->v[k]);
		if (h && h->households >= 0)
			sbuf_printf(b, " (%ld)", h->households);
	}
}

static void id_section(struct tv_doc *d, const struct hamlet_review *rv,
    const struct strv *ids, const char *title)
{
	if (!ids->n)
		return;
	tv_add(d, R_NORMAL, -1, "");
	tv_wrap(d, R_HEAD, -1, title, COLS - 3);
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "  ");
	members(rv, ids, ", ", &b);
	tv_wrap(d, R_WARN, -1, sbuf_str(&b), COLS - 3);
	sbuf_free(&b);
}

/* Items: suggestion i (from 0). */
static void build_plan(void *data, struct tv_doc *d)
{
	struct review *r = data;
	if (!review_load(r, d))
		return;
	hamlet_plan(&r->rv, &r->plan);
	r->planned = true;
	const struct hamlet_plan *p = &r->plan;
	const char *head = !p->targets ?
	    _("No hamlet below the standard is waiting for a plan: every one meets it, is exempt, is already in a proposal or is marked keep.") :
	    !p->ng ? _("No grouping along the neighbour links brings a hamlet below the standard up to it.") :
	    p->exact ? _("Suggested mergers (the fewest hamlets merged away that lift the most):") :
	    _("Suggested mergers (the search reached its limit: a good plan, not proven the best):");
	tv_wrap(d, R_HEAD, -1, head, COLS - 3);
	for (size_t i = 0; i < p->ng; i++) {
		const struct plan_group *g = &p->g[i];
		struct sbuf b = SBUF_INIT;
		sbuf_printf(&b, "%2zu. ", i + 1);
		members(&r->rv, &g->ids, " + ", &b);
		tv_wrap(d, R_NORMAL, (int)i, sbuf_str(&b), COLS - 3);
		sbuf_reset(&b);
		sbuf_printf(&b, _("    = %ld households, standard %g: \"%s\""), g->households,
		    g->standard, g->new_name);
		tv_wrap(d, R_OK, (int)i, sbuf_str(&b), COLS - 3);
		sbuf_free(&b);
	}
	id_section(d, &r->rv, &p->stuck, _("Below the standard, and no grouping with its neighbours reaches it:"));
	id_section(d, &r->rv, &p->kept, _("Below the standard but marked keep, so left out:"));
	id_section(d, &r->rv, &p->too_large, _("Left out: more than 64 hamlets linked together, too many for the planner:"));
	tv_add(d, R_NORMAL, -1, "");
	char *s = xasprintf(_("Hamlets now %zu; after the proposals already made %zu; after these suggestions too %zu."),
	    r->rv.sum.hamlets, r->rv.sum.after_proposed, p->units_after);
	tv_wrap(d, R_NORMAL, -1, s, COLS - 3);
	free(s);
	d->hint = xstrdup(r->u->readonly ? _("Read-only: the suggestions are shown, not made into proposals") :
	    p->ng ? _("Enter or a makes the suggestion under the cursor a draft proposal and opens it") : "");
}

static bool act_plan(void *data, enum action a, int item)
{
	struct review *r = data;
	struct ui *u = r->u;
	if (a != ACT_APPLY || item < 0 || !r->planned || (size_t)item >= r->plan.ng)
		return false;
	const struct plan_group *g = &r->plan.g[item];
	char *q = xasprintf(_("Make suggestion %d a draft merger proposal, \"%s\"?"), item + 1,
	    g->new_name);
	static const char *const answers[] = { "yYcC", "nNkK" };
	int ans = term_choose(u, q, _("y: yes, make it and open it  n, Esc: no"), answers, 2);
	free(q);
	if (ans != 0)
		return false;
	char id[UUID_LEN + 1];
	struct problems ps = { 0 };
	struct err e;
	int rc = hamlet_plan_apply(u->db, &r->plan, (size_t)item + 1, NULL, id, &ps, &e);
	problems_free(&ps);
	if (rc != 0) {
		term_msg(u, MSG_ERROR, _("Not made: %s"), e.msg);
		return true;
	}
	struct db_rec *x = db_get(u->db, "mergers", id);
	if (e.kind != E_NONE)
		term_msg(u, MSG_ERROR, _("Saved; but: %s"), e.msg);
	else
		term_msg(u, MSG_OK, _("Draft proposal \"%s\" saved: add the vote and the stage, F2 saves"),
		    x ? x->name : "");
	u->keep_msg = true;
	open_record(u, "mergers", id);
	return true;
}

static void planner_run(struct review *r)
{
	struct tv_screen s = {
		.title = _("Merge planner"),
		.ctx = r->u->readonly ? 0 : KC_PLANNER,
		.data = r,
		.build = build_plan,
		.act = act_plan,
	};
	textview_run(r->u, &s);
}
