# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash disable=SC2034
#
# addc.sh - a private, real Active Directory domain for the integration
# tests: a Samba AD DC with its own realm, its own address and its own
# files, optionally a Samba member server joined to it. Source it from bash
# (it is not a program):
#
#     . "$(dirname "$0")/lib/addc.sh"
#     addc_start                        # provision, users, keytab, start
#     addc_run netsess --keytab "$ADDC_SVC_KEYTAB" -U "$ADDC_SVC_PRINCIPAL" \
#         enum "\\\\$ADDC_HOST"
#     addc_hold_session dc 127.0.0.2 nstest1
#     addc_sessions dc                  # "client user" lines, sorted
#     addc_restart "ntlm auth=disabled" # same domain, new option
#     addc_member_start                 # join mem1 and start it (optional)
#     addc_stop                         # also runs on exit (trap)
#
# Must run as root. Every failure prints "addc.sh: ..." on stderr and
# returns non-zero; a missing program is a failure, never a skip. One
# domain per shell; call addc_start in the test's own shell, not in a
# $(...) subshell, or the exported variables are lost.
#
# Isolation. Each run takes an address of its own, 127.A.B.C with A in
# 100..199, reserved by creating the directory $ADDC_LOCK_ROOT/127.A.B.C
# (mkdir is atomic, so two runs never take the same address; the run that
# made it removes it). The DC binds every service to that address only
# (interfaces = ADDR/8, bind interfaces only), on the standard ports: a
# member server's join reaches the KDC on 88 and CLDAP/LDAP on 389
# whatever krb5.conf says (Samba writes its own krb5.conf with ":88" for
# the join), so private ports would break the join, and a private address
# is all the isolation needed. A wildcard listener on one of those ports
# (a system KDC or smbd on 0.0.0.0) makes the start fail with a message
# naming the port. Nothing under /etc, /run/samba or /var/lib/samba is
# used: every path is in $ADDC_DIR (the DC's smb.conf sets them all), and
# the processes find their winbindd through SELFTEST_WINBINDD_SOCKET_DIR,
# which Samba honours when nss_wrapper is loaded.
#
# Name resolution without /etc/hosts: clients and servers run with
# libnss_wrapper preloaded and NSS_WRAPPER_HOSTS=$ADDC_DIR/hosts, which
# names dc1.netsess.test (and mem1.netsess.test). Kerberos needs names:
# the service principal is cifs/<name the client used>.
#
# Functions
#   addc_start        provision the domain (samba-tool domain provision
#                     --server-role=dc --dns-backend=NONE), create the
#                     users, export the service account's keytab, write
#                     krb5.conf and the hosts file, start samba and wait
#                     until Kerberos, SMB and srvsvc NetrSessionEnum work;
#                     installs the cleanup trap.
#   addc_stop         end every process of the domain and its member;
#                     release the address; remove $ADDC_DIR. Safe twice.
#   addc_restart [NAME=VALUE...]
#                     stop the DC, set the [global] options given (a NAME
#                     with an empty VALUE removes it), start it again and
#                     wait until it works (by Kerberos, so that "ntlm auth
#                     = disabled" can be tested). Clients that reconnect
#                     meanwhile (a netsessd) may stay connected.
#   addc_dc_option NAME
#                     the value of an option in the DC's smb.conf.
#   addc_run CMD...   run CMD with the domain's client environment:
#                     KRB5_CONFIG, KRB5CCNAME (a private default cache),
#                     NSS_WRAPPER_HOSTS and libnss_wrapper preloaded
#                     (after anything already in LD_PRELOAD).
#   addc_hosts_wrapper FILE PROGRAM
#                     write FILE, an executable that runs PROGRAM (with
#                     FILE's arguments, as the same process) in a mount
#                     namespace of its own where /etc/hosts names the
#                     domain: for a program whose children cannot
#                     preload nss_wrapper (netsessd starts its helpers
#                     with a reduced environment, without LD_PRELOAD).
#                     The machine's /etc/hosts is not touched.
#   addc_kinit USER [CCACHE]
#                     kinit USER with its password into CCACHE (default:
#                     $ADDC_DIR/ccache/USER); prints nothing.
#   addc_krb5_conf FILE [LIBDEFAULTS...]
#                     write a krb5.conf for the domain to FILE, with extra
#                     [libdefaults] lines (e.g. "ticket_lifetime = 30s").
#   addc_member_start join mem1 to the domain (net ads join, Kerberos)
#                     and start its smbd and winbindd on their own address.
#   addc_sessions SERVER              SERVER is dc or member: the live
#                                     sessions, "client user" per line.
#   addc_session_count SERVER [CLIENT [USER]]
#   addc_wait_session_count SERVER N [CLIENT [USER]]
#   addc_status_lines SERVER [CLIENT [USER]]
#                     the raw smbstatus -b lines of the matching sessions
#                     (their Protocol, Encryption and Signing columns).
#   addc_hold_session SERVER ADDR USER
#                     one smbclient holding a session as USER (Kerberos,
#                     from its own ticket cache) from source address ADDR;
#                     returns once smbstatus shows it. PID in
#                     ADDC_HOLDER_PID.
#   addc_release PID  end one holder and wait until its session is gone.
#
# Exported variables (set by addc_start)
#   ADDC_DIR          private temporary directory holding everything
#   ADDC_ADDR         the DC's address (127.A.B.C)
#   ADDC_HOST         dc1.netsess.test, the DC's name
#   ADDC_REALM        NETSESS.TEST
#   ADDC_DOMAIN       NETSESS (NetBIOS domain name)
#   ADDC_CONF         the DC's smb.conf
#   ADDC_KRB5_CONF    the domain's krb5.conf (KDC ADDR:88)
#   ADDC_ADMIN_USER / ADDC_ADMIN_PASS   Administrator and its password
#   ADDC_SVC_USER     svc-netsess, the service account (Domain Admins)
#   ADDC_SVC_PASS     its password (for the tests that need one)
#   ADDC_SVC_PRINCIPAL  svc-netsess@NETSESS.TEST
#   ADDC_SVC_KEYTAB   its keytab (mode 0600)
#   ADDC_USERS        nstest1 nstest2 (ordinary domain users)
#   ADDC_PASS_nstest1, ADDC_PASS_nstest2
#   ADDC_NSS_WRAPPER  path of libnss_wrapper.so
#   ADDC_START_SECONDS  how long addc_start took (provision included)
#   ADDC_PROBE_ADDR   127.0.0.254, the source address of the test bed's
#                     own probes (not for the tests' holders)
#   After addc_member_start: ADDC_MEMBER_ADDR, ADDC_MEMBER_HOST
#   (mem1.netsess.test), ADDC_MEMBER_CONF, ADDC_MEMBER_JOIN_SECONDS.
# Every wait gives up, with a message, after ADDC_TIMEOUT seconds (default
# 120).
#
# Extra users for the least-privilege tests: svc-builtin (only in
# BUILTIN\Administrators) and svc-srvops (only in Server Operators), with
# passwords in ADDC_PASS_svc_builtin and ADDC_PASS_svc_srvops and keytabs
# $ADDC_DIR/keytabs/USER.keytab.
#
# smbstatus -b on the DC names sessions "client user" with user as
# DOMAIN\name (e.g. "127.0.0.2 NETSESS\nstest1"); addc_sessions prints it
# so. Cleanup: addc_start installs an EXIT trap (and INT/TERM/HUP traps
# that exit) which calls addc_stop, then whatever EXIT trap was set before;
# a watchdog removes everything once the calling shell is gone, and samba
# itself ends after --maximum-runtime (ADDC_MAX_RUNTIME, default 3600 s).

