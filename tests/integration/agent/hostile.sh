#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The bad-input matrix: every request of hostile.table (wrong types and
# lengths, RowStatus values, read-only and not-accessible columns, indexes
# of every malformed shape, unknown servers, names that are empty, not
# UTF-8 or too long, PDUs mixing good and bad varbinds, the same row twice,
# reads of malformed instances, raw malformed packets, and the SETs that
# end sessions with their answers) is sent to the running agent, with the
# tools' client-side checks off (-Ir, no MIB, numeric OIDs), and checked
# exactly:
# - the error-status and error-index, read from the answer packet;
# - reads: noSuchInstance, or the next instances in OID order (from a walk);
# - the deletes it makes and only those: smbServerDeletes,
#   smbServerDeleteFailures and smbServerLastError of every server do not
#   move for a request that makes none, nor does the log; the result lines
#   and smbSessionDeleted notifications of those it makes;
# - the sessions it ends and only those: smbstatus before and after the
#   whole matrix differs by exactly the sessions the table names;
# - netsessd keeps running, and its log stays readable (UTF-8, no control
#   octets: names are quoted and escaped).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1
# "*" is a value in the table: the fields are split with read -a, which
# expands no pattern (a global set -f would also stop the cleanup's
# /proc/[0-9]* from finding the test's servers).

TABLE=$here/hostile.table
REPLY="python3 $here/../lib/snmp_reply.py"
SERVERS="1 2 3 4 5"

t0=$SECONDS
command -v python3 >/dev/null 2>&1 || fatal "python3 is required (lib/snmp_reply.py)"
at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest3" \
	"127.0.0.5 nstest1" "127.0.0.6 nstest2" "127.0.0.7 nstest3" "127.0.0.8 nstest1" \
	"127.0.0.9 nstest2" "127.0.0.10 nstest3" "127.0.0.11 nstest1" "127.0.0.12 nstest2" \
	"127.0.0.13 nstest3" "127.0.0.14 nstest1" "127.0.0.15 nstest2"
snmp_start || fatal "the private snmpd and snmptrapd start"
{
	at_fs1_xml 1 fs1
	at_fs1_xml 2 fs2
	# Polled at start only: its failing logons do not come and go in the
	# other servers' tables while the matrix reads them.
	NSD_POLL_INTERVAL=600 nsd_server_xml 3 badpw 127.0.0.1 "$SAMBA_PORT" \
		"$SAMBA_ADMIN_USER" "not-$SAMBA_ADMIN_PASS"
	# A short delete-timeout for the delete that outlasts it; polled
	# rarely, so that no poll of its own is in flight when Samba is frozen.
	NSD_DELETE_TIMEOUT=1 NSD_POLL_INTERVAL=600 at_fs1_xml 4 fs1-short
	nsd_server_xml 5 fs1-async 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" \
		"$SAMBA_ADMIN_PASS" ' delete-mode="async"'
} >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"
at_wait_polls 1 1 || fail "server 1 is polled again"
at_table_matches_smbstatus "smbSessionTable matches smbstatus at start"
smbstatus_start=$(samba_session_groups)
echo "smbstatus at start:"
printf '%s\n' "$smbstatus_start" | sed 's/^/    /'

# ---------------------------------------------------------------------------

# index S C U: the instance of row (S, C, U), "" user allowed.
index() {
	printf '%s.%s.%s' "$1" "$(_snmp_str_oid "$2")" "$(_snmp_str_oid "$3")"
}

