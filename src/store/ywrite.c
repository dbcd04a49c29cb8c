/* ywrite.c — see ywrite.h. One of the two files that include <yaml.h>. */
#include "store/ywrite.h"
#include "core/i18n.h"
#include "core/xmem.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

struct yw {
	yaml_emitter_t em;
	struct sbuf out;
	FILE *stream;		/* streaming writers write here instead */
	bool failed;
};

static int write_cb(void *data, unsigned char *buf, size_t size)
{
	struct yw *w = data;
	if (w->stream)
		return fwrite(buf, 1, size, w->stream) == size;
	sbuf_add(&w->out, (const char *)buf, size);
	return 1;
}

static void emit(struct yw *w, yaml_event_t *ev, int ok)
{
	if (!ok) {
		w->failed = true;
		return;
	}
	if (w->failed) {
		yaml_event_delete(ev);
		return;
	}
	if (!yaml_emitter_emit(&w->em, ev))
		w->failed = true;
}

static struct yw *make(FILE *stream)
{
	struct yw *w = xcalloc(1, sizeof *w);
	w->stream = stream;
	yaml_emitter_initialize(&w->em);
	yaml_emitter_set_output(&w->em, write_cb, w);
	yaml_emitter_set_unicode(&w->em, 1);
	yaml_emitter_set_indent(&w->em, 2);
	yaml_emitter_set_width(&w->em, -1);
	yaml_emitter_set_break(&w->em, YAML_LN_BREAK);
	yaml_event_t ev;
	emit(w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	return w;
}

struct yw *yw_new(void)
{
	return make(NULL);
}

struct yw *yw_new_stream(FILE *out)
{
	return make(out);
}

void yw_map_begin(struct yw *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    YAML_BLOCK_MAPPING_STYLE));
}

void yw_map_end(struct yw *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

void yw_seq_begin(struct yw *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    YAML_BLOCK_SEQUENCE_STYLE));
}

void yw_seq_end(struct yw *w)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

/* Words that some YAML reader (1.1 or 1.2) resolves to a boolean or a
 * null when written plain, in any case. */
static const char *const reserved[] = {
	"y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan",
	"inf", NULL,
};

/* Characters some YAML reader takes as a line break or a byte order mark
 * (NEL, LINE and PARAGRAPH SEPARATOR, BOM), or that must not stand raw in
 * a file (control characters other than a line feed): only an escape in
 * double quotes keeps them. */
static bool needs_escape(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7F)
			return true;
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0)
			return true;	/* C1 controls, NEL among them */
		if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
			return true;
		if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
			return true;
	}
	return false;
}

bool yw_plain_safe(const char *s)
{
	size_t n = strlen(s);
	if (n == 0)
		return false;
	/* indicators, and anything that may start a number, a date, a merge
	 * key (<<) or a YAML 1.1 value key (=) */
	if (strchr("-?:,[]{}#&*!|>'\"%@`~+.=<0123456789 ", s[0]))
		return false;
	if (s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	if (needs_escape(s))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			return false;
		if (c == ':' && s[i + 1] == ' ')
			return false;
		if (c == '#' && i > 0 && s[i - 1] == ' ')
			return false;
	}
	for (int i = 0; reserved[i]; i++)
		if (strcasecmp(s, reserved[i]) == 0)
			return false;
	return true;
}

static void scalar(struct yw *w, const char *s, yaml_scalar_style_t style,
    bool plain_implicit)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)s, (int)strlen(s), plain_implicit, 1, style));
}

void yw_text(struct yw *w, const char *s)
{
	if (yw_plain_safe(s))
		scalar(w, s, YAML_PLAIN_SCALAR_STYLE, true);
	else if (needs_escape(s))
		scalar(w, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE, false);
	else if (strchr(s, '\n'))
		scalar(w, s, YAML_LITERAL_SCALAR_STYLE, false);
	else
		scalar(w, s, YAML_SINGLE_QUOTED_SCALAR_STYLE, false);
}

void yw_plain(struct yw *w, const char *s)
{
	scalar(w, s, YAML_PLAIN_SCALAR_STYLE, true);
}

void yw_pair(struct yw *w, const char *key, const char *value)
{
	if (!value)
		return;
	yw_text(w, key);
	yw_text(w, value);
}

void yw_pair_plain(struct yw *w, const char *key, const char *value)
{
	if (!value)
		return;
	yw_text(w, key);
	yw_plain(w, value);
}

int yw_finish(struct yw *w, char **out, size_t *len, struct err *e)
{
	yaml_event_t ev;
	emit(w, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(w, &ev, yaml_stream_end_event_initialize(&ev));
	int r = 0;
	if (w->failed || !yaml_emitter_flush(&w->em)) {
		r = err_set(e, E_INVALID, _("cannot write YAML: %s"),
		    w->em.problem ? w->em.problem : _("unknown problem"));
		sbuf_free(&w->out);
	} else if (out) {
		*len = w->out.len;
		*out = sbuf_detach(&w->out);
	}
	yaml_emitter_delete(&w->em);
	free(w);
	return r;
}

void yw_abort(struct yw *w)
{
	if (!w)
		return;
	yaml_emitter_delete(&w->em);
	sbuf_free(&w->out);
	free(w);
}
