# Negative and huge numbers, and dates that do not exist (31/02, 29/02 of
# a year that is not a leap year, 29/02/1900), typed on the command line,
# in a CSV import, in the interface, in a record file, in the settings and
# in a province's rule pack: each is refused with what is wrong or kept
# and flagged, and every report still runs (under UBSan in make asan: no
# overflow, no out-of-range conversion).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"
W="$T/xa"
"$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class II \
	--region south --officer nva --population 12000 >/dev/null 2>&1 || fail "init"

# --- numbers typed ------------------------------------------------------------
MAXL=9223372036854775807
MINL=-9223372036854775808
for v in 99999999999999999999999 -99999999999999999999999 1e3 0x10 "１２" 12abc NaN inf; do
	expect_exit 1 "$BIN" --lang en new hamlets --data "$W" "name=Ấp Sai" "households=$v"
	contains "$T/err" "is not a whole number"
done
for v in -5 $MAXL $MINL 100001; do
	expect_exit 0 "$BIN" --lang en new hamlets --data "$W" "name=Ấp $v" "households=$v" \
		"population=$v" "area_ha=-1.5"
	contains "$T/err" "saved as incomplete"
done
H=$(cat "$T/out")
contains "$T/err" "Must not be more than 100000"
contains "$W/hamlets/$H.yaml" "households: 100001"
# a decimal with more digits than a double holds is refused, not rounded
expect_exit 1 "$BIN" --lang en new hamlets --data "$W" "name=Ấp" households=1 \
	"area_ha=9223372036854775807.5"
contains "$T/err" "is not a number"
for v in 1e308 -1e308 99999999999999999999999999999999.123456 0.0000001; do
	"$BIN" --lang en new staff --data "$W" "full_name=Người $v" unit=hamlet "hamlet=$H" \
		positions=truong_thon arrangement=keep "allowance_coefficient=$v" \
		"start_year=$MAXL" effective_date=01/08/2025 >"$T/out" 2>"$T/err"
	check "allowance $v: refused or kept, not a crash" test $? -le 1
done
"$BIN" new mergers --data "$W" "new_name=Ấp Gộp" "hamlets=$H" stage=consulted \
	"voters_total=$MAXL" "voters_agree=$MINL" >/dev/null 2>&1
check "huge voters kept" test $? -le 1

# --- dates that do not exist --------------------------------------------------
for d in 31/02/2024 30/02/2024 29/02/2023 29/02/1900 31/04/2024 31/06/2024 00/01/2000 \
	01/13/2000 32/01/2000 2023-02-29 2024-02-30 29/2/2100; do
	expect_exit 1 "$BIN" --lang en new staff --data "$W" "full_name=Ngày $d" "birth_date=$d"
	contains "$T/err" "is not a date"
done
for d in 29/02/2000 29/02/2024 2024-02-29 31/12/1999; do
	expect_exit 0 "$BIN" --lang en new staff --data "$W" "full_name=Ngày $d" "birth_date=$d"
done
check "29/02/2000 stored" grep -rq "birth_date: 2000-02-29" "$W/staff"
expect_exit 2 "$BIN" --lang en report --data "$W" --as-of 29/02/2025
contains "$T/err" "is not a date"

# in a CSV import: the row and the column are named, nothing is written
n_before=$(ls "$W/staff" | wc -l)
printf 'full_name,birth_date,households\n' >/dev/null
printf 'full_name,birth_date\nAn,01/01/1990\nBình,31/02/1990\nChi,29/02/2023\n' >"$T/dates.csv"
expect_exit 1 "$BIN" --lang en import staff "$T/dates.csv" --data "$W"
contains "$T/err" "dates.csv:3: row 2, column birth_date"
contains "$T/err" "dates.csv:4: row 3, column birth_date"
contains "$T/err" "nothing imported"
check "nothing imported" test "$(ls "$W/staff" | wc -l)" -eq "$n_before"
printf 'name,households,area_ha\nẤp Âm,-1,-0.5\nẤp Lớn,%s,1\nẤp Tràn,99999999999999999999,1\n' \
	"$MAXL" >"$T/numbers.csv"
expect_exit 1 "$BIN" --lang en import hamlets "$T/numbers.csv" --data "$W"
contains "$T/err" "numbers.csv:4: row 3, column households"

# in the interface: the date is refused where it is typed, and stays
cat >"$T/date.keys" <<KEYS
1n
Lê Văn Ngày<Tab>31/02/2023<Tab>
:save-display $T/date.typed
<F2>
:save-display $T/date.refused
<Esc>d<Esc><Esc><Esc>
KEYS
SAPXEP_SCRIPT="$T/date.keys" "$BIN" --lang en --data "$W" >"$T/out" 2>"$T/err"
check "the interface ran" test $? -eq 0
contains "$T/date.typed" "31/02/2023"
contains "$T/date.refused" "Not saved"
contains "$T/date.refused" "31/02/2023"

# --- in files from another machine --------------------------------------------
i=0
for fv in "population 1e400" "population .inf" "population .nan" "population 0x1F" \
	"population 99999999999999999999" "area_ha 1e-400" \
	"area_ha 12,5" "key_security yes"; do
	i=$((i + 1))
	id=00000000-0000-4000-8000-0000000001$(printf '%02d' $i)
	record_file hamlets "id: $id" "name: Ấp Từ Nơi Khác" "kind: thon" "region: south" \
		"households: 12" "${fv% *}: ${fv#* }"
