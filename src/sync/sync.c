/* sync.c — see sync.h */
#include "sync/sync.h"
#include "sync/check.h"
#include "sync/gitrun.h"
#include "sync/merge.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/uuid.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "store/yget.h"
#include "store/ytree.h"
#include "store/ywrite.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYNC_LOCK_WAIT_MS 2000
#define SYNC_ATTEMPTS 5

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
static mode_t ws_umask(const struct workspace *ws)
{
	return umask((~ws->dir_mode) & 0777);
}

/* Who and when, for a commit: the officer's name and id. */
static void author_env(const struct workspace *ws, const char *when, struct strv *env)
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
static int ws_git(const struct workspace *ws, const char *what, const char *const *argv,
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
static char *rev_oid(const char *dir, const char *rev)
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
static int is_ancestor(const char *dir, const char *a, const char *b, struct err *e)
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
static long count_changes(const char *dir, const char *tip, const char *base)
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

static void clean_stale_locks(const struct workspace *ws, bool all)
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
static int commit_pending(struct workspace *ws, const char *message, long *n,
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
	author_env(ws, NULL, &env);
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
		rc = ws_git(ws, _("configuring the workspace's repository"), set, NULL, NULL, e);
	}
	free(have);
	free(driver);
	free(q);
	free(self);
	return rc;
}

int sync_setup(struct workspace *ws, const char *remote, struct err *e)
{
	mode_t um = ws_umask(ws);
	int rc = -1;
	char *state = NULL;
	if (ws_state_dir(ws, NULL, &state, e) != 0)
		goto out;
	if (!sync_is_repo(ws)) {
		struct gitrun g = { 0 };
		const char *init[] = { "init", "-q", "-b", SYNC_BRANCH,
			ws->gid != (gid_t)-1 ? "--shared=group" : "-q", ws->root, NULL };
		rc = git_run_ok(&g, _("making the workspace a repository"), init, e);
		git_done(&g);
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
			if (ws_git(ws, _("setting the province repository"), add, NULL, NULL, e) != 0)
				goto out;
		}
	}
	char *head = rev_oid(ws->root, "HEAD");
	if (!head) {
		struct fs_lock l;
		if (ws_lock(ws, &l, e) != 0)
			goto out;
		char *msg = xasprintf("Workspace of %s (%s, province %s)",
		    ws->cfg.commune_name, ws->cfg.commune_code, ws->cfg.province_code);
		rc = commit_pending(ws, msg, NULL, e);
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
	mode_t um = ws_umask(ws);
	bool del = strcmp(action, "delete") == 0;
	char *rel = xasprintf("%s/%s.yaml", f->folder, r->id);
	char *msg = commit_message(del ? "delete" : "save", f, r);
	struct strv env = STRV_INIT;
	char *now = del ? timestamp_now() : NULL;
	author_env(ws, del ? now : r->updated_at, &env);
	clean_stale_locks(ws, false);
	const char *add[] = { "add", "--", rel, NULL };
	const char *rm[] = { "rm", "--cached", "-q", "--ignore-unmatch", "--", rel, NULL };
	const char *commit[] = { "-c", "gc.auto=0", "commit", "-q", "--no-verify", "-m", msg,
		"--", rel, NULL };
	int rc = ws_git(ws, _("recording the change for sync"), del ? rm : add, NULL, NULL, e);
	if (rc == 0 && ws_git(ws, _("recording the change for sync"), commit, &env, NULL, e) != 0) {
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

struct state {
	char *last_ok, *last_attempt, *result, *message;
};

static void state_free(struct state *s)
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
static void state_read(const struct workspace *ws, struct state *s)
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
			state_free(s);
		ydoc_free(&doc);
	}
	free(p);
}

static void state_write(struct workspace *ws, const struct state *s)
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
	char *head = rev_oid(ws->root, "HEAD");
	char *sent = rev_oid(ws->root, "refs/remotes/origin/" SYNC_BRANCH);
	if (head)
		st->unsent = count_changes(ws->root, head, sent);
	struct strv pending = STRV_INIT;
	if (pending_files(ws, &pending, NULL) == 0)
		st->unrecorded = (long)pending.n;
	strv_free(&pending);
	free(head);
	free(sent);
	struct state s;
	state_read(ws, &s);
	if (s.last_ok)
		timestamp_parse(s.last_ok, &st->last_ok);
	if (s.last_attempt)
		timestamp_parse(s.last_attempt, &st->last_attempt);
	st->last_result = s.result;
	st->last_message = s.message;
	s.result = s.message = NULL;
	state_free(&s);
	return 0;
}

