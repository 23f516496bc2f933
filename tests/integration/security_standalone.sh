#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# docs/security.md, section 5, followed as an administrator would: netsessd
# is an SNMP agent of its own (no snmpd), with the guide's access file and
# <snmp> line (taken from the guide, so the guide and this test cannot
# drift apart), run as the netsessd user, polling Samba with the service
# account the guide's section 3 makes; each identity does what the table
# of section 2.2 says, checked with smbstatus before and after:
#   - nsdestroy (v3 authPriv, the guide's ~/.snmp/snmp.conf) ends a row's
#     sessions, and gets noAccess for smbServerDisconnectUser/Client with
#     nothing ended;
#   - nsmonitor (v3, read-only) reads the tables and cannot destroy;
#   - the v2c community reads and cannot write anything;
#   - nsoperator (v3) ends a user's, a client's and a row's sessions;
#   - the audit (5.3): netsessd's log names the manager's address and the
#     user of each delete, smbSessionDeleted carries them, and a refused
#     SET reaches no server;
#   - the access file must be private; no pass phrase and no user is kept
#     in netsessd's persistent state.
# The only changes made to the guide's text: its monitoring station
# 192.0.2.10 becomes 127.0.0.1 (as the guide tells the reader to do), the
# notification port 162 and the listening address udp:0.0.0.0:1161 become
# the test's private ones (127.0.0.1 and free ports), and the files live in
# a private folder instead of /etc/netsessd.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
export NSD_MODE=standalone
# shellcheck source=lib/agent_test.sh
. "$here/lib/agent_test.sh" || exit 1

guide=$top_srcdir/docs/security.md

# shellcheck source=lib/docs.sh
. "$here/lib/docs.sh" || exit 1
guide_block() { doc_block "$guide" "$1"; }

access_conf=$(guide_block "security_standalone.sh: /etc/netsessd/snmp-access.conf") ||
	fatal "the guide's access file"
snmp_line=$(guide_block "security_standalone.sh: netsessd.xml") || fatal "the guide's <snmp> line"
samba_cmds=$(guide_block "security_guide.sh: standalone Samba") ||
	fatal "the guide's standalone Samba commands"
manager_conf=$(guide_block "security_guide.sh: ~/.snmp/snmp.conf") ||
	fatal "the guide's manager snmp.conf"

