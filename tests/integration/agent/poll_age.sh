#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# smbServerLastPollAge, the freshness of a server's data in seconds:
# - a server whose polls have never succeeded (nothing listens) reads
#   4294967295, the value the MIB defines for "never";
# - a working server reads less than that, and the value is a Gauge32;
# - while the server cannot be reached (the relay in front of the real
#   Samba is stopped: lib/tcp_relay.py), polls fail and the age grows
#   from one read to the next, while smbServerLastPoll stays where it was;
# - once the server is back, the next good poll brings the age down again.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

NS_SRV_LASTPOLLAGE=14
NEVER=4294967295
t0=$SECONDS

command -v python3 >/dev/null 2>&1 || fatal "python3 is installed (the TCP relay)"

at_samba "127.0.0.2 nstest1"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"

# The relay: 127.0.0.1:RELAY_PORT -> the test Samba.
RELAY_PORT=$(at_free_tcp_port) || fatal "a free TCP port for the relay"
RELAY_PID=
relay_up() {
	: >"$SNMP_DIR/relay.out"
	python3 "$here/../lib/tcp_relay.py" "$RELAY_PORT" "$SAMBA_PORT" \
		>"$SNMP_DIR/relay.out" 2>&1 &
	RELAY_PID=$!
	snmp_wait "the relay to listen on $RELAY_PORT" grep -q listening "$SNMP_DIR/relay.out"
}
relay_down() {
	kill -TERM "$RELAY_PID" 2>/dev/null
	wait "$RELAY_PID" 2>/dev/null
	RELAY_PID=
}
relay_up || fatal "the TCP relay in front of Samba starts"

# Server 2: nothing listens.  (Not a wrong password: each failed logon
# shows in smbstatus for a moment as an anonymous session, and the table
# is compared with smbstatus.)
at_closed_port
closed_port=$CLOSED_PORT
servers=$SNMP_DIR/servers.xml
{
	nsd_server_xml 1 fs1 127.0.0.1 "$RELAY_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
	nsd_server_xml 2 nolisten 127.0.0.1 "$closed_port" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
} >"$servers"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$servers"
nsd_start "$SNMP_DIR/netsessd.xml" || fatal "netsessd starts and its tables answer"
pass "netsessd runs as $AT_ROLE and its tables answer"

# age IDX: smbServerLastPollAge of server IDX, the number alone (-OU: no
# UNITS); fails when the read does.
age() {
	local v
	v=$(snmp_rw snmpget -On -OU -Oqv "$NS_SERVER_ENTRY.$NS_SRV_LASTPOLLAGE.$1") || return 1
	[[ $v =~ ^[0-9]+$ ]] || return 1
	echo "$v"
}

# --- never polled successfully -----------------------------------------
check_eq "nothing listens: smbServerStatus unreachable(3)" $NS_ST_UNREACHABLE \
	"$(snmp_server_get 2 $NS_SRV_STATUS)"
check_eq "nothing listens: smbServerLastPollAge is $NEVER (never)" $NEVER "$(age 2)"
got=$(snmp_rw snmpget -On "$NS_SERVER_ENTRY.$NS_SRV_LASTPOLLAGE.1" 2>&1)
check "smbServerLastPollAge is a Gauge32 ($got)" \
	[ "${got#*= Gauge32: }" != "$got" ]
got=$(snmp_rw snmpget -Oqv 'SMB-SESSION-MIB::smbServerLastPollAge.2' 2>&1)
check_eq "the MIB's name smbServerLastPollAge.2 reads the same, with its units" \
	"$NEVER seconds" "$got"
check "smbServerLastPollAge is read-only (notWritable)" \
	snmp_set_expect notWritable snmp_rw "$NS_SERVER_ENTRY.$NS_SRV_LASTPOLLAGE.1" u 0

# --- working --------------------------------------------------------------
check_eq "working server: smbServerStatus ok(2)" $NS_ST_OK "$(snmp_server_get 1 $NS_SRV_STATUS)"
a0=$(age 1)
_below_never() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -lt $NEVER ]; }
check "working server: smbServerLastPollAge is a number below $NEVER ($a0)" \
	_below_never "$a0"
check "the walk of smbServerTable includes column 14 for both servers" \
	[ "$(snmp_rw snmpwalk -On "$NS_SERVER_ENTRY.$NS_SRV_LASTPOLLAGE" | grep -c 'Gauge32')" = 2 ]

# --- the server goes away: polls fail, the age grows ----------------------
failures_now() { snmp_server_get 1 $NS_SRV_POLLFAIL; }
f0=$(failures_now)
last0=$(snmp_rw snmpget -Ot -Oqv "$NS_SERVER_ENTRY.$NS_SRV_LASTPOLL.1")
relay_down
snmp_wait "a failed poll of server 1" _at_failures_above 1 "$f0" ||
	fatal "polls of server 1 fail once the relay is stopped"
f1=$(failures_now)
a1=$(age 1)
st=$(snmp_server_get 1 $NS_SRV_STATUS)
check "server away: smbServerStatus is no longer ok ($st)" [ "$st" != $NS_ST_OK ]
# The age ticks with the clock and the failures with the polls: wait for
# both, so that the second read is taken after more failed polls.
_older_and_failing() {
	local v f
	v=$(age 1) || return 1
	f=$(failures_now) || return 1
	[ "$v" -gt "$1" ] && [ "$f" -gt "$2" ]
}
check "server away: smbServerLastPollAge grows while more polls fail (from ${a1}s, $f1 failures)" \
	snmp_wait "the age of server 1 to exceed $a1 and more failed polls" \
	_older_and_failing "${a1:-$NEVER}" "${f1:-0}"
a2=$(age 1)
f2=$(failures_now)
st=$(snmp_server_get 1 $NS_SRV_STATUS)
check "server away: the second read is older ($a1 -> $a2) after more failures ($f1 -> $f2)" \
	[ "${a2:-0}" -gt "${a1:-$NEVER}" ]
check "server away: smbServerStatus is still not ok ($st)" [ "$st" != $NS_ST_OK ]
check "server away: the age is a real age, not the 'never' value ($a2)" _below_never "$a2"
last1=$(snmp_rw snmpget -Ot -Oqv "$NS_SERVER_ENTRY.$NS_SRV_LASTPOLL.1")
check_eq "server away: smbServerLastPoll does not move" "$last0" "$last1"

# --- the server is back: a good poll resets the age -----------------------
relay_up || fatal "the TCP relay starts again"
_ok_again() { [ "$(snmp_server_get 1 $NS_SRV_STATUS)" = $NS_ST_OK ]; }
snmp_wait "server 1 to be polled successfully again" _ok_again ||
	fatal "server 1 is ok(2) again after the relay is back"
a3=$(age 1)
check "server back: smbServerLastPollAge dropped after the good poll ($a2 -> $a3)" \
	[ "${a3:-$NEVER}" -lt "${a2:-0}" ]
last2=$(snmp_rw snmpget -Ot -Oqv "$NS_SERVER_ENTRY.$NS_SRV_LASTPOLL.1")
check "server back: smbServerLastPoll moved forward ($last1 -> $last2)" \
	[ "${last2:-0}" -gt "${last1:-0}" ]
at_table_matches_smbstatus "server back: smbSessionTable matches smbstatus"
check_eq "nothing listens: still $NEVER" $NEVER "$(age 2)"

relay_down
check "netsessd is still running" nsd_alive
echo "run time: $((SECONDS - t0)) s"
finish
