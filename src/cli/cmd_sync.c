/* cmd_sync.c — sapxep sync, clone, server init, and the two commands git
 * runs on sapxep's behalf: hook pre-receive and merge-driver. */
#include "cli/cli.h"
#include "core/text.h"
#include "store/form_load.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "store/ytree.h"
#include "sync/gitrun.h"
#include "sync/merge.h"
#include "sync/server.h"
#include "sync/sync.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Progress on stderr: percentages overwrite each other on a terminal and
 * are left out elsewhere. */
struct progress {
	bool tty;
	bool pending;	/* a percentage line is showing */
	bool quiet;	/* -q: none at all */
};

static void show_progress(void *data, const char *line)
{
	struct progress *p = data;
	if (p->quiet)
		return;
	size_t n = strlen(line);
	bool pct = n && line[n - 1] == '%';
	if (pct && !p->tty)
		return;
	char *vis = text_visible(line, false);
	if (pct) {
		fprintf(stderr, "\r  %-40s", vis);
		p->pending = true;
	} else {
		fprintf(stderr, "%s%s\n", p->pending ? "\n" : "", vis);
		p->pending = false;
	}
	free(vis);
	fflush(stderr);
}

static void end_progress(struct progress *p)
{
	if (p->pending)
		fputc('\n', stderr);
	p->pending = false;
}

static void print_time(const char *label, time_t t)
{
	char buf[64];
	struct tm tm;
	if (!t) {
		printf("%s: %s\n", label, _("never"));
		return;
	}
	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm);
	printf("%s: %s\n", label, buf);
}

static const char *result_text(const char *result)
{
	static const char *const names[][2] = {
		{ "offline", N_("offline, the server could not be reached") },
		{ "refused", N_("refused by the province") },
		{ "stuck", N_("the changes could not be merged") },
		{ "failed", N_("failed") },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(result, names[i][0]) == 0)
			return _(names[i][1]);
	return result;
}

static int print_status(struct cli *c, struct workspace *ws)
{
	struct sync_status st;
	struct err e;
	if (sync_status(ws, &st, &e) != 0)
		return cli_error(c, &e);
	char *remote = st.remote ? text_visible(st.remote, false) : NULL;
	printf("%s: %s\n", _("Province repository"), remote ? remote : _("none (set remote: in sapxep.yaml)"));
	free(remote);
	if (!st.repo) {
		printf("%s\n", _("This workspace does not sync yet: 'sapxep sync' sets it up."));
	} else {
		printf("%s: %ld\n", _("Changes waiting to be sent"), st.unsent);
		if (st.unrecorded)
			printf("%s: %ld\n", _("Files changed outside sapxep, recorded at the next sync"),
			    st.unrecorded);
		print_time(_("Last successful sync"), st.last_ok);
		if (st.last_attempt && st.last_result && strcmp(st.last_result, "ok") != 0) {
			print_time(_("Last attempt"), st.last_attempt);
			char *m = st.last_message ? text_visible(st.last_message, false) : NULL;
			printf("  %s%s%s\n", result_text(st.last_result), m ? ": " : "", m ? m : "");
			free(m);
		}
	}
	sync_status_free(&st);
	return EXIT_OK;
}

static void print_lines(const struct strv *sv, FILE *out)
{
	for (size_t i = 0; i < sv->n; i++) {
		char *v = text_visible(sv->v[i], false);
		fprintf(out, "  %s\n", v);
		free(v);
	}
}

static int report(struct cli *c, const struct sync_result *res)
{
	int rc = EXIT_OK;
	switch (res->outcome) {
	case SYNC_OK:
		if (!c->quiet)
			printf(_("Synced with the province: %ld change(s) sent, %ld record(s) received.\n"),
			    res->sent, res->received);
		break;
	case SYNC_OFFLINE:
		printf("%s\n", _("Could not reach the province server:"));
		print_lines(&res->messages, stdout);
		printf(ngettext("Nothing is lost: %ld change is waiting to be sent. Sync again when the connection is back.\n",
		    "Nothing is lost: %ld changes are waiting to be sent. Sync again when the connection is back.\n",
		    (unsigned long)res->unsent), res->unsent);
		rc = EXIT_ENV;
		break;
	case SYNC_REFUSED:
		printf("%s\n", _("The province does not accept these changes yet:"));
		print_lines(&res->messages, stdout);
		printf(ngettext("Nothing is lost: %ld change is waiting. Correct the files above in sapxep, then sync again.\n",
		    "Nothing is lost: %ld changes are waiting. Correct the files above in sapxep, then sync again.\n",
		    (unsigned long)res->unsent), res->unsent);
		rc = EXIT_INVALID;
		break;
	case SYNC_CANCELLED:	/* the command line never asks to cancel */
		printf(ngettext("Sync stopped. Nothing is lost: %ld change is waiting to be sent.\n",
		    "Sync stopped. Nothing is lost: %ld changes are waiting to be sent.\n",
		    (unsigned long)res->unsent), res->unsent);
		rc = EXIT_ENV;
		break;
	case SYNC_STUCK:
		printf("%s\n", _("The changes from the province could not be merged with yours:"));
		print_lines(&res->messages, stdout);
		printf("%s\n", _("Nothing was changed and nothing is lost. Ask for help, then sync again."));
		rc = EXIT_INVALID;
		break;
	}
	if (res->conflicts.n) {
		printf(ngettext("%zu record was changed differently here and elsewhere; both versions are kept until someone chooses:\n",
		    "%zu records were changed differently here and elsewhere; both versions are kept until someone chooses:\n",
		    res->conflicts.n), res->conflicts.n);
		print_lines(&res->conflicts, stdout);
	}
	(void)c;
	return rc;
}

