/* test_text.c — Unicode handling: NFC, folding for search, widths. */
#include "support.h"
#include "core/text.h"
#include "core/xmem.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static void nfc_composes_combining_marks(void **state)
{
	(void)state;
	/* "Nguyễn" typed as base letters plus combining marks */
	char *n = text_nfc("Nguye\xcc\x82\xcc\x83n");
	assert_string_equal(n, "Nguyễn");
	assert_true(text_is_nfc(n));
	assert_false(text_is_nfc("Nguye\xcc\x82\xcc\x83n"));
	free(n);
	assert_null(text_nfc("bad \xff byte"));
}

/* UTF-8 of one code point into buf; its length. */
static size_t put_cp(char *buf, utf8proc_int32_t cp)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf);
}

/* "<outer><cp><outer>" in buf (at least 16 bytes). */
static void sandwich(char *buf, utf8proc_int32_t outer, utf8proc_int32_t cp)
{
	size_t n = put_cp(buf, outer);
	n += put_cp(buf + n, cp);
	n += put_cp(buf + n, outer);
	buf[n] = '\0';
}

/* text_nfc takes a short cut for text below U+0300 and in U+1E00..U+1EFF
 * (Vietnamese): every such code point, alone, after a letter and before
 * a combining mark, must come out as utf8proc's own NFC says. */
static void nfc_short_cut_agrees_with_utf8proc(void **state)
{
	(void)state;
	static const utf8proc_int32_t around[] = { 'a', 0x1EA1, 0x0302, 0x0301, 0x0323 };
	size_t checked = 0;
	for (utf8proc_int32_t cp = 1; cp < 0x1F00; cp++) {
		if (cp == 0x300)
			cp = 0x1E00;
		for (size_t k = 0; k < sizeof around / sizeof *around; k++) {
			char in[32];
			sandwich(in, around[k], cp);
			char *ours = text_nfc(in);
			utf8proc_uint8_t *theirs = utf8proc_NFC((const utf8proc_uint8_t *)in);
			assert_non_null(ours);
			assert_non_null(theirs);
			assert_string_equal(ours, (char *)theirs);
			free(ours);
			free(theirs);
			checked++;
		}
	}
	assert_int_equal(checked, 5 * (0x2FF + 0x100));
	/* the short cut gives way to a combining mark after a precomposed
	 * letter: ê + acute is ế, ạ + circumflex is ậ */
	char *a = text_nfc("\xc3\xaa\xcc\x81"), *b = text_nfc("\xe1\xba\xa1\xcc\x82");
	assert_string_equal(a, "ế");
	assert_string_equal(b, "ậ");
	free(a);
	free(b);
	assert_null(text_nfc("Ấp \xe1\xba"));	/* cut short */
}

/* What text_fold does the long way, for comparison: utf8proc over the
 * whole string, then white space collapsed. */
static utf8proc_int32_t d_bar(utf8proc_int32_t cp, void *data)
{
	(void)data;
	return cp == 0x0110 || cp == 0x0111 ? 'd' : cp;
}

static char *fold_long_way(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	if (utf8proc_map_custom((const utf8proc_uint8_t *)s, 0, &out,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
	    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_LUMP, d_bar, NULL) < 0)
		return NULL;
	char *r = xcalloc(strlen((char *)out) + 1, 1), *w = r;
	bool space = false;
	for (const char *p = (const char *)out; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = w > r;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *p;
	}
	free(out);
	return r;
}

/* text_fold folds text below U+0300 and in U+1E00..U+1EFF code point by
 * code point: the same as the long way for every one of them, between
 * letters, beside a combining mark, and in Vietnamese names. */
static void fold_short_cut_agrees_with_utf8proc(void **state)
{
	(void)state;
	static const utf8proc_int32_t around[] = { 'A', 0x1EA0, 0x0301, ' ' };
	for (utf8proc_int32_t cp = 1; cp < 0x1F00; cp++) {
		if (cp == 0x300)
			cp = 0x1E00;
		for (size_t k = 0; k < sizeof around / sizeof *around; k++) {
			char in[32];
			sandwich(in, around[k], cp);
			char *ours = text_fold(in), *theirs = fold_long_way(in);
			assert_non_null(ours);
			assert_non_null(theirs);
			assert_string_equal(ours, theirs);
			free(ours);
			free(theirs);
		}
	}
	static const char *const names[] = { "Nguyễn Văn Đức", "ĐẶNG THỊ Ơ ƯƠ",
		"  Ấp  Bình\tAn ", "Nguye\xcc\x82\xcc\x83n", "Ω Ångström ﬁ", "" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *ours = text_fold(names[i]), *theirs = fold_long_way(names[i]);
		assert_string_equal(ours, theirs);
		free(ours);
		free(theirs);
	}
}

