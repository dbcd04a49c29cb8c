/* listview.c — see listview.h */
#include "ui/listview.h"
#include "ui/formview.h"
#include "ui/help.h"
#include "core/editbuf.h"
#include "core/text.h"
#include "model/value.h"
#include "store/db.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define COL_MAX 40	/* a column is never wider than this unless alone */

struct lrow {
	char id[UUID_LEN + 1];
	long revision;
	enum rstatus status;
	char **cells;		/* one per column; owned */
	char **folds;		/* their sort keys; owned */
	double *num;		/* numeric columns' values */
	char *key;		/* search key of all the cells; owned */
	char *name;		/* display name; owned */
};

struct lstate {
	struct ui *u;
	struct db *db;
	const struct form *f;
	size_t ncols;		/* list columns + status */
	int *width;		/* natural width of each column */
	struct lrow *rows;
	size_t nrows;
	size_t *order;		/* every row, sorted */
	size_t *shown;		/* rows that pass the filter, in that order */
	size_t nshown;
	size_t cur, top;	/* in shown */
	size_t sort_col;
	bool sort_desc;
	bool filtering;		/* typing in the filter */
	struct editbuf filter;
	int cx;
};

static const char *status_label(enum rstatus s)
{
	switch (s) {
	case RS_COMPLETE:
		return _("complete");
	case RS_INCOMPLETE:
		return _("incomplete");
	case RS_CONFLICT:
		return _("conflict");
	}
	return "";
}

static const struct field *col_field(const struct lstate *s, size_t c)
{
	return c < s->f->list.n ? form_field(s->f, s->f->list.v[c]) : NULL;
}

static bool numeric(const struct field *fd)
{
	return fd && (fd->type == FT_INTEGER || fd->type == FT_DECIMAL);
}

static void free_rows(struct lstate *s)
{
	for (size_t i = 0; i < s->nrows; i++) {
		for (size_t c = 0; c < s->ncols; c++)
		{
			free(s->rows[i].cells[c]);
			free(s->rows[i].folds[c]);
		}
		free(s->rows[i].cells);
		free(s->rows[i].folds);
		free(s->rows[i].num);
		free(s->rows[i].key);
		free(s->rows[i].name);
	}
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
}

static struct lstate *sorting;	/* for qsort's comparison */

static int by_column(const void *a, const void *b)
{
	const struct lstate *s = sorting;
	const struct lrow *x = &s->rows[*(const size_t *)a];
	const struct lrow *y = &s->rows[*(const size_t *)b];
	size_t c = s->sort_col;
	int r;
	if (c + 1 == s->ncols) {
		r = (int)x->status - (int)y->status;
	} else if (numeric(col_field(s, c))) {
		r = (x->num[c] > y->num[c]) - (x->num[c] < y->num[c]);
	} else {
		r = strcmp(x->folds[c], y->folds[c]);
	}
	if (!r)
		r = strcmp(x->id, y->id);
	return s->sort_desc ? -r : r;
}

/* Sort every row (when the rows or the sort change, not at each key
 * typed in the filter: sorting 10,000 rows costs more than filtering). */
static void resort(struct lstate *s)
{
	for (size_t i = 0; i < s->nrows; i++)
		s->order[i] = i;
	sorting = s;
	qsort(s->order, s->nrows, sizeof *s->order, by_column);
	sorting = NULL;
}

/* Filter, keeping the sort and the cursor on the same record. */
static void refilter(struct lstate *s)
{
	char keep[UUID_LEN + 1] = "";
	if (s->nshown && s->cur < s->nshown)
		memcpy(keep, s->rows[s->shown[s->cur]].id, sizeof keep);
	char *key = text_fold(eb_str(&s->filter));
	s->nshown = 0;
	for (size_t k = 0; k < s->nrows; k++) {
		size_t i = s->order[k];
		if (!key || text_fold_match(s->rows[i].key, key))
			s->shown[s->nshown++] = i;
	}
	free(key);
	s->cur = 0;
	for (size_t i = 0; keep[0] && i < s->nshown; i++)
		if (strcmp(s->rows[s->shown[i]].id, keep) == 0)
			s->cur = i;
}