void sync_status_free(struct sync_status *st)
{
	free(st->remote);
	free(st->last_result);
	free(st->last_message);
	memset(st, 0, sizeof *st);
}

/* --- sync --------------------------------------------------------------- */

struct run {
	struct workspace *ws;
	const struct sync_opts *o;
	struct sync_result *res;
	const char *phase;	/* for progress percentages */
	int last_pct;
	bool collect;		/* keep the server's "remote:" lines */
	struct strv remote_lines;
};

static void say(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct run *r, const char *fmt, ...)
{
	if (!r->o || !r->o->progress)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *line = xvasprintf(fmt, ap);
	va_end(ap);
	r->o->progress(r->o->data, line);
	free(line);
}

/* One message per line of text, made harmless; git's advice that follows
 * every failure to reach a server is left out. */
static void add_message(struct strv *sv, const char *text)
{
	static const char *const boilerplate[] = {
		"Please make sure you have the correct access rights",
		"and the repository exists.", NULL };
	char *copy = xstrdup(text);
	for (char *line = copy, *next; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		bool skip = !*line;
		for (int i = 0; boilerplate[i] && !skip; i++)
			skip = strcmp(line, boilerplate[i]) == 0;
		if (!skip)
			strv_take(sv, text_visible(line, false));
	}
	free(copy);
}

/* git's stderr: percentages become our own progress lines, and the
 * server's words are kept for the officer. */
static void on_git_line(void *data, const char *line)
{
	struct run *r = data;
	static const char *const stages[] = { "Receiving objects:", "Writing objects:", NULL };
	for (int i = 0; stages[i]; i++) {
		size_t n = strlen(stages[i]);
		if (strncmp(line, stages[i], n) == 0) {
			int pct = atoi(line + n);
			if (pct != r->last_pct) {
				r->last_pct = pct;
				say(r, "%s %d%%", r->phase, pct);
			}
			return;
		}
	}
	if (!r->collect || strncmp(line, "remote: ", 8) != 0)
		return;
	const char *t = line + 8;
	static const char *const noise[] = { "Resolving deltas", "Counting objects",
		"Compressing objects", "Enumerating objects", "Total ", NULL };
	for (int i = 0; noise[i]; i++)
		if (strncmp(t, noise[i], strlen(noise[i])) == 0)
			return;
	while (*t == ' ')
		t++;
	size_t n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;	/* git pads the server's lines to clear a progress line */
	if (n)
		strv_take(&r->remote_lines, xstrndup(t, n));
}

/* git's own options for reaching the server: give up on a dead link
 * instead of hanging, and never prompt when no one is there to answer. */
static void ssh_opts(const struct run *r, struct strv *av)
{
	if (getenv("GIT_SSH_COMMAND") || getenv("GIT_SSH"))
		return;	/* the officer's own choice */
	strv_push(av, "-c");
	strv_take(av, xasprintf("core.sshcommand=ssh -o ConnectTimeout=30 "
	    "-o ServerAliveInterval=15 -o ServerAliveCountMax=4%s",
	    r->o && r->o->interactive ? "" : " -o BatchMode=yes"));
}

/* git ARGS... with the options for reaching the server, its progress and
 * the server's words going to on_git_line. */
static int run_remote(struct run *r, struct gitrun *g, const char *phase,
    const char *const *args, struct err *e)
{
	struct strv av = STRV_INIT;
	ssh_opts(r, &av);
	for (int i = 0; args[i]; i++)
		strv_push(&av, args[i]);
	g->dir = r->ws ? r->ws->root : NULL;
	g->on_err = on_git_line;
	g->data = r;
	r->phase = phase;
	r->last_pct = -1;
	int rc = git_run(g, git_argv(&av), e);
	strv_free(&av);
	return rc;
}

static int fetch(struct run *r, struct err *e)
{
	const char *args[] = { "fetch", "--no-tags", "--progress", "origin",
		"+refs/heads/*:refs/remotes/origin/*", NULL };
	struct gitrun g = { 0 };
	int rc = run_remote(r, &g, _("receiving:"), args, e);
	if (rc == 0 && (g.status != 0 || g.sig)) {
		char *t = git_err_tail(&g, 4);
		if (g.sig)
			add_message(&r->res->messages, _("git was stopped before it finished"));
		else if (*t)
			add_message(&r->res->messages, t);
		free(t);
		rc = 1;
	}
	git_done(&g);
	return rc;
}

