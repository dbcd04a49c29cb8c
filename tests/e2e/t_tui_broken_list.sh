# TUI in tmux (issue 13, H3): a broken config/lists/titles.yaml does not
# stop the interface opening; the dashboard says a list was left out, and
# the staff show the titles of the shipped list standing in for it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
mkdir -p "$W/config/lists"
printf 'hello: world\n' >"$W/config/lists/titles.yaml"
tui_start 100 30 --data "$W"
tui_ready
wait_for "1 tệp danh sách lựa chọn không dùng được và bị bỏ qua: xem bằng sapxep validate"
keys 1
wait_for "Nguyễn Văn Đức"
wait_for "Thú y"
finish
