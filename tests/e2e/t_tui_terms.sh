# TUI in tmux under each terminal type it must work with: the dashboard,
# a list, the help (F1 and Esc 1), and a save with Ctrl-S; also
# monochrome with NO_COLOR.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/tui.sh"
tui_workspace
F="$W/hamlets/$H.yaml"
rev=1
for term in xterm xterm-256color linux screen tmux-256color vt100 nocolor; do
	SOCK="sx-$$-$term"
	if [ "$term" = nocolor ]; then
		TUI_TERM="xterm-256color NO_COLOR=1"	# env(1) takes both
	else
		TUI_TERM=$term
	fi
	tui_start 80 24 --data "$W"
	tui_ready || { echo "    (TERM=$term)"; continue; }
	keys 2
	wait_for "Ấp Bình An"
	keys F1
	wait_for "Các phím trên màn hình này:"
	keys Escape
	wait_for "bản ghi. Enter"
	keys Escape 1
	wait_for "Các phím trên màn hình này:"
	keys Escape
	wait_for "bản ghi. Enter"
	keys Enter
	wait_for "Tên thôn / tổ dân phố *"
	keys Tab C-u
	type_text "$term"
	keys C-s
	wait_for "Đã lưu" || echo "    (TERM=$term)"
	rev=$((rev + 1))
	contains "$F" "revision: $rev"
	contains "$F" "code: $term"
	keys Escape Escape
	tui_ready
	tmux -L "$SOCK" kill-server 2>/dev/null
done
finish
