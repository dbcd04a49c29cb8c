/* dashcache.c — see dashcache.h */
#include "store/dashcache.h"
#include "core/text.h"
#include "store/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAGIC "sapxep dashboard 1"
#define CACHE_MAX (256u * 1024u)
/* A change this recent may hide another within the file system clock's
 * resolution (a kernel tick: 1 to 10 ms), unseen by a stat */
#define RACY_SECONDS 0.02

void dash_figures_free(struct dash_figures *f)
{
	strv_free(&f->forms);
	strv_free(&f->alerts);
	free(f->counts);
	free(f->from);
	memset(f, 0, sizeof *f);
}

bool dash_figures_same(const struct dash_figures *a, const struct dash_figures *b)
{
	if (a->forms.n != b->forms.n || a->alerts.n != b->alerts.n ||
	    a->conflicts != b->conflicts || a->errors != b->errors ||
	    a->pack_errors != b->pack_errors)
		return false;
	for (size_t i = 0; i < a->forms.n; i++)
		if (strcmp(a->forms.v[i], b->forms.v[i]) != 0 ||
		    memcmp(a->counts[i], b->counts[i], sizeof a->counts[i]) != 0)
			return false;
	for (size_t i = 0; i < a->alerts.n; i++)
		if (strcmp(a->alerts.v[i], b->alerts.v[i]) != 0 || a->from[i] != b->from[i])
			return false;
	return true;
}

/* --- the key ------------------------------------------------------------- */

struct sig {
	uint64_t h;		/* what is hashed in order */
	struct timespec newest;	/* the latest change looked at */
};

static void look_at(struct sig *s, const char *path)
{
	s->h = fs_sig_bytes(s->h, path, strlen(path) + 1);
	s->h = fs_sig_path(s->h, path, &s->newest);
}

/* Every entry of a folder (and, `depth` levels down, of its folders),
 * each with its stat; in readdir's order, which need not be stable. */
static void look_in(struct sig *s, const char *dir, int depth)
{
	look_at(s, dir);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	uint64_t sum = 0, n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		struct stat st;
		uint64_t h = fs_sig_bytes(FS_SIG_INIT, de->d_name, strlen(de->d_name) + 1);
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			h = fs_sig_bytes(h, "", 1);
		} else {
			h = fs_sig_stat(h, &st, &s->newest);
			if (depth > 0 && S_ISDIR(st.st_mode) && de->d_name[0] != '.') {
				char *sub = path_join(dir, de->d_name);
				look_in(s, sub, depth - 1);
				free(sub);
			}
		}
		sum += h;
		n++;
	}
	closedir(d);
	uint64_t both[2] = { sum, n };
	s->h = fs_sig_bytes(s->h, both, sizeof both);
}

uint64_t dashcache_key(const struct workspace *ws, const struct paths *p,
    int lang, struct date today, double *wait)
{
	struct sig s = { FS_SIG_INIT, { 0, 0 } };
	int64_t when[2] = { lang, today.y * 10000 + today.m * 100 + today.d };
	s.h = fs_sig_bytes(s.h, MAGIC, sizeof MAGIC);
	s.h = fs_sig_bytes(s.h, when, sizeof when);
	look_at(&s, "/proc/self/exe");	/* another build of the program */
	look_at(&s, ws->config_path);
	if (p && p->screens)
		look_in(&s, p->screens, 0);
	for (size_t i = 0; i < ws->config_dirs.n; i++)
		look_in(&s, ws->config_dirs.v[i], 2);
	for (size_t i = 0; i < ws->forms->n; i++) {
		char *dir = ws_form_dir(ws, ws->forms->forms[i]);
		look_in(&s, dir, 0);
		free(dir);
	}
	/* the files' clock, not SAPXEP_NOW's */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	double age = (double)(now.tv_sec - s.newest.tv_sec) +
	    (double)(now.tv_nsec - s.newest.tv_nsec) / 1e9;
	*wait = age >= RACY_SECONDS ? 0 : RACY_SECONDS - (age > 0 ? age : 0);
	return s.h;
}

/* --- the file ---------------------------------------------------------- */

static char *cache_path(const struct workspace *ws)
{
	return path_join(ws->root, ".sapxep/dashboard");
}

/* A count: digits only, at most 10 of them. */
static bool count_of(const char *s, char **end, size_t *out)
{
	size_t n = 0, k = 0;
	while (s[k] >= '0' && s[k] <= '9' && k < 10)
		n = n * 10 + (size_t)(s[k++] - '0');
	if (k == 0 || (s[k] >= '0' && s[k] <= '9'))
		return false;
	*out = n;
	*end = (char *)s + k;
	return true;
}

