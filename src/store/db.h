/* db.h — the records of one workspace in memory, and the one path by
 * which the command line and the TUI check, save and delete them.
 *
 * A damaged file never stops the rest from loading: it is listed in
 * `errors` ("path:line:col: message") and left alone on disk.
 */
#ifndef SAPXEP_DB_H
#define SAPXEP_DB_H

#include "core/err.h"
#include "core/xmem.h"
#include "model/form.h"
#include "model/record.h"
#include "model/validate.h"
#include "model/value.h"
#include "store/workspace.h"

struct db_rec {
	struct record *r;	/* owned */
	char *name;		/* display name, owned */
	char *fold;		/* search key of the display name, owned */
};

struct db_table {
	const struct form *form;
	struct db_rec *v;	/* in id order */
	size_t n, cap;
};

struct db_memo;

struct db {
	struct workspace *ws;	/* borrowed */
	struct db_table *t;	/* one per form, in the formset's order */
	size_t nt;
	struct strv errors;	/* files that could not be loaded */
	struct refs refs;	/* ref lookups over this db */
	cross_check_fn cross;	/* cross-record rules; NULL when none */
	struct db_memo *memo;	/* see db_memo(); dropped at every change */
	size_t nmemo;
};

/* Load every record of every form of ws. Fails only when a record folder
 * cannot be read at all. */
int db_open(struct workspace *ws, struct db **out, struct err *e);
void db_free(struct db *db);

struct db_table *db_table(struct db *db, const char *form);
struct db_rec *db_get(struct db *db, const char *form, const char *id);

/* Data worked out from the records (an index for the rules across
 * records), kept with the db until a record is next saved, deleted or
 * reloaded: then free_fn(data) is called and db_memo returns NULL again.
 * `key` names the slot: the address of something of the caller's own.
 * Owned by the db once set. */
void *db_memo(struct db *db, const void *key);
void db_memo_set(struct db *db, const void *key, void *data, void (*free_fn)(void *));

/* The validation context over this db (today, refs, cross rules). */
void db_vctx(struct db *db, struct vctx *out);

/* All problems of r (fields, then cross-record rules). */
void db_check(struct db *db, const struct form *f, const struct record *r,
    struct problems *out);

/* A new record of form f, with the form's defaults and those taken from
 * the workspace settings (default_from). Owned; NULL if no id could be
 * made. */
struct record *db_new_record(struct db *db, const struct form *f);

/* Check r, set its status (complete / incomplete), save it through
 * ws_save and keep a copy in the db. `expected` as for ws_save. Problems
 * found go to *ps when not NULL. A record whose values are of the wrong
 * type is refused. On a refusal r and the db are unchanged. After a
 * successful save, e->kind != E_NONE carries a warning (sync could not
 * record the change). */
int db_save(struct db *db, struct record *r, long expected,
    struct problems *ps, struct ws_conflict *who, struct err *e);

int db_delete(struct db *db, const char *form, const char *id, long expected,
    struct ws_conflict *who, struct err *e);

/* One record that refers to another through a ref field. All borrowed
 * from the db: valid until the db next changes. */
struct db_referrer {
	const struct form *form;
	const struct db_rec *rec;	/* rec->name is its display name */
	const struct field *field;	/* the ref field that points */
};

/* Every record that refers to record `id` of form `form` (a ref field of
 * any form, single or many, holding that id), in the formset's order and
 * then by id; a record referring to itself is left out. *out is owned by
 * the caller (free it; the entries borrow from the db); returns the
 * count, 0 with *out NULL when nobody refers to it. */
size_t db_referrers(struct db *db, const char *form, const char *id,
    struct db_referrer **out);

/* Re-read one record from disk into the db (after a refused save, or a
 * sync). A missing file removes it from the db. */
int db_reload(struct db *db, const char *form, const char *id, struct err *e);

#endif
