/* cmd_validate.c — sapxep validate: every record of one workspace, or of
 * every workspace below a folder (a province). */
#include "cli/cli.h"
#include "core/text.h"
#include "domain/staff.h"
#include <stdlib.h>
#include <string.h>

struct tally {
	size_t workspaces, records, errors, warnings;
};

/* Settings that need the forms' lists to check. */
static void check_settings(struct workspace *ws, struct tally *t)
{
	const struct choice_list *regions = formset_list(ws->forms, "regions");
	if (ws->cfg.region && regions && !choice_find(regions, ws->cfg.region)) {
		printf(_("%s:1:1: commune.region: '%s' is not a region of config/lists/regions.yaml\n"),
		    ws->config_path, ws->cfg.region);
		t->errors++;
	}
	struct sbuf codes = SBUF_INIT;
	if (ws->cfg.commune_standard && !staff_standard_known(ws->cfg.commune_standard, &codes)) {
		/* the quotas' increases would find no standard, silently */
		printf(_("%s:1:1: commune.standard: '%s' is not a standard the rules know (%s)\n"),
		    ws->config_path, ws->cfg.commune_standard, sbuf_str(&codes));
		t->errors++;
	}
	sbuf_free(&codes);
}

static int validate_one(struct cli *c, const char *dir, struct tally *t)
{
	struct workspace *ws;
	struct db *db;
	struct err e;
	free(c->data);
	c->data = xstrdup(dir);
	t->workspaces++;
	if (cli_open(c, &ws, &db, &e) != 0) {
		char *m = text_visible(e.msg, true);
		printf("%s\n", m);
		free(m);
		t->errors++;
		return e.kind == E_INVALID ? 0 : -1;
	}
	check_settings(ws, t);
	for (size_t i = 0; i < db->errors.n; i++) {
		char *m = text_visible(db->errors.v[i], false);
		printf("%s\n", m);
		free(m);
		t->errors++;
	}
	for (size_t k = 0; k < db->nt; k++) {
		struct db_table *tab = &db->t[k];
		for (size_t i = 0; i < tab->n; i++) {
			struct problems ps = { 0 };
			db_check(db, tab->form, tab->v[i].r, &ps);
			cli_print_problems(tab->v[i].r, tab->form, &ps, stdout);
			t->errors += problems_errors(&ps);
			t->warnings += ps.n - problems_errors(&ps);
			problems_free(&ps);
			t->records++;
		}
	}
	db_free(db);
	ws_close(ws);
	return 0;
}

int cmd_validate(struct cli *c, int argc, char **argv)
{
	int rc0 = cli_common_only(c, argc, argv, _("Usage: sapxep validate [--data DIR]\n"
	    "Check the workspace's settings and every record against its form and\n"
	    "the rules; print each problem as path:line:col: field: message.\n"
	    "DIR may also be a folder holding many workspaces (a province).\n"
	    "Exit status 0 when all is valid, 1 when a problem was found.\n"));
	if (rc0 >= 0)
		return rc0;
	if (optind != argc)
		return cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	struct strv dirs = STRV_INIT;
	char *top = xstrdup(c->data);
	ws_find_all(top, &dirs);
	if (dirs.n == 0) {
		int rc = cli_fail(c, EXIT_INVALID,
		    _("%s holds no workspace (no sapxep.yaml in it or below it)"), top);
		free(top);
		return rc;
	}
	struct tally t = { 0 };
	int rc = EXIT_OK;
	/* the forms and rule packs are read once, not once per workspace */
	c->shared = ws_shared_new();
	for (size_t i = 0; i < dirs.n && rc == EXIT_OK; i++)
		if (validate_one(c, dirs.v[i], &t) != 0)
			rc = EXIT_ENV;
	ws_shared_free(c->shared);
	c->shared = NULL;
	fflush(stdout);
	fprintf(stderr, _("%zu workspace(s), %zu record(s): %zu problem(s), %zu warning(s)\n"),
	    t.workspaces, t.records, t.errors, t.warnings);
	strv_free(&dirs);
	free(top);
	if (rc == EXIT_OK && t.errors)
		rc = EXIT_INVALID;
	return rc;
}
