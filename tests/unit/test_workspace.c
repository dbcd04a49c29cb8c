/* test_workspace.c — sapxep.yaml (parse errors at their line and column,
 * canonical round trip), creating a workspace (private modes, or a
 * group's when `group:` names one), opening one, finding them. */
#include "support.h"
#include "core/xmem.h"
#include "store/db.h"
#include "store/fsutil.h"
#include "store/workspace.h"

#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROVINCE "province: {code: '72', name: Tây Ninh}\n"
#define COMMUNE "commune:\n  code: '27601'\n  name: Xã Thử\n  class: II\n"

static const char *const good_config =
    "format: 1\n"
    "province: {code: '72', name: Tây Ninh}\n"
    "district: {name: Huyện Cũ}\n"
    "commune:\n"
    "  code: '27601'\n"
    "  name: Xã Thử\n"
    "  kind: xa\n"
    "  class: II\n"
    "  class_decision: Quyết định 1/2026\n"
    "  region: south\n"
    "  population: 12000\n"
    "  area_km2: 35.50\n"
    "  border_or_island: true\n"
    "  key_security: false\n"
    "officer: {id: nva, name: Nguyễn Văn A}\n"
    "rules: {staff: nd33-2023, hamlets: tt04_2012}\n"
    "remote: ssh://tinh.example/xa-thu.git\n"
    "language: en\n"
    "group: canbo\n";

static void config_reads_and_writes_back(void **state)
{
	(void)state;
	struct ws_config c;
	struct err e;
	assert_int_equal(ws_config_parse(good_config, strlen(good_config), "sapxep.yaml", &c, &e), 0);
	assert_string_equal(c.province_code, "72");
	assert_string_equal(c.district_name, "Huyện Cũ");
	assert_null(c.district_code);
	assert_string_equal(c.commune_name, "Xã Thử");
	assert_string_equal(c.commune_class, "II");
	assert_int_equal(c.population, 12000);
	assert_true(c.area_km2 == 35.5);
	assert_true(c.border_or_island);
	assert_false(c.key_security);
	assert_string_equal(c.rules_hamlets, "tt04_2012");
	assert_int_equal(c.language, LANG_EN);
	assert_true(c.has_language);
	assert_string_equal(c.group, "canbo");
	char *v = ws_config_value(&c, "commune.region");
	assert_string_equal(v, "south");
	free(v);
	v = ws_config_value(&c, "commune.border_or_island");
	assert_string_equal(v, "true");
	free(v);
	assert_null(ws_config_value(&c, "commune.nothing"));
	assert_null(ws_config_value(&c, "province.code"));
	/* canonical bytes (block style), and the same bytes after a round trip */
	char *out, *again;
	size_t len, len2;
	assert_int_equal(ws_config_serialize(&c, &out, &len, &e), 0);
	assert_string_equal(out,
	    "format: 1\n"
	    "province:\n  code: '72'\n  name: Tây Ninh\n"
	    "district:\n  name: Huyện Cũ\n"
	    "commune:\n  code: '27601'\n  name: Xã Thử\n  kind: xa\n  class: II\n"
	    "  class_decision: Quyết định 1/2026\n  region: south\n  population: 12000\n"
	    "  area_km2: 35.50\n  border_or_island: true\n  key_security: false\n"
	    "officer:\n  id: nva\n  name: Nguyễn Văn A\n"
	    "rules:\n  staff: nd33-2023\n  hamlets: tt04_2012\n"
	    "remote: ssh://tinh.example/xa-thu.git\n"
	    "language: en\n"
	    "group: canbo\n");
	ws_config_free(&c);
	assert_int_equal(ws_config_parse(out, len, "sapxep.yaml", &c, &e), 0);
	assert_int_equal(ws_config_serialize(&c, &again, &len2, &e), 0);
	assert_string_equal(out, again);
	free(again);
	ws_config_free(&c);
	/* the smallest file: unknowns stay unknown */
	const char *small = "province: {code: '72'}\ncommune: {code: '1', name: X, class: I}\n";
	assert_int_equal(ws_config_parse(small, strlen(small), "sapxep.yaml", &c, &e), 0);
	assert_int_equal(c.population, -1);
	assert_true(c.area_km2 < 0);
	assert_false(c.has_language);
	assert_null(c.group);
	ws_config_free(&c);
	free(out);
}

