/* validate.h — check a record against its form.
 *
 * No terminal, no files: the same engine serves the TUI, the command line
 * and the server's hook. Every problem names its field and carries its
 * message in both languages (reports and the province see either).
 * Cross-record rules (quotas, standards, duplicates) plug in through
 * `vctx.cross`, supplied by the domain modules.
 */
#ifndef SAPXEP_VALIDATE_H
#define SAPXEP_VALIDATE_H

#include <stdbool.h>

#include "core/dates.h"
#include "core/i18n.h"
#include "model/form.h"
#include "model/messages.h"
#include "model/record.h"
#include "model/value.h"

enum severity {
	SEV_ERROR,	/* the record is incomplete until it is fixed */
	SEV_WARNING,	/* worth a look; the record may still be complete */
};

struct problem {
	char *field;	/* field name, or NULL for the whole record */
	enum severity sev;
	struct i18n msg;
};

struct problems {
	struct problem *v;
	size_t n, cap;
};

/* Add a problem whose message is row `m` of the message table
 * (model/messages.h), formatted in both languages with the arguments
 * that follow. */
void problems_msg(struct problems *ps, const char *field, enum severity sev,
    enum msg m, ...);
/* The same with both formats given (older callers; new code uses a row
 * of the message table). */
void problems_add(struct problems *ps, const char *field, enum severity sev,
    const char *fmt_vi, const char *fmt_en, ...);
/* Same, with both messages already made; takes ownership of vi and en. */
void problems_add_owned(struct problems *ps, const char *field,
    enum severity sev, char *vi, char *en);
void problems_free(struct problems *ps);
size_t problems_errors(const struct problems *ps);
/* First problem about `field`, or NULL. */
const struct problem *problems_for(const struct problems *ps, const char *field);

struct vctx;
typedef void (*cross_check_fn)(const struct vctx *ctx, const struct form *f,
    const struct record *r, struct problems *out);

struct vctx {
	struct date today;
	const struct refs *refs;	/* to check that refs exist; may be NULL */
	cross_check_fn cross;		/* cross-record rules; may be NULL */
	void *data;			/* for `cross` */
};

/* True when fd is shown for r: its `relevant` condition holds (and the
 * controlling field is itself relevant). */
bool field_relevant(const struct form *f, const struct field *fd,
    const struct record *r);

/* Check every field of r, then the cross-record rules; append problems. */
void validate_record(const struct form *f, const struct record *r,
    const struct vctx *ctx, struct problems *out);

/* Check one field only (the TUI's inline message when leaving a field). */
void validate_field(const struct form *f, const struct field *fd,
    const struct record *r, const struct vctx *ctx, struct problems *out);

/* complete when no SEV_ERROR problem, else incomplete. */
enum rstatus validate_status(const struct problems *ps);

#endif
