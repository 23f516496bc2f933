#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# SETs that netsessd must refuse (RFC 2579 RowStatus, RFC 3416 errors), each
# sent with snmpset -Ir so that the agent, not the tool, decides. Every one
# returns its error and ends no session: smbstatus is the same one full
# poll later, and the delete counters did not move (nothing was sent).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
at_fs1_xml >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"
at_table_matches_smbstatus "smbSessionTable matches smbstatus at start"

row=$(snmp_session_oid $NS_SES_STATUS 1 127.0.0.2 nstest1)
absent=$(snmp_session_oid $NS_SES_STATUS 1 127.0.0.9 nobody)
count_cell=$(snmp_session_oid $NS_SES_COUNT 1 127.0.0.2 nstest1)
disc_user=$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.1
disc_client=$NS_SERVER_ENTRY.$NS_SRV_DISC_CLIENT.1
traps_before=$(snmp_traps smbSessionDeleted | wc -l)

# refused WANT DESCRIPTION FN VARBIND...: the SET gets WANT.
refused() {
	local want=$1 what=$2
	shift 2
	check "$what gives $want" snmp_set_expect "$want" "$@"
}

before=$(samba_session_groups)
counters=$(at_counters 1)

# Wrong ASN.1 types.
refused wrongType "smbSessionRowStatus set as an OCTET STRING" snmp_rw "$row" s destroy
refused wrongType "smbSessionRowStatus set as an Unsigned32" snmp_rw "$row" u 6
refused wrongType "smbServerDisconnectUser set as an INTEGER" snmp_rw "$disc_user" i 1
refused wrongType "smbServerDisconnectClient set as an OID" snmp_rw "$disc_client" o .1.3

# RowStatus values (RFC 2579): the agent never creates sessions.
refused inconsistentValue "createAndGo(4) on an existing row" snmp_rw "$row" i 4
refused inconsistentValue "createAndWait(5) on an existing row" snmp_rw "$row" i 5
refused noCreation "createAndGo(4) on an absent row" snmp_rw "$absent" i 4
refused noCreation "createAndWait(5) on an absent row" snmp_rw "$absent" i 5
refused 'wrongValue|inconsistentValue' "notInService(2) on an existing row" snmp_rw "$row" i 2
refused 'wrongValue|inconsistentValue' "notReady(3) on an existing row" snmp_rw "$row" i 3
refused wrongValue "RowStatus 7 (not a RowStatus value)" snmp_rw "$row" i 7
refused wrongValue "RowStatus 0 (not a RowStatus value)" snmp_rw "$row" i 0
check "active(1) on an existing row is noError" snmp_set_expect noError snmp_rw "$row" i 1

# Other columns are read-only.
refused notWritable "a SET of smbSessionCount" snmp_rw "$count_cell" u 0
refused notWritable "a SET of smbSessionOpens" \
	snmp_rw "$(snmp_session_oid $NS_SES_OPENS 1 127.0.0.2 nstest1)" u 0
refused notWritable "a SET of smbServerName" snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_NAME.1" s other
refused notWritable "a SET of smbServerStatus" snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_STATUS.1" i 2

# SIZE (0..64): one octet too many.
long=$(printf 'u%.0s' $(seq 65))
refused 'wrongLength|wrongValue' "a 65-octet smbServerDisconnectUser" snmp_rw "$disc_user" s "$long"

# One bad varbind fails the whole PDU: the good destroy beside it is not done.
refused wrongType "a PDU with a destroy and a wrongly typed varbind" \
	snmp_rw "$row" i 6 "$(snmp_session_oid $NS_SES_STATUS 1 127.0.0.3 nstest2)" s x

# The read-only community: the master refuses before the subagent sees it.
refused 'noAccess|notWritable|authorizationError' "destroy through the read-only community" \
	snmp_ro "$row" i 6
refused 'noAccess|notWritable|authorizationError' \
	"smbServerDisconnectUser through the read-only community" snmp_ro "$disc_user" s nstest1

at_nothing_ended "refused SETs" "$before" "$counters"
check_eq "the rows are still there" present "$(at_row_state 127.0.0.2 nstest1)"
at_table_matches_smbstatus "smbSessionTable still matches smbstatus"

# destroy(6) on a row that does not exist: noError, and nothing is sent.
counters=$(at_counters 1)
check "destroy(6) on an absent row is noError" snmp_set_expect noError snmp_rw "$absent" i 6
check "destroy(6) on a row of an unconfigured server index is noError" \
	snmp_set_expect noError snmp_rw \
	"$(snmp_session_oid $NS_SES_STATUS 99 127.0.0.2 nstest1)" i 6
at_nothing_ended "destroy of absent rows" "$before" "$counters"
check_eq "no smbSessionDeleted was sent for any of these SETs" "$traps_before" \
	"$(snmp_traps smbSessionDeleted | wc -l)"

check "netsessd is still running" nsd_alive
at_no_secret_leaked
echo "run time: $((SECONDS - t0)) s"
finish
