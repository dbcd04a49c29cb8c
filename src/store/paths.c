/* paths.c — see paths.h */
#include "store/paths.h"
#include "store/fsutil.h"
#include "core/i18n.h"

#include <limits.h>
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

static bool has_screens(const char *dir)
{
	char *s = path_join(dir, "screens");
	bool ok = fs_is_dir(s);
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

int paths_init(struct paths *p, struct err *e)
{
	memset(p, 0, sizeof *p);
	const char *share = getenv("SAPXEP_SHARE");
	char *exe = exe_dir();
	if (share && *share) {
		p->datadir = xstrdup(share);
	} else if (exe && has_screens(exe)) {
		p->datadir = xstrdup(exe);
	} else if (exe) {
		char *parent = path_join(exe, "..");
		if (has_screens(parent))
			p->datadir = parent;
		else
			free(parent);
	}
	if (!p->datadir)
		p->datadir = xstrdup(SAPXEP_DATADIR);
	p->screens = path_join(p->datadir, "screens");
	/* a build folder keeps its catalogues in <build>/locale */
	char *cands[3] = {
		exe ? path_join(exe, "locale") : NULL,
		exe ? path_join(exe, "build/locale") : NULL,
		xstrdup(SAPXEP_LOCALEDIR),
	};
	for (int i = 0; i < 3; i++) {
		if (!p->localedir && cands[i] && fs_is_dir(cands[i]))
			p->localedir = cands[i];
		else
			free(cands[i]);
	}
	if (!p->localedir)
		p->localedir = xstrdup(SAPXEP_LOCALEDIR);
	const char *sc = getenv("SAPXEP_SYSCONFDIR");
	p->sysconfdir = xstrdup(sc && *sc ? sc : SAPXEP_SYSCONFDIR);
	free(exe);
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
