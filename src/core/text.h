/* text.h — Unicode text handling on top of utf8proc.
 *
 * Every string here is UTF-8. Functions returning `char *` return an owned
 * string the caller frees. Widths are terminal columns, lengths are code
 * points; cursor movement is by grapheme cluster, never by byte.
 */
#ifndef SAPXEP_TEXT_H
#define SAPXEP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 with no NUL byte. On failure
 * *bad (if not NULL) is the byte offset of the first bad sequence. */
bool text_valid(const char *s, size_t n, size_t *bad);

/* NFC-normalised copy, or NULL when s is not valid UTF-8. */
char *text_nfc(const char *s);

/* True when s is already NFC. */
bool text_is_nfc(const char *s);

/* Search key: NFC, case-folded, diacritics removed, đ/Đ folded to d, runs
 * of white space collapsed to one space, trimmed. "Nguyễn Văn Đức" and
 * "nguyen van duc" give the same key. NULL on invalid UTF-8. */
char *text_fold(const char *s);

/* True when every word of the folded needle occurs in the folded haystack,
 * in order ("ng duc" matches "nguyen van duc"). Both must be fold keys. */
bool text_fold_match(const char *hay_key, const char *needle_key);

/* Number of code points. */
size_t text_chars(const char *s);

/* Display width in columns of a string without control characters. */
int text_width(const char *s);

/* Display width of the n bytes at s. */
int text_width_n(const char *s, size_t n);

/* Byte offset of the grapheme cluster after / before offset `off`. */
size_t text_next(const char *s, size_t len, size_t off);
size_t text_prev(const char *s, size_t len, size_t off);

/* How many leading bytes of s fit in `cols` columns without splitting a
 * grapheme cluster; *width (if not NULL) gets their width. */
size_t text_fit(const char *s, int cols, int *width);

/* True when s holds a control character (C0 other than those allowed,
 * DEL, C1) or a bidirectional override. `multiline` admits line feeds
 * and tabs (a note pasted from a spreadsheet). */
bool text_has_controls(const char *s, bool multiline);

/* A copy that is safe to write to a terminal or a text report: control
 * characters become visible escapes (ESC -> "^[", DEL -> "^?", C1 and
 * bidi overrides -> "<U+202E>"), newlines become "⏎" unless keep_newlines,
 * invalid bytes become U+FFFD. */
char *text_visible(const char *s, bool keep_newlines);

/* Copy with leading and trailing white space removed. */
char *text_trim(const char *s);

#endif
