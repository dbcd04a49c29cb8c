/* reviewview.h — the hamlet review (issue 5) and the merge planner.
 *
 * The review: each hamlet against the household standard (households,
 * standard, ratio, status with its text marker, coloured), each merger
 * proposal with the households of the merged unit, whether it meets the
 * standard, the vote share and whether it passed, then the summary (now,
 * after the approved and after every proposed merger, the hamlets that
 * must merge and are in no proposal) and the rules it rests on. Enter
 * opens the hamlet or proposal under the cursor in its form; the review
 * is worked out again from the records when the form is left.
 *
 * The planner (p): the suggested mergers (hamlet_plan); Enter or a turns
 * the one under the cursor into a draft merger record (hamlet_plan_apply,
 * through db_save) and opens it in the form to be finished. Read-only
 * (a commune opened from the province view): shown, never applied.
 */
#ifndef SAPXEP_REVIEWVIEW_H
#define SAPXEP_REVIEWVIEW_H

#include "ui/term.h"

void reviewview_run(struct ui *u);

#endif
