/* messages.c — see messages.h */
#include "model/messages.h"
#include "core/xmem.h"

#include <stdarg.h>

static const char *const vi_fmt[] = {
#define MSG_VI(code, vi, en) vi,
	MSG_TABLE(MSG_VI)
#undef MSG_VI
};

static const char *const en_fmt[] = {
#define MSG_EN(code, vi, en) en,
	MSG_TABLE(MSG_EN)
#undef MSG_EN
};

static const char *const names[] = {
#define MSG_NAME(code, vi, en) #code,
	MSG_TABLE(MSG_NAME)
#undef MSG_NAME
};

const char *msg_vi(enum msg m)
{
	return (unsigned)m < MSG_COUNT ? vi_fmt[m] : "";
}

const char *msg_en(enum msg m)
{
	return (unsigned)m < MSG_COUNT ? en_fmt[m] : "";
}

const char *msg_fmt(enum msg m, enum lang l)
{
	return l == LANG_EN ? msg_en(m) : msg_vi(m);
}

const char *msg_name(enum msg m)
{
	return (unsigned)m < MSG_COUNT ? names[m] : "?";
}

char *msg_format(enum msg m, enum lang l, ...)
{
	va_list ap;
	va_start(ap, l);
	char *s = xvasprintf(msg_fmt(m, l), ap);
	va_end(ap);
	return s;
}
