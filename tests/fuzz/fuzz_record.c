/* fuzz_record.c — the record loader (record_parse), as a file from
 * another machine would reach it; what it accepts must serialise, load
 * again and give the same bytes, and display and validate without harm. */
#include "fuzz.h"
#include "core/text.h"
#include "core/uuid.h"
#include "model/record.h"
#include "model/validate.h"
#include "store/record_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The record loader insists that the file be named after the id: name
 * the input after the first id it holds, so that the fuzzer gets past
 * that check. */
static void file_name(const char *s, char *out, size_t cap)
{
	const char *id = strstr(s, "id: ");
	snprintf(out, cap, "fuzz.yaml");
	if (id && strlen(id + 4) >= UUID_LEN) {
		char u[UUID_LEN + 1];
		memcpy(u, id + 4, UUID_LEN);
		u[UUID_LEN] = '\0';
		if (uuid_valid(u))
			snprintf(out, cap, "%s.yaml", u);
	}
}

static void show(const struct form *f, const struct record *r)
{
	char *name = record_display_name(r, f);
	char *safe = text_visible(name, false);
	free(safe);
	free(name);
	for (size_t i = 0; i < r->n; i++) {
		const struct field *fd = form_field(f, r->vals[i].name);
		if (!fd)
			continue;
		char *d = r->vals[i].is_list ?
		    value_display_list(fd, &r->vals[i].items, LANG_VI, &fuzz_no_refs) :
		    value_display(fd, r->vals[i].s, LANG_VI, &fuzz_no_refs);
		free(d);
	}
	struct vctx ctx = { .today = { 2025, 7, 1 }, .refs = &fuzz_no_refs };
	struct problems ps = { 0 };
	validate_record(f, r, &ctx, &ps);
	problems_free(&ps);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct formset *fs = fuzz_forms();
	char *text = fuzz_text(data, size);
	char path[64];
	file_name(text, path, sizeof path);
	free(text);
	for (unsigned flags = 0; flags <= RIO_DRAFT; flags += RIO_DRAFT) {
		struct record *r;
		struct err e;
		if (record_parse((const char *)data, size, path, fs, NULL, flags, &r, &e) != 0)
			continue;
		const struct form *f = formset_get(fs, r->form);
		if (!f)
			fuzz_fail("a record of unknown form %s was accepted", r->form);
		show(f, r);
		char *out;
		size_t len;
		if (record_serialize(f, r, flags, &out, &len, &e) == 0) {
			struct record *back;
			if (record_parse(out, len, path, fs, f->name, flags, &back, &e) != 0)
				fuzz_fail("what was written does not load again: %s\n%s", e.msg, out);
			char *again;
			size_t len2;
			if (record_serialize(f, back, flags, &again, &len2, &e) != 0)
				fuzz_fail("a record read back does not serialise: %s", e.msg);
			if (len2 != len || memcmp(out, again, len) != 0)
				fuzz_fail("same record, other bytes:\n%s\n---\n%s", out, again);
			if (!flags && !record_is_canonical(out, len, path, fs, &e))
				fuzz_fail("serialised bytes are not canonical:\n%s", out);
			free(again);
			record_free(back);
			free(out);
		}
		record_free(r);
	}
	return 0;
}
