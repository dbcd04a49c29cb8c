/* support.h — helpers shared by the unit tests (cmocka). */
#ifndef SAPXEP_TEST_SUPPORT_H
#define SAPXEP_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "model/form.h"
#include "store/paths.h"
#include "store/workspace.h"

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

/* The source tree ($SAPXEP_SHARE). Borrowed. */
const char *t_srcdir(void);

/* Write a buffer of `len` bytes (may hold NUL bytes). */
void t_write_n(const char *path, const char *data, size_t len);

/* The settings of the test commune "Xã Thử" (province 72, class II,
 * region south, officer nva); the strings are borrowed. */
void t_config(struct ws_config *cfg);

/* A workspace at <parent>/ws with t_config's settings, opened; `group`
 * (may be NULL) goes into sapxep.yaml. Fails the test when it cannot be
 * made. */
struct workspace *t_workspace(const char *parent, const char *group,
    const struct paths *p);
/* Close ws (may be NULL), remove dir and free it. */
void t_done(struct workspace *ws, char *dir);

/* Load the forms `files` (NULL-terminated pairs of file name and text)
 * from a fresh screens folder, with the shipped lists. Returns the
 * formset, or NULL with every problem in *errors. *dir (owned) is the
 * folder holding screens/, for messages and clean-up. */
struct formset *t_formset(const char *const *files, struct strv *errors,
    char **dir);

/* Assert that `msg` reads "<file>:<line>:<col>: ..." and holds `what`. */
void t_assert_at(const char *msg, const char *file, int line, int col,
    const char *what);

/* Run fn in a child process and return what it returned (0 for success).
 * With `unprivileged` set and the tests running as root, the child drops
 * to the user nobody first; its folder (under /tmp, owned by nobody) then
 * holds a copy of screens/ and config/, and *p points at that copy: so a
 * permission test runs for real in CI, which runs as root. The child must
 * not use cmocka's assertions: it returns a non-zero code (and prints
 * why) instead. A crash of the child fails the test. */
typedef int (*t_child_fn)(const char *dir, const struct paths *p, void *arg);
int t_in_child(bool unprivileged, t_child_fn fn, void *arg);

#endif
