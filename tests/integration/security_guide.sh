#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# docs/security.md, followed as an administrator would: the master agent is
# configured with the guide's own blocks (taken from the file, so the guide
# and this test cannot drift apart), netsessd runs as the netsessd user with
# a Samba service account made by the guide's commands, and each identity
# does what the guide's table says, checked with smbstatus before and after:
#   - nsdestroy (v3 authPriv) ends a row's sessions, and gets noAccess for
#     smbServerDisconnectUser and smbServerDisconnectClient, nothing ended;
#   - nsmonitor (v3 read-only) reads the tables and cannot destroy;
#   - nsoperator (v3) ends all of a user's sessions with
#     smbServerDisconnectUser, and a client's with smbServerDisconnectClient;
#   - the v2c monitoring community reads and cannot destroy;
#   - agentXPerms: the socket is netsessd's alone (nobody is refused);
#   - the audit lines: snmpd logs nsdestroy and the row it destroyed,
#     netsessd logs the NetSessionDel; no passphrase stays on disk.
# The only change made to the guide's text: its monitoring station
# 192.0.2.10 becomes 127.0.0.1, as the guide tells the reader to do.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/agent_test.sh
. "$here/lib/agent_test.sh" || exit 1

guide=$top_srcdir/docs/security.md

# shellcheck source=lib/docs.sh
. "$here/lib/docs.sh" || exit 1
guide_block() { doc_block "$guide" "security_guide.sh: $1"; }

