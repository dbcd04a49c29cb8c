/* cli.c — see cli.h */
#include "cli/cli.h"
#include "core/text.h"
#include "domain/domain.h"
#include "model/value.h"
#include "store/ywrite.h"
#include "sync/sync.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_fail(struct cli *c, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* messages quote file contents (keys, values, who saved a record):
	 * control characters are shown, never sent to the terminal */
	char *shown = text_visible(msg, true);
	if (c->cmd)
		fprintf(stderr, "sapxep %s: %s\n", c->cmd, shown);
	else
		fprintf(stderr, "sapxep: %s\n", shown);
	free(shown);
	free(msg);
	return code;
}

static void vprint_visible(FILE *out, const char *fmt, va_list ap)
{
	char *msg = xvasprintf(fmt, ap);
	char *shown = text_visible(msg, true);
	fputs(shown, out);
	free(shown);
	free(msg);
}

void cli_printf(FILE *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprint_visible(out, fmt, ap);
	va_end(ap);
}

void cli_note(struct cli *c, const char *fmt, ...)
{
	if (c->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vprint_visible(stderr, fmt, ap);
	va_end(ap);
}

int cli_error(struct cli *c, const struct err *e)
{
	return cli_fail(c, err_exit_code(e), "%s", e->msg);
}

int cli_usage(struct cli *c)
{
	fprintf(stderr, _("Try 'sapxep %s --help'.\n"), c->cmd ? c->cmd : "");
	return EXIT_USAGE;
}

int cli_common(struct cli *c, int opt, const char *arg)
{
	switch (opt) {
	case 'd':
		free(c->data);
		c->data = xstrdup(arg);
		return 0;
	case 'L':
		if (lang_parse(arg, &c->lang) != 0) {
			cli_fail(c, EXIT_USAGE, _("--lang takes vi or en, not '%s'"), arg);
			return -1;
		}
		c->lang_given = true;
		i18n_init(c->paths.localedir, c->lang);
		return 0;
	case 'q':
		c->quiet = true;
		return 0;
	}
	return 1;
}

int cli_common_only(struct cli *c, int argc, char **argv, const char *help)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt;
	while ((opt = getopt_long(argc, argv, CLI_SHORT, opts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		int k = cli_common(c, opt, optarg);
		if (k != 0)
			return k < 0 ? EXIT_USAGE : cli_usage(c);
	}
	return -1;
}

int cli_format(struct cli *c, const char *arg, enum out_format *out)
{
	if (strcmp(arg, "text") == 0)
		*out = OUT_TEXT;
	else if (strcmp(arg, "csv") == 0)
		*out = OUT_CSV;
	else if (strcmp(arg, "yaml") == 0)
		*out = OUT_YAML;
	else
		return cli_fail(c, EXIT_USAGE, _("--format takes text, csv or yaml, not '%s'"), arg);
	return 0;
}

/* How a command finds its workspace when --data is not given. */
enum data_use { DATA_NONE, DATA_CREATE, DATA_ONE, DATA_MANY };

static enum data_use data_use(const char *cmd)
{
	static const char *const create[] = { "init", "demo", "clone", NULL };
	static const char *const none[] = { "server", "hook", "merge-driver", NULL };
	static const char *const many[] = { "validate", "report", NULL };
	if (!cmd)
		return DATA_MANY;	/* the interface: a commune or a province */
	for (const char *const *n = create; *n; n++)
		if (strcmp(cmd, *n) == 0)
			return DATA_CREATE;
	for (const char *const *n = none; *n; n++)
		if (strcmp(cmd, *n) == 0)
			return DATA_NONE;
	for (const char *const *n = many; *n; n++)
		if (strcmp(cmd, *n) == 0)
			return DATA_MANY;
	return DATA_ONE;
}

void cli_data_early(struct cli *c)
{
	enum data_use use = data_use(c->cmd);
	if (!c->data && (use == DATA_CREATE || use == DATA_NONE))
		c->data = paths_default_data();
}

int cli_data(struct cli *c, struct err *e)
{
	if (c->data)
		return 0;
	const char *env = getenv("SAPXEP_DATA");
	if (env && *env) {
		c->data = xstrdup(env);
		return 0;
	}
	char *cwd = getcwd(NULL, 0);
	int r = paths_discover(cwd, getenv("HOME"), true, &c->data, e);
	free(cwd);
	if (r < 0)
		return -1;
	if (r > 0 && data_use(c->cmd) == DATA_ONE && !ws_exists(c->data)) {
		/* a province's folder, for a command that works on one commune */
		err_set(e, E_USAGE,
		    _("%s holds many workspaces (a province); this command works on one: run it in a commune's folder, or give --data DIR"),
		    c->data);
		free(c->data);
		c->data = NULL;
		return -1;
	}
	if (r > 0)
		return 0;
	c->data = paths_default_data();
	/* a first run: nothing here, nothing at the default */
	struct strv below = STRV_INIT;
	ws_find_all(c->data, &below);
	bool none = below.n == 0;
	strv_free(&below);
	if (!none)
		return 0;
	return err_set(e, E_NOTFOUND,
	    _("no workspace here, nor in %s.\n"
	    "To start, create your commune's workspace:\n"
	    "  sapxep init --province CODE --commune CODE --name NAME --class I|II|III\n"
	    "or try a demo commune first:\n"
	    "  sapxep demo\n"
	    "To use a workspace elsewhere, run sapxep in its folder or give --data DIR."),
	    c->data);
}

int cli_open_workspace(struct cli *c, struct workspace **ws, struct err *e)
{
	if (cli_data(c, e) != 0)
		return -1;
	if (ws_open_shared(c->data, &c->paths, c->shared, ws, e) != 0)
		return -1;
	sync_attach(*ws);
	if (!c->lang_given && (*ws)->cfg.has_language)
		i18n_init(c->paths.localedir, (*ws)->cfg.language);
	const struct strv *bad = &(*ws)->forms->list_errors;
	for (size_t i = 0; !c->lists_told && i < bad->n; i++)
		cli_fail(c, 0, _("choice list not read: %s"), bad->v[i]);
	return 0;
}

int cli_open_records(const struct cli *c, struct workspace *ws, struct db **db,
    struct err *e)
{
	(void)c;
	if (db_open(ws, db, e) != 0)
		return -1;
	domain_attach(*db);
	return 0;
}

int cli_open(struct cli *c, struct workspace **ws, struct db **db, struct err *e)
{
	if (cli_open_workspace(c, ws, e) != 0)
		return -1;
	if (cli_open_records(c, *ws, db, e) != 0) {
		ws_close(*ws);
		*ws = NULL;
		return -1;
	}
	return 0;
}

int cli_assign(struct cli *c, struct db *db, const struct form *f,
    struct record *r, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i])
			return cli_fail(c, EXIT_USAGE,
			    _("'%s': write each value as field=value"), argv[i]);
		char *name = xstrndup(argv[i], (size_t)(eq - argv[i]));
		const struct field *fd = form_field(f, name);
		if (!fd) {
			struct sbuf b = SBUF_INIT;
			for (size_t k = 0; k < f->nfields; k++)
				sbuf_printf(&b, "%s%s", k ? ", " : "", f->fields[k].name);
			cli_fail(c, EXIT_USAGE, _("form %s has no field '%s' (fields: %s)"),
			    f->name, name, sbuf_str(&b));
			sbuf_free(&b);
			free(name);
			return EXIT_USAGE;
		}
		free(name);
		struct err e;
		if (field_is_list(fd)) {
			struct strv items = STRV_INIT;
			if (value_list_from_input(fd, eq + 1, &db->refs, &items, &e) != 0)
				return cli_fail(c, EXIT_INVALID, "%s: %s", fd->name, e.msg);
			record_set_list(r, fd->name, &items);
			strv_free(&items);
		} else {
			char *v = NULL;
			if (value_from_input(fd, eq + 1, &db->refs, &v, &e) != 0)
				return cli_fail(c, EXIT_INVALID, "%s: %s", fd->name, e.msg);
			record_set_str(r, fd->name, v);
			free(v);
		}
	}
	return EXIT_OK;
}

