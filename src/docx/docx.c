/* docx.c — the Office Open XML package: document.xml written as the
 * calls come (xmlTextWriter into a memory buffer), the other parts at
 * the end, zipped in memory (libzip) and saved atomically. See docx.h. */
#include "docx/docx.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xmem.h"
#include "store/fsutil.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_NS "http://schemas.openxmlformats.org/package/2006/content-types"
#define REL_DOC "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
#define REL_CORE "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
#define REL_APP "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
#define REL_STYLES "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
#define CT_MAIN "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
#define CT_STYLES "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
#define CT_CORE "application/vnd.openxmlformats-package.core-properties+xml"
#define CT_APP "application/vnd.openxmlformats-officedocument.extended-properties+xml"
#define CT_RELS "application/vnd.openxmlformats-package.relationships+xml"

struct docx {
	struct docx_page page;
	char *font, *lang;
	xmlBufferPtr body;
	xmlTextWriterPtr w;
	bool in_para, in_table, in_row, in_cell, cell_has_para, finished;
	int *widths;
	size_t ncols, col;	/* the grid; the next cell's column */
	const char *misuse;	/* the first call out of order */
};

/* --- writing helpers ------------------------------------------------------ */

static void start(xmlTextWriterPtr w, const char *name)
{
	xmlTextWriterStartElement(w, BAD_CAST name);
}

static void end(xmlTextWriterPtr w)
{
	xmlTextWriterEndElement(w);
}

static void attr(xmlTextWriterPtr w, const char *name, const char *v)
{
	xmlTextWriterWriteAttribute(w, BAD_CAST name, BAD_CAST v);
}

static void attr_int(xmlTextWriterPtr w, const char *name, long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	attr(w, name, buf);
}

/* <name w:val="v"/> */
static void val(xmlTextWriterPtr w, const char *name, const char *v)
{
	start(w, name);
	if (v)
		attr(w, "w:val", v);
	end(w);
}

static void val_int(xmlTextWriterPtr w, const char *name, long v)
{
	start(w, name);
	attr_int(w, "w:val", v);
	end(w);
}

static void misuse(struct docx *d, const char *what)
{
	if (!d->misuse)
		d->misuse = what;
}

static void fonts(xmlTextWriterPtr w, const char *font)
{
	start(w, "w:rFonts");
	attr(w, "w:ascii", font);
	attr(w, "w:hAnsi", font);
	attr(w, "w:eastAsia", font);
	attr(w, "w:cs", font);
	end(w);
}

/* --- the document -------------------------------------------------------- */

struct docx *docx_new(const struct docx_page *page)
{
	struct docx *d = xcalloc(1, sizeof *d);
	d->page = *page;
	d->font = xstrdup(page->font ? page->font : "Times New Roman");
	d->lang = xstrdup(page->lang ? page->lang : "vi-VN");
	d->page.font = d->font;
	d->page.lang = d->lang;
	d->body = xmlBufferCreate();
	d->w = d->body ? xmlNewTextWriterMemory(d->body, 0) : NULL;
	if (!d->w) {
		fprintf(stderr, "sapxep: out of memory\n");
		abort();
	}
	xmlTextWriterStartDocument(d->w, "1.0", "UTF-8", "yes");
	start(d->w, "w:document");
	attr(d->w, "xmlns:w", W_NS);
	attr(d->w, "xmlns:r", R_NS);
	start(d->w, "w:body");
	return d;
}

void docx_free(struct docx *d)
{
	if (!d)
		return;
	if (d->w)
		xmlFreeTextWriter(d->w);
	if (d->body)
		xmlBufferFree(d->body);
	free(d->widths);
	free(d->font);
	free(d->lang);
	free(d);
}

void docx_para(struct docx *d, const struct docx_para_style *st)
{
	if (d->in_para || d->finished || (d->in_table && !d->in_cell)) {
		misuse(d, "a paragraph inside a paragraph or between cells");
		return;
	}
	static const char *const jc[] = { "left", "center", "right", "both" };
	xmlTextWriterPtr w = d->w;
	d->in_para = true;
	if (d->in_cell)
		d->cell_has_para = true;
	start(w, "w:p");
	start(w, "w:pPr");
	if (st->keep_next)
		val(w, "w:keepNext", NULL);
	start(w, "w:spacing");
	attr_int(w, "w:before", st->space_before >= 0 ? st->space_before : 0);
	attr_int(w, "w:after", st->space_after >= 0 ? st->space_after : d->page.space_after);
	attr_int(w, "w:line", d->page.line);
	attr(w, "w:lineRule", "auto");
	end(w);
	if (st->first_indent) {
		start(w, "w:ind");
		attr_int(w, "w:firstLine", st->first_indent);
		end(w);
	}
	val(w, "w:jc", jc[st->align <= DOCX_JUSTIFY ? st->align : 0]);
	end(w);
}

