# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# agent_test.sh - what the integration tests of tests/integration/agent/ share: results
# ("PASS: ..." / "FAIL: ...", then "N passed, M failed"), a private Samba
# with live sessions (lib/samba.sh), a private snmpd/snmptrapd with netsessd
# as subagent, or netsessd as an SNMP agent of its own (lib/snmp.sh,
# NSD_MODE), and the checks an administrator makes: the table against
# smbstatus, the counters, nothing ended by a refused SET.
#
# Each test script starts its own servers, so that they can run in
# parallel. A missing program or a server that does not start is a failure
# (exit 1), never a skip.
#
# Both modes: each script of tests/integration/agent/ runs as it is
# (NSD_MODE=agentx) and again through its wrapper in
# tests/integration/agent/standalone/ (NSD_MODE=standalone).  What only
# one mode has (a master to restart) is under "if at_agentx".

set -u
set -o pipefail
AT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=samba.sh
. "$AT_DIR/samba.sh" || return 1
# shellcheck source=snmp.sh
. "$AT_DIR/snmp.sh" || return 1

# shellcheck source=../../checks.sh
. "$AT_DIR/../../checks.sh" || return 1

# at_agentx: netsessd runs as an AgentX subagent (NSD_MODE=agentx).
at_agentx() {
	[ "$NSD_MODE" = agentx ]
}

# What netsessd is in this run, for the lines of the tests.
if at_agentx; then
	AT_ROLE="subagent of the private snmpd"
else
	AT_ROLE="standalone SNMP agent"
fi

# What finish shows when a test failed: the end of netsessd's log.
checks_on_failure() {
	if [ -n "${NSD_LOG:-}" ] && [ -r "$NSD_LOG" ]; then
		echo "--- last lines of the netsessd log:"
		tail -n 30 "$NSD_LOG"
	fi
}

# ---------------------------------------------------------------------
# Setup
# ---------------------------------------------------------------------

# at_samba HOLDER...: start Samba and one session per "ADDR USER" argument.
at_samba() {
	local h
	samba_start || fatal "the private Samba server starts"
	for h in "$@"; do
		# shellcheck disable=SC2086
		samba_hold_session $h || fatal "a session $h is established"
	done
}

