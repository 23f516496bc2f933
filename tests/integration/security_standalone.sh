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

# shellcheck source=lib/guide.sh
. "$here/lib/guide.sh" || exit 1
GUIDE_USERS=$access_conf
community=$(printf '%s\n' "$access_conf" | awk '$1 == "rocommunity" { print $2; exit }')
for u in nsdestroy nsoperator nsmonitor; do
	[ -n "$(guide_creds $u)" ] || fatal "the guide creates user $u"
done
[ -n "$community" ] || fatal "the guide has a read-only community"
check "the guide gives no community write access" \
	eval '! printf "%s\n" "$access_conf" | grepq -E "^[[:space:]]*rwcommunity6?[[:space:]]"'

guide_accounts

at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.3 nstest2" \
	"127.0.0.4 nstest3" "127.0.0.5 nstest3" "127.0.0.6 nstest2"

# --- the service account, as section 3 makes it -----------------------

guide_service_account "$samba_cmds"

# --- netsessd, as section 5 configures it --------------------------------

# snmptrapd accepts the guide's community (trap2sink of its access file).
SNMP_TRAP_COMMUNITY=$community
snmp_start || fatal "the private snmptrapd starts"
access_conf=${access_conf//192.0.2.10:162/127.0.0.1:$SNMP_TRAP_PORT}
access_conf=${access_conf//192.0.2.10/127.0.0.1}
guide_netsessd_dir
nsd=$GUIDE_NSD
# 5.1: the access file, netsessd's alone.
install -m 600 /dev/null "$nsd/snmp-access.conf" &&
	printf '%s\n' "$access_conf" >"$nsd/snmp-access.conf" || fatal "the access file"
snmp_line=${snmp_line//udp:0.0.0.0:1161/udp:127.0.0.1:$SNMP_PORT}
snmp_line=${snmp_line//\/etc\/netsessd\/snmp-access.conf/$nsd\/snmp-access.conf}
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<netsessd>'
	echo "  $snmp_line"
	guide_server_xml
	echo '</netsessd>'
} >"$nsd/netsessd.xml"
guide_netsessd_own

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
guide_running

# --- the identities ----------------------------------------------------

guide_manager "$manager_conf"
guide_identities "$community"

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
