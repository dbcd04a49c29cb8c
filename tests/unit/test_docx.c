/* test_docx.c — the Word writer: the package holds the parts Word needs,
 * hostile text comes out as the text itself, the page and the font are
 * those asked for, the bytes do not depend on the clock or the time zone,
 * the file is saved 0600 and never through a planted link, and calls out
 * of order are reported. Read back with libzip and libxml2's parser (the
 * end-to-end test reads them with python3-docx too). */
#include "support.h"
#include "docx/docx.h"
#include "core/xmem.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

static const struct docx_page a4 = {
	.width = 11906, .height = 16838,
	.margin_top = 1134, .margin_bottom = 1134, .margin_left = 1701, .margin_right = 851,
	.font = "Times New Roman", .size = 28, .line = 276, .space_after = 120, .lang = "vi-VN",
};

static const struct docx_para_style plain = { DOCX_JUSTIFY, 567, -1, -1, false };

static const char hostile[] = "Thôn <b>&amp; \"Hai\" 'Ba'\x01\x1b[31m ]]> Đ\xcc\x80";

static struct docx *sample(void)
{
	struct docx *d = docx_new(&a4);
	docx_para(d, &plain);
	docx_run(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", DOCX_BOLD, 26);
	docx_end_para(d);
	docx_para(d, &plain);
	docx_run(d, hostile, 0, 0);
	docx_run(d, "hai\ndòng", DOCX_GAP | DOCX_ITALIC, 0);
	docx_end_para(d);
	int w[] = { 3000, 2000, 2000 };
	docx_table(d, 3, w, true);
	docx_row(d, true);
	docx_cell(d, 2, true);
	docx_para(d, &plain);
	docx_run(d, "Tên", DOCX_BOLD, 0);
	docx_end_para(d);
	docx_end_cell(d);
	docx_cell(d, 1, false);	/* empty: gets its paragraph */
	docx_end_cell(d);
	docx_end_row(d);
	docx_end_table(d);
	return d;
}

/* The part `name` of the package, NUL-terminated, owned. */
static char *part(const char *buf, size_t len, const char *name)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
	assert_non_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(za);
	zip_stat_t st;
	if (zip_stat(za, name, 0, &st) != 0) {
		zip_close(za);
		return NULL;
	}
	char *out = xmalloc(st.size + 1);
	zip_file_t *f = zip_fopen(za, name, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, out, st.size), (zip_int64_t)st.size);
	out[st.size] = '\0';
	zip_fclose(f);
	zip_close(za);
	zip_error_fini(&ze);
	return out;
}

/* Every w:t of the document, concatenated. */
static void texts(xmlNodePtr n, struct sbuf *b)
{
	for (; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "t") == 0) {
			xmlChar *c = xmlNodeGetContent(n);
			sbuf_adds(b, (const char *)c);
			xmlFree(c);
		}
		texts(n->children, b);
	}
}

static void finish(struct docx *d, char **buf, size_t *len)
{
	struct err e;
	if (docx_finish(d, "Tờ trình <thử>", (struct date){ 2026, 6, 1 }, buf, len, &e) != 0)
		fail_msg("docx_finish: %s", e.msg);
	docx_free(d);
}