enum push_result { PUSH_OK, PUSH_BEHIND, PUSH_REFUSED, PUSH_UNREACHABLE };

static int push(struct run *r, enum push_result *out, struct err *e)
{
	const char *args[] = { "push", "--porcelain", "--progress", "origin",
		"HEAD:refs/heads/" SYNC_BRANCH, NULL };
	struct gitrun g = { 0 };
	r->collect = true;
	strv_free(&r->remote_lines);
	int rc = run_remote(r, &g, _("sending:"), args, e);
	r->collect = false;
	if (rc == 0) {
		const char *o = sbuf_str(&g.out);
		if (g.status == 0 && !g.sig)
			*out = PUSH_OK;
		else if (strstr(o, "[remote rejected]"))
			*out = PUSH_REFUSED;
		else if (strstr(o, "[rejected]"))
			*out = PUSH_BEHIND;
		else
			*out = PUSH_UNREACHABLE;
		if (*out == PUSH_REFUSED)
			for (size_t i = 0; i < r->remote_lines.n; i++)
				add_message(&r->res->messages, r->remote_lines.v[i]);
		if (*out == PUSH_UNREACHABLE) {
			char *t = git_err_tail(&g, 4);
			add_message(&r->res->messages, g.sig ?
			    _("git was stopped before it finished") : t);
			free(t);
		}
	}
	git_done(&g);
	return rc;
}

/* Is `rel` a record's path ("<folder>/<uuid>.yaml")? Its form, or NULL. */
static const struct form *record_form(const struct workspace *ws, const char *rel)
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

/* Who deleted `rel` on the side `tip` (and not on `other`), and when. */
static void deleted_by(const struct workspace *ws, const char *tip, const char *other,
    const char *rel, char **by, char **at)
{
	struct gitrun g = { 0 };
	g.dir = ws->root;
	char *not = xasprintf("^%s", other);
	const char *argv[] = { "log", "-1", "--diff-filter=D", "--format=%ae%x09%aI",
		tip, not, "--", rel, NULL };
	*by = *at = NULL;
	if (git_run(&g, argv, NULL) == 0 && g.status == 0) {
		char *tab = strchr(sbuf_str(&g.out), '\t');
		if (tab) {
			*by = xstrndup(g.out.s, (size_t)(tab - g.out.s));
			*at = xstrndup(tab + 1, strcspn(tab + 1, "\n"));
		}
	}
	time_t t;
	if (!*at || timestamp_parse(*at, &t) != 0) {
		free(*at);
		*at = timestamp_now();
	}
	if (!*by || !**by) {
		free(*by);
		*by = xstrdup("?");
	}
	free(not);
	git_done(&g);
}

/* The bytes of a blob, exactly. */
static int read_blob(const struct workspace *ws, const char *oid, char **buf, size_t *len,
    struct err *e)
{
	struct gitrun g = { 0 };
	g.dir = ws->root;
	g.max_out = ylimits_record.max_bytes;
	const char *cat[] = { "cat-file", "blob", oid, NULL };
	int rc = git_run_ok(&g, _("reading a record to merge"), cat, e);
	if (rc == 0) {
		*len = g.out.len;
		*buf = sbuf_detach(&g.out);
	}
	git_done(&g);
	return rc;
}

/* A record edited on one side and deleted on the other: git keeps the
 * edited version in the merged tree; sapxep flags it. The new blob goes
 * to *blob (owned). */
static int flag_kept(struct run *r, const char *rel, const char *kept_oid,
    const char *deleter_tip, const char *other_tip, char **blob, struct err *e)
{
	struct workspace *ws = r->ws;
	const struct form *f = record_form(ws, rel);
	char *buf = NULL, *out = NULL, *by, *at;
	size_t len;
	struct record *rec = NULL;
	if (read_blob(ws, kept_oid, &buf, &len, e) != 0)
		return -1;
	int rc = record_parse(buf, len, rel, ws->forms, f->name, 0, &rec, e);
	free(buf);
	if (rc != 0)
		return -1;
	deleted_by(ws, deleter_tip, other_tip, rel, &by, &at);
	merge_flag_deleted(rec, by, at);
	free(by);
	free(at);
	rc = record_serialize(f, rec, 0, &out, &len, e);
	record_free(rec);
	if (rc != 0)
		return -1;
	struct gitrun g = { 0 };
	g.dir = ws->root;
	g.in = out;
	g.in_len = len;
	const char *hash[] = { "hash-object", "-w", "--stdin", NULL };
	rc = git_run_ok(&g, _("storing a merged record"), hash, e);
	if (rc == 0)
		*blob = git_out_line(&g);
	git_done(&g);
	free(out);
	return rc;
}