/* (Re)read the rows from the db: after an edit, a delete, a reload. */
static void rebuild(struct lstate *s)
{
	char keep[UUID_LEN + 1] = "";
	if (s->nshown && s->cur < s->nshown)
		memcpy(keep, s->rows[s->shown[s->cur]].id, sizeof keep);
	free_rows(s);
	struct db_table *t = db_table(s->db, s->f->name);
	size_t n = t ? t->n : 0;
	s->rows = xcalloc(n ? n : 1, sizeof *s->rows);
	free(s->shown);
	s->shown = xcalloc(n ? n : 1, sizeof *s->shown);
	s->nshown = 0;
	free(s->order);
	s->order = xcalloc(n ? n : 1, sizeof *s->order);
	enum lang l = lang_current();
	for (size_t c = 0; c < s->ncols; c++) {
		const struct field *fd = col_field(s, c);
		s->width[c] = text_width(fd ? i18n_get(&fd->label, l) : _("status")) + 2;
	}
	for (size_t i = 0; i < n; i++) {
		const struct record *r = t->v[i].r;
		struct lrow *row = &s->rows[i];
		memcpy(row->id, r->id, sizeof row->id);
		row->revision = r->revision;
		row->status = r->status;
		row->cells = xcalloc(s->ncols, sizeof *row->cells);
		row->folds = xcalloc(s->ncols, sizeof *row->folds);
		row->num = xcalloc(s->ncols, sizeof *row->num);
		row->name = xstrdup(t->v[i].name);
		struct sbuf all = SBUF_INIT;
		for (size_t c = 0; c < s->ncols; c++) {
			const struct field *fd = col_field(s, c);
			char *cell;
			if (!fd) {
				cell = xstrdup(status_label(r->status));
			} else {
				const struct fval *v = record_get(r, fd->name);
				cell = !v ? xstrdup("") : v->is_list ?
				    value_display_list(fd, &v->items, l, &s->db->refs) :
				    value_display(fd, v->s, l, &s->db->refs);
				if (v && !v->is_list && numeric(fd))
					row->num[c] = value_number(v->s);
			}
			char *vis = text_visible(cell, false);
			free(cell);
			row->cells[c] = vis;
			row->folds[c] = text_fold(vis);
			if (!row->folds[c])
				row->folds[c] = xstrdup("");
			int w = text_width(vis);
			if (w > s->width[c])
				s->width[c] = w;
			if (fd) {
				sbuf_adds(&all, vis);
				sbuf_addc(&all, ' ');
			}
		}
		row->key = text_fold(sbuf_str(&all));
		if (!row->key)
			row->key = xstrdup("");
		sbuf_free(&all);
	}
	s->nrows = n;
	resort(s);
	refilter(s);
	for (size_t i = 0; keep[0] && i < s->nshown; i++)
		if (strcmp(s->rows[s->shown[i]].id, keep) == 0)
			s->cur = i;
}

/* Column widths that fit the screen: shrink the widest first. */
static void fit_widths(const struct lstate *s, int *w)
{
	int avail = COLS - 1 - 2 * (int)(s->ncols - 1), sum = 0;
	for (size_t c = 0; c < s->ncols; c++) {
		w[c] = s->width[c] < COL_MAX ? s->width[c] : COL_MAX;
		sum += w[c];
	}
	while (sum > avail) {
		size_t big = 0;
		for (size_t c = 1; c < s->ncols; c++)
			if (w[c] > w[big])
				big = c;
		if (w[big] <= 4)
			break;
		w[big]--;
		sum--;
	}
}

static int rows_shown(void)
{
	int n = term_body_rows() - 1;
	return n > 1 ? n : 1;
}

static unsigned ctx_of(const struct lstate *s)
{
	return s->filtering ? KC_PICK | KC_EDIT | KC_GLOBAL : KC_LIST | KC_GLOBAL;
}

