# TUI in tmux: sync from the interface. A commune's workspace tied to its
# repository at the "province" (a bare repository in $T/srv) and a laptop
# cloned from it, changed from the command line. The dashboard counts the
# changes waiting; the Sync screen sends them, stays calm offline, lists
# the records in conflict; a conflict is settled field by field in the
# form, and an edit against a delete by deleting; files changed from the
# command line while the interface is open appear in it.
# Messages are checked in English (--lang en), as in the other sync tests.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
. "$(dirname "$0")/tui.sh"
A="$T/xa" B="$T/laptop" R="$T/srv/27601.git"
export SAPXEP_OFFICER=nva	# the commune's officer; the laptop's is ttl

new_province
new_commune "$A" "$R"
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Bình An" households=120
H=$(cat "$T/out")
expect_exit 0 "$BIN" new staff --data "$A" "full_name=Trần Thị Lan" unit=commune \
	positions=thu_y arrangement=keep
P=$(cat "$T/out")
expect_sync 0 "$A"
expect_exit 0 "$BIN" clone "$R" --data "$B"

tui_start 80 24 --lang en --data "$A"
wait_for "5  Sync"
wait_match "Sync: 0 changes waiting to be sent · last successful sync [0-9]{2}/[0-9]{2}/20[0-9]{2} [0-9]{2}:[0-9]{2}"
check "no alert about sync" sh -c "! tmux -L '$SOCK' capture-pane -p -t t | grep -q 'Enter syncs'"

# --- a save through the form waits to be sent -----------------------------------
keys 2
wait_for "Ấp Bình An"
keys n
wait_for "new record"
type_text "Ấp Tân Hòa"
keys Tab Tab Tab Tab
type_text "150"
keys F2
wait_for "Saved"
keys Escape
wait_for "2 record(s)."
keys Escape
wait_for "Sync: 1 change waiting to be sent"
wait_for "! 1 change waiting to be sent to the province; Enter syncs"

# --- the Sync screen sends it -------------------------------------------------------
keys 5
wait_for "Synced with the province: 1 change(s) sent, 0 record(s) received."
wait_for "Nothing is waiting to be sent."
wait_for "No record is in conflict."
check "the province has the save" sh -c \
	"git -C '$R' log -1 --format=%s main | grep -q 'save hamlets: Ấp Tân Hòa'"
keys Escape
wait_for "Sync: 0 changes waiting to be sent"
wait_gone "Enter syncs"

# --- offline: the province copy is gone; calm, and nothing lost -------------------
mv "$R" "$T/srv/away.git"
# a change from the command line while the dashboard waits: it notices
expect_exit 0 "$BIN" set hamlets "$H" --data "$A" households=130
wait_for "Sync: 1 change waiting to be sent"
keys 5
wait_for "The province server could not be reached: working offline is normal."
wait_for "Nothing is lost: 1 change is waiting to be sent. Sync again (s) when the"
wait_for "Offline: the changes wait, nothing is lost"
check "offline is no error" sh -c "! tmux -L '$SOCK' capture-pane -p -t t | grep -q '^!'"
keys Escape
wait_for "Sync: 1 change waiting to be sent"
wait_match "^  Last attempt [0-9/]{10} [0-9:]{5}: offline \(the server could not be reached\)$"
contains "$A/hamlets/$H.yaml" "households: 130"
check "nothing left out of the history" test -z "$(git -C "$A" status --porcelain)"
# online again
mv "$T/srv/away.git" "$R"
keys 5
wait_for "Synced with the province: 1 change(s) sent, 0 record(s) received."
keys Escape
wait_for "Sync: 0 changes waiting to be sent"
wait_gone "Last attempt"

# --- conflicts: the laptop changed the same field later, and edited a
# record this machine deleted ----------------------------------------------------
expect_sync 0 "$B" ttl
expect_exit 0 env SAPXEP_OFFICER=ttl SAPXEP_NOW=2026-11-28T15:00:00+07:00 \
	"$BIN" set hamlets "$H" --data "$B" households=300
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" set staff "$P" --data "$B" "note=Đã chuyển lên xã"
expect_sync 0 "$B" ttl
expect_exit 0 env SAPXEP_NOW=2026-11-28T14:00:00+07:00 \
	"$BIN" set hamlets "$H" --data "$A" households=200
