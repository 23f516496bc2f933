#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# contrib/zabbix/netsessd_snmp.yaml in a real Zabbix 6.0 (Debian 12's
# zabbix-server-pgsql and zabbix-frontend-php, a private PostgreSQL:
# lib/zabbix.sh), polling the real snmpd + netsessd + Samba:
# - configuration.import of the template through the API succeeds and
#   creates its 2 discovery rules, 12 item prototypes, 3 trigger prototypes
#   and the value map;
# - a host with an SNMPv2 interface on the test snmpd, linked to the
#   template, gets one set of server items per smbServerTable row and one
#   set of session items per (client, user), named with the decoded client
#   and user; twice: with the server's Net-SNMP library as Debian ships it
#   (no MIB loaded: numeric indexes) and with SMB-SESSION-MIB loaded
#   (indexes with quoted names), both forms that the template decodes;
# - the values Zabbix collected match: session counts per (client, user)
#   equal smbstatus, smbServerStatus is ok(2) for the working server and
#   unreachable(3) for the other, whose smbServerLastPollAge is 4294967295;
# - the status and staleness triggers are in problem state for the
#   unreachable server only.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/agent_test.sh
. "$here/lib/agent_test.sh" || exit 1
# shellcheck source=lib/zabbix.sh
. "$here/lib/zabbix.sh" || exit 1

template=$top_srcdir/contrib/zabbix/netsessd_snmp.yaml
TPL='netsessd SMB sessions by SNMP'
PYTHON=${PYTHON:-/usr/bin/python3}
t0=$SECONDS

at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.2 nstest2" \
	"127.0.0.3 nstest1" "127.0.0.4 nstest3"
snmp_start || fatal "the private snmpd and snmptrapd start"
# Server 2: nothing listens (not a wrong password, whose failed logons show
# in smbstatus for a moment as anonymous sessions).
at_closed_port
closed_port=$CLOSED_PORT
{
	at_fs1_xml 1 fs1
	nsd_server_xml 2 nolisten 127.0.0.1 "$closed_port" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS"
} >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"

t1=$SECONDS
zbx_start || fatal "a private Zabbix server with its API starts"
pass "Zabbix $(ZBX_AUTH= zbx_api apiinfo.version '{}' | tr -d '"') runs: server, PostgreSQL and API ($((SECONDS - t1)) s)"

# json EXPR: evaluate EXPR in Python with "r" the JSON read from stdin.
json() {
	"$PYTHON" -c 'import json, sys; r = json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

# --- import --------------------------------------------------------------
src=$("$PYTHON" -c 'import json, sys; print(json.dumps(open(sys.argv[1]).read()))' "$template")
rules='{"templates": {"createMissing": true, "updateExisting": true},
	"groups": {"createMissing": true},
	"discoveryRules": {"createMissing": true, "updateExisting": true},
	"items": {"createMissing": true, "updateExisting": true},
	"triggers": {"createMissing": true, "updateExisting": true},
	"valueMaps": {"createMissing": true, "updateExisting": true},
	"templateLinkage": {"createMissing": true}}'
if out=$(zbx_api configuration.import "{\"format\": \"yaml\", \"source\": $src, \"rules\": $rules}" 2>&1) &&
	[ "$out" = true ]; then
	pass "configuration.import of contrib/zabbix/netsessd_snmp.yaml succeeds"
else
	fatal "configuration.import of the template: $out"
fi
tplid=$(zbx_api template.get "{\"output\": [\"templateid\"], \"filter\": {\"host\": [\"$TPL\"]}}" |
	json 'r[0]["templateid"]') || fatal "the imported template is found"
check_eq "the template has 2 discovery rules, 12 item prototypes, 3 trigger prototypes, 1 value map" \
	"2 12 3 1" "$(zbx_api discoveryrule.get "{\"templateids\": [\"$tplid\"], \"countOutput\": true}" | tr -d '"') $(
		zbx_api itemprototype.get "{\"templateids\": [\"$tplid\"], \"countOutput\": true}" | tr -d '"') $(
		zbx_api triggerprototype.get "{\"templateids\": [\"$tplid\"], \"countOutput\": true}" | tr -d '"') $(
		zbx_api valuemap.get "{\"hostids\": [\"$tplid\"], \"countOutput\": true}" | tr -d '"')"

# --- a host, polled ----------------------------------------------------
groupid=$(zbx_api hostgroup.create '{"name": "netsessd test"}' | json 'r["groupids"][0]') ||
	fatal "a host group is created"

