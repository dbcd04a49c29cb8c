/* yget.c — see yget.h */
#include "store/yget.h"
#include "core/text.h"
#include "core/num.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int yc_bad(struct yctx *c, const struct ynode *n, const char *fmt, ...)
{
	char msg[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(c->e, E_INVALID, "%s:%d:%d: %s", c->path, n ? n->line : 1,
	    n ? n->col : 1, msg);
}

int yc_map(struct yctx *c, const struct ynode *n, const char *what,
    const char *const *allowed)
{
	if (!n || n->kind != Y_MAP)
		return yc_bad(c, n, _("%s must be a mapping of keys, found %s"), what,
		    n ? ynode_kind_name(n) : _("nothing"));
	for (size_t i = 0; i + 1 < n->n; i += 2) {
		const char *k = n->kids[i]->s;
		bool ok = false;
		for (int j = 0; allowed[j] && !ok; j++)
			ok = strcmp(k, allowed[j]) == 0;
		if (!ok) {
			struct sbuf b = SBUF_INIT;
			for (int j = 0; allowed[j]; j++)
				sbuf_printf(&b, "%s%s", j ? ", " : "", allowed[j]);
			int r = yc_bad(c, n->kids[i], _("unknown key '%s' in %s (known keys: %s)"),
			    k, what, sbuf_str(&b));
			sbuf_free(&b);
			return r;
		}
	}
	return 0;
}

/* The node under key; NULL when missing or null. Sets the error when
 * required. */
static const struct ynode *get(struct yctx *c, const struct ynode *map,
    const char *key, bool required, int *rc)
{
	const struct ynode *n = ymap_get(map, key);
	*rc = 0;
	if (!n || ynode_is_null(n)) {
		if (required)
			*rc = yc_bad(c, n ? n : map, _("missing '%s'"), key);
		return NULL;
	}
	return n;
}

int yc_scalar(struct yctx *c, const struct ynode *n, const char *key,
    const char **out)
{
	if (n->kind != Y_SCALAR)
		return yc_bad(c, n, _("%s: expected a value, found %s"), key,
		    ynode_kind_name(n));
	*out = n->s;
	return 0;
}

int yc_str(struct yctx *c, const struct ynode *map, const char *key,
    bool required, char **out)
{
	int rc;
	const struct ynode *n = get(c, map, key, required, &rc);
	const char *s = NULL;
	if (!n)
		return rc;
	if (yc_scalar(c, n, key, &s) != 0)
		return -1;
	char *t = text_nfc(s);
	if (!t)
		return yc_bad(c, n, _("%s: not valid UTF-8 text"), key);
	/* what must be there must say something (an empty one would not be
	 * written back, and the file would no longer load) */
	if (required && !*t) {
		free(t);
		return yc_bad(c, n, _("%s: must not be empty"), key);
	}
	free(*out);
	*out = t;
	return 0;
}

int yc_long(struct yctx *c, const struct ynode *map, const char *key,
    bool required, long min, long max, long *out)
{
	int rc;
	const struct ynode *n = get(c, map, key, required, &rc);
	const char *s = NULL;
	if (!n)
		return rc;
	if (yc_scalar(c, n, key, &s) != 0)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (!n->plain || errno || end == s || *end || v < min || v > max)
		return yc_bad(c, n, _("%s: expected a whole number from %ld to %ld, found '%s'"),
		    key, min, max, s);
	*out = v;
	return 0;
}

int yc_double(struct yctx *c, const struct ynode *map, const char *key,
    bool required, double *out)
{
	int rc;
	const struct ynode *n = get(c, map, key, required, &rc);
	const char *s = NULL;
	if (!n)
		return rc;
	if (yc_scalar(c, n, key, &s) != 0)
		return -1;
	char *end;
	errno = 0;
	double v = num_strtod(s, &end);
	if (!n->plain || errno || end == s || *end || !isfinite(v) ||
	    strpbrk(s, "xXpP"))
		return yc_bad(c, n, _("%s: expected a number, found '%s'"), key, s);
	*out = v;
	return 0;
}

int yc_bool(struct yctx *c, const struct ynode *map, const char *key,
    bool required, bool *out)
{
	int rc;
	const struct ynode *n = get(c, map, key, required, &rc);
	const char *s = NULL;
	if (!n)
		return rc;
	if (yc_scalar(c, n, key, &s) != 0)
		return -1;
	if (n->plain && strcmp(s, "true") == 0)
		*out = true;
	else if (n->plain && strcmp(s, "false") == 0)
		*out = false;
	else
		return yc_bad(c, n, _("%s: expected true or false, found '%s'"), key, s);
	return 0;
}

int yc_i18n(struct yctx *c, const struct ynode *map, const char *key,
    bool required, struct i18n *out)
{
	int rc;
	const struct ynode *n = get(c, map, key, required, &rc);
	if (!n)
		return rc;
	static const char *const langs[] = { "vi", "en", NULL };
	char what[80];
	snprintf(what, sizeof what, "'%s'", key);
	if (yc_map(c, n, what, langs) != 0)
		return -1;
	if (yc_str(c, n, "vi", false, &out->vi) != 0 ||
	    yc_str(c, n, "en", false, &out->en) != 0)
		return -1;
	if (!out->vi && !out->en)
		return yc_bad(c, n, _("%s: give the text in vi, en or both"), key);
	return 0;
}

int yc_strlist(struct yctx *c, const struct ynode *map, const char *key,
    bool required, struct strv *out)
{
	int rc;
	const struct ynode *n = get(c, map, key, required, &rc);
	if (!n)
		return rc;
	if (n->kind == Y_SCALAR) {
		strv_push(out, n->s);
		return 0;
	}
	if (n->kind != Y_SEQ)
		return yc_bad(c, n, _("%s: expected a list, found %s"), key,
		    ynode_kind_name(n));
	for (size_t i = 0; i < n->n; i++) {
		const char *s = NULL;
		if (yc_scalar(c, n->kids[i], key, &s) != 0)
			return -1;
		strv_push(out, s);
	}
	return 0;
}

bool yc_is_ident(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64 || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_'))
			return false;
	return true;
}

bool yc_is_ident_dash(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}
