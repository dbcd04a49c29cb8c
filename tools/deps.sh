#!/bin/sh
# make deps: install the Debian packages sapxep needs to build, test and
# run, when that can be done (root, or sudo without a password); otherwise
# print the exact command and stop.
# tools/deps.sh deb (make deb-deps): the same for building the Debian
# package (make deb) instead.
set -eu

# build and run (gcc brings ThreadSanitizer's runtime for make tsan:
# gcc-12 depends on libgcc-12-dev, which depends on libtsan2)
PKGS="gcc make pkg-config libncurses-dev libyaml-dev libutf8proc-dev
libxlsxwriter-dev libxml2-dev libzip-dev gettext git"
BUILD_PKGS=$PKGS
# tests: cmocka, tmux for end-to-end tests, python3-yaml, openpyxl and
# python3-docx as independent readers, ssh for the sync test, clang for
# fuzzing
PKGS="$PKGS libcmocka-dev tmux python3 python3-yaml python3-openpyxl python3-docx
openssh-client openssh-server clang"
# libFuzzer (make fuzz) comes with clang's runtime libraries: the package
# that follows the default clang, where the distribution has one
if command -v apt-cache >/dev/null 2>&1 && apt-cache show libclang-rt-dev >/dev/null 2>&1; then
	PKGS="$PKGS libclang-rt-dev"
fi

# the manual pages' check (groff); locales for the e2e runs under
# vi_VN.UTF-8, a comma-decimal locale (generated below)
PKGS="$PKGS groff-base locales"
# make deb-deps: what building the Debian package needs, not the tests
if [ "${1:-}" = deb ]; then
	PKGS="$BUILD_PKGS debhelper dpkg-dev fakeroot lintian"
fi

if ! command -v dpkg >/dev/null 2>&1; then
	echo "deps: this is not a Debian-like system; install the equivalents of:" >&2
	echo "  $PKGS" | tr '\n' ' ' >&2
	echo >&2
	exit 0
fi

# vi_VN.UTF-8 (and C.UTF-8) for tests/e2e/t_locale_numbers.sh, generated
# when missing and when that can be done
gen_locales() {
	[ "${1:-}" = deb ] && return 0
	command -v localedef >/dev/null 2>&1 || return 0
	for l in vi_VN C; do
		if ! locale -a 2>/dev/null | grep -qi "^$l\.utf-\?8$"; then
			if [ "$(id -u)" = 0 ]; then
				localedef -i "$l" -f UTF-8 "$l.UTF-8" 2>/dev/null ||
					echo "deps: could not generate the locale $l.UTF-8" >&2
			else
				echo "deps: the locale $l.UTF-8 is missing; as root: localedef -i $l -f UTF-8 $l.UTF-8" >&2
			fi
		fi
	done
}

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	gen_locales "${1:-}"
	exit 0
fi

echo "deps: missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "deps: run this as root, then run make again:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null || true
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing
gen_locales "${1:-}"
