/* term.c — see term.h */
#include "ui/term.h"
#include "ui/help.h"
#include "ui/script.h"
#include "core/text.h"
#include "store/fsutil.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#define TICK_MS 250		/* the input loop wakes this often */
#define ESC_WAIT_MS 300		/* how long Esc waits for a digit */
#define FAST_ERRORS_MAX 50	/* read errors in a row, each at once: the terminal is gone */

static volatile sig_atomic_t got_signal;
static attr_t attrs[R_COUNT];
/* SAPXEP_SCRIPT_TIMES: when each key of a script is taken, when the
 * program waits for the next one and when a screen was shown before it
 * could (for `make bench`); NULL otherwise */
static FILE *times_out;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a blocked read returns */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void colours(struct ui *u)
{
	const char *nc = getenv("NO_COLOR");
	u->color = !(nc && *nc) && has_colors() && start_color() == OK;
	if (!u->color) {
		/* monochrome: attributes only; errors also carry "!" */
		attrs[R_NORMAL] = A_NORMAL;
		attrs[R_TITLE] = A_REVERSE;
		attrs[R_SEL] = A_REVERSE;
		attrs[R_ERROR] = A_BOLD;
		attrs[R_WARN] = A_BOLD;
		attrs[R_OK] = A_NORMAL;
		attrs[R_HEAD] = A_BOLD;
		attrs[R_KEY] = A_BOLD;
		return;
	}
	short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
	short fg = bg < 0 ? -1 : COLOR_WHITE;
	init_pair(1, COLOR_WHITE, COLOR_BLUE);
	init_pair(2, COLOR_RED, bg);
	init_pair(3, COLOR_YELLOW, bg);
	init_pair(4, COLOR_GREEN, bg);
	init_pair(5, COLOR_BLACK, COLOR_CYAN);
	init_pair(6, COLOR_CYAN, bg);
	init_pair(7, fg, bg);
	attrs[R_NORMAL] = COLOR_PAIR(7);
	attrs[R_TITLE] = COLOR_PAIR(1) | A_BOLD;
	attrs[R_SEL] = COLOR_PAIR(5);
	attrs[R_ERROR] = COLOR_PAIR(2) | A_BOLD;
	attrs[R_WARN] = COLOR_PAIR(3) | A_BOLD;
	attrs[R_OK] = COLOR_PAIR(4);
	attrs[R_HEAD] = COLOR_PAIR(6) | A_BOLD;
	attrs[R_KEY] = A_BOLD;
}

int term_open(struct ui *u, struct err *e)
{
	const char *sp = getenv("SAPXEP_SCRIPT");
	SCREEN *scr;
	if (sp && *sp) {
		if (script_open(sp, &u->script, e) != 0)
			return -1;
		/* an in-memory terminal: drawn as usual, shown nowhere (or
		 * its bytes kept in SAPXEP_SCRIPT_TTY, to measure them) */
		const char *tty = getenv("SAPXEP_SCRIPT_TTY");
		u->scr_out = fopen(tty && *tty ? tty : "/dev/null", "w");
		u->scr_in = fopen("/dev/null", "r");
		if (!u->scr_out || !u->scr_in)
			return err_sys(e, E_IO, "/dev/null");
		const char *times = getenv("SAPXEP_SCRIPT_TIMES");
		if (times && *times) {
			times_out = fopen(times, "w");
			if (!times_out)
				return err_sys(e, E_IO, _("cannot write %s"), times);
			/* written at the end, not while being timed */
			setvbuf(times_out, NULL, _IOFBF, 1 << 20);
		}
		const char *t = getenv("TERM");
		scr = NULL;
		if (t && *t && strcmp(t, "dumb") != 0)
			scr = newterm(t, u->scr_out, u->scr_in);
		if (!scr)
			scr = newterm("xterm", u->scr_out, u->scr_in);
		if (!scr)
			return err_set(e, E_IO, _("no terminal description for a scripted run"));
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			return err_set(e, E_USAGE,
			    _("the full-screen interface needs a terminal; the commands work without one (sapxep --help)"));
		const char *t = getenv("TERM");
		scr = newterm(NULL, stdout, stdin);
		if (!scr)
			return err_set(e, E_USAGE,
			    _("the terminal type '%s' is unknown here; try TERM=xterm-256color (or vt100)"),
			    t ? t : "");
	}
	u->scr = scr;
	set_term(scr);
	if (u->script)
		resizeterm(TERM_MIN_ROWS, TERM_MIN_COLS);
	/* raw: Ctrl-S, Ctrl-C and Ctrl-Z reach us instead of freezing or
	 * killing the program */
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	if (!getenv("ESCDELAY"))
		set_escdelay(100);
	keys_define_terminal();
	colours(u);
	curs_set(0);
	signals();
	u->full = true;
	return 0;
}

