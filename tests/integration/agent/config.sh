#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd's configuration and life cycle, as an operator meets them:
# - netsessd -n says "configuration OK" (exit 0) for a good file and names
#   FILE:LINE of each problem (exit 1) for bad ones;
# - SIGHUP with a bad file keeps the old configuration (the tables still
#   answer with the old servers; the log says why); SIGHUP with a good,
#   changed file applies it: a server whose entry is unchanged keeps its
#   counters, a changed one starts them afresh, a removed one's rows go;
# - after an snmpd restart the subagent reconnects by itself (AgentX);
# - SIGTERM exits cleanly (status 0) and its tables are no longer served
#   (the master drops them; standalone, nothing listens any more);
# - the AgentX address can come from the file alone (no -x); standalone,
#   -x is not used, and netsessd says so.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest3" "127.0.0.5 nstest1"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
[ -x "$NETSESSD" ] || fatal "netsessd is built ($NETSESSD)"
cfg=$SNMP_DIR/cfg
mkdir -p "$cfg"

# --- netsessd -n ------------------------------------------------------
# nsd_write_config puts <server> on line 4 and <credentials> on line 5; a
# second server starts on line 7.

at_fs1_xml 1 fs1 >"$cfg/fs1.xml"
nsd_write_config "$cfg/good.xml" "$cfg/fs1.xml"
out=$(nsd_check "$cfg/good.xml")
rc=$?
check_eq "netsessd -n on a good file exits 0" 0 "$rc"
check "netsessd -n on a good file says \"configuration OK\"" \
	eval 'printf "%s\n" "$out" | grepq "configuration OK"'
check "netsessd -n does not print the password" \
	eval '! printf "%s\n" "$out" | grepq -F "$SAMBA_ADMIN_PASS"'

# bad_file NAME DESCRIPTION REGEX: -n on $cfg/NAME exits 1, does not say
# "configuration OK" and prints a line matching REGEX (extended).
bad_file() {
	local f=$cfg/$1 what=$2 re=$3 out rc
	out=$(nsd_check "$f")
	rc=$?
	if [ "$rc" = 1 ] && ! printf '%s\n' "$out" | grepq "configuration OK" &&
		printf '%s\n' "$out" | grepq -E "$re"; then
		pass "netsessd -n: $what (exit 1, \"$re\")"
	else
		fail "netsessd -n: $what: wanted exit 1 and a line matching \"$re\", got exit $rc:"
		show "$out"
	fi
}

# Not well-formed XML: the mismatched end tag is on line 6.
sed '6s|</server>|</servr>|' "$cfg/good.xml" >"$cfg/malformed.xml"
bad_file malformed.xml "XML that is not well-formed" "^$cfg/malformed.xml:6: "

# An unknown attribute on <server> (line 4).
sed '4s|<server |<server colour="red" |' "$cfg/good.xml" >"$cfg/unknown-attr.xml"
bad_file unknown-attr.xml "an unknown attribute" "^$cfg/unknown-attr.xml:4: .*colour"

# A value out of range: poll-interval below 1 s.
sed '4s|poll-interval="1"|poll-interval="0.5"|' "$cfg/good.xml" >"$cfg/range.xml"
bad_file range.xml "poll-interval out of range" "^$cfg/range.xml:4: .*poll-interval"

# An unknown element.
sed '5s|^|    <colour/>\n|' "$cfg/good.xml" >"$cfg/unknown-elem.xml"
bad_file unknown-elem.xml "an unknown element" "^$cfg/unknown-elem.xml:5: .*colour"

# Two servers with the same name, then with the same index.
at_fs1_xml 2 fs1 >"$cfg/fs1-again.xml"
nsd_write_config "$cfg/dup-name.xml" "$cfg/fs1.xml" "$cfg/fs1-again.xml"
bad_file dup-name.xml "a duplicate server name" "^$cfg/dup-name.xml:7: .*fs1"
at_fs1_xml 1 other >"$cfg/other-1.xml"
nsd_write_config "$cfg/dup-index.xml" "$cfg/fs1.xml" "$cfg/other-1.xml"
bad_file dup-index.xml "a duplicate server index" "^$cfg/dup-index.xml:7: .*index"

