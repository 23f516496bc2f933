#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Deletes as docs/mib.md and netsessd(8) describe them, checked against
# smbstatus on a real Samba:
# - an anonymous session (smbclient -N): Samba names it after its guest
#   account, "nobody", with the guest flag; destroying that row ends that
#   session and not the named one from the same client;
# - a row with an empty user name (a session still logging on, which
#   NetrSessionEnum lists without a user): destroying it ends every session
#   from that client, named users included, and none from another client;
#   the log shows NetSessionDel(client="CLIENT", user=any);
# - names in the log are quoted, so that nothing passes for "unspecified":
#   a user literally named "*" is user="*", and a name with a quote, a
#   backslash or control octets is escaped; those deletes end nothing;
# - destroys of rows of two servers in one SET;
# - a delete the server refuses (an account that is not an administrator):
#   commitFailed, smbServerDeleteFailures counts it, smbServerLastError is
#   5, nothing ends;
# - a delete whose RPC process never answers: undoFailed after the
#   delete-timeout (the request may have gone out: its outcome is
#   unknown), nothing counted yet and smbServerLastError NETSESS_E_TIMEOUT;
#   the helper is killed at its deadline and that late NETSESS_E_TIMEOUT is
#   counted once, in smbServerDeleteFailures; the session is still there;
#   the next delete works and smbServerLastError returns to 0.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

NETSESS_E_TIMEOUT=$((0x20000004))

t0=$SECONDS
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest1" "127.0.0.4 nstest3" "127.0.0.5 nstest2" \
	"127.0.0.6 nstest3" "127.0.0.8 nstest1" "127.0.0.9 nstest2"
samba_hold_anonymous 127.0.0.6 || fatal "an anonymous session from 127.0.0.6 is established"
samba_hold_unauthenticated 127.0.0.8 || fatal "a session still logging on from 127.0.0.8"
samba_hold_unauthenticated 127.0.0.9 || fatal "a session still logging on from 127.0.0.9"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
pass_var=SAMBA_PASS_nstest2
{
	at_fs1_xml 1 fs1
	at_fs1_xml 2 fs2
	nsd_server_xml 3 noadmin 127.0.0.1 "$SAMBA_PORT" nstest2 "${!pass_var}"
	# Polled once, at start: no poll of its own is under way when its RPC
	# process is stopped, so the delete is what that process is given.
	NSD_POLL_INTERVAL=600 at_fs1_xml 4 fs1-idle
} >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"
# Each server has a session of its own on Samba: compare once server 1
# has seen all of them.
at_wait_polls 1 1 || fail "server 1 is polled again"
echo "smbstatus at start:"
samba_sessions | sed 's/^/    /'
at_table_matches_smbstatus "smbSessionTable matches smbstatus at start"

# destroy DESCRIPTION WANT IDX CLIENT USER: destroy(6) of that row gets WANT.
destroy() {
	check "$1: destroy(6) of row $3/$4/${5:-(empty)} gives $2" snmp_set_expect "$2" snmp_rw \
		"$(snmp_session_oid $NS_SES_STATUS "$3" "$4" "$5")" i 6
}

# ended DESCRIPTION BEFORE CLIENT USER: Samba ended the sessions of
# (CLIENT, USER) ("" = any user), and only those.
ended() {
	if at_wait_gone "$3" "$4"; then
		pass "$1: smbstatus shows no session of client=$3 user='$4'"
	else
		fail "$1: smbstatus shows no session of client=$3 user='$4'"
	fi
	check_eq "$1: every other session is still there (smbstatus)" \
		"$(at_groups_without "$3" "$4" "$2")" "$(samba_session_groups)"
}

# nothing_ended DESCRIPTION BEFORE: two polls later, smbstatus is BEFORE.
nothing_ended() {
	at_wait_polls 1 2 || fail "$1: server 1 is polled again"
	check_eq "$1: no session ended (smbstatus)" "$2" "$(samba_session_groups)"
}

