/* versionview.h — the versions sync kept when two machines changed a
 * record differently (record.h, struct conflict), side by side, to choose
 * one: those of one field, with who saved each and when and the value the
 * form holds now; or, for a record edited on one machine and deleted on
 * another, the edit and the deletion.
 *
 * Choosing changes only the record in memory (record_resolve or
 * record_drop_conflict); the form saves it through db_save as usual, and
 * a deletion chosen is left to the caller (a question, then db_delete).
 * Version texts come from another machine: they are shown through
 * text_visible, cut and wrapped by display width.
 */
#ifndef SAPXEP_VERSIONVIEW_H
#define SAPXEP_VERSIONVIEW_H

#include "model/form.h"
#include "model/record.h"
#include "ui/term.h"

enum vv_choice {
	VV_NONE,	/* nothing chosen (Esc), or the program must quit */
	VV_CHOSEN,	/* a field: the version chosen is now its value */
	VV_BY_HAND,	/* a field: the versions are dropped, the value stays
			 * for the officer to edit */
	VV_KEEP,	/* the record: kept, with the edit */
	VV_DELETE,	/* the record: the deletion was chosen; r is unchanged,
			 * the caller asks and deletes it */
};

/* Show the versions of the conflict on `field` (NULL: the record-level
 * one) of r, a record of form f; `current` (may be NULL) is the field's
 * value as the form shows it. Read-only (u->readonly) shows them only. */
enum vv_choice versionview_run(struct ui *u, const struct form *f, struct record *r,
    const char *field, const char *current);

/* "28/11/2026 15:00" for a save's time "2026-11-28T15:00:00+07:00" (the
 * time of day where it was saved); anything else as it stands. Owned. */
char *versionview_when(const char *at);

#endif
