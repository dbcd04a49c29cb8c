#!/bin/sh
# make bench: what sapxep costs, each figure beside a baseline measured in
# the same run on the same files, with the ratio and the target.
#
#   make bench                      every figure (the country data set is
#                                   made once, ~700 MB, and kept)
#   BENCH_QUICK=1 make bench        without the 3,321-commune data set
#   BENCH_RUNS=N BENCH_BIG_RUNS=N   timed runs per figure (default 5 and 3)
#
# The data comes from `sapxep demo` into build/bench/data/ and is reused
# while its stamp matches (a change to the demo bumps DATA_VERSION below).
# Times are wall-clock medians over the runs, after one untimed run (the
# files are in the page cache, as for an officer's second run). Nothing
# here is a test: no figure fails the build; the table says which targets
# are met. The full table goes to tests/bench/results.txt.
set -eu

DATA_VERSION=1
BIN=${SAPXEP_BIN:-./sapxep}
TOOLS=${BENCH_TOOLS:-build/bench/bin}
DATA=${BENCH_DATA:-build/bench/data}
PY=${PYTHON:-/usr/bin/python3}
RUNS=${BENCH_RUNS:-5}
BIG_RUNS=${BENCH_BIG_RUNS:-3}
QUICK=${BENCH_QUICK:-}
HERE=$(cd "$(dirname "$0")" && pwd)
SHARE=${SAPXEP_SHARE:-$(cd "$HERE/../.." && pwd)}
OUT=$HERE/results.txt
[ -n "$QUICK" ] && OUT=build/bench/results-quick.txt
TMP=build/bench/tmp

# A fixed clock and zone: the same communes are "reporting" whatever the
# day the data was made; a fixed terminal type for the byte counts
# (PuTTY announces itself as xterm).
export SAPXEP_NOW=2026-11-28T09:00:00+07:00 TZ=Asia/Ho_Chi_Minh
export SAPXEP_SHARE="$SHARE" TERM=xterm LC_ALL=C.UTF-8
unset SAPXEP_SCRIPT SAPXEP_SCRIPT_TTY SAPXEP_SCRIPT_TIMES NO_COLOR SAPXEP_LANG 2>/dev/null || true

mkdir -p "$DATA" "$TMP"
: >"$TMP/table"
: >"$TMP/notes"

die() {
	echo "bench: $*" >&2
	exit 1
}

"$PY" -c 'import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else 1)' 2>/dev/null ||
	die "$PY has no python3-yaml with its C loader (apt-get install python3-yaml)"

# --- helpers --------------------------------------------------------------

now_s() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
# field NAME LINE: the value of NAME=... in a line of brun's output
field() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }
# the threads sapxep report and validate run by default (-j): the online
# CPUs, at most 8
threads() {
	n=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
	[ "$n" -gt 8 ] && n=8
	[ "$n" -eq 1 ] && echo "1 thread" || echo "$n threads"
}
ms() { awk -v a="$1" 'BEGIN { if (a >= 100) printf "%.0f ms", a; else printf "%.1f ms", a }'; }
mib() { awk -v a="$1" 'BEGIN { printf "%.1f MiB", a / 1024 }'; }
meets() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
	ok = op == "<" ? a < b : op == "<=" ? a <= b : a >= b; print ok ? "yes" : "NO" }'; }
row() { printf '%-34s %12s  %-30s %12s %8s  %-12s %s\n' "$@" >>"$TMP/table"; }
note() { echo "$*" >>"$TMP/notes"; }
brun() { "$TOOLS/brun" "$@"; }

