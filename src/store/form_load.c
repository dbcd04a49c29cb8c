/* form_load.c — see form_load.h */
#include "store/form_load.h"
#include "store/fsutil.h"
#include "store/yget.h"
#include "store/ytree.h"
#include "core/dates.h"
#include "core/text.h"
#include "model/value.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const form_keys[] = {
	"form", "version", "title", "folder", "display", "list", "identity",
	"lists", "fields", NULL,
};

static const char *const field_keys[] = {
	"name", "type", "label", "hint", "required", "min", "max",
	"max_length", "min_items", "max_items", "choices", "choice_filter",
	"form", "many", "relevant", "default", "default_from", "default_map", NULL,
};

static const char *const choice_keys[] = { "code", "label", "tags", NULL };
static const char *const list_keys[] = { "list", "source", "choices", NULL };
static const char *const relevant_keys[] = { "field", "in", "not_in", NULL };
static const char *const bound_keys[] = { "field", NULL };

static int parse_choices(struct yctx *c, const struct ynode *seq,
    struct choice_list *l)
{
	if (!seq || seq->kind != Y_SEQ)
		return yc_bad(c, seq, _("choices must be a list of {code, label}"));
	l->items = xcalloc(seq->n ? seq->n : 1, sizeof *l->items);
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *n = seq->kids[i];
		struct choice *ch = &l->items[l->n++];
		if (yc_map(c, n, _("a choice"), choice_keys) != 0 ||
		    yc_str(c, n, "code", true, &ch->code) != 0 ||
		    yc_i18n(c, n, "label", true, &ch->label) != 0 ||
		    yc_strlist(c, n, "tags", false, &ch->tags) != 0)
			return -1;
		if (text_has_controls(ch->code, false) || strpbrk(ch->code, ", ") ||
		    !*ch->code)
			return yc_bad(c, n, _("choice code '%s' must be one word without commas"),
			    ch->code);
		for (size_t j = 0; j + 1 < l->n; j++)
			if (strcmp(l->items[j].code, ch->code) == 0)
				return yc_bad(c, n, _("choice code '%s' appears twice"), ch->code);
		char *all = xasprintf("%s %s %s", ch->code, ch->label.vi ? ch->label.vi : "",
		    ch->label.en ? ch->label.en : "");
		ch->fold = text_fold(all);
		free(all);
	}
	return 0;
}

int choice_list_parse(const char *buf, size_t len, const char *path,
    struct choice_list *out, struct err *e)
{
	struct ydoc doc;
	struct yctx c = { path, e };
	memset(out, 0, sizeof *out);
	if (ydoc_parse(buf, len, path, &ylimits_config, &doc, e) != 0) {
		ydoc_free(&doc);
		return -1;
	}
	int r = -1;
	const struct ynode *root = doc.root;
	if (yc_map(&c, root, _("a choice list file"), list_keys) != 0 ||
	    yc_str(&c, root, "list", true, &out->name) != 0 ||
	    yc_i18n(&c, root, "source", false, &out->source) != 0)
		goto out;
	if (!yc_is_ident(out->name)) {
		yc_bad(&c, ymap_get(root, "list"),
		    _("list name '%s' must be lower-case letters, digits and _"), out->name);
		goto out;
	}
	if (parse_choices(&c, ymap_get(root, "choices"), out) != 0)
		goto out;
	out->path = xstrdup(path);
	r = 0;
out:
	if (r != 0)
		choice_list_clear(out);
	ydoc_free(&doc);
	return r;
}

static int parse_bound(struct yctx *c, const struct ynode *fnode,
    const char *key, enum ftype t, struct bound *b)
{
	const struct ynode *n = ymap_get(fnode, key);
	if (!n || ynode_is_null(n))
		return 0;
	if (t != FT_INTEGER && t != FT_DECIMAL && t != FT_DATE)
		return yc_bad(c, n, _("%s applies to numbers and dates only"), key);
	if (n->kind == Y_MAP) {
		if (yc_map(c, n, key, bound_keys) != 0 ||
		    yc_str(c, n, "field", true, &b->spec) != 0)
			return -1;
		b->kind = BOUND_FIELD;
		return 0;
	}
	const char *s = NULL;
	if (yc_scalar(c, n, key, &s) != 0)
		return -1;
	if (t == FT_DATE) {
		struct date d, today = { 2000, 1, 1 };
		if (date_resolve(s, today, &d) != 0)
			return yc_bad(c, n,
			    _("%s: '%s' is not a date bound (2020-01-01, today, -16y, +6m, -30d)"),
			    key, s);
		b->kind = BOUND_DATE;
		b->spec = xstrdup(s);
		return 0;
	}
	double v;
	if (yc_double(c, fnode, key, true, &v) != 0)
		return -1;
	b->kind = BOUND_NUMBER;
	b->num = v;
	return 0;
}

