#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd as an SNMP agent of its own (<snmp listen access>), what only
# that mode has, as an administrator checks it:
# - what it reads: the access file and its persistent directory, never
#   /etc/snmp, ~/.snmp or a directory in $SNMPCONFPATH (strace; communities
#   planted there are refused as bad communities); the persistent file is
#   private and keeps no user and no pass phrase;
# - what it serves: SMB-SESSION-MIB, SNMPv2-MIB's system and snmp groups,
#   snmpSetSerialNo, SNMP-FRAMEWORK-MIB's snmpEngine group and the MPD and
#   USM counters, nothing else of the host; sysDescr and sysObjectID name
#   netsessd; snmpEngineBoots grows by one with each start, snmpEngineID
#   stays;
# - who may do what: SNMPv3 (engine discovery, authPriv) and communities
#   as the file says; a read-only community or user cannot write and
#   nothing ends; an unknown user is refused; without an access file
#   nothing at all is granted;
# - SIGHUP: an unchanged access file is not read again; a changed one is:
#   a new community works, a removed community and a removed user are
#   refused;
# - tokens of snmpd's own process (master agentx, agentXSocket,
#   agentaddress, agentuser) and those that would put code or handlers
#   into the agent (perl, injectHandler) are refused with a warning and
#   do nothing;
# - <snmp listen> with UDP and TCP answers on both; an address it cannot
#   bind stops it with a clear message and exit status 1.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
export NSD_MODE=standalone
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
command -v strace >/dev/null 2>&1 || fatal "strace is installed (what netsessd reads)"
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2"
snmp_start || fatal "the private snmptrapd starts"
at_closed_port
at_fs1_xml >"$SNMP_DIR/servers.xml"
config=$SNMP_DIR/netsessd.xml
nsd_write_config "$config" "$SNMP_DIR/servers.xml"
persist=$SNMP_PERSISTENT_DIR

# The tests' own reader of everything the agent serves.
cat >>"$SNMP_ACCESS" <<EOF
view all included .1
createUser nstest-audit SHA-512 "nstest-audit-auth" AES "nstest-audit-priv"
rouser nstest-audit priv -V all
EOF
audit() {
	SNMP_V3_USER=nstest-audit SNMP_V3_AUTH=nstest-audit-auth SNMP_V3_PRIV=nstest-audit-priv \
		snmp_v3 "$@"
}
# audit_get OID: its value alone (-Oqv), or a failure.
audit_get() {
	audit snmpget -Oqv -On "$1"
}
# with_community COMMUNITY TOOL ARGS...: as snmp_rw, with another
# community and a short timeout (a refused community gets no answer).
with_community() {
	local c=$1 tool=$2
	shift 2
	"$tool" -v2c -c "$c" -t 2 -r 0 "udp:127.0.0.1:$SNMP_PORT" "$@"
}
BAD_COMMUNITIES=.1.3.6.1.2.1.11.4.0 # snmpInBadCommunityNames
SYS_DESCR=.1.3.6.1.2.1.1.1.0
SYS_OBJECT_ID=.1.3.6.1.2.1.1.2.0
ENGINE_ID=.1.3.6.1.6.3.10.2.1.1.0
ENGINE_BOOTS=.1.3.6.1.6.3.10.2.1.2.0

_log_has_since() {
	tail -n +"$(($1 + 1))" "$NSD_LOG" | grepq -E -- "$2"
}

# --- what it reads --------------------------------------------------------
# Communities planted where Net-SNMP would look by default: ~/.snmp and a
# directory named by $SNMPCONFPATH.

mkdir -p "$SNMP_DIR/home/.snmp" "$SNMP_DIR/decoy"
echo "rwcommunity decoy-home 127.0.0.1" >"$SNMP_DIR/home/.snmp/netsessd.conf"
echo "rwcommunity decoy-path 127.0.0.1" >"$SNMP_DIR/decoy/netsessd.conf"
echo "rwcommunity decoy-local 127.0.0.1" >"$SNMP_DIR/decoy/netsessd.local.conf"
echo "defCommunity decoy-snmp" >"$SNMP_DIR/decoy/snmp.conf"
NSD_LOG=$SNMP_DIR/netsessd.log
HOME=$SNMP_DIR/home SNMPCONFPATH=$SNMP_DIR/decoy \
	strace -o "$SNMP_DIR/strace.out" -e trace=%file "$NETSESSD" -c "$config" -f \
	</dev/null >>"$NSD_LOG" 2>&1 &
