/* db.c — see db.h */
#include "store/db.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "store/ytree.h"
#include "core/dates.h"
#include "core/text.h"
#include "core/uuid.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct db_memo {
	const void *key;
	void *data;
	void (*free_fn)(void *);
};

static void memo_drop(struct db *db)
{
	for (size_t i = 0; i < db->nmemo; i++)
		if (db->memo[i].free_fn)
			db->memo[i].free_fn(db->memo[i].data);
	free(db->memo);
	db->memo = NULL;
	db->nmemo = 0;
}

void *db_memo(struct db *db, const void *key)
{
	for (size_t i = 0; i < db->nmemo; i++)
		if (db->memo[i].key == key)
			return db->memo[i].data;
	return NULL;
}

void db_memo_set(struct db *db, const void *key, void *data, void (*free_fn)(void *))
{
	size_t i = 0;
	while (i < db->nmemo && db->memo[i].key != key)
		i++;
	if (i == db->nmemo) {
		db->memo = xreallocarray(db->memo, db->nmemo + 1, sizeof *db->memo);
		db->nmemo++;
	} else if (db->memo[i].free_fn) {
		db->memo[i].free_fn(db->memo[i].data);
	}
	db->memo[i] = (struct db_memo){ key, data, free_fn };
}

static void rec_clear(struct db_rec *x)
{
	record_free(x->r);
	free(x->name);
	free(x->fold);
}

static void rec_set(struct db_rec *x, struct record *r, const struct form *f)
{
	x->r = r;
	x->name = record_display_name(r, f);
	x->fold = text_fold(x->name);
	if (!x->fold)
		x->fold = xstrdup("");
}

struct db_table *db_table(struct db *db, const char *form)
{
	for (size_t i = 0; i < db->nt; i++)
		if (strcmp(db->t[i].form->name, form) == 0)
			return &db->t[i];
	return NULL;
}

/* A table is kept in id order (the order of the files in their folder):
 * the first index whose id is not below `id`. */
