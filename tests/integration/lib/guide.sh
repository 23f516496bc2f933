# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# guide.sh - what docs/security.md's two setups have in common, for the
# tests that follow them: security_guide.sh (section 2, snmpd as master)
# and security_standalone.sh (section 5, netsessd as an agent of its own).
#   - the accounts the guide assumes (netsessd, svc-netsessd, the group of
#     section 3), made when missing and removed at the end;
#   - the Samba service account, by the guide's own commands;
#   - netsessd's folder and start script, run as the netsessd user;
#   - the guide's identities (nsdestroy, nsoperator, nsmonitor, the v2c
#     community) and what each may and may not do, with smbstatus before
#     and after every step.
# Source it after agent_test.sh.  GUIDE_USERS holds the guide's createUser
# lines (the pass phrases to act as each user).

# guide_creds USER: "AUTH AUTHPASS PRIV PRIVPASS" of the guide's user.
guide_creds() {
	printf '%s\n' "$GUIDE_USERS" | awk -v u="$1" '$1 == "createUser" && $2 == u {
		gsub(/"/, ""); print $3, $4, $5, $6 }'
}

# guide_accounts: the accounts the guide assumes: netsessd (made by the
# package) and the Samba service account svc-netsessd with its group.
# The guide names them, so two runs on one machine (two checkouts, or the
# two guide tests) would share them: one at a time.
guide_accounts() {
	exec 8>/run/lock/netsessd-security_guide.lock || fatal "open the lock file"
	flock 8 || fatal "lock /run/lock/netsessd-security_guide.lock"
	GUIDE_MADE=
	trap _guide_remove_accounts EXIT
	getent group netsess-admins >/dev/null &&
		fatal "group netsess-admins exists already: remove it first"
	if ! getent passwd svc-netsessd >/dev/null; then
		useradd -M -d /nonexistent -s /usr/sbin/nologin svc-netsessd ||
			fatal "useradd svc-netsessd"
		GUIDE_MADE="$GUIDE_MADE svc-netsessd"
	fi
	if ! getent passwd netsessd >/dev/null; then
		useradd --system -U -M -d /nonexistent -s /usr/sbin/nologin netsessd ||
			fatal "useradd netsessd"
		GUIDE_MADE="$GUIDE_MADE netsessd group:netsessd"
	fi
	GUIDE_MADE="$GUIDE_MADE group:netsess-admins"
}

_guide_remove_accounts() {
	local a
	for a in $GUIDE_MADE; do
		case $a in
		group:*) groupdel "${a#group:}" 2>/dev/null ;;
		*) userdel "$a" 2>/dev/null ;;
		esac
	done
}

# guide_service_account COMMANDS: section 3 on the test's Samba: the
# account's password (GUIDE_SVC_PASS), then the guide's commands as they
# are; Samba's tools find the private server's smb.conf through stand-ins.
guide_service_account() {
	local shim=$SAMBA_DIR/guide-bin out
	GUIDE_SVC_PASS=Svc-Netsessd-Pass-1
	printf '%s\n%s\n' "$GUIDE_SVC_PASS" "$GUIDE_SVC_PASS" |
		smbpasswd -c "$SAMBA_CONF" -s -a svc-netsessd >/dev/null ||
		fatal "smbpasswd -a svc-netsessd"
	mkdir -p "$shim" || fatal "mkdir $shim"
	printf '#!/bin/sh\nexec %s -s "%s" "$@"\n' "$(command -v net)" "$SAMBA_CONF" >"$shim/net"
	printf '#!/bin/sh\nexec %s "$@" "%s"\n' "$(command -v testparm)" "$SAMBA_CONF" >"$shim/testparm"
	chmod 755 "$shim/net" "$shim/testparm"
	if out=$(PATH=$shim:$PATH bash -e -c "$1" 2>&1); then
		pass "the guide's standalone Samba commands run"
	else
		fail "the guide's standalone Samba commands"
		show "$out"
	fi
}

# guide_netsessd_dir: GUIDE_NSD, a folder with netsessd's programs, the
# service account's password file (mode 600) and "run", which starts
# netsessd as the netsessd user with its persistent state in the folder.
# The caller writes netsessd.xml there, then calls guide_netsessd_own.
guide_netsessd_dir() {
	GUIDE_NSD=$SNMP_DIR/nsd
	mkdir -p "$GUIDE_NSD/persist" &&
		cp "$top_builddir/agent/netsessd" "$top_builddir/agent/netsessd-rpc" "$GUIDE_NSD/" ||
		fatal "netsessd's programs"
	install -m 600 /dev/null "$GUIDE_NSD/fs1.secret" &&
		printf '%s\n' "$GUIDE_SVC_PASS" >"$GUIDE_NSD/fs1.secret" || fatal "the password file"
	cat >"$GUIDE_NSD/run" <<EOF2
#!/bin/sh
exec setpriv --reuid=netsessd --regid=netsessd --clear-groups \
	env SNMP_PERSISTENT_DIR=$GUIDE_NSD/persist $GUIDE_NSD/netsessd "\$@"
EOF2
	chmod 755 "$GUIDE_NSD/run"
}

