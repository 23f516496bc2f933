#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# delete-mode="async" against a server that hangs (Samba's RPC services
# stopped with SIGSTOP), and the synchronous default it is the answer to:
# - async: the SET is answered noError while Samba still cannot act; the
#   delete is still pending (its session still in smbstatus, nothing
#   counted, no smbSessionDeleted yet) while GETs of the other server's
#   cells are answered, with the right values, before Samba runs again;
#   then the delete runs: smbSessionDeleted with result 0, smbServerDeletes
#   1, smbServerLastError 0, that session ended and no other;
# - async, 5 deletes pending on the hung server: GETs of the other server's
#   cells at 100 a second for 2 s are all answered, p99 under 20 ms (the
#   one timing threshold of the suite, asked for by the requirement; the
#   best of up to 3 runs, the machine being shared); then
#   the 5 outcomes come as smbSessionDeleted, counted, nothing ended;
# - async, a delete that fails (a wrong password): noError at once, then
#   smbSessionDeleted with the failure's code, smbServerDeleteFailures 1 and
#   smbServerLastError that code; nothing ended;
# - async with a value that is not UTF-8: refused as wrongValue, nothing
#   started, counted or notified;
# - sync, the default: while a SET waits for a hung server, the master
#   holds every other request: a GET sent meanwhile has no answer while the
#   SET has none; it gets its answer once the SET is answered (undoFailed
#   at the delete-timeout).  What that costs in time is measured in
#   bench/pending_sets.sh, not here.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

# Below the tests' master's agentXTimeout (15 s), far above a second.
DELETE_TIMEOUT_S=12

t0=$SECONDS
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest3" "127.0.0.5 nstest1"
snmp_start || fatal "the private snmpd and snmptrapd start"
{
	NSD_DELETE_TIMEOUT=$DELETE_TIMEOUT_S at_fs1_xml 1 fs1
	NSD_DELETE_TIMEOUT=$DELETE_TIMEOUT_S nsd_server_xml 2 fs1-async 127.0.0.1 "$SAMBA_PORT" \
		"$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" ' delete-mode="async"'
	# Polled at start only: its failing logons do not come and go in
	# smbstatus while the test compares it.
	NSD_POLL_INTERVAL=600 nsd_server_xml 3 badpw-async 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" \
		"not-$SAMBA_ADMIN_PASS" ' delete-mode="async"'
} >"$SNMP_DIR/servers.xml"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
# -d: the log says when a delete is queued.
nsd_start "$SNMP_DIR/netsessd.xml" -d || fatal "netsessd starts and its tables answer"
at_wait_polls 1 1 || fail "server 1 is polled again"
at_table_matches_smbstatus "smbSessionTable matches smbstatus at start"

rpcd=$(at_rpcd_pids)
[ -n "$rpcd" ] || fatal "Samba's RPC services are found"
_trap_seen() {
	at_deleted_traps | grepq -xF "$1"
}
_log_has() {
	grepq -F "$1" "$NSD_LOG"
}
count_oid=$(snmp_session_oid $NS_SES_COUNT 1 127.0.0.2 nstest1)

# --- async: answered at once, the delete pending, GETs answered ----------------

before=$(samba_session_groups)
c2=$(at_counters 2)
traps=$(snmp_traps smbSessionDeleted | wc -l)
# shellcheck disable=SC2086
kill -STOP $rpcd
check "async: smbServerDisconnectClient.2 = 127.0.0.3 is noError while Samba cannot act" \
	snmp_set_expect noError snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_CLIENT.2" s 127.0.0.3
check "async: the delete has started" snmp_wait "the queued delete" _log_has \
	'server fs1-async [2]: NetSessionDel(client="127.0.0.3", user=any): queued'
gets_ok=0
for i in $(seq 20); do
	[ "$(snmp_server_get 1 $NS_SRV_NAME)" = fs1 ] &&
		[ "$(snmp_rw snmpget -Oqv "$count_oid")" = 1 ] && gets_ok=$((gets_ok + 1))
done
check_eq "async: 20 GETs of server 1's smbServerName and a session's smbSessionCount, answered right, while the delete is pending" \
	20 "$gets_ok"
check "async: ... and the delete is still pending: its session is in smbstatus" \
	[ "$(samba_session_count 127.0.0.3 nstest2)" = 1 ]
