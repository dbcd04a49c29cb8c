# Terminal escape sequences in every text a workspace holds — the
# commune's and province's names, every text field of every form, the
# officer who saved, a province's list labels and rule pack texts — are
# shown as harmless text: in the interface (the screen as dumped, and the
# bytes sent to the terminal, SAPXEP_SCRIPT_TTY) and in the text reports
# (list, validate, quota, report); the files keep them as typed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"
W="$T/xa"
hostile_workspace

# the files keep what was typed, escaped as YAML does
contains "$W/hamlets/$H.yaml" 'name: "ẤpX\e]0;PWNED\a\e]52;c;SGVsbG8=\a\e[6n\ePq#0\e\\\x9B6n'

# --- text reports -------------------------------------------------------------
for form in hamlets staff mergers; do
	expect_exit 0 "$BIN" list "$form" --data "$W"
	cp "$T/out" "$T/list-$form.out"
	cp "$T/err" "$T/list-$form.err"
	clean "$T/list-$form.out"
	clean "$T/list-$form.err"
done
contains "$T/list-hamlets.out" "ẤpX^[]0;PWNED^G"
contains "$T/list-staff.out" "NguyễnX^[]0;PWNED"
contains "$T/list-mergers.out" "Ấp MớiX^[]0;PWNED"
"$BIN" validate --data "$W" >"$T/validate.out" 2>"$T/validate.err"
clean "$T/validate.out"
clean "$T/validate.err"
expect_exit 0 "$BIN" quota --data "$W"
cp "$T/out" "$T/quota.out"
clean "$T/quota.out"
clean "$T/err"
"$BIN" quota --data "$W" --format csv >"$T/quota.csv" 2>/dev/null
"$BIN" report --data "$W" >"$T/report.out" 2>"$T/report.err"
check "report ran" test -s "$T/report.out"
clean "$T/report.out"
clean "$T/report.err"
contains "$T/report.out" "Xã ThửX^[]0;PWNED"
# a damaged record from another machine: its messages too
printf 'id: 00000000-0000-4000-8000-0000000000e5\n"k\\e]0;PWNED\\a\\u202e": "\\e[6n"\n' \
	>"$W/hamlets/00000000-0000-4000-8000-0000000000e5.yaml"
mkdir -p "$W/hamlets/$ESC]0;PWNED"
printf 'x' >"$W/hamlets/$ESC]0;PWNED$(printf '\007').yaml"
for cmd in list validate; do
	"$BIN" $cmd hamlets --data "$W" >"$T/$cmd-damaged.out" 2>"$T/$cmd-damaged.err"
	[ $cmd = validate ] && "$BIN" validate --data "$W" >"$T/$cmd-damaged.out" 2>"$T/$cmd-damaged.err"
	clean "$T/$cmd-damaged.out"
	clean "$T/$cmd-damaged.err"
done
contains "$T/list-damaged.err" "'k^[]0;PWNED^G<U+202E>'"
rm -rf "$W/hamlets/00000000-0000-4000-8000-0000000000e5.yaml" "$W/hamlets/$ESC"*

# --- the interface ------------------------------------------------------------
# Every screen that shows these texts: the dashboard (commune), each list,
# each record, a pick list of the province's titles, help, and a refused
# save that names who saved last.
cat >"$T/tui.keys" <<KEYS
:save-display $T/s-dash
1
:save-display $T/s-staff-list
<Enter>
:save-display $T/s-staff-form
<Down><Down><Down><Down><Down><F4>
:save-display $T/s-pick
<Esc><PgDn>
:save-display $T/s-staff-form2
<F1>
:save-display $T/s-help
<Esc><Esc><Esc>
2
:save-display $T/s-hamlet-list
<Enter>
:save-display $T/s-hamlet-form
<PgDn>
:save-display $T/s-hamlet-form2
<Esc><Esc>
3
:save-display $T/s-merger-list
<Enter>
:save-display $T/s-merger-form
<Esc><Esc><Esc>
KEYS
SAPXEP_SCRIPT="$T/tui.keys" SAPXEP_SCRIPT_TTY="$T/tty" "$BIN" --data "$W" >"$T/out" 2>"$T/err"
check "the interface ran the script" test $? -eq 0
check "bytes were sent to the terminal" test -s "$T/tty"
no_payload "$T/tty"
for s in "$T"/s-*; do
	clean "$s"
done
# (cut to the columns; the field being edited shows its end)
contains "$T/s-dash" "Xã ThửX^[]0;PWNED^G^[]52;c;SGVsbG8=^G^[[6n^[Pq#0^[\\<U+009B>6n<U+202E>"
contains "$T/s-staff-list" "NguyễnX^[]0;PWN"
contains "$T/s-staff-form" "<U+202E>evil^H^MY"
contains "$T/s-staff-form" "ẤpX^[]0;PWNED^G"
contains "$T/s-pick" "Trưởng thôn, ấp / Tổ trưởng tổ dân phốX^[]0;PWNED^G"
contains "$T/s-hamlet-list" "ẤpX^[]0;PWNED"
contains "$T/s-hamlet-form" "TX^[]0;PWNED^G"
contains "$T/s-merger-form" "SốX^[]0;PWNED^G"

finish