/* Replace some blobs of tree `tree`; the new tree goes to *out. */
static int patch_tree(struct run *r, const char *tree, const char *index_info,
    char **out, struct err *e)
{
	char *state = NULL;
	if (ws_state_dir(r->ws, NULL, &state, e) != 0)
		return -1;
	char *index = path_join(state, "merge-index");
	char *envv = xasprintf("GIT_INDEX_FILE=%s", index);
	const char *env[] = { envv, NULL };
	unlink(index);
	struct gitrun g = { 0 };
	g.dir = r->ws->root;
	g.env = env;
	const char *read[] = { "read-tree", tree, NULL };
	const char *update[] = { "update-index", "--index-info", NULL };
	const char *write[] = { "write-tree", NULL };
	int rc = git_run_ok(&g, _("merging"), read, e);
	if (rc == 0) {
		g.in = index_info;
		g.in_len = strlen(index_info);
		rc = git_run_ok(&g, _("merging"), update, e);
		g.in = NULL;
	}
	if (rc == 0 && (rc = git_run_ok(&g, _("merging"), write, e)) == 0)
		*out = git_out_line(&g);
	git_done(&g);
	unlink(index);
	free(envv);
	free(index);
	free(state);
	return rc;
}

struct stage_entry {
	char *path;
	unsigned stages;	/* bit n: stage n present */
	char oid[4][65];
};

/* Build the merge of local and remote aside, as a commit (*out). Returns
 * 0, 1 when a file cannot be merged (messages say which), -1 on error. */
static int make_merge(struct run *r, const char *local, const char *remote, char **out,
    struct err *e)
{
	struct workspace *ws = r->ws;
	struct gitrun g = { 0 };
	g.dir = ws->root;
	const char *argv[] = { "merge-tree", "--write-tree", "-z", "--no-messages",
		"--allow-unrelated-histories", local, remote, NULL };
	if (git_run(&g, argv, e) != 0) {
		git_done(&g);
		return -1;
	}
	if (g.sig || (g.status != 0 && g.status != 1)) {
		char *t = git_err_tail(&g, 4);
		err_set(e, E_IO, _("merging: %s"), t);
		free(t);
		git_done(&g);
		return -1;
	}
	/* "<tree>" NUL, then "<mode> <oid> <stage>\t<path>" NUL per conflicted entry */
	const char *p = g.out.s, *end = p + g.out.len;
	char *tree = xstrdup(p);
	struct stage_entry *ents = NULL;
	size_t n = 0, cap = 0;
	for (p += strlen(p) + 1; p < end && *p; p += strlen(p) + 1) {
		unsigned mode, stage;
		char oid[65];
		const char *tab = strchr(p, '\t');
		if (!tab || sscanf(p, "%o %64s %u", &mode, oid, &stage) != 3 || stage > 3)
			continue;
		size_t i = 0;
		while (i < n && strcmp(ents[i].path, tab + 1) != 0)
			i++;
		if (i == n) {
			XGROW(ents, cap, n + 1);
			memset(&ents[n], 0, sizeof ents[n]);
			ents[n++].path = xstrdup(tab + 1);
		}
		ents[i].stages |= 1u << stage;
		snprintf(ents[i].oid[stage], sizeof ents[i].oid[stage], "%s", oid);
	}
	char *driver_said = git_err_tail(&g, 6);
	git_done(&g);
	struct sbuf info = SBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct stage_entry *x = &ents[i];
		bool ours = x->stages & 4, theirs = x->stages & 8;
		if (record_form(ws, x->path) && (x->stages & 2) && ours != theirs) {
			char *blob = NULL;
			rc = flag_kept(r, x->path, x->oid[ours ? 2 : 3], ours ? remote : local,
			    ours ? local : remote, &blob, e);
			if (rc == 0)
				sbuf_printf(&info, "100644 %s\t%s\n", blob, x->path);
			free(blob);
		} else {
			char *m = xasprintf(_("%s: could not be merged (changed here and on the server in ways sapxep cannot combine); nothing was changed, fix or restore it and sync again"),
			    x->path);
			add_message(&r->res->messages, m);
			free(m);
			rc = 1;
		}
	}
	if (rc == 1 && *driver_said)
		add_message(&r->res->messages, driver_said);
	if (rc == 1) {
		struct gitrun mb = { 0 };
		mb.dir = ws->root;
		const char *base[] = { "merge-base", local, remote, NULL };
		if (git_run(&mb, base, NULL) == 0 && mb.status == 1)
			add_message(&r->res->messages,
			    _("this workspace and the province copy have no history in common: a second machine is set up with 'sapxep clone URL', not with 'sapxep init'"));
		git_done(&mb);
	}
	free(driver_said);
	char *merged = NULL;
	if (rc == 0 && info.len)
		rc = patch_tree(r, tree, info.s, &merged, e);
	if (rc == 0) {
		struct strv env = STRV_INIT;
		author_env(ws, NULL, &env);
		const char *commit[] = { "commit-tree", merged ? merged : tree, "-p", local,
			"-p", remote, "-m", "Merge the changes from the province server", NULL };
		rc = ws_git(ws, _("merging"), commit, &env, out, e);
		strv_free(&env);
	}
	free(merged);
	sbuf_free(&info);
	for (size_t i = 0; i < n; i++)
		free(ents[i].path);
	free(ents);
	free(tree);
	return rc;
}