/* "word N" */
static bool line_count(const char *line, const char *word, size_t *out)
{
	size_t w = strlen(word);
	char *end;
	return strncmp(line, word, w) == 0 && line[w] == ' ' &&
	    count_of(line + w + 1, &end, out) && *end == '\0';
}

static bool parse(char *buf, uint64_t key, struct dash_figures *f)
{
	char *save = NULL;
	char *line = strtok_r(buf, "\n", &save);
	if (!line || strcmp(line, MAGIC) != 0)
		return false;
	line = strtok_r(NULL, "\n", &save);
	char want[32];
	snprintf(want, sizeof want, "key %016" PRIx64, key);
	if (!line || strcmp(line, want) != 0)
		return false;
	bool end = false;
	while (!end && (line = strtok_r(NULL, "\n", &save))) {
		size_t n[3];
		char *p;
		if (strncmp(line, "form ", 5) == 0) {
			char *name = line + 5, *sp = strchr(name, ' ');
			if (!sp || sp == name)
				return false;
			*sp = '\0';
			p = sp + 1;
			for (int k = 0; k < 3; k++) {
				if (!count_of(p, &p, &n[k]) || *p != (k < 2 ? ' ' : '\0'))
					return false;
				p++;
			}
			f->counts = xreallocarray(f->counts, f->forms.n + 1, sizeof *f->counts);
			memcpy(f->counts[f->forms.n], n, sizeof n);
			strv_push(&f->forms, name);
		} else if (strncmp(line, "alert ", 6) == 0) {
			if (!count_of(line + 6, &p, &n[0]) || *p != ' ' || n[0] > 99 || !p[1] ||
			    !text_valid(p + 1, strlen(p + 1), NULL) || text_has_controls(p + 1, false))
				return false;
			f->from = xreallocarray(f->from, f->alerts.n + 1, sizeof *f->from);
			f->from[f->alerts.n] = (int)n[0];
			strv_push(&f->alerts, p + 1);
		} else if (line_count(line, "conflicts", &f->conflicts) ||
		    line_count(line, "errors", &f->errors) ||
		    line_count(line, "pack-errors", &f->pack_errors)) {
			continue;
		} else if (strcmp(line, "end") == 0) {
			end = true;
		} else {
			return false;
		}
	}
	return end && !strtok_r(NULL, "\n", &save);
}

int dashcache_load(const struct workspace *ws, uint64_t key, struct dash_figures *out)
{
	memset(out, 0, sizeof *out);
	char *path = cache_path(ws), *buf = NULL;
	size_t len;
	struct err e;
	int rc = -1;
	if (fs_read_file(path, CACHE_MAX, &buf, &len, &e) == 0 && strlen(buf) == len &&
	    parse(buf, key, out))
		rc = 0;
	if (rc != 0)
		dash_figures_free(out);
	free(buf);
	free(path);
	return rc;
}

int dashcache_save(struct workspace *ws, uint64_t key, const struct dash_figures *f,
    struct err *e)
{
	/* what a line cannot hold is not cached (the figures are worked out
	 * from the records next time) */
	for (size_t i = 0; i < f->forms.n; i++)
		if (strpbrk(f->forms.v[i], " \n") || !*f->forms.v[i])
			return 0;
	for (size_t i = 0; i < f->alerts.n; i++)
		if (!*f->alerts.v[i] || text_has_controls(f->alerts.v[i], false) ||
		    f->from[i] < 0 || f->from[i] > 99)
			return 0;
	char *dir;
	if (ws_state_dir(ws, NULL, &dir, e) != 0)
		return -1;
	struct sbuf b = SBUF_INIT;
	sbuf_printf(&b, "%s\nkey %016" PRIx64 "\n", MAGIC, key);
	for (size_t i = 0; i < f->forms.n; i++)
		sbuf_printf(&b, "form %s %zu %zu %zu\n", f->forms.v[i], f->counts[i][0],
		    f->counts[i][1], f->counts[i][2]);
	sbuf_printf(&b, "conflicts %zu\nerrors %zu\npack-errors %zu\n", f->conflicts,
	    f->errors, f->pack_errors);
	for (size_t i = 0; i < f->alerts.n; i++)
		sbuf_printf(&b, "alert %d %s\n", f->from[i], f->alerts.v[i]);
	sbuf_adds(&b, "end\n");
	char *path = path_join(dir, "dashboard");
	int rc = fs_write_atomic(path, sbuf_str(&b), b.len, ws->file_mode, false, e);
	free(path);
	free(dir);
	sbuf_free(&b);
	return rc;
}
