/* listview.c — see listview.h */
#include "ui/listview.h"
#include "ui/formview.h"
#include "ui/help.h"
#include "ui/listcols.h"
#include "ui/watch.h"
#include "core/editbuf.h"
#include "core/text.h"
#include "model/value.h"
#include "store/db.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define COL_MAX 40	/* a column is never wider than this unless alone */

struct lrow {
	char *id;		/* owned; NULL for a foot row */
	size_t index;		/* the source's */
	char **cells;		/* one per column; owned */
	char **folds;		/* their sort keys; owned */
	double *num;		/* their numbers */
	enum role *role;
	char *key;		/* search key of the first (name) cell; owned */
	char *key_all;		/* search key of all the cells; owned */
	size_t n;		/* cells given */
};

struct lv {
	struct ui *u;
	const struct lv_source *src;
	char **head;		/* column headings; owned */
	unsigned *flags;
	int *width;		/* widest cell of each column */
	size_t ncols, colcap;
	struct lrow *rows;
	size_t nrows, rowcap;
	struct lrow *foot;
	size_t nfoot, footcap;
	struct lrow *filling;	/* the row lv_cell adds to */
	size_t *order;		/* every row, sorted */
	size_t *shown;		/* rows that pass the filter, in that order */
	size_t nshown;
	size_t cur, top;	/* in shown */
	size_t sort_col;
	bool sort_desc;
	bool filtering;		/* typing in the filter */
	bool wide;		/* the filter matches every column, not the first */
	struct editbuf filter;
	int cx;
};

/* --- filling ----------------------------------------------------------------- */

void lv_column(struct lv *l, const char *head, unsigned flags)
{
	if (l->ncols == l->colcap) {
		l->colcap = l->colcap ? 2 * l->colcap : 8;
		l->head = xreallocarray(l->head, l->colcap, sizeof *l->head);
		l->flags = xreallocarray(l->flags, l->colcap, sizeof *l->flags);
		l->width = xreallocarray(l->width, l->colcap, sizeof *l->width);
	}
	l->head[l->ncols] = xstrdup(head);
	l->flags[l->ncols] = flags;
	l->width[l->ncols] = 1;
	l->ncols++;
}

static void row_init(struct lv *l, struct lrow *r, const char *id, size_t index)
{
	memset(r, 0, sizeof *r);
	r->id = id ? xstrdup(id) : NULL;
	r->index = index;
	r->cells = xcalloc(l->ncols ? l->ncols : 1, sizeof *r->cells);
	r->folds = xcalloc(l->ncols ? l->ncols : 1, sizeof *r->folds);
	r->num = xcalloc(l->ncols ? l->ncols : 1, sizeof *r->num);
	r->role = xcalloc(l->ncols ? l->ncols : 1, sizeof *r->role);
	l->filling = r;
}

void lv_row(struct lv *l, const char *id, size_t index)
{
	XGROW(l->rows, l->rowcap, l->nrows + 1);
	row_init(l, &l->rows[l->nrows++], id, index);
}

void lv_foot(struct lv *l)
{
	XGROW(l->foot, l->footcap, l->nfoot + 1);
	row_init(l, &l->foot[l->nfoot++], NULL, 0);
}

void lv_cell(struct lv *l, const char *text, double num, enum role r)
{
	struct lrow *row = l->filling;
	if (!row || row->n >= l->ncols)
		return;
	char *vis = text_visible(text ? text : "", false);
	int w = text_width(vis);
	if (w > l->width[row->n])
		l->width[row->n] = w;
	row->cells[row->n] = vis;
	row->num[row->n] = num;
	row->role[row->n] = r;
	row->n++;
}