void cli_print_problems(const struct record *r, const struct form *f,
    const struct problems *ps, FILE *out)
{
	enum lang l = lang_current();
	for (size_t i = 0; i < ps->n; i++) {
		const struct problem *p = &ps->v[i];
		int line, col;
		record_position(r, p->field, &line, &col);
		const struct field *fd = p->field ? form_field(f, p->field) : NULL;
		char *msg = text_visible(i18n_get(&p->msg, l), false);
		fprintf(out, "%s:%d:%d: %s%s%s%s\n", r->path ? r->path : r->id, line, col,
		    p->sev == SEV_WARNING ? _("warning: ") : "",
		    fd ? i18n_get(&fd->label, l) : (p->field ? p->field : ""),
		    p->field ? ": " : "", msg);
		free(msg);
	}
}

const struct form *cli_form(struct cli *c, struct workspace *ws, const char *name)
{
	const struct form *f = formset_get(ws->forms, name);
	if (!f) {
		struct sbuf b = SBUF_INIT;
		for (size_t i = 0; i < ws->forms->n; i++)
			sbuf_printf(&b, "%s%s", i ? ", " : "", ws->forms->forms[i]->name);
		cli_fail(c, EXIT_USAGE, _("no form named '%s' (forms: %s)"), name, sbuf_str(&b));
		sbuf_free(&b);
	}
	return f;
}

