/* value.c — see value.h */
#include "model/value.h"
#include "core/dates.h"
#include "core/num.h"
#include "core/text.h"
#include "core/uuid.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool field_is_list(const struct field *f)
{
	return f->type == FT_SELECT_MULTIPLE || (f->type == FT_REF && f->ref_many);
}

/* A number typed in the interface language, or read from a file; the
 * message says what to type. */
static int parse_number(const char *t, bool typed, bool integer, char **out,
    struct err *e)
{
	enum lang l = lang_current();
	enum num_read r = typed ? num_canon_typed(t, l, integer, out) :
	    num_canon_file(t, integer, out);
	if (r == NUM_OK)
		return 0;
	if (r == NUM_AMBIGUOUS) {
		char *th, *dec;
		num_ambiguous_readings(t, l, &th, &dec);
		err_set(e, E_INVALID,
		    _("'%s' could be thousands or decimals: write %s for the whole number, %s for the decimal"),
		    t, th, dec);
		free(th);
		free(dec);
		return -1;
	}
	if (integer)
		return err_set(e, E_INVALID, _("'%s' is not a whole number"), t);
	char *eg = num_file_to_typed("1.5", typed ? l : LANG_EN);
	err_set(e, E_INVALID, _("'%s' is not a number (write it like %s; at most 6 decimals)"),
	    t, eg);
	free(eg);
	return -1;
}

static int parse_boolean(const char *s, bool typed, char **out)
{
	static const char *const yes[] = { "true", "có", "co", "c", "yes", "y", "x", "1", NULL };
	static const char *const no[] = { "false", "không", "khong", "k", "no", "n", "0", NULL };
	char *key = typed ? text_fold(s) : xstrdup(s);
	if (!key)
		return -1;
	int r = -1;
	for (int i = 0; yes[i] && r < 0; i++)
		if (strcmp(key, yes[i]) == 0 && (typed || i == 0))
			r = 1;
	for (int i = 0; no[i] && r < 0; i++)
		if (strcmp(key, no[i]) == 0 && (typed || i == 0))
			r = 0;
	free(key);
	if (r < 0)
		return -1;
	*out = xstrdup(r ? "true" : "false");
	return 0;
}

static int parse_choice(const struct field *f, const char *s, bool typed, char **out)
{
	if (!f->choices)
		return -1;
	if (choice_find(f->choices, s)) {
		*out = xstrdup(s);
		return 0;
	}
	if (!typed)
		return -1;
	char *key = text_fold(s);
	if (!key)
		return -1;
	const struct choice *hit = NULL;
	int hits = 0;
	for (size_t i = 0; i < f->choices->n; i++) {
		const struct choice *c = &f->choices->items[i];
		char *k1 = c->label.vi ? text_fold(c->label.vi) : NULL;
		char *k2 = c->label.en ? text_fold(c->label.en) : NULL;
		char *k3 = text_fold(c->code);
		if ((k1 && strcmp(k1, key) == 0) || (k2 && strcmp(k2, key) == 0) ||
		    (k3 && strcmp(k3, key) == 0)) {
			if (hit != c)
				hits++;
			hit = c;
		}
		free(k1);
		free(k2);
		free(k3);
	}
	free(key);
	if (hits != 1)
		return -1;
	*out = xstrdup(hit->code);
	return 0;
}

static int parse_ref(const struct field *f, const char *s, const struct refs *refs,
    char **out, struct err *e)
{
	if (uuid_valid(s)) {
		*out = xstrdup(s);
		return 0;
	}
	if (refs && refs->find) {
		int count = 0;
		const char *id = refs->find(refs->data, f->ref_form, s, &count);
		if (count == 1 && id) {
			*out = xstrdup(id);
			return 0;
		}
		if (count > 1)
			return err_set(e, E_INVALID,
			    _("'%s' matches %d records of %s; use the record's id"),
			    s, count, f->ref_form);
	}
	return err_set(e, E_INVALID, _("no record of %s is called '%s'"),
	    f->ref_form, s);
}

