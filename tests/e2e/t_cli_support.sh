# sapxep support: the Decree 154/2025 support of each person who leaves
# (arrangement leave_with_support), worked by hand from the pack's
# figures (Điều 10: 0,8 × P a month, 1,5 × P a year, 3 × P job search,
# 15 × P at or past the retirement age; P = coefficient × the base salary
# of the month before leaving: 2.340.000 until 30/6/2026, 2.530.000 from
# 1/7/2026). A person with an input missing is listed with what is
# missing and never counted as zero. Text, CSV, YAML (read back with
# python3-yaml), --date, --output, and the same figures under vi_VN.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
export SAPXEP_NOW=2026-12-03T10:00:00+07:00

expect_exit 0 "$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" \
	--class III --kind xa --region south --population 7500 --area 25
expect_exit 0 "$BIN" new hamlets --data "$W" "name=Ấp Một" kind=thon households=200
leaver() {
	"$BIN" new staff --data "$W" unit=hamlet "hamlet=ap mot" positions=truong_thon \
		arrangement=leave_with_support "$@" >"$T/id" 2>"$T/err" ||
		fail "new staff $*: $(cat "$T/err")"
	cat "$T/id"
}
# 96 months of service, 124 months left to 62 (a man born in 1975):
# part (a) takes the cap of 60 months
MOT=$(leaver "full_name=Lê Văn Một" gender=nam birth_date=01/01/1975 allowance_coefficient=1,5 \
	effective_date=01/09/2026 service_start=01/09/2018)
# 26 months of service (under 60): part (a) counts them; 2 years and 2
# months count 2,5 years; leaving 01/06/2026, the base salary of May
HAI=$(leaver "full_name=Trần Thị Hai" gender=nu birth_date=01/01/1990 allowance_coefficient=1,2 \
	effective_date=01/06/2026 service_start=15/03/2024)
# 66 years old when leaving: 15 × P alone
BA=$(leaver "full_name=Phạm Văn Ba" gender=nam birth_date=01/01/1960 allowance_coefficient=1 \
	effective_date=01/09/2026 service_start=01/01/2000)
# nothing but a name
BON=$(leaver "full_name=Đỗ Văn Bốn")
# someone who stays is not listed
expect_exit 0 "$BIN" new staff --data "$W" "full_name=Ngô Thị Năm" unit=hamlet "hamlet=ap mot" \
	positions=bi_thu_chi_bo allowance_coefficient=1 arrangement=keep

# --- text ---------------------------------------------------------------------
expect_exit 0 "$BIN" support --data "$W"
contains "$T/out" "Lê Văn Một — Điều 10 (thôn, tổ dân phố, do sắp xếp), nghỉ từ ngày 01/09/2026"
contains "$T/out" "P = 1,5 × 2.530.000 đ = 3.795.000 đ/tháng (chức danh chính; mức lương cơ sở tháng 08/2026) — Nghị định 161/2026/NĐ-CP"
contains "$T/out" "Thời gian công tác: 96 tháng, tính 8 năm; còn 124 tháng đến tuổi nghỉ hưu"
contains "$T/out" "(a) 0,8 × P × 60 tháng (mức tối đa) = 182.160.000 đ"
contains "$T/out" "(b) 1,5 × P × 8 năm = 45.540.000 đ"
contains "$T/out" "(c) 3 × P = 11.385.000 đ"
contains "$T/out" "Tổng cộng: 239.085.000 đ"
contains "$T/out" "P = 1,2 × 2.340.000 đ = 2.808.000 đ/tháng (chức danh chính; mức lương cơ sở tháng 05/2026)"
contains "$T/out" "Thời gian công tác: 26 tháng, tính 2,5 năm"
contains "$T/out" "(a) 0,8 × P × 26 tháng (số tháng đã công tác) = 58.406.400 đ"
contains "$T/out" "(b) 1,5 × P × 2,5 năm = 10.530.000 đ"
contains "$T/out" "Tổng cộng: 77.360.400 đ"
# a figure graded C is shown as uncertain
contains "$T/out" "Đã đến tuổi nghỉ hưu: 15 × P = 37.950.000 đ — Nghị định 154/2025/NĐ-CP, Điều 10 (C) [chưa chắc chắn]"
contains "$T/out" "Đỗ Văn Bốn"
contains "$T/out" "chưa tính được: thiếu Ngày thực hiện, Ngày bắt đầu công tác được tính, Hệ số phụ cấp hiện hưởng, Ngày sinh, Giới tính"
# 239.085.000 + 77.360.400 + 37.950.000
contains "$T/out" "Tổng của xã: 354.395.400 đ (3 người); 1 người chưa tính được, không cộng vào tổng"
lacks "$T/out" "Ngô Thị Năm"

