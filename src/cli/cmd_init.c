/* cmd_init.c — sapxep init: create a commune's workspace. */
#include "cli/cli.h"
#include "core/num.h"
#include "store/form_load.h"
#include "sync/sync.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Region codes come from the shared list; check one before writing it. */
static int check_region(struct cli *c, const char *region)
{
	struct strv dirs = STRV_INIT, errors = STRV_INIT;
	struct formset *fs;
	paths_config_dirs(&c->paths, NULL, &dirs);
	int rc = EXIT_OK;
	if (formset_load(c->paths.screens, &dirs, &fs, &errors) != 0) {
		for (size_t i = 0; i < errors.n; i++)
			cli_fail(c, 0, "%s", errors.v[i]);
		rc = EXIT_ENV;
	} else {
		const struct choice_list *l = formset_list(fs, "regions");
		if (l && !choice_find(l, region)) {
			struct sbuf b = SBUF_INIT;
			for (size_t i = 0; i < l->n; i++)
				sbuf_printf(&b, "%s%s", i ? ", " : "", l->items[i].code);
			rc = cli_fail(c, EXIT_USAGE, _("--region: '%s' is not one of %s"), region,
			    sbuf_str(&b));
			sbuf_free(&b);
		}
		formset_free(fs);
	}
	strv_free(&dirs);
	strv_free(&errors);
	return rc;
}

/* --remote: make the new workspace a repository tied to the province's. */
static int tie_to_remote(struct cli *c, const char *remote)
{
	struct workspace *ws = NULL;
	struct err e;
	int rc = EXIT_OK;
	if (ws_open(c->data, &c->paths, &ws, &e) != 0 || sync_setup(ws, remote, &e) != 0)
		rc = cli_fail(c, EXIT_ENV,
		    _("the workspace is created, but not yet tied to %s (sapxep sync tries again): %s"),
		    remote, e.msg);
	else
		cli_note(c, _("every save is kept for sync; run 'sapxep sync' to send to %s\n"),
		    remote);
	ws_close(ws);
	return rc;
}

/* --area as typed in the interface language: "28,4" in Vietnamese. */
static int area_option(struct cli *c, const char *arg, double *out)
{
	enum lang l = lang_current();
	char *canon = NULL;
	enum num_read r = num_canon_typed(arg, l, false, &canon);
	if (r == NUM_AMBIGUOUS) {
		char *th, *dec;
		num_ambiguous_readings(arg, l, &th, &dec);
		int rc = cli_fail(c, EXIT_USAGE,
		    _("--area %s could be thousands or decimals: write %s for the whole number, %s for the decimal"),
		    arg, th, dec);
		free(th);
		free(dec);
		return rc;
	}
	double v = r == NUM_OK ? num_strtod(canon, NULL) : -1;
	free(canon);
	if (r != NUM_OK || !isfinite(v) || v < 0) {
		char *eg = num_file_to_typed("28.4", l);
		int rc = cli_fail(c, EXIT_USAGE,
		    _("--area takes a number of square kilometres, like %s"), eg);
		free(eg);
		return rc;
	}
	*out = v;
	return EXIT_OK;
}

static bool one_of(const char *v, const char *const *allowed)
{
	for (int i = 0; allowed[i]; i++)
		if (strcmp(v, allowed[i]) == 0)
			return true;
	return false;
}

