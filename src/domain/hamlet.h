/* hamlet.h — hamlets (thôn, tổ dân phố) against the household standard,
 * merger proposals, the voters' consultation, and the merge planner.
 *
 * Every figure comes from the hamlet rule pack in force (config/rules,
 * kind "hamlets"; fact keys in sapxep(5)): the standard by kind and
 * region, the status bands, the exempting factors and the vote rule.
 * Nothing here prints, touches a terminal or reads YAML.
 *
 * Ownership: a struct hamlet_rules borrows its pack from the workspace;
 * a struct hamlet_review borrows the db's records (ids, names) and is
 * valid until the db changes; a struct hamlet_plan owns its strings.
 * Fallible functions return 0, or -1 with a message in *e.
 */
#ifndef SAPXEP_HAMLET_H
#define SAPXEP_HAMLET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dates.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/table.h"
#include "core/xmem.h"
#include "model/validate.h"
#include "store/db.h"
#include "store/rules.h"

/* The figures of the pack in force, read once. */
struct hamlet_rules {
	const struct pack *pack;	/* borrowed from the workspace */
	struct date on;			/* the day the rules are taken for */
	bool border_or_island;		/* the commune's flag (sapxep.yaml) */
	double must_merge_below;	/* band.must_merge_below (0.5) */
	double meets_from;		/* band.meets_from (1.0) */
	double vote_pass_above;		/* vote.pass_above (0.5) */
	struct strv exempt;		/* exempt_factors, as codes; owned */
	const struct fact_value *band_cite, *vote_cite, *exempt_cite;
	/* the stages of the mergers form (its `stage` field's list), whose
	 * tags give their meaning; borrowed from the workspace; may be NULL */
	const struct choice_list *stages;
};

/* The hamlet pack of ws in force on `on` (or named by sapxep.yaml's
 * rules.hamlets), with its bands and vote rule. Fails with a message
 * naming the pack and the fact when there is no pack or a fact is
 * missing. Free with hamlet_rules_free even after a failure. */
int hamlet_rules_get(struct workspace *ws, struct date on,
    struct hamlet_rules *out, struct err *e);
void hamlet_rules_free(struct hamlet_rules *hr);

/* The standard for a unit of `kind` (thon | tdp) in `region`: the fact
 * standard.<kind>.border_island in a border or island commune, else
 * standard.<kind>.<region>. NULL when the pack has none (or kind or
 * region is NULL). */
const struct fact_value *hamlet_standard(const struct hamlet_rules *hr,
    const char *kind, const char *region);

/* True when a figure's confidence is below B (C, D, X or none): shown
 * with its grade. `unconfirmed` (D, X) figures are shown as such. */
bool hamlet_fact_uncertain(const struct fact_value *v);
bool hamlet_fact_unconfirmed(const struct fact_value *v);

enum hamlet_status {
	HS_UNKNOWN,	/* households or standard missing */
	HS_MEETS,	/* >= meets_from of the standard */
	HS_BELOW,	/* below it: merger encouraged */
	HS_MUST_MERGE,	/* < must_merge_below of the standard */
	HS_EXEMPT,	/* would be must merge, but has an exempting factor */
};

/* "meets", "below", "must_merge", "exempt", "unknown": codes for
 * CSV/YAML. */
const char *hamlet_status_code(enum hamlet_status s);
/* The status in words, in language l. */
const char *hamlet_status_label(enum hamlet_status s, enum lang l);
/* A two-character ASCII marker for monochrome terminals:
 * "ok", "- ", "!!", "ex", "??". */
const char *hamlet_status_marker(enum hamlet_status s);

/* One hamlet against the standard (the hamlet list's columns). */
struct hamlet_row {
	const struct record *r;		/* borrowed */
	const char *name;		/* borrowed; "" when missing */
	const char *kind, *region;	/* codes, borrowed; may be NULL */
	long households;		/* -1: not known */
	const struct fact_value *standard;	/* borrowed; NULL: none */
	long ratio_pm;			/* households / standard in 1/1000,
					 * rounded down; -1: not known */
	enum hamlet_status status;
	bool has_exempt_factor;
	const char *merger_id;		/* active proposal holding it; NULL */
};

/* Assess one hamlet record (no other records needed). */
void hamlet_assess(const struct hamlet_rules *hr, const struct record *r,
    struct hamlet_row *out);

enum vote_result {
	VOTE_NONE,	/* no figures yet (or nobody consulted) */
	VOTE_FAILED,	/* not more than vote.pass_above in favour */
	VOTE_PASSED,
};

/* The vote rule: more than vote.pass_above of `total` in favour. */
enum vote_result hamlet_vote(const struct hamlet_rules *hr, long total,
    long agree);

/* Stages of a proposal, by the tags of the mergers form's `stages` list
 * (sapxep(5)); a stage missing or not in the list has none. */
/* Active: not tagged `closed` (rejected). */
bool merger_stage_active(const struct hamlet_rules *hr, const char *stage);
/* Tagged `after_consultation`: past the consultation, whose figures are
 * then due and whose outcome binds. */
bool merger_stage_past_consulted(const struct hamlet_rules *hr, const char *stage);
/* Tagged `final`: decided, the rearrangement is done. */
bool merger_stage_final(const struct hamlet_rules *hr, const char *stage);

struct merger_row {
	const struct record *r;		/* borrowed */
	const char *new_name, *stage;	/* borrowed; stage may be NULL */
	const struct strv *hamlets;	/* the ids, borrowed; may be NULL */
	long households;		/* sum of the known members */
	bool households_partial;	/* a member is missing or has none */
	const struct fact_value *standard;	/* borrowed; NULL: none */
	bool meets;
	long voters_total, voters_agree;	/* -1: not given */
	long agree_pm;			/* share in favour, 1/1000 rounded
					 * down; -1: not known */
	enum vote_result vote;
	bool active;
};

