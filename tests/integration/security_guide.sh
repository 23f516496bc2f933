#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# docs/security.md, followed as an administrator would: the master agent is
# configured with the guide's own blocks (taken from the file, so the guide
# and this test cannot drift apart), netsessd runs as the netsessd user with
# a Samba service account made by the guide's commands, and each identity
# does what the guide's table says, checked with smbstatus before and after:
#   - nsdestroy (v3 authPriv) ends a row's sessions, and gets noAccess for
#     smbServerDisconnectUser with nothing ended;
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

# createUser NAME AUTH "AUTHPASS" PRIV "PRIVPASS": the passphrases, to act
# as each user.
creds() {
	printf '%s\n' "$users_conf" | awk -v u="$1" '$1 == "createUser" && $2 == u {
		gsub(/"/, ""); print $3, $4, $5, $6 }'
}
community=$(printf '%s\n' "$access_conf" | awk '$1 == "rocommunity" { print $2; exit }')
for u in nsdestroy nsoperator nsmonitor; do
	[ -n "$(creds $u)" ] || fatal "the guide creates user $u"
done
[ -n "$community" ] || fatal "the guide has a read-only community"

# The guide names its accounts, so two runs on one machine (two checkouts)
# would share them: one at a time.
exec 8>/run/lock/netsessd-security_guide.lock || fatal "open the lock file"
flock 8 || fatal "lock /run/lock/netsessd-security_guide.lock"

# The accounts the guide assumes: netsessd (made by the package) and the
# Samba service account svc-netsessd with its group.  Made here when
# missing, removed again at the end.
made_users=
cleanup_accounts() {
	local a
	for a in $made_users; do
		case $a in
		group:*) groupdel "${a#group:}" 2>/dev/null ;;
		*) userdel "$a" 2>/dev/null ;;
		esac
	done
}
trap cleanup_accounts EXIT
getent group netsess-admins >/dev/null && fatal "group netsess-admins exists already: remove it first"
if ! getent passwd svc-netsessd >/dev/null; then
	useradd -M -d /nonexistent -s /usr/sbin/nologin svc-netsessd || fatal "useradd svc-netsessd"
	made_users="$made_users svc-netsessd"
fi
if ! getent passwd netsessd >/dev/null; then
	useradd --system -U -M -d /nonexistent -s /usr/sbin/nologin netsessd ||
		fatal "useradd netsessd"
	made_users="$made_users netsessd group:netsessd"
fi
made_users="$made_users group:netsess-admins"

at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.3 nstest2" \
	"127.0.0.4 nstest3" "127.0.0.5 nstest3" "127.0.0.6 nstest2"

# --- the service account, as section 3 makes it -----------------------

svc_pass=Svc-Netsessd-Pass-1
printf '%s\n%s\n' "$svc_pass" "$svc_pass" | smbpasswd -c "$SAMBA_CONF" -s -a svc-netsessd >/dev/null ||
	fatal "smbpasswd -a svc-netsessd"
# The guide's commands run as they are; Samba's tools find the private
# server's smb.conf through these stand-ins.
shim=$SAMBA_DIR/guide-bin
mkdir -p "$shim" || fatal "mkdir $shim"
printf '#!/bin/sh\nexec %s -s "%s" "$@"\n' "$(command -v net)" "$SAMBA_CONF" >"$shim/net"
printf '#!/bin/sh\nexec %s "$@" "%s"\n' "$(command -v testparm)" "$SAMBA_CONF" >"$shim/testparm"
chmod 755 "$shim/net" "$shim/testparm"
if out=$(PATH=$shim:$PATH bash -e -c "$samba_cmds" 2>&1); then
	pass "the guide's standalone Samba commands run"
else
	fail "the guide's standalone Samba commands"
	show "$out"
fi

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

nsd=$SNMP_DIR/nsd
mkdir -p "$nsd/persist" && cp "$top_builddir/agent/netsessd" "$top_builddir/agent/netsessd-rpc" \
	"$nsd/" || fatal "netsessd's programs"
