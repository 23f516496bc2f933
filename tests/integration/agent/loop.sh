#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd is one thread with one event loop, and each server's helper
# process runs with no more than it needs:
# - with three servers configured, /proc/PID/task of netsessd holds one
#   entry (no thread of any kind);
# - each server has its own helper (netsessd-rpc INDEX, a child of
#   netsessd, one thread); its environment is an allow-list of netsessd's
#   (a variable netsessd has, outside the list, does not reach it); no
#   password is in its argv or environment;
# - the smbd serving the helper's open connection is stopped (SIGSTOP):
#   the server is unreachable(3) with NETSESS_E_TIMEOUT within the poll
#   that finds it plus its timeout plus 1 s (timeout 5 s, poll-interval
#   1 s: 7 s after the stop at most), the helper is killed at its
#   deadline; once smbd runs again the server is ok(2) again through a new
#   helper, its rows matching smbstatus, and no session but the killed
#   helper's own has ended (smbstatus before and after);
# - started with a soft RLIMIT_NOFILE below the hard one (each helper
#   holds a descriptor of netsessd's), netsessd runs with the soft limit
#   raised to the hard one.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

NETSESS_E_TIMEOUT=$((0x20000004))
TIMEOUT_S=$NSD_CALL_TIMEOUT # the servers' timeout (lib/snmp.sh: 5 s)
POLL_S=$NSD_POLL_INTERVAL   # and poll-interval (1 s)

# nsd_children: netsessd's child processes, "PID NAME THREADS ARGV..."
nsd_children() {
	local f d
	for f in $(grep -lx "PPid:[[:space:]]*$NSD_PID" /proc/[0-9]*/status 2>/dev/null); do
		d=${f%/status}
		printf '%s %s %s %s\n' "${d#/proc/}" \
			"$(awk '$1 == "Name:" { print $2 }' "$f" 2>/dev/null)" \
			"$(awk '$1 == "Threads:" { print $2 }' "$f" 2>/dev/null)" \
			"$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null)"
	done
}

# helper_pid IDX: the pid of server IDX's helper ("" when none runs).
helper_pid() {
	nsd_children | awk -v i="$1" '$2 == "netsessd-rpc" && $5 == i { print $1 }'
}

_helper_running() {
	[ -n "$(helper_pid "$1")" ]
}

_status_is() {
	[ "$(snmp_server_get "$1" $NS_SRV_STATUS)" = "$2" ]
}

# The allow-list of a helper's environment (agent/helper/spawn.c).
env_allowed() {
	case $1 in
	HOME | PATH | TZ | TMPDIR | LANG | LANGUAGE | KRB5CCNAME | KRB5_CONFIG | KRB5_KTNAME | \
		KRB5_CLIENT_KTNAME | KRB5RCACHEDIR | KRB5_TRACE | SMB_CONF_PATH | LC_* | \
		NSS_WRAPPER* | SOCKET_WRAPPER* | RESOLV_WRAPPER* | UID_WRAPPER*)
		return 0
		;;
	esac
	return 1
}

# smbd_serving PID: the smbd of this test's Samba that serves the TCP
# connection of process PID to it (matched by the client's port).
smbd_serving() {
	local port
	port=$(ss -Htnp state established "( dport = :$SAMBA_PORT )" 2>/dev/null |
		awk -v p="pid=$1," 'index($0, p) { n = split($3, a, ":"); print a[n]; exit }')
	[ -n "$port" ] || return 1
	smbstatus -s "$SAMBA_CONF" -b 2>/dev/null |
		awk -v m="(ipv4:127.0.0.1:$port)" '$1 ~ /^[0-9]+$/ && index($0, m) { print $1; exit }'
}

_now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

t0=$SECONDS
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
at_closed_port
{
	at_fs1_xml 1 fs1
	nsd_server_xml 2 badpw 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "not-$SAMBA_ADMIN_PASS"
	nsd_server_xml 3 nolisten 127.0.0.1 "$CLOSED_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
} >"$SNMP_DIR/servers.xml"
# A variable of netsessd's own environment that is not on the list.
export NSD_TEST_CANARY=netsessd-only
# A soft limit of descriptors below the hard one, for netsessd alone.
nofile_hard=$(ulimit -H -n)
nofile_soft=$(ulimit -S -n)
ulimit -S -n $((nofile_hard / 2))
at_agent "$SNMP_DIR/servers.xml"
ulimit -S -n "$nofile_soft"
unset NSD_TEST_CANARY
at_table_matches_smbstatus "smbSessionTable matches smbstatus"

# --- one thread -------------------------------------------------------

tasks=$(ls "/proc/$NSD_PID/task" | wc -l)
check_eq "netsessd with three servers has one thread (/proc/$NSD_PID/task)" 1 "$tasks"
check_eq "netsessd's status says Threads: 1" 1 \
	"$(awk '$1 == "Threads:" { print $2 }' "/proc/$NSD_PID/status")"

# --- descriptors ---------------------------------------------------------

check_eq "netsessd, started with a soft RLIMIT_NOFILE of $((nofile_hard / 2)), raised it to the hard one (/proc/$NSD_PID/limits)" \
	"$nofile_hard $nofile_hard" \
	"$(awk '/^Max open files/ { print $4, $5 }' "/proc/$NSD_PID/limits")"

# --- the helpers ---------------------------------------------------------

