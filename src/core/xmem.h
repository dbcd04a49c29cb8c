/* xmem.h — allocation that never returns NULL, and a growable byte buffer.
 *
 * On out-of-memory the registered hook runs (the TUI uses it to write the
 * draft being edited), a message goes to stderr and the process aborts:
 * there is no sensible way to continue, but the officer's input is kept.
 */
#ifndef SAPXEP_XMEM_H
#define SAPXEP_XMEM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
/* Resize to nmemb*size bytes, checking the multiplication for overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* Returns an owned copy; xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns an owned, formatted string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Free *pp and set it to NULL. Accepts NULL and *pp == NULL. */
void xfree(void *pp);

/* Called once before aborting on out-of-memory. */
void xmem_set_oom_hook(void (*hook)(void));

/* Grow an array `*arr` of `*cap` elements so that index `need-1` fits. */
#define XGROW(arr, cap, need) \
	do { \
		if ((size_t)(need) > (cap)) { \
			size_t ncap_ = (cap) ? (cap) * 2 : 8; \
			while (ncap_ < (size_t)(need)) \
				ncap_ *= 2; \
			(arr) = xreallocarray((arr), ncap_, sizeof *(arr)); \
			(cap) = ncap_; \
		} \
	} while (0)

/* A growable, always NUL-terminated byte buffer. Owns `s`. */
struct sbuf {
	char *s;
	size_t len;
	size_t cap;
};

#define SBUF_INIT { NULL, 0, 0 }

void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_reset(struct sbuf *b);	/* len = 0, keeps the memory */
/* Returns the string (never NULL) and gives up ownership; b is emptied. */
char *sbuf_detach(struct sbuf *b);
void sbuf_free(struct sbuf *b);
/* Current contents, "" when empty; borrowed. */
const char *sbuf_str(const struct sbuf *b);

/* Owned string lists (NULL-free arrays of owned strings). */
struct strv {
	char **v;
	size_t n;
	size_t cap;
};

#define STRV_INIT { NULL, 0, 0 }

void strv_push(struct strv *sv, const char *s);	/* copies s */
void strv_take(struct strv *sv, char *s);		/* takes ownership */
bool strv_has(const struct strv *sv, const char *s);
void strv_free(struct strv *sv);
/* Sort by strcmp (byte order). */
void strv_sort(struct strv *sv);

#endif
