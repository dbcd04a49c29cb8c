/* repo.c — see repo.h and sync.h: setting a workspace up, the
 * commit-on-save hook, the dashboard's status. */
#include "sync/repo.h"
#include "sync/gitrun.h"
#include "sync/sync.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/uuid.h"
#include "store/fsutil.h"
#include "store/yget.h"
#include "store/ytree.h"
#include "store/ywrite.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char ignore_text[] =
	"# Written by sapxep: local state and temporary files stay on this machine.\n"
	"/.sapxep/\n"
	".*.tmp-*\n";

static const char attributes_text[] =
	"# Written by sapxep: files travel byte for byte, and records merge\n"
	"# field by field with sapxep's merge driver (see sapxep(1), SYNC).\n"
	"* -text\n"
	"*.yaml merge=sapxep\n";

/* --- small helpers ---------------------------------------------------- */

bool sync_is_repo(const struct workspace *ws)
{
	char *g = path_join(ws->root, ".git");
	bool yes = fs_is_dir(g);
	free(g);
	return yes;
}

char *sync_self_path(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return xstrdup("sapxep");
	buf[n] = '\0';
	return xstrdup(buf);
}

/* Files git writes get the workspace's modes: 0600 / 0700, or 0660 /
 * 0770 for a workspace shared with a group. */
mode_t repo_umask(const struct workspace *ws)
{
	return umask((~ws->dir_mode) & 0777);
}

/* Who and when, for a commit: the officer's name and id. */
void repo_author_env(const struct workspace *ws, const char *when, struct strv *env)
{
	const char *id = ws->officer ? ws->officer : "unknown";
	const char *name = id;
	if (ws->cfg.officer_id && ws->cfg.officer_name && strcmp(id, ws->cfg.officer_id) == 0)
		name = ws->cfg.officer_name;
	/* git refuses <, > and line breaks in identities */
	char *n = text_visible(name, false), *i = text_visible(id, false);
	for (char *p = n; *p; p++)
		if (*p == '<' || *p == '>')
			*p = ' ';
	for (char *p = i; *p; p++)
		if (*p == '<' || *p == '>' || *p == ' ')
			*p = '_';
	char *ts = when ? xstrdup(when) : timestamp_now();
	strv_take(env, xasprintf("GIT_AUTHOR_NAME=%s", n));
	strv_take(env, xasprintf("GIT_AUTHOR_EMAIL=%s", i));
	strv_take(env, xasprintf("GIT_AUTHOR_DATE=%s", ts));
	strv_take(env, xasprintf("GIT_COMMITTER_NAME=%s", n));
	strv_take(env, xasprintf("GIT_COMMITTER_EMAIL=%s", i));
	strv_take(env, xasprintf("GIT_COMMITTER_DATE=%s", ts));
	git_argv(env);
	free(ts);
	free(n);
	free(i);
}

/* git ARGV in the workspace; fails with git's words. */
int repo_git(const struct workspace *ws, const char *what, const char *const *argv,
    const struct strv *env, char **out, struct err *e)
{
	struct gitrun g = { 0 };
	g.dir = ws->root;
	g.env = env ? (const char *const *)env->v : NULL;
	int rc = git_run_ok(&g, what, argv, e);
	if (rc == 0 && out)
		*out = git_out_line(&g);
	git_done(&g);
	return rc;
}

/* The object a revision names, or NULL when it does not exist. */
char *repo_rev(const char *dir, const char *rev)
{
	struct gitrun g = { 0 };
	g.dir = dir;
	char *spec = xasprintf("%s^{commit}", rev);
	const char *argv[] = { "rev-parse", "--verify", "-q", spec, NULL };
	char *oid = NULL;
	if (git_run(&g, argv, NULL) == 0 && g.status == 0) {
		oid = git_out_line(&g);
		if (!git_is_oid(oid))
			xfree(&oid);
	}
	free(spec);
	git_done(&g);
	return oid;
}

/* Is a an ancestor of b? 1 yes, 0 no, -1 error. */
int repo_is_ancestor(const char *dir, const char *a, const char *b, struct err *e)
{
	struct gitrun g = { 0 };
	g.dir = dir;
	const char *argv[] = { "merge-base", "--is-ancestor", a, b, NULL };
	int rc = git_run(&g, argv, e);
	if (rc == 0)
		rc = g.status == 0 ? 1 : g.status == 1 ? 0 : -1;
	if (rc < 0 && g.status > 1) {
		char *t = git_err_tail(&g, 3);
		err_set(e, E_IO, _("cannot compare histories: %s"), t);
		free(t);
	}
	git_done(&g);
	return rc;
}

