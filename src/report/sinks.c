/* sinks.c — the report as an aligned text table, as CSV and as YAML.
 * Rows are written as each commune is read; only the totals are kept. */
#include "report/columns.h"
#include "report/report.h"
#include "core/csv.h"
#include "core/dates.h"
#include "core/num.h"
#include "core/text.h"
#include "store/ywrite.h"

#include <stdlib.h>
#include <string.h>

/* --- text ------------------------------------------------------------------ */

struct text_sink {
	struct report_sink base;
	FILE *out;
	const struct report_opts *o;
};

/* Write s padded or cut to `width` display columns, made harmless. */
static void cell(FILE *out, const char *s, int width, bool right)
{
	char *v = text_visible(s ? s : "", false);
	int w;
	size_t n = text_fit(v, width, &w);
	if (right)
		fprintf(out, "%*s%.*s", width - w, "", (int)n, v);
	else
		fprintf(out, "%.*s%*s", (int)n, v, width - w, "");
	free(v);
}

static void number(FILE *out, const struct rcol *c, const struct figures *f)
{
	char buf[32];
	num_file(buf, sizeof buf, rcol_value(c, f), c->decimal ? 2 : 0);
	fputc(' ', out);
	cell(out, buf, c->text_width, true);
}

static void text_rule(FILE *out, int width)
{
	for (int i = 0; i < width; i++)
		fputs("─", out);
	fputc('\n', out);
}

static int text_width_total(void)
{
	int w = 6 + 1 + 22;
	for (size_t i = 0; i < nrcols; i++)
		if (rcols[i].text_width)
			w += 1 + rcols[i].text_width;
	return w + 1 + 10 + 1 + 3 + 1 + 7;
}

static void text_row(FILE *out, const char *code, const char *name,
    const struct figures *f, const char *last, const char *rep, const char *commit)
{
	cell(out, code, 6, false);
	fputc(' ', out);
	cell(out, name, 22, false);
	for (size_t i = 0; i < nrcols; i++)
		if (rcols[i].text_width)
			number(out, &rcols[i], f);
	fputc(' ', out);
	cell(out, last, 10, false);
	fputc(' ', out);
	cell(out, rep, 3, false);
	fputc(' ', out);
	cell(out, commit, 7, false);
	fputc('\n', out);
}

static int text_begin(struct report_sink *s, const struct report_opts *o, struct err *e)
{
	struct text_sink *t = (struct text_sink *)s;
	char now[40];
	(void)e;
	t->o = o;
	timestamp_format(o->now, now);
	fprintf(t->out, _("SAPXEP REPORT — made %s"), now);
	if (o->as_of.y) {
		char d[11];
		date_format_vn(o->as_of, d);
		fprintf(t->out, _(", as of %s"), d);
	}
	fprintf(t->out, _("; not reporting = no record, or no change for %d days\n\n"),
	    o->stale_days);
	cell(t->out, _("Code"), 6, false);
	fputc(' ', t->out);
	cell(t->out, _("Commune"), 22, false);
	for (size_t i = 0; i < nrcols; i++)
		if (rcols[i].text_width) {
			fputc(' ', t->out);
			cell(t->out, _(rcols[i].brief), rcols[i].text_width, true);
		}
	fputc(' ', t->out);
	cell(t->out, _("Changed"), 10, false);
	fputc(' ', t->out);
	cell(t->out, _("Rep"), 3, false);
	fputc(' ', t->out);
	cell(t->out, _("Commit"), 7, false);
	fputc('\n', t->out);
	text_rule(t->out, text_width_total());
	return 0;
}

static int text_commune(struct report_sink *s, const struct commune_report *c, struct err *e)
{
	struct text_sink *t = (struct text_sink *)s;
	(void)e;
	char date[11] = "";
	snprintf(date, sizeof date, "%.10s", c->last_change);
	if (c->error) {
		char *msg = xasprintf(_("cannot be read: %s"), c->error);
		cell(t->out, c->code ? c->code : "?", 6, false);
		fputc(' ', t->out);
		cell(t->out, msg, text_width_total() - 7, false);
		fputc('\n', t->out);
		free(msg);
		return 0;
	}
	text_row(t->out, c->code, c->name, &c->f, date, c->reporting ? _("yes") : _("NO"),
	    c->commit);
	return 0;
}

