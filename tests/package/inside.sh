#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The second half of tests/package/run.sh, run inside its container (a
# throw-away copy of the machine booted with systemd): the packages as an
# administrator meets them.
#   - dpkg -i installs them; the programs run at once (no ldconfig by hand);
#     the system user netsessd exists; the unit is known and enabled;
#   - the installed netsessd.service, started by systemd with its full
#     sandbox, connects to a private snmpd through agentXPerms made for
#     user netsessd, publishes a private Samba's sessions and ends one on
#     an snmpset destroy (smbstatus before and after); reload and stop are
#     clean;
#   - dpkg --purge removes the packages, the user, its group and the state.
#
#     inside.sh DEBDIR
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
debdir=${1:?usage: inside.sh DEBDIR}
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
export top_srcdir
# shellcheck source=../integration/lib/agent_test.sh
. "$top_srcdir/tests/integration/lib/agent_test.sh" || exit 1

# PrivateTmp hides /tmp from the service: everything of this test lives in
# /run, where netsessd can reach the master's AgentX socket.
export TMPDIR=/run/netsess-pkgtest
mkdir -p -m 0755 "$TMPDIR" || fatal "mkdir $TMPDIR"

# Nothing here needs the manual page index: skip rebuilding it.
rm -f /var/lib/man-db/auto-update

# --- install ------------------------------------------------------------

# A system that has never seen netsessd: nothing of it inherited from the
# machine this container copies (an installed package, or the user
# tests/integration/security_guide.sh makes while it runs).
dpkg --purge netsessd netsess libnetsess-dev libnetsess0 >/dev/null 2>&1
getent passwd netsessd >/dev/null && userdel netsessd
getent group netsessd >/dev/null && groupdel netsessd
if getent passwd netsessd >/dev/null || getent group netsessd >/dev/null ||
	dpkg-query -W -f='${Status}' netsessd 2>/dev/null | grepq installed; then
	fatal "the container starts without netsessd's user, group and packages"
fi

debs=$(find "$debdir" -maxdepth 1 -name '*.deb' ! -name '*-dbgsym_*' | sort)
# shellcheck disable=SC2086
if out=$(dpkg -i $debs 2>&1) || out=$(apt-get install -f -y -q 2>&1); then
	pass "dpkg -i installs $(echo "$debs" | xargs -n1 basename | tr '\n' ' ')"
else
	fail "dpkg -i (and apt-get install -f)"
	show "$out"
	finish
fi
for p in libnetsess0 libnetsess-dev netsess netsessd; do
	check_eq "package $p is installed" "install ok installed" \
		"$(dpkg-query -W -f='${Status}' "$p" 2>&1)"
done

check "the dynamic linker's cache lists libnetsess.so.0 (no manual ldconfig)" \
	sh -c 'ldconfig -p | grep -q "^[[:space:]]*libnetsess\.so\.0 .*=> "'
out=$(/usr/bin/netsess --version 2>&1)
check_eq "/usr/bin/netsess --version" "netsess (netsessd) 0.1.0" "$out"
out=$(/usr/sbin/netsessd -V 2>&1)
check "/usr/sbin/netsessd -V runs ($out)" [ "${out#netsessd 0.1.0 }" != "$out" ]
# No -c: the default /etc/netsessd/netsessd.xml, as shipped (no server yet).
out=$(/usr/sbin/netsessd -n 2>"$TMPDIR/check.err")
rc=$?
check_eq "/usr/sbin/netsessd -n accepts the shipped /etc/netsessd/netsessd.xml" \
	"0 configuration OK" "$rc $out"
[ -s "$TMPDIR/check.err" ] && echo "    its messages:" && show "$(cat "$TMPDIR/check.err")"

# The example server in that file, taken out of its comment as the file
# says, with its password file made by the file's own command.
sed '/^  <!--$/d; /^  -->$/d' /etc/netsessd/netsessd.xml >"$TMPDIR/example.xml"
install -m 600 -o netsessd -g netsessd /dev/null /etc/netsessd/fs1.secret &&
	echo example-password >/etc/netsessd/fs1.secret
out=$(/usr/sbin/netsessd -n -c "$TMPDIR/example.xml" 2>"$TMPDIR/example.err")
rc=$?
check_eq "the file's example server, uncommented, is a valid configuration" \
	"0 configuration OK" "$rc $out"
