/* test_csv.c — RFC 4180 in and out: quoting, line numbers for messages,
 * spreadsheet formulas neutralised, malformed input reported. */
#include "support.h"
#include "core/csv.h"
#include "core/xmem.h"

#include <stdlib.h>
#include <string.h>

static void parse_ok(const char *text, struct csv *c)
{
	struct err e;
	if (csv_parse(text, strlen(text), "x.csv", c, &e) != 0)
		fail_msg("'%s' refused: %s", text, e.msg);
}

static void reads_quotes_bom_and_line_ends(void **state)
{
	(void)state;
	struct csv c;
	parse_ok("\xEF\xBB\xBFname,households,note\r\n"
	    "Ấp Một,120,\"religious, isolated\"\r\n"
	    "\"Ấp \"\"Hai\"\"\",,\"two\r\nlines\"\r\n"
	    "\r\n"
	    "Ấp Ba,7,last row without a line end", &c);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.rows[0].fields.n, 3);
	assert_string_equal(c.rows[0].fields.v[0], "name");	/* no BOM left */
	assert_int_equal(c.rows[1].line, 2);
	assert_string_equal(c.rows[1].fields.v[2], "religious, isolated");
	assert_int_equal(c.rows[2].line, 3);
	assert_string_equal(c.rows[2].fields.v[0], "Ấp \"Hai\"");
	assert_string_equal(c.rows[2].fields.v[1], "");
	assert_string_equal(c.rows[2].fields.v[2], "two\r\nlines");
	/* the row after a two-line field and a blank line starts on line 6 */
	assert_int_equal(c.rows[3].line, 6);
	assert_string_equal(c.rows[3].fields.v[2], "last row without a line end");
	csv_free(&c);
	/* line feeds only, and a trailing empty field */
	parse_ok("a,b,\nc,d,\n", &c);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.rows[1].fields.n, 3);
	assert_string_equal(c.rows[1].fields.v[2], "");
	csv_free(&c);
	/* old Macintosh line ends (carriage return only) still count lines */
	parse_ok("a,b\rc,d\re,f\r", &c);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.rows[2].line, 3);
	assert_string_equal(c.rows[2].fields.v[1], "f");
	csv_free(&c);
	/* nothing at all */
	parse_ok("", &c);
	assert_int_equal(c.n, 0);
	csv_free(&c);
}

static void malformed_input_names_its_line(void **state)
{
	(void)state;
	struct { const char *text; size_t len; const char *want; } cases[] = {
		{ "a,b\n\"open,c\nd\n", 0, "x.csv:2: a quoted field is never closed" },
		{ "a,b\n\"x\"y,c\n", 0, "x.csv:2: text after a closing quote" },
		{ "a,b\nc,d\n\xff,e\n", 0, "x.csv:3: not valid UTF-8" },
		{ "a,b\nc,\0d\n", 8, "x.csv:2:" },
		{ "a\n\"multi\nline\" oops\n", 0, "x.csv:3: text after a closing quote" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct csv c;
		struct err e;
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		assert_int_equal(csv_parse(cases[i].text, len, "x.csv", &c, &e), -1);
		assert_int_equal(e.kind, E_INVALID);
		if (strncmp(e.msg, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu: '%s', expected '%s...'", i, e.msg, cases[i].want);
		assert_int_equal(c.n, 0);
	}
}

static void semicolons_from_the_header_row(void **state)
{
	(void)state;
	struct csv c;
	/* Excel where the decimal mark is a comma: ';' between fields */
	parse_ok("\xEF\xBB\xBFname;area_ha;note\r\nẤp Một;1,5;\"a; b\"\r\n", &c);
	assert_int_equal(c.sep, ';');
	assert_int_equal(c.rows[1].fields.n, 3);
	assert_string_equal(c.rows[1].fields.v[1], "1,5");
	assert_string_equal(c.rows[1].fields.v[2], "a; b");
	csv_free(&c);
	/* a quoted ';' in a comma file's header does not count */
	parse_ok("name,\"a;b;c\"\nx,y\n", &c);
	assert_int_equal(c.sep, ',');
	assert_int_equal(c.rows[0].fields.n, 2);
	assert_string_equal(c.rows[0].fields.v[1], "a;b;c");
	csv_free(&c);
	assert_int_equal(csv_sniff("a;b,c;d\n1,2,3,4,5", 17), ';');
	assert_int_equal(csv_sniff("", 0), ',');
}

static void writes_rfc4180(void **state)
{
	(void)state;
	struct sbuf b = SBUF_INIT;
	csv_field(&b, "plain", true, false);
	csv_field(&b, "a,b", false, false);
	csv_field(&b, "say \"hi\"", false, false);
	csv_field(&b, "two\nlines", false, false);
	csv_field(&b, " padded ", false, false);
	csv_field(&b, "", false, false);
	csv_field(&b, "Nguyễn Văn Ánh", false, false);
	csv_endrow(&b);
	assert_string_equal(sbuf_str(&b),
	    "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",,Nguyễn Văn Ánh\r\n");
	/* and it reads back field for field */
	struct csv c;
	parse_ok(sbuf_str(&b), &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.rows[0].fields.n, 7);
	assert_string_equal(c.rows[0].fields.v[2], "say \"hi\"");
	assert_string_equal(c.rows[0].fields.v[3], "two\nlines");
	assert_string_equal(c.rows[0].fields.v[4], " padded ");
	csv_free(&c);
	sbuf_free(&b);
}

static void formulas_are_neutralised(void **state)
{
	(void)state;
	const char *formulas[] = { "=1+2", "=HYPERLINK(\"http://x\")", "+1+2", "-1+2",
		"@SUM(A1)", "\tx", "\rx", "-", "+", "=", NULL };
	const char *not_formulas[] = { "-12", "+3.5", "-1,5", "12", "a=b", "Ấp =",
		"", "'quoted", NULL };
	for (int i = 0; formulas[i]; i++) {
		assert_true(csv_is_formula(formulas[i]));
		struct sbuf b = SBUF_INIT;
		csv_field(&b, formulas[i], true, true);
		/* quoted, with an apostrophe a spreadsheet shows and never runs */
		if (strncmp(sbuf_str(&b), "\"'", 2) != 0)
			fail_msg("'%s' written as '%s'", formulas[i], sbuf_str(&b));
		struct csv c;
		parse_ok(sbuf_str(&b), &c);
		assert_int_equal(c.n, 1);
		const char *back = c.rows[0].fields.v[0];
		/* the importer recognises its own apostrophe */
		assert_true(csv_unneutralise(back));
		assert_string_equal(back + 1, formulas[i]);
		csv_free(&c);
		sbuf_free(&b);
	}
	for (int i = 0; not_formulas[i]; i++) {
		assert_false(csv_is_formula(not_formulas[i]));
		assert_false(csv_unneutralise(not_formulas[i]));
	}
	/* without `formula` the text goes out as it is */
	struct sbuf b = SBUF_INIT;
	csv_field(&b, "=1+2", true, false);
	assert_string_equal(sbuf_str(&b), "=1+2");
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_quotes_bom_and_line_ends),
		cmocka_unit_test(malformed_input_names_its_line),
		cmocka_unit_test(semicolons_from_the_header_row),
		cmocka_unit_test(writes_rfc4180),
		cmocka_unit_test(formulas_are_neutralised),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
