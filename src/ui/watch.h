/* watch.h — records changed under the interface: another officer's save
 * on a shared server, `sapxep sync` or `sapxep set` from a shell, a sync
 * from the Sync screen. The lists and the dashboard ask when they are
 * shown again and while they wait for a key; when the files changed, the
 * records are loaded again (u->db is replaced and u->db_gen goes up), so
 * a screen must not keep a struct db * or a struct db_rec * across a call.
 *
 * The look is cheap: a stat of sapxep.yaml, of each form's folder (every
 * save renames a file into it, which changes the folder) and of the last
 * sync's state file. A folder changed within the last second may change
 * again within the clock's resolution unseen, so it is looked at again
 * later (as git does with its "racily clean" files). Never called while a
 * form is open: what an officer is typing is never replaced; a save of a
 * record someone else changed is refused by its revision instead.
 */
#ifndef SAPXEP_WATCH_H
#define SAPXEP_WATCH_H

#include <stdbool.h>

#include "ui/term.h"

/* Have the files changed since the records were loaded? When they have,
 * load the records again and return true. Without `now` it looks at most
 * every few seconds (it is called while waiting for keys). A workspace not
 * watched yet is only noted. A reload that fails keeps the records there
 * were, with a message. */
bool watch_check(struct ui *u, bool now);

/* Load the records again whatever the files look like (after a sync). */
void watch_reload(struct ui *u);

#endif
