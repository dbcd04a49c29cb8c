/* shim.c — I/O fault injection for the tests, loaded with LD_PRELOAD.
 *
 * It stands between sapxep and the C library's open, write, fsync,
 * rename and close, counts the calls on the files the test cares about,
 * and makes the chosen one fail with the chosen errno, as a full disk, a
 * failing disk or a file system remounted read-only would:
 *
 *   SAPXEP_FAULT=OP:N:ERRNO[,OP:N:ERRNO...]
 *       OP     open | write | fsync | rename | close
 *       N      the Nth counted call of OP fails (1 is the first); "N+"
 *              makes that call and every later one fail (a disk that
 *              stays full)
 *       ERRNO  ENOSPC | EIO | EACCES | EROFS | EDQUOT | EPERM
 *   SAPXEP_FAULT_PATH=PREFIX
 *       count only calls on paths that start with PREFIX (for write,
 *       fsync and close: on descriptors opened on such a path); default:
 *       every path
 *   SAPXEP_FAULT_LOG=FILE
 *       append a line per counted call ("write 3 /path") and per injected
 *       fault ("FAULT write 3 ENOSPC /path"): the tests count the calls of
 *       a clean run first, then fail each of them in turn
 *
 * What is counted: open, open64, openat, openat64, creat, __open_2,
 * mkstemp, mkostemp (as open); write, pwrite (as write); fsync, fdatasync
 * (as fsync); rename, renameat, renameat2 (as rename); close of a
 * descriptor opened for writing (as close). Calls the C library makes
 * internally (stdio, opendir) are not seen: sapxep's saves use the calls
 * above directly. A write that fails writes nothing; an open that fails
 * creates nothing; a rename that fails moves nothing; a close that fails
 * still closes (as Linux does); an fsync that fails flushes nothing.
 *
 * Not part of sapxep: built by the Makefile for `make check` only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum op { OP_OPEN, OP_WRITE, OP_FSYNC, OP_RENAME, OP_CLOSE, OP_N };
static const char *const op_names[OP_N] = { "open", "write", "fsync", "rename", "close" };

#define MAX_RULES 8
#define MAX_FD 4096

struct rule {
	enum op op;
	unsigned long n;
	bool onward;
	int err;
};

static struct rule rules[MAX_RULES];
static int nrules;
static char prefix[4096];
static size_t prefix_len;
static int log_fd = -1;
static unsigned long counts[OP_N];
static bool ready;

/* Descriptors opened on a counted path; `writable` for close. */
static struct {
	bool counted, writable;
	char path[256];
} fds[MAX_FD];

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_creat)(const char *, mode_t);
static int (*real_open_2)(const char *, int);
static int (*real_mkstemp)(char *);
static int (*real_mkostemp)(char *, int);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_rename)(const char *, const char *);
static int (*real_renameat)(int, const char *, int, const char *);
static int (*real_renameat2)(int, const char *, int, const char *, unsigned);
static int (*real_close)(int);

#define LOOKUP(var, name) \
	do { \
		if (!(var)) \
			*(void **)(&(var)) = dlsym(RTLD_NEXT, name); \
	} while (0)

