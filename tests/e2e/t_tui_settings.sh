# TUI in tmux: sapxep.yaml changed under the interface (a sync brought the
# province's new class for the commune, or someone edited it) is read
# again without a restart: the name, the class and the quota that follows
# from it, the language; a broken file keeps the settings there were.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
# the decree of 2023 (class II: 12 people at commune level, class III: 10)
printf 'rules:\n  staff: nd33-2023\n' >>"$W/sapxep.yaml"
tui_start 80 24 --data "$W"
tui_ready
wait_for "Xã Thử, Tây Ninh"
wait_for "Loại II · cán bộ: e2e"

# the province reclassifies the commune (class III: a quota of 10, not 12)
sed -i -e 's/^  class: II$/  class: III/' -e 's/^  name: Xã Thử$/  name: Xã Thử Mới/' "$W/sapxep.yaml"
check "the file changed" grep -q "class: III" "$W/sapxep.yaml"
wait_for "Xã Thử Mới, Tây Ninh"
wait_for "Loại III · cán bộ: e2e"
keys q
wait_match "Cấp xã +2 +2 +10 "
keys Escape
tui_ready

# a broken file: said, and the settings stay
cp "$W/sapxep.yaml" "$T/good.yaml"
printf 'province: [unclosed\n' >"$W/sapxep.yaml"
wait_for "sapxep.yaml đã thay đổi nhưng không đọc được"
wait_for "Xã Thử Mới, Tây Ninh"
cp "$T/good.yaml" "$W/sapxep.yaml"

# the language, unless --lang was given
printf 'language: en\n' >>"$W/sapxep.yaml"
wait_for "5  Sync"
wait_for "Class III · officer: e2e"
finish