void term_close(struct ui *u)
{
	if (u->scr) {
		curs_set(1);
		endwin();
		delscreen(u->scr);
		u->scr = NULL;
	}
	if (u->scr_out)
		fclose(u->scr_out);
	if (u->scr_in)
		fclose(u->scr_in);
	u->scr_out = u->scr_in = NULL;
	if (times_out)
		fclose(times_out);
	times_out = NULL;
	script_free(u->script);
	u->script = NULL;
}

double term_clock(const struct ui *u)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 + (double)u->ticks;
}

/* The virtual screen as text, one line per row, trailing blanks cut. */
static void save_display(const char *path)
{
	struct sbuf b = SBUF_INIT;
	for (int y = 0; y < LINES; y++) {
		size_t start = b.len;
		for (int x = 0; x < COLS; x++) {
			cchar_t c;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			if (mvwin_wch(stdscr, y, x, &c) == ERR ||
			    getcchar(&c, wch, &a, &pair, NULL) == ERR || !wch[0]) {
				sbuf_addc(&b, ' ');
				continue;
			}
			for (int i = 0; i < CCHARW_MAX && wch[i]; i++) {
				char mb[MB_LEN_MAX];
				mbstate_t st;
				memset(&st, 0, sizeof st);
				size_t n = wcrtomb(mb, wch[i], &st);
				if (n != (size_t)-1)
					sbuf_add(&b, mb, n);
			}
			if (wcwidth(wch[0]) > 1)
				x++;
		}
		while (b.len > start && b.s[b.len - 1] == ' ')
			b.len--;
		sbuf_addc(&b, '\n');
	}
	fs_write_atomic(path, sbuf_str(&b), b.len, 0644, false, NULL);
	sbuf_free(&b);
}

static int check_signal(struct ui *u)
{
	if (!got_signal)
		return 0;
	u->sig = got_signal;
	u->quit = got_signal == SIGHUP ? QUIT_HANGUP : QUIT_TERM;
	return UK_QUIT;
}

/* wget_wch, decoding UTF-8 here: after a byte that cannot start a
 * character (a terminal set to another charset, line noise), ncurses
 * would wait for the rest of it, swallowing up to a dozen keys typed next
 * and then dropping them all. Here such a byte is U+FFFD at once, and the
 * keys after it are kept. */
static int read_wch(wint_t *wc)
{
	int c = wgetch(stdscr);
	if (c == ERR)
		return ERR;
	*wc = (wint_t)c;
	if (c >= KEY_MIN)
		return KEY_CODE_YES;
	if (c < 0x80)
		return OK;
	int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 :
	    c >= 0xF0 && c <= 0xF4 ? 3 : 0;
	unsigned long cp = (unsigned long)c & (0x3Fu >> need);
	*wc = 0xFFFD;
	/* the rest of a character comes with it; wait a little, as for Esc */
	wtimeout(stdscr, ESC_WAIT_MS);
	for (int i = 0; i < need; i++) {
		int d = wgetch(stdscr);
		if (d == ERR)
			return OK;
		if (d < 0x80 || d > 0xBF) {
			ungetch(d);	/* not part of it: the next key */
			return OK;
		}
		cp = cp << 6 | ((unsigned long)d & 0x3F);
	}
	/* overlong forms, surrogates and past U+10FFFF stay U+FFFD */
	if (need && !((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)))
		*wc = (wint_t)cp;
	return OK;
}

