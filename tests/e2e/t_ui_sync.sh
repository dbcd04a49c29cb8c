# The Sync screen and the choice between versions, driven by SAPXEP_SCRIPT
# (no terminal needed): a workspace and a laptop cloned from the same
# province repository change three fields of a hamlet differently, and the
# laptop edits a worker this machine deleted. In the interface: the help
# of the Sync screen, the conflict marked in the list, one field chosen in
# the side-by-side screen, one kept as it is to edit by hand, one typed
# over; the worker kept; the province view shows the versions and chooses
# nothing. Messages in English (--lang en), as in the other sync tests.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
A="$T/xa" B="$T/laptop" R="$T/srv/27601.git"
export SAPXEP_OFFICER=nva

new_province
new_commune "$A" "$R"
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Bình An" code=A1 households=120 population=500
H=$(cat "$T/out")
expect_exit 0 "$BIN" new staff --data "$A" "full_name=Trần Thị Lan" unit=commune \
	positions=thu_y arrangement=keep
P=$(cat "$T/out")
expect_sync 0 "$A"
expect_exit 0 "$BIN" clone "$R" --data "$B"
expect_exit 0 env SAPXEP_OFFICER=ttl SAPXEP_NOW=2026-11-28T15:00:00+07:00 \
	"$BIN" set hamlets "$H" --data "$B" households=300 population=1000 code=B2
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" set staff "$P" --data "$B" "note=Đã chuyển lên xã"
expect_sync 0 "$B" ttl
expect_exit 0 env SAPXEP_NOW=2026-11-28T14:00:00+07:00 \
	"$BIN" set hamlets "$H" --data "$A" households=200 population=900 code=A2
expect_exit 0 "$BIN" delete staff "$P" --data "$A"
F="$A/hamlets/$H.yaml" S="$A/staff/$P.yaml"

# run NAME [DIR]: the script $T/NAME.keys on the workspace (or DIR)
run() {
	SAPXEP_SCRIPT="$T/$1.keys" "$BIN" --data "${2:-$A}" --lang en >"$T/out" 2>"$T/err"
}

# --- sync; the help; the list marks the conflict ----------------------------------
cat >"$T/sync.keys" <<KEYS
5
:save-display $T/sync.screen
<F1>
:save-display $T/sync.help
<Esc><Esc>
:save-display $T/sync.dash
2
:save-display $T/sync.list
<Esc><Esc>
KEYS
expect_exit 0 run sync
contains "$T/sync.screen" "Synced with the province: 2 change(s) sent, 2 record(s) received."
contains "$T/sync.screen" "2 records in conflict"
contains "$T/sync.screen" "! Hamlets and neighbourhoods: Ấp Bình An (Code, Households, Population)"
contains "$T/sync.help" "s                          Sync now: send and receive the changes"
contains "$T/sync.help" "Enter                      Open"
contains "$T/sync.dash" "! 2 records in conflict: Enter lists them, to choose between the versions"
check "conflicts counted" grep -Eq "Hamlets and neighbourhoods +0 +0 +1$" "$T/sync.dash"
check "the list marks it in words" grep -Eq "Ấp Bình An .* ! conflict$" "$T/sync.list"
contains "$F" "status: conflict"

# --- the province view: the versions are shown, nothing is chosen -----------------
mkdir "$T/prov"
cp -r "$A" "$T/prov/xa"
cat >"$T/prov.keys" <<KEYS
<Enter>2<Enter>
:save-display $T/prov.form
<F6>
:save-display $T/prov.versions
1e
:save-display $T/prov.after
<Esc><Esc><Esc><Esc><Esc>
KEYS
expect_exit 0 run prov "$T/prov"
contains "$T/prov.form" "[READ-ONLY]"
contains "$T/prov.form" "! conflict"
contains "$T/prov.versions" "1) nva"
contains "$T/prov.versions" "Read-only: opened from the province view, nothing can be chosen"
lacks "$T/prov.versions" "e By hand"
contains "$T/prov.after" "Read-only"
check "the province's copy is untouched" cmp "$F" "$T/prov/xa/hamlets/$H.yaml"