/* Commits (saves, deletes) in `tip` and not in `base` (NULL: all). */
long repo_count(const char *dir, const char *tip, const char *base)
{
	struct gitrun g = { 0 };
	g.dir = dir;
	char *not = base ? xasprintf("^%s", base) : NULL;
	const char *argv[] = { "rev-list", "--count", "--no-merges", tip, not, NULL };
	long n = 0;
	if (git_run(&g, argv, NULL) == 0 && g.status == 0)
		n = strtol(sbuf_str(&g.out), NULL, 10);
	free(not);
	git_done(&g);
	return n;
}

/* Remove lock files a killed git left behind. Called only while this
 * process holds the workspace lock, under which every git that takes
 * these locks runs; with `all`, also under the sync lock, which covers
 * fetch, push and the rest. */
static void clean_locks_in(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	struct strv subs = STRV_INIT;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *p = path_join(dir, de->d_name);
		size_t n = strlen(de->d_name);
		if (n > 5 && strcmp(de->d_name + n - 5, ".lock") == 0)
			unlink(p);
		else if (fs_is_dir(p))
			strv_push(&subs, p);
		free(p);
	}
	closedir(d);
	for (size_t i = 0; i < subs.n; i++)
		clean_locks_in(subs.v[i]);
	strv_free(&subs);
}

static void unlink_in(const char *dir, const char *const *names)
{
	for (int i = 0; names[i]; i++) {
		char *p = path_join(dir, names[i]);
		unlink(p);
		free(p);
	}
}

void repo_clean_locks(const struct workspace *ws, bool all)
{
	static const char *const local[] = { "index.lock", "HEAD.lock", "ORIG_HEAD.lock",
		"MERGE_HEAD.lock", NULL };
	static const char *const more[] = { "packed-refs.lock", "config.lock", "shallow.lock",
		"FETCH_HEAD.lock", NULL };
	char *g = path_join(ws->root, ".git");
	char *heads = path_join(g, "refs/heads"), *remotes = path_join(g, "refs/remotes");
	unlink_in(g, local);
	clean_locks_in(heads);
	if (all) {
		unlink_in(g, more);
		clean_locks_in(remotes);
	}
	free(heads);
	free(remotes);
	free(g);
}

/* Is `rel` a file sync carries: sapxep.yaml, git's own two files, a
 * list or rule pack under config/, or a .yaml file in a record folder?
 * Anything else an officer leaves in the folder stays on this machine. */
static bool carried(const struct workspace *ws, const char *rel)
{
	if (strcmp(rel, "sapxep.yaml") == 0 || strcmp(rel, ".gitignore") == 0 ||
	    strcmp(rel, ".gitattributes") == 0)
		return true;
	size_t n = strlen(rel);
	if (n < 6 || strcmp(rel + n - 5, ".yaml") != 0)
		return false;
	if (strncmp(rel, "config/", 7) == 0)
		return true;
	const char *slash = strchr(rel, '/');
	if (!slash || strchr(slash + 1, '/'))
		return false;
	char *folder = xstrndup(rel, (size_t)(slash - rel));
	bool yes = formset_by_folder(ws->forms, folder) != NULL;
	free(folder);
	return yes;
}

/* The carried files that differ from the last commit: new, changed,
 * deleted, or staged by a commit that did not finish. */
static int pending_files(const struct workspace *ws, struct strv *out, struct err *e)
{
	struct gitrun g = { 0 };
	g.dir = ws->root;
	const char *argv[] = { "status", "--porcelain=v1", "-z", "--untracked-files=all",
		"--no-renames", NULL };
	int rc = git_run_ok(&g, _("looking for changes to record"), argv, e);
	/* "XY path" NUL for each */
	for (char *p = g.out.s; rc == 0 && p && p < g.out.s + g.out.len; p += strlen(p) + 1)
		if (strlen(p) > 3 && carried(ws, p + 3))
			strv_push(out, p + 3);
	git_done(&g);
	return rc;
}

/* Commit the carried files that the last commit does not hold: records
 * saved while the workspace was not a repository, a change to
 * sapxep.yaml, a commit that failed. Call under the workspace lock. *n
 * (if not NULL) gets the number of files recorded. */