# gen NAME ARGS...: a demo data set in $DATA/NAME, made once
gen() {
	name=$1
	shift
	stamp="v$DATA_VERSION $*"
	if [ -f "$DATA/$name.stamp" ] && [ "$(cat "$DATA/$name.stamp")" = "$stamp" ]; then
		note "data $name: reused ($DATA/$name, sapxep demo $*; $(cat "$DATA/$name.made" 2>/dev/null))"
		return
	fi
	rm -rf "${DATA:?}/$name" "$DATA/$name.stamp" "$DATA/$name.made"
	echo "bench: making $name (sapxep demo $*)..." >&2
	t0=$(now_s)
	"$BIN" demo --data "$DATA/$name" "$@" 2>/dev/null || die "sapxep demo $* failed"
	t=$(secs "$t0" "$(now_s)")
	echo "made in $t s, $(du -sh "$DATA/$name" | cut -f1) on disk" >"$DATA/$name.made"
	echo "$stamp" >"$DATA/$name.stamp"
	note "data $name: $(cat "$DATA/$name.made") ($DATA/$name, sapxep demo $*)"
}

# flat totals of `sapxep report --format yaml`, as rollup.py prints them
sapxep_totals() {
	"$BIN" report --data "$1" --format yaml | "$PY" -c '
import sys, yaml
t = yaml.load(sys.stdin, Loader=yaml.CSafeLoader)["totals"]
def flat(d, p=""):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from flat(v, p + k + ".")
        else:
            yield p + k, v
for k, v in flat(t):
    if not k.startswith("hamlets."):
        print("%s: %s" % (k, "%.2f" % v if isinstance(v, float) else v))'
}

# --- roll-up ----------------------------------------------------------------

rollup() {
	name=$1 label=$2 runs=$3
	dir=$DATA/$name
	floor=$(brun -n "$runs" -- "$TOOLS/yfloor" "$dir")
	files=$("$TOOLS/yfloor" "$dir" | sed 's/ .*//; s/files=//')
	f_ms=$(field wall_med "$floor")

	# sapxep with its default -j (the threads it runs: the online CPUs,
	# at most 8), and on one thread (-j 1) for the notes
	rep=$(brun -n "$runs" -- "$BIN" report --data "$dir")
	r_ms=$(field wall_med "$rep")
	rep1=$(brun -n "$runs" -- "$BIN" report --data "$dir" -j 1)
	r1_ms=$(field wall_med "$rep1")
	pyr=$(brun -n "$runs" -- "$PY" "$HERE/rollup.py" report "$dir" "$SHARE")
	p_ms=$(field wall_med "$pyr")
	row "report, $label ($(threads))" "$(ms "$r_ms")" "python3-yaml C loader" "$(ms "$p_ms")" \
		"$(ratio "$p_ms" "$r_ms")x" ">= 10x" "$(meets "$(ratio "$p_ms" "$r_ms")" ">=" 10)"
	row "" "" "libyaml parse only ($files files)" "$(ms "$f_ms")" \
		"$(ratio "$r_ms" "$f_ms")x" "<= 2x floor" "$(meets "$(ratio "$r_ms" "$f_ms")" "<=" 2)"

	val=$(brun -n "$runs" -- "$BIN" validate --data "$dir")
	v_ms=$(field wall_med "$val")
	val1=$(brun -n "$runs" -- "$BIN" validate --data "$dir" -j 1)
	v1_ms=$(field wall_med "$val1")
	pyv=$(brun -n "$runs" -- "$PY" "$HERE/rollup.py" validate "$dir")
	pv_ms=$(field wall_med "$pyv")
	row "validate, $label ($(threads))" "$(ms "$v_ms")" "python3-yaml C loader (load)" "$(ms "$pv_ms")" \
		"$(ratio "$pv_ms" "$v_ms")x" ">= 10x" "$(meets "$(ratio "$pv_ms" "$v_ms")" ">=" 10)"
	row "" "" "libyaml parse only" "$(ms "$f_ms")" \
		"$(ratio "$v_ms" "$f_ms")x" "<= 2x floor" "$(meets "$(ratio "$v_ms" "$f_ms")" "<=" 2)"

	# the baseline must compute what sapxep computes
	"$PY" "$HERE/rollup.py" report "$dir" "$SHARE" >"$TMP/$name.py"
	sapxep_totals "$dir" >"$TMP/$name.sapxep"
	if cmp -s "$TMP/$name.py" "$TMP/$name.sapxep"; then
		note "totals $name: rollup.py and sapxep report agree ($(grep -c . "$TMP/$name.py") figures)"
	else
		note "totals $name: DIFFER between rollup.py and sapxep report:"
		diff "$TMP/$name.py" "$TMP/$name.sapxep" | sed 's/^/    /' >>"$TMP/notes" || true
	fi
	"$PY" "$HERE/rollup.py" validate "$dir" >"$TMP/$name.pyv"
	"$BIN" validate --data "$dir" >/dev/null 2>"$TMP/$name.v" || true
	note "validate $name: sapxep: $(tail -1 "$TMP/$name.v"); rollup.py (loads and counts," \
		"checks no rule: a lower bound for a Python validate): $(tr '\n' ' ' <"$TMP/$name.pyv")"
	note "one thread $name (-j 1): report $(ms "$r1_ms") ($(ratio "$p_ms" "$r1_ms")x the script," \
		"$(ratio "$r1_ms" "$f_ms")x the parse), validate $(ms "$v1_ms") ($(ratio "$pv_ms" "$v1_ms")x" \
		"the script, $(ratio "$v1_ms" "$f_ms")x the parse); the rows above ran $(threads)," \
		"against a script and a parse on one thread each"
	note "cpu $name: median CPU time (user + system): report $(ms "$(field cpu_med "$rep")")," \
		"validate $(ms "$(field cpu_med "$val")"), rollup.py report $(ms "$(field cpu_med "$pyr")")," \
		"validate $(ms "$(field cpu_med "$pyv")"), libyaml parse only $(ms "$(field cpu_med "$floor")")"
	ROLLUP_RSS=$(field rss_max "$rep")
	ROLLUP_VRSS=$(field rss_max "$val")
	ROLLUP_PYRSS=$(field rss_max "$pyr")
}

