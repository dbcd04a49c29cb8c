/* value.c — see value.h */
#include "model/value.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/uuid.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DECIMALS_MAX 6
#define DECIMAL_DIGITS 12	/* whole part below 10^12 */

bool field_is_list(const struct field *f)
{
	return f->type == FT_SELECT_MULTIPLE || (f->type == FT_REF && f->ref_many);
}

/* "-12", "1.234.567" or "1 234" (groups of three) -> canonical integer. */
static int parse_integer(const char *s, bool grouping, char **out)
{
	char buf[32];
	size_t n = 0;
	const char *p = s;
	if (*p == '-' || *p == '+') {
		if (*p == '-')
			buf[n++] = '-';
		p++;
	}
	if (!isdigit((unsigned char)*p))
		return -1;
	int run = 0;
	bool grouped = false;
	char sep = 0;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n >= 20)
				return -1;
			buf[n++] = *p;
			run++;
			continue;
		}
		if (!grouping || (*p != '.' && *p != ' ') || (sep && *p != sep))
			return -1;
		if ((grouped && run != 3) || (!grouped && (run < 1 || run > 3)))
			return -1;
		sep = *p;
		grouped = true;
		run = 0;
		if (!isdigit((unsigned char)p[1]))
			return -1;
	}
	if (grouped && run != 3)
		return -1;
	buf[n] = '\0';
	errno = 0;
	char *end;
	long long v = strtoll(buf, &end, 10);
	if (errno || *end)
		return -1;
	/* the digits of v, by hand: every number of every record comes here */
	char digits[24], *d = digits + sizeof digits - 1;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	*d = '\0';
	do
		*--d = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--d = '-';
	*out = xstrdup(d);
	return 0;
}

/* Typed input with a comma takes the comma as the decimal mark and points
 * (or spaces) as thousands groups, "1.234,5"; otherwise the point is the
 * decimal mark. The digits are kept as written, never rounded through a
 * binary double: "123456789012.123456" stays exactly that. Canonical form:
 * no leading zeros, no exponent, at least one and at most DECIMALS_MAX
 * decimals, "-" only for a value below zero. */
static int parse_decimal(const char *s, bool typed, char **out)
{
	const char *p = s;
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	bool comma = typed && strchr(p, ',') != NULL;
	const char *mark = strchr(p, comma ? ',' : '.');
	size_t ilen = mark ? (size_t)(mark - p) : strlen(p);
	const char *frac = mark ? mark + 1 : "";
	size_t flen = strlen(frac);
	if ((ilen == 0 && flen == 0) || (mark && flen == 0) || flen > DECIMALS_MAX ||
	    strspn(frac, "0123456789") != flen || ilen >= 32 ||
	    (ilen && !isdigit((unsigned char)p[0])))
		return -1;
	char ibuf[32], *ipart = NULL;
	memcpy(ibuf, p, ilen);
	ibuf[ilen] = '\0';
	if (parse_integer(ilen ? ibuf : "0", comma, &ipart) != 0)
		return -1;
	if (strlen(ipart) > DECIMAL_DIGITS) {
		free(ipart);
		return -1;
	}
	char fbuf[DECIMALS_MAX + 2];
	memcpy(fbuf, frac, flen);
	while (flen > 1 && fbuf[flen - 1] == '0')
		flen--;
	if (flen == 0)
		fbuf[flen++] = '0';
	fbuf[flen] = '\0';
	bool zero = strcmp(ipart, "0") == 0 && strcmp(fbuf, "0") == 0;
	size_t il = strlen(ipart);
	char *o = xmalloc(il + flen + 3), *w = o;
	if (neg && !zero)
		*w++ = '-';
	memcpy(w, ipart, il);
	w[il] = '.';
	memcpy(w + il + 1, fbuf, flen + 1);
	*out = o;
	free(ipart);
	return 0;
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
		if (parse_integer(t, typed, out) != 0)
			r = err_set(e, E_INVALID, _("'%s' is not a whole number"), t);
		break;
	case FT_DECIMAL:
		if (parse_decimal(t, typed, out) != 0)
			r = err_set(e, E_INVALID,
			    _("'%s' is not a number (write it like 1,5; at most 6 decimals)"), t);
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
	return canon ? strtod(canon, NULL) : 0;
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
	if (f->type == FT_DECIMAL) {
		char *s = xstrdup(canon);
		char *dot = strchr(s, '.');
		if (dot)
			*dot = ',';
		return s;
	}
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
