# sapxep review by date (issue 15 item 1): the same hamlets judged under
# Circular 14/2018 up to 25/05/2026 and under Decree 185/2026 from
# 26/05/2026. Under the Decree a southern ấp needs 400 households (the old
# region code "south" lies in Đông Nam Bộ), every unit below the standard
# must be rearranged (no 50% band), a mountain unit is a special case, a
# border commune's units are held to their region's standard, the figures
# are shown as uncertain, and "central" (two new regions) gets no
# standard but a warning. rules.hamlets still pins a pack.
. "$(dirname "$0")/lib.sh"
W="$T/xa"

expect_exit 0 "$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" \
	--class II --kind xa --region south
for h in "Ấp Một:420" "Ấp Hai:380" "Ấp Ba:150"; do
	expect_exit 0 "$BIN" new hamlets --data "$W" "name=${h%%:*}" kind=thon households="${h##*:}"
done
expect_exit 0 "$BIN" new hamlets --data "$W" "name=Ấp Năm" kind=thon households=120 factors=mountain

# --- before 26/05/2026: Circular 14/2018, exactly as before ------------------
SAPXEP_NOW=2026-05-25T10:00:00+07:00 expect_exit 0 "$BIN" review --data "$W" --format yaml
check "on 25/05/2026 the Circular: 350, a 50% band, mountain no exemption" \
	"${PYTHON:-python3}" - "$T/out" <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
s = yaml.safe_dump(d)
assert "tt14-2018" in s and "nd185-2026" not in s, s[:400]
h = {x["name"]: x for x in d["hamlets"]}
assert h["Ấp Hai"]["standard"] == 350 and h["Ấp Hai"]["status"] == "meets", h["Ấp Hai"]
assert h["Ấp Ba"]["status"] == "must_merge", h["Ấp Ba"]
assert h["Ấp Năm"]["status"] == "must_merge", h["Ấp Năm"]
EOF
SAPXEP_NOW=2026-05-25T10:00:00+07:00 expect_exit 0 "$BIN" review --data "$W"
contains "$T/out" "Dưới 50% tiêu chuẩn: phải sáp nhập"

# --- from 26/05/2026: Decree 185/2026 -------------------------------------------
SAPXEP_NOW=2026-05-26T10:00:00+07:00 expect_exit 0 "$BIN" review --data "$W" --format yaml
check "on 26/05/2026 the Decree: 400, below it rearranged, mountain a special case" \
	"${PYTHON:-python3}" - "$T/out" <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
s = yaml.safe_dump(d)
assert "nd185-2026" in s, s[:400]
h = {x["name"]: x for x in d["hamlets"]}
assert h["Ấp Một"]["standard"] == 400 and h["Ấp Một"]["status"] == "meets", h["Ấp Một"]
assert h["Ấp Hai"]["standard"] == 400 and h["Ấp Hai"]["status"] == "must_merge", h["Ấp Hai"]
assert h["Ấp Ba"]["status"] == "must_merge", h["Ấp Ba"]
assert h["Ấp Năm"]["status"] == "exempt", h["Ấp Năm"]
EOF
export SAPXEP_NOW=2026-12-03T10:00:00+07:00
expect_exit 0 "$BIN" review --data "$W"
contains "$T/out" "Nghị định 185/2026/NĐ-CP) [nd185-2026], áp dụng ngày 03/12/2026"
contains "$T/out" "Dưới 100% tiêu chuẩn: phải sáp nhập; từ 100%: đạt chuẩn — Nghị định 185/2026/NĐ-CP, Điều 8 khoản 3 (X)"
contains "$T/out" "CHƯA XÁC NHẬN: tiêu chuẩn 400 hộ"
check "the standard is marked with its grade" grep -qE "Ấp Hai +Thôn +380 +400 \(X\) +95,0% +!! " "$T/out"
lacks "$T/out" "Dưới 50%"

# a tổ dân phố in a phường of Hà Nội: 700
P="$T/phuong"
expect_exit 0 "$BIN" init --data "$P" --province 01 --commune 00001 --name "Phường Thử" \
	--class I --kind phuong --region hanoi_hcmc
expect_exit 0 "$BIN" new hamlets --data "$P" "name=Tổ dân phố 1" kind=tdp households=690
expect_exit 0 "$BIN" review --data "$P"
check "a Hà Nội tổ dân phố needs 700" grep -qE "Tổ dân phố 1 +Tổ dân phố +690 +700 \(C\) +98,5% +!! " "$T/out"

# a border commune: no national border standard any more, the region's applies
expect_exit 0 "$BIN" init --data "$T/bien" --province 72 --commune 27602 --name "Xã Biên" \
	--class II --kind xa --region southeast --border-or-island
expect_exit 0 "$BIN" new hamlets --data "$T/bien" "name=Ấp Biên" kind=thon households=120
expect_exit 0 "$BIN" review --data "$T/bien"
check "a border commune's ấp is held to 400" grep -qE "Ấp Biên +Thôn +120 +400 \(X\)" "$T/out"
SAPXEP_NOW=2026-05-20T10:00:00+07:00 expect_exit 0 "$BIN" review --data "$T/bien"
check "and before 26/05/2026 to the Circular's 100" grep -qE "Ấp Biên +Thôn +120 +100 " "$T/out"

# "central" spans two regions of the Decree: no standard, a warning naming it
expect_exit 0 "$BIN" init --data "$T/trung" --province 46 --commune 19000 --name "Xã Trung" \
	--class II --kind xa --region central
expect_exit 0 "$BIN" new hamlets --data "$T/trung" "name=Thôn Giữa" kind=thon households=300
expect_exit 0 "$BIN" validate --data "$T/trung"
contains "$T/out" "cảnh báo: Vùng: Bộ quy định nd185-2026 không có tiêu chuẩn số hộ cho loại 'thon' ở vùng 'central'"

# rules.hamlets pins the Circular even today
printf 'rules: {hamlets: tt14-2018}\n' >>"$W/sapxep.yaml"
expect_exit 0 "$BIN" review --data "$W"
contains "$T/out" "[tt14-2018], áp dụng ngày 03/12/2026"
finish
