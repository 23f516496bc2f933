#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SMB-SESSION-MIB passes smilint at level 6 with no error and no warning, and
# net-snmp's own MIB parser loads it cleanly and resolves its names to the
# OIDs and instance identifiers the agent serves.
#
# A missing tool fails the test (exit 1); nothing is skipped.

# The harness may start this with /bin/sh.
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi

set -u
set -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-${srcdir:-$here/../..}}
top=$(cd "$top" && pwd)
mib=$top/mibs/SMB-SESSION-MIB.txt
root=.1.3.6.1.4.1.8072.9999.9999.445

. "$here/../checks.sh"

for tool in smilint snmptranslate npm flock; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		fail "$tool is not installed"
	fi
done
[ "$failed" -eq 0 ] || finish
[ -r "$mib" ] || {
	fail "cannot read $mib"
	finish
}

work=$(mktemp -d "${TMPDIR:-/tmp}/mib_lint.XXXXXX") || {
	fail "mktemp"
	finish
}
trap 'rm -rf "$work"' EXIT

if ! dirs=$(top_srcdir=$top bash "$here/mibdirs.sh"); then
	fail "no MIB search path (see the message above)"
	finish
fi
echo "MIB path: $dirs"

# Say which SNMP-FRAMEWORK-MIB the checks below resolve against: an
# installed copy of RFC 3411's module, or the stand-in mibdirs.sh writes
# when the machine has none (it declares SnmpAdminString only).
framework=
IFS=: read -ra mibdir_list <<<"$dirs"
for d in "${mibdir_list[@]}"; do
	for f in "$d/SNMP-FRAMEWORK-MIB.txt" "$d/SNMP-FRAMEWORK-MIB" "$d/SNMP-FRAMEWORK-MIB.mib"; do
		if [ -z "$framework" ] && [ -r "$f" ]; then
			framework=$f
		fi
	done
done
if [ -z "$framework" ]; then
	fail "no SNMP-FRAMEWORK-MIB in the MIB path"
	finish
elif grep -q 'Stand-in used by the netsessd tests' "$framework"; then
	echo "NOTE: SNMP-FRAMEWORK-MIB is the tests' stand-in ($framework), not RFC 3411's"
	echo "NOTE: module: it declares SnmpAdminString only (RFC 3411's syntax and display"
	echo "NOTE: hint); the checks below resolve SMB-SESSION-MIB's import against it. Install"
	echo "NOTE: the real module (Debian: snmp-mibs-downloader, non-free) to lint against it."
else
	echo "SNMP-FRAMEWORK-MIB: $(readlink -f "$framework") (an installed copy)"
fi

# --- smilint ----------------------------------------------------------------
# -c /dev/null: no global or user configuration can hide a message.
# smilint exits 0 even when it reports errors, so any output fails the test.
lint() {
	(cd "$work" && SMIPATH=$1 smilint -c /dev/null -l 6 -s -m "$2" 2>&1)
}

if out=$(lint "$dirs" "$mib") && [ -z "$out" ]; then
	pass "smilint -l 6 reports nothing for SMB-SESSION-MIB"
else
	fail "smilint -l 6 on SMB-SESSION-MIB"
	show "$out"
fi

# The same run must notice a broken copy, or the pass above proves nothing:
# a user name of up to 148 octets overflows the 128 sub-identifier limit.
mkdir -p "$work/broken"
sed 's/(SIZE (0\.\.48))/(SIZE (0..148))/' "$mib" >"$work/broken/SMB-SESSION-MIB.txt"
out=$(lint "$work/broken:$dirs" "$work/broken/SMB-SESSION-MIB.txt")
if printf '%s\n' "$out" | grepq 'exceed OID size limit'; then
	pass "smilint flags an index that can exceed 128 sub-identifiers"
else
	fail "smilint did not flag an over-long index in a broken copy"
	show "$out"
fi

# --- net-snmp's parser -------------------------------------------------------
# A private, empty configuration path: no snmp.conf can add MIBs or options.
# The private persistent folder gets the certificate index folder net-snmp
# wants there, so that no tool announces creating it on stderr.
mkdir -p "$work/conf" "$work/persist/cert_indexes"
unset MIBS MIBDIRS MIBFILES
translate() {
	SNMPCONFPATH=$work/conf SNMP_PERSISTENT_DIR=$work/persist \
		snmptranslate -M "$dirs" -m SMB-SESSION-MIB "$@"
}