struct hamlet_summary {
	size_t hamlets, meets, below, must_merge, exempt, unknown;
	size_t must_merge_unplanned;	/* must merge, in no active proposal */
	size_t after_approved;		/* units once approved mergers are done */
	size_t after_proposed;		/* ... and every active proposal */
};

/* The whole review of a commune. */
struct hamlet_review {
	struct hamlet_rules rules;
	struct hamlet_row *h;		/* by name (ignoring case, diacritics) */
	size_t nh;
	struct merger_row *m;		/* by name */
	size_t nm;
	struct hamlet_summary sum;
};

/* Review every hamlet and proposal of db on `on`. Fails only when there
 * is no usable rule pack. Free with hamlet_review_free in all cases. */
int hamlet_review(struct db *db, struct date on, struct hamlet_review *out,
    struct err *e);
void hamlet_review_free(struct hamlet_review *rv);

/* Fill a fresh table (table_init is done here) with the hamlets: name,
 * kind, region, households, standard, ratio, status. `machine` gives
 * codes and plain numbers (CSV), with id and confidence columns; else
 * labels in language l, percentages and the status marker (screens,
 * text reports). */
void hamlet_table(const struct hamlet_review *rv, struct db *db, enum lang l,
    bool machine, struct table *out);
/* The same for the proposals: name, hamlets, households, standard,
 * meets, voters, in favour, share, passed, stage. */
void hamlet_merger_table(const struct hamlet_review *rv, struct db *db,
    enum lang l, bool machine, struct table *out);
/* Each proposal in two lines (name = members [stage]; households
 * against the standard, vote), safe to print: for 80-column reports. */
void hamlet_merger_lines(const struct hamlet_review *rv, struct db *db,
    enum lang l, struct strv *out);
/* The summary and the notes on uncertain figures, one line each, in
 * language l, safe to print (names made visible). */
void hamlet_summary_lines(const struct hamlet_review *rv, struct db *db,
    enum lang l, struct strv *out);

/* A ratio in 1/1000 as a percentage with one decimal, rounded down
 * ("49,9%" in Vietnamese, "49.9%" in English). Owned. */
char *hamlet_percent(long pm, enum lang l);

/* Dashboard alerts: a missing rule pack, hamlets that must merge and
 * are in no proposal, proposals whose vote failed, merged units still
 * below the standard. One line each, in language l. */
void hamlet_alerts(struct db *db, enum lang l, struct strv *out);

/* The commune's hamlet figures for the province report (hamlets meeting,
 * below, to merge, exempt; units after approved and proposed mergers),
 * added to f; the pack used is appended to packs. Nothing is added when
 * there is no hamlet pack. */
struct figures;
void hamlet_figures(struct db *db, struct date on, struct figures *f,
    struct strv *packs);

/* Cross-record checks (registered in domain.c): */
/* hamlets: no standard for its kind and region; must merge but in no
 * proposal (warnings). */
void hamlet_check(const struct vctx *ctx, const struct form *f,
    const struct record *r, struct problems *out);
/* mergers: a hamlet in another active proposal (error); the merged
 * unit below the standard (warning); a failed vote (warning at
 * `consulted`, error past it); past `consulted` without the vote
 * figures (error). */
void merger_check(const struct vctx *ctx, const struct form *f,
    const struct record *r, struct problems *out);

/* --- the merge planner ------------------------------------------------ */

struct plan_group {
	struct strv ids;	/* member hamlet ids, largest first; owned */
	struct strv names;	/* their names, same order; owned */
	long households;	/* sum */
	double standard;
	char *kind;		/* of the merged unit; owned */
	char *new_name;		/* suggested: the largest member's name */
};

struct hamlet_plan {
	struct plan_group *g;	/* the suggestions, numbered from 1 */
	size_t ng, gcap;
	struct strv stuck;	/* ids of targets no grouping can lift */
	size_t targets;		/* hamlets the plan tried to lift */
	size_t units_after;	/* hamlets after these and the active proposals */
	bool exact;		/* false when a search hit its step limit */
	struct strv kept;	/* ids: below the standard, marked "keep" */
	struct strv too_large;	/* ids: in a connected area of more than
				 * 64 hamlets, left out */
};

/* Suggest mergers for the hamlets below the standard (not exempt, not
 * in an active proposal, not a "below" hamlet the officer marked
 * keep): disjoint groups, connected along `neighbours` links (either
 * direction), of hamlets with the same standard, each reaching it.
 * Best plan: most targets lifted, then fewest hamlets merged away,
 * then fewest proposals. The search is exact (see sapxep(1)) within a
 * step limit; beyond it, plan->exact is false. */
void hamlet_plan(const struct hamlet_review *rv, struct hamlet_plan *out);
void hamlet_plan_free(struct hamlet_plan *p);

/* Make suggestion `n` (1-based) a draft merger record, saved through
 * db_save. `name` overrides the suggested name when not NULL. The new
 * record's id goes to id_out (UUID_LEN + 1 bytes). */
int hamlet_plan_apply(struct db *db, const struct hamlet_plan *p, size_t n,
    const char *name, char *id_out, struct problems *ps, struct err *e);

/* The planner's step limit per connected area (tests lower it to reach
 * the fallback); 0 restores the default. */
void hamlet_plan_set_limit(unsigned long steps);

#endif
