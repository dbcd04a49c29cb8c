/* form.c — see form.h */
#include "model/form.h"

#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
	[FT_TEXT] = "text",
	[FT_MULTILINE] = "multiline",
	[FT_INTEGER] = "integer",
	[FT_DECIMAL] = "decimal",
	[FT_DATE] = "date",
	[FT_BOOLEAN] = "boolean",
	[FT_SELECT_ONE] = "select_one",
	[FT_SELECT_MULTIPLE] = "select_multiple",
	[FT_REF] = "ref",
};

const char *ftype_name(enum ftype t)
{
	return type_names[t];
}

int ftype_parse(const char *s)
{
	for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
		if (strcmp(type_names[i], s) == 0)
			return (int)i;
	return -1;
}

const struct form *formset_get(const struct formset *fs, const char *name)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->forms[i]->name, name) == 0)
			return fs->forms[i];
	return NULL;
}

const struct form *formset_by_folder(const struct formset *fs, const char *folder)
{
	for (size_t i = 0; i < fs->n; i++)
		if (strcmp(fs->forms[i]->folder, folder) == 0)
			return fs->forms[i];
	return NULL;
}

int form_field_index(const struct form *f, const char *name)
{
	/* the first byte first (see record.c's find) */
	for (size_t i = 0; i < f->nfields; i++)
		if (f->fields[i].name[0] == name[0] && strcmp(f->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct field *form_field(const struct form *f, const char *name)
{
	int i = form_field_index(f, name);
	return i < 0 ? NULL : &f->fields[i];
}

const struct choice *choice_find(const struct choice_list *l, const char *code)
{
	if (!l)
		return NULL;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].code[0] == code[0] && strcmp(l->items[i].code, code) == 0)
			return &l->items[i];
	return NULL;
}

const struct choice_list *formset_list(const struct formset *fs, const char *name)
{
	for (size_t i = 0; i < fs->nlists; i++)
		if (strcmp(fs->lists[i].name, name) == 0)
			return &fs->lists[i];
	return NULL;
}

bool choice_offered(const struct choice *c, const char *filter_value)
{
	if (!filter_value || !*filter_value || c->tags.n == 0)
		return true;
	return strv_has(&c->tags, filter_value);
}

bool choice_has_tag(const struct choice_list *l, const char *code, const char *tag)
{
	const struct choice *c = l && code ? choice_find(l, code) : NULL;
	return c && strv_has(&c->tags, tag);
}

void choice_list_clear(struct choice_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].code);
		i18n_free(&l->items[i].label);
		strv_free(&l->items[i].tags);
		free(l->items[i].fold);
	}
	free(l->items);
	free(l->name);
	free(l->path);
	i18n_free(&l->source);
	memset(l, 0, sizeof *l);
}

static void field_clear(struct field *f)
{
	free(f->name);
	i18n_free(&f->label);
	i18n_free(&f->hint);
	free(f->min.spec);
	free(f->max.spec);
	free(f->choice_filter);
	free(f->choices_name);
	free(f->ref_form);
	free(f->relevant.field);
	strv_free(&f->relevant.values);
	free(f->default_value);
	free(f->default_from);
	strv_free(&f->map_from);
	strv_free(&f->map_to);
}

void form_free(struct form *f)
{
	if (!f)
		return;
	free(f->name);
	i18n_free(&f->title);
	free(f->folder);
	strv_free(&f->display);
	strv_free(&f->identity);
	strv_free(&f->list);
	for (size_t i = 0; i < f->nfields; i++)
		field_clear(&f->fields[i]);
	free(f->fields);
	for (size_t i = 0; i < f->nlists; i++)
		choice_list_clear(&f->lists[i]);
	free(f->lists);
	free(f->path);
	free(f);
}

void formset_free(struct formset *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->n; i++)
		form_free(fs->forms[i]);
	free(fs->forms);
	for (size_t i = 0; i < fs->nlists; i++)
		choice_list_clear(&fs->lists[i]);
	free(fs->lists);
	strv_free(&fs->list_errors);
	free(fs);
}
