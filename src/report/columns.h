/* columns.h — the figures of a report as columns: one table that the
 * text, CSV, YAML and XLSX writers all read, so they cannot disagree. */
#ifndef SAPXEP_REPORT_COLUMNS_H
#define SAPXEP_REPORT_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/figures.h"

struct rcol {
	const char *key;	/* "staff.before": YAML group and name */
	const char *heading;	/* English msgid, N_() */
	const char *brief;	/* short heading for the text table, N_() */
	bool decimal;		/* a double, else a long */
	size_t off;		/* offset in struct figures */
	int text_width;		/* > 0: shown in the text table, this wide */
};

extern const struct rcol rcols[];
extern const size_t nrcols;

double rcol_value(const struct rcol *c, const struct figures *f);

#endif
