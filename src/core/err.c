/* err.c — see err.h */
#include "core/err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void vset(struct err *e, enum err_kind kind, const char *fmt, va_list ap)
{
	e->kind = kind;
	e->sys_errno = 0;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

int err_set(struct err *e, enum err_kind kind, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vset(e, kind, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int err_sys(struct err *e, enum err_kind kind, const char *fmt, ...)
{
	int saved = errno;
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vset(e, kind, fmt, ap);
		va_end(ap);
		size_t n = strlen(e->msg);
		snprintf(e->msg + n, sizeof e->msg - n, ": %s", strerror(saved));
		e->sys_errno = saved;
	}
	errno = saved;
	return -1;
}

int err_prefix(struct err *e, const char *fmt, ...)
{
	if (e) {
		char head[ERR_MSG_MAX], old[ERR_MSG_MAX];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(head, sizeof head, fmt, ap);
		va_end(ap);
		memcpy(old, e->msg, sizeof old);
		snprintf(e->msg, sizeof e->msg, "%s: %s", head, old);
	}
	return -1;
}

void err_clear(struct err *e)
{
	if (e) {
		e->kind = E_NONE;
		e->sys_errno = 0;
		e->msg[0] = '\0';
	}
}

int err_exit_code(const struct err *e)
{
	if (!e)
		return EXIT_ENV;
	switch (e->kind) {
	case E_NONE:
		return EXIT_OK;
	case E_USAGE:
		return EXIT_USAGE;
	case E_INVALID:
	case E_CONFLICT:
	case E_NOTFOUND:
		return EXIT_INVALID;
	case E_IO:
	case E_LOCKED:
		return EXIT_ENV;
	}
	return EXIT_ENV;
}
