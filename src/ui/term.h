/* term.h — the terminal under the TUI: set-up and teardown, keys in
 * (from the terminal or a script), drawing by display width, the title
 * and status lines, questions, and the shared state of the screens.
 *
 * Layout: row 0 is the title, rows 1..LINES-3 the body, LINES-2 the hint
 * line, LINES-1 the status line. Below 80x24 only a "terminal too small"
 * line is drawn; what was typed is kept, and keys do nothing but resize,
 * Ctrl-L and F10 (leave; the typing kept as a draft). Nothing written to the terminal
 * ever holds a raw control character (text_visible).
 */
#ifndef SAPXEP_TERM_H
#define SAPXEP_TERM_H

#include <stdbool.h>

#include "cli/cli.h"
#include "ui/keys.h"

#define TERM_MIN_COLS 80
#define TERM_MIN_ROWS 24

enum role {
	R_NORMAL,
	R_TITLE,	/* title bar */
	R_SEL,		/* the line under the cursor */
	R_ERROR,	/* errors: always with a "!" marker too */
	R_WARN,		/* warnings: always with a "?" marker too */
	R_OK,
	R_HEAD,		/* column headers, labels */
	R_KEY,		/* key names, questions */
	R_COUNT
};

enum quit {
	QUIT_NONE,
	QUIT_USER,	/* the officer left */
	QUIT_HANGUP,	/* SIGHUP: the connection dropped */
	QUIT_TERM,	/* SIGTERM / SIGINT */
	QUIT_EIO,	/* the terminal vanished (read error) */
	QUIT_SCRIPT,	/* the script ended */
};

enum msgkind { MSG_INFO, MSG_OK, MSG_ERROR };

struct script;

struct ui {
	struct cli *cli;
	struct workspace *ws;	/* the commune open; NULL in the province view */
	struct db *db;
	bool readonly;		/* a commune opened from the province view */
	char *place;		/* the title's place when no commune is open; owned */
	/* terminal */
	void *scr;		/* SCREEN * */
	void *scr_in, *scr_out;	/* FILE * of a scripted run */
	struct script *script;
	bool color;
	bool full;		/* the next paint redraws everything */
	int pending;		/* a key read ahead (after Esc), or 0 */
	int fast_errors;	/* read errors in a row that came at once */
	long ticks;		/* seconds added by the script's :tick */
	enum quit quit;
	int sig;		/* the signal behind QUIT_HANGUP / QUIT_TERM */
	/* status line */
	char msg[512];
	enum msgkind msgkind;
	bool keep_msg;		/* the next form opened keeps the message */
	/* the screen on top, to repaint it under a question */
	void (*paint)(void *data);
	void *paint_data;
	/* the record being edited, written to a draft on hang-up or OOM */
	void (*flush)(void *data);
	void *flush_data;
	/* files changed under the interface (watch.h) */
	const struct workspace *watch_ws;	/* the workspace watched */
	unsigned long long watch_sig;	/* what its folders looked like */
	unsigned long long watch_cfg;	/* what sapxep.yaml looked like; 0: not yet */
	bool watch_racy;	/* they changed too recently to be sure */
	double watch_at;	/* when last looked at (term_clock) */
	unsigned long db_gen;	/* one more each time u->db is loaded again */
};

/* Set up the terminal (or the virtual one of SAPXEP_SCRIPT). */
int term_open(struct ui *u, struct err *e);
void term_close(struct ui *u);

/* The next key (see keys.h), waiting at most a fraction of a second:
 * UK_IDLE when none came, UK_RESIZE when the screen must be repainted
 * whole (resize, Ctrl-L, back from Ctrl-Z), UK_QUIT when the program
 * must leave (u->quit says why). Esc followed by a digit is F1..F10. */
int term_key(struct ui *u);

/* A key already typed, without waiting: UK_IDLE when there is none, and
 * always in a scripted run (its keys are typed ahead); UK_QUIT when the
 * program must leave. For work that polls while it runs (a sync). */
int term_key_now(struct ui *u);

/* Seconds on a clock that only goes forward (plus the script's ticks). */
double term_clock(const struct ui *u);

/* True when the terminal is below 80x24; then it has drawn the notice. */
bool term_small(struct ui *u);

/* Start painting a screen: false when the terminal is too small (the
 * notice is drawn); else clears it when u->full asks for it, and draws
 * the title line. */
bool term_begin(struct ui *u, const char *where);

/* Scroll *top so that line `cur` is among the `rows` lines shown. */
void term_keep_in_view(size_t cur, size_t *top, size_t rows);

/* Body rows: the first one and how many. */
int term_body_top(void);
int term_body_rows(void);

/* Draw s at (y, x) in at most w columns, cut by display width, control
 * characters shown escaped. Returns the columns used. term_fill pads
 * the rest of the w columns with spaces. */
int term_put(int y, int x, int w, const char *s, enum role r);
void term_fill(int y, int x, int w, const char *s, enum role r);

/* The title line: "sapxep · <commune> › where", marked when read-only. */
void term_title(struct ui *u, const char *where);
/* A message for the status line (kept until the next one). */
void term_msg(struct ui *u, enum msgkind k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An error as the status line shows it: when a system call failed, its
 * reason first ("No space left on device — cannot write /long/path..."),
 * so that 80 columns show what to do about it. Owned. */
char *term_err_text(const struct err *e);
/* The status line: the message, then the key bar of ctx. */
void term_status(struct ui *u, unsigned ctx);
/* The hint line (row LINES-2). */
void term_hint(const char *s, enum role r);

/* Show the cursor at (y, x), or hide it when y < 0; then send what
 * changed to the terminal (wnoutrefresh + doupdate: only the cells that
 * differ travel). */
void term_update(int y, int x);

/* A whole screen was sent before the program is ready for keys (the
 * dashboard of the last run, the records still loading): noted as
 * "<ns> shown <bytes>" in SAPXEP_SCRIPT_TIMES; nothing otherwise. */
void term_shown(struct ui *u);

/* Ask on the status line, `detail` (may be NULL) on the hint line above
 * it. answers[i] is the set of letters that picks
 * answer i. Returns i, -1 for Esc/F10, -2 when the program must quit. */
int term_choose(struct ui *u, const char *detail, const char *question,
    const char *const *answers, int n);

/* Repaint the screen on top (u->paint) after a question or a resize. */
void term_repaint(struct ui *u);

/* A screen takes the top with term_push, which returns the one below it
 * (to repaint under questions and after a resize), and gives it back
 * with term_pop when it leaves. Both make the next paint a full one. */
struct term_layer {
	void (*paint)(void *data);
	void *data;
};
struct term_layer term_push(struct ui *u, void (*paint)(void *data), void *data);
void term_pop(struct ui *u, struct term_layer below);

#endif
