/* gitrun.c — see gitrun.h */
#include "sync/gitrun.h"
#include "core/i18n.h"
#include "core/text.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_OUT_DEFAULT (256u * 1024 * 1024)
#define MAX_ERR (1024 * 1024)
#define CANCEL_SECONDS 0.1	/* how often cancel() is asked */

/* Variables passed through to git as they are. */
static const char *const keep_env[] = {
	"PATH", "HOME", "USER", "LOGNAME", "TZ", "TMPDIR",
	"SSH_AUTH_SOCK", "SSH_AGENT_PID", "SSH_ASKPASS", "SSH_ASKPASS_REQUIRE",
	"DISPLAY", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT",
	"http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY",
	"NO_PROXY", "ALL_PROXY", "all_proxy", "GIT_SSL_CAINFO",
	NULL,
};

/* Options for every run: records travel byte for byte. */
static const char *const fixed_opts[] = {
	"-c", "core.autocrlf=false",
	"-c", "core.safecrlf=false",
	"-c", "core.quotepath=false",
	"-c", "commit.gpgsign=false",
	"-c", "tag.gpgsign=false",
	"-c", "merge.renames=false",
	"-c", "diff.renames=false",
	"-c", "gc.autodetach=false",
	"-c", "advice.detachedHead=false",
	/* an officer's own git settings must not hide a record or run things */
	"-c", "core.excludesfile=/dev/null",
	"-c", "core.fsmonitor=false",
	NULL,
};

static bool kept(const char *entry)
{
	if (strncmp(entry, "SAPXEP_", 7) == 0)
		return true;
	for (int i = 0; keep_env[i]; i++) {
		size_t n = strlen(keep_env[i]);
		if (strncmp(entry, keep_env[i], n) == 0 && entry[n] == '=')
			return true;
	}
	return false;
}

/* The child's environment: owned strings. */
static void build_env(const struct gitrun *g, struct strv *env)
{
	for (char **p = environ; p && *p; p++)
		if (kept(*p))
			strv_push(env, *p);
	strv_push(env, "LC_ALL=C.UTF-8");
	strv_push(env, "GIT_TERMINAL_PROMPT=0");
	for (const char *const *p = g->env; p && *p; p++)
		strv_push(env, *p);
	git_argv(env);
}

static void build_argv(const struct gitrun *g, const char *const *argv,
    struct strv *av)
{
	strv_push(av, "git");
	if (g->dir) {
		strv_push(av, "-C");
		strv_push(av, g->dir);
		/* a workspace shared by a group belongs to whoever made it:
		 * git must still work in it for the other officers */
		char *real = realpath(g->dir, NULL);
		if (real) {
			strv_push(av, "-c");
			strv_take(av, xasprintf("safe.directory=%s", real));
			free(real);
		}
	}
	for (int i = 0; fixed_opts[i]; i++)
		strv_push(av, fixed_opts[i]);
	for (int i = 0; argv[i]; i++)
		strv_push(av, argv[i]);
	git_argv(av);
}

