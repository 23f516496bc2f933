#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd under a master left at Net-SNMP's defaults (agentXTimeout 1 s,
# agentXRetries 5), as most snmpd.conf files are: a SET must be answered
# within 1 s or the master re-sends it and, in the end, drops the subagent.
# - a destroy on a working server gives noError and ends that pair only;
# - a destroy the server does not answer in time (Samba's RPC services
#   frozen) gives commitFailed after the 0.8 s delete-timeout, not genErr;
#   the subagent stays registered, the late outcome is logged and the
#   sessions end.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/agent_test.sh
. "$here/lib/agent_test.sh" || exit 1

export SNMP_MASTER_DEFAULTS=1
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest1"
snmp_start || fatal "the private snmpd and snmptrapd start"
check "snmpd.conf leaves agentXTimeout and agentXRetries at their defaults" \
	eval '! grep -Eq "^agentX(Timeout|Retries)" "$SNMP_DIR/snmpd.conf"'
at_fs1_xml >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"
at_table_matches_smbstatus "the table matches smbstatus"

before=$(samba_session_groups)
check "destroy of (127.0.0.2, nstest1) gives noError within the default 1 s" \
	snmp_set_expect noError snmp_rw \
	'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.2"."nstest1"' i 6
at_wait_gone 127.0.0.2 nstest1 || fail "the sessions of (127.0.0.2, nstest1) end"
check_eq "that pair ended and no other (smbstatus)" \
	"$(at_groups_without 127.0.0.2 nstest1 "$before")" "$(samba_session_groups)"

before=$(samba_session_groups)
lines=$(wc -l <"$NSD_LOG")
check "a destroy the server cannot answer in time gives commitFailed, not genErr" \
	at_destroy_frozen 127.0.0.3 nstest2
check "netsessd is still running" nsd_alive
check "the subagent is still registered: smbServerName.1 reads fs1" \
	eval '[ "$(snmp_server_get 1 2)" = fs1 ]'
check "the late outcome is logged: 127.0.0.3, nstest2, NERR_Success" \
	snmp_wait "the late result in the log" eval \
	'tail -n +$((lines + 1)) "$NSD_LOG" | grep 127.0.0.3 | grep nstest2 | grep -q NERR_Success'
at_wait_gone 127.0.0.3 nstest2 || fail "the slow delete ends the session in the end"
check_eq "the slow delete ended that pair and no other (smbstatus)" \
	"$(at_groups_without 127.0.0.3 nstest2 "$before")" "$(samba_session_groups)"
# Net-SNMP's subagent logs these when the master closes its session.
check "the master never dropped the subagent (netsessd's log)" \
	eval '! grep -Eq "AgentX master (disconnected us|agent failed to respond)" "$NSD_LOG"'
finish
