# I/O faults: with the fault shim (tests/fault/shim.c) preloaded, every
# open, write, fsync, rename and close that sapxep makes in the workspace
# fails in turn, with ENOSPC, EIO, EACCES and EROFS, and with a disk that
# stays full from there on. Every save, new record, delete, import and
# init either completes or fails with a message that says why; the
# previous version stays, byte for byte; nothing is left half written,
# empty, or as a temporary file; and the same command then works. In the
# interface (scripted mode) the officer's typing stays on screen after a
# refused save, and a draft that cannot be written leaves the last one.
. "$(dirname "$0")/lib.sh"
SHIM=${SAPXEP_FAULT_SHIM:-}
if [ ! -f "$SHIM" ]; then
	echo "  SKIPPED $TEST_NAME: no fault shim at '$SHIM' (make check builds it)"
	exit 0
fi
# under ASan the shim comes before the sanitizer's runtime
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

W="$T/xa"
P="$T/pristine"
"$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class II \
	--region south --officer nva >/dev/null 2>&1 || fail "init"
H=$("$BIN" new hamlets --data "$W" "name=Ấp Một" households=120 \
	"note=Buổi sáng gõ phím, không được mất" 2>/dev/null)
S=$("$BIN" new staff --data "$W" "full_name=Nguyễn Văn Đức" unit=commune positions=thu_y \
	arrangement=keep 2>/dev/null)
[ -n "$H" ] && [ -n "$S" ] || fail "set-up"
cp -a "$W" "$P"
printf 'name,households\nẤp Hai,20\nẤp Ba,30\nẤp Bốn,40\n' >"$T/three.csv"

runs=0 faults=0 refused=0 completed=0 losses=0

# shim FAULT CMD...: run CMD with FAULT injected in the workspace's files.
shim() {
	fault=$1
	shift
	rm -f "$T/log"
	env LD_PRELOAD="$SHIM" SAPXEP_FAULT="$fault" SAPXEP_FAULT_PATH="$W" \
		SAPXEP_FAULT_LOG="$T/log" "$@" >"$T/out" 2>"$T/err"
}

# count OP: calls of OP in the last run's log
count() { grep -c "^$1 " "$T/log"; }

# The text strerror gives each errno (as the messages show it).
say() {
	case $1 in
	ENOSPC) echo "No space left on device" ;;
	EIO) echo "Input/output error" ;;
	EACCES) echo "Permission denied" ;;
	EROFS) echo "Read-only file system" ;;
	esac
}

# tree DIR: every file with its bytes' checksum, the lock and the
# dashboard's cache (local state the interface rewrites) aside
tree() {
	(cd "$1" && find . -type f ! -path ./.sapxep/lock ! -path ./.sapxep/dashboard -print0 | sort -z \
		| xargs -0 -r sha256sum)
}

lose() {
	losses=$((losses + 1))
	fail "$*"
	sed 's/^/    | /' "$T/err" | head -5
}

# intact KIND FAULT RC: after a run with FAULT that exited RC, the
# workspace is either as before (refused, with a message naming the
# error) or holds the whole change (completed); never anything between.
intact() {
	kind=$1 fault=$2 rc=$3
	err=${fault##*:}
	err=${err%+}
	runs=$((runs + 1))
	grep -q '^FAULT ' "$T/log" && faults=$((faults + 1))
	if [ "$rc" -ge 128 ] || grep -q 'Sanitizer\|runtime error' "$T/err"; then
		lose "$kind with $fault: crashed (exit $rc)"
		return
	fi
	temps=$(find "$W" -name '.*.tmp-*' | head -3)
	[ -z "$temps" ] || lose "$kind with $fault: temporary files left: $temps"
	empty=$(find "$W" -type f -empty ! -path "$W/.sapxep/lock" | head -3)
	[ -z "$empty" ] || lose "$kind with $fault: empty files: $empty"
	if [ "$rc" -ne 0 ]; then
		refused=$((refused + 1))
		# a clear message: which command, and the system's reason
		if ! grep -q "^sapxep [a-z]*: " "$T/err" || ! grep -qF "$(say "$err")" "$T/err"; then
			fail "$kind with $fault: exit $rc without a clear message"
			sed 's/^/    | /' "$T/err" | head -5
		fi
		if [ "$(tree "$W")" != "$(tree "$P")" ]; then
			case $kind in
			import)	# records saved before the fault stay, each whole
				if ! grep -q "stopped after" "$T/err"; then
					lose "import with $fault: the workspace changed, and no word of it"
				fi ;;
			*) lose "$kind with $fault: refused, yet the workspace changed" ;;
			esac
		fi
	else
		completed=$((completed + 1))
	fi
	# whatever happened, every record reads, and the change goes through
	# once the fault is gone
	"$BIN" validate --data "$W" >"$T/vout" 2>&1
	vrc=$?
	if [ $vrc -gt 1 ] || grep -q 'cannot\|:1:1:' "$T/vout"; then
		lose "$kind with $fault: the workspace does not read afterwards"
		sed 's/^/    | /' "$T/vout" | head -5
	fi
}