static int parse_relevant(struct yctx *c, const struct ynode *n,
    struct relevance *rel)
{
	if (!n || ynode_is_null(n))
		return 0;
	if (yc_map(c, n, "relevant", relevant_keys) != 0 ||
	    yc_str(c, n, "field", true, &rel->field) != 0)
		return -1;
	bool has_in = ymap_get(n, "in") != NULL, has_not = ymap_get(n, "not_in") != NULL;
	if (has_in == has_not)
		return yc_bad(c, n, _("relevant needs exactly one of 'in' or 'not_in'"));
	rel->negate = has_not;
	return yc_strlist(c, n, has_in ? "in" : "not_in", true, &rel->values);
}

/* default_map: {setting value: field value, ...}, with default_from. */
static int parse_default_map(struct yctx *c, const struct ynode *fnode, struct field *fd)
{
	const struct ynode *m = ymap_get(fnode, "default_map");
	if (!m || ynode_is_null(m))
		return 0;
	if (!fd->default_from)
		return yc_bad(c, m, _("field %s: default_map needs default_from (the setting it maps)"),
		    fd->name);
	if (m->kind != Y_MAP || m->n == 0)
		return yc_bad(c, m,
		    _("field %s: default_map must map values of the setting to values of the field, e.g. {xa: thon, phuong: tdp}"),
		    fd->name);
	for (size_t i = 0; i + 1 < m->n; i += 2) {
		const char *from, *to;
		if (yc_scalar(c, m->kids[i], "default_map", &from) != 0 ||
		    yc_scalar(c, m->kids[i + 1], "default_map", &to) != 0)
			return -1;
		strv_push(&fd->map_from, from);
		strv_push(&fd->map_to, to);
	}
	return 0;
}

