# Sync, the province's side: the pre-receive hook refuses pushes made by
# hand that the province could not read or that belong elsewhere, with a
# message naming the file; it accepts good pushes, rule breaches included;
# and `sapxep sync` shows the officer what the server said.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"
A="$T/xa" C="$T/byhand" R="$T/srv/27601.git"
export SAPXEP_OFFICER=nva
# the province's messages are matched in English; their Vietnamese is the default
export SAPXEP_LANG=en

new_province
new_commune "$A" "$R"
# a record that breaks the rules (no households): accepted all the same
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Thiếu Số Liệu"
contains "$A/hamlets/$(cat "$T/out").yaml" "status: incomplete"
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Bình An" households=120
H=$(cat "$T/out")
expect_sync 0 "$A"
contains "$T/out" "Synced with the province"
good=$(git -C "$R" rev-parse main)

git clone -q "$R" "$C" || fail "clone by hand"
gitc() { git -C "$C" -c user.name=Thử -c user.email=thu@x "$@"; }

# push_refused EXPECTED [REFSPEC]: commit what is in $C, push it: the
# push must fail with EXPECTED in git's output and the province unchanged.
push_refused() {
	gitc add -A
	gitc commit -q -m "by hand" --allow-empty
	gitc push origin "${2:-HEAD:main}" >"$T/push.out" 2>&1 && fail "push was accepted: $1"
	contains "$T/push.out" "$1"
	check "the province is unchanged" test "$(git -C "$R" rev-parse main)" = "$good"
	gitc fetch -q origin
	gitc reset -q --hard origin/main
	gitc clean -q -fdx
}

F="$C/hamlets/$H.yaml"
# not in canonical form
sed -i 's/households: 120/households:   120/' "$F"
push_refused "hamlets/$H.yaml: not in canonical form"
# does not parse: the message names the file, the line and the column
printf 'id: [unclosed\n' >"$F"
push_refused "hamlets/$H.yaml:2:1:"
# a value of the wrong type
sed -i 's/households: 120/households: nhiều/' "$F"
push_refused "households"
# an id that does not match its file name
cp "$F" "$C/hamlets/00000000-0000-4000-8000-000000000001.yaml"
push_refused "does not match the file name"
# a record in the folder of another form
mkdir -p "$C/staff"
cp "$F" "$C/staff/$H.yaml"
git -C "$C" rm -q "hamlets/$H.yaml"
push_refused "found in the folder of form staff"
# another commune's workspace
sed -i "s/code: '27601'/code: '27602'/" "$C/sapxep.yaml"
push_refused "holds commune 27601"
# files that are no records
echo "danh sách" >"$C/ghi-chu.txt"
push_refused "ghi-chu.txt: this file is not part of a sapxep workspace"
ln -s /etc/passwd "$C/hamlets/link.yaml"
push_refused "only plain files"
# the settings cannot go
git -C "$C" rm -q sapxep.yaml
push_refused "cannot be deleted"
# other branches, deletion, rewriting history
push_refused "only the branch main" "HEAD:refs/heads/khac"
gitc push origin :main >"$T/push.out" 2>&1 && fail "deleting main was accepted"
check "main is still there" test "$(git -C "$R" rev-parse main)" = "$good"
gitc reset -q --hard HEAD~1
gitc commit -q --allow-empty -m "rewritten"
gitc push -f origin HEAD:main >"$T/push.out" 2>&1 && fail "a forced push was accepted"
check "history is not rewritten" test "$(git -C "$R" rev-parse main)" = "$good"
gitc reset -q --hard origin/main

# a good push by hand: a record as sapxep writes it
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Tổ 5" households=80
G=$(cat "$T/out")
cp "$A/hamlets/$G.yaml" "$C/hamlets/"
gitc add -A
gitc commit -q -m "a good record"
gitc push -q origin HEAD:main 2>"$T/push.out" || fail "a good push was refused: $(cat "$T/push.out")"
good=$(git -C "$R" rev-parse main)

# sapxep sync: the same check runs before sending...
expect_sync 0 "$A"
good=$(git -C "$R" rev-parse main)
printf '# a comment\n' >>"$A/hamlets/$H.yaml"
expect_sync 1 "$A"
contains "$T/out" "hamlets/$H.yaml: not in canonical form"
contains "$T/out" "Nothing is lost"
check "nothing was sent" test "$(git -C "$R" rev-parse main)" = "$good"
expect_exit 0 "$BIN" set hamlets "$H" --data "$A" households=125
expect_sync 0 "$A"
check "the correction was sent" test "$(git -C "$R" rev-parse main)" = "$(git -C "$A" rev-parse HEAD)"
# ...and what only the server can check comes back in its words
sed -i "s/code: '27601'/code: '27602'/" "$A/sapxep.yaml"
expect_sync 1 "$A"
contains "$T/out" "The province does not accept these changes yet"
contains "$T/out" "The province server refused this push"
contains "$T/out" "this workspace is of commune 27602"
sed -i "s/code: '27602'/code: '27601'/" "$A/sapxep.yaml"
expect_sync 0 "$A"
expect_exit 0 "$BIN" sync --status --lang en --data "$A"
contains "$T/out" "Changes waiting to be sent: 0"

# a server repository made by hand, without the commune's identity
git init -q --bare "$T/plain.git"
cp "$R/hooks/pre-receive" "$T/plain.git/hooks/"
gitc push origin HEAD:main >/dev/null 2>&1
gitc push "$T/plain.git" HEAD:main >"$T/push.out" 2>&1 && fail "push to an unknown repository accepted"
contains "$T/push.out" "was not set up by 'sapxep server init'"

# server init checks its list before writing anything
printf 'code,name\n27603,Xã Ba\n27603,Xã Ba Lần Nữa\n' >"$T/bad.csv"
expect_exit 1 "$BIN" server init --root "$T/srv2" --province 72 --communes "$T/bad.csv"
contains "$T/err" "bad.csv:3: commune 27603 is listed twice"
check "nothing created" test ! -e "$T/srv2"
printf 'code,name\n../x,Xã\n' >"$T/bad.csv"
expect_exit 1 "$BIN" server init --root "$T/srv2" --province 72 --communes "$T/bad.csv"
contains "$T/err" "is not a commune code"
# running it again updates, and keeps what is there
expect_exit 0 "$BIN" server init --root "$T/srv" --province 72 --communes "$T/communes.csv"
contains "$T/out" "updated 27601.git"
check "history kept" git -C "$R" cat-file -e main:sapxep.yaml
finish
