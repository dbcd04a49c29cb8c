/* fuzz_merge.c — the merge driver (merge_records) on two versions of a
 * record and their base, as git would hand them over after two machines
 * changed it. The input holds the three files separated by a line
 * "---8<---": base (may be empty: both added it), ours, theirs. Whatever
 * the merge accepts must serialise, load again to the same bytes, give the
 * same bytes whichever side is "ours", and keep every value either side
 * changed: in `fields`, or among the versions of a conflict. */
#include "fuzz.h"
#include "core/uuid.h"
#include "model/record.h"
#include "store/record_io.h"
#include "sync/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CUT "---8<---\n"

/* The record in s, named after its id (the loader insists). NULL when it
 * does not load. */
static struct record *load(const char *s, const struct formset *fs)
{
	const char *id = strstr(s, "id: ");
	char path[64] = "fuzz.yaml";
	if (id && strlen(id + 4) >= UUID_LEN) {
		char u[UUID_LEN + 1];
		memcpy(u, id + 4, UUID_LEN);
		u[UUID_LEN] = '\0';
		if (uuid_valid(u))
			snprintf(path, sizeof path, "%s.yaml", u);
	}
	struct record *r = NULL;
	if (record_parse(s, strlen(s), path, fs, NULL, 0, &r, NULL) != 0)
		return NULL;
	return r;
}

static bool version_is(const struct cversion *v, const struct fval *f)
{
	if (!v->has_value || v->is_list != f->is_list)
		return false;
	if (!f->is_list)
		return strcmp(v->s, f->s) == 0;
	if (v->items.n != f->items.n)
		return false;
	for (size_t i = 0; i < f->items.n; i++)
		if (strcmp(v->items.v[i], f->items.v[i]) != 0)
			return false;
	return true;
}

/* Every value `side` changed from the base stands in `out`, or in a
 * conflict's versions. (A value it left as it was may be changed by the
 * other side.) */
static void kept(const struct record *base, const struct record *side,
    const struct record *out, const char *which)
{
	for (size_t i = 0; i < side->n; i++) {
		const struct fval *v = &side->vals[i];
		if (base && record_value_same(record_get(base, v->name), v))
			continue;
		if (record_value_same(record_get(out, v->name), v))
			continue;
		const struct conflict *c = record_conflict(out, v->name);
		bool found = false;
		for (size_t k = 0; c && k < c->n && !found; k++)
			found = version_is(&c->v[k], v);
		if (!found)
			fuzz_fail("the merge dropped %s's value of %s", which, v->name);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct formset *fs = fuzz_forms();
	char *text = fuzz_text(data, size);
	char *part[3] = { text, NULL, NULL };
	for (int i = 1; i < 3 && part[i - 1]; i++) {
		char *cut = strstr(part[i - 1], CUT);
		if (!cut)
			break;
		*cut = '\0';
		part[i] = cut + strlen(CUT);
	}
	if (!part[2]) {
		free(text);
		return 0;
	}
	struct record *base = *part[0] ? load(part[0], fs) : NULL;
	struct record *a = load(part[1], fs), *b = load(part[2], fs);
	const struct form *f = a ? formset_get(fs, a->form) : NULL;
	struct record *out = NULL;
	if (f && b && (!*part[0] || base) &&
	    merge_records(f, base, a, b, &out, NULL) == 0) {
		kept(base, a, out, "ours");
		kept(base, b, out, "theirs");
		/* and the other way round gives the same bytes */
		struct record *out2 = NULL;
		char *buf, *buf2, *buf3;
		size_t len, len2, len3;
		if (merge_records(f, base, b, a, &out2, NULL) != 0)
			fuzz_fail("the merge accepts a with b but not b with a");
		if (record_serialize(f, out, 0, &buf, &len, NULL) != 0)
			fuzz_fail("a merged record does not serialise");
		if (record_serialize(f, out2, 0, &buf2, &len2, NULL) != 0 ||
		    len != len2 || memcmp(buf, buf2, len) != 0)
			fuzz_fail("merging the other way round gives other bytes");
		char path[64];
		snprintf(path, sizeof path, "%s.yaml", out->id);
		struct record *back;
		if (record_parse(buf, len, path, fs, NULL, 0, &back, NULL) != 0)
			fuzz_fail("a merged record does not load again");
		if (record_serialize(f, back, 0, &buf3, &len3, NULL) != 0 || len3 != len ||
		    memcmp(buf, buf3, len) != 0)
			fuzz_fail("a merged record loads back to other bytes");
		free(buf);
		free(buf2);
		free(buf3);
		record_free(back);
		record_free(out2);
	}
	record_free(out);
	record_free(a);
	record_free(b);
	record_free(base);
	free(text);
	return 0;
}