static void text_part(xmlTextWriterPtr w, const char *s, size_t n)
{
	char *part = xstrndup(s, n);
	start(w, "w:t");
	attr(w, "xml:space", "preserve");
	xmlTextWriterWriteString(w, BAD_CAST part);
	end(w);
	free(part);
}

void docx_run(struct docx *d, const char *text, unsigned flags, int size)
{
	if (!d->in_para) {
		misuse(d, "a run outside a paragraph");
		return;
	}
	xmlTextWriterPtr w = d->w;
	start(w, "w:r");
	start(w, "w:rPr");
	if (flags & DOCX_BOLD) {
		val(w, "w:b", NULL);
		val(w, "w:bCs", NULL);
	}
	if (flags & DOCX_ITALIC) {
		val(w, "w:i", NULL);
		val(w, "w:iCs", NULL);
	}
	if (flags & DOCX_UPPER)
		val(w, "w:caps", NULL);
	if (size > 0) {
		val_int(w, "w:sz", size);
		val_int(w, "w:szCs", size);
	}
	if (flags & DOCX_GAP)
		val(w, "w:highlight", "yellow");
	if (flags & DOCX_UNDERLINE)
		val(w, "w:u", "single");
	end(w);
	/* What XML cannot hold comes out visible; line feeds become breaks. */
	char *safe = text_visible(text ? text : "", true);
	const char *p = safe;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n)
			text_part(w, p, n);
		if (!nl)
			break;
		val(w, "w:br", NULL);
		p = nl + 1;
	}
	free(safe);
	end(w);
}

void docx_end_para(struct docx *d)
{
	if (!d->in_para) {
		misuse(d, "the end of a paragraph never begun");
		return;
	}
	end(d->w);
	d->in_para = false;
}

void docx_page_break(struct docx *d)
{
	if (d->in_para || d->in_table) {
		misuse(d, "a page break inside a paragraph or a table");
		return;
	}
	start(d->w, "w:p");
	start(d->w, "w:r");
	start(d->w, "w:br");
	attr(d->w, "w:type", "page");
	end(d->w);
	end(d->w);
	end(d->w);
}

/* --- tables -------------------------------------------------------------- */

static void border(xmlTextWriterPtr w, const char *side, bool on)
{
	start(w, side);
	attr(w, "w:val", on ? "single" : "nil");
	if (on) {
		attr(w, "w:sz", "4");
		attr(w, "w:space", "0");
		attr(w, "w:color", "000000");
	}
	end(w);
}

void docx_table(struct docx *d, size_t ncols, const int *widths, bool borders)
{
	if (d->in_para || d->in_table || ncols == 0) {
		misuse(d, "a table inside a paragraph or a table");
		return;
	}
	xmlTextWriterPtr w = d->w;
	d->in_table = true;
	d->ncols = ncols;
	d->widths = xreallocarray(d->widths, ncols, sizeof *d->widths);
	memcpy(d->widths, widths, ncols * sizeof *widths);
	long total = 0;
	for (size_t i = 0; i < ncols; i++)
		total += widths[i];
	start(w, "w:tbl");
	start(w, "w:tblPr");
	start(w, "w:tblW");
	attr_int(w, "w:w", total);
	attr(w, "w:type", "dxa");
	end(w);
	start(w, "w:tblBorders");
	static const char *const sides[] = { "w:top", "w:left", "w:bottom", "w:right",
		"w:insideH", "w:insideV" };
	for (size_t i = 0; i < 6; i++)
		border(w, sides[i], borders);
	end(w);
	val(w, "w:tblLayout", "fixed");
	end(w);
	start(w, "w:tblGrid");
	for (size_t i = 0; i < ncols; i++) {
		start(w, "w:gridCol");
		attr_int(w, "w:w", widths[i]);
		end(w);
	}
	end(w);
}

