#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# LanMgr-Mib-II's session objects (<lanmgr-compat server="NAME"/>), by
# numeric OID as a console built for Windows servers reads them, against
# smbstatus on a real Samba:
# - without the element nothing is served under 1.3.6.1.4.1.77 (a walk
#   that succeeds and finds nothing, in a view that includes it);
# - with it, a walk of svSessionTable (1.3.6.1.4.1.77.1.2.20) lists every
#   (client, user) pair of smbstatus whose names fit SIZE (1..15) and
#   (1..20), with its session count (svSesNumConns) and open files
#   (svSesNumOpens); svSessionNumber.0 counts every session, those
#   without a row included (a 21-octet user name, a session still logging
#   on); the columns' types and values;
# - svSesState = deleted(2) ends exactly that (client, user) pair's
#   sessions, counted, logged and notified (smbSessionDeleted) as a
#   RowStatus destroy is: as a standalone agent, the log line and the
#   notification name who asked (the manager's address, the security
#   model, the SNMPv3 user), never a community; active(1) ends nothing;
#   other values, types and columns, and rows that do not exist, get
#   their errors (in SNMPv1 too) and end nothing; malformed indexes get
#   the answers smbSessionTable gives;
# - reloads: the element added (registered), moved to another server,
#   kept when the file that names a removed server is refused, and
#   removed (unregistered) while a delete it started is under way: the
#   SET still gets its answer, and then the subtree goes.
# Runs in both modes (NSD_MODE; standalone/lanmgr.sh): as a subagent of the
# private snmpd and as an SNMP agent of its own.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
# A user name of 20 octets (the largest svSesUserName) and one of 21.
U20=nstest_twenty_chars0
U21=nstest_twentyone_char
export SAMBA_EXTRA_USERS="$U20 $U21"
at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.3 nstest3" \
	"127.0.0.7 nstest2" "127.0.0.4 $U20" "127.0.0.5 $U21"
samba_hold_open_files 127.0.0.6 nstest3 2 || fatal "a session of nstest3 from 127.0.0.6 with 2 open files"
samba_hold_unauthenticated 127.0.0.8 || fatal "a session still logging on from 127.0.0.8"
snmp_start || fatal "the private snmpd and snmptrapd start"
pass_var=SAMBA_PASS_nstest2
at_fs1_xml 1 fs1 >"$SNMP_DIR/fs1.xml"
nsd_server_xml 3 badpw 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "not-$SAMBA_ADMIN_PASS" \
	>"$SNMP_DIR/badpw.xml"
# The same Samba again, polled once only (at start): no poll of its own is
# under way while Samba's RPC services are frozen for the last part.
# Its delete-timeout, 14 s (below the master's agentXTimeout, 15 s, in
# AgentX mode), leaves the test's own steps all the time they need while
# the delete waits.
NSD_POLL_INTERVAL=600 NSD_DELETE_TIMEOUT=14 at_fs1_xml 4 fs1-idle >"$SNMP_DIR/idle.xml"
config=$SNMP_DIR/netsessd.xml

# lanmgr NAME: the element, in a file of its own for nsd_write_config.
lanmgr() {
	echo "  <lanmgr-compat server=\"$1\"/>" >"$SNMP_DIR/lanmgr-$1.xml"
	echo "$SNMP_DIR/lanmgr-$1.xml"
}

# reload FILE...: the configuration made of these fragments, then SIGHUP;
# returns once netsessd has logged the configuration in force (or that it
# kept the one in force).
reload() {
	local lines
	lines=$(wc -l <"$NSD_LOG")
	nsd_write_config "$config" "$@"
	kill -HUP "$NSD_PID"
	snmp_wait "netsessd to take the reload" eval \
		'tail -n +$((lines + 1)) "$NSD_LOG" | grepq -E "^configuration .*: [0-9]+ servers|the configuration in force is kept"'
}

