/* table.c — see table.h */
#include "core/table.h"
#include "core/csv.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void table_init(struct table *t, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	t->right = xcalloc(ncols, sizeof *t->right);
	t->max_width = 40;
}

void table_free(struct table *t)
{
	strv_free(&t->cells);
	free(t->right);
	t->right = NULL;
}

void table_add(struct table *t, const char *cell)
{
	strv_push(&t->cells, cell ? cell : "");
}

void table_addf(struct table *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	strv_take(&t->cells, xvasprintf(fmt, ap));
	va_end(ap);
}

void table_align_right(struct table *t, size_t col)
{
	if (col < t->ncols)
		t->right[col] = true;
}

size_t table_rows(const struct table *t)
{
	return t->ncols ? (t->cells.n + t->ncols - 1) / t->ncols : 0;
}

/* The cell as shown: visible, cut to the column's width with "…". */
static char *shown(const struct table *t, const char *cell)
{
	char *v = text_visible(cell, false);
	if (t->max_width > 0 && text_width(v) > t->max_width) {
		size_t keep = text_fit(v, t->max_width - 1, NULL);
		char *cut = xasprintf("%.*s…", (int)keep, v);
		free(v);
		return cut;
	}
	return v;
}

void table_print_text(const struct table *t, FILE *out)
{
	size_t rows = table_rows(t);
	int *w = xcalloc(t->ncols, sizeof *w);
	char **cells = xcalloc(t->cells.n ? t->cells.n : 1, sizeof *cells);
	for (size_t i = 0; i < t->cells.n; i++) {
		cells[i] = shown(t, t->cells.v[i]);
		int cw = text_width(cells[i]);
		if (cw > w[i % t->ncols])
			w[i % t->ncols] = cw;
	}
	for (size_t r = 0; r < rows; r++) {
		struct sbuf line = SBUF_INIT;
		for (size_t c = 0; c < t->ncols; c++) {
			size_t i = r * t->ncols + c;
			const char *cell = i < t->cells.n ? cells[i] : "";
			int pad = w[c] - text_width(cell);
			if (c)
				sbuf_adds(&line, "  ");
			if (t->right[c] && r > 0)
				for (int k = 0; k < pad; k++)
					sbuf_addc(&line, ' ');
			sbuf_adds(&line, cell);
			if (!(t->right[c] && r > 0) && c + 1 < t->ncols)
				for (int k = 0; k < pad; k++)
					sbuf_addc(&line, ' ');
		}
		/* no trailing blanks */
		while (line.len && line.s[line.len - 1] == ' ')
			line.s[--line.len] = '\0';
		fprintf(out, "%s\n", sbuf_str(&line));
		sbuf_free(&line);
		if (r == 0) {
			int total = 0;
			for (size_t c = 0; c < t->ncols; c++)
				total += w[c] + (c ? 2 : 0);
			for (int k = 0; k < total; k++)
				fputs("─", out);
			fputc('\n', out);
		}
	}
	for (size_t i = 0; i < t->cells.n; i++)
		free(cells[i]);
	free(cells);
	free(w);
}

void table_print_csv(const struct table *t, FILE *out)
{
	size_t rows = table_rows(t);
	struct sbuf b = SBUF_INIT;
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			size_t i = r * t->ncols + c;
			csv_field(&b, i < t->cells.n ? t->cells.v[i] : "", c == 0, true);
		}
		csv_endrow(&b);
	}
	fwrite(b.s ? b.s : "", 1, b.len, out);
	sbuf_free(&b);
}
