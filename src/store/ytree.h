/* ytree.h — a YAML document read safely into a small tree.
 *
 * The reader (yread.c, the only place besides ywrite.c that touches
 * libyaml) accepts one document of mappings, sequences and scalars and
 * rejects, with "file:line:column: message", everything a record, form or
 * rule file never needs and a hostile file could abuse: anchors and
 * aliases, tags, more than one document, duplicate or non-scalar keys,
 * NUL bytes, invalid UTF-8, and sizes, depths or node counts past the
 * limits. The tree owns all its memory (one arena, freed by ydoc_free).
 */
#ifndef SAPXEP_YTREE_H
#define SAPXEP_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

enum ykind {
	Y_SCALAR,
	Y_MAP,
	Y_SEQ,
};

struct ynode {
	enum ykind kind;
	int line, col;		/* 1-based position in the file */
	bool plain;		/* scalar written without quotes or block style */
	const char *s;		/* scalar text, NUL-terminated */
	size_t len;
	struct ynode **kids;	/* seq: items; map: key0, value0, key1, ... */
	size_t n;		/* number of kids (a map has n/2 pairs) */
};

struct ylimits {
	size_t max_bytes;	/* file size */
	int max_depth;		/* nesting of collections */
	size_t max_scalar;	/* bytes in one scalar */
	size_t max_nodes;	/* nodes in the document */
};

/* Limits for records and settings: 1 MiB, depth 16, 64 KiB scalars. */
extern const struct ylimits ylimits_record;
/* Limits for forms and rule packs, which are larger. */
extern const struct ylimits ylimits_config;

struct arena_block;

struct ydoc {
	struct ynode *root;	/* NULL for an empty document */
	char *name;		/* file name used in messages */
	struct arena_block *arena;
};

/* Parse buf[0..len). Returns 0, or -1 with "name:line:col: message". */
int ydoc_parse(const char *buf, size_t len, const char *name,
    const struct ylimits *lim, struct ydoc *doc, struct err *e);

/* Read and parse a file (not following a symbolic link). */
int ydoc_load(const char *path, const struct ylimits *lim, struct ydoc *doc,
    struct err *e);

void ydoc_free(struct ydoc *doc);

/* Value under `key` in a mapping, or NULL. */
const struct ynode *ymap_get(const struct ynode *map, const char *key);

/* True for an empty plain scalar, "~" or "null" (any case). */
bool ynode_is_null(const struct ynode *n);

/* Kind name for messages: "a mapping", "a list", "text". */
const char *ynode_kind_name(const struct ynode *n);

#endif
