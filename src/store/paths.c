/* paths.c — see paths.h */
#include "store/paths.h"
#include "store/fsutil.h"
#include "store/workspace.h"
#include "core/i18n.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "install-paths.h"

#ifndef SAPXEP_DATADIR
#define SAPXEP_DATADIR "/usr/local/share/sapxep"
#endif
#ifndef SAPXEP_LOCALEDIR
#define SAPXEP_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef SAPXEP_SYSCONFDIR
#define SAPXEP_SYSCONFDIR "/etc/sapxep"
#endif
/* the same folders relative to the installed program's (bindir) */
#ifndef SAPXEP_DATADIR_REL
#define SAPXEP_DATADIR_REL "../share/sapxep"
#endif
#ifndef SAPXEP_LOCALEDIR_REL
#define SAPXEP_LOCALEDIR_REL "../share/locale"
#endif

static bool has_screens(const char *dir)
{
	char *s = path_join(dir, "screens");
	bool ok = fs_is_dir(s);
	free(s);
	return ok;
}

/* A locale folder holding sapxep's catalogue for the default language
 * (a folder such as /usr/local/share/locale exists without it). */
static bool has_catalogue(const char *dir)
{
	char *s = path_join(dir, "vi/LC_MESSAGES/sapxep.mo");
	bool ok = fs_exists(s);
	free(s);
	return ok;
}

static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

/* The first of cands[0..n) that ok() accepts, made canonical (no "..",
 * for the messages that name it; owned), or NULL. NULL entries are
 * skipped; the entries are freed. */
static char *first_of(char **cands, size_t n, bool (*ok)(const char *))
{
	char *found = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!found && cands[i] && ok(cands[i])) {
			found = realpath(cands[i], NULL);
			if (!found)
				found = xstrdup(cands[i]);
		}
		free(cands[i]);
	}
	return found;
}

int paths_init(struct paths *p, struct err *e)
{
	memset(p, 0, sizeof *p);
	const char *share = getenv("SAPXEP_SHARE");
	char *exe = exe_dir();
	/* the source tree the program was built in (the binary at its top,
	 * or in build-asan/), then an installed tree wherever it was moved */
	char *data[3] = {
		exe ? xstrdup(exe) : NULL,
		exe ? path_join(exe, "..") : NULL,
		exe ? path_join(exe, SAPXEP_DATADIR_REL) : NULL,
	};
	if (share && *share) {
		p->datadir = xstrdup(share);
		for (size_t i = 0; i < 3; i++)
			free(data[i]);
	} else {
		p->datadir = first_of(data, 3, has_screens);
	}
	if (!p->datadir)
		p->datadir = xstrdup(SAPXEP_DATADIR);
	p->screens = path_join(p->datadir, "screens");
	/* a build folder keeps its catalogues in <build>/locale */
	char *locale[3] = {
		exe ? path_join(exe, "locale") : NULL,
		exe ? path_join(exe, "build/locale") : NULL,
		exe ? path_join(exe, SAPXEP_LOCALEDIR_REL) : NULL,
	};
	p->localedir = first_of(locale, 3, has_catalogue);
	if (!p->localedir)
		p->localedir = xstrdup(SAPXEP_LOCALEDIR);
	const char *sc = getenv("SAPXEP_SYSCONFDIR");
	p->sysconfdir = xstrdup(sc && *sc ? sc : SAPXEP_SYSCONFDIR);
	free(exe);
	return paths_check(p, e);
}

int paths_check(const struct paths *p, struct err *e)
{
	if (!fs_is_dir(p->screens))
		return err_set(e, E_IO,
		    _("cannot find the form definitions in %s; set SAPXEP_SHARE to the folder holding screens/ and config/"),
		    p->screens);
	return 0;
}

void paths_free(struct paths *p)
{
	free(p->datadir);
	free(p->screens);
	free(p->localedir);
	free(p->sysconfdir);
	memset(p, 0, sizeof *p);
}

void paths_config_dirs(const struct paths *p, const char *workspace,
    struct strv *out)
{
	if (workspace)
		strv_take(out, path_join(workspace, "config"));
	strv_push(out, p->sysconfdir);
	strv_take(out, path_join(p->datadir, "config"));
}

char *paths_default_data(void)
{
	const char *d = getenv("SAPXEP_DATA");
	if (d && *d)
		return xstrdup(d);
	const char *x = getenv("XDG_DATA_HOME");
	if (x && *x)
		return path_join(x, "sapxep");
	const char *home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw ? pw->pw_dir : "/";
	}
	return xasprintf("%s/.local/share/sapxep", home);
}

