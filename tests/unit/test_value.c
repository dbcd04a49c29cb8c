/* test_value.c — typed input to canonical values, and back to what the
 * officer reads: dates, numbers the Vietnamese way, yes/no, choices by
 * code or label, references by name, lists, and the limits. */
#include "support.h"
#include "core/text.h"
#include "core/xmem.h"
#include "model/value.h"

#include <stdlib.h>
#include <string.h>

static const struct field *field_of(const char *form, const char *name)
{
	const struct form *f = formset_get(t_forms(), form);
	assert_non_null(f);
	const struct field *fd = form_field(f, name);
	if (!fd)
		fail_msg("form %s has no field %s", form, name);
	return fd;
}

/* Typed `in` must give exactly `want` (NULL: refused). */
static void expect(const struct field *fd, const char *in, const char *want)
{
	char *out = (char *)"unset";
	struct err e = { 0 };
	int rc = value_from_input(fd, in, NULL, &out, &e);
	if (want == NULL) {
		if (rc == 0)
			fail_msg("%s: '%s' was accepted as '%s'", fd->name, in,
			    out ? out : "(empty)");
		assert_int_equal(e.kind, E_INVALID);
		/* the message repeats what was typed and says what is expected */
		assert_true(strlen(e.msg) > 10);
		return;
	}
	if (rc != 0)
		fail_msg("%s: '%s' refused: %s", fd->name, in, e.msg);
	if (!out || strcmp(out, want) != 0)
		fail_msg("%s: '%s' gave '%s', expected '%s'", fd->name, in,
		    out ? out : "(null)", want);
	free(out);
}

static void dates_typed_the_vietnamese_way(void **state)
{
	(void)state;
	const struct field *d = field_of("staff", "birth_date");
	expect(d, "05/03/1980", "1980-03-05");
	expect(d, "5/3/1980", "1980-03-05");
	expect(d, " 05-03-1980 ", "1980-03-05");
	expect(d, "05.03.1980", "1980-03-05");
	expect(d, "1980-03-05", "1980-03-05");
	expect(d, "29/02/2024", "2024-02-29");	/* a leap year */
	expect(d, "29/02/2000", "2000-02-29");	/* divisible by 400 */
	expect(d, "31/12/2026", "2026-12-31");
	expect(d, "31/02/2024", NULL);
	expect(d, "30/02/2024", NULL);
	expect(d, "29/02/2025", NULL);	/* not a leap year */
	expect(d, "29/02/1900", NULL);	/* divisible by 100, not 400 */
	expect(d, "31/04/2026", NULL);
	expect(d, "00/01/2026", NULL);
	expect(d, "01/13/2026", NULL);
	expect(d, "05/03/80", NULL);	/* two-digit years are ambiguous */
	expect(d, "05/03-1980", NULL);	/* mixed separators */
	expect(d, "2026-2-5", NULL);	/* ISO is strict */
	expect(d, "12/0", NULL);	/* half typed */
	expect(d, "hôm qua", NULL);
	expect(d, "05/03/1980x", NULL);
	expect(d, "1/1/0999", NULL);
	/* the message says how to write a date */
	char *out;
	struct err e;
	assert_int_equal(value_from_input(d, "31/02/2024", NULL, &out, &e), -1);
	assert_non_null(strstr(e.msg, "31/02/2024"));
	assert_non_null(strstr(e.msg, "dd/mm/yyyy"));
	/* shown and edited as dd/mm/yyyy */
	char *s = value_display(d, "1980-03-05", LANG_VI, NULL);
	assert_string_equal(s, "05/03/1980");
	free(s);
	s = value_edit_text(d, "2024-02-29");
	assert_string_equal(s, "29/02/2024");
	free(s);
	/* a record file holds ISO only */
	assert_int_equal(value_canon(d, "05/03/1980", &out, &e), -1);
	assert_int_equal(value_canon(d, "1980-03-05", &out, &e), 0);
	assert_string_equal(out, "1980-03-05");
	free(out);
}

