/* cmd_review.c — sapxep review: each hamlet against the household
 * standard, each merger proposal with its vote, and the commune's count
 * of hamlets now and after the mergers, as text, CSV or YAML; and
 * sapxep plan: the merge planner's suggestions, `--apply N` to make
 * suggestion N a draft merger proposal. */
#include "cli/cli.h"
#include "cli/output.h"
#include "core/dates.h"
#include "core/table.h"
#include "core/text.h"
#include "core/uuid.h"
#include "domain/hamlet.h"
#include "store/ywrite.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* --- YAML ---------------------------------------------------------------- */

static void pair_long(struct yw *w, const char *key, long v)
{
	char buf[32];
	if (v < 0) {
		yw_pair_plain(w, key, "null");
		return;
	}
	snprintf(buf, sizeof buf, "%ld", v);
	yw_pair_plain(w, key, buf);
}

static void pair_size(struct yw *w, const char *key, size_t v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%zu", v);
	yw_pair_plain(w, key, buf);
}

/* thousandths as a plain decimal: 1177 -> 1.177 */
static void pair_pm(struct yw *w, const char *key, long pm)
{
	char buf[32];
	if (pm < 0) {
		yw_pair_plain(w, key, "null");
		return;
	}
	snprintf(buf, sizeof buf, "%ld.%03ld", pm / 1000, pm % 1000);
	yw_pair_plain(w, key, buf);
}

static void pair_standard(struct yw *w, const struct fact_value *v)
{
	char buf[32];
	if (!v) {
		yw_pair_plain(w, "standard", "null");
		yw_pair_plain(w, "standard_confidence", "null");
		return;
	}
	snprintf(buf, sizeof buf, "%g", v->num);
	yw_pair_plain(w, "standard", buf);
	if (v->cite.confidence)
		yw_pair(w, "standard_confidence", v->cite.confidence);
	else
		yw_pair_plain(w, "standard_confidence", "null");
}

static void pair_bool(struct yw *w, const char *key, bool known, bool v)
{
	yw_pair_plain(w, key, !known ? "null" : v ? "true" : "false");
}

static void pair_text(struct yw *w, const char *key, const char *v)
{
	if (v)
		yw_pair(w, key, v);
	else
		yw_pair_plain(w, key, "null");
}

/* The summary's figures under their YAML and CSV names. */
struct item {
	const char *key;
	size_t v;
};

#define SUMMARY_ITEMS 9

static void summary_items(const struct hamlet_summary *s, struct item *out)
{
	const struct item v[SUMMARY_ITEMS] = {
		{ "hamlets", s->hamlets }, { "meets", s->meets }, { "below", s->below },
		{ "must_merge", s->must_merge }, { "exempt", s->exempt },
		{ "unknown", s->unknown },
		{ "must_merge_unplanned", s->must_merge_unplanned },
		{ "after_approved", s->after_approved },
		{ "after_proposed", s->after_proposed },
	};
	memcpy(out, v, sizeof v);
}

static void yaml_hamlets(struct yw *w, const struct hamlet_review *rv)
{
	yw_text(w, "hamlets");
	yw_seq_begin(w);
	for (size_t i = 0; i < rv->nh; i++) {
		const struct hamlet_row *h = &rv->h[i];
		yw_map_begin(w);
		yw_pair_plain(w, "id", h->r->id);
		yw_pair(w, "name", h->name);
		pair_text(w, "code", record_str(h->r, "code"));
		pair_text(w, "kind", h->kind);
		pair_text(w, "region", h->region);
		pair_long(w, "households", h->households);
		pair_standard(w, h->standard);
		pair_pm(w, "ratio", h->ratio_pm);
		yw_pair(w, "status", hamlet_status_code(h->status));
		pair_bool(w, "exempt_factor", true, h->has_exempt_factor);
		yw_pair_plain(w, "merger", h->merger_id ? h->merger_id : "null");
		yw_map_end(w);
	}
	yw_seq_end(w);
}

static void yaml_mergers(struct yw *w, const struct hamlet_review *rv)
{
	yw_text(w, "mergers");
	yw_seq_begin(w);
	for (size_t k = 0; k < rv->nm; k++) {
		const struct merger_row *m = &rv->m[k];
		yw_map_begin(w);
		yw_pair_plain(w, "id", m->r->id);
		yw_pair(w, "new_name", m->new_name);
		yw_text(w, "hamlets");
		yw_seq_begin(w);
		for (size_t i = 0; m->hamlets && i < m->hamlets->n; i++)
			yw_text(w, m->hamlets->v[i]);
		yw_seq_end(w);
		pair_long(w, "households", m->households_partial ? -1 : m->households);
		pair_standard(w, m->standard);
		pair_bool(w, "meets", m->standard && !m->households_partial, m->meets);
		pair_long(w, "voters_total", m->voters_total);
		pair_long(w, "voters_agree", m->voters_agree);
		pair_pm(w, "agree_share", m->agree_pm);
		pair_bool(w, "vote_passed", m->vote != VOTE_NONE, m->vote == VOTE_PASSED);
		pair_text(w, "stage", m->stage);
		yw_map_end(w);
	}
	yw_seq_end(w);
}

