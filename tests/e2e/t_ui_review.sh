# The hamlet review and the merge planner, driven by SAPXEP_SCRIPT: each
# hamlet's status, a proposal whose vote is exactly half (not passed), the
# summary; Enter opens a hamlet; the planner's suggestion made a draft
# proposal in one step, opened in the form, on disk, and in the review.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
# the last day of Circular 14/2018 (pack tt14-2018): Decree 185/2026 is
# tested in t_cli_review_nd185.sh
export SAPXEP_NOW=2026-05-25T10:00:00+07:00
"$BIN" init --data "$W" --province 80 --commune 27700 --name "Xã Bình Thành" \
	--class II --region south --officer nva >/dev/null 2>&1
new_hamlet() {
	"$BIN" new hamlets --data "$W" "$@" 2>/dev/null
}
A=$(new_hamlet "name=Ấp Bình Hòa" households=120)		# 34,2%: must merge
B=$(new_hamlet "name=Ấp Bình Phú" households=400)		# meets
C=$(new_hamlet "name=Ấp Cả Rưng" households=90 factors=ethnic_minority)	# exempt
D=$(new_hamlet "name=Ấp Đồng Tâm" households=300)		# below
E=$(new_hamlet "name=Ấp Gò Ớt" households=100)			# must merge
F=$(new_hamlet "name=Ấp Tân Long" households=500)		# meets
"$BIN" set hamlets "$E" --data "$W" "neighbours=ap tan long" >/dev/null 2>&1
M=$("$BIN" new mergers --data "$W" "new_name=Ấp Bình Hòa Phú" \
	"hamlets=Ấp Bình Hòa, Ấp Bình Phú" voters_total=520 voters_agree=260 \
	consultation_date=10/05/2026 stage=consulted 2>/dev/null)
check "six hamlets and a proposal" test -n "$A$B$C$D$E$F" -a -n "$M"

run() {
	SAPXEP_SCRIPT="$T/$1.keys" "$BIN" --data "$W" "$2" >"$T/out" 2>"$T/err"
}