ADDC_TIMEOUT=${ADDC_TIMEOUT:-120}
ADDC_MAX_RUNTIME=${ADDC_MAX_RUNTIME:-3600}
ADDC_LOCK_ROOT=${ADDC_LOCK_ROOT:-/tmp/netsess-addc-addresses}
ADDC_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The generic pieces (waiting, process cleanup, the source-address shim,
# smbstatus parsing) are samba.sh's.
# shellcheck source=tests/integration/lib/samba.sh
. "$ADDC_LIB_DIR/samba.sh" || return 1

_addc_die() {
	echo "addc.sh: $*" >&2
	return 1
}

# _addc_need PROGRAM...: fail unless each program is installed.
_addc_need() {
	local p
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 ||
			_addc_die "required program '$p' not found (install samba-ad-dc," \
				"samba-ad-provision, winbind, krb5-user, smbclient, libnss-wrapper)" ||
			return 1
	done
}

# _addc_find_nss_wrapper: print the path of libnss_wrapper.so.
_addc_find_nss_wrapper() {
	local f
	for f in /usr/lib/*-linux-gnu/libnss_wrapper.so /usr/lib/libnss_wrapper.so \
		/usr/lib64/libnss_wrapper.so; do
		[ -r "$f" ] && {
			echo "$f"
			return 0
		}
	done
	_addc_die "libnss_wrapper.so not found (install libnss-wrapper)"
}

# _addc_find_nss_winbind: print the path of the winbind NSS module.
_addc_find_nss_winbind() {
	local f
	for f in /lib/*-linux-gnu/libnss_winbind.so.2 /usr/lib/*-linux-gnu/libnss_winbind.so.2; do
		[ -r "$f" ] && {
			echo "$f"
			return 0
		}
	done
	_addc_die "libnss_winbind.so.2 not found (install libnss-winbind)"
}

# _addc_wait DESCRIPTION COMMAND...: poll COMMAND, at most ADDC_TIMEOUT s.
_addc_wait() {
	SAMBA_TIMEOUT=$ADDC_TIMEOUT _samba_wait "$@"
}

# _addc_addr_listeners ADDR: the TCP/UDP sockets bound to ADDR.
_addc_addr_listeners() {
	ss -Htuln 2>/dev/null | awk -v a="$1" '$5 ~ ("^" a ":") { print $5 }'
}

# _addc_reserve_addr: take a free 127.A.B.C (A in 100..199) for this run.
_addc_reserve_addr() {
	local i a
	mkdir -p "$ADDC_LOCK_ROOT" 2>/dev/null
	chmod 1777 "$ADDC_LOCK_ROOT" 2>/dev/null
	for i in $(seq 200); do
		a=127.$((100 + RANDOM % 100)).$((RANDOM % 256)).$((1 + RANDOM % 250))
		# Two consecutive addresses: the DC's and the member's.
		mkdir "$ADDC_LOCK_ROOT/$a" 2>/dev/null || continue
		if [ -n "$(_addc_addr_listeners "$a")" ] ||
			[ -n "$(_addc_addr_listeners "$(_samba_addr_add "$a" 1)")" ]; then
			rmdir "$ADDC_LOCK_ROOT/$a"
			continue
		fi
		echo "$$" >"$ADDC_LOCK_ROOT/$a/owner"
		ADDC_ADDR=$a
		ADDC_LOCK=$ADDC_LOCK_ROOT/$a
		return 0
	done
	_addc_die "no free loopback address found under $ADDC_LOCK_ROOT"
}

# _addc_wildcard_check: fail when another program listens on a port the DC
# needs on every address (the DC's bind would then fail).
_addc_wildcard_check() {
	local p busy=""
	for p in 88 135 389 445 464 636 3268 3269; do
		if ss -Htln "( sport = :$p )" 2>/dev/null | awk '{ print $4 }' |
			grep -qE '^(0\.0\.0\.0|\*|\[::\]):'; then
			busy="$busy $p"
		fi
	done
	[ -z "$busy" ] ||
		_addc_die "another program listens on all addresses on port(s)$busy;" \
			"the DC cannot bind them on $ADDC_ADDR"
}

# _addc_write_hosts: the names of the domain for nss_wrapper.
_addc_write_hosts() {
	{
		echo "$ADDC_ADDR $ADDC_HOST dc1"
		echo "$(_samba_addr_add "$ADDC_ADDR" 1) mem1.netsess.test mem1"
	} >"$ADDC_DIR/hosts"
}

addc_krb5_conf() {
	local f=$1 l
	shift
	{
		echo "# Kerberos for the private domain $ADDC_REALM; written by addc.sh"
		echo "[libdefaults]"
		echo "	default_realm = $ADDC_REALM"
		echo "	dns_lookup_kdc = false"
		echo "	dns_lookup_realm = false"
		echo "	dns_canonicalize_hostname = false"
		echo "	rdns = false"
		for l in "$@"; do
			echo "	$l"
		done
		echo "[realms]"
		echo "	$ADDC_REALM = {"
		echo "		kdc = $ADDC_ADDR:88"
		echo "		admin_server = $ADDC_ADDR:464"
		echo "		kpasswd_server = $ADDC_ADDR:464"
		echo "	}"
		echo "[domain_realm]"
		echo "	.netsess.test = $ADDC_REALM"
		echo "	netsess.test = $ADDC_REALM"
	} >"$f"
}

# _addc_provision: samba-tool domain provision into $ADDC_DIR/dc.
_addc_provision() {
	local d=$ADDC_DIR/dc p
	mkdir -m 0700 "$d" || return 1
	for p in pid ncalrpc winbindd log usershares; do
		mkdir -m 0755 "$d/$p" || return 1
	done
	# The options end up in the [global] section of the smb.conf that
	# provision writes.
	samba-tool domain provision --server-role=dc --dns-backend=NONE \
		--realm="$ADDC_REALM" --domain="$ADDC_DOMAIN" --host-name=dc1 \
		--host-ip="$ADDC_ADDR" --adminpass="$ADDC_ADMIN_PASS" \
		--targetdir="$d" \
		--option="interfaces = $ADDC_ADDR/8" \
		--option="bind interfaces only = yes" \
		--option="server services = s3fs, rpc, kdc, ldap, cldap, winbindd" \
		--option="disable netbios = yes" \
		--option="prefork children = 1" \
		--option="pid directory = $d/pid" \
		--option="ncalrpc dir = $d/ncalrpc" \
		--option="winbindd socket directory = $d/winbindd" \
		--option="usershare path = $d/usershares" \
		--option="log file = $d/log/log.%m" \
		--option="max log size = 0" \
		--option="log level = 1" \
		--option="load printers = no" \
		--option="printing = bsd" \
		--option="printcap name = /dev/null" \
		--option="disable spoolss = yes" \
		--option="deadtime = 0" \
		>"$ADDC_DIR/log/provision.log" 2>&1 ||
		{
			tail -n 20 "$ADDC_DIR/log/provision.log" >&2
			_addc_die "samba-tool domain provision failed"
			return 1
		}
	ADDC_CONF=$d/etc/smb.conf
	# The printers share provision adds would need a spool directory.
	_addc_drop_section "$ADDC_CONF" printers
	# Without its DNS backend, provision leaves the DC's ldap/ service
	# principal to samba_spnupdate (the dnsupdate service, not run here);
	# a member's join binds to LDAP with it.
	_addc_tool spn add "ldap/$ADDC_HOST" 'DC1$'
}

# _addc_drop_section FILE NAME: remove the [NAME] section of an smb.conf.
_addc_drop_section() {
	awk -v s="[$2]" '
		/^\[/ { skip = ($1 == s) }
		!skip' "$1" >"$1.new" && mv "$1.new" "$1"
}

# _addc_tool ARGS...: samba-tool against the DC's databases.
_addc_tool() {
	samba-tool "$@" -s "$ADDC_CONF" >>"$ADDC_DIR/log/setup.log" 2>&1 ||
		_addc_die "samba-tool $1 $2 failed: $(tail -n 3 "$ADDC_DIR/log/setup.log")"
}

# _addc_user NAME PASSWORD [GROUP]: create a domain user whose password
# never expires, optionally in GROUP.
_addc_user() {
	_addc_tool user create "$1" "$2" || return 1
	_addc_tool user setexpiry "$1" --noexpiry || return 1
	[ -z "${3:-}" ] || _addc_tool group addmembers "$3" "$1"
}

# _addc_keytab USER FILE: export USER's keys to FILE (mode 0600).
_addc_keytab() {
	(umask 077 && _addc_tool domain exportkeytab "$2" --principal="$1@$ADDC_REALM")
}

_addc_setup_users() {
	local u var
	mkdir -m 0700 "$ADDC_DIR/keytabs" || return 1
	_addc_tool user setexpiry Administrator --noexpiry || return 1
	# [MS-SRVS] NetrSessionDel on Samba: root or Domain Admins (see
	# docs/netsessd.md, "Domain authentication").
	_addc_user "$ADDC_SVC_USER" "$ADDC_SVC_PASS" "Domain Admins" || return 1
	_addc_keytab "$ADDC_SVC_USER" "$ADDC_SVC_KEYTAB" || return 1
	_addc_user svc-builtin "$ADDC_PASS_svc_builtin" Administrators || return 1
	_addc_keytab svc-builtin "$ADDC_DIR/keytabs/svc-builtin.keytab" || return 1
	_addc_user svc-srvops "$ADDC_PASS_svc_srvops" "Server Operators" || return 1
	_addc_keytab svc-srvops "$ADDC_DIR/keytabs/svc-srvops.keytab" || return 1
	for u in $ADDC_USERS; do
		var=ADDC_PASS_$u
		export "$var=${!var:-${u^}-Secret-9}"
		_addc_user "$u" "${!var}" || return 1
	done
}

# _addc_server_env [SERVER]: the environment every process of the domain
# (dc, the default, or member) runs with; smbstatus needs it too.
_addc_server_env() {
	local wb=$ADDC_DIR/dc/winbindd
	[ "${1:-dc}" = member ] && wb=$ADDC_DIR/member/winbindd
	echo "SELFTEST_WINBINDD_SOCKET_DIR=$wb"
	# Not the caller's TMPDIR: smbd writes temporary files there after it
	# has become the logged-on user (a test's private 0700 TMPDIR gave
	# every non-root logon NT_STATUS_ACCESS_DENIED on \PIPE\srvsvc).
	echo "TMPDIR=$ADDC_DIR/srvtmp"
	echo "LD_PRELOAD=$ADDC_NSS_WRAPPER"
	echo "NSS_WRAPPER_HOSTS=$ADDC_DIR/hosts"
	echo "NSS_WRAPPER_PASSWD=/etc/passwd"
	echo "NSS_WRAPPER_GROUP=/etc/group"
	echo "NSS_WRAPPER_MODULE_SO_PATH=$ADDC_NSS_WINBIND"
	echo "NSS_WRAPPER_MODULE_FN_PREFIX=winbind"
	echo "KRB5_CONFIG=$ADDC_KRB5_CONF"
	echo "KRB5CCNAME=FILE:$ADDC_DIR/ccache/server"
}

addc_run() {
	local pre=$ADDC_NSS_WRAPPER
	[ -n "${ADDC_DIR:-}" ] || _addc_die "addc_run: no domain (call addc_start)" || return 1
	[ -z "${LD_PRELOAD:-}" ] || pre="$LD_PRELOAD:$ADDC_NSS_WRAPPER"
	env LD_PRELOAD="$pre" NSS_WRAPPER_HOSTS="$ADDC_DIR/hosts" \
		KRB5_CONFIG="$ADDC_KRB5_CONF" \
		KRB5CCNAME="${ADDC_CCACHE:-FILE:$ADDC_DIR/ccache/default}" "$@"
}

addc_hosts_wrapper() {
	local file=$1 prog=$2 hosts
	[ -n "${ADDC_DIR:-}" ] || _addc_die "addc_hosts_wrapper: no domain" || return 1
	_addc_need unshare mount || return 1
	hosts=$ADDC_DIR/etc-hosts
	{
		echo "127.0.0.1 localhost"
		echo "::1 localhost ip6-localhost ip6-loopback"
		cat "$ADDC_DIR/hosts"
	} >"$hosts" || return 1
	# unshare(1) without --fork execs in the same process: the PID the
	# caller gets is PROGRAM's, and signals reach it.
	cat >"$file" <<EOF || return 1
#!/bin/sh
# Runs $prog with $hosts as /etc/hosts; written by addc.sh.
exec unshare --mount --propagation private -- /bin/sh -c \
	'mount --bind "\$0" /etc/hosts && exec "\$@"' "$hosts" "$prog" "\$@"
EOF
	chmod 0755 "$file"
}

addc_kinit() {
	local user=$1 cc=${2:-FILE:$ADDC_DIR/ccache/$1} var pass
	case $user in
	"$ADDC_ADMIN_USER") pass=$ADDC_ADMIN_PASS ;;
	"$ADDC_SVC_USER") pass=$ADDC_SVC_PASS ;;
	*)
		var=ADDC_PASS_${user//-/_}
		pass=${!var:-}
		;;
	esac
	[ -n "$pass" ] || _addc_die "addc_kinit: unknown user '$user'" || return 1
	printf '%s\n' "$pass" |
		ADDC_CCACHE=$cc addc_run kinit "$user@$ADDC_REALM" >/dev/null 2>"$ADDC_DIR/log/kinit.err" ||
		_addc_die "kinit $user failed: $(cat "$ADDC_DIR/log/kinit.err")"
}

# _addc_dc_launch: start samba in the background, in a session (and so a
# process group) of its own: its service processes rename themselves
# ("samba: task[kdc]"), so they are found by their group, not by their
# command line. Its smbd and winbindd make sessions of their own and are
# found by their command line (-s $ADDC_CONF).
_addc_dc_launch() {
	local d=$ADDC_DIR/dc
	# shellcheck disable=SC2046
	env $(_addc_server_env dc) \
		setsid samba -F -s "$ADDC_CONF" --maximum-runtime="$ADDC_MAX_RUNTIME" \
		</dev/null >>"$d/log/samba.out" 2>&1 &
	ADDC_SAMBA_PID=$!
	echo "$ADDC_SAMBA_PID" >"$ADDC_DIR/samba.pgid"
}

# _addc_kill_group PGID: TERM the process group, KILL what is left.
_addc_kill_group() {
	local g=$1 i
	[ -n "$g" ] || return 0
	kill -TERM -- "-$g" 2>/dev/null || return 0
	for i in $(seq 100); do
		kill -0 -- "-$g" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL -- "-$g" 2>/dev/null
	return 0
}

# _addc_dc_listening: samba and its smbd serve KDC, LDAP and SMB.
_addc_dc_listening() {
	local l
	kill -0 "$ADDC_SAMBA_PID" 2>/dev/null || return 2
	l=$(_addc_addr_listeners "$ADDC_ADDR")
	grep -q ":88$" <<<"$l" && grep -q ":389$" <<<"$l" && grep -q ":445$" <<<"$l"
}

# _addc_probe CMD...: one of the test bed's own probes, connecting from
# $ADDC_PROBE_ADDR, so that its session can be told from any other
# client's (a netsessd that reconnects while the DC restarts).
_addc_probe() {
	NETSESS_SRCADDR=$ADDC_PROBE_ADDR LD_PRELOAD=$NETSESS_SRCADDR_PRELOAD addc_run "$@"
}

_addc_admin_smb() {
	ADDC_CCACHE=FILE:$ADDC_DIR/ccache/$ADDC_ADMIN_USER _addc_probe \
		smbclient -s "$ADDC_DIR/client.conf" --use-kerberos=required \
		"//$ADDC_HOST/IPC\$" -c exit >/dev/null 2>&1
}

# _addc_svc_rpc: the service account (a Domain Admin, not root as
# Administrator is) may enumerate: right after a start the DC answers it
# with access denied for a while, until its group memberships resolve.
_addc_svc_rpc() {
	local cc=FILE:$ADDC_DIR/ccache/svc-probe
	ADDC_CCACHE=$cc addc_run kinit -k -t "$ADDC_SVC_KEYTAB" "$ADDC_SVC_PRINCIPAL" \
		>/dev/null 2>&1 &&
		ADDC_CCACHE=$cc _addc_probe rpcclient -s "$ADDC_DIR/client.conf" \
			--use-kerberos=required "$ADDC_HOST" -c 'netsessenum 1' >/dev/null 2>&1
}

_addc_admin_kinit() {
	addc_kinit "$ADDC_ADMIN_USER" 2>/dev/null
}

# _addc_dc_wait: until Kerberos, SMB and srvsvc answer, then until the
# probes' sessions are gone (after a start, no session at all is left;
# after a restart, clients of the test may have reconnected).
_addc_dc_wait() {
	local rc deadline=$((SECONDS + ADDC_TIMEOUT))
	while :; do
		rc=0
		_addc_dc_listening || rc=$?
		[ "$rc" -eq 0 ] && break
		if [ "$rc" -eq 2 ] || ((SECONDS >= deadline)); then
			tail -n 20 "$ADDC_DIR/dc/log/samba.out" >&2
			_addc_die "samba did not start on $ADDC_ADDR (listening:" \
				"$(_addc_addr_listeners "$ADDC_ADDR" | tr '\n' ' '))"
			return 1
		fi
		sleep 0.1
	done
	_addc_wait "a Kerberos ticket for $ADDC_ADMIN_USER" _addc_admin_kinit || return 1
	_addc_wait "SMB login by Kerberos" _addc_admin_smb || return 1
	_addc_wait "srvsvc NetrSessionEnum as $ADDC_SVC_USER via rpcclient" _addc_svc_rpc ||
		return 1
	addc_wait_session_count dc 0 "$ADDC_PROBE_ADDR"
}

# _addc_write_client_conf: an smb.conf for Samba's client tools, so that
# they never read the machine's.
_addc_write_client_conf() {
	cat >"$ADDC_DIR/client.conf" <<EOF
# Client settings for the private domain $ADDC_REALM; written by addc.sh.
[global]
	workgroup = $ADDC_DOMAIN
	realm = $ADDC_REALM
	lock directory = $ADDC_DIR/client
	state directory = $ADDC_DIR/client
	cache directory = $ADDC_DIR/client
	private dir = $ADDC_DIR/client
	ncalrpc dir = $ADDC_DIR/client/ncalrpc
	log file = $ADDC_DIR/log/client.%m
	disable netbios = yes
	client min protocol = SMB2_02
EOF
	mkdir -m 0700 "$ADDC_DIR/client"
}

_addc_install_trap() {
	local old words
	old=$(trap -p EXIT)
	case $old in
	*addc_stop*) ;;
	'') trap addc_stop EXIT ;;
	*)
		eval "words=($old)"
		_ADDC_OLD_EXIT_TRAP=${words[2]}
		trap 'addc_stop; eval "$_ADDC_OLD_EXIT_TRAP"' EXIT
		;;
	esac
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# _addc_watchdog: remove everything once the calling shell is gone.
_addc_watchdog() {
	local parent=$$ d=$ADDC_DIR lock=$ADDC_LOCK
	(
		trap '' INT HUP
		exec </dev/null >/dev/null 2>&1
		while kill -0 "$parent" 2>/dev/null && [ -d "$d" ]; do
			sleep 1
		done
		_addc_kill_group "$(cat "$d/samba.pgid" 2>/dev/null)"
		_samba_kill_dir "$d"
		rm -rf "$lock"
	) &
	ADDC_WATCHDOG_PID=$!
}

addc_start() {
	local t0=$SECONDS
	_addc_start && {
		ADDC_START_SECONDS=$((SECONDS - t0))
		export ADDC_START_SECONDS
		return 0
	}
	addc_stop
	return 1
}

_addc_start() {
	# A directory that is gone is a domain that is gone (an ADDC_DIR
	# inherited from a finished run).
	[ -z "${ADDC_DIR:-}" ] || [ ! -d "$ADDC_DIR" ] ||
		_addc_die "addc_start: already running in $ADDC_DIR" || return 1
	[ "$(id -u)" = 0 ] || _addc_die "addc_start must run as root" || return 1
	_addc_need samba samba-tool smbd winbindd smbclient smbstatus rpcclient net \
		kinit klist ss mkfifo || return 1
	ADDC_NSS_WRAPPER=$(_addc_find_nss_wrapper) || return 1
	ADDC_NSS_WINBIND=$(_addc_find_nss_winbind) || return 1

	ADDC_DIR=$(mktemp -d "${TMPDIR:-/tmp}/netsess-addc.XXXXXX") ||
		_addc_die "mktemp failed" || return 1
	chmod 0711 "$ADDC_DIR"
	mkdir -m 0700 "$ADDC_DIR/log" "$ADDC_DIR/ccache" "$ADDC_DIR/holders" || return 1
	mkdir -m 1777 "$ADDC_DIR/srvtmp" || return 1
	mkfifo -m 0600 "$ADDC_DIR/holders/idle.fifo" || return 1
	: >"$ADDC_DIR/holders/list"
	_addc_reserve_addr || return 1
	export ADDC_DIR ADDC_ADDR ADDC_LOCK ADDC_NSS_WRAPPER ADDC_NSS_WINBIND
	_addc_install_trap
	_addc_watchdog
	_addc_wildcard_check || return 1

	export ADDC_REALM=NETSESS.TEST ADDC_DOMAIN=NETSESS ADDC_HOST=dc1.netsess.test
	export ADDC_ADMIN_USER=Administrator
	export ADDC_ADMIN_PASS=${ADDC_ADMIN_PASS:-Adm1n-Secret-9}
	export ADDC_SVC_USER=svc-netsess ADDC_SVC_PASS=${ADDC_SVC_PASS:-Svc-Netsess-Secret-9}
	export ADDC_SVC_PRINCIPAL=$ADDC_SVC_USER@$ADDC_REALM
	export ADDC_SVC_KEYTAB=$ADDC_DIR/keytabs/$ADDC_SVC_USER.keytab
	export ADDC_PASS_svc_builtin=Svc-Builtin-Secret-9 ADDC_PASS_svc_srvops=Svc-Srvops-Secret-9
	export ADDC_USERS="nstest1 nstest2"
	export ADDC_PROBE_ADDR=127.0.0.254
	export ADDC_KRB5_CONF=$ADDC_DIR/krb5.conf

	_samba_build_shim "$ADDC_DIR" || return 1
	export NETSESS_SRCADDR_PRELOAD
	_addc_write_hosts
	addc_krb5_conf "$ADDC_KRB5_CONF"
	_addc_write_client_conf
	_addc_provision || return 1
	export ADDC_CONF
	_addc_setup_users || return 1
	_addc_dc_launch
	_addc_dc_wait
}

# _addc_kill_pid PID: TERM, then KILL after ADDC_TIMEOUT/2 s; reap.
_addc_kill_pid() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq $((ADDC_TIMEOUT * 5))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
}

# _addc_dc_stop: end samba and every process started for the DC's files.
_addc_dc_stop() {
	local pids i
	# The group from the file: a restart may have run in another shell.
	_addc_kill_group "$(cat "$ADDC_DIR/samba.pgid" 2>/dev/null)"
	wait "${ADDC_SAMBA_PID:-}" 2>/dev/null
	for i in $(seq 100); do
		pids=$(_samba_pids "$ADDC_DIR/dc")
		[ -z "$pids" ] && return 0
		# shellcheck disable=SC2086
		kill -TERM $pids 2>/dev/null
		sleep 0.1
	done
	# shellcheck disable=SC2046
	kill -KILL $(_samba_pids "$ADDC_DIR/dc") 2>/dev/null
	return 0
}

# _addc_set_option FILE NAME VALUE: set (or, with an empty VALUE, remove)
# a [global] option.
_addc_set_option() {
	awk -v name="$2" -v value="$3" '
		function norm(s) { gsub(/[ \t]/, "", s); return tolower(s) }
		/^\[/ { if (global && !done && value != "") { print "\t" name " = " value; done = 1 }
			global = ($1 == "[global]") }
		global && index($0, "=") && norm(substr($0, 1, index($0, "=") - 1)) == norm(name) {
			if (!done && value != "") print "\t" name " = " value
			done = 1
			next
		}
		{ print }
		END { if (global && !done && value != "") print "\t" name " = " value }
	' "$1" >"$1.new" && mv "$1.new" "$1"
}

addc_dc_option() {
	awk -v name="$1" '
		function norm(s) { gsub(/[ \t]/, "", s); return tolower(s) }
		/^\[/ { global = ($1 == "[global]") }
		global && index($0, "=") && norm(substr($0, 1, index($0, "=") - 1)) == norm(name) {
			v = substr($0, index($0, "=") + 1)
			sub(/^[ \t]+/, "", v)
			print v
		}' "$ADDC_CONF"
}

addc_restart() {
	local kv
	[ -n "${ADDC_DIR:-}" ] || _addc_die "addc_restart: no domain" || return 1
	_addc_dc_stop
	for kv in "$@"; do
		_addc_set_option "$ADDC_CONF" "${kv%%=*}" "${kv#*=}" || return 1
	done
	_addc_dc_launch
	_addc_dc_wait
}

addc_stop() {
	local d=${ADDC_DIR:-} pid holders
	[ -n "$d" ] || return 0
	if [ -n "${ADDC_WATCHDOG_PID:-}" ]; then
		kill "$ADDC_WATCHDOG_PID" 2>/dev/null || true
		wait "$ADDC_WATCHDOG_PID" 2>/dev/null || true
	fi
	holders=$(awk '{ print $1 }' "$d/holders/list" 2>/dev/null)
	_addc_kill_group "$(cat "$d/samba.pgid" 2>/dev/null)"
	_samba_kill_dir "$d"
	for pid in ${ADDC_SAMBA_PID:-} ${ADDC_MEMBER_SMBD_PID:-} ${ADDC_MEMBER_WINBINDD_PID:-} $holders; do
		wait "$pid" 2>/dev/null || true
	done
	[ -n "${ADDC_LOCK:-}" ] && rm -rf "$ADDC_LOCK"
	case ${NETSESS_SRCADDR_PRELOAD:-} in
	"$d"/*) unset NETSESS_SRCADDR_PRELOAD ;;
	esac
	unset ADDC_DIR ADDC_CONF ADDC_SAMBA_PID ADDC_WATCHDOG_PID ADDC_LOCK \
		ADDC_MEMBER_SMBD_PID ADDC_MEMBER_WINBINDD_PID ADDC_MEMBER_CONF ADDC_HOLDER_PID
	[ ! -e "$d" ] || _addc_die "could not remove $d"
}

# _addc_conf_of SERVER: the smb.conf of dc or member.
_addc_conf_of() {
	case $1 in
	dc) echo "$ADDC_CONF" ;;
	member)
		[ -n "${ADDC_MEMBER_CONF:-}" ] ||
			_addc_die "no member server (call addc_member_start)" || return 1
		echo "$ADDC_MEMBER_CONF"
		;;
	*) _addc_die "unknown server '$1' (use dc or member)" ;;
	esac
}

_addc_host_of() {
	case $1 in
	dc) echo "$ADDC_HOST" ;;
	member) echo "$ADDC_MEMBER_HOST" ;;
	esac
}

# _addc_status SERVER: smbstatus -b of SERVER.
_addc_status() {
	local conf out
	conf=$(_addc_conf_of "$1") || return 1
	# Through winbindd's NSS module, so that users have names, not uids.
	# shellcheck disable=SC2046
	out=$(env $(_addc_server_env "$1") smbstatus -s "$conf" -b 2>&1) ||
		_addc_die "smbstatus failed: $out" || return 1
	printf '%s\n' "$out"
}

addc_sessions() {
	local out
	out=$(_addc_status "$1") || return 1
	printf '%s\n' "$out" | _samba_parse_status | LC_ALL=C sort
}

addc_session_count() {
	local list
	list=$(addc_sessions "$1") || return 1
	# User names hold a backslash: passed through ENVIRON, not awk -v.
	printf '%s\n' "$list" | C=${2:-} U=${3:-} awk '
		BEGIN { c = ENVIRON["C"]; u = tolower(ENVIRON["U"]) }
		NF == 2 && (c == "" || $1 == c) && (u == "" || tolower($2) == u) { n++ }
		END { print n + 0 }'
}

_addc_count_is() {
	[ "$(addc_session_count "$1" "$3" "$4")" = "$2" ]
}

addc_wait_session_count() {
	_addc_wait "$2 session(s) on $1 for client='${3:-}' user='${4:-}'" \
		_addc_count_is "$1" "$2" "${3:-}" "${4:-}"
}

addc_status_lines() {
	local out
	out=$(_addc_status "$1") || return 1
	printf '%s\n' "$out" | C=${2:-} U=${3:-} awk '
		BEGIN { c = ENVIRON["C"]; u = tolower(ENVIRON["U"]) }
		$1 ~ /^[0-9]+$/ {
			for (i = 3; i <= NF; i++)
				if ($i ~ /^\((ipv4|ipv6|unix):/) {
					if ((c == "" || $(i - 1) == c) && (u == "" || tolower($2) == u))
						print
					break
				}
		}'
}

# _addc_share_of SERVER: a share every domain user may connect to.
_addc_share_of() {
	case $1 in
	dc) echo netlogon ;;
	member) echo data ;;
	esac
}

addc_hold_session() {
	local server=$1 addr=$2 user=$3 host share n before
	[ $# -eq 3 ] || _addc_die "usage: addc_hold_session SERVER ADDR USER" || return 1
	_samba_valid_addr "$addr" ||
		_addc_die "source address '$addr' is not in 127.0.0.0/8" || return 1
	host=$(_addc_host_of "$server") || return 1
	[ -n "$host" ] || _addc_die "unknown server '$server'" || return 1
	share=$(_addc_share_of "$server")
	before=$(addc_session_count "$server" "$addr" "$ADDC_DOMAIN\\$user") || return 1
	addc_kinit "$user" || return 1
	n=$(wc -l <"$ADDC_DIR/holders/list")
	n=$((n + 1))
	ADDC_CCACHE=FILE:$ADDC_DIR/ccache/$user \
		NETSESS_SRCADDR=$addr LD_PRELOAD=$NETSESS_SRCADDR_PRELOAD addc_run \
		smbclient -N -s "$ADDC_DIR/client.conf" --use-kerberos=required \
		"//$host/$share" 0<>"$ADDC_DIR/holders/idle.fifo" \
		>"$ADDC_DIR/holders/$n.log" 2>&1 &
	ADDC_HOLDER_PID=$!
	echo "$ADDC_HOLDER_PID $server $addr $user $n" >>"$ADDC_DIR/holders/list"
	_addc_wait "the session of $user from $addr on $server" \
		_addc_holder_up "$ADDC_HOLDER_PID" "$server" "$addr" "$ADDC_DOMAIN\\$user" \
		$((before + 1)) "$n"
}

# _addc_holder_up PID SERVER ADDR USER WANT N: the holder lives and
# smbstatus shows WANT sessions of USER from ADDR.
_addc_holder_up() {
	if ! kill -0 "$1" 2>/dev/null; then
		echo "addc.sh: holder $1 ($3 $4) exited:" >&2
		tail -n 5 "$ADDC_DIR/holders/$6.log" >&2
		return 2
	fi
	[ "$(addc_session_count "$2" "$3" "$4")" -ge "$5" ]
}

addc_release() {
	local pid=${1:-} line server addr user before
	line=$(awk -v p="$pid" '$1 == p' "$ADDC_DIR/holders/list")
	[ -n "$line" ] || _addc_die "no holder with PID $pid" || return 1
	read -r _ server addr user _ <<<"$line"
	before=$(addc_session_count "$server" "$addr" "$ADDC_DOMAIN\\$user") || return 1
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	addc_wait_session_count "$server" $((before > 0 ? before - 1 : 0)) "$addr" "$ADDC_DOMAIN\\$user"
}

# _addc_write_member_conf: the member server's smb.conf.
_addc_write_member_conf() {
	local m=$ADDC_DIR/member
	cat >"$ADDC_MEMBER_CONF" <<EOC
# Member server mem1 of the private domain $ADDC_REALM; written by addc.sh.
[global]
	netbios name = MEM1
	workgroup = $ADDC_DOMAIN
	realm = $ADDC_REALM
	security = ads
	server role = member server
	interfaces = $ADDC_MEMBER_ADDR/8
	bind interfaces only = yes
	disable netbios = yes
	password server = $ADDC_HOST
	name resolve order = host
	kerberos method = secrets and keytab
	idmap config * : backend = tdb
	idmap config * : range = 3000-7999
	idmap config $ADDC_DOMAIN : backend = rid
	idmap config $ADDC_DOMAIN : range = 10000-999999
	lock directory = $m/lock
	state directory = $m/state
	cache directory = $m/cache
	private dir = $m/private
	binddns dir = $m/private
	pid directory = $m/pid
	ncalrpc dir = $m/ncalrpc
	winbindd socket directory = $m/winbindd
	usershare path = $m/usershares
	log file = $m/log/log.%m
	max log size = 0
	log level = 1
	load printers = no
	printing = bsd
	printcap name = /dev/null
	disable spoolss = yes
	obey pam restrictions = no
	deadtime = 0

[data]
	path = $m/data
	read only = no
EOC
}

# _addc_member_ready: winbindd answers and trusts the DC; smbd listens.
_addc_member_ready() {
	local l
	kill -0 "$ADDC_MEMBER_SMBD_PID" 2>/dev/null || return 2
	kill -0 "$ADDC_MEMBER_WINBINDD_PID" 2>/dev/null || return 2
	l=$(_addc_addr_listeners "$ADDC_MEMBER_ADDR")
	grep -q ":445$" <<<"$l" || return 1
	# shellcheck disable=SC2046
	env $(_addc_server_env member) wbinfo -t >/dev/null 2>&1
}

_addc_admin_member_rpc() {
	ADDC_CCACHE=FILE:$ADDC_DIR/ccache/$ADDC_ADMIN_USER _addc_probe \
		rpcclient -s "$ADDC_DIR/client.conf" --use-kerberos=required \
		"$ADDC_MEMBER_HOST" -c 'netsessenum 1' >/dev/null 2>&1
}

_addc_member_join() {
	# shellcheck disable=SC2046
	env $(_addc_server_env member) net ads join -s "$ADDC_MEMBER_CONF" \
		-S "$ADDC_HOST" --use-kerberos=required --no-dns-updates \
		-U "$ADDC_ADMIN_USER@$ADDC_REALM%$ADDC_ADMIN_PASS" \
		>"$ADDC_DIR/member/log/join.log" 2>&1 && return 0
	sleep 1
	return 1
}

addc_member_start() {
	local m t0=$SECONDS rc deadline p
	[ -n "${ADDC_DIR:-}" ] || _addc_die "addc_member_start: no domain" || return 1
	[ -z "${ADDC_MEMBER_CONF:-}" ] || _addc_die "member already started" || return 1
	m=$ADDC_DIR/member
	export ADDC_MEMBER_ADDR ADDC_MEMBER_HOST=mem1.netsess.test
	ADDC_MEMBER_ADDR=$(_samba_addr_add "$ADDC_ADDR" 1)
	export ADDC_MEMBER_CONF=$m/smb.conf
	mkdir -m 0700 "$m" || return 1
	for p in lock state cache private pid ncalrpc winbindd log usershares; do
		mkdir -m 0755 "$m/$p" || return 1
	done
	mkdir -m 1777 "$m/data" || return 1
	_addc_write_member_conf
	# The join authenticates by Kerberos (NTLM may be off on the DC); -S
	# names the DC, as there is no DNS to find it by. A DC that has just
	# started may answer the LDAP bind with "Operations error" for a while.
	_addc_wait "net ads join of mem1 (log: $m/log/join.log)" _addc_member_join ||
		{
			cat "$m/log/join.log" >&2
			return 1
		}
	ADDC_MEMBER_JOIN_SECONDS=$((SECONDS - t0))
	export ADDC_MEMBER_JOIN_SECONDS
	# shellcheck disable=SC2046
	env $(_addc_server_env member) winbindd -F -s "$ADDC_MEMBER_CONF" \
		</dev/null >>"$m/log/winbindd.out" 2>&1 &
	ADDC_MEMBER_WINBINDD_PID=$!
	# shellcheck disable=SC2046
	env $(_addc_server_env member) smbd -F -s "$ADDC_MEMBER_CONF" \
		</dev/null >>"$m/log/smbd.out" 2>&1 &
	ADDC_MEMBER_SMBD_PID=$!
	export ADDC_MEMBER_SMBD_PID ADDC_MEMBER_WINBINDD_PID
	deadline=$((SECONDS + ADDC_TIMEOUT))
	while :; do
		rc=0
		_addc_member_ready || rc=$?
		[ "$rc" -eq 0 ] && break
		if [ "$rc" -eq 2 ] || ((SECONDS >= deadline)); then
			tail -n 10 "$m/log/log.smbd" "$m/log/log.winbindd" >&2 2>/dev/null
			_addc_die "mem1 did not start on $ADDC_MEMBER_ADDR"
			return 1
		fi
		sleep 0.1
	done
	_addc_wait "srvsvc NetrSessionEnum on mem1" _addc_admin_member_rpc || return 1
	addc_wait_session_count member 0
}
