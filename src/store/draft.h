/* draft.h — unsaved edits kept across hang-ups and crashes.
 *
 * A draft is the record being edited, written as text exactly as typed
 * (RIO_DRAFT), at .sapxep/drafts/<uid>/<form>/<id>.yaml, where <uid> is
 * the Unix user: officers sharing a server never see each other's
 * drafts. Its `revision` is the revision the edit started from (0 for a
 * new record). Drafts are local state and never synced.
 */
#ifndef SAPXEP_DRAFT_H
#define SAPXEP_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/err.h"
#include "model/form.h"
#include "model/record.h"
#include "store/workspace.h"

struct draft {
	const struct form *form;	/* borrowed from the workspace */
	struct record *r;		/* owned */
	time_t saved;			/* when it was written */
};

/* Write (or replace) the draft of r atomically. */
int draft_write(struct workspace *ws, const struct form *f,
    const struct record *r, struct err *e);

/* Remove the draft of record `id`, if any. */
int draft_discard(struct workspace *ws, const struct form *f, const char *id,
    struct err *e);

/* This user's drafts, oldest first. Unreadable drafts are reported in
 * `errors` and skipped. *out is owned (drafts_free). */
int draft_list(struct workspace *ws, struct draft **out, size_t *n,
    struct strv *errors, struct err *e);
void drafts_free(struct draft *d, size_t n);

/* True when this user may have drafts (a file in one of the forms' draft
 * folders): a look, without reading them. */
bool draft_any(struct workspace *ws);

#endif
