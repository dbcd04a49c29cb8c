/* jobs.h — the -j / --jobs option of the commands that read many
 * communes at once (report, validate). */
#ifndef SAPXEP_CLI_JOBS_H
#define SAPXEP_CLI_JOBS_H

#include "cli/cli.h"

#define CLI_JOBS_DEFAULT_MAX 8	/* the default: the online CPUs, at most this */
#define CLI_JOBS_MAX 64		/* the most -j accepts */

#define CLI_JOBS_OPTION { "jobs", required_argument, NULL, 'j' }

/* The default number of jobs: the online CPUs, at most CLI_JOBS_DEFAULT_MAX. */
int cli_jobs_default(void);

/* Parse the value of -j into *out (1 .. CLI_JOBS_MAX). Returns 0, or
 * EXIT_USAGE with a message printed. */
int cli_jobs(struct cli *c, const char *arg, int *out);

#endif
