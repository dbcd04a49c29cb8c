/* form.h — a declarative form (screens/<name>.yaml) in memory.
 *
 * Forms are loaded by store/form_load.c and are read-only afterwards. A
 * formset owns its forms; a form owns its fields; a field borrows its
 * choice list from the form or from the formset's shared lists.
 */
#ifndef SAPXEP_FORM_H
#define SAPXEP_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"
#include "core/xmem.h"

enum ftype {
	FT_TEXT,
	FT_MULTILINE,
	FT_INTEGER,
	FT_DECIMAL,
	FT_DATE,
	FT_BOOLEAN,
	FT_SELECT_ONE,
	FT_SELECT_MULTIPLE,
	FT_REF,
};

/* Name as written in form files ("select_one"), and back (-1 if unknown). */
const char *ftype_name(enum ftype t);
int ftype_parse(const char *s);

struct choice {
	char *code;
	struct i18n label;
	struct strv tags;	/* filter tags; empty = always offered */
	char *fold;		/* search key of both labels and the code */
};

struct choice_list {
	char *name;
	struct i18n source;	/* where the list comes from (a resolution...) */
	struct choice *items;
	size_t n;
	char *path;		/* file it was read from */
};

/* A min/max bound: a number, a date (absolute or relative to today), or
 * the value of another field of the same record. */
enum bound_kind {
	BOUND_NONE,
	BOUND_NUMBER,
	BOUND_DATE,		/* `spec` is "2020-01-01", "today", "-16y"... */
	BOUND_FIELD,		/* `spec` is a field name */
};

struct bound {
	enum bound_kind kind;
	double num;
	char *spec;
};

/* `relevant`: the field is shown (and may be required) only when field
 * `field` has one of `values` (or, with `negate`, none of them). */
struct relevance {
	char *field;		/* NULL: always relevant */
	struct strv values;
	bool negate;
};

struct field {
	char *name;
	enum ftype type;
	struct i18n label;
	struct i18n hint;
	bool required;
	struct bound min, max;
	long max_length;	/* in characters; 0 = no limit */
	long min_items, max_items;	/* lists; 0 = no limit */
	char *choices_name;	/* the list's name as written */
	const struct choice_list *choices;	/* select fields; borrowed */
	char *choice_filter;	/* field whose value selects choices by tag */
	char *ref_form;		/* ref: the other form's name */
	bool ref_many;		/* ref: several records */
	struct relevance relevant;
	char *default_value;	/* literal default, canonical form */
	char *default_from;	/* "commune.region": taken from sapxep.yaml */
	/* default_map: the setting's value -> this field's default, in pairs
	 * (from[i] -> to[i]); empty: the setting's value itself */
	struct strv map_from, map_to;
	int line, col;		/* where it is defined, for messages */
};

struct form {
	char *name;
	int version;
	struct i18n title;
	char *folder;		/* workspace sub-folder of its records */
	struct strv display;	/* fields forming a record's display name */
	struct strv list;	/* list columns */
	struct strv identity;	/* fields that tell records apart to a person
				 * (an import's duplicate check); may be empty */
	struct field *fields;
	size_t nfields;
	struct choice_list *lists;	/* lists defined inside the form */
	size_t nlists;
	char *path;
};

struct formset {
	struct form **forms;
	size_t n;
	struct choice_list *lists;	/* shared lists from config/lists */
	size_t nlists;
	struct strv list_errors;	/* config/lists files left out, and why:
					 * not fatal (a later folder's list of
					 * the same name stands in, or none) */
};

const struct form *formset_get(const struct formset *fs, const char *name);
const struct form *formset_by_folder(const struct formset *fs, const char *folder);
const struct field *form_field(const struct form *f, const char *name);
int form_field_index(const struct form *f, const char *name);
const struct choice *choice_find(const struct choice_list *l, const char *code);
const struct choice_list *formset_list(const struct formset *fs, const char *name);

/* True when the choice is offered given the filter value (NULL = no
 * filter value yet: every choice is offered). */
bool choice_offered(const struct choice *c, const char *filter_value);

/* True when choice `code` of list l carries `tag` (false when l is NULL
 * or has no such choice). Tags give a choice its meaning to the program
 * (a merger stage's "after_consultation", "final", "closed"), so that the code
 * never names a choice. */
bool choice_has_tag(const struct choice_list *l, const char *code, const char *tag);

void form_free(struct form *f);
void formset_free(struct formset *fs);
void choice_list_clear(struct choice_list *l);

#endif
