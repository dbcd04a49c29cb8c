/* cmd_edit.c — sapxep new / set / delete: scriptable edits through the
 * same validation and save path as the TUI. */
#include "cli/cli.h"
#include "core/uuid.h"

#include <stdlib.h>
#include <string.h>

static void report_saved(struct cli *c, struct record *r, const struct form *f,
    const struct problems *ps, const struct err *e)
{
	if (e->kind != E_NONE)
		cli_fail(c, 0, _("warning: %s"), e->msg);
	if (problems_errors(ps)) {
		cli_fail(c, 0, _("saved as incomplete, %zu problem(s):"), problems_errors(ps));
		cli_print_problems(r, f, ps, stderr);
	}
}

static int edit(struct cli *c, int argc, char **argv, bool create)
{
	static const char help_new[] = N_("Usage: sapxep new FORM [--data DIR] field=value ...\n"
	    "Add a record and print its id. Lists are comma-separated; dates dd/mm/yyyy\n"
	    "or yyyy-mm-dd; choices by code or label; refs by id or display name.\n"
	    "A record with missing or wrong values is saved as incomplete; a value of\n"
	    "the wrong type is refused.\n");
	static const char help_set[] = N_("Usage: sapxep set FORM ID [--data DIR] field=value ...\n"
	    "Change fields of a record (ID may be a unique prefix); field= clears one.\n");
	int rc = cli_common_only(c, argc, argv, _(create ? help_new : help_set));
	if (rc >= 0)
		return rc;
	int need = create ? 1 : 2;
	if (argc - optind < need)
		return cli_fail(c, EXIT_USAGE, create ? _("name the form: sapxep new FORM field=value ...") :
		    _("name the form and the record: sapxep set FORM ID field=value ..."));
	struct workspace *ws;
	struct db *db;
	struct err e;
	if (cli_open(c, &ws, &db, &e) != 0)
		return cli_error(c, &e);
	const struct form *f = cli_form(c, ws, argv[optind]);
	struct record *r = NULL;
	long expected = 0;
	rc = EXIT_USAGE;
	if (!f)
		goto out;
	if (create) {
		r = db_new_record(db, f);
		if (!r) {
			rc = cli_fail(c, EXIT_ENV, _("the system gave no random numbers for a new id"));
			goto out;
		}
	} else {
		struct db_rec *x = cli_record(c, db, f, argv[optind + 1]);
		if (!x) {
			rc = EXIT_INVALID;
			goto out;
		}
		r = record_clone(x->r);
		expected = r->revision;
	}
	rc = cli_assign(c, db, f, r, argc - optind - need, argv + optind + need);
	if (rc != EXIT_OK)
		goto out;
	struct problems ps = { 0 };
	if (db_save(db, r, expected, &ps, NULL, &e) != 0) {
		rc = cli_error(c, &e);
	} else {
		report_saved(c, r, f, &ps, &e);
		if (!create && r->revision == expected)
			cli_note(c, _("nothing changed: the record already holds these values; nothing was written"));
		if (create)
			printf("%s\n", r->id);
		rc = EXIT_OK;
	}
	problems_free(&ps);
out:
	record_free(r);
	db_free(db);
	ws_close(ws);
	return rc;
}

int cmd_new(struct cli *c, int argc, char **argv)
{
	return edit(c, argc, argv, true);
}

int cmd_set(struct cli *c, int argc, char **argv)
{
	return edit(c, argc, argv, false);
}

int cmd_delete(struct cli *c, int argc, char **argv)
{
	static const char help[] = N_("Usage: sapxep delete FORM ID [--data DIR]\n"
	    "Delete a record (ID may be a unique prefix). The file is moved to\n"
	    ".sapxep/trash/ in the workspace, not destroyed.\n");
	int rc = cli_common_only(c, argc, argv, _(help));
	if (rc >= 0)
		return rc;
	if (argc - optind != 2)
		return cli_fail(c, EXIT_USAGE, _("name the form and the record: sapxep delete FORM ID"));
	struct workspace *ws;
	struct db *db;
	struct err e;
	if (cli_open(c, &ws, &db, &e) != 0)
		return cli_error(c, &e);
	const struct form *f = cli_form(c, ws, argv[optind]);
	rc = EXIT_USAGE;
	if (f) {
		struct db_rec *x = cli_record(c, db, f, argv[optind + 1]);
		rc = EXIT_INVALID;
		if (x) {
			char id[UUID_LEN + 1];
			memcpy(id, x->r->id, sizeof id);
			if (db_delete(db, f->name, id, x->r->revision, NULL, &e) != 0) {
				rc = cli_error(c, &e);
			} else {
				if (e.kind != E_NONE)
					cli_fail(c, 0, _("warning: %s"), e.msg);
				rc = EXIT_OK;
			}
		}
	}
	db_free(db);
	ws_close(ws);
	return rc;
}
