# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2034
#
# snmp.sh - a private Net-SNMP master agent (snmpd), a private snmptrapd and
# netsessd as their AgentX subagent, for the integration tests and the demo;
# or, with NSD_MODE=standalone, netsessd as an SNMP agent of its own (no
# snmpd) with an access file equivalent to that snmpd's configuration.
# Source it from bash, after lib/samba.sh when Samba is wanted:
#
#     . "$here/lib/samba.sh"
#     . "$here/lib/snmp.sh"
#     snmp_start                  # snmptrapd, then snmpd as AgentX master
#     nsd_server_xml 1 fs1 127.0.0.1 "$SAMBA_PORT" root "$SAMBA_ADMIN_PASS" \
#         >"$SNMP_DIR/servers.xml"
#     nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
#     nsd_start "$SNMP_DIR/netsessd.xml"   # waits until every server polled
#     snmp_rw snmpwalk -On "$NS_SESSION_ENTRY"
#     snmp_stop                   # also runs on exit (trap)
#
# The two modes (NSD_MODE):
#   agentx (default)  snmpd listens on $SNMP_PORT, netsessd is its subagent
#                     (-x $SNMP_AGENTX); snmpd sends the notifications.
#   standalone        netsessd listens on $SNMP_PORT itself (<snmp listen>)
#                     and reads $SNMP_ACCESS, which grants what snmpd.conf
#                     grants in the other mode (the same lines: views,
#                     communities, the SNMPv3 user, the notification
#                     destinations); netsessd sends the notifications.
# The same test scripts run in both; at_agentx (agent_test.sh) tells a
# script which mode it is in, for what only one mode has.
#
# Everything lives in one temporary directory, $SNMP_DIR: the AgentX unix
# socket, the configuration files, the persistent directory of every
# Net-SNMP program (SNMP_PERSISTENT_DIR), the logs. snmpd listens on a free
# UDP port of 127.0.0.1 only and sends its notifications (trap2sink) to
# snmptrapd on another free UDP port of 127.0.0.1. No file outside $SNMP_DIR
# is read or written by these programs: SNMPCONFPATH points into it, and
# snmpd/snmptrapd run with -C (no default configuration files).
#
# Every failure prints "snmp.sh: ..." on stderr and returns non-zero; a
# missing program is a failure, never a skip.
#
# Functions
#   snmp_start            start snmptrapd and snmpd; wait until snmpd answers,
#                         its AgentX socket exists and its coldStart trap has
#                         reached snmptrapd; install the cleanup trap.
#                         Standalone: snmptrapd and the access file only.
#   snmp_stop             stop netsessd, snmpd and snmptrapd; remove
#                         $SNMP_DIR. Safe to call twice.
#   snmpd_stop / snmpd_launch
#                         stop / start again the master alone (same port,
#                         same socket), for the reconnection test (AgentX
#                         mode only).
#   snmp_rw TOOL ARGS...  run a Net-SNMP tool against the private agent with
#   snmp_ro TOOL ARGS...  the read-write / read-only community (v2c, no
#   snmp_v3 TOOL ARGS...  retries: a SET is never sent twice), or as the
#                         read-write SNMPv3 user $SNMP_V3_USER (authPriv).
#                         Leading ARGS starting with "-" are the tool's
#                         options.
#   nsd_server_xml INDEX NAME HOST PORT USER PASSWORD [ATTRS]
#                         print one <server> element; the password goes to a
#                         0600 file $SNMP_DIR/secrets/NAME.pw. INDEX "" omits
#                         the attribute; ATTRS are extra attributes. Its
#                         poll-interval, timeout and delete-timeout are
#                         $NSD_POLL_INTERVAL, $NSD_CALL_TIMEOUT and
#                         $NSD_DELETE_TIMEOUT.
#   nsd_write_config FILE [SERVERS_FILE...]
#                         write a complete configuration (AgentX address of
#                         the private master, ping interval $NSD_PING; or,
#                         standalone, <snmp> with $SNMP_PORT and
#                         $SNMP_ACCESS).
#   nsd_start CONFIG [ARGS...]
#                         start netsessd -c CONFIG -f -x ADDR in the
#                         background (log: $NSD_LOG) and wait until every
#                         server of CONFIG has been polled once. With
#                         NSD_NO_X set, no -x: the address comes from CONFIG.
#                         Standalone: no -x; it also waits until netsessd
#                         listens and its coldStart has reached snmptrapd.
#   nsd_gone              netsessd's tables are no longer served: the
#                         master answers a walk without them (AgentX), or
#                         nothing listens on $SNMP_PORT any more.
#   nsd_check CONFIG      netsessd -c CONFIG -n, output on stdout.
#   nsd_config_indexes CONFIG   the server indexes CONFIG gives.
#   nsd_stop              SIGTERM and wait; returns netsessd's exit status.
#   nsd_alive             netsessd is still running.
#   nsd_wait_polled IDX...   wait until each server's status is not unknown(1).
#   snmp_session_walk     one complete walk of smbSessionTable; fails when
#                         the walk fails or does not go through the table.
#   snmp_session_rows [IDX]  smbSessionTable as "IDX CLIENT USER COUNT"
#                         lines, decoded from the numeric instance OIDs of
#                         one complete walk; fails when the walk does.
#   snmp_session_column COLUMN   one column, "IDX CLIENT USER VALUE" lines.
#   snmp_session_groups IDX   server IDX's rows as "CLIENT USER COUNT".
#   samba_session_groups  smbstatus sessions as "CLIENT USER COUNT" lines
#                         (needs lib/samba.sh).
#   snmp_session_oid COLUMN IDX CLIENT USER   a cell's numeric OID.
#   snmp_server_get IDX COLUMN
#                         one smbServerTable value (enums as numbers, strings
#                         unquoted); fails when the instance does not exist.
#   snmp_wait DESCRIPTION COMMAND...
#                         poll COMMAND until it succeeds, at most
#                         $SNMP_TIMEOUT seconds.
#   snmp_set_expect WANT snmp_rw|snmp_ro VARBIND...
#                         snmpset -Ir; succeeds when the agent's answer
#                         matches WANT (noError, or an extended regex over
#                         the error names, e.g. "wrongValue|inconsistentValue").
#   snmp_traps NAME [DESTINATION]
#                         notifications NAME received so far through
#                         trap2sink (default), informsink or trapsess, one
#                         per line: "object=value" fields separated by tabs.
#
# Exported variables (set by snmp_start)
#   SNMP_DIR, SNMP_PORT, SNMP_TRAP_PORT, SNMP_AGENTX (unix:... address),
#   SNMP_RW_COMMUNITY, SNMP_RO_COMMUNITY, SNMP_V3_USER, SNMPD_LOG,
#   SNMPTRAPD_LOG, SNMP_PERSISTENT_DIR, SNMPCONFPATH, MIBDIRS, MIBS;
#   SNMP_ACCESS (standalone: netsessd's access file)
#   NSD_X_ARGS (an array: "-x $SNMP_AGENTX" for AgentX, empty standalone)
# Set by nsd_start: NSD_PID, NSD_LOG, NSD_CONFIG.
#
# Inputs
#   NSD_MODE                   agentx (default) or standalone.
#   top_srcdir, top_builddir   set by "make check"; default: this tree.
#   NETSESSD                   the netsessd program (default
#                              $top_builddir/agent/netsessd).
#   NSD_PING                   agentxPingInterval for netsessd, seconds (2).
#   NSD_POLL_INTERVAL, NSD_CALL_TIMEOUT, NSD_DELETE_TIMEOUT
#                              poll-interval (1), timeout (5) and
#                              delete-timeout (8; empty: netsessd's default
#                              0.8) of the servers nsd_server_xml writes.
#   SNMP_TIMEOUT               bound of every wait, seconds (30).
#   SNMP_EXTRA_ACCESS          lines added to the access lines (snmpd.conf,
#                              or the access file standalone), e.g.
#                              "view nstest included OID" for a benchmark.
#   SNMP_ALL_SINKS             when set, the master also has an informsink
#                              and a trapsess destination (snmp_traps).
#   SNMP_KEEP                  when set, snmp_stop stops the programs but
#                              keeps $SNMP_DIR (logs) for a post-mortem.

