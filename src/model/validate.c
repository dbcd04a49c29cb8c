/* validate.c — see validate.h */
#include "model/validate.h"
#include "core/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void problems_add(struct problems *ps, const char *field, enum severity sev,
    const char *fmt_vi, const char *fmt_en, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt_en);
	va_copy(ap2, ap);
	XGROW(ps->v, ps->cap, ps->n + 1);
	struct problem *p = &ps->v[ps->n++];
	p->field = xstrdup(field);
	p->sev = sev;
	p->msg.vi = xvasprintf(fmt_vi, ap);
	p->msg.en = xvasprintf(fmt_en, ap2);
	va_end(ap2);
	va_end(ap);
}

void problems_msg(struct problems *ps, const char *field, enum severity sev,
    enum msg m, ...)
{
	va_list ap, ap2;
	va_start(ap, m);
	va_copy(ap2, ap);
	char *vi = xvasprintf(msg_vi(m), ap);
	char *en = xvasprintf(msg_en(m), ap2);
	va_end(ap2);
	va_end(ap);
	problems_add_owned(ps, field, sev, vi, en);
}

void problems_add_owned(struct problems *ps, const char *field,
    enum severity sev, char *vi, char *en)
{
	XGROW(ps->v, ps->cap, ps->n + 1);
	struct problem *p = &ps->v[ps->n++];
	p->field = xstrdup(field);
	p->sev = sev;
	p->msg.vi = vi;
	p->msg.en = en;
}

void problems_free(struct problems *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->v[i].field);
		i18n_free(&ps->v[i].msg);
	}
	free(ps->v);
	ps->v = NULL;
	ps->n = ps->cap = 0;
}

size_t problems_errors(const struct problems *ps)
{
	size_t n = 0;
	for (size_t i = 0; i < ps->n; i++)
		n += ps->v[i].sev == SEV_ERROR;
	return n;
}

const struct problem *problems_for(const struct problems *ps, const char *field)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].field && strcmp(ps->v[i].field, field) == 0)
			return &ps->v[i];
	return NULL;
}

enum rstatus validate_status(const struct problems *ps)
{
	return problems_errors(ps) ? RS_INCOMPLETE : RS_COMPLETE;
}

static bool relevant_depth(const struct form *f, const struct field *fd,
    const struct record *r, int depth)
{
	const struct relevance *rel = &fd->relevant;
	if (!rel->field)
		return true;
	const struct field *ctl = form_field(f, rel->field);
	if (!ctl || depth > 16)
		return false;
	if (!relevant_depth(f, ctl, r, depth + 1))
		return false;
	const struct fval *v = record_get(r, rel->field);
	if (!v)
		return false;
	bool hit = false;
	if (v->is_list) {
		for (size_t i = 0; i < v->items.n && !hit; i++)
			hit = strv_has(&rel->values, v->items.v[i]);
	} else {
		hit = strv_has(&rel->values, v->s);
	}
	return rel->negate ? !hit : hit;
}

bool field_relevant(const struct form *f, const struct field *fd,
    const struct record *r)
{
	return relevant_depth(f, fd, r, 0);
}

/* Resolve a bound to a number or a date; false when it does not apply
 * (an empty referenced field, a bad spec). */
static bool bound_number(const struct bound *b, const struct record *r, double *out)
{
	if (b->kind == BOUND_NUMBER) {
		*out = b->num;
		return true;
	}
	if (b->kind == BOUND_FIELD) {
		const char *v = record_str(r, b->spec);
		if (!v)
			return false;
		*out = value_number(v);
		return true;
	}
	return false;
}

static bool bound_date(const struct bound *b, const struct record *r,
    struct date today, struct date *out)
{
	if (b->kind == BOUND_DATE)
		return date_resolve(b->spec, today, out) == 0;
	if (b->kind == BOUND_FIELD) {
		const char *v = record_str(r, b->spec);
		return v && date_parse_iso(v, out) == 0;
	}
	return false;
}

static char *fmt_num(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return xasprintf("%.0f", v);
	char *s = xasprintf("%g", v);
	char *dot = strchr(s, '.');
	if (dot)
		*dot = ',';
	return s;
}

