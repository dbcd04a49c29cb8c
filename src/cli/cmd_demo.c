/* cmd_demo.c — sapxep demo: a realistic commune, or a province of them,
 * written through the normal save path. The content (ids included)
 * depends only on the seed; the save times come from the clock
 * (SAPXEP_NOW pins them). */
#include "cli/cli.h"
#include "core/dates.h"
#include "core/uuid.h"
#include "domain/domain.h"
#include "store/fsutil.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* splitmix64: small, fast and the same everywhere. */
struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *g)
{
	uint64_t z = (g->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int between(struct rng *g, int lo, int hi)
{
	return lo + (int)(next(g) % (uint64_t)(hi - lo + 1));
}

#define PICK(g, arr) (arr[next(g) % (sizeof arr / sizeof arr[0])])

static void demo_id(struct rng *g, char *buf)
{
	uint64_t a = next(g), b = next(g);
	unsigned char r[16];
	memcpy(r, &a, 8);
	memcpy(r + 8, &b, 8);
	r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);
	static const char hex[] = "0123456789abcdef";
	char *p = buf;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[r[i] >> 4];
		*p++ = hex[r[i] & 15];
	}
	*p = '\0';
}

static const char *const family[] = {
	"Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Huỳnh",
	"Hoàng", "Võ", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Dương",
	"Lý", "Đinh", "Lâm", "Châu", "Tạ",
};
static const char *const middle_m[] = { "Văn", "Văn", "Văn", "Minh", "Hữu",
	"Quốc", "Thanh", "Đức", "Công", "Tấn" };
static const char *const middle_f[] = { "Thị", "Thị", "Thị", "Ngọc", "Thanh",
	"Kim", "Mỹ", "Thu", "Bích" };
static const char *const given_m[] = { "Ánh", "Bình", "Cường", "Dũng", "Đức",
	"Hùng", "Hải", "Hiếu", "Khánh", "Lộc", "Long", "Nam", "Nghĩa", "Phúc",
	"Quang", "Sơn", "Tài", "Thắng", "Toàn", "Trí", "Trung", "Tuấn", "Việt", "Vũ" };
static const char *const given_f[] = { "An", "Bích", "Chi", "Diễm", "Giang",
	"Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Linh", "Mai", "Ngân", "Nhung",
	"Oanh", "Phượng", "Thảo", "Thủy", "Trang", "Tuyết", "Vân", "Xuân", "Yến" };
static const char *const hamlet_names[] = {
	"Bình An", "Mỹ Lợi", "Tân Hòa", "Phú Xuân", "Long Thạnh", "Rạch Tràm",
	"Cầu Xây", "Đường Xe", "Rượng Lưới", "Bà Chủ", "Gò Ân", "Hòa Bình",
	"Tân Đông", "Tân Tây", "Mỹ Phước", "An Định", "Bình Hòa", "Kinh Mới",
	"Vĩnh Thạnh", "Xóm Bưng",
};
static const char *const commune_names[] = {
	"Mỹ An", "Bình Thành", "Tân Lập", "Long Hựu", "Vĩnh Công", "An Nhựt Tân",
	"Phước Vân", "Thạnh Lợi", "Hòa Khánh", "Nhựt Chánh", "Mỹ Lạc", "Tân Bình",
	"Lương Hòa", "Thuận Thành", "Phú Ngãi Trị", "Đức Lập", "Hậu Nghĩa",
	"Tân Trụ", "Bình Đức", "Long Cang",
};
static const char *const districts[] = { "Thủ Thừa", "Bến Lức", "Châu Thành",
	"Tân Trụ", "Cần Đước", "Đức Hòa", "Tân Thạnh", "Tân Hưng" };
static const char *const commune_titles[] = {
	"pho_cht_quan_su", "pho_chu_nhiem_ubkt", "van_phong_dang_uy", "pho_ct_mttq",
	"pho_ct_ccb", "pho_ct_phu_nu", "pho_ct_nong_dan", "pho_bi_thu_doan",
	"ct_nguoi_cao_tuoi", "ct_chu_thap_do", "thu_y", "khuyen_nong",
	"van_hoa_truyen_thanh",
};
static const char *const hamlet_titles[] = { "bi_thu_chi_bo", "truong_thon",
	"truong_ban_mttq" };
