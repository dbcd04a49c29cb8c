/* history.c — see sync.h: a workspace or a province repository as it
 * stood on a date, for reports. */
#include "sync/sync.h"
#include "sync/gitrun.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "store/fsutil.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* The umask is the whole process's, and a report exports communes on
 * several threads at once: the first export in sets 077, the last one
 * out puts back what was there before (restoring each its own saved
 * value would leave 077 behind when two overlap). */
static pthread_mutex_t umask_mu = PTHREAD_MUTEX_INITIALIZER;
static int umask_users;
static mode_t umask_saved;

static void private_umask_begin(void)
{
	pthread_mutex_lock(&umask_mu);
	if (umask_users++ == 0)
		umask_saved = umask(077);
	pthread_mutex_unlock(&umask_mu);
}

static void private_umask_end(void)
{
	pthread_mutex_lock(&umask_mu);
	if (--umask_users == 0)
		umask(umask_saved);
	pthread_mutex_unlock(&umask_mu);
}

int sync_export(const char *repo, const char *rev, const char *dest, struct err *e)
{
	if (fs_exists(dest))
		return err_set(e, E_USAGE, _("%s already exists"), dest);
	private_umask_begin();
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
	private_umask_end();
	return rc;
}
