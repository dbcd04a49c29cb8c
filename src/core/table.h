/* table.h — rows of text printed as an aligned table or as CSV.
 *
 * Text tables align by display width (Vietnamese letters, wide
 * characters) and make every cell harmless for a terminal: control
 * characters and escape sequences are shown, never sent. CSV is RFC 4180
 * with formulas neutralised. The table owns copies of its cells.
 */
#ifndef SAPXEP_TABLE_H
#define SAPXEP_TABLE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/xmem.h"

struct table {
	size_t ncols;
	struct strv cells;	/* row-major; the first row is the header */
	bool *right;		/* right-align column (numbers) */
	int max_width;		/* cut cells wider than this (0: never) */
};

void table_init(struct table *t, size_t ncols);
void table_free(struct table *t);
/* Append a cell to the current row; rows wrap after ncols cells. */
void table_add(struct table *t, const char *cell);
void table_addf(struct table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void table_align_right(struct table *t, size_t col);
size_t table_rows(const struct table *t);

/* Aligned text, two spaces between columns, a rule under the header. */
void table_print_text(const struct table *t, FILE *out);
/* RFC 4180 CSV, CRLF line ends, formulas neutralised. */
void table_print_csv(const struct table *t, FILE *out);

#endif
