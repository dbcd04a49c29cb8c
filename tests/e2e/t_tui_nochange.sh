# TUI in tmux, in Vietnamese (issue 17 item 12): nothing written for
# nothing. A save that changes nothing — F2 in a form opened and left
# alone, `sapxep set` with the values the record holds — writes no new
# revision and no commit; a real change still does. The sync status is
# current right after a clone (a laptop just cloned says when it synced,
# not "never"), after a sync and after a save made from the Sync screen.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
. "$(dirname "$0")/tui.sh"
A="$T/xa" B="$T/laptop" R="$T/srv/27601.git"
export SAPXEP_OFFICER=nva

new_province
new_commune "$A" "$R"
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Bình An" households=120
H=$(cat "$T/out")
F="$A/hamlets/$H.yaml"
expect_sync 0 "$A"
commits() { git -C "$1" rev-list --count HEAD; }

# --- the command line: the same value again writes nothing ----------------------
before=$(commits "$A")
cp "$F" "$T/before.yaml"
expect_exit 0 "$BIN" set hamlets "$H" --data "$A" households=120
contains "$T/err" "không có gì thay đổi"
check "set with the same value leaves the file as it was" cmp "$F" "$T/before.yaml"
check "and makes no commit" test "$(commits "$A")" = "$before"

# --- a clone is in sync from the start ------------------------------------------
expect_exit 0 "$BIN" clone "$R" --data "$B"
tui_start 80 24 --data "$B"
tui_ready
wait_match "Đồng bộ: 0 thay đổi chờ gửi · đồng bộ xong lần cuối [0-9]{2}/[0-9]{2}/20[0-9]{2} [0-9]{2}:[0-9]{2}"
check "the clone does not say never synced" sh -c \
	"! tmux -L '$SOCK' capture-pane -p -t t | grep -q 'chưa đồng bộ lần nào'"
keys F10
wait_for "[exit 0]"
tmux -L "$SOCK" kill-server 2>/dev/null

# --- the form: F2 on a record left alone ----------------------------------------
tui_start 80 24 --data "$A"
tui_ready
keys 2
wait_for "Ấp Bình An"
keys Enter
wait_for "› Ấp Bình An"
keys F2
wait_for "Không có gì thay đổi: không cần lưu, không ghi gì"
check "F2 with nothing changed leaves the file as it was" cmp "$F" "$T/before.yaml"
check "and makes no commit" test "$(commits "$A")" = "$before"
contains "$F" "revision: 1"
# typed and typed back: still nothing
keys Tab Tab Tab Tab
wait_match "Số hộ.* 120"
keys BSpace
type_text "0"
keys F2
wait_for "Không có gì thay đổi: không cần lưu, không ghi gì"
check "typed back, nothing written" cmp "$F" "$T/before.yaml"
# a real change is saved, once
keys BSpace
type_text "5"
keys F2
wait_for "Đã lưu"
wait_grep "$F" "households: 125"
contains "$F" "revision: 2"
check "one commit for the change" test "$(commits "$A")" = "$((before + 1))"
keys F2
wait_for "Không có gì thay đổi: không cần lưu, không ghi gì"
contains "$F" "revision: 2"
check "saving again makes no second commit" test "$(commits "$A")" = "$((before + 1))"
keys Escape
wait_for "Ấp Bình An"
keys Escape
tui_ready
wait_for "Đồng bộ: 1 thay đổi chờ gửi"

# --- the Sync screen: current after the sync and after a save from it ---------
# the laptop changes the same field: a conflict to settle here
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" set hamlets "$H" --data "$B" households=300
expect_sync 0 "$B" ttl
keys 5
wait_for "Không còn gì chờ gửi."
wait_for "1 bản ghi bị xung đột"
keys Escape
tui_ready
wait_for "Đồng bộ: 0 thay đổi chờ gửi"
keys 5
wait_for "1 bản ghi bị xung đột"
keys Enter
wait_for "! xung đột"
keys F6
wait_for "1) nva"
keys 1
keys F2
wait_for "Đã lưu"
wait_grep "$F" "households: 125"
keys Escape
# the save made from the Sync screen waits: the screen says so at once
wait_for "1 thay đổi chờ gửi"
wait_gone "Không còn gì chờ gửi."
keys Escape
tui_ready
wait_for "Đồng bộ: 1 thay đổi chờ gửi"
keys F10
wait_for "[exit 0]"
finish
