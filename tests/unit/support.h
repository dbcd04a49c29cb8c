/* support.h — helpers shared by the unit tests (cmocka). */
#ifndef SAPXEP_TEST_SUPPORT_H
#define SAPXEP_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/form.h"
#include "store/paths.h"

/* A fresh, empty folder under $SAPXEP_TEST_TMP (or /tmp). Owned. */
char *t_tmpdir(void);
/* rm -rf. */
void t_rmtree(const char *dir);
/* Write / read a whole file; t_read returns an owned string or NULL. */
void t_write(const char *path, const char *data);
char *t_read(const char *path, size_t *len);
/* The program's paths (SAPXEP_SHARE points at the source tree). */
const struct paths *t_paths(void);
/* The shipped forms and lists. Loaded once, freed at exit. */
const struct formset *t_forms(void);
/* Number of entries in a folder, "." and ".." excluded. */
int t_count(const char *dir);

#endif