static void paint(void *data)
{
	struct lstate *s = data;
	struct ui *u = s->u;
	if (!term_begin(u, i18n_get(&s->f->title, lang_current())))
		return;
	int *w = xcalloc(s->ncols, sizeof *w);
	fit_widths(s, w);
	int y = term_body_top(), x = 1;
	term_fill(y, 0, COLS, "", R_HEAD);
	for (size_t c = 0; c < s->ncols; c++) {
		const struct field *fd = col_field(s, c);
		char *h = xasprintf("%s%s", fd ? i18n_get(&fd->label, lang_current()) : _("status"),
		    c == s->sort_col ? (s->sort_desc ? " ▼" : " ▲") : "");
		term_put(y, x, w[c], h, R_HEAD);
		free(h);
		x += w[c] + 2;
	}
	size_t n = (size_t)rows_shown();
	term_keep_in_view(s->cur, &s->top, n);
	for (size_t i = 0; i < n; i++) {
		int row = y + 1 + (int)i;
		size_t k = s->top + i;
		if (k >= s->nshown) {
			term_fill(row, 0, COLS, "", R_NORMAL);
			continue;
		}
		const struct lrow *r = &s->rows[s->shown[k]];
		enum role base = k == s->cur ? R_SEL : R_NORMAL;
		term_fill(row, 0, COLS, k == s->cur ? ">" : "", base);
		x = 1;
		for (size_t c = 0; c < s->ncols; c++) {
			enum role role = base;
			if (c + 1 == s->ncols && k != s->cur)
				role = r->status == RS_COMPLETE ? R_OK :
				    r->status == RS_CONFLICT ? R_ERROR : R_WARN;
			const char *cell = r->cells[c];
			int cw = text_width(cell);
			int pad = numeric(col_field(s, c)) && cw < w[c] ? w[c] - cw : 0;
			term_put(row, x + pad, w[c] - pad, cell, role);
			x += w[c] + 2;
		}
	}
	/* hint line: the filter, or how many records */
	if (s->filtering || s->filter.len) {
		char *label = xasprintf(_("Filter (%zu of %zu): "), s->nshown, s->nrows);
		int lw = term_put(LINES - 2, 0, COLS, label, R_KEY);
		free(label);
		struct sbuf b = SBUF_INIT;
		int cc;
		eb_render(&s->filter, COLS - lw - 1, &b, &cc);
		term_fill(LINES - 2, lw, COLS - lw, sbuf_str(&b), R_NORMAL);
		s->cx = lw + cc;
		sbuf_free(&b);
	} else {
		char *m = xasprintf(_("%zu record(s). Enter opens, n adds, / filters, s sorts"), s->nrows);
		term_hint(m, R_NORMAL);
		free(m);
	}
	free(w);
	term_status(u, ctx_of(s));
}

static void delete_current(struct lstate *s)
{
	if (!s->nshown)
		return;
	const struct lrow *r = &s->rows[s->shown[s->cur]];
	char *q = xasprintf(_("Delete %s? A copy is kept in .sapxep/trash."), r->name);
	static const char *const answers[] = { "yYcC", "nNkK" };
	int a = term_choose(s->u, q, _("y: yes, delete it  n, Esc: no"), answers, 2);
	free(q);
	if (a != 0) {
		if (a == -1 || a == 1)
			term_msg(s->u, MSG_INFO, _("Not deleted"));
		return;
	}
	struct ws_conflict who;
	struct err e;
	memset(&who, 0, sizeof who);
	char *name = xstrdup(r->name);
	if (db_delete(s->db, s->f->name, r->id, r->revision, &who, &e) != 0) {
		if (e.kind == E_CONFLICT)
			term_msg(s->u, MSG_ERROR, _("Not deleted: changed by %s at %.5s; look again first"),
			    who.by, strlen(who.at) >= 16 ? who.at + 11 : who.at);
		else
			term_msg(s->u, MSG_ERROR, _("Not deleted: %s"), e.msg);
		struct err le;
		db_reload(s->db, s->f->name, r->id, &le);
	} else {
		term_msg(s->u, MSG_OK, _("Deleted %s (a copy is kept in .sapxep/trash)"), name);
	}
	free(name);
	rebuild(s);
}

