/* workspace.c — see workspace.h */
#include "store/workspace.h"
#include "store/form_load.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "store/yget.h"
#include "store/ytree.h"
#include "store/ywrite.h"
#include "core/dates.h"
#include "core/num.h"
#include "core/text.h"
#include "core/uuid.h"

#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_WAIT_MS 10000

void ws_config_free(struct ws_config *c)
{
	char **strs[] = { &c->province_code, &c->province_name, &c->district_code,
		&c->district_name, &c->commune_code, &c->commune_name,
		&c->commune_kind, &c->commune_class, &c->class_decision, &c->region,
		&c->commune_standard,
		&c->officer_id, &c->officer_name, &c->rules_staff, &c->rules_hamlets,
		&c->remote, &c->group };
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		xfree(strs[i]);
}

static const char *const top_keys[] = { "format", "province", "district",
	"commune", "officer", "rules", "remote", "language", "group", NULL };
static const char *const code_name_keys[] = { "code", "name", NULL };
static const char *const commune_keys[] = { "code", "name", "kind", "class",
	"class_decision", "region", "population", "area_km2",
	"border_or_island", "key_security", "standard", NULL };
static const char *const officer_keys[] = { "id", "name", NULL };
static const char *const rules_keys[] = { "staff", "hamlets", NULL };

static int one_of(struct yctx *c, const struct ynode *map, const char *key,
    const char *val, const char *const *allowed)
{
	if (!val)
		return 0;
	for (int i = 0; allowed[i]; i++)
		if (strcmp(val, allowed[i]) == 0)
			return 0;
	struct sbuf b = SBUF_INIT;
	for (int i = 0; allowed[i]; i++)
		sbuf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
	int r = yc_bad(c, ymap_get(map, key), _("%s: '%s' is not one of %s"), key, val,
	    sbuf_str(&b));
	sbuf_free(&b);
	return r;
}