# every KIND CMD...: count CMD's calls, then fail each in turn
every() {
	kind=$1
	shift
	rm -rf "$W" && cp -a "$P" "$W"
	shim "" "$@"
	[ "$(grep -c . "$T/log")" -gt 0 ] || { fail "$kind: the shim saw no call"; return; }
	for op in open write fsync rename close; do
		n=$(count $op)
		k=1
		while [ $k -le "$n" ]; do
			for fault in "$op:$k:ENOSPC" "$op:$k+:ENOSPC" "$op:$k:EIO" "$op:$k:EACCES" \
				"$op:$k:EROFS"; do
				rm -rf "$W" && cp -a "$P" "$W"
				shim "$fault" "$@"
				intact "$kind" "$fault" $?
			done
			k=$((k + 1))
		done
	done
}

# (in English: the messages are checked for the system's reason)
every set "$BIN" --lang en set hamlets "$H" --data "$W" households=121 "note=Sửa lần hai"
every new "$BIN" --lang en new hamlets --data "$W" "name=Ấp Mới" households=5
every delete "$BIN" --lang en delete staff "$S" --data "$W"
every import "$BIN" --lang en import hamlets "$T/three.csv" --data "$W"
# init: a new workspace inside the folder the fault watches
every init "$BIN" --lang en init --data "$W/moi" --province 72 --commune 27602 \
	--name "Xã Mới" --class III --region south

# A full disk never turns a record into an empty file: the record keeps
# its old bytes whatever write of the save fails.
rm -rf "$W" && cp -a "$P" "$W"
shim "write:1+:ENOSPC" "$BIN" --lang en set hamlets "$H" --data "$W" households=122
check "full disk: refused" test $? -ne 0
contains "$T/err" "No space left on device"
check "full disk: the record keeps its bytes" cmp -s "$W/hamlets/$H.yaml" "$P/hamlets/$H.yaml"

# --- the interface: a refused F2 keeps the typing on screen ---------------
for fault in write:1:ENOSPC fsync:1:EIO rename:1:EROFS close:1:EACCES; do
	rm -rf "$W" && cp -a "$P" "$W"
	name=$(echo "$fault" | tr ':' '-')
	cat >"$T/$name.keys" <<KEYS
