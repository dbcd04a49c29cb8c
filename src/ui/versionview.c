/* versionview.c — see versionview.h */
#include "ui/versionview.h"
#include "ui/help.h"
#include "core/text.h"
#include "store/db.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#define COL_MIN 24	/* narrower than this, the versions are stacked */

struct vv {
	struct ui *u;
	const struct form *f;
	struct record *r;
	const char *field;	/* NULL: the record-level conflict */
	const struct field *fd;	/* the field's definition, or NULL */
	const char *current;
	const struct conflict *c;
	size_t cur;		/* the version under the cursor */
	size_t top;		/* first line shown when stacked */
};

char *versionview_when(const char *at)
{
	if (!at)
		return xstrdup("?");
	/* YYYY-MM-DDTHH:MM... */
	bool iso = strlen(at) >= 16 && at[4] == '-' && at[7] == '-' && at[10] == 'T' &&
	    at[13] == ':';
	if (!iso)
		return xstrdup(at);
	return xasprintf("%.2s/%.2s/%.4s %.5s", at + 8, at + 5, at, at + 11);
}

/* Does version v hold the value the record holds now? */
static bool is_current(const struct vv *v, const struct cversion *cv)
{
	if (!v->field)
		return false;
	struct fval as = { .name = (char *)v->field, .is_list = cv->is_list, .s = cv->s,
		.items = cv->items };
	return record_value_same(record_get(v->r, v->field), cv->has_value ? &as : NULL);
}

/* What version cv says, as a person reads it. Owned. */
static char *version_value(const struct vv *v, const struct cversion *cv)
{
	enum lang l = lang_current();
	if (!v->field)
		return xstrdup(cv->has_value ? _("Edited: the record as the form shows it") :
		    _("Deleted"));
	if (!cv->has_value)
		return xstrdup(_("(empty)"));
	if (!v->fd)
		return xstrdup(cv->is_list ? "" : cv->s);
	if (cv->is_list)
		return value_display_list(v->fd, &cv->items, l, &v->u->db->refs);
	return value_display(v->fd, cv->s, l, &v->u->db->refs);
}

/* The lines of version i in `cols` columns: who and when, then the value. */
static void version_lines(const struct vv *v, size_t i, int cols, struct strv *out)
{
	const struct cversion *cv = &v->c->v[i];
	char *when = versionview_when(cv->at);
	strv_take(out, xasprintf("%zu) %s", i + 1, cv->by ? cv->by : "?"));
	strv_take(out, xasprintf("   %s", when));
	free(when);
	char *val = version_value(v, cv);
	char *vis = text_visible(val, false);
	help_wrap(vis, cols - 3, "   ", out);
	if (!*vis)
		strv_push(out, "");
	free(vis);
	free(val);
	if (is_current(v, cv))
		strv_push(out, _("   = in the form now"));
}

static unsigned ctx_of(const struct vv *v)
{
	if (v->u->readonly)
		return KC_GLOBAL;
	return KC_VERSIONS | KC_GLOBAL | (v->field ? KC_VFIELD : KC_VRECORD);
}

static void paint(void *data)
{
	struct vv *v = data;
	struct ui *u = v->u;
	enum lang l = lang_current();
	const char *label = v->fd ? i18n_get(&v->fd->label, l) : v->field;
	char *title = xasprintf("%s › %s", _("Versions"), v->field ? label :
	    i18n_get(&v->f->title, l));
	bool shown = term_begin(u, title);
	free(title);
	if (!shown)
		return;
	int y = term_body_top();
	char *name = record_display_name(v->r, v->f);
	char *head = v->field ?
	    xasprintf(_("%s: %s was saved differently on two machines; choose the value to keep"),
	    name, label) :
	    xasprintf(_("%s was edited on one machine and deleted on another; keep it or delete it"),
	    name);
	free(name);
	struct strv hl = STRV_INIT;
	help_wrap(head, COLS - 2, " ", &hl);
	free(head);
	for (size_t i = 0; i < hl.n && i < 2; i++)
		term_fill(y++, 0, COLS, hl.v[i], R_HEAD);
	strv_free(&hl);
	if (v->field) {
		char *now = xasprintf(_(" In the form now: %s"), v->current && *v->current ?
		    v->current : _("(empty)"));
		term_fill(y++, 0, COLS, now, R_NORMAL);
		free(now);
	}
	term_fill(y++, 0, COLS, "", R_NORMAL);
	int bottom = LINES - 2;
	size_t n = v->c->n;
	int gap = 2, cw = n ? (COLS - 2 - gap * (int)(n - 1)) / (int)n : COLS;
	if (n && cw >= COL_MIN) {
		/* side by side */
		for (int k = y; k < bottom; k++)
			term_fill(k, 0, COLS, "", R_NORMAL);
		for (size_t i = 0; i < n; i++) {
			struct strv lines = STRV_INIT;
			version_lines(v, i, cw, &lines);
			int x = 1 + (int)i * (cw + gap);
			bool here = i == v->cur;
			if (here)
				term_fill(y, x - 1, 1, ">", R_SEL);
			for (size_t k = 0; k < lines.n && y + (int)k < bottom; k++) {
				/* a value too long for the screen says so */
				bool cut = y + (int)k == bottom - 1 && k + 1 < lines.n;
				term_fill(y + (int)k, x, cw, cut ? "   …" : lines.v[k],
				    k < 2 ? (here ? R_SEL : R_HEAD) : R_NORMAL);
			}
			strv_free(&lines);
		}
	} else {
		/* stacked: one version under the other */
		struct strv lines = STRV_INIT;
		size_t start = 0;
		int *owner = NULL;
		size_t cap = 0;
		for (size_t i = 0; i < n; i++) {
			if (i == v->cur)
				start = lines.n;
			size_t from = lines.n;
			version_lines(v, i, COLS - 2, &lines);
			strv_push(&lines, "");
			XGROW(owner, cap, lines.n);
			for (size_t k = from; k < lines.n; k++)
				owner[k] = k - from < 2 ? (int)i : -1 - (int)i;
		}
		size_t rows = bottom > y ? (size_t)(bottom - y) : 1;
		term_keep_in_view(start, &v->top, rows);
		for (size_t k = 0; k < rows; k++, y++) {
			size_t li = v->top + k;
			if (li >= lines.n) {
				term_fill(y, 0, COLS, "", R_NORMAL);
				continue;
			}
			bool head_line = owner[li] >= 0;
			size_t who = head_line ? (size_t)owner[li] : (size_t)(-1 - owner[li]);
			bool here = who == v->cur;
			term_fill(y, 0, 1, here && li == start ? ">" : "", here ? R_SEL : R_NORMAL);
			term_fill(y, 1, COLS - 1, lines.v[li], here && head_line ? R_SEL :
			    head_line ? R_HEAD : R_NORMAL);
		}
		free(owner);
		strv_free(&lines);
	}
	if (u->readonly)
		term_hint(_("Read-only: opened from the province view, nothing can be chosen"), R_NORMAL);
	else if (v->field)
		term_hint(_("Enter or the version's number keeps it; e keeps the form's value to edit by hand"),
		    R_NORMAL);
	else
		term_hint(_("k keeps the record, d deletes it (asks first); Esc goes back"), R_NORMAL);
	term_status(u, ctx_of(v));
}

