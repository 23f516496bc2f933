#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd in a real Active Directory domain (tests/integration/lib/addc.sh:
# a private Samba AD DC), its service account logging on from a keytab,
# smbstatus of the DC as the ground truth:
# - a keytab server entry is ok(2); its helper got a ticket into a cache
#   of its own (a 0600 file in a 0700 directory under the helper's private
#   TMPDIR), with the lifetime of the private krb5.conf (KRB5_CONFIG
#   reached the helper); smbSessionTable matches smbstatus; a destroy ends
#   exactly that session; smbServerDisconnectUser ends a user's sessions
#   when given the name the table shows (NETSESS\name), and nothing when
#   given the bare name;
# - with ticket_lifetime = 5m30s the library replaces the ticket when 5
#   minutes are left, 30 s after it got it: the log says
#   "Kerberos ticket renewed (valid until ...)", the cache holds the new
#   ticket, polls go on without a failure and a destroy still works;
# - the DC restarted with "ntlm auth = disabled": the keytab server is
#   ok(2) again and a destroy works, while a password entry for the same
#   DC is logonFailure(4) with NETSESS_E_NTLM_DISABLED, its log line
#   saying that the server refuses NTLM, in the SMB client's words;
# - the keytab server removed by SIGHUP: its helper and its directory
#   (with the ticket) are gone; netsessd stopped: nothing is left in the
#   TMPDIR of the helpers.
# netsessd runs in a mount namespace where /etc/hosts names the domain
# (addc_hosts_wrapper): its helpers get a reduced environment, without
# the nss_wrapper the other clients preload.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1
# shellcheck source=../lib/addc.sh
. "$here/../lib/addc.sh" || exit 1

NETSESS_E_NTLM_DISABLED=$((0x2000000C))
# The library replaces a ticket when max(a quarter of its life, 5 min) is
# left: with 5 minutes 30 seconds, 30 s after it got it.  The wait allows
# for a loaded machine.
LIFETIME=5m30s LIFETIME_S=330
RENEW_WAIT_S=120

t0=$SECONDS
addc_start || fatal "the AD DC test bed starts"
echo "# AD DC test bed: started in ${ADDC_START_SECONDS}s (provision included)"
addc_hold_session dc 127.0.0.2 nstest1 || fatal "a session of nstest1 from 127.0.0.2"
addc_hold_session dc 127.0.0.3 nstest2 || fatal "a session of nstest2 from 127.0.0.3"
addc_hold_session dc 127.0.0.4 nstest1 || fatal "a session of nstest1 from 127.0.0.4"
snmp_start || fatal "the private snmpd and snmptrapd start"

T=$SNMP_DIR/addc
mkdir -m 0700 "$T" "$T/tmp" || fatal "private directories"
addc_krb5_conf "$T/krb5.conf" "ticket_lifetime = $LIFETIME"
install -m 0600 "$ADDC_SVC_KEYTAB" "$SNMP_DIR/secrets/svc.keytab" || fatal "the keytab is copied"
addc_hosts_wrapper "$T/netsessd" "$NETSESSD" || fatal "netsessd's name resolution"

# keytab_xml INDEX NAME: a server entry for the DC with the keytab.
keytab_xml() {
	cat <<EOF
  <server index="$1" name="$2" host="$ADDC_HOST" poll-interval="$NSD_POLL_INTERVAL" timeout="$NSD_CALL_TIMEOUT" delete-timeout="$NSD_DELETE_TIMEOUT">
    <credentials principal="$ADDC_SVC_PRINCIPAL" keytab="$SNMP_DIR/secrets/svc.keytab"/>
  </server>
EOF
}
keytab_xml 1 dc1k >"$T/keytab1.xml"
nsd_server_xml 2 dc1p "$ADDC_HOST" 445 "$ADDC_SVC_USER" "$ADDC_SVC_PASS" \
	>"$T/password2.xml"
sed -i "s|username=|domain=\"$ADDC_DOMAIN\" username=|" "$T/password2.xml"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$T/keytab1.xml" "$T/password2.xml"
# KRB5CCNAME names a cache nobody fills: no ticket but the keytab's.
KRB5_CONFIG=$T/krb5.conf KRB5CCNAME=FILE:$T/no-such-ccache TMPDIR=$T/tmp \
	NETSESSD=$T/netsessd nsd_start "$SNMP_DIR/netsessd.xml" ||
	fatal "netsessd starts and polls its servers"
pass "netsessd runs as subagent of the private snmpd and its tables answer"

# --- helpers -------------------------------------------------------------

# helper_pid IDX: the pid of server IDX's helper ("" when none runs).
helper_pid() {
	at_rpc_pid "$1"
}

_status_is() {
	[ "$(snmp_server_get "$1" $NS_SRV_STATUS)" = "$2" ]
}

