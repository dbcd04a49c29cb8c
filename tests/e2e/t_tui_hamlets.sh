# TUI in tmux (issue 5): a hamlet entered through the form shows its
# households, standard, ratio and status in the list, with the text
# marker that monochrome terminals rely on; sorting by the status puts
# those that must merge first; the review screen agrees.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
export SAPXEP_NOW=2025-01-15T10:00:00+07:00
tui_workspace
tui_start 80 24 --data "$W"
tui_ready
keys 2
# Ấp Bình An: 120 households of the south's 350: 34,2%, must merge
wait_match "^>Ấp Bình An .* 120 .* 350 +34,2% +!! Phải sáp"
keys n
wait_for "bản ghi mới"
type_text "Ấp Tân Hòa"
keys Tab Tab Tab Tab
type_text "400"
keys F2
wait_for "Đã lưu"
wait_grep "$W/hamlets/*.yaml" "name: Ấp Tân Hòa"
keys Escape
wait_for "2 bản ghi"
# 400 of 350: 114,2%, meets the standard
wait_match "^ ?>?Ấp Tân Hòa .* 400 .* 350 +114,2% +ok Đạt chu"
wait_match "^ ?>?Ấp Bình An .* 120 .* 350 +34,2% +!! Phải sáp"
# a third, just below: 300 of 350
keys n
wait_for "bản ghi mới"
type_text "Ấp Đồng Tâm"
keys Tab Tab Tab Tab
type_text "300"
keys F2
wait_for "Đã lưu"
keys Escape
wait_for "3 bản ghi"
wait_match "Ấp Đồng Tâm .* 300 .* 350 +85,7% +-  Chưa đạt"
# sort by the status column (s moves the sort along the columns): must
# merge first, then below, then meets
keys s s s s s
wait_match "Đánh giá ▲"
screen >"$T/sorted"
check "must merge sorted first" sh -c "grep -n 'Ấp' '$T/sorted' | head -1 | grep -q 'Bình An'"
check "below second" sh -c "grep -n 'Ấp' '$T/sorted' | sed -n 2p | grep -q 'Đồng Tâm'"
check "meets last" sh -c "grep -n 'Ấp' '$T/sorted' | sed -n 3p | grep -q 'Tân Hòa'"
# the filter, widened to every column with F7, finds them by their status
# too, without diacritics; by name alone it finds none
keys /
type_text "phai sap"
wait_for "Lọc (0/3): phai sap"
keys F7
wait_for "Lọc mọi cột (1/3): phai sap"
wait_for "Ấp Bình An"
keys Escape Escape
tui_ready
# monochrome: the markers carry the status (a new tmux server, as
# t_tui_terms does, so that the old one's exit cannot race the new)
tmux -L "$SOCK" kill-server 2>/dev/null
SOCK="sx-$$-mono"
TUI_TERM="xterm-256color NO_COLOR=1"	# env(1) takes both
tui_start 80 24 --data "$W"
tui_ready
keys r
wait_for "Thôn, tổ dân phố so với tiêu chuẩn số hộ (3)"
wait_match "Ấp Bình An .* 34,2% +!! Phải sáp nhập"
wait_match "Ấp Đồng Tâm .* 85,7% +-  Chưa đạt chuẩn"
wait_match "Ấp Tân Hòa .* 114,2% +ok Đạt chuẩn"
wait_for "Số thôn, tổ dân phố hiện nay: 3 (đạt chuẩn 1, chưa đạt 1, phải sáp nhập 1"
keys Escape Escape
wait_for "[exit 0]"
finish