# --- an anonymous session ------------------------------------------------

check_eq "anonymous: smbstatus shows user nobody from 127.0.0.6" 1 \
	"$(samba_session_count 127.0.0.6 nobody)"
check_eq "anonymous: the row 1/127.0.0.6/nobody is listed" present \
	"$(at_row_state 127.0.0.6 nobody)"
check_eq "anonymous: its smbSessionFlags is guest(0)" "80" \
	"$(snmp_rw snmpget -Oqv -Ox "$(snmp_session_oid $NS_SES_FLAGS 1 127.0.0.6 nobody)" |
		tr -d ' "')"
before=$(samba_session_groups)
destroy "anonymous" noError 1 127.0.0.6 nobody
ended "anonymous" "$before" 127.0.0.6 nobody
check_eq "anonymous: the named session from 127.0.0.6 is still there" 1 \
	"$(samba_session_count 127.0.0.6 nstest3)"

# --- a row with an empty user name ---------------------------------------

check_eq "empty user: smbstatus shows a session still logging on from 127.0.0.8" 1 \
	"$(samba_session_count 127.0.0.8 "(auth")"
check_eq "empty user: the row 1/127.0.0.8/\"\" is listed" present "$(at_row_state 127.0.0.8 "")"
before=$(samba_session_groups)
lines=$(wc -l <"$NSD_LOG")
destroy "empty user" noError 1 127.0.0.8 ""
ended "empty user: every session of 127.0.0.8 ends" "$before" 127.0.0.8 ""
check_eq "empty user: the sessions from 127.0.0.9 are still there (smbstatus)" \
	"127.0.0.9 - 1
127.0.0.9 nstest2 1" "$(samba_session_groups | grep '^127\.0\.0\.9 ')"
check "empty user: the log shows NetSessionDel(client=\"127.0.0.8\", user=any)" \
	eval 'tail -n +$((lines + 1)) "$NSD_LOG" | grepq -F "NetSessionDel(client=\"127.0.0.8\", user=any): NERR_Success"'
check_eq "after the two destroys: server 1 counts 2 deletes, no failure" "2 0" "$(at_counters 1)"

# --- two servers in one SET ----------------------------------------------

before=$(samba_session_groups)
check "rows of servers 1 and 2 destroyed in one SET: noError" \
	snmp_set_expect noError snmp_rw \
	"$(snmp_session_oid $NS_SES_STATUS 1 127.0.0.2 nstest1)" i 6 \
	"$(snmp_session_oid $NS_SES_STATUS 2 127.0.0.3 nstest1)" i 6
at_wait_gone 127.0.0.2 nstest1 || fail "two servers: 127.0.0.2/nstest1 ends"
at_wait_gone 127.0.0.3 nstest1 || fail "two servers: 127.0.0.3/nstest1 ends"
want=$(at_groups_without 127.0.0.2 nstest1 "$before")
want=$(at_groups_without 127.0.0.3 nstest1 "$want")
check_eq "two servers: exactly those two pairs ended (smbstatus)" "$want" "$(samba_session_groups)"
check_eq "two servers: server 1 counts its delete" "3 0" "$(at_counters 1)"
check_eq "two servers: server 2 counts its delete" "1 0" "$(at_counters 2)"

# --- names in the log: quoted, "*" is a name ---------------------------------

before=$(samba_session_groups)
counters=$(at_counters 1)
lines=$(wc -l <"$NSD_LOG")
check 'smbServerDisconnectUser.1 = "*" is noError: a name, and no user has it' \
	snmp_set_expect noError snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.1" s '*'
# _logged_since REGEX: a whole line of the log since $lines matches (a
# delete's line ends with who asked: notify.sh checks that part).
_logged_since() {
	tail -n +$((lines + 1)) "$NSD_LOG" | grepq -xE "$1"
}
check 'the log shows it as user="*", the client left unspecified as any' \
	_logged_since 'server fs1 \[1\]: NetSessionDel\(client=any, user="\*"\): NERR_ClientNameNotFound \(2312\) after [0-9]+ ms: no such session, nothing to end by .+'
# a"b\c, a tab, d
check 'smbServerDisconnectClient.1 = a"b\c<TAB>d is noError' \
	snmp_set_expect noError snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_CLIENT.1" x 6122625C630964
check 'the log escapes its quote, backslash and tab: client="a\"b\\c\x09d", user=any' \
	_logged_since 'server fs1 \[1\]: NetSessionDel\(client="a\\"b\\\\c\\x09d", user=any\): NERR_ClientNameNotFound \(2312\) after [0-9]+ ms: no such session, nothing to end by .+'
check_eq 'both are counted as failures (nothing ended)' \
	"${counters% *} $((${counters#* } + 2))" "$(at_counters 1)"
at_wait_polls 1 2 || fail "quoted names: server 1 is polled again"
check_eq 'quoted names: no session ended (smbstatus)' "$before" "$(samba_session_groups)"

# --- a delete the server refuses -----------------------------------------

check_eq "not an administrator: server 3 is accessDenied(5)" 5 "$(snmp_server_get 3 $NS_SRV_STATUS)"
before=$(samba_session_groups)
check "not an administrator: smbServerDisconnectUser.3 = nstest3 gives commitFailed" \
	snmp_set_expect commitFailed snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_DISC_USER.3" s nstest3
check_eq "not an administrator: smbServerDeletes 0, smbServerDeleteFailures 1" "0 1" \
	"$(at_counters 3)"
check_eq "not an administrator: smbServerLastError 5 (ERROR_ACCESS_DENIED)" 5 \
	"$(snmp_server_get 3 $NS_SRV_LASTERROR)"
nothing_ended "not an administrator" "$before"

# --- a delete that gets no answer, then one that works -------------------

rpc=$(at_rpc_pid 4)
check "server 4 has its RPC process ($rpc)" [ -n "$rpc" ]
before=$(samba_session_groups)
lines=$(wc -l <"$NSD_LOG")
[ -z "$rpc" ] || kill -STOP "$rpc"
destroy "no answer" undoFailed 4 127.0.0.4 nstest3
check_eq "no answer: nothing counted while the outcome is unknown" "0 0" "$(at_counters 4)"
check_eq "no answer: smbServerLastError NETSESS_E_TIMEOUT ($NETSESS_E_TIMEOUT)" \
	"$NETSESS_E_TIMEOUT" "$(snmp_server_get 4 $NS_SRV_LASTERROR)"
# The RPC process is killed at its deadline; the late result is logged.
check "no answer: the late result is logged (NETSESS_E_TIMEOUT)" \
	snmp_wait "the late result of the delete" eval \
	'tail -n +$((lines + 1)) "$NSD_LOG" | grep -F "client=\"127.0.0.4\", user=\"nstest3\"" | grepq "late result: NETSESS_E_TIMEOUT"'
check_eq "no answer: the late NETSESS_E_TIMEOUT is counted once, as a failure" "0 1" \
	"$(at_counters 4)"
check_eq "no answer: smbServerLastError is still NETSESS_E_TIMEOUT" \
	"$NETSESS_E_TIMEOUT" "$(snmp_server_get 4 $NS_SRV_LASTERROR)"
nothing_ended "no answer" "$before"
destroy "recovery" noError 4 127.0.0.4 nstest3
ended "recovery" "$before" 127.0.0.4 nstest3
check_eq "recovery: smbServerLastError is 0 again" 0 "$(snmp_server_get 4 $NS_SRV_LASTERROR)"
check_eq "recovery: smbServerDeletes 1, smbServerDeleteFailures 1" "1 1" "$(at_counters 4)"

check "netsessd is still running" nsd_alive
at_no_secret_leaked
echo "run time: $((SECONDS - t0)) s"
finish