# verify_host NAME LABEL: create host NAME on the test snmpd with the
# template, let Zabbix discover and poll it, and check what it collected.
verify_host() {
	local host=$1 label=$2 hostid ruleids all got age deadline next_task want_rows id
	# The item intervals come down to seconds through the template's macros;
	# the discovery rules are run at once below.
	hostid=$(zbx_api host.create "{
		\"host\": \"$host\",
		\"groups\": [{\"groupid\": \"$groupid\"}],
		\"interfaces\": [{\"type\": 2, \"main\": 1, \"useip\": 1, \"ip\": \"127.0.0.1\", \"dns\": \"\",
			\"port\": \"$SNMP_PORT\",
			\"details\": {\"version\": 2, \"bulk\": 1, \"community\": \"{\$SNMP_COMMUNITY}\"}}],
		\"templates\": [{\"templateid\": \"$tplid\"}],
		\"macros\": [
			{\"macro\": \"{\$SNMP_COMMUNITY}\", \"value\": \"$SNMP_RO_COMMUNITY\"},
			{\"macro\": \"{\$SMB.SERVER.INTERVAL}\", \"value\": \"5s\"},
			{\"macro\": \"{\$SMB.SESSION.INTERVAL}\", \"value\": \"5s\"}]}" | json 'r["hostids"][0]') || {
		fail "$label: host.create with an SNMP interface on the test snmpd, linked to the template"
		return
	}
	pass "$label: host $host polls udp:127.0.0.1:$SNMP_PORT with the template linked"

	ruleids=$(zbx_api discoveryrule.get "{\"hostids\": [\"$hostid\"], \"output\": [\"itemid\"]}" |
		json '" ".join(x["itemid"] for x in r)')
	check_eq "$label: the host has the template's 2 discovery rules" 2 "$(echo $ruleids | wc -w)"

	# items: discovered items, "KEY<TAB>NAME<TAB>LASTCLOCK<TAB>LASTVALUE".
	items() {
		zbx_api item.get "{\"hostids\": [\"$hostid\"], \"output\": [\"key_\", \"name\", \"lastclock\", \"lastvalue\"],
			\"filter\": {\"flags\": 4}}" |
			json '"\n".join("\t".join((x["key_"], x["name"], x["lastclock"], x["lastvalue"])) for x in r)'
	}
	# ready: both servers and every session row have items, all with a value.
	want_rows=$(snmp_session_rows | grep -c .)
	_ready() {
		local a
		a=$(items) || return 1
		[ "$(printf '%s\n' "$a" | grep -c '^smb\.server\.status\[')" = 2 ] || return 1
		[ "$(printf '%s\n' "$a" | grep -c '^smb\.session\.count\[')" = "$want_rows" ] || return 1
		! printf '%s\n' "$a" | awk -F'\t' '$3 == "0"' | grepq .
	}
	# "Execute now" (task type 6) for the discovery rules, again every few
	# seconds until the configuration cache knows the host.
	deadline=$((SECONDS + ZBX_TIMEOUT))
	next_task=0
	until _ready; do
		if ((SECONDS >= deadline)); then
			fail "$label: Zabbix discovers the servers and sessions and collects their values within ${ZBX_TIMEOUT}s"
			show "$(items)"
			show "$(tail -n 20 "$ZBX_DIR/zabbix_server.log")"
			return
		fi
		if ((SECONDS >= next_task)); then
			for id in $ruleids; do
				zbx_api task.create "{\"type\": 6, \"request\": {\"itemid\": \"$id\"}}" >/dev/null 2>&1
			done
			next_task=$((SECONDS + 5))
		fi
		sleep 1
	done
	all=$(items)
	pass "$label: 2 servers and $want_rows session rows discovered, every item collected ($(printf '%s\n' "$all" | grep -c .) items)"
	echo "    e.g. $(printf '%s\n' "$all" | grep '^smb\.session\.count\[' | head -n 1 | cut -f 1,2)"

	got=$(printf '%s\n' "$all" | awk -F'\t' '$1 ~ /^smb\.session\.count\[/ { print $2 "\t" $4 }' |
		sed -n 's/^SMB session \(.*\) from \(.*\) on server 1: sessions\t\(.*\)$/\2 \1 \3/p' |
		sed 's/^\([^ ]*\)  /\1 - /' | LC_ALL=C sort)
	check_eq "$label: session items, named with the decoded client and user, hold the counts of smbstatus" \
		"$(samba_session_groups)" "$got"
	check_eq "$label: each session row has its count, opens, time and idle time items" \
		"$want_rows $want_rows $want_rows $want_rows" \
		"$(for k in count opens time idletime; do printf '%s\n' "$all" | grep -c "^smb\.session\.$k\["; done | paste -sd ' ')"

	value() { # value KEY_PREFIX SERVER_NAME
		printf '%s\n' "$all" | awk -F'\t' -v k="$1" -v n="SMB server $2:" \
			'index($1, k "[") == 1 && index($2, n) == 1 { print $4 }'
	}
	check_eq "$label: fs1's smbServerStatus is ok(2), nolisten's unreachable(3)" "2 3" \
		"$(value smb.server.status fs1) $(value smb.server.status nolisten)"
	check_eq "$label: fs1's smbServerSessions is the number of sessions smbstatus shows" \
		"$(samba_session_count)" "$(value smb.server.sessions fs1)"
	check_eq "$label: nolisten's smbServerLastPollAge is 4294967295 (never polled)" 4294967295 \
		"$(value smb.server.lastpollage nolisten)"
	age=$(value smb.server.lastpollage fs1)
	check "$label: fs1's smbServerLastPollAge is a real age ($age)" [ "${age:-4294967295}" -lt 4294967295 ]

	problems() {
		zbx_api trigger.get "{\"hostids\": [\"$hostid\"], \"output\": [\"description\"],
			\"expandDescription\": true, \"filter\": {\"value\": 1}}" |
			json '"\n".join(sorted(x["description"] for x in r))'
	}
	want_problems="SMB server nolisten: netsessd cannot poll it (unreachable (3))
SMB server nolisten: session data older than 300 s"
	_problems_are() { [ "$(problems)" = "$want_problems" ]; }
	_zbx_wait "the triggers of server nolisten" _problems_are
	check_eq "$label: the status and staleness triggers fire for nolisten, none for fs1" \
		"$want_problems" "$(problems)"
}

echo "smbstatus:"
samba_sessions | sed 's/^/    /'
verify_host netsessd-plain "no MIB in Zabbix's Net-SNMP"

zbx_server_stop
zbx_server_launch "$MIBDIRS" +SMB-SESSION-MIB || fatal "zabbix_server starts again, with SMB-SESSION-MIB loaded"
verify_host netsessd-mib "SMB-SESSION-MIB loaded in Zabbix's Net-SNMP"

zbx_stop
check "netsessd is still running" nsd_alive
echo "run time: $((SECONDS - t0)) s"
finish
