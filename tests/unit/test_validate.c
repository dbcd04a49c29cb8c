/* test_validate.c — the validation engine against a form that uses every
 * rule: required only when relevant, relevance chains, number and date
 * bounds (today, -16y, other fields), lengths in characters, list sizes,
 * duplicates, filtered choices, control characters, unknown fields,
 * references, the cross-record hook and the resulting status. */
#include "support.h"
#include "core/xmem.h"
#include "model/validate.h"

#include <stdlib.h>
#include <string.h>

static const char *const form_v =
    "form: v\nversion: 1\ntitle: {vi: Thử, en: Test}\nfolder: v\ndisplay: [name]\n"
    "fields:\n"
    "  - {name: name, type: text, label: {vi: Tên, en: Name}, required: true, max_length: 5}\n"
    "  - {name: note, type: multiline, label: {vi: Ghi chú, en: Note}}\n"
    "  - name: kind\n    type: select_one\n    label: {vi: Loại, en: Kind}\n    required: true\n"
    "    choices: [{code: a, label: {vi: A}}, {code: b, label: {vi: B}}]\n"
    "  - {name: detail, type: text, label: {vi: Chi tiết, en: Detail}, required: true,\n"
    "     relevant: {field: kind, in: [b]}}\n"
    "  - {name: sub, type: boolean, label: {vi: Phụ, en: Sub}, relevant: {field: kind, in: [b]}}\n"
    "  - {name: subdetail, type: text, label: {vi: Chi tiết phụ, en: Sub detail}, required: true,\n"
    "     relevant: {field: sub, in: ['true']}}\n"
    "  - {name: other, type: text, label: {vi: Khác, en: Other}, relevant: {field: kind, not_in: [a]}}\n"
    "  - {name: count, type: integer, label: {vi: Tổng số, en: Total}, min: 0, max: 100}\n"
    "  - {name: part, type: integer, label: {vi: Một phần, en: Part}, min: 1, max: {field: count}}\n"
    "  - {name: ratio, type: decimal, label: {vi: Tỉ lệ, en: Ratio}, min: -1.5, max: 2.5}\n"
    "  - {name: born, type: date, label: {vi: Ngày sinh, en: Born}, min: 1930-01-01, max: -16y}\n"
    "  - {name: start, type: date, label: {vi: Bắt đầu, en: Start}, min: {field: born}, max: today}\n"
    "  - {name: end, type: date, label: {vi: Kết thúc, en: End}, min: {field: start}, max: +6m}\n"
    "  - name: tags\n    type: select_multiple\n    label: {vi: Nhãn, en: Tags}\n"
    "    min_items: 2\n    max_items: 3\n"
    "    choices: [{code: x, label: {vi: X}}, {code: y, label: {vi: Y}}, {code: z, label: {vi: Z}},\n"
    "              {code: w, label: {vi: W}}]\n"
    "  - name: area\n    type: select_one\n    label: {vi: Miền, en: Area}\n"
    "    choices: [{code: north, label: {vi: Bắc, en: North}}, {code: south, label: {vi: Nam, en: South}}]\n"
    "  - name: item\n    type: select_one\n    label: {vi: Mục, en: Item}\n    choice_filter: area\n"
    "    choices:\n"
    "      - {code: p, label: {vi: Pê, en: P}, tags: [north]}\n"
    "      - {code: q, label: {vi: Quy, en: Q}, tags: [south]}\n"
    "      - {code: r, label: {vi: Rờ, en: R}}\n"
    "  - {name: link, type: ref, form: v, label: {vi: Liên kết, en: Link}}\n"
    "  - {name: links, type: ref, form: v, many: true, label: {vi: Liên kết, en: Links}}\n";

static struct formset *fs;
static char *fs_dir;
static const struct form *V;

static const char *const known_id = "11111111-1111-4111-8111-111111111111";
static const char *const self_id = "22222222-2222-4222-8222-222222222222";

static const char *ref_name(void *data, const char *form, const char *id)
{
	(void)data;
	assert_string_equal(form, "v");
	if (strcmp(id, known_id) == 0)
		return "Một";
	if (strcmp(id, self_id) == 0)
		return "Chính nó";
	return NULL;
}

static struct refs refs = { ref_name, NULL, NULL };

