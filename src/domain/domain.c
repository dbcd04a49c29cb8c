/* domain.c — see domain.h. Each form with cross-record rules has one
 * entry in `checks`; the modules are added by the capabilities that need
 * them (staff quotas, hamlet standards, merger proposals). */
#include "domain/domain.h"
#include "domain/hamlet.h"
#include "domain/staff.h"

#include <string.h>

struct check {
	const char *form;
	cross_check_fn fn;
};

static const struct check checks[] = {
	{ "staff", staff_check },
	{ "hamlets", hamlet_check },
	{ "mergers", merger_check },
	{ NULL, NULL },
};

static void dispatch(const struct vctx *ctx, const struct form *f,
    const struct record *r, struct problems *out)
{
	for (const struct check *c = checks; c->form; c++)
		if (strcmp(c->form, f->name) == 0)
			c->fn(ctx, f, r, out);
}

void domain_attach(struct db *db)
{
	db->cross = dispatch;
}

/* Each module with alerts adds one call here. */
void domain_alerts(struct db *db, enum lang l, struct strv *out)
{
	staff_alerts(db, l, out);
	hamlet_alerts(db, l, out);
}

/* Each module with report figures adds one call here. */
void domain_report(struct db *db, struct date on, struct figures *f,
    struct strv *packs)
{
	staff_figures(db, on, f, packs);
	hamlet_figures(db, on, f, packs);
}
