/* links_perms.c — no one gets in: a symbolic link planted anywhere in a
 * workspace (a record file, a record folder, .sapxep, its drafts and
 * trash folders, the lock file, sapxep.yaml) never makes sapxep write
 * outside the workspace; and records and drafts are not readable by
 * another user unless the workspace grants a group, checked for real by
 * a child process running as the user nobody when the tests run as root
 * (as in CI).
 */
#include "support.h"
#include "store/db.h"
#include "store/draft.h"
#include "store/fsutil.h"
#include "store/record_io.h"
#include "core/xmem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* --- links ------------------------------------------------------------- */

/* What is outside: a folder with one file, whose listing and bytes must
 * not change. */
static char *outside_state(const char *out)
{
	struct sbuf b = SBUF_INIT;
	DIR *d = opendir(out);
	struct strv names = STRV_INIT;
	struct dirent *de;
	while (d && (de = readdir(d)))
		strv_push(&names, de->d_name);
	if (d)
		closedir(d);
	strv_sort(&names);
	for (size_t i = 0; i < names.n; i++) {
		char *p = path_join(out, names.v[i]);
		struct stat st;
		lstat(p, &st);
		sbuf_printf(&b, "%s %o %lld\n", names.v[i], (unsigned)st.st_mode,
		    (long long)st.st_size);
		if (S_ISREG(st.st_mode)) {
			char *text = t_read(p, NULL);
			sbuf_printf(&b, "%s\n", text ? text : "?");
			free(text);
		}
		free(p);
	}
	strv_free(&names);
	return sbuf_detach(&b);
}

enum where {
	AT_RECORD_FILE,		/* the file of a saved record */
	AT_NEW_RECORD_FILE,	/* the file a new record will have */
	AT_RECORD_FOLDER,
	AT_STATE,		/* .sapxep */
	AT_DRAFTS,		/* .sapxep/drafts */
	AT_MY_DRAFTS,		/* .sapxep/drafts/<uid> */
	AT_FORM_DRAFTS,		/* .sapxep/drafts/<uid>/hamlets */
	AT_DRAFT_FILE,		/* .sapxep/drafts/<uid>/hamlets/<id>.yaml */
	AT_TRASH,		/* .sapxep/trash */
	AT_TRASH_FILE,		/* the name a deleted record gets there */
	AT_LOCK,		/* .sapxep/lock */
	AT_SETTINGS,		/* sapxep.yaml */
	AT_N
};

static const char *const where_name[AT_N] = {
	"record file", "new record's file", "record folder", ".sapxep",
	".sapxep/drafts", ".sapxep/drafts/<uid>", ".sapxep/drafts/<uid>/<form>",
	"draft file", ".sapxep/trash", "file in the trash", ".sapxep/lock", "sapxep.yaml",
};

