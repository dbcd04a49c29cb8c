# sync_lib.sh — a province and its communes for the sync tests (sourced
# after lib.sh). Messages are checked in English (--lang en), so that the
# tests stay true once the Vietnamese translation lands.

# A province server in $T/srv with two communes.
new_province() {
	printf 'code,name\n27601,Xã Mỹ An\n27602,"Phường Hai, mới"\n' >"$T/communes.csv"
	expect_exit 0 "$BIN" server init --root "$T/srv" --province 72 --communes "$T/communes.csv"
}

# new_commune DIR URL: the commune's own workspace, tied to URL.
new_commune() {
	expect_exit 0 "$BIN" init --data "$1" --province 72 --province-name "Tây Ninh" \
		--commune 27601 --name "Xã Mỹ An" --class II --region south \
		--officer nva --officer-name "Nguyễn Văn An" --remote "$2"
}

# sync DIR [OFFICER]: one sync, output in $T/out, $T/err, exit code in $rc.
sync_ws() {
	SAPXEP_OFFICER=${2:-nva} "$BIN" sync --lang en --data "$1" >"$T/out" 2>"$T/err"
	rc=$?
}

# expect_sync CODE DIR [OFFICER]
expect_sync() {
	sync_ws "$2" "${3:-nva}"
	if [ "$rc" -eq "$1" ]; then ok; else
		fail "sync of $2 exited $rc, expected $1"
		sed 's/^/    | /' "$T/out" "$T/err" | head -12
	fi
}

# same_records A B: both workspaces hold the same files, byte for byte
# (git's and sapxep's local state aside).
same_records() {
	if diff -r -x .git -x .sapxep "$1" "$2" >"$T/diff" 2>&1; then ok; else
		fail "$1 and $2 differ"; sed 's/^/    | /' "$T/diff" | head -20
	fi
}

# The number of commits on the province's copy.
server_commits() {
	git -C "$T/srv/27601.git" rev-list --count main 2>/dev/null || echo 0
}
