#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/get_during_set.sh - GET latency while a SET that ends sessions
# waits for a server that never answers, in both of netsessd's modes:
#
#   agentx      netsessd as AgentX subagent of a private snmpd
#   standalone  a second netsessd, an SNMP agent of its own
#
# Each manages two servers: 1, a private Samba; 2, a TCP listener that
# accepts connections and never answers ("hung"), with netsessd's default
# delete-timeout (0.8 s).  For each mode: GETs of smbServerName.1 and of
# sysUpTime.0 one after another for SECONDS s with nothing else going on
# (the baseline), in turn, then again while a manager sends
# smbServerDisconnectUser.2 (the hung server) one SET after another, each
# answered commitFailed at the delete-timeout.  Each GET is one snmpget
# process, timed from start to exit (its start-up included, as a
# monitoring script sees it).
#
# Usage: bench/get_during_set.sh [SECONDS]    (as root; default 30)
set -uo pipefail

seconds=${1:-30}
here=$(cd "$(dirname "$0")" && pwd)
export top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
export top_builddir=${top_builddir:-$top_srcdir}
export NSD_MODE=agentx SNMP_TIMEOUT=${SNMP_TIMEOUT:-60}
# netsessd's own default delete-timeout (0.8 s): no attribute.
export NSD_DELETE_TIMEOUT=

# shellcheck source=../tests/integration/lib/samba.sh
. "$top_srcdir/tests/integration/lib/samba.sh"
# shellcheck source=../tests/integration/lib/snmp.sh
. "$top_srcdir/tests/integration/lib/snmp.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

die() {
	echo "get_during_set.sh: $*" >&2
	exit 1
}

# A server that accepts TCP connections and never answers.
# shellcheck source=../tests/integration/lib/hang.sh
. "$top_srcdir/tests/integration/lib/hang.sh"
trap hang_stop EXIT

samba_start || exit 1
samba_hold_session 127.0.0.2 nstest1 || exit 1
snmp_start || exit 1
hang_start || die "the hung server does not start"
{
	nsd_server_xml 1 fs1 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
	nsd_server_xml 2 hung 127.0.0.1 "$HANG_PORT" \
		"$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
} >"$SNMP_DIR/servers.xml" || exit 1
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
nsd_start "$SNMP_DIR/netsessd.xml" || die "netsessd (AgentX) does not start"
bench_standalone_start "$SNMP_DIR/servers.xml" || die "the standalone netsessd does not start"

# get_loop PORT PREFIX SECONDS: GETs one after another, smbServerName.1
# and sysUpTime.0 in turn (both see the same moments), each one's time in
# ms into PREFIX.smbServerName.1 or PREFIX.sysUpTime.0 ("timeout" lines
# into PREFIX.*.failed for one without an answer).
get_loop() {
	local end=$((SECONDS + $3)) t0 t1 oid what
	: >"$2.smbServerName.1"
	: >"$2.sysUpTime.0"
	while ((SECONDS < end)); do
		for what in smbServerName.1 sysUpTime.0; do
			case $what in
			sysUpTime.0) oid=.1.3.6.1.2.1.1.3.0 ;;
			*) oid=$NS_SERVER_ENTRY.$NS_SRV_NAME.1 ;;
			esac
			t0=$(date +%s%N)
			if snmpget -v2c -c "$SNMP_RW_COMMUNITY" -t 10 -r 0 -Oqv "udp:127.0.0.1:$1" "$oid" \
				>/dev/null 2>&1; then
				t1=$(date +%s%N)
				echo "$(((t1 - t0) / 1000000))" >>"$2.$what"
			else
				echo timeout >>"$2.$what.failed"
			fi
		done
	done
}

# set_loop PORT SECONDS: SETs to the hung server one after another;
# "ANSWER MS" lines into $SNMP_DIR/sets.PORT.
set_loop() {
	local end=$((SECONDS + $2)) t0 t1 out
	while ((SECONDS < end)); do
		t0=$(date +%s%N)
		out=$(snmpset -v2c -c "$SNMP_RW_COMMUNITY" -t 20 -r 0 "udp:127.0.0.1:$1" \
			"$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.2" s nobody 2>&1)
		t1=$(date +%s%N)
		echo "$(printf '%s\n' "$out" | sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p' | head -n 1) $(((t1 - t0) / 1000000))" \
			>>"$SNMP_DIR/sets.$1"
	done
}

# scenario NAME PORT: the GETs with nothing else going on, then while
# SETs to the hung server follow one another.
scenario() {
	local name=$1 port=$2 what phase q setter
	get_loop "$port" "$SNMP_DIR/$name.idle" "$seconds"
	set_loop "$port" $((seconds + 2)) &
	setter=$!
	sleep 1
	get_loop "$port" "$SNMP_DIR/$name.busy" "$seconds"
	wait "$setter"
	for phase in idle busy; do
		for what in smbServerName.1 sysUpTime.0 both; do
			if [ $what = both ]; then
				cat "$SNMP_DIR/$name.$phase.smbServerName.1" \
					"$SNMP_DIR/$name.$phase.sysUpTime.0" >"$SNMP_DIR/$name.$phase.both"
				cat "$SNMP_DIR/$name.$phase".*.failed >"$SNMP_DIR/$name.$phase.both.failed" \
					2>/dev/null
			fi
			read -r -a q < <(bench_quantiles "$SNMP_DIR/$name.$phase.$what")
			printf '%-11s %-16s %-12s %7s %7s %7s %6s %s\n' "$name" "$what" \
				"$([ $phase = idle ] && echo "no SET" || echo "SET pending")" \
				"${q[0]}" "${q[1]}" "${q[2]}" "${q[3]}" \
				"$([ -s "$SNMP_DIR/$name.$phase.$what.failed" ] &&
					echo "($(wc -l <"$SNMP_DIR/$name.$phase.$what.failed") timed out)")"
		done
	done
}

echo "== GET latency (ms, one snmpget process each), ${seconds} s per figure, delete-timeout 0.8 s, $(nproc) cores =="
printf '%-11s %-16s %-12s %7s %7s %7s %6s\n' mode GET while p50 p99 max count
scenario agentx "$SNMP_PORT"
scenario standalone "$SA_PORT"
for port in "$SNMP_PORT" "$SA_PORT"; do
	mode=agentx
	[ "$port" = "$SA_PORT" ] && mode=standalone
	awk -v m="$mode" '{ n[$1]++; t[$1] += $2 } END {
		for (a in n) printf "%s: %d SETs to the hung server answered %s, %.0f ms on average\n",
			m, n[a], (a == "" ? "noError" : a), t[a] / n[a] }' "$SNMP_DIR/sets.$port"
done

bench_standalone_stop
nsd_stop