/* Plant a link at `where`, to the folder `out` or to its file. */
static char *plant(struct workspace *ws, enum where w, const char *id,
    const char *new_id, const char *out)
{
	char *target = NULL, *link = NULL;
	char *outfile = path_join(out, "victim.yaml");
	unsigned long uid = (unsigned long)getuid();
	switch (w) {
	case AT_RECORD_FILE:
		link = xasprintf("%s/hamlets/%s.yaml", ws->root, id);
		target = xstrdup(outfile);
		break;
	case AT_NEW_RECORD_FILE:
		link = xasprintf("%s/hamlets/%s.yaml", ws->root, new_id);
		target = xstrdup(outfile);
		break;
	case AT_RECORD_FOLDER:
		link = xasprintf("%s/hamlets", ws->root);
		break;
	case AT_STATE:
		link = xasprintf("%s/.sapxep", ws->root);
		break;
	case AT_DRAFTS:
		link = xasprintf("%s/.sapxep/drafts", ws->root);
		break;
	case AT_MY_DRAFTS:
		link = xasprintf("%s/.sapxep/drafts/%lu", ws->root, uid);
		break;
	case AT_FORM_DRAFTS:
		link = xasprintf("%s/.sapxep/drafts/%lu/hamlets", ws->root, uid);
		break;
	case AT_DRAFT_FILE:
		link = xasprintf("%s/.sapxep/drafts/%lu/hamlets/%s.yaml", ws->root, uid, id);
		target = xstrdup(outfile);
		break;
	case AT_TRASH:
		link = xasprintf("%s/.sapxep/trash", ws->root);
		break;
	case AT_TRASH_FILE:
		link = xasprintf("%s/.sapxep/trash/hamlets-%s-r1.yaml", ws->root, id);
		target = xstrdup(outfile);
		break;
	case AT_LOCK:
		/* dangling: opening it to create would make a file outside */
		link = xasprintf("%s/.sapxep/lock", ws->root);
		target = path_join(out, "made-through-the-lock");
		break;
	case AT_SETTINGS:
		link = xasprintf("%s/sapxep.yaml", ws->root);
		target = xstrdup(outfile);
		break;
	case AT_N:
		break;
	}
	if (!target)
		target = xstrdup(out);
	/* whatever is there goes (a folder with what it holds), then the link
	 * and the folders that lead to it */
	char *cmd = xasprintf("rm -rf '%s'", link);
	if (system(cmd) != 0)
		fail_msg("%s failed", cmd);
	free(cmd);
	char *parent = xstrdup(link);
	*strrchr(parent, '/') = '\0';
	fs_mkdirs(parent, 0700, NULL);
	free(parent);
	if (symlink(target, link) != 0)
		fail_msg("symlink %s: %s", link, strerror(errno));
	free(target);
	free(outfile);
	return link;
}

/* Every kind of write sapxep makes, with a link planted at each place.
 * Each either succeeds without going through the link (rename replaces
 * a link, it never writes through one) or is refused with a message;
 * outside never changes. */
static void no_write_through_planted_links(void **state)
{
	(void)state;
	size_t planted = 0, ops = 0, refused = 0, through = 0;
	for (int w = 0; w < AT_N; w++) {
		char *dir = t_tmpdir();
		char *out = path_join(dir, "outside");
		fs_mkdirs(out, 0700, NULL);
		char *victim = path_join(out, "victim.yaml");
		t_write(victim, "precious: true\n");
		struct workspace *ws = t_workspace(dir, NULL, t_paths());
		const struct form *f = formset_get(ws->forms, "hamlets");
		struct err e;
		struct record *r = record_new(f);
		record_set_str(r, "name", "Ấp Liên Kết");
		record_set_str(r, "households", "90");
		assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
		assert_int_equal(draft_write(ws, f, r, &e), 0);
		struct record *fresh = record_new(f);
		record_set_str(fresh, "name", "Ấp Mới");
		char *before = outside_state(out);
		char *link = plant(ws, (enum where)w, r->id, fresh->id, out);
		planted++;

		/* every write: save an existing record, save a new one, keep a
		 * draft, discard it, rewrite the settings, delete a record */
		struct {
			const char *what;
			int rc;
		} res[6];
		int n = 0;
		record_set_str(r, "households", "91");
		res[n].what = "save";
		res[n++].rc = ws_save(ws, f, r, r->revision, NULL, &e);
		res[n].what = "save a new record";
		res[n++].rc = ws_save(ws, f, fresh, 0, NULL, &e);
		res[n].what = "write a draft";
		res[n++].rc = draft_write(ws, f, r, &e);
		res[n].what = "discard a draft";
		res[n++].rc = draft_discard(ws, f, r->id, &e);
		res[n].what = "rewrite sapxep.yaml";
		res[n++].rc = ws_write_config(ws, &e);
		res[n].what = "delete";
		res[n++].rc = ws_delete(ws, f, r->id, -1, NULL, &e);
		for (int i = 0; i < n; i++) {
			ops++;
			refused += res[i].rc != 0;
		}
		char *after = outside_state(out);
		if (strcmp(before, after) != 0) {
			through++;
			fail_msg("a link planted at the %s let a write reach outside the workspace:\n"
			    "before:\n%s\nafter:\n%s", where_name[w], before, after);
		}
		struct stat st;
		/* where a write replaced the link, it replaced the link only */
		if (lstat(link, &st) == 0 && S_ISLNK(st.st_mode)) {
			char *t = t_read(victim, NULL);
			assert_string_equal(t, "precious: true\n");
			free(t);
		}
		free(after);
		free(before);
		free(link);
		record_free(fresh);
		record_free(r);
		free(victim);
		free(out);
		ws_close(ws);
		t_rmtree(dir);
		free(dir);
	}
	printf("links: %zu places a link was planted at, %zu writes tried, %zu refused, "
	    "writes that reached outside the workspace: %zu\n", planted, ops, refused, through);
}

