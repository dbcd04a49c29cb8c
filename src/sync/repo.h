/* repo.h — the workspace as a git repository: helpers shared by the
 * files of src/sync (not used outside it).
 *
 * Everything runs git in the workspace's folder through gitrun.h. The
 * functions that commit must be called under the workspace lock.
 */
#ifndef SAPXEP_REPO_H
#define SAPXEP_REPO_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/err.h"
#include "core/xmem.h"
#include "model/form.h"
#include "store/workspace.h"

/* Set the umask that gives git's files the workspace's modes (0600/0700,
 * or 0660/0770 for a group); returns the old one. */
mode_t repo_umask(const struct workspace *ws);

/* GIT_AUTHOR_* and GIT_COMMITTER_* for the officer at time `when` (an
 * ISO timestamp; NULL: now), appended to env, which is left
 * NULL-terminated. */
void repo_author_env(const struct workspace *ws, const char *when, struct strv *env);

/* git ARGV in the workspace (env: extra variables, may be NULL); fails
 * with git's words. *out (if not NULL) gets stdout without its final
 * newlines. */
int repo_git(const struct workspace *ws, const char *what, const char *const *argv,
    const struct strv *env, char **out, struct err *e);

/* The commit a revision names in repository `dir`, or NULL. Owned. */
char *repo_rev(const char *dir, const char *rev);

/* Is commit a an ancestor of b? 1 yes, 0 no, -1 error. */
int repo_is_ancestor(const char *dir, const char *a, const char *b, struct err *e);

/* Saves and deletes (commits other than merges) in `tip` and not in
 * `base` (NULL: all of them). */
long repo_count(const char *dir, const char *tip, const char *base);

/* Remove the lock files a killed git left: those of commands that run
 * under the workspace lock, and with `all` (the sync lock held too) the
 * rest. */
void repo_clean_locks(const struct workspace *ws, bool all);

/* Commit what the carried files hold that the last commit does not
 * (message NULL: a standard one). *n gets the number of files. */
int repo_commit_pending(struct workspace *ws, const char *message, long *n,
    struct err *e);

/* The form of a record path "<folder>/<uuid>.yaml", or NULL. */
const struct form *repo_record_form(const struct workspace *ws, const char *rel);

/* .sapxep/sync.yaml: when the last sync ran and how it ended. A missing or
 * damaged file reads as empty. All strings owned, may be NULL. */
struct repo_state {
	char *last_ok, *last_attempt, *result, *message;
};

void repo_state_read(const struct workspace *ws, struct repo_state *s);
void repo_state_write(struct workspace *ws, const struct repo_state *s);
void repo_state_free(struct repo_state *s);

#endif
