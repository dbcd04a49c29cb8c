/* listview.h — the records of one form: the form's list columns and
 * the status, sortable, filtered as you type (case and diacritics
 * ignored), opened with Enter, added with n or Insert, deleted with F8
 * or Delete after a question (through db_delete, like every save). */
#ifndef SAPXEP_LISTVIEW_H
#define SAPXEP_LISTVIEW_H

#include "model/form.h"
#include "ui/term.h"

/* Show the list until the officer goes back or the program must quit. */
void listview_run(struct ui *u, const struct form *f);

#endif
