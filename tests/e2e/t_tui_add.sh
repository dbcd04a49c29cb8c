# TUI in tmux: add a record through the form and find its YAML file.
# F2 is sent the way PuTTY sends it by default (ESC [ 1 2 ~).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
tui_start 80 24 --data "$W"
tui_ready
keys 2
wait_for "Ấp Bình An"
keys n
wait_for "bản ghi mới"
type_text "Ấp Tân Hòa"
keys Tab
type_text "T02"
keys Tab Tab Tab
type_text "3x5"
wait_for "Ở đây chỉ gõ số nguyên"
keys Tab
wait_for "Số hộ gia đình *              35"
type_text "$(printf '\033[12~')"
wait_for "Đã lưu"
wait_grep "$W/hamlets/*.yaml" "name: Ấp Tân Hòa"
F=$(grep -l "name: Ấp Tân Hòa" "$W"/hamlets/*.yaml)
contains "$F" "households: 35"
contains "$F" "code: T02"
contains "$F" "region: south"
contains "$F" "revision: 1"
contains "$F" "status: complete"
# back to the list: the new hamlet is in it; Esc 0 (F10) goes back too
keys Escape
wait_for "2 bản ghi."
keys Escape 0
tui_ready
finish