2
<Enter>
<Down><Down><Down><Down><C-u>987<Up><Up><Up><Up><End> Đã Sửa<F2>
:save-display $T/$name.refused
<F2>
:save-display $T/$name.saved
<Esc><Esc><Esc>
KEYS
	shim "$fault" env SAPXEP_SCRIPT="$T/$name.keys" "$BIN" --lang en --data "$W"
	rc=$?
	runs=$((runs + 1))
	grep -q '^FAULT ' "$T/log" && faults=$((faults + 1))
	check "TUI $fault: exits cleanly" test $rc -eq 0
	contains "$T/$name.refused" "Not saved"
	contains "$T/$name.refused" "$(say "${fault##*:}")"
	contains "$T/$name.refused" "Ấp Một Đã Sửa"
	contains "$T/$name.refused" "987"
	# the file was not touched by the refused save ...
	# ... and the second F2, with the fault gone, saves what is on screen
	contains "$T/$name.saved" "Saved"
	contains "$W/hamlets/$H.yaml" "name: Ấp Một Đã Sửa"
	contains "$W/hamlets/$H.yaml" "households: 987"
	contains "$W/hamlets/$H.yaml" "revision: 2"
	refused=$((refused + 1))
done

# --- drafts: a draft that cannot be written leaves the last one -----------
# Each draft written makes one write, one rename, one close of the file
# and two fsyncs and two opens (the file, then its folder): the faults
# below hit the second draft.
for fault in write:2:ENOSPC fsync:3:EIO rename:2:EROFS close:2:EIO open:3+:EACCES; do
	rm -rf "$W" && cp -a "$P" "$W"
	name=draft-$(echo "$fault" | tr ':+' '--')
	cat >"$T/$name.keys" <<KEYS
2n
Ấp Nháp Một
:tick 5
 Hai
:tick 5
:save-display $T/$name.screen
 Ba
:hangup
KEYS
	rm -f "$T/log"
	env LD_PRELOAD="$SHIM" SAPXEP_FAULT="$fault" SAPXEP_FAULT_PATH="$W/.sapxep/drafts" \
		SAPXEP_FAULT_LOG="$T/log" SAPXEP_SCRIPT="$T/$name.keys" "$BIN" --lang en --data "$W" \
		>"$T/out" 2>"$T/err"
	rc=$?
	runs=$((runs + 1))
	grep -q '^FAULT ' "$T/log" && faults=$((faults + 1))
	contains "$T/$name.screen" "could not write the draft"
	contains "$T/$name.screen" "$(say "${fault##*:}")"
	contains "$T/$name.screen" "Ấp Nháp Một Hai"
	D=$(find "$W/.sapxep/drafts" -name '*.yaml')
	check "draft $fault: no temporary file" test -z "$(find "$W/.sapxep" -name '.*.tmp-*')"
	case $fault in
	open:3+*)
		# every later draft fails too: the first one stays
		check "draft $fault: hang-up reported" test $rc -eq 129
		[ -n "$D" ] && contains "$D" "name: Ấp Nháp Một"
		[ -n "$D" ] && lacks "$D" "Hai" ;;
	*)
		# the one at hang-up is written again, whole
		[ -n "$D" ] && contains "$D" "name: Ấp Nháp Một Hai Ba" ;;
	esac
	check "draft $fault: a draft is there" test -n "$D"
done

# --- sync: each save is also a commit ---------------------------------------
# With a remote, a save commits under the workspace lock. Every fault, in
# sapxep or in the git it runs (the shim is inherited), must leave the
# record saved or refused as above, the repository consistent (git fsck),
# and the commit either made or reported as a warning; the next save
# without a fault commits everything.
G="$T/prov.git"
PG="$T/pristine-git"
git init -q --bare "$G"
rm -rf "$W"
"$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class II \
	--region south --officer nva --remote "$G" >/dev/null 2>&1 || fail "init --remote"