static int parse_field(struct yctx *c, const struct ynode *n, struct form *f,
    struct field *fd)
{
	char *type = NULL;
	fd->line = n ? n->line : 1;
	fd->col = n ? n->col : 1;
	if (yc_map(c, n, _("a field"), field_keys) != 0 ||
	    yc_str(c, n, "name", true, &fd->name) != 0 ||
	    yc_str(c, n, "type", true, &type) != 0)
		goto fail;
	if (!yc_is_ident(fd->name)) {
		yc_bad(c, ymap_get(n, "name"),
		    _("field name '%s' must be lower-case letters, digits and _"), fd->name);
		goto fail;
	}
	int t = ftype_parse(type);
	if (t < 0) {
		yc_bad(c, ymap_get(n, "type"),
		    _("unknown field type '%s' (text, multiline, integer, decimal, date, boolean, select_one, select_multiple, ref)"),
		    type);
		goto fail;
	}
	fd->type = (enum ftype)t;
	if (yc_i18n(c, n, "label", true, &fd->label) != 0 ||
	    yc_i18n(c, n, "hint", false, &fd->hint) != 0 ||
	    yc_bool(c, n, "required", false, &fd->required) != 0 ||
	    parse_bound(c, n, "min", fd->type, &fd->min) != 0 ||
	    parse_bound(c, n, "max", fd->type, &fd->max) != 0 ||
	    yc_long(c, n, "max_length", false, 1, 100000, &fd->max_length) != 0 ||
	    yc_long(c, n, "min_items", false, 0, 10000, &fd->min_items) != 0 ||
	    yc_long(c, n, "max_items", false, 0, 10000, &fd->max_items) != 0 ||
	    yc_str(c, n, "choice_filter", false, &fd->choice_filter) != 0 ||
	    yc_str(c, n, "form", false, &fd->ref_form) != 0 ||
	    yc_bool(c, n, "many", false, &fd->ref_many) != 0 ||
	    parse_relevant(c, ymap_get(n, "relevant"), &fd->relevant) != 0 ||
	    yc_str(c, n, "default", false, &fd->default_value) != 0 ||
	    yc_str(c, n, "default_from", false, &fd->default_from) != 0 ||
	    parse_default_map(c, n, fd) != 0)
		goto fail;
	bool sel = fd->type == FT_SELECT_ONE || fd->type == FT_SELECT_MULTIPLE;
	const struct ynode *ch = ymap_get(n, "choices");
	if (sel && (!ch || ynode_is_null(ch))) {
		yc_bad(c, n, _("field %s: a %s field needs 'choices' (a list, or the name of one)"),
		    fd->name, type);
		goto fail;
	}
	if (!sel && ch) {
		yc_bad(c, ch, _("field %s: only select fields take 'choices'"), fd->name);
		goto fail;
	}
	if (sel && ch->kind == Y_SCALAR) {
		fd->choices_name = xstrdup(ch->s);
	} else if (sel) {
		/* inline choices become a form list named after the field */
		f->lists = xreallocarray(f->lists, f->nlists + 1, sizeof *f->lists);
		struct choice_list *l = &f->lists[f->nlists++];
		memset(l, 0, sizeof *l);
		l->name = xstrdup(fd->name);
		l->path = xstrdup(c->path);
		fd->choices_name = xstrdup(fd->name);
		if (parse_choices(c, ch, l) != 0)
			goto fail;
	}
	if (fd->type == FT_REF && !fd->ref_form) {
		yc_bad(c, n, _("field %s: a ref field needs 'form' (the form it points to)"),
		    fd->name);
		goto fail;
	}
	if (fd->type != FT_REF && (ymap_get(n, "form") || ymap_get(n, "many"))) {
		yc_bad(c, n, _("field %s: only ref fields take 'form' and 'many'"), fd->name);
		goto fail;
	}
	if (fd->max_length && fd->type != FT_TEXT && fd->type != FT_MULTILINE) {
		yc_bad(c, ymap_get(n, "max_length"),
		    _("field %s: max_length applies to text only"), fd->name);
		goto fail;
	}
	if ((fd->min_items || fd->max_items) && !field_is_list(fd)) {
		yc_bad(c, n, _("field %s: min_items and max_items apply to lists only"),
		    fd->name);
		goto fail;
	}
	if (fd->choice_filter && !sel) {
		yc_bad(c, ymap_get(n, "choice_filter"),
		    _("field %s: only select fields take choice_filter"), fd->name);
		goto fail;
	}
	static const char *const settings[] = { "commune.region", "commune.kind",
		"commune.class", "commune.border_or_island", "commune.key_security", NULL };
	bool known = false;
	for (int i = 0; fd->default_from && settings[i]; i++)
		known |= strcmp(fd->default_from, settings[i]) == 0;
	if (fd->default_from && !known) {
		yc_bad(c, ymap_get(n, "default_from"),
		    _("field %s: default_from must be commune.region, commune.kind, commune.class, commune.border_or_island or commune.key_security"),
		    fd->name);
		goto fail;
	}
	free(type);
	return 0;
fail:
	free(type);
	return -1;
}

