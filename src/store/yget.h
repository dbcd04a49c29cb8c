/* yget.h — strict readers for values in a ytree, with messages.
 *
 * Every loader (records, forms, lists, settings, rule packs) reads its
 * tree through these, so every complaint reads the same way:
 * "path:line:col: key: what was expected, found what". Functions return 0
 * or -1; on -1 the context's error is set.
 */
#ifndef SAPXEP_YGET_H
#define SAPXEP_YGET_H

#include <stdbool.h>

#include "core/err.h"
#include "core/i18n.h"
#include "core/xmem.h"
#include "store/ytree.h"

struct yctx {
	const char *path;
	struct err *e;
};

int yc_bad(struct yctx *c, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* n must be a mapping whose keys are all in `allowed` (NULL-terminated);
 * `what` names the thing for the message ("a field"). */
int yc_map(struct yctx *c, const struct ynode *n, const char *what,
    const char *const *allowed);

/* Scalars under `key` of a mapping. A missing key (or null) gives -1 when
 * required, else leaves *out alone and returns 0. Strings are NFC, owned;
 * a required one must not be empty. */
int yc_str(struct yctx *c, const struct ynode *map, const char *key,
    bool required, char **out);
int yc_long(struct yctx *c, const struct ynode *map, const char *key,
    bool required, long min, long max, long *out);
int yc_double(struct yctx *c, const struct ynode *map, const char *key,
    bool required, double *out);
int yc_bool(struct yctx *c, const struct ynode *map, const char *key,
    bool required, bool *out);
/* {vi: ..., en: ...}; at least one language. */
int yc_i18n(struct yctx *c, const struct ynode *map, const char *key,
    bool required, struct i18n *out);
/* A list of strings, or a single string taken as a one-item list. */
int yc_strlist(struct yctx *c, const struct ynode *map, const char *key,
    bool required, struct strv *out);

/* The scalar text of a node, checked. */
int yc_scalar(struct yctx *c, const struct ynode *n, const char *key,
    const char **out);

/* True for [a-z][a-z0-9_]* of at most 64 bytes: names of forms, fields,
 * lists and folders, safe in paths. */
bool yc_is_ident(const char *s);
/* The same, also allowing '-' and a leading digit: rule pack names
 * ("nd33-2023"). */
bool yc_is_ident_dash(const char *s);

#endif
