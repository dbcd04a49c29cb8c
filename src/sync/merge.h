/* merge.h — the three-way merge of one record, field by field.
 *
 * Pure: no files, no git, no terminal. `sapxep merge-driver` runs it for
 * every record git finds changed on both sides; the unit tests run it
 * directly.
 *
 * A field changed on one side only takes that side's value; changed the
 * same way on both, that value; changed differently, the record gets a
 * conflict holding every version with who saved it and when, its status
 * becomes `conflict`, and the value of the later save stands in `fields`
 * until a person chooses. Existing conflicts merge the same way, by field:
 * a conflict resolved on one side and untouched on the other stays
 * resolved; resolved differently on both sides, the two choices become a
 * new conflict (choosing counts as a change even when the value chosen
 * is the one that stood); changed otherwise on both, the versions of both
 * are kept. A changed value that the merged record would leave out (its
 * field is no longer relevant) is kept as a conflict too. No value is
 * ever dropped.
 *
 * The result does not depend on which side is "ours": two machines
 * merging the same pair write the same bytes.
 */
#ifndef SAPXEP_MERGE_H
#define SAPXEP_MERGE_H

#include "core/err.h"
#include "model/form.h"
#include "model/record.h"

/* Merge a and b, two versions of one record, from their common version
 * `base` (NULL when both added it). *out is a new, owned record whose
 * revision is one more than the higher of a and b. Fails (E_INVALID) when
 * a and b are not the same record. */
int merge_records(const struct form *f, const struct record *base,
    const struct record *a, const struct record *b, struct record **out,
    struct err *e);

/* Flag r, kept because it was edited on one machine while deleted on
 * another (by `deleted_by` at `deleted_at`): a record-level conflict,
 * status conflict, revision one more. */
void merge_flag_deleted(struct record *r, const char *deleted_by,
    const char *deleted_at);

#endif
