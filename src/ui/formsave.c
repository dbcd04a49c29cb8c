/* formsave.c — saving the record form, the refused save, leaving, drafts (see formstate.h) */
#include "ui/formstate.h"
#include "model/value.h"
#include "store/db.h"
#include "store/draft.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

/* The record as typed, for a draft. Owned. */
static struct record *as_draft(const struct fstate *s)
{
	struct record *d = record_clone(s->r);
	d->revision = s->expected;
	for (size_t i = 0; i < s->f->nfields; i++) {
		const struct field *fd = fv_field_at(s, i);
		if (fv_typed(fd))
			record_set_str(d, fd->name, i == s->cur ? eb_str(&s->eb) : s->text[i]);
	}
	return d;
}

void fv_write_draft(struct fstate *s)
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

void fv_flush(void *data)
{
	fv_write_draft(data);
}

/* Leaving because the program must stop: keep the typing in a draft
 * (not at the end of a script, so that tests see the timed drafts). */
void fv_quitting(struct fstate *s)
{
	if (s->u->quit != QUIT_SCRIPT)
		fv_write_draft(s);
}

void fv_discard_draft(struct fstate *s)
{
	draft_discard(s->db->ws, s->f, s->r->id, NULL);
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
			fv_copy_value(base, s->r, c->field);
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
		const struct field *fd = fv_field_at(s, i);
		if (fv_typed(fd)) {
			char *was = value_edit_text(fd, record_str(s->orig, fd->name));
			if (strcmp(was, s->text[i]) != 0) {
				mine[i] = xstrdup(s->text[i]);
				fv_copy_value(base, s->r, fd->name);
			}
			free(was);
		} else if (!record_value_same(record_get(s->r, fd->name), record_get(s->orig, fd->name))) {
			fv_copy_value(base, s->r, fd->name);
		}
	}
	record_free(s->r);
	record_free(s->orig);
	s->r = base;
	s->orig = record_clone(x->r);
	s->expected = x->r->revision;
	fv_set_texts_from(s, s->orig);
	for (size_t i = 0; i < s->f->nfields; i++) {
		if (!mine[i])
			continue;
		free(s->text[i]);
		s->text[i] = mine[i];
		fv_convert(s, i);
	}
	free(mine);
	fv_load_edit(s);
	fv_revalidate(s);
	fv_changed(s);
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
bool fv_save(struct fstate *s)
{
	fv_commit(s);
	s->show_all = true;
	for (size_t k = 0; k < s->nvis; k++) {
		size_t i = s->vis[k];
		if (s->bad[i]) {
			fv_move_to(s, i);
			term_msg(s->u, MSG_ERROR, _("Not saved: %s: %s"),
			    i18n_get(&fv_field_at(s, i)->label, lang_current()), s->bad[i]);
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
	bool same = s->expected > 0 && s->r->revision == s->expected;
	s->expected = s->r->revision;
	record_free(s->orig);
	s->orig = record_clone(s->r);
	s->dirty = false;
	fv_discard_draft(s);
	size_t n = problems_errors(&s->probs);
	if (e.kind != E_NONE) {
		char *m = term_err_text(&e);
		term_msg(s->u, MSG_ERROR, _("Saved; but: %s"), m);
		free(m);
	} else if (same) {
		term_msg(s->u, n ? MSG_INFO : MSG_OK,
		    _("Nothing changed: nothing to save, nothing written"));
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

/* Leave the form; false when the officer chose to stay. */
bool fv_leave(struct fstate *s)
{
	fv_commit(s);
	if (!s->dirty)
		return true;
	static const char *const answers[] = { "sSlL", "dDbBkK" };
	int a = term_choose(s->u, NULL,
	    _("Unsaved changes. s: save  d: discard them  Esc: go on editing"), answers, 2);
	if (a == 0)
		return fv_save(s);
	if (a == 1) {
		fv_discard_draft(s);
		s->dirty = false;
		return true;
	}
	return a == -2;
}
