# Eight officers run `sapxep set` on one record at the same moment, each
# changing another field: every one either saves or is refused with who
# saved first; the record ends at one revision per save that went
# through and changed something (the same value again writes nothing), holding every change that was reported saved; no lock is left.
. "$(dirname "$0")/lib.sh"
W="$T/xa"
"$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class II \
	--region south --officer nva >/dev/null 2>&1 || fail "init"
H=$("$BIN" new hamlets --data "$W" "name=Ấp Chung" households=100 2>/dev/null)
rounds=0 saved=0 refused=0
for round in 1 2 3 4 5; do
	rounds=$((rounds + 1))
	before=$(sed -n 's/^revision: //p' "$W/hamlets/$H.yaml")
	i=0
	for change in "code=T$round" "households=$((100 + round))" "population=$((500 + round))" \
		"area_ha=$round,5" "proposal=keep" "key_security=true" "factors=border" \
		"note=Lần $round"; do
		i=$((i + 1))
		(SAPXEP_OFFICER="can-bo-$i" "$BIN" --lang en set hamlets "$H" --data "$W" "$change" \
			>"$T/out.$i" 2>"$T/err.$i"; echo $? >"$T/rc.$i") &
	done
	wait
	ok_here=0
	for i in 1 2 3 4 5 6 7 8; do
		rc=$(cat "$T/rc.$i")
		if [ "$rc" -eq 0 ]; then
			# a value the record already held writes nothing (issue 17
			# item 12), and says so: no revision for it
			grep -qF "nothing changed" "$T/err.$i" || ok_here=$((ok_here + 1))
			# what it changed is in the file
			case $i in
			1) change="code: T$round" ;;
			2) change="households: $((100 + round))" ;;
			3) change="population: $((500 + round))" ;;
			4) change="area_ha: $round.5" ;;
			5) change="proposal: keep" ;;
			6) change="key_security: true" ;;
			7) change="- border" ;;
			8) change="note: Lần $round" ;;
			esac
			contains "$W/hamlets/$H.yaml" "$change"
		elif [ "$rc" -eq 1 ]; then
			refused=$((refused + 1))
			contains "$T/err.$i" "since you opened it; nothing was overwritten"
		else
			fail "officer $i: exit $rc"
			sed 's/^/    | /' "$T/err.$i"
		fi
	done
	saved=$((saved + ok_here))
	after=$(sed -n 's/^revision: //p' "$W/hamlets/$H.yaml")
	check "round $round: one revision per save ($before + $ok_here = $after)" \
		test "$after" -eq $((before + ok_here))
done
# the lock is free: a save goes through at once
expect_exit 0 "$BIN" set hamlets "$H" --data "$W" "note=Cuối"
echo "  concurrent set: $rounds rounds of 8 officers, $saved saved, $refused refused with a message, lost: 0"
finish