NSD_MODE=${NSD_MODE:-agentx}
case $NSD_MODE in
agentx | standalone) ;;
*)
	echo "snmp.sh: NSD_MODE is agentx or standalone, not '$NSD_MODE'" >&2
	return 1
	;;
esac
SNMP_TIMEOUT=${SNMP_TIMEOUT:-30}
NSD_PING=${NSD_PING:-2}
NSD_POLL_INTERVAL=${NSD_POLL_INTERVAL:-1}
NSD_CALL_TIMEOUT=${NSD_CALL_TIMEOUT:-5}
# A delete on a loaded machine may take seconds: the servers of the tests
# get a delete-timeout far above any real delete, below the master's
# agentXTimeout (15 s), so that no result depends on the machine's speed.
# A test that measures the timeout itself sets its own (empty: netsessd's
# default, 0.8 s).
NSD_DELETE_TIMEOUT=${NSD_DELETE_TIMEOUT-8}
SNMP_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$SNMP_LIB_DIR/../../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
NETSESSD=${NETSESSD:-$top_builddir/agent/netsessd}

# SMB-SESSION-MIB, numerically (the root is netSnmpPlaypen.445); the
# constants are for the scripts that source this file.
NS_MIB=.1.3.6.1.4.1.8072.9999.9999.445
NS_SERVER_ENTRY=$NS_MIB.1.1.1
NS_SESSION_ENTRY=$NS_MIB.1.2.1
NS_NOTIFY=$NS_MIB.0
# smbServerEntry columns
NS_SRV_NAME=2 NS_SRV_ADDRESS=3 NS_SRV_STATUS=4 NS_SRV_LASTPOLL=5
NS_SRV_LASTERROR=6 NS_SRV_SESSIONS=7 NS_SRV_POLLS=8 NS_SRV_POLLFAIL=9
NS_SRV_DELETES=10 NS_SRV_DELFAIL=11 NS_SRV_DISC_USER=12 NS_SRV_DISC_CLIENT=13
# smbSessionEntry columns
NS_SES_COUNT=3 NS_SES_OPENS=4 NS_SES_TIME=5 NS_SES_IDLE=6 NS_SES_FLAGS=7
NS_SES_CLTYPE=8 NS_SES_TRANSPORT=9 NS_SES_STATUS=10
# smbServerStatus values
NS_ST_UNKNOWN=1 NS_ST_OK=2 NS_ST_UNREACHABLE=3 NS_ST_LOGON=4
# LanMgr-Mib-II (enterprise 77, lanmanager), in the master's view too:
# netsessd serves svSessionNumber and svSessionTable there only with
# <lanmgr-compat>.
LM_MIB=.1.3.6.1.4.1.77
LM_SESSION_NUMBER=$LM_MIB.1.2.19
LM_SESSION_ENTRY=$LM_MIB.1.2.20.1

_snmp_die() {
	echo "snmp.sh: $*" >&2
	return 1
}

_snmp_need() {
	local p
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 ||
			_snmp_die "required program '$p' not found (install snmpd, snmp, snmptrapd)" ||
			return 1
	done
}

