# A broken file in a workspace's config/lists (issue 13, H3 of the review
# of 2026-12): the workspace opens all the same, the file is named once on
# standard error with its line and column, the shipped list of the same
# name stands in for it, and validate counts it as a problem.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
L="$W/config/lists"
export SAPXEP_NOW=2025-01-15T10:00:00+07:00

expect_exit 0 "$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" \
	--class III --kind xa --region south --population 7500 --area 25
expect_exit 0 "$BIN" new hamlets --data "$W" "name=Thôn Đông" kind=thon households=360
expect_exit 0 "$BIN" new staff --data "$W" "full_name=Trưởng thôn" unit=hamlet \
	"hamlet=thon dong" positions=truong_thon allowance_coefficient=1,5 arrangement=keep
mkdir -p "$L"

# count FILE TEXT N: TEXT is on exactly N lines of FILE.
count() {
	n=$(grep -cF -- "$2" "$1")
	if [ "$n" -eq "$3" ]; then ok; else
		fail "$1 has '$2' on $n lines, expected $3"; sed 's/^/    | /' "$1" | head -10
	fi
}

# the list a province replaces (titles), as a map of the wrong keys, then
# as a plain YAML scalar: valid YAML both times, but not a list
for bad in 'hello: world' 'just some words'; do
	printf '%s\n' "$bad" >"$L/titles.yaml"
	expect_exit 0 "$BIN" list staff --data "$W"
	contains "$T/err" "$L/titles.yaml:1:1: "
	contains "$T/err" "không đọc được danh sách lựa chọn"
	contains "$T/err" "config/lists/titles.yaml được dùng thay cho nó: hãy sửa tệp, hoặc xóa tệp"
	count "$T/err" "titles.yaml" 1
	# a title of the shipped list is taken, and shown with its label
	expect_exit 0 "$BIN" new staff --data "$W" "full_name=Người Số $bad" unit=commune \
		positions=thu_y allowance_coefficient=1,14 arrangement=keep
	contains "$T/err" "$L/titles.yaml:1:1: "
	expect_exit 0 "$BIN" list staff --data "$W"
	contains "$T/out" "Người Số $bad"
	contains "$T/out" "Thú y"
	# a code the shipped list does not have is still refused
	expect_exit 1 "$BIN" new staff --data "$W" "full_name=X" unit=commune positions=no_such_title
	# the quota works from the shipped titles' tags (hamlet titles)
	expect_exit 0 "$BIN" quota --data "$W"
	contains "$T/out" "Quy định: Nghị định 33/2023/NĐ-CP"
	contains "$T/out" "Định mức cấp xã loại III: 10 người"
	contains "$T/out" "Thôn Đông"
	contains "$T/err" "$L/titles.yaml:1:1: "
	count "$T/err" "titles.yaml" 1
	# validate reports it on standard output, as a problem, once
	expect_exit 1 "$BIN" validate --data "$W"
	contains "$T/out" "$L/titles.yaml:1:1: "
	count "$T/out" "titles.yaml" 1
	lacks "$T/err" "titles.yaml"
	contains "$T/err" "1 lỗi"
done
contains "$T/out" "gặp văn bản"

# a broken list no other folder has: named too, the workspace still opens
printf 'hello: world\n' >"$L/hamlet_list.yaml"
expect_exit 0 "$BIN" list hamlets --data "$W"
contains "$T/out" "Thôn Đông"
contains "$T/err" "$L/hamlet_list.yaml:1:1: khóa 'hello' không hợp lệ"
contains "$T/err" "không có danh sách 'hamlet_list' nào khác thay cho nó"
expect_exit 1 "$BIN" validate --data "$W"
contains "$T/err" "2 lỗi"

# a file that cannot be read at all (here a folder of that name): the same
rm "$L/titles.yaml"
mkdir "$L/titles.yaml"
expect_exit 0 "$BIN" new staff --data "$W" "full_name=Người Đọc Lỗi" unit=commune \
	positions=thu_y allowance_coefficient=1,14 arrangement=keep
contains "$T/err" "$L/titles.yaml: không phải tệp thông thường"
contains "$T/err" "config/lists/titles.yaml được dùng thay cho nó"
count "$T/err" "titles.yaml" 1
expect_exit 1 "$BIN" validate --data "$W"
contains "$T/out" "$L/titles.yaml: không phải tệp thông thường"
rmdir "$L/titles.yaml"
printf 'just some words\n' >"$L/titles.yaml"

# the same list twice in the workspace: the second file is left out
rm "$L/hamlet_list.yaml"
sed 's/^list: titles/list: regions/' "$SAPXEP_SHARE/config/lists/regions.yaml" >"$L/a.yaml"
cp "$L/a.yaml" "$L/b.yaml"
expect_exit 0 "$BIN" list hamlets --data "$W"
contains "$T/err" "$L/b.yaml: danh sách 'regions' cũng được khai báo trong $L/a.yaml"

# a good list in the workspace is used, and nothing is said
rm "$L/a.yaml" "$L/b.yaml" "$L/titles.yaml"
sed 's/Thú y/Thú y xã/' "$SAPXEP_SHARE/config/lists/titles.yaml" >"$L/titles.yaml"
expect_exit 0 "$BIN" list staff --data "$W"
contains "$T/out" "Thú y xã"
lacks "$T/err" "danh sách lựa chọn"
expect_exit 0 "$BIN" validate --data "$W"
finish
