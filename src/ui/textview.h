/* textview.h — a scrollable full-screen view of text lines or of a
 * table: help, and the review, planner and report screens of the domain
 * modules. Up/Down/PgUp/PgDn/Home/End scroll, Left/Right scroll wide
 * lines sideways, Esc or F10 closes, F1 shows the keys.
 *
 * A screen built on it (textview_run) gives a document: lines, each with
 * its role (colour; the text itself carries any marker a monochrome
 * terminal needs) and the item it belongs to. When a document has items
 * (the hamlets and proposals of the review, the planner's suggestions),
 * a cursor moves from item to item, "> " marks it, and the screen's
 * `act` callback is told which item a key was pressed on; the document is
 * built again when it says the records changed.
 *
 * Lines and cells may come from anywhere: they are shown through
 * text_visible and cut by display width. The view keeps nothing after it
 * returns; a document owns its lines.
 */
#ifndef SAPXEP_TEXTVIEW_H
#define SAPXEP_TEXTVIEW_H

#include <stdbool.h>

#include "core/table.h"
#include "core/xmem.h"
#include "ui/term.h"

struct tv_line {
	char *text;		/* owned */
	enum role role;
	int item;		/* the item it belongs to, or -1 */
};

struct tv_doc {
	struct tv_line *v;
	size_t n, cap;
	size_t fixed;		/* the first lines stay in view (a table's header) */
	char *hint;		/* the hint line (owned); NULL: "Lines a-b of n" */
};

/* Append a line (tv_add copies s, tv_take takes it). */
void tv_add(struct tv_doc *d, enum role r, int item, const char *s);
void tv_take(struct tv_doc *d, enum role r, int item, char *s);
/* Append each of lines, wrapped at `cols` display columns (a wrapped
 * line keeps its indentation). */
void tv_wrap(struct tv_doc *d, enum role r, int item, const char *s, int cols);
void tv_free(struct tv_doc *d);

/* The lines of t as table_print_text lays them out: the header, the rule
 * under it, then one line per row (in row order). Appended to out. */
void textview_table_lines(const struct table *t, struct strv *out);

/* A screen made of a document. */
struct tv_screen {
	const char *title;
	unsigned ctx;		/* key contexts besides KC_VIEW | KC_GLOBAL */
	void *data;
	/* Build the document (d is empty): at the start, and again each
	 * time act returns true. */
	void (*build)(void *data, struct tv_doc *d);
	/* A key's action the view has no use for, on the item under the
	 * cursor (-1: none). May be NULL. Returns true when the document
	 * must be built again. */
	bool (*act)(void *data, enum action a, int item);
};

/* Run the screen until the officer closes it (or the program must quit). */
void textview_run(struct ui *u, const struct tv_screen *s);

/* Show `lines` (borrowed) under `title` until the officer closes it. */
void textview_show(struct ui *u, const char *title, const struct strv *lines);

/* Show a table aligned by display width; its header row and rule stay
 * in view while the rows scroll. */
void textview_table(struct ui *u, const char *title, const struct table *t);

#endif
