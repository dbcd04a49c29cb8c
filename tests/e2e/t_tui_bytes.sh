# Bytes that are not UTF-8, typed in the interface (PuTTY set to another
# character set, line noise on a slow link): each shows as U+FFFD and the
# keys typed after it are kept; the record saved is valid UTF-8.
# (ncurses's wget_wch swallowed up to a dozen keys after such a byte.)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
tui_start 80 24 --lang en --data "$W"
wait_for "Hamlets and neighbourhoods"
keys 2
wait_for "Ấp Bình An"
keys n
wait_for "new record"
# all at once, as a fast typist or a paste over SSH sends them: "A",
# 0xFF, "a", Latin-1 é, "b", é, ễ, an emoji, "c", an overlong "/", "d"
tmux -L "$SOCK" send-keys -t t -H 41 ff 61 e9 62 c3 a9 e1 bb 85 f0 9f 98 80 63 e0 80 af 64
type_text " tiếp"
wait_for "A�a�béễ😀c�d tiếp"
keys F2
wait_for "Saved as incomplete"
F=$(grep -l "A�a�b" "$W"/hamlets/*.yaml)
check "the record was saved" test -n "$F"
[ -n "$F" ] && check "it is UTF-8" /usr/bin/python3 -c "open('$F', encoding='utf-8').read()"
[ -n "$F" ] && contains "$F" 'name: "A�a�béễ\U0001F600c�d tiếp"'
finish
