/* cmd_quota.c — sapxep quota: the staff plan against the quotas and
 * allowance funds of the rules in force, as text, CSV or YAML. */
#include "cli/cli.h"
#include "cli/output.h"
#include "core/table.h"
#include "core/num.h"
#include "core/text.h"
#include "domain/staff.h"
#include "store/ywrite.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number as YAML and CSV carry it: a point, at least one decimal, at
 * most three. */
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

static void print_lines(const struct strv *lines)
{
	for (size_t i = 0; i < lines->n; i++) {
		char *s = text_visible(lines->v[i], false);
		puts(s);
		free(s);
	}
}

static void print_text(const struct staff_plan *p)
{
	struct strv lines = STRV_INIT;
	staff_head_lines(p, &lines);
	print_lines(&lines);
	strv_free(&lines);
	putchar('\n');
	struct table t;
	staff_plan_table(p, &t);
	table_print_text(&t, stdout);
	table_free(&t);
	staff_unit_lines(p, &p->commune, &lines);
	for (size_t i = 0; i < p->nhamlets; i++)
		staff_unit_lines(p, &p->hamlets[i], &lines);
	if (p->unplaced.before || p->unplaced.after)
		staff_unit_lines(p, &p->unplaced, &lines);
	staff_attention_lines(p, &lines);
	for (size_t i = 0; i < lines.n; i++) {
		/* a blank line before each unit's heading */
		if (lines.v[i][0] != ' ')
			putchar('\n');
		char *s = text_visible(lines.v[i], false);
		puts(s);
		free(s);
	}
	strv_free(&lines);
}

/* The citations of a unit's figures of one kind, joined by " | ". */
static char *basis_of(const struct staff_unit *u, enum staff_basis_kind kind)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < u->nbasis; i++) {
		const struct staff_basis *x = &u->basis[i];
		if (x->kind != kind)
			continue;
		sbuf_printf(&b, "%s%s", b.len ? " | " : "", x->text);
		if (x->cite)
			sbuf_printf(&b, " — %s", x->cite);
		if (staff_uncertain(x->confidence))
			sbuf_adds(&b, " [uncertain]");
	}
	return sbuf_detach(&b);
}

static const char *const csv_cols[] = { "level", "id", "name", "before", "after",
	"after_kept", "after_concurrent", "after_reassigned", "undecided", "leaving",
	"moved_out", "quota", "over", "concurrent", "fund", "fund_dong", "allowance_before",
	"allowance_before_dong", "allowance_after", "allowance_after_dong",
	"quota_basis", "fund_basis", NULL };

static void csv_row(const struct staff_plan *p, const struct staff_unit *u,
    struct table *t)
{
	static const char *const levels[] = { "commune", "hamlet", "unplaced" };
	char n[64];
	bool salary = p->base_salary >= 0;
	table_add(t, levels[u->level]);
	table_add(t, u->id ? u->id : "");
	table_add(t, u->name);
	table_addf(t, "%d", u->before);
	table_addf(t, "%d", u->after);
	table_addf(t, "%d", u->kept);
	table_addf(t, "%d", u->concurrent_arr);
	table_addf(t, "%d", u->reassigned);
	table_addf(t, "%d", u->undecided);
	table_addf(t, "%d", u->leaving);
	table_addf(t, "%d", u->moved_out);
	if (u->quota >= 0) {
		table_addf(t, "%d", u->quota);
		table_addf(t, "%d", staff_over(u));
	} else {
		table_add(t, "");
		table_add(t, "");
	}
	table_addf(t, "%d", u->concurrent);
	double vals[] = { u->fund, u->allowance_before, u->allowance_after };
	for (size_t i = 0; i < 3; i++) {
		bool known = i > 0 || u->fund >= 0;
		if (known)
			canon_num(vals[i], n, sizeof n);
		table_add(t, known ? n : "");
		if (known && salary)
			canon_dong(vals[i] * p->base_salary, n, sizeof n);
		table_add(t, known && salary ? n : "");
	}
	strv_take(&t->cells, basis_of(u, BASIS_QUOTA));
	strv_take(&t->cells, basis_of(u, BASIS_FUND));
}

