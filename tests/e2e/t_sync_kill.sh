# Sync interrupted: git killed in the middle of a fetch, then git and
# sapxep killed in the middle of a push. Each time nothing is lost and the
# next sync completes. The "server" is reached through a stand-in for ssh
# (GIT_SSH) that can hang like a dead link after passing a few bytes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
A="$T/xa" B="$T/laptop" R="$T/srv/27601.git"
export SAPXEP_OFFICER=nva

# (sapxep gives git a clean environment: the folder is written in.)
sed "s|@T@|$T|g" >"$T/fakessh" <<'SH'
#!/bin/sh
# fakessh HOST COMMAND: run git's server side here. With hang-fetch (or
# hang-push) present, pass a few bytes and then hang.
STALL='@T@'
export STALL
cmd=$2
echo $PPID >"$STALL/git.pid"
case "$cmd" in
git-upload-pack*) hang="$STALL/hang-fetch" ;;
*) hang="$STALL/hang-push" ;;
esac
if [ -e "$hang" ]; then
	case "$hang" in
	*fetch) sh -c "$cmd" | { head -c 64; touch "$STALL/hung"; sh -c 'echo $$ >"$STALL/hang.pid"; exec sleep 600'; } ;;
	*) { head -c 200; touch "$STALL/hung"; sh -c 'echo $$ >"$STALL/hang.pid"; exec sleep 600'; } | sh -c "$cmd" ;;
	esac
	exit 1
fi
exec sh -c "$cmd"
SH
chmod +x "$T/fakessh"
export GIT_SSH="$T/fakessh" GIT_SSH_VARIANT=simple
trap 'kill $(cat "$T/hang.pid" 2>/dev/null) 2>/dev/null; cleanup' EXIT

new_province
new_commune "$A" "tinh:$R"
expect_sync 0 "$A"
expect_exit 0 "$BIN" clone "tinh:$R" --data "$B"

# something new at the province, something new here
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" new hamlets --data "$B" "name=Ấp Từ Laptop" households=40
L=$(cat "$T/out")
expect_sync 0 "$B" ttl
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Bình An" households=120
H=$(cat "$T/out")

# 1. git killed mid-fetch
touch "$T/hang-fetch"
rm -f "$T/hung"
"$BIN" sync --lang en --data "$A" >"$T/out" 2>"$T/err" &
SX=$!
wait_file "$T/hung"
kill -9 "$(cat "$T/git.pid")"
wait $SX 2>/dev/null
check "a killed fetch is an unreachable server (exit 3)" test $? -eq 3
contains "$T/out" "1 change is waiting to be sent"
kill "$(cat "$T/hang.pid")" 2>/dev/null
rm -f "$T/hang-fetch"
check "the save is still there" test -f "$A/hamlets/$H.yaml"
# what a git killed while holding its locks leaves behind
touch "$A/.git/index.lock" "$A/.git/refs/remotes/origin/main.lock"
expect_exit 0 "$BIN" set hamlets "$H" --data "$A" households=125
check "a save after the kill is recorded" test -z "$(git -C "$A" status --porcelain)"
expect_sync 0 "$A"
contains "$T/out" "2 change(s) sent"
check "the province's record arrived" test -f "$A/hamlets/$L.yaml"
check "no lock is left" test ! -e "$A/.git/refs/remotes/origin/main.lock"

# 2. git and sapxep killed mid-push (the laptop's battery dies)
expect_exit 0 "$BIN" new staff --data "$A" "full_name=Võ Thị Sáu" unit=commune \
	positions=thu_y arrangement=keep
S=$(cat "$T/out")
before=$(git -C "$R" rev-parse main)
touch "$T/hang-push"
rm -f "$T/hung"
"$BIN" sync --lang en --data "$A" >"$T/out" 2>"$T/err" &
SX=$!
wait_file "$T/hung"
kill -9 "$(cat "$T/git.pid")" $SX
wait $SX 2>/dev/null
kill "$(cat "$T/hang.pid")" 2>/dev/null
rm -f "$T/hang-push"
check "the province took nothing half-sent" test "$(git -C "$R" rev-parse main)" = "$before"
check "the province's copy is whole" git -C "$R" fsck --no-progress --no-dangling
check "the record is still here" test -f "$A/staff/$S.yaml"
expect_sync 0 "$A"
check "the next sync sent it" git -C "$R" cat-file -e "main:staff/$S.yaml"
expect_sync 0 "$B" ttl
expect_sync 0 "$A"
same_records "$A" "$B"
check "the workspace's history is whole" git -C "$A" fsck --no-progress --no-dangling
finish
