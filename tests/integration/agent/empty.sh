#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd with a configuration of no server at all:
# - it runs, registers its two tables (a GET of a cell answers
#   noSuchInstance, which only a registered table gives; an unregistered
#   one gives noSuchObject), and both are empty;
# - the log warns that the tables stay empty until a reload;
# - SIGHUP with a server added: the server is polled and its rows match
#   smbstatus; SIGHUP back to none: the tables are empty again and its
#   helper has ended; SIGTERM: exit status 0.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
config=$SNMP_DIR/netsessd.xml
nsd_write_config "$config"
check "a configuration without <server> passes netsessd -n" eval 'nsd_check "$config" >/dev/null'

# The answer to a GET of smbServerName.1: "No Such Instance ...", "No Such
# Object ...", or the value.
name1() {
	snmp_rw snmpget -On -Oe "$NS_SERVER_ENTRY.$NS_SRV_NAME.1" 2>&1 | sed 's/^[^=]*= //'
}
_registered() {
	case $(name1) in "No Such Instance"*) return 0 ;; esac
	return 1
}
_has_server_1() {
	[ "$(snmp_server_get 1 $NS_SRV_NAME 2>/dev/null)" = fs1 ]
}
# walk_count: the values one walk of SMB-SESSION-MIB's objects returns
# (the walk itself must succeed; the tool reports the end of the view on
# a line of its own, which is no value).
walk_count() {
	local out
	out=$(snmp_rw snmpwalk -On "$NS_MIB.1" 2>&1) || return 1
	printf '%s\n' "$out" | grep "^$NS_MIB\." | grep -vc " = No more variables" || true
}

nsd_start "$config" || fatal "netsessd starts with no server"
if snmp_wait "netsessd's tables to be registered" _registered; then
	pass "no server: the tables are registered (smbServerName.1 is \"$(name1)\")"
else
	fail "no server: the tables are registered (smbServerName.1 is \"$(name1)\")"
fi
check_eq "no server: a walk of SMB-SESSION-MIB's objects succeeds and finds no row" 0 \
	"$(walk_count)"
check "no server: the log warns that the tables stay empty until a reload" \
	grep -q "has no <server>: smbServerTable and smbSessionTable stay empty" "$NSD_LOG"
check "no server: netsessd is still running" nsd_alive

# --- a server added by a reload --------------------------------------------

at_fs1_xml 1 fs1 >"$SNMP_DIR/servers.xml"
nsd_write_config "$config" "$SNMP_DIR/servers.xml"
kill -HUP "$NSD_PID"
check "SIGHUP with a server: smbServerTable has it" snmp_wait "server 1" _has_server_1
nsd_wait_polled 1 || fail "server 1 is polled"
check_eq "SIGHUP with a server: it is ok(2)" $NS_ST_OK "$(snmp_server_get 1 $NS_SRV_STATUS)"
at_table_matches_smbstatus "SIGHUP with a server: its rows match smbstatus"

# --- and removed again -----------------------------------------------------

helper=$(grep -lx "PPid:[[:space:]]*$NSD_PID" /proc/[0-9]*/status 2>/dev/null |
	sed -e 's|^/proc/||' -e 's|/status$||' | head -n 1)
nsd_write_config "$config"
kill -HUP "$NSD_PID"
check "SIGHUP back to no server: the tables are registered and have no row" \
	snmp_wait "the tables to be empty" eval '_registered && [ "$(walk_count)" = 0 ]'
if [ -n "$helper" ]; then
	check "SIGHUP back to no server: the server's helper ($helper) has ended" \
		snmp_wait "the helper to end" eval '! kill -0 '"$helper"' 2>/dev/null'
else
	fail "server 1 had a helper"
fi
check "netsessd is still running" nsd_alive
nsd_stop
check_eq "SIGTERM: exit status 0" 0 "$?"
echo "run time: $((SECONDS - t0)) s"
finish