snmp_wait() {
	local what=$1 deadline=$((SECONDS + SNMP_TIMEOUT))
	shift
	until "$@"; do
		if ((SECONDS >= deadline)); then
			_snmp_die "timed out after ${SNMP_TIMEOUT}s waiting for $what"
			return 1
		fi
		sleep 0.1
	done
}

# _snmp_pick_udp_port: a free UDP port of this machine in 20000..32767,
# below Linux's ephemeral range so that no client socket takes it meanwhile.
_snmp_pick_udp_port() {
	local i p
	for i in $(seq 200); do
		p=$((20000 + (RANDOM % 12768)))
		if [ -z "$(ss -Huan "( sport = :$p )" 2>/dev/null)" ]; then
			echo "$p"
			return 0
		fi
	done
	_snmp_die "no free UDP port found"
}

# _snmp_mibs: MIBDIRS/MIBS so that the tools, snmpd and snmptrapd resolve
# SMB-SESSION-MIB from this source tree (mibdirs.sh supplies the IETF base
# modules Debian does not ship), then check that the names resolve.
_snmp_mibs() {
	local dirs oid
	dirs=$(srcdir=$top_srcdir bash "$top_srcdir/tests/integration/mibdirs.sh") ||
		_snmp_die "cannot build the MIB search path (mibdirs.sh failed)" ||
		return 1
	export MIBDIRS=$dirs MIBS=SNMPv2-MIB:SMB-SESSION-MIB
	oid=$(snmptranslate -On 'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.2"."nstest1"' \
		2>"$SNMP_DIR/snmptranslate.err")
	[ "$oid" = "$NS_SESSION_ENTRY.10.1.9.49.50.55.46.48.46.48.46.50.7.110.115.116.101.115.116.49" ] ||
		_snmp_die "SMB-SESSION-MIB does not load: $(head -n 5 "$SNMP_DIR/snmptranslate.err")"
}

# The master's AgentX timeout lines.  By default a delete runs within the
# subagent's delete-timeout ($NSD_DELETE_TIMEOUT, 8 s); the master waits
# longer and never re-sends a SET (see docs: slow links).  SNMP_MASTER_DEFAULTS=1 writes none,
# so the master runs with Net-SNMP's own defaults (1 s, 5 retries).
_snmp_agentx_timeouts() {
	[ -n "${SNMP_MASTER_DEFAULTS:-}" ] && {
		echo "# agentXTimeout and agentXRetries: Net-SNMP's defaults"
		return 0
	}
	printf 'agentXTimeout 15\nagentXRetries 0\n'
}

# _snmp_access_lines: who may do what, and where notifications go: the
# same lines in snmpd.conf (AgentX mode) and in netsessd's access file
# (standalone), so that both modes are tested under one policy.
_snmp_access_lines() {
	cat <<EOF
view nstest included $NS_MIB
view nstest included .1.3.6.1.2.1.1
view nstest included $LM_MIB
rwcommunity $SNMP_RW_COMMUNITY 127.0.0.1 -V nstest
rocommunity $SNMP_RO_COMMUNITY 127.0.0.1 -V nstest
createUser $SNMP_V3_USER SHA-512 "$SNMP_V3_AUTH" AES "$SNMP_V3_PRIV"
rwuser $SNMP_V3_USER priv -V nstest
trap2sink udp:127.0.0.1:$SNMP_TRAP_PORT $SNMP_TRAP_COMMUNITY
$(_snmp_extra_sinks)
dontLogTCPWrappersConnects yes
${SNMP_EXTRA_ACCESS:-}
EOF
}

_snmp_write_confs() {
	if [ "$NSD_MODE" = standalone ]; then
		(umask 077 && cat >"$SNMP_ACCESS" <<EOF
# netsessd's access file for the tests (standalone mode); everything is in
# $SNMP_DIR.
$(_snmp_access_lines)
EOF
		) || return 1
	else
		cat >"$SNMP_DIR/snmpd.conf" <<EOF
# Private master agent for the netsessd tests; everything is in $SNMP_DIR.
agentaddress udp:127.0.0.1:$SNMP_PORT
master agentx
agentXSocket $SNMP_AGENTX
agentXPerms 0600 0700
$(_snmp_agentx_timeouts)
$(_snmp_access_lines)
EOF
	fi
	# One block per notification: "TRAP" and the PDU's kind and community
	# (%P: "TRAP2, SNMP v2c, community C" or "INFORM, ..."), one varbind a
	# line, "END".
	cat >"$SNMP_DIR/snmptrapd.conf" <<EOF
authCommunity log $SNMP_TRAP_COMMUNITY
authCommunity log $SNMP_INFORM_COMMUNITY
authCommunity log $SNMP_TRAPSESS_COMMUNITY
format2 TRAP %P\n%V\n%v\nEND\n
dontLogTCPWrappersConnects yes
EOF
}

# With SNMP_ALL_SINKS set, the master also sends its notifications as
# informs (informsink) and through a trapsess destination, each to its own
# port of the same snmptrapd, with its own community.
_snmp_extra_sinks() {
	[ -n "${SNMP_ALL_SINKS:-}" ] || return 0
	echo "informsink udp:127.0.0.1:$SNMP_INFORM_PORT $SNMP_INFORM_COMMUNITY"
	echo "trapsess -v 2c -c $SNMP_TRAPSESS_COMMUNITY udp:127.0.0.1:$SNMP_TRAPSESS_PORT"
}

# _snmp_trap_ports: the ports snmptrapd listens on.
_snmp_trap_ports() {
	echo "$SNMP_TRAP_PORT"
	[ -z "${SNMP_ALL_SINKS:-}" ] || echo "$SNMP_INFORM_PORT $SNMP_TRAPSESS_PORT"
}

