#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd with 200 managed servers, all on this test's Samba (so every
# server lists every session of that Samba, the 200 helpers' own
# included):
# - every server reaches ok(2) and has its row of the session the test
#   holds (127.0.0.2, nstest1), within a generous bounded wait (the time
#   it took is printed, not judged: bench/servers.sh measures it);
# - netsessd is one thread; its children are one zygote
#   ("netsessd-rpc zygote") and one helper per server ("netsessd-rpc
#   INDEX", indexes 1..200);
# - kill -9 of one helper: that server is polled again through a new
#   helper and is ok(2) again; no other server loses its row or its ok(2)
#   meanwhile (every walk taken until then shows all of them), and no other
#   helper is replaced;
# - kill -9 of the zygote: logged, a new zygote runs; no helper is
#   replaced, no server loses its row or its ok(2), every server is polled
#   again; a helper killed afterwards is replaced from the new zygote;
# - SIGTERM: netsessd exits 0 and no helper or zygote is left.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

N=200
# Generous bounds: a shared machine may be slow; nothing here is timed.
SNMP_TIMEOUT=180
# Polls every 5 s: 40 a second against one Samba, on a 2-core machine.
NSD_POLL_INTERVAL=5

# Walks: each is one bulk walk of a column, "INDEX VALUE" per server.
# The rows (127.0.0.2, nstest1) of smbSessionTable: "INDEX" lines.
row_suffix=".$(_snmp_str_oid 127.0.0.2).$(_snmp_str_oid nstest1)"
servers_with_row() {
	snmp_rw snmpbulkwalk -On -Cr100 "$NS_SESSION_ENTRY.$NS_SES_COUNT" |
		awk -v p="$NS_SESSION_ENTRY.$NS_SES_COUNT." -v s="$row_suffix" '
			index($1, p) == 1 && substr($1, length($1) - length(s) + 1) == s {
				idx = substr($1, length(p) + 1); sub(/\..*/, "", idx); print idx
			}' | sort -n
}

# server_column COLUMN: "INDEX VALUE" lines of smbServerTable.
server_column() {
	snmp_rw snmpbulkwalk -On -Oe -OQ -Cr100 "$NS_SERVER_ENTRY.$1" |
		awk -v p="$NS_SERVER_ENTRY.$1." -F' = ' 'index($1, p) == 1 {
			print substr($1, length(p) + 1), $2 }'
}

# The servers whose status is ok(2), one index a line.
servers_ok() {
	server_column "$NS_SRV_STATUS" | awk -v ok="$NS_ST_OK" '$2 == ok { print $1 }'
}

all_indexes=$(seq 1 $N)

_all_ready() {
	[ "$(servers_with_row)" = "$all_indexes" ] && [ "$(servers_ok)" = "$all_indexes" ]
}

# netsessd's children: "PID ARG1" (ARG1: zygote or the server index).
nsd_children() {
	local f d
	for f in $(grep -lx "PPid:[[:space:]]*$NSD_PID" /proc/[0-9]*/status 2>/dev/null); do
		d=${f%/status}
		[ "$(awk '$1 == "Name:" { print $2 }' "$f" 2>/dev/null)" = netsessd-rpc ] || continue
		echo "${d#/proc/} $(tr '\0' ' ' <"$d/cmdline" 2>/dev/null | awk '{ print $2 }')"
	done | sort -k2
}

helper_of() {
	nsd_children | awk -v i="$1" '$2 == i { print $1 }'
}

zygote_pid() {
	nsd_children | awk '$2 == "zygote" { print $1 }'
}

# Every other server keeps its row and its ok(2), walk after walk, until
# COMMAND succeeds: "bad" is printed for a walk where one did not.
watch_others() {
	local skip=$1 want
	shift
	want=$(printf '%s\n' $all_indexes | grep -vx "$skip")
	local deadline=$((SECONDS + SNMP_TIMEOUT))
	while ! "$@"; do
		rows=$(servers_with_row | grep -vx "$skip")
		oks=$(servers_ok | grep -vx "$skip")
		[ "$rows" = "$want" ] && [ "$oks" = "$want" ] || echo bad
		if ((SECONDS >= deadline)); then
			echo timeout
			return
		fi
		sleep 0.5
	done
}

t0=$SECONDS
at_samba "127.0.0.2 nstest1"
snmp_start || fatal "the private snmpd and snmptrapd start"
: >"$SNMP_DIR/servers.xml"
for i in $all_indexes; do
	at_fs1_xml "$i" "fs$i" >>"$SNMP_DIR/servers.xml" || fatal "server $i is written"
done
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
NSD_LOG=$SNMP_DIR/netsessd.log
NSD_CONFIG=$SNMP_DIR/netsessd.xml
start_ms=$(($(date +%s%N) / 1000000))
"$NETSESSD" -c "$NSD_CONFIG" -f -x "$SNMP_AGENTX" </dev/null >>"$NSD_LOG" 2>&1 &
NSD_PID=$!

