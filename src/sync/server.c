/* server.c — see server.h */
#include "sync/server.h"
#include "sync/check.h"
#include "sync/gitrun.h"
#include "sync/sync.h"
#include "core/csv.h"
#include "core/i18n.h"
#include "core/text.h"
#include "store/fsutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define CSV_MAX (16 * 1024 * 1024)

/* Codes become folder names: letters, digits, '-' and '_' only. */
static bool code_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

struct commune {
	char *code, *name;
};

static void communes_free(struct commune *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].code);
		free(v[i].name);
	}
	free(v);
}

static int column(const struct csv_row *head, const char *name)
{
	for (size_t i = 0; i < head->fields.n; i++) {
		char *t = text_trim(head->fields.v[i]);
		bool same = strcasecmp(t, name) == 0;
		free(t);
		if (same)
			return (int)i;
	}
	return -1;
}

static int read_communes(const char *path, struct commune **out, size_t *nout,
    struct err *e)
{
	char *buf;
	size_t len;
	struct csv csv;
	if (fs_read_file(path, CSV_MAX, &buf, &len, e) != 0)
		return -1;
	int rc = csv_parse(buf, len, path, &csv, e);
	free(buf);
	if (rc != 0)
		return -1;
	struct commune *v = NULL;
	size_t n = 0, cap = 0;
	int ccode = csv.n ? column(&csv.rows[0], "code") : -1;
	int cname = csv.n ? column(&csv.rows[0], "name") : -1;
	if (ccode < 0 || cname < 0) {
		csv_free(&csv);
		return err_set(e, E_INVALID, _("%s:1: the first row must name the columns code and name"),
		    path);
	}
	rc = 0;
	for (size_t i = 1; i < csv.n && rc == 0; i++) {
		const struct csv_row *row = &csv.rows[i];
		if (row->fields.n == 1 && !*row->fields.v[0])
			continue;	/* a blank line */
		char *code = (size_t)ccode < row->fields.n ? text_trim(row->fields.v[ccode]) : xstrdup("");
		char *raw = (size_t)cname < row->fields.n ? text_trim(row->fields.v[cname]) : xstrdup("");
		char *name = text_nfc(raw);
		free(raw);
		if (!code_ok(code)) {
			char *vis = text_visible(code, false);
			rc = err_set(e, E_INVALID, _("%s:%d: '%s' is not a commune code (letters, digits, - and _)"),
			    path, row->line, vis);
			free(vis);
		} else if (!name || !*name || text_has_controls(name, false)) {
			rc = err_set(e, E_INVALID, _("%s:%d: commune %s has no usable name"), path,
			    row->line, code);
		}
		for (size_t k = 0; rc == 0 && k < n; k++)
			if (strcmp(v[k].code, code) == 0)
				rc = err_set(e, E_INVALID, _("%s:%d: commune %s is listed twice"), path,
				    row->line, code);
		if (rc != 0) {
			free(code);
			free(name);
			break;
		}
		XGROW(v, cap, n + 1);
		v[n].code = code;
		v[n++].name = name;
	}
	csv_free(&csv);
	if (rc == 0 && n == 0)
		rc = err_set(e, E_INVALID, _("%s: no commune listed"), path);
	if (rc != 0) {
		communes_free(v, n);
		return -1;
	}
	*out = v;
	*nout = n;
	return 0;
}

static int set_config(const char *repo, const char *key, const char *value, struct err *e)
{
	return git_cmd(repo, NULL, e, "config", key, value, NULL);
}

static int setup_repo(const char *root, const char *province, const struct commune *c,
    const char *hook, struct strv *report, struct err *e)
{
	char *name = xasprintf("%s.git", c->code);
	char *repo = path_join(root, name);
	bool existed = fs_is_dir(repo);
	int rc = 0;
	if (!existed)
		rc = git_cmd(NULL, NULL, e, "init", "-q", "--bare", "-b", SYNC_BRANCH, repo, NULL);
	const char *settings[][2] = {
		{ "sapxep.province", province },
		{ "sapxep.commune", c->code },
		{ "sapxep.communename", c->name },
		{ "receive.denynonfastforwards", "true" },
		{ "receive.denydeletes", "true" },
		{ "receive.fsckobjects", "true" },
		{ "core.logallrefupdates", "always" },
		{ "gc.reflogexpire", "never" },
		{ "gc.reflogexpireunreachable", "never" },
	};
	for (size_t i = 0; rc == 0 && i < sizeof settings / sizeof settings[0]; i++)
		rc = set_config(repo, settings[i][0], settings[i][1], e);
	char *hooks = path_join(repo, "hooks");
	char *pre = path_join(hooks, "pre-receive");
	if (rc == 0)
		rc = fs_mkdirs(hooks, 0755, e);
	if (rc == 0 && fs_write_atomic(pre, hook, strlen(hook), 0755, true, e) == 0)
		strv_take(report, xasprintf(existed ? _("updated %s (%s)") : _("created %s (%s)"),
		    name, c->name));
	else
		rc = -1;
	if (rc != 0)
		err_prefix(e, "%s", repo);
	free(pre);
	free(hooks);
	free(repo);
	free(name);
	return rc;
}