/* A line of the timing log: "<ns> <event> <n>" on the monotonic clock,
 * which other processes share (the benchmark's start time). */
static void time_mark(const char *event, long n)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(times_out, "%lld %s %ld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec,
	    event, n);
}

void term_shown(struct ui *u)
{
	if (!times_out)
		return;
	FILE *out = u->scr_out;
	fflush(out);
	time_mark("shown", (long)lseek(fileno(out), 0, SEEK_CUR));
}

/* The script's next key, or what else it asks for. */
static int script_key(struct ui *u)
{
	if (times_out) {
		/* the screen is up to date: what reached the terminal so far */
		FILE *out = u->scr_out;
		fflush(out);
		time_mark("wait", (long)lseek(fileno(out), 0, SEEK_CUR));
	}
	for (;;) {
		const struct script_step *st = script_next(u->script);
		switch (st->op) {
		case SOP_KEY:
			if (times_out)
				time_mark("key", st->key);
			return st->key;
		case SOP_SAVE_DISPLAY:
			save_display(st->arg);
			continue;
		case SOP_RESIZE:
			resizeterm(st->b, st->a);
			return UK_RESIZE;
		case SOP_HANGUP:
			got_signal = SIGHUP;
			return check_signal(u);
		case SOP_TICK:
			u->ticks += st->a;
			return UK_IDLE;
		case SOP_END:
			u->quit = QUIT_SCRIPT;
			return UK_QUIT;
		}
	}
}

/* One key from the script or the terminal, waiting at most ms. */
static int raw_key(struct ui *u, int ms)
{
	if (u->quit)
		return UK_QUIT;
	if (check_signal(u))
		return UK_QUIT;
	if (u->pending) {
		int k = u->pending;
		u->pending = 0;
		return k;
	}
	if (u->script)
		return script_key(u);
	wtimeout(stdscr, ms);
	wint_t wc = 0;
	double t0 = term_clock(u);
	errno = 0;
	int r = read_wch(&wc);
	if (r == KEY_CODE_YES) {
		u->fast_errors = 0;
		return wc == KEY_RESIZE ? UK_RESIZE : UK_KEY((int)wc);
	}
	if (r == OK) {
		u->fast_errors = 0;
		return (int)wc;
	}
	if (check_signal(u))
		return UK_QUIT;
	/* ERR is a timeout, unless the terminal has gone: EIO, or errors
	 * that come back at once again and again (never busy-loop) */
	int err = errno;
	if (err == EIO || err == ENXIO || err == EBADF || err == ENOTTY)
		u->fast_errors = FAST_ERRORS_MAX;
	else if (term_clock(u) - t0 < ms / 4000.0)
		u->fast_errors++;
	else
		u->fast_errors = 0;
	if (u->fast_errors >= FAST_ERRORS_MAX) {
		u->quit = QUIT_EIO;
		return UK_QUIT;
	}
	return UK_IDLE;
}

/* Esc then a digit: a function key, for terminals whose F-keys do not
 * come through. */
static int esc_digit(struct ui *u)
{
	if (u->script) {
		const struct script_step *st = script_peek(u->script);
		if (st->op == SOP_KEY && !st->a && keys_esc_digit(st->key) >= 0)
			return keys_esc_digit(script_next(u->script)->key);
		return 27;
	}
	int k = raw_key(u, ESC_WAIT_MS);
	if (k == UK_IDLE)
		return 27;
	if (keys_esc_digit(k) >= 0)
		return keys_esc_digit(k);
	if (k == UK_QUIT)
		return k;
	u->pending = k;
	return 27;
}

