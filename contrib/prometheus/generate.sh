#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# generate.sh - makes snmp.yml (module smb_session) from generator.yml with
# the snmp_exporter generator that Debian ships in prometheus-snmp-exporter
# (/usr/bin/prometheus-snmp-generator, version 0.21).
#
#     contrib/prometheus/generate.sh [OUTPUT]     (default: snmp.yml here)
#
# The generator parses MIB modules with Net-SNMP's parser and needs
# SMB-SESSION-MIB and everything it imports: SNMPv2-SMI, SNMPv2-TC,
# SNMPv2-CONF, SNMP-FRAMEWORK-MIB and NET-SNMP-MIB.  They are looked up in
# $MIBDIRS (colon-separated directories; a file may be named MODULE,
# MODULE.txt or MODULE.mib).  Without MIBDIRS, in the netsessd source tree,
# tests/integration/mibdirs.sh supplies the directories (it fetches the IETF
# base modules, which Debian keeps out of main).
#
# Only those six modules are linked into a private directory, so that a
# broken module elsewhere on the machine can neither change the output nor
# hide an error: the generator runs with --fail-on-parse-errors.  The same
# inputs give the same snmp.yml, byte for byte; the test suite checks that
# the committed snmp.yml is the one this script makes.
set -eu
set -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/snmp.yml}
case $out in /*) ;; *) out=$PWD/$out ;; esac
modules="SNMPv2-SMI SNMPv2-TC SNMPv2-CONF SNMP-FRAMEWORK-MIB NET-SNMP-MIB SMB-SESSION-MIB"

die() {
	echo "generate.sh: $*" >&2
	exit 1
}

command -v prometheus-snmp-generator >/dev/null 2>&1 ||
	die "prometheus-snmp-generator is missing (apt-get install prometheus-snmp-exporter)"

if [ -z "${MIBDIRS:-}" ]; then
	[ -r "$here/../../tests/integration/mibdirs.sh" ] ||
		die "set MIBDIRS to the directories holding: $modules"
	MIBDIRS=$(top_srcdir=$here/../.. bash "$here/../../tests/integration/mibdirs.sh") ||
		die "tests/integration/mibdirs.sh failed"
	# The module of this tree, before any installed copy.
	MIBDIRS=$here/../../mibs:$MIBDIRS
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/smb-generate.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$work"' EXIT
mkdir "$work/mibs"

# find_module NAME: the first file of MIBDIRS that holds module NAME.
find_module() {
	local d f
	local IFS=:
	for d in $MIBDIRS; do
		for f in "$d/$1" "$d/$1.txt" "$d/$1.mib"; do
			if [ -r "$f" ] && grep -q "^[[:space:]]*$1[[:space:]]*DEFINITIONS" "$f"; then
				echo "$f"
				return 0
			fi
		done
	done
	return 1
}

for m in $modules; do
	f=$(find_module "$m") || die "module $m not found in MIBDIRS=$MIBDIRS"
	ln -s "$f" "$work/mibs/$m"
done

cp "$here/generator.yml" "$work/generator.yml"
(
	cd "$work"
	MIBDIRS=$work/mibs MIBS= prometheus-snmp-generator --fail-on-parse-errors \
		--log.level=warn generate --output-path="$work/snmp.yml"
) || die "prometheus-snmp-generator failed"
{
	echo "# SPDX-License-Identifier: GPL-3.0-or-later"
	echo "# Made by contrib/prometheus/generate.sh from generator.yml: edit those."
	cat "$work/snmp.yml"
} >"$work/out.yml"
mv -f "$work/out.yml" "$out"
echo "generate.sh: wrote $out"
