#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/pending_sets.sh - what a SET pending on a hung server costs every
# other manager: the latency of GETs of a working server's cells while
# SETS (default 5) SETs aimed at a hung server (a TCP listener that accepts
# and never answers) are pending, with that server in delete-mode="sync"
# (the default) and in delete-mode="async".
#
# Usage: bench/pending_sets.sh [SETS [RATE]]   (as root; defaults 5, 100)
# Needs a build tree (top_builddir, default: the source tree); NETSESSD
# names another netsessd to measure (lib/snmp.sh).
#
# GETs go at RATE a second, open loop (tests/integration/lib/getlat.py:
# each is timed from its sending to its answer, a held-up GET does not
# delay the next), for
# the whole time the SETs take, plus one second; the SETS snmpset commands
# start together (the master serialises them).  Printed: the GETs with no
# SET pending, then for each mode the SETs' wall time and the GETs' p50,
# p90, p99 and max.  The hung server keeps netsessd's default
# delete-timeout (0.8 s), under a master with agentXTimeout 15.
set -uo pipefail

sets=${1:-5}
rate=${2:-100}
here=$(cd "$(dirname "$0")" && pwd)
export top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
export top_builddir=${top_builddir:-$top_srcdir}

# shellcheck source=../tests/integration/lib/samba.sh
. "$top_srcdir/tests/integration/lib/samba.sh"
# shellcheck source=../tests/integration/lib/snmp.sh
. "$top_srcdir/tests/integration/lib/snmp.sh"

# A server that accepts TCP connections and never answers.
# shellcheck source=../tests/integration/lib/hang.sh
. "$top_srcdir/tests/integration/lib/hang.sh"
trap hang_stop EXIT

samba_start || exit 1
samba_hold_session 127.0.0.2 nstest1 || exit 1
snmp_start || exit 1
hang_start || exit 1

getlat() {
	python3 "$top_srcdir/tests/integration/lib/getlat.py" 127.0.0.1 "$SNMP_PORT" "$SNMP_RO_COMMUNITY" "$1" "$rate" \
		"$NS_SERVER_ENTRY.$NS_SRV_NAME.1" "$NS_SERVER_ENTRY.$NS_SRV_SESSIONS.1" \
		"$(snmp_session_oid $NS_SES_COUNT 1 127.0.0.2 nstest1)"
}

# run MODE: SETS disconnects aimed at the hung server (server 2) while
# GETs of server 1 go on.
run() {
	local mode=$1 t0 t1 i answers pids=()
	{
		nsd_server_xml 1 fs1 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
		NSD_DELETE_TIMEOUT= nsd_server_xml 2 hung 127.0.0.1 "$HANG_PORT" \
			"$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" " delete-mode=\"$mode\""
	} >"$SNMP_DIR/servers.xml"
	nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
	nsd_start "$SNMP_DIR/netsessd.xml" || exit 1
	# The SETs take SETS x 0.8 s in sync mode; the GETs run that long and
	# one second more, starting half a second before the SETs.
	getlat "$(echo "$sets * 0.8 + 1.5" | bc)" >"$SNMP_DIR/lat.$mode" &
	local getter=$!
	sleep 0.5
	t0=$(date +%s%N)
	for ((i = 1; i <= sets; i++)); do
		snmp_rw snmpset -Ir "$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.2" s "user$i" \
			>"$SNMP_DIR/set.$mode.$i" 2>&1 &
		pids+=($!)
	done
	wait "${pids[@]}"
	t1=$(date +%s%N)
	wait "$getter"
	answers=$(cat "$SNMP_DIR"/set."$mode".* | sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p' |
		sort | uniq -c | awk '{ printf "%s%s x%s", (NR > 1 ? ", " : ""), $2, $1 }')
	printf '%-6s %d SETs to the hung server answered in %5d ms (%s); GETs of server 1: %s\n' \
		"$mode" "$sets" $(((t1 - t0) / 1000000)) "${answers:-all noError}" \
		"$(cat "$SNMP_DIR/lat.$mode")"
	nsd_stop
}

echo "== $sets SETs to a hung server, GETs of another server's cells at $rate/s, $(nproc) cores =="
{
	nsd_server_xml 1 fs1 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
} >"$SNMP_DIR/servers.xml"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
nsd_start "$SNMP_DIR/netsessd.xml" || exit 1
printf '%-6s no SET pending;                                   GETs of server 1: %s\n' idle \
	"$(getlat 4)"
nsd_stop
run sync
run async
