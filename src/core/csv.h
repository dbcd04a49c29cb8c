/* csv.h — RFC 4180 CSV, UTF-8.
 *
 * The writer quotes what needs quoting, ends rows with CRLF, and can
 * neutralise text that a spreadsheet would run as a formula. The reader
 * takes a whole buffer (a leading UTF-8 byte order mark is skipped;
 * fields are separated by ',' or by ';' as Excel writes where the decimal
 * mark is a comma, whichever the header row holds more of),
 * keeps each row's line number for messages, and reports malformed input
 * with its line instead of guessing.
 */
#ifndef SAPXEP_CSV_H
#define SAPXEP_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/xmem.h"

/* Append one field (preceded by a comma unless `first`). With `formula`
 * set, text starting with = + - @ TAB or CR gets a leading apostrophe. */
void csv_field(struct sbuf *out, const char *s, bool first, bool formula);
void csv_endrow(struct sbuf *out);

/* True when a spreadsheet would treat s as a formula (a signed number is
 * not one). */
bool csv_is_formula(const char *s);
/* True when s is a neutralised formula ("'=1+2"): the importer drops the
 * apostrophe the writer added. */
bool csv_unneutralise(const char *s);

struct csv_row {
	int line;		/* 1-based line where the row starts */
	struct strv fields;	/* owned */
};

struct csv {
	struct csv_row *rows;
	size_t n, cap;
	char sep;		/* ',' or ';', as found */
};

/* The separator of a file: ';' when its first row has more of them than
 * commas outside quotes, else ','. */
char csv_sniff(const char *buf, size_t len);

/* Parse buf[0..len). `name` is used in messages. Returns 0, or -1 with a
 * message "name:line: ..." (unterminated quote, text after a closing quote,
 * invalid UTF-8, NUL byte). On success the caller owns *out (csv_free). */
int csv_parse(const char *buf, size_t len, const char *name, struct csv *out,
    struct err *e);
void csv_free(struct csv *c);

#endif
