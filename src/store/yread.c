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
	for (size_t i = 1; i < pairs; i++) {
		const char *k = fr->kids[2 * i]->s;
		for (size_t j = 0; j < i; j++)
			if (fr->kids[2 * j]->s[0] == k[0] && strcmp(fr->kids[2 * j]->s, k) == 0)
				return false;
	}
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

/* --- the short way: files as sapxep writes them ----------------------------
 *
 * Reading a record is mostly libyaml's scanner at work. The files sapxep
 * writes (ywrite.c) have a simple shape: one "key: value" or "- value"
 * per line, block collections indented by two, plain or single-quoted
 * scalars on one line. The short way reads exactly that shape into the
 * same tree libyaml's events give (the same nodes, texts, styles and
 * positions), and gives up at the first thing outside it: then the file
 * goes through libyaml, which reads it or says what is wrong with it. It
 * gives up on comments, blank lines, tabs, flow collections, anchors,
 * tags, other quotings, multi-line or empty values, document markers,
 * carriage returns, a missing last line break, keys that are not
 * letters, digits, '_', '.' or '-', plain values holding ": ", " #", a
 * trailing ':' or space, a control character, a line or paragraph
 * separator or a byte order mark, and on any limit reached (libyaml's
 * way then reports it). Tested against libyaml on every file of the
 * YAML test suite and on sapxep's own files (test_yread.c). */

struct quick {
	const char *p, *end;	/* the next line */
	int line;		/* its number */
	struct ydoc *doc;
	const struct ylimits *lim;
	size_t nodes;
};

/* The indentation of the next line (spaces only), or -1 at the end or on
 * a line the short way does not read (a tab, a blank or a comment). */
static int q_indent(const struct quick *q)
{
	const char *s = q->p;
	while (s < q->end && *s == ' ')
		s++;
	if (s >= q->end || *s == '\n' || *s == '\t' || *s == '#' || *s == '\r')
		return -1;
	return (int)(s - q->p);
}

static bool q_end(const struct quick *q)
{
	return q->p >= q->end;
}

static struct ynode *q_node(struct quick *q, enum ykind kind, int col)
{
	if (++q->nodes > q->lim->max_nodes)
		return NULL;
	struct ynode *n = arena_alloc(q->doc, sizeof *n);
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->line = q->line;
	n->col = col;
	return n;
}

/* A byte sequence libyaml reads as something else than a character of a
 * one-line scalar: a control character, a C1 control (NEL among them),
 * a line or paragraph separator, a byte order mark. */
static bool q_odd(const unsigned char *s)
{
	if (s[0] < 0x20 || s[0] == 0x7F)
		return true;
	if (s[0] == 0xC2 && s[1] >= 0x80 && s[1] < 0xA0)
		return true;
	if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9))
		return true;
	return s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF;
}

/* A scalar from s to the end of its line (col: where s stands); moves to
 * the next line. NULL when the short way does not read it. */
static struct ynode *q_scalar(struct quick *q, const char *s, int col)
{
	const char *eol = memchr(s, '\n', (size_t)(q->end - s));
	if (!eol || eol == s)
		return NULL;
	bool plain = *s != '\'';
	const char *from = s, *to = eol;	/* the text, quotes left out */
	size_t quotes = 0;			/* '' pairs in it */
	if (plain) {
		if (strchr("-?:,[]{}#&*!|>\"%@` ", *s))
			return NULL;
		for (const char *c = s; c < eol; c++) {
			if (q_odd((const unsigned char *)c) ||
			    (*c == ':' && (c + 1 == eol || c[1] == ' ')) ||
			    (*c == '#' && c[-1] == ' '))
				return NULL;
		}
		if (eol[-1] == ' ')
			return NULL;
	} else {
		const char *c = ++from;
		for (;;) {
			if (c >= eol)
				return NULL;	/* goes on to another line */
			if (*c == '\'' && c + 1 < eol && c[1] == '\'') {
				quotes++;
				c += 2;
				continue;
			}
			if (*c == '\'')
				break;
			if (q_odd((const unsigned char *)c))
				return NULL;
			c++;
		}
		if (c + 1 != eol)
			return NULL;	/* something after the closing quote */
		to = c;
	}
	size_t len = (size_t)(to - from) - quotes;
	struct ynode *n = len <= q->lim->max_scalar ? q_node(q, Y_SCALAR, col) : NULL;
	if (!n)
		return NULL;
	/* straight into the arena, each '' as one ' */
	char *t = arena_alloc(q->doc, len + 1), *w = t;
	for (const char *c = from; c < to; c++) {
		*w++ = *c;
		if (!plain && *c == '\'')
			c++;
	}
	*w = '\0';
	n->s = t;
	n->len = len;
	n->plain = plain;
	q->p = eol + 1;
	q->line++;
	return n;
}

static int q_kids(struct quick *q, struct ynode *n, struct frame *fr)
{
	n->n = fr->n;
	n->kids = arena_alloc(q->doc, (fr->n ? fr->n : 1) * sizeof *fr->kids);
	if (fr->n)
		memcpy(n->kids, fr->kids, fr->n * sizeof *fr->kids);
	free(fr->kids);
	return 0;
}

