/* editbuf.h — a one-line UTF-8 editing buffer (no terminal here).
 *
 * The cursor is a byte offset that always sits on a grapheme-cluster
 * boundary; movement and deletion go by grapheme, never by byte. Text is
 * kept NFC as it is typed, so an input method that sends a base letter
 * and then combining marks ("e" U+0302 U+0303) yields the precomposed
 * "ễ". Rendering maps each grapheme to what is safe to show (control
 * characters as visible escapes, see text_visible) and scrolls
 * horizontally so that the cursor stays in view. The buffer owns `s`.
 */
#ifndef SAPXEP_EDITBUF_H
#define SAPXEP_EDITBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/xmem.h"

struct editbuf {
	char *s;		/* NUL-terminated, never NULL after eb_init */
	size_t len, cap;
	size_t cur;		/* cursor, byte offset on a grapheme boundary */
	size_t scroll;		/* first byte shown (a grapheme boundary) */
	size_t max_chars;	/* refuse input past this many code points; 0: none */
};

void eb_init(struct editbuf *b);
void eb_free(struct editbuf *b);
/* Replace the text (copied; NULL means ""), cursor at the end. */
void eb_set(struct editbuf *b, const char *s);
/* Borrowed current text. */
const char *eb_str(const struct editbuf *b);

/* Insert UTF-8 text at the cursor; the cursor moves past it. Returns -1
 * (and changes nothing) when s is not valid UTF-8 or the text would pass
 * max_chars. */
int eb_insert(struct editbuf *b, const char *s);
/* Insert one code point. Same return. */
int eb_insert_cp(struct editbuf *b, uint32_t cp);

/* Cursor movement; each returns true when something moved or changed. */
bool eb_left(struct editbuf *b);
bool eb_right(struct editbuf *b);
bool eb_home(struct editbuf *b);
bool eb_end(struct editbuf *b);
/* Delete the grapheme before / under the cursor. */
bool eb_backspace(struct editbuf *b);
bool eb_delete(struct editbuf *b);
/* Ctrl-K: delete to the end; Ctrl-U: delete to the start; Ctrl-W: delete
 * the word before the cursor (and the spaces after it). */
bool eb_kill_end(struct editbuf *b);
bool eb_kill_start(struct editbuf *b);
bool eb_kill_word(struct editbuf *b);

/* What to show in a field `cols` columns wide: the visible text of the
 * part in view (appended to out) and the cursor's column in it. Adjusts
 * b->scroll so that the cursor is in view. Returns the width used. */
int eb_render(struct editbuf *b, int cols, struct sbuf *out, int *cursor_col);

/* Display width of s[from..to) as eb_render shows it (control characters
 * counted as their visible escapes). */
int eb_width(const char *s, size_t from, size_t to);

#endif