expect_exit 0 "$BIN" delete staff "$P" --data "$A"
wait_for "Sync: 2 changes waiting to be sent"
keys 5
wait_for "Synced with the province: 2 change(s) sent, 2 record(s) received."
wait_for "2 records in conflict (saved differently here and elsewhere)"
wait_for "! Non-specialist workers: Trần Thị Lan (edited on one machine, deleted on"
wait_match "^> ! Hamlets and neighbourhoods: Ấp Bình An \(Households\)"
F="$A/hamlets/$H.yaml"
contains "$F" "status: conflict"

# the same field: the form says so, F6 shows the versions side by side
keys Enter
wait_for "› ! conflict › Hamlets and neighbourhoods › Ấp"
wait_for "1 field was saved differently on two machines: F6 shows the versions"
wait_match "Households \* +300  ! Two machines saved different values"
keys F1
wait_for "Keys on this screen"
keys End
wait_match "^  F6, Esc 6 +The versions sync kept, side by side: choose one$"
keys Escape
wait_gone "Keys on this screen"
keys F6
wait_for "Ấp Bình An: Households was saved differently on two machines"
wait_for "In the form now: 300"
wait_match "1\) nva +2\) ttl"
wait_match "28/11/2026 14:00 +28/11/2026 15:00"
wait_match "^ +200 +300$"
wait_for "= in the form now"
wait_for "e By hand"
# this machine's value, the one not in the form
keys 1
wait_for "Households: the version chosen is in the form; F2 saves the record"
# the conflict mark is gone (a "?" says the Decree 185 standard is unconfirmed)
wait_match "Households \* +200( *$|  \? )"
wait_gone "! conflict ›"
contains "$F" "households: 300"
keys F2
wait_for "Saved"
wait_grep "$F" "households: 200"
lacks "$F" "conflicts:"
lacks "$F" "status: conflict"
contains "$F" "status: complete"
check "the choice is a commit" sh -c \
	"git -C '$A' log -1 --format=%s | grep -q '^save hamlets: Ấp Bình An'"

# edited there, deleted here: delete it, as this machine did
keys Escape
wait_for "1 record in conflict"
wait_match "^> ! Non-specialist workers: Trần Thị Lan"
keys Enter
wait_for "Edited on one machine and deleted on another: F6 keeps or deletes it"
wait_for "Đã chuyển lên xã"
keys F6
wait_for "Trần Thị Lan was edited on one machine and deleted on another"
wait_for "Edited: the record as the form"
wait_for "k Keep"
keys d
wait_for "Delete Trần Thị Lan, as the other machine did?"
keys y
wait_for "Deleted Trần Thị Lan, as chosen"
wait_for "No record is in conflict."
check "the record is deleted" test ! -e "$A/staff/$P.yaml"
check "a copy is in the trash" sh -c "ls -R '$A/.sapxep/trash' | grep -q '$P'"
keys s
wait_for "Synced with the province: 2 change(s) sent, 0 record(s) received."
expect_sync 0 "$B" ttl
contains "$B/hamlets/$H.yaml" "households: 200"
check "deleted on the laptop too" test ! -e "$B/staff/$P.yaml"
# (git keeps no empty folder: staff/ is gone on the laptop)
same_records "$A/hamlets" "$B/hamlets"
check "the same settings" cmp "$A/sapxep.yaml" "$B/sapxep.yaml"
keys Escape
wait_for "Sync: 0 changes waiting to be sent"
wait_gone "in conflict"

# --- files changed from the command line while the interface is open -----------
keys 2
wait_for "2 record(s)."
keys Enter
wait_for "› Hamlets and neighbourhoods › Ấp Bình An"
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Mới" households=90
N=$(cat "$T/out")
expect_exit 0 "$BIN" set hamlets "$H" --data "$A" "name=Ấp An Đông"
# the open form is left alone: what is on screen is not replaced
check "the form still shows what it opened" sh -c \
	"tmux -L '$SOCK' capture-pane -p -t t | grep -q 'Name \*  *Ấp Bình An *$'"
keys Escape
wait_for "3 record(s)."
wait_for "Ấp Mới "
wait_for "Ấp An Đông"
# and while the list just waits for a key
expect_exit 0 "$BIN" set hamlets "$N" --data "$A" "name=Ấp Mới Hai"
wait_for "Ấp Mới Hai"
keys Escape
wait_for "Sync: 3 changes waiting to be sent"
keys Escape
wait_for "[exit 0]"
finish
