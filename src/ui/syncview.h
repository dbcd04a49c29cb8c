/* syncview.h — sync in the interface (issue 6): the Sync screen, the
 * records in conflict, and what the dashboard says about sync.
 *
 * The Sync screen (dashboard entry 5) runs sync_run at once, showing its
 * progress lines as they come, then says what happened in words an
 * officer understands: sent, received and still waiting; an unreachable
 * server is the normal offline state, never shown as a failure; a refusal
 * or a merge that could not be done says what to do. Under it, the
 * records now in conflict (read from the records, so those of earlier
 * syncs too): Enter opens one in its form, where F6 shows the versions
 * side by side (versionview.h). s syncs again. The records are loaded
 * again after every sync (watch_reload), so every screen shows what the
 * sync brought.
 *
 * The passphrase of an SSH key cannot be typed here (the screen belongs
 * to the interface): keys need an agent, or no passphrase; the command
 * `sapxep sync` can ask for it.
 */
#ifndef SAPXEP_SYNCVIEW_H
#define SAPXEP_SYNCVIEW_H

#include "core/xmem.h"
#include "ui/term.h"

/* Sync now and show the result. */
void syncview_run(struct ui *u);

/* The same screen without syncing first: the records in conflict, and
 * the state of sync (the dashboard's alert about conflicts opens it). */
void syncview_conflicts(struct ui *u);

/* What the dashboard shows about sync. This runs git a few times (see
 * sync_status): compute it when the dashboard is opened again or the
 * files changed, not at every paint. */
struct syncview_summary {
	struct strv lines;	/* "Sync: 2 changes waiting to be sent · last
				 * successful sync 28/11/2026 14:05", and a
				 * line about a last attempt that failed */
	long waiting;		/* changes not yet at the province */
	size_t conflicts;	/* records in conflict */
};

/* `conflicts`: the records in conflict (syncview_count_conflicts), given
 * by the caller, who may not have the records loaded yet. */
void syncview_summary(struct ui *u, size_t conflicts, struct syncview_summary *s);
size_t syncview_count_conflicts(const struct db *db);
void syncview_summary_free(struct syncview_summary *s);

#endif