static int setup(void **state)
{
	(void)state;
	struct strv errors = STRV_INIT;
	const char *files[] = { "v.yaml", form_v, NULL };
	fs = t_formset(files, &errors, &fs_dir);
	if (!fs)
		fail_msg("%s", errors.v[0]);
	strv_free(&errors);
	V = formset_get(fs, "v");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	formset_free(fs);
	t_rmtree(fs_dir);
	free(fs_dir);
	return 0;
}

static struct vctx ctx(void)
{
	struct vctx c = { { 2026, 11, 28 }, &refs, NULL, NULL };
	return c;
}

/* A valid record: name and kind a. */
static struct record *base(void)
{
	struct record *r = record_new(V);
	strcpy(r->id, self_id);
	record_set_str(r, "name", "Ấp");
	record_set_str(r, "kind", "a");
	return r;
}

static void check(const struct record *r, struct problems *ps)
{
	struct vctx c = ctx();
	problems_free(ps);
	validate_record(V, r, &c, ps);
}

/* The English message of the first problem of `field`, or NULL. */
static const char *problem_en(const struct problems *ps, const char *field)
{
	const struct problem *p = problems_for(ps, field);
	return p ? p->msg.en : NULL;
}

static void expect_msg(const struct problems *ps, const char *field,
    const char *en, const char *vi)
{
	const struct problem *p = problems_for(ps, field);
	if (!p)
		fail_msg("no problem for %s (expected '%s')", field, en);
	if (!strstr(p->msg.en, en))
		fail_msg("%s: '%s' lacks '%s'", field, p->msg.en, en);
	if (vi && !strstr(p->msg.vi, vi))
		fail_msg("%s: '%s' lacks '%s'", field, p->msg.vi, vi);
	assert_non_null(p->msg.vi);
}

static void required_only_when_relevant(void **state)
{
	(void)state;
	struct problems ps = { 0 };
	struct record *r = base();
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	assert_int_equal(validate_status(&ps), RS_COMPLETE);
	/* kind b shows detail, which is required */
	record_set_str(r, "kind", "b");
	check(r, &ps);
	assert_int_equal(ps.n, 1);
	expect_msg(&ps, "detail", "Required", "Chưa nhập");
	assert_int_equal(ps.v[0].sev, SEV_ERROR);
	assert_int_equal(validate_status(&ps), RS_INCOMPLETE);
	/* the chain: sub = true shows subdetail, required too */
	record_set_str(r, "detail", "d");
	record_set_str(r, "sub", "true");
	check(r, &ps);
	assert_int_equal(ps.n, 1);
	expect_msg(&ps, "subdetail", "Required", NULL);
	assert_true(field_relevant(V, form_field(V, "subdetail"), r));
	/* back to kind a: sub is hidden, so subdetail is hidden as well,
	 * although sub still holds true */
	record_set_str(r, "kind", "a");
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	assert_false(field_relevant(V, form_field(V, "sub"), r));
	assert_false(field_relevant(V, form_field(V, "subdetail"), r));
	/* not_in: shown for b, hidden for a, and hidden while kind is empty */
	const struct field *other = form_field(V, "other");
	assert_false(field_relevant(V, other, r));
	record_set_str(r, "kind", "b");
	assert_true(field_relevant(V, other, r));
	record_unset(r, "kind");
	assert_false(field_relevant(V, other, r));
	check(r, &ps);
	expect_msg(&ps, "kind", "Required", NULL);
	assert_null(problems_for(&ps, "detail"));
	record_free(r);
	problems_free(&ps);
}