/* Records changed from `from` to `to`: counted, and those now in
 * conflict listed for the officer. */
static void report_changes(struct run *r, const char *from, const char *to)
{
	struct workspace *ws = r->ws;
	struct gitrun g = { 0 };
	g.dir = ws->root;
	const char *argv[] = { "diff", "--name-only", "-z", "--no-renames", from, to, NULL };
	if (git_run(&g, argv, NULL) != 0 || g.status != 0) {
		git_done(&g);
		return;
	}
	enum lang l = lang_current();
	for (const char *p = g.out.s; p && p < g.out.s + g.out.len; p += strlen(p) + 1) {
		const struct form *f = record_form(ws, p);
		if (!f)
			continue;
		r->res->received++;
		char *path = path_join(ws->root, p);
		struct record *rec;
		if (fs_exists(path) && record_load(path, ws->forms, f->name, 0, &rec, NULL) == 0) {
			if (rec->status == RS_CONFLICT) {
				struct sbuf b = SBUF_INIT;
				char *name = record_display_name(rec, f);
				sbuf_printf(&b, "%s: %s (", i18n_get(&f->title, l), name);
				for (size_t k = 0; k < rec->nconflicts; k++) {
					const struct conflict *c = &rec->conflicts[k];
					const struct field *fd = c->field ? form_field(f, c->field) : NULL;
					sbuf_printf(&b, "%s%s", k ? ", " : "", !c->field ?
					    _("edited on one machine, deleted on another") :
					    fd ? i18n_get(&fd->label, l) : c->field);
				}
				sbuf_adds(&b, ")");
				add_message(&r->res->conflicts, b.s);
				sbuf_free(&b);
				free(name);
			}
			record_free(rec);
		}
		free(path);
	}
	git_done(&g);
}

/* Bring the server's changes in. 0, 1 (stuck), -1 error. */
static int merge_in(struct run *r, const char *remote, struct err *e)
{
	struct workspace *ws = r->ws;
	for (int attempt = 0; attempt < SYNC_ATTEMPTS; attempt++) {
		char *local = rev_oid(ws->root, "HEAD"), *target = NULL;
		int have = is_ancestor(ws->root, remote, local, e), ff = 0, rc = 0;
		if (have == 0)
			ff = is_ancestor(ws->root, local, remote, e);
		if (have < 0 || ff < 0) {
			free(local);
			return -1;
		}
		if (have) {	/* nothing new from the server */
			free(local);
			return 0;
		}
		if (ff) {
			target = xstrdup(remote);
		} else {
			say(r, "%s", _("Merging the changes made here and elsewhere..."));
			rc = make_merge(r, local, remote, &target, e);
		}
		if (rc != 0) {
			free(local);
			return rc;
		}
		/* move the files in one step, under the lock, if no save came
		 * in between (else merge again with it) */
		struct fs_lock l;
		if (ws_lock(ws, &l, e) != 0) {
			free(local);
			free(target);
			return -1;
		}
		char *now = rev_oid(ws->root, "HEAD");
		long pending = 0;
		bool moved = !now || strcmp(now, local) != 0;
		if (!moved) {
			clean_stale_locks(ws, true);
			rc = commit_pending(ws, NULL, &pending, e);
		}
		if (rc == 0 && !moved && pending == 0) {
			const char *ffm[] = { "merge", "--ff-only", "-q", target, NULL };
			rc = ws_git(ws, _("updating the files"), ffm, NULL, NULL, e);
		}
		fs_unlock(&l);
		free(now);
		if (rc == 0 && !moved && pending == 0)
			report_changes(r, local, target);
		free(local);
		free(target);
		if (rc != 0)
			return -1;
		if (!moved && pending == 0)
			return 0;
	}
	return err_set(e, E_LOCKED, _("records kept being saved during the sync; sync again"));
}