static const struct {
	const char *name;
	int value;
} errnos[] = {
	{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EACCES", EACCES },
	{ "EROFS", EROFS }, { "EDQUOT", EDQUOT }, { "EPERM", EPERM },
};

static const char *errno_name(int v)
{
	for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
		if (errnos[i].value == v)
			return errnos[i].name;
	return "?";
}

static void die(const char *what)
{
	static const char head[] = "fault shim: bad SAPXEP_FAULT: ";
	LOOKUP(real_write, "write");
	(void)!real_write(2, head, sizeof head - 1);
	(void)!real_write(2, what, strlen(what));
	(void)!real_write(2, "\n", 1);
	_exit(99);
}

static void parse_rules(const char *spec)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", spec);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
	    tok = strtok_r(NULL, ",", &save)) {
		if (nrules == MAX_RULES)
			die("too many rules");
		struct rule *r = &rules[nrules];
		char *c1 = strchr(tok, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			die(tok);
		*c1 = *c2 = '\0';
		int op = -1;
		for (int i = 0; i < OP_N; i++)
			if (strcmp(tok, op_names[i]) == 0)
				op = i;
		if (op < 0)
			die(tok);
		r->op = (enum op)op;
		char *end;
		r->n = strtoul(c1 + 1, &end, 10);
		r->onward = *end == '+';
		if (r->n == 0 || (*end && strcmp(end, "+") != 0))
			die(c1 + 1);
		r->err = 0;
		for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
			if (strcmp(c2 + 1, errnos[i].name) == 0)
				r->err = errnos[i].value;
		if (!r->err)
			die(c2 + 1);
		nrules++;
	}
}

static void init(void)
{
	if (ready)
		return;
	LOOKUP(real_open, "open");
	LOOKUP(real_write, "write");
	ready = true;
	const char *s = getenv("SAPXEP_FAULT");
	if (s && *s)
		parse_rules(s);
	s = getenv("SAPXEP_FAULT_PATH");
	if (s && *s) {
		snprintf(prefix, sizeof prefix, "%s", s);
		prefix_len = strlen(prefix);
	}
	s = getenv("SAPXEP_FAULT_LOG");
	if (s && *s)
		log_fd = real_open(s, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

__attribute__((constructor)) static void shim_init(void)
{
	init();
}

static void log_line(const char *fmt, ...)
{
	if (log_fd < 0)
		return;
	char line[600];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof line - 1)
		n = (int)sizeof line - 1;
	(void)!real_write(log_fd, line, (size_t)n);
}

/* Is this path one the test counts? Relative paths are taken from the
 * current folder. */
static bool counted_path(const char *path)
{
	init();
	if (!path)
		return false;
	if (!prefix_len)
		return true;
	if (path[0] == '/')
		return strncmp(path, prefix, prefix_len) == 0;
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd))
		return false;
	size_t n = strlen(cwd);
	if (n >= prefix_len)
		return strncmp(cwd, prefix, prefix_len) == 0;
	/* the prefix goes on into the relative path */
	return strncmp(cwd, prefix, n) == 0 && prefix[n] == '/' &&
	    strncmp(path, prefix + n + 1, prefix_len - n - 1) == 0;
}

/* Count a call; 0 to go ahead, else the errno to fail with. */
static int count(enum op op, const char *path)
{
	init();
	unsigned long k = ++counts[op];
	log_line("%s %lu %s\n", op_names[op], k, path ? path : "?");
	for (int i = 0; i < nrules; i++) {
		const struct rule *r = &rules[i];
		if (r->op == op && (k == r->n || (r->onward && k > r->n))) {
			log_line("FAULT %s %lu %s %s\n", op_names[op], k, errno_name(r->err),
			    path ? path : "?");
			return r->err;
		}
	}
	return 0;
}

static bool fd_counted(int fd)
{
	return fd >= 0 && fd < MAX_FD && fds[fd].counted;
}

static void track(int fd, const char *path, int flags)
{
	if (fd < 0 || fd >= MAX_FD)
		return;
	fds[fd].counted = true;
	fds[fd].writable = (flags & O_ACCMODE) != O_RDONLY;
	snprintf(fds[fd].path, sizeof fds[fd].path, "%s", path);
}

/* The common part of every open: count, maybe fail, else open. */
#define OPEN_BODY(call) \
	do { \
		bool c = counted_path(path); \
		if (c) { \
			int err = count(OP_OPEN, path); \
			if (err) { \
				errno = err; \
				return -1; \
			} \
		} \
		int fd = (call); \
		if (c) \
			track(fd, path, flags); \
		return fd; \
	} while (0)