cat >"$T/review.keys" <<KEYS
r
:save-display $T/review.top
<F1>
:save-display $T/review.help
<Esc>
<End>
:save-display $T/review.end
<Home><Down>
:save-display $T/review.second
<Enter>
:save-display $T/review.form
<Esc>
p
:save-display $T/review.plan
<Enter>
:save-display $T/review.ask
y
:save-display $T/review.made
<Esc>
:save-display $T/review.plan2
<Esc>
:save-display $T/review.after
<Esc>
<Esc>
KEYS
expect_exit 0 run review --lang=en
# every hamlet with its status and marker, coloured by role and marked
contains "$T/review.top" "Hamlets against the household standard (6)"
contains "$T/review.top" "> Ấp Bình Hòa  Rural hamlet         120       350   34.2%  !! must merge"
contains "$T/review.top" "  Ấp Cả Rưng   Rural hamlet          90       350   25.7%  ex exempt"
contains "$T/review.top" "  Ấp Đồng Tâm  Rural hamlet         300       350   85.7%  -  below standard"
contains "$T/review.top" "  Ấp Tân Long  Rural hamlet         500       350  142.8%  ok meets"
# the proposal: households of the merged unit, meets, the vote and its result
contains "$T/review.top" "Merger proposals (1)"
contains "$T/review.top" "Ấp Bình Hòa Phú = Ấp Bình Hòa + Ấp Bình Phú [Voters consulted]"
contains "$T/review.top" "520 households / standard 350: meets it; in favour 260/520 = 50.0%: NOT"
contains "$T/review.top" "     PASSED"
contains "$T/review.help" "p                          The merge planner: suggested mergers"
contains "$T/review.help" "Enter                      Open"
# the summary
contains "$T/review.end" "Hamlets now: 6 (meet the standard 2, below 1, must merge 2, exempt 1, unknown"
contains "$T/review.end" "Must merge but in no proposal: 1 (Ấp Gò Ớt)"
contains "$T/review.end" "After the approved mergers: 6; after every proposed merger: 5"
contains "$T/review.end" "Markers: ok meets, -  below the standard, !! must merge, ex exempt, ?? unknown"
# Down moves to the next hamlet; Enter opens it in its form
contains "$T/review.second" "> Ấp Bình Phú"
contains "$T/review.form" "Hamlets and neighbourhoods › Ấp Bình Phú"
contains "$T/review.form" "400"
# the planner: Gò Ớt reaches the standard only with Tân Long
contains "$T/review.plan" "Suggested mergers (the fewest hamlets merged away that lift the most):"
contains "$T/review.plan" ">  1. Ấp Tân Long (500) + Ấp Gò Ớt (100)"
contains "$T/review.plan" "= 600 households, standard 350: \"Ấp Tân Long\""
contains "$T/review.plan" "Below the standard, and no grouping with its neighbours reaches it:"
contains "$T/review.plan" "Ấp Đồng Tâm (300)"
contains "$T/review.plan" "Hamlets now 6; after the proposals already made 5; after these suggestions"
contains "$T/review.ask" "Make suggestion 1 a draft merger proposal, \"Ấp Tân Long\"?"
# made, saved and opened in the form to be finished
contains "$T/review.made" "Merger proposals › Ấp Tân Long"
contains "$T/review.made" "Ấp Tân Long, Ấp Gò Ớt"
contains "$T/review.made" "Draft proposal \"Ấp Tân Long\" saved"
P=$(grep -l "new_name: Ấp Tân Long" "$W"/mergers/*.yaml)
check "the proposal is on disk" test -n "$P"
[ -n "$P" ] && contains "$P" "stage: draft"
[ -n "$P" ] && contains "$P" "- $E"
[ -n "$P" ] && contains "$P" "- $F"
[ -n "$P" ] && contains "$P" "revision: 1"
# nothing left to suggest; the review counts the new proposal
contains "$T/review.plan2" "No grouping along the neighbour links brings a hamlet below the standard up"
lacks "$T/review.plan2" "Ấp Gò Ớt (100)"
contains "$T/review.after" "Merger proposals (2)"
contains "$T/review.after" "Ấp Tân Long = Ấp Tân Long + Ấp Gò Ớt [Draft]"
contains "$T/review.after" "600 households / standard 350: meets it; no consultation figures yet"
contains "$T/review.after" "Must merge but in no proposal: 0"
check "the review as the command line sees it" sh -c \
	"'$BIN' review --data '$W' --format yaml | grep -q 'after_proposed: 4'"

# Vietnamese: the same screen in the commune's language
cat >"$T/vi.keys" <<KEYS
r
:save-display $T/vi.top
<Esc>
<Esc>
KEYS
expect_exit 0 run vi --lang=vi
contains "$T/vi.top" "> Ấp Bình Hòa  Thôn    120         350   34,2%  !! Phải sáp nhập"
contains "$T/vi.top" "  Ấp Cả Rưng   Thôn     90         350   25,7%  ex Miễn (đặc thù)"
contains "$T/vi.top" "đồng ý 260/520 = 50,0%: KHÔNG ĐẠT"

# a hostile hamlet name reaches the screen as harmless text
esc=$(printf '\033')
"$BIN" set hamlets "$D" --data "$W" "name=Ấp ${esc}[31mĐỏ" >/dev/null 2>&1
cat >"$T/bad.keys" <<KEYS
r
:save-display $T/bad.top
<Esc>
2
:save-display $T/bad.list
<Esc>
<Esc>
KEYS
expect_exit 0 run bad --lang=en
lacks "$T/bad.top" "$esc"
contains "$T/bad.top" "Ấp ^[[31mĐỏ"
lacks "$T/bad.list" "$esc"
finish