/* Numbers are typed in the interface language: the tests below type
 * Vietnamese, then switch the messages back to English. */
static void typing_in(enum lang l)
{
	i18n_init(t_paths()->localedir, l);
}

static void decimals_with_comma_or_point(void **state)
{
	(void)state;
	typing_in(LANG_VI);
	const struct field *x = field_of("hamlets", "area_ha");
	expect(x, "1,5", "1.5");
	expect(x, "1.5", "1.5");
	expect(x, "1.234,5", "1234.5");
	expect(x, "1.234.567,25", "1234567.25");
	expect(x, "12", "12.0");
	expect(x, "0,10", "0.1");
	expect(x, "-2,50", "-2.5");
	expect(x, "+3", "3.0");
	expect(x, "-0", "0.0");
	expect(x, "007,5", "7.5");
	expect(x, "0,000001", "0.000001");	/* six decimals */
	expect(x, "0,0000001", NULL);		/* seven */
	expect(x, "1,2345678", NULL);
	expect(x, "1,5,5", NULL);
	expect(x, "1.5.5", NULL);
	expect(x, "1,5.0", NULL);
	expect(x, "1e3", NULL);
	expect(x, "0x10", NULL);
	expect(x, "inf", NULL);
	expect(x, "nan", NULL);
	expect(x, "1,", NULL);
	expect(x, ",", NULL);
	expect(x, "-", NULL);
	expect(x, "1 234,5", "1234.5");	/* a space groups thousands too */
	expect(x, ",5", "0.5");
	expect(x, "một", NULL);
	/* thousands points come in groups of three */
	expect(x, "1.23,5", NULL);
	expect(x, "1..234,5", NULL);
	expect(x, ".5,1", NULL);
	expect(x, "1234.567,5", NULL);
	/* large values keep every digit typed (no binary rounding) */
	expect(x, "123.456.789.012,123456", "123456789012.123456");
	expect(x, "999999999999,999999", "999999999999.999999");
	expect(x, "-999999999999,999999", "-999999999999.999999");
	expect(x, "0,1", "0.1");
	expect(x, "1.000.000.000.000", NULL);	/* 10^12: past the limit */
	expect(x, "99999999999999999999", NULL);
	/* read from a file: point only */
	char *out;
	struct err e;
	assert_int_equal(value_canon(x, "1,5", &out, &e), -1);
	assert_int_equal(value_canon(x, "2.25", &out, &e), 0);
	assert_string_equal(out, "2.25");
	free(out);
	/* shown and edited with a comma */
	char *s = value_display(x, "1234.5", LANG_VI, NULL);
	assert_string_equal(s, "1234,5");
	free(s);
	s = value_edit_text(x, "1234.5");
	assert_string_equal(s, "1234,5");
	free(s);
	typing_in(LANG_EN);
}

/* "1.500" in a Vietnamese decimal field: 1500, or 1,5 typed the English
 * way? Refused, saying what to type; never guessed. A point that cannot
 * group thousands is a decimal point. */