# expand WORD: the table's placeholders replaced.
expand() {
	local w=$1 rep c n s
	while [[ $w =~ \{rep:([^:}]*):([0-9]+)\} ]]; do
		rep=${BASH_REMATCH[0]} c=${BASH_REMATCH[1]} n=${BASH_REMATCH[2]} s=
		for ((k = 0; k < n; k++)); do s=$s$c; done
		w=${w/"$rep"/$s}
	done
	while [[ $w =~ \{i:([^:}]*):([^:}]*):([^:}]*)\} ]]; do
		w=${w/"${BASH_REMATCH[0]}"/$(index "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}")}
	done
	w=${w//\{SES\}/$NS_SESSION_ENTRY}
	w=${w//\{SRV\}/$NS_SERVER_ENTRY}
	w=${w//\{MIB\}/$NS_MIB}
	[ "$w" = '""' ] && w=
	printf '%s' "$w"
}

# tool COMMUNITY TOOL ARGS...: a Net-SNMP tool without MIB and without
# client-side checks, printing its packets (-d).
tool() {
	local community=$1 t=$2
	shift 2
	MIBS= MIBDIRS=/nonexistent "$t" -d -Ir -v2c -c "$community" -t 20 -r 0 \
		"udp:127.0.0.1:$SNMP_PORT" "$@" 2>&1
}

# state: what no refused request may move: the delete counters and last
# error of every server, and the log's delete results.
state() {
	local i oids=
	for i in $SERVERS; do
		oids="$oids $NS_SERVER_ENTRY.$NS_SRV_DELETES.$i $NS_SERVER_ENTRY.$NS_SRV_DELFAIL.$i"
		oids="$oids $NS_SERVER_ENTRY.$NS_SRV_LASTERROR.$i"
	done
	# shellcheck disable=SC2086
	snmp_rw snmpget -On -Oqv $oids | tr '\n' ' '
	echo "log: $(log_results)"
}

# log_results: how many delete results netsessd has logged.
log_results() {
	grep -c ': NetSessionDel(client=.*) after [0-9]* ms' "$NSD_LOG"
}

# counters I: "deletes failures" of server I.
counters() {
	at_counters "$1"
}

# walk FILE: the OIDs of SMB-SESSION-MIB, as the master serves them.
walk() {
	MIBS= MIBDIRS=/nonexistent snmp_rw snmpwalk -On "$NS_MIB" |
		awk '/^\.[0-9.]+ = / { print $1 }' >"$1"
}

# answer OP ARGS...: "STATUS INDEX" and the varbinds of the answer.
answer() {
	local op=$1 rpcd rc
	shift
	case $op in
	set) tool "$SNMP_RW_COMMUNITY" snmpset "$@" | $REPLY dump ;;
	set-ro) tool "$SNMP_RO_COMMUNITY" snmpset "$@" | $REPLY dump ;;
	set-frozen)
		rpcd=$(at_rpcd_pids)
		[ -n "$rpcd" ] || {
			echo "Samba's rpcd_* processes not found"
			return 1
		}
		# shellcheck disable=SC2086
		kill -STOP $rpcd
		tool "$SNMP_RW_COMMUNITY" snmpset "$@" | $REPLY dump
		rc=$?
		# shellcheck disable=SC2086
		kill -CONT $rpcd
		return $rc
		;;
	get) tool "$SNMP_RW_COMMUNITY" snmpget "$@" | $REPLY dump ;;
	next) tool "$SNMP_RW_COMMUNITY" snmpgetnext "$@" | $REPLY dump ;;
	bulk) tool "$SNMP_RW_COMMUNITY" snmpbulkget -Cn0 -Cr3 "$@" | $REPLY dump ;;
	raw) $REPLY send 127.0.0.1 "$SNMP_PORT" "$1" ;;
	esac
}

# read_ok VALUE REQUEST_OID ANSWER WALKFILE: the varbinds of a read.
read_ok() {
	local value=$1 oid=$2 got=$3 walkf=$4 want
	case $value in
	noSuchInstance) want="$oid noSuchInstance" ;;
	next) want=$($REPLY next "$walkf" "$oid" 1) ;;
	bulk) want=$($REPLY next "$walkf" "$oid" 3) ;;
	esac
	[ "$(printf '%s\n' "$got" | sed 1d | awk '{ print ($2 == "noSuchInstance" ? $0 : $1) }' |
		sed 's/ endOfMibView$//')" = "$(printf '%s\n' "$want" |
		sed "s/^endOfMibView$/$oid/")" ] && return 0
	echo "    wanted:"
	show "$want"
	return 1
}

# expect_deletes SPEC BEFORE_COUNTERS...: the counters moved by what SPEC
# ("SERVER:RESULT ...") says, once the results are in.
declare -A want_counters
expect_counters() {
	local i
	for i in $SERVERS; do
		[ "$(counters "$i")" = "${want_counters[$i]}" ] || return 1
	done
}

# ---------------------------------------------------------------------------

n=0 nmatch=0 nsets=0 nreads=0 nraw=0 expected_traps=() ends_all=
for i in $SERVERS; do
	want_counters[$i]=$(counters "$i")
