# sapxep review and sapxep plan on a southern commune: hamlets against the
# household standard, a proposal whose vote is exactly half, the planner's
# suggestion turned into a proposal, and hostile names kept harmless.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
# the last day of Circular 14/2018 (pack tt14-2018): Decree 185/2026 is
# tested in t_cli_review_nd185.sh
export SAPXEP_NOW=2026-05-25T10:00:00+07:00

expect_exit 0 "$BIN" init --data "$W" --province 80 --commune 27700 --name "Xã Bình Thành" \
	--class II --region south --officer nva

new_hamlet() {
	expect_exit 0 "$BIN" new hamlets --data "$W" "$@"
	cat "$T/out"
}
A=$(new_hamlet "name=Ấp Bình Hòa" households=120)		# 34,2%: must merge
B=$(new_hamlet "name=Ấp Bình Phú" households=400)		# meets
C=$(new_hamlet "name=Ấp Cả Rưng" households=90 factors=ethnic_minority)	# exempt
D=$(new_hamlet "name=Ấp Đồng Tâm" households=300)		# below
E=$(new_hamlet "name=Ấp Gò Ớt" households=100)			# must merge
F=$(new_hamlet "name=Ấp Tân Long" households=500)		# meets
expect_exit 0 "$BIN" set hamlets "$A" --data "$W" "neighbours=Ấp Bình Phú, Ấp Đồng Tâm"
expect_exit 0 "$BIN" set hamlets "$E" --data "$W" "neighbours=ap tan long"

# validate warns (exit 0) about the hamlets that must merge and have no plan
expect_exit 0 "$BIN" validate --data "$W"
contains "$T/out" "cảnh báo: Số hộ gia đình: 120 hộ, bằng 34,2% tiêu chuẩn 350 hộ: phải sáp nhập"

# the review as text, in Vietnamese
expect_exit 0 "$BIN" review --data "$W"
contains "$T/out" "Ấp Bình Hòa"
contains "$T/out" "34,2%  !! Phải sáp nhập"
contains "$T/out" "ex Miễn (đặc thù)"
contains "$T/out" "85,7%  -  Chưa đạt chuẩn"
contains "$T/out" "114,2%  ok Đạt chuẩn"
contains "$T/out" "Số thôn, tổ dân phố hiện nay: 6 (đạt chuẩn 2, chưa đạt 1, phải sáp nhập 2, miễn 1, chưa rõ 0)"
contains "$T/out" "Phải sáp nhập nhưng chưa có phương án: 2 (Ấp Bình Hòa, Ấp Gò Ớt)"
contains "$T/out" "Thông tư 04/2012/TT-BNV"

# a proposal at the council stage with exactly half in favour: refused as
# incomplete, and said why
expect_exit 0 "$BIN" new mergers --data "$W" "new_name=Ấp Bình Hòa Phú" \
	"hamlets=Ấp Bình Hòa, Ấp Bình Phú" voters_total=520 voters_agree=260 \
	consultation_date=10/05/2026 stage=commune_council
M=$(cat "$T/out")
contains "$T/err" "đã lưu nhưng chưa đủ"
contains "$T/err" "Chỉ 260/520 (50,0%) cử tri đồng ý, cần trên 50%"
contains "$W/mergers/$M.yaml" "status: incomplete"
# a second proposal with the same hamlet is an error
expect_exit 0 "$BIN" new mergers --data "$W" "new_name=Ấp Khác" "hamlets=Ấp Bình Hòa, Ấp Đồng Tâm"
contains "$T/err" "Ấp Bình Hòa đã thuộc một phương án khác đang thực hiện (Ấp Bình Hòa Phú)"
M2=$(cat "$T/out")
expect_exit 0 "$BIN" delete mergers "$M2" --data "$W"

expect_exit 0 "$BIN" review --data "$W" --lang en
contains "$T/out" "Ấp Bình Hòa Phú = Ấp Bình Hòa + Ấp Bình Phú  [Passed by the commune council]"
contains "$T/out" "520 households / standard 350: meets it; in favour 260/520 = 50.0%: NOT PASSED"
contains "$T/out" "Must merge but in no proposal: 1 (Ấp Gò Ớt)"

# one vote more and it passes
expect_exit 0 "$BIN" set mergers "$M" --data "$W" voters_agree=261
contains "$W/mergers/$M.yaml" "status: complete"
lacks "$T/err" "cử tri đồng ý"

# YAML: what scripts and the province read
expect_exit 0 "$BIN" review --data "$W" --format yaml
cp "$T/out" "$T/review.yaml"
contains "$T/review.yaml" "pack: tt14-2018"
contains "$T/review.yaml" "status: must_merge"
contains "$T/review.yaml" "agree_share: 0.501"
contains "$T/review.yaml" "vote_passed: true"
contains "$T/review.yaml" "must_merge_unplanned: 1"
contains "$T/review.yaml" "after_proposed: 5"
if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then
	check "review YAML reads back with python3-yaml" python3 - "$T/review.yaml" "$A" <<'EOF'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