# lm_absent: nothing under 1.3.6.1.4.1.77, shown by reads that succeed:
# a walk of the subtree exits 0, with nothing on stderr, and reports only
# that there is no object there; the next object after 1.3.6.1.4.1.77 is
# outside it (SMB-SESSION-MIB's first), so the agent did answer. Prints
# what it saw when it fails.
lm_absent() {
	local out rc next
	out=$(snmp_rw snmpwalk -On "$LM_MIB" 2>"$SNMP_DIR/lm-walk.err")
	rc=$?
	next=$(snmp_rw snmpgetnext -On "$LM_MIB" 2>&1)
	if [ "$rc" -eq 0 ] && [ ! -s "$SNMP_DIR/lm-walk.err" ] &&
		[ "$out" = "$LM_MIB = No Such Object available on this agent at this OID" ] &&
		[[ $next == "$NS_MIB."* ]]; then
		return 0
	fi
	echo "    snmpwalk $LM_MIB (exit $rc): $out $(cat "$SNMP_DIR/lm-walk.err")" >&2
	echo "    snmpgetnext $LM_MIB: $next" >&2
	return 1
}

# lm_number: svSessionNumber.0, the value alone; fails without one.
lm_number() {
	snmp_rw snmpget -On -OQ "$LM_SESSION_NUMBER.0" | awk '
		NR == 1 && index($0, " = ") && $NF ~ /^[0-9]+$/ { print $NF; found = 1 }
		END { exit !found }'
}

# _lm_decode COLUMN: walk lines (-On -OQ) on stdin, "CLIENT USER VALUE"
# lines out for that column; the instance is len.octets.len.octets
# (non-IMPLIED strings, RFC 1212 4.1.6).
_lm_decode() {
	LC_ALL=C awk -v prefix="$LM_SESSION_ENTRY.$1." '
	index($0, prefix) == 1 {
		eq = index($0, " = ")
		oid = substr($0, length(prefix) + 1, eq - length(prefix) - 1)
		val = substr($0, eq + 3)
		n = split(oid, s, ".")
		i = 1
		len = s[i++]; client = ""
		for (k = 0; k < len; k++) client = client sprintf("%c", s[i++])
		len = s[i++]; user = ""
		for (k = 0; k < len; k++) user = user sprintf("%c", s[i++])
		if (i != n + 1) { print "BAD-INDEX " oid; next }
		gsub(/^"|"$/, "", val)
		print client, user, val
	}'
}

# lm_walk: the whole svSessionTable in one snmpbulkwalk (-On -OQ lines).
# Fails unless the walk succeeded (exit 0, nothing on stderr) and went
# through the table: svSesNumConns and svSesState list the same rows.
# With ALLOW_EMPTY=1 an empty table passes; otherwise netsessd's own
# session (127.0.0.1 root) must be there.
lm_walk() {
	local out rc first last try
	for try in 1 2 3 4 5; do
		out=$(snmp_rw snmpbulkwalk -On -OQ -Cr50 "$LM_SESSION_ENTRY" 2>"$SNMP_DIR/lm-bulk.err")
		rc=$?
		if [ "$rc" -ne 0 ] || [ -s "$SNMP_DIR/lm-bulk.err" ]; then
			echo "the walk of svSessionTable failed (exit $rc): $(head -n 3 "$SNMP_DIR/lm-bulk.err")" >&2
			return 1
		fi
		first=$(printf '%s\n' "$out" | _lm_decode 3 | awk '{ print $1, $2 }')
		last=$(printf '%s\n' "$out" | _lm_decode 8 | awk '{ print $1, $2 }')
		# A poll between two columns may change the rows: walk again.
		[ "$first" = "$last" ] && break
		[ "$try" -lt 5 ] || {
			echo "svSesNumConns and svSesState list different rows" >&2
			return 1
		}
		sleep 0.2
	done
	if [ -z "${ALLOW_EMPTY:-}" ] && ! printf '%s\n' "$first" | grepq -x '127.0.0.1 root'; then
		echo "the walk of svSessionTable lacks netsessd's own session (127.0.0.1 root)" >&2
		return 1
	fi
	printf '%s\n' "$out"
}

