/* fuzz_csv.c — CSV parsing and import: csv_parse, then each row converted
 * as `sapxep import` converts it (header names the fields of the staff
 * or the hamlets form; typed input rules). What parses is written again
 * with csv_field and must parse back to the same cells. */
#include "fuzz.h"
#include "core/csv.h"
#include "core/text.h"
#include "core/xmem.h"

#include <stdlib.h>
#include <string.h>

static void round_trip(const struct csv *c)
{
	struct sbuf b = SBUF_INIT;
	/* a byte order mark first, as spreadsheets write: the reader skips
	 * one, and a first cell that starts with one keeps it */
	sbuf_adds(&b, "\xEF\xBB\xBF");
	for (size_t r = 0; r < c->n; r++) {
		for (size_t i = 0; i < c->rows[r].fields.n; i++)
			csv_field(&b, c->rows[r].fields.v[i], i == 0, false);
		csv_endrow(&b);
	}
	struct csv back;
	struct err e;
	if (csv_parse(sbuf_str(&b), b.len, "again.csv", &back, &e) != 0)
		fuzz_fail("written CSV does not parse again: %s", e.msg);
	/* an empty first cell alone on its row writes as an empty line */
	size_t k = 0;
	for (size_t r = 0; r < c->n; r++) {
		const struct strv *a = &c->rows[r].fields;
		if (a->n == 1 && !*a->v[0])
			continue;
		if (k >= back.n)
			fuzz_fail("row %zu lost in the round trip", r);
		const struct strv *z = &back.rows[k++].fields;
		if (a->n != z->n)
			fuzz_fail("row %zu: %zu cells, %zu after the round trip", r, a->n, z->n);
		for (size_t i = 0; i < a->n; i++)
			if (strcmp(a->v[i], z->v[i]) != 0)
				fuzz_fail("row %zu cell %zu changed in the round trip", r, i);
	}
	csv_free(&back);
	sbuf_free(&b);
}

static void import_rows(const struct csv *c, const struct form *f)
{
	if (c->n == 0)
		return;
	const struct strv *head = &c->rows[0].fields;
	const struct field **cols = xcalloc(head->n ? head->n : 1, sizeof *cols);
	for (size_t i = 0; i < head->n; i++) {
		char *name = text_trim(head->v[i]);
		cols[i] = name ? form_field(f, name) : NULL;
		free(name);
	}
	for (size_t r = 1; r < c->n; r++) {
		const struct strv *row = &c->rows[r].fields;
		for (size_t i = 0; i < head->n && i < row->n; i++) {
			const struct field *fd = cols[i];
			if (!fd)
				continue;
			const char *in = row->v[i];
			if (csv_unneutralise(in))
				in++;
			struct err e;
			if (field_is_list(fd)) {
				struct strv items = STRV_INIT;
				(void)value_list_from_input(fd, in, &fuzz_no_refs, &items, &e);
				strv_free(&items);
			} else {
				char *v = NULL;
				if (value_from_input(fd, in, &fuzz_no_refs, &v, &e) == 0 && v) {
					char *canon = NULL;
					if (value_canon(fd, v, &canon, &e) != 0)
						fuzz_fail("field %s: input gave '%s', which is not canonical: %s",
						    fd->name, v, e.msg);
					char *shown = value_display(fd, v, LANG_VI, &fuzz_no_refs);
					free(shown);
					free(canon);
				}
				free(v);
			}
		}
	}
	free(cols);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;
	struct err e;
	if (csv_parse((const char *)data, size, "fuzz.csv", &c, &e) != 0)
		return 0;
	round_trip(&c);
	const struct formset *fs = fuzz_forms();
	for (size_t i = 0; i < fs->n; i++)
		import_rows(&c, fs->forms[i]);
	csv_free(&c);
	return 0;
}
