# sapxep delete on a record that others refer to (issue 17 item 2): the
# records that refer to it are listed by name, the delete is refused and
# nothing is written, unless --force. A record nobody refers to goes as
# before.
. "$(dirname "$0")/lib.sh"
W="$T/xa"

expect_exit 0 "$BIN" demo --data "$W"
HF=$(grep -l '^  name: Ấp Bình An$' "$W"/hamlets/*.yaml)
check "the demo has Ấp Bình An" test -f "$HF"
H=$(basename "$HF" .yaml)
# the staff who work there, by name, as the demo wrote them
grep -l "^  hamlet: $H\$" "$W"/staff/*.yaml | xargs grep -h '^  full_name:' |
	sed 's/^  full_name: //' >"$T/who"
check "staff refer to it" test -s "$T/who"
cp -r "$W/staff" "$T/staff.before"

# refused, in Vietnamese: who refers to it, by name, and what to do
expect_exit 1 "$BIN" delete hamlets "$H" --data "$W"
contains "$T/err" "Ấp Bình An đang được"
contains "$T/err" "bản ghi tham chiếu tới:"
while IFS= read -r name; do
	contains "$T/err" "Người hoạt động không chuyên trách: $name (trường Thôn / tổ dân phố)"
done <"$T/who"
contains "$T/err" "Ấp Mỹ Lợi (trường Thôn / tổ dân phố liền kề)"
contains "$T/err" "chưa xóa: hãy sửa các bản ghi trên trước"
contains "$T/err" "--force"
lacks "$T/err" "$H"
check "the hamlet is still on disk" test -f "$HF"
check "nothing in the trash" test ! -e "$W/.sapxep/trash"
check "staff records untouched" diff -r "$T/staff.before" "$W/staff"
"$BIN" validate --data "$W" >"$T/all" 2>&1
lacks "$T/all" "Bản ghi được chọn không còn"

# the same in English, by a unique prefix
expect_exit 1 "$BIN" --lang en delete hamlets "$(echo "$H" | cut -c1-8)" --data "$W"
contains "$T/err" "Ấp Bình An is referred to by"
contains "$T/err" "(field Hamlet)"
contains "$T/err" "give --force to delete it anyway"
check "still on disk" test -f "$HF"

# a hamlet nobody refers to is deleted without --force, and says nothing
expect_exit 0 "$BIN" new hamlets --data "$W" "name=Ấp Mới" households=10 kind=thon
N=$(cat "$T/out")
expect_exit 0 "$BIN" delete hamlets "$N" --data "$W"
check "unreferenced hamlet deleted" test ! -e "$W/hamlets/$N.yaml"
lacks "$T/err" "tham chiếu"

# --force deletes it, still naming who is left with a broken link
expect_exit 0 "$BIN" delete hamlets "$H" --force --data "$W"
contains "$T/err" "vẫn xóa (--force)"
contains "$T/err" "$(head -1 "$T/who")"
check "the hamlet is gone" test ! -e "$HF"
check "its copy is in the trash" sh -c "ls '$W/.sapxep/trash/' | grep -q '^hamlets-$H-r[0-9]*\.yaml\$'"
# and the broken links are a problem validate reports
expect_exit 1 "$BIN" validate --data "$W"
cat "$T/out" "$T/err" >"$T/all"
contains "$T/all" "Thôn / tổ dân phố: Bản ghi được chọn không còn ($(echo "$H" | cut -c1-8))"
finish
