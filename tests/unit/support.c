/* support.c — see support.h */
#include "support.h"
#include "store/form_load.h"
#include "store/fsutil.h"
#include "core/i18n.h"
#include "core/xmem.h"

#include <dirent.h>
#include <ftw.h>
#include <grp.h>
#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

char *t_tmpdir(void)
{
	const char *base = getenv("SAPXEP_TEST_TMP");
	if (!base || !*base)
		base = "/tmp";
	fs_mkdirs(base, 0700, NULL);
	char *tmpl = xasprintf("%s/unit-XXXXXX", base);
	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp %s failed", tmpl);
	return tmpl;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		chmod(path, 0700), rmdir(path);
	else
		unlink(path);
	return 0;
}

void t_rmtree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void t_write(const char *path, const char *data)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	fwrite(data, 1, strlen(data), f);
	fclose(f);
}

char *t_read(const char *path, size_t *len)
{
	char *buf;
	size_t n;
	if (fs_read_file(path, 200 * 1024 * 1024, &buf, &n, NULL) != 0)
		return NULL;
	if (len)
		*len = n;
	return buf;
}

static struct paths paths;
static struct formset *forms;
static int ready;

static void cleanup(void)
{
	formset_free(forms);
	paths_free(&paths);
}

const struct paths *t_paths(void)
{
	if (!ready) {
		setlocale(LC_ALL, "C.UTF-8");
		if (paths_init(&paths, NULL) != 0)
			fail_msg("paths_init failed: set SAPXEP_SHARE to the source tree");
		/* never read this machine's /etc/sapxep in tests */
		free(paths.sysconfdir);
		paths.sysconfdir = xstrdup("/nonexistent/sapxep-test");
		i18n_init(paths.localedir, LANG_EN);
		atexit(cleanup);
		ready = 1;
	}
	return &paths;
}

const struct formset *t_forms(void)
{
	if (!forms) {
		const struct paths *p = t_paths();
		struct strv dirs = STRV_INIT, errors = STRV_INIT;
		paths_config_dirs(p, NULL, &dirs);
		if (formset_load(p->screens, &dirs, &forms, &errors) != 0)
			fail_msg("shipped forms do not load: %s", errors.n ? errors.v[0] : "?");
		strv_free(&dirs);
		strv_free(&errors);
	}
	return forms;
}

int t_count(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

const char *t_srcdir(void)
{
	const char *s = getenv("SAPXEP_SHARE");
	if (!s || !*s)
		fail_msg("SAPXEP_SHARE must point at the source tree");
	return s;
}

void t_write_n(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	if (len)
		fwrite(data, 1, len, f);
	fclose(f);
}

void t_config(struct ws_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->province_code = "72";
	cfg->commune_code = "27600";
	cfg->commune_name = "Xã Thử";
	cfg->commune_class = "II";
	cfg->region = "south";
	cfg->population = -1;
	cfg->area_km2 = -1;
	cfg->officer_id = "nva";
}

void t_done(struct workspace *ws, char *dir)
{
	ws_close(ws);
	t_rmtree(dir);
	free(dir);
}

struct workspace *t_workspace(const char *parent, const char *group,
    const struct paths *p)
{
	char *root = path_join(parent, "ws");
	struct ws_config cfg;
	t_config(&cfg);
	cfg.group = (char *)group;
	struct err e;
	if (ws_create(root, &cfg, p, &e) != 0)
		fail_msg("ws_create %s: %s", root, e.msg);
	struct workspace *ws;
	if (ws_open(root, p, &ws, &e) != 0)
		fail_msg("ws_open %s: %s", root, e.msg);
	free(root);
	return ws;
}

struct formset *t_formset(const char *const *files, struct strv *errors,
    char **dir)
{
	*dir = t_tmpdir();
	char *screens = path_join(*dir, "screens");
	fs_mkdirs(screens, 0700, NULL);
	for (size_t i = 0; files[i]; i += 2) {
		char *path = path_join(screens, files[i]);
		t_write(path, files[i + 1]);
		free(path);
	}
	struct strv dirs = STRV_INIT;
	paths_config_dirs(t_paths(), NULL, &dirs);
	struct formset *fs = NULL;
	formset_load(screens, &dirs, &fs, errors);
	strv_free(&dirs);
	free(screens);
	return fs;
}

void t_assert_at(const char *msg, const char *file, int line, int col,
    const char *what)
{
	char *want = xasprintf("%s:%d:%d: ", file, line, col);
	if (strncmp(msg, want, strlen(want)) != 0)
		fail_msg("expected a message starting '%s', got '%s'", want, msg);
	if (what && !strstr(msg + strlen(want), what))
		fail_msg("expected '%s' in '%s'", what, msg);
	free(want);
}

/* Copy a folder tree (regular files and folders only). */
static const char *copy_from, *copy_to;

static int copy_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)ftw;
	char *dst = xasprintf("%s%s", copy_to, path + strlen(copy_from));
	if (flag == FTW_D) {
		mkdir(dst, 0755);
	} else if (flag == FTW_F && S_ISREG(st->st_mode)) {
		char *buf = t_read(path, NULL);
		if (buf)
			t_write(dst, buf);
		free(buf);
		chmod(dst, 0644);
	}
	free(dst);
	return 0;
}

