/* listview.h — rows in columns: sortable by any column, filtered as you
 * type (case and diacritics ignored), Enter opens the row under the
 * cursor, optional rows at the foot (totals of the rows shown).
 *
 * Two uses: the records of one form (listview_run: the form's list
 * columns, the computed columns the form may have (listcols.h) and the
 * status; n or Insert adds, F8 or Delete deletes after a question,
 * through db_delete like every save), and any other rows given by a
 * source (the province's communes).
 *
 * A source fills the list with lv_column, lv_row, lv_foot and lv_cell;
 * the list copies every text and shows it through text_visible.
 */
#ifndef SAPXEP_LISTVIEW_H
#define SAPXEP_LISTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "model/form.h"
#include "ui/term.h"

struct lv;

enum {
	LV_RIGHT = 1 << 0,	/* aligned right (numbers) */
	LV_BYNUM = 1 << 1,	/* sorted by the cells' numbers, not their text */
	LV_NUMBER = LV_RIGHT | LV_BYNUM,
};

/* A column (all of them before the first row). */
void lv_column(struct lv *l, const char *head, unsigned flags);
/* Start a row: `id` keeps the cursor on it when the rows are loaded
 * again; `index` is what the source's open and remove are given. */
void lv_row(struct lv *l, const char *id, size_t index);
/* Start a row at the foot (filled by the source's foot callback). */
void lv_foot(struct lv *l);
/* The next cell of the row: its text, its number (for LV_BYNUM), its
 * role (R_NORMAL: drawn as the row). Missing cells are empty. */
void lv_cell(struct lv *l, const char *text, double num, enum role r);

struct lv_source {
	const char *title;
	unsigned ctx;		/* key contexts besides KC_LIST | KC_GLOBAL */
	const char *count_hint;	/* format of the hint line: %zu rows */
	void *data;
	/* Columns and rows; again whenever a callback returns true. */
	void (*load)(void *data, struct lv *l);
	/* Enter on row `index`; n or Insert; F8 or Delete. Return true when
	 * the rows must be loaded again. add and remove may be NULL. */
	bool (*open)(void *data, size_t index);
	bool (*add)(void *data);
	bool (*remove)(void *data, size_t index);
	/* The foot rows for the rows shown (their indexes); may be NULL. */
	void (*foot)(void *data, const size_t *shown, size_t n, struct lv *l);
	/* While waiting for a key: true when the rows must be loaded again
	 * (the files changed under the list); may be NULL. */
	bool (*idle)(void *data);
};

/* Show the rows until the officer goes back or the program must quit;
 * `filter` (may be NULL) is typed in the filter first. */
void listview_rows(struct ui *u, const struct lv_source *src, const char *filter);

/* The records of form f (read-only when u->readonly), loaded again when
 * the files change under the list (watch.h): on coming back to it from a
 * record, and while it waits for a key. */
void listview_run(struct ui *u, const struct form *f, const char *filter);

#endif
