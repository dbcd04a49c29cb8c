/* cmd_import.c — sapxep import FORM FILE.csv: records from a spreadsheet.
 *
 * The header row names the columns by field code or by the form's label
 * in Vietnamese or English, compared folded (case, diacritics, spaces).
 * A row whose id names a record updates it through the usual save
 * (revision check, validation, history); a row without one creates a
 * record, unless it looks like one already there (the form's identity
 * fields, e.g. a hamlet's name), which refuses the import unless
 * --allow-duplicates. Every row is checked first; if any row fails,
 * nothing is written. */
#include "cli/cli.h"
#include "core/csv.h"
#include "core/text.h"
#include "store/fsutil.h"
#include "store/record_io.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define CSV_MAX (64 * 1024 * 1024)

enum act { ACT_CREATE, ACT_UPDATE, ACT_SAME };

struct plan {
	struct record *r;	/* owned */
	const struct db_rec *old;	/* the record updated, or NULL (valid
				 * until the first save) */
	long expected;		/* its revision */
	enum act act;
	bool refused;		/* a cell, the id or a likely duplicate */
	int line;
	size_t rowno;
};

struct import {
	struct cli *c;
	struct db *db;
	const struct form *f;
	const char *file;
	const struct field **cols;	/* per column: the field, or NULL */
	size_t ncols;
	long id_col;		/* the id column, or -1 */
	size_t failed;
};

/* The field a header cell names: its code, or its label in either
 * language, folded; NULL for none. */
static const struct field *column_field(const struct form *f, const char *head)
{
	const struct field *fd = form_field(f, head);
	if (fd)
		return fd;
	char *key = text_fold(head);
	for (size_t i = 0; i < f->nfields && !fd; i++) {
		const struct field *x = &f->fields[i];
		const char *names[] = { x->name, x->label.vi, x->label.en };
		for (size_t k = 0; k < 3 && !fd; k++) {
			if (!names[k])
				continue;
			char *n = text_fold(names[k]);
			if (*key && strcmp(n, key) == 0)
				fd = x;
			free(n);
		}
	}
	free(key);
	return fd;
}


/* "1.500" in a decimal field: fifteen hundred with a thousands point, or
 * one and a half with a decimal point? */
static bool thousands_ambiguous(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	size_t n = 0;
	while (isdigit((unsigned char)s[n]))
		n++;
	if (n < 1 || n > 3 || s[n] != '.')
		return false;
	s += n;
	while (*s == '.') {
		s++;
		for (int k = 0; k < 3; k++, s++)
			if (!isdigit((unsigned char)*s))
				return false;
	}
	return *s == '\0';
}

static void cell_fail(struct import *im, const struct csv_row *row, size_t rowno,
    const struct field *fd, const char *msg)
{
	char *m = text_visible(msg, false);
	cli_printf(stderr, _("%s:%d: row %zu, column %s: %s\n"), im->file, row->line, rowno,
	    fd->name, m);
	free(m);
	im->failed++;
}

/* Put the row's cells into r. A cell that holds exactly what r has
 * stays as it is (a round trip changes nothing it did not edit). */
