/* domain.c — see domain.h. Each form with cross-record rules has one
 * entry in `checks`; the modules are added by the capabilities that need
 * them (staff quotas, hamlet standards, merger proposals). */
#include "domain/domain.h"
#include "domain/hamlet.h"

#include <string.h>

struct check {
	const char *form;
	cross_check_fn fn;
};

static const struct check checks[] = {
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
	hamlet_alerts(db, l, out);
}
