#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The main job, end to end, on a private test bed that is removed afterwards:
#   1. a private Samba server with live sessions from three clients;
#   2. netsess enum lists them (NetSessionEnum over \PIPE\srvsvc);
#   3. netsessd publishes them under a private snmpd (AgentX);
#   4. snmptable/snmpwalk show smbSessionTable;
#   5. an snmpset destroy(6) ends the sessions of one (client, user);
#   6. the table and netsess enum again: that row and those sessions are gone.
# Exits non-zero if any step fails. Run as root ("make demo").
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
set -o pipefail
# grepq ARGS...: grep -q that reads all of its input.  Under pipefail a
# "producer | grep -q" fails when grep stops reading at its first match and
# the producer dies of SIGPIPE: a found line would read as missing, and a
# negated check would pass.  grep -c reads to the end.
grepq() { grep -c "$@" >/dev/null; }
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/samba.sh
. "$here/lib/samba.sh" || exit 1
# shellcheck source=lib/snmp.sh
. "$here/lib/snmp.sh" || exit 1

NETSESS=${NETSESS:-$top_builddir/src/cli/netsess}
step=0

heading() {
	step=$((step + 1))
	printf '\n==== %d. %s\n\n' "$step" "$*"
}

# run COMMAND...: show the command, then run it.
run() {
	printf '$ %s\n' "$*"
	"$@"
}

die() {
	printf '\ndemo: FAILED: %s\n' "$*" >&2
	exit 1
}

victim_client=127.0.0.2
victim_user=nstest1

heading "A private Samba server with four sessions from three clients"
samba_start || die "the private Samba server does not start"
for h in "127.0.0.2 nstest1" "127.0.0.2 nstest2" "127.0.0.3 nstest1" "127.0.0.4 nstest3"; do
	# shellcheck disable=SC2086
	samba_hold_session $h || die "no session $h"
	echo "session of ${h#* } from ${h% *}"
done
echo
echo "Samba listens on 127.0.0.1:$SAMBA_PORT; smbstatus says:"
smbstatus -s "$SAMBA_CONF" -b 2>/dev/null | sed -n '/^PID/,$p' | grep -v '^---'
echo "(netsessd and netsess will add sessions of their own, from 127.0.0.1 as root)"

heading "netsess enum: the sessions as NetSessionEnum returns them"
[ -x "$NETSESS" ] || die "netsess is not built: $NETSESS (run make first)"
run "$NETSESS" -A "$SAMBA_ADMIN_AUTHFILE" -p "$SAMBA_PORT" enum '\\127.0.0.1' ||
	die "netsess enum failed"

heading "netsessd: the subagent under a private snmpd"
snmp_start || die "the private snmpd does not start"
nsd_server_xml 1 fs1 127.0.0.1 "$SAMBA_PORT" "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" \
	>"$SNMP_DIR/servers.xml" || die "cannot write the configuration"
nsd_write_config "$SNMP_DIR/netsessd.xml" "$SNMP_DIR/servers.xml"
echo "snmpd: udp:127.0.0.1:$SNMP_PORT, AgentX $SNMP_AGENTX"
echo "netsessd configuration ($SNMP_DIR/netsessd.xml):"
sed 's/^/    /' "$SNMP_DIR/netsessd.xml"
echo
run "$NETSESSD" -c "$SNMP_DIR/netsessd.xml" -n 2>&1 || die "netsessd -n refuses the configuration"
nsd_start "$SNMP_DIR/netsessd.xml" || die "netsessd does not answer"
echo "netsessd runs (pid $NSD_PID) and has polled the server."

community="-v2c -c $SNMP_RW_COMMUNITY 127.0.0.1:$SNMP_PORT"
heading "The managed server: snmpwalk SMB-SESSION-MIB::smbServerTable"
printf '$ snmpwalk %s SMB-SESSION-MIB::smbServerTable\n' "$community"
snmp_rw snmpwalk SMB-SESSION-MIB::smbServerTable || die "snmpwalk failed"

heading "The sessions: snmptable SMB-SESSION-MIB::smbSessionTable"
printf '$ snmptable %s -Ci SMB-SESSION-MIB::smbSessionTable\n' "$community"
snmp_rw snmptable -Ci SMB-SESSION-MIB::smbSessionTable || die "snmptable failed"
echo
printf '$ snmpwalk %s SMB-SESSION-MIB::smbSessionCount\n' "$community"
snmp_rw snmpwalk SMB-SESSION-MIB::smbSessionCount || die "snmpwalk failed"
rows_before=$(snmp_session_rows 1) || die "cannot read the table"
printf '%s\n' "$rows_before" | grepq " $victim_client $victim_user " ||
	die "the table has no row for $victim_client/$victim_user"

heading "End the sessions of $victim_user from $victim_client: snmpset destroy(6)"
oid="SMB-SESSION-MIB::smbSessionRowStatus.1.\"$victim_client\".\"$victim_user\""
printf "\$ snmpset %s '%s' i 6\n" "$community" "$oid"
snmp_rw snmpset "$oid" i 6 || die "snmpset destroy failed"

heading "The table again: that row is gone"
printf '$ snmptable %s -Ci SMB-SESSION-MIB::smbSessionTable\n' "$community"
snmp_rw snmptable -Ci SMB-SESSION-MIB::smbSessionTable || die "snmptable failed"
rows_after=$(snmp_session_rows 1) || die "cannot read the table"
if printf '%s\n' "$rows_after" | grepq " $victim_client $victim_user "; then
	die "the row of $victim_client/$victim_user is still there"
fi

heading "netsess enum again: those sessions have ended on the server"
snmp_wait "Samba to end the session" eval \
	'[ "$(samba_session_count $victim_client $victim_user)" = 0 ]' ||
	die "smbstatus still shows $victim_client/$victim_user"
out=$(run "$NETSESS" -A "$SAMBA_ADMIN_AUTHFILE" -p "$SAMBA_PORT" enum '\\127.0.0.1') ||
	die "netsess enum failed"
printf '%s\n' "$out"
if printf '%s\n' "$out" | grep -F "$victim_client" | grepq -w "$victim_user"; then
	die "netsess enum still lists $victim_client/$victim_user"
fi
left=$(samba_sessions | grep -vc "^127.0.0.1 ")
[ "$left" = 3 ] || die "expected the 3 other client sessions to remain, smbstatus shows $left"

heading "Done"
echo "The destroyed row's sessions ended; the three others are still there."
echo "Cleaning up: netsessd, snmpd, snmptrapd and Samba stop, their temporary folders go."
exit 0
