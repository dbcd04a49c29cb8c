/* record_io.c — see record_io.h */
#include "store/record_io.h"
#include "store/fsutil.h"
#include "store/yget.h"
#include "store/ytree.h"
#include "store/ywrite.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/uuid.h"
#include "model/validate.h"
#include "model/value.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_name(const void *a, const void *b)
{
	const struct fval *x = *(const struct fval *const *)a;
	const struct fval *y = *(const struct fval *const *)b;
	return strcmp(x->name, y->name);
}

static bool plain_type(const struct field *fd)
{
	return fd->type == FT_INTEGER || fd->type == FT_DECIMAL ||
	    fd->type == FT_DATE || fd->type == FT_BOOLEAN;
}

/* A value longer than the reader takes would make a file that cannot be
 * read back: refused before anything is written. */
static int fits(const char *name, const char *v, struct err *e)
{
	size_t n = strlen(v);
	if (n <= ylimits_record.max_scalar)
		return 0;
	return err_set(e, E_INVALID,
	    _("field %s: %zu bytes is too long to save (at most %zu); shorten it"), name, n,
	    ylimits_record.max_scalar);
}

/* Write one value of a known field, checking that it is canonical. */
static int write_value(struct yw *w, const struct field *fd, const char *v,
    unsigned flags, struct err *e)
{
	if (fits(fd->name, v, e) != 0)
		return -1;
	if (!(flags & RIO_DRAFT) && fd->type == FT_REF) {
		if (!uuid_valid(v))
			return err_set(e, E_INVALID, _("field %s: '%s' is not a record id"),
			    fd->name, v);
		yw_plain(w, v);	/* a UUID reads as text in every YAML schema */
		return 0;
	}
	if ((flags & RIO_DRAFT) || !plain_type(fd)) {
		yw_text(w, v);
		return 0;
	}
	char *canon = NULL;
	struct err ve;
	if (value_canon(fd, v, &canon, &ve) != 0 || !canon || strcmp(canon, v) != 0) {
		free(canon);
		return err_set(e, E_INVALID, _("field %s: '%s' is not a valid %s value"),
		    fd->name, v, ftype_name(fd->type));
	}
	free(canon);
	yw_plain(w, v);
	return 0;
}

/* Canonical order of conflicts: the record-level one first, then the
 * form's field order, then fields the form does not know, by name. */
static const struct form *sort_form;

static long conflict_rank(const struct conflict *c)
{
	if (!c->field)
		return -1;
	int i = form_field_index(sort_form, c->field);
	return i >= 0 ? i : (long)sort_form->nfields;
}

static int cmp_conflict(const void *a, const void *b)
{
	const struct conflict *x = *(const struct conflict *const *)a;
	const struct conflict *y = *(const struct conflict *const *)b;
	long rx = conflict_rank(x), ry = conflict_rank(y);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	return x->field && y->field ? strcmp(x->field, y->field) : 0;
}

static int write_version(struct yw *w, const struct form *f, const struct conflict *c,
    const struct cversion *v, unsigned flags, struct err *e)
{
	time_t t;
	if (!v->by || !v->at || timestamp_parse(v->at, &t) != 0)
		return err_set(e, E_INVALID, _("conflict on %s: a version lacks who or when"),
		    c->field ? c->field : _("the record"));
	yw_map_begin(w);
	yw_pair(w, "by", v->by);
	yw_pair_plain(w, "at", v->at);
	if (!c->field) {
		if (!v->has_value)
			yw_pair_plain(w, "deleted", "true");
	} else if (v->has_value) {
		const struct field *fd = form_field(f, c->field);
		int rc = 0;
		yw_text(w, "value");
		if (v->is_list) {
			yw_seq_begin(w);
			for (size_t k = 0; k < v->items.n && rc == 0; k++)
				rc = fd ? write_value(w, fd, v->items.v[k], flags, e) :
				    (yw_text(w, v->items.v[k]), 0);
			yw_seq_end(w);
		} else {
			rc = fd ? write_value(w, fd, v->s, flags, e) : (yw_text(w, v->s), 0);
		}
		if (rc != 0)
			return err_prefix(e, _("conflict on %s"), c->field);
	}
	yw_map_end(w);
	return 0;
}