# --- the interface -----------------------------------------------------------

# tui NAME DIR SKIP KEYS: a scripted run on one core; brun's figures
tui() {
	printf '%s\n' "$4" >"$TMP/$1.keys"
	SAPXEP_SCRIPT=$TMP/$1.keys SAPXEP_SCRIPT_TTY=$TMP/$1.tty SAPXEP_SCRIPT_TIMES=$TMP/$1.times \
		"$TOOLS/brun" -n "$RUNS" -c 0 -T "$TMP/$1.times" -s "$3" -- "$BIN" --data "$2"
}

interface() {
	ws=$DATA/ws2000 big=$DATA/ws10000 small=$DATA/commune
	floor=$(brun -n "$RUNS" -c 0 -- "$TOOLS/yfloor" "$ws")
	s=$(tui start "$ws" 0 "")
	row "start-up to dashboard, 2,500 rec" "$(ms "$(field first_med "$s")")" \
		"libyaml parse only, same files" "$(ms "$(field wall_med "$floor")")" \
		"$(ratio "$(field first_med "$s")" "$(field wall_med "$floor")")x" "< 50 ms" \
		"$(meets "$(field first_med "$s")" "<" 50)"
	row "start-up, ready for keys, 2,500 rec" "$(ms "$(field ready_med "$s")")" \
		"libyaml parse only, same files" "$(ms "$(field wall_med "$floor")")" \
		"$(ratio "$(field ready_med "$s")" "$(field wall_med "$floor")")x" "(report)" ""
	note "start-up: from exec to the first complete dashboard (SAPXEP_SCRIPT_TIMES), on CPU 0:" \
		"the dashboard of the last run (.sapxep/dashboard, valid while no file changed, checked by" \
		"a stat of each), shown while the records load; ready for keys: the records loaded and the" \
		"dashboard worked out again from them (what a start after a change costs, plus the stats);" \
		"whole run to exit $(ms "$(field wall_med "$s")")"