# _snmp_proc_pids DIR: PIDs of processes whose command line mentions DIR/.
_snmp_proc_pids() {
	local d=$1 p
	for p in /proc/[0-9]*; do
		[ "${p#/proc/}" = "$$" ] && continue
		[ "${p#/proc/}" = "${BASHPID:-$$}" ] && continue
		tr '\0' '\n' 2>/dev/null <"$p/cmdline" | grep -qF "$d/" &&
			echo "${p#/proc/}"
	done
}

# _snmp_kill_dir DIR: end every process started for DIR, remove DIR.
_snmp_kill_dir() {
	local d=$1 pids i
	[ -n "$d" ] && [ -d "$d" ] || return 0
	for i in $(seq 100); do
		pids=$(_snmp_proc_pids "$d")
		[ -z "$pids" ] && break
		# shellcheck disable=SC2086
		if ((i < 60)); then
			kill -TERM $pids 2>/dev/null
		else
			kill -KILL $pids 2>/dev/null
		fi
		sleep 0.1
	done
	rm -rf "$d"
}

# _snmp_watchdog: remove everything once the calling shell is gone, even if
# it was killed with SIGKILL.
_snmp_watchdog() {
	local parent=$$ d=$SNMP_DIR
	(
		trap '' INT HUP
		exec </dev/null >/dev/null 2>&1
		while kill -0 "$parent" 2>/dev/null && [ -d "$d" ]; do
			sleep 1
		done
		_snmp_kill_dir "$d"
	) &
	SNMP_WATCHDOG_PID=$!
}

# _snmp_install_trap: snmp_stop on exit, then the EXIT trap set before
# (lib/samba.sh installs one that stops Samba).
_snmp_install_trap() {
	local old words
	old=$(trap -p EXIT)
	case $old in
	*snmp_stop*) ;;
	'') trap snmp_stop EXIT ;;
	*)
		eval "words=($old)"
		_SNMP_OLD_EXIT_TRAP=${words[2]}
		trap 'snmp_stop; eval "$_SNMP_OLD_EXIT_TRAP"' EXIT
		;;
	esac
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

_snmp_trapd_launch() {
	local -a addrs=()
	local p
	for p in $(_snmp_trap_ports); do
		addrs+=("udp:127.0.0.1:$p")
	done
	snmptrapd -f -C -c "$SNMP_DIR/snmptrapd.conf" -Lf "$SNMPTRAPD_LOG" \
		-p "$SNMP_DIR/snmptrapd.pid" "${addrs[@]}" \
		</dev/null >>"$SNMP_DIR/snmptrapd.out" 2>&1 &
	SNMPTRAPD_PID=$!
}

_snmp_trapd_listening() {
	local p
	kill -0 "$SNMPTRAPD_PID" 2>/dev/null || return 2
	for p in $(_snmp_trap_ports); do
		ss -Hulnp "( sport = :$p )" 2>/dev/null |
			grep -q "pid=$SNMPTRAPD_PID," || return 1
	done
}

_snmpd_listening() {
	kill -0 "$SNMPD_PID" 2>/dev/null || return 2
	ss -Hulnp "( sport = :$SNMP_PORT )" 2>/dev/null | grep -q "pid=$SNMPD_PID," &&
		[ -S "${SNMP_AGENTX#unix:}" ]
}

# _snmp_wait_listen WHAT FUNCTION: 0 listening, 1 timeout, 2 process exited.
_snmp_wait_listen() {
	local what=$1 fn=$2 rc deadline=$((SECONDS + SNMP_TIMEOUT))
	while :; do
		"$fn"
		rc=$?
		[ "$rc" -ne 1 ] && return "$rc"
		if ((SECONDS >= deadline)); then
			_snmp_die "$what does not listen after ${SNMP_TIMEOUT}s"
			return 1
		fi
		sleep 0.05
	done
}

# _snmp_agentx_only NAME: fails, saying so, in standalone mode.
_snmp_agentx_only() {
	[ "$NSD_MODE" = agentx ] ||
		_snmp_die "$1: there is no master agent in standalone mode"
}

# snmpd_launch: start the master on SNMP_PORT (already chosen).
snmpd_launch() {
	_snmp_agentx_only snmpd_launch || return 1
	snmpd -f -r -C -c "$SNMP_DIR/snmpd.conf" -Lf "$SNMPD_LOG" \
		-p "$SNMP_DIR/snmpd.pid" -I -smux \
		</dev/null >>"$SNMP_DIR/snmpd.out" 2>&1 &
	SNMPD_PID=$!
	_snmp_wait_listen snmpd _snmpd_listening || {
		tail -n 20 "$SNMPD_LOG" "$SNMP_DIR/snmpd.out" >&2 2>/dev/null
		_snmp_die "snmpd did not start on udp:127.0.0.1:$SNMP_PORT"
		return 1
	}
	snmp_wait "snmpd to answer" _snmp_answers
}

_snmp_answers() {
	snmp_ro snmpget -Oqv .1.3.6.1.2.1.1.3.0 >/dev/null 2>&1
}

snmpd_stop() {
	[ -n "${SNMPD_PID:-}" ] || return 0
	_snmp_agentx_only snmpd_stop || return 1
	kill -TERM "$SNMPD_PID" 2>/dev/null
	wait "$SNMPD_PID" 2>/dev/null
	SNMPD_PID=
}

_snmp_cold_start_seen() {
	grep -q 'snmpTrapOID.0 = OID: SNMPv2-MIB::coldStart' "$SNMPTRAPD_LOG" 2>/dev/null
}

# _snmp_cold_starts: how many coldStart notifications snmptrapd has logged.
_snmp_cold_starts() {
	grep -c 'snmpTrapOID.0 = OID: SNMPv2-MIB::coldStart' "$SNMPTRAPD_LOG" 2>/dev/null
}

_snmp_cold_starts_above() {
	[ "$(_snmp_cold_starts)" -gt "$1" ]
}