int ws_config_parse(const char *buf, size_t len, const char *path,
    struct ws_config *out, struct err *e)
{
	static const char *const kinds[] = { "xa", "phuong", "dac_khu", NULL };
	static const char *const classes[] = { "I", "II", "III", NULL };
	struct ydoc doc;
	struct yctx c = { path, e };
	memset(out, 0, sizeof *out);
	out->population = -1;
	out->area_km2 = -1;
	if (ydoc_parse(buf, len, path, &ylimits_record, &doc, e) != 0) {
		ydoc_free(&doc);
		return -1;
	}
	const struct ynode *root = doc.root, *n;
	long format = 1;
	int r = -1;
	if (yc_map(&c, root, "sapxep.yaml", top_keys) != 0 ||
	    yc_long(&c, root, "format", false, 1, 1, &format) != 0)
		goto out;
	n = ymap_get(root, "province");
	if (yc_map(&c, n, "province", code_name_keys) != 0 ||
	    yc_str(&c, n, "code", true, &out->province_code) != 0 ||
	    yc_str(&c, n, "name", false, &out->province_name) != 0)
		goto out;
	n = ymap_get(root, "district");
	if (n && !ynode_is_null(n) &&
	    (yc_map(&c, n, "district", code_name_keys) != 0 ||
	    yc_str(&c, n, "code", false, &out->district_code) != 0 ||
	    yc_str(&c, n, "name", false, &out->district_name) != 0))
		goto out;
	n = ymap_get(root, "commune");
	double area = -1;
	if (yc_map(&c, n, "commune", commune_keys) != 0 ||
	    yc_str(&c, n, "code", true, &out->commune_code) != 0 ||
	    yc_str(&c, n, "name", true, &out->commune_name) != 0 ||
	    yc_str(&c, n, "kind", false, &out->commune_kind) != 0 ||
	    yc_str(&c, n, "class", true, &out->commune_class) != 0 ||
	    yc_str(&c, n, "class_decision", false, &out->class_decision) != 0 ||
	    yc_str(&c, n, "region", false, &out->region) != 0 ||
	    yc_long(&c, n, "population", false, 0, 100000000, &out->population) != 0 ||
	    yc_double(&c, n, "area_km2", false, &area) != 0 ||
	    yc_bool(&c, n, "border_or_island", false, &out->border_or_island) != 0 ||
	    yc_bool(&c, n, "key_security", false, &out->key_security) != 0 ||
	    yc_str(&c, n, "standard", false, &out->commune_standard) != 0 ||
	    one_of(&c, n, "kind", out->commune_kind, kinds) != 0 ||
	    one_of(&c, n, "class", out->commune_class, classes) != 0)
		goto out;
	if (ymap_get(n, "area_km2") && (area < 0 || area > 1e6)) {
		yc_bad(&c, ymap_get(n, "area_km2"), _("area_km2: must be between 0 and 1000000"));
		goto out;
	}
	out->area_km2 = area;
	if (out->commune_standard && !yc_is_ident(out->commune_standard)) {
		yc_bad(&c, ymap_get(n, "standard"), _("standard: '%s' is not a standard's code"),
		    out->commune_standard);
		goto out;
	}
	if (out->region && !yc_is_ident(out->region)) {
		yc_bad(&c, ymap_get(n, "region"), _("region: '%s' is not a region code"),
		    out->region);
		goto out;
	}
	n = ymap_get(root, "officer");
	if (n && !ynode_is_null(n) &&
	    (yc_map(&c, n, "officer", officer_keys) != 0 ||
	    yc_str(&c, n, "id", true, &out->officer_id) != 0 ||
	    yc_str(&c, n, "name", false, &out->officer_name) != 0))
		goto out;
	n = ymap_get(root, "rules");
	if (n && !ynode_is_null(n) &&
	    (yc_map(&c, n, "rules", rules_keys) != 0 ||
	    yc_str(&c, n, "staff", false, &out->rules_staff) != 0 ||
	    yc_str(&c, n, "hamlets", false, &out->rules_hamlets) != 0))
		goto out;
	if ((out->rules_staff && !yc_is_ident_dash(out->rules_staff)) ||
	    (out->rules_hamlets && !yc_is_ident_dash(out->rules_hamlets))) {
		yc_bad(&c, n, _("rules: a pack name is letters, digits, - and _"));
		goto out;
	}
	char *lang = NULL;
	if (yc_str(&c, root, "remote", false, &out->remote) != 0 ||
	    yc_str(&c, root, "language", false, &lang) != 0 ||
	    yc_str(&c, root, "group", false, &out->group) != 0) {
		free(lang);
		goto out;
	}
	if (lang) {
		int lr = lang_parse(lang, &out->language);
		free(lang);
		if (lr != 0) {
			yc_bad(&c, ymap_get(root, "language"), _("language: use vi or en"));
			goto out;
		}
		out->has_language = true;
	}
	r = 0;
out:
	if (r != 0)
		ws_config_free(out);
	ydoc_free(&doc);
	return r;
}

static void pair_opt(struct yw *w, const char *k, const char *v)
{
	if (v && *v)
		yw_pair(w, k, v);
}

int ws_config_serialize(const struct ws_config *c, char **out, size_t *len,
    struct err *e)
{
	struct yw *w = yw_new();
	char num[64];
	yw_map_begin(w);
	yw_pair_plain(w, "format", "1");
	yw_text(w, "province");
	yw_map_begin(w);
	pair_opt(w, "code", c->province_code);
	pair_opt(w, "name", c->province_name);
	yw_map_end(w);
	/* (empty ones are not written: nor is the mapping that would hold
	 * nothing, or the file would not read back the same) */
	if ((c->district_code && *c->district_code) ||
	    (c->district_name && *c->district_name)) {
		yw_text(w, "district");
		yw_map_begin(w);
		pair_opt(w, "code", c->district_code);
		pair_opt(w, "name", c->district_name);
		yw_map_end(w);
	}
	yw_text(w, "commune");
	yw_map_begin(w);
	pair_opt(w, "code", c->commune_code);
	pair_opt(w, "name", c->commune_name);
	pair_opt(w, "kind", c->commune_kind);
	pair_opt(w, "class", c->commune_class);
	pair_opt(w, "class_decision", c->class_decision);
	pair_opt(w, "region", c->region);
	if (c->population >= 0) {
		snprintf(num, sizeof num, "%ld", c->population);
		yw_pair_plain(w, "population", num);
	}
	if (c->area_km2 >= 0) {
		num_file(num, sizeof num, c->area_km2, 2);
		yw_pair_plain(w, "area_km2", num);
	}
	yw_pair_plain(w, "border_or_island", c->border_or_island ? "true" : "false");
	yw_pair_plain(w, "key_security", c->key_security ? "true" : "false");
	pair_opt(w, "standard", c->commune_standard);
	yw_map_end(w);
	if (c->officer_id) {
		yw_text(w, "officer");
		yw_map_begin(w);
		pair_opt(w, "id", c->officer_id);
		pair_opt(w, "name", c->officer_name);
		yw_map_end(w);
	}
	if (c->rules_staff || c->rules_hamlets) {
		yw_text(w, "rules");
		yw_map_begin(w);
		pair_opt(w, "staff", c->rules_staff);
		pair_opt(w, "hamlets", c->rules_hamlets);
		yw_map_end(w);
	}
	pair_opt(w, "remote", c->remote);
	if (c->has_language)
		yw_pair(w, "language", lang_code(c->language));
	pair_opt(w, "group", c->group);
	yw_map_end(w);
	return yw_finish(w, out, len, e);
}

