# TUI in tmux: resizing during an edit, even below 80x24, keeps what was
# typed.
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
type_text " Xây"
tmux -L "$SOCK" resize-window -t t -x 100 -y 30
wait_for "Ấp Cầu Xây"
tmux -L "$SOCK" resize-window -t t -x 80 -y 24
wait_for "Tên thôn / tổ dân phố *       Ấp Cầu Xây"
keys F2
wait_for "Đã lưu"
check "saved after the resizes" grep -q "name: Ấp Cầu Xây" "$W"/hamlets/*.yaml
finish
