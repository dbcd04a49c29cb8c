/* form_load.h — read form definitions (the .yaml files of screens/) and shared
 * choice lists (those of config/lists/); see sapxep(5) for the language.
 *
 * Anything wrong in a form file (unknown key or type, duplicate field,
 * reference to a missing list, field or form) is reported as
 * "file:line:column: message"; nothing is silently ignored.
 */
#ifndef SAPXEP_FORM_LOAD_H
#define SAPXEP_FORM_LOAD_H

#include <stddef.h>

#include "core/err.h"
#include "core/xmem.h"
#include "model/form.h"

/* Parse one form file's bytes. Its choice lists are not resolved yet
 * (formset_load does that). On success *out is owned by the caller. */
int form_parse(const char *buf, size_t len, const char *path,
    struct form **out, struct err *e);

/* Parse one shared list file into *out (cleared first). */
int choice_list_parse(const char *buf, size_t len, const char *path,
    struct choice_list *out, struct err *e);

/* Load every form in screens_dir and every list in <dir>/lists for each
 * of config_dirs (earlier folders override later ones by list name),
 * resolve and cross-check them. Each problem is appended to `errors`; the
 * result is -1 when there was any (then *out is NULL). A list file that
 * cannot be used is not such a problem: it is left out and said in
 * (*out)->list_errors (see load_lists). */
int formset_load(const char *screens_dir, const struct strv *config_dirs,
    struct formset **out, struct strv *errors);

#endif