static const char *const educations[] = { "thcs", "thpt", "thpt", "thpt" };
static const char *const qualifications[] = { "none", "so_cap", "trung_cap",
	"trung_cap", "cao_dang", "dai_hoc" };
static const char *const theories[] = { "none", "so_cap", "so_cap", "trung_cap" };

struct gen {
	struct rng g;
	struct cli *c;
	struct db *db;
	size_t saved, incomplete;
	char (*hamlet_ids)[UUID_LEN + 1];	/* nhamlets of each */
	int *households;
	int nhamlets;
	bool province;
	long staff;		/* --staff: this many people in all; 0: as usual */
};

static char *person_name(struct rng *g, bool female)
{
	return xasprintf("%s %s %s", PICK(g, family),
	    female ? PICK(g, middle_f) : PICK(g, middle_m),
	    female ? PICK(g, given_f) : PICK(g, given_m));
}

static int save(struct gen *G, struct record *r)
{
	struct err e;
	struct problems ps = { 0 };
	int rc = db_save(G->db, r, 0, &ps, NULL, &e);
	if (rc != 0)
		cli_error(G->c, &e);
	else {
		G->saved++;
		G->incomplete += r->status == RS_INCOMPLETE;
	}
	problems_free(&ps);
	return rc;
}

static struct record *new_record(struct gen *G, const char *form)
{
	const struct form *f = formset_get(G->db->ws->forms, form);
	struct record *r = db_new_record(G->db, f);
	if (r)
		demo_id(&G->g, r->id);
	return r;
}

static void set_int(struct record *r, const char *name, long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	record_set_str(r, name, buf);
}

static void set_one(struct record *r, const char *name, const char *v)
{
	struct strv sv = STRV_INIT;
	strv_push(&sv, v);
	record_set_list(r, name, &sv);
	strv_free(&sv);
}

static int make_hamlets(struct gen *G, int n)
{
	G->hamlet_ids = xcalloc((size_t)n, sizeof *G->hamlet_ids);
	G->households = xcalloc((size_t)n, sizeof *G->households);
	/* Sizes around the southern standard of 350 households: most meet
	 * it, some are below, one or two are far below (must merge). */
	for (int i = 0; i < n; i++) {
		struct record *r = new_record(G, "hamlets");
		if (!r)
			return -1;
		char *name = i < 20 ? xasprintf("Ấp %s", hamlet_names[i]) :
		    xasprintf("Ấp %s %d", hamlet_names[i % 20], i / 20 + 1);
		record_set_str(r, "name", name);
		free(name);
		char code[16];
		snprintf(code, sizeof code, "A%02d", i + 1);
		record_set_str(r, "code", code);
		int hh;
		switch (i % 6) {
		case 0: hh = between(&G->g, 360, 620); break;
		case 1: hh = between(&G->g, 380, 520); break;
		case 2: hh = between(&G->g, 200, 340); break;
		case 3: hh = between(&G->g, 90, 170); break;
		case 4: hh = between(&G->g, 350, 480); break;
		default: hh = between(&G->g, 250, 400); break;
		}
		G->households[i] = hh;
		set_int(r, "households", hh);
		set_int(r, "population", hh * between(&G->g, 33, 42) / 10);
		char area[32];
		snprintf(area, sizeof area, "%d.%d", between(&G->g, 180, 900), between(&G->g, 0, 9));
		record_set_str(r, "area_ha", area);
		if (i % 7 == 5)
			set_one(r, "factors", "religious");
		record_set_str(r, "proposal", hh < 175 ? "merge" : "keep");
		/* neighbours: the hamlets before and after, in a ring */
		struct strv nb = STRV_INIT;
		if (i > 0)
			strv_push(&nb, G->hamlet_ids[i - 1]);
		record_set_list(r, "neighbours", &nb);
		strv_free(&nb);
		memcpy(G->hamlet_ids[i], r->id, UUID_LEN + 1);
		int rc = save(G, r);
		record_free(r);
		if (rc != 0)
			return -1;
	}
	/* add the forward links now that every id exists */
	for (int i = 0; i + 1 < n; i++) {
		struct db_rec *x = db_get(G->db, "hamlets", G->hamlet_ids[i]);
		struct record *r = record_clone(x->r);
		struct strv nb = STRV_INIT;
		const struct fval *v = record_get(r, "neighbours");
		for (size_t k = 0; v && k < v->items.n; k++)
			strv_push(&nb, v->items.v[k]);
		strv_push(&nb, G->hamlet_ids[i + 1]);
		record_set_list(r, "neighbours", &nb);
		strv_free(&nb);
		struct err e;
		int rc = db_save(G->db, r, r->revision, NULL, NULL, &e);
		record_free(r);
		if (rc != 0)
			return cli_error(G->c, &e), -1;
	}
	G->nhamlets = n;
	return 0;
}

