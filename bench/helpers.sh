#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/helpers.sh - what N managed servers cost: netsessd's threads and
# the memory (PSS, /proc/PID/smaps_rollup) of netsessd and of its helper
# processes, with N servers of one private Samba configured and polled.
#
# Usage: bench/helpers.sh [SERVERS]     (as root; default 50)
# Needs a build tree (top_builddir, default: the source tree); NETSESSD
# names another netsessd to measure (lib/snmp.sh).
set -uo pipefail

servers=${1:-50}
here=$(cd "$(dirname "$0")" && pwd)
export top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
export top_builddir=${top_builddir:-$top_srcdir}
# Every server is polled once at start; the next polls are far away.
export NSD_POLL_INTERVAL=600 SNMP_TIMEOUT=${SNMP_TIMEOUT:-120}

# shellcheck source=../tests/integration/lib/samba.sh
. "$top_srcdir/tests/integration/lib/samba.sh"
# shellcheck source=../tests/integration/lib/snmp.sh
. "$top_srcdir/tests/integration/lib/snmp.sh"

samba_start || exit 1
samba_hold_session 127.0.0.2 nstest1 || exit 1
snmp_start || exit 1
: >"$SNMP_DIR/servers.xml"
for i in $(seq 1 "$servers"); do
	nsd_server_xml "$i" "fs$i" 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" \
		>>"$SNMP_DIR/servers.xml" || exit 1
done
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
# shellcheck disable=SC2046
nsd_start "$SNMP_DIR/netsessd.xml" || exit 1

pss() {
	awk '$1 == "Pss:" { print $2 }' "/proc/$1/smaps_rollup"
}
helpers=$(grep -lx "PPid:[[:space:]]*$NSD_PID" /proc/[0-9]*/status |
	sed -e 's|^/proc/||' -e 's|/status$||')
sum=0 n=0
for p in $helpers; do
	sum=$((sum + $(pss "$p")))
	n=$((n + 1))
done
own=$(pss "$NSD_PID")
echo "== $servers servers, every one polled, $(nproc) cores =="
printf '%-28s %s\n' "netsessd threads" "$(ls "/proc/$NSD_PID/task" | wc -l)"
printf '%-28s %6d kB\n' "netsessd PSS" "$own"
printf '%-28s %6d kB in %d processes (%d kB each)\n' "helpers PSS" "$sum" "$n" \
	$((n ? sum / n : 0))
printf '%-28s %6d kB\n' "total PSS" $((own + sum))
nsd_stop