static void print_csv(const struct staff_plan *p)
{
	struct table t;
	size_t ncols = 0;
	while (csv_cols[ncols])
		ncols++;
	table_init(&t, ncols);
	for (size_t i = 0; i < ncols; i++)
		table_add(&t, csv_cols[i]);
	csv_row(p, &p->commune, &t);
	for (size_t i = 0; i < p->nhamlets; i++)
		csv_row(p, &p->hamlets[i], &t);
	if (p->unplaced.before || p->unplaced.after)
		csv_row(p, &p->unplaced, &t);
	table_print_csv(&t, stdout);
	table_free(&t);
}

static void yaml_int(struct yw *w, const char *key, long v)
{
	char n[32];
	snprintf(n, sizeof n, "%ld", v);
	yw_pair_plain(w, key, n);
}

/* key: a multiple of the base salary, and key_dong: it in đồng. */
static void yaml_money(struct yw *w, const struct staff_plan *p, const char *key,
    double v, bool known)
{
	char n[64], k[64];
	if (known)
		canon_num(v, n, sizeof n);
	yw_pair_plain(w, key, known ? n : "null");
	snprintf(k, sizeof k, "%s_dong", key);
	if (known && p->base_salary >= 0)
		canon_dong(v * p->base_salary, n, sizeof n);
	yw_pair_plain(w, k, known && p->base_salary >= 0 ? n : "null");
}

static void yaml_basis(struct yw *w, const struct staff_basis *b)
{
	char conf[2] = { b->confidence, '\0' };
	yw_map_begin(w);
	if (b->key)
		yw_pair(w, "fact", b->key);
	yw_pair(w, "text", b->text);
	yw_pair(w, "source", b->cite);
	if (b->confidence)
		yw_pair(w, "confidence", conf);
	yw_pair_plain(w, "uncertain", staff_uncertain(b->confidence) ? "true" : "false");
	yw_pair(w, "note", b->note);
	yw_map_end(w);
}

static void yaml_codes(struct yw *w, const char *key, const struct strv *codes)
{
	yw_text(w, key);
	yw_seq_begin(w);
	for (size_t i = 0; i < codes->n; i++)
		yw_text(w, codes->v[i]);
	yw_seq_end(w);
}

static void yaml_unit(struct yw *w, const struct staff_plan *p, const struct staff_unit *u)
{
	yw_map_begin(w);
	if (u->level == STAFF_HAMLET) {
		yw_pair(w, "id", u->id);
		yw_pair(w, "name", u->name);
		yw_pair(w, "kind", u->kind);
		if (u->households >= 0)
			yaml_int(w, "households", u->households);
	}
	yaml_int(w, "before", u->before);
	yaml_int(w, "after", u->after);
	yaml_int(w, "after_kept", u->kept);
	yaml_int(w, "after_concurrent", u->concurrent_arr);
	yaml_int(w, "after_reassigned", u->reassigned);
	yaml_int(w, "undecided", u->undecided);
	yaml_int(w, "leaving", u->leaving);
	yaml_int(w, "moved_out", u->moved_out);
	if (u->quota >= 0) {
		yaml_int(w, "quota", u->quota);
		yaml_int(w, "over", staff_over(u));
	} else {
		yw_pair_plain(w, "quota", "null");
		yw_pair_plain(w, "over", "null");
	}
	yaml_int(w, "concurrent", u->concurrent);
	yaml_money(w, p, "fund", u->fund, u->fund >= 0);
	yaml_money(w, p, "allowance_before", u->allowance_before, true);
	yaml_money(w, p, "allowance_after", u->allowance_after, true);
	yw_pair_plain(w, "over_fund", staff_over_fund(u) ? "true" : "false");
	yaml_codes(w, "titles_filled", &u->filled);
	yaml_codes(w, "titles_vacant", &u->vacant);
	yw_text(w, "basis");
	yw_seq_begin(w);
	for (size_t i = 0; i < u->nbasis; i++)
		yaml_basis(w, &u->basis[i]);
	yw_seq_end(w);
	yw_map_end(w);
}