users_conf=$(guide_block /var/lib/snmp/snmpd.conf) || fatal "the guide's createUser block"
access_conf=$(guide_block /etc/snmp/snmpd.conf.d/netsessd.conf) || fatal "the guide's snmpd.conf.d block"
samba_cmds=$(guide_block "standalone Samba") || fatal "the guide's standalone Samba commands"
manager_conf=$(guide_block "~/.snmp/snmp.conf") || fatal "the guide's manager snmp.conf"
access_conf=${access_conf//192.0.2.10/127.0.0.1}

# shellcheck source=lib/guide.sh
. "$here/lib/guide.sh" || exit 1
GUIDE_USERS=$users_conf
community=$(printf '%s\n' "$access_conf" | awk '$1 == "rocommunity" { print $2; exit }')
for u in nsdestroy nsoperator nsmonitor; do
	[ -n "$(guide_creds $u)" ] || fatal "the guide creates user $u"
done
[ -n "$community" ] || fatal "the guide has a read-only community"

guide_accounts

at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.3 nstest2" \
	"127.0.0.4 nstest3" "127.0.0.5 nstest3" "127.0.0.6 nstest2"

# --- the service account, as section 3 makes it -----------------------

guide_service_account "$samba_cmds"

# --- the master, as section 2 configures it ----------------------------

snmp_start || fatal "the private snmpd and snmptrapd start"
snmpd_stop
rm -rf "$SNMP_DIR/agentx"
mkdir -p "$SNMP_DIR/conf/snmpd.conf.d" || fatal "mkdir"
# Like Debian's snmpd.conf: the addresses (here the private ones), then
# every file of snmpd.conf.d.
cat >"$SNMP_DIR/conf/snmpd.conf" <<EOF
agentaddress udp:127.0.0.1:$SNMP_PORT
agentXSocket $SNMP_AGENTX
includeDir $SNMP_DIR/conf/snmpd.conf.d
EOF
printf '%s\n' "$access_conf" >"$SNMP_DIR/conf/snmpd.conf.d/netsessd.conf"
chmod 600 "$SNMP_DIR/conf/snmpd.conf.d/netsessd.conf"
printf '%s\n' "$users_conf" >>"$SNMP_PERSISTENT_DIR/snmpd.conf"
# As Debian starts it: its configuration files, then its persistent file
# (here both private; snmpd reads the persistent folder only when it is in
# SNMPCONFPATH).
SNMPCONFPATH=$SNMP_DIR/conf:$SNMP_PERSISTENT_DIR snmpd -f -r -Lf "$SNMPD_LOG" -p "$SNMP_DIR/snmpd.pid" -I -smux \
	</dev/null >>"$SNMP_DIR/snmpd.out" 2>&1 &
SNMPD_PID=$!
export SNMP_RW_COMMUNITY=$community SNMP_RO_COMMUNITY=$community
_up() { kill -0 "$SNMPD_PID" && snmp_ro snmpget -Oqv .1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; }
snmp_wait "snmpd with the guide's configuration" _up ||
	fatal "snmpd starts with the guide's configuration (see $SNMPD_LOG)"
pass "snmpd runs with the guide's configuration"

sock=${SNMP_AGENTX#unix:}
check_eq "agentXPerms: the AgentX socket is netsessd's, mode 600, its folder 755" \
	"netsessd 600 755" "$(stat -c '%U %a' "$sock") $(stat -c %a "${sock%/*}")"
chmod 0711 "$SNMP_DIR" || fatal "chmod $SNMP_DIR"
# _connect_as USER: python connects to the AgentX socket as USER.
_connect_as() {
	setpriv --reuid="$1" --regid="$(id -g "$1")" --clear-groups /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(sys.argv[1])
except PermissionError:
    sys.exit(3)
' "$sock"
}
_connect_as nobody
check_eq "agentXPerms: user nobody is refused (EACCES)" 3 "$?"
check "agentXPerms: user netsessd connects" _connect_as netsessd

# --- netsessd, as the netsessd user ------------------------------------

guide_netsessd_dir
nsd=$GUIDE_NSD
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<netsessd>'
	echo "  <agentx address=\"$SNMP_AGENTX\" ping-interval=\"$NSD_PING\"/>"
	guide_server_xml
	echo '</netsessd>'
} >"$nsd/netsessd.xml"
guide_netsessd_own
NETSESSD=$nsd/run nsd_start "$nsd/netsessd.xml" ||
	fatal "netsessd runs as netsessd with svc-netsessd and its tables answer"
pass "netsessd runs as user netsessd, polling Samba as svc-netsessd"
guide_running

# --- the identities ----------------------------------------------------

guide_manager "$manager_conf"
guide_identities "$community"

# --- the audit trail (section 4) --------------------------------------

# snmpd's log, one request per NUL-terminated record: from a "Connection
# from" line to the next (the tools here send one request at a time and
# wait for its answer), SETs only.
_audit_sets() {
	awk '/^Connection from/ { if (b != "") printf "%s%c", b, 0; b = "" }
		{ b = b $0 "\n" }
		END { printf "%s%c", b, 0 }' "$SNMPD_LOG" | grep -zF 'SET request complete'
}
# _audited USER VIEW OBJECT: a SET by USER that VIEW let through
# ("vn=VIEW, vt=1") and that set OBJECT.
_audited() {
	_audit_sets | grep -zF "secName=$1" | grep -zE "sn=$1, gn=[^,]*, vn=$2, vt=1" |
		grep -qzF "$3"
}
# _refused USER VIEW: a SET by USER that VIEW refused (no "vt=1"; VIEW is
# "none" for a group without a write view).
_refused() {
	_audit_sets | grep -zF "secName=$1" | grepq -zE "sn=$1, gn=[^,]*, vn=$2[[:space:]]"
}
check "snmpd's log: a SET by nsdestroy, allowed by view smbDestroy, of the destroyed row" \
	_audited nsdestroy smbDestroy 'smbSessionRowStatus.1."127.0.0.2"."nstest1"'
check "snmpd's log: a SET by nsdestroy refused by view smbDestroy" _refused nsdestroy smbDestroy
check "snmpd's log: a SET by nsoperator, allowed by view smbDisconnect, of smbServerDisconnectUser" \
	_audited nsoperator smbDisconnect 'smbServerDisconnectUser.1'
check "snmpd's log: a SET by nsmonitor refused (no write view: vn=none)" _refused nsmonitor none
# The same reading finds nothing where nothing happened.
_not() { ! "$@"; }
check "snmpd's log: no SET by nsoperator was refused" _not _refused nsoperator smbDisconnect
check "netsessd's log has the NetSessionDel of the destroy" \
	grep -qF 'NetSessionDel(client="127.0.0.2", user="nstest1"): NERR_Success' "$NSD_LOG"
check "netsessd's log has the NetSessionDel of the disconnect" \
	grep -qF 'NetSessionDel(client=any, user="nstest3"): NERR_Success' "$NSD_LOG"
at_no_secret_leaked

nsd_stop
snmpd_stop
persist=$(cat "$SNMP_PERSISTENT_DIR/snmpd.conf")
check "snmpd keeps keys, not the passphrases, in its persistent file" \
	lacks "$persist" 'CHANGE-ME'
check "... with a usmUser entry for each user" \
	[ "$(printf '%s\n' "$persist" | grep -c '^usmUser ')" -ge 3 ]
finish
