/* pick.c — see pick.h */
#include "ui/pick.h"
#include "ui/help.h"
#include "core/editbuf.h"
#include "core/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

void pick_add(struct pick *p, const char *code, const char *label, bool on)
{
	XGROW(p->v, p->cap, p->n + 1);
	struct pick_item *it = &p->v[p->n++];
	it->code = xstrdup(code);
	it->label = xstrdup(label);
	it->fold = text_fold(label);
	if (!it->fold)
		it->fold = xstrdup("");
	it->on = on;
}

void pick_free(struct pick *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].code);
		free(p->v[i].label);
		free(p->v[i].fold);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

struct state {
	struct ui *u;
	struct pick *p;
	struct editbuf filter;
	size_t *shown;		/* indices of the items that match */
	size_t nshown;
	size_t cur, top;	/* in shown */
	int cx;			/* cursor column in the filter line */
};

static void refilter(struct state *s)
{
	char *key = text_fold(eb_str(&s->filter));
	size_t keep = s->nshown ? s->shown[s->cur] : 0;
	s->nshown = 0;
	for (size_t i = 0; i < s->p->n; i++)
		if (!key || text_fold_match(s->p->v[i].fold, key))
			s->shown[s->nshown++] = i;
	free(key);
	s->cur = 0;
	for (size_t i = 0; i < s->nshown; i++)
		if (s->shown[i] == keep)
			s->cur = i;
	s->top = 0;
}

static int rows(void)
{
	int n = term_body_rows() - 2;
	return n > 1 ? n : 1;
}

static unsigned ctx_of(const struct state *s)
{
	return KC_PICK | KC_EDIT | KC_GLOBAL | (s->p->multi ? KC_MULTI : 0);
}

static void paint(void *data)
{
	struct state *s = data;
	struct ui *u = s->u;
	if (!term_begin(u, s->p->title))
		return;
	int y = term_body_top();
	char *label = xasprintf(_("Filter: "));
	int lw = term_put(y, 1, COLS - 1, label, R_HEAD);
	free(label);
	struct sbuf b = SBUF_INIT;
	int cc;
	eb_render(&s->filter, COLS - lw - 2, &b, &cc);
	term_fill(y, 1 + lw, COLS - lw - 1, sbuf_str(&b), R_NORMAL);
	s->cx = 1 + lw + cc;
	sbuf_free(&b);
	size_t on = 0;
	for (size_t i = 0; i < s->p->n; i++)
		on += s->p->v[i].on;
	char *count = s->p->multi ?
	    xasprintf(ngettext("%zu of %zu; %zu ticked", "%zu of %zu; %zu ticked", on),
	        s->nshown, s->p->n, on) :
	    xasprintf(_("%zu of %zu"), s->nshown, s->p->n);
	term_fill(y + 1, 0, COLS, "", R_NORMAL);
	term_put(y + 1, 1, COLS - 2, count, R_HEAD);
	free(count);
	size_t n = (size_t)rows();
	term_keep_in_view(s->cur, &s->top, n);
	for (size_t i = 0; i < n; i++) {
		int row = y + 2 + (int)i;
		size_t k = s->top + i;
		if (k >= s->nshown) {
			term_fill(row, 0, COLS, "", R_NORMAL);
			continue;
		}
		const struct pick_item *it = &s->p->v[s->shown[k]];
		const char *mark = k == s->cur ? ">" : " ";
		char *t = s->p->multi ? xasprintf("%s[%s] %s", mark, it->on ? "x" : " ", it->label) :
		    xasprintf(" %s %s", mark, it->label);
		term_fill(row, 0, COLS, t, k == s->cur ? R_SEL : R_NORMAL);
		free(t);
	}
	if (s->p->multi)
		term_hint(_("Type to filter (spaces too); F3 ticks or unticks; Enter takes the ticked items"), R_NORMAL);
	else
		term_hint(_("Type to filter; Enter takes the item; Esc cancels"), R_NORMAL);
	term_status(u, ctx_of(s));
}

int pick_run(struct ui *u, struct pick *p, const char *typed, const char *current)
{
	struct state s = { .u = u, .p = p };
	eb_init(&s.filter);
	s.shown = xcalloc(p->n ? p->n : 1, sizeof *s.shown);
	for (size_t i = 0; i < p->n; i++)
		s.shown[s.nshown++] = i;
	for (size_t i = 0; current && i < p->n; i++)
		if (strcmp(p->v[i].code, current) == 0)
			s.cur = i;
	if (typed && *typed) {
		eb_set(&s.filter, typed);
		refilter(&s);
	}
	struct term_layer below = term_push(u, paint, &s);
	int rc = -1;
	for (;;) {
		paint(&s);
		term_update(COLS >= TERM_MIN_COLS && LINES >= TERM_MIN_ROWS ? term_body_top() : -1, s.cx);
		int k = term_key(u);
		if (k == UK_QUIT) {
			rc = -2;
			break;
		}
		if (k < 0)
			continue;
		enum action a = keys_action(ctx_of(&s), k);
		bool edited = false;
		int r;
		switch (a) {
		case ACT_BACK:
			goto done;
		case ACT_HELP:
			help_show(u, ctx_of(&s), NULL);
			break;
		case ACT_ACCEPT:
			if (p->multi) {
				rc = 0;
				goto done;
			}
			if (s.nshown) {
				rc = (int)s.shown[s.cur];
				goto done;
			}
			break;
		case ACT_TOGGLE:
			if (s.nshown)
				p->v[s.shown[s.cur]].on = !p->v[s.shown[s.cur]].on;
			break;
		case ACT_UP:
			if (s.cur > 0)
				s.cur--;
			break;
		case ACT_DOWN:
			if (s.cur + 1 < s.nshown)
				s.cur++;
			break;
		case ACT_FIRST:
			s.cur = 0;
			break;
		case ACT_LAST:
			s.cur = s.nshown ? s.nshown - 1 : 0;
			break;
		case ACT_PGUP:
			s.cur = s.cur > (size_t)rows() ? s.cur - (size_t)rows() : 0;
			break;
		case ACT_PGDN:
			s.cur = s.nshown && s.cur + (size_t)rows() < s.nshown ?
			    s.cur + (size_t)rows() : (s.nshown ? s.nshown - 1 : 0);
			break;
		default:
			if ((r = keys_edit(&s.filter, a)) >= 0)
				edited = r > 0;
			else if (k >= ' ' && k < UK_BASE && k != 127)
				edited = eb_insert_cp(&s.filter, (uint32_t)k) == 0;
			break;
		}
		if (edited)
			refilter(&s);
	}
done:
	term_pop(u, below);
	free(s.shown);
	eb_free(&s.filter);
	return rc;
}
