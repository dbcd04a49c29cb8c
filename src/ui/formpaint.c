/* formpaint.c — drawing the record form (see formstate.h) */
#include "ui/formstate.h"
#include "core/text.h"
#include "model/value.h"
#include "store/db.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

/* The problem to show for field i: a text that is no value, else the
 * first problem found for it; NULL when none or not to be shown yet. The
 * versions sync kept are shown at once. */
static const char *problem_text(const struct fstate *s, size_t i, enum severity *sev)
{
	if (!s->visited[i] && !s->show_all && !record_conflict(s->r, fv_field_at(s, i)->name))
		return NULL;
	*sev = SEV_ERROR;
	if (s->bad[i])
		return s->bad[i];
	const struct problem *p = problems_for(&s->probs, fv_field_at(s, i)->name);
	if (!p)
		return NULL;
	*sev = p->sev;
	return i18n_get(&p->msg, lang_current());
}

char *fv_shown_value(const struct fstate *s, size_t i)
{
	const struct field *fd = fv_field_at(s, i);
	if (fv_typed(fd))
		return xstrdup(s->text[i]);
	const struct fval *v = record_get(s->r, fd->name);
	if (!v)
		return xstrdup("");
	if (v->is_list)
		return value_display_list(fd, &v->items, lang_current(), &s->db->refs);
	return value_display(fd, v->s, lang_current(), &s->db->refs);
}

static void paint_row(struct fstate *s, size_t k, int y)
{
	size_t i = s->vis[k];
	const struct field *fd = fv_field_at(s, i);
	bool here = i == s->cur;
	char *label = xasprintf("%s%s", i18n_get(&fd->label, lang_current()),
	    fd->required ? " *" : "");
	term_fill(y, 0, 1, here ? ">" : " ", here ? R_SEL : R_NORMAL);
	term_fill(y, 1, s->lw, label, here ? R_SEL : R_HEAD);
	free(label);
	int x = s->lw + 2;
	int vw = COLS - x - 1;
	term_fill(y, s->lw + 1, 1, "", R_NORMAL);
	enum severity sev = SEV_ERROR;
	const char *prob = problem_text(s, i, &sev);
	char *pm = prob ? xasprintf("%s %s", sev == SEV_ERROR ? "!" : "?", prob) : NULL;
	int room = vw;
	if (pm) {
		int pw = text_width(pm) + 2;
		room = vw - (pw < vw / 2 ? pw : vw / 2);
	}
	int used;
	if (here && fv_typed(fd)) {
		struct sbuf b = SBUF_INIT;
		int cc;
		used = eb_render(&s->eb, room, &b, &cc);
		term_put(y, x, room, sbuf_str(&b), R_NORMAL);
		sbuf_free(&b);
		s->cy = y;
		s->cx = x + cc;
	} else {
		char *v = fv_shown_value(s, i);
		if (!fd->required && !*v && here)
			used = term_put(y, x, room, "", R_NORMAL);
		else
			used = term_put(y, x, room, v, here ? R_SEL : R_NORMAL);
		free(v);
		if (here) {
			s->cy = -1;
		}
	}
	if (used < vw + 1)
		mvwhline(stdscr, y, x + used, ' ', COLS - x - used);
	if (pm) {
		term_put(y, x + used + 2, COLS - x - used - 3, pm,
		    sev == SEV_ERROR ? R_ERROR : R_WARN);
		free(pm);
	}
}

/* Read-only (a commune opened from the province view): moving only. */
unsigned fv_ctx_of(const struct fstate *s)
{
	unsigned conflict = s->r->nconflicts ? KC_CONFLICT : 0;
	if (s->u->readonly)
		return KC_FORM | KC_GLOBAL | conflict;
	const struct field *fd = fv_field_at(s, s->cur);
	return KC_FORM | KC_SAVE | KC_GLOBAL | conflict |
	    (fv_typed(fd) ? KC_EDIT : KC_CHOICE) | (fd->type == FT_MULTILINE ? KC_LINES : 0);
}

static char *where(const struct fstate *s)
{
	bool named = false;
	for (size_t i = 0; i < s->f->display.n; i++)
		named = named || record_str(s->r, s->f->display.v[i]);
	char *name = named ? record_display_name(s->r, s->f) : xstrdup(_("new record"));
	char *w = s->r->nconflicts ?
	    xasprintf("! %s › %s › %s", _("conflict"), i18n_get(&s->f->title, lang_current()), name) :
	    xasprintf("%s › %s", i18n_get(&s->f->title, lang_current()), name);
	free(name);
	return w;
}

void fv_paint(void *data)
{
	struct fstate *s = data;
	struct ui *u = s->u;
	s->cy = -1;
	if (term_small(u))
		return;
	int top = term_body_top(), rows = term_body_rows();
	size_t k = fv_vis_index(s, s->cur);
	if (s->row_only && !u->full && k >= s->top && k < s->top + (size_t)rows) {
		paint_row(s, k, top + (int)(k - s->top));
		term_status(u, fv_ctx_of(s));
		s->row_only = false;
		return;
	}
	s->row_only = false;
	char *w = where(s);
	bool shown = term_begin(u, w);
	free(w);
	if (!shown)
		return;
	term_keep_in_view(k, &s->top, (size_t)rows);
	if (s->nvis <= (size_t)rows)
		s->top = 0;
	for (int y = 0; y < rows; y++) {
		size_t vk = s->top + (size_t)y;
		if (vk < s->nvis)
			paint_row(s, vk, top + y);
		else
			term_fill(top + y, 0, COLS, "", R_NORMAL);
	}
	/* hint line: the current field's problem in full, else its hint */
	enum severity sev;
	const char *prob = problem_text(s, s->cur, &sev);
	const struct field *fd = fv_field_at(s, s->cur);
	if (prob) {
		char *m = xasprintf("%s %s", sev == SEV_ERROR ? "!" : "?", prob);
		term_hint(m, sev == SEV_ERROR ? R_ERROR : R_WARN);
		free(m);
	} else {
		term_hint(i18n_get(&fd->hint, lang_current()), R_NORMAL);
	}
	term_status(u, fv_ctx_of(s));
}
