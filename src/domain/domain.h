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

/* Where an alert comes from, so that a screen can open its details. */
enum alert_source {
	ALERT_STAFF,	/* the staff plan: quotas, funds, records to finish */
	ALERT_HAMLETS,	/* the hamlet review: standards, proposals, votes */
};

/* The alerts that matter on the dashboard (quotas exceeded, hamlets below
 * the standard...), one line each in language l, appended to out. When
 * `from` is not NULL, *from (owned by the caller, may start NULL) is
 * resized to out->n and (*from)[i] set to the source of each line i this
 * call adds. Each module is worked out once. */
void domain_alerts(struct db *db, enum lang l, struct strv *out,
    enum alert_source **from);

/* The staff and hamlet figures of one commune for the province report,
 * and the rule packs they come from (appended to packs). */
void domain_report(struct db *db, struct date on, struct figures *f,
    struct strv *packs);

#endif
