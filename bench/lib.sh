# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# bench/lib.sh - shared by the benchmark scripts.

# bench_measure NAME RUNS COMMAND...: runs COMMAND RUNS times and prints
# the lines it printed (the last run's) and the mean, min and max time.
bench_measure() {
	local name=$1 runs=$2 i t0 t1 us min=999999999 max=0 sum=0 out=0
	shift 2
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N)
		out=$("$@" | wc -l)
		t1=$(date +%s%N)
		us=$(((t1 - t0) / 1000))
		((us < min)) && min=$us
		((us > max)) && max=$us
		sum=$((sum + us))
	done
	printf '%-34s %7d lines  mean %8.1f ms  min %8.1f ms  max %8.1f ms  (%d runs)\n' \
		"$name" "$out" "$(echo "$sum / $runs / 1000" | bc -l)" \
		"$(echo "$min / 1000" | bc -l)" "$(echo "$max / 1000" | bc -l)" "$runs"
}

# bench_standalone_start SERVERS_FILE: a second netsessd, an SNMP agent of
# its own, beside the AgentX one lib/snmp.sh started (NSD_MODE=agentx):
# its own UDP port, access file (the same access lines), persistent
# directory and log, the <server> elements of SERVERS_FILE.  Sets SA_PORT,
# SA_PID, SA_DIR; waits until it listens.  bench_standalone_stop ends it.
bench_standalone_start() {
	SA_PORT=$(_snmp_pick_udp_port) || return 1
	SA_DIR=$SNMP_DIR/standalone
	mkdir -m 0700 "$SA_DIR" "$SA_DIR/persist" || return 1
	(umask 077 && _snmp_access_lines >"$SA_DIR/access.conf") || return 1
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<netsessd>'
		echo "  <snmp listen=\"udp:127.0.0.1:$SA_PORT\" access=\"$SA_DIR/access.conf\"/>"
		cat "$1"
		echo '</netsessd>'
	} >"$SA_DIR/netsessd.xml"
	SNMP_PERSISTENT_DIR=$SA_DIR/persist "$NETSESSD" -c "$SA_DIR/netsessd.xml" -f \
		</dev/null >"$SA_DIR/netsessd.log" 2>&1 &
	SA_PID=$!
	snmp_wait "the standalone netsessd to listen" _bench_sa_listening
}

_bench_sa_listening() {
	ss -Hulnp "( sport = :$SA_PORT )" 2>/dev/null | grep -c "pid=$SA_PID," >/dev/null
}

bench_standalone_stop() {
	[ -n "${SA_PID:-}" ] || return 0
	kill -TERM "$SA_PID"
	wait "$SA_PID"
	SA_PID=
}

# bench_quantiles FILE: "p50 p99 max count" of the numbers in FILE, one a
# line (nearest rank).
bench_quantiles() {
	sort -n "$1" | awk '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "- - - 0"; exit }
			p50 = int(0.50 * NR + 0.999999); p99 = int(0.99 * NR + 0.999999)
			printf "%s %s %s %d\n", v[p50], v[p99], v[NR], NR
		}'
}
