/* cli.h — the command line: shared plumbing and one function per
 * subcommand. Commands print to stdout, messages to stderr, and return
 * an exit code (enum exit_code).
 */
#ifndef SAPXEP_CLI_H
#define SAPXEP_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/err.h"
#include "core/i18n.h"
#include "store/db.h"
#include "store/paths.h"
#include "store/workspace.h"

struct cli {
	struct paths paths;
	char *data;		/* --data, else the default workspace; owned */
	enum lang lang;
	bool lang_given;	/* --lang was on the command line */
	const char *cmd;	/* the subcommand, for messages */
	struct ws_shared *shared;	/* set by commands that open many workspaces
				 * (cli_open borrows forms and packs from it) */
	bool quiet;		/* -q: no progress messages (cli_note) */
	bool lists_told;	/* the command says list files left out itself
				 * (validate), not cli_open_workspace */
};

/* Options every subcommand takes. */
#define CLI_COMMON_OPTIONS \
	{ "data", required_argument, NULL, 'd' }, \
	{ "lang", required_argument, NULL, 'L' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "quiet", no_argument, NULL, 'q' }

/* The short options every subcommand takes, for getopt_long. */
#define CLI_SHORT "hq"

/* Handle a common option; returns 0 if handled, -1 on a bad value
 * (message printed), 1 when `opt` is not a common option. */
int cli_common(struct cli *c, int opt, const char *arg);

/* Parse a command that takes only the common options: prints `help` for
 * --help. Returns -1 to go on (optind at the first argument), else the
 * exit code to return. */
int cli_common_only(struct cli *c, int argc, char **argv, const char *help);

/* Print "sapxep CMD: message" to stderr; returns `code`. */
int cli_fail(struct cli *c, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A progress message ("created workspace ..."): to stderr, unless -q. */
void cli_note(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print to out what may quote a record, a CSV cell or a folder name, made
 * harmless for a terminal first (text_visible: control characters and
 * escape sequences are shown, never sent; newlines kept). Every message
 * of the commands that quotes such text goes through here. */
void cli_printf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print an error's message and return its exit code. */
int cli_error(struct cli *c, const struct err *e);
/* "Try 'sapxep CMD --help'." and EXIT_USAGE. */
int cli_usage(struct cli *c);

/* Where c->data comes from when --data is not given, in two steps,
 * since --data may follow the command's name. Before the command runs,
 * cli_data_early gives the commands that create a workspace (init, demo,
 * clone) and those that need none (server, hook, merge-driver) the
 * default: $SAPXEP_DATA, else the XDG folder (paths_default_data). The
 * others read their options, then call cli_data (cli_open does): there,
 * the workspace the current folder is in comes before the XDG folder
 * (paths_discover; a province's folder too for the interface, validate
 * and report, whose c->cmd is NULL, "validate", "report"; the others,
 * run in a province's folder, fail with E_USAGE). With nothing at the
 * default either (a first run), it fails (E_NOTFOUND) with what to do:
 * sapxep init, or sapxep demo. Returns 0, or -1 with e set. */
void cli_data_early(struct cli *c);
int cli_data(struct cli *c, struct err *e);

/* Open the workspace at c->data (through c->shared when set) and load
 * its records (with the domain rules attached, and every save recorded
 * for sync). Switches the language to the workspace's unless --lang was
 * given. Files that could not be loaded are left in db->errors for the
 * caller. */
int cli_open(struct cli *c, struct workspace **ws, struct db **db, struct err *e);

/* cli_open in two steps, for the interface, which shows the dashboard of
 * the last run between them: the workspace (settings, forms, language),
 * then its records. On a failure of the second, ws is still the caller's
 * to close. */
int cli_open_workspace(struct cli *c, struct workspace **ws, struct err *e);
int cli_open_records(const struct cli *c, struct workspace *ws, struct db **db,
    struct err *e);

/* Parse field=value arguments into r through the typed-input rules;
 * lists as comma-separated values; "field=" clears. */
int cli_assign(struct cli *c, struct db *db, const struct form *f,
    struct record *r, int argc, char **argv);

/* The form called `name`, or NULL with a message listing the forms. */
const struct form *cli_form(struct cli *c, struct workspace *ws, const char *name);

/* A record by full id or by a unique prefix of at least 4 characters, or
 * NULL with a message. */
struct db_rec *cli_record(struct cli *c, struct db *db, const struct form *f,
    const char *id);

/* Print a record's problems as "path:line:col: field: message". */
void cli_print_problems(const struct record *r, const struct form *f,
    const struct problems *ps, FILE *out);

/* End a YAML document, print it on standard output; frees w. Returns an
 * exit code. */
struct yw;
int cli_yaml_print(struct cli *c, struct yw *w);

/* A value as stored, as list --format csv writes it and import reads it
 * back: lists joined by commas; "" for none (v may be NULL). Owned. */
struct fval;
char *cli_value_csv(const struct fval *v);

/* Output formats of list-like commands. */
enum out_format { OUT_TEXT, OUT_CSV, OUT_YAML };
int cli_format(struct cli *c, const char *arg, enum out_format *out);

int cmd_init(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_validate(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_new(struct cli *c, int argc, char **argv);
int cmd_set(struct cli *c, int argc, char **argv);
int cmd_delete(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_quota(struct cli *c, int argc, char **argv);
int cmd_support(struct cli *c, int argc, char **argv);
int cmd_report(struct cli *c, int argc, char **argv);
int cmd_review(struct cli *c, int argc, char **argv);
int cmd_plan(struct cli *c, int argc, char **argv);
int cmd_sync(struct cli *c, int argc, char **argv);
int cmd_clone(struct cli *c, int argc, char **argv);
int cmd_server(struct cli *c, int argc, char **argv);
int cmd_hook(struct cli *c, int argc, char **argv);
int cmd_merge_driver(struct cli *c, int argc, char **argv);
int cmd_resolve(struct cli *c, int argc, char **argv);

#endif
