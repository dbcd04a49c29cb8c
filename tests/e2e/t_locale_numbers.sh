# Numbers under a comma-decimal locale (vi_VN.UTF-8, the locale of
# Vietnamese machines): files always hold a point, every figure is the same
# as under C.UTF-8, and what a person types follows the interface language
# ("28,4" in Vietnamese; "1.500" in a decimal field is refused as ambiguous).
. "$(dirname "$0")/lib.sh"
VI=vi_VN.UTF-8
if ! LC_ALL=$VI locale -k decimal_point 2>/dev/null | grep -q '","'; then
	echo "  SKIPPED: the locale $VI is not generated (make deps generates it)"
	exit 77
fi
inc() { env LANG=$VI LC_ALL=$VI "$@"; }
export SAPXEP_NOW=2025-01-15T10:00:00+07:00

# a demo made under C opens under vi_VN (area_km2: 28.40 in sapxep.yaml)
expect_exit 0 "$BIN" demo --data "$T/d"
contains "$T/d/sapxep.yaml" "area_km2: 28.40"
for cmd in "report --format yaml" "report --format csv" "quota --format csv" \
	"quota --format yaml" "review --format csv" "list staff --format csv" "validate"; do
	# shellcheck disable=SC2086
	"$BIN" $cmd --data "$T/d" >"$T/c.out" 2>&1; crc=$?
	# shellcheck disable=SC2086
	inc "$BIN" $cmd --data "$T/d" >"$T/v.out" 2>&1; vrc=$?
	if [ "$crc" = "$vrc" ] && cmp -s "$T/c.out" "$T/v.out"; then ok; else
		fail "'$cmd' differs under $VI (exit $crc/$vrc)"
		diff "$T/c.out" "$T/v.out" | head -6 | sed 's/^/    | /'
	fi
done
inc "$BIN" report --data "$T/d" --format yaml >"$T/out"
contains "$T/out" "fund: 72.00"
contains "$T/out" "allowance_after: 47.22"
# the text screens show the Vietnamese way
inc "$BIN" quota --data "$T/d" >"$T/out"
contains "$T/out" "18,0"
lacks "$T/out" "0,,"

# init --area typed in Vietnamese writes a point
expect_exit 0 inc "$BIN" init --data "$T/i" --province 72 --commune 27601 --name X \
	--class II --region south --area 28,4
contains "$T/i/sapxep.yaml" "area_km2: 28.40"
expect_exit 0 "$BIN" list hamlets --data "$T/i"
expect_exit 2 inc "$BIN" init --data "$T/j" --province 72 --commune 27601 --name X \
	--class II --region south --area 1.500
contains "$T/err" "1500"
contains "$T/err" "1,5"
check "an ambiguous --area creates nothing" test ! -e "$T/j/sapxep.yaml"
# in English a point is the decimal mark
expect_exit 0 inc "$BIN" init --lang en --data "$T/k" --province 72 --commune 27601 \
	--name X --class II --region south --area 12.5
contains "$T/k/sapxep.yaml" "area_km2: 12.50"

# a record's decimal typed with a comma is stored with a point
expect_exit 0 inc "$BIN" new hamlets --data "$T/i" "name=Thôn Một" households=1.234 area_ha=12,5
id=$(cat "$T/out")
contains "$T/i/hamlets/$id.yaml" "households: 1234"
contains "$T/i/hamlets/$id.yaml" "area_ha: 12.5"
expect_exit 1 inc "$BIN" set hamlets "$id" --data "$T/i" area_ha=1.500
contains "$T/i/hamlets/$id.yaml" "area_ha: 12.5"
finish
