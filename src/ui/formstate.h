/* formstate.h — the state of the record form, shared by its parts.
 *
 * Private to src/ui/form*.c; formview.h is the module's interface.
 *   formview.c     state, moving between fields, typing, pick lists, the loop
 *   formpaint.c    drawing the form, its hint line and title
 *   formsave.c     saving, the refused save, leaving, drafts
 *   formversions.c F6: the versions sync kept, and deletion chosen there
 *
 * Ownership: everything in struct fstate is owned by it (freed in
 * formview.c's free_state) except u, db and f, which are borrowed.
 */
#ifndef SAPXEP_FORMSTATE_H
#define SAPXEP_FORMSTATE_H

#include "core/editbuf.h"
#include "model/form.h"
#include "model/record.h"
#include "model/validate.h"
#include "ui/term.h"

#include <stdbool.h>
#include <stddef.h>

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

/* formview.c: state, fields, typing */
/* Is fd edited in place (text, numbers, dates), not by a pick list? */
bool fv_typed(const struct field *fd);
/* The form's field i (borrowed). */
const struct field *fv_field_at(const struct fstate *s, size_t i);
/* The index in s->vis of `field`, or of the first shown after it. */
size_t fv_vis_index(const struct fstate *s, size_t field);
/* Check the record again and work out which fields are shown. */
void fv_revalidate(struct fstate *s);
/* Put the current field's text into the edit buffer. */
void fv_load_edit(struct fstate *s);
/* Convert the typed text of field i into the record's value. */
void fv_convert(struct fstate *s, size_t i);
/* Leave the current field: keep what was typed and check it. */
void fv_commit(struct fstate *s);
/* Note an unsaved change (for the draft timer). */
void fv_changed(struct fstate *s);
/* Make `field` the current one (no commit). */
void fv_move_to(struct fstate *s, size_t field);
/* Copy field `name` of `from` into `to` (unset when from has none). */
void fv_copy_value(struct record *to, const struct record *from, const char *name);
/* The text of typed field i as r holds it. */
void fv_set_text_from(struct fstate *s, size_t i, const struct record *r);
/* The texts of every typed field as r holds them. */
void fv_set_texts_from(struct fstate *s, const struct record *r);

/* formpaint.c: drawing */
/* Field i's value as shown on screen. Owned by the caller. */
char *fv_shown_value(const struct fstate *s, size_t i);
/* Read-only (a commune opened from the province view): moving only. */
unsigned fv_ctx_of(const struct fstate *s);
/* Draw the form (a term layer's paint function; data is the fstate). */
void fv_paint(void *data);

/* formsave.c: saving, leaving, drafts */
/* Write a draft of the typing when there are unsaved changes. */
void fv_write_draft(struct fstate *s);
/* u->flush: write the draft now (on hang-up). */
void fv_flush(void *data);
/* Leaving because the program must stop: keep the typing in a draft
 * (not at the end of a script, so that tests see the timed drafts). */
void fv_quitting(struct fstate *s);
/* Remove the record's draft (after a save or a discard). */
void fv_discard_draft(struct fstate *s);
/* Save; true when saved. */
bool fv_save(struct fstate *s);
/* Leave the form; false when the officer chose to stay. */
bool fv_leave(struct fstate *s);

/* formversions.c: F6 */
/* The index of the first field in conflict, visible ones first; nfields
 * when none. */
size_t fv_first_conflict(const struct fstate *s);
/* Is `field` among the fields shown? */
bool fv_is_visible(const struct fstate *s, size_t field);
/* F6: the versions of the current field, else those of the record, else
 * those of the first field in conflict. True when the record was deleted
 * (the form closes). */
bool fv_versions(struct fstate *s);

#endif
