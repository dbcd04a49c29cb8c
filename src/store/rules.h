/* rules.h — rule packs: the legal figures sapxep checks against, as data
 * with citations (config/rules/<pack>.yaml; the format is in sapxep(5)).
 *
 * A pack holds named facts ("commune_quota.II", "standard.thon.south"),
 * each a number or a text with its instrument, article, validity dates
 * and the confidence of the source. A fact may have dated values (the
 * base salary). A pack may `extend` another and override some facts: a
 * province's own pack. Nothing here knows what a fact means; the domain
 * modules do.
 */
#ifndef SAPXEP_RULES_H
#define SAPXEP_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dates.h"
#include "core/err.h"
#include "core/i18n.h"
#include "core/xmem.h"

/* Where a figure comes from, and how sure the notes are of it:
 * A word for word, B two sources or an official portal, C one source,
 * D recalled only, X a low-trust pointer. */
struct citation {
	char *instrument;	/* "Nghị định 33/2023/NĐ-CP" */
	char *article;		/* "Điều 33 khoản 1" */
	char *confidence;	/* A B C D X */
	char *source;		/* where it was read; may be NULL */
	struct i18n note;	/* caveats; may be empty */
};

struct fact_value {
	bool is_number;
	double num;
	char *text;
	struct date from, to;	/* validity; y == 0: open */
	struct citation cite;	/* filled from the fact and the pack */
};

struct fact {
	char *key;
	struct i18n label;	/* what it is, for reports; may be empty */
	struct fact_value *v;	/* one, or several with dates */
	size_t nv;
	int line;		/* where it is defined */
};

struct pack {
	char *name;		/* file name without .yaml */
	char *kind;		/* "staff", "hamlets", ... */
	struct i18n title;
	char *extends;		/* base pack name, or NULL */
	struct date from, to;	/* when the pack is in force; y == 0: open */
	struct citation cite;	/* defaults for its facts */
	struct fact *facts;
	size_t n;
	char *path;
};

struct packset {
	struct pack *v;
	size_t n;
};

/* Load every pack in <dir>/rules for each config dir (earlier folders
 * override later ones by name), resolve `extends`. Problems go to
 * `errors` as "path:line:col: message"; packs with problems are left
 * out. Returns 0 when there was none. */
int packs_load(const struct strv *config_dirs, struct packset *out,
    struct strv *errors);
void packs_free(struct packset *ps);

/* Parse one pack file (its `extends` is not resolved). */
int pack_parse(const char *buf, size_t len, const char *path, struct pack *out,
    struct err *e);
void pack_clear(struct pack *p);

const struct pack *pack_get(const struct packset *ps, const char *name);

/* The pack of `kind` to use: `name` when given (NULL if unknown), else the
 * one in force on `on` (the latest `from` not after it). */
const struct pack *pack_select(const struct packset *ps, const char *kind,
    const char *name, struct date on);

/* The value of a fact on a date (the entry whose dates hold it, or the
 * only one). NULL when the pack has no such fact. */
const struct fact_value *pack_value(const struct pack *p, const char *key,
    struct date on);

/* Number of a fact, or `dflt` when missing or not a number. */
double pack_number(const struct pack *p, const char *key, struct date on,
    double dflt);

/* "Nghị định 33/2023/NĐ-CP, Điều 33 khoản 1 (C)": owned. */
char *citation_text(const struct citation *c);

#endif
