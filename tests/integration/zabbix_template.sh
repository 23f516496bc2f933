#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# contrib/zabbix/netsessd_snmp.yaml, the Zabbix 6.0 template:
# - it parses as a Zabbix 6.0 export; uuids, keys, LLD macros, user macros,
#   value maps and trigger references are consistent
#   (lib/check_zabbix_template.py lint);
# - every OID it reads resolves, with Net-SNMP's snmptranslate and the
#   project's MIB, to a read-only object of SMB-SESSION-MIB, and each item
#   key reads the object its name promises (no writable column, no
#   disconnect column, nothing outside the MIB);
# - the JavaScript step of the session discovery, run by zabbix_js (the
#   Zabbix server's own JavaScript engine), decodes the string indexes into
#   {#SMBSERVERINDEX}, {#SMBCLIENT} and {#SMBUSER}, in both forms a Zabbix
#   server gives them (numeric, or quoted when its Net-SNMP has the MIB
#   loaded), UTF-8, empty and escaped names included.
# tests/integration/zabbix_server.sh imports the template into a running
# Zabbix server and lets it poll the real agent.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
template=$top_srcdir/contrib/zabbix/netsessd_snmp.yaml
checker=$here/lib/check_zabbix_template.py
# Debian's Python, where python3-yaml installs.
PYTHON=${PYTHON:-/usr/bin/python3}

. "$here/../checks.sh"

for p in snmptranslate zabbix_js; do
	command -v "$p" >/dev/null 2>&1 || fail "$p is installed (apt-get install snmp zabbix-server-pgsql)"
done
"$PYTHON" -c 'import yaml' 2>/dev/null || fail "$PYTHON can import yaml (apt-get install python3-yaml)"
[ "$failed" -eq 0 ] || finish

work=$(mktemp -d "${TMPDIR:-/tmp}/zabbix-tpl.XXXXXX") || { fail mktemp; finish; }
trap 'rm -rf "$work"' EXIT

# --- structure ---------------------------------------------------------------
if out=$("$PYTHON" "$checker" "$template" lint 2>&1); then
	pass "the template is a consistent Zabbix 6.0 export ($(printf '%s\n' "$out" | grep -c '^ok:') checks)"
else
	fail "the template's structure"
	show "$(printf '%s\n' "$out" | grep -v '^ok:')"
fi

# --- OIDs against the MIB ----------------------------------------------------
dirs=$(top_srcdir=$top_srcdir bash "$here/mibdirs.sh") || {
	fail "no MIB search path (mibdirs.sh)"
	finish
}
mkdir -p "$work/conf" "$work/persist/cert_indexes"
unset MIBS MIBDIRS MIBFILES
translate() {
	SNMPCONFPATH=$work/conf SNMP_PERSISTENT_DIR=$work/persist \
		snmptranslate -M "$dirs" -m SMB-SESSION-MIB "$@"
}

oids=$("$PYTHON" "$checker" "$template" oids) || fail "the template's OIDs can be listed"
n=$(printf '%s\n' "$oids" | grep -c .)
check_eq "the template reads 15 OIDs (2 + 1 discovery walks, 8 server and 4 session items)" 15 "$n"

# What each key must read.
expected() {
	case $1 in
	smb.server.discovery#\{#SMBSERVER\}) echo smbServerName ;;
	smb.server.discovery#\{#SMBADDRESS\}) echo smbServerAddress ;;
	smb.server.status\[*) echo smbServerStatus ;;
	smb.server.lasterror\[*) echo smbServerLastError ;;
	smb.server.sessions\[*) echo smbServerSessions ;;
	smb.server.polls\[*) echo smbServerPolls ;;
	smb.server.poll.failures\[*) echo smbServerPollFailures ;;
	smb.server.deletes\[*) echo smbServerDeletes ;;
	smb.server.delete.failures\[*) echo smbServerDeleteFailures ;;
	smb.server.lastpollage\[*) echo smbServerLastPollAge ;;
	smb.session.discovery#\{#SMBCOUNT\}) echo smbSessionCount ;;
	smb.session.count\[*) echo smbSessionCount ;;
	smb.session.opens\[*) echo smbSessionOpens ;;
	smb.session.time\[*) echo smbSessionTime ;;
	smb.session.idletime\[*) echo smbSessionIdleTime ;;
	*) echo "(a key this test does not know)" ;;
	esac
}

