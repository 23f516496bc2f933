#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The values of smbSessionTable, not only its rows, against what the server
# reports to an independent reader: Samba's own rpcclient (NetrSessionEnum
# level 1, read from its NDR dump), merged per (client, user) as
# docs/mib.md and netsessd.md say:
# - smbSessionOpens: the open files of the row's sessions, summed
#   (sessions holding files open with smbclient "open");
# - smbSessionIdleTime: the smallest idle time;
# - smbSessionFlags: guest(0) when a session has SESS_GUEST (an anonymous
#   session, which Samba maps to its guest account), noEncryption(1) for
#   SESS_NOENCRYPTION;
# - smbSessionClientType, smbSessionTransport: empty, because Samba does
#   not say: it answers level 1 only (rpcclient's level 2 request gets
#   WERR_INVALID_LEVEL).
# The sessions of client 127.0.0.1 (netsessd's and rpcclient's own) are left
# out: each reader sees its own connection.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
at_samba "127.0.0.2 nstest1" "127.0.0.4 nstest3" "127.0.0.5 nstest1"
samba_hold_open_files 127.0.0.2 nstest1 2 || fatal "a session of nstest1 from 127.0.0.2 with 2 open files"
samba_hold_open_files 127.0.0.3 nstest2 1 || fatal "a session of nstest2 from 127.0.0.3 with 1 open file"
samba_hold_anonymous 127.0.0.6 || fatal "an anonymous session from 127.0.0.6"
samba_hold_unauthenticated 127.0.0.8 || fatal "a session still logging on from 127.0.0.8"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
at_fs1_xml >"$SNMP_DIR/servers.xml"
at_agent "$SNMP_DIR/servers.xml"

echo "smbstatus -L (open files):"
smbstatus -s "$SAMBA_CONF" -L 2>&1 | sed 's/^/    /'

# rpc_dump LEVEL: rpcclient's NDR dump of NetrSessionEnum at LEVEL.
rpc_dump() {
	rpcclient -s "$SAMBA_CONF" -p "$SAMBA_PORT" "$SAMBA_HOST" \
		-U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" -d 10 --debug-stdout \
		-c "netsessenum 127.0.0.2 nstest1 $1" 2>&1
}

# rpc_values: from rpcclient, per (client, user) but 127.0.0.1: "CLIENT
# USER COUNT OPENS IDLE FLAGS", FLAGS as the BITS octet in hex (guest(0) is
# 0x80, noEncryption(1) 0x40), an empty user as "-".
rpc_values() {
	rpc_dump 1 | awk -v q="'" '
	function quoted(   v) {
		v = substr($0, index($0, q) + 1)
		return substr(v, 1, length(v) - 1)
	}
	function number(   v) {
		v = $NF
		gsub(/[()]/, "", v)
		return v + 0
	}
	/out: struct srvsvc_NetSessEnum/ { out = 1 }
	!out { next }
	$1 == "client" && $2 == ":" && index($3, q) == 1 { c = quoted() }
	$1 == "user" && $2 == ":" && index($3, q) == 1 { u = quoted(); if (u == "") u = "-" }
	$1 == "num_open" { o = number() }
	$1 == "idle_time" { i = number() }
	$1 == "user_flags" {
		k = c " " u
		if (c == "127.0.0.1") next
		n[k]++
		opens[k] += o
		if (!(k in idle) || i < idle[k]) idle[k] = i
		f = number()
		if (f % 2 == 1) guest[k] = 1             # SESS_GUEST
		if (int(f / 2) % 2 == 1) noenc[k] = 1    # SESS_NOENCRYPTION
	}
	END {
		for (k in n)
			printf "%s %d %d %d %02X\n", k, n[k], opens[k], idle[k],
				(guest[k] ? 128 : 0) + (noenc[k] ? 64 : 0)
	}
	' | LC_ALL=C sort
}

# snmp_values: the same columns of server 1's rows from one complete walk
# of smbSessionTable (Flags read again as hex, in a walk of its own).
snmp_values() {
	local table flags
	table=$(snmp_session_walk) || return 1
	flags=$(snmp_rw snmpbulkwalk -On -Ox -OQ -Cr50 "$NS_SESSION_ENTRY.$NS_SES_FLAGS") || return 1
	{
		for col in $NS_SES_COUNT $NS_SES_OPENS $NS_SES_IDLE; do
			printf '%s\n' "$table" | _snmp_decode_index "$NS_SESSION_ENTRY.$col" |
				awk -v c="$col" '{ print $1, $2, $3, c, $4 }'
		done
		printf '%s\n' "$flags" | _snmp_decode_index "$NS_SESSION_ENTRY.$NS_SES_FLAGS" |
			awk -v c="$NS_SES_FLAGS" '{ v = ""; for (i = 4; i <= NF; i++) v = v $i; print $1, $2, $3, c, v }'
	} | awk -v count="$NS_SES_COUNT" -v opens="$NS_SES_OPENS" -v idle="$NS_SES_IDLE" \
		-v flags="$NS_SES_FLAGS" '
		$1 != 1 || $2 == "127.0.0.1" { next }
		{ k = $2 " " $3; rows[k] = 1; v[k, $4] = $5 }
		END {
			for (k in rows)
				print k, v[k, count], v[k, opens], v[k, idle], toupper(v[k, flags])
		}' | LC_ALL=C sort
}

echo "rpcclient NetrSessionEnum level 1 (CLIENT USER COUNT OPENS IDLE FLAGS):"
rpc_values | sed 's/^/    /'
at_check_polled "smbSessionCount, Opens, IdleTime and Flags are what rpcclient reads, merged per row" \
	rpc_values snmp_values
check_eq "smbSessionOpens: 2 files open in the session of nstest1 from 127.0.0.2" 2 \
	"$(snmp_values | awk '$1 == "127.0.0.2" && $2 == "nstest1" { print $4 }')"
check_eq "smbSessionFlags: the anonymous session (Samba's guest, nobody) is guest(0)" 80 \
	"$(snmp_values | awk '$1 == "127.0.0.6" && $2 == "nobody" { print $6 }')"
check_eq "smbSessionFlags: an ordinary session has no flag" 00 \
	"$(snmp_values | awk '$1 == "127.0.0.4" && $2 == "nstest3" { print $6 }')"

# Samba does not say the client type or the transport: it refuses level 2.
level2=$(rpc_dump 2) # rpcclient exits 1 on that answer
check "rpcclient NetrSessionEnum level 2: Samba answers WERR_INVALID_LEVEL" \
	eval 'printf "%s\n" "$level2" | grepq -E "^ +result +: WERR_INVALID_LEVEL$"'
if table=$(snmp_session_walk); then
	for col in $NS_SES_CLTYPE $NS_SES_TRANSPORT; do
		check_eq "column $col (smbSessionClientType/Transport) is empty in every row" "" \
			"$(printf '%s\n' "$table" | _snmp_decode_index "$NS_SESSION_ENTRY.$col" |
				awk 'NF > 3 { print }')"
	done
else
	fail "a complete walk of smbSessionTable"
fi

# The values follow the server: files opened in another session.
samba_hold_open_files 127.0.0.5 nstest1 3 || fail "3 more open files from 127.0.0.5"
at_check_polled "after more files are opened: the values are still what rpcclient reads" \
	rpc_values snmp_values
check_eq "smbSessionOpens: the two sessions of nstest1 from 127.0.0.5 hold 3 files" 3 \
	"$(snmp_values | awk '$1 == "127.0.0.5" && $2 == "nstest1" { print $4 }')"

check "netsessd is still running" nsd_alive
echo "run time: $((SECONDS - t0)) s"
finish
