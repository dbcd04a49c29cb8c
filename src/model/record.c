/* record.c — see record.h */
#include "model/record.h"
#include "core/i18n.h"

#include <stdlib.h>
#include <sys/types.h>
#include <string.h>

static const char *const status_names[] = {
	[RS_COMPLETE] = "complete",
	[RS_INCOMPLETE] = "incomplete",
	[RS_CONFLICT] = "conflict",
};

const char *rstatus_name(enum rstatus s)
{
	return status_names[s];
}

const char *rstatus_label(enum rstatus s)
{
	switch (s) {
	case RS_COMPLETE:
		return _("complete");
	case RS_INCOMPLETE:
		return _("incomplete");
	case RS_CONFLICT:
		return _("conflict");
	}
	return "";
}

int rstatus_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(status_names[i], s) == 0)
			return i;
	return -1;
}

struct record *record_new(const struct form *f)
{
	struct record *r = xcalloc(1, sizeof *r);
	if (uuid_v4(r->id) != 0) {
		free(r);
		return NULL;
	}
	r->form = xstrdup(f->name);
	r->form_version = f->version;
	r->status = RS_INCOMPLETE;
	for (size_t i = 0; i < f->nfields; i++) {
		const struct field *fd = &f->fields[i];
		if (fd->default_value)
			record_set_str(r, fd->name, fd->default_value);
	}
	return r;
}

static void fval_clear(struct fval *v)
{
	free(v->name);
	free(v->s);
	strv_free(&v->items);
}

void record_free(struct record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		fval_clear(&r->vals[i]);
	free(r->vals);
	free(r->form);
	free(r->created_at);
	free(r->created_by);
	free(r->updated_at);
	free(r->updated_by);
	free(r->path);
	for (size_t i = 0; i < r->nconflicts; i++)
		conflict_clear(&r->conflicts[i]);
	free(r->conflicts);
	free(r);
}

struct record *record_clone(const struct record *r)
{
	struct record *c = xcalloc(1, sizeof *c);
	memcpy(c->id, r->id, sizeof c->id);
	c->form = xstrdup(r->form);
	c->form_version = r->form_version;
	c->revision = r->revision;
	c->created_at = xstrdup(r->created_at);
	c->created_by = xstrdup(r->created_by);
	c->updated_at = xstrdup(r->updated_at);
	c->updated_by = xstrdup(r->updated_by);
	c->status = r->status;
	c->path = xstrdup(r->path);
	c->fields_line = r->fields_line;
	for (size_t i = 0; i < r->n; i++) {
		const struct fval *v = &r->vals[i];
		if (v->is_list)
			record_set_list(c, v->name, &v->items);
		else
			record_set_str(c, v->name, v->s);
		c->vals[i].line = v->line;
		c->vals[i].col = v->col;
	}
	for (size_t i = 0; i < r->nconflicts; i++)
		conflict_copy(record_conflict_add(c, r->conflicts[i].field),
		    &r->conflicts[i]);
	return c;
}

static struct fval *find(const struct record *r, const char *name)
{
	/* the first byte first: most names differ there, and this is asked
	 * for every field of every record checked */
	for (size_t i = 0; i < r->n; i++)
		if (r->vals[i].name[0] == name[0] && strcmp(r->vals[i].name, name) == 0)
			return &r->vals[i];
	return NULL;
}

const struct fval *record_get(const struct record *r, const char *name)
{
	return find(r, name);
}

const char *record_str(const struct record *r, const char *name)
{
	const struct fval *v = find(r, name);
	return v && !v->is_list ? v->s : NULL;
}

void record_unset(struct record *r, const char *name)
{
	struct fval *v = find(r, name);
	if (!v)
		return;
	fval_clear(v);
	size_t i = (size_t)(v - r->vals);
	memmove(&r->vals[i], &r->vals[i + 1], (r->n - i - 1) * sizeof *v);
	r->n--;
}