static int print_yaml(struct cli *c, const struct staff_plan *p)
{
	struct yw *w = yw_new();
	char day[11];
	date_format_iso(p->on, day);
	yw_map_begin(w);
	yw_text(w, "rules");
	yw_map_begin(w);
	yw_pair(w, "pack", p->pack->name);
	yw_pair(w, "title", i18n_get(&p->pack->title, p->lang));
	yw_pair_plain(w, "date", day);
	if (p->base_salary >= 0) {
		char n[64];
		canon_dong(p->base_salary, n, sizeof n);
		yw_pair_plain(w, "base_salary", n);
	} else {
		yw_pair_plain(w, "base_salary", "null");
	}
	yw_text(w, "base_salary_basis");
	yaml_basis(w, &p->salary);
	yw_text(w, "notes");
	yw_seq_begin(w);
	for (size_t i = 0; i < p->nnotes; i++)
		yaml_basis(w, &p->notes[i]);
	yw_seq_end(w);
	yw_map_end(w);
	yw_text(w, "commune_level");
	yaml_unit(w, p, &p->commune);
	yw_text(w, "hamlets");
	yw_seq_begin(w);
	for (size_t i = 0; i < p->nhamlets; i++)
		yaml_unit(w, p, &p->hamlets[i]);
	yw_seq_end(w);
	if (p->unplaced.before || p->unplaced.after) {
		yw_text(w, "unplaced");
		yaml_unit(w, p, &p->unplaced);
	}
	yw_text(w, "attention");
	yw_seq_begin(w);
	for (size_t i = 0; i < p->nattention; i++) {
		yw_map_begin(w);
		yw_pair(w, "id", p->attention[i].id);
		yw_pair(w, "name", p->attention[i].name);
		yw_pair(w, "reason", p->attention[i].reason);
		yw_map_end(w);
	}
	yw_seq_end(w);
	yw_map_end(w);
	return cli_yaml_print(c, w);
}

int cmd_quota(struct cli *c, int argc, char **argv)
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
	struct date on = date_today();
	int opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT CLI_OUTPUT_SHORT "f:", opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(_("Usage: sapxep quota [--data DIR] [--format text|csv|yaml] [--date DD/MM/YYYY]\n"
			    "The staff plan against the rules: for the commune level and each hamlet,\n"
			    "the people before and after the arrangement, the quota, the titles filled\n"
			    "and vacant, and the allowances against the fund, each figure with the\n"
			    "rule and article it comes from. The rules are those named in sapxep.yaml\n"
			    "(rules.staff), else those in force on the date (today by default).\n"),
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
	int rc = EXIT_OK;
	struct staff_plan p;
	ws_packs(ws);	/* load them now, to report the packs that fail */
	for (size_t i = 0; i < ws->pack_errors.n; i++)
		cli_fail(c, 0, _("rule pack not read: %s"), ws->pack_errors.v[i]);
	if (staff_plan(db, on, lang_current(), &p, &e) != 0) {
		rc = cli_error(c, &e);
	} else {
		rc = cli_output_begin(c, &out, fmt == OUT_CSV ? OUTPUT_CSV : OUTPUT_TEXT);
		if (rc == EXIT_OK) {
			if (fmt == OUT_TEXT)
				print_text(&p);
			else if (fmt == OUT_CSV)
				print_csv(&p);
			else
				rc = print_yaml(c, &p);
			rc = cli_output_end(c, &out, rc);
		}
		staff_plan_free(&p);
	}
	for (size_t i = 0; i < db->errors.n; i++)
		cli_fail(c, 0, _("not read: %s"), db->errors.v[i]);
	db_free(db);
	ws_close(ws);
	return rc;
}