void docx_row(struct docx *d, bool header)
{
	if (!d->in_table || d->in_row) {
		misuse(d, "a row outside a table");
		return;
	}
	d->in_row = true;
	d->col = 0;
	start(d->w, "w:tr");
	if (header) {
		start(d->w, "w:trPr");
		val(d->w, "w:tblHeader", NULL);
		end(d->w);
	}
}

void docx_cell(struct docx *d, int span, bool shade)
{
	if (!d->in_row || d->in_cell) {
		misuse(d, "a cell outside a row");
		return;
	}
	xmlTextWriterPtr w = d->w;
	d->in_cell = true;
	d->cell_has_para = false;
	if (span < 1)
		span = 1;
	if (d->col + (size_t)span > d->ncols) {
		misuse(d, "a cell past the table's last column");
		return;
	}
	long width = 0;
	for (int i = 0; i < span; i++)
		width += d->widths[d->col + (size_t)i];
	d->col += (size_t)span;
	start(w, "w:tc");
	start(w, "w:tcPr");
	start(w, "w:tcW");
	attr_int(w, "w:w", width);
	attr(w, "w:type", "dxa");
	end(w);
	if (span > 1)
		val_int(w, "w:gridSpan", span);
	if (shade) {
		start(w, "w:shd");
		attr(w, "w:val", "clear");
		attr(w, "w:color", "auto");
		attr(w, "w:fill", "E7E6E6");
		end(w);
	}
	end(w);
}

void docx_end_cell(struct docx *d)
{
	if (!d->in_cell || d->in_para) {
		misuse(d, "the end of a cell never begun, or inside a paragraph");
		return;
	}
	if (!d->cell_has_para) {	/* a cell holds at least one paragraph */
		start(d->w, "w:p");
		end(d->w);
	}
	end(d->w);
	d->in_cell = false;
}

void docx_end_row(struct docx *d)
{
	if (!d->in_row || d->in_cell) {
		misuse(d, "the end of a row never begun");
		return;
	}
	end(d->w);
	d->in_row = false;
}

void docx_end_table(struct docx *d)
{
	if (!d->in_table || d->in_row) {
		misuse(d, "the end of a table never begun");
		return;
	}
	end(d->w);
	d->in_table = false;
}

/* --- the other parts ------------------------------------------------------ */

struct part {
	const char *name;
	xmlBufferPtr buf;
};

static xmlTextWriterPtr part_begin(xmlBufferPtr *buf)
{
	*buf = xmlBufferCreate();
	xmlTextWriterPtr w = *buf ? xmlNewTextWriterMemory(*buf, 0) : NULL;
	if (!w) {
		fprintf(stderr, "sapxep: out of memory\n");
		abort();
	}
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
	return w;
}

static int part_end(xmlTextWriterPtr w)
{
	int rc = xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	return rc < 0 ? -1 : 0;
}

static void rel(xmlTextWriterPtr w, const char *id, const char *type, const char *target)
{
	start(w, "Relationship");
	attr(w, "Id", id);
	attr(w, "Type", type);
	attr(w, "Target", target);
	end(w);
}

static int content_types(xmlBufferPtr *buf)
{
	xmlTextWriterPtr w = part_begin(buf);
	start(w, "Types");
	attr(w, "xmlns", CT_NS);
	start(w, "Default");
	attr(w, "Extension", "rels");
	attr(w, "ContentType", CT_RELS);
	end(w);
	start(w, "Default");
	attr(w, "Extension", "xml");
	attr(w, "ContentType", "application/xml");
	end(w);
	static const char *const over[][2] = {
		{ "/word/document.xml", CT_MAIN }, { "/word/styles.xml", CT_STYLES },
		{ "/docProps/core.xml", CT_CORE }, { "/docProps/app.xml", CT_APP },
	};
	for (size_t i = 0; i < sizeof over / sizeof over[0]; i++) {
		start(w, "Override");
		attr(w, "PartName", over[i][0]);
		attr(w, "ContentType", over[i][1]);
		end(w);
	}
	end(w);
	return part_end(w);
}

