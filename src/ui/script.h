/* script.h — scripted input for tests and benchmarks (SAPXEP_SCRIPT).
 *
 * A script is a text file read line by line:
 *   # a comment, and blank lines, are ignored
 *   :save-display FILE   write the screen as text to FILE
 *   :resize COLS ROWS    resize the (virtual) terminal
 *   :hangup              behave as on SIGHUP (the connection dropped)
 *   :tick SECONDS        let that much time pass (drafts are written on time)
 *   anything else        keys: text is typed as it stands, <Name> is a
 *                        named key (<Enter> <Tab> <BTab> <Esc> <F1>..<F12>
 *                        <Up> <Down> <Left> <Right> <Home> <End> <PgUp>
 *                        <PgDn> <Ins> <Del> <BS> <Space> <C-a>..<C-z>,
 *                        <lt> for a literal '<'); the line end is no key.
 *                        <Esc> then a digit on the same line is F1..F10,
 *                        as from a terminal; on the next line it is not.
 * The keys go through the same input path as a terminal's.
 */
#ifndef SAPXEP_SCRIPT_H
#define SAPXEP_SCRIPT_H

#include "core/err.h"

enum script_op {
	SOP_KEY,
	SOP_SAVE_DISPLAY,
	SOP_RESIZE,
	SOP_HANGUP,
	SOP_TICK,
	SOP_END,
};

struct script_step {
	enum script_op op;
	int key;		/* SOP_KEY */
	int a, b;		/* SOP_RESIZE: cols, rows; SOP_TICK: seconds;
				 * SOP_KEY: a = 1 for the first key of a line */
	char *arg;		/* SOP_SAVE_DISPLAY: file; owned by the script */
};

struct script;

/* Read and check a whole script; errors name file:line. */
int script_open(const char *path, struct script **out, struct err *e);
void script_free(struct script *s);

/* The next step (borrowed) without taking it / taking it. SOP_END at the
 * end, for ever. */
const struct script_step *script_peek(struct script *s);
const struct script_step *script_next(struct script *s);

#endif