# A secret file readable by others, and a missing one.
at_fs1_xml 1 shared >"$cfg/shared.xml"
chmod 0644 "$SNMP_DIR/secrets/shared.pw"
nsd_write_config "$cfg/open-secret.xml" "$cfg/shared.xml"
bad_file open-secret.xml "a password file readable by others" \
	"^$cfg/open-secret.xml:[45]: .*$SNMP_DIR/secrets/shared.pw"
sed "5s|password-file=\"[^\"]*\"|password-file=\"$cfg/no-such.pw\"|" "$cfg/good.xml" >"$cfg/no-secret.xml"
bad_file no-secret.xml "a missing password file" "^$cfg/no-secret.xml:[45]: .*$cfg/no-such.pw"

# Two problems on two lines: both are reported.
sed -e '4s|<server |<server colour="red" |' "$cfg/dup-name.xml" >"$cfg/two.xml"
out=$(nsd_check "$cfg/two.xml")
check "netsessd -n reports every problem of a file (lines 4 and 7)" \
	eval 'printf "%s\n" "$out" | grepq "^$cfg/two.xml:4: " &&
		printf "%s\n" "$out" | grepq "^$cfg/two.xml:7: "'

bad_file no-such-file.xml "a file that does not exist" "$cfg/no-such-file.xml"

# --- running: reloads -------------------------------------------------

config=$SNMP_DIR/netsessd.xml
cp "$cfg/good.xml" "$config"
nsd_start "$config" || fatal "netsessd starts and its tables answer"
pass "netsessd runs as $AT_ROLE and its tables answer"
pid=$NSD_PID
at_no_secret_leaked
at_table_matches_smbstatus "smbSessionTable matches smbstatus"

_log_has_since() {
	tail -n +"$(($1 + 1))" "$NSD_LOG" | grepq -E "$2"
}

# A bad file: reported, the old configuration kept.
lines=$(wc -l <"$NSD_LOG")
at_closed_port
nsd_server_xml 2 nolisten 127.0.0.1 "$CLOSED_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" \
	>"$cfg/nolisten.xml"
nsd_write_config "$config" "$cfg/fs1.xml" "$cfg/nolisten.xml"
sed -i '7s|<server |<server colour="red" |' "$config"
kill -HUP "$pid"
check "SIGHUP with a bad file: the log names $config:7" \
	snmp_wait "the reload error in the log" _log_has_since "$lines" "$config:7: "
echo "    log:"
tail -n +"$((lines + 1))" "$NSD_LOG" | sed 's/^/    | /'
check "SIGHUP with a bad file: netsessd keeps running" nsd_alive
at_wait_polls 1 2 || fail "SIGHUP with a bad file: server 1 is still polled"
check_eq "SIGHUP with a bad file: the old server is still there" "fs1" \
	"$(snmp_server_get 1 $NS_SRV_NAME)"
check_eq "SIGHUP with a bad file: still ok(2)" $NS_ST_OK "$(snmp_server_get 1 $NS_SRV_STATUS)"
check "SIGHUP with a bad file: the new server was not added" \
	eval '! snmp_server_get 2 $NS_SRV_NAME >/dev/null 2>&1'
at_table_matches_smbstatus "SIGHUP with a bad file: smbSessionTable still matches smbstatus"

# server_names: "INDEX NAME" lines of smbServerTable.
server_names() {
	snmp_rw snmpwalk -On -OQ "$NS_SERVER_ENTRY.$NS_SRV_NAME" |
		sed -e "s/^$NS_SERVER_ENTRY.$NS_SRV_NAME.//" -e 's/ = "\{0,1\}\([^"]*\)"\{0,1\}$/ \1/'
}

# destroy IDX CLIENT USER: destroy(6) of that row is noError, and Samba
# ends the pair's sessions.
destroy() {
	check "destroy(6) of row $1/$2/$3 is noError" snmp_set_expect noError snmp_rw \
		"$(snmp_session_oid $NS_SES_STATUS "$1" "$2" "$3")" i 6
	at_wait_gone "$2" "$3" || fail "the sessions of $2/$3 end"
}