/* "Must not be more than 120" or, for a bound taken from another field,
 * "Must not be more than Total voters (120)". */
static void bound_problem(const struct form *f, const struct field *fd,
    const struct bound *b, double lim, struct problems *out, bool below)
{
	char *num = fmt_num(lim);
	const struct field *o = b->kind == BOUND_FIELD ? form_field(f, b->spec) : NULL;
	if (o)
		problems_add_owned(out, fd->name, SEV_ERROR,
		    msg_format(below ? M_LESS_THAN_FIELD : M_MORE_THAN_FIELD, LANG_VI,
			i18n_get(&o->label, LANG_VI), num),
		    msg_format(below ? M_LESS_THAN_FIELD : M_MORE_THAN_FIELD, LANG_EN,
			i18n_get(&o->label, LANG_EN), num));
	else
		problems_msg(out, fd->name, SEV_ERROR,
		    below ? M_LESS_THAN : M_MORE_THAN, num);
	free(num);
}

static void check_scalar(const struct form *f, const struct field *fd,
    const struct record *r, const char *v, const struct vctx *ctx,
    struct problems *out)
{
	const char *name = fd->name;
	switch (fd->type) {
	case FT_TEXT:
	case FT_MULTILINE:
		if (text_has_controls(v, fd->type == FT_MULTILINE))
			problems_msg(out, name, SEV_ERROR, M_CONTROLS);
		if (fd->max_length > 0 && text_chars(v) > (size_t)fd->max_length)
			problems_msg(out, name, SEV_ERROR, M_TOO_LONG,
			    text_chars(v), fd->max_length);
		break;
	case FT_INTEGER:
	case FT_DECIMAL: {
		double x = value_number(v), lim;
		if (bound_number(&fd->min, r, &lim) && x < lim)
			bound_problem(f, fd, &fd->min, lim, out, true);
		if (bound_number(&fd->max, r, &lim) && x > lim)
			bound_problem(f, fd, &fd->max, lim, out, false);
		break;
	}
	case FT_DATE: {
		struct date d, lim;
		char buf[11];
		if (date_parse_iso(v, &d) != 0)
			break;
		if (bound_date(&fd->min, r, ctx->today, &lim) && date_cmp(d, lim) < 0) {
			date_format_vn(lim, buf);
			problems_msg(out, name, SEV_ERROR, M_BEFORE_DATE, buf);
		}
		if (bound_date(&fd->max, r, ctx->today, &lim) && date_cmp(d, lim) > 0) {
			date_format_vn(lim, buf);
			problems_msg(out, name, SEV_ERROR, M_AFTER_DATE, buf);
		}
		break;
	}
	case FT_SELECT_ONE:
	case FT_SELECT_MULTIPLE: {
		const struct choice *c = choice_find(fd->choices, v);
		if (!c) {
			problems_msg(out, name, SEV_ERROR, M_NOT_A_CHOICE, v);
			break;
		}
		const char *fv = fd->choice_filter ? record_str(r, fd->choice_filter) : NULL;
		if (fv && !choice_offered(c, fv)) {
			const struct field *ctl = form_field(f, fd->choice_filter);
			char *shown = ctl ? value_display(ctl, fv, LANG_VI, ctx->refs) : xstrdup(fv);
			char *shown_en = ctl ? value_display(ctl, fv, LANG_EN, ctx->refs) : xstrdup(fv);
			problems_add_owned(out, name, SEV_ERROR,
			    msg_format(M_CHOICE_NOT_FOR, LANG_VI,
				i18n_get(&c->label, LANG_VI), shown),
			    msg_format(M_CHOICE_NOT_FOR, LANG_EN,
				i18n_get(&c->label, LANG_EN), shown_en));
			free(shown);
			free(shown_en);
		}
		break;
	}
	case FT_REF:
		if (ctx->refs && ctx->refs->name &&
		    !ctx->refs->name(ctx->refs->data, fd->ref_form, v))
			problems_msg(out, name, SEV_ERROR, M_REF_GONE, v);
		else if (r && strcmp(fd->ref_form, f->name) == 0 && strcmp(v, r->id) == 0)
			problems_msg(out, name, SEV_ERROR, M_REF_SELF);
		break;
	case FT_BOOLEAN:
		break;
	}
}

