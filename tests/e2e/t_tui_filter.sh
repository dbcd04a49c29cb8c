# TUI in tmux: the list filter ignores case and Vietnamese diacritics; it
# matches the name column unless F7 widens it to every column (issue 17
# item 4: "nguyen" must not find every "Giữ nguyên").
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
tui_start 80 24 --data "$W"
tui_ready
keys 1
wait_for "Trần Thị Lan"
keys /
type_text "nguyen van duc"
wait_for "Lọc (1/2): nguyen van duc"
check "filter without diacritics finds Nguyễn Văn Đức" sh -c "tmux -L $SOCK capture-pane -p -t t | grep -q 'Nguyễn Văn Đức'"
wait_gone "Trần Thị Lan"
keys C-u
type_text "TRẦN"
wait_for "Lọc (1/2): TRẦN"
wait_for "Trần Thị Lan"
wait_gone "Nguyễn Văn Đức"
# both are "Giữ nguyên": by name only Nguyễn Văn Đức, F7 widens, F7 again narrows
keys C-u
type_text "nguyen"
wait_for "Lọc (1/2): nguyen"
wait_gone "Trần Thị Lan"
wait_for "F7 Mọi cột"
keys F7
wait_for "Lọc mọi cột (2/2): nguyen"
wait_for "Trần Thị Lan"
keys F7
wait_for "Lọc (1/2): nguyen"
wait_gone "Trần Thị Lan"
# Enter keeps the filter and goes back to the list; Esc clears it
keys Enter
keys Escape
wait_for "2 bản ghi."
wait_for "Nguyễn Văn Đức"
finish