# lm_column COLUMN: "CLIENT USER VALUE" of one column, sorted, from one
# complete walk.
lm_column() {
	local out
	out=$(lm_walk) || return 1
	printf '%s\n' "$out" | _lm_decode "$1" | LC_ALL=C sort
}

# lm_groups_expected: smbstatus as "CLIENT USER COUNT", the pairs that fit
# the index (client 1..15 octets, user 1..20: the sessions still logging
# on, shown "-", have no user name).
lm_groups_expected() {
	local g
	g=$(samba_session_groups) || return 1
	printf '%s\n' "$g" | awk '$2 != "-" && length($1) <= 15 && length($2) <= 20'
}

# lm_oid COLUMN CLIENT USER: a cell's numeric OID.
lm_oid() {
	printf '%s.%s.%s.%s\n' "$LM_SESSION_ENTRY" "$1" "$(_snmp_str_oid "$2")" "$(_snmp_str_oid "$3")"
}

# --- without the element -------------------------------------------------

nsd_write_config "$config" "$SNMP_DIR/fs1.xml" "$SNMP_DIR/badpw.xml"
nsd_start "$config" -d || fatal "netsessd starts without <lanmgr-compat>"
pass "netsessd runs without <lanmgr-compat>"
check "without <lanmgr-compat>: a walk of 1.3.6.1.4.1.77 succeeds and finds nothing" lm_absent
check_eq "without <lanmgr-compat>: svSessionNumber.0 is no object" \
	"$LM_SESSION_NUMBER.0 = No Such Object available on this agent at this OID" \
	"$(snmp_rw snmpget -On "$LM_SESSION_NUMBER.0" 2>&1)"

# --- added by a reload ---------------------------------------------------

reload "$SNMP_DIR/fs1.xml" "$SNMP_DIR/badpw.xml" "$(lanmgr fs1)"
check "with <lanmgr-compat server=\"fs1\">: svSessionNumber.0 answers" \
	snmp_wait "svSessionNumber.0" lm_number
check "the log says which server is served" \
	grepq -F 'server fs1 [1]: served as LanMgr-Mib-II' "$NSD_LOG"
echo "smbstatus:"
samba_sessions | sed 's/^/    /'
at_check_polled "svSessionTable lists smbstatus's pairs that fit its index, with their session counts (svSesNumConns)" \
	lm_groups_expected 'lm_column 3'
at_check_polled "svSessionNumber.0 is smbstatus's session count" \
	'samba_sessions | wc -l' lm_number
at_check_polled "svSessionNumber.0 is smbServerSessions.1" \
	"snmp_server_get 1 $NS_SRV_SESSIONS" lm_number
check_eq "a user name of 20 octets has a row" "127.0.0.4 $U20 1" \
	"$(lm_column 3 | grep "^127\.0\.0\.4 ")"
check_eq "a user name of 21 octets has none (smbSessionTable lists it)" "0:1" \
	"$(lm_column 3 | grep -c "$U21"):$(snmp_session_groups 1 | grep -c "^127\.0\.0\.5 $U21 1$")"
check_eq "a session still logging on (no user name) has none (smbSessionTable lists it)" "0:1" \
	"$(lm_column 3 | grep -c '^127\.0\.0\.8 ' || true):$(snmp_session_groups 1 | grep -c '^127\.0\.0\.8 - 1$')"
check_eq "svSesNumOpens: the 2 files open in the session of nstest3 from 127.0.0.6" \
	"127.0.0.6 nstest3 2" "$(lm_column 4 | grep '^127\.0\.0\.6 ')"
at_check_polled "svSesNumOpens is smbSessionOpens on every row" \
	"snmp_session_column $NS_SES_OPENS | awk '\$1 == 1 && \$3 != \"-\" && length(\$3) <= 20 { print \$2, \$3, \$4 }' | LC_ALL=C sort" \
	'lm_column 4'
at_check_polled "svSesTime is smbSessionTime on every row" \
	"snmp_session_column $NS_SES_TIME | awk '\$1 == 1 && \$3 != \"-\" && length(\$3) <= 20 { print \$2, \$3, \$4 }' | LC_ALL=C sort" \
	'lm_column 5'
