/* i18n.c — see i18n.h */
#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

static enum lang current = LANG_VI;

const char *i18n_get(const struct i18n *t, enum lang l)
{
	const char *a = l == LANG_EN ? t->en : t->vi;
	const char *b = l == LANG_EN ? t->vi : t->en;
	return a && *a ? a : b ? b : "";
}

void i18n_free(struct i18n *t)
{
	free(t->vi);
	free(t->en);
	t->vi = t->en = NULL;
}

int lang_parse(const char *s, enum lang *out)
{
	if (strcmp(s, "vi") == 0)
		*out = LANG_VI;
	else if (strcmp(s, "en") == 0)
		*out = LANG_EN;
	else
		return -1;
	return 0;
}

const char *lang_code(enum lang l)
{
	return l == LANG_EN ? "en" : "vi";
}

/* glibc's gettext honours LANGUAGE whenever the locale is not plain "C";
 * main() makes sure the locale is a UTF-8 one (C.UTF-8 at least). */
void i18n_init(const char *localedir, enum lang l)
{
	current = l;
	setenv("LANGUAGE", lang_code(l), 1);
	if (localedir)
		bindtextdomain("sapxep", localedir);
	bind_textdomain_codeset("sapxep", "UTF-8");
	textdomain("sapxep");
}

enum lang lang_current(void)
{
	return current;
}
