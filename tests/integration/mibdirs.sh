#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Prints, on one line, the colon-separated MIB directories under which
# SMB-SESSION-MIB and every module it imports resolve: usable as SMIPATH for
# libsmi (smilint, smidump) and as -M / MIBDIRS for the net-snmp tools.
# Exits 1, with the reason on stderr, when that path cannot be built.
#
# Debian ships neither the SMIv2 base modules (SNMPv2-SMI, SNMPv2-TC,
# SNMPv2-CONF) nor SNMP-FRAMEWORK-MIB (RFC 3411); they come with the
# non-free snmp-mibs-downloader. So:
#   - the npm package net-snmp, which carries the base modules under
#     lib/mibs/, is installed once into $NETSESS_CACHE/npm-mibs;
#   - SNMP-FRAMEWORK-MIB is taken from an installed copy when the machine
#     has one, otherwise a stand-in is written that declares only
#     SnmpAdminString, with the syntax and display hint of RFC 3411.
# NET-SNMP-MIB comes from Debian's libsnmp-base (/usr/share/snmp/mibs), and
# SMB-SESSION-MIB from the project's mibs/ folder.

set -eu
set -o pipefail
# grepq ARGS...: grep -q that reads all of its input.  Under pipefail a
# "producer | grep -q" fails when grep stops reading at its first match and
# the producer dies of SIGPIPE: a found line would read as missing, and a
# negated check would pass.  grep -c reads to the end.
grepq() { grep -c "$@" >/dev/null; }

NPM_PACKAGE=net-snmp
NPM_VERSION=3.29.2

die() {
	echo "mibdirs: $*" >&2
	exit 1
}

here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-${srcdir:-$here/../..}}
top=$(cd "$top" && pwd)
[ -r "$top/mibs/SMB-SESSION-MIB.txt" ] ||
	die "no mibs/SMB-SESSION-MIB.txt under $top"

cache=${NETSESS_CACHE:-${HOME:?HOME is not set}/.cache/netsessd}
npm_dir=$cache/npm-mibs
base_dir=$npm_dir/node_modules/$NPM_PACKAGE/lib/mibs
framework_dir=$cache/framework-mib
netsnmp_dir=/usr/share/snmp/mibs

[ -r "$netsnmp_dir/NET-SNMP-MIB.txt" ] ||
	die "$netsnmp_dir/NET-SNMP-MIB.txt is missing (apt-get install libsnmp-base)"

mkdir -p "$cache" || die "cannot create $cache"

# Parallel test runs share the cache: one of them installs, the others wait.
exec 9>"$cache/.mibdirs.lock" || die "cannot open $cache/.mibdirs.lock"
flock 9 || die "cannot lock $cache/.mibdirs.lock"

installed_version() {
	sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' \
		"$npm_dir/node_modules/$NPM_PACKAGE/package.json" 2>/dev/null |
		head -n 1
}

if [ "$(installed_version || true)" != "$NPM_VERSION" ] ||
	[ ! -r "$base_dir/SNMPv2-SMI.mib" ]; then
	command -v npm >/dev/null 2>&1 || die "npm is missing (apt-get install npm)"
	rm -rf "$npm_dir"
	mkdir -p "$npm_dir"
	echo "mibdirs: installing $NPM_PACKAGE@$NPM_VERSION into $npm_dir" >&2
	npm install --prefix "$npm_dir" --ignore-scripts --no-audit --no-fund \
		--no-package-lock --no-update-notifier --loglevel=error \
		"$NPM_PACKAGE@$NPM_VERSION" >&2 ||
		die "npm install $NPM_PACKAGE@$NPM_VERSION failed"
	[ "$(installed_version || true)" = "$NPM_VERSION" ] ||
		die "npm installed a different version of $NPM_PACKAGE"
fi
for m in SNMPv2-SMI SNMPv2-TC SNMPv2-CONF; do
	[ -r "$base_dir/$m.mib" ] || die "$base_dir/$m.mib is missing"
done

# An installed SNMP-FRAMEWORK-MIB wins over the stand-in. Only that one file
# is linked, so that no second copy of the base modules enters the path.
find_framework() {
	local d f
	for d in /usr/share/snmp/mibs/ietf /var/lib/snmp/mibs/ietf \
		/usr/share/snmp/mibs /var/lib/mibs/ietf /usr/share/mibs/ietf; do
		for f in "$d/SNMP-FRAMEWORK-MIB" "$d/SNMP-FRAMEWORK-MIB.txt"; do
			if [ -r "$f" ]; then
				echo "$f"
				return 0
			fi
		done
	done
	return 1
}

# Another run may be reading the file: replace it by a rename, never in place.
mkdir -p "$framework_dir" || die "cannot create $framework_dir"
new=$framework_dir/.SNMP-FRAMEWORK-MIB.new
rm -f "$new"
if real=$(find_framework); then
	ln -s "$real" "$new"
else
	cat >"$new" <<'MIB'
SNMP-FRAMEWORK-MIB DEFINITIONS ::= BEGIN

-- Stand-in used by the netsessd tests when the machine has no copy of
-- this module (RFC 3411). It declares only SnmpAdminString, the one
-- definition SMB-SESSION-MIB imports, with the syntax and display hint
-- that RFC 3411 gives it.

IMPORTS
    MODULE-IDENTITY, snmpModules
        FROM SNMPv2-SMI
    TEXTUAL-CONVENTION
        FROM SNMPv2-TC;

snmpFrameworkMIB MODULE-IDENTITY
    LAST-UPDATED "200210140000Z"
    ORGANIZATION "IETF SNMPv3 Working Group"
    CONTACT-INFO "See RFC 3411."
    DESCRIPTION  "Stand-in declaring SnmpAdminString only."
    REVISION     "200210140000Z"
    DESCRIPTION  "The version published as RFC 3411."
    ::= { snmpModules 10 }

SnmpAdminString ::= TEXTUAL-CONVENTION
    DISPLAY-HINT "255t"
    STATUS       current
    DESCRIPTION  "Administrative text, UTF-8 encoded, at most 255 octets."
    SYNTAX       OCTET STRING (SIZE (0..255))

END
MIB
fi
mv -f "$new" "$framework_dir/SNMP-FRAMEWORK-MIB.txt" ||
	die "cannot write $framework_dir/SNMP-FRAMEWORK-MIB.txt"

echo "$base_dir:$framework_dir:$netsnmp_dir:$top/mibs"