static void copy_tree(const char *from, const char *to)
{
	copy_from = from;
	copy_to = to;
	nftw(from, copy_one, 16, FTW_PHYS);
}

static uid_t chown_uid;
static gid_t chown_gid;

static int chown_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (lchown(path, chown_uid, chown_gid) != 0)
		fprintf(stderr, "cannot chown %s\n", path);
	return 0;
}

int t_in_child(bool unprivileged, t_child_fn fn, void *arg)
{
	const struct paths *tp = t_paths();
	bool drop = unprivileged && geteuid() == 0;
	struct passwd *pw = NULL;
	char *dir;
	struct paths p = { 0 };
	if (drop) {
		pw = getpwnam("nobody");
		if (!pw)
			fail_msg("running as root, but there is no user 'nobody' to run as");
		dir = xstrdup("/tmp/sapxep-unpriv-XXXXXX");
		if (!mkdtemp(dir))
			fail_msg("mkdtemp %s failed", dir);
		char *share = path_join(dir, "share");
		mkdir(share, 0755);
		char *from = path_join(t_srcdir(), "screens");
		p.screens = path_join(share, "screens");
		copy_tree(from, p.screens);
		free(from);
		from = path_join(t_srcdir(), "config");
		char *to = path_join(share, "config");
		copy_tree(from, to);
		free(from);
		free(to);
		p.datadir = share;
		chown_uid = pw->pw_uid;
		chown_gid = pw->pw_gid;
		nftw(dir, chown_one, 16, FTW_PHYS);
	} else {
		dir = t_tmpdir();
		p.datadir = xstrdup(tp->datadir);
		p.screens = xstrdup(tp->screens);
	}
	p.localedir = xstrdup(tp->localedir);
	p.sysconfdir = xstrdup(tp->sysconfdir);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		fail_msg("fork failed");
	if (pid == 0) {
		if (drop && (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0 ||
		    setuid(pw->pw_uid) != 0 || geteuid() == 0)) {
			fprintf(stderr, "cannot become nobody\n");
			_exit(100);
		}
		int rc = fn(dir, &p, arg);
		fflush(NULL);
		_exit(rc < 0 || rc > 99 ? 99 : rc);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		;
	t_rmtree(dir);
	free(dir);
	paths_free(&p);
	if (WIFSIGNALED(status))
		fail_msg("the child process died of signal %d", WTERMSIG(status));
	if (WEXITSTATUS(status) == 100)
		fail_msg("the child could not drop its privileges");
	return WEXITSTATUS(status);
}
