/* docx.h — a Word document (Office Open XML, ".docx") written from
 * paragraphs, runs of text and tables.
 *
 * The only users of libxml2 and libzip. The XML of each part is written
 * by libxml2's xmlTextWriter, which escapes every text and attribute
 * (a record's "<", "&" or quotes come out as the text itself); control
 * characters, which XML 1.0 cannot hold, come out as the visible escapes
 * of text_visible(). The package is a zip built in memory by libzip and
 * saved with fs_write_atomic (a temporary file, fsync, rename; mode 0600;
 * never through a planted link). Both libraries are Debian's, kept for
 * decades by GNOME and the libzip authors, and read what they write
 * back (the tests do); xmlTextWriter needs no DOM, libzip's buffer
 * source needs no temporary file of its own.
 *
 * Deterministic: the same calls give the same bytes. The package's dates
 * (zip entries, docProps/core.xml) are the `when` given to docx_finish,
 * taken by the caller from the data, never the clock.
 *
 * Ownership: a struct docx owns everything it holds; strings passed in
 * are copied (borrowed for the call only). Calls in a wrong order (a run
 * outside a paragraph, a row outside a table) are programming errors:
 * they are recorded, and docx_finish reports them (E_USAGE).
 */
#ifndef SAPXEP_DOCX_H
#define SAPXEP_DOCX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/dates.h"
#include "core/err.h"

/* The page and the body text. Lengths in twentieths of a point (twips:
 * 1 mm = 56.7 twips), sizes in half-points (14 pt = 28). */
struct docx_page {
	int width, height;
	int margin_top, margin_bottom, margin_left, margin_right;
	const char *font;	/* "Times New Roman" */
	int size;		/* body text */
	int line;		/* line spacing in 240ths of a line (240: single) */
	int space_after;	/* after each paragraph, twips */
	const char *lang;	/* "vi-VN" */
};

enum docx_align {
	DOCX_LEFT,
	DOCX_CENTER,
	DOCX_RIGHT,
	DOCX_JUSTIFY,
};

/* Run flags. */
enum {
	DOCX_BOLD = 1,
	DOCX_ITALIC = 2,
	DOCX_UNDERLINE = 4,
	DOCX_UPPER = 8,		/* shown in capitals (w:caps); the text is kept */
	DOCX_GAP = 16,		/* highlighted: a figure missing, to be filled in */
};

/* A paragraph's layout beyond its alignment; zero is the default. */
struct docx_para_style {
	enum docx_align align;
	int first_indent;	/* twips */
	int space_before, space_after;	/* twips; -1: the page's */
	bool keep_next;		/* on the same page as the next one */
};

struct docx;

/* A new, empty document on `page` (copied). */
struct docx *docx_new(const struct docx_page *page);
void docx_free(struct docx *d);

/* Paragraphs, in the body or in the current table cell. */
void docx_para(struct docx *d, const struct docx_para_style *st);
/* A run of text in the open paragraph; size 0: the page's. Line feeds
 * become line breaks. */
void docx_run(struct docx *d, const char *text, unsigned flags, int size);
void docx_end_para(struct docx *d);

/* Tables: widths[ncols] in twips (copied). `borders`: single lines on
 * every cell; without, a layout table (the Quốc hiệu beside the issuing
 * body, the signature beside the recipients). */
void docx_table(struct docx *d, size_t ncols, const int *widths, bool borders);
/* `header`: repeated at the top of each page. */
void docx_row(struct docx *d, bool header);
/* A cell spanning `span` columns (1 or more); paragraphs go into it.
 * `shade`: a light grey background (a heading row). */
void docx_cell(struct docx *d, int span, bool shade);
void docx_end_cell(struct docx *d);
void docx_end_row(struct docx *d);
void docx_end_table(struct docx *d);

/* A page break. */
void docx_page_break(struct docx *d);

/* The package's bytes (owned, *len of them), with `title` in its
 * properties and `when` as its date. d can be finished only once. */
int docx_finish(struct docx *d, const char *title, struct date when,
    char **out, size_t *len, struct err *e);

/* docx_finish, saved atomically at `path` with mode 0600. */
int docx_save(struct docx *d, const char *path, const char *title,
    struct date when, struct err *e);

#endif