static bool field_named(const struct form *f, size_t upto, const char *name)
{
	for (size_t i = 0; i < upto; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return true;
	return false;
}

/* A min above the max lets no value through: a typo in the form. Two
 * absolute dates, or two relative ones (which move together), are
 * compared; "2019-01-01" against "today" depends on the day. */
static int check_bounds(struct yctx *c, const struct ynode *fields,
    const struct form *f)
{
	for (size_t i = 0; i < f->nfields; i++) {
		const struct field *fd = &f->fields[i];
		const struct bound *lo = &fd->min, *hi = &fd->max;
		if (lo->kind == BOUND_NUMBER && hi->kind == BOUND_NUMBER && lo->num > hi->num)
			return yc_bad(c, fields->kids[i], _("field %s: min (%g) is more than max (%g)"),
			    fd->name, lo->num, hi->num);
		struct date day = { 2000, 1, 1 }, a, b;
		bool lo_abs = date_parse_iso(lo->spec ? lo->spec : "", &a) == 0;
		bool hi_abs = date_parse_iso(hi->spec ? hi->spec : "", &b) == 0;
		if (lo->kind == BOUND_DATE && hi->kind == BOUND_DATE && lo_abs == hi_abs &&
		    date_resolve(lo->spec, day, &a) == 0 &&
		    date_resolve(hi->spec, day, &b) == 0 && date_cmp(a, b) > 0)
			return yc_bad(c, fields->kids[i], _("field %s: min (%s) is after max (%s)"),
			    fd->name, lo->spec, hi->spec);
	}
	return 0;
}

/* Fields shown only when another field is shown must not go round in a
 * circle: none of them would ever be shown. */
static int check_circles(struct yctx *c, const struct ynode *fields,
    const struct form *f)
{
	for (size_t i = 0; i < f->nfields; i++) {
		const struct field *fd = &f->fields[i];
		for (size_t steps = 0; fd && fd->relevant.field && steps < f->nfields; steps++) {
			fd = form_field(f, fd->relevant.field);
			if (fd != &f->fields[i])
				continue;
			struct sbuf chain = SBUF_INIT;
			const struct field *k = fd;
			do {
				sbuf_printf(&chain, "%s%s", chain.len ? ", " : "", k->name);
				k = form_field(f, k->relevant.field);
			} while (k && k != fd);
			int r = yc_bad(c, fields->kids[i],
			    _("field %s: 'relevant' goes round in a circle (%s); none of these fields would ever be shown"),
			    fd->name, sbuf_str(&chain));
			sbuf_free(&chain);
			return r;
		}
	}
	return 0;
}

/* Names used in display, list, relevant, choice_filter and bounds must be
 * fields of the form. */
static int check_names(struct yctx *c, const struct ynode *root, struct form *f)
{
	const struct ynode *fields = ymap_get(root, "fields");
	for (size_t i = 0; i < f->nfields; i++) {
		struct field *fd = &f->fields[i];
		const struct ynode *fn = fields->kids[i];
		const char *refs[] = { fd->relevant.field, fd->choice_filter,
			fd->min.kind == BOUND_FIELD ? fd->min.spec : NULL,
			fd->max.kind == BOUND_FIELD ? fd->max.spec : NULL };
		for (size_t k = 0; k < 4; k++) {
			if (!refs[k])
				continue;
			if (!form_field(f, refs[k]))
				return yc_bad(c, fn, _("field %s refers to '%s', which is not a field of this form"),
				    fd->name, refs[k]);
			if (strcmp(refs[k], fd->name) == 0)
				return yc_bad(c, fn, _("field %s refers to itself"), fd->name);
		}
		/* a bound taken from another field compares like with like */
		const struct bound *bounds[] = { &fd->min, &fd->max };
		for (int k = 0; k < 2; k++) {
			if (bounds[k]->kind != BOUND_FIELD)
				continue;
			const struct field *o = form_field(f, bounds[k]->spec);
			bool num = o->type == FT_INTEGER || o->type == FT_DECIMAL;
			if ((fd->type == FT_DATE) != (o->type == FT_DATE) ||
			    (fd->type != FT_DATE && !num))
				return yc_bad(c, fn, _("field %s: %s: field %s is %s, not %s"),
				    fd->name, k ? "max" : "min", o->name,
				    o->type == FT_DATE ? _("a date") : num ? _("a number") :
				    ftype_name(o->type),
				    fd->type == FT_DATE ? _("a date") : _("a number"));
		}
	}
	if (check_bounds(c, fields, f) != 0 || check_circles(c, fields, f) != 0)
		return -1;
	const struct strv *cols[] = { &f->display, &f->list, &f->identity };
	const char *keys[] = { "display", "list", "identity" };
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < cols[k]->n; i++)
			if (!form_field(f, cols[k]->v[i]))
				return yc_bad(c, ymap_get(root, keys[k]),
				    _("%s: '%s' is not a field of this form"), keys[k], cols[k]->v[i]);
	return 0;
}