int repo_commit_pending(struct workspace *ws, const char *message, long *n,
    struct err *e)
{
	struct strv files = STRV_INIT, env = STRV_INIT;
	struct sbuf list = SBUF_INIT;
	int rc = pending_files(ws, &files, e);
	if (n)
		*n = 0;
	if (rc != 0 || files.n == 0)
		goto out;
	for (size_t i = 0; i < files.n; i++)
		sbuf_add(&list, files.v[i], strlen(files.v[i]) + 1);
	char *msg = message ? xstrdup(message) :
	    xasprintf("Record files changed outside sapxep: %zu", files.n);
	repo_author_env(ws, NULL, &env);
	struct gitrun g = { 0 };
	g.dir = ws->root;
	g.env = git_argv(&env);
	g.in = list.s;
	g.in_len = list.len;
	const char *add[] = { "add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", NULL };
	const char *commit[] = { "-c", "gc.auto=0", "commit", "-q", "--no-verify", "-m", msg,
		"--pathspec-from-file=-", "--pathspec-file-nul", NULL };
	rc = git_run_ok(&g, _("recording changes"), add, e);
	if (rc == 0)
		rc = git_run_ok(&g, _("recording changes"), commit, e);
	git_done(&g);
	free(msg);
	if (rc == 0 && n)
		*n = (long)files.n;
out:
	sbuf_free(&list);
	strv_free(&files);
	strv_free(&env);
	return rc;
}

/* Is `rel` a record's path ("<folder>/<uuid>.yaml")? Its form, or NULL. */
const struct form *repo_record_form(const struct workspace *ws, const char *rel)
{
	const char *slash = strchr(rel, '/');
	if (!slash || strchr(slash + 1, '/') || strlen(slash + 1) != UUID_LEN + 5 ||
	    strcmp(slash + 1 + UUID_LEN, ".yaml") != 0)
		return NULL;
	char id[UUID_LEN + 1];
	memcpy(id, slash + 1, UUID_LEN);
	id[UUID_LEN] = '\0';
	if (!uuid_valid(id))
		return NULL;
	char *folder = xstrndup(rel, (size_t)(slash - rel));
	const struct form *f = formset_by_folder(ws->forms, folder);
	free(folder);
	return f;
}

/* --- setting a workspace up ------------------------------------------- */

static int write_if_missing(struct workspace *ws, const char *name, const char *text,
    struct err *e)
{
	char *p = path_join(ws->root, name);
	int rc = 0;
	if (!fs_exists(p))
		rc = fs_write_atomic(p, text, strlen(text), ws->file_mode, ws->durable, e);
	free(p);
	return rc;
}

/* Single-quoted for the shell git runs merge drivers with. */
static char *sh_quote(const char *s)
{
	struct sbuf b = SBUF_INIT;
	sbuf_addc(&b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			sbuf_adds(&b, "'\\''");
		else
			sbuf_addc(&b, *s);
	}
	sbuf_addc(&b, '\'');
	return sbuf_detach(&b);
}

/* Set the repository settings sapxep relies on, where they differ. */
static int configure(struct workspace *ws, struct err *e)
{
	char *self = sync_self_path(), *q = sh_quote(self);
	char *driver = xasprintf("%s merge-driver %%O %%A %%B %%P", q);
	const char *want[][2] = {
		{ "merge.sapxep.name", "sapxep: records merged field by field" },
		{ "merge.sapxep.driver", driver },
		{ "core.logallrefupdates", "true" },
		{ "gc.reflogexpire", "never" },
		{ "gc.reflogexpireunreachable", "never" },
	};
	char *have = NULL;
	struct gitrun g = { 0 };
	g.dir = ws->root;
	const char *list[] = { "config", "--local", "--list", "-z", NULL };
	if (git_run(&g, list, NULL) == 0 && g.status == 0)
		have = sbuf_detach(&g.out);
	git_done(&g);
	int rc = 0;
	for (size_t i = 0; i < sizeof want / sizeof want[0] && rc == 0; i++) {
		/* -z lists "key\nvalue\0" */
		char *entry = xasprintf("%s\n%s", want[i][0], want[i][1]);
		bool found = false;
		for (const char *p = have; p && *p && !found; p += strlen(p) + 1)
			found = strcmp(p, entry) == 0;
		free(entry);
		if (found)
			continue;
		const char *set[] = { "config", "--local", want[i][0], want[i][1], NULL };
		rc = repo_git(ws, _("configuring the workspace's repository"), set, NULL, NULL, e);
	}
	free(have);
	free(driver);
	free(q);
	free(self);
	return rc;
}

