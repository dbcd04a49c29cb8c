/* formview.c — see formview.h */
#include "ui/formview.h"
#include "ui/help.h"
#include "ui/pick.h"
#include "ui/versionview.h"
#include "core/editbuf.h"
#include "core/text.h"
#include "model/validate.h"
#include "model/value.h"
#include "store/db.h"
#include "store/draft.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define DRAFT_SECONDS 3.0	/* a draft at most this often while typing */
#define LABEL_MAX 30		/* columns of the label column at most */

struct fstate {
	struct ui *u;
	struct db *db;
	const struct form *f;
	struct record *orig;	/* as last loaded or saved */
	struct record *r;	/* the values being edited (canonical) */
	long expected;		/* revision the edit started from */
	char **text;		/* typed fields: the text as typed */
	char **bad;		/* typed fields: why the text is no value, or NULL */
	bool *visited;		/* left once: its problems are shown */
	bool show_all;		/* after a save: every problem is shown */
	struct problems probs;
	size_t cur;		/* current field (index in the form) */
	size_t top;		/* first field row shown (index in `vis`) */
	size_t *vis;		/* relevant fields, in form order */
	size_t nvis;
	struct editbuf eb;	/* the current typed field */
	bool dirty;		/* unsaved changes */
	unsigned gen, draft_gen;
	double draft_at;
	bool row_only;		/* the next paint redraws the current row only */
	int cy, cx;		/* where the cursor goes, cy < 0: hidden */
	int lw;			/* label column width */
};

static bool typed(const struct field *fd)
{
	return fd->type == FT_TEXT || fd->type == FT_MULTILINE ||
	    fd->type == FT_INTEGER || fd->type == FT_DECIMAL || fd->type == FT_DATE;
}

static const struct field *field_at(const struct fstate *s, size_t i)
{
	return &s->f->fields[i];
}

static void compute_visible(struct fstate *s)
{
	s->nvis = 0;
	for (size_t i = 0; i < s->f->nfields; i++)
		if (field_relevant(s->f, field_at(s, i), s->r))
			s->vis[s->nvis++] = i;
}

static size_t vis_index(const struct fstate *s, size_t field)
{
	for (size_t k = 0; k < s->nvis; k++)
		if (s->vis[k] >= field)
			return k;
	return s->nvis ? s->nvis - 1 : 0;
}

static void revalidate(struct fstate *s)
{
	problems_free(&s->probs);
	db_check(s->db, s->f, s->r, &s->probs);
	compute_visible(s);
}

static void load_edit(struct fstate *s)
{
	const struct field *fd = field_at(s, s->cur);
	eb_set(&s->eb, typed(fd) ? s->text[s->cur] : "");
	s->eb.max_chars = fd->max_length > 0 ? (size_t)fd->max_length : 0;
}

/* Convert the typed text of field i into the record's value. */
static void convert(struct fstate *s, size_t i)
{
	const struct field *fd = field_at(s, i);
	char *canon = NULL;
	struct err e;
	xfree(&s->bad[i]);
	if (value_from_input(fd, s->text[i], &s->db->refs, &canon, &e) == 0) {
		record_set_str(s->r, fd->name, canon);
	} else {
		s->bad[i] = xstrdup(e.msg);
		record_unset(s->r, fd->name);
	}
	free(canon);
}

/* The officer gave field i a value of their own: the versions sync kept
 * of it are dropped (the value typed is the choice). */
static void by_hand(struct fstate *s, size_t i)
{
	const struct field *fd = field_at(s, i);
	if (!record_conflict(s->r, fd->name))
		return;
	record_drop_conflict(s->r, fd->name);
	term_msg(s->u, MSG_INFO, _("%s: your own value replaces the versions sync kept; F2 saves it"),
	    i18n_get(&fd->label, lang_current()));
}