/* Would the province accept what we send? The same checks, here. */
static int check_outgoing(struct run *r, const char *sent, struct err *e)
{
	struct workspace *ws = r->ws;
	struct push_check pc = { 0 };
	pc.dir = ws->root;
	pc.fs = ws->forms;
	pc.province = ws->cfg.province_code;
	pc.commune = ws->cfg.commune_code;
	char *head = rev_oid(ws->root, "HEAD");
	int rc = check_push(&pc, sent, head, e);
	if (rc == 0 && pc.nproblems) {
		for (size_t i = 0; i < pc.problems.n; i++)
			add_message(&r->res->messages, pc.problems.v[i]);
		if (pc.nproblems > pc.problems.n) {
			char *m = xasprintf(_("... and %zu more"), pc.nproblems - pc.problems.n);
			add_message(&r->res->messages, m);
			free(m);
		}
		rc = 1;
	}
	push_check_free(&pc);
	free(head);
	return rc;
}

static const char *outcome_name(enum sync_outcome o)
{
	static const char *const names[] = { "ok", "offline", "refused", "stuck" };
	return names[o];
}

/* One round: record, fetch, merge, check, send. 0 done (outcome set),
 * 1 the server moved on while we sent: again, -1 error. */
static int round_trip(struct run *r, struct err *e)
{
	struct workspace *ws = r->ws;
	struct fs_lock l;
	long pending;
	if (ws_lock(ws, &l, e) != 0)
		return -1;
	clean_stale_locks(ws, true);
	int rc = commit_pending(ws, NULL, &pending, e);
	fs_unlock(&l);
	if (rc != 0)
		return -1;
	say(r, "%s", _("Receiving from the province server..."));
	rc = fetch(r, e);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		r->res->outcome = SYNC_OFFLINE;
		return 0;
	}
	char *remote = rev_oid(ws->root, "refs/remotes/origin/" SYNC_BRANCH);
	if (remote) {
		rc = merge_in(r, remote, e);
		if (rc != 0) {
			free(remote);
			if (rc < 0)
				return -1;
			r->res->outcome = SYNC_STUCK;
			return 0;
		}
	}
	char *head = rev_oid(ws->root, "HEAD");
	long ahead = head ? count_changes(ws->root, head, remote) : 0;
	bool need = head && (!remote || strcmp(head, remote) != 0);
	free(head);
	if (!need) {
		free(remote);
		r->res->outcome = SYNC_OK;
		return 0;
	}
	rc = check_outgoing(r, remote, e);
	free(remote);
	if (rc != 0) {
		if (rc < 0)
			return -1;
		r->res->outcome = SYNC_REFUSED;
		return 0;
	}
	say(r, ngettext("Sending %ld change to the province server...",
	    "Sending %ld changes to the province server...", (unsigned long)ahead), ahead);
	enum push_result pr;
	if (push(r, &pr, e) != 0)
		return -1;
	switch (pr) {
	case PUSH_OK:
		r->res->sent += ahead;
		r->res->outcome = SYNC_OK;
		return 0;
	case PUSH_BEHIND:
		say(r, "%s", _("Someone sent changes meanwhile; merging them first..."));
		return 1;
	case PUSH_REFUSED:
		r->res->outcome = SYNC_REFUSED;
		return 0;
	case PUSH_UNREACHABLE:
		break;
	}
	r->res->outcome = SYNC_OFFLINE;
	return 0;
}

