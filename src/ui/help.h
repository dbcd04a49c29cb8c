/* help.h — the help screen (F1), generated from the key table (keys.h)
 * for the screen it is called from, followed by the current field's
 * label and hint in full. */
#ifndef SAPXEP_HELP_H
#define SAPXEP_HELP_H

#include "model/form.h"
#include "ui/term.h"

/* Show the keys of the contexts ctx; fd (may be NULL) is the current
 * field, whose hint is shown in full. */
void help_show(struct ui *u, unsigned ctx, const struct field *fd);

/* Append s to out as lines of at most `cols` display columns, broken at
 * spaces, each prefixed by `indent`. */
void help_wrap(const char *s, int cols, const char *indent, struct strv *out);

#endif
