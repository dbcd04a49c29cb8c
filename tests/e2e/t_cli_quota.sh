# sapxep quota on a workspace built with init and new: the plan against
# the quota and the fund under NĐ 33/2023, NĐ 34/2019 and the 2025
# transition, as text, CSV and YAML (read back with python3-yaml).
. "$(dirname "$0")/lib.sh"
W="$T/xa"
export SAPXEP_NOW=2025-01-15T10:00:00+07:00

expect_exit 0 "$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" \
	--class III --kind xa --region south --population 7500 --area 25
expect_exit 0 "$BIN" new hamlets --data "$W" "name=Thôn Đông" kind=thon households=360
expect_exit 0 "$BIN" new hamlets --data "$W" "name=Tổ dân phố 5" kind=tdp households=360
# a name from another machine, with an escape sequence in it
expect_exit 0 "$BIN" new hamlets --data "$W" "name=$(printf 'Ấp \033[31mĐỏ')" kind=thon households=100

# eleven people at commune level at 1,14 each: ten kept, one leaving
titles="pho_cht_quan_su pho_chu_nhiem_ubkt van_phong_dang_uy pho_ct_mttq pho_ct_ccb
pho_ct_phu_nu pho_ct_nong_dan pho_bi_thu_doan ct_nguoi_cao_tuoi ct_chu_thap_do thu_y"
i=0
for t in $titles; do
	i=$((i + 1))
	arr="arrangement=keep"
	[ "$i" -eq 11 ] && arr="arrangement=leave_with_support effective_date=01/03/2025"
	# shellcheck disable=SC2086
	expect_exit 0 "$BIN" new staff --data "$W" "full_name=Người Số $i" birth_date=0$((i % 9 + 1))/01/1980 \
		unit=commune "positions=$t" allowance_coefficient=1,14 $arr
done
LEAVER=$(cat "$T/out")
# a hamlet head who is also the party cell secretary
expect_exit 0 "$BIN" new staff --data "$W" "full_name=Nguyễn Văn Đức" birth_date=05/03/1980 \
	unit=hamlet "hamlet=thon dong" "positions=truong_thon, bi_thu_chi_bo" \
	allowance_coefficient=1,5 arrangement=keep

# --- text, NĐ 33/2023 (in force on the pinned day) -------------------------
expect_exit 0 "$BIN" quota --data "$W"
contains "$T/out" "Quy định: Nghị định 33/2023/NĐ-CP"
contains "$T/out" "Mức lương cơ sở: 2.340.000 đ/tháng — Nghị định 73/2024/NĐ-CP (B)"
# 11 before, 10 after against a quota of 10 for class III
contains "$T/out" "Trước: 11 người. Sau: 10 (giữ nguyên 10"
contains "$T/out" "Định mức 10: vừa đủ"
contains "$T/out" "Định mức cấp xã loại III: 10 người — Nghị định 33/2023/NĐ-CP, Điều 33 khoản 1 (A)"
# fund 15,0 × 2.340.000 = 35.100.000 đ, graded C; after 10 × 1,14 = 11,4
contains "$T/out" "quỹ 15,0 lần (35.100.000 đ)"
contains "$T/out" "sau sắp xếp 11,4 lần (26.676.000 đ)"
contains "$T/out" "Điều 34 khoản 1 (C) [chưa chắc chắn]"
# the hamlet of 360 households: 6,0 × 2.340.000 = 14.040.000 đ
contains "$T/out" "quỹ 6,0 lần (14.040.000 đ)"
contains "$T/out" "Tổ dân phố 5"
contains "$T/out" "tổ dân phố có 360 hộ, dưới 500 hộ"
# hostile text is shown, never sent
lacks "$T/out" "$(printf '\033')"
contains "$T/out" "Ấp ^[[31mĐỏ"
# English on request
expect_exit 0 "$BIN" quota --data "$W" --lang en
contains "$T/out" "Commune level, class III: at most 10 people"
contains "$T/out" "Quota 10: exactly met"

# --- yaml, read back by another implementation -----------------------------
expect_exit 0 "$BIN" quota --data "$W" --format yaml
check "quota yaml holds the figures" "${PYTHON:-python3}" - "$T/out" <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
assert d["rules"]["pack"] == "nd33-2023", d["rules"]
assert d["rules"]["base_salary"] == 2340000
c = d["commune_level"]
want = dict(before=11, after=10, quota=10, over=0, concurrent=0, fund=15.0,
            fund_dong=35100000, allowance_before=12.54, allowance_after=11.4)
