/* test_text.c — Unicode handling: NFC, folding for search, widths. */
#include "support.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

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
		cmocka_unit_test(fold_ignores_case_and_diacritics),
		cmocka_unit_test(width_and_fit_count_columns_not_bytes),
		cmocka_unit_test(cursor_moves_by_grapheme),
		cmocka_unit_test(visible_escapes_controls),
		cmocka_unit_test(valid_rejects_nul_and_overlong),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
