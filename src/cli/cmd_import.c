/* cmd_import.c — sapxep import FORM FILE.csv: records from a spreadsheet.
 * Every row is checked first; if any row fails, nothing is written. */
#include "cli/cli.h"
#include "core/csv.h"
#include "core/text.h"
#include "store/fsutil.h"
#include "store/record_io.h"

#include <stdlib.h>
#include <string.h>

#define CSV_MAX (64 * 1024 * 1024)

/* Columns a list exported by `sapxep list --format csv` carries that are
 * not fields: ignored on import. */
static bool meta_column(const char *name)
{
	return strcmp(name, "id") == 0 || strcmp(name, "status") == 0;
}

/* Build one record from a row; conversion failures are printed and
 * counted. Returns the record (owned) even when some cells failed. */
static struct record *row_record(struct cli *c, struct db *db, const struct form *f,
    const char *file, const struct csv_row *row, size_t rowno,
    const struct field **cols, size_t ncols, size_t *failed)
{
	struct record *r = db_new_record(db, f);
	if (!r)
		return NULL;
	for (size_t i = 0; i < ncols && i < row->fields.n; i++) {
		const struct field *fd = cols[i];
		if (!fd)
			continue;
		const char *in = row->fields.v[i];
		if (csv_unneutralise(in))
			in++;
		struct err e;
		int rc;
		if (field_is_list(fd)) {
			struct strv items = STRV_INIT;
			rc = value_list_from_input(fd, in, &db->refs, &items, &e);
			if (rc == 0)
				record_set_list(r, fd->name, &items);
			strv_free(&items);
		} else {
			char *v = NULL;
			rc = value_from_input(fd, in, &db->refs, &v, &e);
			if (rc == 0 && v)
				record_set_str(r, fd->name, v);
			else if (rc == 0)
				record_unset(r, fd->name);
			free(v);
		}
		if (rc != 0) {
			char *m = text_visible(e.msg, false);
			fprintf(stderr, _("%s:%d: row %zu, column %s: %s\n"), file, row->line,
			    rowno, fd->name, m);
			free(m);
			(*failed)++;
		}
	}
	if (row->fields.n != ncols) {
		fprintf(stderr, _("%s:%d: row %zu has %zu cells, the header has %zu\n"), file,
		    row->line, rowno, row->fields.n, ncols);
		(*failed)++;
	}
	(void)c;
	return r;
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "strict", no_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	bool strict = false, dry = false;
	int opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT, opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(_("Usage: sapxep import FORM FILE.csv [--data DIR] [--strict] [--dry-run]\n"
			    "Add one record per row of a CSV file (UTF-8, RFC 4180) whose header row\n"
			    "names the form's fields. Values are read as typed in the forms: dates\n"
			    "dd/mm/yyyy, choices by code or label, lists comma-separated. Every row is\n"
			    "checked first; if any value cannot be read, nothing is written. Rows with\n"
			    "missing values are imported as incomplete, unless --strict.\n"), stdout);
			return EXIT_OK;
		}
		if (opt == 's') {
			strict = true;
			continue;
		}
		if (opt == 'n') {
			dry = true;
			continue;
		}
		int k = cli_common(c, opt, optarg);
		if (k != 0)
			return k < 0 ? EXIT_USAGE : cli_usage(c);
	}
	if (argc - optind != 2)
		return cli_fail(c, EXIT_USAGE, _("name the form and the file: sapxep import FORM FILE.csv"));
	const char *file = argv[optind + 1];
	char *buf;
	size_t len;
	struct err e;
	if (fs_read_file(file, CSV_MAX, &buf, &len, &e) != 0)
		return cli_error(c, &e);
	struct csv csv;
	int prc = csv_parse(buf, len, file, &csv, &e);
	free(buf);
	if (prc != 0)
		return cli_error(c, &e);
	struct workspace *ws;
	struct db *db;
	if (cli_open(c, &ws, &db, &e) != 0) {
		csv_free(&csv);
		return cli_error(c, &e);
	}
	int rc = EXIT_OK;
	struct db_table *t = db_table(db, argv[optind]);
	const struct field **cols = NULL;
	struct record **recs = NULL;
	size_t nrecs = 0, failed = 0, incomplete = 0;
	if (!t) {
		rc = cli_fail(c, EXIT_USAGE, _("no form named '%s'"), argv[optind]);
		goto out;
	}
	const struct form *f = t->form;
	if (csv.n == 0) {
		rc = cli_fail(c, EXIT_INVALID, _("%s: empty file (the first row must name the fields)"), file);
		goto out;
	}
	const struct strv *head = &csv.rows[0].fields;
	cols = xcalloc(head->n, sizeof *cols);
	for (size_t i = 0; i < head->n; i++) {
		char *name = text_trim(head->v[i]);
		cols[i] = form_field(f, name);
		for (size_t j = 0; j < i && cols[i]; j++)
			if (cols[j] == cols[i]) {
				fprintf(stderr, _("%s:1: column %s appears twice\n"), file, name);
				failed++;
			}
		if (!cols[i] && !meta_column(name)) {
			fprintf(stderr, _("%s:1: column '%s' is not a field of form %s\n"), file,
			    name, f->name);
			failed++;
		}
		free(name);
	}
	recs = xcalloc(csv.n, sizeof *recs);
	for (size_t k = 1; k < csv.n; k++) {
		struct record *r = row_record(c, db, f, file, &csv.rows[k], k, cols, head->n,
		    &failed);
		if (!r) {
			rc = cli_fail(c, EXIT_ENV, _("the system gave no random numbers for a new id"));
			goto out;
		}
		recs[nrecs++] = r;
		struct err fe;
		if (record_fits(f, r, &fe) != 0) {
			fprintf(stderr, _("%s:%d: row %zu: %s\n"), file, csv.rows[k].line, k, fe.msg);
			failed++;
		}
		struct problems ps = { 0 };
		db_check(db, f, r, &ps);
		if (problems_errors(&ps)) {
			incomplete++;
			for (size_t i = 0; i < ps.n; i++) {
				if (ps.v[i].sev != SEV_ERROR)
					continue;
				const struct field *fd = ps.v[i].field ? form_field(f, ps.v[i].field) : NULL;
				fprintf(stderr, "%s:%d: %s%s %zu, %s: %s\n", file, csv.rows[k].line,
				    strict ? "" : _("warning: "), _("row"), k,
				    fd ? fd->name : "-", i18n_get(&ps.v[i].msg, lang_current()));
			}
		}
		problems_free(&ps);
	}
	if (failed || (strict && incomplete)) {
		rc = cli_fail(c, EXIT_INVALID, _("nothing imported: %zu problem(s) in %s; fix them and run the import again"),
		    failed + (strict ? incomplete : 0), file);
		goto out;
	}
	if (dry) {
		fprintf(stderr, _("%zu row(s) can be imported (%zu incomplete); nothing written (--dry-run)\n"),
		    nrecs, incomplete);
		goto out;
	}
	for (size_t i = 0; i < nrecs; i++) {
		if (db_save(db, recs[i], 0, NULL, NULL, &e) != 0) {
			rc = cli_fail(c, err_exit_code(&e), _("stopped after %zu of %zu records: %s"),
			    i, nrecs, e.msg);
			goto out;
		}
	}
	cli_note(c, _("imported %zu record(s) into %s (%zu incomplete)\n"), nrecs, f->name,
	    incomplete);
out:
	for (size_t i = 0; i < nrecs; i++)
		record_free(recs[i]);
	free(recs);
	free(cols);
	csv_free(&csv);
	db_free(db);
	ws_close(ws);
	return rc;
}