# Checks that NAME translates, with nothing on stderr, to EXPECTED.
expect_oid() {
	local name=$1 expected=$2 got err
	got=$(translate -On "SMB-SESSION-MIB::$name" 2>"$work/err")
	err=$(cat "$work/err")
	if [ "$got" = "$expected" ] && [ -z "$err" ]; then
		pass "$name = $expected"
	else
		fail "$name: expected $expected, got '$got'"
		show "$err"
	fi
}

expect_oid smbSessionMIB "$root"
expect_oid smbServerIndex "$root.1.1.1.1"
expect_oid smbServerStatus "$root.1.1.1.4"
expect_oid smbServerLastError "$root.1.1.1.6"
expect_oid smbServerDisconnectUser "$root.1.1.1.12"
expect_oid smbServerDisconnectClient "$root.1.1.1.13"
expect_oid smbServerLastPollAge "$root.1.1.1.14"
expect_oid smbSessionCount "$root.1.2.1.3"
expect_oid smbSessionRowStatus "$root.1.2.1.10"
expect_oid smbNotifyClient "$root.1.3.1"
expect_oid smbNotifyResult "$root.1.3.3"
expect_oid smbNotifyManagerAddress "$root.1.3.4"
expect_oid smbNotifySecurityModel "$root.1.3.5"
expect_oid smbNotifySecurityName "$root.1.3.6"
expect_oid smbSessionDeleted "$root.0.1"
expect_oid smbServerStatusChanged "$root.0.2"

# The instance form operators type: server index, then each name as its
# length followed by its octets ("10.0.0.5" is 8 octets, "bob" 3).
expect_oid 'smbSessionRowStatus.1."10.0.0.5"."bob"' \
	"$root.1.2.1.10.1.8.49.48.46.48.46.48.46.53.3.98.111.98"
expect_oid 'smbSessionRowStatus.1."10.0.0.5".""' \
	"$root.1.2.1.10.1.8.49.48.46.48.46.48.46.53.0"

# The SIZE bounds: the longest names give exactly 128 sub-identifiers, and
# one more octet is refused by the tools themselves.
client63=$(printf 'c%.0s' $(seq 63))
client64=${client63}c
user48=$(printf 'u%.0s' $(seq 48))
got=$(translate -On "SMB-SESSION-MIB::smbSessionRowStatus.65535.\"$client63\".\"$user48\"" 2>"$work/err")
n=$(printf '%s\n' "$got" | tr -s '.' '\n' | grep -c .)
if [ "$n" -eq 128 ] && [ ! -s "$work/err" ]; then
	pass "longest index (63-octet client, 48-octet user) is 128 sub-identifiers"
else
	fail "longest index gave $n sub-identifiers: '$got'"
	show "$(cat "$work/err")"
fi
if translate -On "SMB-SESSION-MIB::smbSessionRowStatus.1.\"$client64\".\"bob\"" \
	>/dev/null 2>"$work/err"; then
	fail "a 64-octet client name was accepted as an index"
elif grep -q 'out of range' "$work/err"; then
	pass "a 64-octet client name is refused as an index"
else
	fail "a 64-octet client name failed for another reason"
	show "$(cat "$work/err")"
fi

# The whole tree prints with no parser message.
tree=$(translate -Tp SMB-SESSION-MIB::smbSessionMIB 2>"$work/err")
err=$(cat "$work/err")
missing=
for want in 'smbServerDisconnectClient(13)' 'smbSessionRowStatus(10)' \
	'Index: smbServerIndex, smbSessionClient, smbSessionUser' \
	'Values: guest(0), noEncryption(1)' 'smbNotifyResult(3)' \
	'smbServerStatusChanged(2)' 'smbServerLastPollAge(14)'; do
	printf '%s\n' "$tree" | grepq -F -- "$want" || missing="$missing [$want]"
done
if [ -z "$err" ] && [ -z "$missing" ]; then
	pass "snmptranslate -Tp prints the tree without errors"
else
	fail "snmptranslate -Tp: missing$missing"
	show "$err"
fi

# The root stays on one line, so the enterprise number can replace it there.
n=$(grep -c '::= { netSnmpPlaypen 445 }' "$mib")
if [ "$n" -eq 1 ]; then
	pass "the module root is defined on one line"
else
	fail "expected one line '::= { netSnmpPlaypen 445 }', found $n"
fi

finish
