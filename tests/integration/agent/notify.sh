#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd notifications, as received by an snmptrapd the test started (the
# master forwards them to its trap2sink):
# - smbServerStatusChanged { smbServerName, smbServerStatus,
#   smbServerLastError } for a working server, a refused password, a closed
#   port, and a server that goes away while watched;
# - smbSessionDeleted { smbServerName, smbNotifyClient, smbNotifyUser,
#   smbNotifyResult, smbNotifyManagerAddress, smbNotifySecurityModel,
#   smbNotifySecurityName } after each NetSessionDel: a destroy, a
#   disconnect of a user and of a client, one that matched nothing (2312),
#   one asked for by an SNMPv3 user; the log names server, client, user,
#   the code and who asked: the manager's address, the security model and
#   the SNMPv3 user (standalone), "agentx" (a subagent, which is not told);
#   never a community;
# - a delete slower than the server's delete-timeout: the manager gets
#   undoFailed at the timeout (the outcome is not known yet), and the final
#   outcome is logged, counted and notified when it is known;
# - the same notifications reach the master's informsink (as informs) and
#   trapsess destinations, not only its trap2sink.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
export SNMP_ALL_SINKS=1
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest3" "127.0.0.4 nstest1" \
	"127.0.0.5 nstest1" "127.0.0.6 nstest1"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
at_closed_port
{
	at_fs1_xml 1 fs1
	nsd_server_xml 2 badpw 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "not-$SAMBA_ADMIN_PASS"
	nsd_server_xml 3 nolisten 127.0.0.1 "$CLOSED_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
	# The same Samba again, for the delete that outlasts its delete-timeout:
	# a short one (the others get the tests' generous one), and polled
	# rarely, so that no poll of its own is in flight when Samba's RPC
	# services are frozen and the delete is sent at once.
	NSD_DELETE_TIMEOUT=1 NSD_POLL_INTERVAL=600 at_fs1_xml 4 fs1-short
} >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"

TAB=$'\t'

# _traps NAME [DESTINATION]: what snmp_traps lists, with the manager's
# port of smbSessionDeleted written PORT (at_deleted_traps).
_traps() {
	if [ "$1" = smbSessionDeleted ]; then
		at_deleted_traps "${2:-trap2sink}"
	else
		snmp_traps "$1" "${2:-trap2sink}"
	fi
}

_trap_seen() {
	_traps "$1" "${3:-trap2sink}" | grepq -xF "$2"
}

# expect_trap DESCRIPTION NAME LINE [DESTINATION]: a notification NAME with
# exactly these varbinds (in the order of its OBJECTS clause) arrives
# through DESTINATION (default trap2sink).
expect_trap() {
	if snmp_wait "$2 at snmptrapd" _trap_seen "$2" "$3" "${4:-trap2sink}"; then
		pass "$1"
	else
		fail "$1"
		echo "    wanted: $3"
		echo "    $2 received through ${4:-trap2sink}:"
		show "$(_traps "$2" "${4:-trap2sink}")"
	fi
}

status_trap() {
	printf 'smbServerName=%s\tsmbServerStatus=%s\tsmbServerLastError=%s' "$@"
}

deleted_trap() {
	at_deleted_trap "$@"
}

# --- smbServerStatusChanged at start: unknown -> the polled status ----

expect_trap "smbServerStatusChanged: fs1 is ok(2), last error 0" \
	smbServerStatusChanged "$(status_trap fs1 'ok(2)' 0)"
expect_trap "smbServerStatusChanged: badpw is logonFailure(4), last error 536870915" \
	smbServerStatusChanged "$(status_trap badpw 'logonFailure(4)' 536870915)"
expect_trap "smbServerStatusChanged: nolisten is unreachable(3), last error 536870913" \
	smbServerStatusChanged "$(status_trap nolisten 'unreachable(3)' 536870913)"
# Sent on a change only: a server failing the same way again and again is
# not announced again.
at_wait_polls 1 3 || fail "server 1 keeps being polled"
n=$(snmp_traps smbServerStatusChanged | grep -c "^smbServerName=badpw$TAB")
check_eq "smbServerStatusChanged is sent once for a status that does not change" 1 "$n"

# --- smbSessionDeleted -------------------------------------------------

