/* help.c — see help.h */
#include "ui/help.h"
#include "ui/textview.h"
#include "core/text.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

void help_wrap(const char *s, int cols, const char *indent, struct strv *out)
{
	struct sbuf line = SBUF_INIT;
	const char *p = s;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t n = strcspn(p, " \n");
		char *word = xstrndup(p, n);
		if (line.len && text_width(sbuf_str(&line)) + 1 + text_width(word) > cols) {
			strv_take(out, xasprintf("%s%s", indent, sbuf_str(&line)));
			sbuf_reset(&line);
		}
		if (line.len)
			sbuf_addc(&line, ' ');
		sbuf_adds(&line, word);
		free(word);
		p += n;
		if (*p == '\n') {
			strv_take(out, xasprintf("%s%s", indent, sbuf_str(&line)));
			sbuf_reset(&line);
			p++;
		}
	}
	if (line.len)
		strv_take(out, xasprintf("%s%s", indent, sbuf_str(&line)));
	sbuf_free(&line);
}

void help_show(struct ui *u, unsigned ctx, const struct field *fd)
{
	struct strv lines = STRV_INIT;
	enum lang l = lang_current();
	if (fd) {
		strv_take(&lines, xasprintf(_("This field: %s"), i18n_get(&fd->label, l)));
		const char *hint = i18n_get(&fd->hint, l);
		if (*hint)
			help_wrap(hint, COLS - 6, "  ", &lines);
		if (fd->required)
			strv_push(&lines, _("  Required: the record stays incomplete without it."));
		if (fd->type == FT_DATE)
			strv_push(&lines, _("  Type the date as day/month/year: 28/11/2026."));
		strv_push(&lines, "");
	}
	strv_push(&lines, _("Keys on this screen:"));
	keys_help(ctx, &lines);
	strv_push(&lines, "");
	strv_push(&lines, _("F-keys can also be typed as Esc then a digit (Esc 1 = F1, Esc 0 = F10)."));
	textview_show(u, _("Help"), &lines);
	strv_free(&lines);
}