static void fold_ignores_case_and_diacritics(void **state)
{
	(void)state;
	char *a = text_fold("Nguyễn Văn Đức");
	char *b = text_fold("  nguyen   van duc ");
	assert_string_equal(a, "nguyen van duc");
	assert_string_equal(a, b);
	char *c = text_fold("ĐẶNG THỊ Ơ ƯƠ");
	assert_string_equal(c, "dang thi o uo");
	assert_true(text_fold_match(a, "duc"));
	assert_true(text_fold_match(a, "ng duc"));
	assert_false(text_fold_match(a, "duc nguyen"));
	assert_true(text_fold_match(a, ""));
	free(a);
	free(b);
	free(c);
}

static void width_and_fit_count_columns_not_bytes(void **state)
{
	(void)state;
	assert_int_equal(text_width("Đức"), 3);
	assert_int_equal(text_width("日本"), 4);
	/* a combining mark has no width */
	assert_int_equal(text_width("e\xcc\x81"), 1);
	int w;
	/* 5 columns of "Nguyễn Văn" keep "Nguyễ" whole: 5 letters, 7 bytes */
	size_t n = text_fit("Nguyễn Văn", 5, &w);
	assert_int_equal(w, 5);
	assert_int_equal(n, strlen("Nguyễ"));
	/* never split a wide character */
	n = text_fit("日本", 3, &w);
	assert_int_equal(w, 2);
	assert_int_equal(n, 3);
}

static void cursor_moves_by_grapheme(void **state)
{
	(void)state;
	const char *s = "Ae\xcc\x81x";	/* A, e + combining acute, x */
	size_t len = strlen(s);
	assert_int_equal(text_next(s, len, 0), 1);
	assert_int_equal(text_next(s, len, 1), 4);
	assert_int_equal(text_prev(s, len, 4), 1);
	assert_int_equal(text_prev(s, len, 1), 0);
	assert_int_equal(text_next(s, len, len), len);
}

static void visible_escapes_controls(void **state)
{
	(void)state;
	char *v = text_visible("a\x1b[31mred\x7f\xc2\x85\xe2\x80\xae", false);
	assert_string_equal(v, "a^[[31mred^?<U+0085><U+202E>");
	free(v);
	v = text_visible("line1\nline2", false);
	assert_string_equal(v, "line1⏎line2");
	free(v);
	v = text_visible("ok \xff", false);
	assert_string_equal(v, "ok \xEF\xBF\xBD");
	free(v);
	assert_true(text_has_controls("x\x1by", true));
	assert_false(text_has_controls("x\ny", true));
	assert_true(text_has_controls("x\ny", false));
	assert_false(text_has_controls("Nguyễn Văn Ánh", false));
}

static void valid_rejects_nul_and_overlong(void **state)
{
	(void)state;
	size_t bad = 99;
	assert_true(text_valid("Đức", strlen("Đức"), NULL));
	assert_false(text_valid("ab\0c", 4, &bad));
	assert_int_equal(bad, 2);
	assert_false(text_valid("\xc0\xaf", 2, &bad));	/* overlong '/' */
	assert_int_equal(bad, 0);
	assert_false(text_valid("\xed\xa0\x80", 3, &bad));	/* surrogate */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nfc_composes_combining_marks),
		cmocka_unit_test(nfc_short_cut_agrees_with_utf8proc),
		cmocka_unit_test(fold_short_cut_agrees_with_utf8proc),
		cmocka_unit_test(fold_ignores_case_and_diacritics),
		cmocka_unit_test(width_and_fit_count_columns_not_bytes),
		cmocka_unit_test(cursor_moves_by_grapheme),
		cmocka_unit_test(visible_escapes_controls),
		cmocka_unit_test(valid_rejects_nul_and_overlong),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
