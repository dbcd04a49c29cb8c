/* listcols.h — computed columns of a form's list, shown after the form's
 * own list columns: the hamlet list's standard, ratio and status against
 * the rule pack in force. One entry per form that has them; the list
 * (listview.c) knows nothing about what they mean.
 *
 * begin() works out what the cells need once per loading of the list
 * (it may return NULL); cells() fills one record's cells, whose texts
 * the caller frees; end() releases what begin() made.
 */
#ifndef SAPXEP_LISTCOLS_H
#define SAPXEP_LISTCOLS_H

#include "model/record.h"
#include "store/db.h"
#include "ui/term.h"

#define LISTCOLS_MAX 8

struct listcols_cell {
	char *text;		/* owned by the caller once filled */
	double num;		/* sort key */
	enum role role;		/* R_NORMAL: as the row */
};

struct listcols {
	const char *form;
	size_t ncols;
	struct {
		const char *head;	/* English msgid, N_() */
		unsigned flags;		/* LV_RIGHT, LV_BYNUM */
	} cols[LISTCOLS_MAX];
	void *(*begin)(struct db *db);
	void (*cells)(void *ctx, struct db *db, const struct record *r,
	    struct listcols_cell *out);
	void (*end)(void *ctx);
};

/* The computed columns of form `form`, or NULL. */
const struct listcols *listcols_for(const char *form);

#endif