static struct ynode *q_block(struct quick *q, int indent, int depth);

/* "- value" lines at `indent`. */
static struct ynode *q_seq(struct quick *q, int indent, int depth)
{
	struct ynode *n = q_node(q, Y_SEQ, indent + 1);
	struct frame fr = { 0 };
	while (n && q_indent(q) == indent && q->p[indent] == '-' && q->p[indent + 1] == ' ') {
		struct ynode *item = q_scalar(q, q->p + indent + 2, indent + 3);
		if (!item) {
			n = NULL;
			break;
		}
		XGROW(fr.kids, fr.cap, fr.n + 1);
		fr.kids[fr.n++] = item;
	}
	if (!n || depth >= q->lim->max_depth) {
		free(fr.kids);
		return NULL;
	}
	q_kids(q, n, &fr);
	return n;
}

/* "key: value" and "key:" lines at `indent`, the latter followed by a
 * deeper block or by a list at the same indentation. */
/* Letters and digits of ASCII (isalnum depends on the locale). */
static bool q_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static struct ynode *q_map(struct quick *q, int indent, int depth)
{
	struct ynode *n = depth < q->lim->max_depth ? q_node(q, Y_MAP, indent + 1) : NULL;
	struct frame fr = { 0 };
	while (n && q_indent(q) == indent) {
		const char *k = q->p + indent, *c = k;
		if (!q_alnum(*c) && *c != '_')
			goto no;
		while (q_alnum(*c) || *c == '_' || *c == '.' || *c == '-')
			c++;
		if (*c != ':' || (c[1] != ' ' && c[1] != '\n') || (size_t)(c - k) > q->lim->max_scalar)
			goto no;
		struct ynode *key = q_node(q, Y_SCALAR, indent + 1), *val;
		if (!key)
			goto no;
		char *t = arena_alloc(q->doc, (size_t)(c - k) + 1);
		memcpy(t, k, (size_t)(c - k));
		t[c - k] = '\0';
		key->s = t;
		key->len = (size_t)(c - k);
		key->plain = true;
		if (c[1] == ' ') {
			val = q_scalar(q, c + 2, indent + (int)(c - k) + 3);
		} else {
			q->p = c + 2;
			q->line++;
			int next = q_indent(q);
			if (next > indent)
				val = q_block(q, next, depth + 1);
			else if (next == indent && q->p[indent] == '-' && q->p[indent + 1] == ' ')
				val = q_seq(q, indent, depth + 1);
			else
				val = NULL;	/* an empty value */
		}
		if (!val)
			goto no;
		XGROW(fr.kids, fr.cap, fr.n + 2);
		fr.kids[fr.n++] = key;
		fr.kids[fr.n++] = val;
	}
	/* the next line belongs to an outer block, or there is none */
	if (!n || (!q_end(q) && (q_indent(q) < 0 || q_indent(q) > indent)) ||
	    (fr.n / 2 > 1 && (fr.n / 2 > 24 || !keys_differ(&fr, fr.n / 2))))
		goto no;
	q_kids(q, n, &fr);
	return n;
no:
	free(fr.kids);
	return NULL;
}

static struct ynode *q_block(struct quick *q, int indent, int depth)
{
	if (q->p[indent] == '-' && q->p[indent + 1] == ' ')
		return q_seq(q, indent, depth);
	return q_map(q, indent, depth);
}

/* The tree of buf the short way, or false (the arena is then emptied). */
static bool quick_parse(const char *buf, size_t len, const struct ylimits *lim,
    struct ydoc *doc)
{
	struct quick q = { buf, buf + len, 1, doc, lim, 0 };
	struct ynode *root = NULL;
	if (len && buf[len - 1] == '\n' && !memchr(buf, '\r', len) &&
	    !(len >= 3 && memcmp(buf, "---", 3) == 0) && q_indent(&q) == 0)
		root = q_block(&q, 0, 0);
	if (root && q_end(&q)) {
		doc->root = root;
		return true;
	}
	struct arena_block *b = doc->arena;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	doc->arena = NULL;
	return false;
}

int ydoc_parse(const char *buf, size_t len, const char *name,
    const struct ylimits *lim, struct ydoc *doc, struct err *e)
{
	return ydoc_parse_how(buf, len, name, lim, YREAD_ANY, doc, e);
}

int ydoc_parse_how(const char *buf, size_t len, const char *name,
    const struct ylimits *lim, enum yread_how how, struct ydoc *doc, struct err *e)
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
	if (how != YREAD_LIBYAML && quick_parse(buf, len, lim, doc))
		return 0;
	if (how == YREAD_SHORT)
		return err_set(e, E_INVALID, "%s: not in the shape sapxep writes", name);

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
		if (map->kids[i]->s[0] == key[0] && strcmp(map->kids[i]->s, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

bool ynode_is_null(const struct ynode *n)
{
	return n && n->kind == Y_SCALAR && n->plain &&
	    (n->len == 0 || (n->len == 1 && n->s[0] == '~') ||
	    (n->len == 4 && strcasecmp(n->s, "null") == 0));
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