at_check_polled "svSesIdleTime is smbSessionIdleTime on every row" \
	"snmp_session_column $NS_SES_IDLE | awk '\$1 == 1 && \$3 != \"-\" && length(\$3) <= 20 { print \$2, \$3, \$4 }' | LC_ALL=C sort" \
	'lm_column 6'
names=$(lm_column 1) && users=$(lm_column 2)
check "svSesClientName and svSesUserName repeat the index" eval \
	'[ -n "$names" ] && [ -n "$users" ] && [ -z "$(printf "%s\n" "$names" | awk "\$1 != \$3")" ] &&
		[ -z "$(printf "%s\n" "$users" | awk "\$2 != \$3")" ]'
check_eq "svSesClientType is nt-3-1(10) on every row: Samba reports no client type" "10" \
	"$(lm_column 7 | awk '{ print $3 }' | sort -u)"
check_eq "svSesState is active(1) on every row" "1" "$(lm_column 8 | awk '{ print $3 }' | sort -u)"
types=$(snmp_rw snmpget -On $(for c in 1 2 3 4 5 6 7 8; do lm_oid $c 127.0.0.2 nstest1; done) |
	sed 's/^[^=]*= \([A-Za-z0-9]*\):.*/\1/' | tr '\n' ' ')
check_eq "the columns' types (SMIv1 INTEGER, Counter, DisplayString)" \
	"STRING STRING INTEGER INTEGER Counter32 Counter32 INTEGER INTEGER " "$types"

# --- SETs that end nothing -----------------------------------------------

row=$(lm_oid 8 127.0.0.2 nstest1)
absent=$(lm_oid 8 127.0.0.9 nobody)
before=$(samba_session_groups)
counters=$(at_counters 1)
traps_before=$(snmp_traps smbSessionDeleted | wc -l)
check "svSesState = active(1) is noError" snmp_set_expect noError snmp_rw "$row" i 1
for v in 0 3 6 -1; do
	check "svSesState = $v gives wrongValue" snmp_set_expect wrongValue snmp_rw "$row" i "$v"
done
check "svSesState as an OCTET STRING gives wrongType" snmp_set_expect wrongType snmp_rw "$row" s deleted
check "svSesState as an Unsigned32 gives wrongType" snmp_set_expect wrongType snmp_rw "$row" u 2
check "svSesNumOpens is not writable" snmp_set_expect notWritable snmp_rw \
	"$(lm_oid 4 127.0.0.2 nstest1)" i 0
check "svSesClientName is not writable" snmp_set_expect notWritable snmp_rw \
	"$(lm_oid 1 127.0.0.2 nstest1)" s x
check "svSessionNumber.0 is not writable" snmp_set_expect notWritable snmp_rw \
	"$LM_SESSION_NUMBER.0" i 0
check "deleted(2) on a row that does not exist gives noCreation" \
	snmp_set_expect noCreation snmp_rw "$absent" i 2
check "active(1) on a row that does not exist gives noCreation" \
	snmp_set_expect noCreation snmp_rw "$absent" i 1
check "a 16-octet client name is no row: noCreation" snmp_set_expect noCreation snmp_rw \
	"$(lm_oid 8 0123456789abcdef nstest1)" i 2
check "one bad varbind fails the PDU: the deleted(2) beside it is not done" \
	snmp_set_expect wrongValue snmp_rw "$row" i 2 "$(lm_oid 8 127.0.0.3 nstest3)" i 5

# SNMPv1 managers (the MIB is SMIv1) get the v1 errors (RFC 3584 4.4).
v1_reason() {
	snmp_rw snmpset -v1 -Ir "$@" 2>&1 | sed -n 's/^Reason: (\([A-Za-z]*\)).*/\1/p'
}
check_eq "SNMPv1: svSesState = 5 gives badValue" badValue "$(v1_reason "$row" i 5)"
check_eq "SNMPv1: deleted(2) on a row that does not exist gives noSuchName" noSuchName \
	"$(v1_reason "$absent" i 2)"