check "destroy 127.0.0.2/nstest1 is noError" snmp_set_expect noError snmp_rw \
	'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.2"."nstest1"' i 6
expect_trap "smbSessionDeleted after a destroy: fs1, 127.0.0.2, nstest1, result 0" \
	smbSessionDeleted "$(deleted_trap fs1 127.0.0.2 nstest1 0)"
check "the log names server, client, user and NERR_Success for the destroy" \
	eval 'grep fs1 "$NSD_LOG" | grep 127.0.0.2 | grep nstest1 | grepq NERR_Success'
by=$(at_log_by v2c)
line='NetSessionDel(client="127.0.0.2", user="nstest1"): NERR_Success'
check "the destroy's log line ends with who asked (\"$by\")" \
	eval 'grep -F "$line" "$NSD_LOG" | grepq -E "$by"'
at_wait_gone 127.0.0.2 nstest1 || fail "the destroyed session ends"

# The master's other destinations get the same notifications.
for dest in informsink trapsess; do
	expect_trap "$dest: smbServerStatusChanged: fs1 is ok(2)" \
		smbServerStatusChanged "$(status_trap fs1 'ok(2)' 0)" $dest
	expect_trap "$dest: smbServerStatusChanged: badpw is logonFailure(4)" \
		smbServerStatusChanged "$(status_trap badpw 'logonFailure(4)' 536870915)" $dest
	expect_trap "$dest: smbSessionDeleted after the destroy: fs1, 127.0.0.2, nstest1, result 0" \
		smbSessionDeleted "$(deleted_trap fs1 127.0.0.2 nstest1 0)" $dest
done

check "smbServerDisconnectUser nstest2 is noError" snmp_set_expect noError snmp_rw \
	'SMB-SESSION-MIB::smbServerDisconnectUser.1' s nstest2
expect_trap "smbSessionDeleted after a disconnect of a user: no client, nstest2, result 0" \
	smbSessionDeleted "$(deleted_trap fs1 '' nstest2 0)"
at_wait_gone "" nstest2 || fail "the sessions of nstest2 end"

check "smbServerDisconnectClient 127.0.0.4 is noError" snmp_set_expect noError snmp_rw \
	'SMB-SESSION-MIB::smbServerDisconnectClient.1' s 127.0.0.4
expect_trap "smbSessionDeleted after a disconnect of a client: 127.0.0.4, no user, result 0" \
	smbSessionDeleted "$(deleted_trap fs1 127.0.0.4 '' 0)"
at_wait_gone 127.0.0.4 "" || fail "the sessions from 127.0.0.4 end"

# A delete that matches nothing: NERR_ClientNameNotFound (2312) is noError
# for the manager, and still notified and logged.
check "smbServerDisconnectUser of a user without session is noError" \
	snmp_set_expect noError snmp_rw 'SMB-SESSION-MIB::smbServerDisconnectUser.1' s nstest3
expect_trap "smbSessionDeleted for a delete that matched nothing: result 2312" \
	smbSessionDeleted "$(deleted_trap fs1 '' nstest3 2312)"
check "the log names NERR_ClientNameNotFound for it" \
	eval 'grep nstest3 "$NSD_LOG" | grepq NERR_ClientNameNotFound'
check_eq "four deletes, four smbSessionDeleted" 4 "$(snmp_traps smbSessionDeleted | wc -l)"

# An SNMPv3 user asks: standalone, the notification and the log name the
# user (the USM securityName).
check "smbServerDisconnectUser nstest3 by the SNMPv3 user $SNMP_V3_USER is noError" \
	snmp_set_expect noError snmp_v3 'SMB-SESSION-MIB::smbServerDisconnectUser.1' s nstest3
expect_trap "smbSessionDeleted after a delete by an SNMPv3 user: fs1, no client, nstest3, 2312" \
	smbSessionDeleted "$(deleted_trap fs1 '' nstest3 2312 usm "$SNMP_V3_USER")"
by=$(at_log_by usm "$SNMP_V3_USER")
check "its log line ends with who asked (\"$by\")" \
	eval 'grep -F "NetSessionDel(client=any, user=\"nstest3\"): NERR_ClientNameNotFound" "$NSD_LOG" | grepq -E "$by"'
