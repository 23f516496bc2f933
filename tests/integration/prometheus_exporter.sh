#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# contrib/prometheus/snmp.yml with Debian's snmp_exporter
# (prometheus-snmp-exporter 0.21), against the real snmpd + netsessd + Samba:
# - snmp.yml is exactly what contrib/prometheus/generate.sh makes from
#   generator.yml with Debian's generator (reproducible);
# - a scrape of /snmp?module=smb_session gives, per (client, user) of the
#   server, smbSessionCount equal to what smbstatus shows, with the server's
#   name, the client and the user as labels;
# - each session series has its opens, time and idle time;
# - per server: smbServerStatus as a state set (ok for the working server,
#   unreachable for the one nothing listens for), sessions, the poll and
#   delete counters typed as counters, smbServerLastPollAge;
# - no writable or disconnect column is walked or exported.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/agent_test.sh
. "$here/lib/agent_test.sh" || exit 1

contrib=$top_srcdir/contrib/prometheus
prom=$here/lib/prom_metrics.py
t0=$SECONDS

for p in prometheus-snmp-exporter prometheus-snmp-generator python3; do
	command -v "$p" >/dev/null 2>&1 ||
		fatal "$p is installed (apt-get install prometheus-snmp-exporter python3)"
done

# --- snmp.yml is reproducible ------------------------------------------
gen=$(mktemp "${TMPDIR:-/tmp}/smb-snmp-yml.XXXXXX") || fatal "mktemp"
if out=$(bash "$contrib/generate.sh" "$gen" 2>&1) && cmp -s "$gen" "$contrib/snmp.yml"; then
	pass "contrib/prometheus/snmp.yml is what generate.sh makes from generator.yml"
else
	fail "contrib/prometheus/snmp.yml differs from the output of generate.sh"
	show "$out"
	show "$(diff "$contrib/snmp.yml" "$gen" | head -n 20)"
fi
rm -f "$gen"

# --- the servers ---------------------------------------------------------
at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.2 nstest2" \
	"127.0.0.3 nstest1" "127.0.0.4 nstest3"
snmp_start || fatal "the private snmpd and snmptrapd start"
# Server 2 has nothing listening.  (Not a wrong password: each failed
# logon shows in smbstatus for a moment as an anonymous session, and the
# scrape is compared with smbstatus.)
at_closed_port
closed_port=$CLOSED_PORT
{
	at_fs1_xml 1 fs1
	nsd_server_xml 2 nolisten 127.0.0.1 "$closed_port" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
} >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"

# --- the exporter ----------------------------------------------------------
# snmp.yml as an administrator deploys it: the module unchanged, with the
# agent's read-only community (0.21 keeps it in the module's auth block).
mkdir -p "$SNMP_DIR/exporter"
cfg=$SNMP_DIR/exporter/snmp.yml
awk -v c="$SNMP_RO_COMMUNITY" '
	{ print }
	/^smb_session:$/ { print "  auth:"; print "    community: " c }' \
	"$contrib/snmp.yml" >"$cfg"
port=$(at_free_tcp_port) || fatal "a free TCP port for the exporter"
prometheus-snmp-exporter --config.file="$cfg" --web.listen-address="127.0.0.1:$port" \
	--log.level=info </dev/null >"$SNMP_DIR/exporter/log" 2>&1 &
EXPORTER_PID=$!

# fetch PATH OUTFILE: one HTTP GET of the exporter.
fetch() {
	python3 - "http://127.0.0.1:$port$1" "$2" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=30) as r:
    data = r.read()
open(sys.argv[2], "wb").write(data)
PY
}
_exporter_up() {
	kill -0 "$EXPORTER_PID" 2>/dev/null || return 2
	fetch /metrics "$SNMP_DIR/exporter/self.txt" 2>/dev/null
}
snmp_wait "the exporter to answer on 127.0.0.1:$port" _exporter_up || {
	show "$(tail -n 20 "$SNMP_DIR/exporter/log")"
	fatal "prometheus-snmp-exporter starts with contrib/prometheus/snmp.yml"
}
pass "prometheus-snmp-exporter $(prometheus-snmp-exporter --version 2>&1 | awk 'NR == 1 { print $3 }') loads contrib/prometheus/snmp.yml"

# A poll newer than the sessions, then the scrape.
at_wait_polls 1 1 || fail "server 1 is polled"
page=$SNMP_DIR/exporter/scrape.txt
if fetch "/snmp?module=smb_session&target=127.0.0.1:$SNMP_PORT" "$page" 2>"$SNMP_DIR/exporter/fetch.err"; then
	pass "scrape of /snmp?module=smb_session&target=127.0.0.1:$SNMP_PORT"
else
	show "$(cat "$SNMP_DIR/exporter/fetch.err")"
	fatal "scrape of /snmp?module=smb_session"
fi
samples=$(python3 "$prom" "$page" --names) || fatal "the scraped page is valid exposition format"
check "the scrape holds SMB-SESSION-MIB series ($(printf '%s\n' "$samples" | grep -c '^smb') names)" \
	[ "$(printf '%s\n' "$samples" | grep -c '^smb')" -gt 0 ]

