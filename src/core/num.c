/* num.c — see num.h */
#include "core/num.h"
#include "core/xmem.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char num_decimal_mark(enum lang l)
{
	return l == LANG_EN ? '.' : ',';
}

char num_group_mark(enum lang l)
{
	return l == LANG_EN ? ',' : '.';
}

/* --- the file form -------------------------------------------------------- */

static locale_t c_locale;
static pthread_once_t c_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* The "C" locale, or 0 when it cannot be made (then the process's
 * LC_NUMERIC, which main.c keeps at "C", is used). */
static locale_t c_loc(void)
{
	pthread_once(&c_once, c_locale_init);
	return c_locale;
}

double num_strtod(const char *s, char **end)
{
	locale_t c = c_loc();
	return c ? strtod_l(s, end, c) : strtod(s, end);
}

char *num_file(char *buf, size_t n, double v, int dec)
{
	locale_t c = c_loc(), old = c ? uselocale(c) : (locale_t)0;
	snprintf(buf, n, "%.*f", dec, v);
	if (c)
		uselocale(old);
	/* "-0.00" is zero */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

/* --- canonical text ------------------------------------------------------- */

/* The digits of p[0..n), which may group thousands with g or spaces
 * ("1.234.567", "1 234"; one kind of separator, groups of three after a
 * first group of one to three digits), into buf of cap bytes. *seps gets
 * the number of separators. Returns 0 or -1. */
static int whole_digits(const char *p, size_t n, char g, char *buf, size_t cap, int *seps)
{
	size_t k = 0;
	int run = 0;
	char sep = 0;
	*seps = 0;
	if (n == 0 || !isdigit((unsigned char)p[0]))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (isdigit((unsigned char)ch)) {
			if (k + 1 >= cap)
				return -1;
			buf[k++] = ch;
			run++;
			continue;
		}
		if (!g || (ch != g && ch != ' ') || (sep && ch != sep))
			return -1;
		if ((sep && run != 3) || (!sep && run > 3))
			return -1;
		sep = ch;
		run = 0;
		(*seps)++;
		if (i + 1 >= n || !isdigit((unsigned char)p[i + 1]))
			return -1;
	}
	if (sep && run != 3)
		return -1;
	buf[k] = '\0';
	return 0;
}

/* digits without their leading zeros ("007" -> "7", "000" -> "0") */
static const char *no_leading_zeros(const char *d)
{
	while (d[0] == '0' && d[1])
		d++;
	return d;
}

/* A whole number from p[0..n), grouped by g (0: no grouping). */
static enum num_read make_integer(bool neg, const char *p, size_t n, char g, char **out)
{
	char buf[32];
	int seps;
	if (whole_digits(p, n, g, buf + 1, sizeof buf - 1, &seps) != 0)
		return NUM_BAD;
	const char *d = no_leading_zeros(buf + 1);
	/* within long long: at most 19 digits, compared as text */
	static const char max[] = "9223372036854775807";
	size_t dl = strlen(d);
	if (dl > 19 || (dl == 19 && strcmp(d, max) > 0 &&
	    !(neg && strcmp(d, "9223372036854775808") == 0)))
		return NUM_BAD;
	bool zero = strcmp(d, "0") == 0;
	*out = xasprintf("%s%s", neg && !zero ? "-" : "", d);
	return NUM_OK;
}

/* A decimal from its whole part p[0..wn) (grouped by g, may be empty when
 * there are decimals) and its decimals f[0..fn) after a mark (has_mark). */
static enum num_read make_decimal(bool neg, const char *p, size_t wn, char g,
    bool has_mark, const char *f, size_t fn, char **out)
{
	if ((wn == 0 && fn == 0) || (has_mark && fn == 0) || fn > NUM_DECIMALS_MAX ||
	    strspn(f, "0123456789") < fn || wn >= 32)
		return NUM_BAD;
	char wbuf[32] = "0";
	int seps;
	if (wn && whole_digits(p, wn, g, wbuf, sizeof wbuf, &seps) != 0)
		return NUM_BAD;
	const char *w = no_leading_zeros(wbuf);
	if (strlen(w) > NUM_WHOLE_DIGITS)
		return NUM_BAD;
	char fbuf[NUM_DECIMALS_MAX + 2];
	memcpy(fbuf, f, fn);
	while (fn > 1 && fbuf[fn - 1] == '0')
		fn--;
	if (fn == 0)
		fbuf[fn++] = '0';
	fbuf[fn] = '\0';
	bool zero = strcmp(w, "0") == 0 && strcmp(fbuf, "0") == 0;
	*out = xasprintf("%s%s.%s", neg && !zero ? "-" : "", w, fbuf);
	return NUM_OK;
}

