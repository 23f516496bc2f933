#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Each managed server has its own RPC process (netsessd-rpc), so one server
# cannot hold up or bring down the others:
# - a server that accepts TCP connections and never answers SMB (a local
#   listener started here) keeps its helper waiting in its poll until the
#   call timeout; meanwhile a destroy(6) on the working Samba is noError and
#   ends exactly that (client, user)'s sessions (smbstatus);
# - the waiting server shows unreachable(3) with NETSESS_E_TIMEOUT as its
#   smbServerLastError;
# - kill -9 of an RPC process (idle, or in the middle of a poll) leaves
#   netsessd running: the server is polled again through a new process,
#   its status is ok(2) again and its rows match smbstatus; no process is
#   left unreaped;
# - a process that stops answering (SIGSTOP) is killed at its deadline,
#   the poll fails with NETSESS_E_TIMEOUT and the next one recovers;
# - a reload that restarts a server ends its old process; SIGTERM ends
#   them all; no password is in their argv or environment.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

NETSESS_E_TIMEOUT=$((0x20000004))
NETSESS_E_TRANSPORT=$((0x20000008))

# ---------------------------------------------------------------------
# The hanging server (lib/hang.sh): accepts, reads, never answers; its
# log, $HANG_LOG, has "open N" and "close N" for every connection.
# ---------------------------------------------------------------------

# shellcheck source=../lib/hang.sh
. "$here/../lib/hang.sh" || exit 1

# hang_open: the connections open right now, one number a line.
hang_open() {
	awk '$1 == "open" { o[$2] = 1 } $1 == "close" { delete o[$2] }
		END { for (k in o) print k }' "$HANG_LOG" | sort -n
}

# _hang_new_open N: a connection numbered above N is open.
_hang_new_open() {
	[ -n "$(hang_open | awk -v n="$1" '$1 > n')" ]
}

_hang_last() {
	awk '$1 == "open" { n = $2 } END { print n + 0 }' "$HANG_LOG"
}

_hang_closed() {
	grep -qx "close $1" "$HANG_LOG"
}

# Installed before lib/samba.sh and lib/snmp.sh add theirs (they chain).
trap hang_stop EXIT

# ---------------------------------------------------------------------
# netsessd's RPC processes
# ---------------------------------------------------------------------

# nsd_children: netsessd's child processes, "PID STATE ARGV..." a line,
# read from /proc.
nsd_children() {
	local f d
	for f in $(grep -lx "PPid:[[:space:]]*$NSD_PID" /proc/[0-9]*/status 2>/dev/null); do
		d=${f%/status}
		printf '%s %s %s\n' "${d#/proc/}" \
			"$(awk '$1 == "State:" { print $2 }' "$f" 2>/dev/null)" \
			"$(tr '\0' ' ' <"$d/cmdline" 2>/dev/null)"
	done
}

# rpc_pid IDX: the pid of server IDX's RPC process ("" when none runs).
rpc_pid() {
	nsd_children | awk -v i="$1" '$3 ~ /(^|\/)netsessd-rpc$/ && $4 == i { print $1 }'
}

_rpc_running() {
	[ -n "$(rpc_pid "$1")" ]
}

_rpc_replaced() {
	local p
	p=$(rpc_pid "$1")
	[ -n "$p" ] && [ "$p" != "$2" ]
}

_rpc_gone() {
	! kill -0 "$1" 2>/dev/null
}

# rpc_zombies: netsessd's children that have ended but are not reaped.
rpc_zombies() {
	nsd_children | awk '$2 == "Z" { print $1 }'
}

_status_is() {
	[ "$(snmp_server_get "$1" $NS_SRV_STATUS)" = "$2" ]
}

_lasterror_is() {
	[ "$(snmp_server_get "$1" $NS_SRV_LASTERROR)" = "$2" ]
}

_now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# ---------------------------------------------------------------------

t0=$SECONDS
hang_start || fatal "the hanging server (a TCP listener that never answers) starts"
pass "the hanging server listens on 127.0.0.1:$HANG_PORT"
at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest2" "127.0.0.3 nstest1" "127.0.0.4 nstest3"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
at_fs1_xml >"$SNMP_DIR/servers.xml"
nsd_server_xml 2 hang 127.0.0.1 "$HANG_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" \
	>>"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"

check "server 1 (Samba) is ok(2)" _status_is 1 $NS_ST_OK
check "server 2 (hanging) is unreachable(3)" _status_is 2 $NS_ST_UNREACHABLE
check "server 2's smbServerLastError is NETSESS_E_TIMEOUT" _lasterror_is 2 $NETSESS_E_TIMEOUT
check "server 1 has its own RPC process" _rpc_running 1
at_table_matches_smbstatus "smbSessionTable matches smbstatus at start"