/* The conflicts section, when there is one. */
static int write_conflicts(struct yw *w, const struct form *f, const struct record *r,
    unsigned flags, struct err *e)
{
	if (r->nconflicts == 0)
		return 0;
	const struct conflict **v = xreallocarray(NULL, r->nconflicts, sizeof *v);
	for (size_t i = 0; i < r->nconflicts; i++)
		v[i] = &r->conflicts[i];
	sort_form = f;
	qsort(v, r->nconflicts, sizeof *v, cmp_conflict);
	int rc = 0;
	yw_text(w, "conflicts");
	yw_seq_begin(w);
	for (size_t i = 0; i < r->nconflicts && rc == 0; i++) {
		yw_map_begin(w);
		if (v[i]->field)
			yw_pair(w, "field", v[i]->field);
		yw_text(w, "versions");
		yw_seq_begin(w);
		for (size_t k = 0; k < v[i]->n && rc == 0; k++)
			rc = write_version(w, f, v[i], &v[i]->v[k], flags, e);
		yw_seq_end(w);
		yw_map_end(w);
	}
	yw_seq_end(w);
	free(v);
	return rc;
}

int record_serialize(const struct form *f, const struct record *r,
    unsigned flags, char **out, size_t *len, struct err *e)
{
	if (!uuid_valid(r->id))
		return err_set(e, E_INVALID, _("record id '%s' is not a UUID"), r->id);
	struct yw *w = yw_new();
	char num[32];
	yw_map_begin(w);
	yw_pair_plain(w, "id", r->id);
	yw_pair(w, "form", r->form);
	snprintf(num, sizeof num, "%d", r->form_version);
	yw_pair_plain(w, "form_version", num);
	snprintf(num, sizeof num, "%ld", r->revision);
	yw_pair_plain(w, "revision", num);
	yw_pair_plain(w, "created_at", r->created_at);
	yw_pair(w, "created_by", r->created_by);
	yw_pair_plain(w, "updated_at", r->updated_at);
	yw_pair(w, "updated_by", r->updated_by);
	yw_pair(w, "status", rstatus_name(r->status));
	yw_text(w, "fields");
	yw_map_begin(w);
	for (size_t i = 0; i < f->nfields; i++) {
		const struct field *fd = &f->fields[i];
		const struct fval *v = record_get(r, fd->name);
		if (!v || (!(flags & RIO_DRAFT) && !field_relevant(f, fd, r)))
			continue;
		if (!(flags & RIO_DRAFT) && v->is_list != field_is_list(fd)) {
			yw_abort(w);
			return err_set(e, E_INVALID, field_is_list(fd) ?
			    _("field %s needs a list of values") :
			    _("field %s takes one value, not a list"), fd->name);
		}
		yw_text(w, fd->name);
		int rc = 0;
		if (v->is_list) {
			yw_seq_begin(w);
			for (size_t k = 0; k < v->items.n && rc == 0; k++)
				rc = write_value(w, fd, v->items.v[k], flags, e);
			yw_seq_end(w);
		} else {
			rc = write_value(w, fd, v->s, flags, e);
		}
		if (rc != 0) {
			yw_abort(w);
			return -1;
		}
	}
	/* values of fields the form does not know, kept, in name order */
	const struct fval **extra = xreallocarray(NULL, r->n ? r->n : 1, sizeof *extra);
	size_t nextra = 0;
	for (size_t i = 0; i < r->n; i++)
		if (!form_field(f, r->vals[i].name))
			extra[nextra++] = &r->vals[i];
	qsort(extra, nextra, sizeof *extra, cmp_name);
	int rc = 0;
	for (size_t i = 0; i < nextra && rc == 0; i++) {
		yw_text(w, extra[i]->name);
		if (extra[i]->is_list) {
			yw_seq_begin(w);
			for (size_t k = 0; k < extra[i]->items.n && rc == 0; k++) {
				rc = fits(extra[i]->name, extra[i]->items.v[k], e);
				yw_text(w, extra[i]->items.v[k]);
			}
			yw_seq_end(w);
		} else {
			rc = fits(extra[i]->name, extra[i]->s, e);
			yw_text(w, extra[i]->s);
		}
	}
	free(extra);
	if (rc != 0) {
		yw_abort(w);
		return -1;
	}
	yw_map_end(w);
	if (write_conflicts(w, f, r, flags, e) != 0) {
		yw_abort(w);
		return -1;
	}
	yw_map_end(w);
	if (yw_finish(w, out, len, e) != 0)
		return -1;
	/* and as a whole (size, number of values): what is written must read
	 * back, or the record would vanish from the lists */
	struct ydoc doc;
	struct err pe;
	rc = ydoc_parse(*out, *len, r->id, &ylimits_record, &doc, &pe);
	ydoc_free(&doc);
	if (rc != 0) {
		free(*out);
		*out = NULL;
		return err_set(e, E_INVALID,
		    _("this record is too large to save; remove some of it (%s)"), pe.msg);
	}
	return 0;
}