char *ws_config_value(const struct ws_config *c, const char *key)
{
	if (strncmp(key, "commune.", 8) != 0)
		return NULL;
	key += 8;
	if (strcmp(key, "region") == 0)
		return xstrdup(c->region);
	if (strcmp(key, "kind") == 0)
		return xstrdup(c->commune_kind);
	if (strcmp(key, "class") == 0)
		return xstrdup(c->commune_class);
	if (strcmp(key, "border_or_island") == 0)
		return xstrdup(c->border_or_island ? "true" : "false");
	if (strcmp(key, "key_security") == 0)
		return xstrdup(c->key_security ? "true" : "false");
	return NULL;
}

bool ws_exists(const char *dir)
{
	char *p = path_join(dir, "sapxep.yaml");
	bool ok = fs_exists(p);
	free(p);
	return ok;
}


static void find_all(const char *dir, int depth, struct strv *out)
{
	if (ws_exists(dir)) {
		strv_push(out, dir);
		return;
	}
	if (depth > 8)
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct strv subs = STRV_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			strv_take(&subs, path_join(dir, de->d_name));
	closedir(d);
	strv_sort(&subs);
	for (size_t i = 0; i < subs.n; i++)
		if (fs_is_dir(subs.v[i]))
			find_all(subs.v[i], depth + 1, out);
	strv_free(&subs);
}

void ws_find_all(const char *dir, struct strv *out)
{
	find_all(dir, 0, out);
}

/* The id of a Unix group, or (gid_t)-1. getgrnam_r: workspaces may be
 * opened on several threads at once. */
static gid_t group_id(const char *name)
{
	size_t n = 16384;
	gid_t gid = (gid_t)-1;
	for (;;) {
		struct group gr, *g = NULL;
		char *buf = xmalloc(n);
		int r = getgrnam_r(name, &gr, buf, n, &g);
		if (r == 0 && g)
			gid = g->gr_gid;
		free(buf);
		if (r != ERANGE || n >= 16u << 20)
			return gid;
		n *= 4;
	}
}

/* Modes: owner only, or owner and group for a shared workspace. */
static void set_modes(struct workspace *ws)
{
	ws->gid = (gid_t)-1;
	ws->file_mode = 0600;
	ws->dir_mode = 0700;
	if (ws->cfg.group) {
		gid_t gid = group_id(ws->cfg.group);
		if (gid != (gid_t)-1) {
			ws->gid = gid;
			ws->file_mode = 0660;
			ws->dir_mode = 02770;
		}
	}
}

/* Give a folder the workspace's mode and group. */
static int set_dir_mode(struct workspace *ws, const char *path, struct err *e)
{
	if (chmod(path, ws->dir_mode) != 0)
		return err_sys(e, E_IO, _("cannot set permissions on %s"), path);
	if (ws->gid != (gid_t)-1 && chown(path, (uid_t)-1, ws->gid) != 0)
		return err_sys(e, E_IO, _("cannot give folder %s to group %s"), path,
		    ws->cfg.group);
	return 0;
}

