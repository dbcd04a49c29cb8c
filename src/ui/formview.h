/* formview.h — entering and changing one record on its form.
 *
 * One field per line, label and value; the current field's hint on the
 * hint line; a field's problems shown next to it once it has been left;
 * fields whose `relevant` condition is false hidden. Typed fields (text,
 * numbers, dates) are edited in place; choice, yes/no and record fields
 * open a pick list. Saves go through db_save; a refused save keeps every
 * edit on screen. While there are unsaved changes a draft is written
 * every few seconds and on hang-up, so little typing can be lost.
 */
#ifndef SAPXEP_FORMVIEW_H
#define SAPXEP_FORMVIEW_H

#include "model/form.h"
#include "model/record.h"
#include "ui/term.h"

/* Edit a record of form f. `rec` is the record as saved (borrowed; NULL
 * for a new one); `draft` (borrowed; may be NULL) is a draft to resume,
 * its values as typed. Returns when the officer leaves, or when the
 * program must quit (u->quit; a draft has then been written). */
void formview_run(struct ui *u, const struct form *f, const struct record *rec,
    const struct record *draft);

#endif
