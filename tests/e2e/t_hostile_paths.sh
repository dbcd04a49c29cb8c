# Ids, form names and paths that try to leave the workspace — "../",
# absolute paths, NUL bytes — on the command line, in record files, in
# drafts and in the settings: each is refused with a message and nothing
# outside the workspace is read for a record or written. And output that
# cannot be written (a full disk) is an error, not an empty file and a
# success.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"
W="$T/xa"
"$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class II \
	--region south --officer nva >/dev/null 2>&1 || fail "init"
H=$("$BIN" new hamlets --data "$W" "name=Ấp Một" households=120 2>/dev/null)
mkdir -p "$T/outside"
printf 'precious\n' >"$T/outside/victim.yaml"

# tree: the workspace and what is outside it, with checksums (the lock and
# the dashboard's cache aside: local state the interface rewrites)
tree() {
	(cd "$T" && find xa outside -type f ! -path xa/.sapxep/lock ! -path xa/.sapxep/dashboard \
		-print0 | sort -z \
		| xargs -0 -r sha256sum)
}
tree >"$T/tree.before"

# --- on the command line ----------------------------------------------------------
for form in ../hamlets ../../outside /etc/passwd "$T/outside" hamlets/../staff .sapxep; do
	expect_exit 2 "$BIN" --lang en new "$form" --data "$W" "name=x"
	contains "$T/err" "no form named"
	expect_exit 2 "$BIN" --lang en list "$form" --data "$W"
done
for id in ../../outside/victim "$T/outside/victim" /etc/passwd "../hamlets/$H" "$H/../$H" \
	"$W/hamlets/$H" "$H.yaml" "../../../../../../../../tmp" ./ ..; do
	expect_exit 1 "$BIN" --lang en set hamlets "$id" --data "$W" households=1
	contains "$T/err" "no record of hamlets"
	expect_exit 1 "$BIN" --lang en delete hamlets "$id" --data "$W"
done
# a record named in a ref field by a path
expect_exit 1 "$BIN" --lang en new staff --data "$W" "full_name=Ai" unit=hamlet \
	"hamlet=../../outside/victim"
expect_exit 1 "$BIN" --lang en new staff --data "$W" "full_name=Ai" unit=hamlet \
	"hamlet=$T/outside/victim.yaml"
# a workspace that is a file, or missing
expect_exit 2 "$BIN" --lang en list hamlets --data "$T/outside/victim.yaml"
contains "$T/err" "is not a folder"
expect_exit 1 "$BIN" --lang en list hamlets --data "$T/nowhere"
contains "$T/err" "nowhere"
check "nothing changed by the command line" test "$(tree)" = "$(cat "$T/tree.before")"

# --- in files from another machine ----------------------------------------------
X=00000000-0000-4000-8000-0000000000aa
i=0
for idline in "id: ../../outside/victim" "id: /etc/passwd" "id: $X/../$X" \
	"id: \"$X\\0\"" "id: \"\\0$X\"" "id: \"../$X\""; do
	i=$((i + 1))
	record_file hamlets "$idline" "name: Ấp $i"
	expect_exit 0 "$BIN" --lang en list hamlets --data "$W"
	contains "$T/err" "$X.yaml:1:5:"
	clean "$T/err"
	lacks "$T/out" "Ấp $i"
done
record_file hamlets "id: $X" "name: Ấp Xa"
sed -i 's/^form: hamlets/form: ..\/staff/' "$W/hamlets/$X.yaml"
expect_exit 0 "$BIN" --lang en list hamlets --data "$W"
contains "$T/err" "$X.yaml:2:7: form '../staff' is not known"
# a ref that is a path, and text with a NUL byte, in a record file
record_file hamlets "id: $X" 'name: "Ấp\0Xa"'
expect_exit 0 "$BIN" --lang en list hamlets --data "$W"
contains "$T/err" "$X.yaml:11:9:"
record_file hamlets "id: $X" "name: Ấp Xa" "neighbours: [../../outside/victim]"
"$BIN" --lang en validate --data "$W" >"$T/out" 2>"$T/err"
check "a path in a ref: refused or flagged" sh -c "grep -q '$X.yaml:12:' '$T/out' '$T/err'"
rm -f "$W/hamlets/$X.yaml"
# a draft whose id is a path: reported, never resumed or written back
UID_=$(id -u)
mkdir -p "$W/.sapxep/drafts/$UID_/hamlets"
printf 'id: ../../../../outside/victim\nform: hamlets\nrevision: 0\nfields:\n  name: x\n' \
	>"$W/.sapxep/drafts/$UID_/hamlets/$X.yaml"
printf ':save-display %s\n<Esc>\n<Esc>\n' "$T/draft.screen" >"$T/draft.keys"
SAPXEP_SCRIPT="$T/draft.keys" "$BIN" --lang en --data "$W" >"$T/out" 2>"$T/err"
check "interface starts past the draft" test $? -eq 0
contains "$T/draft.screen" "could not be read"
rm -rf "$W/.sapxep/drafts"
# rule packs and lists named by a path in the settings
cp "$W/sapxep.yaml" "$T/settings.good"
for pack in ../../outside/victim /etc/passwd "nd33-2023/../x"; do
	printf 'rules:\n  staff: %s\n' "$pack" >>"$W/sapxep.yaml"
	expect_exit 1 "$BIN" --lang en list hamlets --data "$W"
	contains "$T/err" "sapxep.yaml:"
	contains "$T/err" "a pack name is letters, digits, - and _"
	cp "$T/settings.good" "$W/sapxep.yaml"
done
check "nothing outside changed" test "$(tree)" = "$(cat "$T/tree.before")"

# --- output that cannot be written ------------------------------------------------
if [ -c /dev/full ]; then
	for args in "list hamlets" "list hamlets --format csv" "list staff --format yaml" \
		"quota" "quota --format csv" "report" "report --format yaml"; do
		"$BIN" --lang en $args --data "$W" >/dev/full 2>"$T/err"
		rc=$?
		check "$args to a full disk: exit $rc, not 0" test $rc -eq 3
		contains "$T/err" "cannot write the output: No space left on device"
	done
	# --output replaces a file, never a device
	expect_exit 2 "$BIN" --lang en report --data "$W" --format csv --output /dev/full
	contains "$T/err" "/dev/full is not a file"
	check "/dev/full is still a device" test -c /dev/full
else
	echo "  (no /dev/full here: the full-output checks are skipped)"
fi
mkdir "$T/a-folder"
expect_exit 2 "$BIN" --lang en report --data "$W" --output "$T/a-folder"
check "the folder is still a folder" test -d "$T/a-folder"
finish
