/* fsutil.h — files that survive crashes, and a workspace lock.
 *
 * fs_write_atomic() is the only way sapxep replaces a file: a temporary
 * file in the same folder (named ".<name>.tmp-XXXXXX", which no loader
 * ever takes for a record), write, fsync, rename over the target, fsync
 * the folder. A crash at any instant leaves the old file or the new one.
 * Nothing here follows a symbolic link planted where a file should be.
 */
#ifndef SAPXEP_FSUTIL_H
#define SAPXEP_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

#include "core/err.h"

/* Read a whole regular file of at most `max` bytes into an owned,
 * NUL-terminated buffer. Refuses symbolic links and non-regular files. */
int fs_read_file(const char *path, size_t max, char **buf, size_t *len,
    struct err *e);
/* The same for `name` in the open folder `dirfd` (one name to look up,
 * not a whole path: for the many files of one folder); `path` is the
 * file's path for messages. */
int fs_read_file_at(int dirfd, const char *name, const char *path, size_t max,
    char **buf, size_t *len, struct err *e);

/* Replace `path` atomically with data[0..len), file mode `mode`. With
 * `durable` false the fsyncs are skipped (bulk generation of demo data,
 * followed by one syncfs). Once the file is renamed into place the result
 * is 0; if the folder cannot then be flushed, e holds that as a warning
 * (the caller clears e before and reads e->kind after). */
int fs_write_atomic(const char *path, const char *data, size_t len,
    mode_t mode, bool durable, struct err *e);

/* A file written in several steps that replaces `path` only when
 * complete (the --output of the commands, a workbook): fs_temp_create
 * makes ".<name>.tmp-XXXXXX" in path's folder with O_EXCL (mkostemp:
 * a link planted there is never followed) and mode `mode`; write to
 * t->fd, or have a library write by name to t->open_path (the file's
 * /proc/self/fd link where there is one, so that a name swapped in the
 * folder meanwhile is never opened; else the temporary name);
 * fs_temp_commit flushes it, renames it over path (a link at path is
 * replaced, never written through) and flushes the folder;
 * fs_temp_abort removes it. Both release t; path is untouched unless
 * fs_temp_commit returns 0 (then a folder that cannot be flushed leaves
 * a warning in e, as for fs_write_atomic). */
struct fs_temp {
	int fd;			/* -1 once committed or aborted */
	char *path, *tmp;	/* target and temporary file, owned */
	char *open_path;	/* owned */
};
int fs_temp_create(const char *path, mode_t mode, struct fs_temp *t, struct err *e);
int fs_temp_commit(struct fs_temp *t, bool durable, struct err *e);
void fs_temp_abort(struct fs_temp *t);

/* Create a folder and its parents with `mode`; an existing folder is fine,
 * an existing symbolic link or file is an error. */
int fs_mkdirs(const char *path, mode_t mode, struct err *e);

int fs_fsync_dir(const char *dir, struct err *e);

/* Remove a file and fsync its folder. A missing file is not an error.
 * Once the file is gone the result is 0; a folder that cannot then be
 * flushed leaves a warning in e, as for fs_write_atomic. */
int fs_remove(const char *path, bool durable, struct err *e);

/* Remove a folder and everything in it, never following a link. A
 * missing folder is not an error. */
int fs_remove_tree(const char *dir, struct err *e);

/* Rename within one file system and fsync both folders. Once renamed the
 * result is 0; a folder that cannot then be flushed leaves a warning in
 * e (the caller clears e before and reads e->kind after). */
int fs_rename(const char *from, const char *to, bool durable, struct err *e);

/* True for a real folder (not a link to one). */
bool fs_is_dir(const char *path);
bool fs_exists(const char *path);

/* True for the names fs_write_atomic uses for its temporary files. */
bool fs_is_temp_name(const char *name);

/* Remove the temporary files that fs_write_atomic calls left in folder
 * `dir` when they were killed: those for file `name` (".<name>.tmp-XXXXXX"),
 * or for any file when name is NULL, if at least min_age seconds old.
 * Safe only where nobody else may be writing those files at the same time
 * (under the workspace lock). Returns how many went; files that cannot be
 * removed are left alone. */
int fs_remove_stale_temps(const char *dir, const char *name, int min_age);

/* Owned "a/b". */
char *path_join(const char *a, const char *b);

/* Signatures of files as stat sees them, to notice a change without
 * reading anything: FNV-1a over bytes, starting from FS_SIG_INIT.
 * fs_sig_stat mixes in the inode, size, mode and both times, and moves
 * *newest (when not NULL) to the later of its times; fs_sig_path does the
 * same for path's stat, or marks that it could not be had. */
#define FS_SIG_INIT 0xcbf29ce484222325ULL
uint64_t fs_sig_bytes(uint64_t h, const void *p, size_t n);
uint64_t fs_sig_stat(uint64_t h, const struct stat *st, struct timespec *newest);
uint64_t fs_sig_path(uint64_t h, const char *path, struct timespec *newest);

/* An exclusive advisory lock (flock) on a lock file, waited for at most
 * timeout_ms. The kernel drops it when the process dies. */
struct fs_lock {
	int fd;
};

int fs_lock(const char *path, int timeout_ms, struct fs_lock *l, struct err *e);
void fs_unlock(struct fs_lock *l);

#endif
