# The commune's report (dashboard entry 4), driven by SAPXEP_SCRIPT: the
# figures the province receives, laid out for 80x24, the same as sapxep
# report; a hamlet added through the form shows in it at once.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
export SAPXEP_NOW=2025-01-15T10:00:00+07:00
"$BIN" init --data "$W" --province 72 --province-name "Tây Ninh" --commune 27601 \
	--name "Xã Thử" --class II --region south --officer nva >/dev/null 2>&1
"$BIN" new hamlets --data "$W" "name=Ấp Bình An" households=120 >/dev/null 2>&1
"$BIN" new hamlets --data "$W" "name=Ấp Tân Hòa" households=400 >/dev/null 2>&1
"$BIN" new staff --data "$W" "full_name=Nguyễn Văn Đức" unit=commune \
	positions=thu_y arrangement=keep >/dev/null 2>&1
"$BIN" new staff --data "$W" "full_name=Trần Thị Lan" unit=commune \
	positions=van_phong_dang_uy arrangement=keep >/dev/null 2>&1
"$BIN" new staff --data "$W" "full_name=Lê Văn Nam" unit=commune \
	positions=ct_chu_thap_do arrangement=leave_with_support effective_date=01/03/2025 >/dev/null 2>&1
# a proposal without its hamlets yet: incomplete
"$BIN" new mergers --data "$W" "new_name=Ấp Mới" >/dev/null 2>&1

cat >"$T/r.keys" <<KEYS
4
:save-display $T/r.screen
<Esc>
2n
Ấp Cầu<Tab><Tab><Tab><Tab>500<F2>
<Esc>
<Esc>
4
:save-display $T/r.after
<Esc>
<Esc>
KEYS
SAPXEP_SCRIPT="$T/r.keys" "$BIN" --data "$W" --lang en >"$T/out" 2>"$T/err"
check "the script ran" test $? -eq 0
R="$T/r.screen"
contains "$R" "sapxep · Xã Thử (class II) › Report"
contains "$R" "Xã Thử (27601) · class II · Tây Ninh"
contains "$R" "Reporting: last change 15/01/2025 10:00"
contains "$R" "Rule packs: nd33-2023, tt14-2018"
check "staff before" grep -Eq "^  Staff before +3 " "$R"
check "staff after" grep -Eq "^  Staff after +2 " "$R"
check "reduction" grep -Eq "^  Reduction +1 " "$R"
check "hamlets" grep -Eq " Hamlets +2$" "$R"
check "meet" grep -Eq " Meet standard +1$" "$R"
check "must merge" grep -Eq " Must merge +1$" "$R"
check "proposals" grep -Eq " Mergers proposed +1$" "$R"
check "complete" grep -Eq "^  Records complete +5 " "$R"
check "incomplete" grep -Eq "^  Incomplete +1 " "$R"
check "not every record complete" grep -Eq "^  Every record complete +no$" "$R"
contains "$R" "Proposals by stage: Draft 1 · Voters consulted 0"
# all of it on one 80x24 screen, down to the last stage
contains "$R" "Approved 0 · Rejected 0"
# the same figures as the command line sends
"$BIN" report --data "$W" --format yaml >"$T/report.yaml" 2>/dev/null
contains "$T/report.yaml" "before: 3"
contains "$T/report.yaml" "after: 2"
contains "$T/report.yaml" "incomplete: 1"
# a hamlet added through the form is counted at once
check "hamlets after the form" grep -Eq " Hamlets +3$" "$T/r.after"
check "meet after the form" grep -Eq " Meet standard +2$" "$T/r.after"
check "complete after the form" grep -Eq "^  Records complete +6 " "$T/r.after"

# a commune with no record is not reporting, and says so
W2="$T/xa2"
"$BIN" init --data "$W2" --province 72 --commune 27602 --name "Xã Trống" --class III \
	--region south >/dev/null 2>&1
printf '4\n:save-display %s\n<Esc>\n<Esc>\n' "$T/e.screen" >"$T/e.keys"
SAPXEP_SCRIPT="$T/e.keys" "$BIN" --data "$W2" --lang en >/dev/null 2>&1
contains "$T/e.screen" "! Not reporting: no record yet"
finish