int cmd_init(struct cli *c, int argc, char **argv)
{
	enum { O_PNAME = 256, O_DIST, O_DNAME, O_KIND, O_REGION, O_POP, O_AREA,
		O_BORDER, O_SECURITY, O_OFFICER, O_ONAME, O_SRULES, O_HRULES,
		O_REMOTE, O_LANGUAGE, O_GROUP, O_DECISION, O_STANDARD };
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "province", required_argument, NULL, 'p' },
		{ "province-name", required_argument, NULL, O_PNAME },
		{ "district", required_argument, NULL, O_DIST },
		{ "district-name", required_argument, NULL, O_DNAME },
		{ "commune", required_argument, NULL, 'c' },
		{ "name", required_argument, NULL, 'n' },
		{ "kind", required_argument, NULL, O_KIND },
		{ "class", required_argument, NULL, 'k' },
		{ "class-decision", required_argument, NULL, O_DECISION },
		{ "region", required_argument, NULL, O_REGION },
		{ "population", required_argument, NULL, O_POP },
		{ "area", required_argument, NULL, O_AREA },
		{ "border-or-island", no_argument, NULL, O_BORDER },
		{ "key-security", no_argument, NULL, O_SECURITY },
		{ "standard", required_argument, NULL, O_STANDARD },
		{ "officer", required_argument, NULL, O_OFFICER },
		{ "officer-name", required_argument, NULL, O_ONAME },
		{ "staff-rules", required_argument, NULL, O_SRULES },
		{ "hamlet-rules", required_argument, NULL, O_HRULES },
		{ "remote", required_argument, NULL, O_REMOTE },
		{ "language", required_argument, NULL, O_LANGUAGE },
		{ "group", required_argument, NULL, O_GROUP },
		{ NULL, 0, NULL, 0 },
	};
	struct ws_config cfg = { 0 };
	cfg.population = -1;
	cfg.area_km2 = -1;
	int opt, rc = EXIT_OK;
	char *end;
	const char *area = NULL;
	while (rc == EXIT_OK && (opt = getopt_long(argc, argv, CLI_SHORT, opts, NULL)) != -1) {
		char **slot = NULL;
		switch (opt) {
		case 'h':
			fputs(_("Usage: sapxep init --data DIR --province CODE --commune CODE --name NAME\n"
			    "                   --class I|II|III [options]\n"
			    "Create a commune's workspace in DIR.\n\n"
			    "  --province-name NAME     --district CODE  --district-name NAME (legacy)\n"
			    "  --kind xa|phuong|dac_khu --region CODE (north_mountains, red_river_delta,\n"
			    "     hanoi, central, central_highlands, south, hcmc)\n"
			    "  --population N  --area KM2  --border-or-island  --key-security\n"
			    "  --standard xa|xa_mountain|phuong_quan|phuong_thanh_pho|phuong_thi_xa\n"
			    "     (the population and area standard the quota increases count from)\n"
			    "  --class-decision TEXT    --officer ID  --officer-name NAME\n"
			    "  --staff-rules PACK  --hamlet-rules PACK  --remote URL\n"
			    "  --language vi|en  --group GROUP (share the workspace with a Unix group)\n"),
			    stdout);
			ws_config_free(&cfg);
			return EXIT_OK;
		case 'p': slot = &cfg.province_code; break;
		case O_PNAME: slot = &cfg.province_name; break;
		case O_DIST: slot = &cfg.district_code; break;
		case O_DNAME: slot = &cfg.district_name; break;
		case 'c': slot = &cfg.commune_code; break;
		case 'n': slot = &cfg.commune_name; break;
		case O_KIND: slot = &cfg.commune_kind; break;
		case 'k': slot = &cfg.commune_class; break;
		case O_DECISION: slot = &cfg.class_decision; break;
		case O_STANDARD: slot = &cfg.commune_standard; break;
		case O_REGION: slot = &cfg.region; break;
		case O_OFFICER: slot = &cfg.officer_id; break;
		case O_ONAME: slot = &cfg.officer_name; break;
		case O_SRULES: slot = &cfg.rules_staff; break;
		case O_HRULES: slot = &cfg.rules_hamlets; break;
		case O_REMOTE: slot = &cfg.remote; break;
		case O_GROUP: slot = &cfg.group; break;
		case O_BORDER: cfg.border_or_island = true; break;
		case O_SECURITY: cfg.key_security = true; break;
		case O_POP:
			errno = 0;
			cfg.population = strtol(optarg, &end, 10);
			if (errno || *end || cfg.population < 0)
				rc = cli_fail(c, EXIT_USAGE, _("--population takes a whole number"));
			break;
		case O_AREA:
			area = optarg;	/* read once --lang is known */
			break;
		case O_LANGUAGE:
			if (lang_parse(optarg, &cfg.language) != 0)
				rc = cli_fail(c, EXIT_USAGE, _("--language takes vi or en"));
			cfg.has_language = true;
			break;
		default: {
			int k = cli_common(c, opt, optarg);
			if (k != 0)
				rc = k < 0 ? EXIT_USAGE : cli_usage(c);
		}
		}
		if (slot) {
			free(*slot);
			*slot = xstrdup(optarg);
		}
	}
	if (rc == EXIT_OK && optind != argc)
		rc = cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	if (rc == EXIT_OK && area)
		rc = area_option(c, area, &cfg.area_km2);
	if (rc == EXIT_OK && (!cfg.province_code || !cfg.commune_code || !cfg.commune_name ||
	    !cfg.commune_class))
		rc = cli_fail(c, EXIT_USAGE,
		    _("--province, --commune, --name and --class are required"));
	static const char *const classes[] = { "I", "II", "III", NULL };
	static const char *const kinds[] = { "xa", "phuong", "dac_khu", NULL };
	if (rc == EXIT_OK && !one_of(cfg.commune_class, classes))
		rc = cli_fail(c, EXIT_USAGE, _("--class takes I, II or III"));
	if (rc == EXIT_OK && cfg.commune_kind && !one_of(cfg.commune_kind, kinds))
		rc = cli_fail(c, EXIT_USAGE, _("--kind takes xa, phuong or dac_khu"));
	if (rc == EXIT_OK && cfg.region)
		rc = check_region(c, cfg.region);
	if (rc == EXIT_OK) {
		/* the settings go through the same checks as when they are read */
		char *buf;
		size_t len;
		struct err e;
		struct ws_config check;
		if (ws_config_serialize(&cfg, &buf, &len, &e) != 0) {
			rc = cli_error(c, &e);
		} else if (ws_config_parse(buf, len, "--options", &check, &e) != 0) {
			rc = cli_fail(c, EXIT_USAGE, "%s", e.msg);
			free(buf);
		} else {
			ws_config_free(&check);
			free(buf);
			if (ws_create(c->data, &cfg, &c->paths, &e) != 0)
				rc = cli_error(c, &e);
			else
				cli_note(c, _("created workspace %s\n"), c->data);
			if (rc == EXIT_OK && cfg.remote)
				rc = tie_to_remote(c, cfg.remote);
		}
	}
	ws_config_free(&cfg);
	return rc;
}