check "... and it is the example (fs1.example.com)" grep -q 'host="fs1.example.com"' "$TMPDIR/example.xml"
[ -s "$TMPDIR/example.err" ] && echo "    its messages:" && show "$(cat "$TMPDIR/example.err")"

pw=$(getent passwd netsessd)
IFS=: read -r _ _ uid gid _ home shell <<<"$pw"
check "system user netsessd exists ($pw)" eval '[ -n "$pw" ] && [ "${uid:-1000}" -lt 1000 ]'
check_eq "its group is netsessd" netsessd "$(getent group "${gid:-x}" | cut -d: -f1)"
check_eq "its home is the state directory, its shell nologin" \
	"/var/lib/netsessd /usr/sbin/nologin" "$home $shell"
check_eq "systemd knows netsessd.service and it is enabled" "loaded enabled" \
	"$(systemctl show -P LoadState netsessd) $(systemctl show -P UnitFileState netsessd)"
check "/etc/netsessd/netsessd.xml is a conffile of netsessd" \
	sh -c "dpkg-query -W -f='\${Conffiles}' netsessd | grep -q '^ /etc/netsessd/netsessd.xml '"

# --- the MIB, as docs/mib.md "Loading the MIB" says ---------------------

# shellcheck source=../integration/lib/docs.sh
. "$top_srcdir/tests/integration/lib/docs.sh" || exit 1
snmpconf=$(doc_block "$top_srcdir/docs/mib.md" "inside.sh: snmp.conf") || fail "docs/mib.md's snmp.conf lines"
smirc=$(doc_block "$top_srcdir/docs/mib.md" "inside.sh: smirc") || fail "docs/mib.md's ~/.smirc line"
# A user of this (throw-away) system: a home of its own, the system's
# /etc/snmp/snmp.conf as Debian ships it ("mibs :"), nothing from the
# test environment.
home=$TMPDIR/mib-user
mkdir -p "$home/.snmp" "$home/persist/cert_indexes"
as_user() {
	env -u MIBS -u MIBDIRS -u MIBFILES HOME="$home" SNMPCONFPATH="/etc/snmp:$home/.snmp" \
		SNMP_PERSISTENT_DIR="$home/persist" "$@"
}
rowstatus=.1.3.6.1.4.1.8072.9999.9999.445.1.2.1.10
check "the MIB is where Net-SNMP looks on Debian: /usr/share/snmp/mibs/SMB-SESSION-MIB.txt" \
	[ -r /usr/share/snmp/mibs/SMB-SESSION-MIB.txt ]
out=$(as_user snmptranslate -On SMB-SESSION-MIB::smbSessionRowStatus 2>&1)
check "before the guide's steps, the name does not resolve ($(echo "$out" | tail -n 1))" \
	[ "$out" != "$rowstatus" ]
# Step 1: the base modules (here the ones the test suite uses: npm's copy
# of RFC 2578-2580 and tests/integration/mibdirs.sh's SNMP-FRAMEWORK-MIB)
# in the guide's folder.
ietf=/usr/local/share/snmp/mibs/ietf
if base=$(bash "$top_srcdir/tests/integration/mibdirs.sh") && mkdir -p "$ietf" &&
	cp "${base%%:*}/SNMPv2-SMI.mib" "${base%%:*}/SNMPv2-TC.mib" "${base%%:*}/SNMPv2-CONF.mib" \
		"$(echo "$base" | cut -d: -f2)/SNMP-FRAMEWORK-MIB.txt" "$ietf/"; then
	pass "the base modules are in $ietf"
else
	fail "the base modules in $ietf"
fi
# Step 2: the two lines, for this user.
printf '%s\n' "$snmpconf" >"$home/.snmp/snmp.conf"
out=$(as_user snmptranslate -On SMB-SESSION-MIB::smbSessionRowStatus 2>&1)
check_eq "with the guide's snmp.conf lines: snmptranslate -On SMB-SESSION-MIB::smbSessionRowStatus" \
	"$rowstatus" "$out"