/* Hand complete stderr lines (ended by \n or by a progress \r) to on_err. */
static void feed_err(struct gitrun *g, size_t *done)
{
	if (!g->on_err)
		return;
	char *s = g->err.s;
	size_t start = *done;
	for (size_t i = start; i < g->err.len; i++) {
		if (s[i] != '\n' && s[i] != '\r')
			continue;
		char *line = xstrndup(s + start, i - start);
		if (*line)
			g->on_err(g->data, line);
		free(line);
		start = i + 1;
	}
	*done = start;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Shuttle bytes until git has exited and nothing more is waiting. (A
 * child of git, such as ssh, may hold the pipes open after git is gone:
 * what git said is complete when git exits.) Sets *st to git's wait
 * status. Returns -1 when stdout went past the limit. */
/* Seconds on a clock that only goes forward. */
static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Ask g->cancel at most every CANCEL_SECONDS; stop git when it says so. */
static void maybe_cancel(struct gitrun *g, pid_t pid, double *asked)
{
	if (!g->cancel || g->cancelled || mono() - *asked < CANCEL_SECONDS)
		return;
	*asked = mono();
	if (g->cancel(g->data)) {
		g->cancelled = true;
		kill(pid, SIGTERM);
	}
}

static int pump(struct gitrun *g, pid_t pid, int *st, int in_fd, int out_fd, int err_fd)
{
	size_t in_off = 0, err_done = 0;
	double asked = mono();
	size_t max_out = g->max_out ? g->max_out : MAX_OUT_DEFAULT;
	char buf[65536];
	bool exited = false;
	int rc = 0;
	if (in_fd >= 0)
		fcntl(in_fd, F_SETFL, fcntl(in_fd, F_GETFL) | O_NONBLOCK);
	while (out_fd >= 0 || err_fd >= 0) {
		struct pollfd p[3];
		int n = 0, iin = -1, iout = -1, ierr = -1;
		if (in_fd >= 0 && !exited) {
			p[n] = (struct pollfd){ in_fd, POLLOUT, 0 };
			iin = n++;
		}
		if (out_fd >= 0) {
			p[n] = (struct pollfd){ out_fd, POLLIN, 0 };
			iout = n++;
		}
		if (err_fd >= 0) {
			p[n] = (struct pollfd){ err_fd, POLLIN, 0 };
			ierr = n++;
		}
		if (!exited)
			maybe_cancel(g, pid, &asked);
		int ready = poll(p, (nfds_t)n, exited ? 0 : g->cancel ? 100 : 250);
		if (ready < 0 && errno != EINTR)
			break;
		if (ready <= 0) {
			if (exited)
				break;	/* git is gone and nothing is left to read */
			if (waitpid(pid, st, WNOHANG) == pid)
				exited = true;
			continue;
		}
		if (iin >= 0 && p[iin].revents) {
			ssize_t w = write(in_fd, g->in + in_off, g->in_len - in_off);
			if (w > 0)
				in_off += (size_t)w;
			if (in_off >= g->in_len || (w < 0 && errno != EAGAIN && errno != EINTR))
				close_fd(&in_fd);
		}
		if (iout >= 0 && p[iout].revents) {
			ssize_t r = read(out_fd, buf, sizeof buf);
			if (r > 0 && g->out.len + (size_t)r <= max_out) {
				sbuf_add(&g->out, buf, (size_t)r);
			} else if (r > 0) {
				rc = -1;	/* too much: stop reading, git gets EPIPE */
				close_fd(&out_fd);
			} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				close_fd(&out_fd);
			}
		}
		if (ierr >= 0 && p[ierr].revents) {
			ssize_t r = read(err_fd, buf, sizeof buf);
			if (r > 0) {
				if (g->err.len < MAX_ERR)
					sbuf_add(&g->err, buf, (size_t)r);
				feed_err(g, &err_done);
			} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				close_fd(&err_fd);
			}
		}
	}
	if (g->on_err && err_done < g->err.len) {
		sbuf_addc(&g->err, '\n');
		feed_err(g, &err_done);
		g->err.s[--g->err.len] = '\0';
	}
	close_fd(&in_fd);
	close_fd(&out_fd);
	close_fd(&err_fd);
	if (!exited)
		while (waitpid(pid, st, 0) < 0 && errno == EINTR)
			;
	return rc;
}