static int print_yaml(struct cli *c, const struct hamlet_review *rv)
{
	struct yw *w = yw_new();
	char day[11];
	yw_map_begin(w);
	yw_text(w, "rules");
	yw_map_begin(w);
	yw_pair(w, "pack", rv->rules.pack->name);
	yw_pair(w, "title", i18n_get(&rv->rules.pack->title, lang_current()));
	date_format_iso(rv->rules.on, day);
	yw_pair_plain(w, "date", day);
	yw_map_end(w);
	yaml_hamlets(w, rv);
	yaml_mergers(w, rv);
	yw_text(w, "summary");
	yw_map_begin(w);
	struct item items[SUMMARY_ITEMS];
	summary_items(&rv->sum, items);
	for (size_t i = 0; i < SUMMARY_ITEMS; i++)
		pair_size(w, items[i].key, items[i].v);
	yw_map_end(w);
	yw_map_end(w);
	return cli_yaml_print(c, w);
}

/* --- CSV and text -------------------------------------------------------- */

static void print_csv(struct db *db, const struct hamlet_review *rv)
{
	struct table t;
	hamlet_table(rv, db, lang_current(), true, &t);
	table_print_csv(&t, stdout);
	table_free(&t);
	fputs("\r\n", stdout);
	hamlet_merger_table(rv, db, lang_current(), true, &t);
	table_print_csv(&t, stdout);
	table_free(&t);
	fputs("\r\n", stdout);
	struct item items[SUMMARY_ITEMS];
	summary_items(&rv->sum, items);
	table_init(&t, 2);
	table_add(&t, "summary");
	table_add(&t, "value");
	for (size_t i = 0; i < SUMMARY_ITEMS; i++) {
		table_add(&t, items[i].key);
		table_addf(&t, "%zu", items[i].v);
	}
	table_print_csv(&t, stdout);
	table_free(&t);
}

static void print_text(struct workspace *ws, struct db *db,
    const struct hamlet_review *rv)
{
	enum lang l = lang_current();
	char day[11];
	date_format_vn(rv->rules.on, day);
	char *commune = text_visible(ws->cfg.commune_name ? ws->cfg.commune_name : "", false);
	printf(_("%s: review of hamlets and neighbourhoods, %s\n\n"), commune, day);
	free(commune);
	struct table t;
	if (rv->nh) {
		hamlet_table(rv, db, l, false, &t);
		table_print_text(&t, stdout);
		table_free(&t);
	} else {
		printf(_("No hamlet has been entered yet.\n"));
	}
	printf("\n%s\n", _("Merger proposals"));
	struct strv lines = STRV_INIT;
	hamlet_merger_lines(rv, db, l, &lines);
	for (size_t i = 0; i < lines.n; i++)
		printf("%s\n", lines.v[i]);
	if (!rv->nm)
		printf(_("None yet.\n"));
	strv_free(&lines);
	hamlet_summary_lines(rv, db, l, &lines);
	putchar('\n');
	for (size_t i = 0; i < lines.n; i++)
		printf("%s\n", lines.v[i]);
	printf(_("Markers: ok meets, -  below the standard, !! must merge, ex exempt, ?? unknown.\n"));
	strv_free(&lines);
}

int cmd_review(struct cli *c, int argc, char **argv)
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
			fputs(_("Usage: sapxep review [--data DIR] [--format text|csv|yaml]\n"
			    "Each hamlet against the household standard of its kind and region\n"
			    "(meets, below, must merge, exempt), each merger proposal with its\n"
			    "households, vote and stage, and the number of hamlets now, after the\n"
			    "approved mergers and after every proposal. The figures come from the\n"
			    "hamlet rule pack in force; uncertain ones carry their grade.\n"), stdout);
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
	if (optind != argc)
		return cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	struct workspace *ws;
	struct db *db;
	struct err e;
	if (cli_open(c, &ws, &db, &e) != 0)
		return cli_error(c, &e);
	struct hamlet_review rv;
	int rc = EXIT_OK;
	if (hamlet_review(db, date_today(), &rv, &e) != 0) {
		rc = cli_error(c, &e);
	} else if ((rc = cli_output_begin(c, &out, fmt == OUT_CSV ? OUTPUT_CSV :
	    OUTPUT_TEXT)) == EXIT_OK) {
		if (fmt == OUT_YAML)
			rc = print_yaml(c, &rv);
		else if (fmt == OUT_CSV)
			print_csv(db, &rv);
		else
			print_text(ws, db, &rv);
		rc = cli_output_end(c, &out, rc);
	}
	hamlet_review_free(&rv);
	for (size_t i = 0; i < db->errors.n; i++) {
		char *m = text_visible(db->errors.v[i], false);
		cli_fail(c, 0, _("not read: %s"), m);
		free(m);
	}
	db_free(db);
	ws_close(ws);
	return rc;
}

