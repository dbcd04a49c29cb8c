# Sync: a commune's workspace and a laptop cloned from the province copy
# edit the same records; after syncing both ways no value is lost and both
# hold the same files. Also: every save is a commit, concurrent saves are
# all recorded, and an unreachable server is a normal, lossless state.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
A="$T/xa" B="$T/laptop" R="$T/srv/27601.git"
export SAPXEP_OFFICER=nva	# the commune's officer; the laptop's is ttl
# an officer's own git settings that would hide records or stop commits
printf '*.yaml\n' >"$HOME/.gitignore-global"
printf '[core]\n\texcludesFile = %s\n[commit]\n\tgpgSign = true\n[merge]\n\tff = false\n' \
	"$HOME/.gitignore-global" >"$HOME/.gitconfig"

new_province
contains "$T/out" "đã tạo 27601.git (Xã Mỹ An)"
check "one repository per commune" test -d "$T/srv/27602.git/hooks"
check "the check is installed" test -x "$R/hooks/pre-receive"
check "the repository knows its commune" test "$(git -C "$R" config sapxep.commune)" = 27601
new_commune "$A" "$R"
check "the workspace is a repository" test -d "$A/.git"
contains "$A/.gitignore" "/.sapxep/"
contains "$A/.gitattributes" "*.yaml merge=sapxep"
check "the merge driver is configured" sh -c "git -C '$A' config merge.sapxep.driver | grep -q 'merge-driver %O %A %B %P'"

# the first sync sends the workspace
expect_sync 0 "$A"
contains "$T/out" "Synced with the province"
check "the province has the workspace" git -C "$R" cat-file -e main:sapxep.yaml

# a laptop
expect_exit 0 "$BIN" clone "$R" --data "$B"
check "the laptop has the settings" cmp "$A/sapxep.yaml" "$B/sapxep.yaml"
check "the laptop's copy is private" test "$(stat -c %a "$B")" = 700
check "the laptop's records are private" test "$(stat -c %a "$B/sapxep.yaml")" = 600
expect_exit 2 "$BIN" clone "$R" --data "$B"
contains "$T/err" "không trống"

# every save is a commit, author the officer, message naming the record
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Bình An" households=120
H=$(cat "$T/out")
check "the save is a commit" test "$(git -C "$A" log -1 --format='%an|%ae|%s')" = \
	"Nguyễn Văn An|nva|save hamlets: Ấp Bình An (revision 1)"
check "nothing left unrecorded" test -z "$(git -C "$A" status --porcelain)"
expect_exit 0 "$BIN" new staff --data "$A" "full_name=Trần Thị Lan" unit=commune \
	positions=thu_y arrangement=keep
P=$(cat "$T/out")
expect_sync 0 "$A"
contains "$T/out" "2 change(s) sent"
expect_sync 0 "$B" ttl
contains "$T/out" "2 record(s) received"
same_records "$A" "$B"

# different fields on the two machines: both kept
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" set hamlets "$H" --data "$B" population=540
expect_exit 0 "$BIN" set hamlets "$H" --data "$A" households=130
expect_sync 0 "$A"
expect_sync 0 "$B" ttl
expect_sync 0 "$A"
contains "$A/hamlets/$H.yaml" "households: 130"
contains "$A/hamlets/$H.yaml" "population: 540"
lacks "$A/hamlets/$H.yaml" "conflicts:"
same_records "$A" "$B"

# the same field changed differently: both values kept, with who and when
expect_exit 0 env SAPXEP_OFFICER=ttl SAPXEP_NOW=2026-11-28T15:00:00+07:00 \
	"$BIN" set hamlets "$H" --data "$B" households=300
expect_exit 0 env SAPXEP_NOW=2026-11-28T14:00:00+07:00 \
	"$BIN" set hamlets "$H" --data "$A" households=200
expect_sync 0 "$A"
expect_sync 0 "$B" ttl
contains "$T/out" "changed differently here and elsewhere"
contains "$T/out" "Ấp Bình An"
expect_sync 0 "$A"
F="$A/hamlets/$H.yaml"
contains "$F" "status: conflict"
contains "$F" "households: 300"
contains "$F" "- field: households"
contains "$F" "  - by: nva
    at: 2026-11-28T14:00:00+07:00
    value: 200"
contains "$F" "  - by: ttl
    at: 2026-11-28T15:00:00+07:00
    value: 300"
same_records "$A" "$B"
expect_exit 0 "$BIN" list hamlets --lang en --data "$A"
contains "$T/out" "conflict"

# deleted on one machine, edited on the other: kept and flagged
expect_exit 0 "$BIN" delete staff "$P" --data "$A"
check "a delete is a commit" sh -c "git -C '$A' log -1 --format=%s | grep -q '^delete staff: Trần Thị Lan'"
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" set staff "$P" --data "$B" "note=Đã chuyển lên xã"
expect_sync 0 "$A"
expect_sync 0 "$B" ttl
contains "$T/out" "edited on one machine, deleted on another"
expect_sync 0 "$A"
check "the edited record is kept" test -f "$A/staff/$P.yaml"
contains "$A/staff/$P.yaml" "note: Đã chuyển lên xã"
contains "$A/staff/$P.yaml" "deleted: true"
contains "$A/staff/$P.yaml" "status: conflict"
same_records "$A" "$B"