static size_t lower_bound(const struct db_table *t, const char *id)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(t->v[mid].r->id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static ssize_t find_index(const struct db_table *t, const char *id)
{
	size_t i = lower_bound(t, id);
	return i < t->n && strcmp(t->v[i].r->id, id) == 0 ? (ssize_t)i : -1;
}

struct db_rec *db_get(struct db *db, const char *form, const char *id)
{
	struct db_table *t = db_table(db, form);
	if (!t)
		return NULL;
	ssize_t i = find_index(t, id);
	return i < 0 ? NULL : &t->v[i];
}

static const char *ref_name(void *data, const char *form, const char *id)
{
	struct db_rec *x = db_get(data, form, id);
	return x ? x->name : NULL;
}

static const char *ref_find(void *data, const char *form, const char *text,
    int *count)
{
	struct db_table *t = db_table(data, form);
	char *key = text_fold(text);
	const char *id = NULL;
	*count = 0;
	if (t && key)
		for (size_t i = 0; i < t->n; i++)
			if (strcmp(t->v[i].fold, key) == 0) {
				id = t->v[i].r->id;
				(*count)++;
			}
	free(key);
	return id;
}

static void put(struct db *db, struct db_table *t, struct record *r)
{
	memo_drop(db);
	size_t i = lower_bound(t, r->id);
	if (i < t->n && strcmp(t->v[i].r->id, r->id) == 0) {
		rec_clear(&t->v[i]);
	} else {
		XGROW(t->v, t->cap, t->n + 1);
		memmove(&t->v[i + 1], &t->v[i], (t->n - i) * sizeof *t->v);
		t->n++;
	}
	rec_set(&t->v[i], r, t->form);
}

static void drop(struct db *db, struct db_table *t, const char *id)
{
	ssize_t i = find_index(t, id);
	if (i < 0)
		return;
	memo_drop(db);
	rec_clear(&t->v[i]);
	memmove(&t->v[i], &t->v[i + 1], (t->n - (size_t)i - 1) * sizeof *t->v);
	t->n--;
}


/* Is `name` a record file name, "<uuid>.yaml"? */
static bool record_name(const char *name)
{
	size_t n = strlen(name);
	if (n != UUID_LEN + 5 || strcmp(name + UUID_LEN, ".yaml") != 0)
		return false;
	char id[UUID_LEN + 1];
	memcpy(id, name, UUID_LEN);
	id[UUID_LEN] = '\0';
	return uuid_valid(id);
}

static int load_table(struct db *db, struct db_table *t, struct err *e)
{
	char *dir = ws_form_dir(db->ws, t->form);
	if (!fs_exists(dir)) {
		free(dir);
		return 0;	/* no record of this form yet */
	}
	if (!fs_is_dir(dir)) {
		strv_take(&db->errors, xasprintf(
		    _("%s: not a folder (a symbolic link?); its records are not read"), dir));
		free(dir);
		return 0;
	}
	DIR *d = opendir(dir);
	if (!d) {
		err_sys(e, E_IO, _("cannot read folder %s"), dir);
		free(dir);
		return -1;
	}
	struct strv names = STRV_INIT;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		if (n[0] == '.')
			continue;	/* ., .., temporary files */
		size_t len = strlen(n);
		if (len < 5 || strcmp(n + len - 5, ".yaml") != 0)
			continue;
		strv_push(&names, n);
	}
	strv_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
		char *path = path_join(dir, names.v[i]);
		if (!record_name(names.v[i])) {
			strv_take(&db->errors, xasprintf(
			    _("%s:1:1: a record file is named <id>.yaml, with a UUID id; this file is not read"),
			    path));
			free(path);
			continue;
		}
		struct record *r;
		struct err le;
		char *buf;
		size_t len;
		/* opened by name in the open folder: one name to look up, not
		 * the whole path, for each of many files */
		int rc = fs_read_file_at(dirfd(d), names.v[i], path, ylimits_record.max_bytes,
		    &buf, &len, &le);
		if (rc == 0) {
			rc = record_parse(buf, len, path, db->ws->forms, t->form->name, 0, &r, &le);
			free(buf);
		}
		if (rc != 0) {
			strv_push(&db->errors, le.msg);
		} else {
			/* in id order, each once: the names are sorted, and a
			 * record's id must match its file's name (record_load) */
			XGROW(t->v, t->cap, t->n + 1);
			rec_set(&t->v[t->n++], r, t->form);
		}
		free(path);
	}
	closedir(d);
	strv_free(&names);
	free(dir);
	return 0;
}

int db_open(struct workspace *ws, struct db **out, struct err *e)
{
	struct db *db = xcalloc(1, sizeof *db);
	db->ws = ws;
	db->nt = ws->forms->n;
	db->t = xcalloc(db->nt ? db->nt : 1, sizeof *db->t);
	db->refs.name = ref_name;
	db->refs.find = ref_find;
	db->refs.data = db;
	for (size_t i = 0; i < db->nt; i++)
		db->t[i].form = ws->forms->forms[i];
	for (size_t i = 0; i < db->nt; i++) {
		if (load_table(db, &db->t[i], e) != 0) {
			db_free(db);
			return -1;
		}
	}
	/* display names may depend on other records: recompute once all are in */
	*out = db;
	return 0;
}

void db_free(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->nt; i++) {
		for (size_t k = 0; k < db->t[i].n; k++)
			rec_clear(&db->t[i].v[k]);
		free(db->t[i].v);
	}
	free(db->t);
	strv_free(&db->errors);
	memo_drop(db);
	free(db);
}

void db_vctx(struct db *db, struct vctx *out)
{
	out->today = date_today();
	out->refs = &db->refs;
	out->cross = db->cross;
	out->data = db;
}

void db_check(struct db *db, const struct form *f, const struct record *r,
    struct problems *out)
{
	struct vctx ctx;
	db_vctx(db, &ctx);
	validate_record(f, r, &ctx, out);
}

