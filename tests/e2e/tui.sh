# tui.sh — set-up shared by the tmux tests of the TUI (t_tui_*.sh);
# sourced after lib.sh.

W="$T/xa"

# A small commune: one hamlet, two workers. Ids in $H (the hamlet).
tui_workspace() {
	"$BIN" init --data "$W" --province 72 --province-name "Tây Ninh" --commune 27601 \
		--name "Xã Thử" --class II --region south --officer nva >/dev/null 2>&1
	H=$("$BIN" new hamlets --data "$W" "name=Ấp Bình An" households=120 2>/dev/null)
	"$BIN" new staff --data "$W" "full_name=Nguyễn Văn Đức" unit=commune \
		positions=thu_y arrangement=keep >/dev/null 2>&1
	"$BIN" new staff --data "$W" "full_name=Trần Thị Lan" unit=commune \
		positions=thu_y arrangement=keep >/dev/null 2>&1
}

# wait_gone TEXT [SECONDS]: poll until TEXT is no longer on the screen.
wait_gone() {
	limit=$(( ${2:-10} * 20 ))
	i=0
	while [ $i -lt $limit ]; do
		if ! screen | grep -qF -- "$1"; then ok; return 0; fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "screen still shows '$1'"
	screen | sed 's/^/    | /'
	return 1
}

# wait_grep FILE PATTERN [SECONDS]: poll until a file matches (saves are
# on disk before the screen says so, but be patient all the same).
wait_grep() {
	limit=$(( ${3:-10} * 20 ))
	i=0
	while [ $i -lt $limit ]; do
		if grep -qE -- "$2" $1 2>/dev/null; then ok; return 0; fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "$1 never matched '$2'"
	return 1
}

# The dashboard is up.
tui_ready() {
	wait_for "5  Đồng bộ"
}

# wait_match REGEX [SECONDS]: poll the screen until a line matches (grep -E).
wait_match() {
	limit=$(( ${2:-10} * 20 ))
	i=0
	while [ $i -lt $limit ]; do
		if screen | grep -qE -- "$1"; then ok; return 0; fi
		i=$((i + 1))
		sleep 0.05
	done
	fail "screen never matched '$1'"
	screen | sed 's/^/    | /'
	return 1
}
