# TUI start-up: the dashboard of the last run is shown while the records
# load when no file changed since (.sapxep/dashboard); a change made from
# outside, a damaged cache or one that lies never leaves a wrong dashboard.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace

# quiet: poll until no file the cache's key looks at changed within the
# last 2 seconds (a newer change may hide another, and is never trusted)
quiet() {
	i=0
	while [ $i -lt 100 ]; do
		if [ -z "$(find "$W" "$BIN" -path "$W/.sapxep" -prune -o -newerct '2 seconds ago' -print | head -n 1)" ]; then
			ok
			return 0
		fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "the files never went quiet"
	return 1
}

# start NAME: a scripted start that saves the dashboard and leaves; the
# timing log says whether a dashboard was shown before the first wait
start() {
	printf ':save-display %s\n<Esc>\n' "$T/$1.screen" >"$T/$1.keys"
	SAPXEP_SCRIPT="$T/$1.keys" SAPXEP_SCRIPT_TIMES="$T/$1.times" \
		"$BIN" --data "$W" >"$T/$1.out" 2>"$T/$1.err"
}

# --- kept, then used while nothing changes ------------------------------------
quiet
expect_exit 0 start first
check "first start: worked out from the records" grep -Eq "không chuyên trách +2 +0 +0$" "$T/first.screen"
lacks "$T/first.times" "shown"
check "the figures are kept for the next start" grep -qx "form staff 2 0 0" "$W/.sapxep/dashboard"
expect_exit 0 start second
check "nothing changed: shown before the records are loaded" grep -q " shown " "$T/second.times"
check "and the same once they are" grep -Eq "không chuyên trách +2 +0 +0$" "$T/second.screen"

# --- a record added from the shell: the old figures are not shown ----------------
"$BIN" new staff --data "$W" "full_name=Lê Văn Tám" >/dev/null 2>&1
quiet
expect_exit 0 start changed
lacks "$T/changed.times" "shown"
check "the new record counted" grep -Eq "không chuyên trách +2 +1 +0$" "$T/changed.screen"
contains "$T/changed.screen" "1 hồ sơ người hoạt động không chuyên trách cần bổ sung"
check "the kept figures follow" grep -qx "form staff 2 1 0" "$W/.sapxep/dashboard"

# --- a damaged cache is not used, and is written again -----------------------
printf 'sapxep dashboard 1\nkey 0\x1b[2J\nform staff 9' >"$W/.sapxep/dashboard"
expect_exit 0 start damaged
lacks "$T/damaged.times" "shown"
check "damaged cache: the records' figures" grep -Eq "không chuyên trách +2 +1 +0$" "$T/damaged.screen"
check "damaged cache: written again" grep -qx "form staff 2 1 0" "$W/.sapxep/dashboard"

# --- a cache that lies (its key right, its figures not) is put right at once --
sed -i 's/^form staff 2 1 0$/form staff 97 98 99/' "$W/.sapxep/dashboard"
tui_start 80 24 --data "$W"
wait_match "không chuyên trách +2 +1 +0"
keys Escape
wait_for "[exit 0]"
check "the lie is replaced on disk" grep -qx "form staff 2 1 0" "$W/.sapxep/dashboard"
tmux -L "$SOCK" kill-server

# --- a record added in the interface: kept on leaving, shown next time -------
quiet
printf '1
n
Hoàng Văn Nam
<F2>
<Esc>
<Esc>
<Esc>
' >"$T/add.keys"
expect_exit 0 env SAPXEP_SCRIPT="$T/add.keys" "$BIN" --data "$W"
check "kept on leaving" grep -qx "form staff 2 2 0" "$W/.sapxep/dashboard"
quiet
expect_exit 0 start after
check "the morning's work, shown before the records load" grep -q " shown " "$T/after.times"
check "and the same once they are" grep -Eq "không chuyên trách +2 +2 +0$" "$T/after.screen"
finish