int term_key_now(struct ui *u)
{
	if (u->script)
		return u->quit ? UK_QUIT : UK_IDLE;
	return raw_key(u, 0);
}

int term_key(struct ui *u)
{
	int k = raw_key(u, TICK_MS);
	if (k == 27)
		k = esc_digit(u);
	if (k == UK_RESIZE) {
		u->full = true;
		return k;
	}
	if (k < 0)
		return k;
	if (k == UK_CTRL('c')) {
		/* raw mode: Ctrl-C is a key, and it must not lose any typing */
		term_msg(u, MSG_INFO, _("Ctrl-C does nothing here: Esc or F10 goes back, F2 saves"));
		return UK_IDLE;
	}
	switch (keys_action(KC_GLOBAL, k)) {
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		u->full = true;
		return UK_RESIZE;
	case ACT_SUSPEND:
		if (!u->script) {
			def_prog_mode();
			endwin();
			raise(SIGTSTP);
			reset_prog_mode();
			clearok(curscr, TRUE);
		}
		u->full = true;
		return UK_RESIZE;
	default:
		break;
	}
	if (COLS < TERM_MIN_COLS || LINES < TERM_MIN_ROWS) {
		/* nothing acts unseen: only resizing, Ctrl-L (above) and F10
		 * (leaving, the typing kept as a draft) work here */
		if (keys_action(KC_GLOBAL, k) == ACT_BACK && k != 27) {
			u->quit = QUIT_USER;
			return UK_QUIT;
		}
		return UK_IDLE;
	}
	return k;
}

bool term_begin(struct ui *u, const char *where)
{
	if (term_small(u))
		return false;
	if (u->full)
		erase();
	u->full = false;
	term_title(u, where);
	return true;
}

void term_keep_in_view(size_t cur, size_t *top, size_t rows)
{
	if (cur < *top)
		*top = cur;
	if (rows && cur >= *top + rows)
		*top = cur - rows + 1;
}

int term_body_top(void)
{
	return 1;
}

int term_body_rows(void)
{
	return LINES - 3;
}

bool term_small(struct ui *u)
{
	if (COLS >= TERM_MIN_COLS && LINES >= TERM_MIN_ROWS)
		return false;
	erase();
	char *s = xasprintf(_("Terminal too small: %dx%d, needs %dx%d. Nothing is lost."),
	    COLS, LINES, TERM_MIN_COLS, TERM_MIN_ROWS);
	struct strv lines = STRV_INIT;
	help_wrap(s, COLS - 1, "", &lines);
	help_wrap(_("Keys do nothing until the window is bigger. F10 leaves the program; what was typed is kept as a draft."),
	    COLS - 1, "", &lines);
	for (size_t i = 0; i < lines.n && (int)i < LINES; i++)
		term_put((int)i, 0, COLS, lines.v[i], i ? R_NORMAL : R_ERROR);
	strv_free(&lines);
	free(s);
	u->full = true;	/* repaint whole once it is big enough */
	return true;
}

int term_put(int y, int x, int w, const char *s, enum role r)
{
	if (w <= 0 || y < 0 || y >= LINES || x >= COLS || !s)
		return 0;
	if (x + w > COLS)
		w = COLS - x;
	char *v = text_visible(s, false);
	int used;
	size_t n = text_fit(v, w, &used);
	attrset(attrs[r]);
	mvaddnstr(y, x, v, (int)n);
	attrset(A_NORMAL);
	free(v);
	return used;
}

void term_fill(int y, int x, int w, const char *s, enum role r)
{
	if (x + w > COLS)
		w = COLS - x;
	int used = term_put(y, x, w, s ? s : "", r);
	if (used < w && y >= 0 && y < LINES)
		mvwhline(stdscr, y, x + used, ' ' | attrs[r], w - used);
}