static int text_end(struct report_sink *s, const struct commune_report *d, size_t nd,
    const struct figures *tot, const struct lagging *late, const struct strv *packs,
    struct err *e)
{
	struct text_sink *t = (struct text_sink *)s;
	(void)e;
	text_rule(t->out, text_width_total());
	bool any_district = false;
	for (size_t i = 0; i < nd; i++)
		any_district |= d[i].district_code[0] != '\0';
	for (size_t i = 0; any_district && i < nd; i++)
		text_row(t->out, d[i].district_code, d[i].district_name[0] ? d[i].district_name :
		    _("(no district)"), &d[i].f, "", "", "");
	text_row(t->out, "", _("TOTAL"), tot, "", "", "");
	fprintf(t->out, _("\n%ld commune(s); %ld reporting; %ld with every record complete (%.0f%%)\n"),
	    tot->communes, tot->reporting, tot->all_complete,
	    tot->communes ? 100.0 * (double)tot->all_complete / (double)tot->communes : 0.0);
	if (late->code.n) {
		fprintf(t->out, _("Not reporting:\n"));
		for (size_t i = 0; i < late->code.n; i++) {
			char *line = xasprintf("%s %s (%s)", late->code.v[i], late->name.v[i],
			    late->last.v[i][0] ? late->last.v[i] : _("no record"));
			char *v = text_visible(line, false);
			fprintf(t->out, "  %s\n", v);
			free(v);
			free(line);
		}
	}
	fprintf(t->out, _("Rule packs:"));
	for (size_t i = 0; i < packs->n; i++)
		fprintf(t->out, " %s", packs->v[i]);
	fprintf(t->out, packs->n ? "\n" : _(" none\n"));
	return 0;
}

static void plain_free(struct report_sink *s)
{
	free(s);
}

struct report_sink *report_sink_text(FILE *out)
{
	struct text_sink *t = xcalloc(1, sizeof *t);
	t->base = (struct report_sink){ text_begin, text_commune, text_end, plain_free };
	t->out = out;
	return &t->base;
}

/* --- CSV ------------------------------------------------------------------- */

struct csv_sink {
	struct report_sink base;
	FILE *out;
	struct sbuf b;
};

static void csv_flush(struct csv_sink *c)
{
	fwrite(sbuf_str(&c->b), 1, c->b.len, c->out);
	sbuf_reset(&c->b);
}

static void csv_num(struct sbuf *b, const struct rcol *c, const struct figures *f)
{
	char buf[32];
	num_file(buf, sizeof buf, rcol_value(c, f), c->decimal ? 2 : 0);
	csv_field(b, buf, false, false);
}

static void csv_row(struct csv_sink *c, const char *level, const char *code,
    const char *name, const char *dcode, const char *dname, const struct figures *f,
    const char *last, const char *sync, const char *rep, const char *commit,
    const char *error)
{
	csv_field(&c->b, level, true, true);
	csv_field(&c->b, code ? code : "", false, true);
	csv_field(&c->b, name ? name : "", false, true);
	csv_field(&c->b, dcode ? dcode : "", false, true);
	csv_field(&c->b, dname ? dname : "", false, true);
	for (size_t i = 0; i < nrcols; i++)
		csv_num(&c->b, &rcols[i], f);
	csv_field(&c->b, last, false, true);
	csv_field(&c->b, sync, false, true);
	csv_field(&c->b, rep, false, true);
	csv_field(&c->b, commit, false, true);
	csv_field(&c->b, error ? error : "", false, true);
	csv_endrow(&c->b);
	csv_flush(c);
}

