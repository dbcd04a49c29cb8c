# The province view, driven by SAPXEP_SCRIPT: `sapxep --data DIR` on a
# folder of communes (sapxep demo --communes 5, plus a damaged one and one
# with a hostile name) lists them with their figures and progress, sorts,
# filters as lists do, totals the communes shown at the foot, and opens
# one read-only: its dashboard, lists and forms, nothing written.
. "$(dirname "$0")/lib.sh"
P="$T/tinh"
"$BIN" demo --data "$P" --communes 5 >/dev/null 2>&1
check "five demo communes" test "$(find "$P" -name sapxep.yaml | wc -l)" -eq 5
# a commune whose settings are damaged, and one named with an escape sequence
mkdir -p "$P/99998"
printf 'commune: [\n' >"$P/99998/sapxep.yaml"
esc=$(printf '\033')
"$BIN" init --data "$P/99999" --province 72 --commune 99999 --name "Xã ${esc}[31mĐỏ" \
	--class III --region south >/dev/null 2>&1
"$BIN" report --data "$P" --format csv >"$T/report.csv" 2>/dev/null

run() {
	SAPXEP_SCRIPT="$T/$1.keys" "$BIN" --data "$P" --lang en >"$T/out" 2>"$T/err"
}
# what is on disk before, to be compared after the read-only visit
snapshot() {
	(cd "$P" && find . | sort && find . -type f | sort | xargs md5sum) >"$1"
}
snapshot "$T/before"

cat >"$T/p.keys" <<KEYS
:save-display $T/p.list
s
:save-display $T/p.sorted
S
:save-display $T/p.reversed
/binh thanh
:save-display $T/p.filter
<Enter>
<Enter>
:save-display $T/p.commune
2
:save-display $T/p.hamlets
n
:save-display $T/p.new
<Enter>
:save-display $T/p.form
x<F2><C-s>
:save-display $T/p.typed
<Esc>
<Esc>
4
:save-display $T/p.report
<Esc>
<Esc>
:save-display $T/p.back
<Esc>
:save-display $T/p.all
<F1>
:save-display $T/p.help
<Esc>
<Esc>
KEYS
expect_exit 0 run p
L="$T/p.list"
contains "$L" "sapxep · Tây Ninh › Province: 7 communes"
for code in 27600 27603 27606 27609 27612; do
	contains "$L" "$code Xã"
done
contains "$L" "Commune ▲"
check "a damaged commune is listed" grep -Eq "^ 99998 .* ! error$" "$L"
contains "$L" "99999 Xã ^[[31mĐỏ"
lacks "$L" "$esc"
# no record at all: not reporting
check "an empty commune is not reporting" grep -Eq "99999 Xã .* ! NO$" "$L"
# the totals at the foot are the sums of the communes (independently summed)
check "totals at the foot" python3 - "$T/report.csv" "$L" <<'PY'
import csv, re, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["level"] == "commune"]
want = [sum(int(r[k] or 0) for r in rows) for k in
        ("staff.after", "staff.reduction", "hamlets.total", "hamlets.must_merge", "records.incomplete")]
reporting = sum(r["reporting"] == "true" for r in rows)
foot = [l for l in open(sys.argv[2], encoding="utf-8") if l.startswith(" Total, 7 communes")]
assert foot, "no foot line"
got = [int(x) for x in re.findall(r"\b\d+\b", foot[0].split("communes", 1)[1])]
assert got[:5] == want, (got, want)
assert foot[0].rstrip().endswith("%d/7" % reporting), foot[0]
PY
# s sorts by staff (after the plan), S reverses
check "sorted by staff" python3 - "$T/report.csv" "$T/p.sorted" "$T/p.reversed" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
        if r["level"] == "commune" and r["code"] and r["code"] != "99998"]
want = [r["code"] for r in sorted(rows, key=lambda r: (int(r["staff.after"] or 0), r["code"]))]
def order(path):
    out = []
    for l in open(path, encoding="utf-8"):
        w = l[1:].split()
        if w and w[0].isdigit() and w[0] != "99998":
            out.append(w[0])
    return out
assert order(sys.argv[2]) == want, (order(sys.argv[2]), want)
assert order(sys.argv[3]) == want[::-1], (order(sys.argv[3]), want[::-1])
PY
check "sorted by staff, marked" grep -Eq "^ Commune +St[a-z]* ▲" "$T/p.sorted"
check "reversed, marked" grep -Eq "^ Commune +St[a-z]* ▼" "$T/p.reversed"
# the filter ignores diacritics; the foot totals what is shown
contains "$T/p.filter" "Filter (1 of 7): binh thanh"
contains "$T/p.filter" "27603 Xã Bình Thành"
lacks "$T/p.filter" "27600 Xã Mỹ An"
contains "$T/p.filter" "Total, 1 of 7 communes"
# opened read-only: marked, no new or delete, nothing saved
C="$T/p.commune"
contains "$C" "sapxep · Xã Bình Thành (class I) [READ-ONLY]"
contains "$C" "! Read-only: opened from the province view; Esc goes back to it"
contains "$T/p.hamlets" "[READ-ONLY] › Hamlets and neighbourhoods"
contains "$T/p.hamlets" "record(s), read-only. Enter opens, / filters, s sorts"
lacks "$T/p.hamlets" "n New"
lacks "$T/p.hamlets" "F8 Delete"
lacks "$T/p.new" "new record"
contains "$T/p.form" "[READ-ONLY] › Hamlets and neighbourhoods › Ấp"
contains "$T/p.form" "Read-only: opened from the province view, nothing can be changed"
lacks "$T/p.form" "F2 Save"
contains "$T/p.typed" "Read-only: opened from the province view, nothing can be changed"
contains "$T/p.report" "Xã Bình Thành (27603) · class I"
contains "$T/p.back" "Filter (1 of 7): binh thanh"
contains "$T/p.all" "Total, 7 communes"
contains "$T/p.help" "Enter                      Open"
lacks "$T/p.help" "New record"
snapshot "$T/after"
check "nothing written to the province's folders" cmp -s "$T/before" "$T/after"

# the read-only commune's planner shows its suggestion but cannot apply it
cat >"$T/plan.keys" <<KEYS
/27603
<Enter>
<Enter>
r
p
:save-display $T/plan.screen
<Enter>
a
:save-display $T/plan.tried
<Esc>
<Esc>
<Esc>
<Esc>
<Esc>
KEYS
expect_exit 0 run plan
contains "$T/plan.screen" "[READ-ONLY] › Merge planner"
contains "$T/plan.screen" "Read-only: the suggestions are shown, not made into proposals"
lacks "$T/plan.screen" "Make proposal"
lacks "$T/plan.tried" "Make suggestion"
snapshot "$T/after2"
check "still nothing written" cmp -s "$T/before" "$T/after2"
finish