/* A new value at the end; the caller knows `name` has none yet. */
static struct fval *add(struct record *r, const char *name)
{
	XGROW(r->vals, r->cap, r->n + 1);
	struct fval *v = &r->vals[r->n++];
	memset(v, 0, sizeof *v);
	v->name = xstrdup(name);
	return v;
}

void record_add_str(struct record *r, const char *name, char *val)
{
	if (!val || !*val) {
		free(val);
		return;
	}
	add(r, name)->s = val;
}

void record_add_list(struct record *r, const char *name, struct strv *items)
{
	if (!items->n) {
		strv_free(items);
		return;
	}
	struct fval *v = add(r, name);
	v->is_list = true;
	v->items = *items;
	*items = (struct strv)STRV_INIT;
}

static struct fval *slot(struct record *r, const char *name)
{
	struct fval *v = find(r, name);
	if (v) {
		free(v->s);
		v->s = NULL;
		strv_free(&v->items);
		return v;
	}
	XGROW(r->vals, r->cap, r->n + 1);
	v = &r->vals[r->n++];
	memset(v, 0, sizeof *v);
	v->name = xstrdup(name);
	return v;
}

void record_set_str(struct record *r, const char *name, const char *val)
{
	if (!val || !*val) {
		record_unset(r, name);
		return;
	}
	char *copy = xstrdup(val);	/* val may point into the old value */
	struct fval *v = slot(r, name);
	v->is_list = false;
	v->s = copy;
}

void record_set_list(struct record *r, const char *name, const struct strv *items)
{
	if (!items || items->n == 0) {
		record_unset(r, name);
		return;
	}
	struct strv copy = STRV_INIT;
	for (size_t i = 0; i < items->n; i++)
		strv_push(&copy, items->v[i]);
	struct fval *v = slot(r, name);
	v->is_list = true;
	v->items = copy;
}

static bool fval_same(const struct fval *a, const struct fval *b)
{
	if (a->is_list != b->is_list)
		return false;
	if (!a->is_list)
		return strcmp(a->s, b->s) == 0;
	if (a->items.n != b->items.n)
		return false;
	for (size_t i = 0; i < a->items.n; i++)
		if (strcmp(a->items.v[i], b->items.v[i]) != 0)
			return false;
	return true;
}

bool record_value_same(const struct fval *a, const struct fval *b)
{
	if (!a || !b)
		return a == b;
	return fval_same(a, b);
}

bool record_same_values(const struct record *a, const struct record *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct fval *o = find(b, a->vals[i].name);
		if (!o || !fval_same(&a->vals[i], o))
			return false;
	}
	return true;
}

char *record_display_name(const struct record *r, const struct form *f)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < f->display.n; i++) {
		const char *v = record_str(r, f->display.v[i]);
		if (!v)
			continue;
		if (b.len)
			sbuf_adds(&b, " — ");
		sbuf_adds(&b, v);
	}
	if (!b.len)
		sbuf_adds(&b, _("(no name)"));
	return sbuf_detach(&b);
}

void record_position(const struct record *r, const char *name, int *line,
    int *col)
{
	const struct fval *v = name ? find(r, name) : NULL;
	if (v && v->line) {
		*line = v->line;
		*col = v->col;
	} else {
		*line = r->fields_line ? r->fields_line : 1;
		*col = 1;
	}
}

/* Sync conflicts. */

