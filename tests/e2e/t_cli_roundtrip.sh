# Export, edit in a spreadsheet, import: the rows come back as updates of
# their records (only the edited fields change, through the usual save),
# never as duplicates; a ';' file with a BOM, as Excel writes in a
# comma-decimal locale, and headers written as the form's labels are
# read; a new row that matches a record on the form's identity fields is
# refused unless --allow-duplicates; --check writes nothing.
. "$(dirname "$0")/lib.sh"
if ! command -v python3 >/dev/null 2>&1; then
	echo "  SKIPPED $TEST_NAME: python3 is not installed"
	exit 77
fi
W="$T/xa"
"$BIN" demo --data "$W" >/dev/null 2>&1 || fail "demo"
n0=$(ls "$W/hamlets" | wc -l)
expect_exit 0 "$BIN" list hamlets --data "$W" --format csv -o "$T/h.csv"
( cd "$W/hamlets" && cat ./*.yaml ) >"$T/before"

# the same file back: nothing changes, nothing is added
expect_exit 0 "$BIN" import hamlets "$T/h.csv" --data "$W"
contains "$T/err" "thêm 0, cập nhật 0, không đổi $n0"
( cd "$W/hamlets" && cat ./*.yaml ) >"$T/after"
check "an import of the export changes no file" cmp -s "$T/before" "$T/after"

# "Excel": one household count edited, saved with ';' and a BOM
python3 - "$T/h.csv" "$T/edit.csv" <<'PY' || fail "edit the sheet"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
h = rows[0]
rows[1][h.index("households")] = "777"
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, delimiter=";").writerows(rows)
PY
id=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig"))); print(r[1][0])' "$T/h.csv")
rev0=$(sed -n 's/^revision: //p' "$W/hamlets/$id.yaml")
expect_exit 0 "$BIN" import hamlets "$T/edit.csv" --data "$W" --check
contains "$T/out" "cập nhật"
contains "$T/out" "households"
contains "$T/out" "thêm 0, cập nhật 1, không đổi $((n0 - 1)), từ chối 0"
( cd "$W/hamlets" && cat ./*.yaml ) >"$T/after"
check "--check writes nothing" cmp -s "$T/before" "$T/after"
expect_exit 0 "$BIN" import hamlets "$T/edit.csv" --data "$W"
check "no record added" test "$(ls "$W/hamlets" | wc -l)" -eq "$n0"
contains "$W/hamlets/$id.yaml" "households: 777"
rev1=$(sed -n 's/^revision: //p' "$W/hamlets/$id.yaml")
check "saved as a new revision" test "$rev1" -eq $((rev0 + 1))
# only that record's file changed, and in it only households and the save's
# own lines (revision, time, author)
( cd "$W/hamlets" && cat ./*.yaml ) >"$T/after"
diff "$T/before" "$T/after" | grep '^[<>]' | sed 's/^[<>] *//' | cut -d: -f1 | sort -u >"$T/changed"
printf 'households\nrevision\nupdated_at\nupdated_by\n' >"$T/allowed"
check "only the edited field changed: $(tr '\n' ' ' <"$T/changed")" \
	test -z "$(comm -23 "$T/changed" "$T/allowed")"

# the edited file again: its rows are now unchanged
expect_exit 0 "$BIN" import hamlets "$T/edit.csv" --data "$W"
contains "$T/err" "cập nhật 0, không đổi $n0"

# label headers, folded; a new row matching a hamlet's name is refused
name=$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig"))); print(r[2][2])' "$T/h.csv")
printf '\357\273\277TEN THON / TO DAN PHO;Số hộ gia đình;kind\r\n%s;300;thon\r\nẤp Hoàn Toàn Mới;250;thon\r\n' \
	"$(echo "$name" | tr '[:lower:]' '[:upper:]')" >"$T/new.csv"
expect_exit 1 "$BIN" import hamlets "$T/new.csv" --data "$W"
contains "$T/err" "new.csv:2: dòng 1 có lẽ trùng với"
contains "$T/err" "chưa nhập gì"
check "nothing written" test "$(ls "$W/hamlets" | wc -l)" -eq "$n0"
expect_exit 1 "$BIN" import hamlets "$T/new.csv" --data "$W" --check
contains "$T/out" "thêm 1, cập nhật 0, không đổi 0, từ chối 1"
expect_exit 0 "$BIN" import hamlets "$T/new.csv" --data "$W" --allow-duplicates
check "--allow-duplicates adds both" test "$(ls "$W/hamlets" | wc -l)" -eq $((n0 + 2))
expect_exit 0 "$BIN" list hamlets --data "$W" --format csv
contains "$T/out" "Ấp Hoàn Toàn Mới"

# a person: name and birth date identify
expect_exit 0 "$BIN" list staff --data "$W" --format csv -o "$T/s.csv"
python3 - "$T/s.csv" "$T/s2.csv" <<'PY' || fail "copy a person"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
h = rows[0]
dup = list(rows[1]); dup[0] = ""
other = list(rows[1]); other[0] = ""; other[h.index("birth_date")] = "1901-01-01"
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f).writerows([h, dup])
with open(sys.argv[2] + ".other", "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f).writerows([h, other])
PY
expect_exit 1 "$BIN" import staff "$T/s2.csv" --data "$W" --check
contains "$T/err" "có lẽ trùng với"
expect_exit 0 "$BIN" import staff "$T/s2.csv.other" --data "$W" --check
contains "$T/out" "thêm 1, cập nhật 0, không đổi 0, từ chối 0"

# an id that names no record is refused
printf 'id,name\nffffffff-0000-4000-8000-000000000000,Ấp X\n' >"$T/bad-id.csv"
expect_exit 1 "$BIN" import hamlets "$T/bad-id.csv" --data "$W"
contains "$T/err" "không có bản ghi nào của hamlets có id"
finish