static void ambiguous_decimals_refused(void **state)
{
	(void)state;
	typing_in(LANG_VI);
	const struct field *x = field_of("hamlets", "area_ha");
	const struct field *n = field_of("hamlets", "households");
	expect(x, "28,4", "28.4");
	expect(x, "28.4", "28.4");
	expect(x, "1.2345", "1.2345");
	expect(x, "1.500", NULL);
	expect(x, "-12.345", NULL);
	expect(x, "1.500,0", "1500.0");
	expect(x, "1.500.000", "1500000.0");
	expect(n, "1.500", "1500");	/* a whole number: thousands only */
	char *out = NULL;
	struct err e = { 0 };
	assert_int_equal(value_from_input(x, "1.500", NULL, &out, &e), -1);
	assert_null(out);
	/* the message names both readings the Vietnamese way */
	assert_non_null(strstr(e.msg, "1.500"));
	assert_non_null(strstr(e.msg, "1500"));
	assert_non_null(strstr(e.msg, "1,5"));

	/* in English the roles swap */
	typing_in(LANG_EN);
	expect(x, "28.4", "28.4");
	expect(x, "28,4", "28.4");
	expect(x, "1,234.5", "1234.5");
	expect(x, "1,500", NULL);
	expect(n, "1,500", "1500");
	expect(n, "1.500", NULL);
	assert_int_equal(value_from_input(x, "1,500", NULL, &out, &e), -1);
	assert_non_null(strstr(e.msg, "1500"));
	assert_non_null(strstr(e.msg, "1.5"));
	char *s = value_edit_text(x, "1234.5");
	assert_string_equal(s, "1234.5");
	free(s);
	s = value_display(x, "1234.5", LANG_EN, NULL);
	assert_string_equal(s, "1234.5");
	free(s);
}

static void integers_with_thousands_points(void **state)
{
	(void)state;
	typing_in(LANG_VI);
	const struct field *n = field_of("hamlets", "households");
	expect(n, "120", "120");
	expect(n, "1.234", "1234");
	expect(n, "1.234.567", "1234567");
	expect(n, "1 234", "1234");
	expect(n, "-12", "-12");
	expect(n, "+12", "12");
	expect(n, "0012", "12");
	expect(n, "-0", "0");
	expect(n, "9223372036854775807", "9223372036854775807");
	expect(n, "-9223372036854775808", "-9223372036854775808");
	expect(n, "9223372036854775808", NULL);	/* does not fit */
	expect(n, "99999999999999999999999", NULL);
	expect(n, "1.5", NULL);		/* not a whole number */
	expect(n, "1,5", NULL);
	expect(n, "1,234", NULL);
	expect(n, "12.34", NULL);
	expect(n, "1.2345", NULL);
	expect(n, "1234.567", NULL);
	expect(n, "1.234 567", NULL);	/* one kind of separator */
	expect(n, "1.", NULL);
	expect(n, ".5", NULL);
	expect(n, "--1", NULL);
	expect(n, "1e3", NULL);
	expect(n, "0x10", NULL);
	expect(n, "mười", NULL);
	/* empty input is no value, not an error */
	char *out = (char *)"x";
	assert_int_equal(value_from_input(n, "   ", NULL, &out, NULL), 0);
	assert_null(out);
	/* a file holds plain digits only */
	struct err e;
	assert_int_equal(value_canon(n, "1.234", &out, &e), -1);
	assert_non_null(strstr(e.msg, "1.234"));
	typing_in(LANG_EN);
}

static void booleans_co_khong(void **state)
{
	(void)state;
	const struct field *b = field_of("hamlets", "key_security");
	expect(b, "có", "true");
	expect(b, "Có", "true");
	expect(b, "CÓ", "true");
	expect(b, "co", "true");
	expect(b, "không", "false");
	expect(b, "Không", "false");
	expect(b, "khong", "false");
	expect(b, "yes", "true");
	expect(b, "no", "false");
	expect(b, "true", "true");
	expect(b, "1", "true");
	expect(b, "0", "false");
	expect(b, "có lẽ", NULL);
	expect(b, "2", NULL);
	char *out;
	struct err e;
	/* files hold true / false and nothing else */
	assert_int_equal(value_canon(b, "yes", &out, &e), -1);
	assert_int_equal(value_canon(b, "có", &out, &e), -1);
	assert_int_equal(value_canon(b, "true", &out, &e), 0);
	free(out);
	i18n_init(t_paths()->localedir, LANG_EN);
	char *s = value_display(b, "true", LANG_EN, NULL);
	assert_string_equal(s, "Yes");
	free(s);
}