int record_fits(const struct form *f, const struct record *r, struct err *e)
{
	/* as it will be saved: with times and authors (of a typical length) */
	struct record *c = record_clone(r);
	char **fill[] = { &c->created_at, &c->updated_at };
	for (int i = 0; i < 2; i++)
		if (!*fill[i])
			*fill[i] = xstrdup("2000-01-01T00:00:00+07:00");
	if (!c->created_by)
		c->created_by = xstrdup("officer");
	if (!c->updated_by)
		c->updated_by = xstrdup("officer");
	char *buf;
	size_t len;
	int rc = record_serialize(f, c, 0, &buf, &len, e);
	if (rc == 0)
		free(buf);
	record_free(c);
	return rc;
}

/* Loading. */

struct ctx {
	struct yctx y;
	unsigned flags;
};

#define bad(c, n, ...) yc_bad(&(c)->y, (n), __VA_ARGS__)

static int want_scalar(struct ctx *c, const struct ynode *n, const char *key)
{
	if (!n)
		return bad(c, NULL, _("missing key '%s'"), key);
	if (n->kind != Y_SCALAR || ynode_is_null(n))
		return bad(c, n, _("%s: expected a value, found %s"), key,
		    ynode_is_null(n) ? _("nothing") : ynode_kind_name(n));
	return 0;
}

static int get_long(struct ctx *c, const struct ynode *n, const char *key,
    long min, long max, long *out)
{
	if (want_scalar(c, n, key) != 0)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(n->s, &end, 10);
	if (!n->plain || errno || *end || end == n->s || v < min)
		return bad(c, n, _("%s: expected a whole number of at least %ld, found '%s'"),
		    key, min, n->s);
	if (v > max)
		return bad(c, n, _("%s: %s is above the limit (%ld)"), key, n->s, max);
	*out = v;
	return 0;
}

static int get_time(struct ctx *c, const struct ynode *n, const char *key,
    char **out)
{
	time_t t;
	if (want_scalar(c, n, key) != 0)
		return -1;
	if (timestamp_parse(n->s, &t) != 0)
		return bad(c, n, _("%s: '%s' is not a date and time like 2026-11-28T10:15:03+07:00"),
		    key, n->s);
	*out = xstrdup(n->s);
	return 0;
}

static int get_text(struct ctx *c, const struct ynode *n, const char *key,
    char **out)
{
	if (want_scalar(c, n, key) != 0)
		return -1;
	char *t = text_nfc(n->s);
	if (!t)
		return bad(c, n, _("%s: not valid UTF-8 text"), key);
	*out = t;
	return 0;
}

static int load_value(struct ctx *c, const struct field *fd, const struct ynode *n,
    char **out)
{
	if (n->kind != Y_SCALAR)
		return bad(c, n, _("field %s: expected a value, found %s"), fd ? fd->name : "?",
		    ynode_kind_name(n));
	if (!fd || (c->flags & RIO_DRAFT)) {
		*out = text_nfc(n->s);
		if (!*out)
			return bad(c, n, _("not valid UTF-8 text"));
		return 0;
	}
	struct err ve;
	if (value_canon(fd, n->s, out, &ve) != 0)
		return bad(c, n, _("field %s: %s"), fd->name, ve.msg);
	if (!*out)
		return bad(c, n, _("field %s: empty value; leave the field out instead"), fd->name);
	return 0;
}

