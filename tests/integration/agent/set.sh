#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd write side: ending sessions through SNMP, checked against
# smbstatus before and after.
# - smbSessionRowStatus destroy(6) ends exactly the sessions of that
#   (client, user) and no others; the row is gone from the next read;
# - several destroys in one SET PDU;
# - smbServerDisconnectUser / smbServerDisconnectClient end every session
#   of a user / from a client; an empty string gives wrongValue and ends
#   nothing;
# - smbServerDeletes counts each NetSessionDel.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.2 nstest2" \
	"127.0.0.3 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest3" \
	"127.0.0.5 nstest1" "127.0.0.5 nstest3" "127.0.0.6 nstest2" \
	"127.0.0.7 nstest3"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
at_fs1_xml >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"

echo "smbstatus at start:"
samba_sessions | sed 's/^/    /'
at_table_matches_smbstatus "smbSessionTable matches smbstatus at start"

# expect_after DESCRIPTION BEFORE CLIENT USER: smbstatus lost exactly the
# sessions of (CLIENT, USER) ("" = any), once they are gone.
expect_after() {
	local what=$1 before=$2 client=$3 user=$4
	if at_wait_gone "$client" "$user"; then
		pass "$what: smbstatus shows no session of client='$client' user='$user'"
	else
		fail "$what: smbstatus shows no session of client='$client' user='$user'"
	fi
	check_eq "$what: every other session is still there (smbstatus)" \
		"$(at_groups_without "$client" "$user" "$before")" "$(samba_session_groups)"
}

# --- destroy one row, by name -----------------------------------------

before=$(samba_session_groups)
check "destroy: snmpset smbSessionRowStatus.1.\"127.0.0.2\".\"nstest1\" = destroy(6) is noError" \
	snmp_set_expect noError snmp_rw \
	'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.2"."nstest1"' i 6
# [issue] the rows of the server are re-polled at once: the very next read
# no longer shows the row.
check_eq "destroy: the row is gone from the next walk" absent \
	"$(at_row_state 127.0.0.2 nstest1)"
expect_after "destroy 127.0.0.2/nstest1" "$before" 127.0.0.2 nstest1
check_eq "destroy: smbServerDeletes 1, smbServerDeleteFailures 0" "1 0" "$(at_counters 1)"
check_eq "destroy: smbServerLastError 0" 0 "$(snmp_server_get 1 $NS_SRV_LASTERROR)"
check_eq "destroy: smbServerStatus still ok(2)" $NS_ST_OK "$(snmp_server_get 1 $NS_SRV_STATUS)"
# Nothing else ends later either; the table agrees with smbstatus.
after=$(samba_session_groups)
at_wait_polls 1 2 || fail "server 1 is polled after the destroy"
check_eq "destroy: two polls later smbstatus is unchanged" "$after" "$(samba_session_groups)"
at_table_matches_smbstatus "destroy: smbSessionTable matches smbstatus"

# --- several destroys in one SET PDU, numeric OIDs --------------------

before=$(samba_session_groups)
check "two destroys in one SET PDU are noError" \
	snmp_set_expect noError snmp_rw \
	"$(snmp_session_oid $NS_SES_STATUS 1 127.0.0.3 nstest1)" i 6 \
	"$(snmp_session_oid $NS_SES_STATUS 1 127.0.0.4 nstest3)" i 6
check_eq "two destroys: both rows are gone from the next walk" "absent absent" \
	"$(at_row_state 127.0.0.3 nstest1) $(at_row_state 127.0.0.4 nstest3)"
at_wait_gone 127.0.0.3 nstest1 || fail "two destroys: 127.0.0.3/nstest1 ends"
at_wait_gone 127.0.0.4 nstest3 || fail "two destroys: 127.0.0.4/nstest3 ends"
want=$(at_groups_without 127.0.0.3 nstest1 "$before")
want=$(at_groups_without 127.0.0.4 nstest3 "$want")
check_eq "two destroys: exactly those two pairs ended (smbstatus)" "$want" "$(samba_session_groups)"
check_eq "two destroys: smbServerDeletes 3" "3 0" "$(at_counters 1)"
at_wait_polls 1 2 || fail "server 1 is polled after the two destroys"
at_table_matches_smbstatus "two destroys: smbSessionTable matches smbstatus"

# --- smbServerDisconnectUser ------------------------------------------

before=$(samba_session_groups)
check "snmpset smbServerDisconnectUser.1 = \"nstest2\" is noError" \
	snmp_set_expect noError snmp_rw 'SMB-SESSION-MIB::smbServerDisconnectUser.1' s nstest2
expect_after "disconnect user nstest2" "$before" "" nstest2
check_eq "disconnect user: smbServerDeletes 4" "4 0" "$(at_counters 1)"
at_wait_polls 1 2 || fail "server 1 is polled after the disconnect"
at_table_matches_smbstatus "disconnect user: smbSessionTable matches smbstatus"
if rows=$(at_rows_of 1); then
	check_eq "disconnect user: a complete walk shows no row of nstest2" "" \
		"$(printf '%s\n' "$rows" | awk '$2 == "nstest2"')"
else
	fail "disconnect user: a complete walk shows no row of nstest2 ($rows)"
fi

# --- smbServerDisconnectClient ----------------------------------------

before=$(samba_session_groups)
check "snmpset smbServerDisconnectClient.1 = \"127.0.0.5\" is noError" \
	snmp_set_expect noError snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_CLIENT.1" s 127.0.0.5
expect_after "disconnect client 127.0.0.5" "$before" 127.0.0.5 ""
check_eq "disconnect client: smbServerDeletes 5" "5 0" "$(at_counters 1)"
at_wait_polls 1 2 || fail "server 1 is polled after the disconnect"
at_table_matches_smbstatus "disconnect client: smbSessionTable matches smbstatus"

# --- an empty name: wrongValue, nothing sent --------------------------

before=$(samba_session_groups)
counters=$(at_counters 1)
check "smbServerDisconnectUser.1 = \"\" gives wrongValue" \
	snmp_set_expect wrongValue snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.1" s ""
check "smbServerDisconnectClient.1 = \"\" gives wrongValue" \
	snmp_set_expect wrongValue snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_CLIENT.1" s ""
at_nothing_ended "empty names" "$before" "$counters"

# The bystander and netsessd's own session survived everything.
check_eq "only the untouched sessions are left" \
	"127.0.0.1 root 1
127.0.0.7 nstest3 1" "$(samba_session_groups)"
check "netsessd is still running" nsd_alive
at_no_secret_leaked
echo "run time: $((SECONDS - t0)) s"
finish
