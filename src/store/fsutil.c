/* fsutil.c — see fsutil.h */
#include "store/fsutil.h"
#include "core/i18n.h"
#include "core/xmem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *path_join(const char *a, const char *b)
{
	/* by hand, not by printf: every record's path is made here */
	size_t n = strlen(a), m = strlen(b);
	bool slash = !(n && a[n - 1] == '/');
	char *p = xmalloc(n + slash + m + 1);
	memcpy(p, a, n);
	if (slash)
		p[n] = '/';
	memcpy(p + n + slash, b, m + 1);
	return p;
}

bool fs_is_dir(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

bool fs_is_temp_name(const char *name)
{
	return name[0] == '.' && strstr(name, ".tmp-") != NULL;
}

/* ".<name>.tmp-" and the six characters mkostemp chose. */
static bool temp_of(const char *tmp, const char *name)
{
	size_t n = strlen(tmp);
	if (n < 12 || tmp[0] != '.' || strncmp(tmp + n - 11, ".tmp-", 5) != 0)
		return false;
	return !name || (strlen(name) == n - 12 && strncmp(tmp + 1, name, n - 12) == 0);
}

int fs_remove_stale_temps(const char *dir, const char *name, int min_age)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *de;
	time_t now = time(NULL);
	while (d && (de = readdir(d))) {
		struct stat st;
		if (!temp_of(de->d_name, name) ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || now - st.st_mtime < min_age)
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == 0)
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

int fs_read_file(const char *path, size_t max, char **buf, size_t *len,
    struct err *e)
{
	return fs_read_file_at(AT_FDCWD, path, path, max, buf, len, e);
}

int fs_read_file_at(int dirfd, const char *name, const char *path, size_t max,
    char **buf, size_t *len, struct err *e)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ELOOP)
			return err_set(e, E_INVALID,
			    _("%s: is a symbolic link; sapxep does not follow links in a workspace"),
			    path);
		return err_sys(e, errno == ENOENT ? E_NOTFOUND : E_IO,
		    _("cannot open %s"), path);
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		err_sys(e, E_IO, _("cannot read %s"), path);
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, E_INVALID, _("%s: not a regular file"), path);
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return err_set(e, E_INVALID,
		    _("%s:1:1: file is too large (%lld bytes, at most %zu)"), path,
		    (long long)st.st_size, max);
	}
	/* room for one byte more than the size: a shorter read then means
	 * the end of the (regular) file, without a second read to find it */
	size_t cap = (size_t)st.st_size + 2, n = 0;
	char *b = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max + 1) {
				free(b);
				close(fd);
				return err_set(e, E_INVALID,
				    _("%s:1:1: file is too large (at most %zu bytes)"), path, max);
			}
			cap *= 2;
			b = xreallocarray(b, cap, 1);
		}
		size_t want = cap - n - 1;
		ssize_t k = read(fd, b + n, want);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			err_sys(e, E_IO, _("cannot read %s"), path);
			free(b);
			close(fd);
			return -1;
		}
		if (k == 0)
			break;
		n += (size_t)k;
		if ((size_t)k < want && n == (size_t)st.st_size)
			break;
	}
	close(fd);
	if (n > max) {
		free(b);
		return err_set(e, E_INVALID, _("%s:1:1: file is too large (at most %zu bytes)"),
		    path, max);
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int fs_fsync_dir(const char *dir, struct err *e)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, E_IO, _("cannot open folder %s"), dir);
	if (fsync(fd) != 0 && errno != EINVAL) {
		err_sys(e, E_IO, _("cannot flush folder %s to disk"), dir);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t k = write(fd, data, len);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0) {
			errno = EIO;
			return -1;
		}
		data += k;
		len -= (size_t)k;
	}
	return 0;
}

