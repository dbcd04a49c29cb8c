/* keys.c — see keys.h */
#include "ui/keys.h"
#include "core/editbuf.h"
#include "core/i18n.h"
#include "core/text.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct binding {
	unsigned ctx;
	int key;
	enum action act;
};

/* Order matters: the first binding that matches a screen's contexts
 * wins, so the more specific contexts come first. */
static const struct binding bindings[] = {
	/* everywhere */
	{ KC_GLOBAL, UK_KEY(KEY_F(1)), ACT_HELP },
	{ KC_GLOBAL, 27, ACT_BACK },
	{ KC_GLOBAL, UK_KEY(KEY_F(10)), ACT_BACK },
	{ KC_GLOBAL, UK_CTRL('l'), ACT_REDRAW },
	{ KC_GLOBAL, UK_CTRL('z'), ACT_SUSPEND },
	/* the versions sync kept (before the form's keys: Enter chooses) */
	{ KC_VERSIONS, '\r', ACT_CHOOSE },
	{ KC_VERSIONS, '\n', ACT_CHOOSE },
	{ KC_VERSIONS, UK_KEY(KEY_ENTER), ACT_CHOOSE },
	{ KC_VERSIONS, '1', ACT_CHOOSE },
	{ KC_VERSIONS, '2', ACT_CHOOSE },
	{ KC_VERSIONS, '3', ACT_CHOOSE },
	{ KC_VERSIONS, '4', ACT_CHOOSE },
	{ KC_VERSIONS, '5', ACT_CHOOSE },
	{ KC_VERSIONS, '6', ACT_CHOOSE },
	{ KC_VERSIONS, '7', ACT_CHOOSE },
	{ KC_VERSIONS, '8', ACT_CHOOSE },
	{ KC_VERSIONS, '9', ACT_CHOOSE },
	{ KC_VERSIONS, UK_KEY(KEY_LEFT), ACT_PREV_VERSION },
	{ KC_VERSIONS, UK_KEY(KEY_UP), ACT_PREV_VERSION },
	{ KC_VERSIONS, UK_KEY(KEY_BTAB), ACT_PREV_VERSION },
	{ KC_VERSIONS, UK_KEY(KEY_RIGHT), ACT_NEXT_VERSION },
	{ KC_VERSIONS, UK_KEY(KEY_DOWN), ACT_NEXT_VERSION },
	{ KC_VERSIONS, '\t', ACT_NEXT_VERSION },
	{ KC_VFIELD, 'e', ACT_BY_HAND },
	{ KC_VRECORD, 'k', ACT_KEEP },
	{ KC_VRECORD, 'd', ACT_DELETE },
	/* a form */
	{ KC_CONFLICT, UK_KEY(KEY_F(6)), ACT_VERSIONS },
	{ KC_SAVE, UK_KEY(KEY_F(2)), ACT_SAVE },
	{ KC_SAVE, UK_CTRL('s'), ACT_SAVE },
	{ KC_LINES, UK_CTRL('j'), ACT_NEWLINE },	/* before Ctrl-J as Enter */
	{ KC_FORM, '\t', ACT_NEXT },
	{ KC_FORM, '\r', ACT_NEXT },
	{ KC_FORM, '\n', ACT_NEXT },
	{ KC_FORM, UK_KEY(KEY_ENTER), ACT_NEXT },
	{ KC_FORM, UK_KEY(KEY_DOWN), ACT_NEXT },
	{ KC_FORM, UK_KEY(KEY_BTAB), ACT_PREV },
	{ KC_FORM, UK_KEY(KEY_UP), ACT_PREV },
	{ KC_FORM, UK_KEY(KEY_PPAGE), ACT_PGUP },
	{ KC_FORM, UK_KEY(KEY_NPAGE), ACT_PGDN },
	/* a list being filtered: F7 again widens it to every column */
	{ KC_LFILTER, UK_KEY(KEY_F(7)), ACT_FILTER_WIDE },
	/* a pick list, or a list being filtered */
	/* ticking has keys of its own: Space types a space in the filter */
	{ KC_MULTI, UK_KEY(KEY_F(3)), ACT_TOGGLE },
	{ KC_MULTI, UK_KEY(KEY_IC), ACT_TOGGLE },
	{ KC_PICK, '\r', ACT_ACCEPT },
	{ KC_PICK, '\t', ACT_ACCEPT },	/* Tab moves on, as Enter does */
	{ KC_PICK, '\n', ACT_ACCEPT },
	{ KC_PICK, UK_KEY(KEY_ENTER), ACT_ACCEPT },
	{ KC_PICK | KC_LIST | KC_VIEW | KC_MENU | KC_QUOTA, UK_KEY(KEY_UP), ACT_UP },
	{ KC_PICK | KC_LIST | KC_VIEW | KC_MENU | KC_QUOTA, UK_KEY(KEY_DOWN), ACT_DOWN },
	{ KC_PICK | KC_LIST | KC_VIEW | KC_QUOTA, UK_KEY(KEY_PPAGE), ACT_PGUP },
	{ KC_PICK | KC_LIST | KC_VIEW | KC_QUOTA, UK_KEY(KEY_NPAGE), ACT_PGDN },
	{ KC_PICK, UK_KEY(KEY_HOME), ACT_FIRST },	/* before typing's Home */
	{ KC_PICK, UK_KEY(KEY_END), ACT_LAST },
	/* a choice, yes/no or record field of a form (not typing) */
	{ KC_CHOICE, ' ', ACT_PICK },
	{ KC_CHOICE, UK_KEY(KEY_F(4)), ACT_PICK },
	{ KC_CHOICE, UK_KEY(KEY_BACKSPACE), ACT_CLEAR },
	{ KC_CHOICE, 127, ACT_CLEAR },
	{ KC_CHOICE, UK_KEY(KEY_DC), ACT_CLEAR },
	{ KC_CHOICE, UK_CTRL('u'), ACT_CLEAR },
	/* typing */
	{ KC_EDIT, UK_KEY(KEY_LEFT), ACT_CHAR_LEFT },
	{ KC_EDIT, UK_CTRL('b'), ACT_CHAR_LEFT },
	{ KC_EDIT, UK_KEY(KEY_RIGHT), ACT_CHAR_RIGHT },
	{ KC_EDIT, UK_CTRL('f'), ACT_CHAR_RIGHT },
	{ KC_EDIT, UK_KEY(KEY_HOME), ACT_LINE_START },
	{ KC_EDIT, UK_CTRL('a'), ACT_LINE_START },
	{ KC_EDIT, UK_KEY(KEY_END), ACT_LINE_END },
	{ KC_EDIT, UK_CTRL('e'), ACT_LINE_END },
	{ KC_EDIT, UK_KEY(KEY_BACKSPACE), ACT_DEL_BACK },
	{ KC_EDIT, 127, ACT_DEL_BACK },
	{ KC_EDIT, UK_CTRL('h'), ACT_DEL_BACK },
	{ KC_EDIT, UK_KEY(KEY_DC), ACT_DEL_CHAR },
	{ KC_EDIT, UK_CTRL('d'), ACT_DEL_CHAR },
	{ KC_EDIT, UK_CTRL('k'), ACT_KILL_END },
	{ KC_EDIT, UK_CTRL('u'), ACT_KILL_START },
	{ KC_EDIT, UK_CTRL('w'), ACT_KILL_WORD },
	/* lists, the dashboard and views */
	{ KC_PLANNER, '\r', ACT_APPLY },
	{ KC_PLANNER, '\n', ACT_APPLY },
	{ KC_PLANNER, UK_KEY(KEY_ENTER), ACT_APPLY },
	{ KC_PLANNER, 'a', ACT_APPLY },
	{ KC_QUOTA, '\r', ACT_DETAILS },
	{ KC_QUOTA, '\n', ACT_DETAILS },
	{ KC_QUOTA, UK_KEY(KEY_ENTER), ACT_DETAILS },
	{ KC_QUOTA, 's', ACT_SUPPORT },
	{ KC_SYNC, 's', ACT_SYNC },
	{ KC_LIST | KC_MENU | KC_DOC, '\r', ACT_OPEN },
	{ KC_LIST | KC_MENU | KC_DOC, '\n', ACT_OPEN },
	{ KC_LIST | KC_MENU | KC_DOC, UK_KEY(KEY_ENTER), ACT_OPEN },
	{ KC_MENU, 'q', ACT_QUOTA },
	{ KC_MENU, 'r', ACT_REVIEW },
	{ KC_REVIEW, 'p', ACT_PLAN },
	{ KC_MENU, '1', ACT_MENU_ITEM },
	{ KC_MENU, '2', ACT_MENU_ITEM },
	{ KC_MENU, '3', ACT_MENU_ITEM },
	{ KC_MENU, '4', ACT_MENU_ITEM },
	{ KC_MENU, '5', ACT_MENU_ITEM },
	{ KC_LIST | KC_VIEW | KC_QUOTA, UK_KEY(KEY_HOME), ACT_FIRST },
	{ KC_LIST | KC_VIEW | KC_QUOTA, UK_KEY(KEY_END), ACT_LAST },
	{ KC_VIEW, ' ', ACT_PGDN },
	{ KC_VIEW, UK_KEY(KEY_LEFT), ACT_SCROLL_LEFT },
	{ KC_VIEW, UK_KEY(KEY_RIGHT), ACT_SCROLL_RIGHT },
	{ KC_RECORDS, 'n', ACT_NEW },
	{ KC_RECORDS, UK_KEY(KEY_IC), ACT_NEW },
	{ KC_RECORDS, UK_KEY(KEY_F(8)), ACT_DELETE },
	{ KC_RECORDS, UK_KEY(KEY_DC), ACT_DELETE },
	{ KC_LIST, '/', ACT_FILTER },
	{ KC_LIST, UK_KEY(KEY_F(7)), ACT_FILTER },
	{ KC_LIST, 's', ACT_SORT },
	{ KC_LIST, 'S', ACT_SORT_REVERSE },
};

