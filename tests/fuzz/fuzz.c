/* fuzz.c — see fuzz.h */
#include "fuzz.h"
#include "core/i18n.h"
#include "core/xmem.h"
#include "store/form_load.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct paths paths;
static struct formset *forms;
static int ready;

const struct paths *fuzz_paths(void)
{
	if (!ready) {
		setlocale(LC_ALL, "C.UTF-8");
		struct err e;
		if (paths_init(&paths, &e) != 0)
			fuzz_fail("set SAPXEP_SHARE to the source tree: %s", e.msg);
		free(paths.sysconfdir);
		paths.sysconfdir = xstrdup("/nonexistent/sapxep-fuzz");
		i18n_init(paths.localedir, LANG_EN);
		ready = 1;
	}
	return &paths;
}

const struct formset *fuzz_forms(void)
{
	if (!forms) {
		const struct paths *p = fuzz_paths();
		struct strv dirs = STRV_INIT, errors = STRV_INIT;
		paths_config_dirs(p, NULL, &dirs);
		if (formset_load(p->screens, &dirs, &forms, &errors) != 0)
			fuzz_fail("the shipped forms do not load: %s",
			    errors.n ? errors.v[0] : "?");
		strv_free(&dirs);
		strv_free(&errors);
	}
	return forms;
}

static const char *no_name(void *data, const char *form, const char *id)
{
	(void)data;
	(void)form;
	(void)id;
	return NULL;
}

static const char *no_find(void *data, const char *form, const char *text, int *count)
{
	(void)data;
	(void)form;
	(void)text;
	*count = 0;
	return NULL;
}

const struct refs fuzz_no_refs = { no_name, no_find, NULL };

char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}