# --- a destroy on server 1 while server 2's poll waits -----------------

# Wait for a new connection to the hanging server: server 2's helper has
# just started a poll that waits for the call timeout (5 s).
before=$(samba_session_groups)
last=$(_hang_last)
snmp_wait "a new poll of server 2 to wait on the hanging server" _hang_new_open "$last" ||
	fatal "server 2 is polled again"
conn=$(hang_open | tail -n 1)
start=$(_now_ms)
check "destroy 127.0.0.2/nstest1 on server 1 is noError while server 2's poll waits" \
	snmp_set_expect noError snmp_rw \
	'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.2"."nstest1"' i 6
elapsed=$(($(_now_ms) - start))
echo "    the destroy took $elapsed ms"
check "server 2's poll was still waiting when the destroy was answered" \
	eval '! _hang_closed "$conn"'
if at_wait_gone 127.0.0.2 nstest1; then
	pass "smbstatus shows no session of 127.0.0.2/nstest1"
else
	fail "smbstatus shows no session of 127.0.0.2/nstest1"
fi
check_eq "exactly the sessions of 127.0.0.2/nstest1 ended (smbstatus)" \
	"$(at_groups_without 127.0.0.2 nstest1 "$before")" "$(samba_session_groups)"
check_eq "server 1: smbServerDeletes 1, smbServerDeleteFailures 0" "1 0" "$(at_counters 1)"
check_eq "the row 127.0.0.2/nstest1 is gone from the next walk" absent \
	"$(at_row_state 127.0.0.2 nstest1)"
if snmp_wait "server 2's waiting poll to end" _hang_closed "$conn"; then
	pass "server 2's poll ended at its call timeout (the connection was closed)"
else
	fail "server 2's poll ended at its call timeout (the connection was closed)"
fi
check "server 2 is still unreachable(3)" _status_is 2 $NS_ST_UNREACHABLE
check "server 2's smbServerLastError is still NETSESS_E_TIMEOUT" \
	_lasterror_is 2 $NETSESS_E_TIMEOUT
check_eq "server 2: no delete was counted" "0 0" "$(at_counters 2)"

# --- kill -9 of server 1's process, between polls ----------------------

old=$(rpc_pid 1)
kill -KILL "$old" 2>/dev/null
check "kill -9 of server 1's RPC process ($old)" [ -n "$old" ]
if snmp_wait "a new RPC process for server 1" _rpc_replaced 1 "$old"; then
	pass "server 1 has a new RPC process ($(rpc_pid 1))"
else
	fail "server 1 has a new RPC process"
fi
at_wait_polls 1 2 || fail "server 1 is polled again after the kill"
check "netsessd is still running" nsd_alive
check "server 1 is ok(2) again" _status_is 1 $NS_ST_OK
at_table_matches_smbstatus "server 1's rows match smbstatus again"
check_eq "no child of netsessd is left unreaped" "" "$(rpc_zombies)"

# --- a process that stops answering: killed at its deadline ------------

# SIGSTOP: the next request gets no answer; after twice the call timeout
# plus a margin (12 s here) netsessd kills the process and the poll fails
# with NETSESS_E_TIMEOUT; the poll after it starts a new process.
old=$(rpc_pid 1)
kill -STOP "$old" 2>/dev/null
check "kill -STOP of server 1's RPC process ($old)" [ -n "$old" ]
if snmp_wait "server 1's poll to time out" _lasterror_is 1 $NETSESS_E_TIMEOUT; then
	pass "a stopped RPC process: server 1's poll fails with NETSESS_E_TIMEOUT"
else
	fail "a stopped RPC process: server 1's poll fails with NETSESS_E_TIMEOUT"
fi
check "the log says the stopped process was killed at its deadline" \
	grep -q "server fs1 \[1\]: RPC process $old gave no answer within [0-9]* ms: killed" \
	"$NSD_LOG"
# The log line comes when the SIGKILL is sent; the reaping follows on
# SIGCHLD, so a zombie may be seen for a moment.
check "the stopped process has been killed and reaped" \
	snmp_wait "process $old to be reaped" _rpc_gone "$old"
if snmp_wait "server 1 to be ok(2) again" _status_is 1 $NS_ST_OK; then
	pass "server 1 is ok(2) again through a new RPC process ($(rpc_pid 1))"
else
	fail "server 1 is ok(2) again through a new RPC process"