/* --- the workspace the current folder is in ------------------------------ */

/* A folder or file that belongs to the user, or to one of their groups
 * without being writable by everyone: what someone else planted (in
 * /tmp, in another user's folder) is never opened unasked. */
static bool trusted(const struct stat *st)
{
	if (st->st_uid == geteuid())
		return true;
	if (st->st_mode & S_IWOTH)
		return false;
	if (st->st_gid == getegid())
		return true;
	gid_t groups[256];
	int n = getgroups(256, groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == st->st_gid)
			return true;
	return false;
}

static int untrusted(const char *dir, bool province, const struct stat *st,
    struct err *e)
{
	struct passwd *pw = getpwuid(st->st_uid);
	char uid[24];
	snprintf(uid, sizeof uid, "%ld", (long)st->st_uid);
	const char *who = pw ? pw->pw_name : uid;
	if (st->st_uid != geteuid())
		return err_set(e, E_IO, province ?
		    _("the folder of communes %s belongs to %s, not to you or a group of yours: it is not opened unasked; to use it, give --data %s") :
		    _("the workspace %s belongs to %s, not to you or a group of yours: it is not opened unasked; to use it, give --data %s"),
		    dir, who, dir);
	return err_set(e, E_IO, province ?
	    _("anyone may change the folder of communes %s: it is not opened unasked; to use it, give --data %s") :
	    _("anyone may change the workspace %s: it is not opened unasked; to use it, give --data %s"),
	    dir, dir);
}

/* 1 when dir holds a sapxep.yaml (anything but a folder: a link is found
 * here and refused when it is opened), 0 when not, -1 when one is there
 * but not trusted. */
static int holds_workspace(const char *dir, struct err *e)
{
	struct stat d, f;
	char *p = path_join(dir, "sapxep.yaml");
	int found = lstat(p, &f) == 0 && !S_ISDIR(f.st_mode);
	free(p);
	if (!found || lstat(dir, &d) != 0)
		return 0;
	if (!trusted(&d))
		return untrusted(dir, false, &d, e);
	if (!trusted(&f))
		return untrusted(dir, false, &f, e);
	return 1;
}

/* A commune repository made by `server init`: a bare repository whose
 * git config has a [sapxep] section. */
static bool commune_repo(const char *dir)
{
	char *head = path_join(dir, "HEAD"), *objects = path_join(dir, "objects");
	char *config = path_join(dir, "config");
	bool yes = fs_exists(head) && fs_is_dir(objects);
	free(head);
	free(objects);
	char *buf = NULL;
	size_t len;
	if (yes)
		yes = fs_read_file(config, 64 * 1024, &buf, &len, NULL) == 0 &&
		    strstr(buf, "[sapxep]") != NULL;
	free(buf);
	free(config);
	return yes;
}

/* Does one of dir's subfolders (not hidden) hold a commune? */
static bool holds_communes(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return false;
	bool any = false;
	struct dirent *de;
	while (!any && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *sub = path_join(dir, de->d_name);
		any = fs_is_dir(sub) && (ws_exists(sub) || commune_repo(sub));
		free(sub);
	}
	closedir(d);
	return any;
}

int paths_discover(const char *cwd, const char *home, bool province, char **dir,
    struct err *e)
{
	*dir = NULL;
	if (!cwd || cwd[0] != '/')
		return 0;
	/* from cwd up to the root: "/srv/xa" is tried, then "/srv", then "/" */
	char *at = xstrdup(cwd);
	size_t n = strlen(at);
	while (n > 1 && at[n - 1] == '/')
		at[--n] = '\0';
	for (;;) {
		const char *here = *at ? at : "/";
		int r = holds_workspace(here, e);
		if (r != 0) {
			if (r > 0)
				*dir = xstrdup(here);
			free(at);
			return r;
		}
		char *slash = strrchr(at, '/');
		if (!slash || strcmp(here, "/") == 0)
			break;
		*slash = '\0';
	}
	free(at);
	if (!province)
		return 0;
	/* the home folder: the default workspace is meant there, and it
	 * often holds a workspace or a demo of its own */
	char *h = home && *home ? realpath(home, NULL) : NULL;
	bool at_home = h && strcmp(h, cwd) == 0;
	free(h);
	struct stat st;
	if (at_home || !holds_communes(cwd) || lstat(cwd, &st) != 0)
		return 0;
	if (!trusted(&st))
		return untrusted(cwd, true, &st, e);
	*dir = xstrdup(cwd);
	return 1;
}
