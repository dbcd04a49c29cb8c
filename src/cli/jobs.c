/* jobs.c — see jobs.h */
#include "cli/jobs.h"
#include "core/pool.h"

#include <errno.h>
#include <stdlib.h>

int cli_jobs_default(void)
{
	return (int)pool_default_jobs(CLI_JOBS_DEFAULT_MAX);
}

int cli_jobs(struct cli *c, const char *arg, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 1 || n > CLI_JOBS_MAX)
		return cli_fail(c, EXIT_USAGE,
		    _("--jobs takes a number of communes to read at once, from 1 to %d, not '%s'"),
		    CLI_JOBS_MAX, arg);
	*out = (int)n;
	return 0;
}