	o=$(tui open "$big" 0 "1")
	os=$(tui opensmall "$small" 0 "1")
	row "open the staff list, 10,000 rec" "$(ms "$(field key_med "$o")")" \
		"the same, 53 records" "$(ms "$(field key_med "$os")")" \
		"$(ratio "$(field key_med "$o")" "$(field key_med "$os")")x" "(report)" ""
	f=$(tui filter "$big" 2 "1/nguyen van duc")
	fs=$(tui filtersmall "$small" 2 "1/nguyen van duc")
	row "filter, slowest key, 10,000 rec" "$(ms "$(field key_worst "$f")")" \
		"the same, 53 records" "$(ms "$(field key_worst "$fs")")" \
		"$(ratio "$(field key_worst "$f")" "$(field key_worst "$fs")")x" "< 5 ms" \
		"$(meets "$(field key_worst "$f")" "<" 5)"
	note "filter: $(field keys "$f") keys typed; the slowest key's median over the runs" \
		"$(field key_worst "$f") ms (the figure); all keys of all runs: median" \
		"$(field key_med "$f") ms, 95th percentile $(field key_p95 "$f") ms, slowest" \
		"$(field key_max "$f") ms; start-up of that workspace $(ms "$(field first_med "$o")")"

	t=$(tui type "$ws" 2 "1nNguyễn Văn Đức Thịnh")
	r=$(tui repaint "$ws" 0 "<C-l>")
	row "bytes per character typed" "$(field key_bytes_mean "$t") B" \
		"full repaint (Ctrl-L), 80x24" "$(field key_bytes_mean "$r") B" \
		"$(ratio "$(field key_bytes_mean "$r")" "$(field key_bytes_mean "$t")")x" "<= 16 B" \
		"$(meets "$(field key_bytes_mean "$t")" "<=" 16)"
	row "dashboard, first paint, 80x24" "$(field first_bytes "$s") B" \
		"full repaint (Ctrl-L)" "$(field key_bytes_mean "$r") B" "" "(report)" ""
	note "bytes: what reaches the terminal (SAPXEP_SCRIPT_TTY, TERM=$TERM), per key:" \
		"typing $(field keys "$t") characters into a new staff record's name, the most" \
		"$(field key_bytes_max "$t") B; the first paint includes the terminal's set-up"
}

# --- sync ---------------------------------------------------------------------

# median of the numbers in a file, one a line
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The bytes a push sends, counted on the way: sapxep runs git through
# PATH (with a clean environment), so a wrapper gives `git push` a
# receive-pack that copies its input to a file before handing it on.
wire_setup() {
	real=$(command -v git)
	abs=$(cd "$TMP" && pwd)
	mkdir -p "$TMP/wire"
	cat >"$TMP/wire/receive-pack" <<RP
#!/bin/sh
tee -a "$abs/wire/bytes" | git-receive-pack "\$@"
RP
	cat >"$TMP/wire/git" <<GIT
#!/bin/sh
# insert --receive-pack after the subcommand push
n=\$#
i=0
pushed=
for a in "\$@"; do
	i=\$((i + 1))
	if [ -z "\$pushed" ] && [ "\$a" = push ]; then
		set -- "\$@" push "--receive-pack=$abs/wire/receive-pack"
		pushed=1
	else
		set -- "\$@" "\$a"
	fi
done
shift \$n
exec "$real" "\$@"
GIT
	chmod +x "$TMP/wire/receive-pack" "$TMP/wire/git"
}