/* Leave the current field: keep what was typed and check it. */
static void commit(struct fstate *s)
{
	const struct field *fd = field_at(s, s->cur);
	if (typed(fd) && strcmp(s->text[s->cur], eb_str(&s->eb)) != 0) {
		free(s->text[s->cur]);
		s->text[s->cur] = xstrdup(eb_str(&s->eb));
		convert(s, s->cur);
		by_hand(s, s->cur);
	}
	s->visited[s->cur] = true;
	revalidate(s);
}

static void changed(struct fstate *s)
{
	s->dirty = true;
	s->gen++;
}

/* The problem to show for field i: a text that is no value, else the
 * first problem found for it; NULL when none or not to be shown yet. The
 * versions sync kept are shown at once. */
static const char *problem_text(const struct fstate *s, size_t i, enum severity *sev)
{
	if (!s->visited[i] && !s->show_all && !record_conflict(s->r, field_at(s, i)->name))
		return NULL;
	*sev = SEV_ERROR;
	if (s->bad[i])
		return s->bad[i];
	const struct problem *p = problems_for(&s->probs, field_at(s, i)->name);
	if (!p)
		return NULL;
	*sev = p->sev;
	return i18n_get(&p->msg, lang_current());
}

static char *shown_value(const struct fstate *s, size_t i)
{
	const struct field *fd = field_at(s, i);
	if (typed(fd))
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
	const struct field *fd = field_at(s, i);
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
	if (here && typed(fd)) {
		struct sbuf b = SBUF_INIT;
		int cc;
		used = eb_render(&s->eb, room, &b, &cc);
		term_put(y, x, room, sbuf_str(&b), R_NORMAL);
		sbuf_free(&b);
		s->cy = y;
		s->cx = x + cc;
	} else {
		char *v = shown_value(s, i);
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
static unsigned ctx_of(const struct fstate *s)
{
	unsigned conflict = s->r->nconflicts ? KC_CONFLICT : 0;
	if (s->u->readonly)
		return KC_FORM | KC_GLOBAL | conflict;
	const struct field *fd = field_at(s, s->cur);
	return KC_FORM | KC_SAVE | KC_GLOBAL | conflict |
	    (typed(fd) ? KC_EDIT : KC_CHOICE) | (fd->type == FT_MULTILINE ? KC_LINES : 0);
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

static void paint(void *data)
{
	struct fstate *s = data;
	struct ui *u = s->u;
	s->cy = -1;
	if (term_small(u))
		return;
	int top = term_body_top(), rows = term_body_rows();
	size_t k = vis_index(s, s->cur);
	if (s->row_only && !u->full && k >= s->top && k < s->top + (size_t)rows) {
		paint_row(s, k, top + (int)(k - s->top));
		term_status(u, ctx_of(s));
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
	const struct field *fd = field_at(s, s->cur);
	if (prob) {
		char *m = xasprintf("%s %s", sev == SEV_ERROR ? "!" : "?", prob);
		term_hint(m, sev == SEV_ERROR ? R_ERROR : R_WARN);
		free(m);
	} else {
		term_hint(i18n_get(&fd->hint, lang_current()), R_NORMAL);
	}
	term_status(u, ctx_of(s));
}

/* The record as typed, for a draft. Owned. */
static struct record *as_draft(const struct fstate *s)
{
	struct record *d = record_clone(s->r);
	d->revision = s->expected;
	for (size_t i = 0; i < s->f->nfields; i++) {
		const struct field *fd = field_at(s, i);
		if (typed(fd))
			record_set_str(d, fd->name, i == s->cur ? eb_str(&s->eb) : s->text[i]);
	}
	return d;
}

static void write_draft(struct fstate *s)
{
	if (!s->dirty)
		return;
	struct record *d = as_draft(s);
	struct err e;
	if (draft_write(s->db->ws, s->f, d, &e) != 0) {
		char *m = term_err_text(&e);
		term_msg(s->u, MSG_ERROR, _("could not write the draft: %s"), m);
		free(m);
	}
	record_free(d);
	s->draft_gen = s->gen;
	s->draft_at = term_clock(s->u);
}

static void flush(void *data)
{
	write_draft(data);
}

/* Leaving because the program must stop: keep the typing in a draft
 * (not at the end of a script, so that tests see the timed drafts). */
static void quitting(struct fstate *s)
{
	if (s->u->quit != QUIT_SCRIPT)
		write_draft(s);
}

static void discard_draft(struct fstate *s)
{
	draft_discard(s->db->ws, s->f, s->r->id, NULL);
}

static void move_to(struct fstate *s, size_t field)
{
	s->cur = field;
	load_edit(s);
}

static void next_field(struct fstate *s, int dir, size_t steps)
{
	commit(s);
	if (!s->nvis)
		return;
	size_t k = vis_index(s, s->cur);
	if (s->vis[k] != s->cur && steps > 0) {
		/* the current field was just hidden: k is the one after it */
		if (dir < 0 && s->vis[k] > s->cur && k > 0)
			k--;
		steps--;
	}
	for (size_t n = 0; n < steps; n++) {
		if (dir > 0 && k + 1 < s->nvis)
			k++;
		else if (dir < 0 && k > 0)
			k--;
	}
	if (s->nvis)
		move_to(s, s->vis[k]);
}

static void copy_value(struct record *to, const struct record *from, const char *name)
{
	const struct fval *v = record_get(from, name);
	if (!v)
		record_unset(to, name);
	else if (v->is_list)
		record_set_list(to, name, &v->items);
	else
		record_set_str(to, name, v->s);
}

/* The text of typed field i as r holds it. */
static void set_text_from(struct fstate *s, size_t i, const struct record *r)
{
	const struct field *fd = field_at(s, i);
	if (!typed(fd))
		return;
	free(s->text[i]);
	s->text[i] = value_edit_text(fd, record_str(r, fd->name));
	xfree(&s->bad[i]);
}

static void set_texts_from(struct fstate *s, const struct record *r)
{
	for (size_t i = 0; i < s->f->nfields; i++)
		set_text_from(s, i, r);
}

/* The conflicts the officer settled in s->r since it was loaded, settled
 * the same way in `base` (the record as someone else saved it since),
 * when base still has them as they were. */
static void settle_again(const struct fstate *s, struct record *base)
{
	for (size_t i = 0; i < s->orig->nconflicts; i++) {
		const struct conflict *c = &s->orig->conflicts[i];
		if (record_conflict(s->r, c->field))
			continue;
		const struct conflict *b = record_conflict(base, c->field);
		if (!b || !conflict_same(b, c))
			continue;
		if (c->field)
			copy_value(base, s->r, c->field);
		record_drop_conflict(base, c->field);
	}
}

/* After a refused save: take the record as saved by the other person
 * and put this officer's changes back on top. */
static void reload_reapply(struct fstate *s)
{
	struct err e;
	if (db_reload(s->db, s->f->name, s->r->id, &e) != 0) {
		term_msg(s->u, MSG_ERROR, "%s", e.msg);
		return;
	}
	struct db_rec *x = db_get(s->db, s->f->name, s->r->id);
	if (!x) {
		s->expected = 0;
		term_msg(s->u, MSG_ERROR,
		    _("The record was deleted meanwhile; F2 saves your copy again"));
		return;
	}
	struct record *base = record_clone(x->r);
	settle_again(s, base);
	char **mine = xcalloc(s->f->nfields, sizeof *mine);
	for (size_t i = 0; i < s->f->nfields; i++) {
		const struct field *fd = field_at(s, i);
		if (typed(fd)) {
			char *was = value_edit_text(fd, record_str(s->orig, fd->name));
			if (strcmp(was, s->text[i]) != 0) {
				mine[i] = xstrdup(s->text[i]);
				copy_value(base, s->r, fd->name);
			}
			free(was);
		} else if (!record_value_same(record_get(s->r, fd->name), record_get(s->orig, fd->name))) {
			copy_value(base, s->r, fd->name);
		}
	}
	record_free(s->r);
	record_free(s->orig);
	s->r = base;
	s->orig = record_clone(x->r);
	s->expected = x->r->revision;
	set_texts_from(s, s->orig);
	for (size_t i = 0; i < s->f->nfields; i++) {
		if (!mine[i])
			continue;
		free(s->text[i]);
		s->text[i] = mine[i];
		convert(s, i);
	}
	free(mine);
	load_edit(s);
	revalidate(s);
	changed(s);
	term_msg(s->u, MSG_INFO,
	    _("Reloaded revision %ld and put your changes back on it; F2 saves"), s->expected);
}

static void conflict(struct fstate *s, const struct ws_conflict *who)
{
	char hhmm[8] = "";
	if (strlen(who->at) >= 16)
		snprintf(hhmm, sizeof hhmm, "%.5s", who->at + 11);
	if (who->revision == 0)
		term_msg(s->u, MSG_ERROR, _("deleted by %s at %s"), who->by, hhmm);
	else
		term_msg(s->u, MSG_ERROR, _("changed by %s at %s"), who->by, hhmm);
	char *q = xasprintf(_("%s saved this record at %s, after you opened it; yours is not saved yet."),
	    who->by, hhmm);
	static const char *const answers[] = { "rR", "kK" };
	int a = term_choose(s->u, q, _("r: reload it and re-apply your changes  k, Esc: keep editing"),
	    answers, 2);
	free(q);
	if (a == 0)
		reload_reapply(s);
}

/* Save; true when saved. */
static bool save(struct fstate *s)
{
	commit(s);
	s->show_all = true;
	for (size_t k = 0; k < s->nvis; k++) {
		size_t i = s->vis[k];
		if (s->bad[i]) {
			move_to(s, i);
			term_msg(s->u, MSG_ERROR, _("Not saved: %s: %s"),
			    i18n_get(&field_at(s, i)->label, lang_current()), s->bad[i]);
			return false;
		}
	}
	struct problems ps = { 0 };
	struct ws_conflict who;
	struct err e;
	memset(&who, 0, sizeof who);
	err_clear(&e);
	if (db_save(s->db, s->r, s->expected, &ps, &who, &e) != 0) {
		problems_free(&ps);
		if (e.kind == E_CONFLICT)
			conflict(s, &who);
		else {
			char *m = term_err_text(&e);
			term_msg(s->u, MSG_ERROR, _("Not saved: %s"), m);
			free(m);
		}
		return false;
	}
	problems_free(&s->probs);
	s->probs = ps;
	s->expected = s->r->revision;
	record_free(s->orig);
	s->orig = record_clone(s->r);
	s->dirty = false;
	discard_draft(s);
	size_t n = problems_errors(&s->probs);
	if (e.kind != E_NONE) {
		char *m = term_err_text(&e);
		term_msg(s->u, MSG_ERROR, _("Saved; but: %s"), m);
		free(m);
	} else if (s->r->nconflicts) {
		term_msg(s->u, MSG_INFO, _("Saved, still in conflict: %zu more to choose (F6)"),
		    s->r->nconflicts);
	} else if (n) {
		term_msg(s->u, MSG_OK, _("Saved as incomplete: %zu problem(s)"), n);
	} else {
		term_msg(s->u, MSG_OK, _("Saved"));
	}
	return true;
}

static void open_pick(struct fstate *s, const char *typed_text)
{
	const struct field *fd = field_at(s, s->cur);
	enum lang l = lang_current();
	struct pick p = { .title = i18n_get(&fd->label, l), .multi = field_is_list(fd) };
	const struct fval *v = record_get(s->r, fd->name);
	const char *cur = v && !v->is_list ? v->s : NULL;
	if (fd->type == FT_BOOLEAN) {
		pick_add(&p, "true", _("Yes"), false);
		pick_add(&p, "false", _("No"), false);
	} else if (fd->type == FT_REF) {
		struct db_table *t = db_table(s->db, fd->ref_form);
		for (size_t i = 0; t && i < t->n; i++)
			if (strcmp(t->v[i].r->id, s->r->id) != 0)
				pick_add(&p, t->v[i].r->id, t->v[i].name,
				    v && v->is_list && strv_has(&v->items, t->v[i].r->id));
	} else if (fd->choices) {
		const char *fv = fd->choice_filter ? record_str(s->r, fd->choice_filter) : NULL;
		for (size_t i = 0; i < fd->choices->n; i++) {
			const struct choice *c = &fd->choices->items[i];
			bool on = v && v->is_list && strv_has(&v->items, c->code);
			if (choice_offered(c, fv) || on || (cur && strcmp(cur, c->code) == 0))
				pick_add(&p, c->code, i18n_get(&c->label, l), on);
		}
	}
	if (p.multi && v && v->is_list) {
		/* keep chosen items the list no longer has (never drop data) */
		for (size_t i = 0; i < v->items.n; i++) {
			bool found = false;
			for (size_t k = 0; k < p.n && !found; k++)
				found = strcmp(p.v[k].code, v->items.v[i]) == 0;
			if (!found)
				pick_add(&p, v->items.v[i], v->items.v[i], true);
		}
	}
	int rc = pick_run(s->u, &p, typed_text, cur);
	if (rc >= 0) {
		if (p.multi) {
			struct strv items = STRV_INIT;
			for (size_t k = 0; k < p.n; k++)
				if (p.v[k].on)
					strv_push(&items, p.v[k].code);
			record_set_list(s->r, fd->name, &items);
			strv_free(&items);
		} else {
			record_set_str(s->r, fd->name, p.v[rc].code);
		}
		by_hand(s, s->cur);
		changed(s);
		next_field(s, 1, 1);
	}
	pick_free(&p);
}

/* May key k be typed into field fd? Numbers and dates refuse letters. */
static bool allowed(const struct field *fd, int k)
{
	bool digit = k >= '0' && k <= '9';
	switch (fd->type) {
	case FT_INTEGER:
		return digit || k == '-' || k == '+' || k == '.' || k == ' ';
	case FT_DECIMAL:
		return digit || k == '-' || k == '+' || k == '.' || k == ',';
	case FT_DATE:
		return digit || k == '/' || k == '-' || k == '.';
	default:
		return true;
	}
}

static void refuse(struct fstate *s, const struct field *fd)
{
	if (fd->type == FT_DATE)
		term_msg(s->u, MSG_ERROR, _("A date is typed as day/month/year: 28/11/2026"));
	else if (fd->type == FT_INTEGER)
		term_msg(s->u, MSG_ERROR, _("Only a whole number here"));
	else
		term_msg(s->u, MSG_ERROR, _("Only a number here (a comma before the decimals)"));
}

/* Leave the form; false when the officer chose to stay. */
static bool leave(struct fstate *s)
{
	commit(s);
	if (!s->dirty)
		return true;
	static const char *const answers[] = { "sSlL", "dDbBkK" };
	int a = term_choose(s->u, NULL,
	    _("Unsaved changes. s: save  d: discard them  Esc: go on editing"), answers, 2);
	if (a == 0)
		return save(s);
	if (a == 1) {
		discard_draft(s);
		s->dirty = false;
		return true;
	}
	return a == -2;
}

/* The index of the first field in conflict, visible ones first; nfields
 * when none. */
static size_t first_conflict(const struct fstate *s)
{
	for (size_t k = 0; k < s->nvis; k++)
		if (record_conflict(s->r, field_at(s, s->vis[k])->name))
			return s->vis[k];
	for (size_t i = 0; i < s->f->nfields; i++)
		if (record_conflict(s->r, field_at(s, i)->name))
			return i;
	return s->f->nfields;
}

static bool is_visible(const struct fstate *s, size_t field)
{
	for (size_t k = 0; k < s->nvis; k++)
		if (s->vis[k] == field)
			return true;
	return false;
}

/* What is left to choose, for the status line. */
static void conflicts_left(struct fstate *s, const char *done)
{
	size_t n = s->r->nconflicts;
	if (n)
		term_msg(s->u, MSG_INFO, _("%s; %zu more to choose (F6)"), done, n);
	else
		term_msg(s->u, MSG_INFO, _("%s; F2 saves the record"), done);
}

/* The deletion chosen for a record edited here and deleted elsewhere:
 * ask, then delete it through db_delete. True when it was deleted. */
static bool delete_chosen(struct fstate *s)
{
	char *name = record_display_name(s->r, s->f);
	char *q = xasprintf(_("Delete %s, as the other machine did? A copy is kept in .sapxep/trash."),
	    name);
	static const char *const answers[] = { "yYcC", "nNkK" };
	int a = term_choose(s->u, q, _("y: yes, delete it  n, Esc: no"), answers, 2);
	free(q);
	bool deleted = false;
	struct err e;
	struct ws_conflict who;
	memset(&who, 0, sizeof who);
	/* record_resolve on a copy: it says the deletion is chosen; the
	 * record on screen keeps its conflict until the file is gone */
	struct record *copy = record_clone(s->r);
	const struct conflict *c = record_conflict(copy, NULL);
	size_t i = 0;
	while (c && i < c->n && c->v[i].has_value)
		i++;
	if (a != 0) {
		if (a != -2)
			term_msg(s->u, MSG_INFO, _("Not deleted"));
	} else if (record_resolve(copy, NULL, i, &e) != RESOLVE_DELETE) {
		term_msg(s->u, MSG_ERROR, _("Not deleted: %s"), e.msg);
	} else if (db_delete(s->db, s->f->name, s->r->id, s->expected, &who, &e) != 0) {
		if (e.kind == E_CONFLICT)
			term_msg(s->u, MSG_ERROR, _("Not deleted: changed by %s at %.5s; look again first"),
			    who.by, strlen(who.at) >= 16 ? who.at + 11 : who.at);
		else
			term_msg(s->u, MSG_ERROR, _("Not deleted: %s"), e.msg);
	} else {
		discard_draft(s);
		s->dirty = false;
		term_msg(s->u, MSG_OK, _("Deleted %s, as chosen (a copy is kept in .sapxep/trash)"), name);
		deleted = true;
	}
	record_free(copy);
	free(name);
	return deleted;
}

/* F6: the versions of the current field, else those of the record, else
 * those of the first field in conflict. True when the record was deleted
 * (the form closes). */
static bool versions(struct fstate *s)
{
	commit(s);
	const struct field *fd = field_at(s, s->cur);
	size_t i = s->cur;
	if (!record_conflict(s->r, fd->name)) {
		fd = NULL;
		if (!record_conflict(s->r, NULL)) {
			i = first_conflict(s);
			if (i == s->f->nfields) {
				term_msg(s->u, MSG_INFO, _("Nothing to choose: this record is not in conflict"));
				return false;
			}
			fd = field_at(s, i);
			if (is_visible(s, i))
				move_to(s, i);
		}
	}
	char *now = fd ? shown_value(s, i) : NULL;
	enum vv_choice c = versionview_run(s->u, s->f, s->r, fd ? fd->name : NULL, now);
	free(now);
	char *done = NULL;
	switch (c) {
	case VV_NONE:
		return false;
	case VV_DELETE:
		return delete_chosen(s);
	case VV_CHOSEN:
		set_text_from(s, i, s->r);
		s->visited[i] = true;
		done = xasprintf(_("%s: the version chosen is in the form"),
		    i18n_get(&fd->label, lang_current()));
		break;
	case VV_BY_HAND:
		done = xasprintf(_("%s: the value stays for you to edit"),
		    i18n_get(&fd->label, lang_current()));
		break;
	case VV_KEEP:
		done = xstrdup(_("The record is kept"));
		break;
	}
	if (s->cur == i)
		load_edit(s);
	changed(s);
	revalidate(s);
	conflicts_left(s, done);
	free(done);
	return false;
}

static void edit_key(struct fstate *s, enum action a, int k)
{
	const struct field *fd = field_at(s, s->cur);
	bool done = false;
	if (!typed(fd)) {
		if (a == ACT_CLEAR) {
			if (record_get(s->r, fd->name) || record_conflict(s->r, fd->name)) {
				record_unset(s->r, fd->name);
				by_hand(s, s->cur);
				changed(s);
				revalidate(s);
			}
		} else if (a == ACT_PICK) {
			open_pick(s, NULL);
		} else if (a == ACT_NONE && k >= ' ' && k < UK_BASE && k != 127) {
			char buf[8] = { 0 };
			struct editbuf one;
			eb_init(&one);
			eb_insert_cp(&one, (uint32_t)k);
			snprintf(buf, sizeof buf, "%s", eb_str(&one));
			eb_free(&one);
			open_pick(s, buf);
		}
		return;
	}
	int r = keys_edit(&s->eb, a);
	if (r >= 0) {
		done = r > 0;
	} else if (a == ACT_NEWLINE && fd->type == FT_MULTILINE) {
		if (eb_insert(&s->eb, "\n") != 0) {
			term_msg(s->u, MSG_ERROR, _("At most %ld characters here"), fd->max_length);
			return;
		}
		done = true;
	} else if (a == ACT_NONE && k >= ' ' && k < UK_BASE && k != 127) {
		if (!allowed(fd, k)) {
			refuse(s, fd);
			return;
		}
		if (eb_insert_cp(&s->eb, (uint32_t)k) != 0) {
			term_msg(s->u, MSG_ERROR, _("At most %ld characters here"), fd->max_length);
			return;
		}
		done = true;
	} else {
		return;
	}
	if (done)
		changed(s);
	s->row_only = true;
}

static void init_state(struct fstate *s, struct ui *u, const struct form *f,
    const struct record *rec, const struct record *draft)
{
	memset(s, 0, sizeof *s);
	s->u = u;
	s->db = u->db;
	s->f = f;
	size_t n = f->nfields ? f->nfields : 1;
	s->text = xcalloc(n, sizeof *s->text);
	s->bad = xcalloc(n, sizeof *s->bad);
	s->visited = xcalloc(n, sizeof *s->visited);
	s->vis = xcalloc(n, sizeof *s->vis);
	eb_init(&s->eb);
	if (rec) {
		s->r = record_clone(rec);
	} else if (draft) {
		s->r = record_clone(draft);
		for (size_t i = 0; i < f->nfields; i++)
			record_unset(s->r, f->fields[i].name);
		xfree(&s->r->path);
		s->r->revision = 0;
	} else {
		s->r = db_new_record(s->db, f);
	}
	/* a conflict status with nothing left to choose (a file made by
	 * hand): the next save works the real status out */
	if (s->r->status == RS_CONFLICT && !s->r->nconflicts)
		s->r->status = RS_INCOMPLETE;
	s->orig = record_clone(s->r);
	s->expected = rec ? rec->revision : 0;
	set_texts_from(s, s->r);
	if (draft) {
		/* the draft's values are as typed: convert them again */
		s->expected = draft->revision;
		for (size_t i = 0; i < f->nfields; i++) {
			const struct field *fd = &f->fields[i];
			if (typed(fd)) {
				const char *t = record_str(draft, fd->name);
				free(s->text[i]);
				s->text[i] = xstrdup(t ? t : "");
				convert(s, i);
				s->visited[i] = *s->text[i] != '\0';
			} else {
				copy_value(s->r, draft, fd->name);
			}
		}
		s->dirty = true;
		s->gen = 1;
	}
	revalidate(s);
	s->cur = s->nvis ? s->vis[0] : 0;
	size_t c = first_conflict(s);
	if (c < f->nfields && is_visible(s, c))
		s->cur = c;
	load_edit(s);
	int lw = 0;
	for (size_t i = 0; i < f->nfields; i++) {
		int w = text_width(i18n_get(&f->fields[i].label, lang_current())) + 2;
		if (w > lw)
			lw = w;
	}
	s->lw = lw < LABEL_MAX ? lw : LABEL_MAX;
	s->draft_at = term_clock(u);
	s->draft_gen = draft ? s->gen : 0;
}

static void free_state(struct fstate *s)
{
	for (size_t i = 0; i < s->f->nfields; i++) {
		free(s->text[i]);
		free(s->bad[i]);
	}
	free(s->text);
	free(s->bad);
	free(s->visited);
	free(s->vis);
	eb_free(&s->eb);
	problems_free(&s->probs);
	record_free(s->r);
	record_free(s->orig);
}

void formview_run(struct ui *u, const struct form *f, const struct record *rec,
    const struct record *draft)
{
	struct fstate s;
	init_state(&s, u, f, rec, draft);
	struct term_layer below = term_push(u, paint, &s);
	u->flush = flush;
	u->flush_data = &s;
	u->full = true;
	if (draft)
		term_msg(u, MSG_INFO, _("Draft resumed: F2 saves it, Esc asks whether to keep it"));
	else if (u->readonly)
		term_msg(u, MSG_INFO, _("Read-only: opened from the province view, nothing can be changed"));
	else if (s.r->nconflicts && record_conflict(s.r, NULL))
		term_msg(u, MSG_ERROR, _("Edited on one machine and deleted on another: F6 keeps or deletes it"));
	else if (s.r->nconflicts)
		term_msg(u, MSG_ERROR, ngettext("%zu field was saved differently on two machines: F6 shows the versions",
		    "%zu fields were saved differently on two machines: F6 shows the versions",
		    s.r->nconflicts), s.r->nconflicts);
	else if (!u->keep_msg)
		u->msg[0] = '\0';
	u->keep_msg = false;
	for (;;) {
		if (s.nvis && !field_relevant(f, field_at(&s, s.cur), s.r))
			next_field(&s, 1, 0);
		paint(&s);
		term_update(s.cy, s.cx);
		int k = term_key(u);
		if (k == UK_QUIT) {
			quitting(&s);
			break;
		}
		if (k >= 0) {
			enum action a = keys_action(ctx_of(&s), k);
			if (a == ACT_BACK) {
				if (leave(&s)) {
					if (u->quit)
						quitting(&s);
					break;
				}
			} else if (a == ACT_HELP) {
				help_show(u, ctx_of(&s), field_at(&s, s.cur));
			} else if (a == ACT_SAVE) {
				save(&s);
			} else if (a == ACT_VERSIONS) {
				if (versions(&s))
					break;
			} else if (a == ACT_NEXT || a == ACT_PREV) {
				u->msg[0] = '\0';
				next_field(&s, a == ACT_NEXT ? 1 : -1, 1);
			} else if (a == ACT_PGUP || a == ACT_PGDN) {
				size_t rows = (size_t)(term_body_rows() > 1 ? term_body_rows() - 1 : 1);
				next_field(&s, a == ACT_PGDN ? 1 : -1, rows);
			} else if (u->readonly) {
				term_msg(u, MSG_INFO, _("Read-only: opened from the province view, nothing can be changed"));
			} else {
				edit_key(&s, a, k);
			}
			if (u->quit) {
				quitting(&s);
				break;
			}
		}
		if (s.dirty && s.gen != s.draft_gen &&
		    term_clock(u) - s.draft_at >= DRAFT_SECONDS)
			write_draft(&s);
	}
	u->flush = NULL;
	u->flush_data = NULL;
	term_pop(u, below);
	free_state(&s);
}
