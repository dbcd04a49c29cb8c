/* rules.c — see rules.h */
#include "store/rules.h"
#include "core/num.h"
#include "store/fsutil.h"
#include "store/yget.h"
#include "store/ytree.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const pack_keys[] = { "pack", "kind", "title", "extends",
	"effective_from", "effective_to", "instrument", "article", "confidence",
	"source", "note", "facts", NULL };
static const char *const fact_keys[] = { "value", "label", "from", "to",
	"instrument", "article", "confidence", "source", "note", "values", NULL };
static const char *const value_keys[] = { "value", "from", "to", "instrument",
	"article", "confidence", "source", "note", NULL };

static void cite_clear(struct citation *c)
{
	free(c->instrument);
	free(c->article);
	free(c->confidence);
	free(c->source);
	i18n_free(&c->note);
	memset(c, 0, sizeof *c);
}

static void cite_copy_missing(struct citation *dst, const struct citation *src)
{
	if (!dst->instrument)
		dst->instrument = xstrdup(src->instrument);
	if (!dst->article)
		dst->article = xstrdup(src->article);
	if (!dst->confidence)
		dst->confidence = xstrdup(src->confidence);
	if (!dst->source)
		dst->source = xstrdup(src->source);
	if (!dst->note.vi && !dst->note.en) {
		dst->note.vi = xstrdup(src->note.vi);
		dst->note.en = xstrdup(src->note.en);
	}
}

static void fact_clear(struct fact *f)
{
	free(f->key);
	i18n_free(&f->label);
	for (size_t i = 0; i < f->nv; i++) {
		free(f->v[i].text);
		cite_clear(&f->v[i].cite);
	}
	free(f->v);
	memset(f, 0, sizeof *f);
}

void pack_clear(struct pack *p)
{
	free(p->name);
	free(p->kind);
	i18n_free(&p->title);
	free(p->extends);
	cite_clear(&p->cite);
	for (size_t i = 0; i < p->n; i++)
		fact_clear(&p->facts[i]);
	free(p->facts);
	free(p->path);
	memset(p, 0, sizeof *p);
}

void packs_free(struct packset *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		pack_clear(&ps->v[i]);
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}

static int get_date(struct yctx *c, const struct ynode *map, const char *key,
    struct date *out)
{
	char *s = NULL;
	if (yc_str(c, map, key, false, &s) != 0)
		return -1;
	if (!s)
		return 0;
	int r = date_parse_iso(s, out);
	free(s);
	if (r != 0)
		return yc_bad(c, ymap_get(map, key), _("%s: expected a date like 2023-08-01"), key);
	return 0;
}

static int get_cite(struct yctx *c, const struct ynode *map, struct citation *out)
{
	if (yc_str(c, map, "instrument", false, &out->instrument) != 0 ||
	    yc_str(c, map, "article", false, &out->article) != 0 ||
	    yc_str(c, map, "confidence", false, &out->confidence) != 0 ||
	    yc_str(c, map, "source", false, &out->source) != 0 ||
	    yc_i18n(c, map, "note", false, &out->note) != 0)
		return -1;
	if (out->confidence && (strlen(out->confidence) != 1 ||
	    !strchr("ABCDX", out->confidence[0])))
		return yc_bad(c, ymap_get(map, "confidence"),
		    _("confidence: '%s' is not one of A, B, C, D, X"), out->confidence);
	return 0;
}

/* No legal figure (a count of people, a coefficient, a salary in VND) is
 * anywhere near this: a pack saying otherwise is refused, so that the
 * arithmetic on figures stays in range. */
#define FIGURE_MAX 1e12

/* A plain scalar that reads as a decimal number is a number; anything
 * else is text. A number out of range is refused. */
