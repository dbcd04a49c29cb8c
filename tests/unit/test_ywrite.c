/* test_ywrite.c — the canonical emitter: exact bytes, the style chosen for
 * each string, and, over every short string of awkward characters, that
 * what it writes reads back as the same string and that nothing written
 * plain could be taken for a number, a boolean, a null or a date by a
 * YAML 1.1 or 1.2 reader (the resolvers' own patterns are the oracle). */
#include "support.h"
#include "core/xmem.h"
#include "store/ytree.h"
#include "store/ywrite.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *finish(struct yw *w)
{
	char *out;
	size_t len;
	struct err e;
	if (yw_finish(w, &out, &len, &e) != 0)
		fail_msg("yw_finish: %s", e.msg);
	assert_int_equal(strlen(out), len);
	return out;
}

static void exact_bytes(void **state)
{
	(void)state;
	struct yw *w = yw_new();
	yw_map_begin(w);
	yw_pair_plain(w, "revision", "3");
	yw_pair(w, "name", "Ấp Bình An");
	yw_pair(w, "missing", NULL);	/* skipped */
	yw_pair(w, "answer", "yes");
	yw_pair(w, "note", "line 1\nline 2");
	yw_pair(w, "escape", "a\x1b[31mb");
	yw_text(w, "list");
	yw_seq_begin(w);
	yw_text(w, "one");
	yw_text(w, "- two");
	yw_seq_end(w);
	yw_text(w, "nested");
	yw_map_begin(w);
	yw_pair(w, "k", "v");
	yw_map_end(w);
	yw_map_end(w);
	char *out = finish(w);
	assert_string_equal(out,
	    "revision: 3\n"
	    "name: Ấp Bình An\n"
	    "answer: 'yes'\n"
	    "note: |-\n"
	    "  line 1\n"
	    "  line 2\n"
	    "escape: \"a\\e[31mb\"\n"
	    "list:\n"
	    "- one\n"
	    "- '- two'\n"
	    "nested:\n"
	    "  k: v\n");
	free(out);
	/* a very long line is never folded */
	struct sbuf b = SBUF_INIT;
	for (int i = 0; i < 500; i++)
		sbuf_adds(&b, "từ ");
	sbuf_adds(&b, "cuối");
	w = yw_new();
	yw_map_begin(w);
	yw_pair(w, "t", b.s);
	yw_map_end(w);
	out = finish(w);
	assert_int_equal(strchr(out, '\n') - out, (long)(strlen("t: ") + b.len));
	free(out);
	sbuf_free(&b);
}

static void bad_text_fails_without_output(void **state)
{
	(void)state;
	struct yw *w = yw_new();
	yw_map_begin(w);
	yw_pair(w, "a", "bad \xff byte");
	yw_map_end(w);
	char *out = NULL;
	size_t len = 0;
	struct err e;
	assert_int_equal(yw_finish(w, &out, &len, &e), -1);
	assert_null(out);
	assert_non_null(strstr(e.msg, "cannot write YAML"));
	/* an unfinished writer can be dropped */
	w = yw_new();
	yw_map_begin(w);
	yw_text(w, "k");
	yw_abort(w);
}

/* The implicit types of YAML 1.1 (PyYAML's resolver) and of the YAML 1.2
 * core schema. */
static const char *const implicit[] = {
	"^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$",
	"^([-+]?([0-9][0-9_]*)\\.[0-9_]*([eE][-+][0-9]+)?|\\.[0-9][0-9_]*([eE][-+][0-9]+)?"
	    "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$",
	"^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
	    "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$",
	"^(<<|=|~|null|Null|NULL|)$",
	"^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)"
	    "[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?)$",
	"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
	"^([-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$",
	NULL,
};

struct oracle {
	regex_t re[8];
	int n;
};

static void oracle_init(struct oracle *o)
{
	o->n = 0;
	for (int i = 0; implicit[i]; i++)
		if (regcomp(&o->re[o->n++], implicit[i], REG_EXTENDED | REG_NOSUB) != 0)
			fail_msg("bad pattern %d", i);
}

static bool typed_by_some_reader(const struct oracle *o, const char *s)
{
	for (int i = 0; i < o->n; i++)
		if (regexec(&o->re[i], s, 0, NULL, 0) == 0)
			return true;
	return false;
}

static void oracle_free(struct oracle *o)
{
	for (int i = 0; i < o->n; i++)
		regfree(&o->re[i]);
}

/* Write s as a value and as a key, read it back. Returns how it was
 * written: 'p' plain, 'q' quoted or block. */
