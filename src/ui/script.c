/* script.c — see script.h */
#include "ui/script.h"
#include "ui/keys.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xmem.h"
#include "store/fsutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define SCRIPT_MAX (4 * 1024 * 1024)

struct script {
	struct script_step *v;
	size_t n, cap, pos;
};

static struct script_step *add(struct script *s, enum script_op op)
{
	XGROW(s->v, s->cap, s->n + 1);
	struct script_step *st = &s->v[s->n++];
	memset(st, 0, sizeof *st);
	st->op = op;
	return st;
}

static int command(struct script *s, const char *line, const char *path,
    int lineno, struct err *e)
{
	char name[32];
	int n = 0;
	if (sscanf(line, ":%31s%n", name, &n) != 1)
		return err_set(e, E_INVALID, _("%s:%d: a command follows ':'"), path, lineno);
	const char *rest = line + n;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (strcmp(name, "save-display") == 0 && *rest) {
		add(s, SOP_SAVE_DISPLAY)->arg = text_trim(rest);
	} else if (strcmp(name, "resize") == 0) {
		struct script_step *st = add(s, SOP_RESIZE);
		if (sscanf(rest, "%d %d", &st->a, &st->b) != 2 || st->a < 1 ||
		    st->b < 1 || st->a > 1000 || st->b > 1000)
			return err_set(e, E_INVALID, _("%s:%d: write :resize COLS ROWS"),
			    path, lineno);
	} else if (strcmp(name, "hangup") == 0) {
		add(s, SOP_HANGUP);
	} else if (strcmp(name, "tick") == 0) {
		struct script_step *st = add(s, SOP_TICK);
		if (sscanf(rest, "%d", &st->a) != 1 || st->a < 0)
			return err_set(e, E_INVALID, _("%s:%d: write :tick SECONDS"), path, lineno);
	} else {
		return err_set(e, E_INVALID,
		    _("%s:%d: unknown command '%s' (save-display, resize, hangup, tick)"),
		    path, lineno, name);
	}
	return 0;
}

static int keys_line(struct script *s, const char *line, const char *path,
    int lineno, struct err *e)
{
	size_t len = strlen(line), off = 0;
	while (off < len) {
		if (line[off] == '<') {
			const char *end = strchr(line + off, '>');
			char *name = end ? xstrndup(line + off + 1, (size_t)(end - line - off - 1)) : NULL;
			int k = name ? keys_parse(name) : -1;
			if (k < 0) {
				err_set(e, E_INVALID, _("%s:%d: unknown key <%s> (write <lt> for '<')"),
				    path, lineno, name ? name : line + off + 1);
				free(name);
				return -1;
			}
			free(name);
			struct script_step *st = add(s, SOP_KEY);
			st->key = k;
			st->a = off == 0;
			off = (size_t)(end - line) + 1;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)line + off,
		    (utf8proc_ssize_t)(len - off), &cp);
		if (k <= 0)
			return err_set(e, E_INVALID, _("%s:%d: not UTF-8"), path, lineno);
		struct script_step *st = add(s, SOP_KEY);
		st->key = cp;
		st->a = off == 0;
		off += (size_t)k;
	}
	return 0;
}

int script_open(const char *path, struct script **out, struct err *e)
{
	char *buf;
	size_t len;
	if (fs_read_file(path, SCRIPT_MAX, &buf, &len, e) != 0)
		return -1;
	struct script *s = xcalloc(1, sizeof *s);
	int lineno = 0, rc = 0;
	char *p = buf;
	while (rc == 0 && *p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		size_t n = strlen(p);
		if (n && p[n - 1] == '\r')
			p[n - 1] = '\0';
		if (p[0] == ':')
			rc = command(s, p, path, lineno, e);
		else if (p[0] && p[0] != '#')
			rc = keys_line(s, p, path, lineno, e);
		p = nl ? nl + 1 : p + strlen(p);
	}
	free(buf);
	if (rc != 0) {
		script_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void script_free(struct script *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].arg);
	free(s->v);
	free(s);
}

const struct script_step *script_peek(struct script *s)
{
	static const struct script_step end = { .op = SOP_END };
	return s->pos < s->n ? &s->v[s->pos] : &end;
}

const struct script_step *script_next(struct script *s)
{
	const struct script_step *st = script_peek(s);
	if (s->pos < s->n)
		s->pos++;
	return st;
}