static int scalar_value(struct yctx *c, const struct ynode *n, struct fact_value *v)
{
	char *end;
	double d = num_strtod(n->s, &end);
	if (n->plain && *n->s && !*end && !strpbrk(n->s, "xXpPnNiI")) {
		if (!isfinite(d) || fabs(d) > FIGURE_MAX)
			return yc_bad(c, n, _("value: %s is out of range (at most %.0f either way)"),
			    n->s, FIGURE_MAX);
		v->is_number = true;
		v->num = d;
	}
	v->text = xstrdup(n->s);
	return 0;
}

/* value: a number (plain) or a text. */
static int get_value(struct yctx *c, const struct ynode *map, struct fact_value *v)
{
	const struct ynode *n = ymap_get(map, "value");
	if (!n || ynode_is_null(n))
		return yc_bad(c, map, _("missing 'value'"));
	if (n->kind != Y_SCALAR)
		return yc_bad(c, n, _("value: expected a number or a text"));
	if (scalar_value(c, n, v) != 0)
		return -1;
	if (get_date(c, map, "from", &v->from) != 0 || get_date(c, map, "to", &v->to) != 0)
		return -1;
	return get_cite(c, map, &v->cite);
}

static int parse_fact(struct yctx *c, const char *key, const struct ynode *n,
    const struct pack *p, struct fact *f)
{
	f->key = xstrdup(key);
	f->line = n->line;
	if (n->kind == Y_SCALAR) {
		/* shorthand: `key: 14` takes the pack's citation */
		f->v = xcalloc(1, sizeof *f->v);
		f->nv = 1;
		if (scalar_value(c, n, f->v) != 0)
			return -1;
	} else {
		if (yc_map(c, n, _("a fact"), fact_keys) != 0 ||
		    yc_i18n(c, n, "label", false, &f->label) != 0)
			return -1;
		const struct ynode *vals = ymap_get(n, "values");
		if (vals) {
			if (ymap_get(n, "value"))
				return yc_bad(c, n, _("a fact has either 'value' or 'values'"));
			static const char *const dates[] = { "from", "to" };
			for (int k = 0; k < 2; k++)
				if (ymap_get(n, dates[k]))
					return yc_bad(c, ymap_get(n, dates[k]),
					    _("%s: with 'values', give the dates on each value"),
					    dates[k]);
			if (vals->kind != Y_SEQ || vals->n == 0)
				return yc_bad(c, vals, _("values: expected a list of dated values"));
			f->v = xcalloc(vals->n, sizeof *f->v);
			for (size_t i = 0; i < vals->n; i++) {
				if (yc_map(c, vals->kids[i], _("a dated value"), value_keys) != 0 ||
				    get_value(c, vals->kids[i], &f->v[f->nv++]) != 0)
					return -1;
			}
		} else {
			f->v = xcalloc(1, sizeof *f->v);
			f->nv = 1;
			if (get_value(c, n, f->v) != 0)
				return -1;
		}
		/* the fact's own citation applies to its values */
		struct citation fc = { 0 };
		if (get_cite(c, n, &fc) != 0) {
			cite_clear(&fc);
			return -1;
		}
		for (size_t i = 0; i < f->nv; i++)
			cite_copy_missing(&f->v[i].cite, &fc);
		cite_clear(&fc);
	}
	for (size_t i = 0; i < f->nv; i++) {
		cite_copy_missing(&f->v[i].cite, &p->cite);
		if (f->v[i].from.y == 0)
			f->v[i].from = p->from;
	}
	return 0;
}

static const char *base_name_noext(const char *path, char *buf, size_t n)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	snprintf(buf, n, "%s", b);
	char *dot = strrchr(buf, '.');
	if (dot)
		*dot = '\0';
	return buf;
}