/* --- sapxep plan ---------------------------------------------------------- */

static const struct hamlet_row *row_of(const struct hamlet_review *rv, const char *id)
{
	for (size_t i = 0; i < rv->nh; i++)
		if (strcmp(rv->h[i].r->id, id) == 0)
			return &rv->h[i];
	return NULL;
}

/* "Ấp A (120)" made safe to print. Owned. */
static char *named(const struct hamlet_row *h)
{
	char *n = text_visible(h->name, false);
	char *s = h->households >= 0 ? xasprintf("%s (%ld)", n, h->households) :
	    xasprintf("%s (?)", n);
	free(n);
	return s;
}

static void print_ids(const struct hamlet_review *rv, const struct strv *ids,
    const char *title)
{
	if (!ids->n)
		return;
	printf("\n%s\n", title);
	for (size_t i = 0; i < ids->n; i++) {
		const struct hamlet_row *h = row_of(rv, ids->v[i]);
		if (!h)
			continue;
		char *n = named(h);
		printf("   %s, %s %g\n", n, _("standard"), h->standard ? h->standard->num : 0.0);
		free(n);
	}
}

static void print_plan_text(const struct hamlet_review *rv, const struct hamlet_plan *p)
{
	if (!p->targets) {
		printf(_("No hamlet below the standard is waiting for a plan: every one meets it, "
		    "is exempt, is already in a proposal or is marked keep.\n"));
	} else if (!p->ng) {
		printf(_("No grouping along the neighbour links brings a hamlet below the standard up to it.\n"));
	} else {
		printf(p->exact ? _("Suggested mergers (the fewest hamlets merged away that lift the most):\n") :
		    _("Suggested mergers (the search reached its limit: a good plan, not proven the best):\n"));
	}
	for (size_t i = 0; i < p->ng; i++) {
		const struct plan_group *g = &p->g[i];
		printf("%3zu. ", i + 1);
		for (size_t k = 0; k < g->ids.n; k++) {
			const struct hamlet_row *h = row_of(rv, g->ids.v[k]);
			char *n = h ? named(h) : xstrdup(g->ids.v[k]);
			printf("%s%s", k ? " + " : "", n);
			free(n);
		}
		char *nn = text_visible(g->new_name, false);
		printf(_(" = %ld households, standard %g: \"%s\"\n"), g->households,
		    g->standard, nn);
		free(nn);
	}
	print_ids(rv, &p->stuck, _("Below the standard, and no grouping with its neighbours reaches it:"));
	print_ids(rv, &p->kept, _("Below the standard but marked keep, so left out:"));
	print_ids(rv, &p->too_large, _("Left out: more than 64 hamlets linked together, too many for the planner:"));
	printf(_("\nHamlets now %zu; after the proposals already made %zu; after these suggestions too %zu.\n"),
	    rv->sum.hamlets, rv->sum.after_proposed, p->units_after);
	if (p->ng)
		printf(_("To turn suggestion N into a draft proposal: sapxep plan --apply N\n"));
}

static void yaml_ids(struct yw *w, const struct hamlet_review *rv, const char *key,
    const struct strv *ids)
{
	yw_text(w, key);
	yw_seq_begin(w);
	for (size_t i = 0; i < ids->n; i++) {
		const struct hamlet_row *h = row_of(rv, ids->v[i]);
		yw_map_begin(w);
		yw_pair_plain(w, "id", ids->v[i]);
		if (h) {
			yw_pair(w, "name", h->name);
			pair_long(w, "households", h->households);
		}
		yw_map_end(w);
	}
	yw_seq_end(w);
}

