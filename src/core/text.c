/* text.c — see text.h */
#include "core/text.h"
#include "core/xmem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef utf8proc_int32_t cp_t;

/* Decode one code point at s[off..len); returns its byte length, or -1 when
 * the sequence is invalid. */
static int decode(const char *s, size_t len, size_t off, cp_t *cp)
{
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + off,
	    (utf8proc_ssize_t)(len - off), cp);
	return n > 0 ? (int)n : -1;
}

bool text_valid(const char *s, size_t n, size_t *bad)
{
	size_t off = 0;
	while (off < n) {
		/* ASCII, most of what is read, needs no decoding */
		if ((unsigned char)s[off] - 1u < 0x7fu) {
			off++;
			continue;
		}
		cp_t cp;
		int k = decode(s, n, off, &cp);
		if (k < 0 || cp == 0) {
			if (bad)
				*bad = off;
			return false;
		}
		off += (size_t)k;
	}
	return true;
}

/* True when s is valid UTF-8 already in NFC because every code point is
 * below U+0300 or in U+1E00..U+1EFF (ASCII, Latin-1, Latin Extended A
 * and B, IPA, spacing modifiers, Latin Extended Additional: Vietnamese
 * precomposed). Each of these is unchanged by NFC, has combining class
 * 0 and is never the second half of a canonical composition (checked
 * against Unicode 14 with Python's unicodedata), so no sequence of them
 * changes either. False means "not known": the full normalisation
 * decides. */
static bool nfc_already(const char *s)
{
	size_t len = strlen(s), off = 0;
	while (off < len) {
		if ((unsigned char)s[off] < 0x80) {
			off++;
			continue;
		}
		cp_t cp;
		int k = decode(s, len, off, &cp);
		if (k < 0 || !(cp < 0x300 || (cp >= 0x1E00 && cp < 0x1F00)))
			return false;
		off += (size_t)k;
	}
	return true;
}

char *text_nfc(const char *s)
{
	if (nfc_already(s))
		return xstrdup(s);
	if (!text_valid(s, strlen(s), NULL))
		return NULL;
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return NULL;
	char *r = xstrdup((char *)out);
	free(out);
	return r;
}

bool text_is_nfc(const char *s)
{
	char *n = text_nfc(s);
	bool same = n && strcmp(n, s) == 0;
	free(n);
	return same;
}

/* đ and Đ have no decomposition: fold them to d by hand. */
static cp_t fold_custom(cp_t cp, void *data)
{
	(void)data;
	if (cp == 0x0110 || cp == 0x0111)
		return 'd';
	return cp;
}

#define FOLD_OPTIONS (UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | \
	UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_LUMP)

/* The fold of each code point below U+0300 and in U+1E00..U+1EFF
 * (Vietnamese text), worked out by utf8proc on first use. Each code point
 * is decomposed on its own and nothing is composed, so a string of them
 * folds to its code points' folds one after another, unless one of these
 * holds a combining mark (which would be reordered): such code points
 * are marked, and a string holding one takes the long way. */
#define FOLD_LOW 0x300
#define FOLD_HIGH_FROM 0x1E00
#define FOLD_HIGH_TO 0x1F00
/* Atomic: texts are folded on several threads at once (a report's). Two
 * may work the same one out; the first stored is kept. */
static char *_Atomic fold_of[FOLD_LOW + (FOLD_HIGH_TO - FOLD_HIGH_FROM)];
static const char fold_slow[] = "";	/* marks a code point to take the long way */

/* Keep f as the fold of code point i unless another thread stored one
 * first; returns the one kept. */
static const char *fold_keep(size_t i, char *f)
{
	char *none = NULL;
	if (atomic_compare_exchange_strong(&fold_of[i], &none, f))
		return f;
	if (f != fold_slow)
		free(f);
	return none;
}

static const char *fold_cp(cp_t cp)
{
	size_t i = cp < FOLD_LOW ? (size_t)cp : cp >= FOLD_HIGH_FROM && cp < FOLD_HIGH_TO ?
	    (size_t)(FOLD_LOW + cp - FOLD_HIGH_FROM) : SIZE_MAX;
	if (i == SIZE_MAX || cp == 0)
		return fold_slow;
	const char *known = atomic_load(&fold_of[i]);
	if (known)
		return known;
	utf8proc_uint8_t in[8], *out = NULL;
	in[utf8proc_encode_char(cp, in)] = 0;
	if (utf8proc_map_custom(in, 0, &out, FOLD_OPTIONS, fold_custom, NULL) < 0)
		return fold_keep(i, (char *)fold_slow);
	const char *o = (const char *)out;
	for (size_t off = 0, len = strlen(o); off < len;) {
		cp_t c;
		int k = decode(o, len, off, &c);
		if (k < 0 || utf8proc_get_property(c)->combining_class != 0) {
			free(out);
			return fold_keep(i, (char *)fold_slow);
		}
		off += (size_t)k;
	}
	return fold_keep(i, (char *)out);
}

/* s folded code point by code point, or NULL when one of them must take
 * the long way (or s is not valid UTF-8). */
