/* support.h — the support of Decree 154/2025/NĐ-CP for a non-specialist
 * worker who leaves (arrangement `leave_with_support`): Article 9 at
 * commune level, Article 10 at hamlet level, and the transition of Decree
 * 185/2026 Article 19 (a commune worker moved to a hamlet post in the
 * window of the pack is paid under Article 9).
 *
 * Facts only, no prose and no terminal: the figures come from the rule
 * pack of kind "support" in force on the leave date, the base salary from
 * the staff pack (the month before leaving), the retirement age from the
 * ages pack. Each figure keeps the fact_value it comes from (borrowed from
 * the workspace's packs: valid while the workspace is open). The
 * sentences are made by support_text.h.
 *
 * Ownership: support_compute fills a struct the caller owns and clears
 * with support_person_free; support_list returns a list the caller frees
 * with support_list_free. Names and ids are copies of record text, which
 * may come from another machine: pass them through text_visible() before
 * they reach a terminal.
 */
#ifndef SAPXEP_SUPPORT_H
#define SAPXEP_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dates.h"
#include "core/err.h"
#include "model/record.h"
#include "store/db.h"
#include "store/rules.h"

enum support_article {
	SUPPORT_NONE = 0,	/* not computed */
	SUPPORT_ART9 = 9,	/* commune level (or Article 19 transition) */
	SUPPORT_ART10 = 10,	/* hamlet level */
};

/* What stops a computation: one bit each. The field names are those of
 * the staff form. */
enum support_missing {
	SM_UNIT = 1 << 0,		/* field unit */
	SM_EFFECTIVE_DATE = 1 << 1,	/* field effective_date */
	SM_SERVICE_START = 1 << 2,	/* field service_start */
	SM_COEFFICIENT = 1 << 3,	/* field allowance_coefficient */
	SM_BIRTH_DATE = 1 << 4,		/* field birth_date */
	SM_GENDER = 1 << 5,		/* field gender */
	SM_SUPPORT_RULES = 1 << 6,	/* no support pack (or fact) in force */
	SM_BASE_SALARY = 1 << 7,	/* no base salary for the month before */
	SM_RETIREMENT_AGE = 1 << 8,	/* no ages pack or retirement age */
	SM_SERVICE_AFTER_LEAVE = 1 << 9,	/* service_start after the leave date */
};

#define SM_COUNT 10	/* how many bits */

/* A machine code for one bit (1 << i, i < SM_COUNT): the staff form's
 * field ("service_start") or "support_rules", "base_salary",
 * "retirement_age", "service_start_after_leave". Static. */
const char *support_missing_code(unsigned bit);

/* Which months part (a) counts. */
enum support_months {
	SMON_WORKED,		/* service under the threshold: months worked */
	SMON_TO_RETIREMENT,	/* fewer than the cap left to the retirement age */
	SMON_CAP,		/* the cap (60) */
};

/* One figure: its value and the fact it comes from (NULL: none). */
struct support_fig {
	double v;
	const struct fact_value *fact;
};

struct support_person {
	char *id, *name;		/* owned copies */
	unsigned missing;		/* enum support_missing bits; 0: computed */
	enum support_article article;
	bool transition;		/* Article 9 through Decree 185 Article 19 */
	const struct fact_value *transition_fact;	/* art19.moved_from */
	const struct pack *pack;	/* the support pack used; borrowed */
	struct date leave;		/* the leave date (effective_date or --date) */
	struct date salary_month;	/* the day the base salary is taken on */
	struct support_fig coefficient;	/* the main title's, × base salary */
	struct support_fig base_salary;	/* đồng a month */
	double allowance;		/* P = coefficient × base salary, đồng */
	int service_months;		/* from service_start to the leave date */
	double service_years;		/* rounded: whole years + 0, ½ or 1 */
	int months_to_retirement;	/* 0 at or past the retirement age */
	struct support_fig retirement_age;	/* months */
	bool retired;			/* at or past it: part (r) alone */
	enum support_months months_case;
	int months;			/* months used in part (a) */
	struct support_fig per_month, per_year, job_search, retired_months, cap;
	struct support_fig rounding;	/* rounding.half_year_max_months */
	double part_a, part_b, part_c;	/* đồng, each rounded to the đồng */
	double part_r;			/* retired: retired_months × P */
	double total;			/* đồng; meaningful when missing == 0 */
};

/* Compute the support of one staff record r of db's workspace, as if it
 * left on *leave when leave is not NULL, else on its effective_date.
 * Always fills out (id, name, and what is missing). */
void support_compute(struct db *db, const struct record *r, const struct date *leave,
    struct support_person *out);
void support_person_free(struct support_person *p);

struct support_list {
	struct support_person *v;	/* every leave_with_support record, by name */
	size_t n;
	size_t computed;		/* how many have no missing input */
	double total;			/* the sum of the computed totals, đồng */
};

/* Every person of db whose arrangement is leave_with_support (leave as in
 * support_compute). Empty when there is none. */
void support_list(struct db *db, const struct date *leave, struct support_list *out);
void support_list_free(struct support_list *l);

#endif
