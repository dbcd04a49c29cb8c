/* textview.h — a scrollable full-screen view of text lines or of a
 * table: help, and the quota, review and report screens of the domain
 * modules. Up/Down/PgUp/PgDn/Home/End scroll, Left/Right scroll wide
 * lines sideways, Esc or F10 closes, F1 shows the keys.
 *
 * Lines and cells may come from anywhere: they are shown through
 * text_visible and cut by display width. Nothing is kept after return.
 */
#ifndef SAPXEP_TEXTVIEW_H
#define SAPXEP_TEXTVIEW_H

#include "core/table.h"
#include "core/xmem.h"
#include "ui/term.h"

/* Show `lines` (borrowed) under `title` until the officer closes it. */
void textview_show(struct ui *u, const char *title, const struct strv *lines);

/* Show a table aligned by display width; its header row and rule stay
 * in view while the rows scroll. */
void textview_table(struct ui *u, const char *title, const struct table *t);

#endif
