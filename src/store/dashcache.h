/* dashcache.h — the dashboard's figures kept from one run to the next,
 * so that the dashboard can be shown before the records are loaded.
 *
 * Kept in <root>/.sapxep/dashboard (local state, never synced) with a key:
 * a signature of everything the figures come from — each record file's
 * name, inode, size and times, the folders, sapxep.yaml, the forms and
 * rule packs, the program itself, the language and today's date. Working
 * the key out costs a stat per file, not a parse. The figures are only
 * used when the key is the same; the interface loads the records right
 * after and puts right whatever the cache said (see ui.c), so a cache that
 * is wrong is wrong for a moment, never for long.
 *
 * A file changed within the last few hundredths of a second may change
 * again unseen within the file system clock's resolution: then the key is
 * "racy" and is not trusted until that time has passed (as git does with
 * its racily clean files). The file is read as hostile: any line out of
 * place and the cache is not used.
 */
#ifndef SAPXEP_DASHCACHE_H
#define SAPXEP_DASHCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/err.h"
#include "core/xmem.h"
#include "store/paths.h"
#include "store/workspace.h"

struct dash_figures {
	struct strv forms;	/* form names, in the dashboard's order */
	size_t (*counts)[3];	/* per form: complete, incomplete, conflict; owned */
	size_t conflicts;	/* records in a sync conflict */
	size_t errors;		/* record files that could not be read */
	size_t pack_errors;	/* problems in the rule packs */
	struct strv alerts;	/* the domain's alert lines, one line each */
	int *from;		/* where each alert comes from; owned, alerts.n long */
};

void dash_figures_free(struct dash_figures *f);
bool dash_figures_same(const struct dash_figures *a, const struct dash_figures *b);

/* The key of ws as it is on disk now. *wait: 0, or the seconds (a few
 * hundredths at most) before a change just made is old enough for the key
 * to be trusted. `lang` and `today` are part of it (the alerts' language
 * and the date their rules are taken at). */
uint64_t dashcache_key(const struct workspace *ws, const struct paths *p,
    int lang, struct date today, double *wait);

/* The figures saved with `key`: 0 and *out filled (owned by the caller),
 * or -1 when there are none, they were saved with another key, or the file
 * is not exactly what dashcache_save writes. */
int dashcache_load(const struct workspace *ws, uint64_t key, struct dash_figures *out);

/* Save f with `key` (atomically, without fsync: it is only a cache). */
int dashcache_save(struct workspace *ws, uint64_t key, const struct dash_figures *f,
    struct err *e);

#endif
