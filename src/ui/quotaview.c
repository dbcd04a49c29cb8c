/* quotaview.c — see quotaview.h */
#include "ui/quotaview.h"
#include "ui/help.h"
#include "ui/textview.h"
#include "core/text.h"
#include "domain/staff.h"
#include "domain/support.h"
#include "domain/support_text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_COLS 18	/* the unit column of the table */

/* Columns of staff_plan_table. */
enum { PT_QUOTA = 3, PT_FUND = 6 };

struct quota {
	struct ui *u;
	struct staff_plan p;
	char *error;		/* no plan: why */
	const struct staff_unit **units;	/* the table's rows, in order */
	size_t nunits;
	struct strv table;	/* header, rule, one line per unit */
	size_t cur, top;	/* unit under the cursor, first unit shown */
	struct tv_doc detail;	/* the current unit's lines */
	size_t dtop;		/* first detail line shown */
	size_t detail_of;	/* the unit `detail` was made for */
	int detail_cols;	/* and the width it was wrapped to */
};

static bool uncertain_basis(const struct staff_unit *un, enum staff_basis_kind kind)
{
	for (size_t i = 0; i < un->nbasis; i++)
		if (un->basis[i].kind == kind && staff_uncertain(un->basis[i].confidence))
			return true;
	return false;
}

static bool over(const struct staff_unit *un)
{
	return staff_over(un) > 0 || staff_over_fund(un);
}

/* Append "?" to a cell of the plan's table. */
static void mark_cell(struct table *t, size_t row, size_t col)
{
	char **c = &t->cells.v[row * t->ncols + col];
	char *m = xasprintf("%s?", *c);
	free(*c);
	*c = m;
}

static void load(struct quota *q)
{
	struct err e;
	if (staff_plan(q->u->db, date_today(), lang_current(), &q->p, &e) != 0) {
		q->error = xstrdup(e.msg);
		return;
	}
	const struct staff_plan *p = &q->p;
	q->units = xcalloc(p->nhamlets + 2, sizeof *q->units);
	q->units[q->nunits++] = &p->commune;
	for (size_t i = 0; i < p->nhamlets; i++)
		q->units[q->nunits++] = &p->hamlets[i];
	if (p->unplaced.before || p->unplaced.after)
		q->units[q->nunits++] = &p->unplaced;
	struct table t;
	staff_plan_table(p, &t);
	t.max_width = NAME_MAX_COLS;
	for (size_t i = 0; i < q->nunits && i + 1 < table_rows(&t); i++) {
		if (uncertain_basis(q->units[i], BASIS_QUOTA))
			mark_cell(&t, i + 1, PT_QUOTA);
		if (uncertain_basis(q->units[i], BASIS_FUND))
			mark_cell(&t, i + 1, PT_FUND);
	}
	textview_table_lines(&t, &q->table);
	table_free(&t);
	for (size_t i = 0; i < q->nunits; i++)
		if (over(q->units[i])) {
			q->cur = i;
			break;
		}
	q->detail_of = (size_t)-1;
}

/* The unit's lines, wrapped at cols: uncertain figures (and their
 * caveats) drawn as warnings. The unit's name is left out when `named`
 * is false (the pane's heading shows it). */
static void unit_doc(const struct quota *q, const struct staff_unit *un, struct tv_doc *d,
    int cols, bool named)
{
	struct strv lines = STRV_INIT;
	staff_unit_lines(&q->p, un, &lines);
	for (size_t i = named ? 0 : 1; i < lines.n; i++) {
		const char *s = lines.v[i] + strspn(lines.v[i], " ");
		enum role r = i == 0 ? R_HEAD : R_NORMAL;
		for (size_t k = 0; k < un->nbasis; k++) {
			const struct staff_basis *b = &un->basis[k];
			if (!staff_uncertain(b->confidence) || strncmp(s, b->text, strlen(b->text)) != 0)
				continue;
			r = R_WARN;
			if (b->note && i + 1 < lines.n) {
				tv_wrap(d, r, -1, lines.v[i], cols);
				i++;
			}
			break;
		}
		tv_wrap(d, r, -1, lines.v[i], cols);
	}
	strv_free(&lines);
}

static int table_rows_shown(const struct quota *q)
{
	int n = (term_body_rows() - 4) / 2;
	if (n < 3)
		n = 3;
	return (size_t)n < q->nunits ? n : (int)q->nunits;
}

/* Where the details start, and how many lines they have. */
static int detail_top(const struct quota *q)
{
	return term_body_top() + 3 + table_rows_shown(q) + 1;
}

static size_t detail_rows(const struct quota *q)
{
	int n = LINES - 2 - detail_top(q);
	return n > 1 ? (size_t)n : 1;
}

static void make_detail(struct quota *q)
{
	if (q->detail_of == q->cur && q->detail_cols == COLS)
		return;
	tv_free(&q->detail);
	unit_doc(q, q->units[q->cur], &q->detail, COLS - 3, false);
	if (q->detail_of != q->cur)
		q->dtop = 0;
	q->detail_of = q->cur;
	q->detail_cols = COLS;
}