static void fill(struct import *im, struct record *r, const struct csv_row *row,
    size_t rowno)
{
	for (size_t i = 0; i < im->ncols && i < row->fields.n; i++) {
		const struct field *fd = im->cols[i];
		if (!fd)
			continue;
		const char *in = row->fields.v[i];
		if (csv_unneutralise(in))
			in++;
		char *now = cli_value_csv(record_get(r, fd->name));
		bool same = strcmp(now, in) == 0;
		free(now);
		if (same)
			continue;
		struct err e;
		int rc;
		if (fd->type == FT_DECIMAL && thousands_ambiguous(in)) {
			char *whole = xstrdup(in), *w = whole;
			for (const char *q = in; *q; q++)
				if (*q != '.')
					*w++ = *q;
			*w = '\0';
			char *msg = xasprintf(_("'%s' could be read two ways: write %s for a "
			    "whole number, or use a decimal comma (1,5)"), in, whole);
			free(whole);
			cell_fail(im, row, rowno, fd, msg);
			free(msg);
			continue;
		}
		if (field_is_list(fd)) {
			struct strv items = STRV_INIT;
			rc = value_list_from_input(fd, in, &im->db->refs, &items, &e);
			if (rc == 0)
				record_set_list(r, fd->name, &items);
			strv_free(&items);
		} else {
			char *v = NULL;
			rc = value_from_input(fd, in, &im->db->refs, &v, &e);
			if (rc == 0 && v)
				record_set_str(r, fd->name, v);
			else if (rc == 0)
				record_unset(r, fd->name);
			free(v);
		}
		if (rc != 0)
			cell_fail(im, row, rowno, fd, e.msg);
	}
	if (row->fields.n != im->ncols) {
		cli_printf(stderr, _("%s:%d: row %zu has %zu cells, the header has %zu\n"), im->file,
		    row->line, rowno, row->fields.n, im->ncols);
		im->failed++;
	}
}

/* Do a and b hold the same values in every identity field (folded), all
 * of them filled? */
static bool same_identity(const struct form *f, const struct record *a,
    const struct record *b)
{
	if (f->identity.n == 0)
		return false;
	for (size_t i = 0; i < f->identity.n; i++) {
		char *x = cli_value_csv(record_get(a, f->identity.v[i]));
		char *y = cli_value_csv(record_get(b, f->identity.v[i]));
		char *fx = text_fold(x), *fy = text_fold(y);
		bool same = *fx && strcmp(fx, fy) == 0;
		free(fx);
		free(fy);
		free(x);
		free(y);
		if (!same)
			return false;
	}
	return true;
}

/* The fields whose values differ between a and b, "a, b". Owned. */
static char *changed_fields(const struct form *f, const struct record *a,
    const struct record *b)
{
	struct sbuf s = SBUF_INIT;
	for (size_t i = 0; i < f->nfields; i++) {
		const char *n = f->fields[i].name;
		const struct fval *x = record_get(a, n), *y = record_get(b, n);
		if ((x || y) && !(x && y && record_value_same(x, y)))
			sbuf_printf(&s, "%s%s", s.len ? ", " : "", n);
	}
	return sbuf_detach(&s);
}

/* Turn row k into a plan; returns -1 when no id could be made. */
static int plan_row(struct import *im, const struct csv *csv, size_t k,
    struct plan *plans, size_t nplans, bool allow_dup, struct plan *p)
{
	const struct csv_row *row = &csv->rows[k];
	const char *id = im->id_col >= 0 && (size_t)im->id_col < row->fields.n ?
	    row->fields.v[im->id_col] : "";
	*p = (struct plan){ .line = row->line, .rowno = k, .act = ACT_CREATE };
	if (*id) {
		struct db_rec *old = db_get(im->db, im->f->name, id);
		if (!old) {
			char *m = text_visible(id, false);
			cli_printf(stderr, _("%s:%d: row %zu: no record of %s has the id '%s' (leave the id empty to add a record)\n"),
			    im->file, row->line, k, im->f->name, m);
			free(m);
			im->failed++;
			return 0;
		}
		for (size_t i = 0; i < nplans; i++)
			if (plans[i].old == old) {
				cli_printf(stderr, _("%s:%d: row %zu: the id is also on line %d\n"), im->file,
				    row->line, k, plans[i].line);
				im->failed++;
				return 0;
			}
		p->old = old;
		p->expected = old->r->revision;
		p->r = record_clone(old->r);
		fill(im, p->r, row, k);
		p->act = record_same_values(p->r, old->r) ? ACT_SAME : ACT_UPDATE;
		return 0;
	}
	p->r = db_new_record(im->db, im->f);
	if (!p->r)
		return -1;
	fill(im, p->r, row, k);
	if (allow_dup)
		return 0;
	struct db_table *t = db_table(im->db, im->f->name);
	for (size_t i = 0; i < t->n; i++)
		if (same_identity(im->f, p->r, t->v[i].r)) {
			char *name = text_visible(t->v[i].name, false);
			cli_printf(stderr, _("%s:%d: row %zu is likely a duplicate of %s (id %.8s), already there; give its id to update it, or --allow-duplicates to add it anyway\n"),
			    im->file, row->line, k, name, t->v[i].r->id);
			free(name);
			im->failed++;
			return 0;
		}
	for (size_t i = 0; i < nplans; i++)
		if (plans[i].act == ACT_CREATE && plans[i].r &&
		    same_identity(im->f, p->r, plans[i].r)) {
			cli_printf(stderr, _("%s:%d: row %zu is likely a duplicate of row %zu; --allow-duplicates to add both\n"),
			    im->file, row->line, k, plans[i].rowno);
			im->failed++;
			return 0;
		}
	return 0;
}