strace_pid=$!
_traced_pid() {
	NSD_PID=$(pgrep -P "$strace_pid" -x netsessd) && [ -n "$NSD_PID" ]
}
snmp_wait "netsessd under strace" _traced_pid || fatal "netsessd starts under strace"
_snmp_wait_listen netsessd _nsd_listening || fatal "netsessd listens on udp:127.0.0.1:$SNMP_PORT"
nsd_wait_polled 1 || fatal "netsessd's tables answer"
pass "netsessd runs as a standalone agent under strace, HOME and SNMPCONFPATH set to decoys"
bad0=$(audit_get $BAD_COMMUNITIES) || fail "the audit user reads snmpInBadCommunityNames"
for c in decoy-home decoy-path decoy-local decoy-snmp; do
	out=$(with_community "$c" snmpget .1.3.6.1.2.1.1.5.0 2>&1)
	check "community $c, planted outside the access file, gets no answer" \
		eval 'printf "%s\n" "$out" | grepq "^Timeout: No Response"'
done
bad1=$(audit_get $BAD_COMMUNITIES)
check_eq "... each counted as a bad community (snmpInBadCommunityNames $bad0 -> $bad1)" \
	$((bad0 + 4)) "$bad1"
nsd_stop
wait "$strace_pid" 2>/dev/null
# Every path the process named (opened, looked for, made).
paths=$(sed -n 's/^[a-z0-9_]*([^"]*"\([^"]*\)".*/\1/p' "$SNMP_DIR/strace.out" | sort -u)
check "strace saw netsessd read its access file" eval 'printf "%s\n" "$paths" | grepq -xF "$SNMP_ACCESS"'
check "strace saw netsessd read its persistent file" \
	eval 'printf "%s\n" "$paths" | grepq -xF "$persist/netsessd.conf"'
stray=$(printf '%s\n' "$paths" | grep -vF "$persist/" | grep -E "^(/etc/snmp|/usr/share/snmp|/usr/lib/x86_64-linux-gnu/snmp|/var/lib/snmp|$SNMP_DIR/home|$SNMP_DIR/decoy)(/|$)|snmpd?(\.local)?\.conf$")
check_eq "netsessd named no file of /etc/snmp, /usr/share/snmp, /var/lib/snmp, ~/.snmp or \$SNMPCONFPATH" \
	"" "$stray"
echo "    the files netsessd named outside the system's libraries:"
printf '%s\n' "$paths" | grep -Ev '^(/lib|/usr/lib|/proc|/sys|/dev|/etc/ld\.so|/usr/share/locale)' |
	sed 's/^/    | /'

check_eq "the persistent file is private (mode 600)" 600 "$(stat -c %a "$persist/netsessd.conf")"
check "the persistent file holds snmpEngineBoots and the engine ID" \
	eval 'grep -q "^engineBoots [0-9]" "$persist/netsessd.conf" &&
		grep -q "^oldEngineID 0x" "$persist/netsessd.conf"'
check "the persistent file holds no user (the access file's users are its own)" \
	eval '! grep -Eq "^(usmUser|createUser)" "$persist/netsessd.conf"'
check "the persistent file holds no pass phrase and no community" \
	eval '! grep -qF -e "$SNMP_V3_AUTH" -e nstest-audit-auth -e "$SNMP_RW_COMMUNITY" "$persist/netsessd.conf"'

# --- what it serves ---------------------------------------------------------

nsd_start "$config" || fatal "netsessd starts again"
boots1=$(audit_get $ENGINE_BOOTS)
engine1=$(audit_get $ENGINE_ID)
walk=$(audit snmpbulkwalk -On -Cr50 .1 2>&1)
check "the audit user walks everything the agent serves" \
	eval 'printf "%s\n" "$walk" | grepq "^$NS_MIB\\.1\\.1\\.1\\.2\\.1 = "'
# The subtrees the walk went through, by their registration points.
allowed="^(\\.1\\.3\\.6\\.1\\.2\\.1\\.1\\.|\\.1\\.3\\.6\\.1\\.2\\.1\\.11\\.|\\.1\\.3\\.6\\.1\\.6\\.3\\.1\\.1\\.6\\.1\\.0 |\\.1\\.3\\.6\\.1\\.6\\.3\\.10\\.2\\.1\\.|\\.1\\.3\\.6\\.1\\.6\\.3\\.11\\.2\\.1\\.|\\.1\\.3\\.6\\.1\\.6\\.3\\.15\\.1\\.1\\.|${NS_MIB//./\\.}\\.|\\.1\\.3\\.6\\.1\\.4\\.1\\.77\\.1\\.2\\.20\\.)"
others=$(printf '%s\n' "$walk" | grep '^\.' | grep -Ev " = No more variables" | grep -Ev "$allowed")
check_eq "nothing else is served: no interface, address, process, disk or route of the host" \
	"" "$others"
for sub in .1.3.6.1.2.1.1.5.0 .1.3.6.1.2.1.11.1.0 .1.3.6.1.6.3.10.2.1.1.0 \
	.1.3.6.1.6.3.11.2.1.1.0 .1.3.6.1.6.3.15.1.1.1.0 .1.3.6.1.6.3.1.1.6.1.0; do
	check "served: $sub" eval 'printf "%s\n" "$walk" | grepq "^$sub = "'
