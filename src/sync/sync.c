/* sync.c — see sync.h: the sync itself, and a new laptop. */
#include "sync/sync.h"
#include "sync/check.h"
#include "sync/gitrun.h"
#include "sync/repo.h"
#include "sync/merge.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "core/text.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "store/ytree.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SYNC_LOCK_WAIT_MS 2000
#define SYNC_ATTEMPTS 5

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

static bool ask_cancel(void *data)
{
	const struct run *r = data;
	return r->o->cancel(r->o->data);
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
	g->cancel = r->o && r->o->cancel ? ask_cancel : NULL;
	g->data = r;
	r->phase = phase;
	r->last_pct = -1;
	int rc = git_run(g, git_argv(&av), e);
	strv_free(&av);
	return rc;
}

/* 0 fetched, 1 the server could not be reached, 2 cancelled, -1 error */
static int fetch(struct run *r, struct err *e)
{
	const char *args[] = { "fetch", "--no-tags", "--progress", "origin",
		"+refs/heads/*:refs/remotes/origin/*", NULL };
	struct gitrun g = { 0 };
	int rc = run_remote(r, &g, _("receiving:"), args, e);
	if (rc == 0 && g.cancelled) {
		rc = 2;
	} else if (rc == 0 && (g.status != 0 || g.sig)) {
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

enum push_result { PUSH_OK, PUSH_BEHIND, PUSH_REFUSED, PUSH_UNREACHABLE, PUSH_CANCELLED };

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
			*out = PUSH_OK;	/* done before it could be stopped */
		else if (g.cancelled)
			*out = PUSH_CANCELLED;
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
	const struct form *f = repo_record_form(ws, rel);
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
	const char *p = sbuf_str(&g.out), *end = p + g.out.len;
	if (!git_is_oid(p)) {
		git_done(&g);
		return err_set(e, E_IO, _("merging: git gave no merged tree"));
	}
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
		if (repo_record_form(ws, x->path) && (x->stages & 2) && ours != theirs) {
			char *blob = NULL;
			struct err fe;
			if (flag_kept(r, x->path, x->oid[ours ? 2 : 3], ours ? remote : local,
			    ours ? local : remote, &blob, &fe) == 0) {
				sbuf_printf(&info, "100644 %s\t%s\n", blob, x->path);
			} else {
				add_message(&r->res->messages, fe.msg);
				rc = 1;
			}
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
		repo_author_env(ws, NULL, &env);
		const char *commit[] = { "commit-tree", merged ? merged : tree, "-p", local,
			"-p", remote, "-m", "Merge the changes from the province server", NULL };
		rc = repo_git(ws, _("merging"), commit, &env, out, e);
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
		const struct form *f = repo_record_form(ws, p);
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
		char *local = repo_rev(ws->root, "HEAD"), *target = NULL;
		int have = repo_is_ancestor(ws->root, remote, local, e), ff = 0, rc = 0;
		if (have == 0)
			ff = repo_is_ancestor(ws->root, local, remote, e);
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
		char *now = repo_rev(ws->root, "HEAD");
		long pending = 0;
		bool moved = !now || strcmp(now, local) != 0;
		if (!moved) {
			repo_clean_locks(ws, true);
			rc = repo_commit_pending(ws, NULL, &pending, e);
		}
		if (rc == 0 && !moved && pending == 0) {
			const char *ffm[] = { "merge", "--ff-only", "-q", target, NULL };
			rc = repo_git(ws, _("updating the files"), ffm, NULL, NULL, e);
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
	char *head = repo_rev(ws->root, "HEAD");
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
	static const char *const names[] = { "ok", "offline", "refused", "stuck", "cancelled" };
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
	repo_clean_locks(ws, true);
	int rc = repo_commit_pending(ws, NULL, &pending, e);
	fs_unlock(&l);
	if (rc != 0)
		return -1;
	say(r, "%s", _("Receiving from the province server..."));
	rc = fetch(r, e);
	if (rc < 0)
		return -1;
	if (rc == 1 || rc == 2) {
		r->res->outcome = rc == 1 ? SYNC_OFFLINE : SYNC_CANCELLED;
		return 0;
	}
	char *remote = repo_rev(ws->root, "refs/remotes/origin/" SYNC_BRANCH);
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
	char *head = repo_rev(ws->root, "HEAD");
	long ahead = head ? repo_count(ws->root, head, remote) : 0;
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
	case PUSH_CANCELLED:
		/* the server may have taken it all the same: the next sync
		 * finds out, and sends nothing twice */
		r->res->outcome = SYNC_CANCELLED;
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
	char *url = NULL;
	struct err ue;
	if (sync_setup(ws, ws->cfg.remote, e) != 0) {
		fs_unlock(&sl);
		return -1;
	}
	if (git_cmd(ws->root, &url, &ue, "remote", "get-url", "origin", NULL) != 0) {
		fs_unlock(&sl);
		return err_set(e, E_USAGE,
		    _("this workspace has no province repository yet: set remote: in sapxep.yaml"));
	}
	free(url);
	mode_t um = repo_umask(ws);
	struct repo_state s;
	repo_state_read(ws, &s);
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
			repo_git(ws, "gc", gc, NULL, NULL, NULL);
			fs_unlock(&l);
		}
		free(s.last_ok);
		s.last_ok = timestamp_now();
	}
	char *head = repo_rev(ws->root, "HEAD");
	char *sent = repo_rev(ws->root, "refs/remotes/origin/" SYNC_BRANCH);
	res->unsent = head ? repo_count(ws->root, head, sent) : 0;
	free(head);
	free(sent);
	free(s.result);
	free(s.message);
	s.result = xstrdup(rc == 0 ? outcome_name(res->outcome) : "failed");
	s.message = rc != 0 ? xstrdup(e ? e->msg : "") :
	    res->messages.n ? xstrdup(res->messages.v[0]) : NULL;
	repo_state_write(ws, &s);
	repo_state_free(&s);
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
	const char *args[] = { "clone", "--no-tags", "--progress", "--origin", "origin",
		"--branch", SYNC_BRANCH, "--",
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
		/* a copy just received is in sync: say so (issue 17 item 12) */
		char *state = NULL;
		if (rc == 0 && ws_state_dir(ws, NULL, &state, e) == 0) {
			struct repo_state s = { 0 };
			s.last_ok = timestamp_now();
			s.last_attempt = xstrdup(s.last_ok);
			s.result = xstrdup("ok");
			repo_state_write(ws, &s);
			repo_state_free(&s);
		} else if (rc == 0) {
			rc = -1;
		}
		free(state);
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
