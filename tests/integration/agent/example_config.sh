#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The shipped example configuration, docs/netsessd.conf.example.xml, works
# as shipped: with only the names its first comment tells a reader to
# change replaced (each of them listed there), pointed at the AD DC test
# bed (tests/integration/lib/addc.sh: the DC, and a member server joined
# to it, both on port 445 of their own addresses), netsessd -n accepts it
# and netsessd brings every server in it to ok(2); each table matches
# smbstatus of its server; the server with encrypt="required" has an
# encrypted session (smbstatus: a cipher, not "-"), the one with
# signing="required" a signed one, the ones that ask for neither a plain
# one.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1
# shellcheck source=../lib/addc.sh
. "$here/../lib/addc.sh" || exit 1

# top_srcdir: set by make check, or by lib/snmp.sh from this tree.
# shellcheck disable=SC2154
EXAMPLE=$top_srcdir/docs/netsessd.conf.example.xml

t0=$SECONDS
addc_start || fatal "the AD DC test bed starts"
echo "# AD DC test bed: started in ${ADDC_START_SECONDS}s (provision included)"
addc_member_start || fatal "the member server joins the domain and starts"
echo "# member server: joined in ${ADDC_MEMBER_JOIN_SECONDS}s"
addc_hold_session dc 127.0.0.2 nstest1 || fatal "a session of nstest1 on the DC"
addc_hold_session member 127.0.0.3 nstest2 || fatal "a session of nstest2 on the member"
snmp_start || fatal "the private snmpd and snmptrapd start"

D=$SNMP_DIR/example
mkdir -m 0700 "$D" "$D/tmp" || fatal "private directories"

# --- the reader's changes ------------------------------------------------