static void choices_by_code_or_label(void **state)
{
	(void)state;
	const struct field *k = field_of("hamlets", "kind");
	expect(k, "thon", "thon");
	expect(k, "tdp", "tdp");
	expect(k, "Thôn", "thon");	/* the code, folded */
	expect(k, "THON", "thon");
	/* a whole label, in either language, without diacritics */
	expect(k, "Tổ dân phố, khu phố, khóm", "tdp");
	expect(k, "to dan pho, khu pho, khom", "tdp");
	expect(k, "Urban neighbourhood (tổ dân phố)", "tdp");
	expect(k, "phố", NULL);		/* part of a label is not enough */
	expect(k, "xom", NULL);
	const struct field *a = field_of("staff", "arrangement");
	expect(a, "Kiêm nhiệm", "concurrent");
	expect(a, "kiem nhiem", "concurrent");
	expect(a, "Hold two titles", "concurrent");
	/* files hold the code exactly */
	char *out;
	struct err e;
	assert_int_equal(value_canon(k, "Thôn", &out, &e), -1);
	assert_int_equal(value_canon(k, "THON", &out, &e), -1);
	char *s = value_display(k, "tdp", LANG_VI, NULL);
	assert_string_equal(s, "Tổ dân phố, khu phố, khóm");
	free(s);
	s = value_display(k, "tdp", LANG_EN, NULL);
	assert_string_equal(s, "Urban neighbourhood (tổ dân phố)");
	free(s);
}

/* Hamlets known by name, for ref fields. */
static const char *const hamlet_names[][2] = {
	{ "11111111-1111-4111-8111-111111111111", "Ấp Bình An" },
	{ "22222222-2222-4222-8222-222222222222", "Ấp Hòa Bình" },
	{ "33333333-3333-4333-8333-333333333333", "Ấp Hòa Bình" },	/* twice */
	{ "44444444-4444-4444-8444-444444444444", "Ấp Đông" },
};

static const char *fake_name(void *data, const char *form, const char *id)
{
	(void)data;
	assert_string_equal(form, "hamlets");
	for (size_t i = 0; i < 4; i++)
		if (strcmp(hamlet_names[i][0], id) == 0)
			return hamlet_names[i][1];
	return NULL;
}

static const char *fake_find(void *data, const char *form, const char *text,
    int *count)
{
	(void)data;
	assert_string_equal(form, "hamlets");
	char *key = text_fold(text);
	const char *id = NULL;
	*count = 0;
	for (size_t i = 0; i < 4; i++) {
		char *k = text_fold(hamlet_names[i][1]);
		if (strcmp(k, key) == 0) {
			id = hamlet_names[i][0];
			(*count)++;
		}
		free(k);
	}
	free(key);
	return id;
}

static void refs_by_name(void **state)
{
	(void)state;
	const struct field *h = field_of("staff", "hamlet");
	struct refs refs = { fake_name, fake_find, NULL };
	char *out = NULL;
	struct err e;
	assert_int_equal(value_from_input(h, "ap binh an", &refs, &out, &e), 0);
	assert_string_equal(out, hamlet_names[0][0]);
	free(out);
	assert_int_equal(value_from_input(h, "  Ấp Đông ", &refs, &out, &e), 0);
	assert_string_equal(out, hamlet_names[3][0]);
	free(out);
	/* an id is taken as it is */
	assert_int_equal(value_from_input(h, hamlet_names[1][0], &refs, &out, &e), 0);
	assert_string_equal(out, hamlet_names[1][0]);
	free(out);
	/* two hamlets of that name: the officer must say which */
	assert_int_equal(value_from_input(h, "ấp hòa bình", &refs, &out, &e), -1);
	assert_int_equal(e.kind, E_INVALID);
	assert_non_null(strstr(e.msg, "2 records"));
	assert_non_null(strstr(e.msg, "id"));
	/* none at all */
	assert_int_equal(value_from_input(h, "Ấp Không Có", &refs, &out, &e), -1);
	assert_non_null(strstr(e.msg, "Ấp Không Có"));
	assert_non_null(strstr(e.msg, "hamlets"));
	/* without a way to look names up, only ids */
	assert_int_equal(value_from_input(h, "Ấp Đông", NULL, &out, &e), -1);
	/* an upper-case id is not an id (ids are file names) */
	assert_int_equal(value_canon(h, "AAAAAAAA-1111-4111-8111-111111111111", &out, &e), -1);
	/* shown by name; a missing record shows a short id */
	char *s = value_display(h, hamlet_names[3][0], LANG_VI, &refs);
	assert_string_equal(s, "Ấp Đông");
	free(s);
	s = value_display(h, "55555555-5555-4555-8555-555555555555", LANG_VI, &refs);
	assert_string_equal(s, "? 55555555");
	free(s);
}

