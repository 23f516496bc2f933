#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd under a master left at Net-SNMP's defaults (agentXTimeout 1 s,
# agentXRetries 5), as most snmpd.conf files are: a SET must be answered
# within 1 s or the master re-sends it and, in the end, drops the subagent.
# - a destroy on a working server ends that pair only, and its answer is
#   noError, or, on a machine too slow to delete within the default 0.8 s,
#   undoFailed (the delete outlasted it: it may take effect) or
#   commitFailed (it was never sent) with the reason in the log: never
#   genErr (the test checks the timeouts' fit, not the machine's speed);
# - a destroy the server does not answer in time (Samba's RPC services
#   frozen) gives undoFailed after the 0.8 s delete-timeout, not genErr;
#   the subagent stays registered, the late outcome is logged and the
#   sessions end.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

export SNMP_MASTER_DEFAULTS=1
# netsessd's own default delete-timeout (0.8 s), the one that fits the
# master's default agentXTimeout: no delete-timeout attribute.
NSD_DELETE_TIMEOUT=
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest1"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
check "snmpd.conf leaves agentXTimeout and agentXRetries at their defaults" \
	eval '! grep -Eq "^agentX(Timeout|Retries)" "$SNMP_DIR/snmpd.conf"'
{
	at_fs1_xml 1 fs1
	# The same Samba, polled rarely, for the destroy while Samba's RPC
	# services are frozen: no poll of its own is in flight then, so the
	# delete is sent at once and outlasts the delete-timeout.
	NSD_POLL_INTERVAL=600 at_fs1_xml 2 fs1-idle
} >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"
# Each server has its own session on Samba: compare after a poll of
# server 1 that sees both.
at_wait_polls 1 1 || fail "server 1 is polled again"
at_table_matches_smbstatus "the table matches smbstatus"

# The answer under the default timeouts. noError on any usual machine;
# on one too slow for the default 0.8 s, the log says which of the two
# documented cases it was: the delete outlasted the timeout (undoFailed:
# the sessions end later) or it was never sent (commitFailed: nothing
# ends).
before=$(samba_session_groups)
counters=$(at_counters 1)
lines=$(wc -l <"$NSD_LOG")
out=$(snmp_rw snmpset -Ir 'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.2"."nstest1"' i 6 2>&1)
rc=$?
reason=$(printf '%s\n' "$out" | sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p' | head -n 1)
_log_since() {
	tail -n +$((lines + 1)) "$NSD_LOG" | grep -F 'client="127.0.0.2", user="nstest1"' | grepq "$1"
}
if [ "$rc" -eq 0 ] && [ -z "$reason" ]; then
	pass "destroy of (127.0.0.2, nstest1) gives noError within the default timeouts"
	sent=yes
elif [ "$reason" = undoFailed ] && _log_since 'no answer within 800 ms'; then
	pass "destroy of (127.0.0.2, nstest1): undoFailed, the log says it outlasted 800 ms (a slow machine)"
	sent=yes
elif [ "$reason" = commitFailed ] && _log_since 'not sent: the helper was still busy'; then
	pass "destroy of (127.0.0.2, nstest1): commitFailed, the log says it was not sent (a slow machine)"
	sent=no
else
	fail "destroy of (127.0.0.2, nstest1) gives noError, or undoFailed/commitFailed with its reason in the log (exit $rc)"
	show "$out"
	sent=yes
fi
if [ "$sent" = yes ]; then
	at_wait_gone 127.0.0.2 nstest1 || fail "the sessions of (127.0.0.2, nstest1) end"
	check_eq "that pair ended and no other (smbstatus)" \
		"$(at_groups_without 127.0.0.2 nstest1 "$before")" "$(samba_session_groups)"
else
	at_nothing_ended "a delete that was not sent" "$before" "$counters"
fi

before=$(samba_session_groups)
lines=$(wc -l <"$NSD_LOG")
check "a destroy the server cannot answer in time gives undoFailed, not genErr" \
	at_destroy_frozen 127.0.0.3 nstest2 2
check "netsessd is still running" nsd_alive
check "the subagent is still registered: smbServerName.1 reads fs1" \
	eval '[ "$(snmp_server_get 1 2)" = fs1 ]'
check "the late outcome is logged: 127.0.0.3, nstest2, NERR_Success" \
	snmp_wait "the late result in the log" eval \
	'tail -n +$((lines + 1)) "$NSD_LOG" | grep 127.0.0.3 | grep nstest2 | grepq NERR_Success'
at_wait_gone 127.0.0.3 nstest2 || fail "the slow delete ends the session in the end"
check_eq "the slow delete ended that pair and no other (smbstatus)" \
	"$(at_groups_without 127.0.0.3 nstest2 "$before")" "$(samba_session_groups)"
# Net-SNMP's subagent logs these when the master closes its session.
check "the master never dropped the subagent (netsessd's log)" \
	eval '! grep -Eq "AgentX master (disconnected us|agent failed to respond)" "$NSD_LOG"'
finish