check_eq "async: ... nothing counted yet" "$c2" "$(at_counters 2)"
check_eq "async: ... no smbSessionDeleted yet" "$traps" "$(snmp_traps smbSessionDeleted | wc -l)"
# shellcheck disable=SC2086
kill -CONT $rpcd
check "async: once Samba runs, smbSessionDeleted: fs1-async, 127.0.0.3, no user, result 0" \
	snmp_wait "the async delete's notification" _trap_seen \
	"$(at_deleted_trap fs1-async 127.0.0.3 "" 0)"
check_eq "async: smbServerDeletes counts it" "$((${c2% *} + 1)) ${c2#* }" "$(at_counters 2)"
check_eq "async: smbServerLastError 0" 0 "$(snmp_server_get 2 $NS_SRV_LASTERROR)"
at_wait_gone 127.0.0.3 "" || fail "async: the sessions of 127.0.0.3 end"
check_eq "async: that client's session ended, no other (smbstatus)" \
	"$(at_groups_without 127.0.0.3 "" "$before")" "$(samba_session_groups)"

# --- async: GET latency while deletes to a hung server are pending ------------
# The one timing threshold of the suite, which the requirement states: with
# PENDING asynchronous deletes waiting on a hung server, GETs of the other
# server's cells (open loop, each timed from its sending to its answer by
# lib/getlat.py) have a p99 under 20 ms.  The deletes name users without
# sessions, so that once Samba runs again each ends nothing
# (NERR_ClientNameNotFound) and the smbstatus comparison stays exact.

PENDING=5
getlat() {
	python3 "$AT_DIR/getlat.py" 127.0.0.1 "$SNMP_PORT" "$SNMP_RO_COMMUNITY" "$1" "$2" \
		"$NS_SERVER_ENTRY.$NS_SRV_NAME.1" "$NS_SERVER_ENTRY.$NS_SRV_SESSIONS.1" "$count_oid"
}
# p99_us LINE: the p99 of a getlat.py line, in whole microseconds.
p99_us() {
	sed -n 's/.* p99=\([0-9.]*\) .*/\1/p' <<<"$1" | awk '{ printf "%d", $1 * 1000 }'
}
echo "    GETs, nothing pending: $(getlat 2 100)"
before=$(samba_session_groups)
c2=$(at_counters 2)
traps=$(snmp_traps smbSessionDeleted | wc -l)
lines=$(wc -l <"$NSD_LOG")
# shellcheck disable=SC2086
kill -STOP $rpcd
answered=0
for i in $(seq $PENDING); do
	snmp_set_expect noError snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.2" s "nouser$i" &&
		answered=$((answered + 1))
done
check_eq "async, hung: $PENDING SETs to the hung server answered noError" $PENDING $answered
# Up to 3 runs of 2 s (200 GETs each, p99 the third slowest), the first
# under 20 ms counting: the machine is shared, and a burst of other work
# can delay a few GETs of one run; GETs held by the master behind a
# pending SET would wait seconds in every run.
for attempt in 1 2 3; do
	lat=$(getlat 2 100)
	echo "    GETs, $PENDING deletes pending (run $attempt): $lat"
	p99=$(p99_us "$lat")
	[ -n "$p99" ] && [ "$p99" -lt 20000 ] && break
done
check "async, hung: the deletes were pending all along (nothing counted, none timed out)" \
	eval '[ "$(at_counters 2)" = "$c2" ] && ! tail -n +$((lines + 1)) "$NSD_LOG" | grepq -e "no answer within" -e "not sent"'
check_eq "async, hung: every GET answered, with a value" 0 \
	"$(sed -n 's/.* lost=\([0-9]*\) .*/\1/p' <<<"$lat")"
check "async, hung: GET p99 under 20 ms while $PENDING deletes are pending ($lat)" \
	eval '[ -n "$p99" ] && [ "$p99" -lt 20000 ]'
# shellcheck disable=SC2086
kill -CONT $rpcd
_all_notified() {
	[ "$(snmp_traps smbSessionDeleted | wc -l)" -ge $((traps + PENDING)) ]
}
check "async, hung: once Samba runs, $PENDING smbSessionDeleted" \
	snmp_wait "the pending deletes' notifications" _all_notified
check_eq "async, hung: each found nothing to end (NERR_ClientNameNotFound, 2312)" \
	"$(for i in $(seq $PENDING); do printf 'fs1-async  nouser%d 2312\n' "$i"; done)" \
	"$(snmp_traps smbSessionDeleted | tail -n +$((traps + 1)) | awk -F '\t' '{
		sub(/^smbServerName=/, "", $1); sub(/^smbNotifyClient=/, "", $2)
		sub(/^smbNotifyUser=/, "", $3); sub(/^smbNotifyResult=/, "", $4)
		print $1, $2, $3, $4 }' | sort)"