int form_parse(const char *buf, size_t len, const char *path,
    struct form **out, struct err *e)
{
	struct ydoc doc;
	struct yctx c = { path, e };
	if (ydoc_parse(buf, len, path, &ylimits_config, &doc, e) != 0) {
		ydoc_free(&doc);
		return -1;
	}
	struct form *f = xcalloc(1, sizeof *f);
	const struct ynode *root = doc.root;
	long version = 0;
	int r = -1;
	if (yc_map(&c, root, _("a form file"), form_keys) != 0 ||
	    yc_str(&c, root, "form", true, &f->name) != 0 ||
	    yc_long(&c, root, "version", true, 1, 1000000, &version) != 0 ||
	    yc_i18n(&c, root, "title", true, &f->title) != 0 ||
	    yc_str(&c, root, "folder", true, &f->folder) != 0 ||
	    yc_strlist(&c, root, "display", true, &f->display) != 0 ||
	    yc_strlist(&c, root, "list", false, &f->list) != 0 ||
	    yc_strlist(&c, root, "identity", false, &f->identity) != 0)
		goto out;
	f->version = (int)version;
	if (!yc_is_ident(f->name) || !yc_is_ident(f->folder)) {
		yc_bad(&c, root, _("form and folder names must be lower-case letters, digits and _"));
		goto out;
	}
	const struct ynode *lists = ymap_get(root, "lists");
	if (lists && !ynode_is_null(lists)) {
		if (lists->kind != Y_MAP) {
			yc_bad(&c, lists, _("lists must map list names to choices"));
			goto out;
		}
		for (size_t i = 0; i + 1 < lists->n; i += 2) {
			f->lists = xreallocarray(f->lists, f->nlists + 1, sizeof *f->lists);
			struct choice_list *l = &f->lists[f->nlists++];
			memset(l, 0, sizeof *l);
			l->name = xstrdup(lists->kids[i]->s);
			l->path = xstrdup(path);
			if (!yc_is_ident(l->name)) {
				yc_bad(&c, lists->kids[i], _("list name '%s' must be lower-case letters, digits and _"),
				    l->name);
				goto out;
			}
			if (parse_choices(&c, lists->kids[i + 1], l) != 0)
				goto out;
		}
	}
	const struct ynode *fields = ymap_get(root, "fields");
	if (!fields || fields->kind != Y_SEQ || fields->n == 0) {
		yc_bad(&c, fields ? fields : root, _("fields must be a list of at least one field"));
		goto out;
	}
	f->fields = xcalloc(fields->n, sizeof *f->fields);
	for (size_t i = 0; i < fields->n; i++) {
		struct field *fd = &f->fields[f->nfields++];
		if (parse_field(&c, fields->kids[i], f, fd) != 0)
			goto out;
		if (field_named(f, i, fd->name)) {
			yc_bad(&c, fields->kids[i], _("field '%s' is defined twice"), fd->name);
			goto out;
		}
	}
	for (size_t i = 0; i < f->nlists; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(f->lists[i].name, f->lists[j].name) == 0) {
				yc_bad(&c, root, _("list '%s' is defined twice"), f->lists[i].name);
				goto out;
			}
	if (check_names(&c, root, f) != 0)
		goto out;
	f->path = xstrdup(path);
	*out = f;
	f = NULL;
	r = 0;
out:
	form_free(f);
	ydoc_free(&doc);
	return r;
}


/* The *.yaml files of a folder, sorted; a missing folder gives none. */
static void yaml_files(const char *dir, struct strv *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n < 6 || strcmp(de->d_name + n - 5, ".yaml") != 0)
			continue;
		strv_take(out, path_join(dir, de->d_name));
	}
	closedir(d);
	strv_sort(out);
}

static int load_file(const char *path, char **buf, size_t *len, struct strv *errors)
{
	struct err e;
	if (fs_read_file(path, ylimits_config.max_bytes, buf, len, &e) != 0) {
		strv_push(errors, e.msg);
		return -1;
	}
	return 0;
}

/* The list a file of config/lists is meant to hold: its name less .yaml
 * (the shipped lists are named so; yaml_files lists only names ending in
 * .yaml). */
static char *list_stem(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	return xstrndup(base, strlen(base) - 5);
}

/* The lists of config/lists, most important folder first. A file that
 * cannot be used is left out and said in fs->list_errors, never fatal:
 * the list of the same name in a later folder (the shipped one) stands
 * in for it; `broken` gets its name, for resolve. */
