#!/bin/sh
# make check-deb: the package make deb built holds the program, its data,
# the translation, both manual pages and the completion, and runs, in
# Vietnamese, with no variable set, from a scratch root it is unpacked
# into; apt, simulating, shows that its dependencies resolve here.
# A scratch root rather than this machine: CI's container is thrown away,
# but the same check runs on developers' shared machines, where installing
# a package would change what everyone runs. dpkg-deb -x needs no root,
# changes nothing, and also shows the program finding its data from its
# own place, as an unpacked or moved tree must.
#
#   deb.sh DIR      DIR holds sapxep_*.deb
dir=$(cd "$1" && pwd) || exit 1
unset SAPXEP_SHARE SAPXEP_DATA
SAPXEP_BIN=/nonexistent/sapxep	# lib.sh wants one
export SAPXEP_BIN
. "$(dirname "$0")/lib.sh"
unset SAPXEP_SYSCONFDIR

deb=$(ls "$dir"/sapxep_*.deb 2>/dev/null | head -1)
check "make deb built a package in $dir" test -f "$deb"
[ -f "$deb" ] || finish
dpkg-deb -c "$deb" | awk '{ print $NF }' >"$T/contents"
for f in ./usr/bin/sapxep ./usr/share/sapxep/screens/staff.yaml \
    ./usr/share/sapxep/config/rules/nd33-2023.yaml ./usr/share/sapxep/config/lists/titles.yaml \
    ./usr/share/locale/vi/LC_MESSAGES/sapxep.mo ./usr/share/man/man1/sapxep.1.gz \
    ./usr/share/man/man5/sapxep.5.gz ./usr/share/bash-completion/completions/sapxep \
    ./usr/share/doc/sapxep/copyright; do
	contains "$T/contents" "$f"
done
# git is run by sync, never linked: named by hand
dpkg-deb -f "$deb" Depends >"$T/depends"
contains "$T/depends" "git"
contains "$T/depends" "libncursesw6"

dpkg-deb -x "$deb" "$T/root"
B=$T/root/usr/bin/sapxep
cd "$T" || exit 1
expect_exit 0 "$B" --version
contains "$T/out" "sapxep $(dpkg-deb -f "$deb" Version)"
expect_exit 0 "$B" demo --data "$T/ws"
contains "$T/err" "xã minh họa"
expect_exit 1 "$B" validate --data "$T/ws"
contains "$T/out" "cảnh báo: "
contains "$T/err" "thư mục dữ liệu"
expect_exit 0 "$B" list hamlets --data "$T/ws"
contains "$T/out" "tình trạng"
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -E UTF-8 -l "$T/root/usr/share/man/man1/sapxep.1.gz" >"$T/man" 2>"$T/manerr"
	check "the packaged sapxep(1) renders without warnings" test ! -s "$T/manerr"
	contains "$T/man" "SAPXEP_LANG"
fi
if command -v apt-get >/dev/null 2>&1; then
	apt-get install -s "$deb" >"$T/apt" 2>&1
	check "apt can install the package here" test $? -eq 0
	contains "$T/apt" "Inst sapxep"
fi
finish
