#!/bin/sh
# Run every end-to-end test (tests/e2e/t_*.sh). Tests that need tmux are
# skipped, visibly, when it is missing; a test that finds something else
# missing (sshd) says so and exits 77, counted as skipped.
dir=$(dirname "$0")
pass=0 fail=0 skip=0
for t in "$dir"/t_*.sh; do
	case "$t" in
	*/t_tui_*)
		if ! command -v tmux >/dev/null 2>&1; then
			echo "  SKIPPED $(basename "$t" .sh): tmux is not installed"
			skip=$((skip + 1))
			continue
		fi ;;
	esac
	sh "$t"
	case $? in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
done
echo "e2e: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