static void number_bounds(void **state)
{
	(void)state;
	struct problems ps = { 0 };
	struct record *r = base();
	record_set_str(r, "count", "-1");
	check(r, &ps);
	expect_msg(&ps, "count", "Must not be less than 0", "Không được nhỏ hơn 0");
	record_set_str(r, "count", "101");
	check(r, &ps);
	expect_msg(&ps, "count", "Must not be more than 100", "Không được lớn hơn 100");
	record_set_str(r, "count", "100");
	record_set_str(r, "ratio", "2.5");
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	record_set_str(r, "ratio", "-1.6");
	check(r, &ps);
	expect_msg(&ps, "ratio", "less than -1,5", "nhỏ hơn -1,5");
	record_unset(r, "ratio");
	/* a bound taken from another field names it */
	record_set_str(r, "count", "50");
	record_set_str(r, "part", "51");
	check(r, &ps);
	expect_msg(&ps, "part", "Must not be more than Total (50)",
	    "Không được lớn hơn Tổng số (50)");
	record_set_str(r, "part", "50");
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	/* with the other field empty the bound does not apply */
	record_unset(r, "count");
	record_set_str(r, "part", "5000");
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	/* huge and negative values are compared, not wrapped */
	record_set_str(r, "count", "9223372036854775807");
	check(r, &ps);
	expect_msg(&ps, "count", "more than 100", NULL);
	record_set_str(r, "count", "-9223372036854775808");
	check(r, &ps);
	expect_msg(&ps, "count", "less than 0", NULL);
	record_free(r);
	problems_free(&ps);
}

static void date_bounds(void **state)
{
	(void)state;
	struct problems ps = { 0 };
	struct record *r = base();
	/* max -16y: born on or before 28/11/2010 (today is 28/11/2026) */
	record_set_str(r, "born", "2010-11-28");
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	record_set_str(r, "born", "2010-11-29");
	check(r, &ps);
	expect_msg(&ps, "born", "Must not be after 28/11/2010", "Không được sau ngày 28/11/2010");
	record_set_str(r, "born", "1929-12-31");
	check(r, &ps);
	expect_msg(&ps, "born", "Must not be before 01/01/1930", "trước ngày 01/01/1930");
	record_set_str(r, "born", "1980-03-05");
	/* start: not before born, not after today */
	record_set_str(r, "start", "1980-03-04");
	check(r, &ps);
	expect_msg(&ps, "start", "Must not be before 05/03/1980", NULL);
	record_set_str(r, "start", "2026-11-29");
	check(r, &ps);
	expect_msg(&ps, "start", "Must not be after 28/11/2026", NULL);
	record_set_str(r, "start", "2026-11-28");
	/* end: not before start, at most six months ahead */
	record_set_str(r, "end", "2027-05-28");
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	record_set_str(r, "end", "2027-05-29");
	check(r, &ps);
	expect_msg(&ps, "end", "Must not be after 28/05/2027", NULL);
	record_set_str(r, "end", "2026-11-27");
	check(r, &ps);
	expect_msg(&ps, "end", "Must not be before 28/11/2026", NULL);
	/* today moves the bounds */
	struct vctx c = ctx();
	c.today.y = 2030;
	problems_free(&ps);
	record_set_str(r, "end", "2030-12-01");
	validate_record(V, r, &c, &ps);
	assert_int_equal(ps.n, 0);
	record_free(r);
	problems_free(&ps);
}

static void lengths_in_characters(void **state)
{
	(void)state;
	struct problems ps = { 0 };
	struct record *r = base();
	/* five letters, fifteen bytes */
	record_set_str(r, "name", "Ễễỗộự");
	assert_int_equal(strlen("Ễễỗộự"), 15);
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	record_set_str(r, "name", "Nguyễn");
	check(r, &ps);
	expect_msg(&ps, "name", "6 characters long, at most 5", "Dài 6 ký tự, tối đa 5");
	record_free(r);
	problems_free(&ps);
}

static void list_sizes_and_duplicates(void **state)
{
	(void)state;
	struct problems ps = { 0 };
	struct record *r = base();
	struct strv items = STRV_INIT;
	strv_push(&items, "x");
	record_set_list(r, "tags", &items);
	check(r, &ps);
	expect_msg(&ps, "tags", "Choose at least 2", "Cần chọn ít nhất 2");
	strv_push(&items, "y");
	record_set_list(r, "tags", &items);
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	strv_push(&items, "z");
	strv_push(&items, "w");
	record_set_list(r, "tags", &items);
	check(r, &ps);
	expect_msg(&ps, "tags", "Choose at most 3", "tối đa 3");
	strv_free(&items);
	strv_push(&items, "x");
	strv_push(&items, "x");
	record_set_list(r, "tags", &items);
	check(r, &ps);
	expect_msg(&ps, "tags", "The same item is chosen twice", "Chọn trùng");
	assert_int_equal(ps.n, 1);	/* said once */
	strv_free(&items);
	/* an item that is not a choice */
	strv_push(&items, "x");
	strv_push(&items, "nope");
	record_set_list(r, "tags", &items);
	check(r, &ps);
	expect_msg(&ps, "tags", "'nope' is not one of the choices", NULL);
	strv_free(&items);
	/* a list where one value is wanted, and the other way round */
	strv_push(&items, "a");
	record_set_list(r, "kind", &items);
	check(r, &ps);
	expect_msg(&ps, "kind", "Wrong kind of value", "Sai kiểu");
	strv_free(&items);
	record_unset(r, "tags");
	record_set_str(r, "kind", "a");
	record_set_str(r, "tags", "x");
	check(r, &ps);
	expect_msg(&ps, "tags", "Wrong kind of value", NULL);
	record_free(r);
	problems_free(&ps);
}

