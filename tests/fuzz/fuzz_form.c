/* fuzz_form.c — the form loader (the files of screens/) and the shared-list
 * loader (those of config/lists/). An input that parses as a form is also
 * loaded with the shipped lists through formset_load, which resolves and
 * cross-checks it, from a folder of its own. */
#include "fuzz.h"
#include "core/xmem.h"
#include "model/record.h"
#include "store/form_load.h"
#include "store/fsutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *screens;

static void remove_dir(void)
{
	rmdir(screens);
	free(screens);
}

static const char *screens_dir(void)
{
	if (!screens) {
		const char *base = getenv("TMPDIR");
		char *tmpl = xasprintf("%s/sapxep-fuzz-form-XXXXXX", base && *base ? base : "/tmp");
		if (!mkdtemp(tmpl))
			fuzz_fail("cannot make %s", tmpl);
		screens = tmpl;
		atexit(remove_dir);
	}
	return screens;
}

static void load_set(const uint8_t *data, size_t size)
{
	char *path = path_join(screens_dir(), "fuzz.yaml");
	struct err e;
	if (fs_write_atomic(path, (const char *)data, size, 0600, false, &e) != 0)
		fuzz_fail("%s", e.msg);
	struct strv dirs = STRV_INIT, errors = STRV_INIT;
	paths_config_dirs(fuzz_paths(), NULL, &dirs);
	struct formset *fs = NULL;
	if (formset_load(screens_dir(), &dirs, &fs, &errors) == 0) {
		if (!fs || fs->n != 1)
			fuzz_fail("one form file, %zu forms", fs ? fs->n : 0);
		struct record *r = record_new(fs->forms[0]);
		record_free(r);
	} else if (errors.n == 0) {
		fuzz_fail("a form set was refused without a message");
	}
	formset_free(fs);
	strv_free(&errors);
	strv_free(&dirs);
	unlink(path);
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct form *f;
	struct err e;
	if (form_parse((const char *)data, size, "/fuzz/screens/fuzz.yaml", &f, &e) == 0) {
		form_free(f);
		load_set(data, size);
	}
	struct choice_list l;
	if (choice_list_parse((const char *)data, size, "/fuzz/lists/fuzz.yaml", &l, &e) == 0)
		choice_list_clear(&l);
	return 0;
}
