/* record.h — one record (one YAML file) in memory.
 *
 * Field values are kept in their canonical text form, whatever the type:
 * "12", "1.5", "2026-11-28", "true", a choice code, a record id. A list
 * value (select_multiple, ref with many) keeps its items in order. A field
 * with no value is simply absent. The record owns everything it points to.
 */
#ifndef SAPXEP_RECORD_H
#define SAPXEP_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/uuid.h"
#include "core/xmem.h"
#include "model/form.h"

enum rstatus {
	RS_COMPLETE,
	RS_INCOMPLETE,
	RS_CONFLICT,
};

const char *rstatus_name(enum rstatus s);
/* The status as the interface shows it, in the current language. */
const char *rstatus_label(enum rstatus s);
int rstatus_parse(const char *s);	/* -1 if unknown */

struct fval {
	char *name;
	bool is_list;
	char *s;		/* scalar value (is_list false) */
	struct strv items;	/* list value (is_list true) */
	int line, col;		/* where the value stands in its file; 0: unknown */
};

/* One machine's version of a field in a sync conflict. */
struct cversion {
	char *by, *at;		/* who saved that version and when (owned) */
	bool has_value;		/* false: the field was empty there; in a record
				 * conflict: the record was deleted there */
	bool is_list;
	char *s;		/* scalar value (has_value, !is_list) */
	struct strv items;	/* list value (has_value, is_list) */
};

/* A field changed differently on two machines: every version is kept
 * until a person chooses. With `field` NULL: the record was edited on
 * one machine and deleted on another. */
struct conflict {
	char *field;		/* owned; NULL for the record itself */
	struct cversion *v;
	size_t n, cap;
};

/* The highest revision a record file may hold (2^53: exact in every
 * reader's number type); a file above it is refused on reading, a record
 * at it cannot be saved again. */
#define REVISION_MAX 9007199254740992L

struct record {
	char id[UUID_LEN + 1];
	char *form;
	int form_version;
	long revision;		/* 0: never saved; at most REVISION_MAX */
	char *created_at, *created_by;
	char *updated_at, *updated_by;
	enum rstatus status;
	struct fval *vals;
	size_t n, cap;
	char *path;		/* file it was loaded from, or NULL */
	int fields_line;	/* line of "fields:" in that file; 0: unknown */
	struct conflict *conflicts;	/* left by sync; see record_resolve */
	size_t nconflicts, capconflicts;
};

/* A new, unsaved record of form f with a fresh id and the form's literal
 * defaults. Returns NULL when no random id can be made. */
struct record *record_new(const struct form *f);
struct record *record_clone(const struct record *r);
void record_free(struct record *r);

const struct fval *record_get(const struct record *r, const char *name);
/* The scalar value of `name`, or NULL when absent or a list. Borrowed. */
const char *record_str(const struct record *r, const char *name);
/* Set a scalar; NULL or "" removes the value. Copies v. */
void record_set_str(struct record *r, const char *name, const char *v);
/* Set a list; an empty list removes the value. Copies the items. */
void record_set_list(struct record *r, const char *name, const struct strv *items);
void record_unset(struct record *r, const char *name);
/* For a reader that knows `name` has no value in r yet (a file's keys are
 * each there once): add it at the end, taking val / the items (which
 * become empty); nothing is added for "" or no items. */
void record_add_str(struct record *r, const char *name, char *val);
void record_add_list(struct record *r, const char *name, struct strv *items);
/* Where a field's value (or, when absent, the "fields:" key) stands in
 * the record's file; 1:1 when unknown. */
void record_position(const struct record *r, const char *name, int *line,
    int *col);

/* True when two values (either may be NULL: no value) are the same. */
bool record_value_same(const struct fval *a, const struct fval *b);

/* True when both records hold the same field values. */
bool record_same_values(const struct record *a, const struct record *b);

/* Sync conflicts. */

/* The conflict on `field` (NULL: the record-level one), or NULL. */
const struct conflict *record_conflict(const struct record *r, const char *field);
/* The conflict on `field`, created empty when absent. Borrowed. */
struct conflict *record_conflict_add(struct record *r, const char *field);
/* Append a version, copying it; v NULL records "no value" (in a
 * record-level conflict: "deleted", and any v: "edited"). An identical
 * version is not added twice. */
void conflict_add_version(struct conflict *c, const char *by, const char *at,
    const struct fval *v);
bool conflict_same(const struct conflict *a, const struct conflict *b);
void conflict_clear(struct conflict *c);
void conflict_copy(struct conflict *dst, const struct conflict *src);
/* Remove the conflict on `field` (NULL: record-level), keeping the
 * field's current value: the officer typed a value of their own. */
void record_drop_conflict(struct record *r, const char *field);

enum resolve_result {
	RESOLVE_KEPT = 0,	/* the chosen value is in the record */
	RESOLVE_DELETE = 1,	/* record-level: the deletion was chosen; the
				 * caller deletes the record (db_delete) */
};

/* Choose version `i` (0-based, as stored) of the conflict on `field`
 * (NULL: the record-level one): its value becomes the field's value (an
 * empty version clears the field) and the conflict is removed. When no
 * conflict remains the status leaves `conflict` (it becomes incomplete;
 * db_save then works the real status out). Returns RESOLVE_KEPT,
 * RESOLVE_DELETE, or -1 with E_NOTFOUND when there is no such conflict
 * or version. Nothing is saved: the caller saves through db_save. */
int record_resolve(struct record *r, const char *field, size_t i,
    struct err *e);

/* The record's display name: its form's display fields joined by " — ",
 * or "(no name)" — owned. */
char *record_display_name(const struct record *r, const struct form *f);

#endif
