# The TUI driven by SAPXEP_SCRIPT: keys through the real input path, the
# virtual screen saved as text. No terminal and no tmux needed.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
"$BIN" init --data "$W" --province 72 --province-name "Tây Ninh" --commune 27601 \
	--name "Xã Thử" --class II --region south --officer nva >/dev/null 2>&1
"$BIN" new hamlets --data "$W" "name=Ấp Bình An" households=120 >/dev/null 2>&1
"$BIN" new staff --data "$W" "full_name=Nguyễn Văn Đức" unit=commune \
	positions=thu_y arrangement=keep >/dev/null 2>&1
"$BIN" new staff --data "$W" "full_name=Trần Thị Lan" unit=commune \
	positions=thu_y arrangement=keep >/dev/null 2>&1

# run NAME: run the script $T/NAME.keys; the screens land in $T/NAME.*
run() {
	SAPXEP_SCRIPT="$T/$1.keys" "$BIN" --data "$W" >"$T/out" 2>"$T/err"
}

# --- dashboard, help generated from the key table, the Sync screen -----------
cat >"$T/dash.keys" <<KEYS
:save-display $T/dash.menu
<F1>
:save-display $T/dash.help
<Esc>
5
:save-display $T/dash.sync
<Esc>
q<F1>
:save-display $T/dash.qhelp
<Esc>
<Esc>
<Esc>
KEYS
expect_exit 0 run dash
contains "$T/dash.menu" "Xã Thử, Tây Ninh"
contains "$T/dash.menu" "1  Người hoạt động không chuyên trách"
contains "$T/dash.menu" "    đầy đủ    chưa đủ   xung đột"
check "staff counts" grep -Eq "không chuyên trách +2 +0 +0$" "$T/dash.menu"
check "hamlet counts" grep -Eq "Thôn, tổ dân phố +1 +0 +0$" "$T/dash.menu"
contains "$T/dash.menu" "5  Đồng bộ"
contains "$T/dash.help" "Esc, F10, Esc 0"
contains "$T/dash.help" "Mở mục theo số thứ tự"
lacks "$T/dash.help" "Lưu bản ghi"
contains "$T/dash.help" "Phương án bố trí so với định mức và quỹ phụ cấp"
contains "$T/dash.help" "Rà soát thôn: tiêu chuẩn, phương án, ý kiến cử tri"
contains "$T/dash.menu" "q Định mức  r Rà soát"
# entry 5 syncs; this workspace has no province repository, and says so
lacks "$T/dash.sync" "chưa có"
contains "$T/dash.sync" "remote: trong sapxep.yaml"
contains "$T/dash.menu" "Đồng bộ: chưa thiết lập (không có remote: trong sapxep.yaml)"
# the quota screen's help, from the same table
contains "$T/dash.qhelp" "Enter                      Xem đầy đủ số liệu của đơn vị và căn cứ quy định"
contains "$T/dash.qhelp" "PgUp                       Lên một trang"
lacks "$T/dash.qhelp" "Lưu bản ghi"
lacks "$T/dash.qhelp" "Cuộn sang trái"

