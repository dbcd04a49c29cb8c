/* err.h — errors returned with a message.
 *
 * Fallible functions take a `struct err *` (may be NULL) as their last
 * argument and return 0 on success or -1 on failure, having filled the
 * error with a kind and a message that names what failed and what to do.
 * Callers write `return err_set(e, E_IO, "cannot open %s", path);`.
 * Nothing in core/, model/ or store/ prints or exits.
 */
#ifndef SAPXEP_ERR_H
#define SAPXEP_ERR_H

#include <stddef.h>

/* Process exit codes documented in sapxep(1). */
enum exit_code {
	EXIT_OK = 0,
	EXIT_INVALID = 1,	/* invalid data found or refused */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_ENV = 3,		/* I/O or environment */
};

enum err_kind {
	E_NONE = 0,
	E_INVALID,	/* data does not parse or does not fit its form */
	E_USAGE,	/* caller asked for something impossible */
	E_IO,		/* file system or system call failed */
	E_CONFLICT,	/* record changed by someone else since it was loaded */
	E_LOCKED,	/* workspace lock not obtained in time */
	E_NOTFOUND,	/* record, form or file does not exist */
};

#define ERR_MSG_MAX 1024

struct err {
	enum err_kind kind;
	int sys_errno;		/* errno when kind is E_IO, else 0 */
	char msg[ERR_MSG_MAX];
};

/* Fill *e (if not NULL) and return -1. */
int err_set(struct err *e, enum err_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like err_set, appending ": strerror(errno)"; saves errno in e->sys_errno
 * and leaves errno unchanged. */
int err_sys(struct err *e, enum err_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the existing message with "prefix: ". Returns -1. */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct err *e);

/* The exit code that matches an error kind. */
int err_exit_code(const struct err *e);

#endif
