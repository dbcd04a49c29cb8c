/* ywrite.h — canonical YAML output through libyaml's emitter.
 *
 * Block style, two-space indent, no line folding, UTF-8 written as is.
 * yw_text() writes a string so that any YAML 1.1 or 1.2 reader gets the
 * same string back: plain when nothing could read it as anything else,
 * a literal block for multi-line text, quoted otherwise. The same calls
 * always give the same bytes.
 */
#ifndef SAPXEP_YWRITE_H
#define SAPXEP_YWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/err.h"

struct yw;

struct yw *yw_new(void);
/* A writer that streams to `out` as it goes (which it does not close);
 * yw_finish then takes out == NULL. */
struct yw *yw_new_stream(FILE *out);
void yw_map_begin(struct yw *w);
void yw_map_end(struct yw *w);
void yw_seq_begin(struct yw *w);
void yw_seq_end(struct yw *w);
/* A string value (or key) that must read back as this very string. */
void yw_text(struct yw *w, const char *s);
/* A plain scalar the caller has made canonical: 12, 1.5, true,
 * 2026-11-28, a timestamp. */
void yw_plain(struct yw *w, const char *s);
/* key: text value (skipped when value is NULL). */
void yw_pair(struct yw *w, const char *key, const char *value);
void yw_pair_plain(struct yw *w, const char *key, const char *value);
/* End the document; the output (owned, NUL-terminated) goes to *out.
 * Frees w in all cases. */
int yw_finish(struct yw *w, char **out, size_t *len, struct err *e);
/* Drop an unfinished writer. */
void yw_abort(struct yw *w);

/* True when s may be written plain and still read back as text. */
bool yw_plain_safe(const char *s);

#endif