# _snmp_udp_free PORT: nothing of this machine is bound to UDP PORT.
_snmp_udp_free() {
	[ -z "$(ss -Huan "( sport = :$1 )" 2>/dev/null)" ]
}

snmp_start() {
	_snmp_start && return 0
	snmp_stop
	return 1
}

_snmp_start() {
	local try rc
	[ -z "${SNMP_DIR:-}" ] ||
		_snmp_die "snmp_start: already running in $SNMP_DIR" || return 1
	_snmp_need snmptrapd snmpget snmpset snmpwalk snmpbulkwalk \
		snmptable snmptranslate ss || return 1
	[ "$NSD_MODE" = standalone ] || _snmp_need snmpd || return 1
	SNMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/netsess-snmp.XXXXXX") ||
		_snmp_die "mktemp failed" || return 1
	export SNMP_DIR
	_snmp_install_trap
	_snmp_watchdog
	mkdir -m 0700 "$SNMP_DIR/persist" "$SNMP_DIR/conf" "$SNMP_DIR/secrets" || return 1
	# Net-SNMP programs read conf files from SNMPCONFPATH and write state
	# into SNMP_PERSISTENT_DIR: both private.
	export SNMP_PERSISTENT_DIR=$SNMP_DIR/persist SNMPCONFPATH=$SNMP_DIR/conf
	export SNMPD_LOG=$SNMP_DIR/snmpd.log SNMPTRAPD_LOG=$SNMP_DIR/snmptrapd.log
	export SNMP_AGENTX=unix:$SNMP_DIR/agentx/master
	export SNMP_RW_COMMUNITY=nstest-rw SNMP_RO_COMMUNITY=nstest-ro
	export SNMP_V3_USER=nstest-v3 SNMP_ACCESS=$SNMP_DIR/access.conf
	SNMP_V3_AUTH=nstest-v3-auth SNMP_V3_PRIV=nstest-v3-priv
	NSD_X_ARGS=()
	[ "$NSD_MODE" = standalone ] || NSD_X_ARGS=(-x "$SNMP_AGENTX")
	SNMP_TRAP_COMMUNITY=${SNMP_TRAP_COMMUNITY:-nstest-trap} SNMP_INFORM_COMMUNITY=nstest-inform
	SNMP_TRAPSESS_COMMUNITY=nstest-sess
	_snmp_mibs || return 1

	for try in 1 2 3 4 5; do
		SNMP_TRAP_PORT=$(_snmp_pick_udp_port) || return 1
		SNMP_PORT=$(_snmp_pick_udp_port) || return 1
		SNMP_INFORM_PORT=$(_snmp_pick_udp_port) || return 1
		SNMP_TRAPSESS_PORT=$(_snmp_pick_udp_port) || return 1
		[ "$(printf '%s\n' "$SNMP_PORT" "$SNMP_TRAP_PORT" "$SNMP_INFORM_PORT" \
			"$SNMP_TRAPSESS_PORT" | sort -u | wc -l)" = 4 ] || continue
		_snmp_write_confs || return 1
		_snmp_trapd_launch
		_snmp_wait_listen snmptrapd _snmp_trapd_listening
		rc=$?
		if [ "$rc" -eq 0 ]; then
			# Standalone, netsessd binds SNMP_PORT when it starts.
			if [ "$NSD_MODE" = standalone ]; then
				_snmp_udp_free "$SNMP_PORT" && break
			else
				snmpd_launch && break
				snmpd_stop
			fi
		fi
		kill -TERM "$SNMPTRAPD_PID" 2>/dev/null
		wait "$SNMPTRAPD_PID" 2>/dev/null
		echo "snmp.sh: start failed on ports $SNMP_PORT/$SNMP_TRAP_PORT (try $try)" >&2
		[ "$try" -lt 5 ] || return 1
	done
	export SNMP_PORT SNMP_TRAP_PORT
	[ "$NSD_MODE" = standalone ] && return 0
	# snmpd sends coldStart to its trap2sink at start: once snmptrapd has
	# logged it, the notification path works end to end.
	snmp_wait "snmpd's coldStart at snmptrapd" _snmp_cold_start_seen
}

snmp_stop() {
	local d=${SNMP_DIR:-}
	[ -n "$d" ] || return 0
	nsd_stop >/dev/null 2>&1
	snmpd_stop
	if [ -n "${SNMPTRAPD_PID:-}" ]; then
		kill -TERM "$SNMPTRAPD_PID" 2>/dev/null
		wait "$SNMPTRAPD_PID" 2>/dev/null
	fi
	if [ -n "${SNMP_WATCHDOG_PID:-}" ]; then
		kill "$SNMP_WATCHDOG_PID" 2>/dev/null
		wait "$SNMP_WATCHDOG_PID" 2>/dev/null
	fi
	if [ -n "${SNMP_KEEP:-}" ]; then
		echo "snmp.sh: keeping $d (SNMP_KEEP is set)" >&2
		unset SNMP_DIR
		return 0
	fi
	_snmp_kill_dir "$d"
	unset SNMP_DIR SNMPD_PID SNMPTRAPD_PID SNMP_WATCHDOG_PID NSD_PID
	[ ! -e "$d" ] || _snmp_die "could not remove $d"
}