static void config_errors_name_line_and_column(void **state)
{
	(void)state;
	struct { const char *text; int line, col; const char *what; } bad[] = {
		{ "format: 2\n" PROVINCE COMMUNE, 1, 9, "format: expected a whole number from 1 to 1" },
		{ PROVINCE COMMUNE "colour: red\n", 6, 1, "unknown key 'colour' in sapxep.yaml" },
		{ PROVINCE COMMUNE "  colour: red\n", 6, 3, "unknown key 'colour' in commune" },
		{ PROVINCE "commune:\n  code: '1'\n  class: II\n", 3, 3, "missing 'name'" },
		{ COMMUNE, 1, 1, "province must be a mapping of keys, found nothing" },
		{ "province: 72\n" COMMUNE, 1, 11, "province must be a mapping of keys, found text" },
		{ "province: {name: Tây Ninh}\n" COMMUNE, 1, 11, "missing 'code'" },
		{ PROVINCE COMMUNE "  kind: thon\n", 6, 9, "kind: 'thon' is not one of xa, phuong, dac_khu" },
		{ PROVINCE "commune:\n  code: '1'\n  name: X\n  class: IV\n", 5, 10,
		  "class: 'IV' is not one of I, II, III" },
		{ PROVINCE COMMUNE "  population: -5\n", 6, 15, "population: expected a whole number from 0" },
		{ PROVINCE COMMUNE "  population: 1.5\n", 6, 15, "population: expected a whole number" },
		{ PROVINCE COMMUNE "  population: '12000'\n", 6, 15, "population: expected a whole number" },
		{ PROVINCE COMMUNE "  area_km2: -1\n", 6, 13, "area_km2: must be between 0 and 1000000" },
		{ PROVINCE COMMUNE "  area_km2: 35,5\n", 6, 13, "area_km2: expected a number, found '35,5'" },
		{ PROVINCE COMMUNE "  area_km2: .nan\n", 6, 13, "area_km2: expected a number" },
		{ PROVINCE COMMUNE "  border_or_island: yes\n", 6, 21, "border_or_island: expected true or false, found 'yes'" },
		{ PROVINCE COMMUNE "  region: Miền Nam\n", 6, 11, "region: 'Miền Nam' is not a region code" },
		{ PROVINCE COMMUNE "language: fr\n", 6, 11, "language: use vi or en" },
		{ PROVINCE COMMUNE "rules: {staff: ../../etc/passwd}\n", 6, 8, "rules: a pack name is" },
		{ PROVINCE COMMUNE "rules: {staf: x}\n", 6, 9, "unknown key 'staf' in rules" },
		{ PROVINCE COMMUNE "officer: {name: A}\n", 6, 10, "missing 'id'" },
		{ PROVINCE COMMUNE "remote: [a]\n", 6, 9, "remote: expected a value, found a list" },
		{ PROVINCE COMMUNE "commune: {code: '2'}\n", 6, 1, "duplicate key 'commune' (also on line 2)" },
		{ PROVINCE COMMUNE "  name: [x\n", 7, 1, "" },
		{ "- province\n- commune\n", 1, 1, "sapxep.yaml must be a mapping of keys, found a list" },
		{ "", 1, 1, "sapxep.yaml must be a mapping of keys, found nothing" },
		{ PROVINCE COMMUNE "group: &g canbo\n", 6, 8, "anchors" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ws_config c;
		struct err e;
		if (ws_config_parse(bad[i].text, strlen(bad[i].text), "ws/sapxep.yaml", &c, &e) == 0)
			fail_msg("case %zu accepted:\n%s", i, bad[i].text);
		t_assert_at(e.msg, "ws/sapxep.yaml", bad[i].line, bad[i].col, bad[i].what);
	}
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		fail_msg("%s does not exist", path);
	return st.st_mode & 07777;
}

static gid_t group_of(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		fail_msg("%s does not exist", path);
	return st.st_gid;
}

static void assert_mode(const char *path, mode_t want)
{
	if (mode_of(path) != want)
		fail_msg("%s has mode %04o, expected %04o", path, (unsigned)mode_of(path),
		    (unsigned)want);
}

static char *at(const struct workspace *ws, const char *rel)
{
	return path_join(ws->root, rel);
}

static void private_workspace_modes(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	mode_t old = umask(0);	/* modes must not depend on the umask */
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	umask(old);
	const char *dirs[] = { "", "staff", "hamlets", "mergers", ".sapxep", NULL };
	for (int i = 0; dirs[i]; i++) {
		char *p = at(ws, dirs[i]);
		assert_mode(p, 0700);
		free(p);
	}
	char *p = at(ws, "sapxep.yaml");
	assert_mode(p, 0600);
	free(p);
	/* records and the lock are private too */
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = record_new(f);
	record_set_str(r, "name", "Ấp Một");
	struct err e;
	assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
	p = ws_record_path(ws, f, r->id);
	assert_mode(p, 0600);
	free(p);
	record_free(r);
	ws_close(ws);
	/* an existing, empty folder (mkdir by hand, umask 022) becomes private */
	char *root = path_join(dir, "made-by-hand");
	assert_int_equal(mkdir(root, 0755), 0);
	struct ws_config cfg;
	t_config(&cfg);
	assert_int_equal(ws_create(root, &cfg, t_paths(), &e), 0);
	assert_mode(root, 0700);
	/* and a second ws_create there is refused */
	assert_int_equal(ws_create(root, &cfg, t_paths(), &e), -1);
	assert_non_null(strstr(e.msg, "already holds a workspace"));
	free(root);
	t_rmtree(dir);
	free(dir);
}

/* A group to share with that differs from ours when we can change the
 * group of a file (root), else our own. */
static const char *share_group(gid_t *gid)
{
	struct group *g = NULL;
	if (geteuid() == 0)
		g = getgrnam("nogroup");
	if (!g)
		g = getgrgid(getegid());
	if (!g)
		return NULL;
	*gid = g->gr_gid;
	return g->gr_name;
}

static void group_workspace_modes(void **state)
{
	(void)state;
	gid_t gid;
	const char *group = share_group(&gid);
	if (!group)
		fail_msg("no group to share with");
	char *name = xstrdup(group);
	for (int existing = 0; existing < 2; existing++) {
		char *dir = t_tmpdir();
		if (existing) {
			/* a folder the administrator made beforehand */
			char *root = path_join(dir, "ws");
			assert_int_equal(mkdir(root, 0700), 0);
			free(root);
		}
		struct workspace *ws = t_workspace(dir, name, t_paths());
		assert_true(ws->gid == gid);
		const char *dirs[] = { "", "staff", "hamlets", "mergers", ".sapxep", NULL };
		for (int i = 0; dirs[i]; i++) {
			char *p = at(ws, dirs[i]);
			assert_mode(p, 02770);
			if (group_of(p) != gid)
				fail_msg("%s belongs to group %u, not %s", p,
				    (unsigned)group_of(p), name);
			free(p);
		}
		char *p = at(ws, "sapxep.yaml");
		assert_mode(p, 0660);
		if (group_of(p) != gid)
			fail_msg("%s belongs to group %u, not %s", p, (unsigned)group_of(p), name);
		free(p);
		/* a record saved later, and a rewritten sapxep.yaml, stay shared,
		 * even by an officer whose umask keeps everything private */
		const struct form *f = formset_get(ws->forms, "hamlets");
		struct record *r = record_new(f);
		record_set_str(r, "name", "Ấp Chung");
		struct err e;
		mode_t old = umask(077);
		assert_int_equal(ws_save(ws, f, r, 0, NULL, &e), 0);
		umask(old);
		/* the others must be able to take the lock to save */
		p = at(ws, ".sapxep/lock");
		if ((mode_of(p) & 0060) != 0060 || group_of(p) != gid)
			fail_msg("%s: mode %04o group %u: the group cannot take the lock", p,
			    (unsigned)mode_of(p), (unsigned)group_of(p));
		free(p);
		p = ws_record_path(ws, f, r->id);
		assert_mode(p, 0660);
		assert_true(group_of(p) == gid);
		free(p);
		assert_int_equal(ws_write_config(ws, &e), 0);
		p = at(ws, "sapxep.yaml");
		assert_mode(p, 0660);
		assert_true(group_of(p) == gid);
		free(p);
		record_free(r);
		ws_close(ws);
		t_rmtree(dir);
		free(dir);
	}
	/* a group this machine does not have (a laptop the workspace was
	 * synced to): the workspace opens, private */
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, "no-such-group-here", t_paths());
	assert_true(ws->gid == (gid_t)-1);
	assert_int_equal(ws->file_mode, 0600);
	char *p = at(ws, "");
	assert_mode(p, 0700);
	free(p);
	t_done(ws, dir);
	free(name);
}

