#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A SET whose deletes do not all succeed gets one answer that never claims
# less effect than happened (RFC 3416 4.2.5: commitFailed = nothing took
# effect), checked against smbstatus on a real Samba:
# - a destroy that ends sessions and a disconnect the server refuses, in one
#   PDU, in either order: undoFailed, with the index of the refused varbind;
#   exactly the destroyed pair ended; the log's answer line and its line per
#   varbind say which delete ended sessions and which did not; one
#   smbSessionDeleted each, with its result; each server counts its own;
# - two refused deletes: commitFailed, at the first; nothing ended;
# - a destroy whose delete-timeout passes while Samba cannot answer:
#   undoFailed (it may take effect); nothing counted and
#   smbServerLastError NETSESS_E_TIMEOUT while its outcome is unknown; once
#   Samba answers, the late NERR_Success is logged ("sessions ended"),
#   notified with result 0, counted once in smbServerDeletes, and the
#   session ends; the PDU's log line said "outcome unknown";
# - such a delete next to one that fails: undoFailed too, at the failed one.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

NETSESS_E_TIMEOUT=$((0x20000004))

t0=$SECONDS
command -v python3 >/dev/null 2>&1 || fatal "python3 is required (lib/snmp_reply.py)"
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest3" "127.0.0.5 nstest1" \
	"127.0.0.6 nstest2" "127.0.0.7 nstest3"
snmp_start || fatal "the private snmpd and snmptrapd start"
pass_var=SAMBA_PASS_nstest2
{
	at_fs1_xml 1 fs1
	at_fs1_xml 2 fs2
	# Not an administrator: Samba refuses its deletes (ERROR_ACCESS_DENIED).
	nsd_server_xml 3 noadmin 127.0.0.1 "$SAMBA_PORT" nstest2 "${!pass_var}"
	# A delete-timeout of 1 s; polled at start only, so that no poll of its
	# own is in flight when Samba's RPC services are frozen.
	NSD_DELETE_TIMEOUT=1 NSD_POLL_INTERVAL=600 at_fs1_xml 4 fs1-short
} >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"
at_wait_polls 1 1 || fail "server 1 is polled again"
at_table_matches_smbstatus "smbSessionTable matches smbstatus at start"
check_eq "server 3 (noadmin) is accessDenied(5)" 5 "$(snmp_server_get 3 $NS_SRV_STATUS)"

row() {
	snmp_session_oid $NS_SES_STATUS "$@"
}
disc_user3=$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.3
disc_client3=$NS_SERVER_ENTRY.$NS_SRV_DISC_CLIENT.3

# logged LINE: a whole line of the log since $lines is LINE.
logged() {
	tail -n +$((lines + 1)) "$NSD_LOG" | grepq -xF "$1"
}
# logged_re REGEX: the same for an extended regular expression.
logged_re() {
	tail -n +$((lines + 1)) "$NSD_LOG" | grepq -xE "$1"
}
_trap_seen() {
	at_deleted_traps | grepq -xF "$1"
}
# expect_trap DESCRIPTION SERVER CLIENT USER RESULT
expect_trap() {
	check "$1" snmp_wait "smbSessionDeleted of $2 $3 $4" _trap_seen \
		"$(at_deleted_trap "$2" "$3" "$4" "$5")"
}
# ended_exactly DESCRIPTION BEFORE CLIENT USER: that pair ended, no other.
ended_exactly() {
	if at_wait_gone "$3" "$4"; then
		pass "$1: smbstatus shows no session of $3/$4"
	else
		fail "$1: smbstatus shows no session of $3/$4"
	fi
	check_eq "$1: every other session is still there (smbstatus)" \
		"$(at_groups_without "$3" "$4" "$2")" "$(samba_session_groups)"
}

# --- one delete ends sessions, the other is refused -------------------------

before=$(samba_session_groups)
c1=$(at_counters 1) c3=$(at_counters 3)
lines=$(wc -l <"$NSD_LOG")
check_eq "destroy 1/127.0.0.2/nstest1, then smbServerDisconnectUser.3 (refused): undoFailed at varbind 2" \
	"undoFailed 2" "$(at_set_answer "$(row 1 127.0.0.2 nstest1)" i 6 "$disc_user3" s nstest3)"
ended_exactly "undoFailed" "$before" 127.0.0.2 nstest1
check "the log gives the answer" logged "SET answered undoFailed (varbind 2): 2 deletes"
check "the log: varbind 1 ended sessions" \
	logged 'SET varbind 1: server fs1 [1]: NetSessionDel(client="127.0.0.2", user="nstest1"): sessions ended'
check "the log: varbind 2 ended none" \
	logged 'SET varbind 2: server noadmin [3]: NetSessionDel(client=any, user="nstest3"): failed, nothing ended (ERROR_ACCESS_DENIED)'
check "the log: the delete on fs1, NERR_Success, sessions ended" \
	logged_re 'server fs1 \[1\]: NetSessionDel\(client="127\.0\.0\.2", user="nstest1"\): NERR_Success \(0\) after [0-9]+ ms: sessions ended by agentx'
check "the log: the delete on noadmin, ERROR_ACCESS_DENIED, nothing ended" \
	logged_re 'server noadmin \[3\]: NetSessionDel\(client=any, user="nstest3"\): ERROR_ACCESS_DENIED \(5\) after [0-9]+ ms: failed, nothing ended by agentx'