# TOKEN=VALUE, in the order they are applied (the realm before the
# domain it starts with).
subs=(
	"unix:/var/agentx/master=$SNMP_AGENTX"
	"fs1.example.com=$ADDC_HOST"
	"samba1.example.com=$ADDC_HOST"
	"fs2.example.lan=$ADDC_MEMBER_HOST"
	"fs3.example.com=$ADDC_HOST"
	"EXAMPLE.LAN=$ADDC_REALM"
	"EXAMPLE=$ADDC_DOMAIN"
	"svc-snmp=$ADDC_SVC_USER"
	"svc-netsess=$ADDC_SVC_USER"
	"/etc/netsessd/=$D/"
)
# The comments before <netsessd>: where the reader is told what to change.
header=$(sed '/^<netsessd>/q' "$EXAMPLE")
config=$(cat "$EXAMPLE") || fatal "$EXAMPLE is readable"
for s in "${subs[@]}"; do
	token=${s%%=*}
	check "the example's first comment tells the reader to change \"$token\"" \
		grepq -F -- "$token" <<<"$header"
	config=${config//"$token"/"${s#*=}"}
done
printf '%s\n' "$config" >"$SNMP_DIR/netsessd.xml"
echo "    the changes (diff of the example and the file run here):"
diff "$EXAMPLE" "$SNMP_DIR/netsessd.xml" | grep '^[<>]' | sed 's/^/    | /'

# The secret files it names, private.
(
	umask 077
	printf '%s\n' "$ADDC_SVC_PASS" >"$D/fs1.secret"
	printf 'username = %s\npassword = %s\ndomain = %s\n' "$ADDC_SVC_USER" "$ADDC_SVC_PASS" \
		"$ADDC_DOMAIN" >"$D/samba1.auth"
	cp "$ADDC_SVC_KEYTAB" "$D/netsessd.keytab"
) || fatal "the secret files are written"
# fs3 uses netsessd's own credential cache: a ticket of the service
# account, as an administrator's kinit -k (or k5start) would keep it.
ADDC_CCACHE=FILE:$D/ccache addc_run kinit -k -t "$D/netsessd.keytab" "$ADDC_SVC_PRINCIPAL" ||
	fatal "netsessd's credential cache gets a ticket"

out=$(nsd_check "$SNMP_DIR/netsessd.xml")
check_eq "netsessd -n accepts it" "configuration OK" "$out"
indexes=$(nsd_config_indexes "$SNMP_DIR/netsessd.xml" | tr '\n' ' ')
check_eq "it has the four servers of the example, indexes 1, 2 (implicit), 10, 11" \
	"1 2 10 11 " "$indexes"

addc_hosts_wrapper "$D/netsessd" "$NETSESSD" || fatal "netsessd's name resolution"
KRB5_CONFIG=$ADDC_KRB5_CONF KRB5CCNAME=FILE:$D/ccache TMPDIR=$D/tmp NSD_NO_X=1 \
	NETSESSD=$D/netsessd nsd_start "$SNMP_DIR/netsessd.xml" ||
	fatal "netsessd starts with the example and polls every server"
pass "netsessd runs with the example, as subagent at the address the file gives"

for i in 1 2 10 11; do
	check_eq "server $i ($(snmp_server_get "$i" $NS_SRV_NAME)) is ok(2)" "$NS_ST_OK" \
		"$(snmp_server_get "$i" $NS_SRV_STATUS)"
done

# groups SERVER: smbstatus of dc or member as "CLIENT USER COUNT" lines,
# names in lower case: Samba's NetrSessionEnum and smbstatus spell a
# machine account differently ("MEM1$", "mem1$"), and names compare
# regardless of case.
groups() {
	local list
	list=$(addc_sessions "$1") || return 1
	printf '%s\n' "$list" |
		awk 'NF == 2 { n[tolower($1 " " $2)]++ } END { for (k in n) print k, n[k] }' |
		LC_ALL=C sort
}

# table_matches DESCRIPTION SERVER IDX: the rows of server IDX are the
# groups smbstatus of SERVER shows, the sessions from 127.0.0.1 aside:
# polls are 30 s apart or more in the example, so a table is that of the
# first poll, made after the holders' sessions began but maybe before
# another helper of this netsessd (or the member's own connection to the
# DC) connected.  Its own session from there is listed.
table_matches() {
	local want got
	want=$(groups "$2" | grep -v '^127\.0\.0\.1 ')
	got=$(snmp_session_groups "$3" | awk '{ print tolower($1 " " $2), $3 }' | LC_ALL=C sort)
	check_eq "$1" "$want" "$(grep -v '^127\.0\.0\.1 ' <<<"$got")"
	check "and it lists its own session" \
		grepq -x "127\.0\.0\.1 $(tr 'A-Z' 'a-z' <<<"$ADDC_DOMAIN")\\\\svc-netsess [0-9]*" <<<"$got"
}
table_matches "fs1's table matches smbstatus of the DC" dc 1
table_matches "fs2's table matches smbstatus of the member server" member 10

# protection IDX SERVER: "PROTOCOL ENCRYPTION SIGNING" of the session of
# server IDX's helper on SERVER (dc or member), matched by the helper's
# TCP port.
protection() {
	local pid port
	pid=$(at_rpc_pid "$1")
	[ -n "$pid" ] || return 1
	port=$(ss -Htnp state established "( dport = :445 )" 2>/dev/null |
		awk -v p="pid=$pid," 'index($0, p) { n = split($3, a, ":"); print a[n]; exit }')
	[ -n "$port" ] || return 1
	addc_status_lines "$2" | awk -v m="(ipv4:127.0.0.1:$port)" '
		{ for (i = 1; i <= NF; i++) if ($i == m) { print $(i + 1), $(i + 2), $(i + 3); exit } }'
}

p10=$(protection 10 member)
echo "    fs2 (encrypt=\"required\") on the member: $p10"
check "fs2's session on the member is encrypted (a cipher, not \"-\")" \
	eval '[ -n "$p10" ] && [ "$(awk "{ print \$2 }" <<<"$p10")" != "-" ] &&
		awk "{ print \$2 }" <<<"$p10" | grepq AES'
check "and is SMB 3" eval 'awk "{ print \$1 }" <<<"$p10" | grepq "^SMB3"'
p2=$(protection 2 dc)
echo "    samba1 (signing=\"required\", encrypt=\"if_required\") on the DC: $p2"
check "samba1's session on the DC is signed" \
	eval '[ -n "$p2" ] && [ "$(awk "{ print \$3 }" <<<"$p2")" != "-" ]'
p1=$(protection 1 dc)
echo "    fs1 (signing=\"if_required\", encrypt=\"off\") on the DC: $p1"
check_eq "fs1's session is not encrypted (encrypt=\"off\")" "-" "$(awk '{ print $2 }' <<<"$p1")"

check "netsessd stops with status 0" nsd_stop
check_eq "nothing is left in the helpers' TMPDIR" "" "$(find "$D/tmp" -mindepth 1 2>/dev/null)"

echo "# this test took $((SECONDS - t0))s"
addc_stop
finish