static char round_trip(const struct oracle *o, const char *s)
{
	struct yw *w = yw_new();
	yw_map_begin(w);
	yw_pair(w, "k", s);
	yw_text(w, s);
	yw_text(w, "v");
	yw_map_end(w);
	char *out;
	size_t len;
	struct err e;
	if (yw_finish(w, &out, &len, &e) != 0)
		fail_msg("cannot write '%s': %s", s, e.msg);
	struct ydoc doc;
	if (ydoc_parse(out, len, "rt.yaml", &ylimits_record, &doc, &e) != 0) {
		if (strcmp(s, "k") == 0)
			return 'p';	/* the same key twice: refused, rightly */
		fail_msg("'%s' written as\n%s\ndoes not read back: %s", s, out, e.msg);
	}
	const struct ynode *v = ymap_get(doc.root, "k");
	if (!v || strcmp(v->s, s) != 0)
		fail_msg("'%s' written as\n%s\nreads back as '%s'", s, out, v ? v->s : "?");
	assert_int_equal(doc.root->n, 4);
	const struct ynode *k = doc.root->kids[2];
	if (strcmp(k->s, s) != 0)
		fail_msg("key '%s' reads back as '%s'", s, k->s);
	char how = v->plain ? 'p' : 'q';
	if (v->plain && typed_by_some_reader(o, s))
		fail_msg("'%s' written plain, but a YAML reader takes it for a number, "
		    "boolean, null or date:\n%s", s, out);
	/* libyaml may quote more than asked (it escapes characters beyond
	 * the BMP), never less */
	if (v->plain && !yw_plain_safe(s))
		fail_msg("'%s': yw_plain_safe says %d, written as\n%s", s, yw_plain_safe(s), out);
	ydoc_free(&doc);
	free(out);
	return how;
}

static void every_short_awkward_string_reads_back(void **state)
{
	(void)state;
	static const char *const atoms[] = {
		" ", "-", ":", "#", "'", "\"", "\n", "\t", "a", "0", "1", ".", "!",
		"&", "*", "?", "|", ">", "%", "@", "`", "[", "]", "{", "}", ",",
		"~", "=", "<", "\\", "\r", "\x1b", "é", "Đ", "e", "x", "+", "_",
		"\xc2\x85", "\xe2\x80\xa8", "\xef\xbb\xbf", "\xc2\xa0", NULL,
	};
	struct oracle o;
	oracle_init(&o);
	size_t n = 0, plain = 0, total = 0;
	while (atoms[n])
		n++;
	char buf[64];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j <= n; j++)
			for (size_t k = 0; k <= n; k++) {
				if (j == n && k != n)
					continue;
				snprintf(buf, sizeof buf, "%s%s%s", atoms[i],
				    j < n ? atoms[j] : "", k < n ? atoms[k] : "");
				plain += round_trip(&o, buf) == 'p';
				total++;
			}
	/* and words a careless writer would leave plain */
	static const char *const words[] = {
		"yes", "No", "ON", "oFF", "Y", "n", "null", "NULL", "Null", "~", "true",
		"FALSE", ".inf", "-.INF", ".NaN", "0o17", "0x1F", "0b101", "1_000",
		"3:25:45", "190:20:30.15", "1e3", "1E+3", "6.8523015e+5", "+12", "-0",
		"2026-11-28", "2026-11-28T10:15:03+07:00", "2026-1-2 3:04:05",
		"<<", "=", "Nguyễn Văn Ánh", "Ấp 3", "thôn Đông", "a: b", "a #b",
		"trailing ", " leading", "x:", "日本語", "emoji 🙂", "--- x", "... x",
		"a\n\nb", "  indented\nsecond", "last\n", "\nfirst", NULL,
	};
	for (int i = 0; words[i]; i++)
		round_trip(&o, words[i]);
	oracle_free(&o);
	/* most ordinary text stays readable: written plain */
	assert_true(plain > 0);
	assert_true(yw_plain_safe("Nguyễn Văn Ánh"));
	assert_true(yw_plain_safe("Ấp Bình An (cũ)"));
	assert_true(yw_plain_safe("a:b"));
	assert_false(yw_plain_safe("Ấp 3:"));
	print_message("%zu strings of up to three awkward characters, %zu written plain\n",
	    total, plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_bytes),
		cmocka_unit_test(bad_text_fails_without_output),
		cmocka_unit_test(every_short_awkward_string_reads_back),
	};
	return cmocka_run_group_tests_name("ywrite", tests, NULL, NULL);
}
