#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd as a Type=notify service: what systemd receives on its notify
# socket (tests/tools/sd_listen.py stands in for systemd's end of it; the
# package test, tests/package/run.sh, runs the unit under systemd itself).
# - READY=1 comes once the configuration is in force, from netsessd's own
#   process, even though no master agent runs yet, and its STATUS says
#   there is no AgentX session;
# - STATUS follows the session: open once snmpd starts, closed when snmpd
#   stops, open again when it is back;
# - SIGTERM sends STOPPING=1 before netsessd exits 0.
# Built without libsystemd, netsessd sends nothing and works all the same.
# No Samba is needed: the one server listens nowhere.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/agent_test.sh
. "$here/lib/agent_test.sh" || exit 1

command -v python3 >/dev/null || fatal "python3 is installed"

snmp_start || fatal "the private snmpd and snmptrapd start"
port=$(at_free_tcp_port) || fatal "a free TCP port"
nsd_server_xml 1 fs1 127.0.0.1 "$port" admin secret >"$SNMP_DIR/servers.xml" ||
	fatal "a server entry"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"

# The master is down when netsessd starts.
snmpd_stop

notify=$SNMP_DIR/notify
msgs=$SNMP_DIR/notify.log
: >"$msgs"
python3 "$top_srcdir/tests/tools/sd_listen.py" "$notify" "$msgs" \
	</dev/null >>"$SNMP_DIR/sd_listen.out" 2>&1 &
snmp_wait "the notify socket" test -S "$notify" || fatal "the notify socket exists"

NSD_LOG=$SNMP_DIR/netsessd.log
# The schema of this tree, when lib/snmp.sh says netsessd reads one.
[ -z "${NSD_SCHEMA:-}" ] || export NETSESSD_SCHEMA=$NSD_SCHEMA
NOTIFY_SOCKET=$notify "$NETSESSD" -c "$SNMP_DIR/netsessd.xml" -f \
	-x "$SNMP_AGENTX" </dev/null >>"$NSD_LOG" 2>&1 &
NSD_PID=$!
pid=$NSD_PID # nsd_stop clears NSD_PID

# _seen REGEX: a message matching REGEX has come from netsessd's process.
_seen() {
	awk -F'\t' -v pid="$pid" '$1 == pid' "$msgs" | cut -f2- | grepq -E -- "$1"
}

# _last_status: the STATUS= of the latest message that carried one.
_last_status() {
	awk -F'\t' -v pid="$pid" '$1 == pid' "$msgs" | cut -f2- |
		tr '|' '\n' | sed -n 's/^STATUS=//p' | tail -n 1
}

_status_is() {
	case $(_last_status) in "$1"*) return 0 ;; esac
	return 1
}

# Built without libsystemd (configure --without-libsystemd: the Makefile
# says NSD_SD_NOTIFY = no), netsessd sends nothing: it runs and answers,
# and the socket stays silent.
sd_notify=$(sed -n 's/^NSD_SD_NOTIFY = //p' "$top_builddir/Makefile")
case $sd_notify in
yes | no) ;;
*) fatal "NSD_SD_NOTIFY in $top_builddir/Makefile is yes or no (got '$sd_notify')" ;;
esac
if [ "$sd_notify" = no ]; then
	snmpd_launch || fatal "snmpd starts"
	check_eq "without libsystemd: the table answers" fs1 \
		"$(snmp_wait "netsessd's table" snmp_server_get 1 $NS_SRV_NAME >/dev/null &&
			snmp_server_get 1 $NS_SRV_NAME)"
	nsd_stop
	check_eq "without libsystemd: netsessd exits 0 on SIGTERM" 0 "$?"
	check_eq "without libsystemd: nothing was sent to the notify socket" "" "$(cat "$msgs")"
	finish
fi

closed="No AgentX session: waiting for the master at $SNMP_AGENTX"
open="AgentX session open with the master at $SNMP_AGENTX"

if snmp_wait "READY=1" _seen '(^|\|)READY=1(\||$)'; then
	pass "READY=1 arrives from netsessd's own process (PID $pid) with no master running"
else
	fail "READY=1 from netsessd"
	show "$(cat "$msgs")"
	finish
fi
ready=$(awk -F'\t' -v pid="$pid" '$1 == pid' "$msgs" | grep -m1 'READY=1' | cut -f2-)
case $ready in
*"STATUS=$closed"*) pass "READY=1 carries STATUS=$closed ..." ;;
*) fail "READY=1 carries the closed-session status (got: $ready)" ;;
esac
check "netsessd had applied its configuration when it reported READY=1" \
	grep -q 'configuration .*: 1 servers' "$NSD_LOG"
others=$(awk -F'\t' -v pid="$pid" '$1 != pid' "$msgs")
check_eq "no message comes from another process (netsessd-rpc)" "" "$others"

snmpd_launch || fatal "snmpd starts again"
if snmp_wait "STATUS: session open" _status_is "$open"; then
	pass "STATUS follows the new AgentX session: $open"
else
	fail "STATUS after snmpd started: $(_last_status)"
fi
check_eq "the subagent's table answers through the master" fs1 \
	"$(snmp_server_get 1 $NS_SRV_NAME)"

snmpd_stop
if snmp_wait "STATUS: session closed" _status_is "$closed"; then
	pass "STATUS says the session is gone once snmpd stops"
else
	fail "STATUS after snmpd stopped: $(_last_status)"
fi

snmpd_launch || fatal "snmpd starts once more"
if snmp_wait "STATUS: session open again" _status_is "$open"; then
	pass "STATUS says the session is open again after netsessd reconnects"
else
	fail "STATUS after snmpd came back: $(_last_status)"
fi

nsd_stop
rc=$?
check_eq "SIGTERM: netsessd exits 0" 0 "$rc"
# The listener may still be reading the datagram: wait for it.
check "SIGTERM: STOPPING=1 was sent" snmp_wait STOPPING=1 _seen '(^|\|)STOPPING=1(\||$)'
finish