done
check "sysDescr names netsessd, not the host ($(audit_get $SYS_DESCR))" \
	eval 'audit_get $SYS_DESCR | grepq "^netsessd "'
check_eq "sysObjectID is smbSessionMIB" "$NS_MIB" "$(audit_get $SYS_OBJECT_ID)"
nsd_stop
nsd_start "$config" || fatal "netsessd starts once more"
check_eq "snmpEngineBoots grows by one with each start (RFC 3414 2.2.2)" $((boots1 + 1)) \
	"$(audit_get $ENGINE_BOOTS)"
check_eq "snmpEngineID stays the same across starts" "$engine1" "$(audit_get $ENGINE_ID)"

# --- who may do what ----------------------------------------------------------

check_eq "SNMPv3 authPriv (engine discovery, then a GET): smbServerName.1" fs1 \
	"$(snmp_v3 snmpget -Oqv "$NS_SERVER_ENTRY.$NS_SRV_NAME.1")"
out=$(SNMP_V3_USER=nobody-here snmp_v3 snmpget -Oqv "$NS_SERVER_ENTRY.$NS_SRV_NAME.1" 2>&1)
check "a user the access file does not create is refused (Unknown user name)" \
	eval 'printf "%s\n" "$out" | grepq "Unknown user name"'
before=$(samba_session_groups)
counters=$(at_counters 1)
row=$(snmp_session_oid $NS_SES_STATUS 1 127.0.0.2 nstest1)
check "the read-only community cannot destroy a row (noAccess)" \
	snmp_set_expect 'noAccess|notWritable|authorizationError' snmp_ro "$row" i 6
out=$(audit snmpset "$row" i 6 2>&1)
check "a read-only SNMPv3 user (rouser) cannot destroy a row" \
	eval 'printf "%s\n" "$out" | grepq -E "noAccess|notWritable|authorizationError"'
[ $? = 0 ] || show "$out"
at_nothing_ended "SETs without write access" "$before" "$counters"

# --- SIGHUP -------------------------------------------------------------------

lines=$(wc -l <"$NSD_LOG")
kill -HUP "$NSD_PID"
snmp_wait "the reload" _log_has_since "$lines" "^configuration $config: " ||
	fail "SIGHUP: the configuration is applied"
check "SIGHUP, access file unchanged: it is not read again" \
	eval '! _log_has_since "$lines" "access file .* read again"'

sed -i -e "/^rwcommunity $SNMP_RW_COMMUNITY /d" -e "/$SNMP_V3_USER/d" "$SNMP_ACCESS"
echo "rwcommunity nstest-rw2 127.0.0.1 -V nstest" >>"$SNMP_ACCESS"
lines=$(wc -l <"$NSD_LOG")
bad0=$(audit_get $BAD_COMMUNITIES)
kill -HUP "$NSD_PID"
check "SIGHUP, access file changed: the log says it is read again" \
	snmp_wait "the access file's reload" _log_has_since "$lines" \
	"^reload: access file $SNMP_ACCESS read again$"
check_eq "... the new community reads smbServerName.1" fs1 \
	"$(with_community nstest-rw2 snmpget -Oqv "$NS_SERVER_ENTRY.$NS_SRV_NAME.1" 2>&1)"
out=$(with_community "$SNMP_RW_COMMUNITY" snmpget -Oqv "$NS_SERVER_ENTRY.$NS_SRV_NAME.1" 2>&1)
check "... the removed community gets no answer" \
	eval 'printf "%s\n" "$out" | grepq "^Timeout: No Response"'
check_eq "... and is counted as a bad community" $((bad0 + 1)) "$(audit_get $BAD_COMMUNITIES)"
out=$(snmp_v3 snmpget -Oqv "$NS_SERVER_ENTRY.$NS_SRV_NAME.1" 2>&1)
check "... the removed SNMPv3 user is refused (Unknown user name)" \
	eval 'printf "%s\n" "$out" | grepq "Unknown user name"'
snmp_rw2() {
	_snmp_tool nstest-rw2 "$@"
}
check "... the new read-write community destroys a row (noError)" \
	snmp_set_expect noError snmp_rw2 "$row" i 6
at_wait_gone 127.0.0.2 nstest1 || fail "... and its sessions end"
nsd_stop
check_eq "SIGHUP and stop: still no user in the persistent file" "" \
	"$(grep -E '^(usmUser|createUser)' "$persist/netsessd.conf")"

# --- what the access file cannot do ------------------------------------------
# snmpd's own tokens for its process, and those that would put code or
# handlers into the agent: netsessd refuses them (Net-SNMP's "Unknown
# token" with the file and line) and acts on none.