check "no community string is in the log ($SNMP_RW_COMMUNITY, $SNMP_RO_COMMUNITY)" \
	eval '! grep -qF -e "$SNMP_RW_COMMUNITY" -e "$SNMP_RO_COMMUNITY" "$NSD_LOG"'
check "no SNMPv3 pass phrase is in the log" \
	eval '! grep -qF -e "$SNMP_V3_AUTH" -e "$SNMP_V3_PRIV" "$NSD_LOG"'

# --- a delete slower than the delete timeout ---------------------------
# Samba's RPC services (rpcd_*, which serve \PIPE\srvsvc behind smbd) are
# frozen with SIGSTOP while the SET runs, so the NetrSessionDel cannot be
# answered before the delete timeout (1 s on server 4, fs1-short); they
# resume once snmpset has its answer.

before=$(samba_session_groups)
lines=$(wc -l <"$NSD_LOG")
counters=$(at_counters 4)
rpcd=$(at_rpcd_pids)
check "Samba's RPC services run ($(echo $rpcd))" [ -n "$rpcd" ]
# shellcheck disable=SC2086
kill -STOP $rpcd
check "a destroy that outlasts the delete timeout gives undoFailed" \
	snmp_set_expect undoFailed snmp_rw 'SMB-SESSION-MIB::smbSessionRowStatus.4."127.0.0.5"."nstest1"' i 6
check_eq "while Samba cannot answer: nothing counted (smbServerDeletes, smbServerDeleteFailures)" \
	"$counters" "$(at_counters 4)"
check_eq "while Samba cannot answer: smbServerLastError is NETSESS_E_TIMEOUT" 536870916 \
	"$(snmp_server_get 4 $NS_SRV_LASTERROR)"
# shellcheck disable=SC2086
kill -CONT $rpcd
check "the late outcome is logged: 127.0.0.5, nstest1, NERR_Success" \
	snmp_wait "the late result in the log" eval \
	'tail -n +$((lines + 1)) "$NSD_LOG" | grep 127.0.0.5 | grep nstest1 | grepq NERR_Success'
expect_trap "smbSessionDeleted carries the late outcome: fs1-short, 127.0.0.5, nstest1, result 0" \
	smbSessionDeleted "$(deleted_trap fs1-short 127.0.0.5 nstest1 0)"
_counted_late() {
	[ "$(at_counters 4)" = "$((${counters% *} + 1)) ${counters#* }" ]
}
check "the late NERR_Success is counted in smbServerDeletes (once), not in smbServerDeleteFailures" \
	snmp_wait "the late result counted" _counted_late
at_wait_gone 127.0.0.5 nstest1 || fail "the slow delete ends the session in the end"
check_eq "the slow delete ended that pair and no other (smbstatus)" \
	"$(at_groups_without 127.0.0.5 nstest1 "$before")" "$(samba_session_groups)"
tail -n +$((lines + 1)) "$NSD_LOG" | sed 's/^/    | /'

# --- a watched server goes away ----------------------------------------

samba_stop || fail "the Samba server stops"
_fs1_unreachable_trap() {
	snmp_traps smbServerStatusChanged |
		grepq "^smbServerName=fs1${TAB}smbServerStatus=unreachable(3)${TAB}smbServerLastError=5368709[0-9][0-9]$"
}
# The open pipe breaks first (a transport code), then reconnecting is
# refused (536870913): the trap carries whichever came first.
check "smbServerStatusChanged: fs1 becomes unreachable(3) with a transport code once Samba is gone" \
	snmp_wait "fs1's unreachable(3) notification" _fs1_unreachable_trap
snmp_traps smbServerStatusChanged | grep "^smbServerName=fs1$TAB" | sed 's/^/    /'
_fs1_refused() {
	[ "$(snmp_server_get 1 $NS_SRV_STATUS)" = $NS_ST_UNREACHABLE ] &&
		[ "$(snmp_server_get 1 $NS_SRV_LASTERROR)" = 536870913 ]
}
check "smbServerTable: fs1 is unreachable(3), smbServerLastError 536870913 (refused)" \
	snmp_wait "fs1 unreachable, connection refused" _fs1_refused

check "netsessd is still running" nsd_alive
echo "run time: $((SECONDS - t0)) s"
finish