static int package_rels(xmlBufferPtr *buf)
{
	xmlTextWriterPtr w = part_begin(buf);
	start(w, "Relationships");
	attr(w, "xmlns", REL_NS);
	rel(w, "rId1", REL_DOC, "word/document.xml");
	rel(w, "rId2", REL_CORE, "docProps/core.xml");
	rel(w, "rId3", REL_APP, "docProps/app.xml");
	end(w);
	return part_end(w);
}

static int document_rels(xmlBufferPtr *buf)
{
	xmlTextWriterPtr w = part_begin(buf);
	start(w, "Relationships");
	attr(w, "xmlns", REL_NS);
	rel(w, "rId1", REL_STYLES, "styles.xml");
	end(w);
	return part_end(w);
}

static void run_defaults(struct docx *d, xmlTextWriterPtr w)
{
	start(w, "w:rPr");
	fonts(w, d->font);
	val_int(w, "w:sz", d->page.size);
	val_int(w, "w:szCs", d->page.size);
	start(w, "w:lang");
	attr(w, "w:val", d->lang);
	attr(w, "w:eastAsia", d->lang);
	attr(w, "w:bidi", "ar-SA");
	end(w);
	end(w);
}

static int styles(struct docx *d, xmlBufferPtr *buf)
{
	xmlTextWriterPtr w = part_begin(buf);
	start(w, "w:styles");
	attr(w, "xmlns:w", W_NS);
	start(w, "w:docDefaults");
	start(w, "w:rPrDefault");
	run_defaults(d, w);
	end(w);
	start(w, "w:pPrDefault");
	start(w, "w:pPr");
	start(w, "w:spacing");
	attr_int(w, "w:after", d->page.space_after);
	attr_int(w, "w:line", d->page.line);
	attr(w, "w:lineRule", "auto");
	end(w);
	end(w);
	end(w);
	end(w);
	start(w, "w:style");
	attr(w, "w:type", "paragraph");
	attr(w, "w:default", "1");
	attr(w, "w:styleId", "Normal");
	val(w, "w:name", "Normal");
	val(w, "w:qFormat", NULL);
	run_defaults(d, w);
	end(w);
	end(w);
	return part_end(w);
}

static void w3cdtf(struct date when, char *buf, size_t cap)
{
	snprintf(buf, cap, "%04d-%02d-%02dT00:00:00Z", when.y, when.m, when.d);
}

