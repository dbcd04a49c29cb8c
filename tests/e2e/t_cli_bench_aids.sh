# What make bench relies on: sapxep demo --hamlets/--staff (one large
# commune) and the scripted mode's timing log (SAPXEP_SCRIPT_TIMES).
. "$(dirname "$0")/lib.sh"
export SAPXEP_NOW=2026-11-28T09:00:00+07:00
# messages are matched in English
export SAPXEP_LANG=en

# --- one large commune ----------------------------------------------------------
expect_exit 0 "$BIN" demo --data "$T/big" --hamlets 30 --staff 120
check "30 hamlet files" test "$(ls "$T/big/hamlets" | wc -l)" -eq 30
check "120 staff files" test "$(ls "$T/big/staff" | wc -l)" -eq 120
contains "$T/err" "151 records"
# names stay apart past the twenty of the list
check "hamlet names are all different" test \
	"$(grep -h '^  name:' "$T/big/hamlets"/*.yaml | sort -u | wc -l)" -eq 30
contains "$T/big/hamlets/$(ls "$T/big/hamlets" | head -1)" "name: Ấp"
# those beyond the hamlets' titles are at commune level, leaving
check "extra people leave" test \
	"$(grep -l '^  arrangement: leave_with_support' "$T/big/staff"/*.yaml | wc -l)" -gt 10
# the same seed, the same records
expect_exit 0 "$BIN" demo --data "$T/big2" --hamlets 30 --staff 120
check "same ids for the same seed" test "$(ls "$T/big/staff" | md5sum)" = "$(ls "$T/big2/staff" | md5sum)"
# fewer people than the usual commune: exactly that many
expect_exit 0 "$BIN" demo --data "$T/small" --staff 5
check "5 staff files" test "$(ls "$T/small/staff" | wc -l)" -eq 5
# every record reads back and validates (problems, if any, are findings)
"$BIN" validate --data "$T/big" >"$T/out" 2>"$T/err"
check "validate reads them all" grep -q "1 workspace(s), 151 record(s)" "$T/err"
expect_exit 2 "$BIN" demo --data "$T/p" --communes 2 --staff 10
contains "$T/err" "not with --communes"
expect_exit 2 "$BIN" demo --data "$T/p" --hamlets 0
contains "$T/err" "--hamlets takes a number"

# --- the timing log ----------------------------------------------------------------
printf '1/ng\n' >"$T/f.keys"
SAPXEP_SCRIPT="$T/f.keys" SAPXEP_SCRIPT_TTY="$T/f.tty" SAPXEP_SCRIPT_TIMES="$T/f.times" \
	"$BIN" --data "$T/big" >"$T/out" 2>"$T/err"
check "scripted run exits 0" test $? -eq 0
# a wait (the dashboard), then each key and the wait after it
check "4 keys logged" test "$(grep -c ' key ' "$T/f.times")" -eq 4
check "5 waits logged" test "$(grep -c ' wait ' "$T/f.times")" -eq 5
check "keys are the script's" test "$(awk '$2 == "key" { printf "%s ", $3 }' "$T/f.times")" = "49 47 110 103 "
check "times never go back" awk 'NR > 1 && $1 < prev { exit 1 } { prev = $1 }' "$T/f.times"
check "bytes never go back" awk '$2 == "wait" && $3 < prev { exit 1 } $2 == "wait" { prev = $3 }' "$T/f.times"
# the bytes counted are those that reached the terminal: all of them but
# the few that restore it when the program leaves
last=$(awk '$2 == "wait" { b = $3 } END { print b }' "$T/f.times")
size=$(wc -c <"$T/f.tty")
check "the last wait counts what was sent ($last of $size)" \
	test "$last" -le "$size" -a $((size - last)) -lt 100
check "the dashboard was drawn before the first key" test \
	"$(awk '$2 == "wait" { print $3; exit }' "$T/f.times")" -gt 500
# without SAPXEP_SCRIPT_TIMES no log is written
rm -f "$T/f.times"
(cd "$T" && SAPXEP_SCRIPT="$T/f.keys" "$BIN" --data "$T/big" >"$T/out" 2>"$T/err")
check "no log without SAPXEP_SCRIPT_TIMES" test -z "$(find "$T" -name '*.times')"
SAPXEP_SCRIPT="$T/f.keys" SAPXEP_SCRIPT_TIMES="$T/nowhere/t" "$BIN" --data "$T/big" >"$T/out" 2>"$T/err"
check "an unwritable log is refused" test $? -ne 0
contains "$T/err" "$T/nowhere/t"
finish