int pack_parse(const char *buf, size_t len, const char *path, struct pack *p,
    struct err *e)
{
	struct ydoc doc;
	struct yctx c = { path, e };
	memset(p, 0, sizeof *p);
	if (ydoc_parse(buf, len, path, &ylimits_config, &doc, e) != 0) {
		ydoc_free(&doc);
		return -1;
	}
	int r = -1;
	const struct ynode *root = doc.root;
	char name[256];
	if (yc_map(&c, root, _("a rule pack"), pack_keys) != 0 ||
	    yc_str(&c, root, "pack", true, &p->name) != 0 ||
	    yc_str(&c, root, "kind", true, &p->kind) != 0 ||
	    yc_i18n(&c, root, "title", true, &p->title) != 0 ||
	    yc_str(&c, root, "extends", false, &p->extends) != 0 ||
	    get_date(&c, root, "effective_from", &p->from) != 0 ||
	    get_date(&c, root, "effective_to", &p->to) != 0 ||
	    get_cite(&c, root, &p->cite) != 0)
		goto out;
	if (!yc_is_ident_dash(p->name) ||
	    strcmp(p->name, base_name_noext(path, name, sizeof name)) != 0) {
		yc_bad(&c, ymap_get(root, "pack"),
		    _("pack name '%s' must be the file's name (letters, digits, - and _)"),
		    p->name);
		goto out;
	}
	const struct ynode *facts = ymap_get(root, "facts");
	if (!facts || facts->kind != Y_MAP) {
		yc_bad(&c, facts ? facts : root, _("facts: expected a mapping of names to values"));
		goto out;
	}
	p->facts = xcalloc(facts->n / 2 + 1, sizeof *p->facts);
	for (size_t i = 0; i + 1 < facts->n; i += 2) {
		if (parse_fact(&c, facts->kids[i]->s, facts->kids[i + 1], p, &p->facts[p->n++]) != 0)
			goto out;
	}
	p->path = xstrdup(path);
	r = 0;
out:
	if (r != 0)
		pack_clear(p);
	ydoc_free(&doc);
	return r;
}

const struct pack *pack_get(const struct packset *ps, const char *name)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i].name, name) == 0)
			return &ps->v[i];
	return NULL;
}

static const struct fact *find_fact(const struct pack *p, const char *key)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->facts[i].key[0] == key[0] && strcmp(p->facts[i].key, key) == 0)
			return &p->facts[i];
	return NULL;
}

/* Copy into p every fact of its base that p does not define. */
static void inherit(struct pack *p, const struct pack *base)
{
	for (size_t i = 0; i < base->n; i++) {
		const struct fact *bf = &base->facts[i];
		if (find_fact(p, bf->key))
			continue;
		p->facts = xreallocarray(p->facts, p->n + 1, sizeof *p->facts);
		struct fact *f = &p->facts[p->n++];
		memset(f, 0, sizeof *f);
		f->key = xstrdup(bf->key);
		f->label.vi = xstrdup(bf->label.vi);
		f->label.en = xstrdup(bf->label.en);
		f->line = bf->line;
		f->v = xcalloc(bf->nv, sizeof *f->v);
		f->nv = bf->nv;
		for (size_t k = 0; k < bf->nv; k++) {
			f->v[k] = bf->v[k];
			f->v[k].text = xstrdup(bf->v[k].text);
			memset(&f->v[k].cite, 0, sizeof f->v[k].cite);
			cite_copy_missing(&f->v[k].cite, &bf->v[k].cite);
		}
	}
	if (!p->from.y)
		p->from = base->from;
}


