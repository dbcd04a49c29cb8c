/* watch.c — see watch.h */
#include "ui/watch.h"
#include "domain/domain.h"
#include "store/db.h"
#include "store/fsutil.h"
#include "cli/cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#define WATCH_SECONDS 2.0	/* how often an idle screen looks */
#define RACY_SECONDS 1		/* a change this recent may hide another */

/* The folders' signature; *racy when one changed just now. */
static uint64_t signature(const struct workspace *ws, bool *racy)
{
	struct timespec newest = { 0, 0 };
	uint64_t h = fs_sig_path(FS_SIG_INIT, ws->config_path, &newest);
	for (size_t i = 0; i < ws->forms->n; i++) {
		char *dir = ws_form_dir(ws, ws->forms->forms[i]);
		h = fs_sig_path(h, dir, &newest);
		free(dir);
	}
	char *state = path_join(ws->root, ".sapxep/sync.yaml");
	h = fs_sig_path(h, state, &newest);
	free(state);
	/* the files' clock, not SAPXEP_NOW's */
	*racy = newest.tv_sec >= time(NULL) - RACY_SECONDS;
	return h;
}

static uint64_t config_signature(const struct workspace *ws)
{
	return fs_sig_path(FS_SIG_INIT, ws->config_path, NULL);
}

static void note(struct ui *u)
{
	u->watch_ws = u->ws;
	u->watch_sig = signature(u->ws, &u->watch_racy);
	u->watch_cfg = config_signature(u->ws);
	u->watch_at = term_clock(u);
}

/* sapxep.yaml changed (a sync brought another class, a shell edit): the
 * settings again, and the language with them unless --lang was given. */
static void reload_settings(struct ui *u)
{
	struct err e;
	if (ws_reload_config(u->ws, &e) != 0) {
		term_msg(u, MSG_ERROR, _("sapxep.yaml changed but cannot be read; the settings stay as they were: %s"),
		    e.msg);
		return;
	}
	struct cli *c = u->cli;
	if (c && !c->lang_given && u->ws->cfg.has_language &&
	    u->ws->cfg.language != lang_current()) {
		i18n_init(c->paths.localedir, u->ws->cfg.language);
		u->full = true;
	}
}

void watch_reload(struct ui *u)
{
	if (!u->ws || !u->db)
		return;
	/* the signature first: a change made while loading is seen next time */
	unsigned long long cfg_before = u->watch_ws == u->ws ? u->watch_cfg : 0;
	note(u);
	if (cfg_before && cfg_before != u->watch_cfg)
		reload_settings(u);
	struct db *db;
	struct err e;
	if (db_open(u->ws, &db, &e) != 0) {
		term_msg(u, MSG_ERROR, _("The records could not be read again: %s"), e.msg);
		u->watch_racy = true;	/* try again later */
		return;
	}
	domain_attach(db);
	db_free(u->db);
	u->db = db;
	u->db_gen++;
}

bool watch_check(struct ui *u, bool now)
{
	if (!u->ws || !u->db)
		return false;
	if (u->watch_ws != u->ws) {
		note(u);
		return false;
	}
	if (!now && term_clock(u) - u->watch_at < WATCH_SECONDS)
		return false;
	bool racy;	/* noted again by the reload */
	uint64_t sig = signature(u->ws, &racy);
	u->watch_at = term_clock(u);
	if (sig == u->watch_sig && !u->watch_racy)
		return false;

	watch_reload(u);
	return true;
}
