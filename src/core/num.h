/* num.h — numbers between the files and the people who read and type them.
 *
 * Two forms, and only this module converts between them:
 * - the FILE form, in every file sapxep reads or writes (records,
 *   sapxep.yaml, rule packs, lists, CSV, XLSX, reports), whatever the
 *   locale: a point before the decimals, no grouping ("28.4", "-12",
 *   "1234567.25");
 * - the TYPED form a person reads and types, in the interface language:
 *   Vietnamese "1.234.567,25" (point groups thousands, comma before the
 *   decimals), English "1,234,567.25".
 *
 * The process keeps LC_NUMERIC at "C" (main.c), and the file-form functions
 * below do not depend on the process locale either way: they use a "C"
 * locale of their own. Functions returning `char *` return an owned string.
 */
#ifndef SAPXEP_NUM_H
#define SAPXEP_NUM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"

#define NUM_DECIMALS_MAX 6	/* decimals a typed or canonical decimal may have */
#define NUM_WHOLE_DIGITS 12	/* a decimal's whole part is below 10^12 */

/* The language's decimal mark (',' in Vietnamese, '.' in English) and its
 * thousands separator ('.' in Vietnamese, ',' in English). */
char num_decimal_mark(enum lang l);
char num_group_mark(enum lang l);

/* --- the file form -------------------------------------------------------- */

/* strtod(3) in the "C" locale, whatever the process locale: what every
 * reader of a number in a file uses. */
double num_strtod(const char *s, char **end);

/* v with `dec` decimals in the file form ("28.40" for 28.4 and 2), into
 * buf of n bytes (truncated like snprintf). A value that rounds to zero is
 * written "0..." without a minus sign. Returns buf. */
char *num_file(char *buf, size_t n, double v, int dec);

/* --- canonical text ------------------------------------------------------- */

/* Outcome of reading a number's text. */
enum num_read {
	NUM_OK = 0,
	NUM_BAD = -1,		/* not a number of that kind */
	NUM_AMBIGUOUS = -2,	/* typed "1.500" in a decimal field in Vietnamese
				 * ("1,500" in English): thousands or decimals? */
};

/* Canonical text of a number read from a file: integers "-12" (digits
 * only, within long long), decimals with a point and 1 to NUM_DECIMALS_MAX
 * decimals ("1.5", "-0.25", "7.0"); no leading zeros, no exponent, no
 * grouping, no rounding through a binary double. *out is owned. */
enum num_read num_canon_file(const char *s, bool integer, char **out);

/* The same from what a person typed in language l: the language's decimal
 * mark ("28,4" in Vietnamese is 28.4), its thousands separator or spaces
 * in groups of three ("1.234.567", "1 234"). The other language's decimal
 * mark is taken where it cannot group thousands ("28.4" in Vietnamese),
 * and refused (NUM_AMBIGUOUS) in a decimal field where it could ("1.500"
 * in Vietnamese). In an integer field thousands groups are never
 * ambiguous. */
enum num_read num_canon_typed(const char *s, enum lang l, bool integer, char **out);

/* The two readings of an ambiguous typed decimal (num_canon_typed gave
 * NUM_AMBIGUOUS) as language l writes them, for a message saying what to
 * type: "1500" and "1,5" for "1.500" in Vietnamese. Both owned. */
void num_ambiguous_readings(const char *s, enum lang l, char **thousands,
    char **decimal);

/* --- the typed form ------------------------------------------------------- */

/* A file-form number as it is typed back in language l, without grouping:
 * "28.4" -> "28,4" in Vietnamese, unchanged in English. */
char *num_file_to_typed(const char *file_form, enum lang l);

/* v for a person to read in language l: at most max_dec decimals, trailing
 * zeros dropped down to min_dec, thousands grouped: num_show(1234567.5, 3,
 * 1, LANG_VI) is "1.234.567,5", in English "1,234,567.5". */
char *num_show(double v, int max_dec, int min_dec, enum lang l);

/* A whole number for a person: num_show(v, 0, 0, l). */
char *num_show_long(long v, enum lang l);

#endif