static char *fold_short(const char *s)
{
	size_t len = strlen(s), off = 0;
	struct sbuf b = SBUF_INIT;
	while (off < len) {
		unsigned char c = (unsigned char)s[off];
		if (c < 0x80 && c) {
			sbuf_addc(&b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
			off++;
			continue;
		}
		cp_t cp;
		int k = decode(s, len, off, &cp);
		const char *f = k < 0 ? fold_slow : fold_cp(cp);
		if (f == fold_slow) {
			sbuf_free(&b);
			return NULL;
		}
		sbuf_adds(&b, f);
		off += (size_t)k;
	}
	return sbuf_detach(&b);
}

char *text_fold(const char *s)
{
	char *short_way = fold_short(s);
	utf8proc_uint8_t *out = (utf8proc_uint8_t *)short_way;
	if (!out) {
		if (!text_valid(s, strlen(s), NULL))
			return NULL;
		if (utf8proc_map_custom((const utf8proc_uint8_t *)s, 0, &out, FOLD_OPTIONS,
		    fold_custom, NULL) < 0)
			return NULL;
	}
	/* collapse white space */
	struct sbuf b = SBUF_INIT;
	bool space = false;
	for (const char *p = (const char *)out; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space) {
			sbuf_addc(&b, ' ');
			space = false;
		}
		sbuf_addc(&b, (char)c);
	}
	free(out);
	return sbuf_detach(&b);
}

bool text_fold_match(const char *hay, const char *needle)
{
	const char *h = hay;
	const char *w = needle;
	char word[256];
	while (*w) {
		while (*w == ' ')
			w++;
		if (!*w)
			break;
		size_t wl = strcspn(w, " ");
		if (wl >= sizeof word)
			wl = sizeof word - 1;
		memcpy(word, w, wl);
		word[wl] = '\0';
		const char *found = strstr(h, word);
		if (!found)
			return false;
		h = found + wl;
		w += strcspn(w, " ");
	}
	return true;
}

size_t text_chars(const char *s)
{
	size_t len = strlen(s), off = 0, n = 0;
	while (off < len) {
		cp_t cp;
		int k = decode(s, len, off, &cp);
		off += k > 0 ? (size_t)k : 1;
		n++;
	}
	return n;
}

int text_width_n(const char *s, size_t len)
{
	size_t off = 0;
	int w = 0;
	while (off < len) {
		cp_t cp;
		int k = decode(s, len, off, &cp);
		if (k < 0) {
			w += 1;	/* shown as U+FFFD */
			off++;
			continue;
		}
		int cw = utf8proc_charwidth(cp);
		w += cw > 0 ? cw : 0;
		off += (size_t)k;
	}
	return w;
}

int text_width(const char *s)
{
	return text_width_n(s, strlen(s));
}

size_t text_next(const char *s, size_t len, size_t off)
{
	if (off >= len)
		return len;
	cp_t prev, cp;
	int k = decode(s, len, off, &prev);
	if (k < 0)
		return off + 1;
	off += (size_t)k;
	utf8proc_int32_t state = 0;
	while (off < len) {
		k = decode(s, len, off, &cp);
		if (k < 0)
			break;
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		prev = cp;
		off += (size_t)k;
	}
	return off;
}

size_t text_prev(const char *s, size_t len, size_t off)
{
	/* Walk forward from the start: clusters are short and strings are
	 * field values, so this stays cheap and is always correct. */
	size_t p = 0, last = 0;
	while (p < off && p < len) {
		last = p;
		p = text_next(s, len, p);
	}
	return last;
}

size_t text_fit(const char *s, int cols, int *width)
{
	size_t len = strlen(s), off = 0;
	int w = 0;
	while (off < len) {
		size_t nx = text_next(s, len, off);
		int cw = text_width_n(s + off, nx - off);
		if (w + cw > cols)
			break;
		w += cw;
		off = nx;
	}
	if (width)
		*width = w;
	return off;
}

static bool is_bidi_control(cp_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static bool is_control(cp_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	    is_bidi_control(cp) || cp == 0x2028 || cp == 0x2029;
}

bool text_has_controls(const char *s, bool multiline)
{
	size_t len = strlen(s), off = 0;
	while (off < len) {
		cp_t cp;
		int k = decode(s, len, off, &cp);
		if (k < 0)
			return true;
		if (is_control(cp) && !(multiline && (cp == '\n' || cp == '\t')))
			return true;
		off += (size_t)k;
	}
	return false;
}

char *text_visible(const char *s, bool keep_newlines)
{
	struct sbuf b = SBUF_INIT;
	size_t len = strlen(s), off = 0;
	while (off < len) {
		cp_t cp;
		int k = decode(s, len, off, &cp);
		if (k < 0) {
			sbuf_adds(&b, "\xEF\xBF\xBD");
			off++;
			continue;
		}
		if (cp == '\n') {
			sbuf_adds(&b, keep_newlines ? "\n" : "\xE2\x8F\x8E");
		} else if (cp == '\t') {
			sbuf_addc(&b, ' ');
		} else if (cp < 0x20) {
			sbuf_addc(&b, '^');
			sbuf_addc(&b, (char)('@' + cp));
		} else if (cp == 0x7F) {
			sbuf_adds(&b, "^?");
		} else if (is_control(cp)) {
			sbuf_printf(&b, "<U+%04X>", (unsigned)cp);
		} else {
			sbuf_add(&b, s + off, (size_t)k);
		}
		off += (size_t)k;
	}
	return sbuf_detach(&b);
}

char *text_trim(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
	    s[n - 1] == '\r'))
		n--;
	return xstrndup(s, n);
}