static void package_has_its_parts_and_the_text(void **state)
{
	(void)state;
	char *buf;
	size_t len;
	finish(sample(), &buf, &len);
	assert_memory_equal(buf, "PK\x03\x04", 4);
	const char *names[] = { "[Content_Types].xml", "_rels/.rels", "word/document.xml",
		"word/styles.xml", "word/_rels/document.xml.rels", "docProps/core.xml",
		"docProps/app.xml" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *p = part(buf, len, names[i]);
		if (!p)
			fail_msg("no part %s", names[i]);
		/* each part is well-formed XML */
		xmlDocPtr x = xmlReadMemory(p, (int)strlen(p), names[i], NULL, XML_PARSE_NONET);
		if (!x)
			fail_msg("%s is not well-formed XML", names[i]);
		xmlFreeDoc(x);
		free(p);
	}
	char *doc = part(buf, len, "word/document.xml");
	xmlDocPtr x = xmlReadMemory(doc, (int)strlen(doc), "document.xml", NULL, XML_PARSE_NONET);
	struct sbuf b = SBUF_INIT;
	texts(xmlDocGetRootElement(x), &b);
	/* the markup comes back as text; the control characters as visible
	 * escapes; the line feed as a break between two texts */
	assert_string_equal(sbuf_str(&b), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	    "Thôn <b>&amp; \"Hai\" 'Ba'^A^[[31m ]]> Đ\xcc\x80" "haidòng" "Tên");
	sbuf_free(&b);
	xmlFreeDoc(x);
	assert_non_null(strstr(doc, "<w:br/>"));
	assert_non_null(strstr(doc, "<w:highlight w:val=\"yellow\"/>"));
	assert_non_null(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(strstr(doc, "w:top=\"1134\" w:right=\"851\" w:bottom=\"1134\" w:left=\"1701\""));
	assert_non_null(strstr(doc, "<w:gridSpan w:val=\"2\"/>"));
	assert_non_null(strstr(doc, "<w:tcW w:w=\"5000\" w:type=\"dxa\"/>"));	/* 3000 + 2000 */
	assert_non_null(strstr(doc, "<w:tblHeader/>"));
	/* the empty cell still holds a paragraph */
	assert_non_null(strstr(doc, "<w:p/></w:tc>"));
	free(doc);
	char *styles = part(buf, len, "word/styles.xml");
	assert_non_null(strstr(styles, "w:ascii=\"Times New Roman\""));
	assert_non_null(strstr(styles, "<w:sz w:val=\"28\"/>"));
	assert_non_null(strstr(styles, "w:val=\"vi-VN\""));
	free(styles);
	char *core = part(buf, len, "docProps/core.xml");
	assert_non_null(strstr(core, "<dc:title>Tờ trình &lt;thử&gt;</dc:title>"));
	assert_non_null(strstr(core, ">2026-06-01T00:00:00Z</dcterms:created>"));
	free(core);
	free(buf);
}

static void same_bytes_whatever_the_clock_or_zone(void **state)
{
	(void)state;
	char *a, *b;
	size_t la, lb;
	setenv("TZ", "UTC", 1);
	tzset();
	finish(sample(), &a, &la);
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	sleep(1);	/* a second later: a clock in the package would show */
	finish(sample(), &b, &lb);
	unsetenv("TZ");
	tzset();
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
}

static void saved_private_and_never_through_a_link(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	char *path = xasprintf("%s/a.docx", dir);
	struct err e;
	struct docx *d = sample();
	assert_int_equal(docx_save(d, path, "t", (struct date){ 2026, 6, 1 }, &e), 0);
	docx_free(d);
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a link planted where the file goes is replaced, its target untouched */
	char *victim = xasprintf("%s/victim", dir);
	t_write(victim, "keep");
	unlink(path);
	assert_int_equal(symlink(victim, path), 0);
	d = sample();
	assert_int_equal(docx_save(d, path, "t", (struct date){ 2026, 6, 1 }, &e), 0);
	docx_free(d);
	char *v = t_read(victim, NULL);
	assert_string_equal(v, "keep");
	free(v);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	free(victim);
	free(path);
	t_rmtree(dir);
	free(dir);
}

static void calls_out_of_order_are_reported(void **state)
{
	(void)state;
	struct docx *d = docx_new(&a4);
	docx_run(d, "no paragraph", 0, 0);
	char *buf;
	size_t len;
	struct err e;
	assert_int_equal(docx_finish(d, "t", (struct date){ 2026, 6, 1 }, &buf, &len, &e), -1);
	assert_int_equal(e.kind, E_USAGE);
	assert_non_null(strstr(e.msg, "a run outside a paragraph"));
	assert_null(buf);
	docx_free(d);
	/* a cell past the last column, and a table left open */
	d = docx_new(&a4);
	int w[] = { 1000 };
	docx_table(d, 1, w, false);
	docx_row(d, false);
	docx_cell(d, 2, false);
	assert_int_equal(docx_finish(d, "t", (struct date){ 2026, 6, 1 }, &buf, &len, &e), -1);
	assert_non_null(strstr(e.msg, "past the table's last column"));
	docx_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(package_has_its_parts_and_the_text),
		cmocka_unit_test(same_bytes_whatever_the_clock_or_zone),
		cmocka_unit_test(saved_private_and_never_through_a_link),
		cmocka_unit_test(calls_out_of_order_are_reported),
	};
	return cmocka_run_group_tests_name("docx", tests, NULL, NULL);
}
