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

static uint64_t mix(uint64_t h, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		h ^= (v >> (8 * i)) & 0xff;
		h *= 0x100000001b3ULL;	/* FNV-1a */
	}
	return h;
}

static uint64_t look_at(const char *path, uint64_t h, time_t *newest)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return mix(h, 1);
	h = mix(h, (uint64_t)st.st_ino);
	h = mix(h, (uint64_t)st.st_size);
	h = mix(h, (uint64_t)st.st_mtim.tv_sec);
	h = mix(h, (uint64_t)st.st_mtim.tv_nsec);
	h = mix(h, (uint64_t)st.st_ctim.tv_sec);
	h = mix(h, (uint64_t)st.st_ctim.tv_nsec);
	if (st.st_mtim.tv_sec > *newest)
		*newest = st.st_mtim.tv_sec;
	if (st.st_ctim.tv_sec > *newest)
		*newest = st.st_ctim.tv_sec;
	return h;
}

/* The folders' signature; *racy when one changed just now. */
static uint64_t signature(const struct workspace *ws, bool *racy)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	time_t newest = 0;
	h = look_at(ws->config_path, h, &newest);
	for (size_t i = 0; i < ws->forms->n; i++) {
		char *dir = ws_form_dir(ws, ws->forms->forms[i]);
		h = look_at(dir, h, &newest);
		free(dir);
	}
	char *state = path_join(ws->root, ".sapxep/sync.yaml");
	h = look_at(state, h, &newest);
	free(state);
	/* the files' clock, not SAPXEP_NOW's */
	*racy = newest >= time(NULL) - RACY_SECONDS;
	return h;
}

static uint64_t config_signature(const struct workspace *ws)
{
	time_t newest = 0;
	return look_at(ws->config_path, 0xcbf29ce484222325ULL, &newest);
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
