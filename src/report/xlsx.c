/* xlsx.c — the report as an Excel workbook (libxlsxwriter): one sheet per
 * section, header row frozen, numbers as numbers, text that Excel would
 * run as a formula neutralised as in the CSV. Written row by row (constant
 * memory) to the file the caller renames over the target when complete. */
#include "report/columns.h"
#include "report/report.h"
#include "core/csv.h"
#include "core/dates.h"
#include "store/fsutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

struct xlsx_sink {
	struct report_sink base;
	char *name, *shown;
	lxw_workbook *wb;
	lxw_worksheet *communes, *districts, *totals, *progress, *sources;
	lxw_format *head, *decimal;
	lxw_row_t row;
	lxw_error failed;
};

static void str(struct xlsx_sink *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    const char *s)
{
	if (!s || !*s)
		return;
	/* A string cell is never run, but once edited it would be: put the same
	 * apostrophe before a would-be formula as the CSV does. */
	char *t = csv_is_formula(s) ? xasprintf("'%s", s) : NULL;
	lxw_error err = worksheet_write_string(ws, r, c, t ? t : s, NULL);
	free(t);
	if (err && !x->failed)
		x->failed = err;
}

static void num(struct xlsx_sink *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    double v, bool decimal)
{
	lxw_error err = worksheet_write_number(ws, r, c, v, decimal ? x->decimal : NULL);
	if (err && !x->failed)
		x->failed = err;
}

static void header(struct xlsx_sink *x, lxw_worksheet *ws, const char *const *cols,
    bool figures)
{
	lxw_col_t c = 0;
	for (; cols[c]; c++)
		worksheet_write_string(ws, 0, c, _(cols[c]), x->head);
	if (figures)
		for (size_t i = 0; i < nrcols; i++)
			worksheet_write_string(ws, 0, (lxw_col_t)(c + i), _(rcols[i].heading), x->head);
	worksheet_freeze_panes(ws, 1, 0);
}

static lxw_col_t figures(struct xlsx_sink *x, lxw_worksheet *ws, lxw_row_t r,
    lxw_col_t c, const struct figures *f)
{
	for (size_t i = 0; i < nrcols; i++)
		num(x, ws, r, (lxw_col_t)(c + i), rcol_value(&rcols[i], f), rcols[i].decimal);
	return (lxw_col_t)(c + nrcols);
}

static const char *const commune_cols[] = { N_("Code"), N_("Commune"),
	N_("District code"), N_("District"), NULL };

static int x_begin(struct report_sink *s, const struct report_opts *o, struct err *e)
{
	struct xlsx_sink *x = (struct xlsx_sink *)s;
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	x->wb = workbook_new_opt(x->name, &opt);
	if (!x->wb)
		return err_set(e, E_IO, _("cannot create the workbook %s"), x->shown);
	x->communes = workbook_add_worksheet(x->wb, _("Communes"));
	x->districts = workbook_add_worksheet(x->wb, _("Districts"));
	x->totals = workbook_add_worksheet(x->wb, _("Totals"));
	x->progress = workbook_add_worksheet(x->wb, _("Progress"));
	x->sources = workbook_add_worksheet(x->wb, _("Sources"));
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	x->decimal = workbook_add_format(x->wb);
	format_set_num_format(x->decimal, "0.00");
	static const char *const tail[] = { N_("Last change"), N_("Last sync"),
		N_("Reporting"), N_("Commit"), N_("Error"), NULL };
	header(x, x->communes, commune_cols, true);
	for (lxw_col_t i = 0; tail[i]; i++)
		worksheet_write_string(x->communes, 0, (lxw_col_t)(4 + nrcols + i), _(tail[i]),
		    x->head);
	static const char *const dcols[] = { N_("District code"), N_("District"),
		N_("Communes"), NULL };
	header(x, x->districts, dcols, true);
	static const char *const tcols[] = { N_("Communes"), N_("Reporting"),
		N_("All complete"), NULL };
	header(x, x->totals, tcols, true);
	static const char *const pcols[] = { N_("Code"), N_("Not reporting"),
		N_("Last change"), NULL };
	header(x, x->progress, pcols, false);
	static const char *const scols[] = { N_("Source"), N_("Value"), NULL };
	header(x, x->sources, scols, false);
	char buf[40];
	timestamp_format(o->now, buf);
	str(x, x->sources, 1, 0, _("Made at"));
	str(x, x->sources, 1, 1, buf);
	if (o->as_of.y) {
		date_format_iso(o->as_of, buf);
		str(x, x->sources, 2, 0, _("As of"));
		str(x, x->sources, 2, 1, buf);
	}
	x->row = 1;
	return 0;
}

