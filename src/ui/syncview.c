/* syncview.c — see syncview.h */
#include "ui/syncview.h"
#include "ui/formview.h"
#include "ui/help.h"
#include "ui/textview.h"
#include "ui/watch.h"
#include "core/text.h"
#include "store/db.h"
#include "sync/sync.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- the records in conflict ------------------------------------------------ */

/* "Hamlets: Ấp Bình An (Households)", as sync names them. Owned. */
static char *conflict_line(const struct form *f, const struct db_rec *x)
{
	enum lang l = lang_current();
	struct sbuf b = SBUF_INIT;
	sbuf_printf(&b, "%s: %s (", i18n_get(&f->title, l), x->name);
	const struct record *r = x->r;
	for (size_t k = 0; k < r->nconflicts; k++) {
		const struct conflict *c = &r->conflicts[k];
		const struct field *fd = c->field ? form_field(f, c->field) : NULL;
		sbuf_printf(&b, "%s%s", k ? ", " : "", !c->field ?
		    _("edited on one machine, deleted on another") :
		    fd ? i18n_get(&fd->label, l) : c->field);
	}
	if (!r->nconflicts)
		sbuf_adds(&b, _("status conflict"));
	sbuf_adds(&b, ")");
	return sbuf_detach(&b);
}

static bool in_conflict(const struct record *r)
{
	return r->nconflicts || r->status == RS_CONFLICT;
}

size_t syncview_count_conflicts(const struct db *db)
{
	size_t n = 0;
	for (size_t t = 0; t < db->nt; t++)
		for (size_t i = 0; i < db->t[t].n; i++)
			n += in_conflict(db->t[t].v[i].r);
	return n;
}

/* --- what the dashboard says ------------------------------------------------- */

static char *when(time_t t)
{
	char buf[64];
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%d/%m/%Y %H:%M", &tm);
	return xstrdup(buf);
}

/* "2 changes waiting to be sent". Owned. */
static char *waiting_text(long n)
{
	return xasprintf(ngettext("%ld change waiting to be sent", "%ld changes waiting to be sent",
	    (unsigned long)n), n);
}

static const char *result_word(const char *result)
{
	static const char *const names[][2] = {
		{ "offline", N_("offline (the server could not be reached)") },
		{ "refused", N_("refused by the province (the Sync screen says why)") },
		{ "stuck", N_("not merged (the Sync screen says why)") },
		{ "failed", N_("could not start (the Sync screen says why)") },
		{ "cancelled", N_("stopped before it finished (Esc)") },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(result, names[i][0]) == 0)
			return _(names[i][1]);
	return result;
}

void syncview_summary(struct ui *u, size_t conflicts, struct syncview_summary *s)
{
	memset(s, 0, sizeof *s);
	s->conflicts = conflicts;
	struct sync_status st;
	struct err e;
	if (sync_status(u->ws, &st, &e) != 0) {
		strv_take(&s->lines, xasprintf("%s: %s", _("Sync"), e.msg));
		return;
	}
	if (!st.remote || !*st.remote) {
		strv_take(&s->lines, xasprintf("%s: %s", _("Sync"),
		    _("not set up for sync (no remote: in sapxep.yaml)")));
	} else if (!st.repo) {
		strv_take(&s->lines, xasprintf("%s: %s", _("Sync"),
		    _("never synced; the Sync screen sets it up and sends everything")));
	} else {
		s->waiting = st.unsent + st.unrecorded;
		char *last = st.last_ok ? when(st.last_ok) : NULL;
		char *ok = last ? xasprintf(_("last successful sync %s"), last) :
		    xstrdup(_("never synced"));
		char *w = waiting_text(s->waiting);
		strv_take(&s->lines, xasprintf("%s: %s · %s", _("Sync"), w, ok));
		free(w);
		free(ok);
		free(last);
		if (st.last_attempt > st.last_ok && st.last_result &&
		    strcmp(st.last_result, "ok") != 0) {
			char *at = when(st.last_attempt);
			strv_take(&s->lines, xasprintf(_("Last attempt %s: %s"), at,
			    result_word(st.last_result)));
			free(at);
		}
	}
	sync_status_free(&st);
}

void syncview_summary_free(struct syncview_summary *s)
{
	strv_free(&s->lines);
	memset(s, 0, sizeof *s);
}

/* --- the screen ------------------------------------------------------------- */

struct sv {
	struct ui *u;
	bool ran;		/* a sync ran on this screen */
	int rc;			/* sync_run's: -1 when it could not start (e) */
	struct err e;
	struct sync_result res;
	struct strv progress;	/* what the sync said, as it came */
	bool last_pct;		/* the last progress line is a percentage */
	/* the records in conflict: the items of the document */
	struct strv forms, ids;
};

