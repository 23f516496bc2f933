#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/walk.sh - how fast a manager reads smbSessionTable from netsessd
# through a private snmpd (AgentX master), with N live sessions on a
# private Samba, each from its own client address (so N rows).
#
# Usage: bench/walk.sh [SESSIONS [RUNS]]     (as root; defaults 500 and 5)
# Needs a build tree (top_builddir, default: the source tree).
#
# Measured: snmpbulkwalk -Cr50 of the whole table (10 columns x N rows),
# snmpwalk of one column, and one snmpget of a row.  Each figure is the
# mean of RUNS runs, with min and max.
set -uo pipefail

sessions=${1:-500}
runs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
export top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
export top_builddir=${top_builddir:-$top_srcdir}

# shellcheck source=../tests/integration/lib/samba.sh
. "$top_srcdir/tests/integration/lib/samba.sh"
# shellcheck source=../tests/integration/lib/snmp.sh
. "$top_srcdir/tests/integration/lib/snmp.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

samba_start || exit 1
echo "holding $sessions sessions ..." >&2
samba_hold_sessions "$sessions" nstest1 || exit 1
snmp_start || exit 1
nsd_server_xml 1 fs1 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" \
	>"$SNMP_DIR/servers.xml"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
nsd_start "$SNMP_DIR/netsessd.xml" || exit 1

rows=$(snmp_session_rows 1 | wc -l)
echo "smbSessionTable has $rows rows" >&2
[ "$rows" -ge "$sessions" ] || { echo "walk.sh: too few rows" >&2; exit 1; }

first=$(snmp_rw snmpwalk -On "$NS_SESSION_ENTRY.3" | head -1 | cut -d' ' -f1)
echo "== $rows rows, $runs runs each, $(nproc) cores =="
bench_measure "snmpbulkwalk -Cr50 whole table" "$runs" snmp_rw snmpbulkwalk -On -Cr50 "$NS_SESSION_ENTRY"
bench_measure "snmpwalk smbSessionCount" "$runs" snmp_rw snmpwalk -On "$NS_SESSION_ENTRY.3"
bench_measure "snmpget one row" "$runs" snmp_rw snmpget -On "$first"