/* Map the header row to fields; problems are counted in im->failed. */
static void read_header(struct import *im, const struct strv *head, char sep)
{
	im->ncols = head->n;
	im->cols = xcalloc(head->n, sizeof *im->cols);
	im->id_col = -1;
	for (size_t i = 0; i < head->n; i++) {
		char *name = text_trim(head->v[i]);
		im->cols[i] = column_field(im->f, name);
		for (size_t j = 0; j < i && im->cols[i]; j++)
			if (im->cols[j] == im->cols[i]) {
				cli_printf(stderr, _("%s:1: column %s appears twice\n"), im->file, name);
				im->failed++;
			}
		if (strcmp(name, "id") == 0)
			im->id_col = (long)i;
		else if (!im->cols[i] && strcmp(name, "status") != 0) {
			cli_printf(stderr, _("%s:1: column '%s' is not a field of form %s\n"), im->file,
			    name, im->f->name);
			if (strchr(name, sep == ',' ? ';' : ',') || strchr(name, '\t'))
				cli_printf(stderr, _("%s:1: the columns were read as separated by '%c' (what the header row holds most of); save the sheet as CSV with , or ; between the columns\n"),
				    im->file, sep);
			im->failed++;
		}
		free(name);
	}
}

int cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "strict", no_argument, NULL, 's' },
		{ "check", no_argument, NULL, 'n' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "allow-duplicates", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	bool strict = false, dry = false, allow_dup = false;
	int opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT, opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(_("Usage: sapxep import FORM FILE.csv [--data DIR] [--strict] [--check]\n"
			    "                     [--allow-duplicates]\n"
			    "Add or update records from a CSV file (UTF-8, with or without a byte\n"
			    "order mark; separated by , or ; as the header row shows) whose header\n"
			    "row names the form's fields, by code or by label. Values are read as\n"
			    "typed in the forms: dates dd/mm/yyyy, choices by code or label, lists\n"
			    "comma-separated. A row with the id of a record updates it (the CSV\n"
			    "sapxep list writes comes back unchanged but for what was\n"
			    "edited); a row without one adds a record, unless it looks like one\n"
			    "already there (--allow-duplicates: add it anyway). Every row is\n"
			    "checked first; if any cannot be read, nothing is written. Rows with\n"
			    "missing values are imported as incomplete, unless --strict. --check\n"
			    "(or --dry-run) shows what would be added, updated and refused, and\n"
			    "writes nothing.\n"), stdout);
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
		if (opt == 'D') {
			allow_dup = true;
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
	struct import im = { .c = c, .db = db, .file = file, .id_col = -1 };
	struct plan *plans = NULL;
	size_t nplans = 0, incomplete = 0, refused = 0, n[3] = { 0 };
	if (!t) {
		rc = cli_fail(c, EXIT_USAGE, _("no form named '%s'"), argv[optind]);
		goto out;
	}
	const struct form *f = im.f = t->form;
	if (csv.n == 0) {
		rc = cli_fail(c, EXIT_INVALID, _("%s: empty file (the first row must name the fields)"), file);
		goto out;
	}
	read_header(&im, &csv.rows[0].fields, csv.sep);
	plans = xcalloc(csv.n, sizeof *plans);
	for (size_t k = 1; k < csv.n; k++) {
		struct plan *p = &plans[nplans];
		size_t before = im.failed;
		if (plan_row(&im, &csv, k, plans, nplans, allow_dup, p) != 0) {
			rc = cli_fail(c, EXIT_ENV, _("the system gave no random numbers for a new id"));
			goto out;
		}
		if (!p->r) {
			refused++;
			continue;
		}
		nplans++;
		struct err fe;
		if (record_fits(f, p->r, &fe) != 0) {
			cli_printf(stderr, _("%s:%d: row %zu: %s\n"), file, p->line, k, fe.msg);
			im.failed++;
		}
		p->refused = im.failed > before;
		if (p->refused)
			refused++;
		else
			n[p->act]++;
		struct problems ps = { 0 };
		db_check(db, f, p->r, &ps);
		if (problems_errors(&ps) && p->act != ACT_SAME) {
			incomplete++;
			for (size_t i = 0; i < ps.n; i++) {
				if (ps.v[i].sev != SEV_ERROR)
					continue;
				const struct field *fd = ps.v[i].field ? form_field(f, ps.v[i].field) : NULL;
				cli_printf(stderr, "%s:%d: %s%s %zu, %s: %s\n", file, p->line,
				    strict ? "" : _("warning: "), _("row"), k,
				    fd ? fd->name : "-", i18n_get(&ps.v[i].msg, lang_current()));
			}
		}
		problems_free(&ps);
	}
	if (dry) {
		for (size_t i = 0; i < nplans; i++) {
			struct plan *p = &plans[i];
			char *name = record_display_name(p->r, f);
			char *shown = text_visible(name, false);
			if (p->refused) {
				cli_printf(stdout, _("%s:%d: refused %s (see above)\n"), file, p->line, shown);
			} else if (p->act == ACT_CREATE) {
				cli_printf(stdout, _("%s:%d: add %s\n"), file, p->line, shown);
			} else if (p->act == ACT_UPDATE) {
				char *what = changed_fields(f, p->old->r, p->r);
				cli_printf(stdout, _("%s:%d: update %s (%.8s): %s\n"), file, p->line, shown,
				    p->r->id, what);
				free(what);
			} else {
				cli_printf(stdout, _("%s:%d: unchanged %s (%.8s)\n"), file, p->line, shown, p->r->id);
			}
			free(shown);
			free(name);
		}
		cli_printf(stdout, _("%zu to add, %zu to update, %zu unchanged, %zu refused (%zu incomplete); nothing written (--check)\n"),
		    n[ACT_CREATE], n[ACT_UPDATE], n[ACT_SAME], refused, incomplete);
		if (im.failed || (strict && incomplete))
			rc = EXIT_INVALID;
		goto out;
	}
	if (im.failed || (strict && incomplete)) {
		rc = cli_fail(c, EXIT_INVALID, _("nothing imported: %zu problem(s) in %s; fix them and run the import again"),
		    im.failed + (strict ? incomplete : 0), file);
		goto out;
	}
	size_t done = 0;
	for (size_t i = 0; i < nplans; i++) {
		struct plan *p = &plans[i];
		if (p->act == ACT_SAME)
			continue;
		struct ws_conflict who;
		if (db_save(db, p->r, p->expected, NULL, &who, &e) != 0) {
			rc = cli_fail(c, err_exit_code(&e), _("stopped after %zu of %zu records: %s"),
			    done, n[ACT_CREATE] + n[ACT_UPDATE], e.msg);
			goto out;
		}
		done++;
	}
	cli_note(c, _("imported into %s: %zu added, %zu updated, %zu unchanged (%zu incomplete)\n"),
	    f->name, n[ACT_CREATE], n[ACT_UPDATE], n[ACT_SAME], incomplete);
out:
	for (size_t i = 0; i < nplans; i++)
		record_free(plans[i].r);
	free(plans);
	free(im.cols);
	csv_free(&csv);
	db_free(db);
	ws_close(ws);
	return rc;
}