static void paint_running(void *data)
{
	struct sv *v = data;
	struct ui *u = v->u;
	if (!term_begin(u, _("Sync")))
		return;
	int y = term_body_top(), bottom = LINES - 2;
	term_fill(y++, 0, COLS, _(" Syncing with the province server..."), R_HEAD);
	term_fill(y++, 0, COLS, "", R_NORMAL);
	/* the last lines that fit */
	size_t rows = (size_t)(bottom - y), first = v->progress.n > rows ? v->progress.n - rows : 0;
	for (size_t i = first; i < v->progress.n; i++)
		term_fill(y++, 0, COLS, v->progress.v[i], R_NORMAL);
	while (y < bottom)
		term_fill(y++, 0, COLS, "", R_NORMAL);
	term_hint(_("Over a slow link this takes a while. Esc stops it; nothing is lost either way."),
	    R_NORMAL);
	term_status(u, 0);
}

static void on_progress(void *data, const char *line)
{
	struct sv *v = data;
	size_t n = strlen(line);
	bool pct = n && line[n - 1] == '%';
	char *text = xasprintf("  %s", line);
	if (pct && v->last_pct && v->progress.n) {
		/* a percentage takes the place of the one before */
		free(v->progress.v[v->progress.n - 1]);
		v->progress.v[v->progress.n - 1] = text;
	} else {
		strv_take(&v->progress, text);
	}
	v->last_pct = pct;
	paint_running(v);
	term_update(-1, 0);
}

/* While the sync talks to the server: Esc, F10 or Ctrl-C stops it. */
static bool stop_asked(void *data)
{
	struct sv *v = data;
	int k = term_key_now(v->u);
	return k == UK_QUIT || k == UK_CTRL('c') || keys_action(KC_GLOBAL, k) == ACT_BACK;
}

static void run_sync(struct sv *v)
{
	struct ui *u = v->u;
	if (v->ran)
		sync_result_free(&v->res);
	strv_free(&v->progress);
	v->last_pct = false;
	err_clear(&v->e);
	struct term_layer below = term_push(u, paint_running, v);
	paint_running(v);
	term_update(-1, 0);
	/* never a passphrase prompt on the interface's screen; a scripted
	 * run's keys are typed ahead, as keys typed during a sync are
	 * dropped: none stops it */
	struct sync_opts o = { on_progress, v, false, u->script ? NULL : stop_asked };
	v->rc = sync_run(u->ws, &o, &v->res, &v->e);
	v->ran = true;
	/* keys pressed while it ran were meant for a screen not seen yet */
	if (!u->script)
		flushinp();
	term_pop(u, below);
	watch_reload(u);
	if (v->rc != 0)
		term_msg(u, MSG_ERROR, _("Sync could not start: %s"), v->e.msg);
	else if (v->res.outcome == SYNC_OK)
		term_msg(u, MSG_OK, _("Synced"));
	else if (v->res.outcome == SYNC_OFFLINE)
		term_msg(u, MSG_INFO, _("Offline: the changes wait, nothing is lost"));
	else if (v->res.outcome == SYNC_CANCELLED)
		term_msg(u, MSG_INFO, _("Sync stopped: the changes wait, nothing is lost"));
	else
		term_msg(u, MSG_ERROR, _("Not synced: see what to do above"));
}

static void add_lines(struct tv_doc *d, enum role r, const struct strv *sv)
{
	for (size_t i = 0; i < sv->n; i++) {
		char *line = xasprintf("    %s", sv->v[i]);
		tv_wrap(d, r, -1, line, COLS - 3);
		free(line);
	}
}

/* What happened, in words an officer understands. */
static void build_result(struct sv *v, struct tv_doc *d)
{
	int w = COLS - 3;
	const struct sync_result *res = &v->res;
	char *s;
	if (v->rc != 0) {
		s = xasprintf(_("! Sync could not start: %s"), v->e.msg);
		tv_wrap(d, R_ERROR, -1, s, w);
		free(s);
		return;
	}
	switch (res->outcome) {
	case SYNC_OK:
		s = xasprintf(_("Synced with the province: %ld change(s) sent, %ld record(s) received."),
		    res->sent, res->received);
		tv_wrap(d, R_OK, -1, s, w);
		free(s);
		s = res->unsent ? waiting_text(res->unsent) : xstrdup(_("Nothing is waiting to be sent."));
		tv_wrap(d, R_NORMAL, -1, s, w);
		free(s);
		break;
	case SYNC_OFFLINE:
		tv_wrap(d, R_HEAD, -1, _("The province server could not be reached: working offline is normal."), w);
		add_lines(d, R_NORMAL, &res->messages);
		s = xasprintf(ngettext("Nothing is lost: %ld change is waiting to be sent. Sync again (s) when the connection is back.",
		    "Nothing is lost: %ld changes are waiting to be sent. Sync again (s) when the connection is back.",
		    (unsigned long)res->unsent), res->unsent);
		tv_wrap(d, R_NORMAL, -1, s, w);
		free(s);
		break;
	case SYNC_REFUSED:
		tv_wrap(d, R_ERROR, -1, _("! The province does not accept these changes yet:"), w);
		add_lines(d, R_WARN, &res->messages);
		s = xasprintf(ngettext("Nothing is lost: %ld change is waiting. Correct the records named above (open them from their list), then sync again (s).",
		    "Nothing is lost: %ld changes are waiting. Correct the records named above (open them from their list), then sync again (s).",
		    (unsigned long)res->unsent), res->unsent);
		tv_wrap(d, R_NORMAL, -1, s, w);
		free(s);
		break;
	case SYNC_CANCELLED:
		s = xasprintf(ngettext("Sync stopped (Esc). Nothing is lost: %ld change is waiting to be sent. Sync again (s) when you are ready.",
		    "Sync stopped (Esc). Nothing is lost: %ld changes are waiting to be sent. Sync again (s) when you are ready.",
		    (unsigned long)res->unsent), res->unsent);
		tv_wrap(d, R_HEAD, -1, s, w);
		free(s);
		break;
	case SYNC_STUCK:
		tv_wrap(d, R_ERROR, -1, _("! The changes from the province could not be merged with yours:"), w);
		add_lines(d, R_WARN, &res->messages);
		tv_wrap(d, R_NORMAL, -1,
		    _("Nothing was changed and nothing is lost. Ask the province's IT officer for help, then sync again (s)."),
		    w);
		break;
	}
}