static void set_pos(struct record *r, const char *name, const struct ynode *n)
{
	/* most often the value just added, at the end */
	if (r->n && strcmp(r->vals[r->n - 1].name, name) == 0) {
		r->vals[r->n - 1].line = n->line;
		r->vals[r->n - 1].col = n->col;
		return;
	}
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->vals[i].name, name) == 0) {
			r->vals[i].line = n->line;
			r->vals[i].col = n->col;
		}
}

static int load_fields(struct ctx *c, const struct form *f, const struct ynode *map,
    struct record *r)
{
	if (ynode_is_null(map))
		return 0;
	if (map->kind != Y_MAP)
		return bad(c, map, _("fields: expected a mapping, found %s"), ynode_kind_name(map));
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->kids[i], *v = map->kids[i + 1];
		const struct field *fd = form_field(f, k->s);
		/* a field the form does not know is kept, but only under a name
		 * a form could have: the same rule as conflicts' field names */
		if (!fd && !yc_is_ident(k->s))
			return bad(c, k, _("field: '%s' is not a field name"), k->s);
		if (ynode_is_null(v))
			continue;
		if (v->kind == Y_SEQ) {
			if (fd && !field_is_list(fd) && !(c->flags & RIO_DRAFT))
				return bad(c, v, _("field %s takes one value, not a list"), fd->name);
			struct strv items = STRV_INIT;
			for (size_t j = 0; j < v->n; j++) {
				char *item;
				if (load_value(c, fd, v->kids[j], &item) != 0) {
					strv_free(&items);
					return -1;
				}
				strv_take(&items, item);
			}
			/* keys are each there once (the reader checks) */
			record_add_list(r, k->s, &items);
			set_pos(r, k->s, v);
		} else if (v->kind == Y_SCALAR) {
			if (fd && field_is_list(fd) && !(c->flags & RIO_DRAFT))
				return bad(c, v, _("field %s needs a list of values"), fd->name);
			char *s;
			if (load_value(c, fd, v, &s) != 0)
				return -1;
			record_add_str(r, k->s, s);
			set_pos(r, k->s, v);
		} else {
			return bad(c, v, _("field %s: expected a value or a list, found %s"),
			    k->s, ynode_kind_name(v));
		}
	}
	return 0;
}

/* One version of a conflict: {by, at, value} or, for the record-level
 * conflict, {by, at, deleted}. */
static int load_version(struct ctx *c, const struct form *f, struct conflict *cf,
    const struct ynode *n)
{
	static const char *const field_keys[] = { "by", "at", "value", NULL };
	static const char *const record_keys_v[] = { "by", "at", "deleted", NULL };
	char *by = NULL, *at = NULL;
	struct fval val = { 0 };
	bool deleted = false, has = false;
	int rc = -1;
	if (yc_map(&c->y, n, _("a conflict version"), cf->field ? field_keys : record_keys_v) != 0 ||
	    get_text(c, ymap_get(n, "by"), "by", &by) != 0 ||
	    get_time(c, ymap_get(n, "at"), "at", &at) != 0 ||
	    yc_bool(&c->y, n, "deleted", false, &deleted) != 0)
		goto out;
	const struct ynode *v = ymap_get(n, "value");
	if (cf->field && v && !ynode_is_null(v)) {
		const struct field *fd = form_field(f, cf->field);
		has = true;
		if (v->kind == Y_SEQ) {
			if (fd && !field_is_list(fd) && !(c->flags & RIO_DRAFT)) {
				bad(c, v, _("field %s takes one value, not a list"), fd->name);
				goto out;
			}
			val.is_list = true;
			for (size_t j = 0; j < v->n; j++) {
				char *item;
				if (load_value(c, fd, v->kids[j], &item) != 0)
					goto out;
				strv_take(&val.items, item);
			}
		} else {
			if (fd && field_is_list(fd) && !(c->flags & RIO_DRAFT)) {
				bad(c, v, _("field %s needs a list of values"), fd->name);
				goto out;
			}
			if (load_value(c, fd, v, &val.s) != 0)
				goto out;
		}
	}
	if (!cf->field)
		has = !deleted;
	conflict_add_version(cf, by, at, has ? &val : NULL);
	rc = 0;
out:
	free(by);
	free(at);
	free(val.s);
	strv_free(&val.items);
	return rc;
}

