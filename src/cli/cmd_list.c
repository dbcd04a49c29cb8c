/* cmd_list.c — sapxep list FORM: the records of a form as a table, CSV
 * or YAML. */
#include "cli/cli.h"
#include "cli/output.h"
#include "core/table.h"
#include "core/text.h"
#include "store/ywrite.h"

#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
	const struct db_rec *x = a, *y = b;
	int c = strcmp(x->fold, y->fold);
	return c ? c : strcmp(x->r->id, y->r->id);
}

/* A value as text: canonical (csv, yaml) or as shown (text). */
static char *cell(struct db *db, const struct field *fd, const struct record *r,
    bool shown)
{
	const struct fval *v = record_get(r, fd->name);
	if (!v)
		return xstrdup("");
	if (shown)
		return v->is_list ? value_display_list(fd, &v->items, lang_current(), &db->refs) :
		    value_display(fd, v->s, lang_current(), &db->refs);
	return cli_value_csv(v);
}

static void print_text(struct db *db, const struct form *f, struct db_table *t)
{
	const struct strv *cols = &f->list;
	struct table tab;
	table_init(&tab, cols->n + 2);
	table_add(&tab, "id");
	for (size_t i = 0; i < cols->n; i++)
		table_add(&tab, i18n_get(&form_field(f, cols->v[i])->label, lang_current()));
	table_add(&tab, _("status"));
	for (size_t i = 0; i < cols->n; i++)
		if (form_field(f, cols->v[i])->type == FT_INTEGER ||
		    form_field(f, cols->v[i])->type == FT_DECIMAL)
			table_align_right(&tab, i + 1);
	for (size_t k = 0; k < t->n; k++) {
		const struct record *r = t->v[k].r;
		table_addf(&tab, "%.8s", r->id);
		for (size_t i = 0; i < cols->n; i++)
			strv_take(&tab.cells, cell(db, form_field(f, cols->v[i]), r, true));
		table_add(&tab, rstatus_label(r->status));
	}
	table_print_text(&tab, stdout);
	table_free(&tab);
}

static void print_csv(struct db *db, const struct form *f, struct db_table *t)
{
	struct table tab;
	table_init(&tab, f->nfields + 2);
	table_add(&tab, "id");
	table_add(&tab, "status");
	for (size_t i = 0; i < f->nfields; i++)
		table_add(&tab, f->fields[i].name);
	for (size_t k = 0; k < t->n; k++) {
		const struct record *r = t->v[k].r;
		table_add(&tab, r->id);
		table_add(&tab, rstatus_name(r->status));
		for (size_t i = 0; i < f->nfields; i++)
			strv_take(&tab.cells, cell(db, &f->fields[i], r, false));
	}
	table_print_csv(&tab, stdout);
	table_free(&tab);
}

static int print_yaml(struct cli *c, const struct form *f, struct db_table *t)
{
	struct yw *w = yw_new();
	char num[32];
	yw_seq_begin(w);
	for (size_t k = 0; k < t->n; k++) {
		const struct record *r = t->v[k].r;
		yw_map_begin(w);
		yw_pair_plain(w, "id", r->id);
		snprintf(num, sizeof num, "%ld", r->revision);
		yw_pair_plain(w, "revision", num);
		yw_pair(w, "status", rstatus_name(r->status));
		yw_pair_plain(w, "updated_at", r->updated_at);
		yw_pair(w, "updated_by", r->updated_by);
		yw_text(w, "fields");
		yw_map_begin(w);
		for (size_t i = 0; i < f->nfields; i++) {
			const struct field *fd = &f->fields[i];
			const struct fval *v = record_get(r, fd->name);
			if (!v)
				continue;
			bool plain = fd->type == FT_INTEGER || fd->type == FT_DECIMAL ||
			    fd->type == FT_DATE || fd->type == FT_BOOLEAN;
			yw_text(w, fd->name);
			if (v->is_list) {
				yw_seq_begin(w);
				for (size_t j = 0; j < v->items.n; j++)
					yw_text(w, v->items.v[j]);
				yw_seq_end(w);
			} else if (plain) {
				yw_plain(w, v->s);
			} else {
				yw_text(w, v->s);
			}
		}
		yw_map_end(w);
		yw_map_end(w);
	}
	yw_seq_end(w);
	return cli_yaml_print(c, w);
}

int cmd_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = OUT_TEXT;
	struct cli_output out = CLI_OUTPUT_INIT;
	int opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT CLI_OUTPUT_SHORT "f:", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(_("Usage: sapxep list FORM [--data DIR] [--format text|csv|yaml]\n"
			    "Print the records of a form, sorted by name. text shows the form's list\n"
			    "columns; csv (RFC 4180, UTF-8) and yaml give every field, as stored.\n"),
			    stdout);
			cli_output_help();
			return EXIT_OK;
		}
		if (opt == 'f') {
			if (cli_format(c, optarg, &fmt) != 0)
				return EXIT_USAGE;
			continue;
		}
		if (cli_output_opt(&out, opt, optarg) == 0)
			continue;
		int k = cli_common(c, opt, optarg);
		if (k != 0)
			return k < 0 ? EXIT_USAGE : cli_usage(c);
	}
	if (argc - optind != 1)
		return cli_fail(c, EXIT_USAGE, _("name one form: sapxep list FORM"));
	struct workspace *ws;
	struct db *db;
	struct err e;
	if (cli_open(c, &ws, &db, &e) != 0)
		return cli_error(c, &e);
	int rc = EXIT_OK;
	struct db_table *t = db_table(db, argv[optind]);
	if (!t) {
		rc = cli_fail(c, EXIT_USAGE, _("no form named '%s'"), argv[optind]);
	} else if ((rc = cli_output_begin(c, &out, fmt == OUT_CSV ? OUTPUT_CSV :
	    OUTPUT_TEXT)) == EXIT_OK) {
		if (t->n > 1)
			qsort(t->v, t->n, sizeof *t->v, by_name);
		if (fmt == OUT_TEXT)
			print_text(db, t->form, t);
		else if (fmt == OUT_CSV)
			print_csv(db, t->form, t);
		else
			rc = print_yaml(c, t->form, t);
		rc = cli_output_end(c, &out, rc);
	}
	for (size_t i = 0; i < db->errors.n; i++)
		cli_fail(c, 0, _("not read: %s"), db->errors.v[i]);
	db_free(db);
	ws_close(ws);
	return rc;
}