# reload DESCRIPTION SERVER_FILE...: write the configuration, SIGHUP, wait
# until the log says it is applied; the applied line is in APPLIED.
reload() {
	local what=$1 lines
	shift
	lines=$(wc -l <"$NSD_LOG")
	nsd_write_config "$config" "$@"
	check "$what: the file passes netsessd -n" eval 'nsd_check "$config" >/dev/null'
	kill -HUP "$pid"
	if snmp_wait "the reload to be applied" _log_has_since "$lines" "^configuration $config: "; then
		pass "$what: the log says the configuration is applied"
	else
		fail "$what: the log says the configuration is applied"
	fi
	APPLIED=$(tail -n +"$((lines + 1))" "$NSD_LOG" | grep "^configuration $config: " | tail -n 1)
	echo "    $APPLIED"
}

# A server 1 that is kept unchanged keeps its counters: a delete counted
# before the reload is still counted after it.
destroy 1 127.0.0.4 nstest3
check_eq "before the reloads: server 1 counts 1 delete" "1 0" "$(at_counters 1)"
polls_before=$(snmp_server_get 1 $NS_SRV_POLLS)

# A good, changed file: server 1 unchanged; new: a server 5 on the same
# Samba (its sessions give it rows), a server 6 that may not enumerate (an
# ordinary user: access denied), a server 7 that does not listen.
at_fs1_xml 5 mirror >"$cfg/mirror.xml"
pass_var=SAMBA_PASS_nstest2
nsd_server_xml 6 noadmin 127.0.0.1 "$SAMBA_PORT" nstest2 "${!pass_var}" >"$cfg/noadmin.xml"
nsd_server_xml 7 nolisten 127.0.0.1 "$CLOSED_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" \
	>"$cfg/nolisten.xml"
reload "SIGHUP adding servers 5, 6, 7" "$cfg/fs1.xml" "$cfg/mirror.xml" "$cfg/noadmin.xml" \
	"$cfg/nolisten.xml"
check "SIGHUP adding servers: the log counts 3 started, 1 kept unchanged" \
	eval 'printf "%s\n" "$APPLIED" | grepq "(3 started, 1 kept unchanged, 0 removed or restarted)"'
check "SIGHUP adding servers: the new servers are polled" nsd_wait_polled 1 5 6 7
check_eq "SIGHUP adding servers: smbServerTable has the new rows" \
	"1 fs1
5 mirror
6 noadmin
7 nolisten" "$(server_names)"
check_eq "an unchanged server keeps its counters: smbServerDeletes 1 of server 1" "1 0" \
	"$(at_counters 1)"
at_wait_polls 1 1 || fail "server 1 is polled after the reload"
polls_after=$(snmp_server_get 1 $NS_SRV_POLLS)
check "an unchanged server keeps its counters: smbServerPolls $polls_before -> $polls_after" \
	[ "${polls_after:-0}" -gt "${polls_before:-0}" ]
check_eq "an ordinary user: smbServerStatus accessDenied(5)" 5 "$(snmp_server_get 6 $NS_SRV_STATUS)"
check_eq "an ordinary user: smbServerLastError 5 (ERROR_ACCESS_DENIED)" 5 \
	"$(snmp_server_get 6 $NS_SRV_LASTERROR)"
check_eq "nothing listens: smbServerStatus unreachable(3)" $NS_ST_UNREACHABLE \
	"$(snmp_server_get 7 $NS_SRV_STATUS)"
check_eq "server 1 is still ok(2)" $NS_ST_OK "$(snmp_server_get 1 $NS_SRV_STATUS)"
at_wait_polls 5 1 || fail "server 5 is polled"
if rows5=$(at_rows_of 5); then
	check_eq "server 5 lists the sessions of its Samba (smbstatus)" \
		"$(samba_session_groups)" "$(printf '%s\n' "$rows5" | LC_ALL=C sort)"
else
	fail "server 5 lists the sessions of its Samba ($rows5)"
fi
check "SIGHUP: still the same process" [ "$NSD_PID" = "$pid" ]

# A changed server starts afresh; an unchanged one does not. A delete
# through server 5 is counted there, then server 1 is renamed.
destroy 5 127.0.0.5 nstest1
check_eq "server 5 counts its delete" "1 0" "$(at_counters 5)"
at_fs1_xml 1 fs1-renamed >"$cfg/renamed.xml"
reload "SIGHUP renaming server 1" "$cfg/renamed.xml" "$cfg/mirror.xml" "$cfg/noadmin.xml" \
	"$cfg/nolisten.xml"
