/* check.c — see check.h */
#include "sync/check.h"
#include "sync/gitrun.h"
#include "core/i18n.h"
#include "core/uuid.h"
#include "model/record.h"
#include "store/record_io.h"
#include "store/workspace.h"
#include "store/yget.h"
#include "store/ytree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Files larger than this are refused without being read. */
#define CHECK_MAX_FILE (4u * 1024 * 1024)

struct entry {
	char *path;
	char oid[65];
	unsigned mode;
	bool deleted;
	bool is_blob;
	size_t size;
	const char *data;	/* into the batch output */
};

struct entries {
	struct entry *v;
	size_t n, cap;
};

static void problem(struct push_check *pc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct push_check *pc, const char *fmt, ...)
{
	pc->nproblems++;
	if (pc->problems.n >= PUSH_CHECK_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	strv_take(&pc->problems, xvasprintf(fmt, ap));
	va_end(ap);
}

bool check_is_zero_oid(const char *s)
{
	if (!s || !*s)
		return true;
	for (; *s; s++)
		if (*s != '0')
			return false;
	return true;
}

void push_check_free(struct push_check *pc)
{
	strv_free(&pc->problems);
}

static void entries_free(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->v[i].path);
	free(es->v);
}

static struct entry *add_entry(struct entries *es, const char *path, const char *oid,
    unsigned mode, bool deleted)
{
	XGROW(es->v, es->cap, es->n + 1);
	struct entry *x = &es->v[es->n++];
	memset(x, 0, sizeof *x);
	x->path = xstrdup(path);
	snprintf(x->oid, sizeof x->oid, "%s", oid);
	x->mode = mode;
	x->deleted = deleted;
	return x;
}

static int run(struct push_check *pc, struct gitrun *g, const char *what,
    const char *const *argv, struct err *e)
{
	g->dir = pc->dir;
	g->env = pc->env;
	return git_run_ok(g, what, argv, e);
}

/* "<mode> <type> <oid>\t<path>" NUL-separated (ls-tree -r -z). */
static int list_tree(struct push_check *pc, const char *tip, struct entries *es,
    struct err *e)
{
	struct gitrun g = { 0 };
	const char *argv[] = { "ls-tree", "-r", "-z", "--full-tree", tip, NULL };
	if (run(pc, &g, _("reading the pushed files"), argv, e) != 0) {
		git_done(&g);
		return -1;
	}
	for (char *p = g.out.s; p && p < g.out.s + g.out.len; p += strlen(p) + 1) {
		char type[16], oid[65];
		unsigned mode;
		char *tab = strchr(p, '\t');
		if (!tab || sscanf(p, "%o %15s %64s", &mode, type, oid) != 3)
			continue;
		add_entry(es, tab + 1, oid, mode, false);
	}
	git_done(&g);
	return 0;
}

/* ":<old mode> <new mode> <old oid> <new oid> <status>" NUL "<path>" NUL. */
static int list_diff(struct push_check *pc, const char *old, const char *tip,
    struct entries *es, struct err *e)
{
	struct gitrun g = { 0 };
	const char *argv[] = { "diff-tree", "-r", "-z", "--no-renames", old, tip, NULL };
	if (run(pc, &g, _("reading the pushed changes"), argv, e) != 0) {
		git_done(&g);
		return -1;
	}
	char *end = g.out.s ? g.out.s + g.out.len : NULL;
	for (char *p = g.out.s; p && p < end; ) {
		char *path = p + strlen(p) + 1;
		if (path >= end)
			break;
		unsigned om, nm;
		char ooid[65], noid[65], st[8];
		if (p[0] == ':' && sscanf(p + 1, "%o %o %64s %64s %7s", &om, &nm, ooid, noid, st) == 5)
			add_entry(es, path, noid, nm, st[0] == 'D');
		p = path + strlen(path) + 1;
	}
	git_done(&g);
	return 0;
}

