/* cmd_resolve.c — sapxep resolve: choose, field by field, between the
 * versions sync kept when two machines changed a record differently. */
#include "cli/cli.h"
#include "core/uuid.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int choose(struct cli *c, struct record *r, const char *arg, bool *delete)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return cli_fail(c, EXIT_USAGE, _("'%s': write field=N (N as listed) or record=keep|delete"),
		    arg);
	char *field = xstrndup(arg, (size_t)(eq - arg));
	const char *val = eq + 1;
	struct err e;
	int rc = EXIT_OK;
	if (strcmp(field, "record") == 0) {
		const struct conflict *k = record_conflict(r, NULL);
		bool want_delete = strcmp(val, "delete") == 0;
		if (!k) {
			rc = cli_fail(c, EXIT_INVALID, _("the record is not edited on one machine and deleted on another"));
		} else if (!want_delete && strcmp(val, "keep") != 0) {
			rc = cli_fail(c, EXIT_USAGE, _("record= takes keep or delete"));
		} else {
			size_t i = 0;
			while (i < k->n && k->v[i].has_value == want_delete)
				i++;
			int res = record_resolve(r, NULL, i, &e);
			if (res < 0)
				rc = cli_error(c, &e);
			else
				*delete = res == RESOLVE_DELETE;
		}
	} else {
		char *end;
		errno = 0;
		long n = strtol(val, &end, 10);
		if (errno || *end || n < 1)
			rc = cli_fail(c, EXIT_USAGE, _("%s=%s: give the number of the version, 1 or more"),
			    field, val);
		else if (record_resolve(r, field, (size_t)(n - 1), &e) < 0)
			rc = cli_fail(c, EXIT_INVALID, _("%s: %s"), field, e.msg);
	}
	free(field);
	return rc;
}

int cmd_resolve(struct cli *c, int argc, char **argv)
{
	int rc0 = cli_common_only(c, argc, argv, _("Usage: sapxep resolve FORM ID [--data DIR] [field=N ...] [record=keep|delete]\n"
	    "Without choices, list the versions sync kept for each field of the record\n"
	    "that two machines changed differently. field=N keeps version N of that\n"
	    "field; record=keep or record=delete settles a record edited on one machine\n"
	    "and deleted on another. The record is then saved (or deleted) as usual.\n"));
	if (rc0 >= 0)
		return rc0;
	if (argc - optind < 2)
		return cli_fail(c, EXIT_USAGE, _("name the form and the record: sapxep resolve FORM ID"));
	struct workspace *ws;
	struct db *db;
	struct err e;
	if (cli_open(c, &ws, &db, &e) != 0)
		return cli_error(c, &e);
	int rc = EXIT_USAGE;
	struct record *r = NULL;
	const struct form *f = cli_form(c, ws, argv[optind]);
	struct db_rec *x = f ? cli_record(c, db, f, argv[optind + 1]) : NULL;
	if (f && !x)
		rc = EXIT_INVALID;
	if (!x)
		goto out;
	r = record_clone(x->r);
	if (optind + 2 == argc) {
		/* list what is to be chosen */
		struct problems ps = { 0 };
		struct vctx ctx;
		db_vctx(db, &ctx);
		ctx.cross = NULL;
		validate_record(f, r, &ctx, &ps);
		struct problems only = { 0 };
		for (size_t i = 0; i < ps.n; i++)
			if ((!ps.v[i].field && record_conflict(r, NULL)) ||
			    (ps.v[i].field && record_conflict(r, ps.v[i].field)))
				problems_add_owned(&only, ps.v[i].field, ps.v[i].sev,
				    xstrdup(ps.v[i].msg.vi), xstrdup(ps.v[i].msg.en));
		if (only.n == 0)
			cli_printf(stdout, _("%s has no conflict\n"), x->name);
		else
			cli_print_problems(r, f, &only, stdout);
		problems_free(&only);
		problems_free(&ps);
		rc = EXIT_OK;
		goto out;
	}
	bool delete = false;
	rc = EXIT_OK;
	for (int i = optind + 2; i < argc && rc == EXIT_OK; i++)
		rc = choose(c, r, argv[i], &delete);
	if (rc != EXIT_OK)
		goto out;
	if (delete) {
		if (db_delete(db, f->name, r->id, r->revision, NULL, &e) != 0)
			rc = cli_error(c, &e);
		else
			cli_note(c, _("deleted, as chosen\n"));
		goto out;
	}
	struct problems ps = { 0 };
	if (db_save(db, r, r->revision, &ps, NULL, &e) != 0) {
		rc = cli_error(c, &e);
	} else {
		if (e.kind != E_NONE)
			cli_fail(c, 0, _("warning: %s"), e.msg);
		cli_note(c, _("saved: %s (%zu conflict(s) left)\n"), rstatus_label(r->status),
		    r->nconflicts);
	}
	problems_free(&ps);
out:
	record_free(r);
	db_free(db);
	ws_close(ws);
	return rc;
}