static int load_conflicts(struct ctx *c, const struct form *f, const struct ynode *seq,
    struct record *r)
{
	static const char *const keys[] = { "field", "versions", NULL };
	if (!seq || ynode_is_null(seq))
		return 0;
	if (seq->kind != Y_SEQ)
		return bad(c, seq, _("conflicts: expected a list, found %s"), ynode_kind_name(seq));
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *n = seq->kids[i];
		char *field = NULL;
		if (yc_map(&c->y, n, _("a conflict"), keys) != 0 ||
		    yc_str(&c->y, n, "field", false, &field) != 0)
			return -1;
		if (field && !yc_is_ident(field)) {
			bad(c, ymap_get(n, "field"), _("field: '%s' is not a field name"), field);
			free(field);
			return -1;
		}
		if (record_conflict(r, field)) {
			bad(c, n, field ? _("a second conflict on field %s") :
			    _("a second edit-against-delete conflict"), field);
			free(field);
			return -1;
		}
		struct conflict *cf = record_conflict_add(r, field);
		free(field);
		const struct ynode *vs = ymap_get(n, "versions");
		if (!vs || vs->kind != Y_SEQ || vs->n == 0)
			return bad(c, vs ? vs : n, _("versions: expected a list of the versions in conflict"));
		for (size_t k = 0; k < vs->n; k++)
			if (load_version(c, f, cf, vs->kids[k]) != 0)
				return -1;
	}
	return 0;
}

