#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd stops cleanly and promptly:
# - SIGTERM while a poll waits on a server that never answers: netsessd
#   exits with status 0 within 1 s, its helpers have ended,
#   SMB-SESSION-MIB is no longer served, and its log ends with "netsessd
#   stopped": no Net-SNMP assertion ("lock in _callback_lock",
#   "netsnmp_assert"), no "reconnecting";
# - SIGTERM while a SET waits for a delete (Samba's RPC services frozen,
#   delete-timeout 3 s): the SET gets its answer (undoFailed at the
#   delete-timeout: the delete was sent, its outcome is unknown), then
#   netsessd exits, within delete-timeout + 1 s of the signal;
# - a second SIGTERM exits at once, without waiting for the delete;
# - netsessd and the master stopped at the same moment, in either order
#   (as a service manager or a test harness stops them): the log still
#   ends with "netsessd stopped", with no assertion and no reconnect
#   (AgentX: standalone, there is no master);
# - smbstatus before and after each stop: no session ended but the one a
#   pending delete named (which Samba may still carry out once it runs
#   again) and netsessd's own.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

DELETE_TIMEOUT_S=3

# A server that accepts TCP connections and never answers (lib/hang.sh).
# shellcheck source=../lib/hang.sh
. "$here/../lib/hang.sh" || exit 1
trap hang_stop EXIT

# nsd_helpers: the pids of netsessd's children.
nsd_helpers() {
	grep -lx "PPid:[[:space:]]*$NSD_PID" /proc/[0-9]*/status 2>/dev/null |
		sed -e 's|^/proc/||' -e 's|/status$||'
}

_now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# term_and_time [again]: sends SIGTERM (with "again", a second one once
# netsessd has logged that it is stopping: signals of one kind that arrive
# together are one), waits for netsessd to exit (at most SNMP_TIMEOUT s)
# and sets STOP_MS (from the last signal to the exit) and STOP_RC (its exit
# status).
term_and_time() {
	local pid=$NSD_PID start deadline=$((SECONDS + SNMP_TIMEOUT))
	start=$(_now_ms)
	kill -TERM "$pid"
	if [ "${1:-}" = again ]; then
		snmp_wait "netsessd to say it is stopping" _log_has "SIGTERM: stopping"
		start=$(_now_ms)
		kill -TERM "$pid"
	fi
	while kill -0 "$pid" 2>/dev/null && [ "$(awk '$1 == "State:" { print $2 }' "/proc/$pid/status" 2>/dev/null)" != Z ]; do
		if ((SECONDS >= deadline)); then
			kill -KILL "$pid"
			break
		fi
		sleep 0.02
	done
	STOP_MS=$(($(_now_ms) - start))
	wait "$pid" 2>/dev/null
	STOP_RC=$?
	NSD_PID=
}

# log_clean DESCRIPTION [master-gone]: no assertion anywhere in the log,
# nothing after "netsessd stopped"; and, unless the master went away too
# (when Net-SNMP may say so before netsessd stops), no "reconnecting".
log_clean() {
	check "$1: no Net-SNMP assertion in the log" \
		eval '! grep -Eq "lock in _callback_lock|netsnmp_assert" "$NSD_LOG"'
	check_eq "$1: the log ends with \"netsessd stopped\"" "netsessd stopped" \
		"$(tail -n 1 "$NSD_LOG")"
	[ "${2:-}" = master-gone ] ||
		check "$1: no \"reconnecting\" in the log" eval '! grep -q "reconnecting" "$NSD_LOG"'
}

# A destroy of (CLIENT, USER) on server 1, in the background; its answer
# goes to $SNMP_DIR/set.out.
set_in_background() {
	snmp_set_expect "$3" snmp_rw \
		"SMB-SESSION-MIB::smbSessionRowStatus.1.\"$1\".\"$2\"" i 6 \
		>"$SNMP_DIR/set.out" 2>&1 &
	SET_PID=$!
}

_log_has() {
	grep -q "$1" "$NSD_LOG"
}

t0=$SECONDS
hang_start || fatal "the hanging server (a TCP listener that never answers) starts"
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest3"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
{
	at_fs1_xml 1 fs1
	nsd_server_xml 2 hang 127.0.0.1 "$HANG_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
} >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"
at_table_matches_smbstatus "smbSessionTable matches smbstatus at start"
smbstatus_start=$(samba_session_groups)

# others_unchanged DESCRIPTION [CLIENT/USER...]: after a bounded wait
# (Samba ends sessions asynchronously), smbstatus shows the sessions of the
# start but netsessd's own and those of the pairs given (deletes left
# pending, which Samba may carry out once it runs again).
others_unchanged() {
	local what=$1 want got p
	shift
	sleep 2
	want=$(at_groups_without 127.0.0.1 "" "$smbstatus_start")
	got=$(at_groups_without 127.0.0.1 "" "$(samba_session_groups)")
	for p in "$@"; do
		want=$(at_groups_without "${p%/*}" "${p#*/}" "$want")
		got=$(at_groups_without "${p%/*}" "${p#*/}" "$got")
	done
	check_eq "$what: no other session ended (smbstatus)" "$want" "$got"
}

# --- SIGTERM with a poll waiting on a server that never answers ----------

check "server 2's poll waits on the hanging server" \
	[ "$(snmp_server_get 2 $NS_SRV_STATUS)" = $NS_ST_UNREACHABLE ]