check_eq "SNMPv1: svSesNumOpens gives noSuchName (not writable)" noSuchName \
	"$(v1_reason "$(lm_oid 4 127.0.0.2 nstest1)" i 0)"
check_eq "SNMPv1: svSesState reads active(1)" "INTEGER: 1" \
	"$(snmp_rw snmpget -v1 -On "$row" | sed 's/^[^=]*= //')"

# Malformed indexes (no index, lengths beyond the sub-identifiers, too
# many of them, an octet above 255, a name too long): the answers
# smbSessionTable gives, from the same table helper: GET noSuchInstance,
# SET noCreation.  (smbSessionRowStatus destroy(6) alone answers noError
# for any row that does not exist, as RFC 2579 wants of a RowStatus;
# svSesState is none.)  The tools load no MIB, so that they send the OIDs
# as written.
_answer() {
	MIBS=SNMPv2-MIB snmp_rw snmpget -On "$1" 2>&1 | sed 's/^[^=]*= //'
}
_set_reason() {
	MIBS=SNMPv2-MIB snmp_rw snmpset -Ir "$@" 2>&1 | sed -n 's/^Reason: \([A-Za-z]*\).*/\1/p'
}
for idx in "" 5.97.98 3.97.98.99 1.97.1.98.7 1.300.1.97 1.97.2.98 2.97 \
	"$(_snmp_str_oid 0123456789abcdef).1.98"; do
	lm=$LM_SESSION_ENTRY.8${idx:+.$idx}
	ns=$NS_SESSION_ENTRY.$NS_SES_STATUS.1${idx:+.$idx}
	check_eq "malformed index '$idx': GET answers as smbSessionTable does (noSuchInstance)" \
		"No Such Instance currently exists at this OID|No Such Instance currently exists at this OID" \
		"$(_answer "$lm")|$(_answer "$ns")"
	check_eq "malformed index '$idx': SET of active(1) answers as smbSessionTable does (noCreation)" \
		"noCreation|noCreation" "$(_set_reason "$lm" i 1)|$(_set_reason "$ns" i 1)"
	check_eq "malformed index '$idx': SET of deleted(2) gives noCreation" \
		noCreation "$(_set_reason "$lm" i 2)"
done

at_nothing_ended "refused SETs and active(1)" "$before" "$counters"
check_eq "no smbSessionDeleted was sent for them" "$traps_before" \
	"$(snmp_traps smbSessionDeleted | wc -l)"
check_eq "the row is still there" "127.0.0.2 nstest1 2" "$(lm_column 3 | grep '^127\.0\.0\.2 ')"

# --- svSesState = deleted(2) ---------------------------------------------

before=$(samba_session_groups)
lines=$(wc -l <"$NSD_LOG")
check "svSesState.\"127.0.0.3\".\"nstest2\" = deleted(2) is noError" \
	snmp_set_expect noError snmp_rw "$(lm_oid 8 127.0.0.3 nstest2)" i 2
if at_wait_gone 127.0.0.3 nstest2; then
	pass "deleted(2): smbstatus shows no session of nstest2 from 127.0.0.3"
else
	fail "deleted(2): smbstatus shows no session of nstest2 from 127.0.0.3"
fi
want=$(at_groups_without 127.0.0.3 nstest2 "$before")
check_eq "deleted(2): every other session is still there (smbstatus)" "$want" \
	"$(samba_session_groups)"
at_wait_polls 1 2 || fail "server 1 is polled after the delete"
check_eq "deleted(2): two polls later nothing else has ended (smbstatus)" "$want" \
	"$(samba_session_groups)"
check_eq "deleted(2): the row is gone from svSessionTable" "" \
	"$(lm_column 3 | grep '^127\.0\.0\.3 nstest2 ')"
check_eq "deleted(2): counted as a delete (smbServerDeletes 1, smbServerDeleteFailures 0)" \
	"1 0" "$(at_counters 1)"