static void filtered_choices(void **state)
{
	(void)state;
	struct problems ps = { 0 };
	struct record *r = base();
	record_set_str(r, "area", "north");
	record_set_str(r, "item", "p");
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	record_set_str(r, "item", "r");	/* no tags: always offered */
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	record_set_str(r, "item", "q");
	check(r, &ps);
	expect_msg(&ps, "item", "'Q' does not apply to North", "'Quy' không áp dụng cho Bắc");
	/* no filter value yet: every choice is offered */
	record_unset(r, "area");
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	const struct field *item = form_field(V, "item");
	assert_true(choice_offered(choice_find(item->choices, "q"), NULL));
	assert_false(choice_offered(choice_find(item->choices, "q"), "north"));
	record_free(r);
	problems_free(&ps);
}

static void control_characters(void **state)
{
	(void)state;
	struct problems ps = { 0 };
	struct record *r = base();
	const char *bad_text[] = { "a\x1b[2Jb", "a\nb", "a\rb", "tab\tin a name", "bell\x07", "del\x7f",
		"c1\xc2\x9b", "bidi\xe2\x80\xae", "ls\xe2\x80\xa8", NULL };
	for (int i = 0; bad_text[i]; i++) {
		record_set_str(r, "name", bad_text[i]);
		check(r, &ps);
		if (!problem_en(&ps, "name") || !strstr(problem_en(&ps, "name"), "control characters"))
			fail_msg("name %d not flagged", i);
	}
	record_set_str(r, "name", "Ấp");
	/* a note may have line breaks and tabs (pasted from a spreadsheet),
	 * but no escape sequences */
	record_set_str(r, "note", "dòng 1\ndòng 2\tcột 2\n");
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	record_set_str(r, "note", "dòng 1\n\x1b]0;title\x07");
	check(r, &ps);
	expect_msg(&ps, "note", "control characters", "ký tự điều khiển");
	record_free(r);
	problems_free(&ps);
}

static void references(void **state)
{
	(void)state;
	struct problems ps = { 0 };
	struct record *r = base();
	record_set_str(r, "link", known_id);
	check(r, &ps);
	assert_int_equal(ps.n, 0);
	record_set_str(r, "link", "33333333-3333-4333-8333-333333333333");
	check(r, &ps);
	expect_msg(&ps, "link", "The chosen record no longer exists (33333333)", "không còn");
	record_set_str(r, "link", self_id);
	check(r, &ps);
	expect_msg(&ps, "link", "A record cannot refer to itself", NULL);
	record_unset(r, "link");
	struct strv items = STRV_INIT;
	strv_push(&items, known_id);
	strv_push(&items, known_id);
	record_set_list(r, "links", &items);
	check(r, &ps);
	expect_msg(&ps, "links", "The same item is chosen twice", NULL);
	strv_free(&items);
	/* without a way to look records up, ids are not checked */
	struct vctx c = ctx();
	c.refs = NULL;
	record_set_str(r, "link", "33333333-3333-4333-8333-333333333333");
	record_unset(r, "links");
	problems_free(&ps);
	validate_record(V, r, &c, &ps);
	assert_int_equal(ps.n, 0);
	record_free(r);
	problems_free(&ps);
}