# sync_counted WS: a sync; prints the bytes it sent, its time goes to ms
sync_counted() {
	: >"$TMP/wire/bytes"
	t0=$(now_s)
	PATH="$TMP/wire:$PATH" "$BIN" sync --data "$1" >/dev/null 2>&1 || die "sync failed"
	last_ms=$(awk -v a="$t0" -v b="$(now_s)" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
	last_b=$(wc -c <"$TMP/wire/bytes" | tr -d ' ')
}

sync_row() {
	w=$TMP/sync-ws r=$TMP/sync-remote.git
	rm -rf "$w" "$r"
	cp -a "$DATA/ws2000" "$w"
	git init -q --bare "$r"
	git -C "$r" symbolic-ref HEAD refs/heads/main
	echo "remote: $(cd "$TMP" && pwd)/sync-remote.git" >>"$w/sapxep.yaml"
	wire_setup
	# the whole workspace, to an empty province repository
	sync_counted "$w"
	full_ms=$last_ms full_b=$last_b
	# then one record changed, synced: RUNS times
	id=$(ls "$w/staff" | head -1 | cut -c1-36)
	: >"$TMP/sync.ms"
	: >"$TMP/sync.bytes"
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		"$BIN" set staff "$id" --data "$w" "note=Lần sửa $i" >/dev/null 2>&1 || die "set failed"
		sync_counted "$w"
		echo "$last_ms" >>"$TMP/sync.ms"
		echo "$last_b" >>"$TMP/sync.bytes"
	done
	one_ms=$(median "$TMP/sync.ms")
	one_b=$(median "$TMP/sync.bytes")
	row "sync, 1 changed of 2,500 rec" "$(ms "$one_ms")" "push of the whole workspace" \
		"$(ms "$full_ms")" "$(ratio "$full_ms" "$one_ms")x" "" "reported"
	row "  bytes sent" "$one_b B" "push of the whole workspace" "$full_b B" \
		"$(ratio "$full_b" "$one_b")x" "grows w/ change" \
		"$(meets "$one_b" "<" "$(( full_b / 100 ))")"
	note "sync: to a local bare repository; bytes are those git sent to the province's receive-pack (counted on the way), medians of $RUNS syncs of one changed record; the whole workspace pushed once; times include git's start-ups (fetch, merge check, push)"
	rm -rf "$w" "$r"
}

# --- the run ------------------------------------------------------------------

[ -x "$BIN" ] || die "$BIN is not built (make)"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
[ -x "$TOOLS/brun" ] && [ -x "$TOOLS/yfloor" ] || die "$TOOLS/brun and yfloor are not built (make bench)"

gen commune
gen ws2000 --hamlets 500 --staff 2000
gen ws10000 --hamlets 2500 --staff 10000
gen province --communes 200
[ -z "$QUICK" ] && gen country --communes 3321

row "FIGURE" "SAPXEP" "BASELINE" "" "RATIO" "TARGET" "MET"
# the interface first: its figures are the smallest, the first to suffer
# from other work on the machine, and the roll-ups take minutes
interface
rollup province "200 communes" "$RUNS"
if [ -z "$QUICK" ]; then
	rollup country "3,321 communes" "$BIG_RUNS"
	row "peak memory, country report" "$(mib "$ROLLUP_RSS")" "python3-yaml C loader" \
		"$(mib "$ROLLUP_PYRSS")" "$(ratio "$ROLLUP_PYRSS" "$ROLLUP_RSS")x" "< 64 MiB" \
		"$(meets "$ROLLUP_RSS" "<" 65536)"
	row "peak memory, country validate" "$(mib "$ROLLUP_VRSS")" "" "" "" "< 64 MiB" \
		"$(meets "$ROLLUP_VRSS" "<" 65536)"
else
	row "peak memory, province report" "$(mib "$ROLLUP_RSS")" "python3-yaml C loader" \
		"$(mib "$ROLLUP_PYRSS")" "$(ratio "$ROLLUP_PYRSS" "$ROLLUP_RSS")x" "< 64 MiB" \
		"$(meets "$ROLLUP_RSS" "<" 65536)"
fi
sync_row

{
	echo "sapxep benchmarks (make bench) — $(date '+%Y-%m-%d %H:%M %z')"
	echo "commit $(git -C "$SHARE" describe --always --dirty 2>/dev/null || echo unknown)"
	echo "machine: $(nproc) CPU(s), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)," \
		"$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory," \
		"$(uname -sr)"
	echo "command: make bench$([ -n "$QUICK" ] && echo " BENCH_QUICK=1")" \
		"(BENCH_RUNS=$RUNS, BENCH_BIG_RUNS=$BIG_RUNS)"
	echo "times: wall-clock medians of $RUNS runs ($BIG_RUNS for the country), after one" \
		"untimed run; the interface's on one CPU (CPU 0)"
	echo "load average (1, 5, 15 min) at the start: $LOAD0; at the end:" \
		"$(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows the wall clock)"
	echo
	cat "$TMP/table"
	echo
	cat "$TMP/notes"
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
echo
echo "bench: written to $OUT"