out=$(as_user snmptranslate -Td SMB-SESSION-MIB::smbSessionRowStatus 2>&1 | grep -c 'RowStatus')
check "... from the installed module, with its definition (snmptranslate -Td)" [ "$out" -ge 1 ]
# libsmi reads /etc/smi.conf, then ~/.smirc from the passwd home (root's,
# which this test leaves alone): -c gives smilint the same two.
{ cat /etc/smi.conf; printf '%s\n' "$smirc"; } >"$home/smi.conf"
out=$(cd "$home" && smilint -c "$home/smi.conf" -l 6 SMB-SESSION-MIB 2>&1)
rc=$?
check_eq "with the guide's smirc line: smilint -l 6 SMB-SESSION-MIB prints nothing" "0:" "$rc:$out"

# --- the service under systemd ----------------------------------------

# The journal, to read the service's log.
systemctl start systemd-journald.socket systemd-journald.service ||
	fatal "journald starts in the container"

at_samba "127.0.0.2 nstest1" "127.0.0.2 nstest1" "127.0.0.3 nstest2"
snmp_start || fatal "the private snmpd starts"
# The master lets user netsessd, and nobody else, open its AgentX socket
# (docs/security.md); its folder must be reachable for that user.
chmod 0711 "$SNMP_DIR" || fatal "chmod $SNMP_DIR"
snmpd_stop
sed -i 's/^agentXPerms .*/agentXPerms 0600 0755 netsessd netsessd/' "$SNMP_DIR/snmpd.conf"
rm -rf "$SNMP_DIR/agentx" # made again with the new modes
snmpd_launch || fatal "snmpd restarts with agentXPerms for netsessd"
sock=${SNMP_AGENTX#unix:}
check_eq "the AgentX socket belongs to netsessd, mode 600, in a folder of mode 755" \
	"netsessd 600 755" "$(stat -c '%U %a' "$sock") $(stat -c %a "${sock%/*}")"

secret=/etc/netsessd/fs1.secret
install -m 600 -o netsessd -g netsessd /dev/null "$secret" &&
	printf '%s\n' "$SAMBA_ADMIN_PASS" >"$secret" || fatal "the password file"
cat >/etc/netsessd/netsessd.xml <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<netsessd>
  <agentx address="$SNMP_AGENTX" ping-interval="2"/>
  <server index="1" name="fs1" host="127.0.0.1" port="$SAMBA_PORT" poll-interval="1" timeout="5">
    <credentials username="$SAMBA_ADMIN_USER" password-file="$secret"/>
  </server>
</netsessd>
EOF

# Type=notify: "start" returns once netsessd has sent READY=1.
if systemctl restart netsessd; then
	pass "systemctl restart netsessd returns (READY=1 received)"
else
	fail "systemctl restart netsessd"
	journalctl -u netsessd --no-pager | tail -n 30
	finish
fi
check_eq "netsessd.service is active" active "$(systemctl is-active netsessd)"
main=$(systemctl show -P MainPID netsessd)
check_eq "the main process is /usr/sbin/netsessd, run as netsessd" \
	"netsessd /usr/sbin/netsessd" "$(ps -o user=,exe= -p "$main" 2>&1 | awk '{ print $1, $2 }')"

_status_open() {
	case $(systemctl show -P StatusText netsessd) in
	"AgentX session open with the master at $SNMP_AGENTX") return 0 ;;
	esac
	return 1
}
if snmp_wait "StatusText: session open" _status_open; then
	pass "systemctl status says: AgentX session open with the master at $SNMP_AGENTX"
else
	fail "StatusText: $(systemctl show -P StatusText netsessd)"
fi

# What systemd applied, as the kernel reports it for the running daemon.
st=/proc/$main/status
check_eq "sandbox: no capabilities, no new privileges, a seccomp filter" \
	"CapEff:0000000000000000 CapBnd:0000000000000000 NoNewPrivs:1 Seccomp:2" \
	"$(awk '/^(CapEff|CapBnd|NoNewPrivs|Seccomp):/ { printf "%s%s%s", sep, $1, $2; sep = " " }' "$st")"
# ... and in its mount namespace (nsenter: as root, yet the mounts hold).
in_unit() { nsenter --target "$main" --mount -- "$@"; }
check "sandbox: /etc and /usr are read-only (ProtectSystem=strict)" \
	sh -c "! nsenter --target $main --mount -- touch /etc/netsess-probe /usr/netsess-probe 2>/dev/null"
check "sandbox: /var/lib/netsessd is writable (StateDirectory)" \
	in_unit sh -c 'touch /var/lib/netsessd/probe && rm /var/lib/netsessd/probe'
check_eq "sandbox: /home and /root are empty and closed (ProtectHome)" "0 0" \
	"$(in_unit stat -c %a /home /root | tr '\n' ' ' | sed 's/ $//')"
touch /tmp/netsess-outside-probe
check "sandbox: a /tmp of its own (PrivateTmp)" \
	sh -c "! nsenter --target $main --mount -- test -e /tmp/netsess-outside-probe"
rm -f /tmp/netsess-outside-probe
check "sandbox: a user namespace mapping netsessd alone (PrivateUsers)" \
	sh -c "! grep -q '^ *0 *0 *4294967295' /proc/$main/uid_map"
rpc=$(pgrep -P "$main" -x netsessd-rpc | head -n 1)
check_eq "netsessd-rpc runs as netsessd under the same sandbox" \
	"netsessd NoNewPrivs:1 Seccomp:2" \
	"$(ps -o user= -p "${rpc:-0}" | tr -d ' ') $(awk '/^(NoNewPrivs|Seccomp):/ { printf "%s%s%s", sep, $1, $2; sep = " " }' "/proc/${rpc:-0}/status" 2>&1)"

# The tables through the private master (nsd_alive needs the PID; on a
# failure the helpers show NSD_LOG).
NSD_LOG=$TMPDIR/netsessd.journal
journalctl -u netsessd --no-pager -o cat >"$NSD_LOG"
NSD_PID=$main nsd_wait_polled 1 || fail "server 1 is polled"
at_table_matches_smbstatus "the walked smbSessionTable matches smbstatus"
check_eq "smbServerStatus of fs1 is ok(2)" $NS_ST_OK "$(snmp_server_get 1 $NS_SRV_STATUS)"

before=$(samba_session_groups)
echo "smbstatus before the destroy:"
show "$before"
check "snmpset smbSessionRowStatus.1.\"127.0.0.2\".\"nstest1\" = destroy(6) succeeds" \
	snmp_set_expect noError snmp_rw \
	'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.2"."nstest1"' i 6
check "smbstatus: the sessions of (127.0.0.2, nstest1) end" at_wait_gone 127.0.0.2 nstest1
after=$(samba_session_groups)
echo "smbstatus after:"
show "$after"
check_eq "smbstatus: every other session is still there" \
	"$(at_groups_without 127.0.0.2 nstest1 "$before")" "$after"
check "the journal has the delete: NetSessionDel(client=\"127.0.0.2\", user=\"nstest1\"): NERR_Success" \
	sh -c "journalctl -u netsessd --no-pager | grep -qF 'NetSessionDel(client=\"127.0.0.2\", user=\"nstest1\"): NERR_Success'"

check "systemctl reload netsessd" systemctl reload netsessd
check "the journal has the reload" \
	snmp_wait "SIGHUP in the journal" sh -c "journalctl -u netsessd --no-pager | grep -q 'SIGHUP: reloading'"
check_eq "still active, same process, after the reload" "active $main" \
	"$(systemctl is-active netsessd) $(systemctl show -P MainPID netsessd)"

check "systemctl stop netsessd" systemctl stop netsessd
check_eq "stopped cleanly (Result, exit status)" "success 0" \
	"$(systemctl show -P Result netsessd) $(systemctl show -P ExecMainStatus netsessd)"
check "the journal has netsessd's own last line" \
	sh -c "journalctl -u netsessd --no-pager | grep -q 'netsessd stopped'"
echo "--- netsessd's journal:"
journalctl -u netsessd --no-pager -o cat | tail -n 15 | sed 's/^/    | /'

# --- the same unit, netsessd as an SNMP agent of its own --------------------
# <snmp> instead of <agentx>, with an access file of the test policy
# (lib/snmp.sh's access lines), on a port above 1024: the unit gives no
# privilege to bind a lower one, and says so.

access=/etc/netsessd/snmp-access.conf
install -m 600 -o netsessd -g netsessd /dev/null "$access" &&
	_snmp_access_lines >"$access" || fatal "the access file"
sa_port=$(_snmp_pick_udp_port) || fatal "a free UDP port"
sed -i "s|<agentx [^>]*/>|<snmp listen=\"udp:127.0.0.1:$sa_port\" access=\"$access\"/>|" \
	/etc/netsessd/netsessd.xml
if systemctl start netsessd; then
	pass "standalone: systemctl start netsessd returns (READY=1 received)"
else
	fail "standalone: systemctl start netsessd"
	journalctl -u netsessd --no-pager | tail -n 30
fi
check_eq "standalone: StatusText says where it listens" \
	"SNMP agent listening on udp:127.0.0.1:$sa_port" "$(systemctl show -P StatusText netsessd)"
main=$(systemctl show -P MainPID netsessd)
snmp_port=$SNMP_PORT
SNMP_PORT=$sa_port
NSD_PID=$main nsd_wait_polled 1 || fail "standalone: server 1 is polled"
check_eq "standalone: smbServerName.1 over SNMPv3 (authPriv) from netsessd itself" fs1 \
	"$(snmp_v3 snmpget -Oqv "$NS_SERVER_ENTRY.$NS_SRV_NAME.1")"
check "standalone: destroy(6) of (127.0.0.3, nstest2) succeeds" \
	snmp_set_expect noError snmp_rw \
	'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.3"."nstest2"' i 6
check "standalone: smbstatus: the sessions of (127.0.0.3, nstest2) end" at_wait_gone 127.0.0.3 nstest2
check "standalone: the journal names who asked (the manager's address, v2c)" \
	sh -c "journalctl -u netsessd --no-pager -o cat | grep -F 'NetSessionDel(client=\"127.0.0.3\", user=\"nstest2\"): NERR_Success' | grep -qE ' by udp:127\\.0\\.0\\.1:[0-9]+ v2c\$'"
check_eq "standalone: Net-SNMP's state in /var/lib/netsessd, netsessd's, mode 600" \
	"netsessd 600" "$(stat -c '%U %a' /var/lib/netsessd/netsessd.conf 2>&1)"
check "standalone: ... with snmpEngineBoots, no user and no pass phrase" \
	sh -c "grep -q '^engineBoots ' /var/lib/netsessd/netsessd.conf &&
		! grep -qE '^(usmUser|createUser)|$SNMP_V3_AUTH' /var/lib/netsessd/netsessd.conf"
check "standalone: systemctl stop netsessd" systemctl stop netsessd
SNMP_PORT=$snmp_port

# A port below 1024 needs CAP_NET_BIND_SERVICE, which the unit does not
# give: the start fails, and the journal says why.
sed -i "s|listen=\"udp:127.0.0.1:$sa_port\"|listen=\"udp:127.0.0.1:1000\"|" /etc/netsessd/netsessd.xml
since=$(date '+%Y-%m-%d %H:%M:%S')
check "standalone on port 1000: systemctl start netsessd fails" sh -c '! systemctl start netsessd'
check "... and the journal says it cannot listen on udp:127.0.0.1:1000" \
	sh -c "journalctl -u netsessd --no-pager -o cat --since '$since' | grep -qF 'cannot listen on udp:127.0.0.1:1000'"
systemctl stop netsessd 2>/dev/null
systemctl reset-failed netsessd 2>/dev/null

# --- purge --------------------------------------------------------------

if out=$(dpkg --purge netsessd netsess libnetsess-dev libnetsess0 2>&1); then
	pass "dpkg --purge removes the four packages"
else
	fail "dpkg --purge"
	show "$out"
fi
for p in libnetsess0 libnetsess-dev netsess netsessd; do
	check_eq "package $p is gone" "not-installed" \
		"$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || echo not-installed)"
done
users=$(getent passwd) || fail "getent passwd"
check "the user netsessd is gone (getent passwd lists $(echo "$users" | wc -l) others)" \
	lacks "$users" '^netsessd:'
groups=$(getent group) || fail "getent group"
check "the group netsessd is gone" \
	lacks "$groups" '^netsessd:'
list=$(ls -A /var/lib) || fail "ls /var/lib"
check "/var/lib/netsessd is gone" lacks "$list" -x netsessd
units=$(systemctl list-unit-files --no-legend) || fail "systemctl list-unit-files"
check "systemd no longer has netsessd.service" \
	lacks "$units" '^netsessd\.service'
# What the administrator put there stays: the password file and the
# standalone agent's access file (pass phrases, like the password file).
check_eq "/etc/netsessd keeps only the administrator's files (password, access file)" \
	"fs1.secret
snmp-access.conf" "$(LC_ALL=C ls -A /etc/netsessd 2>&1)"

[ -z "${NSD_LOG:-}" ] || journalctl -u netsessd --no-pager -o cat >"$NSD_LOG" 2>&1
finish
