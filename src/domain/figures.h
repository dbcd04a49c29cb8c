/* figures.h — the figures a commune reports to the province (one
 * commune, or the sum of several). Filled by the domain modules and the
 * report; written out by the report's sinks. */
#ifndef SAPXEP_FIGURES_H
#define SAPXEP_FIGURES_H

struct figures {
	/* staff (non-specialist workers) */
	long staff_before, staff_after, staff_reduction, staff_concurrent;
	long over_quota_units;
	double fund, allowance_after;	/* monthly, × base salary */
	/* hamlets */
	long hamlets, meets, below, must_merge, exempt;
	long after_approved, after_proposed;
	/* merger proposals */
	long proposed, approved;
	long by_stage[8];		/* counts per stage (report_stages) */
	/* records */
	long complete, incomplete, conflict;
	/* communes (for sums) */
	long communes, reporting, all_complete;
};

/* sum += f */
void figures_add(struct figures *sum, const struct figures *f);

#endif
