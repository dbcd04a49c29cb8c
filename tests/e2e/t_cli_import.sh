# sapxep import: all rows checked first; one bad row and nothing is written.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
"$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class III \
	--region south 2>/dev/null || fail "init"

printf '\357\273\277name,kind,households,factors\r\nẤp Một,Thôn,120,"religious, isolated"\r\n"Ấp Hai, mới",tdp,"1.050",\r\nẤp Ba,thon,nhiều,\r\n' >"$T/bad.csv"
expect_exit 1 "$BIN" import hamlets "$T/bad.csv" --data "$W"
contains "$T/err" "bad.csv:4: dòng 3, cột households"
contains "$T/err" "chưa nhập gì"
check "nothing written" test "$(ls "$W/hamlets" | wc -l)" -eq 0

printf 'name,kind,households,factors\nẤp Một,Thôn,120,"religious, isolated"\n"Ấp Hai, mới",tdp,"1.050",\n' >"$T/good.csv"
expect_exit 0 "$BIN" import hamlets "$T/good.csv" --data "$W"
contains "$T/err" "đã nhập vào hamlets: thêm 2, cập nhật 0, không đổi 0"
expect_exit 0 "$BIN" list hamlets --data "$W" --format csv
contains "$T/out" "Ấp Hai, mới"
contains "$T/out" "religious,isolated"
contains "$T/out" ",1050,"

printf 'name,colour\nẤp Bốn,red\n' >"$T/cols.csv"
expect_exit 1 "$BIN" import hamlets "$T/cols.csv" --data "$W"
contains "$T/err" "cột 'colour' không phải trường của biểu mẫu hamlets"

printf 'name,households\n"Ấp Năm,120\n' >"$T/quote.csv"
expect_exit 1 "$BIN" import hamlets "$T/quote.csv" --data "$W"
contains "$T/err" "quote.csv:2: a quoted field is never closed"

# a missing required value imports as incomplete, or fails with --strict
printf 'name,households\nẤp Sáu,\n' >"$T/missing.csv"
expect_exit 1 "$BIN" import hamlets "$T/missing.csv" --data "$W" --strict
expect_exit 0 "$BIN" import hamlets "$T/missing.csv" --data "$W"
contains "$T/err" "(1 chưa đủ)"

# L5: "1.500" in a decimal field could be 1500 or 1,5: refused, not guessed
printf 'name;area_ha\r\nẤp Bảy;1.500\r\n' >"$T/area.csv"
expect_exit 1 "$BIN" import hamlets "$T/area.csv" --data "$W"
contains "$T/err" "'1.500' có thể hiểu hai cách: viết 1500"
finish