static void load_lists(const struct strv *dirs, struct formset *fs, struct strv *broken)
{
	struct strv bad_files = STRV_INIT, bad_why = STRV_INIT;
	for (size_t d = 0; d < dirs->n; d++) {
		char *ldir = path_join(dirs->v[d], "lists");
		struct strv files = STRV_INIT;
		yaml_files(ldir, &files);
		size_t first_of_dir = fs->nlists;
		for (size_t i = 0; i < files.n; i++) {
			char *buf;
			size_t len;
			struct err e;
			struct choice_list l;
			if (fs_read_file(files.v[i], ylimits_config.max_bytes, &buf, &len, &e) != 0) {
				strv_push(&bad_files, files.v[i]);
				strv_push(&bad_why, e.msg);
				continue;
			}
			int r = choice_list_parse(buf, len, files.v[i], &l, &e);
			free(buf);
			if (r != 0) {
				strv_push(&bad_files, files.v[i]);
				strv_push(&bad_why, e.msg);
				continue;
			}
			const struct choice_list *old = formset_list(fs, l.name);
			if (old && (size_t)(old - fs->lists) >= first_of_dir) {
				strv_take(&fs->list_errors, xasprintf(
				    _("%s: list '%s' is also defined in %s; this file is not used: remove one of them"),
				    files.v[i], l.name, old->path));
				choice_list_clear(&l);
			} else if (old) {
				choice_list_clear(&l);	/* overridden by an earlier folder */
			} else {
				fs->lists = xreallocarray(fs->lists, fs->nlists + 1,
				    sizeof *fs->lists);
				fs->lists[fs->nlists++] = l;
			}
		}
		strv_free(&files);
		free(ldir);
	}
	for (size_t i = 0; i < bad_files.n; i++) {
		char *name = list_stem(bad_files.v[i]);
		const struct choice_list *l = formset_list(fs, name);
		if (l)
			strv_take(&fs->list_errors, xasprintf(
			    _("%s (this file is not used: %s stands in for it; correct the file, or delete it)"),
			    bad_why.v[i], l->path));
		else
			strv_take(&fs->list_errors, xasprintf(
			    _("%s (this file is not used, and no other list '%s' stands in for it: fields using it have no choices until the file is corrected)"),
			    bad_why.v[i], name));
		strv_take(broken, name);
	}
	strv_free(&bad_files);
	strv_free(&bad_why);
}

static const struct choice_list *find_list(const struct formset *fs,
    const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->nlists; i++)
		if (strcmp(f->lists[i].name, name) == 0)
			return &f->lists[i];
	return formset_list(fs, name);
}

/* A default_map's keys must be values the setting can take, and its
 * values valid values of the field: or new records silently get none. */
static void check_default_map(const struct formset *fs, const struct form *f,
    const struct field *fd, struct strv *errors)
{
	static const char *const kinds[] = { "xa", "phuong", "dac_khu", NULL };
	static const char *const classes[] = { "I", "II", "III", NULL };
	static const char *const flags[] = { "true", "false", NULL };
	const char *const *fixed = NULL;
	const struct choice_list *regions = NULL;
	if (!fd->default_from)
		return;
	if (strcmp(fd->default_from, "commune.kind") == 0)
		fixed = kinds;
	else if (strcmp(fd->default_from, "commune.class") == 0)
		fixed = classes;
	else if (strcmp(fd->default_from, "commune.region") == 0)
		regions = find_list(fs, f, "regions");
	else
		fixed = flags;
	for (size_t i = 0; i < fd->map_from.n; i++) {
		const char *from = fd->map_from.v[i], *to = fd->map_to.v[i];
		bool known = regions ? choice_find(regions, from) != NULL : false;
		for (size_t k = 0; fixed && fixed[k]; k++)
			known = known || strcmp(fixed[k], from) == 0;
		if (!known && (fixed || regions))
			strv_take(errors, xasprintf(
			    _("%s:%d:%d: field %s: default_map: '%s' is not a value of %s"),
			    f->path, fd->line, fd->col, fd->name, from, fd->default_from));
		char *canon = NULL;
		struct err e;
		if (fd->choices_name && !fd->choices)
			continue;	/* the missing list is reported already */
		if ((fd->choices && !choice_find(fd->choices, to)) || field_is_list(fd) ||
		    value_canon(fd, to, &canon, &e) != 0 || !canon || strcmp(canon, to) != 0)
			strv_take(errors, xasprintf(
			    _("%s:%d:%d: field %s: default_map: '%s' is not a valid value of the field"),
			    f->path, fd->line, fd->col, fd->name, to));
		free(canon);
	}
}

/* The values a field's `relevant` names must be values its controlling
 * field can hold, or the field is silently never shown. */
static void check_relevant_values(const struct form *f, const struct field *fd,
    struct strv *errors)
{
	const struct field *ctl = fd->relevant.field ?
	    form_field(f, fd->relevant.field) : NULL;
	if (!ctl || (ctl->choices_name && !ctl->choices))
		return;
	for (size_t i = 0; i < fd->relevant.values.n; i++) {
		const char *v = fd->relevant.values.v[i];
		char *canon = NULL;
		bool ok = value_canon(ctl, v, &canon, NULL) == 0 && canon &&
		    strcmp(canon, v) == 0;
		free(canon);
		if (!ok) {
			strv_take(errors, xasprintf(
			    _("%s:%d:%d: field %s: relevant: '%s' is not a value of field %s"),
			    f->path, fd->line, fd->col, fd->name, v, ctl->name));
			return;
		}
	}
}

