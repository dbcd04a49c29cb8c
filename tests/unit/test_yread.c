/* test_yread.c — the bounded YAML reader: what it refuses (with the exact
 * line and column), its limits (just under and just over), and the tree
 * it builds. */
#include "support.h"
#include "core/xmem.h"
#include "store/fsutil.h"
#include "store/ytree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void refused_at(const char *text, size_t len, const struct ylimits *lim,
    int line, int col, const char *what)
{
	struct ydoc doc;
	struct err e = { 0 };
	if (!len)
		len = strlen(text);
	if (ydoc_parse(text, len, "t.yaml", lim, &doc, &e) == 0)
		fail_msg("accepted: %.60s", text);
	assert_int_equal(e.kind, E_INVALID);
	t_assert_at(e.msg, "t.yaml", line, col, what);
	assert_null(doc.root);
	ydoc_free(&doc);
}

static void refusals_name_line_and_column(void **state)
{
	(void)state;
	const struct ylimits *L = &ylimits_record;
	refused_at("id: &x 1\n", 0, L, 1, 5, "anchors");
	refused_at("a: 1\nb: *x\n", 0, L, 2, 4, "aliases");
	refused_at("a: 1\nb: !!str 2\n", 0, L, 2, 4, "tags");
	refused_at("a: !local x\n", 0, L, 1, 4, "tags");
	refused_at("!!map\na: 1\n", 0, L, 1, 1, "tags");
	refused_at("a: 1\n---\nb: 2\n", 0, L, 2, 1, "more than one document");
	refused_at("a: 1\nb: 2\na: 3\n", 0, L, 3, 1, "duplicate key 'a' (also on line 1)");
	refused_at("fields:\n  x: 1\n  'x': 2\n", 0, L, 3, 3, "duplicate key 'x'");
	refused_at("? [a, b]\n: 1\n", 0, L, 1, 3, "a key must be plain text");
	refused_at("{a: 1}: x\n", 0, L, 1, 1, "a key must be plain text");
	refused_at("a: b\0c\n", 7, L, 1, 5, "NUL byte");
	refused_at("a: 1\nb: Đ\xff\n", 0, L, 2, 5, "not valid UTF-8");
	refused_at("a: \"x\\0y\"\n", 0, L, 1, 4, "NUL character");
	refused_at("a: [1, 2\n", 0, L, 2, 1, "");
	refused_at("a: 'open\n", 0, L, 2, 1, "");
	refused_at("a:\n\t- 1\n", 0, L, 2, 1, "");
	/* the message of a syntax error is libyaml's, with its place */
	struct ydoc doc;
	struct err e;
	assert_int_equal(ydoc_parse("a: b: c\n", 8, "t.yaml", L, &doc, &e), -1);
	t_assert_at(e.msg, "t.yaml", 1, 5, "mapping values are not allowed");
	ydoc_free(&doc);
}

/* "a:\n  a:\n    a: ..." nested `levels` mappings deep. */
static char *nested(int levels)
{
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < levels; i++) {
		for (int k = 0; k < i; k++)
			sbuf_adds(&b, "  ");
		sbuf_adds(&b, i + 1 < levels ? "a:\n" : "a: end\n");
	}
	return sbuf_detach(&b);
}

static void limits_just_under_and_over(void **state)
{
	(void)state;
	const struct ylimits *L = &ylimits_record;
	struct ydoc doc;
	struct err e;
	/* depth: 16 mappings are fine, 17 are not */
	char *t = nested(L->max_depth);
	assert_int_equal(ydoc_parse(t, strlen(t), "t.yaml", L, &doc, &e), 0);
	ydoc_free(&doc);
	free(t);
	t = nested(L->max_depth + 1);
	refused_at(t, 0, L, L->max_depth + 1, 2 * L->max_depth + 1, "nested too deeply");
	free(t);
	/* flow sequences count the same, and 100 000 brackets do not blow the stack */
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < 100000; i++)
		sbuf_addc(&b, '[');
	refused_at(sbuf_str(&b), 0, &ylimits_config, 1, ylimits_config.max_depth + 1,
	    "nested too deeply");
	sbuf_free(&b);
	/* one scalar: exactly the limit, then one byte more */
	sbuf_adds(&b, "a: ");
	for (size_t i = 0; i < L->max_scalar; i++)
		sbuf_addc(&b, 'x');
	assert_int_equal(ydoc_parse(b.s, b.len, "t.yaml", L, &doc, &e), 0);
	assert_int_equal(ymap_get(doc.root, "a")->len, L->max_scalar);
	ydoc_free(&doc);
	sbuf_addc(&b, 'x');
	refused_at(b.s, b.len, L, 1, 4, "value is too long");
	sbuf_free(&b);
	/* values in one file: a list of max_nodes - 1 items (the list is one) */
	sbuf_adds(&b, "[");
	for (size_t i = 0; i + 1 < L->max_nodes; i++)
		sbuf_adds(&b, i ? ",1" : "1");
	sbuf_adds(&b, "]");
	assert_int_equal(ydoc_parse(b.s, b.len, "t.yaml", L, &doc, &e), 0);
	assert_int_equal(doc.root->n, L->max_nodes - 1);
	ydoc_free(&doc);
	b.len -= 1;
	sbuf_adds(&b, ",1]");
	refused_at(b.s, b.len, L, 1, (int)(b.len - 1), "too many values");
	sbuf_free(&b);
	/* the file: exactly max_bytes, then one more */
	sbuf_adds(&b, "# ");
	while (b.len < L->max_bytes - 1)
		sbuf_addc(&b, 'x');
	sbuf_addc(&b, '\n');
	assert_int_equal(ydoc_parse(b.s, b.len, "t.yaml", L, &doc, &e), 0);
	assert_null(doc.root);
	ydoc_free(&doc);
	sbuf_addc(&b, '\n');
	refused_at(b.s, b.len, L, 1, 1, "too large");
	sbuf_free(&b);
}

