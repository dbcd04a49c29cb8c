# Sync with --data given as a relative path, including a merge (git runs
# in another folder than the officer's shell), and a province repository
# made by hand with `git init --bare` (its HEAD names another branch).
. "$(dirname "$0")/lib.sh"
command -v git >/dev/null 2>&1 || { echo "  SKIPPED $TEST_NAME: git is not installed"; exit 77; }
cd "$T" || exit 1
git init -q --bare prov.git
expect_exit 0 "$BIN" init --data xa --province 72 --commune 27601 --name "Xã Thử" --class II \
	--region south --remote "$T/prov.git"
expect_exit 0 "$BIN" new hamlets --data xa "name=Ấp Một" households=120
H=$(cat "$T/out")
expect_exit 0 "$BIN" sync --data xa
expect_exit 0 "$BIN" clone "$T/prov.git" --data maytinh
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" set hamlets "$H" --data maytinh households=130
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" sync --data maytinh
expect_exit 0 "$BIN" set hamlets "$H" --data xa population=480
# the two changes meet here: a merge, from a relative path
expect_exit 0 "$BIN" sync --data xa
contains "$T/out" "nhận về 1 bản ghi"
contains "xa/hamlets/$H.yaml" "households: 130"
contains "xa/hamlets/$H.yaml" "population: 480"
check "nothing left uncommitted" test -z "$(git -C xa status --porcelain)"
finish
