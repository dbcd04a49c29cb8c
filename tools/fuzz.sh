#!/bin/sh
# fuzz.sh — used by `make fuzz`.
#
#   fuzz.sh check CC      can CC build a libFuzzer program? If not, say what
#                         to install and fail.
#   fuzz.sh run SECONDS   run each harness named on stdin ("NAME SEEDS...",
#                         one per line) for SECONDS from build-fuzz/, print
#                         its figures, and fail if any crashed.
set -u
cd "$(dirname "$0")/.."
B=build-fuzz

case "${1:-}" in
check)
	cc=${2:-clang}
	if ! command -v "$cc" >/dev/null 2>&1; then
		echo "fuzz: $cc is not installed; on Debian or Ubuntu: apt-get install clang libclang-rt-dev" >&2
		exit 1
	fi
	mkdir -p "$B"
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
		>"$B/probe.c"
	if ! "$cc" -fsanitize=fuzzer,address,undefined -o "$B/probe" "$B/probe.c" \
		>"$B/probe.log" 2>&1; then
		echo "fuzz: $cc cannot build a libFuzzer program:" >&2
		sed 's/^/  | /' "$B/probe.log" | head -5 >&2
		echo "fuzz: make fuzz needs clang with libFuzzer, which comes with its runtime" >&2
		echo "  package; on Debian or Ubuntu: apt-get install clang libclang-rt-dev" >&2
		echo "  (for a clang other than the default, libclang-rt-N-dev: libclang-rt-14-dev" >&2
		echo "  for clang 14), then FUZZ_CC=clang-N if it is not plain clang" >&2
		exit 1
	fi
	rm -f "$B/probe" "$B/probe.c" "$B/probe.log"
	exit 0
	;;
run)
	secs=${2:-60}
	;;
*)
	echo "usage: fuzz.sh check CC | run SECONDS" >&2
	exit 2
	;;
esac

# a pinned clock: the seeds are the same bytes at every run (with FUZZ_SEED,
# so is the whole run)
export SAPXEP_SHARE="$PWD" SAPXEP_SYSCONFDIR=/nonexistent LC_ALL=C.UTF-8 \
	SAPXEP_NOW=2026-11-28T09:00:00+07:00 TZ=Asia/Ho_Chi_Minh
# Seeds the tests would make: a demo commune's records, settings and lists.
demo="$B/seeds/demo"
if [ ! -f "$demo/sapxep.yaml" ]; then
	rm -rf "$B/seeds" && mkdir -p "$B/seeds/fuzz_record" "$B/seeds/fuzz_workspace" \
		"$B/seeds/fuzz_csv"
	"$B/sapxep" demo --data "$demo" >/dev/null 2>&1 || { echo "fuzz: demo failed" >&2; exit 1; }
	n=0
	for f in "$demo"/*/*.yaml; do
		n=$((n + 1))
		[ $n -le 200 ] && cp "$f" "$B/seeds/fuzz_record/"
	done
	cp "$demo/sapxep.yaml" "$B/seeds/fuzz_workspace/"
	for form in staff hamlets mergers; do
		"$B/sapxep" list "$form" --data "$demo" --format csv >"$B/seeds/fuzz_csv/$form.csv" 2>/dev/null
	done
fi

crashed=0
total=0
while read -r name seeds; do
	[ -n "$name" ] || continue
	corpus="$B/corpus/$name"
	mkdir -p "$corpus" "$B/crashes" "$B/logs"
	extra="$B/seeds/$name"
	[ -d "$extra" ] || extra=""
	start=$(date +%s)
	touch "$B/crashes/.start"
	# shellcheck disable=SC2086
	# FUZZ_SEED fixes libFuzzer's choices (0: random): a CI run with a
	# seed replays a prefix of what a longer run with it has checked
	"$B/fuzz/$name" -max_total_time="$secs" -seed="${FUZZ_SEED:-0}" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$B/crashes/$name-" \
		"$corpus" $seeds $extra >"$B/logs/$name.log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	total=$((total + took))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/logs/$name.log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$B/logs/$name.log" | tail -1)
	n=$(find "$corpus" -type f | wc -l)
	if [ $rc -ne 0 ]; then
		crashed=$((crashed + 1))
		echo "  FAILED $name after ${took} s: see $B/logs/$name.log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz:)|runtime error' "$B/logs/$name.log" | head -5 \
			| sed 's/^/    | /'
		find "$B/crashes" -name "$name-*" -newer "$B/crashes/.start" | sed 's/^/    input: /'
	else
		echo "  ok $name: ${runs:-?} inputs in ${took} s, ${cov:-cov: ?} edges, corpus $n files, 0 crashes"
	fi
done
echo "fuzz: $crashed harness(es) crashed, ${total} s in all"
if [ $crashed -ne 0 ]; then
	echo "fuzz: fix the bug, then keep each input as a regression case:" >&2
	echo "  cp $B/crashes/NAME-crash-... tests/fuzz/inputs/NAME/crash-WHAT" >&2
	exit 1
fi
