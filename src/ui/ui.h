/* ui.h — the terminal user interface (the only part that uses curses). */
#ifndef SAPXEP_UI_H
#define SAPXEP_UI_H

struct cli;

/* Run the TUI on the workspace chosen by c->data. Returns an exit code. */
int ui_run(struct cli *c);

#endif