# at_free_tcp_port: prints a TCP port of 127.0.0.1 that nothing uses now,
# for a server the test starts itself (a relay, an exporter).  Another
# program may still take it before that server binds it; the server then
# fails to start and the test fails: never use it for "unreachable"
# (at_closed_port reserves such a port).
at_free_tcp_port() {
	local p
	for _ in $(seq 200); do
		p=$((20000 + (RANDOM % 12768)))
		if [ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# at_closed_port: sets CLOSED_PORT to a TCP port of 127.0.0.1 where a
# connection is refused (for "unreachable"), reserved for the whole test: a
# python3 process keeps a socket bound to it without listening, so that no
# other program (a parallel test's smbd included) can bind it meanwhile,
# even with SO_REUSEADDR. The kernel gives the port from its ephemeral
# range, above the 20000..32767 from which the helpers pick their servers'
# ports. The holder mentions $SNMP_DIR on its command line, so snmp_stop
# ends it, and it ends by itself when this shell is gone. Checks that a
# connection is refused and a bind fails, and reports both as passes.
AT_CLOSED_PORT_PY='
import os, socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
parent = os.getppid()
while os.getppid() == parent:
    time.sleep(1)
'
AT_PORT_PROBE_PY='
import errno, socket, sys
port = int(sys.argv[1])
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    c.connect(("127.0.0.1", port))
    print("connect: accepted")
except OSError as e:
    print("connect: " + errno.errorcode.get(e.errno, str(e.errno)))
b = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
b.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    b.bind(("127.0.0.1", port))
    print("bind: bound")
except OSError as e:
    print("bind: " + errno.errorcode.get(e.errno, str(e.errno)))
'
at_closed_port() {
	local f probe
	[ -n "${SNMP_DIR:-}" ] || fatal "at_closed_port: snmp_start first"
	command -v python3 >/dev/null 2>&1 || fatal "python3 is required (the closed port's holder)"
	f=$SNMP_DIR/closed-port
	python3 -c "$AT_CLOSED_PORT_PY" "$f" </dev/null >/dev/null 2>"$f.err" &
	snmp_wait "the closed port's holder" test -s "$f" ||
		fatal "a bound, non-listening TCP port is held ($(cat "$f.err"))"
	CLOSED_PORT=$(cat "$f")
	probe=$(python3 -c "$AT_PORT_PROBE_PY" "$CLOSED_PORT" 2>&1)
	check_eq "port $CLOSED_PORT is closed (connect refused) and reserved (bind fails) for the whole test" \
		"connect: ECONNREFUSED
bind: EADDRINUSE" "$probe"
	check "port $CLOSED_PORT is outside the 20000..32767 the test servers are given" \
		[ "$CLOSED_PORT" -gt 32767 ]
}

# at_rpcd_pids: Samba's RPC service processes (rpcd_*, which serve
# \PIPE\srvsvc behind smbd) of the test Samba, to freeze them with SIGSTOP.
at_rpcd_pids() {
	local p
	for p in /proc/[0-9]*; do
		tr '\0' '\n' 2>/dev/null <"$p/cmdline" | head -n 1 | grepq '/rpcd_' &&
			tr '\0' '\n' 2>/dev/null <"$p/cmdline" | grepq -xF -- "--configfile=$SAMBA_CONF" &&
			echo "${p#/proc/}"
	done
}

# at_destroy_frozen CLIENT USER [IDX]: destroy(6) of server IDX's (default
# 1) (CLIENT, USER) row while Samba's RPC services are frozen with SIGSTOP,
# so that the NetrSessionDel cannot be answered before the delete-timeout,
# whatever its value and the machine's speed; they resume once snmpset has
# its answer.  Succeeds when that answer is undoFailed: the delete was
# sent, its outcome is unknown, it may yet end the sessions.
at_destroy_frozen() {
	local rpcd rc
	rpcd=$(at_rpcd_pids)
	if [ -z "$rpcd" ]; then
		echo "    Samba's rpcd_* processes are not found" >&2
		return 1
	fi
	# shellcheck disable=SC2086
	kill -STOP $rpcd
	snmp_set_expect undoFailed snmp_rw \
		"SMB-SESSION-MIB::smbSessionRowStatus.${3:-1}.\"$1\".\"$2\"" i 6
	rc=$?
	# shellcheck disable=SC2086
	kill -CONT $rpcd
	return $rc
}

# at_set_answer VARBIND...: "STATUS INDEX" of the agent's answer to one
# SET (snmpset -Ir, numeric OIDs, no MIB), error-status by its RFC 3416
# name and error-index, read from the answer packet (lib/snmp_reply.py).
at_set_answer() {
	MIBS= MIBDIRS=/nonexistent snmpset -d -Ir -v2c -c "$SNMP_RW_COMMUNITY" -t 20 -r 0 \
		"udp:127.0.0.1:$SNMP_PORT" "$@" 2>&1 |
		python3 "$AT_DIR/snmp_reply.py" dump | head -n 1
}

# at_rpc_pid IDX: the PID of netsessd's RPC process for server IDX (a child
# "netsessd-rpc IDX", netsessd(8) FILES), "" when none runs.
at_rpc_pid() {
	local f d
	for f in $(grep -lx "PPid:[[:space:]]*$NSD_PID" /proc/[0-9]*/status 2>/dev/null); do
		d=${f%/status}
		tr '\0' ' ' <"$d/cmdline" 2>/dev/null |
			awk -v i="$1" '$1 ~ /(^|\/)netsessd-rpc$/ && $2 == i { f = 1 } END { exit !f }' &&
			echo "${d#/proc/}"
	done
}

# at_fs1_xml [INDEX [NAME]]: the working server, the test Samba as admin.
at_fs1_xml() {
	nsd_server_xml "${1:-1}" "${2:-fs1}" 127.0.0.1 "$SAMBA_PORT" \
		"$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
}

# at_agent XMLFILE...: snmpd + snmptrapd (unless started already), then
# netsessd with a configuration made of the given <server> fragments.
at_agent() {
	[ -n "${SNMP_DIR:-}" ] || snmp_start || fatal "the private snmpd and snmptrapd start"
	nsd_write_config "$SNMP_DIR/netsessd.xml" "$@"
	nsd_start "$SNMP_DIR/netsessd.xml" ||
		fatal "netsessd starts and its tables answer"
	pass "netsessd runs as $AT_ROLE and its tables answer"
}

# ---------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------

# at_table_matches_smbstatus DESCRIPTION: the rows of server 1 are the
# (client, user, count) groups smbstatus shows. Reads are served from the
# latest poll, and smbstatus is read at another moment: a session that
# comes and goes between the two (a failing logon's session, while it is
# authenticating) can make them differ once. So they are compared again
# after each new poll of server 1, at most 5 polls: a difference that lasts
# fails.
at_table_matches_smbstatus() {
	local want got try
	for try in 1 2 3 4 5; do
		want=$(samba_session_groups) || {
			fail "$1 (smbstatus failed)"
			return
		}
		got=$(snmp_session_groups 1) || {
			fail "$1 (walk failed)"
			return
		}
		[ "$want" = "$got" ] && break
		[ "$try" -lt 5 ] && at_wait_polls 1 1
	done
	check_eq "$1" "$want" "$got"
}

# at_check_polled DESCRIPTION WANT_COMMAND GOT_COMMAND: check_eq of the
# two commands' outputs (strings for eval), read again after each new poll
# of server 1, at most 5 polls, while they differ: for two reads, at two
# moments, of what a passing session (a failing logon's, while it
# authenticates) can change. A difference that lasts fails.
at_check_polled() {
	local want got try
	for try in 1 2 3 4 5; do
		want=$(eval "$2")
		got=$(eval "$3")
		[ "$want" = "$got" ] && break
		[ "$try" -lt 5 ] && at_wait_polls 1 1
	done
	check_eq "$1" "$want" "$got"
}

# at_wait_polls IDX [N]: wait until server IDX has completed N (default 1)
# more polls than now.
at_wait_polls() {
	local idx=$1 n=${2:-1} start
	start=$(snmp_server_get "$idx" $NS_SRV_POLLS) || return 1
	snmp_wait "$n more poll(s) of server $idx" _at_polls_above "$idx" $((start + n - 1))
}

_at_polls_above() {
	local v
	v=$(snmp_server_get "$1" $NS_SRV_POLLS) || return 1
	[ "$v" -gt "$2" ]
}

# at_wait_failures_above IDX N: smbServerPollFailures of IDX exceeds N.
_at_failures_above() {
	local v
	v=$(snmp_server_get "$1" $NS_SRV_POLLFAIL) || return 1
	[ "$v" -gt "$2" ]
}

# at_counters IDX: "deletes failures" of server IDX.
at_counters() {
	local d f
	d=$(snmp_server_get "$1" $NS_SRV_DELETES) || return 1
	f=$(snmp_server_get "$1" $NS_SRV_DELFAIL) || return 1
	echo "$d $f"
}

# at_groups_without CLIENT USER: samba_session_groups with the groups that
# match removed ("" matches any); the expected state after a delete.
at_groups_without() {
	printf '%s\n' "$3" | awk -v c="$1" -v u="$2" \
		'NF == 3 && !((c == "" || $1 == c) && (u == "" || $2 == u))'
}

_at_group_gone() {
	local n
	n=$(samba_session_count "$1" "$2") || return 1
	[ "$n" = 0 ]
}

# at_wait_gone CLIENT USER: smbstatus shows no session of that pair ("" =
# any). Samba ends a session asynchronously (MSG_SHUTDOWN to its smbd).
at_wait_gone() {
	snmp_wait "smbstatus to show no session of client='$1' user='$2'" \
		_at_group_gone "$1" "$2"
}

# at_row_state CLIENT USER [IDX]: "present" or "absent" for the row of
# server IDX (default 1) for that pair, from one complete walk of
# smbSessionTable (snmp_session_walk), in which netsessd's own session of
# server 1 is listed as well; "walk failed" (and a non-zero status) when
# that walk fails: a failed walk never reads as "absent".
at_row_state() {
	local rows
	rows=$(snmp_session_rows) || {
		echo "walk failed"
		return 1
	}
	if ! printf '%s\n' "$rows" | awk '$1 == 1 && $2 == "127.0.0.1" && $3 == "root" { f = 1 }
		END { exit !f }'; then
		echo "walk without netsessd's own session (127.0.0.1 root) of server 1"
		return 1
	fi
	if printf '%s\n' "$rows" | awk -v i="${3:-1}" -v c="$1" -v u="${2:--}" \
		'$1 == i && $2 == c && $3 == u { f = 1 } END { exit !f }'; then
		echo present
	else
		echo absent
	fi
}

# at_rows_of IDX: the rows of server IDX ("CLIENT USER COUNT"), from one
# complete walk in which server 1's own session is listed; "walk failed"
# and a non-zero status otherwise. Empty output is "no rows".
at_rows_of() {
	local rows
	rows=$(snmp_session_rows) || {
		echo "walk failed"
		return 1
	}
	if ! printf '%s\n' "$rows" | awk '$1 == 1 && $2 == "127.0.0.1" && $3 == "root" { f = 1 }
		END { exit !f }'; then
		echo "walk without netsessd's own session (127.0.0.1 root) of server 1"
		return 1
	fi
	printf '%s\n' "$rows" | awk -v i="$1" '$1 == i { print $2, $3, $4 }'
}

# _at_settled GROUPS: the "client user count" lines but those of a logon
# of netsessd's under way.
_at_settled() {
	printf '%s\n' "$1" | awk '!($1 == "127.0.0.1" && $2 == "-")'
}

# at_nothing_ended DESCRIPTION BEFORE_GROUPS BEFORE_COUNTERS: after a SET
# that must not reach the server: one full poll later, smbstatus is as
# before, the delete counters did not move and the table still matches.
at_nothing_ended() {
	local what=$1 before=$2 counters=$3 now
	at_wait_polls 1 2 || {
		fail "$what: the server is polled again"
		return
	}
	now=$(samba_session_groups)
	# A helper logging on (a wrong password: its logon fails) shows for a
	# moment as (127.0.0.1, -): netsessd's own, not a session ended or made.
	if [ -z "$(_at_settled "$before")" ]; then
		fail "$what: smbstatus listed the test's sessions before"
		return
	fi
	check_eq "$what: no session ended (smbstatus)" "$(_at_settled "$before")" "$(_at_settled "$now")"
	check_eq "$what: nothing was sent (smbServerDeletes, smbServerDeleteFailures)" \
		"$counters" "$(at_counters 1)"
}

# ---------------------------------------------------------------------
# Who asked for a delete (smbSessionDeleted, the delete's log line)
# ---------------------------------------------------------------------

# at_deleted_traps [DESTINATION]: the smbSessionDeleted notifications
# logged so far (snmp_traps), each manager's port written PORT: the tools
# pick theirs.
at_deleted_traps() {
	snmp_traps smbSessionDeleted "${1:-trap2sink}" |
		sed -E 's/(smbNotifyManagerAddress=udp:127\.0\.0\.1):[0-9]+/\1:PORT/'
}

# at_deleted_trap SERVER CLIENT USER RESULT [MODEL [NAME]]: one line of
# at_deleted_traps for a delete asked for with MODEL (v2c by default, the
# tools of snmp_rw; usm for snmp_v3, NAME its user).  As a subagent,
# netsessd does not know who asked: no address, model 0, no name.
at_deleted_trap() {
	local model=0 addr= name=
	if ! at_agentx; then
		addr=udp:127.0.0.1:PORT
		case ${5:-v2c} in
		v1) model=1 ;;
		v2c) model=2 ;;
		usm) model=3 name=${6:-} ;;
		esac
	fi
	printf 'smbServerName=%s\tsmbNotifyClient=%s\tsmbNotifyUser=%s\tsmbNotifyResult=%s' "$1" "$2" "$3" "$4"
	printf '\tsmbNotifyManagerAddress=%s\tsmbNotifySecurityModel=%s\tsmbNotifySecurityName=%s' \
		"$addr" "$model" "$name"
}

# at_log_by [MODEL [NAME]]: an extended regex for the end of a delete's log
# line: who asked (core/requester.h), "agentx" as a subagent.
at_log_by() {
	if at_agentx; then
		echo ' by agentx$'
	elif [ "${1:-v2c}" = usm ]; then
		echo " by udp:127\\.0\\.0\\.1:[0-9]+ usm user=\"$2\"\$"
	else
		echo " by udp:127\\.0\\.0\\.1:[0-9]+ ${1:-v2c}\$"
	fi
}

# at_no_secret_leaked: the password of the managed server is neither in
# netsessd's argv nor in its log.
at_no_secret_leaked() {
	local leak=0
	if nsd_alive && tr '\0' ' ' <"/proc/$NSD_PID/cmdline" | grepq -F "$SAMBA_ADMIN_PASS"; then
		leak=1
	fi
	grep -qF "$SAMBA_ADMIN_PASS" "$NSD_LOG" && leak=1
	check "no password in netsessd's argv or log" [ "$leak" = 0 ]
}