static int make_dir(struct workspace *ws, const char *path, struct err *e)
{
	if (fs_is_dir(path))
		return 0;
	if (fs_mkdirs(path, ws->dir_mode & 0777, e) != 0)
		return -1;
	/* mkdir's mode is masked by umask: set it as the workspace wants */
	return set_dir_mode(ws, path, e);
}

int ws_state_dir(struct workspace *ws, const char *name, char **out, struct err *e)
{
	char *state = path_join(ws->root, ".sapxep");
	char *dir = name ? path_join(state, name) : xstrdup(state);
	int r = make_dir(ws, state, e);
	if (r == 0)
		r = make_dir(ws, dir, e);
	free(state);
	if (r != 0) {
		free(dir);
		return -1;
	}
	*out = dir;
	return 0;
}

static char *officer_of(const struct ws_config *c)
{
	const char *o = getenv("SAPXEP_OFFICER");
	if (o && *o)
		return xstrdup(o);
	if (c->officer_id)
		return xstrdup(c->officer_id);
	o = getenv("USER");
	return xstrdup(o && *o ? o : "unknown");
}

/* Workspaces may be opened on several threads at once (a province's
 * roll-up): `mu` guards the loading of the forms and packs; once loaded
 * they are only read. */
struct ws_shared {
	pthread_mutex_t mu;
	struct formset *forms;	/* NULL until the first workspace loads them */
	struct packset packs;
	bool packs_loaded;
	struct strv pack_errors;
};

struct ws_shared *ws_shared_new(void)
{
	struct ws_shared *s = xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->mu, NULL);
	return s;
}

