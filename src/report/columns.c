/* columns.c — see columns.h */
#include "report/columns.h"
#include "core/i18n.h"

#include <math.h>

#define L(k, en, b, field, w) { k, en, b, false, offsetof(struct figures, field), w }
#define D(k, en, b, field, w) { k, en, b, true, offsetof(struct figures, field), w }

const struct rcol rcols[] = {
	L("staff.before", N_("Staff before"), N_("Before"), staff_before, 6),
	L("staff.after", N_("Staff after"), N_("After"), staff_after, 5),
	L("staff.reduction", N_("Reduction"), N_("Cut"), staff_reduction, 5),
	L("staff.concurrent", N_("Concurrent"), N_("Dual"), staff_concurrent, 0),
	L("staff.over_quota_units", N_("Units over quota"), N_("Over"), over_quota_units, 5),
	D("staff.fund", N_("Allowance fund (× base)"), N_("Fund"), fund, 0),
	D("staff.allowance_after", N_("Allowance after (× base)"), N_("Allow"), allowance_after, 0),
	L("hamlets.total", N_("Hamlets"), N_("Hamlets"), hamlets, 7),
	L("hamlets.meets", N_("Meet standard"), N_("Meet"), meets, 0),
	L("hamlets.below", N_("Below standard"), N_("Below"), below, 0),
	L("hamlets.must_merge", N_("Must merge"), N_("Merge!"), must_merge, 5),
	L("hamlets.exempt", N_("Exempt"), N_("Exempt"), exempt, 0),
	L("hamlets.after_approved", N_("After approved"), N_("After"), after_approved, 5),
	L("hamlets.after_proposed", N_("After proposed"), N_("Planned"), after_proposed, 0),
	L("mergers.proposed", N_("Mergers proposed"), N_("Props"), proposed, 4),
	L("mergers.approved", N_("Mergers approved"), N_("Appr"), approved, 0),
	L("records.complete", N_("Records complete"), N_("Done"), complete, 0),
	L("records.incomplete", N_("Incomplete"), N_("Incompl"), incomplete, 7),
	L("records.conflict", N_("Conflicts"), N_("Confl"), conflict, 4),
};

const size_t nrcols = sizeof rcols / sizeof rcols[0];

double rcol_value(const struct rcol *c, const struct figures *f)
{
	const char *base = (const char *)f + c->off;
	if (!c->decimal)
		return (double)*(const long *)(const void *)base;
	/* multiples of the base salary, to the hundredth: the sums of many
	 * communes must not show binary noise in a spreadsheet */
	return round(*(const double *)(const void *)base * 100) / 100;
}
