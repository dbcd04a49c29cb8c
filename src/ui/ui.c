/* ui.c — placeholder until the TUI lands: says so and points at the
 * command line. */
#include "ui/ui.h"
#include "cli/cli.h"

int ui_run(struct cli *c)
{
	return cli_fail(c, EXIT_ENV,
	    _("the full-screen interface is not built yet; use the subcommands (sapxep --help)"));
}