int cmd_sync(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "status", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	bool status = false;
	int opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT, opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(_("Usage: sapxep sync [--data DIR] [--status]\n"
			    "Send this workspace's changes to the province and receive the others'.\n"
			    "Records changed on two machines are merged field by field; a field\n"
			    "changed differently keeps both values until someone chooses.\n"
			    "  --status   show the changes waiting and the last sync, and do nothing\n"
			    "Exit status: 0 synced, 1 refused by the province or not mergeable,\n"
			    "3 the server could not be reached (nothing is lost).\n"), stdout);
			return EXIT_OK;
		}
		if (opt == 's') {
			status = true;
			continue;
		}
		int k = cli_common(c, opt, optarg);
		if (k != 0)
			return k < 0 ? EXIT_USAGE : cli_usage(c);
	}
	if (optind != argc)
		return cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	struct workspace *ws;
	struct db *db;
	struct err e;
	if (cli_open(c, &ws, &db, &e) != 0)
		return cli_error(c, &e);
	int rc;
	if (status) {
		rc = print_status(c, ws);
	} else {
		struct progress p = { isatty(2) != 0, false, c->quiet };
		struct sync_opts o = { show_progress, &p, isatty(0) != 0, NULL };
		struct sync_result res;
		if (sync_run(ws, &o, &res, &e) != 0) {
			end_progress(&p);
			rc = cli_error(c, &e);
		} else {
			end_progress(&p);
			rc = report(c, &res);
		}
		sync_result_free(&res);
	}
	db_free(db);
	ws_close(ws);
	return rc;
}

int cmd_clone(struct cli *c, int argc, char **argv)
{
	int rc = cli_common_only(c, argc, argv, _("Usage: sapxep clone URL --data DIR\n"
	    "Set up a new machine (a laptop) with a copy of the commune's workspace\n"
	    "from its repository at the province. DIR must be new or empty.\n"));
	if (rc >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_fail(c, EXIT_USAGE, _("name the province repository: sapxep clone URL --data DIR"));
	struct progress p = { isatty(2) != 0, false, c->quiet };
	struct sync_opts o = { show_progress, &p, isatty(0) != 0, NULL };
	struct err e;
	rc = sync_clone(argv[optind], c->data, &c->paths, &o, &e);
	end_progress(&p);
	if (rc != 0)
		return cli_error(c, &e);
	cli_note(c, _("workspace %s is ready; every save is kept for the next 'sapxep sync'\n"),
	    c->data);
	return EXIT_OK;
}

static int server_init_cmd(struct cli *c, int argc, char **argv)
{
	enum { O_ROOT = 256, O_PROVINCE, O_COMMUNES };
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "root", required_argument, NULL, O_ROOT },
		{ "province", required_argument, NULL, O_PROVINCE },
		{ "communes", required_argument, NULL, O_COMMUNES },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL, *province = NULL, *communes = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT, opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(_("Usage: sapxep server init --root DIR --province CODE --communes FILE.csv\n"
			    "Create, at the province, one repository per commune (DIR/CODE.git) with\n"
			    "sapxep's check of every push. FILE.csv has the columns code and name.\n"
			    "Running it again updates the checks and adds new communes.\n"), stdout);
			return EXIT_OK;
		case O_ROOT: root = optarg; break;
		case O_PROVINCE: province = optarg; break;
		case O_COMMUNES: communes = optarg; break;
		default: {
			int k = cli_common(c, opt, optarg);
			if (k != 0)
				return k < 0 ? EXIT_USAGE : cli_usage(c);
		}
		}
	}
	if (!root || !province || !communes)
		return cli_fail(c, EXIT_USAGE, _("--root, --province and --communes are required"));
	if (optind != argc)
		return cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	struct strv rep = STRV_INIT;
	struct err e;
	int rc = server_init(root, province, communes, &rep, &e);
	for (size_t i = 0; i < rep.n && !c->quiet; i++) {
		char *v = text_visible(rep.v[i], false);
		printf("%s\n", v);
		free(v);
	}
	strv_free(&rep);
	if (rc != 0)
		return cli_error(c, &e);
	return EXIT_OK;
}