/* Sizes and types, then the contents of what is small enough to read. */
static int read_blobs(struct push_check *pc, struct entries *es, struct gitrun *data,
    struct err *e)
{
	struct sbuf in = SBUF_INIT;
	for (size_t i = 0; i < es->n; i++)
		if (!es->v[i].deleted)
			sbuf_printf(&in, "%s\n", es->v[i].oid);
	if (!in.len)
		return 0;
	struct gitrun g = { 0 };
	g.in = in.s;
	g.in_len = in.len;
	const char *check[] = { "cat-file", "--batch-check", NULL };
	if (run(pc, &g, _("reading the pushed files"), check, e) != 0) {
		git_done(&g);
		sbuf_free(&in);
		return -1;
	}
	char *line = g.out.s;
	for (size_t i = 0; i < es->n && line; i++) {
		struct entry *x = &es->v[i];
		if (x->deleted)
			continue;
		char oid[65], type[16];
		size_t size;
		if (sscanf(line, "%64s %15s %zu", oid, type, &size) == 3) {
			x->is_blob = strcmp(type, "blob") == 0;
			x->size = size;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	git_done(&g);
	sbuf_reset(&in);
	for (size_t i = 0; i < es->n; i++)
		if (!es->v[i].deleted && es->v[i].is_blob && es->v[i].size <= CHECK_MAX_FILE)
			sbuf_printf(&in, "%s\n", es->v[i].oid);
	int rc = 0;
	if (in.len) {
		data->in = in.s;
		data->in_len = in.len;
		const char *batch[] = { "cat-file", "--batch", NULL };
		rc = run(pc, data, _("reading the pushed files"), batch, e);
		data->in = NULL;
		/* "<oid> blob <size>\n<bytes>\n" for each */
		const char *p = data->out.s, *end = p ? p + data->out.len : NULL;
		for (size_t i = 0; rc == 0 && i < es->n && p && p < end; i++) {
			struct entry *x = &es->v[i];
			if (x->deleted || !x->is_blob || x->size > CHECK_MAX_FILE)
				continue;
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl || (size_t)(end - nl - 1) < x->size)
				break;
			x->data = nl + 1;
			p = nl + 1 + x->size + 1;
		}
	}
	sbuf_free(&in);
	return rc;
}

static void check_config(struct push_check *pc, const struct entry *x)
{
	struct ws_config cfg;
	struct err e;
	if (ws_config_parse(x->data, x->size, x->path, &cfg, &e) != 0) {
		problem(pc, "%s", e.msg);
		return;
	}
	if ((pc->province && strcmp(cfg.province_code, pc->province) != 0) ||
	    (pc->commune && strcmp(cfg.commune_code, pc->commune) != 0))
		problem(pc, _("%s: this workspace is of commune %s (province %s), but this repository holds commune %s (province %s); push to your own commune's repository"),
		    x->path, cfg.commune_code, cfg.province_code,
		    pc->commune ? pc->commune : "?", pc->province ? pc->province : "?");
	ws_config_free(&cfg);
}

static void check_config_file(struct push_check *pc, const struct entry *x)
{
	const char *name = strrchr(x->path, '/') + 1;
	size_t n = strlen(name);
	char *stem = xstrndup(name, n > 5 ? n - 5 : 0);
	bool ok = n > 5 && strcmp(name + n - 5, ".yaml") == 0 && yc_is_ident_dash(stem) &&
	    (strncmp(x->path, "config/lists/", 13) == 0 ||
	    strncmp(x->path, "config/rules/", 13) == 0) && !strchr(x->path + 13, '/');
	free(stem);
	if (!ok) {
		problem(pc, _("%s: only config/lists/<name>.yaml and config/rules/<name>.yaml are accepted under config/"),
		    x->path);
		return;
	}
	struct ydoc doc;
	struct err e;
	if (ydoc_parse(x->data, x->size, x->path, &ylimits_config, &doc, &e) != 0)
		problem(pc, "%s", e.msg);
	ydoc_free(&doc);
}

static void check_record(struct push_check *pc, const struct entry *x,
    const struct form *f, const char *file)
{
	size_t n = strlen(file);
	char id[UUID_LEN + 1] = "";
	if (n == UUID_LEN + 5 && strcmp(file + UUID_LEN, ".yaml") == 0) {
		memcpy(id, file, UUID_LEN);
		id[UUID_LEN] = '\0';
	}
	if (!uuid_valid(id)) {
		problem(pc, _("%s: a record file is named <id>.yaml, with the record's id"), x->path);
		return;
	}
	struct record *r;
	struct err e;
	if (record_parse(x->data, x->size, x->path, pc->fs, f->name, 0, &r, &e) != 0) {
		problem(pc, "%s", e.msg);
		return;
	}
	record_free(r);
	if (!record_is_canonical(x->data, x->size, x->path, pc->fs, &e))
		problem(pc, "%s", e.msg);
}

static void check_entry(struct push_check *pc, const struct entry *x)
{
	if (x->deleted) {
		if (strcmp(x->path, "sapxep.yaml") == 0)
			problem(pc, _("%s: the workspace's settings cannot be deleted"), x->path);
		return;
	}
	if (x->mode != 0100644 || !x->is_blob) {
		problem(pc, _("%s: only plain files are accepted (not a link, an executable or a sub-repository)"),
		    x->path);
		return;
	}
	if (x->size > CHECK_MAX_FILE || !x->data) {
		problem(pc, _("%s: the file is too large (%zu bytes)"), x->path, x->size);
		return;
	}
	if (strcmp(x->path, "sapxep.yaml") == 0) {
		check_config(pc, x);
		return;
	}
	if (strcmp(x->path, ".gitignore") == 0 || strcmp(x->path, ".gitattributes") == 0)
		return;
	if (strncmp(x->path, "config/", 7) == 0) {
		check_config_file(pc, x);
		return;
	}
	const char *slash = strchr(x->path, '/');
	const struct form *f = NULL;
	if (slash && !strchr(slash + 1, '/')) {
		char *folder = xstrndup(x->path, (size_t)(slash - x->path));
		f = formset_by_folder(pc->fs, folder);
		free(folder);
	}
	if (!f) {
		problem(pc, _("%s: this file is not part of a sapxep workspace (only sapxep.yaml, the record folders and config/ are accepted)"),
		    x->path);
		return;
	}
	check_record(pc, x, f, slash + 1);
}

int check_push(struct push_check *pc, const char *old_oid, const char *new_oid,
    struct err *e)
{
	struct entries es = { 0 };
	struct gitrun data = { 0 };
	bool first = check_is_zero_oid(old_oid);
	int rc = first ? list_tree(pc, new_oid, &es, e) : list_diff(pc, old_oid, new_oid, &es, e);
	if (rc == 0)
		rc = read_blobs(pc, &es, &data, e);
	if (rc == 0) {
		bool has_config = false;
		for (size_t i = 0; i < es.n; i++) {
			check_entry(pc, &es.v[i]);
			has_config |= strcmp(es.v[i].path, "sapxep.yaml") == 0;
		}
		if (first && !has_config)
			problem(pc, _("sapxep.yaml: missing; a commune's first push must bring its workspace settings"));
	}
	git_done(&data);
	entries_free(&es);
	return rc;
}
