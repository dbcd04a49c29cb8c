# Terminal escapes from a CSV file or a record never reach the terminal
# from the command line (issue 13 L1): import's header cells and row
# warnings, resolve's messages. They are shown as ^[ instead.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
ESC=$(printf '\033')
expect_exit 0 "$BIN" init --data "$W" --province 72 --commune 27601 --name X --class II \
	--region south
# a header cell holding an OSC sequence that would retitle the terminal
printf 'name,\033]0;PWNED\007,households\nThôn Một,120\n' >"$T/h.csv"
"$BIN" --lang en import hamlets "$T/h.csv" --data "$W" >"$T/out" 2>"$T/err"
cat "$T/out" "$T/err" >"$T/all"
lacks "$T/all" "$ESC"
contains "$T/all" "^[]0;PWNED"
# a record's name with an escape, quoted by resolve
expect_exit 0 "$BIN" new hamlets --data "$W" "name=$(printf 'Ấp \033[31mĐỏ')" households=100
id=$(cat "$T/out")
"$BIN" --lang en resolve hamlets "$id" --data "$W" >"$T/out" 2>"$T/err"
cat "$T/out" "$T/err" >"$T/all"
lacks "$T/all" "$ESC"
contains "$T/all" "^[[31m"
finish
