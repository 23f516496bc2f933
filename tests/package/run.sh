#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian packages, end to end, as an administrator meets them:
#   - dpkg-buildpackage -us -uc -b builds libnetsess0, libnetsess-dev,
#     netsess and netsessd from the release tarball plus debian/, running
#     the unit tests (make check-unit) and no integration test;
#   - lintian reports no error and no warning that is not overridden;
#   - each package holds what it must (SONAME and name agree, symbols
#     file, no .la, conffiles, Recommends snmpd), and the packaged unit
#     rates at most 2.5 in systemd-analyze security;
#   - inside a throw-away copy of this machine booted with systemd
#     (tests/package/container.sh), tests/package/inside.sh installs them
#     with dpkg, runs the service against a private Samba and snmpd,
#     destroys a session and purges everything.
# This machine is left as it was: nothing is installed on it.
#
#     tests/package/run.sh [TARBALL]
#
# Without TARBALL, "make dist" makes one from the configured tree.  Needs
# root; a missing tool is a failure.  Run by .ci/run after the test suite.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
export top_srcdir top_builddir
# shellcheck source=../integration/lib/agent_test.sh
. "$top_srcdir/tests/integration/lib/agent_test.sh" || exit 1
# shellcheck source=container.sh
. "$here/container.sh" || exit 1

t0=$SECONDS
for p in dpkg-buildpackage dh lintian systemd-analyze systemd-nspawn objdump fakeroot; do
	command -v "$p" >/dev/null 2>&1 || fail "$p is installed (.ci/install-deps)"
done
[ "$(id -u)" = 0 ] || fail "runs as root"
[ "$failed" = 0 ] || finish

