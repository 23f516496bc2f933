#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bench/servers.sh - what many managed servers cost netsessd, and how it
# behaves with them.
#
# Usage: bench/servers.sh [MAX]        (as root; default 200)
#
# Starts SAMBAS private Sambas (default 2), each holding one session of
# nstest1 from 127.0.0.2, a private snmpd (AgentX master), and then, for N
# in 10, 50, 100, 200 (those up to MAX) and MAX itself, netsessd with N
# servers spread over the Sambas (several servers name the same Samba; a
# server's rows are then every session of that Samba, its helpers' own
# included).  For each N:
#   - time to all rows: from netsessd's start until smbSessionTable has
#     the row (127.0.0.2, nstest1) of every server, read by GETs of each
#     missing row every 100 ms (bench/rowwait.c); the load average when
#     netsessd starts;
#   - the CPU time used meanwhile by netsessd and its processes, by the
#     Sambas' processes, and by the whole machine (/proc/stat: others'
#     work included), which tells what the time was spent on;
#   - PSS (/proc/PID/smaps_rollup) of netsessd, of the zygote and of the
#     helpers, and netsessd's threads, as soon as every row is there;
#   - GET latency while the servers poll: a GET of one smbSessionCount
#     every 10 ms for GET_SECONDS (20) seconds (bench/getlat.c, one
#     process and one session), with every server polling every
#     max(2, N/100) seconds, so that whole poll cycles run throughout; the
#     polls completed meanwhile are counted (smbServerPolls);
#   - the PSS of the Sambas' processes (the server side, for scale).
# Then the slope of total PSS against N between 10 and 200 (least
# squares): what each managed server adds.
#
# Prints the table and writes it into docs/benchmarks.md, between the
# lines "<!-- bench/servers.sh -->" and "<!-- /bench/servers.sh -->"
# (WRITE_DOC=0: print only; SIZES="N ..." measures those N only, SAMBAS=k
# spreads the servers over k Sambas).  Builds the tree first when it is not built
# (autoreconf, configure, make), so it runs from a clean checkout.
set -uo pipefail

max=${1:-200}
here=$(cd "$(dirname "$0")" && pwd)
export top_srcdir=${top_srcdir:-$(cd "$here/.." && pwd)}
export top_builddir=${top_builddir:-$top_srcdir}
SAMBAS=${SAMBAS:-2}
GET_SECONDS=${GET_SECONDS:-20}
WRITE_DOC=${WRITE_DOC:-1}
[[ $max =~ ^[0-9]+$ ]] && ((max >= 10 && max <= 65535)) || {
	echo "usage: bench/servers.sh [MAX]   (10..65535 servers; default 200)" >&2
	exit 2
}
[ "$(id -u)" = 0 ] || {
	echo "servers.sh: run as root (private Sambas)" >&2
	exit 2
}

if [ ! -x "$top_builddir/agent/netsessd" ] || [ ! -x "$top_builddir/agent/netsessd-rpc" ]; then
	echo "== building $top_builddir" >&2
	(cd "$top_builddir" && { [ -x configure ] || autoreconf -fi; } &&
		{ [ -f Makefile ] || ./configure; } && make -j2) >&2 || exit 1
fi

# shellcheck source=../tests/integration/lib/samba.sh
. "$top_srcdir/tests/integration/lib/samba.sh"
# shellcheck source=../tests/integration/lib/snmp.sh
. "$top_srcdir/tests/integration/lib/snmp.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/netsess-bench.XXXXXX") || exit 1
main_pid=$$
samba_pids=()
cleanup() {
	: >"$work/stop"
	for p in "${samba_pids[@]}"; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$work"
}
trap 'snmp_stop; cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

getlat=$work/getlat
rowwait=$work/rowwait
for tool in getlat rowwait; do
	cc -O2 -o "$work/$tool" "$here/$tool.c" $(net-snmp-config --cflags) $(net-snmp-config --libs) || {
		echo "servers.sh: cannot build bench/$tool.c (libsnmp-dev)" >&2
		exit 1
	}
