/* cmd_support.c — sapxep support: the Decree 154/2025 support of each
 * person who leaves (arrangement leave_with_support), as text, CSV or
 * YAML, with the commune's total. The figures come from domain/support.h,
 * the sentences from domain/support_text.h. */
#include "cli/cli.h"
#include "cli/output.h"
#include "core/num.h"
#include "core/table.h"
#include "core/text.h"
#include "domain/support.h"
#include "domain/support_text.h"
#include "store/ywrite.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void canon_num(double v, char *buf, size_t n)
{
	num_file(buf, n, v, 3);
	char *end = buf + strlen(buf) - 1;
	while (end[-1] != '.' && *end == '0')
		*end-- = '\0';
}

static void canon_dong(double v, char *buf, size_t n)
{
	num_file(buf, n, round(v), 0);
}

static void print_text(const struct support_list *l, const struct form *f,
    const struct date *leave)
{
	struct strv lines = STRV_INIT;
	support_list_lines(l, f, leave, &lines);
	for (size_t i = 0; i < lines.n; i++) {
		/* a blank line before each person and before the total */
		if (i && lines.v[i][0] != ' ')
			putchar('\n');
		char *s = text_visible(lines.v[i], false);
		puts(s);
		free(s);
	}
	strv_free(&lines);
}

static char *missing_codes(const struct support_person *p, const char *sep)
{
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < SM_COUNT; i++)
		if (p->missing & (1u << i))
			sbuf_printf(&b, "%s%s", b.len ? sep : "", support_missing_code(1u << i));
	return sbuf_detach(&b);
}

static const char *const csv_cols[] = { "id", "name", "article", "transition",
	"leave_date", "coefficient", "base_salary", "monthly_allowance", "service_months",
	"service_years", "months_to_retirement", "retired", "months", "part_a", "part_b",
	"part_c", "retired_lump", "total", "missing", NULL };

static void csv_row(const struct support_person *p, struct table *t)
{
	char n[64], day[11];
	table_add(t, p->id);
	table_add(t, p->name);
	if (p->missing) {
		for (size_t i = 2; csv_cols[i + 1]; i++)
			table_add(t, "");
		strv_take(&t->cells, missing_codes(p, " "));
		return;
	}
	table_addf(t, "%d", (int)p->article);
	table_add(t, p->transition ? "true" : "false");
	date_format_iso(p->leave, day);
	table_add(t, day);
	canon_num(p->coefficient.v, n, sizeof n);
	table_add(t, n);
	double dongs[] = { p->base_salary.v, p->allowance };
	for (size_t i = 0; i < 2; i++) {
		canon_dong(dongs[i], n, sizeof n);
		table_add(t, n);
	}
	table_addf(t, "%d", p->service_months);
	canon_num(p->service_years, n, sizeof n);
	table_add(t, n);
	table_addf(t, "%d", p->months_to_retirement);
	table_add(t, p->retired ? "true" : "false");
	if (p->retired)
		table_add(t, "");
	else
		table_addf(t, "%d", p->months);
	double parts[] = { p->part_a, p->part_b, p->part_c, p->part_r, p->total };
	for (size_t i = 0; i < 5; i++) {
		bool shown = i == 4 || (i == 3 ? p->retired : !p->retired);
		if (shown)
			canon_dong(parts[i], n, sizeof n);
		table_add(t, shown ? n : "");
	}
	table_add(t, "");
}

static void print_csv(const struct support_list *l)
{
	struct table t;
	size_t ncols = 0;
	while (csv_cols[ncols])
		ncols++;
	table_init(&t, ncols);
	for (size_t i = 0; i < ncols; i++)
		table_add(&t, csv_cols[i]);
	for (size_t i = 0; i < l->n; i++)
		csv_row(&l->v[i], &t);
	table_print_csv(&t, stdout);
	table_free(&t);
}

static void yaml_int(struct yw *w, const char *key, long v)
{
	char n[32];
	snprintf(n, sizeof n, "%ld", v);
	yw_pair_plain(w, key, n);
}

static void yaml_dong(struct yw *w, const char *key, double v)
{
	char n[64];
	canon_dong(v, n, sizeof n);
	yw_pair_plain(w, key, n);
}

/* key: {value, source, confidence, uncertain} of one figure. */
static void yaml_fig(struct yw *w, const char *key, const struct support_fig *fg)
{
	char n[64];
	yw_text(w, key);
	yw_map_begin(w);
	canon_num(fg->v, n, sizeof n);
	yw_pair_plain(w, "value", n);
	if (fg->fact) {
		char *c = citation_text(&fg->fact->cite);
		yw_pair(w, "source", c);
		free(c);
		const char *g = fg->fact->cite.confidence;
		yw_pair(w, "confidence", g);
		yw_pair_plain(w, "uncertain", g && g[0] && strchr("CDX", g[0]) ? "true" : "false");
	}
	yw_map_end(w);
}