static int convert(const struct field *f, const char *in, bool typed,
    const struct refs *refs, char **out, struct err *e)
{
	*out = NULL;
	char *t = typed ? text_trim(in) : xstrdup(in);
	int r = 0;
	if (!*t) {
		free(t);
		return 0;
	}
	switch (f->type) {
	case FT_TEXT:
	case FT_MULTILINE: {
		char *n = text_nfc(typed ? t : in);
		if (!n)
			r = err_set(e, E_INVALID, _("text is not valid UTF-8"));
		*out = n;
		break;
	}
	case FT_INTEGER:
	case FT_DECIMAL:
		r = parse_number(t, typed, f->type == FT_INTEGER, out, e);
		break;
	case FT_DATE: {
		struct date d;
		int ok = typed ? date_parse_input(t, &d) : date_parse_iso(t, &d);
		if (ok != 0) {
			r = err_set(e, E_INVALID,
			    _("'%s' is not a date (write it as dd/mm/yyyy, e.g. 28/11/2026)"), t);
		} else {
			char buf[11];
			date_format_iso(d, buf);
			*out = xstrdup(buf);
		}
		break;
	}
	case FT_BOOLEAN:
		if (parse_boolean(t, typed, out) != 0)
			r = err_set(e, E_INVALID, _("'%s' is not yes or no"), t);
		break;
	case FT_SELECT_ONE:
	case FT_SELECT_MULTIPLE:
		if (parse_choice(f, t, typed, out) != 0)
			r = err_set(e, E_INVALID, _("'%s' is not one of the choices"), t);
		break;
	case FT_REF:
		r = typed ? parse_ref(f, t, refs, out, e) :
		    (uuid_valid(t) ? (*out = xstrdup(t), 0) :
		    err_set(e, E_INVALID, _("'%s' is not a record id"), t));
		break;
	}
	free(t);
	return r;
}

int value_from_input(const struct field *f, const char *in,
    const struct refs *refs, char **out, struct err *e)
{
	return convert(f, in, true, refs, out, e);
}

int value_canon(const struct field *f, const char *in, char **out, struct err *e)
{
	return convert(f, in, false, NULL, out, e);
}

int value_list_from_input(const struct field *f, const char *in,
    const struct refs *refs, struct strv *out, struct err *e)
{
	const char *p = in;
	while (*p) {
		size_t n = strcspn(p, ",");
		char *item = xstrndup(p, n);
		char *canon = NULL;
		int r = value_from_input(f, item, refs, &canon, e);
		free(item);
		if (r != 0) {
			strv_free(out);
			return -1;
		}
		if (canon)
			strv_take(out, canon);
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

double value_number(const char *canon)
{
	return canon ? num_strtod(canon, NULL) : 0;
}

char *value_edit_text(const struct field *f, const char *canon)
{
	if (!canon)
		return xstrdup("");
	if (f->type == FT_DATE) {
		struct date d;
		if (date_parse_iso(canon, &d) == 0) {
			char buf[11];
			date_format_vn(d, buf);
			return xstrdup(buf);
		}
	}
	if (f->type == FT_DECIMAL)
		return num_file_to_typed(canon, lang_current());
	return xstrdup(canon);
}

char *value_display(const struct field *f, const char *canon, enum lang l,
    const struct refs *refs)
{
	if (!canon)
		return xstrdup("");
	switch (f->type) {
	case FT_BOOLEAN:
		return xstrdup(strcmp(canon, "true") == 0 ? _("Yes") : _("No"));
	case FT_SELECT_ONE:
	case FT_SELECT_MULTIPLE: {
		const struct choice *c = choice_find(f->choices, canon);
		return xstrdup(c ? i18n_get(&c->label, l) : canon);
	}
	case FT_REF: {
		const char *n = refs && refs->name ?
		    refs->name(refs->data, f->ref_form, canon) : NULL;
		return n ? xstrdup(n) : xasprintf("? %.8s", canon);
	}
	case FT_DECIMAL:
		return num_file_to_typed(canon, l);
	default:
		return value_edit_text(f, canon);
	}
}

char *value_display_list(const struct field *f, const struct strv *items,
    enum lang l, const struct refs *refs)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < items->n; i++) {
		char *d = value_display(f, items->v[i], l, refs);
		if (i)
			sbuf_adds(&b, ", ");
		sbuf_adds(&b, d);
		free(d);
	}
	return sbuf_detach(&b);
}
