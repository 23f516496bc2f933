#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd read side, as an administrator sees it through snmpd:
# - smbSessionTable has one row per (client, user) that smbstatus shows on
#   the managed Samba, indexed by server index, client and user, with the
#   right session count; walk, bulkwalk, snmptable and a GET by name agree;
# - smbServerTable shows the status, last error and counters of a working
#   server, a server refusing the password and a server nobody listens on.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS

# Five sessions from three clients, one pair twice.
at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.2 nstest2" \
	"127.0.0.3 nstest1" "127.0.0.4 nstest3"

snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
at_closed_port
servers=$SNMP_DIR/servers.xml
{
	at_fs1_xml 1 fs1
	nsd_server_xml 2 badpw 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "not-$SAMBA_ADMIN_PASS"
	nsd_server_xml 3 nolisten 127.0.0.1 "$CLOSED_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
} >"$servers"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$servers"
nsd_start "$SNMP_DIR/netsessd.xml" || fatal "netsessd starts and its tables answer"
pass "netsessd runs as $AT_ROLE and its tables answer"

# --- smbServerTable ---------------------------------------------------

names=$(snmp_rw snmpwalk -On -OQ "$NS_SERVER_ENTRY.$NS_SRV_NAME" |
	sed -e "s/^$NS_SERVER_ENTRY.$NS_SRV_NAME.//" -e 's/ = "\{0,1\}\([^"]*\)"\{0,1\}$/ \1/')
check_eq "smbServerTable has one row per configured server, by index" \
	"1 fs1
2 badpw
3 nolisten" "$names"
check_eq "smbServerAddress of server 1 is host:port" "127.0.0.1:$SAMBA_PORT" \
	"$(snmp_server_get 1 $NS_SRV_ADDRESS)"

check_eq "working server: smbServerStatus ok(2)" $NS_ST_OK "$(snmp_server_get 1 $NS_SRV_STATUS)"
check_eq "working server: smbServerLastError 0" 0 "$(snmp_server_get 1 $NS_SRV_LASTERROR)"
check_eq "working server: smbServerPollFailures 0" 0 "$(snmp_server_get 1 $NS_SRV_POLLFAIL)"
check_eq "working server: smbServerDeletes 0, smbServerDeleteFailures 0" "0 0" "$(at_counters 1)"

polls0=$(snmp_server_get 1 $NS_SRV_POLLS)
last0=$(snmp_rw snmpget -Ot -Oqv "$NS_SERVER_ENTRY.$NS_SRV_LASTPOLL.1")
check "working server: smbServerPolls counts the first poll ($polls0)" [ "${polls0:-0}" -ge 1 ]
if at_wait_polls 1 2; then
	polls1=$(snmp_server_get 1 $NS_SRV_POLLS)
	last1=$(snmp_rw snmpget -Ot -Oqv "$NS_SERVER_ENTRY.$NS_SRV_LASTPOLL.1")
	pass "working server: smbServerPolls increases ($polls0 -> $polls1)"
	check "working server: smbServerLastPoll moves forward ($last0 -> $last1)" \
		[ "${last1:-0}" -gt "${last0:-0}" ]
else
	fail "working server: smbServerPolls increases (stuck at $polls0)"
fi

# A wrong password: NETSESS_E_LOGON_FAILURE, 0x20000003.
check_eq "wrong password: smbServerStatus logonFailure(4)" $NS_ST_LOGON \
	"$(snmp_server_get 2 $NS_SRV_STATUS)"
check_eq "wrong password: smbServerLastError 536870915 (0x20000003)" 536870915 \
	"$(snmp_server_get 2 $NS_SRV_LASTERROR)"
check_eq "wrong password: smbServerSessions 0" 0 "$(snmp_server_get 2 $NS_SRV_SESSIONS)"
f2=$(snmp_server_get 2 $NS_SRV_POLLFAIL)
check "wrong password: smbServerPollFailures counts ($f2)" [ "${f2:-0}" -ge 1 ]
check "wrong password: smbServerPollFailures keeps counting" \
	snmp_wait "more poll failures of server 2" _at_failures_above 2 "${f2:-0}"
if rows=$(at_rows_of 2); then
	check_eq "wrong password: a complete walk shows no session row for server 2" "" "$rows"
else
	fail "wrong password: a complete walk shows no session row for server 2 ($rows)"
fi

# Nothing listens: NETSESS_E_CONNECTION_REFUSED, 0x20000001.
check_eq "nothing listens: smbServerStatus unreachable(3)" $NS_ST_UNREACHABLE \
	"$(snmp_server_get 3 $NS_SRV_STATUS)"
check_eq "nothing listens: smbServerLastError 536870913 (0x20000001)" 536870913 \
	"$(snmp_server_get 3 $NS_SRV_LASTERROR)"
f3=$(snmp_server_get 3 $NS_SRV_POLLFAIL)
check "nothing listens: smbServerPollFailures counts ($f3)" [ "${f3:-0}" -ge 1 ]
check "nothing listens: smbServerPollFailures keeps counting" \
	snmp_wait "more poll failures of server 3" _at_failures_above 3 "${f3:-0}"

check_eq "smbServerDisconnectUser reads as an empty string" "read:" \
	"$(v=$(snmp_server_get 1 $NS_SRV_DISC_USER) && echo "read:$v")"