# guide_server_xml: the <server> of the guide's netsessd.xml, here.
guide_server_xml() {
	echo "  <server index=\"1\" name=\"fs1\" host=\"127.0.0.1\" port=\"$SAMBA_PORT\" poll-interval=\"1\" timeout=\"5\">"
	echo "    <credentials username=\"svc-netsessd\" password-file=\"$GUIDE_NSD/fs1.secret\"/>"
	echo '  </server>'
}

# guide_netsessd_own: the folder is netsessd's alone; its parent lets
# netsessd through.
guide_netsessd_own() {
	chown -R netsessd:netsessd "$GUIDE_NSD" && chmod 700 "$GUIDE_NSD" ||
		fatal "chown $GUIDE_NSD"
	chmod 0711 "$SNMP_DIR" || fatal "chmod $SNMP_DIR"
}

# guide_running: checks of the netsessd guide_netsessd_dir started.
guide_running() {
	check_eq "netsessd's process belongs to netsessd" netsessd \
		"$(ps -o user= -p "$NSD_PID" | tr -d ' ')"
	check_eq "svc-netsessd may enumerate: smbServerStatus ok(2)" "$NS_ST_OK" \
		"$(snmp_server_get 1 "$NS_SRV_STATUS")"
}

# --- the identities ----------------------------------------------------

# _guide_split ARGS...: the options at the front of ARGS go to GUIDE_OPTS,
# the rest to GUIDE_REST.
_guide_split() {
	GUIDE_OPTS=()
	while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
		GUIDE_OPTS+=("$1")
		shift
	done
	GUIDE_REST=("$@")
}

# guide_as USER TOOL ARGS...: a Net-SNMP tool as a v3 user of the guide,
# against the agent at SNMP_PORT.
guide_as() {
	local user=$1 tool=$2 a ap x xp
	shift 2
	read -r a ap x xp <<<"$(guide_creds "$user")"
	_guide_split "$@"
	"$tool" -v3 -l authPriv -u "$user" -a "$a" -A "$ap" -x "$x" -X "$xp" -t 20 -r 0 \
		"${GUIDE_OPTS[@]}" "udp:127.0.0.1:$SNMP_PORT" "${GUIDE_REST[@]}"
}
as_destroy() { guide_as nsdestroy "$@"; }
as_operator() { guide_as nsoperator "$@"; }
as_monitor() { guide_as nsmonitor "$@"; }

# guide_manager CONF: the guide's ~/.snmp/snmp.conf for as_manager.
guide_manager() {
	GUIDE_MGR=$SNMP_DIR/manager
	mkdir -p -m 0700 "$GUIDE_MGR" && (umask 077 && printf '%s\n' "$1" >"$GUIDE_MGR/snmp.conf") ||
		fatal "the manager's snmp.conf"
}

# as_manager TOOL ARGS...: the guide's manager setup, its ~/.snmp/snmp.conf
# (nsdestroy's), with no user or pass phrase on the command line.
as_manager() {
	local tool=$1
	shift
	_guide_split "$@"
	SNMPCONFPATH=$GUIDE_MGR "$tool" -t 20 -r 0 "${GUIDE_OPTS[@]}" \
		"udp:127.0.0.1:$SNMP_PORT" "${GUIDE_REST[@]}"
}

guide_row() { printf 'SMB-SESSION-MIB::smbSessionRowStatus.1."%s"."%s"' "$1" "$2"; }

# guide_smbstatus WHEN: smbstatus now, shown, and kept as GUIDE_GROUPS.
guide_smbstatus() {
	GUIDE_GROUPS=$(samba_session_groups) || return 1
	echo "    smbstatus ($1):"
	show "$GUIDE_GROUPS"
}

# _guide_only_gone WHO CLIENT USER BEFORE: after WHO's delete of (CLIENT,
# USER), every other session of BEFORE is still there.
_guide_only_gone() {
	guide_smbstatus "after"
	check_eq "$1: every other session is still there" \
		"$(at_groups_without "$2" "$3" "$4")" "$GUIDE_GROUPS"
}