# --- YAML, read back by another implementation -------------------------------
expect_exit 0 "$BIN" support --data "$W" --format yaml
check "support yaml holds the figures" "${PYTHON:-python3}" - "$T/out" "$MOT" "$HAI" "$BA" "$BON" <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
mot, hai, ba, bon = sys.argv[2:6]
p = {x["id"]: x for x in d["people"]}
assert len(p) == 4, list(p)
m = p[mot]
assert (m["article"], m["monthly_allowance"], m["service_months"], m["months"], m["months_case"]) \
    == (10, 3795000, 96, 60, "cap"), m
assert (m["part_a"], m["part_b"], m["part_c"], m["total"]) == (182160000, 45540000, 11385000, 239085000), m
assert m["base_salary"]["value"] == 2530000 and m["base_salary"]["confidence"] == "A", m
h = p[hai]
assert (h["months_case"], h["service_years"], h["total"]) == ("months_worked", 2.5, 77360400), h
assert h["base_salary"]["value"] == 2340000, h
b = p[ba]
assert b["retired"] is True and b["retired_lump"] == 37950000 and b["total"] == 37950000, b
assert b["retired_months"]["uncertain"] is True, b
n = p[bon]
assert n["total"] is None and n["article"] is None, n
assert n["missing"] == ["effective_date", "service_start", "allowance_coefficient", "birth_date", "gender"], n
EOF

# --- CSV: the dots of a file, never the locale's comma ------------------------
expect_exit 0 "$BIN" support --data "$W" --format csv
cp "$T/out" "$T/c.csv"
contains "$T/c.csv" "$MOT,Lê Văn Một,10,false,2026-09-01,1.5,2530000,3795000,96,8.0,124,false,60,182160000,45540000,11385000,,239085000,"
contains "$T/c.csv" "$BON,Đỗ Văn Bốn,,,,,,,,,,,,,,,,,effective_date service_start allowance_coefficient birth_date gender"
LANG=vi_VN.UTF-8 LC_ALL=vi_VN.UTF-8 expect_exit 0 "$BIN" support --data "$W" --format csv
check "the CSV is the same under vi_VN.UTF-8" cmp "$T/out" "$T/c.csv"

# --- --date: everyone as if leaving that day -----------------------------------
# leaving 01/07/2026 takes June's base salary (2.340.000); 01/08/2026 July's
expect_exit 0 "$BIN" support --data "$W" --date 01/07/2026
contains "$T/out" "P = 1,5 × 2.340.000 đ = 3.510.000 đ/tháng (chức danh chính; mức lương cơ sở tháng 06/2026)"
expect_exit 0 "$BIN" support --data "$W" --date 01/08/2026
contains "$T/out" "P = 1,5 × 2.530.000 đ = 3.795.000 đ/tháng (chức danh chính; mức lương cơ sở tháng 07/2026)"
expect_exit 2 "$BIN" support --data "$W" --date 31/02/2026
expect_exit 2 "$BIN" support --data "$W" --format bogus
contains "$T/err" "--format"

# --- --output: a file, as the screen shows ------------------------------------
expect_exit 0 "$BIN" support --data "$W" --format csv --output "$T/s.csv"
check "the CSV file starts with a UTF-8 mark for Excel" sh -c \
	"head -c 3 '$T/s.csv' | od -An -tx1 | grep -q 'ef bb bf'"
check "and holds the same rows" sh -c "tail -c +4 '$T/s.csv' | cmp - '$T/c.csv'"

# --- nobody leaving ----------------------------------------------------------
for id in "$MOT" "$HAI" "$BA" "$BON"; do
	expect_exit 0 "$BIN" set staff "$id" --data "$W" arrangement=keep
done
expect_exit 0 "$BIN" support --data "$W" --format yaml
check "nobody leaving: an empty list" "${PYTHON:-python3}" -c \
	"import sys, yaml; d = yaml.safe_load(open('$T/out')); assert d['people'] == [], d"
finish