int git_run(struct gitrun *g, const char *const *argv, struct err *e)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	struct strv env = STRV_INIT, av = STRV_INIT;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	pid_t pid;
	int rc = -1;
	g->status = -1;
	g->cancelled = false;
	g->sig = 0;
	sbuf_reset(&g->out);
	sbuf_reset(&g->err);
	if ((g->in && pipe2(pin, O_CLOEXEC) != 0) || pipe2(pout, O_CLOEXEC) != 0 ||
	    pipe2(perr, O_CLOEXEC) != 0) {
		err_sys(e, E_IO, _("cannot make pipes to run git"));
		goto close;
	}
	build_env(g, &env);
	build_argv(g, argv, &av);
	posix_spawn_file_actions_init(&fa);
	if (g->in)
		posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	posix_spawnattr_init(&attr);
	sigset_t def, none;
	sigemptyset(&def);
	sigemptyset(&none);
	int sigs[] = { SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGTSTP,
		SIGTTIN, SIGTTOU, SIGWINCH };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaddset(&def, sigs[i]);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	int sr = posix_spawnp(&pid, "git", &fa, &attr, av.v, env.v);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (sr != 0) {
		errno = sr;
		if (sr == ENOENT)
			err_set(e, E_IO, _("the git program is not installed; install it (apt-get install git) to sync"));
		else
			err_sys(e, E_IO, _("cannot run git"));
		goto close;
	}
	close_fd(&pin[0]);
	close_fd(&pout[1]);
	close_fd(&perr[1]);
	/* git may stop reading its input early: a write must not kill us.
	 * SIGPIPE is blocked in this thread only, and the one a write to
	 * git raised is taken back: the disposition is the whole process's,
	 * and git may be run from several threads at once (a report). */
	sigset_t pipe_set, old_mask, pending;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
	bool was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
	int st = 0;
	int pr = pump(g, pid, &st, pin[1], pout[0], perr[0]);
	pin[1] = pout[0] = perr[0] = -1;	/* closed by pump */
	if (!was_pending && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE)) {
		const struct timespec now = { 0, 0 };
		while (sigtimedwait(&pipe_set, NULL, &now) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	if (WIFEXITED(st)) {
		g->status = WEXITSTATUS(st);
	} else if (WIFSIGNALED(st)) {
		g->sig = WTERMSIG(st);
	}
	if (pr != 0)
		err_set(e, E_IO, _("git gave more output than expected (over %zu bytes)"),
		    g->max_out ? g->max_out : MAX_OUT_DEFAULT);
	else
		rc = 0;
close:
	for (int i = 0; i < 2; i++) {
		close_fd(&pin[i]);
		close_fd(&pout[i]);
		close_fd(&perr[i]);
	}
	strv_free(&env);
	strv_free(&av);
	return rc;
}

void git_done(struct gitrun *g)
{
	sbuf_free(&g->out);
	sbuf_free(&g->err);
}

char *git_err_tail(const struct gitrun *g, int max)
{
	/* progress updates overwrite each other with \r: each is a line */
	char *all = xstrdup(sbuf_str(&g->err));
	for (char *p = all; *p; p++)
		if (*p == '\r')
			*p = '\n';
	struct strv lines = STRV_INIT;
	for (char *line = all, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *t = text_trim(line);
		if (t && *t)
			strv_take(&lines, t);
		else
			free(t);
	}
	struct sbuf b = SBUF_INIT;
	size_t from = lines.n > (size_t)max ? lines.n - (size_t)max : 0;
	for (size_t i = from; i < lines.n; i++)
		sbuf_printf(&b, "%s%s", i > from ? "\n" : "", lines.v[i]);
	char *vis = text_visible(sbuf_str(&b), true);
	sbuf_free(&b);
	strv_free(&lines);
	free(all);
	return vis;
}

int git_run_ok(struct gitrun *g, const char *what, const char *const *argv,
    struct err *e)
{
	if (git_run(g, argv, e) != 0)
		return -1;
	if (g->status == 0)
		return 0;
	char *tail = git_err_tail(g, 4);
	if (g->sig)
		err_set(e, E_IO, _("%s: git was stopped by signal %d"), what, g->sig);
	else
		err_set(e, E_IO, "%s: %s", what, *tail ? tail : _("git failed"));
	free(tail);
	return -1;
}

int git_cmd(const char *dir, char **out, struct err *e, const char *arg, ...)
{
	struct strv av = STRV_INIT;
	va_list ap;
	va_start(ap, arg);
	for (const char *a = arg; a; a = va_arg(ap, const char *))
		strv_push(&av, a);
	va_end(ap);
	struct gitrun g = { 0 };
	g.dir = dir;
	char *what = xasprintf("git %s", arg);
	int rc = git_run_ok(&g, what, git_argv(&av), e);
	free(what);
	if (rc == 0 && out)
		*out = git_out_line(&g);
	git_done(&g);
	strv_free(&av);
	return rc;
}

char *git_out_line(struct gitrun *g)
{
	while (g->out.len && g->out.s[g->out.len - 1] == '\n')
		g->out.s[--g->out.len] = '\0';
	return sbuf_detach(&g->out);
}

const char *const *git_argv(struct strv *sv)
{
	XGROW(sv->v, sv->cap, sv->n + 1);
	sv->v[sv->n] = NULL;
	return (const char *const *)sv->v;
}

bool git_is_oid(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 40 || n == 64;
}
