# The command line on a workspace: init, new, set, list, delete, validate,
# and the errors an officer meets.
. "$(dirname "$0")/lib.sh"
W="$T/xa"

expect_exit 2 "$BIN" init --data "$W" --province 72
contains "$T/err" "cần có --province, --commune, --name và --class"
expect_exit 2 "$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class IV
expect_exit 0 "$BIN" init --data "$W" --province 72 --province-name "Tây Ninh" \
	--commune 27601 --name "Xã Thử" --class II --region south --officer nva
check "sapxep.yaml written" test -f "$W/sapxep.yaml"
check "workspace is private" test "$(stat -c %a "$W")" = 700
expect_exit 2 "$BIN" init --data "$W" --province 72 --commune 1 --name X --class I
contains "$T/err" "đã là một thư mục dữ liệu"

# a hamlet, typed the way officers type
expect_exit 0 "$BIN" new hamlets --data "$W" "name=Ấp Bình An" households=1.234 kind=Thôn
H=$(cat "$T/out")
check "new prints a UUID" sh -c "echo '$H' | grep -Eq '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'"
F="$W/hamlets/$H.yaml"
contains "$F" "name: Ấp Bình An"
contains "$F" "households: 1234"
contains "$F" "kind: thon"
contains "$F" "region: south"
contains "$F" "revision: 1"
contains "$F" "status: complete"
check "record is private" test "$(stat -c %a "$F")" = 600

# a person: refs by name, lists by comma, dates dd/mm/yyyy
expect_exit 0 "$BIN" new staff --data "$W" "full_name=Nguyễn Văn Đức" unit=hamlet \
	"hamlet=ap binh an" "positions=truong_thon, bi_thu_chi_bo" birth_date=05/03/1980 arrangement=keep
P=$(cat "$T/out")
contains "$W/staff/$P.yaml" "hamlet: $H"
contains "$W/staff/$P.yaml" "birth_date: 1980-03-05"
contains "$W/staff/$P.yaml" "- bi_thu_chi_bo"

# wrong types are refused and nothing is written
n=$(ls "$W/staff" | wc -l)
expect_exit 1 "$BIN" new staff --data "$W" "full_name=X" birth_date=31/02/1980
contains "$T/err" "không phải là ngày"
expect_exit 1 "$BIN" new hamlets --data "$W" name=X households=nhiều
check "nothing written for a refused value" test "$(ls "$W/staff" | wc -l)" -eq "$n"
expect_exit 2 "$BIN" new staff --data "$W" nosuchfield=1
contains "$T/err" "không có trường 'nosuchfield'"

# missing required values: saved, as incomplete, and said so
expect_exit 0 "$BIN" new staff --data "$W" "full_name=Trần Thị Lan"
L=$(cat "$T/out")
contains "$W/staff/$L.yaml" "status: incomplete"
contains "$T/err" "đã lưu nhưng chưa đủ"

# set raises the revision; an id prefix is enough
short=$(echo "$L" | cut -c1-8)
expect_exit 0 "$BIN" set staff "$short" --data "$W" unit=commune positions=thu_y arrangement=keep
contains "$W/staff/$L.yaml" "revision: 2"
contains "$W/staff/$L.yaml" "status: complete"

# list: text (by display width), csv, yaml
expect_exit 0 "$BIN" list staff --data "$W"
contains "$T/out" "Nguyễn Văn Đức"
contains "$T/out" "Trần Thị Lan"
expect_exit 0 "$BIN" list staff --data "$W" --format csv
contains "$T/out" "id,status,full_name,birth_date"
expect_exit 2 "$BIN" list staff --data "$W" --format xml

# validate: all good, then a damaged file is reported with its place
expect_exit 0 "$BIN" validate --data "$W"
printf 'id: [unclosed\n' >"$W/hamlets/00000000-0000-4000-8000-00000000dead.yaml"
expect_exit 1 "$BIN" validate --data "$W"
contains "$T/out" "00000000-0000-4000-8000-00000000dead.yaml:"
contains "$T/err" "1 lỗi"
rm "$W/hamlets/00000000-0000-4000-8000-00000000dead.yaml"
# a standard mistyped in sapxep.yaml would drop the quotas' increases silently
cp "$W/sapxep.yaml" "$T/settings"
sed -i 's/^  class: .*/&\n  standard: xa_mien_nui/' "$W/sapxep.yaml"
expect_exit 1 "$BIN" validate --data "$W"
contains "$T/out" "sapxep.yaml:1:1: commune.standard: 'xa_mien_nui'"
contains "$T/out" "xa, xa_mountain, phuong_quan"
sed -i 's/^  standard: .*/  standard: xa_mountain/' "$W/sapxep.yaml"
expect_exit 0 "$BIN" validate --data "$W"
cp "$T/settings" "$W/sapxep.yaml"

# delete keeps a copy in the trash
expect_exit 0 "$BIN" delete staff "$L" --data "$W"
check "record gone" test ! -e "$W/staff/$L.yaml"
check "copy in the trash" test -f "$W/.sapxep/trash/staff-$L-r2.yaml"
expect_exit 1 "$BIN" delete staff "$L" --data "$W"

# no workspace: a clear message and exit 1, never a crash
expect_exit 1 "$BIN" list staff --data "$T/nowhere"
contains "$T/err" "nowhere"
finish