# --- add a record through the form -------------------------------------------
# The name is typed as an input method may send it: base letters, then
# combining marks (e + U+0302 + U+0301 = ế). A letter in a number is refused.
cat >"$T/add.keys" <<KEYS
2n
Ấp Tân Hòa<Tab>T02<Tab><Tab><Tab>3x
:save-display $T/add.refused
5<Tab>
:save-display $T/add.typed
<F1>
:save-display $T/add.help
<Esc><Up><Up><Up><Up><Up><End> Mới<C-s>
:save-display $T/add.saved
<Esc><Esc><Esc>
KEYS
expect_exit 0 run add
contains "$T/add.typed" "Số hộ gia đình *              35"
contains "$T/add.refused" "! Ở đây chỉ gõ số nguyên"
contains "$T/add.typed" "Vùng *                        Miền Nam"
contains "$T/add.help" "Trường này: Số nhân khẩu"
contains "$T/add.help" "F2, Esc 2, Ctrl-S"
contains "$T/add.help" "Shift-Tab, Up"
contains "$T/add.saved" "Đã lưu"
F=$(grep -l "name: Ấp Tân Hòa Mới" "$W"/hamlets/*.yaml)
check "the new hamlet's file exists" test -n "$F"
[ -n "$F" ] && contains "$F" "households: 35"
[ -n "$F" ] && contains "$F" "code: T02"
[ -n "$F" ] && contains "$F" "revision: 1"

# combining marks typed one by one are stored NFC
printf '2n\nAp Tre\314\202\314\201n<F2>\n:save-display %s\n<Esc><Esc><Esc>\n' "$T/nfc.saved" >"$T/nfc.keys"
expect_exit 0 run nfc
check "decomposed input stored NFC" grep -q "name: Ap Trến" "$W"/hamlets/*.yaml

# --- filter: case and diacritics ignored ---------------------------------------
cat >"$T/filter.keys" <<KEYS
1/nguyen van duc
:save-display $T/filter.plain
<C-u>TRẦN
:save-display $T/filter.marks
<C-u>zzz
:save-display $T/filter.none
<Esc><Esc><Esc>
KEYS
expect_exit 0 run filter
contains "$T/filter.plain" "Nguyễn Văn Đức"
lacks "$T/filter.plain" "Trần Thị Lan"
contains "$T/filter.plain" "Lọc (1/2): nguyen van duc"
contains "$T/filter.marks" "Trần Thị Lan"
lacks "$T/filter.marks" "Nguyễn Văn Đức"
contains "$T/filter.none" "Lọc (0/2)"

# --- a validation error shown when the field is left, then fixed --------------
cat >"$T/valid.keys" <<KEYS
2<Enter><Down><Down><Down><Down><C-u>999999<Tab>
:save-display $T/valid.bad
<Up><C-u>150<Tab>
:save-display $T/valid.fixed
<F2><Esc><Esc><Esc>
KEYS
expect_exit 0 run valid
contains "$T/valid.bad" "999999  ! "
contains "$T/valid.bad" "100000"
lacks "$T/valid.fixed" "! "
check "fixed value saved" grep -q "households: 150" "$W"/hamlets/*.yaml

# --- resize during an edit keeps the typing; typing while too small does
# nothing unseen -------------------------------------------------------------
cat >"$T/resize.keys" <<KEYS
2n
Ấp Cầu
:resize 60 20
:save-display $T/resize.small
 Xây
:resize 100 30
:save-display $T/resize.big
<F2><Esc><Esc><Esc>
KEYS
expect_exit 0 run resize
contains "$T/resize.small" "Cửa sổ quá nhỏ: 60x20, cần 80x24"
contains "$T/resize.small" "Phím không có tác dụng"
contains "$T/resize.big" "Ấp Cầu"
lacks "$T/resize.big" "Xây"
check "kept across the resize, saved without what was typed too small" \
	grep -q "name: Ấp Cầu$" "$W"/hamlets/*.yaml

# --- drafts: on time while typing, on hang-up; resumed at the next start -------
cat >"$T/tick.keys" <<KEYS
2n
Ấp Một
:tick 5
 Hai
KEYS
expect_exit 0 run tick
D=$(find "$W/.sapxep/drafts" -name '*.yaml' | head -1)
check "a draft written while typing" test -n "$D"
[ -n "$D" ] && contains "$D" "name: Ấp Một"
[ -n "$D" ] && lacks "$D" "Hai"
[ -n "$D" ] && rm "$D"

cat >"$T/hup.keys" <<KEYS
2n
Ấp Hai Bà<Tab>X9<Tab><Tab><Tab>4x
:hangup
KEYS
expect_exit 129 run hup
D=$(find "$W/.sapxep/drafts" -name '*.yaml' | head -1)
check "a draft written on hang-up" test -n "$D"
[ -n "$D" ] && contains "$D" "name: Ấp Hai Bà"
[ -n "$D" ] && contains "$D" "households: '4'"
cat >"$T/resume.keys" <<KEYS
:save-display $T/resume.ask
r
:save-display $T/resume.form
<Down><Down><Down><Down><End>2<F2>
:save-display $T/resume.saved
<Esc><Esc><Esc>
KEYS
expect_exit 0 run resume
contains "$T/resume.ask" "t: làm tiếp  x: xóa  l, Esc: để lúc khác"
contains "$T/resume.ask" "Ấp Hai Bà"
contains "$T/resume.form" "Ấp Hai Bà"
contains "$T/resume.saved" "Đã lưu"
check "resumed draft saved" grep -q "households: 42" "$W"/hamlets/*.yaml
check "draft gone once saved" test -z "$(find "$W/.sapxep/drafts" -name '*.yaml')"

# --- delete asks first ---------------------------------------------------------
cat >"$T/del.keys" <<KEYS
1/lan
<Enter><F8>
:save-display $T/del.ask
y
:save-display $T/del.done
<Esc><Esc>
KEYS
expect_exit 0 run del
contains "$T/del.ask" "Xóa Trần Thị Lan?"
contains "$T/del.done" "Đã xóa Trần Thị Lan"
check "deleted record moved to the trash" test -n "$(ls "$W/.sapxep/trash" 2>/dev/null)"

# --- a bad script is refused with its line ----------------------------------------
printf 'abc\n<Nope>\n' >"$T/bad.keys"
expect_exit 1 run bad
contains "$T/err" "bad.keys:2: không có phím <Nope>"
# --- typing a character sends a few bytes, not a repainted screen ----------------
# (SAPXEP_SCRIPT_TTY keeps what would have gone to the terminal)
printf '2<Enter>\n' >"$T/b0.keys"
printf '2<Enter>\nx\n' >"$T/b1.keys"
printf '2<Enter>\nx<Tab>\n' >"$T/b2.keys"
for b in b0 b1 b2; do
	SAPXEP_SCRIPT="$T/$b.keys" SAPXEP_SCRIPT_TTY="$T/$b.tty" "$BIN" --data "$W" >/dev/null 2>&1
done
b0=$(wc -c <"$T/b0.tty") b1=$(wc -c <"$T/b1.tty") b2=$(wc -c <"$T/b2.tty")
check "a form screen is drawn ($b0 bytes)" test "$b0" -gt 1000
check "one typed character costs $((b1 - b0)) bytes" test $((b1 - b0)) -lt 40
check "moving to the next field costs $((b2 - b1)) bytes" test $((b2 - b1)) -lt 400
finish