static void opening_and_finding(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws;
	struct err e;
	/* not a workspace: says how to make one */
	assert_int_equal(ws_open(dir, t_paths(), &ws, &e), -1);
	assert_int_equal(e.kind, E_NOTFOUND);
	assert_non_null(strstr(e.msg, "sapxep init"));
	char *missing = path_join(dir, "nowhere");
	assert_int_equal(ws_open(missing, t_paths(), &ws, &e), -1);
	assert_int_equal(e.kind, E_NOTFOUND);
	free(missing);
	/* a damaged sapxep.yaml: its place and problem */
	char *a = path_join(dir, "a");
	fs_mkdirs(a, 0700, NULL);
	char *cfg = path_join(a, "sapxep.yaml");
	t_write(cfg, PROVINCE COMMUNE "  class: III\n");
	assert_int_equal(ws_open(a, t_paths(), &ws, &e), -1);
	assert_int_equal(e.kind, E_INVALID);
	t_assert_at(e.msg, cfg, 6, 3, "duplicate key 'class'");
	/* sapxep.yaml as a link is not followed */
	unlink(cfg);
	char *real = path_join(dir, "real.yaml");
	t_write(real, PROVINCE COMMUNE);
	assert_int_equal(symlink(real, cfg), 0);
	assert_int_equal(ws_open(a, t_paths(), &ws, &e), -1);
	assert_non_null(strstr(e.msg, "symbolic link"));
	unlink(cfg);
	t_write(cfg, PROVINCE COMMUNE);
	/* a province: communes below, hidden folders skipped */
	const char *more[] = { "b/c", "z", ".hidden", "a/.sapxep/x", NULL };
	for (int i = 0; more[i]; i++) {
		char *d = path_join(dir, more[i]);
		fs_mkdirs(d, 0700, NULL);
		char *p = path_join(d, "sapxep.yaml");
		t_write(p, PROVINCE COMMUNE);
		free(p);
		free(d);
	}
	struct strv found = STRV_INIT;
	ws_find_all(dir, &found);
	assert_int_equal(found.n, 3);
	assert_string_equal(found.v[0] + strlen(dir), "/a");
	assert_string_equal(found.v[1] + strlen(dir), "/b/c");
	assert_string_equal(found.v[2] + strlen(dir), "/z");
	strv_free(&found);
	/* the officer: $SAPXEP_OFFICER, else officer.id, else $USER */
	setenv("SAPXEP_OFFICER", "ttb", 1);
	assert_int_equal(ws_open(a, t_paths(), &ws, &e), 0);
	assert_string_equal(ws->officer, "ttb");
	ws_close(ws);
	unsetenv("SAPXEP_OFFICER");
	setenv("USER", "unixname", 1);
	assert_int_equal(ws_open(a, t_paths(), &ws, &e), 0);
	assert_string_equal(ws->officer, "unixname");
	ws_close(ws);
	free(real);
	free(cfg);
	free(a);
	t_rmtree(dir);
	free(dir);
}

