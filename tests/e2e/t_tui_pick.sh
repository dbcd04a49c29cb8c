# TUI in tmux (issue 17 item 1): in a pick list where several items may
# be ticked, a space typed goes into the filter and ticks nothing; F3
# ticks; the cursor shows as ">"; Home and End go to the first and last
# item; Tab takes the choice and moves on as Enter does.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
tui_start 80 24 --data "$W"
tui_ready
keys 1
wait_for "2 bản ghi"
keys n
wait_for "bản ghi mới"
type_text "Lê Văn Tâm"
keys Tab Tab Tab
type_text "cap"
wait_for "Cấp xã"
# Tab in a pick list takes the item and moves on once, as Enter does
keys Tab
wait_match "^>Chức danh đang đảm nhiệm"
type_text "thu y"
wait_for "Lọc: thu y"
wait_match "^>\[ \] Thú y"
wait_for "2/13; 0 mục đã chọn"
lacks_screen() { if screen | grep -qF -- "$1"; then fail "screen shows '$1'"; else ok; fi; }
lacks_screen "[x]"
wait_for "F3 Đánh dấu"
# End and Home move among the items, not in the filter
keys C-u
wait_for "13/13; 0 mục đã chọn"
# row 4 is the list's first item, row 16 its last (13 of them)
row() { screen | sed -n "${1}p"; }
wait_row() {
	i=0
	while [ $i -lt 200 ]; do
		row "$1" | grep -qE -- "$2" && { ok; return 0; }
		i=$((i + 1)); sleep 0.05
	done
	fail "row $1 never matched '$2': $(row "$1")"
}
keys End
wait_row 16 '^>\[ \] '
wait_row 4 '^ \[ \] '
keys Home
wait_row 4 '^>\[ \] '
wait_row 16 '^ \[ \] '
wait_for "Lọc:"
type_text "thu y"
wait_match "^>\[ \] Thú y"
keys F3
wait_match "^>\[x\] Thú y"
wait_for "1 mục đã chọn"
keys Enter
wait_match "Chức danh đang đảm nhiệm \* +Thú y"
keys F2
wait_for "Đã lưu"
f=$(grep -l "full_name: Lê Văn Tâm" "$W"/staff/*.yaml)
check "the title ticked is saved, and only it" python3 - "$f" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
i = [k for k, l in enumerate(lines) if l.strip() == "positions:"][0]
items = []
for l in lines[i + 1:]:
    if not l.strip().startswith("- "):
        break
    items.append(l.strip()[2:])
sys.exit(0 if items == ["thu_y"] else 1)
PY
finish