done
expect_exit 0 "$BIN" --lang en list hamlets --data "$W"
clean "$T/out"
n_bad=$(grep -c "not read: .*hamlets/00000000-0000-4000-8000-0000000001" "$T/err")
check "each bad number in a file is reported ($n_bad of $i)" test "$n_bad" -eq $i
contains "$T/err" "00000000-0000-4000-8000-000000000101.yaml:15:"
rm -f "$W"/hamlets/00000000-0000-4000-8000-0000000001*.yaml
id=00000000-0000-4000-8000-000000000201
record_file staff "id: $id" "full_name: Người Từ Nơi Khác" "birth_date: 2023-02-29"
expect_exit 0 "$BIN" --lang en list staff --data "$W"
contains "$T/err" "$id.yaml:12:15:"
rm -f "$W/staff/$id.yaml"

# settings: huge, negative, not numbers
cp "$W/sapxep.yaml" "$T/settings.good"
for pv in "population: 99999999999999999999" "population: -1" "area_km2: 1e309" \
	"area_km2: -0.5" "population: .nan"; do
	sed "s/^  population: .*/  $pv/" "$T/settings.good" >"$W/sapxep.yaml"
	grep -q "^  ${pv%%:*}:" "$W/sapxep.yaml" || \
		sed -i "s/^  class: II/  class: II\n  $pv/" "$W/sapxep.yaml"
	expect_exit 1 "$BIN" --lang en list hamlets --data "$W"
	contains "$T/err" "sapxep.yaml:"
done
cp "$T/settings.good" "$W/sapxep.yaml"

# a province's rule pack: figures out of any range are refused where they
# stand; extreme ones within it (a tiny standard) must not break the sums
mkdir -p "$W/config/rules"
cat >"$W/config/rules/tinh-tran.yaml" <<'YAML'
pack: tinh-tran
kind: staff
title: {vi: Quy định thử số tràn, en: Overflowing figures}
instrument: Nghị quyết thử
effective_from: 2020-01-01
extends: nd33-2023
facts:
  commune_quota.II:
    value: 1e30
YAML
"$BIN" --lang en quota --data "$W" >"$T/out" 2>"$T/err"
contains "$T/err" "tinh-tran.yaml:9:12: value: 1e30 is out of range"
rm "$W/config/rules/tinh-tran.yaml"
cat >"$W/config/rules/tinh-hostile.yaml" <<'YAML'
pack: tinh-hostile
kind: staff
title: {vi: Quy định thử số lớn, en: Huge figures}
instrument: Nghị quyết thử
effective_from: 2020-01-01
extends: nd33-2023
confidence: D
facts:
  commune_quota.II: 1000000000000
  commune_quota.increase.population_divisor: 1000000000000
  standard.population.xa: 1
  standard.area.xa: 1e-300
  commune_quota.increase.area_share: 1e-300
  hamlet_quota.large: -1000000000000
  base_salary: 1000000000000
YAML
sed -i 's/^  staff: .*$/  staff: tinh-hostile/' "$W/sapxep.yaml"
grep -q "staff: tinh-hostile" "$W/sapxep.yaml" || printf 'rules:\n  staff: tinh-hostile\n' >>"$W/sapxep.yaml"
sed -i 's/^  population: .*/  population: 100000000\n  area_km2: 1000000/' "$W/sapxep.yaml"
expect_exit 0 "$BIN" --lang en quota --data "$W"
contains "$T/out" "Huge figures (tinh-hostile)"

# --- every report runs, and says nothing absurd -------------------------------
for args in "list hamlets" "list staff" "list mergers" "validate" "quota" "quota --format csv" \
	"quota --format yaml" "report" "report --format csv" "report --format yaml"; do
	"$BIN" --lang en $args --data "$W" >"$T/out" 2>"$T/err"
	rc=$?
	check "$args: exit $rc, no crash" test $rc -le 1
	check "$args: no sanitizer report" sh -c "! grep -q 'runtime error\|Sanitizer' '$T/err'"
	case $args in
	*yaml*|*csv*) ;;
	*) clean "$T/out" ;;
	esac
	check "$args: no inf or nan shown" sh -c "! grep -qiw 'inf\|nan\|-nan\|infinity' '$T/out'"
done
"$BIN" --lang en report --data "$W" --format xlsx --output "$T/r.xlsx" >/dev/null 2>"$T/err"
check "xlsx report: no crash" test $? -le 1
check "xlsx reads back" "$PY" -c "import openpyxl; openpyxl.load_workbook('$T/r.xlsx')"
# revisions at the limit (2^53): one above is refused on reading, never
# wrapped; a record at it is not saved again and stays as it was
R="$T/rev"
expect_exit 0 "$BIN" init --data "$R" --province 72 --commune 27601 --name X --class II \
	--region south
expect_exit 0 "$BIN" new hamlets --data "$R" "name=Ấp Tràn" households=5
rid=$(cat "$T/out")
rf="$R/hamlets/$rid.yaml"
sed -i 's/^revision: 1$/revision: 9007199254740992/' "$rf"
cp "$rf" "$T/rev.before"
expect_exit 1 "$BIN" --lang en set hamlets "$rid" --data "$R" households=6
contains "$T/err" "revision 9007199254740992 is the highest"
check "a record at the limit is left as it was" cmp -s "$rf" "$T/rev.before"
sed -i 's/^revision: .*/revision: 9223372036854775807/' "$rf"
expect_exit 1 "$BIN" --lang en validate --data "$R"
cat "$T/out" "$T/err" >"$T/rev.msg"
contains "$T/rev.msg" "revision: 9223372036854775807 is above the limit"
lacks "$T/rev.msg" "-9223372036854775808"
finish