static mode_t mode_arg(int flags, va_list ap)
{
	if (flags & (O_CREAT | __O_TMPFILE))
		return (mode_t)va_arg(ap, int);
	return 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	init();
	OPEN_BODY(real_open(path, flags, mode));
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	LOOKUP(real_open64, "open64");
	OPEN_BODY(real_open64(path, flags, mode));
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	LOOKUP(real_openat, "openat");
	OPEN_BODY(real_openat(dirfd, path, flags, mode));
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	va_start(ap, flags);
	mode_t mode = mode_arg(flags, ap);
	va_end(ap);
	LOOKUP(real_openat64, "openat64");
	OPEN_BODY(real_openat64(dirfd, path, flags, mode));
}

int creat(const char *path, mode_t mode)
{
	int flags = O_WRONLY | O_CREAT | O_TRUNC;
	LOOKUP(real_creat, "creat");
	OPEN_BODY(real_creat(path, mode));
}

int __open_2(const char *path, int flags);
int __open_2(const char *path, int flags)
{
	LOOKUP(real_open_2, "__open_2");
	OPEN_BODY(real_open_2(path, flags));
}

int mkstemp(char *tmpl)
{
	const char *path = tmpl;
	int flags = O_RDWR;
	LOOKUP(real_mkstemp, "mkstemp");
	OPEN_BODY(real_mkstemp(tmpl));
}

int mkostemp(char *tmpl, int oflags)
{
	const char *path = tmpl;
	int flags = O_RDWR | oflags;
	LOOKUP(real_mkostemp, "mkostemp");
	OPEN_BODY(real_mkostemp(tmpl, oflags));
}

ssize_t write(int fd, const void *buf, size_t len)
{
	init();
	if (fd_counted(fd)) {
		int err = count(OP_WRITE, fds[fd].path);
		if (err) {
			errno = err;
			return -1;
		}
	}
	return real_write(fd, buf, len);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t off)
{
	LOOKUP(real_pwrite, "pwrite");
	if (fd_counted(fd)) {
		int err = count(OP_WRITE, fds[fd].path);
		if (err) {
			errno = err;
			return -1;
		}
	}
	return real_pwrite(fd, buf, len, off);
}

int fsync(int fd)
{
	LOOKUP(real_fsync, "fsync");
	if (fd_counted(fd)) {
		int err = count(OP_FSYNC, fds[fd].path);
		if (err) {
			errno = err;
			return -1;
		}
	}
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	LOOKUP(real_fdatasync, "fdatasync");
	if (fd_counted(fd)) {
		int err = count(OP_FSYNC, fds[fd].path);
		if (err) {
			errno = err;
			return -1;
		}
	}
	return real_fdatasync(fd);
}

static int rename_fault(const char *from, const char *to)
{
	if (!counted_path(from) && !counted_path(to))
		return 0;
	return count(OP_RENAME, to);
}

int rename(const char *from, const char *to)
{
	LOOKUP(real_rename, "rename");
	int err = rename_fault(from, to);
	if (err) {
		errno = err;
		return -1;
	}
	return real_rename(from, to);
}

int renameat(int fd1, const char *from, int fd2, const char *to)
{
	LOOKUP(real_renameat, "renameat");
	int err = rename_fault(from, to);
	if (err) {
		errno = err;
		return -1;
	}
	return real_renameat(fd1, from, fd2, to);
}

int renameat2(int fd1, const char *from, int fd2, const char *to, unsigned flags)
{
	LOOKUP(real_renameat2, "renameat2");
	int err = rename_fault(from, to);
	if (err) {
		errno = err;
		return -1;
	}
	return real_renameat2(fd1, from, fd2, to, flags);
}

int close(int fd)
{
	LOOKUP(real_close, "close");
	int err = 0;
	if (fd_counted(fd)) {
		if (fds[fd].writable)
			err = count(OP_CLOSE, fds[fd].path);
		fds[fd].counted = false;
	}
	int r = real_close(fd);
	if (err) {
		errno = err;
		return -1;
	}
	return r;
}
