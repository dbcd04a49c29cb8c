/* cmd_report.c — sapxep report: one commune, or every commune of a
 * province, rolled up into the figures the province reports. */
#include "cli/cli.h"
#include "cli/jobs.h"
#include "cli/output.h"
#include "core/dates.h"
#include "report/report.h"
#include "store/fsutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FMT_TEXT, FMT_CSV, FMT_YAML, FMT_XLSX };

int cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		CLI_OUTPUT_OPTIONS,
		{ "as-of", required_argument, NULL, 'a' },
		{ "stale-days", required_argument, NULL, 's' },
		CLI_JOBS_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	int fmt = FMT_TEXT, opt;
	struct cli_output out = CLI_OUTPUT_INIT;
	struct report_opts o = { .stale_days = 14, .jobs = cli_jobs_default() };
	char *end;
	while ((opt = getopt_long(argc, argv, CLI_SHORT "f:o:j:", opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(_("Usage: sapxep report [--data DIR] [--format text|csv|yaml|xlsx]\n"
			    "                     [--output FILE] [--as-of DATE] [--stale-days N]\n"
			    "                     [-j N]\n"
			    "Roll one commune, or every commune below DIR (a province), up into the\n"
			    "figures the province reports: staff before and after, hamlets against the\n"
			    "standard, merger proposals, records complete or not, and which communes\n"
			    "have not reported (no record, or no change for N days, 14 by default).\n"
			    "xlsx needs --output. --as-of reads each workspace as it stood at the end\n"
			    "of DATE (dd/mm/yyyy or yyyy-mm-dd) from its history.\n"
			    "  -j, --jobs N  read N communes at once (default: the number of CPUs,\n"
			    "                at most 8); the report is the same whatever N\n"), stdout);
			cli_output_help();
			return EXIT_OK;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				fmt = FMT_TEXT;
			else if (strcmp(optarg, "csv") == 0)
				fmt = FMT_CSV;
			else if (strcmp(optarg, "yaml") == 0)
				fmt = FMT_YAML;
			else if (strcmp(optarg, "xlsx") == 0)
				fmt = FMT_XLSX;
			else
				return cli_fail(c, EXIT_USAGE,
				    _("--format takes text, csv, yaml or xlsx, not '%s'"), optarg);
			break;
		case 'a':
			if (date_parse_input(optarg, &o.as_of) != 0)
				return cli_fail(c, EXIT_USAGE,
				    _("--as-of: '%s' is not a date (dd/mm/yyyy)"), optarg);
			break;
		case 'j':
			if (cli_jobs(c, optarg, &o.jobs) != 0)
				return EXIT_USAGE;
			break;
		case 's':
			errno = 0;
			o.stale_days = (int)strtol(optarg, &end, 10);
			if (errno || *end || o.stale_days < 0 || o.stale_days > 3650)
				return cli_fail(c, EXIT_USAGE, _("--stale-days takes a number of days"));
			break;
		default: {
			if (cli_output_opt(&out, opt, optarg) == 0)
				break;
			int k = cli_common(c, opt, optarg);
			if (k != 0)
				return k < 0 ? EXIT_USAGE : cli_usage(c);
		}
		}
	}
	if (optind != argc)
		return cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	if (fmt == FMT_XLSX && !cli_output_is_file(&out))
		return cli_fail(c, EXIT_USAGE, _("an xlsx report needs --output FILE.xlsx"));
	struct err e;
	if (cli_data(c, &e) != 0)
		return cli_error(c, &e);
	o.now = clock_now();
	if (o.as_of.y) {
		/* "not reporting" is judged at the end of that day */
		struct tm tm = { .tm_year = o.as_of.y - 1900, .tm_mon = o.as_of.m - 1,
			.tm_mday = o.as_of.d, .tm_hour = 23, .tm_min = 59, .tm_sec = 59,
			.tm_isdst = -1 };
		o.now = mktime(&tm);
	}
	o.lang = lang_current();

	int rc = cli_output_begin(c, &out, fmt == FMT_XLSX ? OUTPUT_BINARY :
	    fmt == FMT_CSV ? OUTPUT_CSV : OUTPUT_TEXT);
	if (rc != EXIT_OK)
		return rc;
	struct report_sink *sink = fmt == FMT_TEXT ? report_sink_text(stdout) :
	    fmt == FMT_CSV ? report_sink_csv(stdout) : fmt == FMT_YAML ?
	    report_sink_yaml(stdout) : report_sink_xlsx(cli_output_name(&out), out.path);
	rc = report_run(c->data, &c->paths, &o, sink, &e) == 0 ? EXIT_OK : -1;
	sink->free(sink);
	if (rc != 0)
		rc = cli_error(c, &e);
	return cli_output_end(c, &out, rc);
}