#define NBIND (sizeof bindings / sizeof *bindings)

#define UI_ACT_BAR(name, bar, help) bar,
static const char *const bar_label[] = { UI_ACTIONS(UI_ACT_BAR) };
#define UI_ACT_HELP(name, bar, help) help,
static const char *const help_text[] = { UI_ACTIONS(UI_ACT_HELP) };

enum action keys_action(unsigned ctx, int key)
{
	for (size_t i = 0; i < NBIND; i++)
		if ((bindings[i].ctx & ctx) && bindings[i].key == key)
			return bindings[i].act;
	return ACT_NONE;
}

int keys_edit(struct editbuf *b, enum action a)
{
	switch (a) {
	case ACT_CHAR_LEFT:
		eb_left(b);
		return 0;
	case ACT_CHAR_RIGHT:
		eb_right(b);
		return 0;
	case ACT_LINE_START:
		eb_home(b);
		return 0;
	case ACT_LINE_END:
		eb_end(b);
		return 0;
	case ACT_DEL_BACK:
		return eb_backspace(b);
	case ACT_DEL_CHAR:
		return eb_delete(b);
	case ACT_KILL_END:
		return eb_kill_end(b);
	case ACT_KILL_START:
		return eb_kill_start(b);
	case ACT_KILL_WORD:
		return eb_kill_word(b);
	default:
		return -1;
	}
}