int sync_setup(struct workspace *ws, const char *remote, struct err *e)
{
	mode_t um = repo_umask(ws);
	int rc = -1;
	char *state = NULL;
	if (ws_state_dir(ws, NULL, &state, e) != 0)
		goto out;
	if (!sync_is_repo(ws)) {
		struct gitrun g = { 0 };
		struct strv av = STRV_INIT;
		const char *init[] = { "init", "-q", "-b", SYNC_BRANCH, NULL };
		for (int i = 0; init[i]; i++)
			strv_push(&av, init[i]);
		if (ws->gid != (gid_t)-1)
			strv_push(&av, "--shared=group");	/* every officer of the group */
		strv_push(&av, "--");
		strv_push(&av, ws->root);
		rc = git_run_ok(&g, _("making the workspace a repository"), git_argv(&av), e);
		git_done(&g);
		strv_free(&av);
		if (rc != 0)
			goto out;
		rc = -1;
	}
	if (write_if_missing(ws, ".gitignore", ignore_text, e) != 0 ||
	    write_if_missing(ws, ".gitattributes", attributes_text, e) != 0 ||
	    configure(ws, e) != 0)
		goto out;
	if (remote && *remote) {
		struct gitrun g = { 0 };
		g.dir = ws->root;
		const char *get[] = { "remote", "get-url", "origin", NULL };
		bool has = git_run(&g, get, NULL) == 0 && g.status == 0;
		git_done(&g);
		if (!has) {
			const char *add[] = { "remote", "add", "--", "origin", remote, NULL };
			if (repo_git(ws, _("setting the province repository"), add, NULL, NULL, e) != 0)
				goto out;
		}
	}
	char *head = repo_rev(ws->root, "HEAD");
	if (!head) {
		struct fs_lock l;
		if (ws_lock(ws, &l, e) != 0)
			goto out;
		char *msg = xasprintf("Workspace of %s (%s, province %s)",
		    ws->cfg.commune_name, ws->cfg.commune_code, ws->cfg.province_code);
		rc = repo_commit_pending(ws, msg, NULL, e);
		free(msg);
		fs_unlock(&l);
		if (rc != 0)
			goto out;
	}
	free(head);
	rc = 0;
out:
	free(state);
	umask(um);
	return rc;
}

/* --- the commit-on-save hook ------------------------------------------- */

static char *commit_message(const char *action, const struct form *f,
    const struct record *r)
{
	char *name = record_display_name(r, f);
	char *vis = text_visible(name, false);
	size_t fit = text_fit(vis, 60, NULL);
	const char *more = fit < strlen(vis) ? "…" : "";
	vis[fit] = '\0';
	char *msg = xasprintf("%s %s: %s%s (revision %ld)\n\nRecord: %s/%s.yaml\n",
	    action, f->name, vis, more, r->revision, f->folder, r->id);
	free(vis);
	free(name);
	return msg;
}

static int on_change(struct workspace *ws, const char *action, const struct form *f,
    const struct record *r, struct err *e)
{
	if (!sync_is_repo(ws))
		return 0;
	mode_t um = repo_umask(ws);
	bool del = strcmp(action, "delete") == 0;
	char *rel = xasprintf("%s/%s.yaml", f->folder, r->id);
	char *msg = commit_message(del ? "delete" : "save", f, r);
	struct strv env = STRV_INIT;
	char *now = del ? timestamp_now() : NULL;
	repo_author_env(ws, del ? now : r->updated_at, &env);
	repo_clean_locks(ws, false);
	const char *add[] = { "add", "--", rel, NULL };
	const char *rm[] = { "rm", "--cached", "-q", "--ignore-unmatch", "--", rel, NULL };
	const char *commit[] = { "-c", "gc.auto=0", "commit", "-q", "--no-verify", "-m", msg,
		"--", rel, NULL };
	int rc = repo_git(ws, _("recording the change for sync"), del ? rm : add, NULL, NULL, e);
	if (rc == 0 && repo_git(ws, _("recording the change for sync"), commit, &env, NULL, e) != 0) {
		/* nothing to record (a record never committed, now deleted)? */
		struct gitrun g = { 0 };
		g.dir = ws->root;
		const char *staged[] = { "diff", "--cached", "--quiet", "--", rel, NULL };
		if (git_run(&g, staged, NULL) == 0 && g.status == 0 && !g.sig)
			err_clear(e);
		else
			rc = err_prefix(e, _("saved, but not yet recorded for sync (the next sync records it)"));
		git_done(&g);
	}
	strv_free(&env);
	free(now);
	free(msg);
	free(rel);
	umask(um);
	return rc;
}

