#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/parallel_deletes.sh - how long a SET PDU with deletes on N servers
# takes, as netsessd runs them (each server has its own helper: the deletes
# of one PDU on different servers run at the same time), against the same
# N deletes one after another (N PDUs of one delete each, sent in turn:
# what carrying them out in order within one PDU would take at least).
#
# Usage: bench/parallel_deletes.sh [RUNS [N...]]   (as root; defaults 5, 1 2 4 8)
# Needs a build tree (top_builddir, default: the source tree).
#
# Two cases:
#   answering  the servers (all on one private Samba) answer: each delete
#              is smbServerDisconnectUser of a user without sessions
#              (NERR_ClientNameNotFound, noError), so nothing changes from
#              one run to the next;
#   hung       Samba's RPC services stopped with SIGSTOP for the whole SET:
#              each delete waits out its delete-timeout (0.8 s, netsessd's
#              default) and the PDU is answered undoFailed.
# The master runs with agentXTimeout 15, so that it waits for the serial
# figures; with Net-SNMP's default (1 s) a PDU that takes longer is given up
# by the master (genErr) and the subagent may be dropped.
set -uo pipefail

runs=${1:-5}
shift || true
ns=${*:-1 2 4 8}
here=$(cd "$(dirname "$0")" && pwd)
export top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
export top_builddir=${top_builddir:-$top_srcdir}

# shellcheck source=../tests/integration/lib/samba.sh
. "$top_srcdir/tests/integration/lib/samba.sh"
# shellcheck source=../tests/integration/lib/snmp.sh
. "$top_srcdir/tests/integration/lib/snmp.sh"

max_n=0
for n in $ns; do
	((n > max_n)) && max_n=$n
done

# rpcd_pids: the private Samba's RPC service processes.
rpcd_pids() {
	local p
	for p in /proc/[0-9]*; do
		tr '\0' '\n' 2>/dev/null <"$p/cmdline" | head -n 1 | grep '/rpcd_' >/dev/null &&
			tr '\0' '\n' 2>/dev/null <"$p/cmdline" | grep -xF -- "--configfile=$SAMBA_CONF" >/dev/null &&
			echo "${p#/proc/}"
	done
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# one_pdu N RUN: one snmpset with a disconnect on each of servers 1..N.
one_pdu() {
	local n=$1 run=$2 i args=()
	for ((i = 1; i <= n; i++)); do
		args+=("$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.$i" s "nobody$run")
	done
	snmp_rw snmpset -Ir "${args[@]}" >"$SNMP_DIR/set.out" 2>&1
}

# in_turn N RUN: the same deletes, one snmpset each, one after another.
in_turn() {
	local n=$1 run=$2 i
	for ((i = 1; i <= n; i++)); do
		snmp_rw snmpset -Ir "$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.$i" s "nobody$run" \
			>"$SNMP_DIR/set.out" 2>&1
	done
}

# measure CASE HOW N: the mean, min and max time of RUNS runs of HOW, in ms,
# and the last run's answer.
measure() {
	local kase=$1 how=$2 n=$3 r t0 t1 ms sum=0 min=999999 max=0 rpcd= reason
	for ((r = 1; r <= runs; r++)); do
		if [ "$kase" = hung ]; then
			rpcd=$(rpcd_pids)
			# shellcheck disable=SC2086
			kill -STOP $rpcd
		fi
		t0=$(now_ms)
		"$how" "$n" "$r"
		t1=$(now_ms)
		# shellcheck disable=SC2086
		[ -z "$rpcd" ] || kill -CONT $rpcd
		ms=$((t1 - t0))
		sum=$((sum + ms))
		((ms < min)) && min=$ms
		((ms > max)) && max=$ms
		# The late results of a hung run: let them come before the next.
		[ -z "$rpcd" ] || sleep 1
	done
	reason=$(sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p' "$SNMP_DIR/set.out" | head -n 1)
	printf '%6d ms (min %d, max %d) %-11s' $((sum / runs)) "$min" "$max" "${reason:-noError}"
}

samba_start || exit 1
snmp_start || exit 1
{
	for ((i = 1; i <= max_n; i++)); do
		NSD_POLL_INTERVAL=600 NSD_DELETE_TIMEOUT=0.8 nsd_server_xml "$i" "fs$i" 127.0.0.1 \
			"$SAMBA_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
	done
} >"$SNMP_DIR/servers.xml"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
nsd_start "$SNMP_DIR/netsessd.xml" || exit 1

echo "== deletes on N servers: one PDU (as netsessd runs them) and one after another, $runs runs, $(nproc) cores =="
for kase in answering hung; do
	for n in $ns; do
		printf '%-9s N=%-2d one PDU: %s   one after another: %s\n' "$kase" "$n" \
			"$(measure "$kase" one_pdu "$n")" "$(measure "$kase" in_turn "$n")"
	done
done
nsd_stop