static void build(void *data, struct tv_doc *d)
{
	struct sv *v = data;
	struct ui *u = v->u;
	int w = COLS - 3;
	if (v->ran) {
		tv_add(d, R_HEAD, -1, _("What the sync did:"));
		for (size_t i = 0; i < v->progress.n; i++)
			tv_wrap(d, R_NORMAL, -1, v->progress.v[i], w);
		tv_add(d, R_NORMAL, -1, "");
		build_result(v, d);
	} else {
		struct syncview_summary sum;
		syncview_summary(u, syncview_count_conflicts(u->db), &sum);
		for (size_t i = 0; i < sum.lines.n; i++)
			tv_wrap(d, R_NORMAL, -1, sum.lines.v[i], w);
		syncview_summary_free(&sum);
	}
	tv_add(d, R_NORMAL, -1, "");
	strv_free(&v->forms);
	strv_free(&v->ids);
	struct db *db = u->db;
	size_t n = syncview_count_conflicts(db);
	if (!n) {
		tv_add(d, R_OK, -1, _("No record is in conflict."));
	} else {
		char *h = xasprintf(ngettext("%zu record in conflict (saved differently here and elsewhere): Enter opens it, F6 there shows the versions",
		    "%zu records in conflict (saved differently here and elsewhere): Enter opens one, F6 there shows the versions",
		    n), n);
		tv_wrap(d, R_HEAD, -1, h, w);
		free(h);
	}
	for (size_t t = 0; t < db->nt; t++) {
		const struct db_table *tb = &db->t[t];
		for (size_t i = 0; i < tb->n; i++) {
			if (!in_conflict(tb->v[i].r))
				continue;
			char *line = conflict_line(tb->form, &tb->v[i]);
			char *marked = xasprintf("! %s", line);
			tv_wrap(d, R_ERROR, (int)v->ids.n, marked, w - 2);
			free(marked);
			free(line);
			strv_push(&v->forms, tb->form->name);
			strv_push(&v->ids, tb->v[i].r->id);
		}
	}
	d->hint = xstrdup(n ? _("s syncs again; Enter opens the record in conflict under the cursor") :
	    _("s syncs again; Esc goes back"));
}

static bool act(void *data, enum action a, int item)
{
	struct sv *v = data;
	struct ui *u = v->u;
	if (a == ACT_SYNC) {
		run_sync(v);
		return true;
	}
	if (a != ACT_OPEN || item < 0 || (size_t)item >= v->ids.n)
		return false;
	const struct form *f = formset_get(u->ws->forms, v->forms.v[item]);
	struct db_rec *x = f ? db_get(u->db, f->name, v->ids.v[item]) : NULL;
	if (!x)
		return true;
	struct record *copy = record_clone(x->r);
	formview_run(u, f, copy, NULL);
	record_free(copy);
	watch_check(u, true);
	/* what waits now, not what waited after the sync: a save in the form
	 * is one more change to send (issue 17 item 12) */
	struct sync_status st;
	if (v->ran && v->rc == 0 && sync_status(u->ws, &st, NULL) == 0) {
		v->res.unsent = st.unsent + st.unrecorded;
		sync_status_free(&st);
	}
	return true;
}

static void screen(struct ui *u, bool sync_first)
{
	if (u->readonly) {
		struct strv lines = STRV_INIT;
		strv_push(&lines, _("Read-only: opened from the province view. Each commune syncs from its own workspace."));
		textview_show(u, _("Sync"), &lines);
		strv_free(&lines);
		return;
	}
	struct sv v;
	memset(&v, 0, sizeof v);
	v.u = u;
	if (sync_first) {
		run_sync(&v);
		u->keep_msg = true;	/* the result, on the status line */
	}
	struct tv_screen s = {
		.title = _("Sync"),
		.ctx = KC_DOC | KC_SYNC,
		.data = &v,
		.build = build,
		.act = act,
	};
	if (!u->quit)
		textview_run(u, &s);
	if (v.ran)
		sync_result_free(&v.res);
	strv_free(&v.progress);
	strv_free(&v.forms);
	strv_free(&v.ids);
}

void syncview_run(struct ui *u)
{
	screen(u, true);
}

void syncview_conflicts(struct ui *u)
{
	screen(u, false);
}