void sync_attach(struct workspace *ws)
{
	ws->on_change = on_change;
}

/* --- state kept between syncs ----------------------------------------- */


void repo_state_free(struct repo_state *s)
{
	free(s->last_ok);
	free(s->last_attempt);
	free(s->result);
	free(s->message);
	memset(s, 0, sizeof *s);
}

static char *state_path(const struct workspace *ws)
{
	return path_join(ws->root, ".sapxep/sync.yaml");
}

/* A missing or damaged state file is an empty state: it only holds times. */
void repo_state_read(const struct workspace *ws, struct repo_state *s)
{
	static const char *const keys[] = { "last_ok", "last_attempt", "result", "message",
		NULL };
	memset(s, 0, sizeof *s);
	char *p = state_path(ws);
	struct ydoc doc;
	struct yctx c = { p, NULL };
	if (fs_exists(p) && ydoc_load(p, &ylimits_record, &doc, NULL) == 0) {
		if (yc_map(&c, doc.root, "sync.yaml", keys) == 0 &&
		    (yc_str(&c, doc.root, "last_ok", false, &s->last_ok) != 0 ||
		    yc_str(&c, doc.root, "last_attempt", false, &s->last_attempt) != 0 ||
		    yc_str(&c, doc.root, "result", false, &s->result) != 0 ||
		    yc_str(&c, doc.root, "message", false, &s->message) != 0))
			repo_state_free(s);
		ydoc_free(&doc);
	}
	free(p);
}

void repo_state_write(struct workspace *ws, const struct repo_state *s)
{
	struct yw *w = yw_new();
	yw_map_begin(w);
	yw_pair_plain(w, "last_ok", s->last_ok);
	yw_pair_plain(w, "last_attempt", s->last_attempt);
	yw_pair(w, "result", s->result);
	yw_pair(w, "message", s->message);
	yw_map_end(w);
	char *buf, *p = state_path(ws);
	size_t len;
	if (yw_finish(w, &buf, &len, NULL) == 0) {
		fs_write_atomic(p, buf, len, ws->file_mode, ws->durable, NULL);
		free(buf);
	}
	free(p);
}

/* --- status ------------------------------------------------------------ */

int sync_status(struct workspace *ws, struct sync_status *st, struct err *e)
{
	memset(st, 0, sizeof *st);
	(void)e;
	if (!sync_is_repo(ws)) {
		st->remote = xstrdup(ws->cfg.remote);
		return 0;
	}
	st->repo = true;
	struct gitrun g = { 0 };
	g.dir = ws->root;
	const char *url[] = { "remote", "get-url", "origin", NULL };
	if (git_run(&g, url, NULL) == 0 && g.status == 0) {
		st->remote = git_out_line(&g);
	} else {
		st->remote = xstrdup(ws->cfg.remote);
	}
	git_done(&g);
	char *head = repo_rev(ws->root, "HEAD");
	char *sent = repo_rev(ws->root, "refs/remotes/origin/" SYNC_BRANCH);
	if (head)
		st->unsent = repo_count(ws->root, head, sent);
	struct strv pending = STRV_INIT;
	if (pending_files(ws, &pending, NULL) == 0)
		st->unrecorded = (long)pending.n;
	strv_free(&pending);
	free(head);
	free(sent);
	struct repo_state s;
	repo_state_read(ws, &s);
	if (s.last_ok)
		timestamp_parse(s.last_ok, &st->last_ok);
	if (s.last_attempt)
		timestamp_parse(s.last_attempt, &st->last_attempt);
	st->last_result = s.result;
	st->last_message = s.message;
	s.result = s.message = NULL;
	repo_state_free(&s);
	return 0;
}

void sync_status_free(struct sync_status *st)
{
	free(st->remote);
	free(st->last_result);
	free(st->last_message);
	memset(st, 0, sizeof *st);
}
