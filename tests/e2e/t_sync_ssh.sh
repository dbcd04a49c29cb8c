# Sync over real SSH: an sshd on 127.0.0.1 on a free port, with a host
# key and a user key made for the test, plays the province server. The
# officer's SSH settings (here an ssh_config given by GIT_SSH_COMMAND)
# are honoured. Skipped, visibly, where sshd is not installed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

SSHD=$(command -v sshd || echo /usr/sbin/sshd)
skip() {
	echo "  SKIPPED $TEST_NAME: $*"
	failures=0
	exit 77
}
[ -x "$SSHD" ] || skip "sshd is not installed (apt-get install openssh-server)"
command -v ssh >/dev/null 2>&1 || skip "ssh is not installed (apt-get install openssh-client)"
command -v ssh-keygen >/dev/null 2>&1 || skip "ssh-keygen is not installed"
# sshd run by root insists on its privilege separation folder, which the
# package's service would create
if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
	mkdir -p -m 0755 /run/sshd 2>/dev/null || skip "cannot create /run/sshd"
fi

K="$T/keys"
mkdir -p "$K"
chmod 700 "$K"
ssh-keygen -q -t ed25519 -N '' -C host -f "$K/host" || fail "host key"
ssh-keygen -q -t ed25519 -N '' -C officer -f "$K/officer" || fail "user key"
cp "$K/officer.pub" "$K/authorized_keys"
chmod 600 "$K/authorized_keys"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ME=$(id -un)
cat >"$K/sshd_config" <<CFG
Port $PORT
ListenAddress 127.0.0.1
HostKey $K/host
PidFile $K/sshd.pid
AuthorizedKeysFile $K/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowUsers $ME
CFG
echo "[127.0.0.1]:$PORT $(cat "$K/host.pub")" >"$K/known_hosts"
cat >"$K/ssh_config" <<CFG
Host tinh
	HostName 127.0.0.1
	Port $PORT
	User $ME
	IdentityFile $K/officer
	IdentitiesOnly yes
	UserKnownHostsFile $K/known_hosts
	StrictHostKeyChecking yes
	BatchMode yes
CFG
"$SSHD" -D -f "$K/sshd_config" -E "$K/sshd.log" &
SSHD_PID=$!
trap 'kill $SSHD_PID 2>/dev/null; cleanup' EXIT
# wait until it answers (poll, never a fixed sleep)
i=0
until ssh -F "$K/ssh_config" tinh true 2>/dev/null; do
	i=$((i + 1))
	if [ $i -gt 200 ] || ! kill -0 $SSHD_PID 2>/dev/null; then
		sed 's/^/    | /' "$K/sshd.log"
		skip "sshd did not start"
	fi
	sleep 0.05
done
ok
export GIT_SSH_COMMAND="ssh -F $K/ssh_config"
export SAPXEP_OFFICER=nva

new_province
URL="tinh:$T/srv/27601.git"
A="$T/xa" B="$T/laptop"
new_commune "$A" "ssh://tinh$T/srv/27601.git"
expect_exit 0 "$BIN" new hamlets --data "$A" "name=Ấp Bình An" households=120
H=$(cat "$T/out")
expect_sync 0 "$A"
contains "$T/out" "2 change(s) sent"
contains "$K/sshd.log" "Accepted publickey"
expect_exit 0 "$BIN" clone "$URL" --data "$B"
check "the laptop has the record" cmp "$A/hamlets/$H.yaml" "$B/hamlets/$H.yaml"

# edits on both, synced over SSH
expect_exit 0 "$BIN" set hamlets "$H" --data "$A" households=130
expect_exit 0 env SAPXEP_OFFICER=ttl "$BIN" set hamlets "$H" --data "$B" population=540
expect_sync 0 "$A"
expect_sync 0 "$B" ttl
expect_sync 0 "$A"
contains "$A/hamlets/$H.yaml" "households: 130"
contains "$A/hamlets/$H.yaml" "population: 540"
same_records "$A" "$B"

# the server's refusal travels back over SSH, in the server's own language
# (sshd passes no SAPXEP_LANG: Vietnamese, the default)
sed -i "s/code: '27601'/code: '27602'/" "$B/sapxep.yaml"
expect_sync 1 "$B" ttl
contains "$T/out" "thư mục dữ liệu này là của xã 27602"
sed -i "s/code: '27602'/code: '27601'/" "$B/sapxep.yaml"
expect_sync 0 "$B" ttl

# a wrong key is an unreachable server, not a lost change
sed -i "s|IdentityFile $K/officer|IdentityFile $K/host|" "$K/ssh_config"
expect_exit 0 "$BIN" set hamlets "$H" --data "$A" households=140
expect_sync 3 "$A"
contains "$T/out" "1 change is waiting to be sent"
contains "$T/out" "Permission denied"
sed -i "s|IdentityFile $K/host|IdentityFile $K/officer|" "$K/ssh_config"
expect_sync 0 "$A"
check "the province has it" test "$(git -C "$T/srv/27601.git" rev-parse main)" = "$(git -C "$A" rev-parse HEAD)"
finish