void ws_shared_free(struct ws_shared *s)
{
	if (!s)
		return;
	formset_free(s->forms);
	packs_free(&s->packs);
	strv_free(&s->pack_errors);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

/* The forms of a workspace: its own, or those of `shared` when it has no
 * config/ folder (config_dirs[0]) that could make them differ. */
static int load_forms(struct workspace *ws, const struct paths *p,
    struct ws_shared *shared, struct strv *errors)
{
	if (shared && !fs_exists(ws->config_dirs.v[0])) {
		pthread_mutex_lock(&shared->mu);
		int r = shared->forms ? 0 : formset_load(p->screens, &ws->config_dirs,
		    &shared->forms, errors);
		pthread_mutex_unlock(&shared->mu);
		if (r != 0)
			return -1;
		ws->forms = shared->forms;
		ws->shared = shared;
		return 0;
	}
	return formset_load(p->screens, &ws->config_dirs, &ws->forms, errors);
}

int ws_open(const char *root, const struct paths *p, struct workspace **out,
    struct err *e)
{
	return ws_open_shared(root, p, NULL, out, e);
}

int ws_open_shared(const char *root, const struct paths *p, struct ws_shared *shared,
    struct workspace **out, struct err *e)
{
	struct stat st;
	if (stat(root, &st) != 0)
		return err_sys(e, E_NOTFOUND, _("cannot open workspace %s"), root);
	if (!S_ISDIR(st.st_mode))
		return err_set(e, E_USAGE, _("%s is not a folder"), root);
	struct workspace *ws = xcalloc(1, sizeof *ws);
	/* absolute, so that tools run in another folder (git) find it too */
	char *abs = realpath(root, NULL);
	ws->root = abs ? abs : xstrdup(root);
	ws->config_path = path_join(ws->root, "sapxep.yaml");
	ws->durable = true;
	char *buf;
	size_t len;
	if (fs_read_file(ws->config_path, 1024 * 1024, &buf, &len, e) != 0) {
		if (e && e->kind == E_NOTFOUND)
			err_set(e, E_NOTFOUND,
			    _("%s is not a sapxep workspace (no sapxep.yaml); create one with 'sapxep init' or 'sapxep demo'"),
			    root);
		ws_close(ws);
		return -1;
	}
	int r = ws_config_parse(buf, len, ws->config_path, &ws->cfg, e);
	free(buf);
	if (r != 0) {
		ws_close(ws);
		return -1;
	}
	struct strv errors = STRV_INIT;
	paths_config_dirs(p, ws->root, &ws->config_dirs);
	r = load_forms(ws, p, shared, &errors);
	if (r != 0) {
		struct sbuf b = SBUF_INIT;
		for (size_t i = 0; i < errors.n; i++)
			sbuf_printf(&b, "%s%s", i ? "\n" : "", errors.v[i]);
		err_set(e, E_INVALID, "%s", sbuf_str(&b));
		sbuf_free(&b);
		strv_free(&errors);
		ws_close(ws);
		return -1;
	}
	strv_free(&errors);
	set_modes(ws);
	ws->officer = officer_of(&ws->cfg);
	*out = ws;
	return 0;
}

void ws_close(struct workspace *ws)
{
	if (!ws)
		return;
	free(ws->root);
	free(ws->config_path);
	ws_config_free(&ws->cfg);
	if (!ws->shared)
		formset_free(ws->forms);
	free(ws->officer);
	strv_free(&ws->config_dirs);
	packs_free(&ws->packs);
	strv_free(&ws->pack_errors);
	free(ws);
}

const struct packset *ws_packs(struct workspace *ws)
{
	struct ws_shared *s = ws->shared;
	if (s) {
		pthread_mutex_lock(&s->mu);
		if (!s->packs_loaded) {
			packs_load(&ws->config_dirs, &s->packs, &s->pack_errors);
			s->packs_loaded = true;
		}
		pthread_mutex_unlock(&s->mu);
		if (!ws->packs_loaded) {
			for (size_t i = 0; i < s->pack_errors.n; i++)
				strv_push(&ws->pack_errors, s->pack_errors.v[i]);
			ws->packs_loaded = true;
		}
		return &s->packs;
	}
	if (!ws->packs_loaded) {
		packs_load(&ws->config_dirs, &ws->packs, &ws->pack_errors);
		ws->packs_loaded = true;
	}
	return &ws->packs;
}

int ws_lock(struct workspace *ws, struct fs_lock *l, struct err *e)
{
	char *dir;
	if (ws_state_dir(ws, NULL, &dir, e) != 0)
		return -1;
	char *path = path_join(dir, "lock");
	int r = fs_lock(path, LOCK_WAIT_MS, l, e);
	/* in a shared workspace every officer of the group must be able to
	 * open the lock, whatever the umask of whoever made it (only the
	 * owner may change the mode: others' attempts fail harmlessly) */
	if (r == 0 && ws->gid != (gid_t)-1)
		(void)fchmod(l->fd, ws->file_mode);
	free(path);
	free(dir);
	return r;
}

int ws_create(const char *root, const struct ws_config *cfg,
    const struct paths *p, struct err *e)
{
	if (ws_exists(root))
		return err_set(e, E_USAGE, _("%s already holds a workspace"), root);
	struct workspace tmp = { 0 };
	tmp.root = (char *)root;
	tmp.cfg = *cfg;
	set_modes(&tmp);
	/* the folder may exist already (made by hand, or by an administrator
	 * for a group): it gets the workspace's mode and group all the same */
	if (make_dir(&tmp, root, e) != 0 || set_dir_mode(&tmp, root, e) != 0)
		return -1;
	char *buf;
	size_t len;
	if (ws_config_serialize(cfg, &buf, &len, e) != 0)
		return -1;
	char *path = path_join(root, "sapxep.yaml");
	int r = fs_write_atomic(path, buf, len, tmp.file_mode, true, e);
	free(path);
	free(buf);
	if (r != 0)
		return -1;
	struct workspace *ws;
	if (ws_open(root, p, &ws, e) == 0) {
		for (size_t i = 0; i < ws->forms->n && r == 0; i++) {
			char *d = ws_form_dir(ws, ws->forms->forms[i]);
			r = make_dir(ws, d, e);
			free(d);
		}
		char *state;
		if (r == 0 && (r = ws_state_dir(ws, NULL, &state, e)) == 0)
			free(state);
		ws_close(ws);
	} else {
		r = -1;
	}
	/* half made (a full disk): no workspace, so that init can run again */
	if (r != 0) {
		path = path_join(root, "sapxep.yaml");
		unlink(path);
		free(path);
	}
	return r;
}

int ws_reload_config(struct workspace *ws, struct err *e)
{
	char *buf;
	size_t len;
	if (fs_read_file(ws->config_path, 1024 * 1024, &buf, &len, e) != 0)
		return -1;
	struct ws_config cfg;	/* left empty on an error */
	int r = ws_config_parse(buf, len, ws->config_path, &cfg, e);
	free(buf);
	if (r != 0)
		return -1;
	ws_config_free(&ws->cfg);
	ws->cfg = cfg;
	set_modes(ws);
	free(ws->officer);
	ws->officer = officer_of(&ws->cfg);
	return 0;
}

int ws_write_config(struct workspace *ws, struct err *e)
{
	char *buf;
	size_t len;
	struct fs_lock l;
	if (ws_config_serialize(&ws->cfg, &buf, &len, e) != 0)
		return -1;
	if (ws_lock(ws, &l, e) != 0) {
		free(buf);
		return -1;
	}
	/* under the lock: what a killed rewrite left can go */
	fs_remove_stale_temps(ws->root, "sapxep.yaml", 0);
	int r = fs_write_atomic(ws->config_path, buf, len, ws->file_mode, ws->durable, e);
	fs_unlock(&l);
	free(buf);
	return r;
}

char *ws_form_dir(const struct workspace *ws, const struct form *f)
{
	return path_join(ws->root, f->folder);
}

char *ws_record_path(const struct workspace *ws, const struct form *f,
    const char *id)
{
	return xasprintf("%s/%s/%s.yaml", ws->root, f->folder, id);
}

/* What is on disk now: 0 when there is no file (*cur NULL), -1 on a
 * read error. *cur (owned) is the record saved there. */
static int on_disk(struct workspace *ws, const struct form *f, const char *path,
    struct ws_conflict *who, struct record **cur, struct err *e)
{
	memset(who, 0, sizeof *who);
	*cur = NULL;
	if (!fs_exists(path))
		return 0;
	if (record_load(path, ws->forms, f->name, 0, cur, e) != 0)
		return err_prefix(e, _("the saved copy cannot be read"));
	who->revision = (*cur)->revision;
	snprintf(who->by, sizeof who->by, "%s", (*cur)->updated_by);
	snprintf(who->at, sizeof who->at, "%s", (*cur)->updated_at);
	return 0;
}

static void set_text(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

/* Would saving `next` over `cur` change nothing but the revision and
 * who saved it when? The same bytes with cur's stamps: then nothing is
 * written (issue 17 item 12: no revision, no commit for nothing). */
static bool same_as_saved(const struct form *f, const struct record *next,
    const struct record *cur)
{
	struct record *probe = record_clone(next);
	probe->revision = cur->revision;
	set_text(&probe->created_at, cur->created_at);
	set_text(&probe->created_by, cur->created_by);
	set_text(&probe->updated_at, cur->updated_at);
	set_text(&probe->updated_by, cur->updated_by);
	char *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	bool same = record_serialize(f, probe, 0, &a, &na, NULL) == 0 &&
	    record_serialize(f, cur, 0, &b, &nb, NULL) == 0 &&
	    na == nb && memcmp(a, b, na) == 0;
	free(a);
	free(b);
	record_free(probe);
	return same;
}

/* Hand the saved state (revision, stamps, path) of `from` back to r. */
static void take_stamps(struct record *r, const struct record *from, const char *path)
{
	r->revision = from->revision;
	r->form_version = from->form_version;
	set_text(&r->created_at, from->created_at);
	set_text(&r->created_by, from->created_by);
	set_text(&r->updated_at, from->updated_at);
	set_text(&r->updated_by, from->updated_by);
	set_text(&r->path, path);
}

static int refuse(struct err *e, const struct ws_conflict *who, long expected)
{
	if (who->revision == 0)
		return err_set(e, E_CONFLICT,
		    _("this record was deleted by someone else since you opened it"));
	if (expected == 0)
		return err_set(e, E_CONFLICT, _("a record with this id already exists"));
	return err_set(e, E_CONFLICT,
	    _("changed by %s at %s (revision %ld) since you opened it; nothing was overwritten"),
	    who->by, who->at, who->revision);
}

int ws_save(struct workspace *ws, const struct form *f, struct record *r,
    long expected, struct ws_conflict *who, struct err *e)
{
	struct ws_conflict dummy;
	if (!who)
		who = &dummy;
	err_clear(e);
	if (!uuid_valid(r->id))
		return err_set(e, E_INVALID, _("record id '%s' is not a UUID"), r->id);
	if (strcmp(r->form, f->name) != 0)
		return err_set(e, E_USAGE, _("record of form %s saved as form %s"), r->form,
		    f->name);
	char *dir = ws_form_dir(ws, f);
	char *path = ws_record_path(ws, f, r->id);
	struct record *next = record_clone(r);
	struct fs_lock l;
	struct record *cur = NULL;
	char *buf = NULL;
	size_t len;
	int rc = -1;
	if (make_dir(ws, dir, e) != 0 || ws_lock(ws, &l, e) != 0)
		goto out;
	/* under the lock no one else writes in the folder: a temporary file
	 * there was left by a save that was killed */
	fs_remove_stale_temps(dir, NULL, 0);
	if (on_disk(ws, f, path, who, &cur, e) != 0)
		goto unlock;
	if (expected >= 0 && who->revision != expected) {
		refuse(e, who, expected);
		goto unlock;
	}
	next->form_version = f->version;
	if (cur && same_as_saved(f, next, cur)) {
		take_stamps(r, cur, path);
		rc = 0;
		goto unlock;
	}
	if (who->revision >= REVISION_MAX) {
		err_set(e, E_INVALID, _("%s: revision %ld is the highest a record can have; it cannot be saved again"),
		    path, who->revision);
		goto unlock;
	}
	char *now = timestamp_now();
	next->revision = who->revision + 1;
	if (!next->created_at) {
		next->created_at = xstrdup(now);
		next->created_by = xstrdup(ws->officer);
	}
	free(next->updated_at);
	free(next->updated_by);
	next->updated_at = now;
	next->updated_by = xstrdup(ws->officer);
	if (record_serialize(f, next, 0, &buf, &len, e) != 0 ||
	    fs_write_atomic(path, buf, len, ws->file_mode, ws->durable, e) != 0)
		goto unlock;
	free(next->path);
	next->path = xstrdup(path);
	/* the save is done: hand the new state back */
	take_stamps(r, next, path);
	rc = 0;
	if (ws->on_change) {
		struct err he;
		if (ws->on_change(ws, "save", f, r, &he) != 0 && e)
			*e = he;	/* reported as a warning by the caller */
	}
unlock:
	fs_unlock(&l);
out:
	free(buf);
	record_free(cur);
	record_free(next);
	free(path);
	free(dir);
	return rc;
}

int ws_delete(struct workspace *ws, const struct form *f, const char *id,
    long expected, struct ws_conflict *who, struct err *e)
{
	struct ws_conflict dummy;
	if (!who)
		who = &dummy;
	err_clear(e);
	if (!uuid_valid(id))
		return err_set(e, E_INVALID, _("record id '%s' is not a UUID"), id);
	char *path = ws_record_path(ws, f, id);
	char *trash = NULL, *target = NULL;
	struct fs_lock l;
	struct record *gone = NULL;
	int rc = -1;
	if (ws_lock(ws, &l, e) != 0)
		goto out;
	if (!fs_exists(path)) {
		err_set(e, E_NOTFOUND, _("no record %s in %s"), id, f->name);
		goto unlock;
	}
	if (record_load(path, ws->forms, f->name, 0, &gone, e) != 0)
		goto unlock;
	who->revision = gone->revision;
	snprintf(who->by, sizeof who->by, "%s", gone->updated_by);
	snprintf(who->at, sizeof who->at, "%s", gone->updated_at);
	if (expected >= 0 && gone->revision != expected) {
		refuse(e, who, expected);
		goto unlock;
	}
	if (ws_state_dir(ws, "trash", &trash, e) != 0)
		goto unlock;
	target = xasprintf("%s/%s-%s-r%ld.yaml", trash, f->name, id, gone->revision);
	if (fs_rename(path, target, ws->durable, e) != 0)
		goto unlock;
	rc = 0;
	if (ws->on_change) {
		struct err he;
		if (ws->on_change(ws, "delete", f, gone, &he) != 0 && e)
			*e = he;
	}
unlock:
	fs_unlock(&l);
out:
	record_free(gone);
	free(target);
	free(trash);
	free(path);
	return rc;
}