static void lists_comma_separated(void **state)
{
	(void)state;
	const struct field *p = field_of("staff", "positions");
	struct strv items = STRV_INIT;
	struct err e;
	assert_int_equal(value_list_from_input(p, "truong_thon, Bí thư Chi bộ,,  thu_y ",
	    NULL, &items, &e), 0);
	assert_int_equal(items.n, 3);
	assert_string_equal(items.v[0], "truong_thon");
	assert_string_equal(items.v[1], "bi_thu_chi_bo");
	assert_string_equal(items.v[2], "thu_y");
	char *s = value_display_list(p, &items, LANG_VI, NULL);
	assert_non_null(strstr(s, "Bí thư Chi bộ"));
	assert_non_null(strstr(s, ", "));
	free(s);
	strv_free(&items);
	/* one bad item refuses the whole list and names it */
	assert_int_equal(value_list_from_input(p, "thu_y, no_such_title", NULL, &items, &e), -1);
	assert_int_equal(items.n, 0);
	assert_non_null(strstr(e.msg, "no_such_title"));
	/* nothing typed: an empty list */
	assert_int_equal(value_list_from_input(p, "", NULL, &items, &e), 0);
	assert_int_equal(items.n, 0);
	assert_int_equal(value_list_from_input(p, " , ", NULL, &items, &e), 0);
	assert_int_equal(items.n, 0);
	/* refs by name in a list */
	const struct field *nb = field_of("hamlets", "neighbours");
	struct refs refs = { fake_name, fake_find, NULL };
	assert_int_equal(value_list_from_input(nb, "Ấp Bình An, ap dong", &refs, &items, &e), 0);
	assert_int_equal(items.n, 2);
	assert_string_equal(items.v[0], hamlet_names[0][0]);
	assert_string_equal(items.v[1], hamlet_names[3][0]);
	strv_free(&items);
}

static void text_is_nfc_and_trimmed(void **state)
{
	(void)state;
	const struct field *t = field_of("hamlets", "name");
	/* decomposed input (as some keyboards send it) is stored composed */
	expect(t, "  A\xcc\x82\xcc\x81p Bi\xcc\x80nh An  ", "Ấp Bình An");
	char *out;
	struct err e;
	assert_int_equal(value_from_input(t, "bad \xff byte", NULL, &out, &e), -1);
	assert_non_null(strstr(e.msg, "UTF-8"));
}

int main(void)
{
	t_paths();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dates_typed_the_vietnamese_way),
		cmocka_unit_test(decimals_with_comma_or_point),
		cmocka_unit_test(ambiguous_decimals_refused),
		cmocka_unit_test(integers_with_thousands_points),
		cmocka_unit_test(booleans_co_khong),
		cmocka_unit_test(choices_by_code_or_label),
		cmocka_unit_test(refs_by_name),
		cmocka_unit_test(lists_comma_separated),
		cmocka_unit_test(text_is_nfc_and_trimmed),
	};
	return cmocka_run_group_tests_name("value", tests, NULL, NULL);
}
