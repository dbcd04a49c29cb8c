/* i18n.h — interface language.
 *
 * The program's own texts are English msgids translated with gettext
 * (po/vi.po). Texts that come from data (forms, rule packs) carry both
 * languages as `struct i18n`. Vietnamese is the default.
 */
#ifndef SAPXEP_I18N_H
#define SAPXEP_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

enum lang {
	LANG_VI = 0,
	LANG_EN = 1,
};

/* A text in both languages; both owned, either may be NULL. */
struct i18n {
	char *vi;
	char *en;
};

/* The text in `l`, else in the other language, else "". Borrowed. */
const char *i18n_get(const struct i18n *t, enum lang l);
void i18n_free(struct i18n *t);

/* Parse "vi" / "en"; returns 0 or -1. */
int lang_parse(const char *s, enum lang *out);
const char *lang_code(enum lang l);

/* Bind the message catalogue in `localedir` and select the language.
 * May be called again to switch. */
void i18n_init(const char *localedir, enum lang l);
enum lang lang_current(void);

#endif
