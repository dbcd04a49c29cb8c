# TUI in tmux (issue 4): the quota screen from the dashboard; a person
# entered through the form changes it; an alert opens it with Enter.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
# NĐ 33/2023 in force: a class II commune may have 12 at commune level
export SAPXEP_NOW=2025-01-15T10:00:00+07:00
tui_workspace
tui_start 80 24 --data "$W"
tui_ready
wait_for "q Định mức"
keys q
wait_for "Quy định: Nghị định 33/2023/NĐ-CP"
# the commune level: 2 people before and after, quota 12, 10 under
wait_match "^>  Cấp xã +2 +2 +12 +-10 "
wait_for "── Cấp xã"
wait_for "Định mức 12: ít hơn định mức 10 người"
# the fund of a class II commune under NĐ 33/2023 is graded C: marked
wait_match "Cấp xã .* 18,0\? "
wait_for "? số liệu chưa chắc chắn"
keys Enter
wait_for "Mức lương cơ sở: 2.340.000 đ/tháng"
keys End
wait_for "18,0 lần mức lương cơ sở"
wait_for "[chưa chắc chắn]"
keys Escape
wait_for "── Cấp xã"
keys Escape
tui_ready

# a third person at commune level, entered through the form
keys 1
wait_for "2 bản ghi"
keys n
wait_for "bản ghi mới"
type_text "Lê Thị Hoa"
keys Tab Tab Tab
type_text "cap"
wait_for "Cấp xã"
keys Enter
wait_for "Chức danh đang đảm nhiệm"
type_text "phong"
wait_for "Văn phòng Đảng ủy"
keys F3 Enter
keys Tab Tab Tab Tab Tab
type_text "giu"
wait_for "Giữ nguyên"
keys Enter
keys F2
wait_for "Đã lưu"
wait_grep "$W/staff/*.yaml" "full_name: Lê Thị Hoa"
F=$(grep -l "full_name: Lê Thị Hoa" "$W"/staff/*.yaml)
contains "$F" "status: complete"
contains "$F" "- van_phong_dang_uy"
keys Escape
wait_for "3 bản ghi"
keys Escape
tui_ready
keys q
wait_match "^>  Cấp xã +3 +3 +12 +-9 "
wait_for "Định mức 12: ít hơn định mức 9 người"
keys Escape
tui_ready

# over the quota: the dashboard's alert says so, and Enter on it opens
# the quota screen with the unit marked (ten more people, added by the
# command line while the interface is closed)
keys Escape
wait_for "[exit 0]"
tmux -L "$SOCK" kill-server 2>/dev/null
n=0
while [ $n -lt 10 ]; do
	n=$((n + 1))
	"$BIN" new staff --data "$W" "full_name=Người Số $n" unit=commune \
		positions=ct_chu_thap_do arrangement=keep >/dev/null 2>&1
done
check "thirteen people" test "$(ls "$W"/staff/*.yaml | wc -l)" -eq 13
SOCK="sx-$$-again"	# a new tmux server: the old one's exit cannot race it
tui_start 80 24 --data "$W"
tui_ready
wait_for "! Cấp xã: 13 người, định mức 12 (vượt 1)"
# Up from the first entry goes round to the last alert: the hamlets'
keys Up
wait_for ">! 1 thôn, tổ dân phố dưới 50% tiêu chuẩn phải sáp nhập"
keys Enter
wait_for "Thôn, tổ dân phố so với tiêu chuẩn số hộ (1)"
keys Escape
tui_ready
keys Up
wait_for ">! Cấp xã: 13 người, định mức 12 (vượt 1)"
wait_for "Enter: mở màn hình của cảnh báo này"
keys Enter
wait_match "^>! Cấp xã +13 +13 +12 +\+1 "
wait_for "Định mức 12: vượt 1 người"
keys Escape
tui_ready
keys Escape
wait_for "[exit 0]"
tmux -L "$SOCK" kill-server 2>/dev/null

# --- s on the quota screen: the Decree 154/2025 support of each leaver -----------
# leaving 01/09/2025 after 96 months, 136 left to retirement: Article 9,
# P = 1,5 × 2.340.000 = 3.510.000; (a) 0,8 × P × 60, (b) 1,5 × P × 8, (c) 3 × P
expect_exit 0 "$BIN" new staff --data "$W" "full_name=Lê Văn Một" gender=nam birth_date=01/01/1975 \
	unit=commune positions=thu_y allowance_coefficient=1,5 arrangement=leave_with_support \
	effective_date=01/09/2025 service_start=01/09/2017
SOCK="sx-$$-support"
tui_start 80 24 --data "$W"
tui_ready
keys q
wait_for "Quy định: Nghị định 33/2023/NĐ-CP"
wait_for "s Chính sách"
keys s
wait_for "Lê Văn Một — Điều 9"
wait_for "(a) 0,8 × P × 60 tháng (mức tối đa) = 168.480.000 đ"
wait_for "Tổng cộng: 221.130.000 đ"
keys Escape
wait_for "Quy định: Nghị định 33/2023/NĐ-CP"
keys Escape
tui_ready
keys Escape
wait_for "[exit 0]"
finish
