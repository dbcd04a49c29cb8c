/* record_io.h — record files: canonical bytes out, strict checks in.
 *
 * A record file is a mapping with exactly these keys, in this order:
 * id, form, form_version, revision, created_at, created_by, updated_at,
 * updated_by, status, fields, and `conflicts` when sync left some.
 * Field values are written in the form's field order (fields not
 * relevant are left out), then any value of a field the form does not
 * know, by name, kept as it was. Conflicts come the record-level one
 * first, then in field order; every version's value is kept whether or
 * not its field is relevant. Same record, same bytes.
 */
#ifndef SAPXEP_RECORD_IO_H
#define SAPXEP_RECORD_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "model/form.h"
#include "model/record.h"

enum {
	/* A draft: revision may be 0, values are kept as typed text and
	 * written as text (a half-typed date survives a hang-up). */
	RIO_DRAFT = 1 << 0,
};

/* Canonical bytes of r (owned in *out). Fails, writing nothing, when a
 * value of a known field is not of its type. */
int record_serialize(const struct form *f, const struct record *r,
    unsigned flags, char **out, size_t *len, struct err *e);

/* Would r, once saved, read back: are its values and the whole file
 * within the limits every record file is read with? 0, or -1 with what
 * is too long (record_serialize refuses the same). */
int record_fits(const struct form *f, const struct record *r, struct err *e);

/* Parse a record file's bytes. `path` is used in messages and for the
 * id check: the file must be named <id>.yaml. `expect_form` (may be
 * NULL) is the form of the folder it was found in. Messages are
 * "path:line:col: ...". On success *out is owned by the caller. */
int record_parse(const char *buf, size_t len, const char *path,
    const struct formset *fs, const char *expect_form, unsigned flags,
    struct record **out, struct err *e);

/* Read and parse a record file. */
int record_load(const char *path, const struct formset *fs,
    const char *expect_form, unsigned flags, struct record **out,
    struct err *e);

/* True when buf is exactly what record_serialize would write for the
 * record it holds (the server's check for canonical form). */
bool record_is_canonical(const char *buf, size_t len, const char *path,
    const struct formset *fs, struct err *e);

#endif