# dc_groups: smbstatus of the DC as "CLIENT USER COUNT" lines, sorted.
dc_groups() {
	local list
	list=$(addc_sessions dc) || return 1
	printf '%s\n' "$list" | awk 'NF == 2 { n[$1 " " $2]++ } END { for (k in n) print k, n[k] }' |
		LC_ALL=C sort
}

# table_matches DESCRIPTION IDX: server IDX's rows are smbstatus's groups;
# read again after each new poll while they differ, at most 5 polls.
table_matches() {
	local want got try
	for try in 1 2 3 4 5; do
		want=$(dc_groups)
		got=$(snmp_session_groups "$2" | LC_ALL=C sort)
		[ "$want" = "$got" ] && break
		[ "$try" -lt 5 ] && at_wait_polls "$2" 1
	done
	check_eq "$1" "$want" "$got"
}

# cache_of IDX: the credential cache of server IDX's helper: the one file
# netsess-krb5-*/ccache in its private directory netsessd-rpc.IDX.*.
cache_of() {
	# shellcheck disable=SC2086
	ls -d "$T"/tmp/netsessd-rpc."$1".*/netsess-krb5-*/ccache 2>/dev/null
}

# ticket_end CACHE: the end of the TGT in CACHE, seconds since the Epoch.
ticket_end() {
	local line
	line=$(LC_ALL=C klist -c "FILE:$1" 2>/dev/null | grep -F "krbtgt/$ADDC_REALM@$ADDC_REALM")
	[ -n "$line" ] || return 1
	# "MM/DD/YY HH:MM:SS  MM/DD/YY HH:MM:SS  krbtgt/..." (start, end)
	date -d "$(awk '{ print $3, $4 }' <<<"$line")" +%s
}

ticket_start() {
	local line
	line=$(LC_ALL=C klist -c "FILE:$1" 2>/dev/null | grep -F "krbtgt/$ADDC_REALM@$ADDC_REALM")
	[ -n "$line" ] || return 1
	date -d "$(awk '{ print $1, $2 }' <<<"$line")" +%s
}

# destroy IDX CLIENT USER: destroy(6) of a row, answered noError (the
# numeric instance: the user holds a backslash).
destroy() {
	snmp_set_expect noError snmp_rw "$(snmp_session_oid $NS_SES_STATUS "$1" "$2" "$3")" i 6
}

# row_state IDX CLIENT USER: "present" or "absent" in one complete walk of
# smbSessionTable ("walk failed" and non-zero when the walk fails).
row_state() {
	local rows
	rows=$(snmp_session_rows) || {
		echo "walk failed"
		return 1
	}
	if printf '%s\n' "$rows" | C=$2 U=$3 awk -v i="$1" \
		'$1 == i && $2 == ENVIRON["C"] && $3 == ENVIRON["U"] { f = 1 } END { exit !f }'; then
		echo present
	else
		echo absent
	fi
}

_row_shown() {
	[ "$(row_state "$1" "$2" "$3")" = present ]
}

log_has() {
	grep -qF -- "$1" "$NSD_LOG"
}

# --- a keytab server -----------------------------------------------------

check_eq "the keytab server is ok(2)" "$NS_ST_OK" "$(snmp_server_get 1 $NS_SRV_STATUS)"
check_eq "the password server is ok(2) while the DC allows NTLM" "$NS_ST_OK" \
	"$(snmp_server_get 2 $NS_SRV_STATUS)"
check "the log says the first ticket was obtained" \
	log_has "server dc1k [1]: Kerberos ticket obtained from the keytab (valid until "
check "the password server has no ticket" eval '! log_has "server dc1p [2]: Kerberos"'

h1=$(helper_pid 1)
cache=$(cache_of 1)
check "server 1's helper runs ($h1) and its cache is in its private directory ($cache)" \
	eval '[ -n "$h1" ] && [ -n "$cache" ] && [ "$(printf "%s\n" "$cache" | wc -l)" = 1 ]'
if [ -n "$cache" ]; then
	check_eq "the cache is a private file (0600)" 600 "$(stat -c %a "$cache")"
	check_eq "in a private directory (0700)" 700 "$(stat -c %a "$(dirname "$cache")")"
	check_eq "inside the helper's own TMPDIR (0700)" 700 \
		"$(stat -c %a "$(dirname "$(dirname "$cache")")")"
	check "the cache holds svc-netsess's ticket-granting ticket" \
		eval 'LC_ALL=C klist -c "FILE:$cache" | grepq -F "Default principal: $ADDC_SVC_PRINCIPAL"'
	start1=$(ticket_start "$cache")
	end1=$(ticket_end "$cache")
	life=$((end1 - start1))
	check_eq "its lifetime is the $LIFETIME of the private krb5.conf (KRB5_CONFIG reached the helper)" \
		"$LIFETIME_S" "$life"
