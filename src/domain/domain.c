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

/* Each module with alerts adds one entry here. */
static const struct {
	void (*alerts)(struct db *db, enum lang l, struct strv *out);
	enum alert_source source;
} alerters[] = {
	{ staff_alerts, ALERT_STAFF },
	{ hamlet_alerts, ALERT_HAMLETS },
};

void domain_alerts(struct db *db, enum lang l, struct strv *out,
    enum alert_source **from)
{
	for (size_t k = 0; k < sizeof alerters / sizeof *alerters; k++) {
		size_t before = out->n;
		alerters[k].alerts(db, l, out);
		if (!from)
			continue;
		*from = xreallocarray(*from, out->n ? out->n : 1, sizeof **from);
		for (size_t i = before; i < out->n; i++)
			(*from)[i] = alerters[k].source;
	}
}

/* Each module with report figures adds one call here. */
void domain_report(struct db *db, struct date on, struct figures *f,
    struct strv *packs)
{
	staff_figures(db, on, f, packs);
	hamlet_figures(db, on, f, packs);
}