HG=$("$BIN" new hamlets --data "$W" "name=Ấp Một" households=120 2>/dev/null)
[ -n "$HG" ] || fail "set-up with a remote"
cp -a "$W" "$PG"
sync_runs=0 warned=0
shim "" "$BIN" --lang en set hamlets "$HG" --data "$W" households=121
for op in open write fsync rename close; do
	n=$(count $op)
	[ "$n" -gt 8 ] && n=8
	k=1
	while [ $k -le "$n" ]; do
		for fault in "$op:$k:ENOSPC" "$op:$k:EIO"; do
			rm -rf "$W" && cp -a "$PG" "$W"
			shim "$fault" "$BIN" --lang en set hamlets "$HG" --data "$W" households=121
			rc=$?
			sync_runs=$((sync_runs + 1))
			runs=$((runs + 1))
			faults=$((faults + 1))
			if [ $rc -ge 128 ]; then
				lose "commit with $fault: crashed (exit $rc)"
				continue
			fi
			[ -z "$(find "$W" -name '.*.tmp-*' ! -path "$W/.git/*")" ] ||
				lose "commit with $fault: temporary files left"
			git -C "$W" fsck --no-progress --no-dangling >/dev/null 2>&1 ||
				lose "commit with $fault: the repository is damaged"
			if [ $rc -eq 0 ]; then
				completed=$((completed + 1))
				if [ -n "$(git -C "$W" status --porcelain)" ]; then
					warned=$((warned + 1))
					grep -q "warning:" "$T/err" ||
						lose "commit with $fault: not committed, and no word of it"
				fi
			else
				refused=$((refused + 1))
			fi
			# the next save, without a fault, commits whatever is there
			"$BIN" set hamlets "$HG" --data "$W" households=123 >/dev/null 2>&1 ||
				lose "commit with $fault: the next save fails"
			[ -z "$(git -C "$W" status --porcelain)" ] ||
				lose "commit with $fault: the next save left changes uncommitted"
			git -C "$W" show HEAD:"hamlets/$HG.yaml" | grep -q "households: 123" ||
				lose "commit with $fault: the last commit lacks the last save"
		done
		k=$((k + 1))
	done
done
# git itself failing (a full disk under .git, a killed git): sapxep runs
# git through PATH, so a wrapper fails its Nth run of a save (told by a
# file: sapxep gives git a clean environment).
REALGIT=$(command -v git)
mkdir -p "$T/fakebin"
cat >"$T/fakebin/git" <<FAKE
#!/bin/sh
n=\$(cat "$T/gitn" 2>/dev/null || echo 0)
n=\$((n + 1))
echo "\$n" >"$T/gitn"
if [ "\$n" = "\$(cat "$T/gitfail" 2>/dev/null)" ]; then
	echo "fatal: unable to write new index file: No space left on device" >&2
	exit 128
fi
exec "$REALGIT" "\$@"
FAKE
chmod +x "$T/fakebin/git"
rm -rf "$W" && cp -a "$PG" "$W"
rm -f "$T/gitn"
echo 0 >"$T/gitfail"
PATH="$T/fakebin:$PATH" "$BIN" set hamlets "$HG" --data "$W" households=121 \
	>/dev/null 2>&1 || fail "a save through the git wrapper"
calls=$(cat "$T/gitn" 2>/dev/null || echo 0)
check "a save runs git" test "$calls" -gt 0
k=1
while [ $k -le "$calls" ]; do
	rm -rf "$W" && cp -a "$PG" "$W"
	rm -f "$T/gitn"
	echo $k >"$T/gitfail"
	PATH="$T/fakebin:$PATH" "$BIN" --lang en set hamlets "$HG" --data "$W" \
		households=121 >"$T/out" 2>"$T/err"
	rc=$?
	sync_runs=$((sync_runs + 1))
	runs=$((runs + 1))
	faults=$((faults + 1))
	if [ $rc -ne 0 ]; then
		lose "git failing at its run $k: the save itself was refused (exit $rc)"
	else
		completed=$((completed + 1))
		grep -q "households: 121" "$W/hamlets/$HG.yaml" ||
			lose "git failing at its run $k: the record lacks the save"
		if [ -n "$(git -C "$W" status --porcelain)" ]; then
			warned=$((warned + 1))
			grep -q "warning:" "$T/err" ||
				lose "git failing at its run $k: not committed, and no word of it"
		fi
	fi
	git -C "$W" fsck --no-progress --no-dangling >/dev/null 2>&1 ||
		lose "git failing at its run $k: the repository is damaged"
	"$BIN" set hamlets "$HG" --data "$W" households=123 >/dev/null 2>&1 ||
		lose "git failing at its run $k: the next save fails"
	[ -z "$(git -C "$W" status --porcelain)" ] ||
		lose "git failing at its run $k: the next save left changes uncommitted"
	k=$((k + 1))
done
echo "  sync: $sync_runs saves with a fault in the commit, $warned committed only at the next save"
check "the commits were faulted" test "$sync_runs" -gt 10
check "a failed commit was left for the next save" test "$warned" -gt 0

echo "  faults: $runs runs, $faults faults injected, $refused saves refused with a message, $completed completed despite the fault; losses: $losses"
check "every run injected its fault" test "$faults" -eq "$runs"
finish