/* Empty cells for those not given, sort and search keys. */
static void row_finish(struct lv *l, struct lrow *r)
{
	struct sbuf all = SBUF_INIT;
	for (size_t c = 0; c < l->ncols; c++) {
		if (!r->cells[c])
			r->cells[c] = xstrdup("");
		r->folds[c] = text_fold(r->cells[c]);
		if (!r->folds[c])
			r->folds[c] = xstrdup("");
		sbuf_adds(&all, r->cells[c]);
		sbuf_addc(&all, ' ');
	}
	r->key_all = text_fold(sbuf_str(&all));
	if (!r->key_all)
		r->key_all = xstrdup("");
	r->key = xstrdup(l->ncols ? r->folds[0] : "");
	sbuf_free(&all);
}

static void rows_free(struct lv *l, struct lrow *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < l->ncols; c++) {
			free(v[i].cells[c]);
			free(v[i].folds[c]);
		}
		free(v[i].cells);
		free(v[i].folds);
		free(v[i].num);
		free(v[i].role);
		free(v[i].key);
		free(v[i].key_all);
		free(v[i].id);
	}
}

static void rows_clear(struct lv *l)
{
	rows_free(l, l->rows, l->nrows);
	rows_free(l, l->foot, l->nfoot);
	l->nrows = l->nfoot = 0;
	for (size_t c = 0; c < l->ncols; c++)
		free(l->head[c]);
	l->ncols = 0;
}

/* --- filtering and sorting ------------------------------------------------- */

static struct lv *sorting;	/* for qsort's comparison */

static int by_column(const void *a, const void *b)
{
	const struct lv *l = sorting;
	const struct lrow *x = &l->rows[*(const size_t *)a];
	const struct lrow *y = &l->rows[*(const size_t *)b];
	size_t c = l->sort_col;
	int r;
	if (l->flags[c] & LV_BYNUM)
		r = (x->num[c] > y->num[c]) - (x->num[c] < y->num[c]);
	else
		r = strcmp(x->folds[c], y->folds[c]);
	if (!r)
		r = strcmp(x->id, y->id);
	return l->sort_desc ? -r : r;
}

static void make_foot(struct lv *l)
{
	if (!l->src->foot)
		return;
	rows_free(l, l->foot, l->nfoot);
	l->nfoot = 0;
	size_t *idx = xcalloc(l->nshown ? l->nshown : 1, sizeof *idx);
	for (size_t i = 0; i < l->nshown; i++)
		idx[i] = l->rows[l->shown[i]].index;
	l->src->foot(l->src->data, idx, l->nshown, l);
	free(idx);
	for (size_t i = 0; i < l->nfoot; i++)
		row_finish(l, &l->foot[i]);
	l->filling = NULL;
}

/* Sort every row: when the rows or the sort change, not at each key typed
 * in the filter (sorting 10,000 rows costs more than filtering them). */
static void resort(struct lv *l)
{
	for (size_t i = 0; i < l->nrows; i++)
		l->order[i] = i;
	if (l->sort_col < l->ncols && l->nrows > 1) {
		sorting = l;
		qsort(l->order, l->nrows, sizeof *l->order, by_column);
		sorting = NULL;
	}
}

/* Filter, keeping the sort and the cursor on the same row. */
static void refilter(struct lv *l)
{
	char *keep = l->nshown && l->cur < l->nshown ?
	    xstrdup(l->rows[l->shown[l->cur]].id) : NULL;
	char *key = text_fold(eb_str(&l->filter));
	l->nshown = 0;
	for (size_t k = 0; k < l->nrows; k++) {
		size_t i = l->order[k];
		if (!key || text_fold_match(l->wide ? l->rows[i].key_all : l->rows[i].key, key))
			l->shown[l->nshown++] = i;
	}
	free(key);
	l->cur = 0;
	for (size_t i = 0; keep && i < l->nshown; i++)
		if (strcmp(l->rows[l->shown[i]].id, keep) == 0)
			l->cur = i;
	free(keep);
	make_foot(l);
}

