/* server.h — the province's side of sync: one bare git repository per
 * commune, each guarded by sapxep's pre-receive hook.
 *
 * One repository per commune keeps a commune's personal data away from
 * the others, and lets ordinary SSH accounts and file permissions decide
 * who may push where (sapxep(1), SYNC, walks a province IT officer
 * through it). Each repository records in its git config which commune
 * it holds (sapxep.province, sapxep.commune), keeps its history (no
 * forced pushes, no deleted branches) and logs when every change arrived,
 * forever, for reports as of a date.
 */
#ifndef SAPXEP_SERVER_H
#define SAPXEP_SERVER_H

#include <stddef.h>

#include "core/err.h"
#include "core/xmem.h"
#include "model/form.h"

/* Create (or bring up to date) <root>/<code>.git for every commune of the
 * CSV file `communes` (UTF-8, a header row naming the columns `code` and
 * `name`). The whole file is checked before anything is written. One line
 * per repository ("created 27601.git (Xã Mỹ An)") goes to *report. */
int server_init(const char *root, const char *province, const char *communes,
    struct strv *report, struct err *e);

/* The pre-receive hook, run by git in a province repository: `in` holds
 * git's "<old> <new> <ref>" lines. Refusals go to *problems (one line
 * each, at most PUSH_CHECK_MAX, then a count); the push is accepted when
 * none is added. Returns -1 only when the repository cannot be read. */
int server_pre_receive(const char *in, size_t len, const struct formset *fs,
    struct strv *problems, struct err *e);

#endif
