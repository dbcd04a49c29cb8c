# Hostile and awkward input through the real binary: exact decimals,
# impossible dates, escape sequences shown as text, spreadsheet formulas
# neutralised, ids that try to leave the workspace, old Macintosh CSV,
# damaged settings, and a workspace shared with a group.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
ESC=$(printf '\033')

"$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class II \
	--region south --officer nva 2>/dev/null || fail "init"

# decimals keep every digit typed; dates must exist
expect_exit 0 "$BIN" new hamlets --data "$W" "name=Ấp Lớn" households=1.200 \
	"area_ha=123.456.789.012,123456"
H=$(cat "$T/out")
contains "$W/hamlets/$H.yaml" "area_ha: 123456789012.123456"
expect_exit 1 "$BIN" set hamlets "$H" --data "$W" "area_ha=1.23,5"
contains "$T/err" "'1.23,5' không phải là số"
contains "$W/hamlets/$H.yaml" "revision: 1"
expect_exit 1 "$BIN" new staff --data "$W" "full_name=A" birth_date=29/02/2025
contains "$T/err" "'29/02/2025' không phải là ngày"
expect_exit 0 "$BIN" new staff --data "$W" "full_name=B" birth_date=29/02/2024
contains "$W/staff/$(cat "$T/out").yaml" "birth_date: 2024-02-29"

# escape sequences are kept in the file, saved as incomplete, and never
# sent to the terminal by list or validate
expect_exit 0 "$BIN" new hamlets --data "$W" "name=Ấp ${ESC}[2J${ESC}]0;owned${ESC}\\" households=5
E=$(cat "$T/out")
contains "$T/err" "đã lưu nhưng chưa đủ"
contains "$W/hamlets/$E.yaml" 'name: "Ấp \e[2J\e]0;owned\e\\"'
expect_exit 0 "$BIN" list hamlets --data "$W"
contains "$T/out" "Ấp ^[[2J^[]0;owned^[\\"
check "list sends no escape" sh -c "! grep -q '$ESC' '$T/out'"
expect_exit 1 "$BIN" validate --data "$W"
contains "$T/out" "Có ký tự điều khiển"
check "validate sends no escape" sh -c "! grep -q '$ESC' '$T/out' '$T/err'"
# a damaged record (from another machine) whose key is an escape sequence
printf 'id: 00000000-0000-4000-8000-0000000000e5\n"\\e]0;owned\\a": 1\n' \
	>"$W/hamlets/00000000-0000-4000-8000-0000000000e5.yaml"
expect_exit 0 "$BIN" list hamlets --data "$W"
contains "$T/err" "'^[]0;owned^G'"
check "list warnings send no escape" sh -c "! grep -q '$ESC' '$T/err'"
expect_exit 1 "$BIN" validate --data "$W"
check "validate sends no escape" sh -c "! grep -q '$ESC' '$T/out' '$T/err'"
rm "$W/hamlets/00000000-0000-4000-8000-0000000000e5.yaml"

# a formula in a name reaches a spreadsheet as text
expect_exit 0 "$BIN" new hamlets --data "$W" "name==HYPERLINK(\"http://x\",\"y\")" households=7
expect_exit 0 "$BIN" list hamlets --data "$W" --format csv
contains "$T/out" "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""

# ids that try to leave the workspace touch nothing
expect_exit 1 "$BIN" delete hamlets ../../sapxep --data "$W"
check "settings still there" test -f "$W/sapxep.yaml"
expect_exit 1 "$BIN" set hamlets "../$H" --data "$W" households=1

# a CSV saved by an old Macintosh spreadsheet (CR line ends): the bad row
# is named by its real line
printf 'name,households\rẤp Một,10\rẤp Hai,mười\r' >"$T/mac.csv"
expect_exit 1 "$BIN" import hamlets "$T/mac.csv" --data "$W"
contains "$T/err" "mac.csv:3: dòng 2, cột households"

# a damaged sapxep.yaml: its place, and what is wrong
cp "$W/sapxep.yaml" "$T/sapxep.yaml.good"
printf 'province: {code: "72"}\ncommune: {code: "1", name: X, class: IV}\n' >"$W/sapxep.yaml"
expect_exit 1 "$BIN" validate --data "$W"
contains "$T/out" "sapxep.yaml:2:38: class: 'IV' không thuộc I, II, III"
expect_exit 1 "$BIN" list hamlets --data "$W"
contains "$T/err" "sapxep.yaml:2:38:"
# ... and a key that is an escape sequence is shown, not sent
printf 'province: {code: "72"}\ncommune: {code: "1", name: X, class: I}\n"\\e[2Jboom": 1\n' >"$W/sapxep.yaml"
expect_exit 1 "$BIN" list hamlets --data "$W"
contains "$T/err" "khóa '^[[2Jboom' không hợp lệ"
check "errors send no escape" sh -c "! grep -q '$ESC' '$T/err'"
cp "$T/sapxep.yaml.good" "$W/sapxep.yaml"

# a workspace shared with a group: folders setgid for the group, files
# readable and writable by it
G=$(id -gn)
S="$T/shared"
mkdir "$S"
expect_exit 0 "$BIN" init --data "$S" --province 72 --commune 27602 --name "Xã Chung" \
	--class III --group "$G"
check "shared root is 2770" test "$(stat -c %a "$S")" = 2770
check "shared root group" test "$(stat -c %G "$S")" = "$G"
check "shared settings 660" test "$(stat -c %a "$S/sapxep.yaml")" = 660
expect_exit 0 sh -c "umask 077; '$BIN' new hamlets --data '$S' 'name=Ấp Chung' households=9"
R=$(cat "$T/out")
check "shared record 660" test "$(stat -c %a "$S/hamlets/$R.yaml")" = 660
check "shared lock open to the group" test "$(stat -c %a "$S/.sapxep/lock")" = 660
finish
