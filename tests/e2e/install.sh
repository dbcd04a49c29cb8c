#!/bin/sh
# make check-install: an install into a scratch root, moved elsewhere,
# must run (in Vietnamese, with its own forms) with no variable set; make
# uninstall must then remove exactly what install put.
#
#   install.sh run ROOT MOVED BINDIR PKGDATADIR LOCALEDIR MANDIR BASHCOMPDIR
#       after `make install DESTDIR=ROOT`: check what is there, plant files
#       of other packages beside it, move ROOT to MOVED and run it there
#   install.sh uninstalled MOVED ...the same folders
#       after `make uninstall DESTDIR=MOVED`: only the planted files remain
#   install.sh names ROOT
#       ROOT.gnu, .each, .upper, .uninstall: what make -n install and
#       uninstall print for the GNU folder names and the upper-case ones
mode=$1 root=$2
shift 2
[ "$mode" = run ] && { moved=$1; shift; }
bindir=$1 pkgdatadir=$2 localedir=$3 mandir=$4 bashcompdir=$5
unset SAPXEP_SHARE SAPXEP_DATA
SAPXEP_BIN=/nonexistent/sapxep	# lib.sh wants one; set below
export SAPXEP_BIN
. "$(dirname "$0")/lib.sh"
unset SAPXEP_SYSCONFDIR

list="${SAPXEP_TEST_TMP:-/tmp}/install-files"
# files of other packages in the shared folders, and a province's own
# list in sapxep's config folder: uninstall leaves them all
planted="$bindir/other-tool $mandir/man1/other.1 $localedir/vi/LC_MESSAGES/other.mo
$bashcompdir/other $pkgdatadir/config/lists/README.province"

if [ "$mode" = names ]; then
	# (folders are made first, files are copied into them in loops)
	for f in /P/bin/sapxep /P/share/sapxep/screens /P/share/sapxep/config/rules \
	    /P/share/man/man1/sapxep.1 /P/share/locale/vi/LC_MESSAGES \
	    /P/share/bash-completion/completions/sapxep; do
		contains "$root.gnu" "\"$f\""
	done
	contains "$root.gnu" '#define SAPXEP_DATADIR "%s"'
	contains "$root.gnu" "'/P/share/sapxep' '/P/share/locale' '/etc/sapxep'"
	for f in /B/sapxep /D/sapxep/screens /M/man5/sapxep.5 /L/vi/LC_MESSAGES \
	    /R/bash-completion/completions/sapxep; do
		contains "$root.each" "\"$f\""
	done
	for f in /UB/sapxep /UD/screens /UM/man1/sapxep.1 /UL/vi/LC_MESSAGES \
	    /U/share/bash-completion/completions/sapxep; do
		contains "$root.upper" "\"$f\""
	done
	# DATADIR is sapxep's own folder: its files go, never the folder
	contains "$root.uninstall" '"/usr/share/$f"'
	lacks "$root.uninstall" "rm -rf"
	finish
fi

if [ "$mode" = run ]; then
	for f in "$bindir/sapxep" "$pkgdatadir/screens/staff.yaml" "$pkgdatadir/config/rules/nd33-2023.yaml" \
	    "$localedir/vi/LC_MESSAGES/sapxep.mo" "$mandir/man1/sapxep.1" "$mandir/man5/sapxep.5" \
	    "$bashcompdir/sapxep"; do
		check "installed: $f" test -f "$root$f"
	done
	(cd "$root" && find . -type f | sort) >"$list"
	for f in $planted; do
		mkdir -p "$(dirname "$root$f")" && echo planted >"$root$f"
	done

	rm -rf "$moved"
	mv "$root" "$moved"
	B=$moved$bindir/sapxep
	# nothing is left where it was installed: only the moved tree can serve
	check "the tree moved" test ! -e "$root"
	# the moved tree's own forms are the ones read
	sed -i 's/label: {vi: Số hộ gia đình,/label: {vi: Số hộ của bản đã chuyển,/' \
		"$moved$pkgdatadir/screens/hamlets.yaml"
	contains "$moved$pkgdatadir/screens/hamlets.yaml" "Số hộ của bản đã chuyển"

	cd "$T" || exit 1
	expect_exit 0 "$B" --version
	contains "$T/out" "sapxep "
	expect_exit 0 "$B" demo --data "$T/ws"
	contains "$T/err" "xã minh họa"
	# a form's text from the moved data, the program's from its catalogue
	expect_exit 0 "$B" list hamlets --data "$T/ws"
	contains "$T/out" "tình trạng"
	contains "$T/out" "Số hộ của bản đã chuyển"
	expect_exit 1 "$B" validate --data "$T/ws"
	contains "$T/out" "cảnh báo: "
	contains "$T/err" "thư mục dữ liệu"
	# run inside the workspace, with no --data: found as git finds .git
	(cd "$T/ws/hamlets" && "$B" list hamlets >"$T/out2" 2>"$T/err2")
	check "list inside the workspace" test $? -eq 0
	contains "$T/out2" "tình trạng"

	# the binary alone, far from any data: --version and --help still work
	mkdir -p "$T/lonely"
	cp "$B" "$T/lonely/sapxep"
	expect_exit 0 "$T/lonely/sapxep" --version
	expect_exit 0 "$T/lonely/sapxep" --help
	expect_exit 0 "$T/lonely/sapxep" list --help
	if [ ! -d "$pkgdatadir/screens" ]; then
		expect_exit 3 "$T/lonely/sapxep" list hamlets --data "$T/ws"
		contains "$T/err" "SAPXEP_SHARE"
	fi
	finish
fi

# uninstalled
for f in $(cat "$list"); do
	f=${f#.}
	check "removed: $f" test ! -e "$root$f"
done
for f in $planted; do
	check "kept: $f" test -f "$root$f"
done
# shared folders stay; sapxep's own folders go once empty
for d in "$bindir" "$mandir/man1" "$mandir/man5" "$localedir/vi/LC_MESSAGES" "$bashcompdir" \
    "$pkgdatadir/config/lists"; do
	check "folder kept: $d" test -d "$root$d"
done
for d in "$pkgdatadir/screens" "$pkgdatadir/config/rules"; do
	check "empty folder removed: $d" test ! -e "$root$d"
done
finish