# --- three fields: one chosen, one kept by hand, one typed over -------------------
# The form opens on the first field in conflict (code, typed over here);
# F6 on households starts on the version not in the form.
cat >"$T/fields.keys" <<KEYS
2<Enter>
:save-display $T/fields.form
<C-u>X9<Tab>
:save-display $T/fields.typed
<Tab><Tab><F6>
:save-display $T/fields.v1
<Right>
:save-display $T/fields.v1r
<Left><Enter>
:save-display $T/fields.chosen
<Down><F6>
:save-display $T/fields.v2
e
:save-display $T/fields.hand
<F2>
:save-display $T/fields.saved
<Esc><Esc><Esc>
KEYS
expect_exit 0 run fields
contains "$T/fields.form" "3 fields were saved differently on two machines: F6 shows the versions"
check "the cursor is on the first conflict" grep -Eq "^>Code +B2  ! Two machines" "$T/fields.form"
contains "$T/fields.typed" "Code: your own value replaces the versions sync kept; F2 saves it"
check "no versions left for the code" grep -Eq "^ Code +X9 *$" "$T/fields.typed"
contains "$T/fields.v1" "In the form now: 300"
check "side by side" grep -Eq "^>1\) nva +2\) ttl$" "$T/fields.v1"
check "who and when" grep -Eq "^ +28/11/2026 14:00 +28/11/2026 15:00$" "$T/fields.v1"
check "the values" grep -Eq "^ +200 +300$" "$T/fields.v1"
check "the cursor moves" grep -Eq "^ 1\) nva +>2\) ttl$" "$T/fields.v1r"
contains "$T/fields.chosen" "Households: the version chosen is in the form; 1 more to choose (F6)"
# the conflict mark is gone (a "?" says the Decree 185 standard is unconfirmed)
check "the chosen value in the form" grep -Eq "^>Households \* +200( *$|  \? )" "$T/fields.chosen"
contains "$T/fields.v2" "In the form now: 1000"
contains "$T/fields.hand" "Population: the value stays for you to edit; F2 saves the record"
check "the population stays" grep -Eq "^>Population +1000 *$" "$T/fields.hand"
contains "$T/fields.saved" "Saved"
contains "$F" "code: X9"
contains "$F" "households: 200"
contains "$F" "population: 1000"
lacks "$F" "conflicts:"
contains "$F" "status: complete"

# --- the worker edited there and deleted here: kept, from the dashboard's alert ----
cat >"$T/keep.keys" <<KEYS
:save-display $T/keep.dash
<Down><Down><Down><Down><Down><Enter>
:save-display $T/keep.list
<Enter>
:save-display $T/keep.form
<F6>
:save-display $T/keep.versions
k
:save-display $T/keep.kept
<F2>
:save-display $T/keep.saved
<Esc>
:save-display $T/keep.none
s
:save-display $T/keep.synced
<Esc><Esc>
KEYS
expect_exit 0 run keep
contains "$T/keep.dash" "! 1 record in conflict: Enter shows it, to choose between the versions"
check "the alert's screen does not sync by itself" sh -c "! grep -q 'What the sync did' '$T/keep.list'"
contains "$T/keep.list" "Sync: 1 change waiting to be sent"
contains "$T/keep.list" "! Non-specialist workers: Trần Thị Lan (edited on one machine, deleted on"
contains "$T/keep.form" "Edited on one machine and deleted on another: F6 keeps or deletes it"
contains "$T/keep.versions" "Deleted"
contains "$T/keep.versions" "Edited: the record as the form"
contains "$T/keep.kept" "The record is kept; F2 saves the record"
contains "$T/keep.saved" "Saved"
contains "$T/keep.none" "No record is in conflict."
contains "$T/keep.synced" "Synced with the province: 2 change(s) sent, 0 record(s) received."
contains "$S" "note: Đã chuyển lên xã"
lacks "$S" "deleted: true"
lacks "$S" "status: conflict"
expect_sync 0 "$B" ttl
same_records "$A" "$B"
finish
