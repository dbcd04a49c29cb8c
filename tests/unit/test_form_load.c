/* test_form_load.c — form files: a table of bad forms, each refused with
 * its exact file:line:column and a message naming the problem; shared
 * list files; and the shipped forms. */
#include "support.h"
#include "core/xmem.h"
#include "store/form_load.h"
#include "store/fsutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lines 1-9 of every case; the case's own text starts on line 10. */
#define HEAD \
	"form: t\n" \
	"version: 1\n" \
	"title: {vi: Thử, en: Test}\n" \
	"folder: t\n" \
	"display: [name]\n" \
	"fields:\n" \
	"  - name: name\n" \
	"    type: text\n" \
	"    label: {vi: Tên, en: Name}\n"

struct bad_form {
	const char *text;
	int line, col;
	const char *what;
};

static const struct bad_form bad_forms[] = {
	/* the language itself */
	{ HEAD "colour: red\n", 10, 1, "unknown key 'colour' in a form file" },
	{ HEAD "    colour: red\n", 10, 5, "unknown key 'colour' in a field" },
	{ HEAD "  - name: n\n    type: number\n    label: {vi: N}\n", 11, 11,
	  "unknown field type 'number'" },
	{ HEAD "  - name: n\n    label: {vi: N}\n", 10, 5, "missing 'type'" },
	{ HEAD "  - name: name\n    type: integer\n    label: {vi: X}\n", 10, 5,
	  "field 'name' is defined twice" },
	{ HEAD "  - name: Họ_tên\n    type: text\n    label: {vi: X}\n", 10, 11,
	  "field name 'Họ_tên' must be lower-case" },
	{ HEAD "    required: yes\n", 10, 15, "required: expected true or false, found 'yes'" },
	{ HEAD "    label2: x\n", 10, 5, "unknown key 'label2'" },
	{ HEAD "    hint: {fr: Nom}\n", 10, 12, "unknown key 'fr'" },
	{ HEAD "    hint: {}\n", 10, 11, "give the text in vi, en or both" },
	{ HEAD "    max_length: 0\n", 10, 17, "max_length: expected a whole number from 1" },
	{ HEAD "    max_length: '10'\n", 10, 17, "max_length: expected a whole number" },
	{ "form: t\nversion: 0\ntitle: {vi: T}\nfolder: t\ndisplay: [name]\nfields: []\n",
	  2, 10, "version: expected a whole number from 1" },
	{ "form: t\nversion: 1\nfolder: t\ndisplay: [name]\nfields: []\n", 1, 1,
	  "missing 'title'" },
	{ "form: t\nversion: 1\ntitle: {vi: T}\nfolder: t\ndisplay: [name]\nfields: []\n",
	  6, 9, "fields must be a list of at least one field" },
	{ "form: T\nversion: 1\ntitle: {vi: T}\nfolder: t\ndisplay: [name]\nfields: []\n",
	  1, 1, "form and folder names must be lower-case" },
	{ "form: t\nversion: 1\ntitle: {vi: T}\nfolder: ../etc\ndisplay: [name]\nfields: []\n",
	  1, 1, "form and folder names must be lower-case" },
	{ HEAD "list: [name, ghost]\n", 10, 7, "list: 'ghost' is not a field of this form" },
	{ "form: t\nversion: 1\ntitle: {vi: T}\nfolder: t\ndisplay: [nam]\nfields:\n"
	  "  - name: name\n    type: text\n    label: {vi: Tên}\n", 5, 10,
	  "display: 'nam' is not a field of this form" },
	{ HEAD "  - name: n\n\ttype: text\n", 11, 1, "" },	/* a tab: YAML syntax */
	/* types and the keys that belong to them */
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n", 10, 5,
	  "a select_one field needs 'choices'" },
	{ HEAD "    choices: regions\n", 10, 14, "only select fields take 'choices'" },
	{ HEAD "  - name: r\n    type: ref\n    label: {vi: R}\n", 10, 5,
	  "a ref field needs 'form'" },
	{ HEAD "    form: t\n", 7, 5, "only ref fields take 'form' and 'many'" },
	{ HEAD "  - name: n\n    type: integer\n    label: {vi: N}\n    max_length: 5\n",
	  13, 17, "max_length applies to text only" },
	{ HEAD "    min_items: 1\n", 7, 5, "min_items and max_items apply to lists only" },
	{ HEAD "    choice_filter: name\n", 10, 20, "only select fields take choice_filter" },
	{ HEAD "    default_from: province.code\n", 10, 19,
	  "default_from must be commune.region" },
	/* a commune key that is not a setting would give no default, silently */
	{ HEAD "    default_from: commune.population\n", 10, 19,
	  "default_from must be commune.region" },
	{ HEAD "    default_map: {xa: Xã}\n", 10, 18, "default_map needs default_from" },
	{ HEAD "    default_from: commune.kind\n    default_map: [xa, thon]\n", 11, 18,
	  "default_map must map values of the setting" },
	{ HEAD "    default_from: commune.kind\n    default_map: {}\n", 11, 18,
	  "default_map must map values of the setting" },
	{ HEAD "    default_from: commune.kind\n    default_map: {xa: [a]}\n", 11, 23,
	  "expected a value, found a list" },
	/* keys the setting never takes, values the field cannot hold: no
	 * default, silently, unless refused here */
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices: hamlet_kinds\n"
	  "    default_from: commune.kind\n    default_map: {xa: thon, phuong: tdp, huyen: thon}\n",
	  10, 5, "field k: default_map: 'huyen' is not a value of commune.kind" },
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices: hamlet_kinds\n"
	  "    default_from: commune.kind\n    default_map: {xa: thon, phuong: to_dan_pho}\n",
	  10, 5, "field k: default_map: 'to_dan_pho' is not a valid value of the field" },
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices: regions\n"
	  "    default_from: commune.region\n    default_map: {atlantis: south}\n",
	  10, 5, "field k: default_map: 'atlantis' is not a value of commune.region" },
	/* bounds */
	{ HEAD "    min: 1\n", 10, 10, "min applies to numbers and dates only" },
	{ HEAD "  - name: n\n    type: integer\n    label: {vi: N}\n    min: abc\n",
	  13, 10, "min: expected a number, found 'abc'" },
	{ HEAD "  - name: n\n    type: decimal\n    label: {vi: N}\n    max: '5'\n",
	  13, 10, "max: expected a number, found '5'" },
	{ HEAD "  - name: n\n    type: integer\n    label: {vi: N}\n    max: [1, 2]\n",
	  13, 10, "max: expected a value, found a list" },
	{ HEAD "  - name: d\n    type: date\n    label: {vi: D}\n    max: 31/12/2020\n",
	  13, 10, "max: '31/12/2020' is not a date bound" },
	{ HEAD "  - name: d\n    type: date\n    label: {vi: D}\n    min: -16 years\n",
	  13, 10, "min: '-16 years' is not a date bound" },
	{ HEAD "  - name: d\n    type: date\n    label: {vi: D}\n    min: {field: ghost}\n",
	  10, 5, "field d refers to 'ghost', which is not a field of this form" },
	{ HEAD "  - name: d\n    type: date\n    label: {vi: D}\n    min: {field: d}\n",
	  10, 5, "field d refers to itself" },
	{ HEAD "  - name: d\n    type: date\n    label: {vi: D}\n    min: {field: name}\n",
	  10, 5, "field d: min: field name is text, not a date" },
	{ HEAD "  - name: d\n    type: date\n    label: {vi: D}\n"
	  "  - name: n\n    type: integer\n    label: {vi: N}\n    max: {field: d}\n",
	  13, 5, "field n: max: field d is a date, not a number" },
	{ HEAD "  - name: d\n    type: date\n    label: {vi: D}\n    min: {form: x}\n",
	  13, 11, "unknown key 'form' in min" },
	{ HEAD "  - name: n\n    type: integer\n    label: {vi: N}\n    min: 10\n    max: 5\n",
	  10, 5, "min (10) is more than max (5)" },
	{ HEAD "  - name: d\n    type: date\n    label: {vi: D}\n    min: today\n    max: -16y\n",
	  10, 5, "min (today) is after max (-16y)" },
	/* relevance */
	{ HEAD "    relevant: {field: ghost, in: [x]}\n", 7, 5,
	  "field name refers to 'ghost', which is not a field of this form" },
	{ HEAD "    relevant: {field: name, in: [x]}\n", 7, 5, "field name refers to itself" },
	{ HEAD "    relevant: {field: name, in: [x], not_in: [y]}\n", 10, 15,
	  "relevant needs exactly one of 'in' or 'not_in'" },
	{ HEAD "  - name: a\n    type: boolean\n    label: {vi: A}\n    relevant: {field: b, in: [true]}\n"
	  "  - name: b\n    type: boolean\n    label: {vi: B}\n    relevant: {field: a, in: [true]}\n",
	  10, 5, "field a: 'relevant' goes round in a circle (a, b)" },
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices: hamlet_kinds\n"
	  "  - name: m\n    type: text\n    label: {vi: M}\n    relevant: {field: k, in: [thon, hamlat]}\n",
	  14, 5, "field m: relevant: 'hamlat' is not a value of field k" },
	{ HEAD "  - name: b\n    type: boolean\n    label: {vi: B}\n"
	  "  - name: m\n    type: text\n    label: {vi: M}\n    relevant: {field: b, in: [yes]}\n",
	  13, 5, "field m: relevant: 'yes' is not a value of field b" },
	/* choices */
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices: no_such_list\n",
	  10, 5, "field k: no choice list named 'no_such_list'" },
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices:\n"
	  "      - {code: a, label: {vi: A}}\n      - {code: b, label: {vi: B}}\n"
	  "      - {code: a, label: {vi: A again}}\n", 16, 9, "choice code 'a' appears twice" },
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices:\n"
	  "      - {code: 'a b', label: {vi: A}}\n", 14, 9,
	  "choice code 'a b' must be one word without commas" },
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices:\n"
	  "      - {code: a}\n", 14, 9, "missing 'label'" },
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices: {a: A}\n",
	  13, 14, "choices must be a list of {code, label}" },
	{ HEAD "lists:\n  Bad-Name:\n    - {code: a, label: {vi: A}}\n", 11, 3,
	  "list name 'Bad-Name' must be lower-case" },
	{ "form: t\nversion: 1\ntitle: {vi: T}\nfolder: t\ndisplay: [k]\n"
	  "lists:\n  k:\n    - {code: a, label: {vi: A}}\nfields:\n"
	  "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices: [{code: b, label: {vi: B}}]\n",
	  1, 1, "list 'k' is defined twice" },
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices: hamlet_kinds\n"
	  "    choice_filter: ghost\n", 10, 5, "field k refers to 'ghost'" },
	/* defaults */
	{ HEAD "  - name: n\n    type: integer\n    label: {vi: N}\n    default: nhiều\n",
	  10, 5, "field n: default 'nhiều' is not a valid value" },
	{ HEAD "  - name: n\n    type: integer\n    label: {vi: N}\n    default: '007'\n",
	  10, 5, "field n: default '007' is not a valid value (write it as 7)" },
	{ HEAD "  - name: x\n    type: decimal\n    label: {vi: X}\n    default: 1.50\n",
	  10, 5, "field x: default '1.50' is not a valid value (write it as 1.5)" },
	{ HEAD "  - name: d\n    type: date\n    label: {vi: D}\n    default: 28/11/2026\n",
	  10, 5, "field d: default '28/11/2026' is not a valid value" },
	{ HEAD "  - name: b\n    type: boolean\n    label: {vi: B}\n    default: có\n",
	  10, 5, "field b: default 'có' is not a valid value" },
	{ HEAD "  - name: k\n    type: select_one\n    label: {vi: K}\n    choices: hamlet_kinds\n"
	  "    default: Thôn\n", 10, 5, "field k: default 'Thôn' is not one of the choices" },
	{ HEAD "  - name: k\n    type: select_multiple\n    label: {vi: K}\n    choices: hamlet_kinds\n"
	  "    default: thon\n", 10, 5, "field k: default 'thon' is not a valid value" },
};