fi
at_wait_polls 1 1 || fail "server 1 is polled again"
at_table_matches_smbstatus "server 1's rows match smbstatus again"

# --- kill -9 of server 2's process, in the middle of a poll ------------

last=$(_hang_last)
snmp_wait "a new poll of server 2 to wait on the hanging server" _hang_new_open "$last" ||
	fatal "server 2 is polled again"
conn=$(hang_open | tail -n 1)
old=$(rpc_pid 2)
kill -KILL "$old" 2>/dev/null
check "kill -9 of server 2's RPC process ($old) during its poll" [ -n "$old" ]
if snmp_wait "server 2's poll to fail with NETSESS_E_TRANSPORT" \
	_lasterror_is 2 $NETSESS_E_TRANSPORT; then
	pass "server 2's interrupted poll fails with NETSESS_E_TRANSPORT"
else
	fail "server 2's interrupted poll fails with NETSESS_E_TRANSPORT"
fi
check "the log says the RPC process was ended by SIGKILL" \
	grep -q "server hang \[2\]: RPC process $old .*SIGKILL" "$NSD_LOG"
check "the killed process's connection to the hanging server is closed" _hang_closed "$conn"
if snmp_wait "server 2 to time out again through a new process" \
	_lasterror_is 2 $NETSESS_E_TIMEOUT; then
	pass "server 2 is polled again through a new RPC process and times out again"
else
	fail "server 2 is polled again through a new RPC process and times out again"
fi
check "netsessd is still running" nsd_alive
check "server 1 is still ok(2)" _status_is 1 $NS_ST_OK
before=$(samba_session_groups)
check "destroy 127.0.0.3/nstest1 on server 1 is noError after the kills" \
	snmp_set_expect noError snmp_rw \
	'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.3"."nstest1"' i 6
at_wait_gone 127.0.0.3 nstest1 || fail "127.0.0.3/nstest1 ends"
check_eq "exactly the sessions of 127.0.0.3/nstest1 ended (smbstatus)" \
	"$(at_groups_without 127.0.0.3 nstest1 "$before")" "$(samba_session_groups)"
check_eq "no child of netsessd is left unreaped" "" "$(rpc_zombies)"

# --- a reload that restarts server 1 ends its process ------------------

old=$(rpc_pid 1)
sed -i 's/name="fs1"/name="fs1b"/' "$SNMP_DIR/servers.xml"
nsd_write_config "$NSD_CONFIG" "$SNMP_DIR/servers.xml"
kill -HUP "$NSD_PID"
if snmp_wait "server 1 to be renamed" eval '[ "$(snmp_server_get 1 $NS_SRV_NAME)" = fs1b ]'; then
	pass "SIGHUP: server 1 restarts under its new name"
else
	fail "SIGHUP: server 1 restarts under its new name"
fi
if snmp_wait "the old RPC process of server 1 to end" _rpc_gone "$old"; then
	pass "SIGHUP: server 1's old RPC process ($old) has ended and is reaped"
else
	fail "SIGHUP: server 1's old RPC process ($old) has ended and is reaped"
fi
nsd_wait_polled 1 || fail "server 1 is polled after the reload"
check "SIGHUP: server 1 is ok(2) through a new RPC process" _rpc_running 1
at_table_matches_smbstatus "SIGHUP: server 1's rows match smbstatus"
check_eq "no child of netsessd is left unreaped" "" "$(rpc_zombies)"

check "netsessd is still running" nsd_alive
at_no_secret_leaked
# No credential reaches an RPC process through its argv or environment
# (it reads its password file itself); its environment is a part of
# netsessd's own (agent/loop.sh checks which part), nothing added.
pids=$(nsd_children | awk '{ print $1 }')
leak=0 added=
for p in $pids; do
	tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grepq -F "$SAMBA_ADMIN_PASS" && leak=1
	added=$added$(comm -13 <(tr '\0' '\n' <"/proc/$NSD_PID/environ" | sort) \
		<(tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | sort))
done
check "RPC processes run ($(echo $pids))" [ -n "$pids" ]
check "no password in the argv of the RPC processes" [ "$leak" = 0 ]
check_eq "the environment of the RPC processes holds nothing netsessd's does not" "" "$added"
if nsd_stop; then
	pass "SIGTERM: netsessd exits with status 0"
else
	fail "SIGTERM: netsessd exits with status 0"
fi
left=
for p in $pids; do
	! kill -0 "$p" 2>/dev/null || left="$left $p"
done
check_eq "SIGTERM: every RPC process has ended" "" "$left"
echo "run time: $((SECONDS - t0)) s"
finish
