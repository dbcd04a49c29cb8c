/* formversions.c — F6 in the record form: the versions sync kept (see formstate.h) */
#include "ui/formstate.h"
#include "ui/versionview.h"
#include "store/db.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

/* The index of the first field in conflict, visible ones first; nfields
 * when none. */
size_t fv_first_conflict(const struct fstate *s)
{
	for (size_t k = 0; k < s->nvis; k++)
		if (record_conflict(s->r, fv_field_at(s, s->vis[k])->name))
			return s->vis[k];
	for (size_t i = 0; i < s->f->nfields; i++)
		if (record_conflict(s->r, fv_field_at(s, i)->name))
			return i;
	return s->f->nfields;
}

bool fv_is_visible(const struct fstate *s, size_t field)
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
		fv_discard_draft(s);
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
bool fv_versions(struct fstate *s)
{
	fv_commit(s);
	const struct field *fd = fv_field_at(s, s->cur);
	size_t i = s->cur;
	if (!record_conflict(s->r, fd->name)) {
		fd = NULL;
		if (!record_conflict(s->r, NULL)) {
			i = fv_first_conflict(s);
			if (i == s->f->nfields) {
				term_msg(s->u, MSG_INFO, _("Nothing to choose: this record is not in conflict"));
				return false;
			}
			fd = fv_field_at(s, i);
			if (fv_is_visible(s, i))
				fv_move_to(s, i);
		}
	}
	char *now = fd ? fv_shown_value(s, i) : NULL;
	enum vv_choice c = versionview_run(s->u, s->f, s->r, fd ? fd->name : NULL, now);
	free(now);
	char *done = NULL;
	switch (c) {
	case VV_NONE:
		return false;
	case VV_DELETE:
		return delete_chosen(s);
	case VV_CHOSEN:
		fv_set_text_from(s, i, s->r);
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
		fv_load_edit(s);
	fv_changed(s);
	fv_revalidate(s);
	conflicts_left(s, done);
	free(done);
	return false;
}