# createUser NAME AUTH "AUTHPASS" PRIV "PRIVPASS": the pass phrases, to act
# as each user.
creds() {
	printf '%s\n' "$access_conf" | awk -v u="$1" '$1 == "createUser" && $2 == u {
		gsub(/"/, ""); print $3, $4, $5, $6 }'
}
community=$(printf '%s\n' "$access_conf" | awk '$1 == "rocommunity" { print $2; exit }')
for u in nsdestroy nsoperator nsmonitor; do
	[ -n "$(creds $u)" ] || fatal "the guide creates user $u"
done
[ -n "$community" ] || fatal "the guide has a read-only community"
check "the guide gives no community write access" \
	eval '! printf "%s\n" "$access_conf" | grepq -E "^[[:space:]]*rwcommunity6?[[:space:]]"'

# The guide names its accounts (shared with security_guide.sh): one run
# of either at a time on a machine.
exec 8>/run/lock/netsessd-security_guide.lock || fatal "open the lock file"
flock 8 || fatal "lock /run/lock/netsessd-security_guide.lock"

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

# --- netsessd, as section 5 configures it --------------------------------

# snmptrapd accepts the guide's community (trap2sink of its access file).
SNMP_TRAP_COMMUNITY=$community
snmp_start || fatal "the private snmptrapd starts"
access_conf=${access_conf//192.0.2.10:162/127.0.0.1:$SNMP_TRAP_PORT}
access_conf=${access_conf//192.0.2.10/127.0.0.1}
nsd=$SNMP_DIR/nsd
mkdir -p "$nsd/persist" && cp "$top_builddir/agent/netsessd" "$top_builddir/agent/netsessd-rpc" \
	"$nsd/" || fatal "netsessd's programs"
install -m 600 /dev/null "$nsd/fs1.secret" && printf '%s\n' "$svc_pass" >"$nsd/fs1.secret"
# 5.1: the access file, netsessd's alone.
install -m 600 /dev/null "$nsd/snmp-access.conf" &&
	printf '%s\n' "$access_conf" >"$nsd/snmp-access.conf" || fatal "the access file"
snmp_line=${snmp_line//udp:0.0.0.0:1161/udp:127.0.0.1:$SNMP_PORT}
snmp_line=${snmp_line//\/etc\/netsessd\/snmp-access.conf/$nsd\/snmp-access.conf}
cat >"$nsd/run" <<EOF
#!/bin/sh
exec setpriv --reuid=netsessd --regid=netsessd --clear-groups \
	env SNMP_PERSISTENT_DIR=$nsd/persist $nsd/netsessd "\$@"
EOF
chmod 755 "$nsd/run"
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<netsessd>'
	echo "  $snmp_line"
	echo "  <server index=\"1\" name=\"fs1\" host=\"127.0.0.1\" port=\"$SAMBA_PORT\" poll-interval=\"1\" timeout=\"5\">"
	echo "    <credentials username=\"svc-netsessd\" password-file=\"$nsd/fs1.secret\"/>"
	echo '  </server>'
	echo '</netsessd>'
} >"$nsd/netsessd.xml"
chown -R netsessd:netsessd "$nsd" && chmod 700 "$nsd" || fatal "chown $nsd"
chmod 0711 "$SNMP_DIR" || fatal "chmod $SNMP_DIR"

# The access file must be private.
chmod 640 "$nsd/snmp-access.conf"
out=$(NETSESSD=$nsd/run nsd_check "$nsd/netsessd.xml")
check "a group-readable access file is refused by netsessd -n, with its name" \
	eval 'printf "%s\n" "$out" | grepq -F "$nsd/snmp-access.conf\" is accessible by group or others"'
chmod 600 "$nsd/snmp-access.conf"
out=$(NETSESSD=$nsd/run nsd_check "$nsd/netsessd.xml")
check_eq "the guide's configuration passes netsessd -n" "configuration OK" "$out"

export SNMP_RW_COMMUNITY=$community SNMP_RO_COMMUNITY=$community
NETSESSD=$nsd/run nsd_start "$nsd/netsessd.xml" ||
	fatal "netsessd runs as netsessd, an SNMP agent of its own, and its tables answer"
pass "netsessd runs as user netsessd, listening on udp:127.0.0.1:$SNMP_PORT, polling Samba as svc-netsessd"
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
mgr=$SNMP_DIR/manager
mkdir -p -m 0700 "$mgr" && (umask 077 && printf '%s\n' "$manager_conf" >"$mgr/snmp.conf") ||
	fatal "the manager's snmp.conf"
# as_manager TOOL ARGS...: the guide's ~/.snmp/snmp.conf (nsdestroy's),
# no user or pass phrase on the command line; the agent at its port.
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

# The rows and their session counts (the times move between two walks).
walk=$(snmp_ro snmpwalk -On "$NS_SESSION_ENTRY.$NS_SES_COUNT" 2>&1)
for id in as_destroy as_operator as_monitor; do
	check_eq "$id reads smbSessionTable's rows like the monitoring community" "$walk" \
		"$("$id" snmpwalk -On "$NS_SESSION_ENTRY.$NS_SES_COUNT" 2>&1)"
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

# 2. ... but may not disconnect a user or a client.
at_wait_polls 1 1
smbstatus_now "before nsdestroy writes smbServerDisconnectUser"
before=$(cat "$SNMP_DIR/groups")
counters=$(at_counters 1)
check "nsdestroy: smbServerDisconnectUser.1 = nstest3 is refused with noAccess" \
	snmp_set_expect noAccess as_destroy SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest3
check "nsdestroy: smbServerDisconnectClient.1 = 127.0.0.3 is refused with noAccess" \
	snmp_set_expect noAccess as_destroy SMB-SESSION-MIB::smbServerDisconnectClient.1 s 127.0.0.3
at_nothing_ended "nsdestroy's disconnects" "$before" "$counters"

# 3. nsmonitor cannot destroy.
before=$(samba_session_groups)
counters=$(at_counters 1)
check "nsmonitor: destroy(6) of (127.0.0.3, nstest2) is refused with noAccess" \
	snmp_set_expect noAccess as_monitor "$(row 127.0.0.3 nstest2)" i 6
check "nsmonitor: smbServerDisconnectUser.1 = nstest2 is refused with noAccess" \
	snmp_set_expect noAccess as_monitor SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest2
at_nothing_ended "nsmonitor's destroy" "$before" "$counters"

# 4. No v2c write.
before=$(samba_session_groups)
counters=$(at_counters 1)
check "v2c community $community: destroy(6) of (127.0.0.3, nstest2) is refused with noAccess" \
	snmp_set_expect noAccess snmp_ro "$(row 127.0.0.3 nstest2)" i 6
check "v2c community $community: smbServerDisconnectClient.1 = 127.0.0.3 is refused with noAccess" \
	snmp_set_expect noAccess snmp_ro SMB-SESSION-MIB::smbServerDisconnectClient.1 s 127.0.0.3
at_nothing_ended "the community's SETs" "$before" "$counters"

# 5. nsoperator disconnects a user, a client, and destroys a row.
smbstatus_now "before nsoperator writes smbServerDisconnectUser"
before=$(cat "$SNMP_DIR/groups")
check "nsoperator: smbServerDisconnectUser.1 = nstest3 answers noError" \
	snmp_set_expect noError as_operator SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest3
check "nsoperator: smbstatus shows no session of nstest3" at_wait_gone "" nstest3
smbstatus_now "after"
check_eq "nsoperator: every other session is still there" \
	"$(at_groups_without "" nstest3 "$before")" "$(cat "$SNMP_DIR/groups")"
before=$(cat "$SNMP_DIR/groups")
check "nsoperator: smbServerDisconnectClient.1 = 127.0.0.3 answers noError" \
	snmp_set_expect noError as_operator SMB-SESSION-MIB::smbServerDisconnectClient.1 s 127.0.0.3
check "nsoperator: smbstatus shows no session from 127.0.0.3" at_wait_gone 127.0.0.3 ""
smbstatus_now "after"
check_eq "nsoperator: every other session is still there" \
	"$(at_groups_without 127.0.0.3 "" "$before")" "$(cat "$SNMP_DIR/groups")"
before=$(cat "$SNMP_DIR/groups")
check "nsoperator: destroy(6) of (127.0.0.6, nstest2) answers noError" \
	snmp_set_expect noError as_operator "$(row 127.0.0.6 nstest2)" i 6
check "nsoperator: smbstatus shows no session of (127.0.0.6, nstest2)" at_wait_gone 127.0.0.6 nstest2
smbstatus_now "after"
check_eq "nsoperator: every other session is still there" \
	"$(at_groups_without 127.0.0.6 nstest2 "$before")" "$(cat "$SNMP_DIR/groups")"

# --- the audit (5.3) ---------------------------------------------------

_logged_by() {
	grep -F "$1" "$NSD_LOG" | grepq -E " by udp:127\\.0\\.0\\.1:[0-9]+ usm user=\"$2\"\$"
}
check "netsessd's log: nsdestroy's destroy, with the manager's address and user" \
	_logged_by 'NetSessionDel(client="127.0.0.2", user="nstest1"): NERR_Success' nsdestroy
check "netsessd's log: nsoperator's disconnect of nstest3, with the manager's address and user" \
	_logged_by 'NetSessionDel(client=any, user="nstest3"): NERR_Success' nsoperator
check "netsessd's log: no delete for a refused SET (nstest2 by nsmonitor, 127.0.0.3 by nsdestroy)" \
	eval '! grep -qF -e "NetSessionDel(client=any, user=\"nstest2\")" -e "nsmonitor" "$NSD_LOG"'
_trap_by() {
	at_deleted_traps | grepq -xF "$(at_deleted_trap fs1 "$1" "$2" 0 usm "$3")"
}
check "smbSessionDeleted of nsdestroy's destroy names udp:127.0.0.1, model 3 (USM), nsdestroy" \
	snmp_wait "nsdestroy's smbSessionDeleted" _trap_by 127.0.0.2 nstest1 nsdestroy
check "smbSessionDeleted of nsoperator's disconnect names nsoperator" \
	snmp_wait "nsoperator's smbSessionDeleted" _trap_by "" nstest3 nsoperator
check "no community and no pass phrase in netsessd's log" \
	eval '! grep -qF -e "$community" -e CHANGE-ME "$NSD_LOG"'
at_no_secret_leaked

nsd_stop
check "netsessd's persistent state keeps no pass phrase" \
	eval '! grep -rqF CHANGE-ME "$nsd/persist"'
check "... and no user: the access file is the only list of users" \
	eval '! grep -rqE "^(usmUser|createUser)" "$nsd/persist"'
check_eq "... its file is netsessd's, mode 600" "netsessd 600" \
	"$(stat -c '%U %a' "$nsd/persist/netsessd.conf")"
finish