done

# ---- the Sambas: each in a shell of its own, started side by side -----

export SAMBA_ADMIN_PASS=${SAMBA_ADMIN_PASS:-Adm1n-Secret-9} SAMBA_ADMIN_USER=root
for k in $(seq 1 "$SAMBAS"); do
	(
		trap - EXIT INT TERM
		unset SAMBA_DIR SAMBA_PORT SAMBA_SMBD_PID SAMBA_WATCHDOG_PID
		samba_start >"$work/samba.$k.log" 2>&1 || exit 1
		samba_hold_session 127.0.0.2 nstest1 >>"$work/samba.$k.log" 2>&1 || exit 1
		echo "$SAMBA_PORT $SAMBA_DIR" >"$work/samba.$k"
		while [ ! -e "$work/stop" ] && kill -0 "$main_pid" 2>/dev/null; do
			sleep 1
		done
		samba_stop
	) &
	samba_pids+=($!)
done
ports=()
sdirs=()
for k in $(seq 1 "$SAMBAS"); do
	while [ ! -s "$work/samba.$k" ]; do
		if ! kill -0 "${samba_pids[k - 1]}" 2>/dev/null; then
			cat "$work/samba.$k.log" >&2
			echo "servers.sh: Samba $k did not start" >&2
			exit 1
		fi
		sleep 0.5
	done
	read -r port sdir <"$work/samba.$k"
	ports+=("$port")
	sdirs+=("$sdir")
done
echo "== $SAMBAS Sambas on ports ${ports[*]}" >&2
snmp_start || exit 1

# ---- measuring ----------------------------------------------------------

pss() {
	awk '$1 == "Pss:" { print $2; f = 1 } END { if (!f) print 0 }' "/proc/$1/smaps_rollup" 2>/dev/null ||
		echo 0
}

# The children of netsessd: "PID ARG1" lines (ARG1 "zygote" or an index).
nsd_children() {
	local f d
	for f in $(grep -lx "PPid:[[:space:]]*$NSD_PID" /proc/[0-9]*/status 2>/dev/null); do
		d=${f%/status}
		echo "${d#/proc/} $(tr '\0' ' ' <"$d/cmdline" 2>/dev/null | awk '{ print $2 }')"
	done
}

# The PSS of every process of a Samba (smbd, its children, rpcd_*).
samba_pss() {
	local d=$1 sum=0 p
	for p in $(grep -laF -f <(printf '%s/\n' "$d") /proc/[0-9]*/cmdline 2>/dev/null |
		cut -d/ -f3); do
		sum=$((sum + $(pss "$p")))
	done
	echo "$sum"
}