int sync_run(struct workspace *ws, const struct sync_opts *o,
    struct sync_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	if (!sync_is_repo(ws) && !(ws->cfg.remote && *ws->cfg.remote))
		return err_set(e, E_USAGE,
		    _("this workspace is not tied to a province repository: set remote: in sapxep.yaml, or set the workspace up with 'sapxep init --remote URL' or 'sapxep clone URL'"));
	if (sync_setup(ws, ws->cfg.remote, e) != 0)
		return -1;
	char *url = NULL;
	struct err ue;
	if (git_cmd(ws->root, &url, &ue, "remote", "get-url", "origin", NULL) != 0)
		return err_set(e, E_USAGE,
		    _("this workspace has no province repository yet: set remote: in sapxep.yaml"));
	free(url);
	char *state_dir = NULL;
	if (ws_state_dir(ws, NULL, &state_dir, e) != 0)
		return -1;
	char *lock_path = path_join(state_dir, "sync.lock");
	free(state_dir);
	struct fs_lock sl;
	int rc = fs_lock(lock_path, SYNC_LOCK_WAIT_MS, &sl, e);
	free(lock_path);
	if (rc != 0)
		return err_set(e, E_LOCKED, _("another sync of this workspace is running; wait for it to finish"));
	mode_t um = ws_umask(ws);
	struct state s;
	state_read(ws, &s);
	free(s.last_attempt);
	s.last_attempt = timestamp_now();
	struct run r = { ws, o, res, NULL, -1, false, STRV_INIT };
	rc = 1;
	for (int attempt = 0; rc == 1 && attempt < SYNC_ATTEMPTS; attempt++)
		rc = round_trip(&r, e);
	if (rc == 1)
		rc = err_set(e, E_CONFLICT, _("the province server kept receiving changes from others; sync again in a moment"));
	if (rc == 0 && res->outcome == SYNC_OK) {
		struct fs_lock l;
		if (ws_lock(ws, &l, NULL) == 0) {
			const char *gc[] = { "gc", "--auto", "--quiet", NULL };
			ws_git(ws, "gc", gc, NULL, NULL, NULL);
			fs_unlock(&l);
		}
		free(s.last_ok);
		s.last_ok = timestamp_now();
	}
	char *head = rev_oid(ws->root, "HEAD");
	char *sent = rev_oid(ws->root, "refs/remotes/origin/" SYNC_BRANCH);
	res->unsent = head ? count_changes(ws->root, head, sent) : 0;
	free(head);
	free(sent);
	free(s.result);
	free(s.message);
	s.result = xstrdup(rc == 0 ? outcome_name(res->outcome) : "failed");
	s.message = rc != 0 ? xstrdup(e ? e->msg : "") :
	    res->messages.n ? xstrdup(res->messages.v[0]) : NULL;
	state_write(ws, &s);
	state_free(&s);
	strv_free(&r.remote_lines);
	umask(um);
	fs_unlock(&sl);
	return rc;
}

void sync_result_free(struct sync_result *res)
{
	strv_free(&res->conflicts);
	strv_free(&res->messages);
}

/* --- a new laptop ------------------------------------------------------- */

static bool empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	struct dirent *de;
	bool empty = true;
	while (empty && (de = readdir(d)))
		empty = strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0;
	closedir(d);
	return empty;
}

static int rm_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return 0;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		if (d) {
			struct dirent *de;
			while ((de = readdir(d)))
				if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
					char *p = path_join(path, de->d_name);
					rm_tree(p);
					free(p);
				}
			closedir(d);
		}
		return rmdir(path);
	}
	return unlink(path);
}