/* `broken`: lists whose file could not be read (said already). */
static void resolve(struct formset *fs, const struct strv *broken, struct strv *errors)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct form *f = fs->forms[i];
		for (size_t j = 0; j < i; j++) {
			if (strcmp(fs->forms[j]->name, f->name) == 0)
				strv_take(errors, xasprintf(_("%s: form '%s' is also defined in %s"),
				    f->path, f->name, fs->forms[j]->path));
			else if (strcmp(fs->forms[j]->folder, f->folder) == 0)
				strv_take(errors, xasprintf(_("%s: folder '%s' is also used by form %s"),
				    f->path, f->folder, fs->forms[j]->name));
		}
		for (size_t k = 0; k < f->nfields; k++) {
			struct field *fd = &f->fields[k];
			if (fd->choices_name) {
				fd->choices = find_list(fs, f, fd->choices_name);
				if (!fd->choices && !strv_has(broken, fd->choices_name))
					strv_take(errors, xasprintf(
					    _("%s:%d:%d: field %s: no choice list named '%s' (in the form or in config/lists)"),
					    f->path, fd->line, fd->col, fd->name, fd->choices_name));
			}
			if (fd->ref_form && !formset_get(fs, fd->ref_form))
				strv_take(errors, xasprintf(
				    _("%s:%d:%d: field %s: no form named '%s'"),
				    f->path, fd->line, fd->col, fd->name, fd->ref_form));
			if (fd->default_value && (!fd->choices_name || fd->choices)) {
				char *canon = NULL;
				struct err e;
				if (!field_is_list(fd) && fd->choices &&
				    !choice_find(fd->choices, fd->default_value))
					strv_take(errors, xasprintf(
					    _("%s:%d:%d: field %s: default '%s' is not one of the choices"),
					    f->path, fd->line, fd->col, fd->name, fd->default_value));
				else if (value_canon(fd, fd->default_value, &canon, &e) != 0 ||
				    field_is_list(fd))
					strv_take(errors, xasprintf(
					    _("%s:%d:%d: field %s: default '%s' is not a valid value"),
					    f->path, fd->line, fd->col, fd->name, fd->default_value));
				else if (canon && strcmp(canon, fd->default_value) != 0)
					/* records hold canonical values only: every
					 * save of a new record would be refused */
					strv_take(errors, xasprintf(
					    _("%s:%d:%d: field %s: default '%s' is not a valid value (write it as %s)"),
					    f->path, fd->line, fd->col, fd->name, fd->default_value, canon));
				free(canon);
			}
			check_default_map(fs, f, fd, errors);
		}
		for (size_t k = 0; k < f->nfields; k++)
			check_relevant_values(f, &f->fields[k], errors);
	}
}

int formset_load(const char *screens_dir, const struct strv *config_dirs,
    struct formset **out, struct strv *errors)
{
	struct formset *fs = xcalloc(1, sizeof *fs);
	size_t before = errors->n;
	*out = NULL;
	struct strv broken = STRV_INIT;
	load_lists(config_dirs, fs, &broken);
	struct strv files = STRV_INIT;
	yaml_files(screens_dir, &files);
	if (files.n == 0)
		strv_take(errors, xasprintf(_("%s: no form files (*.yaml) found"), screens_dir));
	size_t cap = 0;
	for (size_t i = 0; i < files.n; i++) {
		char *buf;
		size_t len;
		struct err e;
		struct form *f;
		if (load_file(files.v[i], &buf, &len, errors) != 0)
			continue;
		int r = form_parse(buf, len, files.v[i], &f, &e);
		free(buf);
		if (r != 0) {
			strv_push(errors, e.msg);
			continue;
		}
		XGROW(fs->forms, cap, fs->n + 1);
		fs->forms[fs->n++] = f;
	}
	strv_free(&files);
	resolve(fs, &broken, errors);
	strv_free(&broken);
	if (errors->n > before) {
		formset_free(fs);
		return -1;
	}
	*out = fs;
	return 0;
}
