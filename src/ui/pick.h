/* pick.h — a pick list: choices of a select field, yes/no, or the
 * records a ref field can point to. Typing filters it (case and
 * diacritics ignored: "duc" finds "Đức"; spaces are typed like any
 * letter); Enter or Tab takes the item under the cursor (or, with several
 * allowed, the items ticked with F3 or Insert); Home and End go to the
 * first and last item.
 */
#ifndef SAPXEP_PICK_H
#define SAPXEP_PICK_H

#include <stdbool.h>

#include "ui/term.h"

struct pick_item {
	char *code;	/* the value it stands for; owned */
	char *label;	/* what is shown; owned */
	char *fold;	/* search key of the label; owned */
	bool on;	/* chosen (several allowed) */
};

struct pick {
	const char *title;	/* borrowed */
	bool multi;
	struct pick_item *v;
	size_t n, cap;
};

/* Append an item (copies code and label). */
void pick_add(struct pick *p, const char *code, const char *label, bool on);
void pick_free(struct pick *p);

/* Run the list over the body of the screen. `typed` (may be NULL) is
 * what was typed on the field, put in the filter; the cursor starts on
 * the item with code `current` (may be NULL). Returns the index of the
 * item taken (one allowed), 0 when accepted (several allowed: see
 * ->on), -1 when cancelled, -2 when the program must quit. */
int pick_run(struct ui *u, struct pick *p, const char *typed, const char *current);

#endif