int packs_load(const struct strv *dirs, struct packset *out, struct strv *errors)
{
	size_t before = errors->n;
	memset(out, 0, sizeof *out);
	for (size_t d = 0; d < dirs->n; d++) {
		char *rdir = path_join(dirs->v[d], "rules");
		DIR *dh = opendir(rdir);
		struct strv files = STRV_INIT;
		struct dirent *de;
		while (dh && (de = readdir(dh))) {
			size_t n = strlen(de->d_name);
			if (de->d_name[0] != '.' && n > 5 && strcmp(de->d_name + n - 5, ".yaml") == 0)
				strv_take(&files, path_join(rdir, de->d_name));
		}
		if (dh)
			closedir(dh);
		strv_sort(&files);
		for (size_t i = 0; i < files.n; i++) {
			char *buf;
			size_t len;
			struct err e;
			struct pack p;
			if (fs_read_file(files.v[i], ylimits_config.max_bytes, &buf, &len, &e) != 0) {
				strv_push(errors, e.msg);
				continue;
			}
			int r = pack_parse(buf, len, files.v[i], &p, &e);
			free(buf);
			if (r != 0) {
				strv_push(errors, e.msg);
				continue;
			}
			if (pack_get(out, p.name)) {
				pack_clear(&p);	/* an earlier folder overrides it */
				continue;
			}
			out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
			out->v[out->n++] = p;
		}
		strv_free(&files);
		free(rdir);
	}
	/* resolve extends, base first; a chain longer than the set is a loop.
	 * A pack whose base is missing, has problems or goes round in a
	 * circle is left out: used alone it would lack its base's figures. */
	bool *bad = xcalloc(out->n ? out->n : 1, sizeof *bad);
	for (size_t round = 0; round <= out->n; round++) {
		for (size_t i = 0; i < out->n; i++) {
			struct pack *p = &out->v[i];
			if (!p->extends || bad[i])
				continue;
			const struct pack *base = pack_get(out, p->extends);
			if (!base || bad[base - out->v]) {
				strv_take(errors, xasprintf(base ?
				    _("%s: extends '%s', which has problems; this pack is not used") :
				    _("%s: extends '%s', which is not a pack; this pack is not used"),
				    p->path, p->extends));
				bad[i] = true;
				continue;
			}
			if (base->extends)
				continue;	/* its base first */
			inherit(p, base);
			xfree(&p->extends);
		}
	}
	size_t kept = 0;
	for (size_t i = 0; i < out->n; i++) {
		if (out->v[i].extends && !bad[i])
			strv_take(errors, xasprintf(
			    _("%s: 'extends' goes round in a circle; this pack is not used"),
			    out->v[i].path));
		if (out->v[i].extends)
			pack_clear(&out->v[i]);
		else
			out->v[kept++] = out->v[i];
	}
	out->n = kept;
	free(bad);
	return errors->n > before ? -1 : 0;
}

static bool in_force(struct date from, struct date to, struct date on)
{
	return (!from.y || date_cmp(from, on) <= 0) && (!to.y || date_cmp(on, to) <= 0);
}

const struct pack *pack_select(const struct packset *ps, const char *kind,
    const char *name, struct date on)
{
	if (name) {
		const struct pack *p = pack_get(ps, name);
		return p && strcmp(p->kind, kind) == 0 ? p : NULL;
	}
	const struct pack *best = NULL;
	for (size_t i = 0; i < ps->n; i++) {
		const struct pack *p = &ps->v[i];
		if (strcmp(p->kind, kind) != 0 || !in_force(p->from, p->to, on))
			continue;
		if (!best || date_cmp(p->from, best->from) > 0)
			best = p;
	}
	return best;
}

const struct fact_value *pack_value(const struct pack *p, const char *key,
    struct date on)
{
	const struct fact *f = p ? find_fact(p, key) : NULL;
	if (!f)
		return NULL;
	if (f->nv == 1)
		return &f->v[0];
	const struct fact_value *best = NULL;
	for (size_t i = 0; i < f->nv; i++)
		if (in_force(f->v[i].from, f->v[i].to, on) &&
		    (!best || date_cmp(f->v[i].from, best->from) > 0))
			best = &f->v[i];
	return best;
}

double pack_number(const struct pack *p, const char *key, struct date on, double dflt)
{
	const struct fact_value *v = pack_value(p, key, on);
	return v && v->is_number ? v->num : dflt;
}

char *citation_text(const struct citation *c)
{
	struct sbuf b = SBUF_INIT;
	if (c->instrument)
		sbuf_adds(&b, c->instrument);
	if (c->article)
		sbuf_printf(&b, "%s%s", b.len ? ", " : "", c->article);
	if (c->confidence)
		sbuf_printf(&b, "%s(%s)", b.len ? " " : "", c->confidence);
	return sbuf_detach(&b);
}
