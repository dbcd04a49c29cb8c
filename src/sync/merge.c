/* merge.c — see merge.h */
#include "sync/merge.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "model/validate.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Earlier or later by time (with their UTC offsets), then by name. */
static int cmp_when(const char *at_a, const char *by_a, const char *at_b,
    const char *by_b)
{
	time_t ta = 0, tb = 0;
	if (at_a)
		timestamp_parse(at_a, &ta);
	if (at_b)
		timestamp_parse(at_b, &tb);
	if (ta != tb)
		return ta < tb ? -1 : 1;
	int c = cmp_str(at_a, at_b);
	return c ? c : cmp_str(by_a, by_b);
}

/* A value as one string, for the last tie-break. Owned. */
static char *flat(const struct fval *v)
{
	if (!v)
		return xstrdup("");
	if (!v->is_list)
		return xstrdup(v->s);
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < v->items.n; i++) {
		sbuf_adds(&b, v->items.v[i]);
		sbuf_addc(&b, '\n');
	}
	return sbuf_detach(&b);
}

static int cmp_version(const void *x, const void *y)
{
	const struct cversion *a = x, *b = y;
	int c = cmp_when(a->at, a->by, b->at, b->by);
	if (c)
		return c;
	if (a->has_value != b->has_value)
		return a->has_value ? 1 : -1;
	struct fval fa = { NULL, a->is_list, a->s, a->items, 0, 0 };
	struct fval fb = { NULL, b->is_list, b->s, b->items, 0, 0 };
	char *sa = flat(a->has_value ? &fa : NULL), *sb = flat(b->has_value ? &fb : NULL);
	c = strcmp(sa, sb);
	free(sa);
	free(sb);
	return c;
}

static void sort_versions(struct record *r)
{
	for (size_t i = 0; i < r->nconflicts; i++)
		qsort(r->conflicts[i].v, r->conflicts[i].n, sizeof *r->conflicts[i].v,
		    cmp_version);
}

/* Is a the later save of the two? (Equal saves are equal in everything
 * this decides.) */
static bool later_side(const struct record *a, const struct record *b)
{
	return cmp_when(a->updated_at, a->updated_by, b->updated_at, b->updated_by) >= 0;
}

/* The value of the later save; between saves made at the same second by
 * the same officer, the greater value, so that the choice is the same
 * whichever side is "ours". */
static const struct fval *later_value(const struct record *a, const struct fval *va,
    const struct record *b, const struct fval *vb)
{
	int c = cmp_when(a->updated_at, a->updated_by, b->updated_at, b->updated_by);
	if (c)
		return c > 0 ? va : vb;
	if (!va || !vb)
		return va ? va : vb;
	char *sa = flat(va), *sb = flat(vb);
	c = strcmp(sa, sb);
	free(sa);
	free(sb);
	return c >= 0 ? va : vb;
}

static void set_value(struct record *r, const char *name, const struct fval *v)
{
	if (!v)
		record_unset(r, name);
	else if (v->is_list)
		record_set_list(r, name, &v->items);
	else
		record_set_str(r, name, v->s);
}

static void names_of(const struct record *r, struct strv *out)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		if (!strv_has(out, r->vals[i].name))
			strv_push(out, r->vals[i].name);
}

/* The three-way rule for one value: 0 take a, 1 take b, -1 both changed. */
static int pick(bool same_ab, bool same_oa, bool same_ob, bool has_base)
{
	if (same_ab)
		return 0;
	if (has_base && same_oa)
		return 1;
	if (has_base && same_ob)
		return 0;
	return -1;
}

static const struct conflict *conflict_of(const struct record *r, const char *field)
{
	return r ? record_conflict(r, field) : NULL;
}

static bool csame(const struct conflict *x, const struct conflict *y)
{
	if (!x || !y)
		return !x && !y;
	return conflict_same(x, y);
}

/* Did side r change field `name` since base? Choosing a version of a
 * conflict counts as a change even when the value chosen is the one
 * that stood meanwhile: two officers choosing differently must not have
 * one choice win silently. */
static bool changed(const struct record *base, const struct record *r, const char *name)
{
	if (!base)
		return true;
	return !record_value_same(record_get(base, name), record_get(r, name)) ||
	    !csame(record_conflict(base, name), record_conflict(r, name));
}

static void merge_fields(const struct record *base, const struct record *a,
    const struct record *b, struct record *m)
{
	struct strv names = STRV_INIT;
	names_of(base, &names);
	names_of(a, &names);
	names_of(b, &names);
	for (size_t i = 0; base && i < base->nconflicts; i++)
		if (base->conflicts[i].field && !strv_has(&names, base->conflicts[i].field))
			strv_push(&names, base->conflicts[i].field);
	strv_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		const struct fval *va = record_get(a, name), *vb = record_get(b, name);
		bool ca = changed(base, a, name), cb = changed(base, b, name);
		if (record_value_same(va, vb) || (ca && !cb)) {
			set_value(m, name, va);
		} else if (cb && !ca) {
			set_value(m, name, vb);
		} else {
			struct conflict *c = record_conflict_add(m, name);
			conflict_add_version(c, a->updated_by, a->updated_at, va);
			conflict_add_version(c, b->updated_by, b->updated_at, vb);
			set_value(m, name, later_value(a, va, b, vb));
		}
	}
	strv_free(&names);
}

