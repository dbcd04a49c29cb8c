/* domain.h — the rules that span records: quotas, standards, duplicates.
 *
 * Field-level checks live in model/validate.c and are driven by the form
 * files. Checks that need other records or a rule pack live here, one
 * module per form, and reach validation through db->cross.
 */
#ifndef SAPXEP_DOMAIN_H
#define SAPXEP_DOMAIN_H

#include "domain/figures.h"
#include "store/db.h"

/* Install the cross-record checks on a db. */
void domain_attach(struct db *db);

/* The alerts that matter on the dashboard (quotas exceeded, hamlets below
 * the standard...), one line each in language l, appended to out. */
void domain_alerts(struct db *db, enum lang l, struct strv *out);

/* The staff and hamlet figures of one commune for the province report,
 * and the rule packs they come from (appended to packs). */
void domain_report(struct db *db, struct date on, struct figures *f,
    struct strv *packs);

#endif
