/* value.h — field values: from what people type to canonical text, and
 * back to what they read.
 *
 * Canonical forms (what record files hold): integers "-12"; decimals
 * "1.5" (point, no exponent, at most 6 decimals); dates "2026-11-28";
 * booleans "true"/"false"; choices by code; refs by record id; text NFC.
 */
#ifndef SAPXEP_VALUE_H
#define SAPXEP_VALUE_H

#include <stdbool.h>

#include "core/err.h"
#include "core/i18n.h"
#include "core/xmem.h"
#include "model/form.h"

/* How to reach other records (for ref fields); any member may be NULL. */
struct refs {
	/* Display name of record `id` of `form`, or NULL if none. Borrowed. */
	const char *(*name)(void *data, const char *form, const char *id);
	/* Id of the record of `form` whose display name folds to the same key
	 * as `text`; *count gets how many matched. Borrowed. */
	const char *(*find)(void *data, const char *form, const char *text,
	    int *count);
	void *data;
};

/* Convert typed input for one scalar value of field f into canonical text
 * (owned, in *out). Accepts what officers type: "28/11/2026", numbers
 * in the interface language (num_canon_typed: "1,5" and "1.234" for
 * thousands in Vietnamese; "1.500" in a decimal field is refused as
 * ambiguous), "có"/"không", a choice's code or label, a record's display
 * name (with refs). Returns 0, or -1 with a message saying what is
 * expected. Empty input gives *out = NULL and 0. */
int value_from_input(const struct field *f, const char *in,
    const struct refs *refs, char **out, struct err *e);

/* Split a list typed as "a, b, c" and convert each item. An empty input
 * gives an empty list. Returns 0 or -1. */
int value_list_from_input(const struct field *f, const char *in,
    const struct refs *refs, struct strv *out, struct err *e);

/* Check and canonicalise a value read from a record file (machine forms
 * only: ISO dates, "." decimals, true/false). Returns 0 or -1. */
int value_canon(const struct field *f, const char *in, char **out,
    struct err *e);

/* How a canonical value reads on screen: dates dd/mm/yyyy, decimals with
 * the decimal mark of l (a comma in Vietnamese), booleans Có/Không, choices by label, refs by display name.
 * Owned. */
char *value_display(const struct field *f, const char *canon, enum lang l,
    const struct refs *refs);

/* The same for a list: items joined by ", ". Owned. */
char *value_display_list(const struct field *f, const struct strv *items,
    enum lang l, const struct refs *refs);

/* The value as it would be typed back into the field (dates dd/mm/yyyy,
 * decimals with the interface language's mark): what the editor starts
 * from. Owned. */
char *value_edit_text(const struct field *f, const char *canon);

/* Numeric value of a canonical integer or decimal. */
double value_number(const char *canon);

/* True when field f holds a list. */
bool field_is_list(const struct field *f);

#endif
