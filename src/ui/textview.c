/* textview.c — see textview.h */
#include "ui/textview.h"
#include "ui/help.h"
#include "core/text.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE SIZE_MAX

void tv_take(struct tv_doc *d, enum role r, int item, char *s)
{
	XGROW(d->v, d->cap, d->n + 1);
	d->v[d->n++] = (struct tv_line){ s, r, item };
}

void tv_add(struct tv_doc *d, enum role r, int item, const char *s)
{
	tv_take(d, r, item, xstrdup(s ? s : ""));
}

void tv_wrap(struct tv_doc *d, enum role r, int item, const char *s, int cols)
{
	size_t sp = strspn(s, " ");
	char *indent = xstrndup(s, sp);
	struct strv lines = STRV_INIT;
	help_wrap(s + sp, cols - (int)sp, indent, &lines);
	if (!lines.n)
		tv_add(d, r, item, "");
	for (size_t i = 0; i < lines.n; i++) {
		tv_take(d, r, item, lines.v[i]);
		lines.v[i] = NULL;
	}
	strv_free(&lines);
	free(indent);
}

void tv_free(struct tv_doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	free(d->hint);
	memset(d, 0, sizeof *d);
}

void textview_table_lines(const struct table *t, struct strv *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return;
	table_print_text(t, f);
	fclose(f);
	for (char *p = buf; p && *p;) {
		char *nl = strchr(p, '\n');
		strv_take(out, xstrndup(p, nl ? (size_t)(nl - p) : strlen(p)));
		p = nl ? nl + 1 : p + strlen(p);
	}
	free(buf);
}