# --- 200 servers ----------------------------------------------------------

if snmp_wait "all $N servers ok(2) with their rows" _all_ready; then
	pass "all $N servers are ok(2) and have their row (127.0.0.2, nstest1)"
	echo "    after $(($(date +%s%N) / 1000000 - start_ms)) ms (not judged; bench/servers.sh measures it)"
else
	fail "all $N servers are ok(2) and have their row (127.0.0.2, nstest1)"
	echo "    $(servers_with_row | wc -l) with their row, $(servers_ok | wc -l) ok"
	finish
fi
check_eq "netsessd with $N servers has one thread (/proc/$NSD_PID/task)" 1 \
	"$(ls "/proc/$NSD_PID/task" | wc -l)"
echo "    open file limit of netsessd: $(awk '/^Max open files/ { print $4 " (soft), " $5 " (hard)" }' \
	"/proc/$NSD_PID/limits")"
children=$(nsd_children)
check_eq "netsessd's helpers are netsessd-rpc 1..$N, one each" "$all_indexes" \
	"$(printf '%s\n' "$children" | awk '$2 ~ /^[0-9]+$/ { print $2 }' | sort -n)"
z1=$(zygote_pid)
check_eq "one zygote, netsessd-rpc zygote, is a child of netsessd ($z1)" 1 \
	"$(printf '%s' "$z1" | grep -c .)"
helpers_before=$(printf '%s\n' "$children" | awk '$2 ~ /^[0-9]+$/')

# --- kill -9 of one helper -------------------------------------------------

# _replaced: server $victim has a helper other than $old_helper, is ok(2)
# and has its row.
_replaced() {
	local h
	h=$(helper_of "$victim")
	[ -n "$h" ] && [ "$h" != "$old_helper" ] && servers_ok | grepq -x "$victim" &&
		servers_with_row | grepq -x "$victim"
}
victim=17
old_helper=$(helper_of $victim)
h17=$old_helper
kill -KILL "$old_helper"
bad=$(watch_others $victim _replaced)
check "server $victim's helper ($h17) killed: a new helper serves it, ok(2) with its row" \
	_replaced
check_eq "meanwhile every other server kept its row and its ok(2), walk after walk" "" "$bad"
others_now=$(nsd_children | awk -v v=$victim '$2 ~ /^[0-9]+$/ && $2 != v')
check_eq "no other helper was replaced" \
	"$(printf '%s\n' "$helpers_before" | awk -v v=$victim '$2 != v')" "$others_now"
check "the log says what became of helper $h17" \
	grep -q "server fs$victim \[$victim\]: RPC process $h17 ended by signal SIGKILL" "$NSD_LOG"

# --- kill -9 of the zygote --------------------------------------------------

helpers_before=$(nsd_children | awk '$2 ~ /^[0-9]+$/')
polls_before=$(server_column "$NS_SRV_POLLS")
_zygote_back() {
	local z
	z=$(zygote_pid)
	[ -n "$z" ] && [ "$z" != "$z1" ] &&
		grepq "helper zygote: process $z ready" "$NSD_LOG"
}
# Every server polled at least twice since (a poll under way at the kill
# counts for nothing).
_all_polled_again() {
	join <(printf '%s\n' "$polls_before" | sort -k1,1) <(server_column "$NS_SRV_POLLS" | sort -k1,1) |
		awk '$3 < $2 + 2 { late++ } END { exit late > 0 }'
}
kill -KILL "$z1"
bad=$(watch_others none _zygote_back)
check "the zygote ($z1) killed: a new one runs and is ready ($(zygote_pid))" _zygote_back
check "the log says the zygote ended by SIGKILL" \
	grep -q "helper zygote: process $z1 ended by signal SIGKILL" "$NSD_LOG"
bad=$bad$(watch_others none _all_polled_again)
check "every server is polled again after the zygote's end" _all_polled_again
check_eq "meanwhile every server kept its row and its ok(2), walk after walk" "" "$bad"
check_eq "no helper was replaced" "$helpers_before" "$(nsd_children | awk '$2 ~ /^[0-9]+$/')"

# A helper started now comes from the new zygote.
victim=42
old_helper=$(helper_of $victim)
h42=$old_helper
kill -KILL "$h42"
bad=$(watch_others $victim _replaced)
check "then a killed helper ($h42) is replaced by one of the new zygote: ok(2) with its row" \
	_replaced
check_eq "meanwhile every other server kept its row and its ok(2)" "" "$bad"

# --- SIGTERM -------------------------------------------------------------------

pids=$(nsd_children | awk '{ print $1 }')
nsd_stop
check_eq "SIGTERM: netsessd exits 0" 0 $?
_none_left() {
	local p
	for p in $pids; do
		kill -0 "$p" 2>/dev/null && return 1
	done
	return 0
}
check "no helper or zygote is left" snmp_wait "the helpers and the zygote to end" _none_left

echo "run time: $((SECONDS - t0)) s"
finish
