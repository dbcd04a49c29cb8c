# lib.sh — shared by the end-to-end tests (sourced, POSIX sh + tmux).
#
# Each test runs in its own folder with a hermetic environment. TUI tests
# drive the real binary in tmux on a private socket at a fixed size and
# poll the screen; they never sleep for a fixed time.

set -u

BIN=${SAPXEP_BIN:?SAPXEP_BIN must point at the sapxep binary}
TEST_NAME=$(basename "$0" .sh)
mkdir -p "${SAPXEP_TEST_TMP:-/tmp}"
T=$(mktemp -d "${SAPXEP_TEST_TMP:-/tmp}/e2e-$TEST_NAME-XXXXXX") || exit 1
[ -d "$T" ] || exit 1
SOCK="sx-$$"
export HOME="$T/home" LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=Asia/Ho_Chi_Minh
export SAPXEP_SYSCONFDIR=/nonexistent SAPXEP_OFFICER=e2e
unset SAPXEP_DATA XDG_DATA_HOME SAPXEP_LANG NO_COLOR LANGUAGE
mkdir -p "$HOME"

failures=0
checks=0

cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	if [ "$failures" -eq 0 ]; then rm -rf "$T"; else echo "  (kept $T)"; fi
}
trap cleanup EXIT

fail() {
	failures=$((failures + 1))
	echo "  FAIL: $*"
}

ok() {
	checks=$((checks + 1))
}

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	desc=$1
	shift
	if "$@"; then ok; else fail "$desc"; fi
}

# expect_exit CODE COMMAND...: run and compare the exit code; output in $T/out, $T/err.
expect_exit() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		fail "'$*' exited $got, expected $want"; sed 's/^/    | /' "$T/err" | head -5
	fi
}

# contains FILE TEXT: FILE holds TEXT (fixed string).
contains() {
	if grep -qF -- "$2" "$1"; then ok; else
		fail "$1 lacks '$2'"; sed 's/^/    | /' "$1" | head -10
	fi
}

lacks() {
	if grep -qF -- "$2" "$1"; then fail "$1 holds '$2'"; else ok; fi
}

# --- tmux -------------------------------------------------------------------

have_tmux() { command -v tmux >/dev/null 2>&1; }

# tui_start COLS ROWS ARGS...: start sapxep ARGS in a detached session.
tui_start() {
	cols=$1 rows=$2
	shift 2
	# A server killed just before (kill-server returns before it has
	# gone) can take the new session down with it ("server exited
	# unexpectedly"): wait for it to go, then try again, for up to 5 s.
	i=0
	until tmux -L "$SOCK" -f /dev/null new-session -d -s t -x "$cols" -y "$rows" \
		"env TERM=${TUI_TERM:-xterm-256color} ESCDELAY=25 $BIN $*; echo \"[exit \$?]\"; sleep 600" \
		2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || { fail "tmux would not start a session"; return 1; }
		tmux -L "$SOCK" kill-server 2>/dev/null
		sleep 0.05
	done
	tmux -L "$SOCK" set -g window-size manual 2>/dev/null
	tmux -L "$SOCK" set -s escape-time 0 2>/dev/null
}

screen() { tmux -L "$SOCK" capture-pane -p -t t; }

# keys KEY...: send named keys (Enter, F2, BTab, C-s, Escape, ...).
keys() { tmux -L "$SOCK" send-keys -t t "$@"; }
# type TEXT: send literal text.
type_text() { tmux -L "$SOCK" send-keys -t t -l "$1"; }

# wait_for TEXT [SECONDS]: poll the screen until TEXT shows.
wait_for() {
	limit=$(( ${2:-10} * 20 ))
	i=0
	while [ $i -lt $limit ]; do
		if screen | grep -qF -- "$1"; then ok; return 0; fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "screen never showed '$1'"
	screen | sed 's/^/    | /'
	return 1
}

# wait_file PATH [SECONDS]: poll until a file exists.
wait_file() {
	limit=$(( ${2:-10} * 20 ))
	i=0
	while [ $i -lt $limit ]; do
		if [ -e "$1" ]; then ok; return 0; fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "$1 never appeared"
	return 1
}

finish() {
	if [ "$failures" -eq 0 ]; then
		echo "  ok $TEST_NAME ($checks checks)"
		exit 0
	fi
	echo "  FAILED $TEST_NAME ($failures of $checks checks)"
	exit 1
}