/* (Re)load the rows from the source: at the start, after a change. */
static void load(struct lv *l)
{
	char *keep = l->nshown && l->cur < l->nshown ?
	    xstrdup(l->rows[l->shown[l->cur]].id) : NULL;
	rows_clear(l);
	l->src->load(l->src->data, l);
	l->filling = NULL;
	for (size_t i = 0; i < l->nrows; i++)
		row_finish(l, &l->rows[i]);
	free(l->shown);
	l->shown = xcalloc(l->nrows ? l->nrows : 1, sizeof *l->shown);
	free(l->order);
	l->order = xcalloc(l->nrows ? l->nrows : 1, sizeof *l->order);
	l->nshown = 0;
	if (l->sort_col >= l->ncols)
		l->sort_col = 0;
	resort(l);
	refilter(l);
	for (size_t i = 0; keep && i < l->nshown; i++)
		if (strcmp(l->rows[l->shown[i]].id, keep) == 0)
			l->cur = i;
	free(keep);
}

/* --- drawing --------------------------------------------------------------- */

/* Column widths that fit the screen: a column is as wide as its widest
 * cell and its heading (with room for the sort mark); when they do not
 * fit, headings are cut first, then the widest column. */
static void fit_widths(const struct lv *l, int *w)
{
	int avail = COLS - 1 - 2 * (int)(l->ncols - 1), sum = 0;
	for (size_t c = 0; c < l->ncols; c++) {
		int hw = text_width(l->head[c]) + 2;
		w[c] = l->width[c] > hw ? l->width[c] : hw;
		if (w[c] > COL_MAX)
			w[c] = COL_MAX;
		sum += w[c];
	}
	/* the first column names the row: it gives way last */
	while (sum > avail) {
		size_t big = l->ncols;
		for (size_t c = 0; c < l->ncols; c++)
			if (w[c] > l->width[c] && w[c] > 4 &&
			    (big == l->ncols || w[c] - l->width[c] > w[big] - l->width[big]))
				big = c;
		if (big == l->ncols)
			for (size_t c = 1; c < l->ncols; c++)
				if (w[c] > 6 && (big == l->ncols || w[c] > w[big]))
					big = c;
		if (big == l->ncols)
			big = 0;
		if (w[big] <= 4)
			break;
		w[big]--;
		sum--;
	}
}

static int foot_rows(const struct lv *l)
{
	return l->nfoot ? (int)l->nfoot + 1 : 0;
}

static int rows_shown(const struct lv *l)
{
	int n = term_body_rows() - 1 - foot_rows(l);
	return n > 1 ? n : 1;
}

static unsigned ctx_of(const struct lv *l)
{
	return l->filtering ? KC_LFILTER | KC_PICK | KC_EDIT | KC_GLOBAL : KC_LIST | KC_GLOBAL | l->src->ctx;
}

static void paint_row(const struct lv *l, const struct lrow *r, int y, const int *w,
    enum role base, bool sel)
{
	term_fill(y, 0, COLS, sel ? ">" : "", base);
	int x = 1;
	for (size_t c = 0; c < l->ncols; c++) {
		enum role role = !sel && r->role[c] != R_NORMAL ? r->role[c] : base;
		const char *cell = r->cells[c];
		int cw = text_width(cell);
		int pad = (l->flags[c] & LV_RIGHT) && cw < w[c] ? w[c] - cw : 0;
		term_put(y, x + pad, w[c] - pad, cell, role);
		x += w[c] + 2;
	}
}

