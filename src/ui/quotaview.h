/* quotaview.h — the quota screen (issue 4): the staff plan of the
 * records as they are now, against the quotas and allowance funds of the
 * rule pack in force (staff_plan). The plan's table, one row per unit
 * (commune level, each hamlet), a unit marked "!" when over its quota or
 * its fund; under it, the selected unit's figures with the rule and
 * article of each. Figures graded C or lower carry "?" in the table and
 * "[uncertain]" in the details, and are drawn as warnings, so that they
 * stand out in monochrome too. Enter shows the unit in full with the
 * plan's heading and the records that need finishing.
 */
#ifndef SAPXEP_QUOTAVIEW_H
#define SAPXEP_QUOTAVIEW_H

#include "ui/term.h"

void quotaview_run(struct ui *u);

#endif