static void paint(void *data)
{
	struct quota *q = data;
	struct ui *u = q->u;
	if (!term_begin(u, _("Quota")))
		return;
	int y = term_body_top();
	if (q->error) {
		term_fill(y++, 1, COLS - 2, _("No staff plan can be made:"), R_ERROR);
		struct tv_doc d = { 0 };
		tv_wrap(&d, R_ERROR, -1, q->error, COLS - 4);
		for (size_t i = 0; i < d.n && y < LINES - 2; i++)
			term_fill(y++, 2, COLS - 3, d.v[i].text, R_ERROR);
		tv_free(&d);
		while (y < LINES - 2)
			term_fill(y++, 0, COLS, "", R_NORMAL);
		term_hint("", R_NORMAL);
		term_status(u, KC_QUOTA | KC_GLOBAL);
		return;
	}
	struct strv head = STRV_INIT;
	staff_head_lines(&q->p, &head);
	term_fill(y++, 1, COLS - 1, head.n ? head.v[0] : "", R_NORMAL);
	strv_free(&head);
	for (size_t i = 0; i < 2; i++, y++) {
		term_fill(y, 0, 3, "", R_HEAD);
		term_fill(y, 3, COLS - 3, i < q->table.n ? q->table.v[i] : "", R_HEAD);
	}
	size_t n = (size_t)table_rows_shown(q);
	term_keep_in_view(q->cur, &q->top, n);
	for (size_t i = 0; i < n; i++, y++) {
		size_t k = q->top + i;
		if (k >= q->nunits || k + 2 >= q->table.n) {
			term_fill(y, 0, COLS, "", R_NORMAL);
			continue;
		}
		bool sel = k == q->cur, bad = over(q->units[k]);
		enum role r = sel ? R_SEL : bad ? R_ERROR : R_NORMAL;
		char *mark = xasprintf("%s%s ", sel ? ">" : " ", bad ? "!" : " ");
		term_fill(y, 0, 3, mark, r);
		free(mark);
		term_fill(y, 3, COLS - 3, q->table.v[k + 2], r);
	}
	make_detail(q);
	size_t rows = detail_rows(q);
	if (q->dtop + rows > q->detail.n)
		q->dtop = q->detail.n > rows ? q->detail.n - rows : 0;
	char *title = xasprintf("── %s %s", q->units[q->cur]->name,
	    q->detail.n > rows ? _("(PgUp, PgDn: more)") : "");
	term_fill(y++, 1, COLS - 1, title, R_HEAD);
	free(title);
	for (size_t i = 0; i < rows; i++, y++) {
		size_t k = q->dtop + i;
		if (k < q->detail.n)
			term_fill(y, 1, COLS - 1, q->detail.v[k].text, q->detail.v[k].role);
		else
			term_fill(y, 0, COLS, "", R_NORMAL);
	}
	term_hint(_("! over the quota or the fund   ? uncertain figure: check its source"), R_NORMAL);
	term_status(u, KC_QUOTA | KC_GLOBAL);
}

/* --- the unit in full ------------------------------------------------------- */

static void build_full(void *data, struct tv_doc *d)
{
	const struct quota *q = data;
	struct strv lines = STRV_INIT;
	staff_head_lines(&q->p, &lines);
	for (size_t i = 0; i < lines.n; i++)
		tv_wrap(d, R_NORMAL, -1, lines.v[i], COLS - 1);
	strv_free(&lines);
	tv_add(d, R_NORMAL, -1, "");
	unit_doc(q, q->units[q->cur], d, COLS - 1, true);
	staff_attention_lines(&q->p, &lines);
	if (lines.n)
		tv_add(d, R_NORMAL, -1, "");
	for (size_t i = 0; i < lines.n; i++)
		tv_wrap(d, i ? R_WARN : R_HEAD, -1, lines.v[i], COLS - 1);
	strv_free(&lines);
}

static void show_full(struct quota *q)
{
	struct tv_screen s = { .title = q->units[q->cur]->name, .data = q, .build = build_full };
	textview_run(q->u, &s);
}

/* The Decree 154/2025 support of each person who leaves: the same as
 * `sapxep support`. */
static void show_support(struct quota *q)
{
	struct support_list l;
	support_list(q->u->db, NULL, &l);
	struct strv lines = STRV_INIT;
	support_list_lines(&l, formset_get(q->u->db->ws->forms, "staff"), NULL, &lines);
	textview_show(q->u, _("Support"), &lines);
	strv_free(&lines);
	support_list_free(&l);
}

void quotaview_run(struct ui *u)
{
	struct quota q;
	memset(&q, 0, sizeof q);
	q.u = u;
	load(&q);
	struct term_layer below = term_push(u, paint, &q);
	u->msg[0] = '\0';
	while (!u->quit) {
		paint(&q);
		term_update(-1, 0);
		int k = term_key(u);
		if (k == UK_QUIT)
			break;
		if (k < 0)
			continue;
		enum action a = keys_action(KC_QUOTA | KC_GLOBAL, k);
		if (a == ACT_BACK)
			break;
		size_t rows = detail_rows(&q);
		switch (a) {
		case ACT_HELP:
			help_show(u, KC_QUOTA | KC_GLOBAL, NULL);
			break;
		case ACT_UP:
			if (q.cur > 0)
				q.cur--;
			break;
		case ACT_DOWN:
			if (q.cur + 1 < q.nunits)
				q.cur++;
			break;
		case ACT_FIRST:
			q.cur = 0;
			break;
		case ACT_LAST:
			q.cur = q.nunits ? q.nunits - 1 : 0;
			break;
		case ACT_PGUP:
			q.dtop = q.dtop > rows ? q.dtop - rows : 0;
			break;
		case ACT_PGDN:
			q.dtop += rows;
			break;
		case ACT_DETAILS:
			if (q.nunits)
				show_full(&q);
			break;
		case ACT_SUPPORT:
			show_support(&q);
			break;
		default:
			break;
		}
	}
	term_pop(u, below);
	tv_free(&q.detail);
	strv_free(&q.table);
	free(q.units);
	free(q.error);
	staff_plan_free(&q.p);
}
