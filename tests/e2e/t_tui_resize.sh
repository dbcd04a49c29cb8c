# TUI in tmux: resizing during an edit, even below 80x24, keeps what was
# typed; while the window is too small keys do nothing unseen (issue 17
# item 5): typing goes nowhere, F8 then c deletes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
tui_start 80 24 --data "$W"
tui_ready
keys 2
wait_for "Ấp Bình An"
keys n
wait_for "bản ghi mới"
type_text "Ấp Cầu"
wait_for "Ấp Cầu"
tmux -L "$SOCK" resize-window -t t -x 60 -y 20
wait_for "Cửa sổ quá nhỏ: 60x20"
wait_for "Phím không có tác dụng"
type_text " Xây"
keys C-l
wait_for "Cửa sổ quá nhỏ: 60x20"
tmux -L "$SOCK" resize-window -t t -x 100 -y 30
wait_for "Ấp Cầu"
check "typed while too small: not in the field" sh -c "! tmux -L $SOCK capture-pane -p -t t | grep -q 'Xây'"
tmux -L "$SOCK" resize-window -t t -x 80 -y 24
wait_match "Tên thôn / tổ dân phố \* +Ấp Cầu *$"
keys F2
wait_for "Đã lưu"
check "saved after the resizes" grep -q "name: Ấp Cầu$" "$W"/hamlets/*.yaml
# F8 then c while too small: nothing deleted
keys Escape
wait_for "2 bản ghi"
n=$(ls "$W"/hamlets/*.yaml | wc -l)
tmux -L "$SOCK" resize-window -t t -x 60 -y 20
wait_for "Cửa sổ quá nhỏ: 60x20"
keys F8
keys c
keys C-l
wait_for "Cửa sổ quá nhỏ: 60x20"
tmux -L "$SOCK" resize-window -t t -x 80 -y 24
wait_for "2 bản ghi"
check "F8 c while too small deleted nothing" test "$(ls "$W"/hamlets/*.yaml | wc -l)" -eq "$n"
lacks_screen() { if screen | grep -qF -- "$1"; then fail "screen shows '$1'"; else ok; fi; }
lacks_screen "Đã xóa"
finish