struct record *db_new_record(struct db *db, const struct form *f)
{
	struct record *r = record_new(f);
	if (!r)
		return NULL;
	for (size_t i = 0; i < f->nfields; i++) {
		const struct field *fd = &f->fields[i];
		/* the setting's value, when there is one, over a literal default */
		if (!fd->default_from)
			continue;
		char *v = ws_config_value(&db->ws->cfg, fd->default_from);
		if (v && fd->map_from.n) {
			/* mapped; a value the map does not name gives no default */
			size_t k = 0;
			while (k < fd->map_from.n && strcmp(fd->map_from.v[k], v) != 0)
				k++;
			free(v);
			v = k < fd->map_from.n ? xstrdup(fd->map_to.v[k]) : NULL;
		}
		char *canon = NULL;
		if (v && value_canon(fd, v, &canon, NULL) == 0 && canon &&
		    (!fd->choices || choice_find(fd->choices, canon)))
			record_set_str(r, fd->name, canon);
		free(canon);
		free(v);
	}
	return r;
}

int db_save(struct db *db, struct record *r, long expected,
    struct problems *ps, struct ws_conflict *who, struct err *e)
{
	struct db_table *t = db_table(db, r->form);
	if (!t)
		return err_set(e, E_USAGE, _("no form named %s"), r->form);
	struct problems local = { 0 };
	struct problems *p = ps ? ps : &local;
	db_check(db, t->form, r, p);
	enum rstatus old = r->status;
	if (r->status != RS_CONFLICT)
		r->status = validate_status(p);
	int rc = ws_save(db->ws, t->form, r, expected, who, e);
	if (rc != 0)
		r->status = old;
	else
		put(db, t, record_clone(r));
	problems_free(&local);
	return rc;
}

int db_delete(struct db *db, const char *form, const char *id, long expected,
    struct ws_conflict *who, struct err *e)
{
	struct db_table *t = db_table(db, form);
	if (!t)
		return err_set(e, E_USAGE, _("no form named %s"), form);
	if (ws_delete(db->ws, t->form, id, expected, who, e) != 0)
		return -1;
	drop(db, t, id);
	return 0;
}

static bool refers(const struct fval *v, const char *id)
{
	if (!v->is_list)
		return v->s && strcmp(v->s, id) == 0;
	return strv_has(&v->items, id);
}

size_t db_referrers(struct db *db, const char *form, const char *id,
    struct db_referrer **out)
{
	size_t n = 0;
	*out = NULL;
	for (size_t i = 0; i < db->nt; i++) {
		const struct db_table *t = &db->t[i];
		const struct form *f = t->form;
		for (size_t k = 0; k < t->n; k++) {
			const struct db_rec *x = &t->v[k];
			if (strcmp(f->name, form) == 0 && strcmp(x->r->id, id) == 0)
				continue;
			for (size_t j = 0; j < f->nfields; j++) {
				const struct field *fd = &f->fields[j];
				if (fd->type != FT_REF || strcmp(fd->ref_form, form) != 0)
					continue;
				const struct fval *v = record_get(x->r, fd->name);
				if (!v || !refers(v, id))
					continue;
				*out = xreallocarray(*out, n + 1, sizeof **out);
				(*out)[n++] = (struct db_referrer){ f, x, fd };
				break;
			}
		}
	}
	return n;
}

int db_reload(struct db *db, const char *form, const char *id, struct err *e)
{
	struct db_table *t = db_table(db, form);
	if (!t || !uuid_valid(id))
		return err_set(e, E_USAGE, _("no form named %s"), form);
	char *path = ws_record_path(db->ws, t->form, id);
	int rc = 0;
	if (!fs_exists(path)) {
		drop(db, t, id);
	} else {
		struct record *r;
		rc = record_load(path, db->ws->forms, form, 0, &r, e);
		if (rc == 0)
			put(db, t, r);
	}
	free(path);
	return rc;
}
