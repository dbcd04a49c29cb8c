# Damaged and hostile files, put where sapxep reads: a record, the
# settings (sapxep.yaml), a province's list and rule pack (config/), a
# draft, a CSV to import, a script of keys. Overlong lines and values, a
# 100 MB file, a FIFO and /dev/zero, YAML alias bombs ("billion laughs"),
# deep nesting, invalid UTF-8 and NUL bytes: each is refused with its file
# and place (file:line:column where there is one), quickly and without
# reading more than the limits, and the good records around it still
# load. A value too long to read back is refused when it is saved, not
# written to vanish from the lists.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hostile.sh"
W="$T/xa"
"$BIN" init --data "$W" --province 72 --commune 27601 --name "Xã Thử" --class II \
	--region south --officer nva >/dev/null 2>&1 || fail "init"
GOOD=$("$BIN" new hamlets --data "$W" "name=Ấp Tốt" households=120 2>/dev/null)
cp "$W/sapxep.yaml" "$T/settings.good"
UID_=$(id -u)
BAD=00000000-0000-4000-8000-0000000000ba

# --- the hostile inputs ---------------------------------------------------------
# a 100 MB file of YAML-looking lines (written once, linked where needed)
"$PY" -c "
import sys
line = b'name: ' + b'a' * 90 + b'\n'
with open(sys.argv[1], 'wb') as f:
    f.write(b'id: $BAD\n')
    for _ in range(100 * 1024 * 1024 // len(line)):
        f.write(line)
" "$T/big"
check "the 100 MB file" test "$(stat -c %s "$T/big")" -ge 100000000
# billion laughs: ten levels of ten aliases
"$PY" -c "
import sys
out = ['id: $BAD', 'l0: &l0 \"lol\"']
for i in range(1, 10):
    out.append(f'l{i}: &l{i} [' + ','.join([f'*l{i-1}'] * 10) + ']')
out.append('fields: *l9')
open(sys.argv[1], 'w').write('\n'.join(out) + '\n')
" "$T/bomb"
printf 'id: %s\nfields: ' "$BAD" >"$T/deep"
"$PY" -c "import sys; sys.stdout.write('[' * 100000 + ']' * 100000 + '\n')" >>"$T/deep"
printf 'id: %s\nform: hamlets\nfields:\n  name: "\377\376 x"\n' "$BAD" >"$T/badutf8"
printf 'id: %s\nform: hamlets\nfields:\n  name: a\000b\n' "$BAD" >"$T/nul"
"$PY" -c "
import sys
sys.stdout.write('id: $BAD\nform: hamlets\nfields:\n  name: ' + 'x' * 900000 + '\n')
" >"$T/longline"

# where FILE INPUT: put INPUT there, and say where it went (sets $AT)
where() {
	case $1 in
	record) AT="$W/hamlets/$BAD.yaml" ;;
	settings) AT="$W/sapxep.yaml" ;;
	list) mkdir -p "$W/config/lists"; AT="$W/config/lists/regions.yaml" ;;
	rules) mkdir -p "$W/config/rules"; AT="$W/config/rules/nd33-2023.yaml" ;;
	draft) mkdir -p "$W/.sapxep/drafts/$UID_/hamlets"
		AT="$W/.sapxep/drafts/$UID_/hamlets/$BAD.yaml" ;;
	esac
	rm -f "$AT"
	case $2 in
	big) ln "$T/big" "$AT" ;;
	fifo) mkfifo "$AT" ;;
	*) cp "$T/$2" "$AT" ;;
	esac
}

# (removed first: it may be a link to the big file, or a FIFO)
restore() {
	rm -rf "$W/config" "$W/hamlets/$BAD.yaml" "$W/.sapxep/drafts" "$W/sapxep.yaml"
	cp "$T/settings.good" "$W/sapxep.yaml"
}

# The message for each input, and the place it names.
says() {
	case $1 in
	big) echo "file is too large" ;;
	fifo) echo "not a regular file" ;;
	bomb) echo "anchors (&name) are not allowed" ;;
	deep) echo "nest" ;;
	badutf8) echo "UTF-8" ;;
	nul) echo "NUL" ;;
	longline) echo "too long" ;;
	esac
}

