/* cmd_validate.c — sapxep validate: every record of one workspace, or of
 * every workspace below a folder (a province), read on -j threads. */
#include "cli/cli.h"
#include "cli/jobs.h"
#include "core/pool.h"
#include "core/text.h"
#include "domain/staff.h"
#include "sync/sync.h"

#include <stdlib.h>
#include <string.h>

struct tally {
	size_t workspaces, records, errors, warnings;
};

static void tally_add(struct tally *t, const struct tally *u)
{
	t->workspaces += u->workspaces;
	t->records += u->records;
	t->errors += u->errors;
	t->warnings += u->warnings;
}

/* The list files left out, and settings that need the forms' lists to check. */
static void check_settings(struct workspace *ws, FILE *out, struct tally *t)
{
	for (size_t i = 0; i < ws->forms->list_errors.n; i++) {
		cli_printf(out, "%s\n", ws->forms->list_errors.v[i]);
		t->errors++;
	}
	const struct choice_list *regions = formset_list(ws->forms, "regions");
	if (ws->cfg.region && regions && !choice_find(regions, ws->cfg.region)) {
		cli_printf(out, _("%s:1:1: commune.region: '%s' is not a region of config/lists/regions.yaml\n"),
		    ws->config_path, ws->cfg.region);
		t->errors++;
	}
	struct sbuf codes = SBUF_INIT;
	if (ws->cfg.commune_standard && !staff_standard_known(ws->cfg.commune_standard, &codes)) {
		/* the quotas' increases would find no standard, silently */
		cli_printf(out, _("%s:1:1: commune.standard: '%s' is not a standard the rules know (%s)\n"),
		    ws->config_path, ws->cfg.commune_standard, sbuf_str(&codes));
		t->errors++;
	}
	sbuf_free(&codes);
}

/* A workspace that could not be opened: said on out. Returns 0 when its
 * content is at fault (the run goes on), else -1 (it stops). */
static int open_failed(const struct err *e, FILE *out, struct tally *t)
{
	char *m = text_visible(e->msg, true);
	cli_printf(out, "%s\n", m);
	free(m);
	t->errors++;
	return e->kind == E_INVALID ? 0 : -1;
}

/* Every problem of an open workspace, on out; closes it. */
static void check_workspace(struct workspace *ws, struct db *db, FILE *out, struct tally *t)
{
	check_settings(ws, out, t);
	for (size_t i = 0; i < db->errors.n; i++) {
		char *m = text_visible(db->errors.v[i], false);
		cli_printf(out, "%s\n", m);
		free(m);
		t->errors++;
	}
	for (size_t k = 0; k < db->nt; k++) {
		struct db_table *tab = &db->t[k];
		for (size_t i = 0; i < tab->n; i++) {
			struct problems ps = { 0 };
			db_check(db, tab->form, tab->v[i].r, &ps);
			cli_print_problems(tab->v[i].r, tab->form, &ps, out);
			t->errors += problems_errors(&ps);
			t->warnings += ps.n - problems_errors(&ps);
			problems_free(&ps);
			t->records++;
		}
	}
	db_free(db);
	ws_close(ws);
}

/* One workspace, on the calling thread, on standard output; its language
 * (sapxep.yaml) becomes the run's unless --lang was given. */
static int validate_one(struct cli *c, const char *dir, struct tally *t)
{
	struct workspace *ws;
	struct db *db;
	struct err e;
	free(c->data);
	c->data = xstrdup(dir);
	t->workspaces++;
	if (cli_open(c, &ws, &db, &e) != 0)
		return open_failed(&e, stdout, t);
	check_workspace(ws, db, stdout, t);
	return 0;
}

/* --- on several threads -------------------------------------------------- */

/* The run: the workspaces, checked on the pool's threads, printed and
 * counted here in order. A worker never changes the language (the
 * process's, read by gettext on every thread): a workspace whose language
 * would change it stops the pool; it is checked here, as validate_one
 * does, and the pool starts again after it in the new language. */
struct run {
	struct cli *c;
	const struct strv *dirs;
	size_t from;		/* the pool's item i is dirs[from + i] */
	struct tally t;
	int rc;
	size_t again;		/* the workspace that stopped the pool */
};

/* What a worker made of one workspace. */
struct checked {
	char *text;		/* what validate_one would have printed */
	size_t len;
	struct tally t;
	int rc;			/* validate_one's */
	bool again;		/* to be checked on the calling thread: its language
				 * differs, or no memory for its text */
};

/* cli_open, without switching the language: sets *other_lang and
 * returns 1 when the workspace asks for another one. */
