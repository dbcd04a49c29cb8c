/* keys.h — the one table of actions and key bindings.
 *
 * Every screen turns a key into an action through keys_action(); the
 * help screen and the key bar are generated from the same table, so they
 * cannot drift from what the keys do. Keys are Unicode code points
 * (control characters included) or curses key codes offset by UK_BASE so
 * that they never collide with a code point.
 */
#ifndef SAPXEP_KEYS_H
#define SAPXEP_KEYS_H

#include <stdbool.h>

#include "core/xmem.h"

#define UK_BASE 0x110000		/* past the last code point */
#define UK_KEY(k) (UK_BASE + (k))	/* a curses KEY_* code */
#define UK_IDLE (-1)			/* no key in time */
#define UK_RESIZE (-2)			/* repaint everything (resize, Ctrl-L, resume) */
#define UK_QUIT (-3)			/* leave now: see ui->quit */
#define UK_CTRL(c) ((c) & 0x1f)

/* Where a binding applies; a screen asks with the union of its contexts. */
enum {
	KC_GLOBAL = 1 << 0,	/* everywhere */
	KC_MENU = 1 << 1,	/* the dashboard */
	KC_LIST = 1 << 2,	/* a form's list */
	KC_FORM = 1 << 3,	/* a form */
	KC_EDIT = 1 << 4,	/* typing in a text field or a filter */
	KC_PICK = 1 << 5,	/* a pick list */
	KC_VIEW = 1 << 6,	/* help, text and table views */
	KC_MULTI = 1 << 7,	/* a multi-select pick list */
	KC_CHOICE = 1 << 8,	/* on a choice, yes/no or record field of a form */
	KC_RECORDS = 1 << 9,	/* a form's list, records may be added and deleted */
	KC_SAVE = 1 << 10,	/* a form that may be saved (not read-only) */
	KC_DOC = 1 << 11,	/* a view with items to open (the review) */
	KC_QUOTA = 1 << 12,	/* the quota screen */
	KC_REVIEW = 1 << 13,	/* the hamlet review */
	KC_PLANNER = 1 << 14,	/* the merge planner (not read-only) */
	KC_SYNC = 1 << 15,	/* the Sync screen */
	KC_CONFLICT = 1 << 16,	/* a form whose record is in conflict */
	KC_VERSIONS = 1 << 17,	/* the versions sync kept, side by side */
	KC_VFIELD = 1 << 18,	/* ... of a field */
	KC_VRECORD = 1 << 19,	/* ... of a record edited here, deleted there */
	KC_LINES = 1 << 20,	/* typing in a multi-line text field */
	KC_LFILTER = 1 << 21,	/* typing in a list's filter */
};