static void paint(void *data)
{
	struct lv *l = data;
	struct ui *u = l->u;
	if (!term_begin(u, l->src->title))
		return;
	int *w = xcalloc(l->ncols ? l->ncols : 1, sizeof *w);
	fit_widths(l, w);
	int y = term_body_top(), x = 1;
	term_fill(y, 0, COLS, "", R_HEAD);
	for (size_t c = 0; c < l->ncols; c++) {
		int hw = term_put(y, x, c == l->sort_col ? w[c] - 2 : w[c], l->head[c], R_HEAD);
		if (c == l->sort_col)
			term_put(y, x + hw, 2, l->sort_desc ? " ▼" : " ▲", R_HEAD);
		x += w[c] + 2;
	}
	size_t n = (size_t)rows_shown(l);
	term_keep_in_view(l->cur, &l->top, n);
	for (size_t i = 0; i < n; i++) {
		int row = y + 1 + (int)i;
		size_t k = l->top + i;
		if (k >= l->nshown)
			term_fill(row, 0, COLS, "", R_NORMAL);
		else
			paint_row(l, &l->rows[l->shown[k]], row, w, k == l->cur ? R_SEL : R_NORMAL,
			    k == l->cur);
	}
	if (l->nfoot) {
		int fy = y + 1 + (int)n;
		struct sbuf rule = SBUF_INIT;
		for (int i = 1; i < COLS; i++)
			sbuf_adds(&rule, "─");
		term_fill(fy++, 0, COLS, sbuf_str(&rule), R_HEAD);
		sbuf_free(&rule);
		for (size_t i = 0; i < l->nfoot; i++)
			paint_row(l, &l->foot[i], fy++, w, R_HEAD, false);
	}
	/* hint line: the filter, or how many rows */
	if (l->filtering || l->filter.len) {
		char *label = l->wide ?
		    xasprintf(_("Filter, every column (%zu of %zu): "), l->nshown, l->nrows) :
		    xasprintf(_("Filter (%zu of %zu): "), l->nshown, l->nrows);
		int lw = term_put(LINES - 2, 0, COLS, label, R_KEY);
		free(label);
		struct sbuf b = SBUF_INIT;
		int cc;
		eb_render(&l->filter, COLS - lw - 1, &b, &cc);
		term_fill(LINES - 2, lw, COLS - lw, sbuf_str(&b), R_NORMAL);
		l->cx = lw + cc;
		sbuf_free(&b);
	} else {
		char *m = xasprintf(l->src->count_hint, l->nrows);
		term_hint(m, R_NORMAL);
		free(m);
	}
	free(w);
	term_status(u, ctx_of(l));
}

/* --- the loop ---------------------------------------------------------------- */

/* After a source's callback: reload when it says the rows changed. */
static void after(struct lv *l, bool changed)
{
	if (changed)
		load(l);
}

void listview_rows(struct ui *u, const struct lv_source *src, const char *filter)
{
	struct lv l;
	memset(&l, 0, sizeof l);
	l.u = u;
	l.src = src;
	eb_init(&l.filter);
	if (filter)
		eb_set(&l.filter, filter);
	load(&l);
	struct term_layer below = term_push(u, paint, &l);
	u->msg[0] = '\0';
	while (!u->quit) {
		paint(&l);
		term_update(l.filtering && COLS >= TERM_MIN_COLS && LINES >= TERM_MIN_ROWS ?
		    LINES - 2 : -1, l.cx);
		int k = term_key(u);
		if (k == UK_QUIT)
			break;
		if (k == UK_IDLE && src->idle)
			after(&l, src->idle(src->data));
		if (k < 0)
			continue;
		size_t page = (size_t)rows_shown(&l);
		bool edited = false;
		bool any = l.nshown > 0;
		size_t index = any ? l.rows[l.shown[l.cur]].index : 0;
		int r;
		enum action a = keys_action(ctx_of(&l), k);
		switch (a) {
		case ACT_BACK:
			if (l.filtering || l.filter.len) {
				l.filtering = false;
				eb_set(&l.filter, "");
				refilter(&l);
				break;
			}
			goto done;
		case ACT_HELP:
			help_show(u, ctx_of(&l), NULL);
			break;
		case ACT_ACCEPT:
			l.filtering = false;
			break;
		case ACT_OPEN:
			if (any)
				after(&l, src->open(src->data, index));
			break;
		case ACT_NEW:
			if (src->add)
				after(&l, src->add(src->data));
			break;
		case ACT_DELETE:
			if (any && src->remove)
				after(&l, src->remove(src->data, index));
			break;
		case ACT_FILTER:
			l.filtering = true;
			break;
		case ACT_FILTER_WIDE:
			l.wide = !l.wide;
			edited = true;
			break;
		case ACT_SORT:
			l.sort_col = l.ncols ? (l.sort_col + 1) % l.ncols : 0;
			resort(&l);
			refilter(&l);
			break;
		case ACT_SORT_REVERSE:
			l.sort_desc = !l.sort_desc;
			resort(&l);
			refilter(&l);
			break;
		case ACT_UP:
			if (l.cur > 0)
				l.cur--;
			break;
		case ACT_DOWN:
			if (l.cur + 1 < l.nshown)
				l.cur++;
			break;
		case ACT_PGUP:
			l.cur = l.cur > page ? l.cur - page : 0;
			l.top = l.top > page ? l.top - page : 0;
			break;
		case ACT_PGDN:
			if (l.nshown) {
				l.cur = l.cur + page < l.nshown ? l.cur + page : l.nshown - 1;
				l.top += page;
				if (l.top + page > l.nshown)
					l.top = l.nshown > page ? l.nshown - page : 0;
			}
			break;
		case ACT_FIRST:
			l.cur = 0;
			break;
		case ACT_LAST:
			l.cur = l.nshown ? l.nshown - 1 : 0;
			break;
		default:
			if ((r = keys_edit(&l.filter, a)) >= 0)
				edited = r > 0;
			else if (l.filtering && k >= ' ' && k < UK_BASE && k != 127)
				edited = eb_insert_cp(&l.filter, (uint32_t)k) == 0;
			break;
		}
		if (edited)
			refilter(&l);
	}
done:
	term_pop(u, below);
	rows_clear(&l);
	free(l.rows);
	free(l.foot);
	free(l.head);
	free(l.flags);
	free(l.width);
	free(l.shown);
	free(l.order);
	eb_free(&l.filter);
}

