/* yread.c — see ytree.h. One of the two files that include <yaml.h>. */
#include "store/ytree.h"
#include "store/fsutil.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

const struct ylimits ylimits_record = {
	.max_bytes = 1024 * 1024,
	.max_depth = 16,
	.max_scalar = 64 * 1024,
	.max_nodes = 20000,
};

const struct ylimits ylimits_config = {
	.max_bytes = 4 * 1024 * 1024,
	.max_depth = 32,
	.max_scalar = 64 * 1024,
	.max_nodes = 400000,
};

/* A bump allocator: nodes and scalars of one document live and die
 * together. */
struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	max_align_t data[];
};

static void *arena_alloc(struct ydoc *doc, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	struct arena_block *b = doc->arena;
	if (!b || b->cap - b->used < n) {
		/* a record needs a few KiB: start small (a large first block
		 * costs more to get from malloc than the record takes to read),
		 * then grow for forms and rule packs */
		size_t cap = b ? 32768 : 4096 - sizeof *b;
		if (cap < n)
			cap = n;
		b = xmalloc(sizeof *b + cap);
		b->next = doc->arena;
		b->used = 0;
		b->cap = cap;
		doc->arena = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

void ydoc_free(struct ydoc *doc)
{
	struct arena_block *b = doc->arena;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	free(doc->name);
	memset(doc, 0, sizeof *doc);
}

/* Collections are built with growable kid arrays on the heap, then copied
 * into the arena when they close. */
struct frame {
	struct ynode *node;
	struct ynode **kids;
	size_t n, cap;
};

static int fail(struct err *e, const struct ydoc *doc, int line, int col,
    const char *msg)
{
	return err_set(e, E_INVALID, "%s:%d:%d: %s", doc->name, line, col, msg);
}

static int keycmp(const void *a, const void *b)
{
	const struct ynode *x = *(const struct ynode *const *)a;
	const struct ynode *y = *(const struct ynode *const *)b;
	int c = strcmp(x->s, y->s);
	if (c)
		return c;
	return x->line != y->line ? (x->line < y->line ? -1 : 1) :
	    (x->col < y->col ? -1 : x->col > y->col);
}

/* True when a small mapping's keys are all different (most are). */
static bool keys_differ(const struct frame *fr, size_t pairs)
{
	for (size_t i = 1; i < pairs; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(fr->kids[2 * i]->s, fr->kids[2 * j]->s) == 0)
				return false;
	return true;
}

/* Keys must be scalars and appear once. */
static int check_map(struct frame *fr, const struct ydoc *doc, struct err *e)
{
	size_t pairs = fr->n / 2;
	if (pairs < 2)
		return 0;
	/* a record's mappings are small: comparing each pair costs less than
	 * sorting; the sort below still names the duplicate */
	if (pairs <= 24 && keys_differ(fr, pairs))
		return 0;
	struct ynode **keys = xreallocarray(NULL, pairs, sizeof *keys);
	for (size_t i = 0; i < pairs; i++)
		keys[i] = fr->kids[2 * i];
	qsort(keys, pairs, sizeof *keys, keycmp);
	int r = 0;
	for (size_t i = 1; i < pairs; i++) {
		if (strcmp(keys[i - 1]->s, keys[i]->s) == 0) {
			char msg[300];
			snprintf(msg, sizeof msg, _("duplicate key '%.200s' (also on line %d)"),
			    keys[i]->s, keys[i - 1]->line);
			r = fail(e, doc, keys[i]->line, keys[i]->col, msg);
			break;
		}
	}
	free(keys);
	return r;
}

static int line_col_of(const char *buf, size_t off, int *col)
{
	int line = 1;
	size_t start = 0;
	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n') {
			line++;
			start = i + 1;
		}
	int c = 1;
	for (size_t i = start; i < off; i++)
		c += ((unsigned char)buf[i] & 0xC0) != 0x80;
	*col = c;
	return line;
}

int ydoc_parse(const char *buf, size_t len, const char *name,
    const struct ylimits *lim, struct ydoc *doc, struct err *e)
{
	memset(doc, 0, sizeof *doc);
	doc->name = xstrdup(name);
	if (len > lim->max_bytes)
		return err_set(e, E_INVALID, _("%s:1:1: file is too large (%zu bytes, at most %zu)"),
		    name, len, lim->max_bytes);
	size_t bad;
	if (!text_valid(buf, len, &bad)) {
		int col, line = line_col_of(buf, bad, &col);
		return fail(e, doc, line, col, buf[bad] ?
		    _("not valid UTF-8 text") : _("NUL byte in the file"));
	}

	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return err_set(e, E_IO, _("%s: cannot start the YAML parser"), name);
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);

	struct frame *stack = NULL;
	size_t depth = 0, cap = 0, nodes = 0;
	int docs = 0, r = 0;
	bool done = false;
	while (!done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			char msg[300];
			snprintf(msg, sizeof msg, "%s%s%s", p.problem ? p.problem : _("syntax error"),
			    p.context ? " " : "", p.context ? p.context : "");
			r = fail(e, doc, (int)p.problem_mark.line + 1,
			    (int)p.problem_mark.column + 1, msg);
			break;
		}
		int line = (int)ev.start_mark.line + 1, col = (int)ev.start_mark.column + 1;
		struct ynode *node = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1)
				r = fail(e, doc, line, col, _("more than one document in the file"));
			break;
		case YAML_ALIAS_EVENT:
			r = fail(e, doc, line, col, _("aliases (*name) are not allowed"));
			break;
		case YAML_SCALAR_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT: {
			yaml_char_t *anchor = ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.anchor :
			    ev.type == YAML_MAPPING_START_EVENT ? ev.data.mapping_start.anchor :
			    ev.data.sequence_start.anchor;
			yaml_char_t *tag = ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.tag :
			    ev.type == YAML_MAPPING_START_EVENT ? ev.data.mapping_start.tag :
			    ev.data.sequence_start.tag;
			if (anchor) {
				r = fail(e, doc, line, col, _("anchors (&name) are not allowed"));
				break;
			}
			if (tag) {
				r = fail(e, doc, line, col, _("tags (!name) are not allowed"));
				break;
			}
			if (++nodes > lim->max_nodes) {
				r = fail(e, doc, line, col, _("too many values in one file"));
				break;
			}
			node = arena_alloc(doc, sizeof *node);
			memset(node, 0, sizeof *node);
			node->line = line;
			node->col = col;
			if (ev.type == YAML_SCALAR_EVENT) {
				size_t n = ev.data.scalar.length;
				if (n > lim->max_scalar) {
					r = fail(e, doc, line, col, _("value is too long"));
					break;
				}
				if (memchr(ev.data.scalar.value, 0, n)) {
					r = fail(e, doc, line, col, _("NUL character in a value"));
					break;
				}
				char *s = arena_alloc(doc, n + 1);
				memcpy(s, ev.data.scalar.value, n);
				s[n] = '\0';
				node->kind = Y_SCALAR;
				node->s = s;
				node->len = n;
				node->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			} else {
				node->kind = ev.type == YAML_MAPPING_START_EVENT ? Y_MAP : Y_SEQ;
			}
			break;
		}
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT: {
			struct frame *fr = &stack[depth - 1];
			if (fr->node->kind == Y_MAP && (r = check_map(fr, doc, e)) != 0)
				break;
			fr->node->n = fr->n;
			fr->node->kids = arena_alloc(doc, (fr->n ? fr->n : 1) * sizeof *fr->kids);
			if (fr->n)
				memcpy(fr->node->kids, fr->kids, fr->n * sizeof *fr->kids);
			free(fr->kids);
			depth--;	/* the node was attached when it opened */
			break;
		}
		default:
			break;
		}
		bool opens = ev.type == YAML_MAPPING_START_EVENT ||
		    ev.type == YAML_SEQUENCE_START_EVENT;
		yaml_event_delete(&ev);
		if (r != 0)
			break;
		if (!node)
			continue;
		if (opens && (int)depth >= lim->max_depth) {
			r = fail(e, doc, node->line, node->col, _("nested too deeply"));
			break;
		}
		if (depth == 0) {
			doc->root = node;
		} else {
			struct frame *pf = &stack[depth - 1];
			if (pf->node->kind == Y_MAP && pf->n % 2 == 0 &&
			    node->kind != Y_SCALAR) {
				r = fail(e, doc, node->line, node->col,
				    _("a key must be plain text"));
				break;
			}
			XGROW(pf->kids, pf->cap, pf->n + 1);
			pf->kids[pf->n++] = node;
		}
		if (opens) {
			XGROW(stack, cap, depth + 1);
			memset(&stack[depth], 0, sizeof stack[depth]);
			stack[depth++].node = node;
		}
	}
	if (r != 0) {
		while (depth > 0)
			free(stack[--depth].kids);
	}
	free(stack);
	yaml_parser_delete(&p);
	if (r != 0) {
		/* keep the name for the caller's messages, drop the nodes */
		char *keep = doc->name;
		doc->name = NULL;
		ydoc_free(doc);
		doc->name = keep;
	}
	return r;
}

int ydoc_load(const char *path, const struct ylimits *lim, struct ydoc *doc,
    struct err *e)
{
	char *buf;
	size_t len;
	memset(doc, 0, sizeof *doc);
	if (fs_read_file(path, lim->max_bytes, &buf, &len, e) != 0)
		return -1;
	int r = ydoc_parse(buf, len, path, lim, doc, e);
	free(buf);
	return r;
}

const struct ynode *ymap_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->n; i += 2)
		if (strcmp(map->kids[i]->s, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

bool ynode_is_null(const struct ynode *n)
{
	return n && n->kind == Y_SCALAR && n->plain &&
	    (n->len == 0 || strcmp(n->s, "~") == 0 || strcasecmp(n->s, "null") == 0);
}

const char *ynode_kind_name(const struct ynode *n)
{
	switch (n->kind) {
	case Y_MAP:
		return _("a mapping");
	case Y_SEQ:
		return _("a list");
	case Y_SCALAR:
		break;
	}
	return _("text");
}
