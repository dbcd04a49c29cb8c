# TUI in tmux: a sync that hangs on a dead rural link is stopped with Esc.
# The server is reached through an "ssh" that never answers; Esc on the
# Sync screen stops git (and so the sync) at once, says nothing is lost,
# leaves the records and the repository as they were, and the next sync,
# with the link back, sends the change.
# Messages are checked in English (--lang en), as in the other sync tests.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
. "$(dirname "$0")/tui.sh"
A="$T/xa" R="$T/srv/27601.git"
export SAPXEP_OFFICER=nva

new_province
new_commune "$A" "$R"
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Bình An" households=120
H=$(cat "$T/out")
# synced in the morning: the stopped attempt comes after it
export SAPXEP_NOW=2026-11-28T08:00:00+07:00
expect_sync 0 "$A"
unset SAPXEP_NOW
expect_exit 0 "$BIN" set hamlets "$H" --data "$A" households=150

# the link goes dead: git's ssh connects to nothing and waits
cat >"$T/dead-ssh" <<EOF
#!/bin/sh
echo \$\$ >"$T/ssh.pid"
exec sleep 300
EOF
chmod +x "$T/dead-ssh"
git -C "$A" remote set-url origin "ssh://tinh.invalid/srv/27601.git"
export GIT_SSH_COMMAND="$T/dead-ssh"
kill_ssh() { [ -f "$T/ssh.pid" ] && kill "$(cat "$T/ssh.pid")" 2>/dev/null; }
trap 'kill_ssh; cleanup' EXIT

tui_start 80 24 --lang en --data "$A"
wait_for "5  Sync"
keys 5
wait_for "Syncing with the province server"
wait_for "Esc stops it; nothing is lost either way."
wait_file "$T/ssh.pid"
keys Escape
wait_for "Sync stopped (Esc). Nothing is lost: 1 change is waiting to be sent."
wait_for "Sync stopped: the changes wait, nothing is lost"
check "the record as it was saved" grep -q "households: 150" "$A/hamlets/$H.yaml"
check "no git left running" sh -c "! pgrep -f 'gi[t] fetch --no-tags' >/dev/null"
check "no lock left by the stopped git" sh -c "! ls '$A'/.git/*.lock '$A'/.git/refs/remotes/origin/*.lock 2>/dev/null | grep -q ."
check "the outcome is kept" grep -q "cancelled" "$A/.sapxep/sync.yaml"
keys Escape
wait_for "Sync: 1 change waiting to be sent"
wait_for "Last attempt"
wait_for "stopped before it finished (Esc)"
keys F10
wait_for "[exit 0]"

# the link is back: the change goes
kill_ssh
unset GIT_SSH_COMMAND
git -C "$A" remote set-url origin "$R"
expect_sync 0 "$A"
contains "$T/out" "1 change(s) sent"
check "at the province" sh -c "git -C '$R' show main:hamlets/$H.yaml | grep -q 'households: 150'"
finish