# CPU time, in clock ticks: of the processes given (children reaped
# included), and of the whole machine (every CPU, busy).
proc_ticks() {
	local sum=0 p
	for p in "$@"; do
		sum=$((sum + $(awk '{ sub(/.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$sum"
}
machine_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}
samba_ticks() {
	local k sum=0
	for k in $(seq 0 $((SAMBAS - 1))); do
		# shellcheck disable=SC2046
		sum=$((sum + $(proc_ticks $(grep -laF -f <(printf '%s/\n' "${sdirs[k]}") \
			/proc/[0-9]*/cmdline 2>/dev/null | cut -d/ -f3))))
	done
	echo "$sum"
}
tck=$(getconf CLK_TCK)

# The sum of smbServerPolls over all servers.
polls_total() {
	snmp_rw snmpbulkwalk -On -Oe -OQ -Cr100 "$NS_SERVER_ENTRY.$NS_SRV_POLLS" 2>/dev/null |
		awk -F' = ' '{ n += $2 } END { print n + 0 }'
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

results=$work/results
: >"$results"

# run N: one netsessd with N servers; appends one line to $results.
run() {
	local n=$1 poll=$2 i k t0 t1 have own zyg=0 helpers=0 nh=0 total
	local threads get p0 p1 spss=0 pid arg waiter rc ms load s0 s1 m0 m1 tm ours
	: >"$SNMP_DIR/servers.xml"
	for i in $(seq 1 "$n"); do
		k=$(((i - 1) % SAMBAS))
		NSD_POLL_INTERVAL=$poll nsd_server_xml "$i" "fs$i" 127.0.0.1 "${ports[k]}" \
			"$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" >>"$SNMP_DIR/servers.xml" || return 1
	done
	nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
	NSD_LOG=$SNMP_DIR/netsessd.log
	NSD_CONFIG=$SNMP_DIR/netsessd.xml
	: >"$NSD_LOG"
	echo "== $n servers (poll every $poll s)" >&2
	read -r load _ </proc/loadavg
	s0=$(samba_ticks)
	m0=$(machine_ticks)
	t0=$(now_ms)
	"$NETSESSD" -c "$NSD_CONFIG" -f -x "$SNMP_AGENTX" </dev/null >>"$NSD_LOG" 2>&1 &
	NSD_PID=$!
	# Every row there: bench/rowwait.c, one GET of each missing row's
	# cell every 100 ms (its line: "rows N of N after T ms (K checks)").
	"$rowwait" "udp:127.0.0.1:$SNMP_PORT" "$SNMP_RW_COMMUNITY" "$NS_SESSION_ENTRY.3" \
		"$(_snmp_str_oid 127.0.0.2).$(_snmp_str_oid nstest1)" "$n" "$t0" $((60 + n / 5)) 100 \
		>"$work/rowwait.out" &
	waiter=$!
	while kill -0 "$waiter" 2>/dev/null; do
		nsd_alive || kill "$waiter" 2>/dev/null
		sleep 0.1
	done
	wait "$waiter"
	rc=$?
	read -r _ have _ _ _ ms _ <"$work/rowwait.out" 2>/dev/null
	if [ "$rc" != 0 ] || ! nsd_alive; then
		tail -n 20 "$NSD_LOG" >&2
		echo "servers.sh: ${have:-0} of $n servers have their rows" >&2
		nsd_stop
		return 1
	fi
	t1=$((t0 + ms))
	m1=$(machine_ticks)
	tm=$(now_ms) # when m1 was read: the machine's ticks cover t0..tm
	s1=$(samba_ticks)
	# shellcheck disable=SC2046
	ours=$(proc_ticks "$NSD_PID" $(nsd_children | cut -d' ' -f1))
	own=$(pss "$NSD_PID")
	threads=$(ls "/proc/$NSD_PID/task" | wc -l)
	while read -r pid arg; do
		if [ "$arg" = zygote ]; then
			zyg=$(pss "$pid")
		else
			helpers=$((helpers + $(pss "$pid")))
			nh=$((nh + 1))
		fi
	done < <(nsd_children)
	total=$((own + zyg + helpers))
	for k in $(seq 0 $((SAMBAS - 1))); do
		spss=$((spss + $(samba_pss "${sdirs[k]}")))
	done
	echo "   all rows after $((t1 - t0)) ms (load $load); CPU meanwhile: netsessd and" \
		"its processes $((ours * 1000 / tck)) ms, Sambas $(((s1 - s0) * 1000 / tck)) ms," \
		"machine $(((m1 - m0) * 1000 / tck)) ms of $(((tm - t0) * $(nproc))) ms" >&2
	echo "   PSS netsessd $own kB, zygote $zyg kB," \
		"$nh helpers $helpers kB, total $total kB; threads $threads" >&2
	p0=$(polls_total)
	get=$("$getlat" "udp:127.0.0.1:$SNMP_PORT" "$SNMP_RW_COMMUNITY" \
		"$(snmp_session_oid 3 1 127.0.0.2 nstest1)" "$GET_SECONDS" 10)
	p1=$(polls_total)
	echo "   $get; $((p1 - p0)) polls meanwhile" >&2
	echo "$n $poll $((t1 - t0)) $own $zyg $nh $helpers $total $threads $((p1 - p0)) $spss" \
		"$load $((ours * 1000 / tck)) $(((s1 - s0) * 1000 / tck)) $(((m1 - m0) * 1000 / tck))" \
		"$(($(nproc) * (tm - t0))) $get" >>"$results"
	nsd_stop
}

sizes=()
for n in 10 50 100 200; do
	((n < max)) && sizes+=("$n")
done
sizes+=("$max")
# SIZES="N..." runs those only (a single N gives no slope).
[ -z "${SIZES:-}" ] || read -r -a sizes <<<"$SIZES"
for n in "${sizes[@]}"; do
	poll=$((n / 100))
	((poll >= 2)) || poll=2
	run "$n" "$poll" || exit 1
done

# ---- the table ----------------------------------------------------------

table=$work/table
{
	echo "| servers | all rows after (load) | CPU meanwhile: netsessd's / Sambas' / machine's | netsessd | zygote | helpers (each) | total PSS | GET p50 / p99 / max (polls meanwhile) | Sambas' PSS |"
	echo "|---|---|---|---|---|---|---|---|---|"
	awk '{
		# n poll ms own zyg nh helpers total threads polls spss load ours sambas busy avail
		# gets N errors E p50 A p90 B p99 C max D
		printf "| %d | %.2f s (%.1f) | %.2f / %.2f / %.2f of %.2f s | %.1f MB | %.1f MB | %.1f MB (%d kB) | %.1f MB | %s / %s / %s ms (%d polls, every %d s) | %.0f MB |\n",
			$1, $3 / 1000, $12, $13 / 1000, $14 / 1000, $15 / 1000, $16 / 1000,
			$4 / 1024, $5 / 1024, $7 / 1024, $6 ? $7 / $6 : 0, $8 / 1024,
			$22, $26, $28, $10, $2, $11 / 1024
	}' "$results"
	awk '$1 >= 10 && $1 <= 200 { n++; sx += $1; sy += $8; sxx += $1 * $1; sxy += $1 * $8 }
		END {
			if (n >= 2 && n * sxx - sx * sx > 0) {
				b = (n * sxy - sx * sy) / (n * sxx - sx * sx)
				printf "\nEach managed server adds %.0f kB of PSS (least-squares slope of total PSS against N, %d runs from 10 to 200 servers)", b, n
			}
		}' "$results"
	awk 'NR == 1 { n0 = $1; t0 = $8 } { n1 = $1; t1 = $8 }
		END { if (n1 > 200 && n1 > n0) printf "; from %d to %d servers, %.0f kB each", n0, n1, (t1 - t0) / (n1 - n0) }' "$results"
	awk '$1 >= 10 && $1 <= 200 { n++; sx += $1; sxx += $1 * $1 }
		END { if (n >= 2 && n * sxx - sx * sx > 0) print "." }' "$results"
	echo
	awk '{ if ($9 != 1) bad = 1; if ($20 != 0) err = 1 }
		END {
			printf "netsessd had %s thread%s in every run", bad ? "more than one" : "one", bad ? "s" : ""
			printf "; %s GET failed.\n", err ? "some" : "no"
		}' "$results"
	printf '\n%s, %s cores, %s; %s Sambas; GETs every 10 ms for %s s.\n' \
		"$(date -u +%Y-%m-%d)" "$(nproc)" "$(uname -r)" "$SAMBAS" "$GET_SECONDS"
} >"$table"
cat "$table"

if [ "$WRITE_DOC" = 1 ]; then
	doc=$top_srcdir/docs/benchmarks.md
	if grep -qx '<!-- bench/servers.sh -->' "$doc" && grep -qx '<!-- /bench/servers.sh -->' "$doc"; then
		awk -v t="$table" '
			$0 == "<!-- bench/servers.sh -->" { print; while ((getline l < t) > 0) print l; skip = 1; next }
			$0 == "<!-- /bench/servers.sh -->" { skip = 0 }
			!skip { print }' "$doc" >"$work/doc" && cat "$work/doc" >"$doc"
		echo "== written into $doc" >&2
	else
		echo "servers.sh: no <!-- bench/servers.sh --> section in $doc: not written" >&2
	fi
fi