static int csv_begin(struct report_sink *s, const struct report_opts *o, struct err *e)
{
	struct csv_sink *c = (struct csv_sink *)s;
	(void)o;
	(void)e;
	static const char *const head[] = { "level", "code", "name", "district_code",
		"district_name", NULL };
	for (int i = 0; head[i]; i++)
		csv_field(&c->b, head[i], i == 0, false);
	for (size_t i = 0; i < nrcols; i++)
		csv_field(&c->b, rcols[i].key, false, false);
	static const char *const tail[] = { "last_change", "last_sync", "reporting", "commit",
		"error", NULL };
	for (int i = 0; tail[i]; i++)
		csv_field(&c->b, tail[i], false, false);
	csv_endrow(&c->b);
	csv_flush(c);
	return 0;
}

static int csv_commune(struct report_sink *s, const struct commune_report *r, struct err *e)
{
	(void)e;
	csv_row((struct csv_sink *)s, "commune", r->code, r->name, r->district_code,
	    r->district_name, &r->f, r->last_change, r->last_sync,
	    r->reporting ? "true" : "false", r->commit, r->error);
	return 0;
}

static int csv_end(struct report_sink *s, const struct commune_report *d, size_t nd,
    const struct figures *tot, const struct lagging *late, const struct strv *packs,
    struct err *e)
{
	struct csv_sink *c = (struct csv_sink *)s;
	(void)late;
	(void)packs;
	(void)e;
	for (size_t i = 0; i < nd; i++)
		if (d[i].district_code[0])
			csv_row(c, "district", "", "", d[i].district_code, d[i].district_name,
			    &d[i].f, "", "", "", "", NULL);
	csv_row(c, "total", "", "", "", "", tot, "", "", "", "", NULL);
	return 0;
}

static void csvs_free(struct report_sink *s)
{
	struct csv_sink *c = (struct csv_sink *)s;
	sbuf_free(&c->b);
	free(c);
}

struct report_sink *report_sink_csv(FILE *out)
{
	struct csv_sink *c = xcalloc(1, sizeof *c);
	c->base = (struct report_sink){ csv_begin, csv_commune, csv_end, csvs_free };
	c->out = out;
	return &c->base;
}

/* --- YAML ------------------------------------------------------------------ */

struct yaml_sink {
	struct report_sink base;
	FILE *out;
	struct yw *w;
};

static void yaml_num(struct yw *w, const struct rcol *c, const struct figures *f)
{
	char buf[32];
	num_file(buf, sizeof buf, rcol_value(c, f), c->decimal ? 2 : 0);
	yw_text(w, strchr(c->key, '.') + 1);
	yw_plain(w, buf);
}

/* The figures grouped as staff: {...}, hamlets: {...}, ... */
static void yaml_figures(struct yw *w, const struct figures *f)
{
	for (size_t i = 0; i < nrcols; i++) {
		const char *dot = strchr(rcols[i].key, '.');
		size_t glen = (size_t)(dot - rcols[i].key);
		bool first = i == 0 || strncmp(rcols[i - 1].key, rcols[i].key, glen + 1) != 0;
		bool last = i + 1 == nrcols || strncmp(rcols[i + 1].key, rcols[i].key, glen + 1) != 0;
		if (first) {
			char *g = xstrndup(rcols[i].key, glen);
			yw_text(w, g);
			free(g);
			yw_map_begin(w);
		}
		yaml_num(w, &rcols[i], f);
		if (last && strncmp(rcols[i].key, "mergers.", 8) == 0) {
			yw_text(w, "by_stage");
			yw_map_begin(w);
			for (int s = 0; report_stages[s]; s++) {
				char buf[32];
				snprintf(buf, sizeof buf, "%ld", f->by_stage[s]);
				yw_pair_plain(w, report_stages[s], buf);
			}
			yw_map_end(w);
		}
		if (last)
			yw_map_end(w);
	}
}

static int yaml_begin(struct report_sink *s, const struct report_opts *o, struct err *e)
{
	struct yaml_sink *y = (struct yaml_sink *)s;
	char buf[40];
	(void)e;
	y->w = yw_new_stream(y->out);
	yw_map_begin(y->w);
	yw_text(y->w, "report");
	yw_map_begin(y->w);
	timestamp_format(o->now, buf);
	yw_pair_plain(y->w, "generated_at", buf);
	if (o->as_of.y) {
		date_format_iso(o->as_of, buf);
		yw_pair_plain(y->w, "as_of", buf);
	}
	snprintf(buf, sizeof buf, "%d", o->stale_days);
	yw_pair_plain(y->w, "stale_days", buf);
	yw_map_end(y->w);
	yw_text(y->w, "communes");
	yw_seq_begin(y->w);
	return 0;
}

