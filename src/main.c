/* main.c — sapxep: locale, paths, global options, and the subcommand. */
#include "cli/cli.h"
#include "core/i18n.h"
#include "ui/ui.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#ifndef SAPXEP_VERSION
#define SAPXEP_VERSION "0.1"
#endif

struct command {
	const char *name;
	int (*run)(struct cli *c, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "init", cmd_init, N_("create a workspace for a commune") },
	{ "demo", cmd_demo, N_("write a demo commune (or a province of them)") },
	{ "validate", cmd_validate, N_("check every record and the workspace") },
	{ "list", cmd_list, N_("print the records of a form") },
	{ "new", cmd_new, N_("add a record: sapxep new FORM field=value ...") },
	{ "set", cmd_set, N_("change a record: sapxep set FORM ID field=value ...") },
	{ "delete", cmd_delete, N_("delete a record: sapxep delete FORM ID") },
	{ "import", cmd_import, N_("add records from a CSV file") },
	{ "quota", cmd_quota, N_("the staff plan against the quotas and allowance funds") },
	{ "support", cmd_support, N_("the Decree 154/2025 support of each person who leaves") },
	{ "report", cmd_report, N_("roll a commune or a province up into its figures") },
	{ "review", cmd_review, N_("hamlets against the household standard, merger proposals") },
	{ "plan", cmd_plan, N_("suggest hamlet mergers; --apply N makes one a proposal") },
	{ "sync", cmd_sync, N_("send and receive changes with the province") },
	{ "clone", cmd_clone, N_("set up a new machine from the province copy") },
	{ "server", cmd_server, N_("at the province: one repository per commune") },
	{ "resolve", cmd_resolve, N_("choose between the versions sync kept in a conflict") },
	/* run by git, not by people: not listed */
	{ "hook", cmd_hook, NULL },
	{ "merge-driver", cmd_merge_driver, NULL },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	fprintf(out, _("Usage: sapxep [--data DIR] [--lang vi|en]          open the full-screen interface\n"
	    "       sapxep COMMAND [--data DIR] [options]        run a command\n"
	    "       sapxep --version | --help\n\n"
	    "Commands:\n"));
	for (const struct command *c = commands; c->name; c++)
		if (c->summary)
			fprintf(out, "  %-10s %s\n", c->name, _(c->summary));
	fprintf(out, _("\nDIR defaults to $SAPXEP_DATA, then the workspace the current folder is in,\n"
	    "then $XDG_DATA_HOME/sapxep. -q, --quiet leaves out progress messages.\n"
	    "Each command takes --help. See sapxep(1) and sapxep(5).\n"));
}

/* Does a subcommand's command line ask for its --help (which needs no
 * data files)? As getopt reads it: up to "--". */
static bool asks_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

/* Make sure text is UTF-8: the officers type Vietnamese. Numbers never
 * follow the locale: files hold "28.4" under vi_VN.UTF-8 too, and what
 * people read and type follows the interface language (core/num.h). */
static int utf8_locale(void)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return 0;
	if (setlocale(LC_ALL, "C.UTF-8") || setlocale(LC_ALL, "C.utf8")) {
		setenv("LC_ALL", "C.UTF-8", 1);
		setlocale(LC_NUMERIC, "C");
		return 0;
	}
	fprintf(stderr, "sapxep: the terminal's locale is not UTF-8 and C.UTF-8 is not "
	    "available; set LANG=C.UTF-8 (or vi_VN.UTF-8) and try again\n");
	return -1;
}

int main(int argc, char **argv)
{
	if (utf8_locale() != 0)
		return EXIT_ENV;
	struct cli c = { 0 };
	c.lang = LANG_VI;
	struct err e;
	int rc;
	/* the data files are needed by what runs, not by --help and
	 * --version: missing, they are named below, in the right language */
	paths_init(&c.paths, NULL);
	/* SAPXEP_LANG: a person's (or a server's) choice, above the
	 * workspace's setting and below --lang */
	const char *env_lang = getenv("SAPXEP_LANG");
	if (env_lang && lang_parse(env_lang, &c.lang) == 0)
		c.lang_given = true;
	i18n_init(c.paths.localedir, c.lang);

	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	rc = -1;
	/* '+': stop at the first non-option, the subcommand */
	while (rc < 0 && (opt = getopt_long(argc, argv, "+" CLI_SHORT, opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			usage(stdout);
			rc = EXIT_OK;
			break;
		case 'V':
			printf("sapxep %s\n", SAPXEP_VERSION);
			rc = EXIT_OK;
			break;
		default: {
			int k = cli_common(&c, opt, optarg);
			if (k != 0) {
				if (k > 0)
					usage(stderr);
				rc = EXIT_USAGE;
			}
		}
		}
	}
	if (rc < 0) {
		if (optind >= argc) {
			rc = paths_check(&c.paths, &e) != 0 ? cli_error(&c, &e) : ui_run(&c);
		} else {
			const char *name = argv[optind];
			const struct command *cmd = commands;
			while (cmd->name && strcmp(cmd->name, name) != 0)
				cmd++;
			if (!cmd->name) {
				fprintf(stderr, _("sapxep: unknown command '%s'\n\n"), name);
				usage(stderr);
				rc = EXIT_USAGE;
			} else {
				c.cmd = cmd->name;
				int sub_argc = argc - optind;
				char **sub_argv = argv + optind;
				optind = 0;	/* restart getopt for the subcommand */
				if (!asks_help(sub_argc, sub_argv) && paths_check(&c.paths, &e) != 0) {
					rc = cli_error(&c, &e);
				} else {
					cli_data_early(&c);
					rc = cmd->run(&c, sub_argc, sub_argv);
				}
			}
		}
	}
	/* what went to stdout (a list, a report redirected to a file) must
	 * all have been written: a full disk is not a success */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("sapxep: cannot write the output: %s\n"), strerror(errno));
		if (rc == EXIT_OK)
			rc = EXIT_ENV;
	}
	free(c.data);
	paths_free(&c.paths);
	return rc;
}