void term_title(struct ui *u, const char *where)
{
	const struct ws_config *c = u->ws ? &u->ws->cfg : NULL;
	struct sbuf b = SBUF_INIT;
	if (c) {
		sbuf_printf(&b, " sapxep · %s", c->commune_name ? c->commune_name : "");
		if (c->commune_class)
			sbuf_printf(&b, _(" (class %s)"), c->commune_class);
	} else {
		sbuf_printf(&b, " sapxep · %s", u->place ? u->place : "");
	}
	if (u->readonly)
		sbuf_printf(&b, " [%s]", _("READ-ONLY"));
	if (where && *where)
		sbuf_printf(&b, " › %s", where);
	term_fill(0, 0, COLS, sbuf_str(&b), R_TITLE);
	sbuf_free(&b);
}

void term_msg(struct ui *u, enum msgkind k, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
	u->msgkind = k;
}

char *term_err_text(const struct err *e)
{
	if (!e->sys_errno)
		return xstrdup(e->msg);
	const char *why = strerror(e->sys_errno);
	size_t n = strlen(e->msg), w = strlen(why), cut = n;
	/* err_sys put ": <reason>" at the end: it moves to the front */
	if (n >= w + 2 && strcmp(e->msg + n - w, why) == 0 &&
	    strncmp(e->msg + n - w - 2, ": ", 2) == 0)
		cut = n - w - 2;
	return xasprintf("%s — %.*s", why, (int)cut, e->msg);
}

void term_status(struct ui *u, unsigned ctx)
{
	int y = LINES - 1;
	char *bar = keys_bar(ctx);
	int bw = text_width(bar);
	int x = 0;
	if (u->msg[0]) {
		char *m = xasprintf("%s%s", u->msgkind == MSG_ERROR ? "! " : "", u->msg);
		int room = COLS - 1;
		if (text_width(m) + bw + 3 <= COLS)
			room = COLS - bw - 2;
		else
			bw = 0;	/* the message matters more than the key bar */
		x = term_put(y, 0, room, m, u->msgkind == MSG_ERROR ? R_ERROR :
		    u->msgkind == MSG_OK ? R_OK : R_NORMAL);
		free(m);
	}
	int bx = COLS - bw - 1;
	if (bx < x + 2)
		bx = x + 2;
	if (x < COLS)
		mvwhline(stdscr, y, x, ' ', COLS - x);
	if (bw)
		term_put(y, bx, COLS - bx - 1, bar, R_KEY);
	free(bar);
}

void term_hint(const char *s, enum role r)
{
	term_fill(LINES - 2, 0, COLS, s, r);
}

void term_update(int y, int x)
{
	if (y >= 0) {
		move(y, x);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

void term_repaint(struct ui *u)
{
	u->full = true;
	if (term_small(u))
		return;
	if (u->paint)
		u->paint(u->paint_data);
}

struct term_layer term_push(struct ui *u, void (*paint)(void *data), void *data)
{
	struct term_layer below = { u->paint, u->paint_data };
	u->paint = paint;
	u->paint_data = data;
	u->full = true;
	return below;
}

void term_pop(struct ui *u, struct term_layer below)
{
	u->paint = below.paint;
	u->paint_data = below.data;
	u->full = true;
}

int term_choose(struct ui *u, const char *detail, const char *question,
    const char *const *answers, int n)
{
	for (;;) {
		if (!term_small(u)) {
			if (u->full)
				term_repaint(u);
			if (detail)
				term_hint(detail, R_KEY);
			term_fill(LINES - 1, 0, COLS, question, R_KEY);
		}
		term_update(-1, 0);
		int k = term_key(u);
		if (k == UK_QUIT)
			return -2;
		if (k < 0)
			continue;
		if (keys_action(KC_GLOBAL, k) == ACT_BACK)
			return -1;
		for (int i = 0; i < n; i++)
			if (k > 0 && k < 128 && strchr(answers[i], k))
				return i;
	}
}