snmp_wait "server 1's helper" _helper_running 1 || fail "server 1 has a helper"
h1=$(helper_pid 1)
check "server 1's helper runs as netsessd-rpc 1, a child of netsessd ($h1)" [ -n "$h1" ]
if [ -n "$h1" ]; then
	check_eq "the helper's /proc/$h1/status: one thread" 1 \
		"$(awk '$1 == "Threads:" { print $2 }' "/proc/$h1/status")"
	check_eq "the helper's /proc/$h1/status: its parent is netsessd" "$NSD_PID" \
		"$(awk '$1 == "PPid:" { print $2 }' "/proc/$h1/status")"
	names=$(tr '\0' '\n' <"/proc/$h1/environ" | sed 's/=.*//' | sort)
	outside=
	for n in $names; do
		env_allowed "$n" || outside="$outside $n"
	done
	check_eq "the helper's environment holds allowed variables only (/proc/$h1/environ)" "" \
		"$outside"
	check "netsessd itself has NSD_TEST_CANARY in its environment" \
		grep -qzx 'NSD_TEST_CANARY=netsessd-only' "/proc/$NSD_PID/environ"
	check "the helper does not (its environment is not netsessd's)" \
		eval '! grep -qz "^NSD_TEST_CANARY=" "/proc/$h1/environ"'
	check "the helper has PATH" grep -qz '^PATH=' "/proc/$h1/environ"
	# The test shell exports the passwords of its Samba (lib/samba.sh),
	# so netsessd has them in its environment: its helper must not.
	check "no password in the helper's argv or environment" \
		eval '! cat "/proc/$h1/cmdline" "/proc/$h1/environ" | tr "\0" "\n" | grepq -F "$SAMBA_ADMIN_PASS"'
fi
at_no_secret_leaked

# --- a stopped smbd on the helper's open connection ------------------------

at_wait_polls 1 1 || fail "server 1 is polled"
smbd=$(smbd_serving "$h1")
if [ -z "$smbd" ]; then
	fatal "the smbd serving server 1's helper is found (smbstatus, ss)"
fi
ppid=$(awk '$1 == "PPid:" { print $2 }' "/proc/$smbd/status")
check "the smbd serving the helper ($smbd) is a child of this test's smbd ($SAMBA_SMBD_PID)" \
	[ "$ppid" = "$SAMBA_SMBD_PID" ]
[ "$ppid" = "$SAMBA_SMBD_PID" ] || fatal "not stopping a process of another Samba"
# Right after a poll has ended: the next one starts within POLL_S.
at_wait_polls 1 1 || fail "server 1 is polled"
smbstatus_before=$(samba_session_groups)
start=$(_now_ms)
kill -STOP "$smbd"
if snmp_wait "server 1 to be unreachable" _status_is 1 $NS_ST_UNREACHABLE; then
	elapsed=$(($(_now_ms) - start))
	pass "server 1 becomes unreachable(3) while its smbd is stopped"
	echo "    unreachable ${elapsed} ms after the SIGSTOP"
	check "... within poll-interval + timeout + 1 s of the stop (${elapsed} ms <= $(((POLL_S + TIMEOUT_S + 1) * 1000)) ms)" \
		[ "$elapsed" -le $(((POLL_S + TIMEOUT_S + 1) * 1000)) ]
else
	fail "server 1 becomes unreachable(3) while its smbd is stopped"
fi
check_eq "smbServerLastError is NETSESS_E_TIMEOUT" "$NETSESS_E_TIMEOUT" \
	"$(snmp_server_get 1 $NS_SRV_LASTERROR)"
check "the log says the helper gave no answer within $((TIMEOUT_S * 1000 + 500)) ms and was killed" \
	grep -q "server fs1 \[1\]: RPC process $h1 gave no answer within $((TIMEOUT_S * 1000 + 500)) ms: killed" \
	"$NSD_LOG"
check_eq "netsessd still has one thread" 1 "$(ls "/proc/$NSD_PID/task" | wc -l)"
kill -CONT "$smbd"
if snmp_wait "server 1 to be ok again" _status_is 1 $NS_ST_OK; then
	pass "smbd running again: server 1 is ok(2) through a new helper ($(helper_pid 1))"
else
	fail "smbd running again: server 1 is ok(2)"
fi
check "the new helper is another process" eval '[ "$(helper_pid 1)" != "$h1" ]'
at_wait_polls 1 1 || fail "server 1 is polled again"
at_table_matches_smbstatus "smbSessionTable matches smbstatus again"
# The sessions from 127.0.0.1 are netsessd's own and come and go: the
# killed helper's (root) is replaced by the new helper's, and server 2's
# helper shows as (127.0.0.1, -) while its logon, with a wrong password,
# is under way.  Every session the test holds is as before the stop.
held=$(at_groups_without 127.0.0.1 "" "$smbstatus_before")
check_eq "before the stop, smbstatus listed the test's two sessions" \
	"$(printf '%s\n' "127.0.0.2 nstest1 1" "127.0.0.3 nstest2 1")" "$held"
check_eq "a hung server detected: no other session ended (smbstatus before and after)" \
	"$held" "$(at_groups_without 127.0.0.1 "" "$(samba_session_groups)")"

check "netsessd is still running" nsd_alive
echo "run time: $((SECONDS - t0)) s"
finish
