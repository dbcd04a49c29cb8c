/* gitrun.h — running the git program: posix_spawn, no shell, a clean
 * environment, captured output.
 *
 * git is found in PATH. The child gets only what it needs from our
 * environment (PATH, HOME, USER, TZ, TMPDIR, the SSH agent and the SSH
 * settings an officer may have set — GIT_SSH, GIT_SSH_COMMAND —, proxy
 * settings, SAPXEP_*) — never GIT_DIR and the like, which would point it
 * at another repository — plus LC_ALL=C.UTF-8 so that its messages can be
 * recognised and GIT_TERMINAL_PROMPT=0 so that it never waits for a
 * password on a terminal. Every run also gets options that keep records
 * byte for byte (no end-of-line conversion, no rename guessing, no
 * signing prompt). The child starts with default signal handling, so
 * Ctrl-C stops it together with sapxep.
 *
 * Nothing is printed: output is captured, errors come back in struct err.
 */
#ifndef SAPXEP_GITRUN_H
#define SAPXEP_GITRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/xmem.h"

struct gitrun {
	/* what to run (set by the caller; all optional) */
	const char *dir;		/* run in this folder (git -C DIR) */
	const char *const *env;		/* extra NAME=value, NULL-terminated */
	const char *in;			/* bytes for stdin; NULL: /dev/null */
	size_t in_len;
	size_t max_out;			/* stdout beyond this is an error; 0: 256 MiB */
	/* stderr, one line (or progress update) at a time, as it comes */
	void (*on_err)(void *data, const char *line);
	/* asked about every tenth of a second while git runs; true stops
	 * git (SIGTERM) and sets `cancelled`; may be NULL */
	bool (*cancel)(void *data);
	void *data;
	/* what happened (set by git_run; freed by git_done) */
	int status;			/* exit status; -1 when killed by a signal */
	int sig;			/* the signal that killed it, else 0 */
	bool cancelled;			/* stopped because cancel() said so */
	struct sbuf out, err;
};

/* Run `git ARGV...` (argv NULL-terminated, without "git") and wait for it.
 * Returns 0 when git ran (whatever its exit status: see g->status), -1
 * when it could not be started (git not installed, no memory for pipes)
 * or its output went past max_out. */
int git_run(struct gitrun *g, const char *const *argv, struct err *e);

/* Free the captured output; g may be reused. */
void git_done(struct gitrun *g);

/* git_run, then fail unless git exited 0, with a message "WHAT: <git's
 * last lines of stderr, made harmless>". */
int git_run_ok(struct gitrun *g, const char *what, const char *const *argv,
    struct err *e);

/* Convenience: run in `dir` with no input; on success *out (if not NULL)
 * is git's stdout without the final newline (owned). */
int git_cmd(const char *dir, char **out, struct err *e, const char *arg, ...)
	__attribute__((sentinel));

/* The last `max` non-blank lines of git's stderr, made safe for a
 * terminal, joined by newlines (owned). */
char *git_err_tail(const struct gitrun *g, int max);

/* git's stdout without its final newlines, detached (owned). */
char *git_out_line(struct gitrun *g);

/* sv's strings, NULL-terminated, as an argv or an environment (borrowed:
 * valid while sv is not changed). */
const char *const *git_argv(struct strv *sv);

/* True for a 40 (or 64) hex digit object name. */
bool git_is_oid(const char *s);

#endif