static int x_commune(struct report_sink *s, const struct commune_report *c, struct err *e)
{
	struct xlsx_sink *x = (struct xlsx_sink *)s;
	lxw_row_t r = x->row++;
	str(x, x->communes, r, 0, c->code);
	str(x, x->communes, r, 1, c->name);
	str(x, x->communes, r, 2, c->district_code);
	str(x, x->communes, r, 3, c->district_name);
	lxw_col_t col = figures(x, x->communes, r, 4, &c->f);
	str(x, x->communes, r, col++, c->last_change);
	str(x, x->communes, r, col++, c->last_sync);
	str(x, x->communes, r, col++, c->reporting ? "true" : "false");
	str(x, x->communes, r, col++, c->commit);
	str(x, x->communes, r, col, c->error);
	if (x->failed)
		return err_set(e, E_IO, _("cannot write the workbook: %s"),
		    lxw_strerror(x->failed));
	return 0;
}

static int x_end(struct report_sink *s, const struct commune_report *d, size_t nd,
    const struct figures *tot, const struct lagging *late, const struct strv *packs,
    struct err *e)
{
	struct xlsx_sink *x = (struct xlsx_sink *)s;
	lxw_row_t r = 1;
	for (size_t i = 0; i < nd; i++) {
		if (!d[i].district_code[0])
			continue;
		str(x, x->districts, r, 0, d[i].district_code);
		str(x, x->districts, r, 1, d[i].district_name);
		num(x, x->districts, r, 2, (double)d[i].f.communes, false);
		figures(x, x->districts, r++, 3, &d[i].f);
	}
	num(x, x->totals, 1, 0, (double)tot->communes, false);
	num(x, x->totals, 1, 1, (double)tot->reporting, false);
	num(x, x->totals, 1, 2, (double)tot->all_complete, false);
	figures(x, x->totals, 1, 3, tot);
	for (size_t i = 0; i < late->code.n; i++) {
		str(x, x->progress, (lxw_row_t)(i + 1), 0, late->code.v[i]);
		str(x, x->progress, (lxw_row_t)(i + 1), 1, late->name.v[i]);
		str(x, x->progress, (lxw_row_t)(i + 1), 2, late->last.v[i]);
	}
	for (size_t i = 0; i < packs->n; i++) {
		str(x, x->sources, (lxw_row_t)(3 + i), 0, _("Rule pack"));
		str(x, x->sources, (lxw_row_t)(3 + i), 1, packs->v[i]);
	}
	lxw_error err = workbook_close(x->wb);
	x->wb = NULL;
	if (err || x->failed)
		return err_set(e, E_IO, _("cannot write the workbook %s: %s"), x->shown,
		    lxw_strerror(err ? err : x->failed));
	return 0;
}

static void x_free(struct report_sink *s)
{
	struct xlsx_sink *x = (struct xlsx_sink *)s;
	if (x->wb)
		workbook_close(x->wb);
	free(x->name);
	free(x->shown);
	free(x);
}

struct report_sink *report_sink_xlsx(const char *name, const char *shown)
{
	struct xlsx_sink *x = xcalloc(1, sizeof *x);
	x->base = (struct report_sink){ x_begin, x_commune, x_end, x_free };
	x->name = xstrdup(name);
	x->shown = xstrdup(shown);
	return &x->base;
}