int cmd_server(struct cli *c, int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return server_init_cmd(c, argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(_("Usage: sapxep server init --root DIR --province CODE --communes FILE.csv\n"), stdout);
		return EXIT_OK;
	}
	return cli_fail(c, EXIT_USAGE, _("usage: sapxep server init --root DIR --province CODE --communes FILE.csv"));
}

/* The province's forms and lists (no workspace on the server). */
static int load_forms(struct cli *c, struct formset **fs, struct err *e)
{
	struct strv dirs = STRV_INIT, errors = STRV_INIT;
	paths_config_dirs(&c->paths, NULL, &dirs);
	int rc = formset_load(c->paths.screens, &dirs, fs, &errors);
	if (rc != 0)
		err_set(e, E_INVALID, "%s", errors.n ? errors.v[0] : _("the forms cannot be read"));
	strv_free(&dirs);
	strv_free(&errors);
	return rc;
}

int cmd_hook(struct cli *c, int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[1], "pre-receive") != 0)
		return cli_fail(c, EXIT_USAGE, _("usage: sapxep hook pre-receive (run by git at the province)"));
	struct sbuf in = SBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0 && in.len < 1024 * 1024)
		sbuf_add(&in, buf, n);
	struct formset *fs;
	struct strv problems = STRV_INIT;
	struct err e;
	int rc = EXIT_OK;
	if (load_forms(c, &fs, &e) != 0) {
		sbuf_free(&in);
		return cli_error(c, &e);
	}
	if (server_pre_receive(sbuf_str(&in), in.len, fs, &problems, &e) != 0) {
		rc = cli_error(c, &e);
	} else if (problems.n) {
		fprintf(stderr, "%s\n", _("The province server refused this push; nothing was stored:"));
		for (size_t i = 0; i < problems.n; i++) {
			char *v = text_visible(problems.v[i], false);
			fprintf(stderr, "%s\n", v);
			free(v);
		}
		rc = EXIT_INVALID;
	}
	strv_free(&problems);
	formset_free(fs);
	sbuf_free(&in);
	return rc;
}

/* Without a record form: git's own line merge, in place. */
static int text_merge(const char *base, const char *ours, const char *theirs)
{
	struct gitrun g = { 0 };
	struct err e;
	const char *argv[] = { "merge-file", "-L", "here", "-L", "base", "-L", "server",
		ours, base, theirs, NULL };
	int rc = git_run(&g, argv, &e) == 0 && g.status == 0 ? EXIT_OK : EXIT_INVALID;
	if (rc != EXIT_OK)
		fputs(sbuf_str(&g.err), stderr);
	git_done(&g);
	return rc;
}

static int read_version(const char *file, const char *path, const struct formset *fs,
    const struct form *f, bool may_be_empty, struct record **out, struct err *e)
{
	char *buf;
	size_t len;
	*out = NULL;
	if (fs_read_file(file, ylimits_record.max_bytes, &buf, &len, e) != 0)
		return -1;
	int rc = 0;
	if (len || !may_be_empty)
		rc = record_parse(buf, len, path, fs, f->name, 0, out, e);
	free(buf);
	return rc;
}

int cmd_merge_driver(struct cli *c, int argc, char **argv)
{
	if (argc != 5)
		return cli_fail(c, EXIT_USAGE,
		    _("usage: sapxep merge-driver BASE OURS THEIRS PATH (run by git while merging)"));
	const char *base = argv[1], *ours = argv[2], *theirs = argv[3], *path = argv[4];
	struct workspace *ws;
	struct err e;
	/* git runs a merge driver at the top of the workspace */
	if (ws_open(".", &c->paths, &ws, &e) != 0)
		return cli_error(c, &e);
	const struct form *f = NULL;
	const char *slash = strchr(path, '/');
	if (slash && !strchr(slash + 1, '/')) {
		char *folder = xstrndup(path, (size_t)(slash - path));
		f = formset_by_folder(ws->forms, folder);
		free(folder);
	}
	if (!f) {
		ws_close(ws);
		return text_merge(base, ours, theirs);
	}
	struct record *o = NULL, *a = NULL, *b = NULL, *m = NULL;
	char *out = NULL;
	size_t len;
	int rc = EXIT_INVALID;
	if (read_version(base, path, ws->forms, f, true, &o, &e) != 0 ||
	    read_version(ours, path, ws->forms, f, false, &a, &e) != 0 ||
	    read_version(theirs, path, ws->forms, f, false, &b, &e) != 0 ||
	    merge_records(f, o, a, b, &m, &e) != 0 ||
	    record_serialize(f, m, 0, &out, &len, &e) != 0 ||
	    fs_write_atomic(ours, out, len, 0600, false, &e) != 0)
		cli_error(c, &e);
	else
		rc = EXIT_OK;
	free(out);
	record_free(o);
	record_free(a);
	record_free(b);
	record_free(m);
	ws_close(ws);
	return rc;
}