static size_t count(const char *s, char c)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == c;
	return n;
}

/* mark: the decimal mark; g: the thousands separator (0: none); typed:
 * the other mark may stand for the decimal one where it cannot group. */
static enum num_read canon(const char *s, char mark, char g, bool typed,
    bool integer, char **out)
{
	*out = NULL;
	const char *p = s;
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	size_t n = strlen(p);
	size_t nm = count(p, mark);
	if (nm > 1)
		return NUM_BAD;
	if (nm == 1) {
		if (integer)
			return NUM_BAD;
		const char *m = strchr(p, mark);
		return make_decimal(neg, p, (size_t)(m - p), g, true, m + 1,
		    strlen(m + 1), out);
	}
	if (integer)
		return make_integer(neg, p, n, g, out);
	char digits[32];
	int seps = 0;
	if (whole_digits(p, n, g, digits, sizeof digits, &seps) == 0) {
		/* "1.500" in Vietnamese: 1500, or 1,5 written the English way? */
		if (typed && g && count(p, g) == 1)
			return NUM_AMBIGUOUS;
		return make_decimal(neg, p, n, g, false, "", 0, out);
	}
	/* "28.4" in Vietnamese: a point that cannot group thousands */
	if (typed && g && count(p, g) == 1 && !strchr(p, ' ')) {
		const char *m = strchr(p, g);
		return make_decimal(neg, p, (size_t)(m - p), 0, true, m + 1,
		    strlen(m + 1), out);
	}
	return NUM_BAD;
}

enum num_read num_canon_file(const char *s, bool integer, char **out)
{
	return canon(s, '.', 0, false, integer, out);
}

enum num_read num_canon_typed(const char *s, enum lang l, bool integer, char **out)
{
	return canon(s, num_decimal_mark(l), num_group_mark(l), true, integer, out);
}

void num_ambiguous_readings(const char *s, enum lang l, char **thousands,
    char **decimal)
{
	char g = num_group_mark(l), *t = xstrdup(s), *d = xstrdup(s), *w = t;
	for (const char *p = s; *p; p++)
		if (*p != g)
			*w++ = *p;
	*w = '\0';
	char *c = strchr(d, g), *canon_d = NULL;
	if (c)
		*c = num_decimal_mark(l);
	if (num_canon_typed(d, l, false, &canon_d) == NUM_OK) {
		free(d);
		d = num_file_to_typed(canon_d, l);
		free(canon_d);
	}
	*thousands = t;
	*decimal = d;
}

/* --- the typed form ------------------------------------------------------- */

char *num_file_to_typed(const char *file_form, enum lang l)
{
	char *s = xstrdup(file_form);
	char *dot = strchr(s, '.');
	if (dot)
		*dot = num_decimal_mark(l);
	return s;
}

char *num_show(double v, int max_dec, int min_dec, enum lang l)
{
	char buf[400];
	num_file(buf, sizeof buf, v, max_dec);
	const char *p = buf;
	struct sbuf b = SBUF_INIT;
	if (*p == '-')
		sbuf_addc(&b, *p++);
	const char *dot = strchr(p, '.');
	size_t ilen = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < ilen; i++) {
		if (i && (ilen - i) % 3 == 0)
			sbuf_addc(&b, num_group_mark(l));
		sbuf_addc(&b, p[i]);
	}
	if (dot) {
		size_t flen = strlen(dot + 1);
		while (flen > (size_t)min_dec && dot[flen] == '0')
			flen--;
		if (flen) {
			sbuf_addc(&b, num_decimal_mark(l));
			sbuf_add(&b, dot + 1, flen);
		}
	}
	return sbuf_detach(&b);
}

char *num_show_long(long v, enum lang l)
{
	return num_show((double)v, 0, 0, l);
}