static int print_plan_yaml(struct cli *c, const struct hamlet_review *rv,
    const struct hamlet_plan *p)
{
	char buf[32];
	struct yw *w = yw_new();
	yw_map_begin(w);
	yw_pair(w, "rules", rv->rules.pack->name);
	pair_bool(w, "exact", true, p->exact);
	pair_size(w, "targets", p->targets);
	yw_text(w, "suggestions");
	yw_seq_begin(w);
	for (size_t i = 0; i < p->ng; i++) {
		const struct plan_group *g = &p->g[i];
		yw_map_begin(w);
		pair_size(w, "n", i + 1);
		yw_pair(w, "new_name", g->new_name);
		yw_pair(w, "kind", g->kind);
		yaml_ids(w, rv, "hamlets", &g->ids);
		pair_long(w, "households", g->households);
		snprintf(buf, sizeof buf, "%g", g->standard);
		yw_pair_plain(w, "standard", buf);
		yw_map_end(w);
	}
	yw_seq_end(w);
	yaml_ids(w, rv, "stuck", &p->stuck);
	yaml_ids(w, rv, "kept", &p->kept);
	yaml_ids(w, rv, "too_large", &p->too_large);
	pair_size(w, "hamlets_now", rv->sum.hamlets);
	pair_size(w, "hamlets_after", p->units_after);
	yw_map_end(w);
	return cli_yaml_print(c, w);
}

static int apply(struct cli *c, struct db *db, const struct hamlet_review *rv,
    const struct hamlet_plan *p, size_t n, const char *name)
{
	char id[UUID_LEN + 1];
	struct problems ps = { 0 };
	struct err e;
	if (hamlet_plan_apply(db, p, n, name, id, &ps, &e) != 0) {
		problems_free(&ps);
		return cli_error(c, &e);
	}
	if (e.kind != E_NONE)
		cli_fail(c, 0, _("warning: %s"), e.msg);
	struct db_rec *x = db_get(db, "mergers", id);
	const struct plan_group *g = &p->g[n - 1];
	struct sbuf b = SBUF_INIT;
	for (size_t k = 0; k < g->ids.n; k++) {
		const struct hamlet_row *h = row_of(rv, g->ids.v[k]);
		char *v = text_visible(h ? h->name : g->ids.v[k], false);
		sbuf_printf(&b, "%s%s", k ? ", " : "", v);
		free(v);
	}
	char *nn = text_visible(x ? x->name : "", false);
	cli_fail(c, 0, _("draft merger proposal \"%s\" saved, merging %s"), nn, sbuf_str(&b));
	free(nn);
	sbuf_free(&b);
	if (problems_errors(&ps) && x) {
		cli_fail(c, 0, _("saved as incomplete, %zu problem(s):"), problems_errors(&ps));
		cli_print_problems(x->r, db_table(db, "mergers")->form, &ps, stderr);
	}
	problems_free(&ps);
	printf("%s\n", id);
	return EXIT_OK;
}

int cmd_plan(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "apply", required_argument, NULL, 'a' },
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = OUT_TEXT;
	long n = 0;
	const char *name = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT "f:a:n:", opts, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'h':
			fputs(_("Usage: sapxep plan [--data DIR] [--format text|yaml]\n"
			    "       sapxep plan --apply N [--name NAME] [--data DIR]\n"
			    "Suggest mergers that bring the hamlets below the standard up to it,\n"
			    "grouping neighbours (the neighbours field) with the fewest hamlets\n"
			    "merged away. --apply N saves suggestion N as a draft merger proposal\n"
			    "and prints its id; --name gives the merged unit another name.\n"
			    "The numbers change once a suggestion is applied: list again first.\n"), stdout);
			return EXIT_OK;
		case 'f':
			if (cli_format(c, optarg, &fmt) != 0)
				return EXIT_USAGE;
			if (fmt == OUT_CSV)
				return cli_fail(c, EXIT_USAGE, _("--format takes text or yaml here"));
			continue;
		case 'a':
			errno = 0;
			n = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || n < 1)
				return cli_fail(c, EXIT_USAGE,
				    _("--apply takes the number of a suggestion (1, 2, ...), not '%s'"), optarg);
			continue;
		case 'n':
			name = optarg;
			continue;
		}
		int k = cli_common(c, opt, optarg);
		if (k != 0)
			return k < 0 ? EXIT_USAGE : cli_usage(c);
	}
	if (optind != argc)
		return cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	if (name && !n)
		return cli_fail(c, EXIT_USAGE, _("--name goes with --apply N"));
	struct workspace *ws;
	struct db *db;
	struct err e;
	if (cli_open(c, &ws, &db, &e) != 0)
		return cli_error(c, &e);
	struct hamlet_review rv;
	int rc = EXIT_OK;
	if (hamlet_review(db, date_today(), &rv, &e) != 0) {
		rc = cli_error(c, &e);
	} else {
		struct hamlet_plan p;
		hamlet_plan(&rv, &p);
		if (n)
			rc = apply(c, db, &rv, &p, (size_t)n, name);
		else if (fmt == OUT_YAML)
			rc = print_plan_yaml(c, &rv, &p);
		else
			print_plan_text(&rv, &p);
		hamlet_plan_free(&p);
	}
	hamlet_review_free(&rv);
	db_free(db);
	ws_close(ws);
	return rc;
}
