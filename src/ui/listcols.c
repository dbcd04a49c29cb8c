/* listcols.c — see listcols.h */
#include "ui/listcols.h"
#include "ui/listview.h"
#include "domain/hamlet.h"

#include <stdlib.h>
#include <string.h>

/* --- hamlets: the review's standard, ratio and status ------------------------ */

struct hamlet_cols {
	struct hamlet_review rv;
	struct table t;		/* hamlet_table: row i + 1 is rv.h[i] */
	bool ok;
};

/* Columns of hamlet_table (labels, not machine) that the list shows. */
enum { HT_STANDARD = 3, HT_RATIO = 4, HT_STATUS = 5 };

static void *hamlet_begin(struct db *db)
{
	struct hamlet_cols *hc = xcalloc(1, sizeof *hc);
	struct err e;
	hc->ok = hamlet_review(db, date_today(), &hc->rv, &e) == 0;
	if (hc->ok)
		hamlet_table(&hc->rv, db, lang_current(), false, &hc->t);
	return hc;
}

/* Must merge first, then below, exempt, meets, unknown. */
static double status_rank(enum hamlet_status s)
{
	switch (s) {
	case HS_MUST_MERGE:
		return 0;
	case HS_BELOW:
		return 1;
	case HS_EXEMPT:
		return 2;
	case HS_MEETS:
		return 3;
	case HS_UNKNOWN:
		break;
	}
	return 4;
}

static enum role status_role(enum hamlet_status s)
{
	switch (s) {
	case HS_MUST_MERGE:
		return R_ERROR;
	case HS_BELOW:
	case HS_UNKNOWN:
		return R_WARN;
	case HS_MEETS:
		return R_OK;
	case HS_EXEMPT:
		break;
	}
	return R_NORMAL;
}

static void hamlet_cells(void *ctx, struct db *db, const struct record *r,
    struct listcols_cell *out)
{
	struct hamlet_cols *hc = ctx;
	(void)db;
	size_t i = 0;
	while (hc->ok && i < hc->rv.nh && strcmp(hc->rv.h[i].r->id, r->id) != 0)
		i++;
	if (!hc->ok || i == hc->rv.nh)
		return;
	const struct hamlet_row *h = &hc->rv.h[i];
	const char *const *row = (const char *const *)hc->t.cells.v + (i + 1) * hc->t.ncols;
	out[0].text = xstrdup(row[HT_STANDARD]);
	out[0].num = h->standard ? h->standard->num : -1;
	out[1].text = xstrdup(row[HT_RATIO]);
	out[1].num = (double)h->ratio_pm;
	out[2].text = xstrdup(row[HT_STATUS]);
	out[2].num = status_rank(h->status);
	out[2].role = status_role(h->status);
}

static void hamlet_end(void *ctx)
{
	struct hamlet_cols *hc = ctx;
	if (hc->ok)
		table_free(&hc->t);
	hamlet_review_free(&hc->rv);
	free(hc);
}

static const struct listcols all[] = {
	{ "hamlets", 3, {
		{ N_("Standard"), LV_NUMBER },
		{ N_("Ratio"), LV_NUMBER },
		{ N_("Assessment"), LV_BYNUM },
	}, hamlet_begin, hamlet_cells, hamlet_end },
};

const struct listcols *listcols_for(const char *form)
{
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		if (strcmp(all[i].form, form) == 0)
			return &all[i];
	return NULL;
}