check "SIGHUP renaming server 1: the log counts 1 started, 3 kept unchanged, 1 restarted" \
	eval 'printf "%s\n" "$APPLIED" | grepq "(1 started, 3 kept unchanged, 1 removed or restarted)"'
check_eq "SIGHUP renaming server 1: server 1 is renamed" fs1-renamed \
	"$(snmp_server_get 1 $NS_SRV_NAME)"
nsd_wait_polled 1 || fail "server 1 is polled after the rename"
check_eq "a changed server starts with fresh counters: smbServerDeletes 0 of server 1" "0 0" \
	"$(at_counters 1)"
check_eq "an unchanged server keeps its counters: smbServerDeletes 1 of server 5" "1 0" \
	"$(at_counters 5)"
at_wait_polls 1 1 || fail "server 1 is polled again"
check_eq "server 1's sessions are still listed" \
	"$(samba_session_count 127.0.0.2 nstest1)" \
	"$(snmp_session_rows 1 | awk '$2 == "127.0.0.2" && $3 == "nstest1" { print $4 }')"

# Back to one server: the others go, server 5's rows with them.
nsd_write_config "$config" "$cfg/fs1.xml"
kill -HUP "$pid"
_one_row() {
	[ "$(snmp_rw snmpwalk -On -OQ "$NS_SERVER_ENTRY.$NS_SRV_NAME" | grep -c .)" = 1 ] &&
		[ "$(snmp_server_get 1 $NS_SRV_NAME 2>/dev/null)" = fs1 ]
}
check "SIGHUP with one server left: the removed rows go" snmp_wait "one row" _one_row
nsd_wait_polled 1 || fail "server 1 is polled after the reload"
_rows5_gone() {
	local r
	r=$(at_rows_of 5) && [ -z "$r" ]
}
if snmp_wait "server 5's rows to go" _rows5_gone; then
	pass "a complete walk shows no row of the removed server 5 (which had rows)"
else
	fail "a complete walk shows no row of the removed server 5: $(at_rows_of 5)"
fi
at_table_matches_smbstatus "one server left: server 1's rows match smbstatus"

# --- the master restarts (AgentX) ------------------------------------------

if at_agentx; then
	snmpd_stop
	check "netsessd survives the master's exit" nsd_alive
	snmpd_launch || fatal "snmpd starts again"
	_answers_again() {
		[ "$(snmp_server_get 1 $NS_SRV_NAME 2>/dev/null)" = fs1 ]
	}
	check "after an snmpd restart the subagent reconnects (ping interval $NSD_PING s)" \
		snmp_wait "netsessd's tables under the new snmpd" _answers_again
	check "after the restart: the same netsessd process" [ "$NSD_PID" = "$pid" ]
	at_wait_polls 1 1 || fail "server 1 is polled after the restart"
	at_table_matches_smbstatus "after the restart: smbSessionTable matches smbstatus"
fi

# --- SIGTERM -------------------------------------------------------------

nsd_stop
rc=$?
check_eq "SIGTERM: netsessd exits with status 0" 0 "$rc"
check "SIGTERM: SMB-SESSION-MIB is no longer served" snmp_wait "the tables to go" nsd_gone

# --- the address from the file alone; -x standalone ----------------------

if at_agentx; then
	NSD_NO_X=1 nsd_start "$config" ||
		fail "netsessd without -x (agentx address from the file) starts and answers"
	if nsd_alive; then
		pass "netsessd without -x connects to the address of <agentx>"
		at_table_matches_smbstatus "without -x: smbSessionTable matches smbstatus"
	fi
else
	nsd_start "$config" -x "unix:$SNMP_DIR/no-master" ||
		fail "standalone netsessd with -x starts and answers"
	if nsd_alive; then
		pass "standalone netsessd with -x starts and answers on <snmp listen>"
		check "standalone: the log says -x is not used" \
			grep -qF -- "-x unix:$SNMP_DIR/no-master is not used: with <snmp>, netsessd is an SNMP agent of its own" "$NSD_LOG"
		at_table_matches_smbstatus "standalone with -x: smbSessionTable matches smbstatus"
	fi
fi
at_no_secret_leaked
echo "run time: $((SECONDS - t0)) s"
finish
