#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SMB-SESSION-MIB through an SNMP stack independent of Net-SNMP: pysnmp
# (Debian's python3-pysnmp4), with the MIB compiled from mibs/ by pysmi,
# against the real snmpd + netsessd + Samba (lib/pysnmp_client.py):
# - pysnmp's walks of smbServerTable and smbSessionTable, by GETNEXT and by
#   GETBULK, give the same OIDs, types and values as Net-SNMP's snmpwalk;
# - pysnmp decodes the string indexes from the MIB's INDEX clause into the
#   (client, user) pairs smbstatus shows, with their counts, as Net-SNMP
#   does; server names, status labels and smbServerLastPollAge agree;
# - a destroy(6) whose instance pysnmp builds from the index values and the
#   MIB is noError and ends exactly that pair's sessions (smbstatus before
#   and after), and the next pysnmp walk no longer has the row;
# - notReady(3) is wrongValue and destroy(6) of a row that does not exist
#   is noError, as for snmpset, and neither ends anything.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/agent_test.sh
. "$here/lib/agent_test.sh" || exit 1

# Debian's Python, where python3-pysnmp4 installs.
PYTHON=${PYTHON:-/usr/bin/python3}
t0=$SECONDS
"$PYTHON" -c 'import pysnmp.hlapi, pysmi' 2>/dev/null ||
	fatal "$PYTHON can import pysnmp and pysmi (apt-get install python3-pysnmp4)"

at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.2 nstest2" \
	"127.0.0.3 nstest1" "127.0.0.4 nstest3"
snmp_start || fatal "the private snmpd and snmptrapd start"
# Server 2 has nothing listening: a second row, with another status.  (A
# wrong password would do too, but each failed logon shows in Samba for a
# moment as an anonymous session, and the walks below must see the same
# rows.)
at_closed_port
closed_port=$CLOSED_PORT
{
	at_fs1_xml 1 fs1
	nsd_server_xml 2 nolisten 127.0.0.1 "$closed_port" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
} >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"

export PYSNMP_MIB_CACHE=$SNMP_DIR/pysnmp-mibs
mkdir -p "$PYSNMP_MIB_CACHE"
py() {
	"$PYTHON" "$here/lib/pysnmp_client.py" 127.0.0.1 "$SNMP_PORT" "$SNMP_RW_COMMUNITY" "$@"
}

# --- the same bytes as Net-SNMP -----------------------------------------
# Net-SNMP's walks without any MIB (-m ""), strings in hex, numbers bare;
# lib/pysnmp_client.py puts them in the shape of its own walks.  (snmp_rw
# takes no option with an empty argument, hence the full command.)
netsnmp_walk() {
	local col
	for col in "$@"; do
		snmpwalk -v2c -c "$SNMP_RW_COMMUNITY" -t 20 -r 0 -m "" -On -Ox -Ot -Oe -OU \
			"udp:127.0.0.1:$SNMP_PORT" "$col" || return 1
	done >"$SNMP_DIR/ns.walk" 2>&1
	py netsnmp "$SNMP_DIR/ns.walk"
}
# column PREFIX: the lines of one column.
column() {
	printf '%s\n' "$2" | grep -F "$1." || true
}

# The columns that only the sessions change (and nothing here changes them
# now): smbServerTable Name, Address, Status, LastError, Sessions and the
# two disconnect columns; smbSessionTable Count, Opens, Flags, ClientType,
# Transport, RowStatus.  The others move with the polls and Samba's clock.
stable="$NS_SERVER_ENTRY.2 $NS_SERVER_ENTRY.3 $NS_SERVER_ENTRY.4 $NS_SERVER_ENTRY.6
	$NS_SERVER_ENTRY.7 $NS_SERVER_ENTRY.12 $NS_SERVER_ENTRY.13
	$NS_SESSION_ENTRY.3 $NS_SESSION_ENTRY.4 $NS_SESSION_ENTRY.7 $NS_SESSION_ENTRY.8
	$NS_SESSION_ENTRY.9 $NS_SESSION_ENTRY.10"
# shellcheck disable=SC2086
{
	ns=$(netsnmp_walk $stable) || fatal "Net-SNMP's snmpwalk of the stable columns"
	next=$(py raw next $stable 2>&1)
	bulk=$(py raw bulk $stable 2>&1)
}
for col in $stable; do
	want=$(column "$col" "$ns")
	n=$(printf '%s\n' "$want" | grep -c .)
	check_eq "column ${col#"$NS_MIB".} ($n values): pysnmp's GETNEXT walk equals Net-SNMP's snmpwalk" \
		"$want" "$(column "$col" "$next")"
	check_eq "column ${col#"$NS_MIB".} ($n values): pysnmp's GETBULK walk equals Net-SNMP's snmpwalk" \
		"$want" "$(column "$col" "$bulk")"