fi
if [ -n "$h1" ]; then
	check "the helper's environment has KRB5_CONFIG" \
		grep -qzx "KRB5_CONFIG=$T/krb5.conf" "/proc/$h1/environ"
	check "the helper has netsessd's TMPDIR (its private directory is made there)" \
		grep -qzx "TMPDIR=$T/tmp" "/proc/$h1/environ"
	check "the keytab's path, never a secret, is all the helper knows of it" \
		eval '! tr "\0" "\n" <"/proc/$h1/environ" | grepq -F "$ADDC_SVC_PASS"'
fi

table_matches "server 1's smbSessionTable matches smbstatus of the DC" 1
table_matches "server 2's too" 2
user_shown=$(snmp_session_groups 1 | awk '$1 == "127.0.0.3" { print $2 }')
check_eq "a session's user is shown as DOMAIN\\name, as smbstatus shows it" \
	"$ADDC_DOMAIN\\nstest2" "$user_shown"

# A destroy ends exactly that session.
before=$(dc_groups)
check "destroy(6) of (127.0.0.4, NETSESS\\nstest1) is answered noError" \
	destroy 1 127.0.0.4 "$ADDC_DOMAIN\\nstest1"
check "that session is gone (smbstatus)" \
	addc_wait_session_count dc 0 127.0.0.4 "$ADDC_DOMAIN\\nstest1"
check "its row is gone" eval '[ "$(row_state 1 127.0.0.4 "$ADDC_DOMAIN\\nstest1")" = absent ]'
sleep 2 # Samba ends sessions asynchronously: nothing else may follow
check_eq "the others are still there (smbstatus)" \
	"$(printf '%s\n' "$before" | grep -v '^127\.0\.0\.4 ')" "$(dc_groups)"
check_eq "smbServerDeletes is 1" 1 "$(snmp_server_get 1 $NS_SRV_DELETES)"

# smbServerDisconnectUser: the bare name matches nothing on a Samba domain
# server; the name as the table shows it ends that user's sessions.
before=$(dc_groups)
snmp_rw snmpset SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest2 >"$T/set.out" 2>&1
sleep 2
check_eq "smbServerDisconnectUser = \"nstest2\" (bare) ends nothing" "$before" "$(dc_groups)"
check "and the log says that no session matched" \
	log_has 'server dc1k [1]: NetSessionDel(client=any, user="nstest2"): NERR_ClientNameNotFound (2312)'
check "smbServerDisconnectUser = \"NETSESS\\nstest2\" is answered noError" \
	snmp_set_expect noError snmp_rw SMB-SESSION-MIB::smbServerDisconnectUser.1 s \
	"$ADDC_DOMAIN\\nstest2"
check "nstest2's session is gone (smbstatus)" \
	addc_wait_session_count dc 0 "" "$ADDC_DOMAIN\\nstest2"
sleep 2
check_eq "nstest1's session from 127.0.0.2 is still there" 1 \
	"$(addc_session_count dc 127.0.0.2 "$ADDC_DOMAIN\\nstest1")"
check "the log names the user as written" \
	log_has 'server dc1k [1]: NetSessionDel(client=any, user="NETSESS\\nstest2"): NERR_Success (0)'

# --- the ticket expires -------------------------------------------------

fails1=$(snmp_server_get 1 $NS_SRV_POLLFAIL)
check_eq "no poll of the keytab server has failed so far" 0 "$fails1"
_renewed() {
	log_has "server dc1k [1]: Kerberos ticket renewed (valid until "
}
t_wait=$SECONDS
if SNMP_TIMEOUT=$RENEW_WAIT_S snmp_wait "the ticket's renewal" _renewed; then
	pass "the log says the ticket was renewed, $((SECONDS - t_wait)) s into the wait"
	grep -F "server dc1k [1]: Kerberos ticket" "$NSD_LOG" | sed 's/^/    | /'
else
	fail "the log says the ticket was renewed within ${RENEW_WAIT_S}s"
fi
cache2=$(cache_of 1)
if [ -n "$cache2" ]; then
	end2=$(ticket_end "$cache2")
	check "the cache holds a new ticket, ending later ($end1 -> $end2)" [ "$end2" -gt "$end1" ]
	logged_end=$(grep -F "server dc1k [1]: Kerberos ticket renewed" "$NSD_LOG" | tail -n 1 |
		sed -n 's/.*(valid until \(.*\))$/\1/p')
	check_eq "the end the log gives is the new ticket's" "$end2" \
		"$(date -d "$logged_end" +%s 2>/dev/null)"
else
	fail "the helper still has its cache"