static void bad_forms_are_refused_with_their_place(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_forms / sizeof bad_forms[0]; i++) {
		const char *files[] = { "t.yaml", bad_forms[i].text, NULL };
		struct strv errors = STRV_INIT;
		char *dir;
		struct formset *fs = t_formset(files, &errors, &dir);
		if (fs)
			fail_msg("case %zu loaded:\n%s", i, bad_forms[i].text);
		if (errors.n != 1) {
			for (size_t k = 0; k < errors.n; k++)
				print_error("  %s\n", errors.v[k]);
			fail_msg("case %zu: %zu problems, expected one", i, errors.n);
		}
		char *path = xasprintf("%s/screens/t.yaml", dir);
		t_assert_at(errors.v[0], path, bad_forms[i].line, bad_forms[i].col,
		    bad_forms[i].what);
		free(path);
		strv_free(&errors);
		t_rmtree(dir);
		free(dir);
	}
}

static const char *const form_u =
    "form: u\nversion: 1\ntitle: {vi: U}\nfolder: u\ndisplay: [name]\n"
    "fields:\n  - name: name\n    type: text\n    label: {vi: Tên}\n";

static void forms_must_not_clash(void **state)
{
	(void)state;
	const char *same_name[] = { "t.yaml", HEAD, "u.yaml",
		"form: t\nversion: 1\ntitle: {vi: U}\nfolder: u\ndisplay: [name]\n"
		"fields:\n  - name: name\n    type: text\n    label: {vi: Tên}\n", NULL };
	const char *same_folder[] = { "t.yaml", HEAD, "u.yaml",
		"form: u\nversion: 1\ntitle: {vi: U}\nfolder: t\ndisplay: [name]\n"
		"fields:\n  - name: name\n    type: text\n    label: {vi: Tên}\n", NULL };
	const char *const *cases[] = { same_name, same_folder };
	const char *what[] = { "form 't' is also defined in", "folder 't' is also used by form t" };
	for (int i = 0; i < 2; i++) {
		struct strv errors = STRV_INIT;
		char *dir;
		assert_null(t_formset(cases[i], &errors, &dir));
		assert_int_equal(errors.n, 1);
		assert_non_null(strstr(errors.v[0], "u.yaml: "));
		assert_non_null(strstr(errors.v[0], what[i]));
		strv_free(&errors);
		t_rmtree(dir);
		free(dir);
	}
	/* several bad files: every problem is reported, not just the first */
	const char *two_bad[] = { "t.yaml", HEAD "colour: red\n", "u.yaml",
		"form: u\nversion: x\n", NULL };
	struct strv errors = STRV_INIT;
	char *dir;
	assert_null(t_formset(two_bad, &errors, &dir));
	assert_int_equal(errors.n, 2);
	strv_free(&errors);
	t_rmtree(dir);
	free(dir);
	/* a ref to another form of the set, a relevance chain, field bounds */
	const char *good[] = { "u.yaml", form_u, "t.yaml", HEAD
		"  - name: other\n    type: ref\n    form: u\n    many: true\n    label: {vi: O}\n"
		"  - name: has\n    type: boolean\n    label: {vi: H}\n"
		"  - name: count\n    type: integer\n    label: {vi: C}\n    min: 1\n"
		"    relevant: {field: has, in: [true]}\n"
		"  - name: part\n    type: integer\n    label: {vi: P}\n    max: {field: count}\n"
		"    relevant: {field: count, not_in: ['0']}\n"
		"    default: 0\n", NULL };
	struct formset *fs = t_formset(good, &errors, &dir);
	if (!fs)
		fail_msg("%s", errors.v[0]);
	const struct form *t = formset_get(fs, "t");
	const struct field *other = form_field(t, "other");
	assert_int_equal(other->type, FT_REF);
	assert_true(other->ref_many);
	assert_string_equal(other->ref_form, "u");
	const struct field *part = form_field(t, "part");
	assert_int_equal(part->max.kind, BOUND_FIELD);
	assert_string_equal(part->max.spec, "count");
	assert_true(part->relevant.negate);
	assert_string_equal(part->default_value, "0");
	formset_free(fs);
	strv_free(&errors);
	t_rmtree(dir);
	free(dir);
}