static void cross_rule(const struct vctx *c, const struct form *f,
    const struct record *r, struct problems *out)
{
	(void)f;
	assert_string_equal((const char *)c->data, "quota");
	if (record_str(r, "count") && strcmp(record_str(r, "count"), "7") == 0)
		problems_add(out, "count", SEV_WARNING, "Vượt định mức %d", "Over the quota of %d", 6);
}

static void unknown_fields_cross_rules_and_status(void **state)
{
	(void)state;
	struct problems ps = { 0 };
	struct record *r = base();
	/* a field another version of the form had: kept, with a warning */
	record_set_str(r, "legacy_code", "X-1");
	check(r, &ps);
	assert_int_equal(ps.n, 1);
	assert_int_equal(ps.v[0].sev, SEV_WARNING);
	expect_msg(&ps, "legacy_code", "Field 'legacy_code' is not in form v; its value is kept",
	    "giá trị được giữ nguyên");
	assert_int_equal(validate_status(&ps), RS_COMPLETE);
	assert_int_equal(problems_errors(&ps), 0);
	/* the cross-record hook runs after the fields */
	struct vctx c = ctx();
	c.cross = cross_rule;
	c.data = (void *)"quota";
	record_set_str(r, "count", "7");
	record_unset(r, "name");
	problems_free(&ps);
	validate_record(V, r, &c, &ps);
	assert_int_equal(ps.n, 3);
	assert_string_equal(ps.v[0].field, "name");
	assert_string_equal(ps.v[2].msg.en, "Over the quota of 6");
	assert_string_equal(ps.v[2].msg.vi, "Vượt định mức 6");
	assert_int_equal(problems_errors(&ps), 1);
	assert_int_equal(validate_status(&ps), RS_INCOMPLETE);
	/* one field alone, for the form's inline message */
	problems_free(&ps);
	validate_field(V, form_field(V, "count"), r, &c, &ps);
	assert_int_equal(ps.n, 0);
	validate_field(V, form_field(V, "name"), r, &c, &ps);
	assert_int_equal(ps.n, 1);
	expect_msg(&ps, "name", "Required", NULL);
	record_free(r);
	problems_free(&ps);
}

/* The conversions of a printf format, in order ("%zu%ld%s"): both
 * languages of a message-table row must take the same arguments. */
static void conversions(const char *fmt, char *out, size_t n)
{
	size_t k = 0;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		while (*++p && !strchr("diouxXeEfgGcsp", *p))
			if (k + 1 < n)
				out[k++] = *p;
		if (*p && k + 1 < n)
			out[k++] = *p;
		if (k + 1 < n)
			out[k++] = '|';
		if (!*p)
			break;
	}
	out[k] = '\0';
}

static void message_table_rows_match(void **state)
{
	(void)state;
	for (int m = 0; m < MSG_COUNT; m++) {
		char a[128], b[128];
		conversions(msg_vi(m), a, sizeof a);
		conversions(msg_en(m), b, sizeof b);
		if (strcmp(a, b) != 0)
			fail_msg("%s: Vietnamese takes %s, English %s", msg_name(m), a, b);
		assert_true(msg_vi(m)[0] && msg_en(m)[0]);
	}
	/* a row formats in each language, and a problem carries both */
	struct problems ps = { 0 };
	problems_msg(&ps, "name", SEV_ERROR, M_TOO_LONG, (size_t)7, 5L);
	assert_string_equal(ps.v[0].msg.vi, "Dài 7 ký tự, tối đa 5");
	assert_string_equal(ps.v[0].msg.en, "7 characters long, at most 5");
	problems_free(&ps);
	char *s = msg_format(M_REQUIRED, LANG_EN);
	assert_string_equal(s, "Required");
	free(s);
}

int main(void)
{
	t_paths();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(required_only_when_relevant),
		cmocka_unit_test(number_bounds),
		cmocka_unit_test(date_bounds),
		cmocka_unit_test(lengths_in_characters),
		cmocka_unit_test(list_sizes_and_duplicates),
		cmocka_unit_test(filtered_choices),
		cmocka_unit_test(control_characters),
		cmocka_unit_test(references),
		cmocka_unit_test(unknown_fields_cross_rules_and_status),
		cmocka_unit_test(message_table_rows_match),
	};
	return cmocka_run_group_tests_name("validate", tests, setup, teardown);
}
