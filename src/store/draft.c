/* draft.c — see draft.h */
#include "store/draft.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "core/i18n.h"
#include "core/uuid.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DRAFT_STALE_SECONDS 60

/* .sapxep/drafts/<uid>[/<form>]: the drafts folder is the workspace's
 * (shared with its group, where each officer makes their own), the
 * officer's folder in it is theirs alone, whatever the workspace grants. */
/* A drafts folder is the officer's own, closed to everyone else: one
 * another member of the group made first (who could then read, delete or
 * replace the drafts) is refused, never used. One made open by an older
 * version, or by a umask, is closed. */
static int own_dir(const char *dir, struct err *e)
{
	struct stat st;
	if (lstat(dir, &st) != 0)
		return err_sys(e, E_IO, _("cannot read %s"), dir);
	if (!S_ISDIR(st.st_mode) || st.st_uid != getuid())
		return err_set(e, E_IO,
		    _("%s belongs to another user (uid %lu): drafts are not kept there; remove it and try again"),
		    dir, (unsigned long)st.st_uid);
	if ((st.st_mode & 0077) && chmod(dir, 0700) != 0)
		return err_sys(e, E_IO, _("cannot set permissions on %s"), dir);
	return 0;
}

static int user_dir(struct workspace *ws, const struct form *f, char **out,
    struct err *e)
{
	char uid[32];
	snprintf(uid, sizeof uid, "%lu", (unsigned long)getuid());
	char *drafts;
	if (ws_state_dir(ws, "drafts", &drafts, e) != 0)
		return -1;
	char *dir = path_join(drafts, uid);
	free(drafts);
	if (fs_mkdirs(dir, 0700, e) != 0 || own_dir(dir, e) != 0) {
		free(dir);
		return -1;
	}
	if (!f) {
		*out = dir;
		return 0;
	}
	char *fdir = path_join(dir, f->name);
	free(dir);
	if (fs_mkdirs(fdir, 0700, e) != 0 || own_dir(fdir, e) != 0) {
		free(fdir);
		return -1;
	}
	*out = fdir;
	return 0;
}

int draft_write(struct workspace *ws, const struct form *f,
    const struct record *r, struct err *e)
{
	char *dir, *buf;
	size_t len;
	if (record_serialize(f, r, RIO_DRAFT, &buf, &len, e) != 0)
		return -1;
	if (user_dir(ws, f, &dir, e) != 0) {
		free(buf);
		return -1;
	}
	char *name = xasprintf("%s.yaml", r->id);
	char *path = path_join(dir, name);
	/* drafts are written without the workspace lock: only what a killed
	 * write left long ago goes (a draft write takes milliseconds) */
	fs_remove_stale_temps(dir, name, DRAFT_STALE_SECONDS);
	free(name);
	int rc = fs_write_atomic(path, buf, len, 0600, true, e);
	free(path);
	free(dir);
	free(buf);
	return rc;
}

int draft_discard(struct workspace *ws, const struct form *f, const char *id,
    struct err *e)
{
	char *dir;
	if (!uuid_valid(id))	/* before it is ever part of a path */
		return err_set(e, E_INVALID, _("record id '%s' is not a UUID"), id);
	if (user_dir(ws, f, &dir, e) != 0)
		return -1;
	char *path = xasprintf("%s/%s.yaml", dir, id);
	int rc = fs_remove(path, true, e);
	free(path);
	free(dir);
	return rc;
}

static int by_time(const void *a, const void *b)
{
	const struct draft *x = a, *y = b;
	return (x->saved > y->saved) - (x->saved < y->saved);
}

bool draft_any(struct workspace *ws)
{
	char uid[32];
	snprintf(uid, sizeof uid, "%lu", (unsigned long)getuid());
	char *dir = path_join(ws->root, ".sapxep/drafts");
	char *mine = path_join(dir, uid);
	bool any = false;
	for (size_t i = 0; !any && i < ws->forms->n; i++) {
		char *fdir = path_join(mine, ws->forms->forms[i]->name);
		DIR *d = opendir(fdir);
		struct dirent *de;
		while (d && !any && (de = readdir(d)))
			any = de->d_name[0] != '.';
		if (d)
			closedir(d);
		free(fdir);
	}
	free(mine);
	free(dir);
	return any;
}

int draft_list(struct workspace *ws, struct draft **out, size_t *n,
    struct strv *errors, struct err *e)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	char *dir;
	if (user_dir(ws, NULL, &dir, e) != 0)
		return -1;
	for (size_t i = 0; i < ws->forms->n; i++) {
		const struct form *f = ws->forms->forms[i];
		char *fdir = path_join(dir, f->name);
		DIR *d = opendir(fdir);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			char *path = path_join(fdir, de->d_name);
			struct record *r;
			struct err le;
			struct stat st;
			if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
			    st.st_uid != getuid()) {
				free(path);
				continue;
			}
			if (record_load(path, ws->forms, f->name, RIO_DRAFT, &r, &le) != 0) {
				strv_push(errors, le.msg);
			} else {
				XGROW(*out, cap, *n + 1);
				(*out)[*n].form = f;
				(*out)[*n].r = r;
				(*out)[*n].saved = st.st_mtime;
				(*n)++;
			}
			free(path);
		}
		if (d)
			closedir(d);
		free(fdir);
	}
	free(dir);
	if (*n)
		qsort(*out, *n, sizeof **out, by_time);
	return 0;
}

void drafts_free(struct draft *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		record_free(d[i].r);
	free(d);
}