static void builds_the_tree_with_places(void **state)
{
	(void)state;
	const char *text =
	    "\xEF\xBB\xBF# a comment\n"
	    "name: Ấp Bình An\n"
	    "quoted: 'null'\n"
	    "nothing:\n"
	    "tilde: ~\n"
	    "list:\n"
	    "  - one\n"
	    "  - \"two\\tthree\"\n"
	    "note: |\n"
	    "  line 1\n"
	    "  line 2\n"
	    "flow: {k: v, n: [1, 2]}\n";
	struct ydoc doc;
	struct err e;
	assert_int_equal(ydoc_parse(text, strlen(text), "t.yaml", &ylimits_record, &doc, &e), 0);
	const struct ynode *r = doc.root;
	assert_int_equal(r->kind, Y_MAP);
	assert_int_equal(r->n, 14);
	const struct ynode *n = ymap_get(r, "name");
	assert_string_equal(n->s, "Ấp Bình An");
	assert_true(n->plain);
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 7);
	n = ymap_get(r, "quoted");
	assert_string_equal(n->s, "null");
	assert_false(n->plain);
	assert_false(ynode_is_null(n));
	assert_true(ynode_is_null(ymap_get(r, "nothing")));
	assert_true(ynode_is_null(ymap_get(r, "tilde")));
	n = ymap_get(r, "list");
	assert_int_equal(n->kind, Y_SEQ);
	assert_int_equal(n->n, 2);
	assert_string_equal(n->kids[1]->s, "two\tthree");
	assert_int_equal(n->kids[1]->line, 8);
	assert_int_equal(n->kids[1]->col, 5);
	n = ymap_get(r, "note");
	assert_string_equal(n->s, "line 1\nline 2\n");
	assert_false(n->plain);
	n = ymap_get(ymap_get(r, "flow"), "n");
	assert_int_equal(n->kind, Y_SEQ);
	assert_string_equal(n->kids[1]->s, "2");
	assert_null(ymap_get(r, "missing"));
	assert_null(ymap_get(ymap_get(r, "list"), "one"));	/* not a mapping */
	ydoc_free(&doc);
	/* an empty file and a file of comments are empty documents */
	assert_int_equal(ydoc_parse("", 0, "t.yaml", &ylimits_record, &doc, &e), 0);
	assert_null(doc.root);
	ydoc_free(&doc);
	/* an explicit document marker makes an empty (null) value */
	assert_int_equal(ydoc_parse("# only\n---\n...\n", 15, "t.yaml", &ylimits_record, &doc, &e), 0);
	assert_true(ynode_is_null(doc.root));
	ydoc_free(&doc);
}

static void load_refuses_links_and_big_files(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	char *real = path_join(dir, "real.yaml");
	char *link = path_join(dir, "link.yaml");
	t_write(real, "a: 1\n");
	assert_int_equal(symlink(real, link), 0);
	struct ydoc doc;
	struct err e;
	assert_int_equal(ydoc_load(real, &ylimits_record, &doc, &e), 0);
	ydoc_free(&doc);
	assert_int_equal(ydoc_load(link, &ylimits_record, &doc, &e), -1);
	assert_non_null(strstr(e.msg, "symbolic link"));
	ydoc_free(&doc);
	/* a file past the limit is not even read into memory */
	char *big = path_join(dir, "big.yaml");
	FILE *f = fopen(big, "w");
	assert_non_null(f);
	assert_int_equal(ftruncate(fileno(f), 100L * 1024 * 1024), 0);
	fclose(f);
	assert_int_equal(ydoc_load(big, &ylimits_record, &doc, &e), -1);
	t_assert_at(e.msg, big, 1, 1, "too large");
	ydoc_free(&doc);
	/* a folder is not a file */
	assert_int_equal(ydoc_load(dir, &ylimits_record, &doc, &e), -1);
	assert_non_null(strstr(e.msg, "not a regular file"));
	ydoc_free(&doc);
	t_rmtree(dir);
	free(big);
	free(dir);
	free(real);
	free(link);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refusals_name_line_and_column),
		cmocka_unit_test(limits_just_under_and_over),
		cmocka_unit_test(builds_the_tree_with_places),
		cmocka_unit_test(load_refuses_links_and_big_files),
	};
	return cmocka_run_group_tests_name("yread", tests, NULL, NULL);
}