int fs_temp_create(const char *path, mode_t mode, struct fs_temp *t, struct err *e)
{
	char *dir = dir_of(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	*t = (struct fs_temp){ .fd = -1 };
	t->tmp = xasprintf("%s/.%s.tmp-XXXXXX", dir, base);
	t->fd = mkostemp(t->tmp, O_CLOEXEC);
	if (t->fd < 0) {
		err_sys(e, E_IO, _("cannot create a file in %s"), dir);
		free(dir);
		free(t->tmp);
		t->tmp = NULL;
		return -1;
	}
	free(dir);
	t->path = xstrdup(path);
	char *proc = xasprintf("/proc/self/fd/%d", t->fd);
	struct stat a, b;
	if (stat(proc, &a) == 0 && fstat(t->fd, &b) == 0 && a.st_ino == b.st_ino &&
	    a.st_dev == b.st_dev) {
		t->open_path = proc;
	} else {
		free(proc);
		t->open_path = xstrdup(t->tmp);
	}
	if (fchmod(t->fd, mode) != 0) {
		err_sys(e, E_IO, _("cannot set permissions on %s"), t->tmp);
		fs_temp_abort(t);
		return -1;
	}
	return 0;
}

static void temp_release(struct fs_temp *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	free(t->path);
	free(t->tmp);
	free(t->open_path);
	t->path = t->tmp = t->open_path = NULL;
}

void fs_temp_abort(struct fs_temp *t)
{
	if (t->tmp)
		unlink(t->tmp);
	temp_release(t);
}

int fs_temp_commit(struct fs_temp *t, bool durable, struct err *e)
{
	if (durable && fsync(t->fd) != 0) {
		err_sys(e, E_IO, _("cannot flush %s to disk"), t->path);
		goto fail;
	}
	int fd = t->fd;
	t->fd = -1;
	if (close(fd) != 0) {
		err_sys(e, E_IO, _("cannot write %s"), t->path);
		goto fail;
	}
	if (rename(t->tmp, t->path) != 0) {
		err_sys(e, E_IO, _("cannot replace %s"), t->path);
		goto fail;
	}
	/* The new file is in place from here on: a folder that cannot be
	 * flushed is a warning (e set, 0 returned), not a failed save. */
	if (durable) {
		char *dir = dir_of(t->path);
		fs_fsync_dir(dir, e);
		free(dir);
	}
	temp_release(t);
	return 0;
fail:
	fs_temp_abort(t);
	return -1;
}

int fs_write_atomic(const char *path, const char *data, size_t len,
    mode_t mode, bool durable, struct err *e)
{
	struct fs_temp t;
	if (fs_temp_create(path, mode, &t, e) != 0)
		return -1;
	if (write_all(t.fd, data, len) != 0) {
		err_sys(e, E_IO, _("cannot write %s"), path);
		fs_temp_abort(&t);
		return -1;
	}
	return fs_temp_commit(&t, durable, e);
}

int fs_mkdirs(const char *path, mode_t mode, struct err *e)
{
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return 0;
		return err_set(e, E_IO, _("%s exists and is not a folder"), path);
	}
	char *copy = xstrdup(path);
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, mode) != 0 && errno != EEXIST) {
			err_sys(e, E_IO, _("cannot create folder %s"), copy);
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	if (mkdir(path, mode) != 0 && errno != EEXIST)
		return err_sys(e, E_IO, _("cannot create folder %s"), path);
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return err_set(e, E_IO, _("%s exists and is not a folder"), path);
	return 0;
}

int fs_remove(const char *path, bool durable, struct err *e)
{
	if (unlink(path) != 0 && errno != ENOENT)
		return err_sys(e, E_IO, _("cannot remove %s"), path);
	if (!durable)
		return 0;
	/* the file is gone: a folder that cannot be flushed is a warning */
	char *dir = dir_of(path);
	fs_fsync_dir(dir, e);
	free(dir);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) == 0 || errno == ENOENT ? 0 : -1;
}

int fs_remove_tree(const char *dir, struct err *e)
{
	if (!fs_exists(dir))
		return 0;
	if (nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		return err_sys(e, E_IO, _("cannot remove %s"), dir);
	return 0;
}

int fs_rename(const char *from, const char *to, bool durable, struct err *e)
{
	if (rename(from, to) != 0)
		return err_sys(e, E_IO, _("cannot move %s to %s"), from, to);
	if (!durable)
		return 0;
	/* the file has moved: a folder that cannot be flushed is a warning */
	char *d1 = dir_of(from), *d2 = dir_of(to);
	if (fs_fsync_dir(d1, e) == 0 && strcmp(d1, d2) != 0)
		fs_fsync_dir(d2, e);
	free(d1);
	free(d2);
	return 0;
}

int fs_lock(const char *path, int timeout_ms, struct fs_lock *l, struct err *e)
{
	l->fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0660);
	if (l->fd < 0)
		return err_sys(e, E_IO, _("cannot open the lock file %s"), path);
	int waited = 0;
	for (;;) {
		if (flock(l->fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			err_sys(e, E_IO, _("cannot lock %s"), path);
			break;
		}
		if (waited >= timeout_ms) {
			err_set(e, E_LOCKED,
			    _("another sapxep is saving in this workspace; try again in a moment"));
			break;
		}
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
		waited += 10;
	}
	close(l->fd);
	l->fd = -1;
	return -1;
}

void fs_unlock(struct fs_lock *l)
{
	if (l->fd >= 0) {
		flock(l->fd, LOCK_UN);
		close(l->fd);
		l->fd = -1;
	}
}

uint64_t fs_sig_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;	/* FNV-1a */
	}
	return h;
}

static uint64_t sig_u(uint64_t h, uint64_t v)
{
	return fs_sig_bytes(h, &v, sizeof v);
}

static void later(struct timespec *newest, const struct timespec *t)
{
	if (newest && (t->tv_sec > newest->tv_sec ||
	    (t->tv_sec == newest->tv_sec && t->tv_nsec > newest->tv_nsec)))
		*newest = *t;
}

uint64_t fs_sig_stat(uint64_t h, const struct stat *st, struct timespec *newest)
{
	h = sig_u(h, (uint64_t)st->st_ino);
	h = sig_u(h, (uint64_t)st->st_size);
	h = sig_u(h, (uint64_t)st->st_mode);
	h = sig_u(h, (uint64_t)st->st_mtim.tv_sec);
	h = sig_u(h, (uint64_t)st->st_mtim.tv_nsec);
	h = sig_u(h, (uint64_t)st->st_ctim.tv_sec);
	h = sig_u(h, (uint64_t)st->st_ctim.tv_nsec);
	later(newest, &st->st_mtim);
	later(newest, &st->st_ctim);
	return h;
}

uint64_t fs_sig_path(uint64_t h, const char *path, struct timespec *newest)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return sig_u(h, 1);
	return fs_sig_stat(h, &st, newest);
}