static bool same_name(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool cversion_same(const struct cversion *a, const struct cversion *b)
{
	if (!same_name(a->by, b->by) || !same_name(a->at, b->at) ||
	    a->has_value != b->has_value || a->is_list != b->is_list)
		return false;
	if (!a->has_value)
		return true;
	if (!a->is_list)
		return same_name(a->s, b->s);
	struct fval x = { NULL, true, NULL, a->items, 0, 0 };
	struct fval y = { NULL, true, NULL, b->items, 0, 0 };
	return fval_same(&x, &y);
}

static void cversion_clear(struct cversion *v)
{
	free(v->by);
	free(v->at);
	free(v->s);
	strv_free(&v->items);
}

void conflict_clear(struct conflict *c)
{
	for (size_t i = 0; i < c->n; i++)
		cversion_clear(&c->v[i]);
	free(c->v);
	free(c->field);
	memset(c, 0, sizeof *c);
}

bool conflict_same(const struct conflict *a, const struct conflict *b)
{
	if (!same_name(a->field, b->field) || a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (!cversion_same(&a->v[i], &b->v[i]))
			return false;
	return true;
}

void conflict_add_version(struct conflict *c, const char *by, const char *at,
    const struct fval *v)
{
	struct cversion n = { 0 };
	n.by = xstrdup(by);
	n.at = xstrdup(at);
	n.has_value = v != NULL;
	if (v && c->field) {
		n.is_list = v->is_list;
		if (v->is_list)
			for (size_t i = 0; i < v->items.n; i++)
				strv_push(&n.items, v->items.v[i]);
		else
			n.s = xstrdup(v->s);
	}
	for (size_t i = 0; i < c->n; i++)
		if (cversion_same(&c->v[i], &n)) {
			cversion_clear(&n);
			return;
		}
	XGROW(c->v, c->cap, c->n + 1);
	c->v[c->n++] = n;
}

void conflict_copy(struct conflict *dst, const struct conflict *src)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct cversion *v = &src->v[i];
		struct fval f = { NULL, v->is_list, v->s, v->items, 0, 0 };
		conflict_add_version(dst, v->by, v->at, v->has_value ? &f : NULL);
	}
}

static ssize_t conflict_index(const struct record *r, const char *field)
{
	for (size_t i = 0; i < r->nconflicts; i++)
		if (same_name(r->conflicts[i].field, field))
			return (ssize_t)i;
	return -1;
}

const struct conflict *record_conflict(const struct record *r, const char *field)
{
	ssize_t i = conflict_index(r, field);
	return i < 0 ? NULL : &r->conflicts[i];
}

struct conflict *record_conflict_add(struct record *r, const char *field)
{
	ssize_t i = conflict_index(r, field);
	if (i >= 0)
		return &r->conflicts[i];
	XGROW(r->conflicts, r->capconflicts, r->nconflicts + 1);
	struct conflict *c = &r->conflicts[r->nconflicts++];
	memset(c, 0, sizeof *c);
	c->field = xstrdup(field);
	return c;
}

void record_drop_conflict(struct record *r, const char *field)
{
	ssize_t i = conflict_index(r, field);
	if (i < 0)
		return;
	conflict_clear(&r->conflicts[i]);
	memmove(&r->conflicts[i], &r->conflicts[i + 1],
	    (r->nconflicts - (size_t)i - 1) * sizeof *r->conflicts);
	r->nconflicts--;
	if (r->nconflicts == 0 && r->status == RS_CONFLICT)
		r->status = RS_INCOMPLETE;
}

int record_resolve(struct record *r, const char *field, size_t i, struct err *e)
{
	const struct conflict *c = record_conflict(r, field);
	if (!c)
		return err_set(e, E_NOTFOUND, field ?
		    _("field %s has no conflict to resolve") :
		    _("this record has no edit-against-delete conflict"), field);
	if (i >= c->n)
		return err_set(e, E_NOTFOUND, _("there is no version %zu to choose (there are %zu)"),
		    i + 1, c->n);
	const struct cversion *v = &c->v[i];
	int rc = RESOLVE_KEPT;
	if (!field)
		rc = v->has_value ? RESOLVE_KEPT : RESOLVE_DELETE;
	else if (!v->has_value)
		record_unset(r, field);
	else if (v->is_list)
		record_set_list(r, field, &v->items);
	else
		record_set_str(r, field, v->s);
	record_drop_conflict(r, field);
	return rc;
}