# The schema of this tree, when lib/snmp.sh says netsessd reads one.
schema=
if [ -n "${NSD_SCHEMA:-}" ] && [ -r "$NSD_SCHEMA" ]; then
	cp "$NSD_SCHEMA" "$nsd/" || fatal "the schema"
	schema=$nsd/${NSD_SCHEMA##*/}
fi
install -m 600 /dev/null "$nsd/fs1.secret" && printf '%s\n' "$svc_pass" >"$nsd/fs1.secret"
cat >"$nsd/run" <<EOF
#!/bin/sh
exec setpriv --reuid=netsessd --regid=netsessd --clear-groups \
	env SNMP_PERSISTENT_DIR=$nsd/persist $nsd/netsessd "\$@"
EOF
chmod 755 "$nsd/run"
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<netsessd>'
	echo "  <agentx address=\"$SNMP_AGENTX\" ping-interval=\"$NSD_PING\"/>"
	echo "  <server index=\"1\" name=\"fs1\" host=\"127.0.0.1\" port=\"$SAMBA_PORT\" poll-interval=\"1\" timeout=\"5\">"
	echo "    <credentials username=\"svc-netsessd\" password-file=\"$nsd/fs1.secret\"/>"
	echo '  </server>'
	echo '</netsessd>'
} >"$nsd/netsessd.xml"
chown -R netsessd:netsessd "$nsd" && chmod 700 "$nsd" || fatal "chown $nsd"
NETSESSD=$nsd/run NSD_SCHEMA=$schema nsd_start "$nsd/netsessd.xml" ||
	fatal "netsessd runs as netsessd with svc-netsessd and its tables answer"
pass "netsessd runs as user netsessd, polling Samba as svc-netsessd"
check_eq "netsessd's process belongs to netsessd" netsessd "$(ps -o user= -p "$NSD_PID" | tr -d ' ')"
check_eq "svc-netsessd may enumerate: smbServerStatus ok(2)" $NS_ST_OK \
	"$(snmp_server_get 1 $NS_SRV_STATUS)"

# --- the identities ----------------------------------------------------

# as USER TOOL ARGS...: a Net-SNMP tool as a v3 user of the guide.
as() {
	local user=$1 tool=$2 a ap x xp
	local -a opts=()
	shift 2
	read -r a ap x xp <<<"$(creds "$user")"
	while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
		opts+=("$1")
		shift
	done
	"$tool" -v3 -l authPriv -u "$user" -a "$a" -A "$ap" -x "$x" -X "$xp" -t 20 -r 0 \
		"${opts[@]}" "udp:127.0.0.1:$SNMP_PORT" "$@"
}
as_destroy() { as nsdestroy "$@"; }
# as_manager TOOL ARGS...: the guide's manager setup, its ~/.snmp/snmp.conf
# (nsdestroy's), with no user or passphrase on the command line.
mgr=$SNMP_DIR/manager
mkdir -p -m 0700 "$mgr" && (umask 077 && printf '%s\n' "$manager_conf" >"$mgr/snmp.conf") ||
	fatal "the manager's snmp.conf"
as_manager() {
	local tool=$1
	local -a opts=()
	shift
	while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
		opts+=("$1")
		shift
	done
	SNMPCONFPATH=$mgr "$tool" -t 20 -r 0 "${opts[@]}" "udp:127.0.0.1:$SNMP_PORT" "$@"
}
as_operator() { as nsoperator "$@"; }
as_monitor() { as nsmonitor "$@"; }

row() { printf 'SMB-SESSION-MIB::smbSessionRowStatus.1."%s"."%s"' "$1" "$2"; }
smbstatus_now() {
	local s
	s=$(samba_session_groups) || return 1
	echo "    smbstatus ($1):"
	show "$s"
	printf '%s\n' "$s" >"$SNMP_DIR/groups"
}

# Reads: each identity walks the same table.
walk=$(snmp_ro snmpwalk -On "$NS_SESSION_ENTRY" 2>&1)
for id in as_destroy as_operator as_monitor; do
	check_eq "$id reads smbSessionTable like the monitoring community" "$walk" \
		"$("$id" snmpwalk -On "$NS_SESSION_ENTRY" 2>&1)"
done
at_table_matches_smbstatus "the table matches smbstatus"

# 1. nsdestroy destroys a row.
smbstatus_now "before nsdestroy's destroy"
before=$(cat "$SNMP_DIR/groups")
check "nsdestroy (the guide's ~/.snmp/snmp.conf): destroy(6) of (127.0.0.2, nstest1) answers noError" \
	snmp_set_expect noError as_manager "$(row 127.0.0.2 nstest1)" i 6