static const char *const record_keys[] = {
	"id", "form", "form_version", "revision", "created_at", "created_by",
	"updated_at", "updated_by", "status", "fields", NULL,
};
enum { K_ID, K_FORM, K_FORM_VERSION, K_REVISION, K_CREATED_AT, K_CREATED_BY,
	K_UPDATED_AT, K_UPDATED_BY, K_STATUS, K_FIELDS };

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int record_parse(const char *buf, size_t len, const char *path,
    const struct formset *fs, const char *expect_form, unsigned flags,
    struct record **out, struct err *e)
{
	struct ydoc doc;
	struct ctx c = { { path, e }, flags };
	if (ydoc_parse(buf, len, path, &ylimits_record, &doc, e) != 0) {
		ydoc_free(&doc);
		return -1;
	}
	const struct ynode *root = doc.root;
	struct record *r = NULL;
	int rc = -1;
	if (!root || root->kind != Y_MAP) {
		bad(&c, root, _("a record must be a mapping of keys (id, form, fields...)"));
		goto out;
	}
	/* each key's value, in record_keys' order, found in one pass */
	const struct ynode *at[sizeof record_keys / sizeof *record_keys] = { 0 };
	const struct ynode *conflicts = NULL;
	for (size_t i = 0; i + 1 < root->n; i += 2) {
		if (strcmp(root->kids[i]->s, "conflicts") == 0) {
			conflicts = root->kids[i + 1];	/* optional: after a sync */
			continue;
		}
		int k = 0;
		while (record_keys[k] && strcmp(root->kids[i]->s, record_keys[k]) != 0)
			k++;
		if (!record_keys[k]) {
			bad(&c, root->kids[i], _("unknown key '%s' (a record has id, form, form_version, revision, created_at, created_by, updated_at, updated_by, status, fields, and conflicts after a sync)"),
			    root->kids[i]->s);
			goto out;
		}
		at[k] = root->kids[i + 1];
	}
	for (int k = 0; record_keys[k]; k++) {
		bool stamp = k >= K_CREATED_AT && k <= K_UPDATED_BY;
		if (stamp && (flags & RIO_DRAFT))
			continue;	/* a new record's draft has no times yet */
		if (!at[k]) {
			bad(&c, root, _("missing key '%s'"), record_keys[k]);
			goto out;
		}
	}
	const struct ynode *n = at[K_ID];
	if (want_scalar(&c, n, "id") != 0)
		goto out;
	if (!uuid_valid(n->s)) {
		bad(&c, n, _("id: '%s' is not a UUID"), n->s);
		goto out;
	}
	const char *base = base_name(path);
	if (strncmp(base, n->s, UUID_LEN) != 0 || strcmp(base + UUID_LEN, ".yaml") != 0) {
		bad(&c, n, _("id %s does not match the file name %s"), n->s, base_name(path));
		goto out;
	}
	const struct ynode *fn = at[K_FORM];
	if (want_scalar(&c, fn, "form") != 0)
		goto out;
	const struct form *f = formset_get(fs, fn->s);
	if (!f) {
		bad(&c, fn, _("form '%s' is not known"), fn->s);
		goto out;
	}
	if (expect_form && strcmp(expect_form, f->name) != 0) {
		bad(&c, fn, _("a record of form %s found in the folder of form %s"),
		    f->name, expect_form);
		goto out;
	}
	r = xcalloc(1, sizeof *r);
	memcpy(r->id, n->s, UUID_LEN + 1);
	r->form = xstrdup(f->name);
	long v;
	if (get_long(&c, at[K_FORM_VERSION], "form_version", 1, LONG_MAX, &v) != 0)
		goto out;
	if (v > f->version) {
		bad(&c, at[K_FORM_VERSION],
		    _("form_version %ld is newer than this program's form %s (version %d); update sapxep"),
		    v, f->name, f->version);
		goto out;
	}
	r->form_version = (int)v;
	if (get_long(&c, at[K_REVISION], "revision",
	    (flags & RIO_DRAFT) ? 0 : 1, REVISION_MAX, &r->revision) != 0)
		goto out;
	if (!(flags & RIO_DRAFT) || at[K_CREATED_AT]) {
		if (get_time(&c, at[K_CREATED_AT], "created_at", &r->created_at) != 0 ||
		    get_text(&c, at[K_CREATED_BY], "created_by", &r->created_by) != 0 ||
		    get_time(&c, at[K_UPDATED_AT], "updated_at", &r->updated_at) != 0 ||
		    get_text(&c, at[K_UPDATED_BY], "updated_by", &r->updated_by) != 0)
			goto out;
	}
	const struct ynode *st = at[K_STATUS];
	if (want_scalar(&c, st, "status") != 0)
		goto out;
	int s = rstatus_parse(st->s);
	if (s < 0) {
		bad(&c, st, _("status: '%s' is not complete, incomplete or conflict"), st->s);
		goto out;
	}
	r->status = (enum rstatus)s;
	for (size_t i = 0; i + 1 < root->n; i += 2)
		if (strcmp(root->kids[i]->s, "fields") == 0)
			r->fields_line = root->kids[i]->line;
	if (load_fields(&c, f, at[K_FIELDS], r) != 0 ||
	    load_conflicts(&c, f, conflicts, r) != 0)
		goto out;
	r->path = xstrdup(path);
	*out = r;
	r = NULL;
	rc = 0;
out:
	record_free(r);
	ydoc_free(&doc);
	return rc;
}

int record_load(const char *path, const struct formset *fs,
    const char *expect_form, unsigned flags, struct record **out,
    struct err *e)
{
	char *buf;
	size_t len;
	if (fs_read_file(path, ylimits_record.max_bytes, &buf, &len, e) != 0)
		return -1;
	int r = record_parse(buf, len, path, fs, expect_form, flags, out, e);
	free(buf);
	return r;
}

bool record_is_canonical(const char *buf, size_t len, const char *path,
    const struct formset *fs, struct err *e)
{
	struct record *r;
	if (record_parse(buf, len, path, fs, NULL, 0, &r, e) != 0)
		return false;
	const struct form *f = formset_get(fs, r->form);
	char *out;
	size_t olen;
	bool same = false;
	if (record_serialize(f, r, 0, &out, &olen, e) == 0) {
		same = olen == len && memcmp(out, buf, len) == 0;
		if (!same)
			err_set(e, E_INVALID, _("%s: not in canonical form (save it with sapxep)"),
			    path);
		free(out);
	}
	record_free(r);
	return same;
}
