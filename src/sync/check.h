/* check.h — what the province accepts in a push.
 *
 * The same checks run in two places: on the province server, in
 * `sapxep hook pre-receive`, where they decide; and in `sapxep sync`
 * before it sends, so that an officer reads the same message without
 * waiting for the network. A push is refused when a file it brings
 * does not parse, is not in canonical form, is a record whose id does not
 * match its file name or whose form does not match its folder, is not
 * part of a workspace, or when sapxep.yaml names another commune than
 * the repository's. Rule breaches (a quota exceeded, a missing figure)
 * are accepted: the province must see them.
 *
 * Only what changed between the old tip and the new one is read, so the
 * time taken grows with the size of the push, not of the commune.
 */
#ifndef SAPXEP_CHECK_H
#define SAPXEP_CHECK_H

#include <stddef.h>

#include "core/err.h"
#include "core/xmem.h"
#include "model/form.h"

struct push_check {
	/* set by the caller */
	const char *dir;		/* repository to read; NULL: $GIT_DIR / here */
	const char *const *env;		/* extra environment for git (hook) */
	const struct formset *fs;
	const char *province, *commune;	/* codes the workspace must have */
	/* results */
	struct strv problems;		/* "path:line:col: message", at most MAX */
	size_t nproblems;		/* all of them, shown or not */
};

#define PUSH_CHECK_MAX 50

/* Check what `new_oid` brings over `old_oid` (NULL or all zeros: a first
 * push, the whole tree). Problems are appended to pc; returns 0 when git
 * could be read (whatever was found), -1 otherwise. */
int check_push(struct push_check *pc, const char *old_oid, const char *new_oid,
    struct err *e);

void push_check_free(struct push_check *pc);

/* True for an object name of all zeros (a ref created or deleted). */
bool check_is_zero_oid(const char *s);

#endif
