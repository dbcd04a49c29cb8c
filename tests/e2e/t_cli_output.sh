# --output FILE and the byte order mark of CSV (list, quota, review,
# report): a file is replaced only when complete, never through a link;
# CSV to a file starts with a UTF-8 BOM, to standard output none unless
# --bom; python's csv module reads what was written.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
"$BIN" demo --data "$W" >/dev/null 2>&1 || fail "demo"
BOM=$(printf '\357\273\277')

for cmd in "list hamlets" quota review report; do
	# shellcheck disable=SC2086
	expect_exit 0 "$BIN" $cmd --data "$W" --format csv --output "$T/o.csv"
	check "$cmd: nothing on standard output with --output" test ! -s "$T/out"
	check "$cmd: CSV to a file starts with a BOM" \
		test "$(head -c 3 "$T/o.csv")" = "$BOM"
	# shellcheck disable=SC2086
	expect_exit 0 "$BIN" $cmd --data "$W" --format csv
	check "$cmd: CSV to standard output has no BOM" \
		test "$(head -c 3 "$T/out")" != "$BOM"
	check "$cmd: the file is standard output with a BOM" \
		test "$(tail -c +4 "$T/o.csv" | cksum)" = "$(cksum <"$T/out")"
	cp "$T/out" "$T/plain.csv"
	# shellcheck disable=SC2086
	expect_exit 0 "$BIN" $cmd --data "$W" --format csv --no-bom -o "$T/n.csv"
	check "$cmd: --no-bom" cmp -s "$T/n.csv" "$T/plain.csv"
	# shellcheck disable=SC2086
	expect_exit 0 "$BIN" $cmd --data "$W" --format csv --bom -o -
	check "$cmd: --bom -o - (standard output)" cmp -s "$T/out" "$T/o.csv"
done

if command -v python3 >/dev/null 2>&1; then
	"$BIN" list hamlets --data "$W" --format csv -o "$T/h.csv" 2>/dev/null
	if python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
assert rows[0][:3] == ["id", "status", "name"], rows[0]
assert len(rows) > 2 and all(len(r) == len(rows[0]) for r in rows)
assert not rows[0][0].startswith("\ufeff")
' "$T/h.csv"; then ok; else fail "python csv reads the list written with a BOM"; fi
fi

# a link at the name is replaced, its target untouched
echo precious >"$T/victim"
ln -s "$T/victim" "$T/link.csv"
expect_exit 0 "$BIN" list hamlets --data "$W" --format csv -o "$T/link.csv"
check "the link's target is untouched" test "$(cat "$T/victim")" = precious
check "the link is now a file" test -f "$T/link.csv" -a ! -L "$T/link.csv"

# a failed command leaves the file as it was, and no temporary file
echo old >"$T/keep.csv"
expect_exit 2 "$BIN" list nosuchform --data "$W" -o "$T/keep.csv"
check "a failed list keeps the file" test "$(cat "$T/keep.csv")" = old
expect_exit 2 "$BIN" review --data "$W" -o "$T"
contains "$T/err" "không phải là tệp"
check "no temporary file left" test -z "$(ls -A "$T" | grep '\.tmp-')"

# text and yaml to a file: exactly what standard output gets
expect_exit 0 "$BIN" quota --data "$W" --format yaml
cp "$T/out" "$T/q.want"
expect_exit 0 "$BIN" quota --data "$W" --format yaml -o "$T/q.yaml"
check "yaml to a file, no BOM" cmp -s "$T/q.yaml" "$T/q.want"

# a workbook needs a file
expect_exit 2 "$BIN" report --data "$W" --format xlsx
expect_exit 0 "$BIN" report --data "$W" --format xlsx -o "$T/r.xlsx"
check "the workbook is a zip" test "$(head -c 2 "$T/r.xlsx")" = PK

# M3: a workbook goes through the same temporary file as the rest: made
# with O_EXCL at an unpredictable name in the target's folder, mode 0600,
# renamed over the target; links planted at the old predictable names
# (".NAME.tmp-PID") or at the target itself are never written through.
mkdir -m 0777 "$T/shared"
echo precious >"$T/victim.xlsx"
python3 -c 'import os, sys
p = os.getpid()
for i in range(p, p + 400):
    os.symlink(sys.argv[1], "%s/.r.xlsx.tmp-%d" % (sys.argv[2], i))
' "$T/victim.xlsx" "$T/shared"
ln -s "$T/victim.xlsx" "$T/shared/l.xlsx"
(umask 000; "$BIN" report --data "$W" --format xlsx -o "$T/shared/r.xlsx") \
	>"$T/out" 2>"$T/err" || fail "report xlsx into a folder with planted links"
expect_exit 0 "$BIN" report --data "$W" --format xlsx -o "$T/shared/l.xlsx"
check "planted links: the victim is untouched" test "$(cat "$T/victim.xlsx")" = precious
check "the workbook is a file, not a link" test -f "$T/shared/r.xlsx" -a ! -L "$T/shared/r.xlsx"
check "a link at the target is replaced by the workbook" \
	test -f "$T/shared/l.xlsx" -a ! -L "$T/shared/l.xlsx"
check "the workbook is a zip" test "$(head -c 2 "$T/shared/r.xlsx")" = PK
check "a new workbook is the officer's alone (0600), whatever the umask" \
	test "$(stat -c %a "$T/shared/r.xlsx")" = 600
check "no temporary workbook left" \
	test "$(find "$T/shared" -name '.*.tmp-*' ! -type l | wc -l)" -eq 0
# a report that fails leaves no workbook and no temporary file
expect_exit 1 "$BIN" report --data "$T/none" --format xlsx -o "$T/shared/f.xlsx"
check "a failed report writes no workbook" test ! -e "$T/shared/f.xlsx"
check "a failed report leaves no temporary file" \
	test "$(find "$T/shared" -name '.*.tmp-*' ! -type l | wc -l)" -eq 0
finish
