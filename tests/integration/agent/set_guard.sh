#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A refused SET ends no session, whatever else its PDU holds.
# - smbServerDisconnectClient written with backslashes only ("\\") names no
#   client once the backslashes the agent adds itself are taken off: it is
#   as empty as "", so wrongValue, and nothing is sent;
# - a PDU holding a good destroy(6) and such a write is refused as a whole
#   in the test phase (RFC 3416 4.2.5): the destroy beside it is not carried
#   out either, whichever comes first in the PDU;
# - a client name written with its leading backslashes ("\\127.0.0.4")
#   ends the sessions of that client, as the MIB says.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest3"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
at_fs1_xml >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"
at_table_matches_smbstatus "smbSessionTable matches smbstatus at start"

row=$(snmp_session_oid $NS_SES_STATUS 1 127.0.0.2 nstest1)
disc_client=$NS_SERVER_ENTRY.$NS_SRV_DISC_CLIENT.1
traps_before=$(snmp_traps smbSessionDeleted | wc -l)
before=$(samba_session_groups)
counters=$(at_counters 1)

check "smbServerDisconnectClient.1 = \"\\\\\" gives wrongValue" \
	snmp_set_expect wrongValue snmp_rw "$disc_client" s '\\'
check "a destroy, then smbServerDisconnectClient.1 = \"\\\\\", in one PDU gives wrongValue" \
	snmp_set_expect wrongValue snmp_rw "$row" i 6 "$disc_client" s '\\'
check "smbServerDisconnectClient.1 = \"\\\\\", then a destroy, in one PDU gives wrongValue" \
	snmp_set_expect wrongValue snmp_rw "$disc_client" s '\\' "$row" i 6
at_nothing_ended "backslashes only" "$before" "$counters"
check_eq "the row beside the refused write is still there" present \
	"$(at_row_state 127.0.0.2 nstest1)"
check_eq "no smbSessionDeleted was sent for the refused SETs" "$traps_before" \
	"$(snmp_traps smbSessionDeleted | wc -l)"

# The leading backslashes of a real name are the agent's to add.
before=$(samba_session_groups)
check "smbServerDisconnectClient.1 = \"\\\\127.0.0.4\" is noError" \
	snmp_set_expect noError snmp_rw "$disc_client" s '\\127.0.0.4'
if at_wait_gone 127.0.0.4 ""; then
	pass "\\\\127.0.0.4: smbstatus shows no session of client 127.0.0.4"
else
	fail "\\\\127.0.0.4: smbstatus shows no session of client 127.0.0.4"
fi
check_eq "\\\\127.0.0.4: every other session is still there (smbstatus)" \
	"$(at_groups_without 127.0.0.4 "" "$before")" "$(samba_session_groups)"
check_eq "\\\\127.0.0.4: smbServerDeletes 1, smbServerDeleteFailures 0" "1 0" \
	"$(at_counters 1)"
# _trap_seen LINE: snmptrapd has logged this smbSessionDeleted.
_trap_seen() {
	at_deleted_traps | grepq -xF "$1"
}
check "\\\\127.0.0.4: smbSessionDeleted names client 127.0.0.4, no user, result 0" \
	snmp_wait "the smbSessionDeleted of 127.0.0.4" _trap_seen \
	"$(at_deleted_trap fs1 127.0.0.4 '' 0)"

check "netsessd is still running" nsd_alive
at_no_secret_leaked
echo "run time: $((SECONDS - t0)) s"
finish