/* A birth date, and a start year at least twenty years later. */
static void birth(struct gen *G, struct record *r)
{
	char buf[11];
	struct date d = { between(&G->g, 1962, 1998), between(&G->g, 1, 12), 1 };
	d.d = between(&G->g, 1, date_days_in_month(d.y, d.m));
	date_format_iso(d, buf);
	record_set_str(r, "birth_date", buf);
	int from = d.y + 20 > 1995 ? d.y + 20 : 1995;
	set_int(r, "start_year", between(&G->g, from, from + 4 > 2022 ? from + 4 : 2022));
}

static void effective(struct gen *G, struct record *r)
{
	char buf[11];
	struct date d = { 2026, between(&G->g, 1, 11), between(&G->g, 1, 28) };
	date_format_iso(d, buf);
	record_set_str(r, "effective_date", buf);
}

static struct record *person(struct gen *G, const char *unit)
{
	struct record *r = new_record(G, "staff");
	if (!r)
		return NULL;
	bool female = next(&G->g) % 3 == 0;
	char *name = person_name(&G->g, female);
	record_set_str(r, "full_name", name);
	free(name);
	record_set_str(r, "gender", female ? "nu" : "nam");
	record_set_str(r, "unit", unit);
	birth(G, r);
	record_set_str(r, "education", PICK(&G->g, educations));
	record_set_str(r, "qualification", PICK(&G->g, qualifications));
	record_set_str(r, "political_theory", PICK(&G->g, theories));
	return r;
}