check "nsdestroy: smbstatus shows no session of (127.0.0.2, nstest1)" at_wait_gone 127.0.0.2 nstest1
smbstatus_now "after"
check_eq "nsdestroy: every other session is still there" \
	"$(at_groups_without 127.0.0.2 nstest1 "$before")" "$(cat "$SNMP_DIR/groups")"

# 2. ... but may not disconnect a user.
at_wait_polls 1 1
smbstatus_now "before nsdestroy writes smbServerDisconnectUser"
before=$(cat "$SNMP_DIR/groups")
counters=$(at_counters 1)
check "nsdestroy: smbServerDisconnectUser.1 = nstest3 is refused with noAccess" \
	snmp_set_expect noAccess as_destroy SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest3
check "nsdestroy: smbServerDisconnectClient.1 = 127.0.0.3 is refused with noAccess" \
	snmp_set_expect noAccess as_destroy SMB-SESSION-MIB::smbServerDisconnectClient.1 s 127.0.0.3
at_nothing_ended "nsdestroy's smbServerDisconnectUser" "$before" "$counters"
smbstatus_now "after"

# 3. nsmonitor cannot destroy.
smbstatus_now "before nsmonitor's destroy"
before=$(cat "$SNMP_DIR/groups")
counters=$(at_counters 1)
check "nsmonitor: destroy(6) of (127.0.0.3, nstest2) is refused with noAccess" \
	snmp_set_expect noAccess as_monitor "$(row 127.0.0.3 nstest2)" i 6
check "nsmonitor: smbServerDisconnectUser.1 = nstest2 is refused with noAccess" \
	snmp_set_expect noAccess as_monitor SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest2
at_nothing_ended "nsmonitor's destroy" "$before" "$counters"
smbstatus_now "after"

# 4. The v2c monitoring community cannot destroy.
smbstatus_now "before the community's destroy"
before=$(cat "$SNMP_DIR/groups")
counters=$(at_counters 1)
check "v2c community $community: destroy(6) of (127.0.0.3, nstest2) is refused with noAccess" \
	snmp_set_expect noAccess snmp_ro "$(row 127.0.0.3 nstest2)" i 6
check "v2c community $community: smbServerDisconnectClient.1 = 127.0.0.3 is refused with noAccess" \
	snmp_set_expect noAccess snmp_ro SMB-SESSION-MIB::smbServerDisconnectClient.1 s 127.0.0.3
at_nothing_ended "the community's destroy" "$before" "$counters"
smbstatus_now "after"

# 5. nsoperator disconnects a user.
smbstatus_now "before nsoperator writes smbServerDisconnectUser"
before=$(cat "$SNMP_DIR/groups")
check "nsoperator: smbServerDisconnectUser.1 = nstest3 answers noError" \
	snmp_set_expect noError as_operator SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest3
check "nsoperator: smbstatus shows no session of nstest3" at_wait_gone "" nstest3
smbstatus_now "after"
check_eq "nsoperator: every other session is still there" \
	"$(at_groups_without "" nstest3 "$before")" "$(cat "$SNMP_DIR/groups")"

# 6. ... and a client.
smbstatus_now "before nsoperator writes smbServerDisconnectClient"
before=$(cat "$SNMP_DIR/groups")
check "nsoperator: smbServerDisconnectClient.1 = 127.0.0.3 answers noError" \
	snmp_set_expect noError as_operator SMB-SESSION-MIB::smbServerDisconnectClient.1 s 127.0.0.3
check "nsoperator: smbstatus shows no session from 127.0.0.3" at_wait_gone 127.0.0.3 ""
smbstatus_now "after"
check_eq "nsoperator: every other session is still there" \
	"$(at_groups_without 127.0.0.3 "" "$before")" "$(cat "$SNMP_DIR/groups")"

# 7. ... and a row.
smbstatus_now "before nsoperator's destroy"
before=$(cat "$SNMP_DIR/groups")
check "nsoperator: destroy(6) of (127.0.0.6, nstest2) answers noError" \
	snmp_set_expect noError as_operator "$(row 127.0.0.6 nstest2)" i 6
check "nsoperator: smbstatus shows no session of (127.0.0.6, nstest2)" at_wait_gone 127.0.0.6 nstest2
smbstatus_now "after"
check_eq "nsoperator: every other session is still there" \
	"$(at_groups_without 127.0.0.6 nstest2 "$before")" "$(cat "$SNMP_DIR/groups")"

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