/* A record by full id or by a unique prefix of at least 4 characters. */
struct db_rec *cli_record(struct cli *c, struct db *db,
    const struct form *f, const char *id)
{
	struct db_table *t = db_table(db, f->name);
	struct db_rec *hit = NULL;
	size_t n = strlen(id), hits = 0;
	if (n >= 4)
		for (size_t i = 0; i < t->n; i++)
			if (strncmp(t->v[i].r->id, id, n) == 0) {
				hit = &t->v[i];
				hits++;
			}
	if (hits == 1)
		return hit;
	if (hits > 1) {
		cli_fail(c, EXIT_USAGE, _("'%s' matches %zu records of %s; give more of the id"),
		    id, hits, f->name);
		return NULL;
	}
	/* its file may be there but unreadable (damaged, a failing disk):
	 * say so rather than that there is no such record */
	char *where = xasprintf("/%s/%s", f->folder, id);
	for (size_t i = 0; n >= 4 && i < db->errors.n; i++)
		if (strstr(db->errors.v[i], where)) {
			cli_fail(c, EXIT_INVALID, _("the record cannot be read: %s"),
			    db->errors.v[i]);
			free(where);
			return NULL;
		}
	free(where);
	cli_fail(c, EXIT_INVALID, _("no record of %s has the id '%s'"), f->name, id);
	return NULL;
}

int cli_yaml_print(struct cli *c, struct yw *w)
{
	char *out;
	size_t len;
	struct err e;
	if (yw_finish(w, &out, &len, &e) != 0)
		return cli_error(c, &e);
	fwrite(out, 1, len, stdout);
	free(out);
	return EXIT_OK;
}

char *cli_value_csv(const struct fval *v)
{
	if (!v)
		return xstrdup("");
	if (!v->is_list)
		return xstrdup(v->s);
	struct sbuf b = SBUF_INIT;
	for (size_t i = 0; i < v->items.n; i++)
		sbuf_printf(&b, "%s%s", i ? "," : "", v->items.v[i]);
	return sbuf_detach(&b);
}