check_eq "smbServerDisconnectClient reads as an empty string" "read:" \
	"$(v=$(snmp_server_get 1 $NS_SRV_DISC_CLIENT) && echo "read:$v")"

# --- smbSessionTable against smbstatus --------------------------------

echo "smbstatus:"
samba_sessions | sed 's/^/    /'
at_table_matches_smbstatus "smbSessionTable (client, user, count) matches smbstatus"
at_check_polled "smbServerSessions is the number of sessions smbstatus shows" \
	samba_session_count 'snmp_server_get 1 $NS_SRV_SESSIONS'
check_eq "the pair seen twice is one row with smbSessionCount 2" \
	"1 127.0.0.2 nstest1 2" "$(snmp_session_rows 1 | grep ' 127.0.0.2 nstest1 ')"

walk=$(snmp_rw snmpwalk -On "$NS_SESSION_ENTRY" 2>"$SNMP_DIR/walk.err")
walk_rc=$?
check_eq "snmpwalk of smbSessionTable succeeds with no error (OIDs increasing)" \
	"0:" "$walk_rc:$(cat "$SNMP_DIR/walk.err")"
# stable WALK: the walk with the values of smbSessionTime and
# smbSessionIdleTime left out (every OID kept): a poll may land between
# two walks, and those two count seconds.
stable() {
	printf '%s\n' "$1" | sed -E "s/^($NS_SESSION_ENTRY\.($NS_SES_TIME|$NS_SES_IDLE)\.[0-9.]+) = .*/\1 = (seconds)/"
}
bulk=$(snmp_rw snmpbulkwalk -On -Cr25 "$NS_SESSION_ENTRY" 2>&1)
check_eq "snmpbulkwalk returns the same table as snmpwalk" "$(stable "$walk")" "$(stable "$bulk")"
ro_walk=$(snmp_ro snmpwalk -On "$NS_SESSION_ENTRY" 2>&1)
check_eq "the read-only community reads the same table" "$(stable "$walk")" \
	"$(stable "$ro_walk")"

# Every row has all columns (Count .. RowStatus) and they are active(1).
# One complete walk: every column of it lists the same rows.
table=$(snmp_session_walk) || fail "a complete walk of smbSessionTable"
rows=$(printf '%s\n' "$table" | _snmp_decode_index "$NS_SESSION_ENTRY.$NS_SES_COUNT" |
	awk '{ print $1, $2, $3 }')
for col in $NS_SES_COUNT $NS_SES_OPENS $NS_SES_TIME $NS_SES_IDLE $NS_SES_FLAGS \
	$NS_SES_CLTYPE $NS_SES_TRANSPORT $NS_SES_STATUS; do
	check_eq "column $col of smbSessionTable has a value for each of the $(echo "$rows" | wc -l) rows" \
		"$rows" "$(printf '%s\n' "$table" | _snmp_decode_index "$NS_SESSION_ENTRY.$col" |
			awk '{ print $1, $2, $3 }')"
done
check_eq "smbSessionRowStatus is active(1) in every row" "1" \
	"$(snmp_session_column $NS_SES_STATUS | awk '{ print $4 }' | sort -u)"
# The sessions were opened after this script started.
maxtime=$(snmp_session_column $NS_SES_TIME | awk '$2 != "127.0.0.1" { print $4 }' | sort -n | tail -n 1)
check "smbSessionTime is at most the age of the sessions (${maxtime}s <= $((SECONDS - t0 + 1))s)" \
	[ "${maxtime:-999999}" -le $((SECONDS - t0 + 1)) ]

# The MIB's names, as an administrator types them.
got=$(snmp_rw snmpget -Oqv 'SMB-SESSION-MIB::smbSessionCount.1."127.0.0.2"."nstest1"' 2>&1)
check_eq 'snmpget smbSessionCount.1."127.0.0.2"."nstest1" is 2' 2 "$got"
got=$(snmp_rw snmpget -Oqv 'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.4"."nstest3"' 2>&1)
check_eq 'snmpget smbSessionRowStatus.1."127.0.0.4"."nstest3" is active' active "$got"
got=$(snmp_rw snmpget -Oqv 'SMB-SESSION-MIB::smbSessionCount.1."127.0.0.4"."nstest1"' 2>&1)
check "a pair without session has no instance (${got})" \
	[ "${got#No Such Instance}" != "$got" ]

# snmptable, with the MIB's index names: one line per row, same rows.
walk_rows() {
	snmp_session_rows 1 | awk '{ printf "%s.\"%s\".\"%s\"|%s\n", $1, $2, ($3 == "-" ? "" : $3), $4 }' |
		LC_ALL=C sort
}
table_rows() {
	snmp_rw snmptable -CH -Cf '|' -Ci SMB-SESSION-MIB::smbSessionTable 2>&1 |
		awk -F'|' 'NF > 2 && $1 ~ /^1\./ { print $1 "|" $2 }' | LC_ALL=C sort
}
at_check_polled "snmptable lists every row of smbSessionTable (index|count)" walk_rows table_rows

# Still true a few polls later: the rows are stable.
at_wait_polls 1 2 || fail "server 1 keeps being polled"
at_table_matches_smbstatus "smbSessionTable still matches smbstatus after more polls"

at_no_secret_leaked
check "netsessd is still running" nsd_alive
echo "run time: $((SECONDS - t0)) s"
finish