/* X(name, short label for the key bar (or NULL), help text) */
#define UI_ACTIONS(X) \
	X(NONE, NULL, NULL) \
	X(HELP, N_("Help"), N_("Help: these keys, and the current field's hint")) \
	X(SAVE, N_("Save"), N_("Save the record")) \
	X(BACK, N_("Back"), N_("Back / quit (asks first when there are unsaved changes)")) \
	X(REDRAW, NULL, N_("Redraw the screen")) \
	X(SUSPEND, NULL, N_("Suspend (type fg to come back)")) \
	X(OPEN, NULL, N_("Open")) \
	X(MENU_ITEM, NULL, N_("Open the numbered entry")) \
	X(NEXT, NULL, N_("Next field")) \
	X(PREV, NULL, N_("Previous field")) \
	X(UP, NULL, N_("Move up")) \
	X(DOWN, NULL, N_("Move down")) \
	X(PGUP, NULL, N_("Page up")) \
	X(PGDN, NULL, N_("Page down")) \
	X(FIRST, NULL, N_("First line")) \
	X(LAST, NULL, N_("Last line")) \
	X(SCROLL_LEFT, NULL, N_("Scroll left")) \
	X(SCROLL_RIGHT, NULL, N_("Scroll right")) \
	X(NEW, N_("New"), N_("New record")) \
	X(DELETE, N_("Delete"), N_("Delete the record (asks first)")) \
	X(FILTER, N_("Filter"), N_("Filter: type to narrow the list by name (case and diacritics ignored)")) \
	X(FILTER_WIDE, N_("All columns"), N_("Filter on every column, or on the name column again")) \
	X(SORT, N_("Sort"), N_("Sort by the next column")) \
	X(SORT_REVERSE, NULL, N_("Reverse the sort order")) \
	X(PICK, N_("Choose"), N_("Open the pick list of a choice, yes/no or record field")) \
	X(CLEAR, NULL, N_("Clear the field")) \
	X(ACCEPT, NULL, N_("Take the choice, close the list and go to the next field")) \
	X(TOGGLE, N_("Tick"), N_("Tick / untick the item (several allowed); Space types a space")) \
	X(CHAR_LEFT, NULL, N_("Cursor left")) \
	X(CHAR_RIGHT, NULL, N_("Cursor right")) \
	X(LINE_START, NULL, N_("Cursor to the start")) \
	X(LINE_END, NULL, N_("Cursor to the end")) \
	X(DEL_BACK, NULL, N_("Delete the character before the cursor")) \
	X(DEL_CHAR, NULL, N_("Delete the character under the cursor")) \
	X(KILL_END, NULL, N_("Delete to the end")) \
	X(KILL_START, NULL, N_("Delete to the start")) \
	X(KILL_WORD, NULL, N_("Delete the word before the cursor")) \
	X(NEWLINE, N_("New line"), N_("New line (in a field of several lines, shown as ⏎)")) \
	X(QUOTA, N_("Quota"), N_("The staff plan against the quotas and funds")) \
	X(REVIEW, N_("Review"), N_("The hamlet review: standards, proposals, votes")) \
	X(PLAN, N_("Planner"), N_("The merge planner: suggested mergers")) \
	X(APPLY, N_("Make proposal"), N_("Make the suggestion a draft proposal, and open it")) \
	X(DETAILS, N_("Details"), N_("The unit's figures and their rules in full")) \
	X(SUPPORT, N_("Support"), N_("The Decree 154/2025 support of each person who leaves")) \
	X(SYNC, N_("Sync"), N_("Sync now: send and receive the changes")) \
	X(VERSIONS, N_("Versions"), N_("The versions sync kept, side by side: choose one")) \
	X(PREV_VERSION, NULL, N_("The version on the left")) \
	X(NEXT_VERSION, NULL, N_("The version on the right")) \
	X(CHOOSE, N_("Choose"), N_("Choose this version (or the one of that number)")) \
	X(BY_HAND, N_("By hand"), N_("Keep the form's value, to edit it by hand")) \
	X(KEEP, N_("Keep"), N_("Keep the record, with its edits"))

#define UI_ACT_ENUM(name, bar, help) ACT_##name,
enum action { UI_ACTIONS(UI_ACT_ENUM) ACT_COUNT };
#undef UI_ACT_ENUM

/* The action bound to `key` in any of the contexts `ctx`; ACT_NONE if none. */
enum action keys_action(unsigned ctx, int key);

struct editbuf;
/* Apply an editing action (cursor movement, deletion) to b: 1 when the
 * text changed, 0 when only the cursor moved (or nothing could be done),
 * -1 when `a` is no editing action. Typing is left to the caller. */
int keys_edit(struct editbuf *b, enum action a);

/* Teach curses the sequences terminals send that terminfo may not know
 * (PuTTY's F1-F4 and Home/End, rxvt's Home/End, Shift-Tab). */
void keys_define_terminal(void);

/* Map a digit typed right after Esc to a function key (Esc 1 = F1 ...
 * Esc 0 = F10); -1 when `key` is no digit. */
int keys_esc_digit(int key);

/* The key's name as the script language writes it ("F2", "C-s", "Enter")
 * into buf (at least 16 bytes). */
void keys_name(int key, char *buf, size_t size);
/* Parse a script key name; -1 if unknown. */
int keys_parse(const char *name);

/* Help lines for the contexts `ctx`: one line per action, its keys and
 * what it does, translated; appended to out (owned copies). */
void keys_help(unsigned ctx, struct strv *out);

/* The key bar: "F1 Help  F2 Save ..." for ctx, translated. Owned. */
char *keys_bar(unsigned ctx);

#endif