for k, v in want.items():
    assert c[k] == v, (k, c[k], v)
assert any(b["fact"] == "commune_fund.III" and b["uncertain"] for b in c["basis"])
h = {x["name"]: x for x in d["hamlets"]}
dong = h["Thôn Đông"]
assert (dong["before"], dong["after"], dong["quota"], dong["over"]) == (1, 1, 3, -2), dong
assert dong["fund"] == 6.0 and dong["fund_dong"] == 14040000 and dong["allowance_after"] == 1.5
assert dong["concurrent"] == 1 and dong["titles_vacant"] == ["truong_ban_mttq"], dong
assert h["Tổ dân phố 5"]["fund"] == 4.5
assert h["Ấp \x1b[31mĐỏ"]["fund"] == 4.5
assert d["attention"] == []
EOF

# --- csv ---------------------------------------------------------------------
expect_exit 0 "$BIN" quota --data "$W" --format csv
contains "$T/out" "level,id,name,before,after,after_kept"
contains "$T/out" "commune,,Cấp xã,11,10,10,0,0,0,1,0,10,0,0,15.0,35100000,12.54,29343600,11.4,26676000,"

# --- another day, other rules --------------------------------------------------
# NĐ 34/2019: class III fund 11,4 × 1.490.000 = 16.986.000 đ; a thôn of
# 360 households 5,0; a tổ dân phố 3,0
expect_exit 0 "$BIN" quota --data "$W" --date 01/06/2022
contains "$T/out" "Nghị định 34/2019/NĐ-CP"
contains "$T/out" "quỹ 11,4 lần (16.986.000 đ)"
contains "$T/out" "quỹ 5,0 lần (7.450.000 đ)"
contains "$T/out" "quỹ 3,0 lần (4.470.000 đ)"
# the 2025 transition: after 30/05/2026 the commune level has no posts
expect_exit 0 "$BIN" quota --data "$W" --date 01/07/2026
contains "$T/out" "Chuyển tiếp 2025"
contains "$T/out" "Định mức 0: vượt 10 người"
contains "$T/out" "Nghị định 154/2025/NĐ-CP"

# --- a change to the plan shows at once ---------------------------------------
expect_exit 0 "$BIN" set staff "$LEAVER" --data "$W" arrangement=keep
expect_exit 0 "$BIN" quota --data "$W"
contains "$T/out" "Định mức 10: vượt 1 người"
# an incomplete record counts and is listed
expect_exit 0 "$BIN" new staff --data "$W" "full_name=Hồ Văn Chờ" unit=commune positions=khuyen_nong
expect_exit 0 "$BIN" quota --data "$W"
contains "$T/out" "Trước: 12 người. Sau: 12"
contains "$T/out" "Hồ sơ cần bổ sung (1):"
contains "$T/out" "Hồ Văn Chờ"

# --- errors ---------------------------------------------------------------------
expect_exit 2 "$BIN" quota --data "$W" --date 31/02/2025
contains "$T/err" "--date: '31/02/2025' không phải là ngày"
expect_exit 2 "$BIN" quota --data "$W" --format xml
expect_exit 2 "$BIN" quota --data "$W" extra
expect_exit 1 "$BIN" quota --data "$T/nowhere"
W2="$T/xa2"
expect_exit 0 "$BIN" init --data "$W2" --province 72 --commune 27602 --name "Xã Hai" \
	--class II --staff-rules khong-co
expect_exit 1 "$BIN" quota --data "$W2"
contains "$T/err" "rules.staff ghi 'khong-co'"
# a broken provincial pack is reported, the shipped ones still serve
W3="$T/xa3"
expect_exit 0 "$BIN" init --data "$W3" --province 72 --commune 27603 --name "Xã Ba" --class I
mkdir -p "$W3/config/rules"
printf 'pack: hong\nkind: staff\nfacts: [\n' >"$W3/config/rules/hong.yaml"
expect_exit 0 "$BIN" quota --data "$W3"
contains "$T/err" "không đọc được bộ quy định: $W3/config/rules/hong.yaml:"
contains "$T/out" "Định mức cấp xã loại I: 14 người"
finish