fi
check_eq "the same helper renewed it (no restart)" "$h1" "$(helper_pid 1)"
at_wait_polls 1 2 || fail "server 1 is polled after the renewal"
check_eq "polls go on: the keytab server is ok(2)" "$NS_ST_OK" "$(snmp_server_get 1 $NS_SRV_STATUS)"
check_eq "no poll has failed" 0 "$(snmp_server_get 1 $NS_SRV_POLLFAIL)"
table_matches "the table still matches smbstatus" 1
addc_hold_session dc 127.0.0.5 nstest2 || fatal "a session of nstest2 from 127.0.0.5"
snmp_wait "the new session's row" _row_shown 1 127.0.0.5 "$ADDC_DOMAIN\\nstest2" ||
	fail "the new session is listed"
check "after the renewal, destroy(6) of (127.0.0.5, NETSESS\\nstest2) is answered noError" \
	destroy 1 127.0.0.5 "$ADDC_DOMAIN\\nstest2"
check "that session is gone (smbstatus)" \
	addc_wait_session_count dc 0 127.0.0.5 "$ADDC_DOMAIN\\nstest2"

# --- NTLM switched off on the DC -----------------------------------------

addc_restart "ntlm auth=disabled" || fatal "the DC restarts with ntlm auth = disabled"
check_eq "the DC now has ntlm auth = disabled" disabled "$(addc_dc_option "ntlm auth")"
# The restart broke every connection: the holders are gone, netsessd's
# helpers reconnect.
_status_and_polls() {
	_status_is "$1" "$2" && at_wait_polls "$1" 1 && _status_is "$1" "$2"
}
check "the keytab server is ok(2) again (after a poll that follows the restart)" \
	snmp_wait "server 1 ok" _status_and_polls 1 "$NS_ST_OK"
check "the password server is logonFailure(4)" \
	snmp_wait "server 2 logonFailure" _status_and_polls 2 "$NS_ST_LOGON"
check_eq "its smbServerLastError is NETSESS_E_NTLM_DISABLED" "$NETSESS_E_NTLM_DISABLED" \
	"$(snmp_server_get 2 $NS_SRV_LASTERROR)"
line=$(grep -F "server dc1p [2] ($ADDC_HOST): poll failed:" "$NSD_LOG" | tail -n 1)
check_eq "its log line says that the server refuses NTLM, in the SMB client's words" \
	"server dc1p [2] ($ADDC_HOST): poll failed: NETSESS_E_NTLM_DISABLED ($NETSESS_E_NTLM_DISABLED): The server refuses NTLM logons: log on with Kerberos (a keytab or a ticket) [The authentication failed because NTLM was blocked.]; status logonFailure" \
	"$line"
addc_hold_session dc 127.0.0.6 nstest1 || fatal "a session of nstest1 from 127.0.0.6"
snmp_wait "the new session's row" _row_shown 1 127.0.0.6 "$ADDC_DOMAIN\\nstest1" ||
	fail "the new session is listed"
check "with NTLM disabled, destroy(6) through the keytab server is answered noError" \
	destroy 1 127.0.0.6 "$ADDC_DOMAIN\\nstest1"
check "that session is gone (smbstatus)" \
	addc_wait_session_count dc 0 127.0.0.6 "$ADDC_DOMAIN\\nstest1"

# --- SIGHUP removes the keytab server; stopping leaves nothing ----------

dir1=$(dirname "$(dirname "$(cache_of 1)")")
keytab_xml 3 dc1k3 >"$T/keytab3.xml"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$T/password2.xml" "$T/keytab3.xml"
kill -HUP "$NSD_PID"
nsd_wait_polled 3 || fail "server 3 is polled after the reload"
_dir_gone() { [ ! -e "$1" ]; }
check "server 1's helper is gone and its directory with the ticket too ($dir1)" \
	snmp_wait "server 1's directory to go" _dir_gone "$dir1"
check_eq "no helper of server 1 runs" "" "$(helper_pid 1)"
check "server 3 has a ticket of its own" eval '[ -n "$(cache_of 3)" ]'
check_eq "server 3 is ok(2)" "$NS_ST_OK" "$(snmp_server_get 3 $NS_SRV_STATUS)"
check "the configuration line counts the change" \
	log_has "2 servers (1 started, 1 kept unchanged, 1 removed or restarted)"

check "netsessd stops with status 0" nsd_stop
left=$(find "$T/tmp" -mindepth 1 2>/dev/null)
check_eq "nothing is left in the helpers' TMPDIR (no ticket on disk)" "" "$left"
check "no line of the log is a helper's crash" eval '! log_has "ended by signal"'

echo "# AD DC test bed: started in ${ADDC_START_SECONDS}s; this test took $((SECONDS - t0))s"
addc_stop
finish