/* A refused save through a planted link says what is wrong. */
static void planted_links_are_named(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	char *out = path_join(dir, "outside");
	fs_mkdirs(out, 0700, NULL);
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = record_new(f);
	record_set_str(r, "name", "Ấp Tên");
	struct err e;
	assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
	const struct {
		enum where w;
		const char *says;
	} cases[] = {
		{ AT_RECORD_FILE, "symbolic link" },
		{ AT_RECORD_FOLDER, "is not a folder" },
		{ AT_STATE, "is not a folder" },
		{ AT_LOCK, "lock" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *link = plant(ws, cases[i].w, r->id, r->id, out);
		assert_int_equal(ws_save(ws, f, r, -1, NULL, &e), -1);
		if (!strstr(e.msg, cases[i].says) || !strstr(e.msg, ws->root))
			fail_msg("a link at the %s: the message '%s' does not say '%s' and where",
			    where_name[cases[i].w], e.msg, cases[i].says);
		unlink(link);
		free(link);
		/* put back what the next case needs */
		char *d = path_join(ws->root, ".sapxep");
		fs_mkdirs(d, 0700, NULL);
		free(d);
		d = path_join(ws->root, "hamlets");
		fs_mkdirs(d, 0700, NULL);
		free(d);
	}
	record_free(r);
	free(out);
	t_done(ws, dir);
}

/* --- permissions ------------------------------------------------------- */

struct reach {
	struct strv paths;	/* files and folders to try */
	bool expect_read;	/* the group is granted */
	int denied, read;
};

/* As another user: try to read each file and list each folder. */
static int try_reach(const char *dir, const struct paths *p, void *arg)
{
	(void)dir;
	(void)p;
	struct reach *x = arg;
	int wrong = 0;
	for (size_t i = 0; i < x->paths.n; i++) {
		const char *path = x->paths.v[i];
		bool draft = strstr(path, "/drafts/") != NULL;
		int fd = open(path, O_RDONLY | O_NOFOLLOW);
		bool ok = fd >= 0;
		if (fd >= 0)
			close(fd);
		/* a folder: can its names be listed? */
		DIR *d = ok ? opendir(path) : NULL;
		if (d) {
			ok = readdir(d) != NULL;
			closedir(d);
		}
		bool want = x->expect_read && !draft;
		if (ok != want) {
			fprintf(stderr, "%s: %s by another user\n", path,
			    ok ? "readable" : "not readable");
			wrong++;
		}
	}
	return wrong ? 1 : 0;
}

static void add_tree(struct strv *out, const char *root)
{
	strv_push(out, root);
	DIR *d = opendir(root);
	struct dirent *de;
	struct strv subs = STRV_INIT;
	while (d && (de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			strv_take(&subs, path_join(root, de->d_name));
	if (d)
		closedir(d);
	for (size_t i = 0; i < subs.n; i++) {
		if (fs_is_dir(subs.v[i]))
			add_tree(out, subs.v[i]);
		else
			strv_push(out, subs.v[i]);
	}
	strv_free(&subs);
}

/* A workspace with a record, a draft, a deleted record and the lock, made
 * under umask 0 (the modes must not depend on it), in a folder others
 * can traverse. Returns its root (owned). */
static char *populated(const char *parent, const char *group, struct workspace **wsp)
{
	mode_t old = umask(0);
	struct workspace *ws = t_workspace(parent, group, t_paths());
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct err e;
	struct record *r = record_new(f), *gone = record_new(f);
	record_set_str(r, "name", "Ấp Riêng");
	record_set_str(r, "note", "dữ liệu cá nhân");
	record_set_str(gone, "name", "Ấp Đã Xóa");
	assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
	assert_int_equal(ws_save(ws, f, gone, 0, NULL, &e), 0);
	assert_int_equal(ws_delete(ws, f, gone->id, 1, NULL, &e), 0);
	record_set_str(r, "note", "đang gõ dở");
	assert_int_equal(draft_write(ws, f, r, &e), 0);
	umask(old);
	record_free(r);
	record_free(gone);
	*wsp = ws;
	return xstrdup(ws->root);
}

static char *open_parent(void)
{
	char *dir = xstrdup("/tmp/sapxep-perm-XXXXXX");
	if (!mkdtemp(dir))
		fail_msg("mkdtemp failed");
	chmod(dir, 0755);
	return dir;
}

static void others_cannot_read(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		printf("permissions: not root, so no other user to try as; the modes are "
		    "checked by test_workspace\n");
		skip();
	}
	struct passwd *pw = getpwnam("nobody");
	if (!pw)
		fail_msg("running as root, but there is no user nobody");
	/* private: nothing readable, even with the workspace folder opened up
	 * by mistake (chmod 755): the files and folders inside stay closed */
	for (int opened = 0; opened < 2; opened++) {
		char *parent = open_parent();
		struct workspace *ws;
		char *root = populated(parent, NULL, &ws);
		struct reach x = { STRV_INIT, false, 0, 0 };
		if (opened) {
			chmod(root, 0755);
			add_tree(&x.paths, root);
			/* the root itself is now listable: only what is inside counts */
			free(x.paths.v[0]);
			memmove(x.paths.v, x.paths.v + 1, (x.paths.n - 1) * sizeof *x.paths.v);
			x.paths.n--;
		} else {
			add_tree(&x.paths, root);
		}
		assert_true(x.paths.n >= 10);
		assert_int_equal(t_in_child(true, try_reach, &x), 0);
		printf("permissions: private workspace%s: %zu files and folders, none readable "
		    "by another user\n", opened ? " whose folder was opened by mistake" : "",
		    x.paths.n);
		strv_free(&x.paths);
		ws_close(ws);
		t_rmtree(parent);
		free(root);
		free(parent);
	}
	/* shared with a group the other user is in: records readable, drafts
	 * still not */
	struct group *g = getgrgid(pw->pw_gid);
	if (!g)
		fail_msg("nobody's group has no name");
	char *parent = open_parent();
	struct workspace *ws;
	char *root = populated(parent, g->gr_name, &ws);
	struct reach x = { STRV_INIT, true, 0, 0 };
	add_tree(&x.paths, root);
	assert_int_equal(t_in_child(true, try_reach, &x), 0);
	printf("permissions: workspace shared with group %s: records readable by a member, "
	    "drafts not (%zu files and folders tried)\n", g->gr_name, x.paths.n);
	strv_free(&x.paths);
	ws_close(ws);
	t_rmtree(parent);
	free(root);
	free(parent);
}

/* Drafts are private whatever the umask. */
static void draft_modes(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	mode_t old = umask(0);
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = record_new(f);
	record_set_str(r, "name", "Ấp Nháp");
	struct err e;
	assert_int_equal(draft_write(ws, f, r, &e), 0);
	umask(old);
	char *p = xasprintf("%s/.sapxep/drafts/%lu/hamlets/%s.yaml", ws->root,
	    (unsigned long)getuid(), r->id);
	struct stat st;
	assert_int_equal(lstat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	for (int up = 0; up < 4; up++) {
		*strrchr(p, '/') = '\0';
		assert_int_equal(lstat(p, &st), 0);
		if ((st.st_mode & 0077) != 0)
			fail_msg("%s has mode %04o: open to others", p, (unsigned)(st.st_mode & 07777));
	}
	free(p);
	record_free(r);
	t_done(ws, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_write_through_planted_links),
		cmocka_unit_test(planted_links_are_named),
		cmocka_unit_test(others_cannot_read),
		cmocka_unit_test(draft_modes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