void keys_define_terminal(void)
{
	static const struct {
		const char *seq;
		int key;
	} seqs[] = {
		/* PuTTY's default function keys (ESC [n~) */
		{ "\033[11~", KEY_F(1) }, { "\033[12~", KEY_F(2) },
		{ "\033[13~", KEY_F(3) }, { "\033[14~", KEY_F(4) },
		/* VT100 PF1-PF4, whatever terminfo says */
		{ "\033OP", KEY_F(1) }, { "\033OQ", KEY_F(2) },
		{ "\033OR", KEY_F(3) }, { "\033OS", KEY_F(4) },
		/* Linux console F1-F5 */
		{ "\033[[A", KEY_F(1) }, { "\033[[B", KEY_F(2) },
		{ "\033[[C", KEY_F(3) }, { "\033[[D", KEY_F(4) },
		{ "\033[[E", KEY_F(5) },
		/* Home and End: PuTTY/linux (1~ 4~), rxvt (7~ 8~), xterm both modes */
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
		{ "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
		{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
		/* Shift-Tab, and the editing keys of VT220-style keyboards */
		{ "\033[Z", KEY_BTAB },
		{ "\033[2~", KEY_IC }, { "\033[3~", KEY_DC },
		{ "\033[5~", KEY_PPAGE }, { "\033[6~", KEY_NPAGE },
	};
	for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++)
		if (key_defined(seqs[i].seq) == 0)
			define_key(seqs[i].seq, seqs[i].key);
}

int keys_esc_digit(int key)
{
	if (key >= '1' && key <= '9')
		return UK_KEY(KEY_F(key - '0'));
	if (key == '0')
		return UK_KEY(KEY_F(10));
	return -1;
}

/* Script name, name shown in help, key. */
static const struct {
	const char *script;
	const char *shown;
	int key;
} names[] = {
	{ "Enter", "Enter", '\r' },
	/* '\n' is Ctrl-J (Enter sends '\r' in raw mode, without nl()) */
	{ "Enter", "Enter", UK_KEY(KEY_ENTER) },
	{ "Tab", "Tab", '\t' },
	{ "BTab", "Shift-Tab", UK_KEY(KEY_BTAB) },
	{ "Esc", "Esc", 27 },
	{ "Space", "Space", ' ' },
	{ "BS", "Backspace", 127 },
	{ "Backspace", "Backspace", UK_KEY(KEY_BACKSPACE) },
	{ "Up", "Up", UK_KEY(KEY_UP) },
	{ "Down", "Down", UK_KEY(KEY_DOWN) },
	{ "Left", "Left", UK_KEY(KEY_LEFT) },
	{ "Right", "Right", UK_KEY(KEY_RIGHT) },
	{ "Home", "Home", UK_KEY(KEY_HOME) },
	{ "End", "End", UK_KEY(KEY_END) },
	{ "PgUp", "PgUp", UK_KEY(KEY_PPAGE) },
	{ "PgDn", "PgDn", UK_KEY(KEY_NPAGE) },
	{ "Ins", "Insert", UK_KEY(KEY_IC) },
	{ "Del", "Delete", UK_KEY(KEY_DC) },
	{ "lt", "<", '<' },
};

#define NNAMES (sizeof names / sizeof *names)

static void name_of(int key, bool shown, char *buf, size_t size)
{
	for (size_t i = 0; i < NNAMES; i++)
		if (names[i].key == key) {
			snprintf(buf, size, "%s", shown ? names[i].shown : names[i].script);
			return;
		}
	if (key >= UK_KEY(KEY_F(1)) && key <= UK_KEY(KEY_F(12)))
		snprintf(buf, size, "F%d", key - UK_KEY(KEY_F(0)));
	else if (key > 0 && key < 32)
		snprintf(buf, size, shown ? "Ctrl-%c" : "C-%c", shown ? key + '@' : key + '`');
	else if (key >= UK_BASE)
		snprintf(buf, size, "key%d", key - UK_BASE);
	else if (key >= 32) {
		char *v = NULL;
		char u[8] = { 0 };
		if (key < 128)
			u[0] = (char)key;
		v = text_visible(u, false);
		snprintf(buf, size, "%s", v);
		free(v);
	} else {
		snprintf(buf, size, "?");
	}
}

void keys_name(int key, char *buf, size_t size)
{
	name_of(key, false, buf, size);
}

int keys_parse(const char *name)
{
	for (size_t i = 0; i < NNAMES; i++)
		if (strcmp(names[i].script, name) == 0)
			return names[i].key;
	if (name[0] == 'F' && name[1] >= '1' && name[1] <= '9') {
		int n = 0;
		for (const char *p = name + 1; *p; p++) {
			if (*p < '0' || *p > '9')
				return -1;
			n = n * 10 + (*p - '0');
		}
		return n >= 1 && n <= 12 ? UK_KEY(KEY_F(n)) : -1;
	}
	if (name[0] == 'C' && name[1] == '-' && name[2] && !name[3]) {
		char c = name[2];
		if (c >= 'a' && c <= 'z')
			return UK_CTRL(c);
		if (c >= 'A' && c <= 'Z')
			return UK_CTRL(c - 'A' + 'a');
	}
	return -1;
}

static bool digit_name(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && !s[1];
}

/* names joined by ", ", a run of three digits or more as "1-9". */
static void join_names(const struct strv *sv, struct sbuf *out)
{
	for (size_t i = 0; i < sv->n; i++) {
		size_t j = i;
		while (digit_name(sv->v[i]) && j + 1 < sv->n && digit_name(sv->v[j + 1]) &&
		    sv->v[j + 1][0] == sv->v[j][0] + 1)
			j++;
		if (out->len)
			sbuf_adds(out, ", ");
		if (j >= i + 2) {
			sbuf_printf(out, "%s-%s", sv->v[i], sv->v[j]);
			i = j;
		} else {
			sbuf_adds(out, sv->v[i]);
		}
	}
}

/* The names of the keys bound to `act` in ctx, joined by ", ". */
static void keys_of(unsigned ctx, enum action act, struct sbuf *out)
{
	struct strv seen = STRV_INIT;
	for (size_t i = 0; i < NBIND; i++) {
		if (!(bindings[i].ctx & ctx) || bindings[i].act != act)
			continue;
		/* a key taken by an earlier binding does not do this here */
		if (keys_action(ctx, bindings[i].key) != act)
			continue;
		/* Ctrl-J is named only where it is not simply Enter */
		if (bindings[i].key == '\n' && keys_action(ctx, '\r') == act)
			continue;
		char name[32];
		name_of(bindings[i].key, true, name, sizeof name);
		for (int pass = 0; pass < 2; pass++) {
			if (!strv_has(&seen, name))
				strv_push(&seen, name);
			/* Esc 1 ... Esc 0 work as F1 ... F10 */
			int k = bindings[i].key;
			if (pass || k < UK_KEY(KEY_F(1)) || k > UK_KEY(KEY_F(10)))
				break;
			snprintf(name, sizeof name, "Esc %d", (k - UK_KEY(KEY_F(0))) % 10);
		}
	}
	join_names(&seen, out);
	strv_free(&seen);
}

void keys_help(unsigned ctx, struct strv *out)
{
	for (int a = 1; a < ACT_COUNT; a++) {
		struct sbuf k = SBUF_INIT;
		keys_of(ctx, (enum action)a, &k);
		if (k.len) {
			int pad = 26 - text_width(sbuf_str(&k));
			strv_take(out, xasprintf("  %s%*s %s", sbuf_str(&k), pad > 0 ? pad : 1, "",
			    _(help_text[a])));
		}
		sbuf_free(&k);
	}
}

char *keys_bar(unsigned ctx)
{
	struct sbuf b = SBUF_INIT;
	for (int a = 1; a < ACT_COUNT; a++) {
		if (!bar_label[a])
			continue;
		for (size_t i = 0; i < NBIND; i++) {
			if (!(bindings[i].ctx & ctx) || bindings[i].act != (enum action)a ||
			    keys_action(ctx, bindings[i].key) != (enum action)a)
				continue;
			char name[32];
			name_of(bindings[i].key, true, name, sizeof name);
			sbuf_printf(&b, "%s%s %s", b.len ? "  " : "", name, _(bar_label[a]));
			break;
		}
	}
	return sbuf_detach(&b);
}
