# TUI in tmux (issue 17 item 7): a saved record opens with its problems
# already shown beside its fields, before any F2 or moving off them; a new
# record does not greet the officer with every empty field flagged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
"$BIN" new staff --data "$W" "full_name=Phạm Thị Ngọc Ánh" >/dev/null 2>&1
tui_start 80 24 --data "$W"
tui_ready
keys 1
wait_for "Phạm Thị Ngọc Ánh"
keys /
type_text "anh"
wait_for "Lọc (1/3): anh"
keys Enter Enter
wait_match "^>Họ và tên"
# the required fields left empty are marked at once, the cursor on the first
wait_match "^ Cấp làm việc \* .*! "
wait_match "^ Chức danh đang đảm nhiệm \* .*! "
keys Escape
wait_for "Lọc (1/3): anh"
keys Escape
wait_for "3 bản ghi"
keys n
wait_for "bản ghi mới"
lacks_now() { if screen | grep -qE -- "$1"; then fail "screen matches '$1'"; else ok; fi; }
lacks_now "^ Cấp làm việc \* .*! "
finish
