/* figures.c — see figures.h */
#include "domain/figures.h"

#include <stddef.h>

void figures_add(struct figures *sum, const struct figures *f)
{
	sum->staff_before += f->staff_before;
	sum->staff_after += f->staff_after;
	sum->staff_reduction += f->staff_reduction;
	sum->staff_concurrent += f->staff_concurrent;
	sum->over_quota_units += f->over_quota_units;
	sum->fund += f->fund;
	sum->allowance_after += f->allowance_after;
	sum->hamlets += f->hamlets;
	sum->meets += f->meets;
	sum->below += f->below;
	sum->must_merge += f->must_merge;
	sum->exempt += f->exempt;
	sum->after_approved += f->after_approved;
	sum->after_proposed += f->after_proposed;
	sum->proposed += f->proposed;
	sum->approved += f->approved;
	for (size_t i = 0; i < sizeof f->by_stage / sizeof f->by_stage[0]; i++)
		sum->by_stage[i] += f->by_stage[i];
	sum->complete += f->complete;
	sum->incomplete += f->incomplete;
	sum->conflict += f->conflict;
	sum->communes += f->communes;
	sum->reporting += f->reporting;
	sum->all_complete += f->all_complete;
}