expect_trap "smbSessionDeleted: fs1, 127.0.0.2, nstest1, result 0" fs1 127.0.0.2 nstest1 0
expect_trap "smbSessionDeleted: noadmin, no client, nstest3, result 5" noadmin "" nstest3 5
check_eq "fs1 counts one delete" "$((${c1% *} + 1)) ${c1#* }" "$(at_counters 1)"
check_eq "noadmin counts one failure" "${c3% *} $((${c3#* } + 1))" "$(at_counters 3)"

# The same, the refused varbind first, the working one on another server.
before=$(samba_session_groups)
c2=$(at_counters 2)
lines=$(wc -l <"$NSD_LOG")
check_eq "smbServerDisconnectClient.3 (refused), then destroy 2/127.0.0.3/nstest2: undoFailed at varbind 1" \
	"undoFailed 1" "$(at_set_answer "$disc_client3" s 127.0.0.4 "$(row 2 127.0.0.3 nstest2)" i 6)"
ended_exactly "undoFailed, reversed" "$before" 127.0.0.3 nstest2
check "the log gives the answer" logged "SET answered undoFailed (varbind 1): 2 deletes"
check "the log: varbind 2, on fs2, ended sessions" \
	logged 'SET varbind 2: server fs2 [2]: NetSessionDel(client="127.0.0.3", user="nstest2"): sessions ended'
check_eq "fs2 counts one delete" "$((${c2% *} + 1)) ${c2#* }" "$(at_counters 2)"

# --- nothing took effect ------------------------------------------------------

before=$(samba_session_groups)
c3=$(at_counters 3)
lines=$(wc -l <"$NSD_LOG")
check_eq "two refused disconnects: commitFailed at varbind 1" "commitFailed 1" \
	"$(at_set_answer "$disc_user3" s nstest1 "$disc_client3" s 127.0.0.5)"
check "the log gives the answer" logged "SET answered commitFailed (varbind 1): 2 deletes"
check_eq "noadmin counts two failures" "${c3% *} $((${c3#* } + 2))" "$(at_counters 3)"
at_nothing_ended_since() {
	at_wait_polls 1 2 || fail "$1: server 1 is polled again"
	check_eq "$1: no session ended (smbstatus)" "$2" "$(samba_session_groups)"
}
at_nothing_ended_since "commitFailed" "$before"

# --- a delete whose outcome is not known when the SET is answered -------------

rpcd=$(at_rpcd_pids)
check "Samba's RPC services run ($(echo $rpcd))" [ -n "$rpcd" ]
before=$(samba_session_groups)
c4=$(at_counters 4)
lines=$(wc -l <"$NSD_LOG")
# shellcheck disable=SC2086
kill -STOP $rpcd
check_eq "destroy 4/127.0.0.6/nstest2 with Samba frozen: undoFailed at varbind 1" \
	"undoFailed 1" "$(at_set_answer "$(row 4 127.0.0.6 nstest2)" i 6)"
check_eq "while its outcome is unknown: nothing counted" "$c4" "$(at_counters 4)"
check_eq "while its outcome is unknown: smbServerLastError NETSESS_E_TIMEOUT" \
	"$NETSESS_E_TIMEOUT" "$(snmp_server_get 4 $NS_SRV_LASTERROR)"
check "the log: no answer within 1000 ms, outcome unknown" \
	logged 'server fs1-short [4]: NetSessionDel(client="127.0.0.6", user="nstest2"): no answer within 1000 ms: outcome unknown until the server answers; it is logged then by agentx'
check "the log: the SET's varbind is \"outcome unknown\"" \
	logged 'SET varbind 1: server fs1-short [4]: NetSessionDel(client="127.0.0.6", user="nstest2"): outcome unknown, still under way'
# shellcheck disable=SC2086
kill -CONT $rpcd
check "the late result is logged: NERR_Success, sessions ended" snmp_wait "the late result" \
	logged_re 'server fs1-short \[4\]: NetSessionDel\(client="127\.0\.0\.6", user="nstest2"\): late result: NERR_Success \(0\) after [0-9]+ ms: sessions ended by agentx'
expect_trap "smbSessionDeleted carries the late result: fs1-short, 127.0.0.6, nstest2, 0" \
	fs1-short 127.0.0.6 nstest2 0
check_eq "the late NERR_Success is counted once, in smbServerDeletes" \
	"$((${c4% *} + 1)) ${c4#* }" "$(at_counters 4)"
check_eq "smbServerLastError is 0 again" 0 "$(snmp_server_get 4 $NS_SRV_LASTERROR)"
ended_exactly "the late delete" "$before" 127.0.0.6 nstest2

# An unknown outcome next to a refusal: undoFailed, at the refused varbind.
before=$(samba_session_groups)
lines=$(wc -l <"$NSD_LOG")
# shellcheck disable=SC2086
kill -STOP $rpcd
got=$(at_set_answer "$disc_user3" s nstest1 "$(row 4 127.0.0.7 nstest3)" i 6)
# shellcheck disable=SC2086
kill -CONT $rpcd
check_eq "a refused disconnect and a destroy whose outcome is unknown: undoFailed at varbind 1" \
	"undoFailed 1" "$got"
check "the log gives the answer" logged "SET answered undoFailed (varbind 1): 2 deletes"
ended_exactly "the late delete beside a refusal" "$before" 127.0.0.7 nstest3

check "netsessd is still running" nsd_alive
at_no_secret_leaked
echo "run time: $((SECONDS - t0)) s"
finish