/* --- the records of a form ------------------------------------------------------ */

struct formlist {
	struct ui *u;		/* u->db: loaded again when the files change */
	const struct form *f;
	const struct listcols *extra;	/* computed columns; may be NULL */
};

/* The status in words; a conflict also carries the error marker, for
 * monochrome terminals. Owned. */
static char *status_label(enum rstatus s)
{
	return s == RS_CONFLICT ? xasprintf("! %s", rstatus_label(s)) : xstrdup(rstatus_label(s));
}

static bool numeric(const struct field *fd)
{
	return fd && (fd->type == FT_INTEGER || fd->type == FT_DECIMAL);
}

static void form_load(void *data, struct lv *l)
{
	struct formlist *fl = data;
	struct db *db = fl->u->db;
	const struct form *f = fl->f;
	enum lang lg = lang_current();
	for (size_t c = 0; c < f->list.n; c++) {
		const struct field *fd = form_field(f, f->list.v[c]);
		lv_column(l, fd ? i18n_get(&fd->label, lg) : f->list.v[c],
		    numeric(fd) ? LV_NUMBER : 0);
	}
	void *ctx = NULL;
	if (fl->extra) {
		for (size_t c = 0; c < fl->extra->ncols; c++)
			lv_column(l, _(fl->extra->cols[c].head), fl->extra->cols[c].flags);
		ctx = fl->extra->begin(db);
	}
	lv_column(l, _("status"), LV_BYNUM);
	struct db_table *t = db_table(db, f->name);
	for (size_t i = 0; t && i < t->n; i++) {
		const struct record *r = t->v[i].r;
		lv_row(l, r->id, i);
		for (size_t c = 0; c < f->list.n; c++) {
			const struct field *fd = form_field(f, f->list.v[c]);
			const struct fval *v = fd ? record_get(r, fd->name) : NULL;
			char *cell = !v ? xstrdup("") : v->is_list ?
			    value_display_list(fd, &v->items, lg, &db->refs) :
			    value_display(fd, v->s, lg, &db->refs);
			lv_cell(l, cell, v && !v->is_list && numeric(fd) ? value_number(v->s) : 0,
			    R_NORMAL);
			free(cell);
		}
		if (fl->extra) {
			struct listcols_cell cells[LISTCOLS_MAX];
			memset(cells, 0, sizeof cells);
			fl->extra->cells(ctx, db, r, cells);
			for (size_t c = 0; c < fl->extra->ncols; c++) {
				lv_cell(l, cells[c].text, cells[c].num, cells[c].role);
				free(cells[c].text);
			}
		}
		char *st = status_label(r->status);
		lv_cell(l, st, r->status, r->status == RS_COMPLETE ? R_OK :
		    r->status == RS_CONFLICT ? R_ERROR : R_WARN);
		free(st);
	}
	if (fl->extra)
		fl->extra->end(ctx);
}