# a person chooses: validate lists the versions, resolve keeps one
expect_exit 1 "$BIN" validate --lang en --data "$A"
contains "$T/out" "Households: Two machines saved different values; choose one: 1) 200 (nva, 2026-11-28T14:00); 2) 300 (ttl, 2026-11-28T15:00)"
contains "$T/out" "Edited on one machine and deleted on another"
expect_exit 0 "$BIN" resolve hamlets "$H" --lang en --data "$A"
contains "$T/out" "1) 200 (nva"
expect_exit 2 "$BIN" resolve hamlets "$H" --data "$A" households=x
expect_exit 1 "$BIN" resolve hamlets "$H" --data "$A" households=3
expect_exit 0 "$BIN" resolve hamlets "$H" --data "$A" households=1
contains "$A/hamlets/$H.yaml" "households: 200"
lacks "$A/hamlets/$H.yaml" "conflicts:"
lacks "$A/hamlets/$H.yaml" "status: conflict"
expect_exit 0 "$BIN" resolve staff "$P" --data "$A" record=keep
check "the kept record stays" test -f "$A/staff/$P.yaml"
lacks "$A/staff/$P.yaml" "deleted: true"
lacks "$A/staff/$P.yaml" "status: conflict"
expect_sync 0 "$A"
expect_sync 0 "$B" ttl
contains "$B/hamlets/$H.yaml" "households: 200"
lacks "$B/staff/$P.yaml" "status: conflict"
same_records "$A" "$B"

# concurrent saves by several officers on one server: serialised, all kept
before=$(git -C "$A" rev-list --count HEAD)
pids=""
for i in 1 2 3 4 5 6 7 8; do
	SAPXEP_OFFICER="o$i" "$BIN" new hamlets --data "$A" "name=Tổ $i" households=$((i * 10)) \
		>"$T/c$i.out" 2>"$T/c$i.err" &
	pids="$pids $!"
done
for p in $pids; do wait "$p" || fail "a concurrent save failed"; done
check "eight more commits" test "$(git -C "$A" rev-list --count HEAD)" -eq $((before + 8))
check "all recorded" test -z "$(git -C "$A" status --porcelain)"
check "each officer is an author" test "$(git -C "$A" log -8 --format=%ae | sort -u | wc -l)" -eq 8

# offline: the province copy is gone; nothing is lost and the changes wait
mv "$R" "$T/srv/away.git"
expect_sync 3 "$A"
contains "$T/out" "Could not reach the province server"
contains "$T/out" "8 changes are waiting to be sent"
expect_exit 0 "$BIN" sync --status --lang en --data "$A"
contains "$T/out" "Changes waiting to be sent: 8"
contains "$T/out" "offline"
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" new hamlets --data "$B" "name=Ấp Mới" households=75
N=$(cat "$T/out")
expect_sync 3 "$B" ttl
contains "$T/out" "1 change is waiting to be sent"
# online again
mv "$T/srv/away.git" "$R"
expect_sync 0 "$A"
contains "$T/out" "8 change(s) sent"
expect_exit 0 "$BIN" sync --status --lang en --data "$A"
contains "$T/out" "Changes waiting to be sent: 0"
lacks "$T/out" "never"
expect_sync 0 "$B" ttl
expect_sync 0 "$A"
check "the laptop's record arrived" test -f "$A/hamlets/$N.yaml"
same_records "$A" "$B"

# no value typed anywhere was lost: the chosen one is in the record, the
# other stays in the history
for v in "population: 540" "households: 200"; do
	contains "$B/hamlets/$H.yaml" "$v"
done
check "the value not chosen is in the history" sh -c \
	"git -C '$B' log -p -- hamlets/$H.yaml | grep -q 'value: 300'"
check "every record parses" "$BIN" validate --data "$B" >/dev/null 2>&1 || [ $? -eq 1 ]
check "the province has everything" test "$(git -C "$R" rev-parse main)" = "$(git -C "$A" rev-parse HEAD)"
check "history is intact" git -C "$R" fsck --no-progress --no-dangling

# a file an officer leaves in a record folder stays on that machine
echo "danh sách tạm" >"$A/hamlets/ghi-chu.txt"
expect_sync 0 "$A"
check "a stray file is not sent" test -z "$(git -C "$R" ls-tree --name-only main hamlets/ghi-chu.txt)"
check "and is left where it was" test -f "$A/hamlets/ghi-chu.txt"

# a second machine made with init instead of clone: stopped, with advice
expect_exit 0 "$BIN" init --data "$T/second" --province 72 --commune 27601 --name "Xã Mỹ An" \
	--class II --officer ttl --remote "$R"
expect_sync 1 "$T/second" ttl
contains "$T/out" "sapxep.yaml: could not be merged"
contains "$T/out" "set up with 'sapxep clone URL'"
check "the province is untouched" test "$(git -C "$R" rev-parse main)" = "$(git -C "$A" rev-parse HEAD)"
finish
