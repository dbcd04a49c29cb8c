/* support.c — see support.h */
#include "support.h"
#include "store/form_load.h"
#include "store/fsutil.h"
#include "core/i18n.h"
#include "core/xmem.h"

#include <dirent.h>
#include <ftw.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