n=0
for input in big fifo bomb deep badutf8 nul longline; do
	for place in record settings list rules draft; do
		restore
		where "$place" "$input"
		n=$((n + 1))
		# the command line: refused or reported, never a crash
		"$BIN" --lang en list hamlets --data "$W" >"$T/out" 2>"$T/err"
		rc=$?
		check "$input as $place: list exits $rc, not a crash" test $rc -le 3
		clean "$T/err"
		case $place in
		record|list)	# reported, and the good record still listed (a
			# list file is left out, the shipped one stands in)
			check "$input as $place: list goes on" test $rc -eq 0
			contains "$T/out" "Ấp Tốt"
			contains "$T/err" "$AT"
			contains "$T/err" "$(says "$input")" ;;
		settings)	# the workspace cannot open: says which file, and why
			check "$input as $place: refused" test $rc -ne 0
			contains "$T/err" "$AT"
			contains "$T/err" "$(says "$input")" ;;
		rules)	# the pack is left out, with its problem
			"$BIN" --lang en quota --data "$W" >"$T/out" 2>"$T/err"
			check "$input as $place: quota exits, not a crash" test $? -le 3
			contains "$T/err" "$AT"
			contains "$T/err" "$(says "$input")" ;;
		draft)	# the interface starts, reports the draft, goes on
			printf ':save-display %s\n<Esc>\n<Esc>\n' "$T/draft.screen" >"$T/draft.keys"
			SAPXEP_SCRIPT="$T/draft.keys" "$BIN" --lang en --data "$W" >"$T/out" 2>"$T/err"
			check "$input as a draft: the interface goes on" test $? -eq 0
			# (a FIFO is not a draft: passed over)
			[ "$input" = fifo ] || contains "$T/draft.screen" "could not be read" ;;
		esac
	done
done
restore
echo "  hostile files: $n placed, each refused with its place"

# the size is read before the bytes: the 100 MB file is never read in
check "limits before reading" "$PY" - "$BIN" "$W" "$T/big" <<'PY'
import os, resource, subprocess, sys
bin, ws, big = sys.argv[1:4]
target = os.path.join(ws, 'hamlets', '00000000-0000-4000-8000-0000000000ba.yaml')
os.link(big, target)
r = subprocess.run([bin, 'list', 'hamlets', '--data', ws], capture_output=True)
os.unlink(target)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f'  100 MB record file: list used at most {peak // 1024} MB')
sys.exit(0 if peak < 60 * 1024 else 1)
PY

# --- CSV to import: too big, not a file, not UTF-8, NUL, an overlong line ------
expect_exit 1 "$BIN" --lang en import hamlets "$T/big" --data "$W"
contains "$T/err" "file is too large"
expect_exit 1 "$BIN" --lang en import hamlets /dev/zero --data "$W"
contains "$T/err" "not a regular file"
mkfifo "$T/pipe.csv"
expect_exit 1 "$BIN" --lang en import hamlets "$T/pipe.csv" --data "$W"
contains "$T/err" "not a regular file"
printf 'name,households\nẤp \377,1\n' >"$T/bad.csv"
expect_exit 1 "$BIN" --lang en import hamlets "$T/bad.csv" --data "$W"
contains "$T/err" "bad.csv:2: not valid UTF-8"
printf 'name,households\nẤp\000,1\n' >"$T/nul.csv"
expect_exit 1 "$BIN" --lang en import hamlets "$T/nul.csv" --data "$W"
contains "$T/err" "nul.csv:2:"
"$PY" -c "import sys; sys.stdout.write('name,households\n' + 'x' * 5000000 + ',1\n')" >"$T/long.csv"
expect_exit 1 "$BIN" --lang en import hamlets "$T/long.csv" --data "$W"
contains "$T/err" "long.csv:2: row 1: field name: 5000000 bytes is too long to save"
contains "$T/err" "nothing imported"
"$PY" -c "import sys; sys.stdout.write('name,households\n' + ','.join(['a'] * 200000) + '\n')" \
	>"$T/wide.csv"
expect_exit 1 "$BIN" --lang en import hamlets "$T/wide.csv" --data "$W"
contains "$T/err" "wide.csv:2: row 1 has 200000 cells, the header has 2"
check "nothing imported" test "$(ls "$W/hamlets" | wc -l)" -eq 1

# --- typed: invalid UTF-8, overlong values -----------------------------------------
expect_exit 1 "$BIN" --lang en new hamlets --data "$W" "$(printf 'name=\377\376')" households=1
contains "$T/err" "UTF-8"
clean "$T/err"
# a value longer than a record file may hold is refused, not saved to vanish
LONG=$("$PY" -c "print('ấ' * 25000)")
expect_exit 1 "$BIN" --lang en new hamlets --data "$W" "name=Ấp Dài" households=1 "note=$LONG"
contains "$T/err" "field note: 75000 bytes is too long to save (at most 65536)"
check "nothing saved" test "$(ls "$W/hamlets" | wc -l)" -eq 1
# one that fits is saved, flagged, and reads back
FITS=$("$PY" -c "print('ấ' * 20000)")
expect_exit 0 "$BIN" --lang en new hamlets --data "$W" "name=Ấp Dài" households=1 "note=$FITS"
contains "$T/err" "20000 characters long, at most 2000"
expect_exit 0 "$BIN" --lang en list hamlets --data "$W"
contains "$T/out" "Ấp Dài"
lacks "$T/err" "not read"
# (invalid bytes typed in the interface: t_tui_bytes.sh)
# a script of keys too big is refused with its name
SAPXEP_SCRIPT="$T/big" "$BIN" --lang en --data "$W" >"$T/out" 2>"$T/err"
check "a 100 MB script refused" test $? -ne 0
contains "$T/err" "too large"
finish