while read -r key oid; do
	[ -n "$key" ] || continue
	want=$(expected "$key")
	name=$(translate -OS ".$oid" 2>"$work/err")
	back=$(translate -On "$name" 2>>"$work/err")
	access=$(translate -Td "$name" 2>>"$work/err" | sed -n 's/^ *MAX-ACCESS[[:space:]]*//p')
	if [ "$name" = "SMB-SESSION-MIB::$want" ] && [ "$back" = ".$oid" ] &&
		[ "$access" = read-only ] && [ ! -s "$work/err" ]; then
		pass "$key reads $oid = $name (read-only)"
	else
		fail "$key reads $oid: expected SMB-SESSION-MIB::$want, read-only; got '$name' ($access), back to '$back'"
		show "$(cat "$work/err")"
	fi
done <<<"$oids"

# The same check catches an OID outside the MIB or on a writable column.
bad=$(translate -OS .1.3.6.1.4.1.8072.9999.9999.445.1.1.1.12 2>/dev/null)
access=$(translate -Td "$bad" 2>/dev/null | sed -n 's/^ *MAX-ACCESS[[:space:]]*//p')
check_eq "(the check sees smbServerDisconnectUser as read-write)" \
	"SMB-SESSION-MIB::smbServerDisconnectUser read-write" "$bad $access"
bad=$(translate -OS .1.3.6.1.4.1.8072.9999.9999.445.1.1.1.99 2>/dev/null)
check_eq "(the check sees a column the MIB lacks as no object of it)" \
	"SMB-SESSION-MIB::smbServerEntry.99" "$bad"

# --- the session discovery's JavaScript ---------------------------------------
js=$("$PYTHON" "$checker" "$template" js smb.session.discovery) ||
	fail "the session discovery has a JavaScript step"
printf '%s\n' "$js" >"$work/step.js"
# str_oid STRING: a non-IMPLIED string index, length then octets (UTF-8).
str_oid() {
	printf '%s' "$1" | od -An -tu1 -v | tr -s ' \n' '..' | sed 's/^\.//; s/\.$//' |
		awk -v n="$(printf '%s' "$1" | wc -c)" '{ print ($0 == "" ? n : n "." $0) }'
}
idx1="1.$(str_oid 10.0.0.5).$(str_oid bob)"
idx2="3.$(str_oid 127.0.0.2).$(str_oid 'jürgen')"
idx3="65535.$(str_oid 10.0.0.7).0"
# Net-SNMP's form when the MIB is loaded: printable names quoted, '"' and
# '\' escaped with a backslash.
idx4='2."10.0.0.9"."bob"'
idx5='4."host-a"."o\"neil\\x"'
idx6='5."10.0.0.9".""'
"$PYTHON" - "$idx1" "$idx2" "$idx3" "$idx4" "$idx5" "$idx6" >"$work/in.json" <<'PY'
import json, sys
print(json.dumps([{"{#SNMPINDEX}": i, "{#SMBCOUNT}": str(n)} for n, i in enumerate(sys.argv[1:], 1)]))
PY
if out=$(zabbix_js -s "$work/step.js" -i "$work/in.json" 2>&1); then
	got=$(printf '%s\n' "$out" | "$PYTHON" -c '
import json, sys
for r in json.load(sys.stdin):
    print(r["{#SMBSERVERINDEX}"], r["{#SMBCLIENT}"], "[" + r["{#SMBUSER}"] + "]", r["{#SMBCOUNT}"])' 2>&1)
else
	got="zabbix_js failed: $out"
fi
check_eq "zabbix_js: the step decodes server, client and user from {#SNMPINDEX}, numeric and quoted" \
	"1 10.0.0.5 [bob] 1
3 127.0.0.2 [jürgen] 2
65535 10.0.0.7 [] 3
2 10.0.0.9 [bob] 4
4 host-a [o\"neil\\x] 5
5 10.0.0.9 [] 6" "$got"

finish