/* The version for a key: its digit, else the one under the cursor. */
static size_t version_for(const struct vv *v, int k)
{
	if (k >= '1' && k <= '9')
		return (size_t)(k - '1');
	return v->cur;
}

/* The first version of the record-level conflict that keeps (or deletes). */
static size_t record_version(const struct vv *v, bool keep)
{
	size_t i = 0;
	while (i < v->c->n && v->c->v[i].has_value != keep)
		i++;
	return i;
}

/* Choose version i; the choice, or VV_NONE (with a message) when none. */
static enum vv_choice choose(struct vv *v, size_t i)
{
	struct err e;
	if (i >= v->c->n) {
		term_msg(v->u, MSG_ERROR, _("There is no version %zu (there are %zu)"), i + 1, v->c->n);
		return VV_NONE;
	}
	if (!v->field && !v->c->v[i].has_value)
		return VV_DELETE;	/* the caller asks first */
	int rc = record_resolve(v->r, v->field, i, &e);
	if (rc < 0) {
		term_msg(v->u, MSG_ERROR, "%s", e.msg);
		return VV_NONE;
	}
	return v->field ? VV_CHOSEN : VV_KEEP;
}

enum vv_choice versionview_run(struct ui *u, const struct form *f, struct record *r,
    const char *field, const char *current)
{
	struct vv v;
	memset(&v, 0, sizeof v);
	v.u = u;
	v.f = f;
	v.r = r;
	v.field = field;
	v.fd = field ? form_field(f, field) : NULL;
	v.current = current;
	v.c = record_conflict(r, field);
	if (!v.c || !v.c->n)
		return VV_NONE;
	/* start on a version other than the one the form holds */
	for (size_t i = 0; i < v.c->n; i++)
		if (!is_current(&v, &v.c->v[i])) {
			v.cur = i;
			break;
		}
	struct term_layer below = term_push(u, paint, &v);
	u->msg[0] = '\0';	/* the key bar shows the keys */
	enum vv_choice res = VV_NONE;
	while (!u->quit && res == VV_NONE) {
		paint(&v);
		term_update(-1, 0);
		int k = term_key(u);
		if (k == UK_QUIT)
			break;
		if (k < 0)
			continue;
		enum action a = keys_action(ctx_of(&v), k);
		if (a == ACT_BACK)
			break;
		switch (a) {
		case ACT_HELP:
			help_show(u, ctx_of(&v), v.fd);
			break;
		case ACT_PREV_VERSION:
			v.cur = v.cur ? v.cur - 1 : v.c->n - 1;
			break;
		case ACT_NEXT_VERSION:
			v.cur = (v.cur + 1) % v.c->n;
			break;
		case ACT_CHOOSE:
			res = choose(&v, version_for(&v, k));
			break;
		case ACT_BY_HAND:
			record_drop_conflict(r, field);
			res = VV_BY_HAND;
			break;
		case ACT_KEEP:
			res = choose(&v, record_version(&v, true));
			break;
		case ACT_DELETE:
			res = choose(&v, record_version(&v, false));
			break;
		default:
			if (u->readonly)
				term_msg(u, MSG_INFO,
				    _("Read-only: opened from the province view, nothing can be changed"));
			break;
		}
	}
	term_pop(u, below);
	return res;
}
