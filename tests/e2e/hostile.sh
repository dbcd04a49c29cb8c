# hostile.sh — shared by the hostile-input tests (t_hostile_*.sh); sourced
# after lib.sh. Independent readers are Debian's python3 (with
# python3-yaml and python3-openpyxl), never the python3 first in PATH.
PY=/usr/bin/python3
ESC=$(printf '\033')

# What a hostile file or a synced record may hold to take over a terminal:
# a window title (OSC 0), a clipboard write (OSC 52), a request that makes
# the terminal type its answer (DSR), a device control string, the 8-bit
# CSI, a bidirectional override, a bell, a backspace and a carriage return.
PAYLOAD=$(printf 'X\033]0;PWNED\007\033]52;c;SGVsbG8=\007\033[6n\033Pq#0\033\\\302\2336n\342\200\256evil\010\015Y')

# clean FILE: FILE is valid UTF-8 and holds nothing a terminal acts on: no
# C0 control but newline and tab (and carriage return before a newline in
# CSV), no DEL, no C1 control, no bidirectional override.
clean() {
	if "$PY" - "$1" <<'PY'; then ok; else fail "$1 holds control characters"; fi
import sys
b = open(sys.argv[1], 'rb').read()
try:
    t = b.decode('utf-8')
except UnicodeDecodeError as x:
    print(f"  {sys.argv[1]}: invalid UTF-8 at byte {x.start}")
    sys.exit(1)
t = t.replace('\r\n', '\n')
bidi = set('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f')
bad = [(i, hex(ord(c))) for i, c in enumerate(t)
       if (ord(c) < 32 and c not in '\n\t') or 0x7f <= ord(c) <= 0x9f or c in bidi]
if bad:
    print(f"  {sys.argv[1]}: {len(bad)} control characters, the first {bad[:5]}")
    sys.exit(1)
PY
}

# no_payload FILE: the bytes sent to a terminal hold none of the payload's
# sequences (curses sends its own escapes; those are not looked at).
no_payload() {
	if "$PY" - "$1" <<'PY'; then ok; else fail "$1 passes the payload to the terminal"; fi
import sys
b = open(sys.argv[1], 'rb').read()
bad = [s for s in (b'\x1b]0;PWNED', b'\x1b]52;', b'\x1b[6n', b'\x1bPq', b'\xc2\x9b',
                   b'\xe2\x80\xae', b'\x07', b'\x08evil', b'evil\x08')
       if s in b]
if bad:
    print(f"  {sys.argv[1]}: sends {bad}")
    sys.exit(1)
PY
}

# hostile_workspace: a commune whose settings, records, a list and a rule
# pack carry the payload in every text they have; ids in $H, $S, $M.
hostile_workspace() {
	"$BIN" init --data "$W" --province 72 --province-name "Tây Ninh$PAYLOAD" \
		--commune 27601 --name "Xã Thử$PAYLOAD" --class II --region south \
		--officer nva >/dev/null 2>&1 || fail "init"
	H=$(SAPXEP_OFFICER="cán bộ$PAYLOAD" "$BIN" new hamlets --data "$W" \
		"name=Ấp$PAYLOAD" "code=T$PAYLOAD" households=120 "note=Ghi chú$PAYLOAD" 2>/dev/null)
	S=$("$BIN" new staff --data "$W" "full_name=Nguyễn$PAYLOAD" unit=hamlet "hamlet=$H" \
		positions=truong_thon arrangement=keep effective_date=01/08/2025 \
		"note=Ghi chú$PAYLOAD" 2>/dev/null)
	M=$("$BIN" new mergers --data "$W" "new_name=Ấp Mới$PAYLOAD" "hamlets=$H" stage=draft \
		"resolution_no=Số$PAYLOAD" "note=Ghi chú$PAYLOAD" 2>/dev/null)
	[ -n "$H" ] && [ -n "$S" ] && [ -n "$M" ] || fail "hostile records not saved"
	# a province's list and rule pack, with the payload in their texts
	mkdir -p "$W/config/lists" "$W/config/rules"
	"$PY" - "$SAPXEP_SHARE" "$W" "$PAYLOAD" <<'PY' || fail "hostile config"
import sys, yaml
share, ws, p = sys.argv[1], sys.argv[2], sys.argv[3]
for sub, name in (('lists', 'titles'), ('rules', 'nd33-2023')):
    d = yaml.safe_load(open(f'{share}/config/{sub}/{name}.yaml'))
    if sub == 'lists':
        for c in d['choices']:
            c['label']['vi'] += p
            c['label']['en'] += p
    else:
        d['title']['vi'] += p
        d['instrument'] += p
        for f in d['facts'].values():
            if 'label' in f:
                f['label']['vi'] += p
    yaml.safe_dump(d, open(f'{ws}/config/{sub}/{name}.yaml', 'w'), allow_unicode=True)
PY
}

# record_file FORM ID-LINE FIELD-LINE...: a record file as another machine
# may have made it, at FORM's folder, named by the id when ID-LINE is
# "id: <uuid>" (else by $X); the field lines go under "fields:".
record_file() {
	form=$1 idline=$2
	shift 2
	name=${idline#id: }
	case $name in
	????????-????-????-????-????????????) ;;
	*) name=$X ;;
	esac
	{
		printf '%s\nform: %s\nform_version: 1\nrevision: 1\n' "$idline" "$form"
		printf 'created_at: 2025-07-01T08:00:00+07:00\ncreated_by: other\n'
		printf 'updated_at: 2025-07-01T08:00:00+07:00\nupdated_by: other\n'
		printf 'status: complete\nfields:\n'
		for l in "$@"; do printf '  %s\n' "$l"; done
	} >"$W/$form/$name.yaml"
}
