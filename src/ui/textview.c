/* textview.c — see textview.h */
#include "ui/textview.h"
#include "ui/help.h"
#include "core/text.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct view {
	struct ui *u;
	const char *title;
	const struct strv *lines;
	size_t fixed;		/* header lines that do not scroll */
	size_t top;		/* first scrolling line shown */
	int hoff;		/* columns scrolled sideways */
};

/* The part of s after its first `cols` display columns. */
static const char *skip_cols(const char *s, int cols)
{
	size_t len = strlen(s), off = 0;
	int w = 0;
	while (off < len && w < cols) {
		size_t nx = text_next(s, len, off);
		w += text_width_n(s + off, nx - off);
		off = nx;
	}
	return s + off;
}

static void line(struct view *v, int y, const char *s, enum role r)
{
	char *vis = text_visible(s, false);
	term_fill(y, 0, COLS, skip_cols(vis, v->hoff), r);
	free(vis);
}

static size_t page(const struct view *v)
{
	int n = term_body_rows() - (int)v->fixed;
	return n > 1 ? (size_t)n : 1;
}

static void paint(void *data)
{
	struct view *v = data;
	struct ui *u = v->u;
	if (!term_begin(u, v->title))
		return;
	int y = term_body_top();
	for (size_t i = 0; i < v->fixed && i < v->lines->n; i++)
		line(v, y++, v->lines->v[i], R_HEAD);
	size_t n = v->lines->n > v->fixed ? v->lines->n - v->fixed : 0;
	for (size_t i = 0; i < page(v); i++, y++) {
		size_t k = v->top + i;
		if (k < n)
			line(v, y, v->lines->v[v->fixed + k], R_NORMAL);
		else
			term_fill(y, 0, COLS, "", R_NORMAL);
	}
	char *pos = xasprintf(_("Lines %zu-%zu of %zu"), n ? v->top + 1 : 0,
	    v->top + page(v) < n ? v->top + page(v) : n, n);
	term_hint(pos, R_NORMAL);
	free(pos);
	term_status(u, KC_VIEW | KC_GLOBAL);
}

static void run(struct ui *u, const char *title, const struct strv *lines,
    size_t fixed)
{
	struct view v = { u, title, lines, fixed, 0, 0 };
	void (*old_paint)(void *) = u->paint;
	void *old_data = u->paint_data;
	u->paint = paint;
	u->paint_data = &v;
	u->full = true;
	u->msg[0] = '\0';
	size_t n = lines->n > fixed ? lines->n - fixed : 0;
	for (;;) {
		paint(&v);
		term_update(-1, 0);
		int k = term_key(u);
		if (k == UK_QUIT)
			break;
		if (k < 0)
			continue;
		size_t last = n > page(&v) ? n - page(&v) : 0;
		enum action a = keys_action(KC_VIEW | KC_GLOBAL, k);
		if (a == ACT_BACK)
			break;
		switch (a) {
		case ACT_HELP:
			help_show(u, KC_VIEW | KC_GLOBAL, NULL);
			break;
		case ACT_UP:
			if (v.top > 0)
				v.top--;
			break;
		case ACT_DOWN:
			if (v.top < last)
				v.top++;
			break;
		case ACT_PGUP:
			v.top = v.top > page(&v) ? v.top - page(&v) : 0;
			break;
		case ACT_PGDN:
			v.top = v.top + page(&v) < last ? v.top + page(&v) : last;
			break;
		case ACT_FIRST:
			v.top = 0;
			break;
		case ACT_LAST:
			v.top = last;
			break;
		case ACT_SCROLL_LEFT:
			v.hoff = v.hoff > 8 ? v.hoff - 8 : 0;
			break;
		case ACT_SCROLL_RIGHT:
			v.hoff += 8;
			break;
		default:
			break;
		}
	}
	u->paint = old_paint;
	u->paint_data = old_data;
	u->full = true;
}

void textview_show(struct ui *u, const char *title, const struct strv *lines)
{
	run(u, title, lines, 0);
}

void textview_table(struct ui *u, const char *title, const struct table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct strv lines = STRV_INIT;
	if (f) {
		table_print_text(t, f);
		fclose(f);
		for (char *p = buf; p && *p;) {
			char *nl = strchr(p, '\n');
			strv_take(&lines, xstrndup(p, nl ? (size_t)(nl - p) : strlen(p)));
			p = nl ? nl + 1 : p + strlen(p);
		}
	}
	free(buf);
	run(u, title, &lines, lines.n >= 2 ? 2 : lines.n);
	strv_free(&lines);
}
