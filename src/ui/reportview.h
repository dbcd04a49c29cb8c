/* reportview.h — the report on screen (issue 7).
 *
 * reportview_commune: the open commune's figures as the province reports
 * them (report_commune, read from disk as saved), laid out in two
 * columns for 80x24: staff, hamlets, merger proposals by stage, records,
 * whether the commune counts as reporting, the rule packs.
 *
 * reportview_province: `sapxep --data DIR` on a folder of workspaces. The
 * communes are read one at a time (report_run; the view keeps one row of
 * figures per commune, never a commune's records) into a list of their
 * key figures and progress, sortable and filtered as any list, with the
 * totals of the communes shown at its foot. Enter opens a commune
 * read-only: its dashboard, lists, forms and screens, nothing saved.
 */
#ifndef SAPXEP_REPORTVIEW_H
#define SAPXEP_REPORTVIEW_H

#include "ui/term.h"

void reportview_commune(struct ui *u);

/* `open` runs the dashboard of the commune now in u->ws and u->db. */
void reportview_province(struct ui *u, const char *dir, void (*open)(struct ui *u));

#endif