static void shared_list_files(void **state)
{
	(void)state;
	struct choice_list l;
	struct err e;
	const char *ok = "list: colours\nsource: {vi: Thử}\nchoices:\n"
	    "  - {code: do, label: {vi: Đỏ, en: Red}, tags: [warm]}\n"
	    "  - {code: xanh, label: {vi: Xanh}}\n";
	assert_int_equal(choice_list_parse(ok, strlen(ok), "c.yaml", &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].label.vi, "Đỏ");
	assert_string_equal(l.items[0].tags.v[0], "warm");
	assert_string_equal(l.items[0].fold, "do do red");
	choice_list_clear(&l);
	struct { const char *text; int line, col; const char *what; } bad[] = {
		{ "list: colours\nchoice:\n  - {code: a, label: {vi: A}}\n", 2, 1,
		  "unknown key 'choice' in a choice list file" },
		{ "list: Colours\nchoices: []\n", 1, 7, "list name 'Colours'" },
		{ "choices: []\n", 1, 1, "missing 'list'" },
		{ "list: c\nchoices:\n  - {code: a, label: {vi: A}, tag: [x]}\n", 3, 31,
		  "unknown key 'tag' in a choice" },
		{ "list: c\nchoices:\n  - {code: [a], label: {vi: A}}\n", 3, 12,
		  "code: expected a value, found a list" },
		{ "list: c\nchoices: a\n", 2, 10, "choices must be a list" },
		{ "- a\n- b\n", 1, 1, "a choice list file must be a mapping" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (choice_list_parse(bad[i].text, strlen(bad[i].text), "c.yaml", &l, &e) == 0)
			fail_msg("list %zu loaded", i);
		t_assert_at(e.msg, "c.yaml", bad[i].line, bad[i].col, bad[i].what);
	}
}

/* A list file that cannot be used is left out and said, never fatal: a
 * later folder's list of the same name stands in for it, or its fields
 * have no choices. A list no file names is still a form's mistake. */
static void broken_list_files_are_left_out(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	char *ws = path_join(dir, "ws"), *share = path_join(dir, "share");
	char *screens = path_join(dir, "screens");
	fs_mkdirs(screens, 0700, NULL);
	char *p = path_join(screens, "t.yaml");
	t_write(p, HEAD "  - name: colour\n    type: select_one\n    label: {vi: M}\n"
	    "    choices: colours\n  - name: size\n    type: select_one\n"
	    "    label: {vi: C}\n    choices: sizes\n");
	free(p);
	const char *files[][2] = {
		{ "ws/lists/colours.yaml", "hello: world\n" },
		{ "ws/lists/sizes.yaml", "just words\n" },
		{ "share/lists/colours.yaml",
		  "list: colours\nchoices:\n  - {code: do, label: {vi: Đỏ}}\n" },
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		p = path_join(dir, files[i][0]);
		char *slash = strrchr(p, '/');
		*slash = '\0';
		fs_mkdirs(p, 0700, NULL);
		*slash = '/';
		t_write(p, files[i][1]);
		free(p);
	}
	struct strv dirs = STRV_INIT, errors = STRV_INIT;
	strv_push(&dirs, ws);
	strv_push(&dirs, share);
	struct formset *fs = NULL;
	assert_int_equal(formset_load(screens, &dirs, &fs, &errors), 0);
	assert_int_equal(errors.n, 0);
	const struct form *f = formset_get(fs, "t");
	const struct choice_list *colours = form_field(f, "colour")->choices;
	assert_non_null(colours);
	assert_non_null(choice_find(colours, "do"));
	assert_null(form_field(f, "size")->choices);
	assert_int_equal(fs->list_errors.n, 2);
	char *bad = path_join(ws, "lists/colours.yaml");
	t_assert_at(fs->list_errors.v[0], bad, 1, 1, "unknown key 'hello'");
	assert_non_null(strstr(fs->list_errors.v[0], colours->path));
	free(bad);
	bad = path_join(ws, "lists/sizes.yaml");
	t_assert_at(fs->list_errors.v[1], bad, 1, 1, "no other list 'sizes' stands in");
	free(bad);
	formset_free(fs);
	/* the form names a list no file holds: refused, as before */
	p = path_join(ws, "lists/sizes.yaml");
	unlink(p);
	free(p);
	assert_int_equal(formset_load(screens, &dirs, &fs, &errors), -1);
	assert_null(fs);
	assert_int_equal(errors.n, 1);
	assert_non_null(strstr(errors.v[0], "no choice list named 'sizes'"));
	strv_free(&errors);
	strv_free(&dirs);
	free(screens);
	free(ws);
	free(share);
	t_rmtree(dir);
	free(dir);
}

static void shipped_forms_load(void **state)
{
	(void)state;
	const struct formset *fs = t_forms();
	const char *names[] = { "staff", "hamlets", "mergers" };
	const char *first[] = { "full_name", "name", "new_name" };
	for (int i = 0; i < 3; i++) {
		const struct form *f = formset_get(fs, names[i]);
		if (!f)
			fail_msg("no form %s", names[i]);
		assert_string_equal(f->folder, names[i]);
		assert_string_equal(f->fields[0].name, first[i]);
		assert_string_equal(f->display.v[0], first[i]);
		assert_true(f->fields[0].required);
		assert_non_null(f->title.vi);
		assert_non_null(f->title.en);
		/* every select field has its list, every ref its form */
		for (size_t k = 0; k < f->nfields; k++) {
			const struct field *fd = &f->fields[k];
			assert_non_null(fd->label.vi);
			if (fd->type == FT_SELECT_ONE || fd->type == FT_SELECT_MULTIPLE)
				assert_non_null(fd->choices);
			if (fd->type == FT_REF)
				assert_non_null(formset_get(fs, fd->ref_form));
		}
	}
	const struct form *staff = formset_get(fs, "staff");
	const struct field *bd = form_field(staff, "birth_date");
	assert_int_equal(bd->max.kind, BOUND_DATE);
	assert_string_equal(bd->max.spec, "today");
	const struct field *pos = form_field(staff, "positions");
	assert_string_equal(pos->choice_filter, "unit");
	assert_string_equal(pos->choices->name, "titles");
	const struct field *hamlet = form_field(staff, "hamlet");
	assert_string_equal(hamlet->relevant.field, "unit");
	assert_string_equal(hamlet->relevant.values.v[0], "hamlet");
	const struct field *region = form_field(formset_get(fs, "hamlets"), "region");
	assert_string_equal(region->default_from, "commune.region");
	/* the shared lists are there, each with its source */
	assert_non_null(formset_list(fs, "regions"));
	assert_non_null(formset_list(fs, "titles")->source.vi);
}

int main(void)
{
	t_paths();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_forms_are_refused_with_their_place),
		cmocka_unit_test(forms_must_not_clash),
		cmocka_unit_test(shared_list_files),
		cmocka_unit_test(broken_list_files_are_left_out),
		cmocka_unit_test(shipped_forms_load),
	};
	return cmocka_run_group_tests_name("form_load", tests, NULL, NULL);
}
