# TUI in tmux: a validation error shown as soon as the field is left,
# then fixed; a date typed dd/mm/yyyy is stored ISO.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
tui_start 80 24 --data "$W"
tui_ready
keys 1
wait_for "Trần Thị Lan"
keys n
wait_for "bản ghi mới"
type_text "Lê Văn Tám"
keys Tab
type_text "31/02/1980"
keys Tab
wait_for "! '31/02/1980' không phải là ngày"
keys Up C-w C-w C-w
type_text "05/03/1980"
keys Tab
wait_gone "không phải là ngày"
keys F2
wait_for "Đã lưu nhưng chưa đủ"
F=$(grep -l "full_name: Lê Văn Tám" "$W"/staff/*.yaml)
check "saved" test -n "$F"
contains "$F" "birth_date: 1980-03-05"
contains "$F" "status: incomplete"
finish