other=$(_snmp_pick_udp_port) || fatal "a free UDP port"
cat >>"$SNMP_ACCESS" <<EOF
rwcommunity $SNMP_RW_COMMUNITY 127.0.0.1 -V nstest
master agentx
agentXSocket unix:$SNMP_DIR/ax/master
agentXPerms 0600 0700
agentaddress udp:127.0.0.1:$other
agentuser nobody
perl print STDERR "perl ran inside netsessd\\n";
injectHandler read_only smbServerTable
EOF
: >"$NSD_LOG"
nsd_start "$config" || fatal "netsessd starts with snmpd's own tokens in its access file"
for t in master agentXSocket agentXPerms agentaddress agentuser perl injectHandler; do
	check "$t in the access file: warned about (file and line)" \
		grep -Eq "^$SNMP_ACCESS: line [0-9]+: Warning: Unknown token: $t\.$" "$NSD_LOG"
done
check "master agentx: no AgentX socket was made" [ ! -e "$SNMP_DIR/ax/master" ]
check "perl: no Perl ran inside netsessd" eval '! grep -q "perl ran inside netsessd" "$NSD_LOG"'
check_eq "agentaddress: nothing listens on udp:127.0.0.1:$other" "" \
	"$(ss -Huan "( sport = :$other )")"
check_eq "agentuser: netsessd still runs as its own user (uid)" "$(id -u)" \
	"$(awk '$1 == "Uid:" { print $2 }' "/proc/$NSD_PID/status")"
check_eq "it answers on <snmp listen> alone" fs1 \
	"$(snmp_rw2 snmpget -Oqv "$NS_SERVER_ENTRY.$NS_SRV_NAME.1")"
nsd_stop

# --- <snmp listen>: UDP and TCP; an address it cannot bind ---------------------

tcp=$(at_free_tcp_port) || fatal "a free TCP port"
sed -i "s|listen=\"udp:127.0.0.1:$SNMP_PORT\"|listen=\"udp:127.0.0.1:$SNMP_PORT,tcp:127.0.0.1:$tcp\"|" "$config"
nsd_start "$config" || fatal "netsessd starts on UDP and TCP"
check_eq "listen on UDP and TCP: a GET over TCP answers" fs1 \
	"$(snmpget -v2c -c nstest-rw2 -t 5 -r 0 -Oqv "tcp:127.0.0.1:$tcp" "$NS_SERVER_ENTRY.$NS_SRV_NAME.1")"
nsd_stop

sed -i "s|,tcp:127.0.0.1:$tcp\"|,tcp:127.0.0.1:$CLOSED_PORT\"|" "$config"
"$NETSESSD" -c "$config" -f >"$SNMP_DIR/nolisten.out" 2>&1 </dev/null &
pid=$!
if snmp_wait "netsessd to exit" eval '! kill -0 '"$pid"' 2>/dev/null'; then
	wait "$pid"
	rc=$?
	check_eq "an address already in use: exit status 1" 1 "$rc"
	check "... with a message naming the addresses" \
		grep -qF "cannot listen on udp:127.0.0.1:$SNMP_PORT,tcp:127.0.0.1:$CLOSED_PORT" \
		"$SNMP_DIR/nolisten.out"
else
	fail "an address already in use: netsessd exits"
	kill -KILL "$pid"
fi

# --- no access file -------------------------------------------------------------

sed -i "s|<snmp listen=\"[^\"]*\" access=\"[^\"]*\"/>|<snmp listen=\"udp:127.0.0.1:$SNMP_PORT\"/>|" "$config"
check "a configuration with <snmp> and no access file passes netsessd -n" \
	eval 'nsd_check "$config" >/dev/null'
: >"$NSD_LOG"
"$NETSESSD" -c "$config" -f </dev/null >>"$NSD_LOG" 2>&1 &
NSD_PID=$!
_snmp_wait_listen netsessd _nsd_listening || fatal "netsessd listens without an access file"
out=$(audit snmpget -Oqv "$SYS_DESCR" 2>&1)
check "no access file: every SNMPv3 user is unknown (the agent answers: Unknown user name)" \
	eval 'printf "%s
" "$out" | grepq "Unknown user name"'
out=$(with_community nstest-rw2 snmpget -Oqv "$SYS_DESCR" 2>&1)
check "no access file: a community gets no answer" \
	eval 'printf "%s
" "$out" | grepq "^Timeout: No Response"'
check "no access file: the log says no access is granted" \
	eval 'grep -q "access file (none: no access is granted)" "$NSD_LOG" &&
		grep -q "Warning: no access control information configured" "$NSD_LOG"'
check "no access file: its search path is named as netsessd's persistent directory" \
	grep -qF "(Config search path: $persist)" "$NSD_LOG"
nsd_stop

echo "run time: $((SECONDS - t0)) s"
finish