struct view {
	struct ui *u;
	const struct tv_screen *s;
	struct tv_doc d;
	bool items;		/* some line belongs to an item: a cursor */
	size_t cur;		/* first line of the item under the cursor, or NONE */
	size_t top;		/* first scrolling line shown (after the fixed ones) */
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

static size_t fixed(const struct view *v)
{
	return v->d.fixed < v->d.n ? v->d.fixed : v->d.n;
}

static size_t page(const struct view *v)
{
	int n = term_body_rows() - (int)fixed(v);
	return n > 1 ? (size_t)n : 1;
}

static size_t scrolling(const struct view *v)
{
	return v->d.n - fixed(v);
}

static size_t last_top(const struct view *v)
{
	return scrolling(v) > page(v) ? scrolling(v) - page(v) : 0;
}

static int item_of(const struct view *v, size_t line)
{
	return line < v->d.n ? v->d.v[line].item : -1;
}

static bool item_start(const struct view *v, size_t line)
{
	return item_of(v, line) >= 0 &&
	    (line == fixed(v) || item_of(v, line - 1) != item_of(v, line));
}

/* The line after the item starting at `line`. */
static size_t item_end(const struct view *v, size_t line)
{
	size_t e = line + 1;
	while (e < v->d.n && item_of(v, e) == item_of(v, line))
		e++;
	return e;
}

static size_t next_item(const struct view *v, size_t from)
{
	for (size_t i = from == NONE ? fixed(v) : item_end(v, from); i < v->d.n; i++)
		if (item_of(v, i) >= 0)
			return i;
	return NONE;
}

static size_t prev_item(const struct view *v, size_t from)
{
	for (size_t i = from; i-- > fixed(v);)
		if (item_start(v, i))
			return i;
	return NONE;
}

static bool visible(const struct view *v, size_t line)
{
	return line >= fixed(v) + v->top && line < fixed(v) + v->top + page(v);
}

/* Scroll so that the item starting at `line` is in view (all of it when
 * it fits). */
static void show(struct view *v, size_t line)
{
	if (line == NONE)
		return;
	size_t k = line - fixed(v), end = item_end(v, line) - fixed(v);
	if (end > v->top + page(v))
		v->top = end - page(v);
	if (k < v->top)
		v->top = k;
}

/* After scrolling: the cursor on the first item in view, if any is. */
static void follow(struct view *v)
{
	if (!v->items || (v->cur != NONE && visible(v, v->cur)))
		return;
	for (size_t i = fixed(v) + v->top; i < v->d.n && visible(v, i); i++)
		if (item_of(v, i) >= 0) {
			v->cur = i;
			while (!item_start(v, v->cur))
				v->cur--;
			return;
		}
}

/* (Re)build the document, the cursor kept on the same item number. */
static void build(struct view *v)
{
	int keep = v->cur != NONE ? item_of(v, v->cur) : -1;
	tv_free(&v->d);
	v->s->build(v->s->data, &v->d);
	v->items = false;
	v->cur = NONE;
	size_t first = NONE;
	for (size_t i = fixed(v); i < v->d.n; i++) {
		if (!item_start(v, i))
			continue;
		v->items = true;
		if (first == NONE)
			first = i;
		if (item_of(v, i) == keep && v->cur == NONE)
			v->cur = i;
	}
	if (v->cur == NONE)
		v->cur = first;
	if (v->top > last_top(v))
		v->top = last_top(v);
	show(v, v->cur);
}

static void draw_line(struct view *v, int y, size_t i, enum role r)
{
	int x = 0;
	if (v->items) {
		bool here = v->cur != NONE && i >= v->cur && i < item_end(v, v->cur);
		if (here)
			r = R_SEL;
		term_fill(y, 0, 2, here && i == v->cur ? "> " : "", r);
		x = 2;
	}
	char *vis = text_visible(v->d.v[i].text, false);
	term_fill(y, x, COLS - x, skip_cols(vis, v->hoff), r);
	free(vis);
}

static unsigned ctx_of(const struct view *v)
{
	return KC_VIEW | KC_GLOBAL | v->s->ctx;
}

static void paint(void *data)
{
	struct view *v = data;
	struct ui *u = v->u;
	if (!term_begin(u, v->s->title))
		return;
	int y = term_body_top();
	for (size_t i = 0; i < fixed(v); i++)
		draw_line(v, y++, i, R_HEAD);
	for (size_t i = 0; i < page(v); i++, y++) {
		size_t k = fixed(v) + v->top + i;
		if (k < v->d.n)
			draw_line(v, y, k, v->d.v[k].role);
		else
			term_fill(y, 0, COLS, "", R_NORMAL);
	}
	size_t n = scrolling(v);
	char *pos = v->d.hint ? xstrdup(v->d.hint) :
	    xasprintf(_("Lines %zu-%zu of %zu"), n ? v->top + 1 : 0,
	    v->top + page(v) < n ? v->top + page(v) : n, n);
	term_hint(pos, R_NORMAL);
	free(pos);
	term_status(u, ctx_of(v));
}

static void scroll_by(struct view *v, long lines)
{
	long t = (long)v->top + lines;
	v->top = t < 0 ? 0 : (size_t)t > last_top(v) ? last_top(v) : (size_t)t;
}

static void move_by(struct view *v, enum action a)
{
	size_t to;
	if ((a == ACT_UP || a == ACT_DOWN) && v->items && v->cur != NONE && !visible(v, v->cur)) {
		show(v, v->cur);	/* back to the cursor first */
		return;
	}
	switch (a) {
	case ACT_UP:
		if (v->items && (to = prev_item(v, v->cur)) != NONE)
			show(v, v->cur = to);
		else
			scroll_by(v, -1);
		break;
	case ACT_DOWN:
		if (v->items && (to = next_item(v, v->cur)) != NONE)
			show(v, v->cur = to);
		else
			scroll_by(v, 1);
		break;
	case ACT_PGUP:
		scroll_by(v, -(long)page(v));
		follow(v);
		break;
	case ACT_PGDN:
		scroll_by(v, (long)page(v));
		follow(v);
		break;
	case ACT_FIRST:
		v->top = 0;
		if (v->items)
			show(v, v->cur = next_item(v, NONE));
		break;
	case ACT_LAST:
		v->top = last_top(v);
		if (v->items)
			v->cur = prev_item(v, v->d.n);
		break;
	case ACT_SCROLL_LEFT:
		v->hoff = v->hoff > 8 ? v->hoff - 8 : 0;
		break;
	case ACT_SCROLL_RIGHT:
		v->hoff += 8;
		break;
	default:
		break;
	}
}

void textview_run(struct ui *u, const struct tv_screen *s)
{
	struct view v;
	memset(&v, 0, sizeof v);
	v.u = u;
	v.s = s;
	v.cur = NONE;
	build(&v);
	struct term_layer below = term_push(u, paint, &v);
	if (!u->keep_msg)
		u->msg[0] = '\0';
	u->keep_msg = false;
	while (!u->quit) {
		paint(&v);
		term_update(-1, 0);
		int k = term_key(u);
		if (k == UK_QUIT)
			break;
		if (k == UK_RESIZE)
			build(&v);	/* wrapped to the new width */
		if (k < 0)
			continue;
		enum action a = keys_action(ctx_of(&v), k);
		if (a == ACT_BACK)
			break;
		switch (a) {
		case ACT_HELP:
			help_show(u, ctx_of(&v), NULL);
			break;
		case ACT_UP:
		case ACT_DOWN:
		case ACT_PGUP:
		case ACT_PGDN:
		case ACT_FIRST:
		case ACT_LAST:
		case ACT_SCROLL_LEFT:
		case ACT_SCROLL_RIGHT:
			move_by(&v, a);
			break;
		case ACT_NONE:
			break;
		default:
			if (s->act && s->act(s->data, a, v.cur != NONE ? item_of(&v, v.cur) : -1))
				build(&v);
			break;
		}
	}
	term_pop(u, below);
	tv_free(&v.d);
}

/* --- plain text and tables ------------------------------------------------ */

struct plain {
	const struct strv *lines;
	size_t fixed;
};

static void build_plain(void *data, struct tv_doc *d)
{
	const struct plain *p = data;
	for (size_t i = 0; i < p->lines->n; i++)
		tv_add(d, R_NORMAL, -1, p->lines->v[i]);
	d->fixed = p->fixed;
}

static void plain(struct ui *u, const char *title, const struct strv *lines, size_t fixed_lines)
{
	struct plain p = { lines, fixed_lines };
	struct tv_screen s = { .title = title, .data = &p, .build = build_plain };
	textview_run(u, &s);
}

void textview_show(struct ui *u, const char *title, const struct strv *lines)
{
	plain(u, title, lines, 0);
}

void textview_table(struct ui *u, const char *title, const struct table *t)
{
	struct strv lines = STRV_INIT;
	textview_table_lines(t, &lines);
	plain(u, title, &lines, lines.n >= 2 ? 2 : lines.n);
	strv_free(&lines);
}
