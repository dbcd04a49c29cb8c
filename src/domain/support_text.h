/* support_text.h — the sentences of the Decree 154/2025 support
 * (support.h), in the interface language (gettext; the field names from
 * the staff form). For `sapxep support` and the quota screen's `s`.
 *
 * Lines are appended to a strv the caller owns; they may hold names from
 * record files: pass them through text_visible() before a terminal. A
 * person's first line starts in the first column, the others are
 * indented by two spaces.
 */
#ifndef SAPXEP_SUPPORT_TEXT_H
#define SAPXEP_SUPPORT_TEXT_H

#include "core/dates.h"
#include "core/xmem.h"
#include "domain/support.h"
#include "model/form.h"

/* "Nghị định 154/2025/NĐ-CP, Điều 9 khoản 1 điểm a (A)", with
 * " [chưa chắc chắn]" for grades C, D and X. Owned; "" without a fact. */
char *support_cite(const struct fact_value *fv);

/* What is missing, the form's field names joined by ", " (f: the staff
 * form, may be NULL). Owned. */
char *support_missing_text(const struct support_person *p, const struct form *f);

/* The article in words: "Điều 9 (cấp xã)". Owned. */
char *support_article_text(const struct support_person *p);

/* One person: the name and article, P, the service, each part with its
 * article, the total; or "cannot be computed: missing …". */
void support_person_lines(const struct support_person *p, const struct form *f,
    struct strv *out);

/* The whole list: a heading (the date when leave is not NULL), each
 * person, and the commune's total with how many could not be computed. */
void support_list_lines(const struct support_list *l, const struct form *f,
    const struct date *leave, struct strv *out);

/* The total line alone. Owned. */
char *support_total_text(const struct support_list *l);

#endif
