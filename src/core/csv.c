/* csv.c — see csv.h */
#include "core/csv.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

/* "-12", "+3.5": a signed number, which a spreadsheet takes as a number. */
static bool signed_number(const char *s)
{
	if (*s != '-' && *s != '+')
		return false;
	s++;
	bool digits = false, dot = false;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits = true;
		else if ((*s == '.' || *s == ',') && !dot)
			dot = true;
		else
			return false;
	}
	return digits;
}

bool csv_is_formula(const char *s)
{
	return s[0] && strchr("=+-@\t\r", s[0]) != NULL && !signed_number(s);
}

bool csv_unneutralise(const char *s)
{
	return s[0] == '\'' && csv_is_formula(s + 1);
}

void csv_field(struct sbuf *out, const char *s, bool first, bool formula)
{
	if (!first)
		sbuf_addc(out, ',');
	bool neutral = formula && csv_is_formula(s);
	bool quote = neutral || strpbrk(s, ",\"\r\n") != NULL ||
	    (s[0] == ' ' || (s[0] && s[strlen(s) - 1] == ' '));
	if (!quote) {
		sbuf_adds(out, s);
		return;
	}
	sbuf_addc(out, '"');
	if (neutral)
		sbuf_addc(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sbuf_addc(out, '"');
		sbuf_addc(out, *p);
	}
	sbuf_addc(out, '"');
}

void csv_endrow(struct sbuf *out)
{
	sbuf_adds(out, "\r\n");
}

void csv_free(struct csv *c)
{
	for (size_t i = 0; i < c->n; i++)
		strv_free(&c->rows[i].fields);
	free(c->rows);
	c->rows = NULL;
	c->n = c->cap = 0;
}

char csv_sniff(const char *buf, size_t len)
{
	size_t commas = 0, semis = 0;
	bool quoted = false;
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '"')
			quoted = !quoted;
		else if (!quoted && (buf[i] == '\n' || buf[i] == '\r'))
			break;
		else if (!quoted && buf[i] == ',')
			commas++;
		else if (!quoted && buf[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

int csv_parse(const char *buf, size_t len, const char *name, struct csv *out,
    struct err *e)
{
	memset(out, 0, sizeof *out);
	size_t bad;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (!text_valid(buf, len, &bad)) {
		int line = 1;
		for (size_t i = 0; i < bad; i++)
			line += buf[i] == '\n';
		return err_set(e, E_INVALID,
		    "%s:%d: not valid UTF-8 text (save the sheet as \"CSV UTF-8\")",
		    name, line);
	}
	char sep = csv_sniff(buf, len);
	out->sep = sep;
	size_t i = 0;
	int line = 1;
	struct sbuf field = SBUF_INIT;
	while (i < len) {
		struct csv_row row = { line, STRV_INIT };
		for (;;) {
			sbuf_reset(&field);
			if (i < len && buf[i] == '"') {
				int qline = line;
				i++;
				for (;;) {
					if (i >= len) {
						sbuf_free(&field);
						strv_free(&row.fields);
						csv_free(out);
						return err_set(e, E_INVALID,
						    "%s:%d: a quoted field is never closed",
						    name, qline);
					}
					if (buf[i] == '"') {
						if (i + 1 < len && buf[i + 1] == '"') {
							sbuf_addc(&field, '"');
							i += 2;
							continue;
						}
						i++;
						break;
					}
					if (buf[i] == '\n')
						line++;
					sbuf_addc(&field, buf[i++]);
				}
				if (i < len && buf[i] != sep && buf[i] != '\n' &&
				    buf[i] != '\r') {
					sbuf_free(&field);
					strv_free(&row.fields);
					csv_free(out);
					return err_set(e, E_INVALID,
					    "%s:%d: text after a closing quote; put the whole field in quotes",
					    name, line);
				}
			} else {
				while (i < len && buf[i] != sep && buf[i] != '\n' &&
				    buf[i] != '\r')
					sbuf_addc(&field, buf[i++]);
			}
			strv_push(&row.fields, sbuf_str(&field));
			if (i < len && buf[i] == sep) {
				i++;
				continue;
			}
			break;
		}
		/* CRLF, LF, or a lone CR (old Macintosh spreadsheets) */
		if (i < len && buf[i] == '\r') {
			i++;
			if (i >= len || buf[i] != '\n')
				line++;
		}
		if (i < len && buf[i] == '\n') {
			i++;
			line++;
		}
		/* A row holding one empty field is a blank line: skip it. */
		if (row.fields.n == 1 && row.fields.v[0][0] == '\0') {
			strv_free(&row.fields);
			continue;
		}
		XGROW(out->rows, out->cap, out->n + 1);
		out->rows[out->n++] = row;
	}
	sbuf_free(&field);
	return 0;
}
