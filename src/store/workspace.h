/* workspace.h — one commune's folder: its settings, records and locks.
 *
 *   sapxep.yaml        commune identity and settings (struct ws_config)
 *   <folder>/<id>.yaml one record per file, one folder per form
 *   config/            optional: the province's lists and rule packs
 *   .sapxep/           local state, never synced: lock, drafts/, trash/
 *
 * Every write goes through ws_save()/ws_delete(): checked against the
 * revision the caller loaded, under the workspace lock, atomically.
 */
#ifndef SAPXEP_WORKSPACE_H
#define SAPXEP_WORKSPACE_H

#include <stdbool.h>
#include <sys/types.h>

#include "core/err.h"
#include "core/i18n.h"
#include "model/form.h"
#include "model/record.h"
#include "store/paths.h"
#include "store/rules.h"

struct ws_config {
	char *province_code, *province_name;
	char *district_code, *district_name;	/* legacy (before 07/2025) */
	char *commune_code, *commune_name;
	char *commune_kind;	/* xa | phuong | dac_khu */
	char *commune_class;	/* I | II | III */
	char *class_decision;	/* decision that set the class; optional */
	char *commune_standard;	/* NQ 1211 standard that applies (xa_mountain...);
				 * NULL: from kind and district */
	char *region;		/* a code of config/lists/regions.yaml */
	long population;	/* -1 when unknown */
	double area_km2;	/* < 0 when unknown */
	bool border_or_island;
	bool key_security;
	char *officer_id, *officer_name;
	char *rules_staff, *rules_hamlets;	/* rule pack names; may be NULL */
	char *remote;		/* sync remote; may be NULL */
	enum lang language;
	bool has_language;
	char *group;		/* Unix group granted access; NULL: owner only */
};

void ws_config_free(struct ws_config *c);

/* Parse sapxep.yaml's bytes. Messages are "path:line:col: ...". */
int ws_config_parse(const char *buf, size_t len, const char *path,
    struct ws_config *out, struct err *e);
/* Canonical bytes of a configuration (owned). */
int ws_config_serialize(const struct ws_config *c, char **out, size_t *len,
    struct err *e);
/* The value of a "commune.<key>" setting as canonical text (owned), or
 * NULL when not set: used by fields' default_from. */
char *ws_config_value(const struct ws_config *c, const char *key);

struct workspace;
struct ws_shared;

/* Called after every save ("save") and delete ("delete"), still under the
 * workspace lock, so that sync can record the change. An error is shown
 * as a warning: the record itself is safely on disk. */
typedef int (*ws_change_fn)(struct workspace *ws, const char *action,
    const struct form *f, const struct record *r, struct err *e);

struct workspace {
	char *root;
	char *config_path;	/* <root>/sapxep.yaml */
	struct ws_config cfg;
	struct formset *forms;	/* owned */
	char *officer;		/* who saves: $SAPXEP_OFFICER, else officer.id, else $USER */
	bool durable;		/* fsync every write (false only for demo data) */
	mode_t file_mode, dir_mode;
	gid_t gid;		/* group of a shared workspace, or (gid_t)-1 */
	ws_change_fn on_change;
	void *hook_data;
	struct strv config_dirs;	/* lists and rule packs, most important first */
	struct packset packs;	/* loaded by ws_packs() on first use */
	bool packs_loaded;
	struct strv pack_errors;	/* problems met loading them */
	struct ws_shared *shared;	/* forms and packs borrowed from it, or NULL */
};

/* Open an existing workspace: read sapxep.yaml and the forms. */
int ws_open(const char *root, const struct paths *p, struct workspace **out,
    struct err *e);
void ws_close(struct workspace *ws);

/* The forms and rule packs of many workspaces opened one after another
 * (a province's roll-up), read once: every workspace without a config/
 * folder of its own has the same ones. Use one `paths` with it; free it
 * after the last workspace opened with it is closed. */
struct ws_shared *ws_shared_new(void);
void ws_shared_free(struct ws_shared *s);

/* ws_open, borrowing the forms and rule packs from `shared` (loaded there
 * on first use) unless the workspace has a config/ folder of its own.
 * shared may be NULL: then it is ws_open. */
int ws_open_shared(const char *root, const struct paths *p, struct ws_shared *shared,
    struct workspace **out, struct err *e);

/* True when dir holds a sapxep.yaml. */
bool ws_exists(const char *dir);

/* The workspaces at or below dir (a commune, or a province's folder of
 * them), in name order, at most 8 levels down, never inside hidden
 * folders (.git, .sapxep). Appends owned paths to out. */
void ws_find_all(const char *dir, struct strv *out);

/* Create a workspace in `root` (which must not hold one yet): folders,
 * sapxep.yaml, local state. The forms decide the record folders. */
int ws_create(const char *root, const struct ws_config *cfg,
    const struct paths *p, struct err *e);

/* Rewrite sapxep.yaml from ws->cfg (atomically, under the lock). */
int ws_write_config(struct workspace *ws, struct err *e);

/* Read sapxep.yaml again (changed by a sync, or from a shell): ws->cfg is
 * replaced, and with it the file modes and who saves. On an error the
 * settings stay as they were. Pointers into the old ws->cfg are invalid
 * afterwards: call it where the records are loaded again (watch.h). */
int ws_reload_config(struct workspace *ws, struct err *e);

/* Owned "<root>/<folder>/<id>.yaml". */
char *ws_record_path(const struct workspace *ws, const struct form *f,
    const char *id);
/* Owned "<root>/<folder>". */
char *ws_form_dir(const struct workspace *ws, const struct form *f);

/* Who changed a record, for refusals and the status line. */
struct ws_conflict {
	long revision;		/* revision on disk, 0 when deleted */
	char by[128];
	char at[40];
};

/* Save r: `expected` is the revision r was loaded at (0 for a new record,
 * -1 to save whatever is on disk now). On success r's revision, times and
 * author are updated and r->path set. When the file holds another
 * revision the save is refused with E_CONFLICT, nothing is written, r is
 * unchanged and *who (if not NULL) says who changed it and when. When
 * the file already holds exactly what would be written (the same values,
 * status and conflicts), nothing is written and no change is recorded
 * (no new revision, no commit): r takes the saved revision and stamps,
 * so a caller tells "nothing to save" by r->revision staying what it
 * was. The caller sets r->status. */
int ws_save(struct workspace *ws, const struct form *f, struct record *r,
    long expected, struct ws_conflict *who, struct err *e);

/* Delete record `id` if it is still at revision `expected` (-1: any).
 * The file is moved to .sapxep/trash/, not destroyed. */
int ws_delete(struct workspace *ws, const struct form *f, const char *id,
    long expected, struct ws_conflict *who, struct err *e);

/* The rule packs of this workspace (its config/, SYSCONFDIR, the shipped
 * config/), loaded on first use and kept. Packs that fail to load are
 * left out and their problems kept in ws->pack_errors. Borrowed. */
const struct packset *ws_packs(struct workspace *ws);

/* Take / release the workspace lock (for callers that must hold it over
 * several steps, such as sync). ws_save and ws_delete take it themselves. */
struct fs_lock;
int ws_lock(struct workspace *ws, struct fs_lock *l, struct err *e);

/* Owned "<root>/.sapxep/<name>", created with the workspace's mode. */
int ws_state_dir(struct workspace *ws, const char *name, char **out,
    struct err *e);

#endif