static struct db_rec *form_rec(struct formlist *fl, size_t index)
{
	struct db_table *t = db_table(fl->u->db, fl->f->name);
	return t && index < t->n ? &t->v[index] : NULL;
}

static bool form_open(void *data, size_t index)
{
	struct formlist *fl = data;
	struct db_rec *x = form_rec(fl, index);
	if (!x)
		return false;
	struct record *copy = record_clone(x->r);
	formview_run(fl->u, fl->f, copy, NULL);
	record_free(copy);
	watch_check(fl->u, true);
	return true;
}

static bool form_add(void *data)
{
	struct formlist *fl = data;
	formview_run(fl->u, fl->f, NULL, NULL);
	watch_check(fl->u, true);
	return true;
}

static bool form_idle(void *data)
{
	struct formlist *fl = data;
	return watch_check(fl->u, false);
}

static bool form_remove(void *data, size_t index)
{
	struct formlist *fl = data;
	struct db_rec *x = form_rec(fl, index);
	if (!x)
		return false;
	char *name = xstrdup(x->name);
	char *id = xstrdup(x->r->id);
	long revision = x->r->revision;
	char *q = xasprintf(_("Delete %s? A copy is kept in .sapxep/trash."), name);
	static const char *const answers[] = { "yYcC", "nNkK" };
	int a = term_choose(fl->u, q, _("y: yes, delete it  n, Esc: no"), answers, 2);
	free(q);
	if (a != 0) {
		if (a == -1 || a == 1)
			term_msg(fl->u, MSG_INFO, _("Not deleted"));
		free(name);
		free(id);
		return false;
	}
	struct ws_conflict who;
	struct err e;
	memset(&who, 0, sizeof who);
	if (db_delete(fl->u->db, fl->f->name, id, revision, &who, &e) != 0) {
		if (e.kind == E_CONFLICT)
			term_msg(fl->u, MSG_ERROR, _("Not deleted: changed by %s at %.5s; look again first"),
			    who.by, strlen(who.at) >= 16 ? who.at + 11 : who.at);
		else {
			char *m = term_err_text(&e);
			term_msg(fl->u, MSG_ERROR, _("Not deleted: %s"), m);
			free(m);
		}
		struct err le;
		db_reload(fl->u->db, fl->f->name, id, &le);
	} else if (e.kind != E_NONE) {
		char *m = term_err_text(&e);
		term_msg(fl->u, MSG_ERROR, _("Deleted %s; but: %s"), name, m);
		free(m);
	} else {
		term_msg(fl->u, MSG_OK, _("Deleted %s (a copy is kept in .sapxep/trash)"), name);
	}
	free(name);
	free(id);
	watch_check(fl->u, true);
	return true;
}

void listview_run(struct ui *u, const struct form *f, const char *filter)
{
	struct formlist fl = { u, f, listcols_for(f->name) };
	watch_check(u, true);
	struct lv_source src = {
		.title = i18n_get(&f->title, lang_current()),
		.ctx = u->readonly ? 0 : KC_RECORDS,
		.count_hint = u->readonly ? _("%zu record(s), read-only. Enter opens, / filters, s sorts") :
		    _("%zu record(s). Enter opens, n adds, / filters, s sorts"),
		.data = &fl,
		.load = form_load,
		.open = form_open,
		.add = u->readonly ? NULL : form_add,
		.remove = u->readonly ? NULL : form_remove,
		.idle = form_idle,
	};
	listview_rows(u, &src, filter);
}
