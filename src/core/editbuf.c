/* editbuf.c — see editbuf.h */
#include "core/editbuf.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void eb_init(struct editbuf *b)
{
	memset(b, 0, sizeof *b);
	b->cap = 16;
	b->s = xcalloc(b->cap, 1);
}

void eb_free(struct editbuf *b)
{
	xfree(&b->s);
	b->len = b->cap = b->cur = b->scroll = 0;
}

static void put(struct editbuf *b, char *s, size_t cur)
{
	free(b->s);
	b->len = strlen(s);
	b->cap = b->len + 1;
	b->s = s;
	b->cur = cur > b->len ? b->len : cur;
	if (b->scroll > b->cur)
		b->scroll = 0;
}

void eb_set(struct editbuf *b, const char *s)
{
	char *n = s ? text_nfc(s) : NULL;
	if (!n)
		n = xstrdup(s ? s : "");	/* invalid UTF-8 is shown as U+FFFD */
	b->scroll = 0;
	put(b, n, strlen(n));
}

const char *eb_str(const struct editbuf *b)
{
	return b->s ? b->s : "";
}

/* Round `off` down to a grapheme boundary. */
static size_t boundary(const char *s, size_t len, size_t off)
{
	size_t p = 0;
	while (p < off && p < len) {
		size_t nx = text_next(s, len, p);
		if (nx > off)
			break;
		p = nx;
	}
	return p;
}

int eb_insert(struct editbuf *b, const char *s)
{
	if (!s || !text_valid(s, strlen(s), NULL))
		return -1;
	struct sbuf pre = SBUF_INIT;
	sbuf_add(&pre, b->s, b->cur);
	sbuf_adds(&pre, s);
	char *p = text_nfc(sbuf_str(&pre));
	char *q = text_nfc(b->s + b->cur);
	sbuf_free(&pre);
	if (!p || !q) {
		free(p);
		free(q);
		return -1;
	}
	size_t cur = strlen(p);
	char *all = xasprintf("%s%s", p, q);
	free(p);
	free(q);
	if (!text_is_nfc(all)) {
		char *n = text_nfc(all);
		free(all);
		all = n;
		cur = boundary(all, strlen(all), cur);
	}
	if (b->max_chars && text_chars(all) > b->max_chars &&
	    text_chars(all) > text_chars(b->s)) {
		free(all);
		return -1;
	}
	put(b, all, boundary(all, strlen(all), cur));
	return 0;
}

int eb_insert_cp(struct editbuf *b, uint32_t cp)
{
	utf8proc_uint8_t buf[8];
	if (cp == 0 || !utf8proc_codepoint_valid((utf8proc_int32_t)cp))
		return -1;
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, buf);
	buf[n] = '\0';
	return eb_insert(b, (const char *)buf);
}

bool eb_left(struct editbuf *b)
{
	if (b->cur == 0)
		return false;
	b->cur = text_prev(b->s, b->len, b->cur);
	return true;
}

bool eb_right(struct editbuf *b)
{
	if (b->cur >= b->len)
		return false;
	b->cur = text_next(b->s, b->len, b->cur);
	return true;
}

bool eb_home(struct editbuf *b)
{
	bool moved = b->cur != 0;
	b->cur = 0;
	return moved;
}

bool eb_end(struct editbuf *b)
{
	bool moved = b->cur != b->len;
	b->cur = b->len;
	return moved;
}

/* Remove s[from..to) and put the cursor at `from`. */
static bool cut(struct editbuf *b, size_t from, size_t to)
{
	if (from >= to)
		return false;
	memmove(b->s + from, b->s + to, b->len - to + 1);
	b->len -= to - from;
	b->cur = from;
	if (b->scroll > b->cur)
		b->scroll = b->cur;
	return true;
}

bool eb_backspace(struct editbuf *b)
{
	if (b->cur == 0)
		return false;
	return cut(b, text_prev(b->s, b->len, b->cur), b->cur);
}

bool eb_delete(struct editbuf *b)
{
	if (b->cur >= b->len)
		return false;
	return cut(b, b->cur, text_next(b->s, b->len, b->cur));
}

bool eb_kill_end(struct editbuf *b)
{
	return cut(b, b->cur, b->len);
}

bool eb_kill_start(struct editbuf *b)
{
	size_t n = b->cur;
	if (!cut(b, 0, n))
		return false;
	b->scroll = 0;
	return true;
}

bool eb_kill_word(struct editbuf *b)
{
	size_t p = b->cur;
	while (p > 0 && (b->s[p - 1] == ' ' || b->s[p - 1] == '\t'))
		p--;
	while (p > 0 && b->s[p - 1] != ' ' && b->s[p - 1] != '\t')
		p--;
	return cut(b, boundary(b->s, b->len, p), b->cur);
}

/* The visible form of the grapheme s[off..nx): itself, or its escape. */
static char *visible(const char *s, size_t off, size_t nx)
{
	char *g = xstrndup(s + off, nx - off);
	if (text_valid(g, strlen(g), NULL) && !text_has_controls(g, false))
		return g;
	char *v = text_visible(g, false);
	free(g);
	return v;
}

int eb_width(const char *s, size_t from, size_t to)
{
	size_t len = strlen(s);
	if (to > len)
		to = len;
	int w = 0;
	for (size_t off = from; off < to;) {
		size_t nx = text_next(s, len, off);
		char *v = visible(s, off, nx);
		w += text_width(v);
		free(v);
		off = nx;
	}
	return w;
}

int eb_render(struct editbuf *b, int cols, struct sbuf *out, int *cursor_col)
{
	if (cols < 1) {
		if (cursor_col)
			*cursor_col = 0;
		return 0;
	}
	/* keep the cursor in view, with a free column for it at the end */
	if (eb_width(b->s, 0, b->len) < cols)
		b->scroll = 0;
	if (b->cur < b->scroll)
		b->scroll = b->cur;
	while (b->scroll < b->cur && eb_width(b->s, b->scroll, b->cur) > cols - 1)
		b->scroll = text_next(b->s, b->len, b->scroll);
	int w = 0, cc = 0;
	size_t off = b->scroll;
	while (off < b->len) {
		if (off == b->cur)
			cc = w;
		size_t nx = text_next(b->s, b->len, off);
		char *v = visible(b->s, off, nx);
		int vw = text_width(v);
		if (w + vw > cols) {
			free(v);
			break;
		}
		sbuf_adds(out, v);
		free(v);
		w += vw;
		off = nx;
	}
	if (b->cur >= off && b->cur == b->len)
		cc = w;
	if (cc >= cols)
		cc = cols - 1;
	if (cursor_col)
		*cursor_col = cc;
	return w;
}