/* A province's walk reads the forms and rule packs once: workspaces
 * without a config/ folder borrow the same ones; one with its own keeps
 * its own. Problems in a shared pack still reach each workspace. */
static void shared_configuration(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct paths p = *t_paths();
	char *site = path_join(dir, "etc");
	char *bad = path_join(site, "rules/broken.yaml");
	fs_mkdirs(site, 0700, NULL);
	char *rules = path_join(site, "rules");
	fs_mkdirs(rules, 0700, NULL);
	t_write(bad, "pack: broken\nkind: [\n");
	p.sysconfdir = site;
	const char *names[] = { "a", "b", "c", NULL };
	for (int i = 0; names[i]; i++) {
		char *d = path_join(dir, names[i]);
		fs_mkdirs(d, 0700, NULL);
		char *cfg = path_join(d, "sapxep.yaml");
		t_write(cfg, PROVINCE COMMUNE);
		free(cfg);
		free(d);
	}
	/* c has its own list of titles */
	char *lists = path_join(dir, "c/config/lists");
	fs_mkdirs(lists, 0700, NULL);
	char *titles = path_join(lists, "titles.yaml");
	t_write(titles, "list: titles\nchoices:\n  - code: own_title\n"
	    "    label: {vi: Chức danh riêng, en: Own title}\n    tags: [commune]\n");
	struct ws_shared *sh = ws_shared_new();
	struct workspace *a, *b, *c;
	struct err e;
	char *pa = path_join(dir, "a"), *pb = path_join(dir, "b"), *pc = path_join(dir, "c");
	assert_int_equal(ws_open_shared(pa, &p, sh, &a, &e), 0);
	assert_int_equal(ws_open_shared(pb, &p, sh, &b, &e), 0);
	assert_int_equal(ws_open_shared(pc, &p, sh, &c, &e), 0);
	assert_ptr_equal(a->forms, b->forms);
	assert_ptr_not_equal(a->forms, c->forms);
	assert_non_null(choice_find(formset_list(c->forms, "titles"), "own_title"));
	assert_null(choice_find(formset_list(a->forms, "titles"), "own_title"));
	assert_ptr_equal(ws_packs(a), ws_packs(b));
	assert_ptr_not_equal(ws_packs(a), ws_packs(c));
	assert_non_null(pack_get(ws_packs(b), "nd33-2023"));
	/* the broken pack is reported to each */
	assert_int_equal(a->pack_errors.n, 1);
	assert_int_equal(b->pack_errors.n, 1);
	assert_int_equal(c->pack_errors.n, 1);
	assert_non_null(strstr(b->pack_errors.v[0], "broken.yaml"));
	/* closing one leaves the other whole */
	ws_close(a);
	assert_non_null(formset_get(b->forms, "staff"));
	struct db *db;
	assert_int_equal(db_open(b, &db, &e), 0);
	db_free(db);
	ws_close(b);
	ws_close(c);
	ws_shared_free(sh);
	/* without a shared one: a workspace's own */
	assert_int_equal(ws_open_shared(pa, &p, NULL, &a, &e), 0);
	assert_int_equal(ws_open(pb, &p, &b, &e), 0);
	assert_ptr_not_equal(a->forms, b->forms);
	ws_close(a);
	ws_close(b);
	free(pa);
	free(pb);
	free(pc);
	free(titles);
	free(lists);
	free(rules);
	free(bad);
	free(site);
	t_rmtree(dir);
	free(dir);
}

