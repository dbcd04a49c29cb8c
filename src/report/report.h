/* report.h — roll communes up into the figures a province reports.
 *
 * A report walks one workspace or a folder of them (a province) one
 * commune at a time: each commune's records are loaded, its figures
 * computed and handed to a sink (text, CSV, YAML, XLSX), then freed, so
 * memory holds one commune (a few per thread when read in parallel) and
 * the running totals, whatever the number of communes. Nothing here draws on a terminal.
 */
#ifndef SAPXEP_REPORT_H
#define SAPXEP_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "core/err.h"
#include "core/dates.h"
#include "core/i18n.h"
#include "core/xmem.h"
#include "domain/figures.h"
#include "store/paths.h"

struct db;

struct commune_report {
	char *path;
	char *province_code, *province_name;
	char *district_code, *district_name;	/* legacy; may be NULL */
	char *code, *name, *klass;
	struct figures f;
	char last_change[40];	/* latest save, "" when no record */
	char last_sync[40];	/* latest successful sync, "" when never */
	char commit[48];	/* git commit read, "" when not a repository */
	bool reporting;		/* has records, changed within stale_days */
	struct strv packs;	/* rule packs the figures come from */
	char *error;		/* the workspace could not be read (then f is 0) */
};

void commune_report_clear(struct commune_report *c);

struct report_opts {
	int stale_days;		/* a commune with no change for longer is not reporting */
	time_t now;
	struct date as_of;	/* y == 0: the current state */
	enum lang lang;
	int jobs;		/* communes read at once; 0 or 1: one after another,
				 * without threads */
};

/* The communes that have not reported: code (or folder), name, last
 * change ("" when none), in parallel. */
struct lagging {
	struct strv code, name, last;
};

/* Where the rows go. Each callback returns 0 or -1 with e set. */
struct report_sink {
	int (*begin)(struct report_sink *s, const struct report_opts *o, struct err *e);
	int (*commune)(struct report_sink *s, const struct commune_report *c, struct err *e);
	/* districts: the sums per legacy district; totals: everything */
	int (*end)(struct report_sink *s, const struct commune_report *districts,
	    size_t ndistricts, const struct figures *totals,
	    const struct lagging *late, const struct strv *packs, struct err *e);
	void (*free)(struct report_sink *s);
};

/* Stage codes counted in figures.by_stage, in order. */
extern const char *const report_stages[];
#define REPORT_STAGES 6

/* Figures of one commune's records (the staff and hamlet figures come
 * from the domain modules). Fills c; c->error says why when the
 * workspace cannot be read. */
void report_commune(const char *dir, const struct paths *p,
    const struct report_opts *o, struct commune_report *c);

/* Walk dir (one workspace or many below it) and feed the sink, commune
 * by commune in the order found. With o->jobs > 1 the communes are read
 * on that many threads, at most 2 * jobs ahead of the one handed to the
 * sink; the sink is called on the calling thread only, in the same order
 * and with the same rows as without threads. */
int report_run(const char *dir, const struct paths *p,
    const struct report_opts *o, struct report_sink *sink, struct err *e);

/* The sinks. Each writes to out, which it does not close. */
struct report_sink *report_sink_text(FILE *out);
struct report_sink *report_sink_csv(FILE *out);
struct report_sink *report_sink_yaml(FILE *out);
/* The workbook is written to the file `name` (a temporary file the
 * caller renames when complete, see fs_temp_create); `shown` is the file's
 * name in messages. */
struct report_sink *report_sink_xlsx(const char *name, const char *shown);

#endif
