/* output.h — where a command's output goes: --output FILE (or `-`,
 * standard output), and the UTF-8 byte order mark of CSV (--bom,
 * --no-bom).
 *
 * A command adds CLI_OUTPUT_OPTIONS to its options, hands each option to
 * cli_output_opt, then brackets its printing with cli_output_begin and
 * cli_output_end. In between, standard output is the file being written
 * (its descriptor is moved there), so the command prints as it always
 * does. The file is a temporary file in the target's folder, created
 * without following links (fs_temp_create), flushed and renamed over the
 * target only when the command succeeds; on any failure the target is
 * left as it was and nothing half-written stays.
 *
 * CSV written to a file starts with a byte order mark, so that Excel on
 * Windows reads Vietnamese as UTF-8; to standard output (a pipe, a
 * script) it has none. --bom and --no-bom decide either way.
 *
 * A workbook (xlsx) needs a file: cli_output_begin with OUTPUT_BINARY
 * does not move standard output but leaves the name a library writes to
 * in cli_output_name.
 */
#ifndef SAPXEP_CLI_OUTPUT_H
#define SAPXEP_CLI_OUTPUT_H

#include <stdbool.h>

#include "cli/cli.h"
#include "store/fsutil.h"

enum { CLI_OPT_BOM = 0x100, CLI_OPT_NO_BOM };

#define CLI_OUTPUT_OPTIONS \
	{ "output", required_argument, NULL, 'o' }, \
	{ "bom", no_argument, NULL, CLI_OPT_BOM }, \
	{ "no-bom", no_argument, NULL, CLI_OPT_NO_BOM }

/* The short option, for getopt_long. */
#define CLI_OUTPUT_SHORT "o:"

enum output_kind { OUTPUT_TEXT, OUTPUT_CSV, OUTPUT_BINARY };

struct cli_output {
	const char *path;	/* --output; NULL or "-": standard output (borrowed) */
	int bom;		/* -1 as by default, 0 --no-bom, 1 --bom */
	/* while begun */
	bool to_file;
	struct fs_temp tmp;
	int saved_stdout;	/* standard output's descriptor, moved aside */
};

#define CLI_OUTPUT_INIT { .bom = -1, .saved_stdout = -1, .tmp = { .fd = -1 } }

/* The lines of a command's --help on these options. */
void cli_output_help(void);

/* Take one of CLI_OUTPUT_OPTIONS: 0 when it was one, 1 when not. */
int cli_output_opt(struct cli_output *o, int opt, const char *arg);

/* True when output goes to a file (not standard output). */
bool cli_output_is_file(const struct cli_output *o);

/* Start writing: check the target (a folder or a device is refused),
 * create the temporary file and, unless OUTPUT_BINARY, make it standard
 * output, starting with a byte order mark when CSV calls for one.
 * Returns 0, or an exit code with the message printed. */
int cli_output_begin(struct cli *c, struct cli_output *o, enum output_kind kind);

/* The name an OUTPUT_BINARY writer writes to (valid until the end). */
const char *cli_output_name(const struct cli_output *o);

/* End writing: with rc == EXIT_OK the file replaces the target (a write
 * error then fails the command), else it is removed; standard output is
 * itself again. Returns the command's exit code. */
int cli_output_end(struct cli *c, struct cli_output *o, int rc);

#endif