static void default_from_settings(void **state)
{
	(void)state;
	char *dir = t_tmpdir();
	struct workspace *ws = t_workspace(dir, NULL, t_paths());
	struct db *db;
	struct err e;
	assert_int_equal(db_open(ws, &db, &e), 0);
	const struct form *f = formset_get(ws->forms, "hamlets");
	struct record *r = db_new_record(db, f);
	assert_string_equal(record_str(r, "region"), "south");
	assert_string_equal(record_str(r, "kind"), "thon");	/* a literal default */
	record_free(r);
	/* a setting that is not one of the choices is not used */
	free(ws->cfg.region);
	ws->cfg.region = xstrdup("atlantis");
	r = db_new_record(db, f);
	assert_null(record_str(r, "region"));
	record_free(r);
	/* a ward's units are tổ dân phố (the form's default_map), in the
	 * merger form too; a typed value still wins */
	free(ws->cfg.commune_kind);
	ws->cfg.commune_kind = xstrdup("phuong");
	r = db_new_record(db, f);
	assert_string_equal(record_str(r, "kind"), "tdp");
	record_free(r);
	r = db_new_record(db, formset_get(ws->forms, "mergers"));
	assert_string_equal(record_str(r, "kind"), "tdp");
	record_free(r);
	/* a special zone's are thôn; without a kind, the literal default */
	free(ws->cfg.commune_kind);
	ws->cfg.commune_kind = xstrdup("dac_khu");
	r = db_new_record(db, f);
	assert_string_equal(record_str(r, "kind"), "thon");
	record_free(r);
	xfree(&ws->cfg.commune_kind);
	r = db_new_record(db, f);
	assert_string_equal(record_str(r, "kind"), "thon");
	record_free(r);
	db_free(db);
	t_done(ws, dir);
}

int main(void)
{
	t_paths();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_reads_and_writes_back),
		cmocka_unit_test(config_errors_name_line_and_column),
		cmocka_unit_test(private_workspace_modes),
		cmocka_unit_test(group_workspace_modes),
		cmocka_unit_test(opening_and_finding),
		cmocka_unit_test(shared_configuration),
		cmocka_unit_test(default_from_settings),
	};
	return cmocka_run_group_tests_name("workspace", tests, NULL, NULL);
}