version=$(sed -n 's/^AC_INIT(\[netsessd\], \[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
[ -n "$version" ] || fatal "the version in configure.ac"
if [ $# -gt 0 ]; then
	tarball=$1
else
	make -C "$top_builddir" -s dist >/dev/null || fatal "make dist"
	tarball=$top_builddir/netsessd-$version.tar.gz
fi
[ -r "$tarball" ] || fatal "the release tarball $tarball"

work=$(mktemp -d "${TMPDIR:-/tmp}/netsess-pkg.XXXXXX") || fatal "mktemp"
# Some unit tests run a program of the build tree as another user when run
# by root: the tree must be reachable, as a checkout is.
chmod 755 "$work"
trap 'ct_stop; rm -rf "$work"' EXIT
src=$work/netsessd-$version
tar -xzf "$tarball" -C "$work" && cp -a "$top_srcdir/debian" "$src/" ||
	fatal "unpack $tarball and add debian/"

# --- build --------------------------------------------------------------

tb=$SECONDS
if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
	pass "dpkg-buildpackage -us -uc -b ($((SECONDS - tb)) s)"
else
	fail "dpkg-buildpackage -us -uc -b"
	tail -n 40 "$work/build.log"
	finish
fi
build_time=$((SECONDS - tb))
# The test summary automake printed for make check-unit.
total=$(sed -n 's/^# TOTAL: *//p' "$work/build.log")
unit_passed=$(sed -n 's/^# PASS: *//p' "$work/build.log")
check "the build ran the unit tests: $unit_passed of $total passed" \
	eval '[ -n "$total" ] && [ "$total" -gt 10 ] && [ "$total" = "$unit_passed" ]'
check_eq "the build ran no integration test" "" \
	"$(grep -E '^(PASS|FAIL|SKIP|ERROR): tests/integration/' "$work/build.log")"

# dpkg-gensymbols lists the library's symbols that debian/libnetsess0.symbols
# lacks ("+ name@Base ...") or has in excess ("- ..."): the file must be
# kept in step with netsess.h.
check_eq "debian/libnetsess0.symbols lists exactly the symbols libnetsess exports" "" \
	"$(grep -E '^[-+] netsess_' "$work/build.log")"

deb() { echo "$work/${1}_${version}-1_$(dpkg --print-architecture).deb"; }
changes=$work/netsessd_${version}-1_$(dpkg --print-architecture).changes
for p in libnetsess0 libnetsess-dev netsess netsessd; do
	check "package $p is built" [ -r "$(deb "$p")" ]
done

# --- lintian --------------------------------------------------------------

lintian --display-info --pedantic --show-overrides "$changes" >"$work/lintian.log" 2>&1
summary=$(grep -E '^[EWIPO]: ' "$work/lintian.log" | cut -c1 | sort | uniq -c |
	awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " }')
echo "lintian --display-info --pedantic --show-overrides: ${summary:-nothing}"
grep -E '^[EWIPO]: ' "$work/lintian.log" | sed 's/^/    /'
check_eq "lintian: no error, every warning fixed or overridden" "" \
	"$(grep -E '^[EW]: ' "$work/lintian.log")"

# --- contents -----------------------------------------------------------

contents() { dpkg-deb -c "$(deb "$1")" | awk '{ print $6 }' | sed 's|^\./|/|'; }
has() { contents "$1" | grepq -E "^$2\$"; }
lib=$(contents libnetsess0 | grep -E '/libnetsess\.so\.[0-9.]+$' | grep -v ' ' | sort | tail -n 1)
mkdir "$work/x" && dpkg-deb -x "$(deb libnetsess0)" "$work/x" && dpkg-deb -x "$(deb netsessd)" "$work/x"
soname=$(objdump -p "$work/x$lib" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
check_eq "the SONAME libnetsess.so.0 names the package libnetsess0" "libnetsess.so.0" "$soname"
_symbols() { dpkg-deb -I "$(deb libnetsess0)" symbols | grepq '^libnetsess.so.0 libnetsess0 '; }
check "libnetsess0 has a symbols file" _symbols
_dev() {
	has libnetsess-dev /usr/include/netsess.h &&
		has libnetsess-dev '/usr/lib/[^/]+/libnetsess\.so' &&
		has libnetsess-dev '/usr/lib/[^/]+/pkgconfig/netsess\.pc'
}
check "libnetsess-dev: header, .so link, netsess.pc" _dev
check_eq "no .la file in any package" "" \
	"$(for p in libnetsess0 libnetsess-dev netsess netsessd; do contents $p; done | grep '\.la$')"
check "netsess: the command" has netsess '/usr/bin/netsess'
check "netsess: netsess(1)" has netsess '/usr/share/man/man1/netsess\.1\.gz'
while read -r f; do
	check "netsessd holds $(printf '%s' "$f" | tr -d '\\')" has netsessd "$f"
done <<'EOF2'
/usr/sbin/netsessd
/usr/libexec/netsessd/netsessd-rpc
/usr/share/snmp/mibs/SMB-SESSION-MIB\.txt
/usr/share/netsessd/netsessd\.rng
/lib/systemd/system/netsessd\.service
/usr/share/man/man8/netsessd\.8\.gz
/usr/share/man/man5/netsessd\.conf\.5\.gz
/etc/netsessd/netsessd\.xml
/usr/share/doc/netsessd/security\.md(\.gz)?
EOF2
check_eq "netsessd's conffiles" "/etc/netsessd/netsessd.xml" \
	"$(dpkg-deb -I "$(deb netsessd)" conffiles)"
check_eq "netsessd Recommends snmpd" "snmpd" "$(dpkg-deb -f "$(deb netsessd)" Recommends)"
check "netsessd does not Depend on snmpd" sh -c \
	"! dpkg-deb -f '$(deb netsessd)' Depends | grepq -w snmpd"

unit=$work/x/lib/systemd/system/netsessd.service
score=$(cd "${unit%/*}" && systemd-analyze security --offline=true --no-pager netsessd.service 2>&1 |
	sed -n 's/.*Overall exposure level for netsessd.service: \([0-9.]*\).*/\1/p')
check "the packaged unit rates ${score:-?} (at most 2.5) in systemd-analyze security" \
	sh -c "cd '${unit%/*}' && systemd-analyze security --offline=true --threshold=25 netsessd.service >/dev/null 2>&1"

# --- installed, run, purged, in a container -----------------------------

tc=$SECONDS
cd "$top_srcdir" || fatal "cd $top_srcdir"
ct_start --bind-ro="$work" --bind-ro="$top_srcdir" ||
	fatal "a container boots with systemd"
trap 'ct_stop; rm -rf "$work"' EXIT # ct_start set its own
pass "a throw-away container boots with systemd ($((SECONDS - tc)) s)"
ct_run env top_srcdir="$top_srcdir" bash "$here/inside.sh" "$work" 2>&1 | tee "$work/inside.log"
while read -r word _; do
	case $word in
	PASS:) passed=$((passed + 1)) ;;
	FAIL:) failed=$((failed + 1)) ;;
	esac
done <"$work/inside.log"
# Its PASS/FAIL lines are counted above; a run that ended without its
# summary line crashed.
grep -Eq '^[0-9]+ passed, [0-9]+ failed$' "$work/inside.log" ||
	fail "tests/package/inside.sh ran to its end"
ct_stop
echo "times: build ${build_time} s, container $((SECONDS - tc)) s, total $((SECONDS - t0)) s"
finish
