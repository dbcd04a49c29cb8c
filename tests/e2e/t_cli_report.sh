# sapxep report on a province folder: formats, output files, broken
# communes reported instead of stopping the roll-up, not-reporting list.
. "$(dirname "$0")/lib.sh"
P="$T/tinh"
export SAPXEP_NOW=2026-11-28T09:00:00+07:00
"$BIN" demo --data "$P" --communes 3 --seed 3 2>/dev/null || fail "demo"

expect_exit 0 "$BIN" report --data "$P"
contains "$T/out" "Xã Mỹ An"
contains "$T/out" "Xã Bình Thành"
contains "$T/out" "nd33-2023"
# the hamlet rules in force on the report's day: Decree 185/2026 from
# 26/05/2026, Circular 14/2018 before
contains "$T/out" "nd185-2026"
lacks "$T/out" "tt14-2018"
SAPXEP_NOW=2026-05-25T09:00:00+07:00 expect_exit 0 "$BIN" report --data "$P"
contains "$T/out" "tt14-2018"

expect_exit 2 "$BIN" report --data "$P" --format xlsx
contains "$T/err" "cần --output"
expect_exit 2 "$BIN" report --data "$P" --format pdf
expect_exit 2 "$BIN" report --data "$P" --as-of 31/02/2026
expect_exit 1 "$BIN" report --data "$T/empty"

# output to a file: complete or absent, never half written
expect_exit 0 "$BIN" report --data "$P" --format csv --output "$T/r.csv"
contains "$T/r.csv" "level,code,name"
contains "$T/r.csv" "total,"
check "no temporary file left" sh -c "! ls '$T' | grep -q tmp"
expect_exit 0 "$BIN" report --data "$P" --format xlsx --output "$T/r.xlsx"
check "workbook written" test -s "$T/r.xlsx"
expect_exit 3 "$BIN" report --data "$P" --format csv --output "$T/no/such/dir/r.csv"

# a commune whose settings are broken, and one with no record at all
first=$(ls "$P" | head -1)
printf 'province: [broken\n' >"$P/$first/sapxep.yaml"
mkdir -p "$P/zz-moi"
"$BIN" init --data "$P/zz-moi" --province 72 --commune 99999 --name "Xã Mới" --class III 2>/dev/null
expect_exit 0 "$BIN" report --data "$P" --format yaml
contains "$T/out" "error: "
contains "$T/out" "sapxep.yaml:2:1"
contains "$T/out" "- code: '99999'"
contains "$T/out" "  name: Xã Mới"
contains "$T/out" "communes: 4"

# names from another machine never reach the terminal raw
W=$(ls -d "$P"/2* | tail -1)
sed -i "s/^  name: .*/  name: \"Xã \\\\e]0;pwned\\\\a\\\\e[2J\"/" "$W/sapxep.yaml"
expect_exit 0 "$BIN" report --data "$P"
check "no escape byte in the text report" sh -c "! grep -q \"\$(printf '\\033')\" '$T/out'"
contains "$T/out" "Xã ^[]0;pwned"
finish
