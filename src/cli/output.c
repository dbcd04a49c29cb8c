/* output.c — see output.h */
#include "cli/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_output_help(void)
{
	fputs(_("  -o, --output FILE  write to FILE, replaced only once complete (- is\n"
	    "                     standard output)\n"
	    "  --bom, --no-bom    start CSV with a UTF-8 byte order mark, as Excel\n"
	    "                     needs, or not (by default: to a file, not to\n"
	    "                     standard output)\n"), stdout);
}

int cli_output_opt(struct cli_output *o, int opt, const char *arg)
{
	switch (opt) {
	case 'o':
		o->path = arg;
		return 0;
	case CLI_OPT_BOM:
		o->bom = 1;
		return 0;
	case CLI_OPT_NO_BOM:
		o->bom = 0;
		return 0;
	}
	return 1;
}

bool cli_output_is_file(const struct cli_output *o)
{
	return o->path && strcmp(o->path, "-") != 0;
}

int cli_output_begin(struct cli *c, struct cli_output *o, enum output_kind kind)
{
	o->to_file = cli_output_is_file(o);
	if (!o->to_file) {
		if (kind == OUTPUT_BINARY)
			return cli_fail(c, EXIT_USAGE,
			    _("a workbook (xlsx) needs --output FILE.xlsx"));
		if (kind == OUTPUT_CSV && o->bom == 1)
			fputs("\xEF\xBB\xBF", stdout);
		return 0;
	}
	/* a file is replaced, never a folder or a device; a link at the name
	 * is replaced too, never written through. A file replaced keeps its
	 * permissions; a new one is the officer's alone (0600), as records. */
	struct stat st;
	mode_t mode = 0600;
	if (lstat(o->path, &st) == 0) {
		if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
			return cli_fail(c, EXIT_USAGE, _("--output: %s is not a file"), o->path);
		if (S_ISREG(st.st_mode))
			mode = st.st_mode & 0777;
	}
	struct err e;
	if (fs_temp_create(o->path, mode, &o->tmp, &e) != 0) {
		o->to_file = false;
		return cli_error(c, &e);
	}
	if (kind == OUTPUT_BINARY)
		return 0;
	fflush(stdout);
	o->saved_stdout = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (o->saved_stdout < 0 || dup2(o->tmp.fd, STDOUT_FILENO) < 0) {
		int rc = cli_fail(c, EXIT_ENV, _("cannot write %s: %s"), o->path, strerror(errno));
		if (o->saved_stdout >= 0)
			close(o->saved_stdout);
		o->saved_stdout = -1;
		fs_temp_abort(&o->tmp);
		o->to_file = false;
		return rc;
	}
	if (kind == OUTPUT_CSV && o->bom != 0)
		fputs("\xEF\xBB\xBF", stdout);
	return 0;
}

const char *cli_output_name(const struct cli_output *o)
{
	return o->tmp.open_path;
}

int cli_output_end(struct cli *c, struct cli_output *o, int rc)
{
	if (!o->to_file) {
		if (fflush(stdout) != 0 && rc == EXIT_OK)
			rc = cli_fail(c, EXIT_ENV, _("cannot write the output: %s"), strerror(errno));
		return rc;
	}
	bool failed = false;
	int err_no = 0;
	if (o->saved_stdout >= 0) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			failed = true;
			err_no = errno;
		}
		dup2(o->saved_stdout, STDOUT_FILENO);
		close(o->saved_stdout);
		o->saved_stdout = -1;
		clearerr(stdout);
	}
	o->to_file = false;
	if (rc != EXIT_OK || failed) {
		fs_temp_abort(&o->tmp);
		if (rc == EXIT_OK)
			rc = cli_fail(c, EXIT_ENV, _("cannot write %s: %s"), o->path,
			    strerror(err_no ? err_no : EIO));
		return rc;
	}
	struct err e;
	err_clear(&e);
	if (fs_temp_commit(&o->tmp, true, &e) != 0)
		return cli_error(c, &e);
	if (e.kind != E_NONE)
		cli_fail(c, 0, "%s%s", _("warning: "), e.msg);
	return rc;
}