void validate_field(const struct form *f, const struct field *fd,
    const struct record *r, const struct vctx *ctx, struct problems *out)
{
	if (!field_relevant(f, fd, r))
		return;
	const struct fval *v = record_get(r, fd->name);
	if (!v) {
		if (fd->required)
			problems_msg(out, fd->name, SEV_ERROR, M_REQUIRED);
		return;
	}
	if (v->is_list != field_is_list(fd)) {
		problems_msg(out, fd->name, SEV_ERROR, M_WRONG_KIND);
		return;
	}
	if (!v->is_list) {
		check_scalar(f, fd, r, v->s, ctx, out);
		return;
	}
	size_t n = v->items.n;
	if (fd->min_items > 0 && n < (size_t)fd->min_items)
		problems_msg(out, fd->name, SEV_ERROR, M_AT_LEAST, fd->min_items);
	if (fd->max_items > 0 && n > (size_t)fd->max_items)
		problems_msg(out, fd->name, SEV_ERROR, M_AT_MOST, fd->max_items);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(v->items.v[i], v->items.v[j]) == 0) {
				problems_msg(out, fd->name, SEV_ERROR, M_CHOSEN_TWICE);
				goto checked_dups;
			}
	}
checked_dups:
	for (size_t i = 0; i < n; i++)
		check_scalar(f, fd, r, v->items.v[i], ctx, out);
}

/* One version of a conflict as a person reads it: "value (who, when)". */
static char *version_text(const struct field *fd, const struct cversion *v,
    enum lang l, const struct refs *refs)
{
	char *val;
	if (!v->has_value)
		val = xstrdup(msg_fmt(fd ? M_VERSION_EMPTY : M_VERSION_DELETED, l));
	else if (!fd)
		val = xstrdup(msg_fmt(M_VERSION_EDITED, l));
	else if (v->is_list)
		val = value_display_list(fd, &v->items, l, refs);
	else
		val = value_display(fd, v->s, l, refs);
	char *t = xasprintf("%s (%s, %.16s)", val, v->by ? v->by : "?", v->at ? v->at : "?");
	free(val);
	return t;
}

/* A sync conflict is a problem until a person chooses: list the versions,
 * numbered as `sapxep resolve` takes them. */
static void conflict_problems(const struct form *f, const struct record *r,
    const struct vctx *ctx, struct problems *out)
{
	for (size_t i = 0; i < r->nconflicts; i++) {
		const struct conflict *c = &r->conflicts[i];
		const struct field *fd = c->field ? form_field(f, c->field) : NULL;
		struct sbuf vi = SBUF_INIT, en = SBUF_INIT;
		for (size_t k = 0; k < c->n; k++) {
			char *a = version_text(fd, &c->v[k], LANG_VI, ctx->refs);
			char *b = version_text(fd, &c->v[k], LANG_EN, ctx->refs);
			sbuf_printf(&vi, "%s%zu) %s", k ? "; " : "", k + 1, a);
			sbuf_printf(&en, "%s%zu) %s", k ? "; " : "", k + 1, b);
			free(a);
			free(b);
		}
		char *vs = sbuf_detach(&vi), *es = sbuf_detach(&en);
		enum msg m = c->field ? M_CONFLICT_FIELD : M_CONFLICT_RECORD;
		problems_add_owned(out, c->field, SEV_ERROR,
		    msg_format(m, LANG_VI, vs ? vs : ""), msg_format(m, LANG_EN, es ? es : ""));
		free(vs);
		free(es);
	}
}

void validate_record(const struct form *f, const struct record *r,
    const struct vctx *ctx, struct problems *out)
{
	conflict_problems(f, r, ctx, out);
	for (size_t i = 0; i < f->nfields; i++)
		validate_field(f, &f->fields[i], r, ctx, out);
	for (size_t i = 0; i < r->n; i++)
		if (!form_field(f, r->vals[i].name))
			problems_msg(out, r->vals[i].name, SEV_WARNING, M_UNKNOWN_FIELD,
			    r->vals[i].name, f->name);
	if (ctx->cross)
		ctx->cross(ctx, f, r, out);
}