# The tools: v2c, the private port, one try of up to 20 s (above the
# master's agentXTimeout), so that a SET is never sent twice.
# Leading arguments that start with "-" are the tool's options and go
# before the agent address; the rest (OIDs, values) after it.
_snmp_tool() {
	local community=$1 tool=$2
	local -a opts=()
	shift 2
	while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
		opts+=("$1")
		# snmptable -Cf SEPARATOR: the separator is the next argument.
		if [ "$1" = -Cf ] && [ $# -gt 1 ]; then
			opts+=("$2")
			shift
		fi
		shift
	done
	"$tool" -v2c -c "$community" -t 20 -r 0 "${opts[@]}" \
		"udp:127.0.0.1:$SNMP_PORT" "$@"
}

snmp_rw() {
	_snmp_tool "$SNMP_RW_COMMUNITY" "$@"
}

snmp_ro() {
	_snmp_tool "$SNMP_RO_COMMUNITY" "$@"
}

# snmp_v3 TOOL ARGS...: as snmp_rw, as the SNMPv3 user (authPriv).
snmp_v3() {
	local tool=$1
	local -a opts=()
	shift
	while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
		opts+=("$1")
		shift
	done
	"$tool" -v3 -l authPriv -u "$SNMP_V3_USER" -a SHA-512 -A "$SNMP_V3_AUTH" \
		-x AES -X "$SNMP_V3_PRIV" -t 20 -r 0 "${opts[@]}" "udp:127.0.0.1:$SNMP_PORT" "$@"
}

# ---------------------------------------------------------------------
# netsessd
# ---------------------------------------------------------------------

_nsd_xml_escape() {
	local s=$1
	s=${s//&/&amp;}
	s=${s//</&lt;}
	s=${s//>/&gt;}
	s=${s//\"/&quot;}
	printf '%s' "$s"
}

nsd_server_xml() {
	local index=$1 name=$2 host=$3 port=$4 user=$5 pass=$6 attrs=${7:-}
	local pw=$SNMP_DIR/secrets/$name.pw idx=
	(umask 077 && printf '%s\n' "$pass" >"$pw") || return 1
	chmod 0600 "$pw" || return 1
	[ -z "$index" ] || idx=" index=\"$index\""
	[ -z "$NSD_DELETE_TIMEOUT" ] || attrs=" delete-timeout=\"$NSD_DELETE_TIMEOUT\"$attrs"
	cat <<EOF
  <server$idx name="$(_nsd_xml_escape "$name")" host="$host" port="$port" poll-interval="$NSD_POLL_INTERVAL" timeout="$NSD_CALL_TIMEOUT"$attrs>
    <credentials username="$(_nsd_xml_escape "$user")" password-file="$pw"/>
  </server>
EOF
}

nsd_write_config() {
	local file=$1
	shift
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<netsessd>'
		if [ "$NSD_MODE" = standalone ]; then
			echo "  <snmp listen=\"udp:127.0.0.1:$SNMP_PORT\" access=\"$SNMP_ACCESS\"/>"
		else
			echo "  <agentx address=\"$SNMP_AGENTX\" ping-interval=\"$NSD_PING\"/>"
		fi
		[ $# -eq 0 ] || cat "$@"
		echo '</netsessd>'
	} >"$file"
}

# nsd_config_indexes CONFIG: the server indexes a configuration gives
# (explicit, or numbered in order of appearance).
nsd_config_indexes() {
	awk '/<server[ >]/ {
		n++
		if (match($0, /index="[0-9]+"/))
			print substr($0, RSTART + 7, RLENGTH - 8)
		else
			print n
	}' "$1"
}

nsd_alive() {
	[ -n "${NSD_PID:-}" ] && kill -0 "$NSD_PID" 2>/dev/null
}

# nsd_check CONFIG: netsessd -n; output on stdout, status returned.
nsd_check() {
	"$NETSESSD" -c "$1" -n 2>&1
}

nsd_start() {
	local config=$1 cold
	shift
	[ -n "${SNMP_DIR:-}" ] || _snmp_die "snmp_start first" || return 1
	[ -z "${NSD_PID:-}" ] || _snmp_die "netsessd already runs ($NSD_PID)" || return 1
	[ -x "$NETSESSD" ] || _snmp_die "netsessd not built: $NETSESSD" || return 1
	NSD_CONFIG=$config
	NSD_LOG=$SNMP_DIR/netsessd.log
	export NSD_LOG NSD_CONFIG
	# NSD_NO_X=1: the AgentX address comes from the configuration alone.
	[ -n "${NSD_NO_X:-}" ] || set -- "${NSD_X_ARGS[@]}" "$@"
	cold=$(_snmp_cold_starts)
	# A simple command, so that $! is netsessd itself (signals reach it).
	"$NETSESSD" -c "$config" -f "$@" \
		</dev/null >>"$NSD_LOG" 2>&1 &
	NSD_PID=$!
	if [ "$NSD_MODE" = standalone ]; then
		_snmp_wait_listen netsessd _nsd_listening || {
			tail -n 20 "$NSD_LOG" >&2
			return 1
		}
	fi
	# shellcheck disable=SC2046
	nsd_wait_polled $(nsd_config_indexes "$config") || return 1
	[ "$NSD_MODE" = standalone ] || return 0
	# netsessd sends coldStart once it listens: the notification path
	# works end to end.
	snmp_wait "netsessd's coldStart at snmptrapd" _snmp_cold_starts_above "$cold"
}

# _nsd_listening: standalone netsessd is bound to SNMP_PORT.
_nsd_listening() {
	nsd_alive || return 2
	ss -Hulnp "( sport = :$SNMP_PORT )" 2>/dev/null | grep -c "pid=$NSD_PID," >/dev/null
}

# nsd_gone: SMB-SESSION-MIB is no longer served (netsessd has exited).
# AgentX: a walk of the master succeeds and has none of it; standalone:
# the socket table has nothing bound to SNMP_PORT.  Never "gone" because
# a read failed.
nsd_gone() {
	local out
	if [ "$NSD_MODE" = standalone ]; then
		out=$(ss -Huan "( sport = :$SNMP_PORT )") || return 1
		[ -z "$out" ]
		return
	fi
	out=$(snmp_rw snmpwalk -On .1.3.6.1.2.1.1.3 2>/dev/null) || return 1
	printf '%s\n' "$out" | grep -c '^.1.3.6.1.2.1.1.3.0 = ' >/dev/null || return 1
	out=$(snmp_rw snmpwalk -On "$NS_MIB" 2>&1) || return 1
	! printf '%s\n' "$out" | grep -c "^$NS_MIB\." >/dev/null
}

# _nsd_polled IDX...: every listed server has a status other than unknown.
_nsd_polled() {
	local i v
	nsd_alive || return 2
	for i in "$@"; do
		v=$(snmp_server_get "$i" $NS_SRV_STATUS 2>/dev/null) || return 1
		[[ $v =~ ^[0-9]+$ ]] && [ "$v" != "$NS_ST_UNKNOWN" ] || return 1
	done
}

nsd_wait_polled() {
	local deadline=$((SECONDS + SNMP_TIMEOUT)) rc
	while :; do
		_nsd_polled "$@"
		rc=$?
		[ "$rc" -eq 0 ] && return 0
		if [ "$rc" -eq 2 ]; then
			wait "$NSD_PID" 2>/dev/null
			rc=$?
			NSD_PID=
			tail -n 20 "$NSD_LOG" >&2
			_snmp_die "netsessd exited (status $rc) before its tables answered"
			return 1
		fi
		if ((SECONDS >= deadline)); then
			tail -n 20 "$NSD_LOG" >&2
			_snmp_die "timed out after ${SNMP_TIMEOUT}s waiting for netsessd's tables (servers $*)"
			return 1
		fi
		sleep 0.2
	done
}

# nsd_stop: SIGTERM, wait (bounded), return netsessd's exit status.
nsd_stop() {
	local pid=${NSD_PID:-} rc deadline=$((SECONDS + SNMP_TIMEOUT))
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	while kill -0 "$pid" 2>/dev/null; do
		if ((SECONDS >= deadline)); then
			kill -KILL "$pid" 2>/dev/null
			_snmp_die "netsessd did not exit within ${SNMP_TIMEOUT}s of SIGTERM"
			break
		fi
		sleep 0.1
	done
	wait "$pid" 2>/dev/null
	rc=$?
	NSD_PID=
	return "$rc"
}

# ---------------------------------------------------------------------
# Reading the tables
# ---------------------------------------------------------------------

# snmp_server_get IDX COLUMN: the value alone (enums as numbers, strings
# without quotes); fails when there is no such instance.
snmp_server_get() {
	snmp_rw snmpget -On -Oe -OQ "$NS_SERVER_ENTRY.$2.$1" | awk '
		NR == 1 {
			eq = index($0, " = ")
			if (eq == 0) exit 1
			val = substr($0, eq + 3)
			if (val ~ /^No (Such|more variables)/) exit 1
			gsub(/^"|"$/, "", val)
			print val
			found = 1
		}
		END { exit !found }'
}

# _snmp_decode_index PREFIX: walk output (-On -Oe -OQ) on stdin,
# "IDX CLIENT USER VALUE" lines out. The instance is IDX.len.chars.len.chars
# (non-IMPLIED strings, RFC 2578 7.7).
_snmp_decode_index() {
	LC_ALL=C awk -v prefix="$1." '
	index($0, prefix) == 1 {
		eq = index($0, " = ")
		oid = substr($0, length(prefix) + 1, eq - length(prefix) - 1)
		val = substr($0, eq + 3)
		if (val ~ /^No (Such|more variables)/) next
		n = split(oid, s, ".")
		i = 1
		idx = s[i++]
		len = s[i++]; client = ""
		for (k = 0; k < len; k++) client = client sprintf("%c", s[i++])
		len = s[i++]; user = ""
		for (k = 0; k < len; k++) user = user sprintf("%c", s[i++])
		if (i != n + 1) { print "BAD-INDEX " oid; next }
		gsub(/^"|"$/, "", val)
		print idx, client, (user == "" ? "-" : user), val
	}'
}

# snmp_session_column COLUMN: one column of smbSessionTable,
# "IDX CLIENT USER VALUE" lines in walk order.
snmp_session_column() {
	local out
	out=$(snmp_rw snmpwalk -On -Oe -OQ "$NS_SESSION_ENTRY.$1") || return 1
	printf '%s\n' "$out" | _snmp_decode_index "$NS_SESSION_ENTRY.$1"
}

# snmp_session_walk: the whole smbSessionTable, every column, in one
# snmpbulkwalk (-On -Oe -OQ lines). Fails, saying why on stderr, unless the
# walk itself succeeded and went through the table: snmpbulkwalk exited 0
# with nothing on stderr, and the walk reached the last column,
# smbSessionRowStatus, with the same rows as the first one it reads
# (smbSessionCount). A walk that times out, or a subagent that does not
# answer (the master then has nothing under the table), never reads as
# "no rows". The tables of the tests are never empty: server 1 always
# lists netsessd's own session.
snmp_session_walk() {
	local out rc err try
	err=$SNMP_DIR/session-walk.err
	# The rows may change between two columns when a poll lands in the
	# middle of the walk: walk again, a bounded number of times.
	for try in 1 2 3 4 5; do
		out=$(snmp_rw snmpbulkwalk -On -Oe -OQ -Cr50 "$NS_SESSION_ENTRY" 2>"$err")
		rc=$?
		if [ "$rc" -ne 0 ] || [ -s "$err" ]; then
			echo "snmp.sh: the walk of smbSessionTable failed (exit $rc): $(head -n 3 "$err")" >&2
			return 1
		fi
		_snmp_walk_complete "$out" 2>/dev/null && break
		if [ "$try" -eq 5 ]; then
			echo "snmp.sh: the walk of smbSessionTable did not go through the table:" \
				"$(_snmp_walk_complete "$out" 2>&1)" >&2
			return 1
		fi
		sleep 0.2
	done
	printf '%s\n' "$out"
}

# _snmp_walk_complete WALK: the walk has smbSessionCount and
# smbSessionRowStatus for the same, non-empty, set of rows.
_snmp_walk_complete() {
	local first last
	first=$(printf '%s\n' "$1" | _snmp_decode_index "$NS_SESSION_ENTRY.$NS_SES_COUNT" |
		awk '{ print $1, $2, $3 }')
	last=$(printf '%s\n' "$1" | _snmp_decode_index "$NS_SESSION_ENTRY.$NS_SES_STATUS" |
		awk '{ print $1, $2, $3 }')
	if [ -z "$last" ]; then
		echo "no smbSessionRowStatus instance (the subagent did not answer the walk)" >&2
		return 1
	fi
	if [ "$first" != "$last" ]; then
		echo "smbSessionCount and smbSessionRowStatus list different rows" >&2
		return 1
	fi
}

# snmp_session_rows [IDX]: "IDX CLIENT USER COUNT", sorted, from one
# complete walk (snmp_session_walk); fails when the walk does.
snmp_session_rows() {
	local out
	out=$(snmp_session_walk) || return 1
	printf '%s\n' "$out" | _snmp_decode_index "$NS_SESSION_ENTRY.$NS_SES_COUNT" |
		awk -v i="${1:-}" 'NF && (i == "" || $1 == i)' | LC_ALL=C sort
}

# samba_session_groups: smbstatus, "CLIENT USER COUNT" per (client, user).
# A session still authenticating (smbstatus: "(auth in progress)") has no
# user yet: NetrSessionEnum reports it with an empty user name, shown "-"
# here as in snmp_session_rows.
samba_session_groups() {
	local list
	list=$(samba_sessions) || return 1
	printf '%s\n' "$list" | awk 'NF == 2 { if ($2 == "(auth") $2 = "-"; n[$1 " " $2]++ }
		END { for (k in n) print k, n[k] }' | LC_ALL=C sort
}

# snmp_session_groups IDX: the same shape from smbSessionTable.
snmp_session_groups() {
	local rows
	rows=$(snmp_session_rows "$1") || return 1
	printf '%s\n' "$rows" | awk 'NF == 4 { print $2, $3, $4 }' | LC_ALL=C sort
}

# snmp_set_expect WANT COMMUNITY_FN VARBIND...: COMMUNITY_FN is snmp_rw or
# snmp_ro. Prints the tool's output on a mismatch.
snmp_set_expect() {
	local want=$1 fn=$2 out rc reason
	shift 2
	out=$("$fn" snmpset -Ir "$@" 2>&1)
	rc=$?
	reason=$(printf '%s\n' "$out" | sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p' | head -n 1)
	if [ "$want" = noError ]; then
		[ "$rc" -eq 0 ] && [ -z "$reason" ] && return 0
	elif [ -n "$reason" ] && [[ $reason =~ ^($want)$ ]]; then
		return 0
	fi
	echo "    snmpset $* (exit $rc), expected $want:" >&2
	printf '%s\n' "$out" | sed 's/^/    | /' >&2
	return 1
}

# snmp_traps NAME [DESTINATION]: the notifications NAME logged by snmptrapd
# so far, one a line, "object=value" fields separated by tabs (module and
# instance suffix dropped, e.g. "smbServerName=fs1"), that came through
# DESTINATION of the master: trap2sink (the default; a v2c trap with
# community nstest-trap), or, with SNMP_ALL_SINKS, informsink (an inform,
# nstest-inform) or trapsess (a v2c trap, nstest-sess).
snmp_traps() {
	local pdu
	case ${2:-trap2sink} in
	trap2sink) pdu="TRAP2, SNMP v2c, community $SNMP_TRAP_COMMUNITY" ;;
	informsink) pdu="INFORM, SNMP v2c, community $SNMP_INFORM_COMMUNITY" ;;
	trapsess) pdu="TRAP2, SNMP v2c, community $SNMP_TRAPSESS_COMMUNITY" ;;
	*)
		_snmp_die "snmp_traps: unknown destination '$2'"
		return 1
		;;
	esac
	awk -v want="SMB-SESSION-MIB::$1" -v pdu="TRAP $pdu" '
	$1 == "TRAP" { n = 0; trap = ""; keep = 0; mine = ($0 == pdu); next }
	$0 == "END" { if (keep && mine) print line; next }
	{
		eq = index($0, " = ")
		name = substr($0, 1, eq - 1)
		val = substr($0, eq + 3)
		sub(/^[A-Za-z0-9-]+::/, "", name)
		sub(/\..*$/, "", name)
		sub(/^[A-Za-z0-9 -]+: ?/, "", val)
		gsub(/^"|"$/, "", val)
		if (name == "snmpTrapOID") {
			keep = (val == want)
			line = ""
			next
		}
		if (name == "sysUpTime") next
		line = line (line == "" ? "" : "\t") name "=" val
	}' "$SNMPTRAPD_LOG"
}

# _snmp_str_oid STRING: a non-IMPLIED string index, "len.c1.c2...".
_snmp_str_oid() {
	local s=$1 out i
	out=${#s}
	for ((i = 0; i < ${#s}; i++)); do
		out=$out.$(printf '%d' "'${s:i:1}")
	done
	printf '%s' "$out"
}

# snmp_session_oid COLUMN IDX CLIENT USER: the numeric instance OID of one
# smbSessionTable cell.
snmp_session_oid() {
	printf '%s.%s.%s.%s.%s\n' "$NS_SESSION_ENTRY" "$1" "$2" \
		"$(_snmp_str_oid "$3")" "$(_snmp_str_oid "$4")"
}
