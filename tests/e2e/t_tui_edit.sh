# TUI in tmux: edit a record and see its revision rise; a save refused
# because someone else saved first shows who, keeps the edits, and
# re-applies them on the reloaded record; a note typed on two lines.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
F="$W/hamlets/$H.yaml"
tui_start 80 24 --data "$W"
tui_ready
keys 2
wait_for "Ấp Bình An"
keys Enter
wait_for "Tên thôn / tổ dân phố *       Ấp Bình An"
keys Down Down Down Down C-u
type_text "200"
keys Escape 2
wait_for "Đã lưu"
contains "$F" "revision: 2"
contains "$F" "households: 200"

# someone else changes the code meanwhile; this officer types a population
keys Down
type_text "900"
"$BIN" set hamlets "$H" --data "$W" code=Z9 >/dev/null 2>&1
contains "$F" "revision: 3"
keys C-s
wait_for "sau khi bạn mở"
wait_for "r: tải lại rồi áp lại thay đổi của bạn"
contains "$F" "revision: 3"
lacks "$F" "population: 900"
keys r
wait_for "Đã tải lại phiên bản 3"
wait_for "Mã                            Z9"
wait_for "Số nhân khẩu                  900"
keys F2
wait_for "Đã lưu"
contains "$F" "revision: 4"
contains "$F" "code: Z9"
contains "$F" "population: 900"
contains "$F" "households: 200"

# a note of two lines: Ctrl-J breaks the line in a multi-line field (Enter
# goes on to the next field, as everywhere), and the break is kept on disk
keys PgDn PgDn
wait_for ">Ghi chú"
wait_for "Ctrl-J Xuống dòng"
type_text "Đường vào ấp"
keys C-j
type_text "ngập mùa mưa"
wait_for "Đường vào ấp⏎ngập mùa mưa"
keys F2
wait_for "Đã lưu"
check "two lines on disk" python3 -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
sys.exit(d["fields"]["note"] != "Đường vào ấp\nngập mùa mưa")' "$F"
finish