# guide_identities COMMUNITY: the guide's table of who may do what, each
# step between two readings of smbstatus.  The v2c community reads only.
guide_identities() {
	local community=$1 walk id before counters
	# The rows and their session counts (the times move between two walks).
	walk=$(snmp_ro snmpwalk -On "$NS_SESSION_ENTRY.$NS_SES_COUNT" 2>&1)
	for id in as_destroy as_operator as_monitor; do
		check_eq "$id reads smbSessionTable's rows like the monitoring community" "$walk" \
			"$("$id" snmpwalk -On "$NS_SESSION_ENTRY.$NS_SES_COUNT" 2>&1)"
	done
	at_table_matches_smbstatus "the table matches smbstatus"

	# 1. nsdestroy destroys a row.
	guide_smbstatus "before nsdestroy's destroy"
	before=$GUIDE_GROUPS
	check "nsdestroy (the guide's ~/.snmp/snmp.conf): destroy(6) of (127.0.0.2, nstest1) answers noError" \
		snmp_set_expect noError as_manager "$(guide_row 127.0.0.2 nstest1)" i 6
	check "nsdestroy: smbstatus shows no session of (127.0.0.2, nstest1)" \
		at_wait_gone 127.0.0.2 nstest1
	_guide_only_gone nsdestroy 127.0.0.2 nstest1 "$before"

	# 2. ... but may not disconnect a user or a client.
	at_wait_polls 1 1
	guide_smbstatus "before nsdestroy writes the disconnect columns"
	before=$GUIDE_GROUPS
	counters=$(at_counters 1)
	check "nsdestroy: smbServerDisconnectUser.1 = nstest3 is refused with noAccess" \
		snmp_set_expect noAccess as_destroy SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest3
	check "nsdestroy: smbServerDisconnectClient.1 = 127.0.0.3 is refused with noAccess" \
		snmp_set_expect noAccess as_destroy SMB-SESSION-MIB::smbServerDisconnectClient.1 s 127.0.0.3
	at_nothing_ended "nsdestroy's disconnects" "$before" "$counters"

	# 3. nsmonitor cannot destroy.
	guide_smbstatus "before nsmonitor's destroy"
	before=$GUIDE_GROUPS
	counters=$(at_counters 1)
	check "nsmonitor: destroy(6) of (127.0.0.3, nstest2) is refused with noAccess" \
		snmp_set_expect noAccess as_monitor "$(guide_row 127.0.0.3 nstest2)" i 6
	check "nsmonitor: smbServerDisconnectUser.1 = nstest2 is refused with noAccess" \
		snmp_set_expect noAccess as_monitor SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest2
	at_nothing_ended "nsmonitor's destroy" "$before" "$counters"

	# 4. The v2c monitoring community cannot write.
	guide_smbstatus "before the community's SETs"
	before=$GUIDE_GROUPS
	counters=$(at_counters 1)
	check "v2c community $community: destroy(6) of (127.0.0.3, nstest2) is refused with noAccess" \
		snmp_set_expect noAccess snmp_ro "$(guide_row 127.0.0.3 nstest2)" i 6
	check "v2c community $community: smbServerDisconnectClient.1 = 127.0.0.3 is refused with noAccess" \
		snmp_set_expect noAccess snmp_ro SMB-SESSION-MIB::smbServerDisconnectClient.1 s 127.0.0.3
	at_nothing_ended "the community's SETs" "$before" "$counters"

	# 5. nsoperator disconnects a user, then a client, then destroys a row.
	guide_smbstatus "before nsoperator writes smbServerDisconnectUser"
	before=$GUIDE_GROUPS
	check "nsoperator: smbServerDisconnectUser.1 = nstest3 answers noError" \
		snmp_set_expect noError as_operator SMB-SESSION-MIB::smbServerDisconnectUser.1 s nstest3
	check "nsoperator: smbstatus shows no session of nstest3" at_wait_gone "" nstest3
	_guide_only_gone nsoperator "" nstest3 "$before"

	before=$GUIDE_GROUPS
	check "nsoperator: smbServerDisconnectClient.1 = 127.0.0.3 answers noError" \
		snmp_set_expect noError as_operator SMB-SESSION-MIB::smbServerDisconnectClient.1 s 127.0.0.3
	check "nsoperator: smbstatus shows no session from 127.0.0.3" at_wait_gone 127.0.0.3 ""
	_guide_only_gone nsoperator 127.0.0.3 "" "$before"

	before=$GUIDE_GROUPS
	check "nsoperator: destroy(6) of (127.0.0.6, nstest2) answers noError" \
		snmp_set_expect noError as_operator "$(guide_row 127.0.0.6 nstest2)" i 6
	check "nsoperator: smbstatus shows no session of (127.0.0.6, nstest2)" \
		at_wait_gone 127.0.0.6 nstest2
	_guide_only_gone nsoperator 127.0.0.6 nstest2 "$before"
}