static int core(xmlBufferPtr *buf, const char *title, struct date when)
{
	char at[32];
	w3cdtf(when, at, sizeof at);
	xmlTextWriterPtr w = part_begin(buf);
	start(w, "cp:coreProperties");
	attr(w, "xmlns:cp",
	    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
	attr(w, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	attr(w, "xmlns:dcterms", "http://purl.org/dc/terms/");
	attr(w, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
	char *safe = text_visible(title ? title : "", false);
	xmlTextWriterWriteElement(w, BAD_CAST "dc:title", BAD_CAST safe);
	free(safe);
	xmlTextWriterWriteElement(w, BAD_CAST "dc:creator", BAD_CAST "sapxep");
	static const char *const dates[] = { "dcterms:created", "dcterms:modified" };
	for (size_t i = 0; i < 2; i++) {
		start(w, dates[i]);
		attr(w, "xsi:type", "dcterms:W3CDTF");
		xmlTextWriterWriteString(w, BAD_CAST at);
		end(w);
	}
	end(w);
	return part_end(w);
}

static int app(xmlBufferPtr *buf)
{
	xmlTextWriterPtr w = part_begin(buf);
	start(w, "Properties");
	attr(w, "xmlns",
	    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
	xmlTextWriterWriteElement(w, BAD_CAST "Application", BAD_CAST "sapxep");
	end(w);
	return part_end(w);
}

static void section(struct docx *d)
{
	xmlTextWriterPtr w = d->w;
	start(w, "w:sectPr");
	start(w, "w:pgSz");
	attr_int(w, "w:w", d->page.width);
	attr_int(w, "w:h", d->page.height);
	end(w);
	start(w, "w:pgMar");
	attr_int(w, "w:top", d->page.margin_top);
	attr_int(w, "w:right", d->page.margin_right);
	attr_int(w, "w:bottom", d->page.margin_bottom);
	attr_int(w, "w:left", d->page.margin_left);
	attr(w, "w:header", "720");
	attr(w, "w:footer", "720");
	attr(w, "w:gutter", "0");
	end(w);
	end(w);
}

/* --- the package ---------------------------------------------------------- */

/* A time whose local broken-down form is `when` at noon, whatever the
 * time zone: libzip stores the entries' times in local (MS-DOS) form. */
static time_t local_noon(struct date when)
{
	struct tm tm = { 0 };
	tm.tm_year = when.y - 1900;
	tm.tm_mon = when.m - 1;
	tm.tm_mday = when.d;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int zip_fail(zip_error_t *ze, struct err *e)
{
	err_set(e, E_IO, _("cannot build the document package: %s"), zip_error_strerror(ze));
	zip_error_fini(ze);
	return -1;
}

static int zip_parts(const struct part *parts, size_t n, struct date when, char **out,
    size_t *len, struct err *e)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return zip_fail(&ze, e);
	zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za) {
		zip_source_free(src);
		return zip_fail(&ze, e);
	}
	zip_source_keep(src);
	time_t t = local_noon(when);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, xmlBufferContent(parts[i].buf),
		    (zip_uint64_t)xmlBufferLength(parts[i].buf), 0);
		zip_int64_t idx = s ? zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0) {
			zip_source_free(s);
			zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
			zip_discard(za);
			zip_source_free(src);
			return zip_fail(&ze, e);
		}
		zip_file_set_mtime(za, (zip_uint64_t)idx, t, 0);
		zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 9);
	}
	if (zip_close(za) != 0) {
		zip_error_set(&ze, zip_error_code_zip(zip_get_error(za)), 0);
		zip_discard(za);
		zip_source_free(src);
		return zip_fail(&ze, e);
	}
	int rc = -1;
	if (zip_source_open(src) == 0) {
		if (zip_source_seek(src, 0, SEEK_END) == 0) {
			zip_int64_t size = zip_source_tell(src);
			if (size >= 0 && zip_source_seek(src, 0, SEEK_SET) == 0) {
				*out = xmalloc((size_t)size + 1);
				if (zip_source_read(src, *out, (zip_uint64_t)size) == size) {
					*len = (size_t)size;
					rc = 0;
				} else {
					xfree(out);
				}
			}
		}
		zip_source_close(src);
	}
	if (rc != 0)
		zip_error_set(&ze, zip_error_code_zip(zip_source_error(src)), 0);
	zip_source_free(src);
	if (rc != 0)
		return zip_fail(&ze, e);
	zip_error_fini(&ze);
	return 0;
}

int docx_finish(struct docx *d, const char *title, struct date when, char **out,
    size_t *len, struct err *e)
{
	*out = NULL;
	*len = 0;
	if (d->finished)
		misuse(d, "a document finished twice");
	if (d->in_para || d->in_table)
		misuse(d, "a document finished inside a paragraph or a table");
	if (d->misuse)
		return err_set(e, E_USAGE, "docx: %s", d->misuse);
	d->finished = true;
	section(d);
	end(d->w);	/* body */
	end(d->w);	/* document */
	int bad = xmlTextWriterEndDocument(d->w) < 0;
	xmlFreeTextWriter(d->w);
	d->w = NULL;

	struct part parts[] = {
		{ "[Content_Types].xml", NULL }, { "_rels/.rels", NULL },
		{ "docProps/core.xml", NULL }, { "docProps/app.xml", NULL },
		{ "word/document.xml", d->body }, { "word/styles.xml", NULL },
		{ "word/_rels/document.xml.rels", NULL },
	};
	size_t n = sizeof parts / sizeof parts[0];
	bad |= content_types(&parts[0].buf) | package_rels(&parts[1].buf) |
	    core(&parts[2].buf, title, when) | app(&parts[3].buf) |
	    styles(d, &parts[5].buf) | document_rels(&parts[6].buf);
	int rc = bad ? err_set(e, E_IO, _("cannot write the document's XML")) :
	    zip_parts(parts, n, when, out, len, e);
	for (size_t i = 0; i < n; i++)
		if (parts[i].buf != d->body)
			xmlBufferFree(parts[i].buf);
	return rc;
}

int docx_save(struct docx *d, const char *path, const char *title, struct date when,
    struct err *e)
{
	char *buf;
	size_t len;
	if (docx_finish(d, title, when, &buf, &len, e) != 0)
		return -1;
	int rc = fs_write_atomic(path, buf, len, 0600, true, e);
	free(buf);
	return rc;
}