static int open_here(const struct cli *c, const char *dir, struct workspace **ws,
    struct db **db, struct err *e, bool *other_lang)
{
	if (ws_open_shared(dir, &c->paths, c->shared, ws, e) != 0)
		return -1;
	*other_lang = !c->lang_given && (*ws)->cfg.has_language &&
	    (*ws)->cfg.language != lang_current();
	if (*other_lang) {
		ws_close(*ws);
		return 1;
	}
	sync_attach(*ws);
	if (cli_open_records(c, *ws, db, e) != 0) {
		ws_close(*ws);
		return -1;
	}
	return 0;
}

static void *check_one(void *ctx, size_t i)
{
	struct run *r = ctx;
	struct checked *k = xcalloc(1, sizeof *k);
	FILE *out = open_memstream(&k->text, &k->len);
	if (!out) {
		k->again = true;
		return k;
	}
	struct workspace *ws;
	struct db *db;
	struct err e;
	k->t.workspaces = 1;
	int o = open_here(r->c, r->dirs->v[r->from + i], &ws, &db, &e, &k->again);
	if (o < 0)
		k->rc = open_failed(&e, out, &k->t);
	else if (o == 0)
		check_workspace(ws, db, out, &k->t);
	if (fclose(out) != 0)
		k->again = true;
	return k;
}

static void checked_free(void *ctx, size_t i, void *result)
{
	struct checked *k = result;
	(void)ctx;
	(void)i;
	free(k->text);
	free(k);
}

static int print_one(void *ctx, size_t i, void *result)
{
	struct run *r = ctx;
	struct checked *k = result;
	if (k->again) {
		r->again = r->from + i;
		checked_free(ctx, i, k);
		return 1;
	}
	fwrite(k->text, 1, k->len, stdout);
	tally_add(&r->t, &k->t);
	free(r->c->data);
	r->c->data = xstrdup(r->dirs->v[r->from + i]);
	int rc = k->rc;
	checked_free(ctx, i, k);
	if (rc != 0) {
		r->rc = EXIT_ENV;
		return 1;
	}
	return 0;
}

int cmd_validate(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		CLI_JOBS_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	int jobs = cli_jobs_default(), opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT "j:", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(_("Usage: sapxep validate [--data DIR] [-j N]\n"
			    "Check the workspace's settings and every record against its form and\n"
			    "the rules; print each problem as path:line:col: field: message.\n"
			    "DIR may also be a folder holding many workspaces (a province).\n"
			    "Exit status 0 when all is valid, 1 when a problem was found.\n"), stdout);
			fputs(_("  -j, --jobs N  read N workspaces at once (default: the number of CPUs,\n"
			    "                at most 8); the output is the same whatever N\n"), stdout);
			return EXIT_OK;
		case 'j':
			if (cli_jobs(c, optarg, &jobs) != 0)
				return EXIT_USAGE;
			break;
		default: {
			int k = cli_common(c, opt, optarg);
			if (k != 0)
				return k < 0 ? EXIT_USAGE : cli_usage(c);
		}
		}
	}
	if (optind != argc)
		return cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	struct err e;
	if (cli_data(c, &e) != 0)
		return cli_error(c, &e);
	struct strv dirs = STRV_INIT;
	char *top = xstrdup(c->data);
	ws_find_all(top, &dirs);
	if (dirs.n == 0) {
		int rc = cli_fail(c, EXIT_INVALID,
		    _("%s holds no workspace (no sapxep.yaml in it or below it)"), top);
		free(top);
		return rc;
	}
	/* the forms and rule packs are read once, not once per workspace */
	c->shared = ws_shared_new();
	c->lists_told = true;	/* check_settings says the lists left out */
	struct run r = { c, &dirs, 0, { 0 }, EXIT_OK, 0 };
	if (jobs <= 1 || dirs.n == 1) {
		/* one after another, without threads */
		for (size_t i = 0; i < dirs.n && r.rc == EXIT_OK; i++)
			if (validate_one(c, dirs.v[i], &r.t) != 0)
				r.rc = EXIT_ENV;
	}
	while (jobs > 1 && dirs.n > 1 && r.from < dirs.n && r.rc == EXIT_OK) {
		if (pool_run(dirs.n - r.from, (unsigned)jobs, 0, check_one, print_one,
		    checked_free, &r) == 0 || r.rc != EXIT_OK)
			break;
		/* a workspace in another language, here, then the rest again */
		if (validate_one(c, dirs.v[r.again], &r.t) != 0)
			r.rc = EXIT_ENV;
		r.from = r.again + 1;
	}
	ws_shared_free(c->shared);
	c->shared = NULL;
	fflush(stdout);
	cli_note(c, _("%zu workspace(s), %zu record(s): %zu problem(s), %zu warning(s)\n"),
	    r.t.workspaces, r.t.records, r.t.errors, r.t.warnings);
	strv_free(&dirs);
	free(top);
	int rc = r.rc;
	if (rc == EXIT_OK && r.t.errors)
		rc = EXIT_INVALID;
	return rc;
}
