/* support_text.c — see support_text.h */
#include "domain/support_text.h"
#include "core/i18n.h"
#include "core/num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *dong(double v)
{
	char *n = num_show(round(v), 0, 0, lang_current());
	/* TRANSLATORS: an amount of money; %s is the number */
	char *s = xasprintf(_("%s VND"), n);
	free(n);
	return s;
}

static char *multiple(double v)
{
	return num_show(v, 3, 0, lang_current());
}

char *support_cite(const struct fact_value *fv)
{
	if (!fv)
		return xstrdup("");
	char *c = citation_text(&fv->cite);
	const char *g = fv->cite.confidence;
	if (!g || !g[0] || !strchr("CDX", g[0]))
		return c;
	char *s = xasprintf("%s %s", c, _("[uncertain]"));
	free(c);
	return s;
}

/* "  text — citation" */
static void cited(struct strv *out, char *text, const struct fact_value *fv)
{
	char *c = support_cite(fv);
	strv_take(out, *c ? xasprintf("  %s — %s", text, c) : xasprintf("  %s", text));
	free(c);
	free(text);
}

static const struct {
	unsigned bit;
	const char *field;	/* the form's field, or NULL */
	const char *text;	/* else this */
} missing[] = {
	{ SM_UNIT, "unit", NULL },
	{ SM_EFFECTIVE_DATE, "effective_date", NULL },
	{ SM_SERVICE_START, "service_start", NULL },
	{ SM_COEFFICIENT, "allowance_coefficient", NULL },
	{ SM_BIRTH_DATE, "birth_date", NULL },
	{ SM_GENDER, "gender", NULL },
	{ SM_SUPPORT_RULES, NULL, N_("the support rules in force on the leave date (config/rules, kind support)") },
	{ SM_BASE_SALARY, NULL, N_("the base salary of the month before leaving") },
	{ SM_RETIREMENT_AGE, NULL, N_("the retirement age (the ages rule pack)") },
	{ SM_SERVICE_AFTER_LEAVE, NULL, N_("a start of service before the leave date") },
};

char *support_missing_text(const struct support_person *p, const struct form *f)
{
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		if (!(p->missing & missing[i].bit))
			continue;
		const char *t = missing[i].text ? _(missing[i].text) : missing[i].field;
		const struct field *fd = missing[i].field && f ? form_field(f, missing[i].field) : NULL;
		if (fd)
			t = i18n_get(&fd->label, lang_current());
		sbuf_printf(&b, "%s%s", b.len ? ", " : "", t);
	}
	return sbuf_detach(&b);
}

char *support_article_text(const struct support_person *p)
{
	if (p->article == SUPPORT_ART9 && p->transition)
		return xstrdup(_("Article 9 (moved from commune level to a hamlet: Decree 185/2026 Article 19)"));
	if (p->article == SUPPORT_ART9)
		return xstrdup(_("Article 9 (commune level)"));
	if (p->article == SUPPORT_ART10)
		return xstrdup(_("Article 10 (hamlet level, after a rearrangement)"));
	return xstrdup("?");
}

void support_person_lines(const struct support_person *p, const struct form *f,
    struct strv *out)
{
	char day[11];
	if (p->missing) {
		char *m = support_missing_text(p, f);
		strv_take(out, xasprintf("%s", p->name));
		cited(out, xasprintf(_("cannot be computed: missing %s"), m), NULL);
		free(m);
		return;
	}
	char *art = support_article_text(p);
	date_format_vn(p->leave, day);
	strv_take(out, xasprintf(_("%s — %s, leaving on %s"), p->name, art, day));
	free(art);
	if (p->transition)
		cited(out, xstrdup(_("Paid under Article 9: moved from a commune-level post to a hamlet post in the transition")),
		    p->transition_fact);
	char *k = multiple(p->coefficient.v), *bs = dong(p->base_salary.v), *P = dong(p->allowance);
	char month[11];
	date_format_vn(p->salary_month, month);
	cited(out, xasprintf(_("P = %s × %s = %s a month (the main title; base salary of %s)"),
	    k, bs, P, month + 3), p->base_salary.fact);
	free(k);
	free(bs);
	char *yrs = multiple(p->service_years);
	cited(out, xasprintf(_("Service: %d months, counted as %s years; %d months to the retirement age"),
	    p->service_months, yrs, p->months_to_retirement), p->rounding.fact);
	if (p->retired) {
		char *n = multiple(p->retired_months.v), *r = dong(p->part_r);
		cited(out, xasprintf(_("At or past the retirement age: %s × P = %s"), n, r),
		    p->retired_months.fact);
		free(n);
		free(r);
	} else {
		static const char *const why[] = {
			N_("months worked"), N_("months to the retirement age"), N_("the most months"),
		};
		char *a = multiple(p->per_month.v), *ra = dong(p->part_a);
		cited(out, xasprintf(_("(a) %s × P × %d months (%s) = %s"), a, p->months,
		    _(why[p->months_case]), ra), p->per_month.fact);
		char *b = multiple(p->per_year.v), *rb = dong(p->part_b);
		cited(out, xasprintf(_("(b) %s × P × %s years = %s"), b, yrs, rb), p->per_year.fact);
		char *c = multiple(p->job_search.v), *rc = dong(p->part_c);
		cited(out, xasprintf(_("(c) %s × P = %s"), c, rc), p->job_search.fact);
		free(a);
		free(ra);
		free(b);
		free(rb);
		free(c);
		free(rc);
	}
	free(yrs);
	char *t = dong(p->total);
	cited(out, xasprintf(_("Total: %s"), t), NULL);
	free(t);
	free(P);
}

char *support_total_text(const struct support_list *l)
{
	char *t = dong(l->total);
	char *s;
	if (l->computed == l->n)
		s = xasprintf(_("Commune total: %s (%zu people)"), t, l->n);
	else
		s = xasprintf(_("Commune total: %s (%zu people); %zu more cannot be computed and are not counted"),
		    t, l->computed, l->n - l->computed);
	free(t);
	return s;
}

void support_list_lines(const struct support_list *l, const struct form *f,
    const struct date *leave, struct strv *out)
{
	if (leave) {
		char day[11];
		date_format_vn(*leave, day);
		strv_take(out, xasprintf(_("Support of Decree 154/2025/NĐ-CP if everyone leaves on %s"), day));
	} else {
		strv_push(out, _("Support of Decree 154/2025/NĐ-CP for those who leave (arrangement: leave with support)"));
	}
	if (!l->n) {
		strv_push(out, _("No one leaves with support."));
		return;
	}
	for (size_t i = 0; i < l->n; i++)
		support_person_lines(&l->v[i], f, out);
	strv_take(out, support_total_text(l));
}