static void yaml_person(struct yw *w, const struct support_person *p, const struct form *f)
{
	static const char *const cases[] = { "months_worked", "to_retirement", "cap" };
	char day[11];
	yw_map_begin(w);
	yw_pair(w, "id", p->id);
	yw_pair(w, "name", p->name);
	if (p->missing) {
		yw_pair_plain(w, "article", "null");
		yw_pair_plain(w, "monthly_allowance", "null");
		yw_pair_plain(w, "total", "null");
		yw_text(w, "missing");
		yw_seq_begin(w);
		for (int i = 0; i < SM_COUNT; i++)
			if (p->missing & (1u << i))
				yw_text(w, support_missing_code(1u << i));
		yw_seq_end(w);
		char *m = support_missing_text(p, f);
		char *s = xasprintf(_("cannot be computed: missing %s"), m);
		yw_pair(w, "text", s);
		free(s);
		free(m);
		yw_map_end(w);
		return;
	}
	yaml_int(w, "article", (long)p->article);
	yw_pair_plain(w, "transition", p->transition ? "true" : "false");
	date_format_iso(p->leave, day);
	yw_pair_plain(w, "leave_date", day);
	yaml_dong(w, "monthly_allowance", p->allowance);
	yaml_fig(w, "coefficient", &p->coefficient);
	yaml_fig(w, "base_salary", &p->base_salary);
	yaml_int(w, "service_months", p->service_months);
	char n[64];
	canon_num(p->service_years, n, sizeof n);
	yw_pair_plain(w, "service_years", n);
	yaml_int(w, "months_to_retirement", p->months_to_retirement);
	yw_pair_plain(w, "retired", p->retired ? "true" : "false");
	if (p->retired) {
		yaml_fig(w, "retired_months", &p->retired_months);
		yaml_dong(w, "retired_lump", p->part_r);
	} else {
		yaml_int(w, "months", p->months);
		yw_pair_plain(w, "months_case", cases[p->months_case]);
		yaml_fig(w, "per_month", &p->per_month);
		yaml_fig(w, "per_year", &p->per_year);
		yaml_fig(w, "job_search_months", &p->job_search);
		yaml_dong(w, "part_a", p->part_a);
		yaml_dong(w, "part_b", p->part_b);
		yaml_dong(w, "part_c", p->part_c);
	}
	yaml_dong(w, "total", p->total);
	yw_map_end(w);
}

static int print_yaml(struct cli *c, const struct support_list *l, const struct form *f,
    const struct date *leave)
{
	struct yw *w = yw_new();
	yw_map_begin(w);
	if (leave) {
		char day[11];
		date_format_iso(*leave, day);
		yw_pair_plain(w, "leave_date", day);
	}
	yw_text(w, "people");
	yw_seq_begin(w);
	for (size_t i = 0; i < l->n; i++)
		yaml_person(w, &l->v[i], f);
	yw_seq_end(w);
	yaml_int(w, "computed", (long)l->computed);
	yaml_int(w, "not_computed", (long)(l->n - l->computed));
	yaml_dong(w, "total", l->total);
	yw_map_end(w);
	return cli_yaml_print(c, w);
}

int cmd_support(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "date", required_argument, NULL, 't' },
		CLI_OUTPUT_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = OUT_TEXT;
	struct cli_output out = CLI_OUTPUT_INIT;
	struct date on, *leave = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT CLI_OUTPUT_SHORT "f:", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(_("Usage: sapxep support [--data DIR] [--format text|csv|yaml] [--date DD/MM/YYYY]\n"
			    "The support of Decree 154/2025/NĐ-CP for each person whose arrangement is\n"
			    "'leave with support': the article (9 at commune level, 10 at hamlet level,\n"
			    "9 for a commune worker moved to a hamlet in the transition of Decree\n"
			    "185/2026 Article 19), the monthly allowance P, the service and the months\n"
			    "used, each part with its article, the total, and the commune's total.\n"
			    "Each person leaves on the arrangement's effective date; --date computes\n"
			    "as if everyone left on that day. A person whose inputs are missing is\n"
			    "listed as such and not counted in the total.\n"),
			    stdout);
			cli_output_help();
			return EXIT_OK;
		}
		if (opt == 'f') {
			if (cli_format(c, optarg, &fmt) != 0)
				return EXIT_USAGE;
			continue;
		}
		if (opt == 't') {
			if (date_parse_input(optarg, &on) != 0)
				return cli_fail(c, EXIT_USAGE,
				    _("--date: '%s' is not a date; write it as 28/11/2026"), optarg);
			leave = &on;
			continue;
		}
		if (cli_output_opt(&out, opt, optarg) == 0)
			continue;
		int k = cli_common(c, opt, optarg);
		if (k != 0)
			return k < 0 ? EXIT_USAGE : cli_usage(c);
	}
	if (optind != argc)
		return cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	struct workspace *ws;
	struct db *db;
	struct err e;
	if (cli_open(c, &ws, &db, &e) != 0)
		return cli_error(c, &e);
	ws_packs(ws);	/* load them now, to report the packs that fail */
	for (size_t i = 0; i < ws->pack_errors.n; i++)
		cli_fail(c, 0, _("rule pack not read: %s"), ws->pack_errors.v[i]);
	const struct form *f = formset_get(ws->forms, "staff");
	struct support_list l;
	support_list(db, leave, &l);
	int rc = cli_output_begin(c, &out, fmt == OUT_CSV ? OUTPUT_CSV : OUTPUT_TEXT);
	if (rc == EXIT_OK) {
		if (fmt == OUT_TEXT)
			print_text(&l, f, leave);
		else if (fmt == OUT_CSV)
			print_csv(&l);
		else
			rc = print_yaml(c, &l, f, leave);
		rc = cli_output_end(c, &out, rc);
	}
	support_list_free(&l);
	for (size_t i = 0; i < db->errors.n; i++)
		cli_fail(c, 0, _("not read: %s"), db->errors.v[i]);
	db_free(db);
	ws_close(ws);
	return rc;
}