# --- sessions -------------------------------------------------------------
want=$(samba_session_groups | sed 's/^/fs1 /')
got=$(python3 "$prom" "$page" smbSessionCount smbServerName smbSessionClient smbSessionUser)
echo "smbstatus:"
samba_sessions | sed 's/^/    /'
check_eq "smbSessionCount{smbServerName,smbSessionClient,smbSessionUser} equals smbstatus per (client, user)" \
	"$want" "$got"
check_eq "the pair seen twice is one series with value 2" \
	"fs1 127.0.0.2 nstest1 2" "$(printf '%s\n' "$got" | grep ' 127.0.0.2 nstest1 ')"
rows=$(printf '%s\n' "$got" | grep -c .)
keys() { python3 "$prom" "$page" "$1" smbServerIndex smbServerName smbSessionClient smbSessionUser | awk '{ NF--; print }'; }
count_keys=$(keys smbSessionCount)
for m in smbSessionOpens smbSessionTime smbSessionIdleTime; do
	check_eq "$m has a series for each of the $rows (server, client, user)" "$count_keys" "$(keys "$m")"
done
maxtime=$(python3 "$prom" "$page" smbSessionTime smbSessionClient |
	awk '$1 != "127.0.0.1" { print $2 }' | sort -n | tail -n 1)
check "smbSessionTime is at most the age of the sessions (${maxtime}s <= $((SECONDS - t0 + 1))s)" \
	[ "${maxtime:-999999}" -le $((SECONDS - t0 + 1)) ]

# --- servers --------------------------------------------------------------
check_eq "smbServerStatus is a state set: ok for fs1, unreachable for nolisten" \
	"fs1 ok
nolisten unreachable" "$(python3 "$prom" "$page" smbServerStatus smbServerName smbServerStatus | awk '$3 == 1 { print $1, $2 }')"
check_eq "smbServerStatus has one series per state and server (2 x 6), one of them 1 per server" \
	"12 2" "$(python3 "$prom" "$page" smbServerStatus smbServerName smbServerStatus |
		awk '{ n++; s += $3 } END { print n, s }')"
check_eq "smbServerSessions{smbServerName=fs1} is the number of sessions smbstatus shows" \
	"fs1 $(samba_session_count)" "$(python3 "$prom" "$page" smbServerSessions smbServerName | grep '^fs1 ')"
check_eq "smbServerLastPollAge{smbServerName=nolisten} is 4294967295 (never polled)" \
	"nolisten 4294967295" "$(python3 "$prom" "$page" smbServerLastPollAge smbServerName | grep '^nolisten ')"
age=$(python3 "$prom" "$page" smbServerLastPollAge smbServerName | awk '$1 == "fs1" { print $2 }')
check "smbServerLastPollAge{smbServerName=fs1} is a real age ($age)" [ "${age:-4294967295}" -lt 4294967295 ]
types=$(python3 "$prom" "$page" --types)
for m in smbServerPolls smbServerPollFailures smbServerDeletes smbServerDeleteFailures; do
	check_eq "$m is exported as a counter" "$m counter" "$(printf '%s\n' "$types" | grep "^$m ")"
	check_eq "$m has one series per server" "fs1
nolisten" "$(python3 "$prom" "$page" "$m" smbServerName | awk '{ print $1 }')"
done
polls=$(python3 "$prom" "$page" smbServerPolls smbServerName | awk '$1 == "fs1" { print $2 }')
check "smbServerPolls{smbServerName=fs1} counts the polls ($polls)" [ "${polls:-0}" -ge 1 ]
fails=$(python3 "$prom" "$page" smbServerPollFailures smbServerName | awk '$1 == "nolisten" { print $2 }')
check "smbServerPollFailures{smbServerName=nolisten} counts the failed polls ($fails)" [ "${fails:-0}" -ge 1 ]

# --- what stays out -------------------------------------------------------
leaked=$(printf '%s\n' "$samples" | grep -E 'Disconnect|RowStatus|Password|Secret' || true)
check_eq "no disconnect, RowStatus or secret series is exported" "" "$leaked"
walked=$(sed -n '/^  walk:/,/^  metrics:/p' "$contrib/snmp.yml" | sed -n 's/^  - //p')
# Each walked OID must be one read-only column: smbServerEntry.N or
# smbSessionEntry.N, N not a writable column.
_walk_ok() {
	local oid col
	[ -n "$walked" ] || return 1
	for oid in $walked; do
		case ".$oid" in
		"$NS_SERVER_ENTRY".*) col=${oid##*.}
			[ ".$oid" = "$NS_SERVER_ENTRY.$col" ] || return 1
			[ "$col" != $NS_SRV_DISC_USER ] && [ "$col" != $NS_SRV_DISC_CLIENT ] || return 1 ;;
		"$NS_SESSION_ENTRY".*) col=${oid##*.}
			[ ".$oid" = "$NS_SESSION_ENTRY.$col" ] || return 1
			[ "$col" != $NS_SES_STATUS ] || return 1 ;;
		*) return 1 ;;
		esac
	done
}
check "snmp.yml walks only read-only columns ($(echo $walked | wc -w) of them)" _walk_ok
check_eq "the exporter logged no error" "" \
	"$(grep -iE 'level=error|err=' "$SNMP_DIR/exporter/log" || true)"

kill -TERM "$EXPORTER_PID" 2>/dev/null
wait "$EXPORTER_PID" 2>/dev/null
check "netsessd is still running" nsd_alive
echo "run time: $((SECONDS - t0)) s"
finish