check "deleted(2): the log names the delete and its result" eval \
	'tail -n +$((lines + 1)) "$NSD_LOG" | grepq -F "server fs1 [1]: NetSessionDel(client=\"127.0.0.3\", user=\"nstest2\"): NERR_Success"'
by=$(at_log_by v2c)
check "deleted(2): its log line ends with who asked (\"$by\")" eval \
	'tail -n +$((lines + 1)) "$NSD_LOG" | grep -F "NetSessionDel(client=\"127.0.0.3\", user=\"nstest2\"): NERR_Success" | grepq -E "$by"'
deleted_trap=$(at_deleted_trap fs1 127.0.0.3 nstest2 0 v2c)
check "deleted(2): smbSessionDeleted is sent as for a destroy, with who asked" \
	snmp_wait "smbSessionDeleted at snmptrapd" eval \
	'at_deleted_traps | grepq -xF "$deleted_trap"'

# The same by the SNMPv3 user: standalone, its name is in the log line and
# in the notification.
before=$(samba_session_groups)
lines=$(wc -l <"$NSD_LOG")
check "svSesState.\"127.0.0.7\".\"nstest2\" = deleted(2) by the SNMPv3 user $SNMP_V3_USER is noError" \
	snmp_set_expect noError snmp_v3 "$(lm_oid 8 127.0.0.7 nstest2)" i 2
if at_wait_gone 127.0.0.7 nstest2; then
	pass "deleted(2) by SNMPv3: smbstatus shows no session of nstest2 from 127.0.0.7"
else
	fail "deleted(2) by SNMPv3: smbstatus shows no session of nstest2 from 127.0.0.7"
fi
check_eq "deleted(2) by SNMPv3: every other session is still there (smbstatus)" \
	"$(at_groups_without 127.0.0.7 nstest2 "$before")" "$(samba_session_groups)"
by=$(at_log_by usm "$SNMP_V3_USER")
check "deleted(2) by SNMPv3: its log line ends with who asked (\"$by\")" eval \
	'tail -n +$((lines + 1)) "$NSD_LOG" | grep -F "NetSessionDel(client=\"127.0.0.7\", user=\"nstest2\"): NERR_Success" | grepq -E "$by"'
deleted_trap=$(at_deleted_trap fs1 127.0.0.7 nstest2 0 usm "$SNMP_V3_USER")
check "deleted(2) by SNMPv3: smbSessionDeleted names who asked" \
	snmp_wait "smbSessionDeleted at snmptrapd" eval \
	'at_deleted_traps | grepq -xF "$deleted_trap"'
check "no community string is in the log ($SNMP_RW_COMMUNITY, $SNMP_RO_COMMUNITY)" \
	eval '! grep -qF -e "$SNMP_RW_COMMUNITY" -e "$SNMP_RO_COMMUNITY" "$NSD_LOG"'
at_check_polled "after the deletes svSessionTable still matches smbstatus" \
	lm_groups_expected 'lm_column 3'

# --- the element names another server ------------------------------------

reload "$SNMP_DIR/fs1.xml" "$SNMP_DIR/badpw.xml" "$(lanmgr badpw)"
_lm_empty() {
	local out
	[ "$(lm_number)" = 0 ] || return 1
	out=$(ALLOW_EMPTY=1 lm_walk) || return 1
	[ -z "$(printf '%s\n' "$out" | _lm_decode 3)" ]
}
check "named server badpw (logon failure, no session known): svSessionNumber.0 is 0 and a walk of svSessionTable succeeds with no row" \
	snmp_wait "svSessionTable to show badpw" _lm_empty
reload "$SNMP_DIR/fs1.xml" "$SNMP_DIR/badpw.xml" "$(lanmgr fs1)"
at_check_polled "named server fs1 again: its rows are back" lm_groups_expected 'lm_column 3'

# A file whose <lanmgr-compat> names a server it removes is refused: the
# configuration in force stays, and so does what is served.
reload "$SNMP_DIR/badpw.xml" "$(lanmgr fs1)"
check "a file that removes the named server is refused (logged)" \
	grepq -F '<lanmgr-compat>: server "fs1" is not the name of a <server>' "$NSD_LOG"