done
while IFS= read -r line; do
	case $line in '#'* | '') continue ;; esac
	IFS='|' read -r rule what op args status eindex value deletes ends <<<"$line"
	# shellcheck disable=SC2086
	rule=$(echo $rule) op=$(echo $op) status=$(echo $status) eindex=$(echo $eindex)
	# shellcheck disable=SC2086
	value=$(echo $value) deletes=$(echo $deletes) ends=$(echo $ends)
	what=${what# } what=${what% }
	n=$((n + 1))
	label="[$rule] $what ($op)"
	argv=()
	read -ra words <<<"$args"
	for w in "${words[@]}"; do
		argv+=("$(expand "$w")")
	done
	case $op in
	set*) nsets=$((nsets + 1)) ;;
	raw) nraw=$((nraw + 1)) ;;
	*) nreads=$((nreads + 1)) ;;
	esac
	before=$(state)
	log_before=$(log_results)
	if [ "$op" = next ] || [ "$op" = bulk ]; then
		# The instances after the one asked: from a walk just before and
		# just after (a row passing by in between: read again).
		for try in 1 2 3; do
			walk "$SNMP_DIR/walk.1"
			got=$(answer "$op" "${argv[@]}")
			walk "$SNMP_DIR/walk.2"
			cmp -s "$SNMP_DIR/walk.1" "$SNMP_DIR/walk.2" && break
		done
	else
		got=$(answer "$op" "${argv[@]}")
	fi
	head=$(printf '%s\n' "$got" | head -n 1)
	ok=1
	if [ "$op" = raw ]; then
		nsd_alive || ok=0
		[ "$(snmp_server_get 1 $NS_SRV_NAME)" = fs1 ] || ok=0
		echo "    raw: the master answered: $head"
	else
		[ "$head" = "$status $eindex" ] || ok=0
		if [ "$ok" = 1 ] && [ "$value" != - ]; then
			read_ok "$value" "${argv[0]}" "$got" "$SNMP_DIR/walk.1" || ok=0
		fi
	fi
	if [ "$deletes" = - ]; then
		# Nothing sent: give a stray delete the time to show, then
		# nothing may have moved.
		sleep 0.2
		after=$(state)
		if [ "$after" != "$before" ]; then
			ok=0
			echo "    counters, last errors and log results moved:"
			show "before: $before"
			show "after:  $after"
		fi
	else
		for d in $deletes; do
			s=${d%%:*} r=${d#*:}
			set -- ${want_counters[$s]}
			if [ "$r" = 0 ]; then
				want_counters[$s]="$(($1 + 1)) $2"
			else
				want_counters[$s]="$1 $(($2 + 1))"
			fi
			expected_traps+=("$s:$r")
		done
		if ! snmp_wait "the counters of [$rule] $what" expect_counters; then
			ok=0
			for i in $SERVERS; do
				echo "    server $i: deletes failures $(counters "$i"), wanted ${want_counters[$i]}"
			done
		fi
		nd=$(echo $deletes | wc -w)
		[ "$(log_results)" = $((log_before + nd)) ] || {
			ok=0
			echo "    log results: $(log_results), wanted $((log_before + nd))"
		}
	fi
	for e in $ends; do
		[ "$e" = - ] && continue
		at_wait_gone "${e%/*}" "${e#*/}" || {
			ok=0
			echo "    $e did not end"
		}
		ends_all="$ends_all $e"
	done
	if [ "$ok" = 1 ]; then
		nmatch=$((nmatch + 1))
		pass "$label: $head"
	else
		fail "$label: wanted \"$status $eindex\""
		show "$got"
	fi
done <"$TABLE"

echo "matrix: $n requests ($nsets SETs, $nreads reads, $nraw raw packets)"
check "the matrix holds at least 60 requests ($n)" [ "$n" -ge 60 ]
check_eq "every request of the matrix got exactly its expected answer" "$n" "$nmatch"

# --- after the whole matrix -------------------------------------------------

want=$smbstatus_start
for e in $ends_all; do
	want=$(at_groups_without "${e%/*}" "${e#*/}" "$want")
done
after=$(samba_session_groups)
# Sessions that ended without a line of the matrix naming them: for each
# (client, user) the matrix did not end, how many fewer smbstatus shows.
unintended=$(awk 'NR == FNR { want[$1 " " $2] = $3; next }
	{ now[$1 " " $2] = $3 }
	END { n = 0; for (k in want) if (now[k] < want[k]) n += want[k] - now[k]; print n }' \
	<(printf '%s\n' "$want") <(printf '%s\n' "$after"))
echo "matrix: $nmatch of $n requests answered as expected; unintended session ends: $unintended"
check_eq "smbstatus: no session ended that the matrix did not name (unintended ends)" 0 "$unintended"
check_eq "smbstatus: exactly the sessions the matrix names have ended" "$want" "$after"
at_wait_polls 1 2 || fail "server 1 is polled twice more"
check_eq "smbstatus two polls later: still no other session ended" "$want" \
	"$(samba_session_groups)"
at_table_matches_smbstatus "smbSessionTable matches smbstatus after the matrix"

# smbSessionDeleted: one per delete made, with its server and result.
name_of() {
	case $1 in 1) echo fs1 ;; 2) echo fs2 ;; 3) echo badpw ;; 4) echo fs1-short ;; 5) echo fs1-async ;; esac
}
want_traps=$(for t in "${expected_traps[@]}"; do
	echo "$(name_of "${t%%:*}") ${t#*:}"
done | sort)
_traps_are() {
	[ "$(snmp_traps smbSessionDeleted | wc -l)" -ge "${#expected_traps[@]}" ]
}
snmp_wait "every smbSessionDeleted" _traps_are
got_traps=$(snmp_traps smbSessionDeleted | awk -F '\t' '{
	sub(/^smbServerName=/, "", $1); sub(/^smbNotifyResult=/, "", $4); print $1, $4 }' | sort)
check_eq "smbSessionDeleted: one per delete made (${#expected_traps[@]}), none for a refused request" \
	"$want_traps" "$got_traps"

check "netsessd is still running" nsd_alive
check "netsessd's log is UTF-8 without control octets (names are quoted and escaped)" \
	python3 -c 'import sys; t = open(sys.argv[1], "rb").read().decode("utf-8")
sys.exit(any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) < 0xa0 for c in t))' "$NSD_LOG"
check "the log quotes the literal \"*\" as a name" \
	grep -qF 'server fs1 [1]: NetSessionDel(client=any, user="*"): NERR_ClientNameNotFound' "$NSD_LOG"
at_no_secret_leaked
echo "run time: $((SECONDS - t0)) s"
finish
