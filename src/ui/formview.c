/* formview.c — see formview.h; the parts are listed in formstate.h */
#include "ui/formview.h"
#include "ui/formstate.h"
#include "ui/help.h"
#include "ui/pick.h"
#include "core/text.h"
#include "model/value.h"
#include "store/db.h"
#include "store/draft.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define DRAFT_SECONDS 3.0	/* a draft at most this often while typing */
#define LABEL_MAX 30		/* columns of the label column at most */

bool fv_typed(const struct field *fd)
{
	return fd->type == FT_TEXT || fd->type == FT_MULTILINE ||
	    fd->type == FT_INTEGER || fd->type == FT_DECIMAL || fd->type == FT_DATE;
}

const struct field *fv_field_at(const struct fstate *s, size_t i)
{
	return &s->f->fields[i];
}

static void compute_visible(struct fstate *s)
{
	s->nvis = 0;
	for (size_t i = 0; i < s->f->nfields; i++)
		if (field_relevant(s->f, fv_field_at(s, i), s->r))
			s->vis[s->nvis++] = i;
}

size_t fv_vis_index(const struct fstate *s, size_t field)
{
	for (size_t k = 0; k < s->nvis; k++)
		if (s->vis[k] >= field)
			return k;
	return s->nvis ? s->nvis - 1 : 0;
}

void fv_revalidate(struct fstate *s)
{
	problems_free(&s->probs);
	db_check(s->db, s->f, s->r, &s->probs);
	compute_visible(s);
}

void fv_load_edit(struct fstate *s)
{
	const struct field *fd = fv_field_at(s, s->cur);
	eb_set(&s->eb, fv_typed(fd) ? s->text[s->cur] : "");
	s->eb.max_chars = fd->max_length > 0 ? (size_t)fd->max_length : 0;
}

/* Convert the typed text of field i into the record's value. */
void fv_convert(struct fstate *s, size_t i)
{
	const struct field *fd = fv_field_at(s, i);
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
	const struct field *fd = fv_field_at(s, i);
	if (!record_conflict(s->r, fd->name))
		return;
	record_drop_conflict(s->r, fd->name);
	term_msg(s->u, MSG_INFO, _("%s: your own value replaces the versions sync kept; F2 saves it"),
	    i18n_get(&fd->label, lang_current()));
}

/* Leave the current field: keep what was typed and check it. */
void fv_commit(struct fstate *s)
{
	const struct field *fd = fv_field_at(s, s->cur);
	if (fv_typed(fd) && strcmp(s->text[s->cur], eb_str(&s->eb)) != 0) {
		free(s->text[s->cur]);
		s->text[s->cur] = xstrdup(eb_str(&s->eb));
		fv_convert(s, s->cur);
		by_hand(s, s->cur);
	}
	s->visited[s->cur] = true;
	fv_revalidate(s);
}

void fv_changed(struct fstate *s)
{
	s->dirty = true;
	s->gen++;
}

void fv_move_to(struct fstate *s, size_t field)
{
	s->cur = field;
	fv_load_edit(s);
}

static void next_field(struct fstate *s, int dir, size_t steps)
{
	fv_commit(s);
	if (!s->nvis)
		return;
	size_t k = fv_vis_index(s, s->cur);
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
		fv_move_to(s, s->vis[k]);
}

void fv_copy_value(struct record *to, const struct record *from, const char *name)
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
void fv_set_text_from(struct fstate *s, size_t i, const struct record *r)
{
	const struct field *fd = fv_field_at(s, i);
	if (!fv_typed(fd))
		return;
	free(s->text[i]);
	s->text[i] = value_edit_text(fd, record_str(r, fd->name));
	xfree(&s->bad[i]);
}

void fv_set_texts_from(struct fstate *s, const struct record *r)
{
	for (size_t i = 0; i < s->f->nfields; i++)
		fv_set_text_from(s, i, r);
}

static void open_pick(struct fstate *s, const char *typed_text)
{
	const struct field *fd = fv_field_at(s, s->cur);
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
		fv_changed(s);
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

static void edit_key(struct fstate *s, enum action a, int k)
{
	const struct field *fd = fv_field_at(s, s->cur);
	bool done = false;
	if (!fv_typed(fd)) {
		if (a == ACT_CLEAR) {
			if (record_get(s->r, fd->name) || record_conflict(s->r, fd->name)) {
				record_unset(s->r, fd->name);
				by_hand(s, s->cur);
				fv_changed(s);
				fv_revalidate(s);
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
		fv_changed(s);
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
	fv_set_texts_from(s, s->r);
	if (draft) {
		/* the draft's values are as typed: convert them again */
		s->expected = draft->revision;
		for (size_t i = 0; i < f->nfields; i++) {
			const struct field *fd = &f->fields[i];
			if (fv_typed(fd)) {
				const char *t = record_str(draft, fd->name);
				free(s->text[i]);
				s->text[i] = xstrdup(t ? t : "");
				fv_convert(s, i);
				s->visited[i] = *s->text[i] != '\0';
			} else {
				fv_copy_value(s->r, draft, fd->name);
			}
		}
		s->dirty = true;
		s->gen = 1;
	}
	/* a saved record or a draft shows its problems at once; a new one
	 * field by field, as each is left */
	s->show_all = rec || draft;
	fv_revalidate(s);
	s->cur = s->nvis ? s->vis[0] : 0;
	size_t c = fv_first_conflict(s);
	if (c < f->nfields && fv_is_visible(s, c))
		s->cur = c;
	fv_load_edit(s);
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
	struct term_layer below = term_push(u, fv_paint, &s);
	u->flush = fv_flush;
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
		if (s.nvis && !field_relevant(f, fv_field_at(&s, s.cur), s.r))
			next_field(&s, 1, 0);
		fv_paint(&s);
		term_update(s.cy, s.cx);
		int k = term_key(u);
		if (k == UK_QUIT) {
			fv_quitting(&s);
			break;
		}
		if (k >= 0) {
			enum action a = keys_action(fv_ctx_of(&s), k);
			if (a == ACT_BACK) {
				if (fv_leave(&s)) {
					if (u->quit)
						fv_quitting(&s);
					break;
				}
			} else if (a == ACT_HELP) {
				help_show(u, fv_ctx_of(&s), fv_field_at(&s, s.cur));
			} else if (a == ACT_SAVE) {
				fv_save(&s);
			} else if (a == ACT_VERSIONS) {
				if (fv_versions(&s))
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
				fv_quitting(&s);
				break;
			}
		}
		if (s.dirty && s.gen != s.draft_gen &&
		    term_clock(u) - s.draft_at >= DRAFT_SECONDS)
			fv_write_draft(&s);
	}
	u->flush = NULL;
	u->flush_data = NULL;
	term_pop(u, below);
	free_state(&s);
}