static void add_key(struct strv *keys, bool *record_level, const struct record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nconflicts; i++) {
		const char *f = r->conflicts[i].field;
		if (!f)
			*record_level = true;
		else if (!strv_has(keys, f))
			strv_push(keys, f);
	}
}

static void merge_one_conflict(const struct record *base, const struct record *a,
    const struct record *b, const char *field, struct record *m)
{
	const struct conflict *ca = conflict_of(a, field), *cb = conflict_of(b, field);
	const struct conflict *co = conflict_of(base, field);
	int p = pick(csame(ca, cb), csame(co, ca), csame(co, cb), base != NULL);
	const struct conflict *take[2] = { NULL, NULL };
	if (p < 0) {
		take[0] = ca;	/* changed on both sides: keep every version */
		take[1] = cb;
	} else {
		take[0] = p == 0 ? ca : cb;
	}
	for (int k = 0; k < 2; k++)
		if (take[k] && take[k]->n)
			conflict_copy(record_conflict_add(m, field), take[k]);
}

static void merge_conflicts(const struct record *base, const struct record *a,
    const struct record *b, struct record *m)
{
	struct strv keys = STRV_INIT;
	bool record_level = false;
	add_key(&keys, &record_level, base);
	add_key(&keys, &record_level, a);
	add_key(&keys, &record_level, b);
	strv_sort(&keys);
	if (record_level)
		merge_one_conflict(base, a, b, NULL, m);
	for (size_t i = 0; i < keys.n; i++)
		merge_one_conflict(base, a, b, keys.v[i], m);
	strv_free(&keys);
}

/* A changed value that the serialiser would leave out, because the merge
 * made its field irrelevant, is kept as a conflict. */
static void keep_irrelevant(const struct form *f, const struct record *base,
    const struct record *a, const struct record *b, struct record *m)
{
	for (size_t i = 0; i < f->nfields; i++) {
		const struct field *fd = &f->fields[i];
		const struct fval *v = record_get(m, fd->name);
		if (!v || field_relevant(f, fd, m) || record_conflict(m, fd->name))
			continue;
		const struct fval *vo = base ? record_get(base, fd->name) : NULL;
		if (record_value_same(v, vo))
			continue;
		struct conflict *c = record_conflict_add(m, fd->name);
		conflict_add_version(c, a->updated_by, a->updated_at, record_get(a, fd->name));
		conflict_add_version(c, b->updated_by, b->updated_at, record_get(b, fd->name));
	}
}

int merge_records(const struct form *f, const struct record *base,
    const struct record *a, const struct record *b, struct record **out,
    struct err *e)
{
	if (strcmp(a->id, b->id) != 0 || strcmp(a->form, b->form) != 0 ||
	    (base && (strcmp(base->id, a->id) != 0 || strcmp(base->form, a->form) != 0)))
		return err_set(e, E_INVALID, _("the versions to merge are not of the same record"));
	bool a_later = later_side(a, b);
	const struct record *late = a_later ? a : b;
	struct record *m = xcalloc(1, sizeof *m);
	memcpy(m->id, a->id, sizeof m->id);
	m->form = xstrdup(a->form);
	m->form_version = a->form_version > b->form_version ? a->form_version : b->form_version;
	m->revision = (a->revision > b->revision ? a->revision : b->revision) + 1;
	const struct record *first = base;
	if (!first)
		first = cmp_when(a->created_at, a->created_by, b->created_at,
		    b->created_by) <= 0 ? a : b;
	m->created_at = xstrdup(first->created_at);
	m->created_by = xstrdup(first->created_by);
	m->updated_at = xstrdup(late->updated_at);
	m->updated_by = xstrdup(late->updated_by);
	merge_fields(base, a, b, m);
	merge_conflicts(base, a, b, m);
	keep_irrelevant(f, base, a, b, m);
	sort_versions(m);
	if (m->nconflicts) {
		m->status = RS_CONFLICT;
	} else {
		struct problems ps = { 0 };
		struct vctx ctx = { date_today(), NULL, NULL, NULL };
		validate_record(f, m, &ctx, &ps);
		m->status = validate_status(&ps);
		problems_free(&ps);
	}
	*out = m;
	return 0;
}

void merge_flag_deleted(struct record *r, const char *deleted_by,
    const char *deleted_at)
{
	struct conflict *c = record_conflict_add(r, NULL);
	struct fval kept = { 0 };
	conflict_add_version(c, r->updated_by, r->updated_at, &kept);
	conflict_add_version(c, deleted_by, deleted_at, NULL);
	sort_versions(r);
	r->status = RS_CONFLICT;
	r->revision++;
}
