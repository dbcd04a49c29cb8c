# sapxep report --as-of reads each commune from its git history, and a
# province's bare repositories are reported like workspaces.
. "$(dirname "$0")/lib.sh"
command -v git >/dev/null 2>&1 || { echo "  SKIPPED $TEST_NAME: git is not installed"; exit 77; }
W="$T/xa"
printf 'code,name\n27601,Xã Thử\n' >"$T/communes.csv"
"$BIN" server init --root "$T/srv" --province 72 --communes "$T/communes.csv" >/dev/null 2>&1 ||
	fail "server init"
day() { d=$1; shift; SAPXEP_NOW="${d}T10:00:00+07:00" "$BIN" "$@" >/dev/null 2>"$T/err" || fail "$*: $(cat "$T/err")"; }
day 2026-10-01 init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class II \
	--region south --remote "$T/srv/27601.git"
day 2026-10-01 new hamlets --data "$W" "name=Ấp Một" households=100
day 2026-10-05 new hamlets --data "$W" "name=Ấp Hai" households=500
day 2026-10-09 new hamlets --data "$W" "name=Ấp Ba" households=400
day 2026-10-09 sync --data "$W"

export SAPXEP_NOW=2026-10-10T12:00:00+07:00
# the figures of each day
expect_exit 0 "$BIN" report --data "$W" --as-of 2026-10-01 --format csv
contains "$T/out" "commune,27601,Xã Thử"
check "1 hamlet on 01/10" sh -c "grep '^commune' '$T/out' | cut -d, -f13 | grep -qx 1"
expect_exit 0 "$BIN" report --data "$W" --as-of 06/10/2026 --format csv
check "2 hamlets on 06/10" sh -c "grep '^commune' '$T/out' | cut -d, -f13 | grep -qx 2"
expect_exit 0 "$BIN" report --data "$W" --format csv
check "3 hamlets now" sh -c "grep '^commune' '$T/out' | cut -d, -f13 | grep -qx 3"
head=$(git -C "$W" rev-parse HEAD)
contains "$T/out" "$head"
# before the first record there is nothing to read: said, not a crash
expect_exit 0 "$BIN" report --data "$W" --as-of 2026-09-30 --format yaml
contains "$T/out" "chưa có bản ghi nào vào ngày 2026-09-30"
contains "$T/out" "reporting: false"
# the copies made to read the history are gone
check "no export left behind" sh -c "! ls \${TMPDIR:-/tmp} | grep -q sapxep-report-"

# the province's repositories, read without a workspace
expect_exit 0 "$BIN" report --data "$T/srv" --format yaml
contains "$T/out" "code: '27601'"
contains "$T/out" "total: 3"
contains "$T/out" "$head"
contains "$T/out" "last_sync: "

# a workspace that is not synced has no history to read
"$BIN" init --data "$T/khac" --province 72 --commune 27602 --name "Xã Khác" --class III 2>/dev/null
expect_exit 0 "$BIN" report --data "$T/khac" --as-of 2026-10-01 --format yaml
contains "$T/out" "không có lịch sử"
finish
