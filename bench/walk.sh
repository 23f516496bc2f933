#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/walk.sh - how fast a manager reads smbSessionTable from netsessd,
# in both of its modes, against a table snmpd serves natively, in one run:
#
#   agentx      netsessd as AgentX subagent of a private snmpd (unix socket)
#   standalone  a second netsessd, an SNMP agent of its own (<snmp listen>)
#   native      that snmpd's own hrSWRunTable (HOST-RESOURCES-MIB)
#
# A private Samba holds SESSIONS live sessions, each from its own client
# address; both netsessd instances manage SERVERS server entries pointing
# at that Samba, so smbSessionTable has SERVERS x (SESSIONS + 1) rows (each
# entry also lists its own session).  Polls are 10 min apart: no poll
# replaces the rows during a walk.
#
# Usage: bench/walk.sh [SESSIONS [SERVERS [RUNS]]]   (as root; 100 10 7)
# Needs a build tree (top_builddir, default: the source tree).
#
# Measured, RUNS times, the three interleaved in each run so that all see
# the same machine: snmpbulkwalk -Cr50 of the whole table (v2c, one
# process each time, as a manager's script would).  Printed: varbinds,
# the median and the range of the time, and the median per-varbind rate;
# then each mode's rate as a fraction of the native one.
set -uo pipefail

sessions=${1:-100}
servers=${2:-10}
runs=${3:-7}
here=$(cd "$(dirname "$0")" && pwd)
export top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
export top_builddir=${top_builddir:-$top_srcdir}
export NSD_POLL_INTERVAL=600 SNMP_TIMEOUT=${SNMP_TIMEOUT:-120}
HR_SWRUN_TABLE=.1.3.6.1.2.1.25.4.2
# The native table is in the communities' view too.
export SNMP_EXTRA_ACCESS="view nstest included $HR_SWRUN_TABLE"
export NSD_MODE=agentx

# shellcheck source=../tests/integration/lib/samba.sh
. "$top_srcdir/tests/integration/lib/samba.sh"
# shellcheck source=../tests/integration/lib/snmp.sh
. "$top_srcdir/tests/integration/lib/snmp.sh"
# shellcheck source=lib.sh
. "$here/lib.sh"

die() {
	echo "walk.sh: $*" >&2
	exit 1
}

samba_start || exit 1
echo "holding $sessions sessions ..." >&2
samba_hold_sessions "$sessions" nstest1 || exit 1
snmp_start || exit 1
: >"$SNMP_DIR/servers.xml"
for i in $(seq 1 "$servers"); do
	nsd_server_xml "$i" "fs$i" 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" \
		>>"$SNMP_DIR/servers.xml" || exit 1
done
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
nsd_start "$SNMP_DIR/netsessd.xml" || die "netsessd (AgentX) does not start"

# The standalone netsessd beside it, with the same servers.
bench_standalone_start "$SNMP_DIR/servers.xml" || die "the standalone netsessd does not start"

want=$((servers * (sessions + 1)))
# rows PORT: smbSessionTable's rows (one column) at that agent.
rows() {
	snmpbulkwalk -v2c -c "$SNMP_RW_COMMUNITY" -t 20 -r 0 -Cr50 -On -Oq \
		"udp:127.0.0.1:$1" "$NS_SESSION_ENTRY.$NS_SES_COUNT" 2>/dev/null | grep -c "^$NS_SESSION_ENTRY"
}
_all_rows() {
	[ "$(rows "$SNMP_PORT")" -ge "$want" ] && [ "$(rows "$SA_PORT")" -ge "$want" ]
}
snmp_wait "$want rows in both modes" _all_rows || {
	tail -n 5 "$NSD_LOG" "$SA_DIR/netsessd.log" >&2
	die "the tables do not fill (agentx $(rows "$SNMP_PORT"), standalone $(rows "$SA_PORT") of $want rows)"
}

# walk PORT OID: the varbinds of one bulk walk, one a line.
walk() {
	snmpbulkwalk -v2c -c "$SNMP_RW_COMMUNITY" -t 20 -r 0 -Cr50 -On "udp:127.0.0.1:$1" "$2"
}

# once NAME PORT OID: one walk, timed; appends "MICROSECONDS VARBINDS" to
# $SNMP_DIR/NAME.times.
once() {
	local t0 t1 n
	t0=$(date +%s%N)
	n=$(walk "$2" "$3" | grep -c "^$3\.")
	t1=$(date +%s%N)
	echo "$(((t1 - t0) / 1000)) $n" >>"$SNMP_DIR/$1.times"
}

for r in $(seq 1 "$runs"); do
	once agentx "$SNMP_PORT" "$NS_SESSION_ENTRY"
	once standalone "$SA_PORT" "$NS_SESSION_ENTRY"
	once native "$SNMP_PORT" "$HR_SWRUN_TABLE"
done

# report NAME: "varbinds median_ms min_ms max_ms rate" from NAME.times,
# the rate being varbinds per second at the median time.
report() {
	sort -n "$SNMP_DIR/$1.times" | awk '
		{ t[NR] = $1; n[NR] = $2 }
		END {
			m = int((NR + 1) / 2)
			printf "%d %.1f %.1f %.1f %.0f\n", n[m], t[m] / 1000, t[1] / 1000, t[NR] / 1000,
				n[m] / (t[m] / 1e6)
		}'
}

echo "== smbSessionTable: $servers servers x $((sessions + 1)) sessions = $want rows;" \
	"$runs runs each, interleaved; $(nproc) cores =="
printf '%-44s %9s %11s %21s %13s\n' table varbinds "median ms" "range ms" "varbinds/s"
declare -A rate
for m in agentx standalone native; do
	read -r n med lo hi rt < <(report "$m")
	rate[$m]=$rt
	case $m in
	agentx) what="smbSessionTable, netsessd via AgentX" ;;
	standalone) what="smbSessionTable, netsessd standalone" ;;
	native) what="hrSWRunTable, snmpd's own" ;;
	esac
	printf '%-44s %9d %11.1f %10.1f-%-10.1f %13d\n' "$what" "$n" "$med" "$lo" "$hi" "$rt"
done
for m in agentx standalone; do
	printf '%-44s %.2fx of the native rate\n' "$m" "$(echo "${rate[$m]} / ${rate[native]}" | bc -l)"
done

bench_standalone_stop
nsd_stop