int sync_clone(const char *url, const char *dir, const struct paths *p,
    const struct sync_opts *o, struct err *e)
{
	if (fs_exists(dir) && !empty_dir(dir))
		return err_set(e, E_USAGE, _("%s already exists and is not empty; give a new folder"), dir);
	bool made = !fs_exists(dir);
	mode_t um = umask(077);
	struct run r = { NULL, o, NULL, NULL, -1, false, STRV_INIT };
	/* "--": a URL is never taken for an option */
	const char *args[] = { "clone", "--no-tags", "--progress", "--origin", "origin", "--",
		url, dir, NULL };
	struct gitrun g = { 0 };
	say(&r, "%s", _("Receiving from the province server..."));
	int rc = run_remote(&r, &g, _("receiving:"), args, e);
	if (rc == 0 && (g.status != 0 || g.sig)) {
		char *t = git_err_tail(&g, 4);
		rc = err_set(e, E_IO, _("could not copy the province repository: %s"),
		    g.sig ? _("git was stopped before it finished") : t);
		free(t);
	}
	git_done(&g);
	struct workspace *ws = NULL;
	if (rc == 0 && !ws_exists(dir)) {
		rc = err_set(e, E_NOTFOUND,
		    _("the province repository at %s holds no workspace yet: the commune must first sync from its own workspace (sapxep init --remote, then sapxep sync)"),
		    url);
	} else if (rc == 0 && (rc = ws_open(dir, p, &ws, e)) == 0) {
		rc = sync_setup(ws, NULL, e);
		for (size_t i = 0; rc == 0 && i < ws->forms->n; i++) {
			char *d = ws_form_dir(ws, ws->forms->forms[i]);
			rc = fs_mkdirs(d, ws->dir_mode & 0777, e);
			free(d);
		}
		ws_close(ws);
	}
	if (rc != 0 && fs_exists(dir)) {
		rm_tree(dir);
		if (!made)
			fs_mkdirs(dir, 0700, NULL);	/* it was there, empty: leave it so */
	}
	umask(um);
	return rc;
}

/* --- history -------------------------------------------------------------- */

int sync_rev_at(const char *repo, const char *date, char **oid, struct err *e)
{
	struct date d;
	if (date_parse_iso(date, &d) != 0)
		return err_set(e, E_USAGE, _("'%s' is not a date like 2026-06-30"), date);
	struct tm tm = { 0 };
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	tm.tm_hour = 23;
	tm.tm_min = 59;
	tm.tm_sec = 59;
	tm.tm_isdst = -1;
	time_t end = mktime(&tm);
	*oid = NULL;
	/* the reflog: "<commit>\t<branch>@{<seconds>}", newest first */
	struct gitrun g = { 0 };
	g.dir = repo;
	const char *log[] = { "log", "-g", "--date=unix", "--format=%H%x09%gd",
		"refs/heads/" SYNC_BRANCH, "--", NULL };
	bool any = false;
	if (git_run(&g, log, NULL) == 0 && g.status == 0) {
		for (char *line = g.out.s; line && *line && !*oid; ) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			char *tab = strchr(line, '\t'), *brace = tab ? strstr(tab, "@{") : NULL;
			if (brace) {
				any = true;
				*tab = '\0';
				if ((time_t)strtoll(brace + 2, NULL, 10) <= end && git_is_oid(line))
					*oid = xstrdup(line);
			}
			line = nl ? nl + 1 : NULL;
		}
	}
	git_done(&g);
	(void)any;
	if (!*oid) {
		/* no reflog that far back: the last commit made by then */
		char *before = xasprintf("--before=%lld", (long long)end);
		const char *rl[] = { "rev-list", "-1", before, "refs/heads/" SYNC_BRANCH, "--", NULL };
		g.dir = repo;
		if (git_run(&g, rl, e) == 0 && g.status == 0) {
			*oid = git_out_line(&g);
			if (!git_is_oid(*oid))
				xfree(oid);
		}
		git_done(&g);
		free(before);
	}
	if (!*oid)
		return err_set(e, E_NOTFOUND, _("%s held no records yet on %s"), repo, date);
	return 0;
}

int sync_export(const char *repo, const char *rev, const char *dest, struct err *e)
{
	if (fs_exists(dest))
		return err_set(e, E_USAGE, _("%s already exists"), dest);
	mode_t um = umask(077);
	int rc = fs_mkdirs(dest, 0700, e);
	char *index = xasprintf("%s.index", dest);
	char *envv = xasprintf("GIT_INDEX_FILE=%s", index);
	char *wt = xasprintf("--work-tree=%s", dest);
	const char *env[] = { envv, NULL };
	struct gitrun g = { 0 };
	g.dir = repo;
	g.env = env;
	const char *read[] = { wt, "read-tree", rev, NULL };
	const char *out[] = { wt, "checkout-index", "-a", "-f", NULL };
	if (rc == 0)
		rc = git_run_ok(&g, _("reading the history"), read, e);
	if (rc == 0)
		rc = git_run_ok(&g, _("reading the history"), out, e);
	git_done(&g);
	unlink(index);
	free(index);
	free(envv);
	free(wt);
	umask(um);
	return rc;
}