static void open_record(struct lstate *s, bool fresh)
{
	struct ui *u = s->u;
	if (fresh) {
		formview_run(u, s->f, NULL, NULL);
	} else if (s->nshown) {
		struct db_rec *x = db_get(s->db, s->f->name, s->rows[s->shown[s->cur]].id);
		if (!x)
			return;
		struct record *copy = record_clone(x->r);
		formview_run(u, s->f, copy, NULL);
		record_free(copy);
	}
	rebuild(s);
}

void listview_run(struct ui *u, const struct form *f)
{
	struct lstate s;
	memset(&s, 0, sizeof s);
	s.u = u;
	s.db = u->db;
	s.f = f;
	s.ncols = f->list.n + 1;
	s.width = xcalloc(s.ncols, sizeof *s.width);
	eb_init(&s.filter);
	rebuild(&s);
	void (*old_paint)(void *) = u->paint;
	void *old_data = u->paint_data;
	u->paint = paint;
	u->paint_data = &s;
	u->full = true;
	u->msg[0] = '\0';
	while (!u->quit) {
		paint(&s);
		term_update(s.filtering && COLS >= TERM_MIN_COLS && LINES >= TERM_MIN_ROWS ?
		    LINES - 2 : -1, s.cx);
		int k = term_key(u);
		if (k == UK_QUIT)
			break;
		if (k < 0)
			continue;
		size_t page = (size_t)rows_shown();
		bool edited = false;
		int r;
		enum action a = keys_action(ctx_of(&s), k);
		switch (a) {
		case ACT_BACK:
			if (s.filtering || s.filter.len) {
				s.filtering = false;
				eb_set(&s.filter, "");
				refilter(&s);
				break;
			}
			goto done;
		case ACT_HELP:
			help_show(u, ctx_of(&s), NULL);
			break;
		case ACT_ACCEPT:
			s.filtering = false;
			break;
		case ACT_OPEN:
			open_record(&s, false);
			break;
		case ACT_NEW:
			open_record(&s, true);
			break;
		case ACT_DELETE:
			delete_current(&s);
			break;
		case ACT_FILTER:
			s.filtering = true;
			break;
		case ACT_SORT:
			s.sort_col = (s.sort_col + 1) % s.ncols;
			resort(&s);
			refilter(&s);
			break;
		case ACT_SORT_REVERSE:
			s.sort_desc = !s.sort_desc;
			resort(&s);
			refilter(&s);
			break;
		case ACT_UP:
			if (s.cur > 0)
				s.cur--;
			break;
		case ACT_DOWN:
			if (s.cur + 1 < s.nshown)
				s.cur++;
			break;
		case ACT_PGUP:
			s.cur = s.cur > page ? s.cur - page : 0;
			s.top = s.top > page ? s.top - page : 0;
			break;
		case ACT_PGDN:
			if (s.nshown) {
				s.cur = s.cur + page < s.nshown ? s.cur + page : s.nshown - 1;
				s.top += page;
				if (s.top + page > s.nshown)
					s.top = s.nshown > page ? s.nshown - page : 0;
			}
			break;
		case ACT_FIRST:
			s.cur = 0;
			break;
		case ACT_LAST:
			s.cur = s.nshown ? s.nshown - 1 : 0;
			break;
		default:
			if ((r = keys_edit(&s.filter, a)) >= 0)
				edited = r > 0;
			else if (s.filtering && k >= ' ' && k < UK_BASE && k != 127)
				edited = eb_insert_cp(&s.filter, (uint32_t)k) == 0;
			break;
		}
		if (edited)
			refilter(&s);
	}
done:
	u->paint = old_paint;
	u->paint_data = old_data;
	u->full = true;
	free_rows(&s);
	free(s.order);
	free(s.shown);
	free(s.width);
	eb_free(&s.filter);
}