/* The hook script git runs: sapxep itself, by its full path. */
static char *hook_script(void)
{
	char *self = sync_self_path();
	struct sbuf b = SBUF_INIT;
	sbuf_adds(&b, "#!/bin/sh\n"
	    "# Installed by 'sapxep server init': every push is checked by sapxep\n"
	    "# before it is accepted (sapxep(1), SYNC).\nexec '");
	for (const char *p = self; *p; p++) {
		if (*p == '\'')
			sbuf_adds(&b, "'\\''");
		else
			sbuf_addc(&b, *p);
	}
	sbuf_adds(&b, "' hook pre-receive\n");
	free(self);
	return sbuf_detach(&b);
}

int server_init(const char *root, const char *province, const char *communes,
    struct strv *report, struct err *e)
{
	if (!code_ok(province))
		return err_set(e, E_USAGE, _("--province: '%s' is not a province code"), province);
	struct commune *v = NULL;
	size_t n = 0;
	if (read_communes(communes, &v, &n, e) != 0)
		return -1;
	mode_t um = umask(022);
	int rc = fs_mkdirs(root, 0755, e);
	char *hook = hook_script();
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = setup_repo(root, province, &v[i], hook, report, e);
	free(hook);
	umask(um);
	communes_free(v, n);
	return rc;
}

/* git config of the repository the hook runs in. */
static char *repo_config(const char *const *env, const char *key)
{
	struct gitrun g = { 0 };
	g.env = env;
	const char *argv[] = { "config", "--get", key, NULL };
	char *v = NULL;
	if (git_run(&g, argv, NULL) == 0 && g.status == 0)
		v = git_out_line(&g);
	git_done(&g);
	return v;
}

int server_pre_receive(const char *in, size_t len, const struct formset *fs,
    struct strv *problems, struct err *e)
{
	/* git hands the hook the repository and its quarantined objects */
	static const char *const vars[] = { "GIT_DIR", "GIT_OBJECT_DIRECTORY",
		"GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_QUARANTINE_PATH", NULL };
	struct strv env = STRV_INIT;
	for (int i = 0; vars[i]; i++) {
		const char *v = getenv(vars[i]);
		if (v)
			strv_take(&env, xasprintf("%s=%s", vars[i], v));
	}
	struct push_check pc = { 0 };
	pc.env = git_argv(&env);
	pc.fs = fs;
	char *province = repo_config(pc.env, "sapxep.province");
	char *commune = repo_config(pc.env, "sapxep.commune");
	pc.province = province;
	pc.commune = commune;
	int rc = 0;
	if (!province || !commune) {
		strv_push(problems, _("this repository was not set up by 'sapxep server init' (sapxep.commune is not set in its config); ask the province"));
		goto out;
	}
	char *text = xstrndup(in, len);
	for (char *line = text, *next; line && *line && rc == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char old[65], new[65], ref[1024];
		if (sscanf(line, "%64s %64s %1023s", old, new, ref) != 3)
			continue;
		char *vis = text_visible(ref, false);
		if (strcmp(ref, "refs/heads/" SYNC_BRANCH) != 0)
			strv_take(problems, xasprintf(_("only the branch %s is accepted, not %s"),
			    SYNC_BRANCH, vis));
		else if (check_is_zero_oid(new))
			strv_take(problems, xasprintf(_("deleting %s is not allowed"), vis));
		else
			rc = check_push(&pc, old, new, e);
		free(vis);
	}
	free(text);
	for (size_t i = 0; i < pc.problems.n; i++)
		strv_push(problems, pc.problems.v[i]);
	if (pc.nproblems > pc.problems.n)
		strv_take(problems, xasprintf(_("... and %zu more"), pc.nproblems - pc.problems.n));
out:
	free(province);
	free(commune);
	push_check_free(&pc);
	strv_free(&env);
	return rc;
}