static int make_staff(struct gen *G, const char *klass)
{
	/* Commune level: a few more people than the class allows, so the
	 * plan has something to do. */
	int quota = strcmp(klass, "I") == 0 ? 14 : strcmp(klass, "II") == 0 ? 12 : 10;
	int n = G->province ? quota + between(&G->g, 0, 4) : quota + 3;
	long made = 0;
	if (G->staff && n > G->staff)
		n = (int)G->staff;
	for (int i = 0; i < n; i++, made++) {
		struct record *r = person(G, "commune");
		if (!r)
			return -1;
		const char *title = commune_titles[i % 13];
		set_one(r, "positions", title);
		static const char *const coefs[] = { "0.9", "1.0", "1.0", "1.1", "1.14",
			"1.2", "1.3" };
		record_set_str(r, "allowance_coefficient", PICK(&G->g, coefs));
		int roll = between(&G->g, 0, 9);
		if (!G->province && i >= quota) {
			/* the people above the quota: one retires, one leaves with
			 * the support policy, one is not decided yet */
			if (i == quota || i == quota + 1) {
				record_set_str(r, "arrangement", i == quota ? "retire" :
				    "leave_with_support");
				effective(G, r);
			}
		} else if (i >= quota && roll < 5) {
			record_set_str(r, "arrangement", roll < 3 ? "leave_with_support" : "retire");
			effective(G, r);
		} else if (roll == 9) {
			record_set_str(r, "arrangement", "concurrent");
			struct strv np = STRV_INIT;
			strv_push(&np, title);
			strv_push(&np, commune_titles[(i + 5) % 13]);
			record_set_list(r, "new_positions", &np);
			strv_free(&np);
			effective(G, r);
		} else if (i == 2) {
			/* left for the officer to decide: saved incomplete */
		} else {
			record_set_str(r, "arrangement", "keep");
		}
		int rc = save(G, r);
		record_free(r);
		if (rc != 0)
			return -1;
	}
	/* Hamlet level: the three paid titles, the party secretary often
	 * also heading the Front committee (kiêm nhiệm). */
	for (int h = 0; h < G->nhamlets && !(G->staff && made >= G->staff); h++) {
		bool doubled = next(&G->g) % 3 == 0;
		for (int k = 0; k < (doubled ? 2 : 3) && !(G->staff && made >= G->staff); k++, made++) {
			struct record *r = person(G, "hamlet");
			if (!r)
				return -1;
			record_set_str(r, "hamlet", G->hamlet_ids[h]);
			struct strv pos = STRV_INIT;
			strv_push(&pos, hamlet_titles[k]);
			if (doubled && k == 0)
				strv_push(&pos, hamlet_titles[2]);
			record_set_list(r, "positions", &pos);
			strv_free(&pos);
			static const char *const hcoefs[] = { "1.0", "1.2", "1.5" };
			record_set_str(r, "allowance_coefficient", hcoefs[k]);
			bool small = G->households[h] < 175;
			if (small && k == 2) {
				record_set_str(r, "arrangement", "leave_with_support");
				effective(G, r);
			} else {
				record_set_str(r, "arrangement", "keep");
			}
			if (next(&G->g) % 11 == 0)
				record_unset(r, "arrangement");	/* not decided yet */
			int rc = save(G, r);
			record_free(r);
			if (rc != 0)
				return -1;
		}
	}
	/* --staff beyond the hamlets' titles: more people at commune level,
	 * all leaving (a large merged commune cutting its staff) */
	for (; G->staff && made < G->staff; made++) {
		struct record *r = person(G, "commune");
		if (!r)
			return -1;
		set_one(r, "positions", commune_titles[made % 13]);
		record_set_str(r, "allowance_coefficient", "1.0");
		record_set_str(r, "arrangement", made % 3 ? "leave_with_support" : "retire");
		effective(G, r);
		int rc = save(G, r);
		record_free(r);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* A merger of the smallest hamlet into its neighbour, voters consulted. */
static int make_merger(struct gen *G)
{
	int small = -1;
	for (int i = 0; i < G->nhamlets; i++)
		if (G->households[i] < 175 && (small < 0 || G->households[i] < G->households[small]))
			small = i;
	if (small < 0 || G->nhamlets < 2)
		return 0;
	int other = small + 1 < G->nhamlets ? small + 1 : small - 1;
	struct record *r = new_record(G, "mergers");
	if (!r)
		return -1;
	struct db_rec *x = db_get(G->db, "hamlets", G->hamlet_ids[other]);
	record_set_str(r, "new_name", x->name);
	struct strv hs = STRV_INIT;
	strv_push(&hs, G->hamlet_ids[small]);
	strv_push(&hs, G->hamlet_ids[other]);
	record_set_list(r, "hamlets", &hs);
	strv_free(&hs);
	int voters = G->households[small] + G->households[other];
	set_int(r, "voters_total", voters);
	set_int(r, "voters_agree", voters * between(&G->g, 60, 92) / 100);
	record_set_str(r, "consultation_date", "2026-10-12");
	record_set_str(r, "stage", "consulted");
	int rc = save(G, r);
	record_free(r);
	return rc;
}

/* --hamlets and --staff: one large commune; 0: the usual sizes */
struct demo_size {
	int hamlets;
	long staff;
};

static int make_commune(struct cli *c, const char *dir, struct rng *g, int index,
    bool province, const struct demo_size *size)
{
	struct ws_config cfg = { 0 };
	char code[16];
	snprintf(code, sizeof code, "%05d", 27600 + index * 3);
	cfg.province_code = xstrdup("72");
	cfg.province_name = xstrdup("Tây Ninh");
	cfg.district_code = xasprintf("%03d", 600 + (index / 12) % 8);
	cfg.district_name = xasprintf("Huyện %s", districts[(index / 12) % 8]);
	cfg.commune_code = xstrdup(code);
	cfg.commune_name = index < 20 ? xasprintf("Xã %s", commune_names[index]) :
	    xasprintf("Xã %s %d", commune_names[index % 20], index / 20 + 1);
	cfg.commune_kind = xstrdup("xa");
	static const char *const classes[] = { "I", "II", "II", "III" };
	cfg.commune_class = xstrdup(province ? classes[next(g) % 4] : "II");
	cfg.class_decision = xstrdup("Quyết định 1245/QĐ-UBND (ví dụ)");
	cfg.region = xstrdup("south");
	/* around the xã standard of NQ 1211 (8.000 people, 30 km²): most get no
	 * extra quota, a few do */
	cfg.population = province ? between(g, 5000, 14000) : 8600;
	cfg.area_km2 = province ? between(g, 1500, 4500) / 100.0 : 28.4;
	/* the demo plans under the decrees' quotas; a real workspace takes the
	 * pack in force on the day (the 2025 transition ends commune posts) */
	cfg.rules_staff = xstrdup("nd33-2023");
	cfg.officer_id = xstrdup("nva");
	cfg.officer_name = xstrdup("Nguyễn Văn An");
	cfg.language = LANG_VI;
	cfg.has_language = true;
	struct err e;
	int rc = EXIT_OK;
	struct workspace *ws = NULL;
	struct db *db = NULL;
	struct gen G = { .g = *g, .c = c, .province = province, .staff = size->staff };
	if (ws_create(dir, &cfg, &c->paths, &e) != 0 || ws_open(dir, &c->paths, &ws, &e) != 0 ||
	    db_open(ws, &db, &e) != 0) {
		rc = cli_error(c, &e);
		goto out;
	}
	ws->durable = false;	/* one syncfs at the end instead */
	domain_attach(db);
	G.db = db;
	int hamlets = province ? between(&G.g, 4, 14) : size->hamlets ? size->hamlets : 10;
	if (make_hamlets(&G, hamlets) != 0 || make_staff(&G, cfg.commune_class) != 0 ||
	    make_merger(&G) != 0) {
		rc = EXIT_ENV;
		goto out;
	}
	*g = G.g;
	if (!province)
		cli_note(c, _("demo commune %s in %s: %zu records (%zu incomplete)\n"),
		    cfg.commune_name, dir, G.saved, G.incomplete);
out:
	free(G.hamlet_ids);
	free(G.households);
	db_free(db);
	ws_close(ws);
	ws_config_free(&cfg);
	return rc;
}

int cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "communes", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "hamlets", required_argument, NULL, 'H' },
		{ "staff", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_size size = { 0, 0 };
	long communes = 0, v;
	unsigned long long seed = 1;
	int opt;
	char *end;
	while ((opt = getopt_long(argc, argv, CLI_SHORT, opts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(_("Usage: sapxep demo --data DIR [--communes N] [--seed S]\n"
			    "                   [--hamlets N] [--staff N]\n"
			    "Write a demo commune in DIR: a southern commune with hamlets of varied\n"
			    "sizes (some below the standard), staff at commune and hamlet level and\n"
			    "a merger proposal. With --communes N, write N communes in DIR/<code>/\n"
			    "(a province). The same seed gives the same records.\n"
			    "--hamlets and --staff make one large commune instead (for benchmarks):\n"
			    "N hamlets, and N people in all (those beyond the hamlets' titles work\n"
			    "at commune level and are leaving).\n"), stdout);
			return EXIT_OK;
		case 'n':
			errno = 0;
			communes = strtol(optarg, &end, 10);
			if (errno || *end || communes < 1 || communes > 20000)
				return cli_fail(c, EXIT_USAGE, _("--communes takes a number from 1 to 20000"));
			break;
		case 'H':
		case 'S':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 100000)
				return cli_fail(c, EXIT_USAGE, _("--%s takes a number from 1 to 100000"),
				    opt == 'H' ? "hamlets" : "staff");
			if (opt == 'H')
				size.hamlets = (int)v;
			else
				size.staff = v;
			break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (errno || *end)
				return cli_fail(c, EXIT_USAGE, _("--seed takes a whole number"));
			break;
		default: {
			int k = cli_common(c, opt, optarg);
			if (k != 0)
				return k < 0 ? EXIT_USAGE : cli_usage(c);
		}
		}
	}
	if (optind != argc)
		return cli_fail(c, EXIT_USAGE, _("unexpected argument '%s'"), argv[optind]);
	if (communes && (size.hamlets || size.staff))
		return cli_fail(c, EXIT_USAGE, _("--hamlets and --staff make one commune: not with --communes"));
	struct rng g = { seed };
	int rc = EXIT_OK;
	if (communes == 0) {
		rc = make_commune(c, c->data, &g, 0, false, &size);
	} else {
		struct err e;
		if (fs_mkdirs(c->data, 0700, &e) != 0)
			return cli_error(c, &e);
		for (long i = 0; i < communes && rc == EXIT_OK; i++) {
			char *dir = xasprintf("%s/%05ld", c->data, 27600 + i * 3);
			rc = make_commune(c, dir, &g, (int)i, true, &size);
			free(dir);
		}
		if (rc == EXIT_OK)
			cli_note(c, _("demo province in %s: %ld communes\n"), c->data, communes);
	}
	sync();
	return rc;
}