h = {x["id"]: x for x in d["hamlets"]}
a = h[sys.argv[2]]
assert a["name"] == "Ấp Bình Hòa" and a["households"] == 120, a
assert a["standard"] == 350 and a["standard_confidence"] == "A", a
assert a["ratio"] == 0.342 and a["status"] == "must_merge", a
assert [x["status"] for x in d["hamlets"]].count("exempt") == 1
m = d["mergers"][0]
assert m["households"] == 520 and m["meets"] is True and m["stage"] == "commune_council", m
assert m["voters_total"] == 520 and m["voters_agree"] == 261 and m["vote_passed"] is True, m
s = d["summary"]
assert (s["hamlets"], s["meets"], s["below"], s["must_merge"], s["exempt"]) == (6, 2, 1, 2, 1), s
assert (s["must_merge_unplanned"], s["after_approved"], s["after_proposed"]) == (1, 6, 5), s
EOF
fi

# CSV: three tables, machine values
expect_exit 0 "$BIN" review --data "$W" --format csv
contains "$T/out" "id,name,code,kind,region,households,standard,standard_confidence,ratio,status,exempt_factor,merger"
contains "$T/out" "$A,Ấp Bình Hòa,,thon,south,120,350,A,0.342,must_merge,false,$M"
contains "$T/out" "id,new_name,hamlets,households,standard,meets,voters_total,voters_agree,agree_share,vote_passed,stage"
contains "$T/out" "must_merge_unplanned,1"

# the planner: Gò Ớt can only reach the standard with Tân Long
expect_exit 0 "$BIN" plan --data "$W"
contains "$T/out" "1. Ấp Tân Long (500) + Ấp Gò Ớt (100) = 600 hộ, tiêu chuẩn 350: \"Ấp Tân Long\""
contains "$T/out" "Số thôn hiện nay 6; sau các phương án đã lập 5; sau cả các gợi ý này 4."
expect_exit 0 "$BIN" plan --data "$W" --format yaml
contains "$T/out" "exact: true"
contains "$T/out" "hamlets_after: 4"
expect_exit 2 "$BIN" plan --data "$W" --apply 2
contains "$T/err" "không có gợi ý số 2"
expect_exit 2 "$BIN" plan --data "$W" --apply x
expect_exit 0 "$BIN" plan --data "$W" --apply 1 --name "Ấp Tân Long Mới"
P=$(cat "$T/out")
contains "$T/err" "đã lưu dự thảo phương án sáp nhập \"Ấp Tân Long Mới\", gồm Ấp Tân Long, Ấp Gò Ớt"
contains "$W/mergers/$P.yaml" "new_name: Ấp Tân Long Mới"
contains "$W/mergers/$P.yaml" "stage: draft"
contains "$W/mergers/$P.yaml" "- $F"
contains "$W/mergers/$P.yaml" "- $E"
contains "$W/mergers/$P.yaml" "revision: 1"
expect_exit 0 "$BIN" review --data "$W" --format yaml
contains "$T/out" "must_merge_unplanned: 0"
contains "$T/out" "after_proposed: 4"
# Đồng Tâm (below) has only Bình Hòa next to it, which is in a proposal
expect_exit 0 "$BIN" plan --data "$W"
contains "$T/out" "Không có cách ghép các thôn liền kề nào giúp thôn dưới tiêu chuẩn đạt chuẩn."
contains "$T/out" "Dưới tiêu chuẩn, ghép với các thôn liền kề cũng không đạt:"
contains "$T/out" "Ấp Đồng Tâm (300), tiêu chuẩn 350"
# the officer decides to keep it: nothing is left waiting
expect_exit 0 "$BIN" set hamlets "$D" --data "$W" proposal=keep
expect_exit 0 "$BIN" plan --data "$W"
contains "$T/out" "Không còn thôn dưới tiêu chuẩn nào chờ phương án"
contains "$T/out" "Dưới tiêu chuẩn nhưng được đánh dấu giữ nguyên, nên không xét:"

# a hostile name never reaches the terminal raw
esc=$(printf '\033')
expect_exit 0 "$BIN" set hamlets "$D" --data "$W" "name=Ấp ${esc}[31mĐỏ"
expect_exit 0 "$BIN" review --data "$W"
lacks "$T/out" "$esc"
contains "$T/out" "^["

# no rule pack: a clear message naming the setting, exit 1
sed -i 's/^rules:.*//' "$W/sapxep.yaml"
printf 'rules: {hamlets: tt99-2099}\n' >>"$W/sapxep.yaml"
expect_exit 1 "$BIN" review --data "$W"
contains "$T/err" "rules.hamlets ghi 'tt99-2099', nhưng đó không phải bộ quy định về thôn đã nạp"
finish