done

# Whole tables: the same instances and types in the same order.
ns=$(netsnmp_walk "$NS_SERVER_ENTRY" "$NS_SESSION_ENTRY" | awk '{ print $1, $2 }') ||
	fatal "Net-SNMP's snmpwalk of both tables"
got=$(py raw bulk "$NS_SERVER_ENTRY" "$NS_SESSION_ENTRY" 2>&1 | awk '{ print $1, $2 }')
check_eq "both tables ($(printf '%s\n' "$ns" | grep -c .) varbinds): pysnmp and Net-SNMP see the same instances and types" \
	"$ns" "$got"

# --- the MIB, as pysnmp reads it -------------------------------------------
want=$(snmp_session_rows | LC_ALL=C sort)
got=$(py sessions 2>&1 | LC_ALL=C sort)
check_eq "pysnmp decodes the smbSessionTable indexes (MIB INDEX clause) as Net-SNMP does" "$want" "$got"
check_eq "pysnmp's rows of server 1 are the (client, user, count) of smbstatus" \
	"$(samba_session_groups)" "$(printf '%s\n' "$got" | awk '$1 == 1 { print $2, $3, $4 }' | LC_ALL=C sort)"

servers=$(py servers 2>&1)
ns_status=$(snmp_rw snmpwalk -Oqv SMB-SESSION-MIB::smbServerStatus 2>&1)
check_eq "pysnmp reads the server names and status labels that snmpwalk shows" \
	"1 fs1 $(printf '%s\n' "$ns_status" | sed -n 1p)
2 nolisten $(printf '%s\n' "$ns_status" | sed -n 2p)" \
	"$(printf '%s\n' "$servers" | awk '{ print $1, $2, $3 }')"
check_eq "pysnmp: fs1 is ok, nolisten unreachable" "ok unreachable" \
	"$(printf '%s\n' "$servers" | awk '{ print $3 }' | paste -sd ' ')"
check_eq "pysnmp: smbServerLastPollAge of nolisten is 4294967295" 4294967295 \
	"$(printf '%s\n' "$servers" | awk '$1 == 2 { print $4 }')"

# --- SET through pysnmp ------------------------------------------------------
before=$(samba_session_groups)
counters=$(at_counters 1)
out=$(py set-rowstatus 1 127.0.0.4 nstest3 3 2>&1)
check_eq "pysnmp: notReady(3) on smbSessionRowStatus is wrongValue" wrongValue "${out%% *}"
out=$(py set-rowstatus 1 127.0.0.9 nobody 6 2>&1)
check_eq "pysnmp: destroy(6) of a row that does not exist is noError" noError "${out%% *}"
at_nothing_ended "the refused and the no-op SET" "$before" "$counters"

echo "smbstatus before the destroy:"
samba_sessions | sed 's/^/    /'
before=$(samba_session_groups)
out=$(py set-rowstatus 1 127.0.0.2 nstest1 6 2>&1)
check_eq "pysnmp: destroy(6) of smbSessionRowStatus.1.\"127.0.0.2\".\"nstest1\" is noError" \
	"noError $(snmp_session_oid $NS_SES_STATUS 1 127.0.0.2 nstest1)" "$out"
check "smbstatus: the sessions of (127.0.0.2, nstest1) end" at_wait_gone 127.0.0.2 nstest1
echo "smbstatus after the destroy:"
samba_sessions | sed 's/^/    /'
check_eq "smbstatus: every other session is still there" \
	"$(at_groups_without 127.0.0.2 nstest1 "$before")" "$(samba_session_groups)"
check_eq "smbServerDeletes counted the call" "$(($(echo "$counters" | awk '{ print $1 }') + 1)) 0" \
	"$(at_counters 1)"
got=$(py sessions 2>&1 | awk '$1 == 1 { print $2, $3, $4 }' | LC_ALL=C sort)
check_eq "pysnmp's next walk has no row for the pair, and the rest match smbstatus" \
	"$(samba_session_groups)" "$got"

check "netsessd is still running" nsd_alive
echo "run time: $((SECONDS - t0)) s"
finish
