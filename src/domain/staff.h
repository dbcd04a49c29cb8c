/* staff.h — non-specialist workers (người hoạt động không chuyên trách):
 * the commune's plan against the quotas and allowance funds of the staff
 * rule pack in force, and the checks across staff records.
 *
 * No terminal and no files of its own: the records come from a db, the
 * figures from its workspace's rule packs (kind "staff"; the ages from
 * kind "ages"). The fact keys are listed in sapxep(5). Every figure of a
 * plan carries the rule it comes from; figures graded C, D or X are marked
 * uncertain.
 *
 * Texts are made in the language asked for and may hold text from record
 * files, which may come from another machine: pass them through
 * text_visible() (struct table does) before they reach a terminal.
 * A plan owns everything it points to except `pack`, which belongs to the
 * workspace.
 */
#ifndef SAPXEP_STAFF_H
#define SAPXEP_STAFF_H

#include <stdbool.h>

#include "core/dates.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/table.h"
#include "core/xmem.h"
#include "model/validate.h"
#include "store/db.h"
#include "store/rules.h"

enum staff_level {
	STAFF_COMMUNE,	/* the commune level (cấp xã) */
	STAFF_HAMLET,	/* one hamlet (thôn, tổ dân phố) */
	STAFF_UNPLACED,	/* records whose level or hamlet is missing */
};

enum staff_basis_kind {
	BASIS_QUOTA,	/* how many people */
	BASIS_FUND,	/* how much allowance */
	BASIS_NOTE,	/* a caveat about the figures */
};

/* One figure and the rule it comes from. */
struct staff_basis {
	enum staff_basis_kind kind;
	char *text;	/* "Định mức cấp xã loại II: 12 người" */
	char *key;	/* the fact: "commune_quota.II"; NULL for a plain note */
	char *cite;	/* "Nghị định 33/2023/NĐ-CP, Điều 33 khoản 1 (A)"; may be NULL */
	char confidence;	/* 'A' 'B' 'C' 'D' 'X', or 0 when not given */
	char *note;	/* the fact's caveat in the plan's language; may be NULL */
};

/* True for confidence C, D and X: shown as uncertain. */
bool staff_uncertain(char confidence);

/* True when `code` is an NQ 1211 standard the staff rules know (the
 * commune.standard setting); the codes, joined by ", ", are appended to
 * *codes when it is not NULL. */
bool staff_standard_known(const char *code, struct sbuf *codes);

struct staff_unit {
	enum staff_level level;
	char *id;		/* the hamlet's record id; NULL otherwise */
	char *name;		/* as shown */
	char *kind;		/* hamlet kind code (thon, tdp); may be NULL */
	long households;	/* -1 when unknown */
	int before;		/* people now */
	int after;		/* people after the plan: the next four together */
	int kept, concurrent_arr, reassigned, undecided;
	int leaving;		/* retire, leave with support, transfer */
	int moved_out;		/* staying, but after the plan only elsewhere */
	int concurrent;		/* people holding two or more titles after */
	int quota;		/* most people allowed; -1 when unknown */
	double fund;		/* allowance fund, × base salary; < 0 unknown */
	double allowance_before, allowance_after;	/* × base salary */
	struct strv filled, vacant;	/* title codes, after the plan */
	struct staff_basis *basis;
	size_t nbasis;
};

/* after − quota: > 0 over, < 0 under; 0 when the quota is unknown. */
int staff_over(const struct staff_unit *u);
/* True when the allowance after the plan exceeds a known fund. */
bool staff_over_fund(const struct staff_unit *u);

/* A record that needs finishing before the plan can be trusted. */
struct staff_attention {
	char *id;
	char *name;
	char *reason;	/* its problems, in the plan's language */
};

struct staff_plan {
	enum lang lang;
	struct date on;			/* the day the rules are taken on */
	const struct pack *pack;	/* borrowed from the workspace */
	const struct choice_list *titles;	/* the title list; borrowed */
	double base_salary;		/* đồng a month; < 0 when unknown */
	struct staff_basis salary;	/* where the base salary comes from */
	struct staff_unit commune;
	struct staff_unit *hamlets;	/* every hamlet record, by name */
	size_t nhamlets;
	struct staff_unit unplaced;	/* used only when some record has no place */
	struct staff_attention *attention;
	size_t nattention;
	struct staff_basis *notes;	/* caveats for the whole plan */
	size_t nnotes;
};

/* Work out the plan of db's staff records with the staff pack named in
 * sapxep.yaml (rules.staff), or else the one in force on `on`. Fails
 * (E_NOTFOUND) when there is no such pack. */
int staff_plan(struct db *db, struct date on, enum lang l, struct staff_plan *out,
    struct err *e);
void staff_plan_free(struct staff_plan *p);

/* The summary, one row per unit (commune level, hamlets, unplaced), with
 * a header row, in the plan's language: for the quota screen and
 * `sapxep quota`. t is initialised here; the caller frees it. */
void staff_plan_table(const struct staff_plan *p, struct table *t);

/* The details of one unit, a line each: the counts, the titles filled and
 * vacant, the allowances against the fund, then each figure with its rule
 * (uncertain ones marked, their caveat on the next line). Appended. */
void staff_unit_lines(const struct staff_plan *p, const struct staff_unit *u,
    struct strv *out);

/* The plan's heading: the pack and the day, the base salary and its
 * source, the caveats for the whole plan. Appended, a line each. */
void staff_head_lines(const struct staff_plan *p, struct strv *out);

/* The records that need finishing, under a heading; nothing when none. */
void staff_attention_lines(const struct staff_plan *p, struct strv *out);

/* Numbers the way the language writes them: staff_fmt_multiple(18, vi)
 * "18,0", staff_fmt_dong(42120000, vi) "42.120.000 đ". Owned. */
char *staff_fmt_multiple(double v, enum lang l);
char *staff_fmt_dong(double v, enum lang l);

/* The breaches a dashboard shows, one line each, appended to out:
 * "Cấp xã: 15 người, định mức 12 (vượt 3)"; allowances over the fund;
 * records saved incomplete; a missing rule pack. Nothing when the
 * workspace has no staff record. Uses today's date. */
void staff_alerts(struct db *db, enum lang l, struct strv *out);

/* The commune's staff figures for the province report (people before and
 * after, reduction, concurrent holders, units over quota, fund and
 * allowance after), added to f; the pack used is appended to packs.
 * Nothing is added when the workspace has no staff pack. */
struct figures;
void staff_figures(struct db *db, struct date on, struct figures *f,
    struct strv *packs);

/* The cross-record checks of the staff form (db is ctx->data): titles fit
 * the level; `concurrent` needs two or more titles after; a hamlet title
 * is held by one person at a time, now and after the plan; the same
 * person (name and birth date) is not entered twice; a hamlet title after
 * the plan needs its hamlet. Warnings: under the minimum age or at or over
 * the retirement age on the effective date; a commune-level post kept
 * while the pack ends them. */
void staff_check(const struct vctx *ctx, const struct form *f,
    const struct record *r, struct problems *out);

#endif
