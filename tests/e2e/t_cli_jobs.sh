# sapxep report and validate with -j N: the same output, in the same
# order, and the same exit status as one after another (-j 1), over a
# province with damaged communes, a commune in another language and the
# province's bare repositories; bad values of -j are refused.
. "$(dirname "$0")/lib.sh"
P="$T/tinh"
export SAPXEP_NOW=2026-11-28T09:00:00+07:00
"$BIN" demo --data "$P" --communes 24 --seed 9 2>/dev/null || fail "demo"
set -- $(ls "$P")
# a record that cannot be read, and one that is not UTF-8
rec=$(ls "$P/$2"/staff/*.yaml | head -1)
printf 'id: [unclosed\n  full_name: :\n' >"$rec"
rec=$(ls "$P/$5"/hamlets/*.yaml | head -1)
printf 'name: "\377\376"\n' >>"$rec"
# broken settings
printf 'province: [broken\n' >"$P/$7/sapxep.yaml"
# an empty folder, and a commune with no record at all
mkdir -p "$P/$9-rong" "$P/zz-moi"
"$BIN" init --data "$P/zz-moi" --province 72 --commune 99999 --name "Xã Mới" --class III \
	2>/dev/null || fail "init"
# a commune in English in the middle: validate switches language there,
sed -i 's/^language: vi$/language: en/' "$P/${12}/sapxep.yaml"
grep -q '^language: en$' "$P/${12}/sapxep.yaml" || fail "no language to change"
# and the next has none: it is in the language of the one before (English)
sed -i '/^language:/d' "$P/${13}/sapxep.yaml"
# the province's bare repositories, one fed by a synced workspace
if command -v git >/dev/null 2>&1; then
	printf 'code,name\n27901,Xã Một\n27902,Xã Hai\n27903,Xã Ba\n' >"$T/communes.csv"
	"$BIN" server init --root "$P/srv" --province 72 --communes "$T/communes.csv" \
		>/dev/null 2>&1 || fail "server init"
	for c in 27901 27903; do
		"$BIN" init --data "$T/ws$c" --province 72 --commune $c --name "Xã $c" --class II \
			--region south --remote "$P/srv/$c.git" >/dev/null 2>&1 || fail "init $c"
		"$BIN" new hamlets --data "$T/ws$c" "name=Ấp $c" households=300 >/dev/null 2>&1 ||
			fail "new $c"
		"$BIN" sync --data "$T/ws$c" >/dev/null 2>&1 || fail "sync $c"
	done
else
	echo "  (git is not installed: no bare repository in the province)"
fi

# run NAME J ARGS...: sapxep ARGS with -j J (no -j for "default"); its
# output, errors and exit status in $T/NAME-J.{out,err,rc}
run() {
	name=$1 j=$2
	shift 2
	if [ "$j" = default ]; then set -- "$@"; else set -- "$@" -j "$j"; fi
	"$BIN" "$@" >"$T/$name-$j.out" 2>"$T/$name-$j.err"
	echo $? >"$T/$name-$j.rc"
}

# same NAME J...: each run gave what -j 1 gave
same() {
	name=$1
	shift
	for j in "$@"; do
		for f in out err rc; do
			if cmp -s "$T/$name-1.$f" "$T/$name-$j.$f"; then ok; else
				fail "$name -j $j: its $f differs from -j 1"
				diff "$T/$name-1.$f" "$T/$name-$j.$f" | head -5 | sed 's/^/    | /'
			fi
		done
	done
}

for fmt in text csv yaml; do
	for j in 1 2 7 default; do run "report-$fmt" $j report --data "$P" --format $fmt; done
	same "report-$fmt" 2 7 default
done
# what was compared is the whole province, damage included
contains "$T/report-yaml-1.out" "communes: 2"
contains "$T/report-yaml-1.out" "- code: '99999'"
contains "$T/report-yaml-1.out" "sapxep.yaml:2:1"
check "report exit 0" grep -qx 0 "$T/report-text-1.rc"
if command -v git >/dev/null 2>&1; then
	contains "$T/report-yaml-1.out" "code: '27901'"
	contains "$T/report-yaml-1.out" "code: '27903'"
	contains "$T/report-yaml-1.out" "last_sync: "
	check "no export left behind" sh -c "! ls \${TMPDIR:-/tmp} | grep -q sapxep-report-"
fi

for j in 1 2 7 default; do run validate $j validate --data "$P"; done
same validate 2 7 default
check "validate exit 1" grep -qx 1 "$T/validate-1.rc"
contains "$T/validate-1.out" "sapxep.yaml:2:1"
contains "$T/validate-1.out" "$(basename "$(ls "$P/$2"/staff/*.yaml | head -1)")"
# the English communes' problems are in English, the others' in Vietnamese
contains "$T/validate-1.out" "/${12}/staff/"
contains "$T/validate-1.out" "/${13}/staff/"
check "commune ${12} in English" sh -c "grep '/${12}/staff/' '$T/validate-1.out' | grep -q 'warning: '"
check "commune ${13} in English" sh -c "grep '/${13}/staff/' '$T/validate-1.out' | grep -q 'warning: '"
check "commune ${14} in Vietnamese" sh -c "grep '/${14}/staff/' '$T/validate-1.out' | grep -q 'cảnh báo: '"
# --lang: every workspace in that language, whatever its own
for j in 1 3; do run validate-en $j validate --data "$P" --lang en; done
same validate-en 3
lacks "$T/validate-en-3.out" "cảnh báo: "

# one workspace, and -j larger than the province
for j in 1 8; do run one $j validate --data "$P/$1"; done
same one 8

# bad values: refused, exit status 2, saying what -j takes
for bad in 0 abc -3 1x 65; do
	expect_exit 2 "$BIN" report --data "$P" -j "$bad"
	contains "$T/err" "--jobs"
	expect_exit 2 "$BIN" validate --data "$P" --jobs "$bad"
	contains "$T/err" "--jobs"
done
expect_exit 2 "$BIN" validate --data "$P" -j
expect_exit 0 "$BIN" validate --help
contains "$T/out" "--jobs"
expect_exit 0 "$BIN" report --help
contains "$T/out" "--jobs"
finish