check_eq "and fs1 is still polled (ok)" "$NS_ST_OK" "$(snmp_server_get 1 $NS_SRV_STATUS)"
at_check_polled "and svSessionTable still shows fs1's sessions" lm_groups_expected 'lm_column 3'

# --- removed while a delete it started is under way ------------------------
# Server 4 (the same Samba, polled once) is named; Samba's RPC services are
# frozen, so the NetrSessionDel of a deleted(2) waits; the element is
# removed meanwhile: the objects stay registered until the SET has its
# answer (a SET delegated to a delete goes on through the registration's
# handlers), then go.  The log shows the order: no SNMP request can show
# it, because the master holds every other request while a SET is under
# way.

reload "$SNMP_DIR/fs1.xml" "$SNMP_DIR/badpw.xml" "$SNMP_DIR/idle.xml" "$(lanmgr fs1-idle)"
nsd_wait_polled 4 || fail "server 4 is polled"
check "fs1-idle named: svSessionNumber.0 is its session count" \
	snmp_wait "fs1-idle's svSessionNumber.0" eval \
	'[ "$(lm_number)" = "$(snmp_server_get 4 $NS_SRV_SESSIONS)" ]'
rpcd=$(at_rpcd_pids)
check "Samba's rpcd_* processes are found" [ -n "$rpcd" ]
before=$(samba_session_groups)
lines=$(wc -l <"$NSD_LOG")
# shellcheck disable=SC2086
kill -STOP $rpcd
snmp_set_expect noError snmp_rw "$(lm_oid 8 127.0.0.2 nstest1)" i 2 >"$SNMP_DIR/pending-set.out" 2>&1 &
set_pid=$!
snmp_wait "the delete to be queued" eval \
	'tail -n +$((lines + 1)) "$NSD_LOG" | grepq -F "NetSessionDel(client=\"127.0.0.2\", user=\"nstest1\"): queued"' ||
	fail "the delete of 127.0.0.2/nstest1 is queued"
reload "$SNMP_DIR/fs1.xml" "$SNMP_DIR/badpw.xml" "$SNMP_DIR/idle.xml"
check "element removed, SET under way: the objects stay registered until it has its answer (log)" \
	eval 'tail -n +$((lines + 1)) "$NSD_LOG" | grepq -F "are unregistered once the SETs under way have their answer"'
# shellcheck disable=SC2086
kill -CONT $rpcd
if wait "$set_pid"; then
	pass "the SET under way gets its answer: noError"
else
	fail "the SET under way gets its answer: noError"
	show "$(cat "$SNMP_DIR/pending-set.out")"
fi
at_wait_gone 127.0.0.2 nstest1 || fail "its sessions end"
check_eq "it ended that pair and no other (smbstatus)" \
	"$(at_groups_without 127.0.0.2 nstest1 "$before")" "$(samba_session_groups)"
deleted_trap=$(at_deleted_trap fs1-idle 127.0.0.2 nstest1 0 v2c)
check "smbSessionDeleted names server fs1-idle" snmp_wait "smbSessionDeleted at snmptrapd" \
	eval 'at_deleted_traps | grepq -xF "$deleted_trap"'
check "then nothing is served under 1.3.6.1.4.1.77 (a walk succeeds and finds nothing)" \
	snmp_wait "the subtree to be unregistered" lm_absent
check_eq "the log: the delete's result, then the objects unregistered" \
	"NetSessionDel(client=\"127.0.0.2\", user=\"nstest1\"): NERR_Success
svSessionNumber and svSessionTable unregistered" \
	"$(tail -n +$((lines + 1)) "$NSD_LOG" |
		grep -oF -e 'NetSessionDel(client="127.0.0.2", user="nstest1"): NERR_Success' \
			-e 'svSessionNumber and svSessionTable unregistered')"

check "netsessd is still running" nsd_alive
at_table_matches_smbstatus "smbSessionTable still matches smbstatus"
at_no_secret_leaked
echo "run time: $((SECONDS - t0)) s"
finish
