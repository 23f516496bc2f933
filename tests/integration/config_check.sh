#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd -n -c FILE checks a configuration as a new user runs it: from
# the build tree, and from a copy of the program elsewhere (as installed),
# with an empty environment and no schema or other file of netsessd's.
#
# - tests/configs/good-full.xml (every element and attribute), next to the
#   private secret files it names: "configuration OK" on stdout, exit 0;
# - a file with no server: "configuration OK", exit 0, and a warning that
#   names FILE:LINE on stderr;
# - a missing file: exactly "PATH: No such file or directory" and a
#   newline on stderr, nothing on stdout, exit 1;
# - a folder, and a file with a bad value: "PATH: ..." and "PATH:LINE: ..."
#   lines, each ending in a newline, exit 1.
#
# A missing program fails the test (exit 1); nothing is skipped.

if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "${top_srcdir:-$here/../..}" && pwd)
build=$(cd "${top_builddir:-$top}" && pwd)
netsessd=$build/agent/netsessd
. "$here/../checks.sh"

[ -x "$netsessd" ] || {
	fail "netsessd is not built: $netsessd"
	finish
}
work=$(mktemp -d "${TMPDIR:-/tmp}/config_check.XXXXXX") || {
	fail "mktemp"
	finish
}
trap 'rm -rf "$work"' EXIT

# The program as installed: a copy in a prefix of its own, far from the
# build tree and its sources.
mkdir -p "$work/prefix/sbin" "$work/etc"
cp "$netsessd" "$work/prefix/sbin/netsessd" || fail "copy netsessd"

# good-full.xml with the secret files it names, private (git keeps no
# modes, so they are written here).
cp "$top/tests/configs/good-full.xml" "$work/etc/" || fail "copy good-full.xml"
(
	umask 077
	printf 'pw1\n' >"$work/etc/fs1.secret"
	printf 'username = u2\npassword = pw2\n' >"$work/etc/fs2.auth"
	printf '\005\002' >"$work/etc/netsessd.keytab"
	printf 'rouser alice\n' >"$work/etc/snmp-access.conf"
)
printf '<netsessd>\n  <agentx/>\n</netsessd>\n' >"$work/etc/empty.xml"
printf '<netsessd>\n  <server name="a" host="h" port="0">\n' >"$work/etc/bad.xml"
printf '    <credentials kerberos="yes"/>\n  </server>\n</netsessd>\n' >>"$work/etc/bad.xml"

# run PROGRAM ARGS...: runs from /, with an empty environment; sets out,
# err (the exact bytes, with a final newline kept as "|") and rc.
run() {
	(cd / && env -i "$@" >"$work/out" 2>"$work/err")
	rc=$?
	out=$(cat "$work/out"; echo "|")
	err=$(cat "$work/err"; echo "|")
}

for prog in "$netsessd" "$work/prefix/sbin/netsessd"; do
	case $prog in
	"$netsessd") where="build tree" ;;
	*) where="installed copy" ;;
	esac

	run "$prog" -n -c "$work/etc/good-full.xml"
	if [ "$rc" = 0 ] && [ "$out" = "configuration OK
|" ]; then
		pass "$where: netsessd -n on good-full.xml says \"configuration OK\", exit 0"
	else
		fail "$where: netsessd -n on good-full.xml: exit $rc, stdout ${out%|}, stderr ${err%|}"
	fi

	run "$prog" -n -c "$work/etc/empty.xml"
	if [ "$rc" = 0 ] && [ "$out" = "configuration OK
|" ] && [ "$err" = "$work/etc/empty.xml:1: warning: no <server>: the tables stay empty until a reload adds one
|" ]; then
		pass "$where: a file with no server is OK, with a warning at FILE:LINE"
	else
		fail "$where: a file with no server: exit $rc, stdout ${out%|}, stderr ${err%|}"
	fi

	run "$prog" -n -c "$work/etc/none.xml"
	if [ "$rc" = 1 ] && [ "$out" = "|" ] &&
		[ "$err" = "$work/etc/none.xml: No such file or directory
|" ]; then
		pass "$where: a missing file: \"PATH: No such file or directory\" and a newline, exit 1"
	else
		fail "$where: a missing file: exit $rc, stdout ${out%|}, stderr ${err%|}"
	fi

	run "$prog" -n -c "$work/etc"
	if [ "$rc" = 1 ] && [ "$err" = "$work/etc: not a regular file
|" ]; then
		pass "$where: a folder: \"PATH: not a regular file\", exit 1"
	else
		fail "$where: a folder: exit $rc, stderr ${err%|}"
	fi

	run "$prog" -n -c "$work/etc/bad.xml"
	if [ "$rc" = 1 ] && [ "$out" = "|" ] &&
		[ "$err" = "$work/etc/bad.xml:2: <server>: port \"0\" is out of range 1..65535
|" ]; then
		pass "$where: a bad value: \"FILE:LINE: <server>: ...\", exit 1"
	else
		fail "$where: a bad value: exit $rc, stdout ${out%|}, stderr ${err%|}"
	fi
done

# Nothing in the program names a schema file to read.
if grep -q 'netsessd\.rng' "$netsessd"; then
	fail "netsessd names netsessd.rng"
else
	pass "netsessd names no schema file"
fi
finish