check_eq "async, hung: smbServerDeleteFailures counts them" \
	"${c2% *} $((${c2#* } + PENDING))" "$(at_counters 2)"
at_wait_polls 1 2 || fail "server 1 is polled again"
check_eq "async, hung: no session ended (smbstatus)" "$before" "$(samba_session_groups)"

# --- async, a delete that fails ------------------------------------------------

before=$(samba_session_groups)
c3=$(at_counters 3)
check "async, a wrong password: smbServerDisconnectUser.3 = nstest1 is noError" \
	snmp_set_expect noError snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.3" s nstest1
check "async, a wrong password: smbSessionDeleted carries the failure (536870915)" \
	snmp_wait "the failed async delete's notification" _trap_seen \
	"$(at_deleted_trap badpw-async "" nstest1 536870915)"
check_eq "async, a wrong password: smbServerDeleteFailures counts it" \
	"${c3% *} $((${c3#* } + 1))" "$(at_counters 3)"
check_eq "async, a wrong password: smbServerLastError 536870915" 536870915 \
	"$(snmp_server_get 3 $NS_SRV_LASTERROR)"
at_wait_polls 1 2 || fail "server 1 is polled again"
check_eq "async, a wrong password: no session ended (smbstatus)" "$before" "$(samba_session_groups)"

# --- async, a value that is not UTF-8 --------------------------------------------

c2=$(at_counters 2)
traps=$(snmp_traps smbSessionDeleted | wc -l)
lines=$(wc -l <"$NSD_LOG")
check "async, not UTF-8: smbServerDisconnectUser.2 = FF FE 80 gives wrongValue" \
	snmp_set_expect wrongValue snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.2" x FFFE80
sleep 1
check_eq "async, not UTF-8: nothing counted" "$c2" "$(at_counters 2)"
check_eq "async, not UTF-8: nothing notified" "$traps" "$(snmp_traps smbSessionDeleted | wc -l)"
check "async, not UTF-8: nothing started (the log has no NetSessionDel)" \
	eval '! tail -n +$((lines + 1)) "$NSD_LOG" | grepq "NetSessionDel"'

# --- sync, the default: the master holds the other requests ----------------------

before=$(samba_session_groups)
rm -f "$SNMP_DIR/set.done" "$SNMP_DIR/get.done"
# shellcheck disable=SC2086
kill -STOP $rpcd
(
	snmp_set_expect undoFailed snmp_rw \
		"$(snmp_session_oid $NS_SES_STATUS 1 127.0.0.4 nstest3)" i 6 >/dev/null 2>&1
	echo $? >"$SNMP_DIR/set.done"
) &
setter=$!
snmp_wait "the sync delete to be queued" _log_has \
	'server fs1 [1]: NetSessionDel(client="127.0.0.4", user="nstest3"): queued' ||
	fail "sync: the delete is queued"
(
	snmp_server_get 2 $NS_SRV_NAME >"$SNMP_DIR/get.out"
	echo $? >"$SNMP_DIR/get.done"
) &
getter=$!
# The SET waits up to its delete-timeout (DELETE_TIMEOUT_S); one second
# into it, neither has an answer.
sleep 1
if [ -e "$SNMP_DIR/set.done" ]; then
	fail "sync: the SET is still pending one second into its ${DELETE_TIMEOUT_S} s delete-timeout"
else
	check "sync: while the SET waits for the hung server, a GET of server 2's smbServerName has no answer" \
		[ ! -e "$SNMP_DIR/get.done" ]
fi
wait "$setter" "$getter"
# shellcheck disable=SC2086
kill -CONT $rpcd
check_eq "sync: the SET is answered undoFailed at its delete-timeout" 0 "$(cat "$SNMP_DIR/set.done")"
check_eq "sync: then the GET, with the right value" "0 fs1-async" \
	"$(cat "$SNMP_DIR/get.done") $(cat "$SNMP_DIR/get.out")"
at_wait_gone 127.0.0.4 nstest3 || fail "sync: the late delete ends the session"
check_eq "sync: that pair ended, no other (smbstatus)" \
	"$(at_groups_without 127.0.0.4 nstest3 "$before")" "$(samba_session_groups)"

check "netsessd is still running" nsd_alive
at_no_secret_leaked
echo "run time: $((SECONDS - t0)) s"
finish