static int yaml_commune(struct report_sink *s, const struct commune_report *c, struct err *e)
{
	struct yw *w = ((struct yaml_sink *)s)->w;
	(void)e;
	yw_map_begin(w);
	yw_pair(w, "code", c->code ? c->code : "");
	yw_pair(w, "name", c->name ? c->name : "");
	yw_pair(w, "district", c->district_name ? c->district_name : "");
	yw_pair(w, "district_code", c->district_code ? c->district_code : "");
	yw_pair(w, "path", c->path);
	if (c->error) {
		yw_pair(w, "error", c->error);
	} else {
		yaml_figures(w, &c->f);
	}
	if (c->last_change[0])
		yw_pair_plain(w, "last_change", c->last_change);
	if (c->last_sync[0])
		yw_pair_plain(w, "last_sync", c->last_sync);
	if (c->commit[0])
		yw_pair(w, "commit", c->commit);
	yw_pair_plain(w, "reporting", c->reporting ? "true" : "false");
	yw_map_end(w);
	return 0;
}

static int yaml_end(struct report_sink *s, const struct commune_report *d, size_t nd,
    const struct figures *tot, const struct lagging *late, const struct strv *packs,
    struct err *e)
{
	struct yaml_sink *y = (struct yaml_sink *)s;
	struct yw *w = y->w;
	char buf[32];
	yw_seq_end(w);
	yw_text(w, "districts");
	yw_seq_begin(w);
	for (size_t i = 0; i < nd; i++) {
		if (!d[i].district_code[0])
			continue;
		yw_map_begin(w);
		yw_pair(w, "code", d[i].district_code);
		yw_pair(w, "name", d[i].district_name);
		snprintf(buf, sizeof buf, "%ld", d[i].f.communes);
		yw_pair_plain(w, "communes", buf);
		yaml_figures(w, &d[i].f);
		yw_map_end(w);
	}
	yw_seq_end(w);
	yw_text(w, "totals");
	yw_map_begin(w);
	snprintf(buf, sizeof buf, "%ld", tot->communes);
	yw_pair_plain(w, "communes", buf);
	snprintf(buf, sizeof buf, "%ld", tot->reporting);
	yw_pair_plain(w, "reporting", buf);
	snprintf(buf, sizeof buf, "%ld", tot->all_complete);
	yw_pair_plain(w, "all_complete", buf);
	yaml_figures(w, tot);
	yw_map_end(w);
	yw_text(w, "not_reporting");
	yw_seq_begin(w);
	for (size_t i = 0; i < late->code.n; i++) {
		yw_map_begin(w);
		yw_pair(w, "code", late->code.v[i]);
		yw_pair(w, "name", late->name.v[i]);
		if (late->last.v[i][0])
			yw_pair_plain(w, "last_change", late->last.v[i]);
		yw_map_end(w);
	}
	yw_seq_end(w);
	yw_text(w, "rules");
	yw_seq_begin(w);
	for (size_t i = 0; i < packs->n; i++)
		yw_text(w, packs->v[i]);
	yw_seq_end(w);
	yw_map_end(w);
	struct yw *done = y->w;
	y->w = NULL;
	return yw_finish(done, NULL, NULL, e);
}

static void yaml_free(struct report_sink *s)
{
	struct yaml_sink *y = (struct yaml_sink *)s;
	yw_abort(y->w);
	free(y);
}

struct report_sink *report_sink_yaml(FILE *out)
{
	struct yaml_sink *y = xcalloc(1, sizeof *y);
	y->base = (struct report_sink){ yaml_begin, yaml_commune, yaml_end, yaml_free };
	y->out = out;
	return &y->base;
}