helpers=$(nsd_helpers)
check "netsessd has its helpers ($(echo $helpers))" [ -n "$helpers" ]
term_and_time
echo "    netsessd exited $STOP_MS ms after SIGTERM"
check_eq "SIGTERM: exit status 0" 0 "$STOP_RC"
check "SIGTERM with a poll waiting: exited within 1 s ($STOP_MS ms)" [ "$STOP_MS" -le 1000 ]
left=
for p in $helpers; do
	! kill -0 "$p" 2>/dev/null || left="$left $p"
done
check_eq "SIGTERM: every helper has ended" "" "$left"
log_clean "SIGTERM"
check "SIGTERM: SMB-SESSION-MIB is no longer served" snmp_wait "the tables to go" nsd_gone
others_unchanged "SIGTERM"

# --- SIGTERM with a SET waiting for its delete ------------------------------

# One poll only, the first (nsd_start waits for it): a poll still under
# way when Samba's RPC services are frozen would hang, and the delete
# would wait behind it, unsent, instead of being under way.
NSD_POLL_INTERVAL=3600 NSD_DELETE_TIMEOUT=$DELETE_TIMEOUT_S at_fs1_xml >"$SNMP_DIR/servers.xml"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
: >"$SNMP_DIR/netsessd.log"
nsd_start "$SNMP_DIR/netsessd.xml" -d || fatal "netsessd starts again"
rpcd=$(at_rpcd_pids)
[ -n "$rpcd" ] || fatal "Samba's rpcd_* processes are found"
# shellcheck disable=SC2086
kill -STOP $rpcd
set_in_background 127.0.0.2 nstest1 undoFailed
snmp_wait "the delete to be under way" _log_has 'NetSessionDel(client="127.0.0.2", user="nstest1"): queued' ||
	fail "the delete is under way"
term_and_time
wait "$SET_PID"
set_rc=$?
# shellcheck disable=SC2086
kill -CONT $rpcd
echo "    netsessd exited $STOP_MS ms after SIGTERM"
check_eq "SIGTERM with a delete under way: exit status 0" 0 "$STOP_RC"
check "the waiting SET got its answer, undoFailed (its outcome unknown)" [ "$set_rc" = 0 ]
[ "$set_rc" = 0 ] || show "$(cat "$SNMP_DIR/set.out")"
check "... and netsessd exited within delete-timeout + 1 s ($STOP_MS ms <= $(((DELETE_TIMEOUT_S + 1) * 1000)) ms)" \
	[ "$STOP_MS" -le $(((DELETE_TIMEOUT_S + 1) * 1000)) ]
check "the log says the delete got no answer within its delete-timeout" \
	grep -q "no answer within $((DELETE_TIMEOUT_S * 1000)) ms: outcome unknown" "$NSD_LOG"
check "the log says the SET was answered undoFailed" \
	grep -qF "SET answered undoFailed (varbind 1): 1 delete" "$NSD_LOG"
check "the log says the outcome stays unknown, not counted, as netsessd stops" \
	grep -qF 'NetSessionDel(client="127.0.0.2", user="nstest1"): outcome unknown: netsessd is stopping (not counted)' "$NSD_LOG"
log_clean "SIGTERM with a delete under way"
others_unchanged "SIGTERM with a delete under way" 127.0.0.2/nstest1

# --- a second SIGTERM exits at once ------------------------------------------

: >"$SNMP_DIR/netsessd.log"
nsd_start "$SNMP_DIR/netsessd.xml" -d || fatal "netsessd starts again"
helpers=$(nsd_helpers)
# shellcheck disable=SC2086
kill -STOP $rpcd
set_in_background 127.0.0.3 nstest2 '.*'
snmp_wait "the delete to be under way" _log_has 'NetSessionDel(client="127.0.0.3", user="nstest2"): queued' ||
	fail "the delete is under way"
term_and_time again
wait "$SET_PID"
# shellcheck disable=SC2086
kill -CONT $rpcd
echo "    netsessd exited $STOP_MS ms after the second SIGTERM"
check "a second SIGTERM: exited at once, within 1 s, not at the delete-timeout ($STOP_MS ms)" \
	[ "$STOP_MS" -le 1000 ]
check "the log says so" grep -q "SIGTERM again: exiting without waiting for pending SETs" "$NSD_LOG"
left=
for p in $helpers; do
	snmp_wait "helper $p to end" eval '! kill -0 '"$p"' 2>/dev/null' || left="$left $p"
done
check_eq "two SIGTERMs: no helper is left running" "" "$left"
check "two SIGTERMs: no Net-SNMP assertion in the log" \
	eval '! grep -Eq "lock in _callback_lock|netsnmp_assert" "$NSD_LOG"'
others_unchanged "two SIGTERMs" 127.0.0.2/nstest1 127.0.0.3/nstest2

# --- netsessd and the master stopped together (AgentX) -----------------------

if at_agentx; then
	for round in 1 2 3; do
		: >"$SNMP_DIR/netsessd.log"
		nsd_start "$SNMP_DIR/netsessd.xml" || fatal "netsessd starts again"
		pid=$NSD_PID
		case $round in
		1) kill -TERM "$pid" "$SNMPD_PID" ;;
		2) kill -TERM "$SNMPD_PID" && kill -TERM "$pid" ;;
		3) kill -TERM "$pid" && kill -TERM "$SNMPD_PID" ;;
		esac
		wait "$pid"
		rc=$?
		NSD_PID=
		snmpd_stop
		check_eq "stopped with the master ($round): exit status 0" 0 "$rc"
		log_clean "stopped with the master ($round)" master-gone
		snmpd_launch || fatal "snmpd starts again"
	done
	others_unchanged "stopped with the master" 127.0.0.2/nstest1 127.0.0.3/nstest2
fi

echo "run time: $((SECONDS - t0)) s"
finish
