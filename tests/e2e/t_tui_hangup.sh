# TUI in tmux: `tmux kill-session` (SIGHUP, as when SSH drops) during an
# edit writes a draft; the next start offers it, and it is resumed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
tui_start 80 24 --data "$W"
tui_ready
keys 2
wait_for "Ấp Bình An"
keys n
wait_for "bản ghi mới"
type_text "Ấp Hai Bà"
keys Tab Tab Tab Tab
type_text "4"
wait_for "Số hộ gia đình *              4"
tmux -L "$SOCK" kill-session -t t
D=""
i=0
while [ $i -lt 200 ] && [ -z "$D" ]; do
	D=$(find "$W/.sapxep/drafts" -name '*.yaml' 2>/dev/null | head -1)
	[ -n "$D" ] || sleep 0.05
	i=$((i + 1))
done
check "draft written on hang-up" test -n "$D"
[ -n "$D" ] && wait_grep "$D" "households: '4'"
[ -n "$D" ] && contains "$D" "name: Ấp Hai Bà"
check "nothing saved as a record" test "$(grep -l 'Hai Bà' "$W"/hamlets/*.yaml 2>/dev/null)" = ""

tui_start 80 24 --data "$W"
wait_for "t: làm tiếp  x: xóa  l, Esc: để lúc khác"
wait_for "Ấp Hai Bà"
keys r
wait_for "Đã mở lại bản nháp"
keys Down Down Down Down End
type_text "2"
keys F2
wait_for "Đã lưu"
check "resumed draft saved" grep -q "households: 42" "$W"/hamlets/*.yaml
check "draft removed" test -z "$(find "$W/.sapxep/drafts" -name '*.yaml')"
finish
