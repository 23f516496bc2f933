# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# samba.sh - a private, real Samba server for the integration tests, the
# benchmarks and the demo. Source it from bash (it is not a program):
#
#     . "$(dirname "$0")/lib/samba.sh"
#     samba_start                       # smbd on 127.0.0.1:$SAMBA_PORT
#     samba_hold_session 127.0.0.2 nstest1
#     samba_hold_sessions 100 nstest2   # 127.0.100.1 .. 127.0.100.100
#     samba_sessions                    # "client user" lines, sorted
#     samba_stop                        # also runs on exit (trap)
#
# Must run as root (smbd, useradd). Every failure prints "samba.sh: ..." on
# stderr and returns non-zero; a missing program is a failure, never a skip.
# Only one server per shell; call samba_start in the test's own shell, not in
# a $(...) subshell, or the exported variables are lost.
#
# Functions
#   samba_start               start the server, create the users, wait until
#                             SMB login and srvsvc NetrSessionEnum work and
#                             no session is left; installs the cleanup trap.
#   samba_stop                end holders, smbd, samba-dcerpcd, rpcd_*; remove
#                             $SAMBA_DIR. Safe to call twice.
#   samba_hold_session ADDR USER
#                             one smbclient connected to //127.0.0.1/data as
#                             USER from source address ADDR (in 127.0.0.0/8);
#                             returns once smbstatus shows the session. Its PID
#                             is left in SAMBA_HOLDER_PID.
#   samba_hold_sessions N [USER [FIRST_ADDR]]
#                             N holders in parallel, each from its own address
#                             FIRST_ADDR, FIRST_ADDR+1, ... (default USER
#                             nstest1, FIRST_ADDR 127.0.100.1; addresses ending
#                             in .0 or .255 are skipped); one wait for all.
#                             A holder whose session the server ends (e.g.
#                             NetrSessionDel) notices at its next keepalive
#                             echo (within seconds), exits and never
#                             reconnects.
#   samba_release PID         end one holder, wait until its session is gone.
#   samba_holders             "pid client user" of every holder started.
#   samba_sessions            live sessions, "client user" per line, sorted.
#   samba_session_count [CLIENT [USER]]
#                             how many live sessions match ("" = any).
#   samba_wait_session_count N [CLIENT [USER]]
#                             wait until samba_session_count says N (a
#                             deleted session's smbd needs a moment to go).
#   samba_rpc_sessions        "client user" lines as Samba's own rpcclient
#                             gets them from NetrSessionEnum level 1 (this
#                             includes rpcclient's own "127.0.0.1 root").
#
# Exported variables (set by samba_start)
#   SAMBA_DIR        private temporary directory holding everything
#   SAMBA_CONF       absolute path of its smb.conf (pass -s/--configfile)
#   SAMBA_HOST       127.0.0.1
#   SAMBA_PORT       the TCP port smbd listens on
#   SAMBA_SHARE      data (writable share, path $SAMBA_DIR/data)
#   SAMBA_ADMIN_USER root (may enumerate and delete sessions)
#   SAMBA_ADMIN_PASS its password
#   SAMBA_ADMIN_AUTHFILE  smbclient-style auth file for it (mode 0600)
#   SAMBA_USERS      "nstest1 nstest2 nstest3", then SAMBA_EXTRA_USERS when
#                    set before samba_start, names of letters, digits and
#                    "_" (ordinary users: no admin rights, so
#                    NetrSessionEnum/Del give access denied)
#   SAMBA_PASS_nstest1, SAMBA_PASS_nstest2, SAMBA_PASS_nstest3 (and one per
#                    extra user)
#   SAMBA_SMBD_PID   the main smbd process
#   NETSESS_SRCADDR_PRELOAD  the LD_PRELOAD shim (see below)
# Passwords may be preset in the environment before samba_start. Every wait
# gives up, with a message, after SAMBA_TIMEOUT seconds (default 60).
#
# Source addresses: Linux gives every connection to 127.x.y.z the source
# address 127.0.0.1, so the holders run smbclient with the shim
# tests/tools/srcaddr_preload.c preloaded and NETSESS_SRCADDR=ADDR; it binds
# the socket to ADDR before connect(). samba_start compiles the shim with
# $CC (default cc) into $SAMBA_DIR, so it works from the source tree, a VPATH
# build and a distcheck tree alike, unless NETSESS_SRCADDR_PRELOAD already
# names a built one. Any other client can use it the same way:
#     NETSESS_SRCADDR=127.0.0.9 LD_PRELOAD=$NETSESS_SRCADDR_PRELOAD netsess ...
# The holders are smbclient processes reading a FIFO that they hold open
# themselves (no feeder process): about 2.9 MB of memory (PSS) per holder
# plus 0.7 MB for its smbd child. Samba's tools given -s $SAMBA_CONF keep
# their caches inside $SAMBA_DIR too.
# With "hostname lookups = no" Samba reports such a session with client name
# ADDR, both in smbstatus and in NetrSessionEnum.
#
# smbstatus -b format (Samba 4.17), one line per session after a header that
# ends with a line of dashes:
#   PID  Username  Group  Machine (ipv4:ADDR:PORT)  Protocol  Encryption  Signing
#   6219 nstest1   users  127.0.0.2 (ipv4:127.0.0.2:38763) SMB3_11 - partial(...)
# samba_sessions takes the line's first field as the PID (lines whose first
# field is not a number are headers), the second as the user, and the field
# just before the "(ipv4:...)"/"(ipv6:...)" token as the client: Samba's name
# for the remote machine, which is the address when hostname lookups are off.
#
# Cleanup: samba_start installs an EXIT trap (and INT/TERM/HUP traps that
# exit) which calls samba_stop and then whatever EXIT trap was set before. A
# script that sets its own EXIT trap later must call samba_stop in it. As a
# last resort a watchdog removes everything once the calling shell is gone.
# Every process started for this server mentions $SAMBA_DIR on its command
# line (smbd -s, samba-dcerpcd/rpcd_* --configfile, smbclient -s); that is how
# samba_stop finds them. smbd runs in a process group of its own (on exit it
# signals its whole group). Nothing outside $SAMBA_DIR is written except the
# Unix accounts of the test users (useradd, kept for later runs) and the
# empty log.rpcd_* files that Samba's RPC helpers create in /var/log/samba
# before they read smb.conf.

SAMBA_TIMEOUT=${SAMBA_TIMEOUT:-60}
SAMBA_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

_samba_die() {
	echo "samba.sh: $*" >&2
	return 1
}

# _samba_need PROGRAM...: fail unless each program is installed.
_samba_need() {
	local p
	for p in "$@"; do
		command -v "$p" >/dev/null 2>&1 ||
			_samba_die "required program '$p' not found (install samba, smbclient)" ||
			return 1
	done
}

# _samba_wait DESCRIPTION COMMAND...: poll COMMAND until it succeeds, at
# most $SAMBA_TIMEOUT seconds.
_samba_wait() {
	local what=$1 deadline=$((SECONDS + SAMBA_TIMEOUT))
	shift
	until "$@"; do
		if ((SECONDS >= deadline)); then
			_samba_die "timed out after ${SAMBA_TIMEOUT}s waiting for $what"
			return 1
		fi
		sleep 0.05
	done
}

# _samba_port_free PORT: nothing on this machine uses PORT locally.
_samba_port_free() {
	[ -z "$(ss -Htan "( sport = :$1 )" 2>/dev/null)" ]
}

# _samba_pick_port: print a free port in 20000..32767, below Linux's
# ephemeral range so that no client connection grabs it meanwhile.
_samba_pick_port() {
	local i p
	for i in $(seq 200); do
		p=$((20000 + (RANDOM % 12768)))
		if _samba_port_free "$p"; then
			echo "$p"
			return 0
		fi
	done
	_samba_die "no free TCP port found"
}

# _samba_write_conf DIR PORT: the private smb.conf.
_samba_write_conf() {
	local d=$1 port=$2
	cat >"$d/smb.conf" <<EOF
# Private Samba for the netsessd tests; everything lives in $d.
[global]
	netbios name = NETSESSTEST
	workgroup = NETSESSTEST
	server role = standalone server
	interfaces = 127.0.0.1/8
	bind interfaces only = yes
	smb ports = $port
	disable netbios = yes
	hostname lookups = no
	passdb backend = tdbsam
	lock directory = $d/lock
	state directory = $d/state
	cache directory = $d/cache
	pid directory = $d/pid
	private dir = $d/private
	ncalrpc dir = $d/ncalrpc
	binddns dir = $d/bind-dns
	usershare path = $d/usershares
	log file = $d/log/log.%m
	max log size = 0
	log level = 1
	load printers = no
	printing = bsd
	printcap name = /dev/null
	disable spoolss = yes
	deadtime = 0
	obey pam restrictions = no

[data]
	path = $d/data
	read only = no
	browseable = yes
EOF
}

# _samba_build_shim DIR: compile srcaddr_preload.c into DIR unless
# NETSESS_SRCADDR_PRELOAD already names a built shim.
_samba_build_shim() {
	local d=$1 src cc=${CC:-cc}
	if [ -n "${NETSESS_SRCADDR_PRELOAD:-}" ]; then
		[ -r "$NETSESS_SRCADDR_PRELOAD" ] ||
			_samba_die "NETSESS_SRCADDR_PRELOAD=$NETSESS_SRCADDR_PRELOAD is not readable" ||
			return 1
		return 0
	fi
	src=$SAMBA_LIB_DIR/../../tools/srcaddr_preload.c
	[ -r "$src" ] || _samba_die "shim source $src not found" || return 1
	_samba_need "${cc%% *}" || return 1
	# The project's warning set; CC may name a compiler with options.
	# shellcheck disable=SC2086
	$cc -std=c11 -O2 -Wall -Wextra -Werror -Wshadow -Wpointer-arith \
		-Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
		-Wcast-qual -Wwrite-strings -shared -fPIC \
		-o "$d/srcaddr_preload.so" "$src" -ldl >"$d/log/shim.log" 2>&1 ||
		{
			cat "$d/log/shim.log" >&2
			_samba_die "compiling $src failed"
			return 1
		}
	NETSESS_SRCADDR_PRELOAD=$d/srcaddr_preload.so
}

# _samba_ensure_user NAME: create the Unix account if missing. Tolerates a
# parallel test creating it at the same moment (useradd then fails on the
# passwd lock or on "already exists"; retry until the account is there).
_samba_ensure_user() {
	local u=$1 i
	for i in $(seq 100); do
		id -u "$u" >/dev/null 2>&1 && return 0
		useradd -M -N -s /usr/sbin/nologin -c "netsessd test user" "$u" \
			>/dev/null 2>&1 && return 0
		sleep 0.1
	done
	id -u "$u" >/dev/null 2>&1 || _samba_die "cannot create Unix user $u"
}

# _samba_smbpasswd USER PASSWORD: add USER to the private passdb.
_samba_smbpasswd() {
	printf '%s\n%s\n' "$2" "$2" |
		smbpasswd -c "$SAMBA_CONF" -s -a "$1" >/dev/null 2>>"$SAMBA_DIR/log/setup.log" ||
		_samba_die "smbpasswd -a $1 failed: $(tail -n 3 "$SAMBA_DIR/log/setup.log")"
}

# _samba_setup_users: root as admin, nstest1..3 as ordinary users.
_samba_setup_users() {
	local u var
	_samba_smbpasswd "$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" || return 1
	# [MS-SRVS] NetrSessionEnum/Del: Samba wants BUILTIN\Administrators.
	net -s "$SAMBA_CONF" groupmap add sid=S-1-5-32-544 unixgroup=root \
		type=builtin >>"$SAMBA_DIR/log/setup.log" 2>&1 ||
		_samba_die "net groupmap add failed: $(tail -n 3 "$SAMBA_DIR/log/setup.log")" ||
		return 1
	for u in $SAMBA_USERS; do
		var=SAMBA_PASS_$u
		export "$var=${!var:-$u-Secret-9}"
		_samba_ensure_user "$u" || return 1
		_samba_smbpasswd "$u" "${!var}" || return 1
	done
	(
		umask 077
		printf 'username = %s\npassword = %s\ndomain = NETSESSTEST\n' \
			"$SAMBA_ADMIN_USER" "$SAMBA_ADMIN_PASS" >"$SAMBA_DIR/admin.auth"
	) || return 1
	SAMBA_ADMIN_AUTHFILE=$SAMBA_DIR/admin.auth
}

# _samba_listening: our smbd (not another test's) listens on SAMBA_PORT.
_samba_listening() {
	kill -0 "$SAMBA_SMBD_PID" 2>/dev/null || return 2
	ss -Htlnp "( sport = :$SAMBA_PORT )" 2>/dev/null |
		grep -q "pid=$SAMBA_SMBD_PID,"
}

# _samba_launch: start smbd on SAMBA_PORT; on a port race with a parallel
# test, retry on another free port.
_samba_launch() {
	local try rc
	for try in 1 2 3 4 5; do
		if [ "$try" -gt 1 ]; then
			SAMBA_PORT=$(_samba_pick_port) || return 1
			_samba_write_conf "$SAMBA_DIR" "$SAMBA_PORT"
		fi
		smbd -F -s "$SAMBA_CONF" -l "$SAMBA_DIR/log" \
			</dev/null >>"$SAMBA_DIR/log/smbd.out" 2>&1 &
		SAMBA_SMBD_PID=$!
		local deadline=$((SECONDS + SAMBA_TIMEOUT))
		while :; do
			rc=0
			_samba_listening || rc=$?
			[ "$rc" -eq 0 ] && return 0
			[ "$rc" -eq 2 ] && break
			if ((SECONDS >= deadline)); then
				_samba_die "smbd did not listen on port $SAMBA_PORT"
				return 1
			fi
			sleep 0.05
		done
		wait "$SAMBA_SMBD_PID" 2>/dev/null || true
		echo "samba.sh: smbd exited on port $SAMBA_PORT (try $try)" >&2
	done
	tail -n 20 "$SAMBA_DIR/log/smbd.out" "$SAMBA_DIR/log/log.smbd" >&2 2>/dev/null
	_samba_die "smbd does not start"
}

_samba_smb_login() {
	smbclient -s "$SAMBA_CONF" -p "$SAMBA_PORT" "//$SAMBA_HOST/IPC\$" \
		-U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" -c exit >/dev/null 2>&1
}

_samba_rpc_enum() {
	rpcclient -s "$SAMBA_CONF" -p "$SAMBA_PORT" "$SAMBA_HOST" \
		-U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" -c 'netsessenum 1' \
		>/dev/null 2>&1
}

# _samba_started: samba_start has run in this shell.
_samba_started() {
	if [ -z "${SAMBA_DIR:-}" ] || [ ! -d "$SAMBA_DIR" ]; then
		_samba_die "no server: call samba_start first (in this shell)"
	fi
}

_samba_no_sessions() {
	[ "$(samba_session_count)" = 0 ]
}

# _samba_pids DIR: PIDs of processes whose command line mentions DIR/
# (never this shell itself).
_samba_pids() {
	# The pattern comes from a file so that grep does not find itself.
	grep -laF -f <(printf '%s/\n' "$1") /proc/[0-9]*/cmdline 2>/dev/null |
		awk -F/ -v self="$$" '$3 != self { print $3 }' || true
}

# _samba_kill_dir DIR: end every process started for DIR, then remove DIR.
_samba_kill_dir() {
	local d=$1 pids i
	[ -n "$d" ] && [ -d "$d" ] || return 0
	for i in $(seq 100); do
		pids=$(_samba_pids "$d")
		[ -z "$pids" ] && break
		# shellcheck disable=SC2086
		if ((i < 60)); then
			kill -TERM $pids 2>/dev/null || true
		else
			kill -KILL $pids 2>/dev/null || true
		fi
		sleep 0.1
	done
	rm -rf "$d"
}

# _samba_watchdog: remove everything once the calling shell is gone, even
# if it was killed with SIGKILL or its EXIT trap was replaced.
_samba_watchdog() {
	local parent=$$ d=$SAMBA_DIR
	(
		trap '' INT HUP
		exec </dev/null >/dev/null 2>&1
		while kill -0 "$parent" 2>/dev/null && [ -d "$d" ]; do
			sleep 1
		done
		_samba_kill_dir "$d"
	) &
	SAMBA_WATCHDOG_PID=$!
}

# _samba_install_trap: samba_stop on exit, then the EXIT trap set before.
_samba_install_trap() {
	local old words
	old=$(trap -p EXIT) # trap -- 'COMMAND' EXIT, quoted for eval
	case $old in
	*samba_stop*) ;;
	'') trap samba_stop EXIT ;;
	*)
		eval "words=($old)"
		_SAMBA_OLD_EXIT_TRAP=${words[2]}
		trap 'samba_stop; eval "$_SAMBA_OLD_EXIT_TRAP"' EXIT
		;;
	esac
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

samba_start() {
	_samba_start && return 0
	samba_stop
	return 1
}

_samba_start() {
	local p
	[ -z "${SAMBA_DIR:-}" ] ||
		_samba_die "samba_start: already running in $SAMBA_DIR" || return 1
	[ "$(id -u)" = 0 ] || _samba_die "samba_start must run as root" || return 1
	_samba_need smbd smbclient smbstatus rpcclient smbpasswd net ss \
		useradd runuser mkfifo || return 1

	SAMBA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/netsess-samba.XXXXXX") ||
		_samba_die "mktemp failed" || return 1
	export SAMBA_DIR SAMBA_CONF=$SAMBA_DIR/smb.conf SAMBA_HOST=127.0.0.1
	export SAMBA_SHARE=data SAMBA_ADMIN_USER=root
	export SAMBA_ADMIN_PASS=${SAMBA_ADMIN_PASS:-Adm1n-Secret-9}
	export SAMBA_USERS="nstest1 nstest2 nstest3${SAMBA_EXTRA_USERS:+ $SAMBA_EXTRA_USERS}"
	_samba_install_trap
	_samba_watchdog
	# The share is entered as the test users: they must traverse SAMBA_DIR.
	chmod 0711 "$SAMBA_DIR"
	for p in lock state cache pid private ncalrpc bind-dns usershares log holders; do
		mkdir -m 0700 "$SAMBA_DIR/$p" || return 1
	done
	mkdir -m 1777 "$SAMBA_DIR/data" || return 1
	mkfifo -m 0600 "$SAMBA_DIR/holders/idle.fifo" || return 1
	: >"$SAMBA_DIR/holders/list"
	_samba_build_shim "$SAMBA_DIR" || return 1
	export NETSESS_SRCADDR_PRELOAD

	SAMBA_PORT=$(_samba_pick_port) || return 1
	_samba_write_conf "$SAMBA_DIR" "$SAMBA_PORT"
	_samba_setup_users || return 1
	export SAMBA_ADMIN_AUTHFILE
	runuser -u nstest1 -- test -w "$SAMBA_DIR/data" ||
		_samba_die "test users cannot reach $SAMBA_DIR/data" \
			"(is TMPDIR=${TMPDIR:-/tmp} closed to other users?)" ||
		return 1

	_samba_launch || return 1
	export SAMBA_PORT SAMBA_SMBD_PID
	_samba_wait "SMB login as $SAMBA_ADMIN_USER" _samba_smb_login || return 1
	# smbd starts samba-dcerpcd (and its rpcd_* helpers) on first use.
	_samba_wait "srvsvc NetrSessionEnum via rpcclient" _samba_rpc_enum || return 1
	_samba_wait "the probe sessions to end" _samba_no_sessions
}

samba_stop() {
	local d=${SAMBA_DIR:-} pid holders
	[ -n "$d" ] || return 0
	if [ -n "${SAMBA_WATCHDOG_PID:-}" ]; then
		kill "$SAMBA_WATCHDOG_PID" 2>/dev/null || true
		wait "$SAMBA_WATCHDOG_PID" 2>/dev/null || true
	fi
	holders=$(awk '{ print $1 }' "$d/holders/list" 2>/dev/null)
	_samba_kill_dir "$d"
	# Reap our own children (not any other background job of the caller).
	for pid in ${SAMBA_SMBD_PID:-} $holders; do
		wait "$pid" 2>/dev/null || true
	done
	unset SAMBA_DIR SAMBA_CONF SAMBA_PORT SAMBA_SMBD_PID SAMBA_WATCHDOG_PID \
		SAMBA_HOLDER_PID SAMBA_ADMIN_AUTHFILE
	# The shim built into the directory is gone with it.
	case ${NETSESS_SRCADDR_PRELOAD:-} in
	"$d"/*) unset NETSESS_SRCADDR_PRELOAD ;;
	esac
	[ ! -e "$d" ] || _samba_die "could not remove $d"
}

# _samba_parse_status: smbstatus -b on stdin, "client user" lines out.
_samba_parse_status() {
	awk '
	$1 ~ /^[0-9]+$/ {
		for (i = 3; i <= NF; i++)
			if ($i ~ /^\((ipv4|ipv6|unix):/) {
				print $(i - 1), $2
				break
			}
	}'
}

samba_sessions() {
	local out
	_samba_started || return 1
	out=$(smbstatus -s "$SAMBA_CONF" -b 2>&1) ||
		_samba_die "smbstatus failed: $out" || return 1
	printf '%s\n' "$out" | _samba_parse_status | LC_ALL=C sort
}

samba_session_count() {
	local client=${1:-} user=${2:-} list
	list=$(samba_sessions) || return 1
	printf '%s\n' "$list" | awk -v c="$client" -v u="$user" '
		NF == 2 && (c == "" || $1 == c) && (u == "" || $2 == u) { n++ }
		END { print n + 0 }'
}

_samba_count_is() {
	[ "$(samba_session_count "$2" "$3")" = "$1" ]
}

samba_wait_session_count() {
	local want=$1 client=${2:-} user=${3:-}
	_samba_wait "$want session(s) for client='$client' user='$user'" \
		_samba_count_is "$want" "$client" "$user"
}

samba_rpc_sessions() {
	local out
	_samba_started || return 1
	out=$(rpcclient -s "$SAMBA_CONF" -p "$SAMBA_PORT" "$SAMBA_HOST" \
		-U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" -d 10 --debug-stdout \
		-c 'netsessenum' 2>&1) ||
		_samba_die "rpcclient netsessenum failed" || return 1
	# The NDR dump of the reply (debug level 10): after "out:", each
	# srvsvc_NetSessInfo1 has client : '...' and user : '...' lines.
	printf '%s\n' "$out" | awk -v q="'" '
		function quoted(   v) {
			v = substr($0, index($0, q) + 1)
			return substr(v, 1, length(v) - 1)
		}
		/out: struct srvsvc_NetSessEnum/ { out = 1 }
		out && $1 == "client" && $2 == ":" && index($3, q) == 1 { c = quoted() }
		out && $1 == "user" && $2 == ":" && index($3, q) == 1 { print c, quoted() }
	' | LC_ALL=C sort
}

# _samba_valid_addr ADDR: ADDR is a dotted quad inside 127.0.0.0/8.
_samba_valid_addr() {
	[[ $1 =~ ^127\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] &&
		((BASH_REMATCH[1] < 256 && BASH_REMATCH[2] < 256 && BASH_REMATCH[3] < 256))
}

# _samba_spawn_holder ADDR USER: start one smbclient, no waiting. The FIFO
# opened read-write never delivers data nor EOF, so smbclient idles at its
# prompt (sending an SMB echo now and then) without a feeder process.
_samba_spawn_holder() {
	local addr=$1 user=$2 var=SAMBA_PASS_$2 n
	_samba_valid_addr "$addr" ||
		_samba_die "source address '$addr' is not in 127.0.0.0/8" || return 1
	[ -n "${!var:-}" ] || [ "$user" = "$SAMBA_ADMIN_USER" ] ||
		_samba_die "unknown user '$user' (have: $SAMBA_USERS)" || return 1
	[ "$user" = "$SAMBA_ADMIN_USER" ] && var=SAMBA_ADMIN_PASS
	n=$(wc -l <"$SAMBA_DIR/holders/list")
	n=$((n + 1))
	PASSWD=${!var} NETSESS_SRCADDR=$addr LD_PRELOAD=$NETSESS_SRCADDR_PRELOAD \
		smbclient -s "$SAMBA_CONF" -p "$SAMBA_PORT" \
		"//$SAMBA_HOST/$SAMBA_SHARE" -U "$user" \
		0<>"$SAMBA_DIR/holders/idle.fifo" \
		>"$SAMBA_DIR/holders/$n.log" 2>&1 &
	SAMBA_HOLDER_PID=$!
	echo "$SAMBA_HOLDER_PID $addr $user $n" >>"$SAMBA_DIR/holders/list"
}

# _samba_holders_ready PIDS_FILE WANT_FILE: every new holder is alive and
# each "count client user" line in WANT_FILE is met by smbstatus.
_samba_holders_ready() {
	local pid addr user n list
	while read -r pid addr user n; do
		kill -0 "$pid" 2>/dev/null && continue
		echo "samba.sh: holder $pid ($addr $user) exited:" >&2
		tail -n 5 "$SAMBA_DIR/holders/$n.log" >&2
		return 2
	done <"$1"
	list=$(samba_sessions) || return 2
	printf '%s\n' "$list" | awk '
		NR == FNR { want[$2 " " $3] = $1; next }
		NF == 2 { have[$1 " " $2]++ }
		END { for (k in want) if (have[k] < want[k]) exit 1 }
	' "$2" -
}

# _samba_hold_wait OLD NEW: wait for the holders listed in NEW ("pid client
# user n" lines); OLD holds samba_sessions from before they were started.
_samba_hold_wait() {
	local old=$1 new=$2 want=$SAMBA_DIR/holders/want rc
	local deadline=$((SECONDS + SAMBA_TIMEOUT))
	# Wanted per (client, user): sessions already there plus the new ones.
	{
		awk '{ print "old", $1, $2 }' "$old"
		awk '{ print "new", $2, $3 }' "$new"
	} | awk '{ n[$2 " " $3]++; if ($1 == "new") k[$2 " " $3] = 1 }
		END { for (x in k) print n[x], x }' >"$want"
	while :; do
		rc=0
		_samba_holders_ready "$new" "$want" || rc=$?
		[ "$rc" -eq 0 ] && return 0
		[ "$rc" -eq 2 ] && return 1
		if ((SECONDS >= deadline)); then
			_samba_die "timed out waiting for $(wc -l <"$new") session(s) in smbstatus"
			return 1
		fi
		sleep 0.1
	done
}

samba_hold_session() {
	local addr=$1 user=$2 old new
	_samba_started || return 1
	[ $# -eq 2 ] || _samba_die "usage: samba_hold_session ADDR USER" || return 1
	old=$SAMBA_DIR/holders/old new=$SAMBA_DIR/holders/new
	samba_sessions >"$old" || return 1
	_samba_spawn_holder "$addr" "$user" || return 1
	tail -n 1 "$SAMBA_DIR/holders/list" >"$new"
	_samba_hold_wait "$old" "$new"
}

# _samba_addr_add ADDR K: print the K-th usable address after ADDR (K=0 is
# ADDR itself), counting only addresses whose last byte is 1..254.
_samba_addr_add() {
	local a b c d IFS=.
	read -r a b c d <<<"$1"
	local v=$(((a << 24) | (b << 16) | (c << 8) | d)) k=$2
	while ((v % 256 == 0 || v % 256 == 255)); do v=$((v + 1)); done
	while ((k > 0)); do
		v=$((v + 1))
		((v % 256 == 0 || v % 256 == 255)) || k=$((k - 1))
	done
	echo "$((v >> 24 & 255)).$((v >> 16 & 255)).$((v >> 8 & 255)).$((v & 255))"
}

samba_hold_sessions() {
	local n=$1 user=${2:-nstest1} first=${3:-127.0.100.1} i addr old new
	_samba_started || return 1
	[[ $n =~ ^[0-9]+$ ]] ||
		_samba_die "usage: samba_hold_sessions N [USER [FIRST_ADDR]]" ||
		return 1
	_samba_valid_addr "$first" || _samba_die "bad first address '$first'" || return 1
	old=$SAMBA_DIR/holders/old new=$SAMBA_DIR/holders/new
	samba_sessions >"$old" || return 1
	: >"$new"
	for ((i = 0; i < n; i++)); do
		addr=$(_samba_addr_add "$first" "$i")
		_samba_valid_addr "$addr" ||
			_samba_die "address $addr leaves 127.0.0.0/8" || return 1
		_samba_spawn_holder "$addr" "$user" || return 1
		tail -n 1 "$SAMBA_DIR/holders/list" >>"$new"
	done
	_samba_hold_wait "$old" "$new"
}

samba_holders() {
	[ -n "${SAMBA_DIR:-}" ] || return 0
	awk '{ print $1, $2, $3 }' "$SAMBA_DIR/holders/list"
}

samba_release() {
	local pid=${1:-} line addr user before
	_samba_started || return 1
	line=$(awk -v p="$pid" '$1 == p' "$SAMBA_DIR/holders/list")
	[ -n "$line" ] || _samba_die "no holder with PID $pid" || return 1
	read -r _ addr user <<<"$line"
	before=$(samba_session_count "$addr" "$user") || return 1
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	samba_wait_session_count $((before > 0 ? before - 1 : 0)) "$addr" "$user"
}

# ---------------------------------------------------------------------
# Sessions of other kinds (each a real client of the real server)
#   samba_hold_anonymous ADDR
#                     smbclient -N (no user, no password) on IPC$ from ADDR:
#                     Samba maps it to its guest account, so smbstatus and
#                     NetrSessionEnum show user "nobody", with the guest
#                     flag (SESS_GUEST) set.
#   samba_hold_unauthenticated ADDR
#                     a session that never finishes logging on: a minimal
#                     SMB2 client (python3) sends NEGOTIATE and the first
#                     SESSION_SETUP (an NTLMSSP NEGOTIATE message), gets
#                     STATUS_MORE_PROCESSING_REQUIRED and then waits, as a
#                     client does while its user types a password. smbstatus
#                     shows it as "(auth in progress)", NetrSessionEnum with
#                     an empty user name.
#   samba_hold_open_files ADDR USER N
#                     a session of USER from ADDR holding N files of the
#                     share open (smbclient "open"), returning once
#                     smbstatus -L lists the N files.
# Each returns once smbstatus shows the session; the PID of the client is
# left in SAMBA_HOLDER_PID. They end with samba_stop.
# ---------------------------------------------------------------------

samba_hold_anonymous() {
	local addr=$1 n
	_samba_started || return 1
	_samba_valid_addr "$addr" || _samba_die "bad source address '$addr'" || return 1
	n=$(samba_session_count "$addr" nobody) || return 1
	NETSESS_SRCADDR=$addr LD_PRELOAD=$NETSESS_SRCADDR_PRELOAD \
		smbclient -s "$SAMBA_CONF" -p "$SAMBA_PORT" "//$SAMBA_HOST/IPC\$" -N \
		0<>"$SAMBA_DIR/holders/idle.fifo" >"$SAMBA_DIR/holders/anon-$addr.log" 2>&1 &
	SAMBA_HOLDER_PID=$!
	samba_wait_session_count $((n + 1)) "$addr" nobody
}

_SAMBA_HALF_AUTH_PY='
import os, socket, struct, sys, time

src, port, ready = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def header(command, message_id):
    # SMB2 header ([MS-SMB2] 2.2.1.2): 64 bytes, one credit asked.
    return (b"\xfeSMB" + struct.pack("<HHIHHIIQIIQ", 64, 0, 0, command, 1, 0, 0,
                                     message_id, 0, 0, 0) + b"\0" * 16)

def send(s, msg):
    s.sendall(struct.pack(">I", len(msg)) + msg)  # Direct TCP transport

def status(s):
    n = struct.unpack(">I", s.recv(4, socket.MSG_WAITALL))[0] & 0xFFFFFF
    return struct.unpack("<I", s.recv(n, socket.MSG_WAITALL)[8:12])[0]

s = socket.socket()
s.bind((src, 0))
s.connect(("127.0.0.1", port))
# NEGOTIATE ([MS-SMB2] 2.2.3), dialects 2.0.2 to 3.0.2.
dialects = (0x0202, 0x0210, 0x0300, 0x0302)
body = struct.pack("<HHHHI", 36, len(dialects), 1, 0, 0) + os.urandom(16) + b"\0" * 8
send(s, header(0, 0) + body + b"".join(struct.pack("<H", d) for d in dialects))
if status(s) != 0:
    sys.exit("negotiate failed")
# SESSION_SETUP ([MS-SMB2] 2.2.5) carrying an NTLMSSP NEGOTIATE_MESSAGE
# ([MS-NLMP] 2.2.1.1) without domain or workstation.
ntlm = b"NTLMSSP\0" + struct.pack("<II", 1, 0x60088215) + struct.pack("<HHI", 0, 0, 0) * 2
body = struct.pack("<HBBIIHHQ", 25, 0, 1, 0, 0, 64 + 24, len(ntlm), 0) + ntlm
send(s, header(1, 1) + body)
st = status(s)
if st != 0xC0000016:  # STATUS_MORE_PROCESSING_REQUIRED: the challenge
    sys.exit("session setup answered 0x%08x" % st)
with open(ready, "w") as f:
    f.write("ready\n")
parent = os.getppid()
while os.getppid() == parent:
    time.sleep(1)
'

samba_hold_unauthenticated() {
	local addr=$1 n ready
	_samba_started || return 1
	_samba_valid_addr "$addr" || _samba_die "bad source address '$addr'" || return 1
	_samba_need python3 || return 1
	n=$(samba_session_count "$addr" "(auth") || return 1
	ready=$SAMBA_DIR/holders/half-auth-$addr.$n
	python3 -c "$_SAMBA_HALF_AUTH_PY" "$addr" "$SAMBA_PORT" "$ready" \
		</dev/null >"$ready.log" 2>&1 &
	SAMBA_HOLDER_PID=$!
	_samba_wait "the unauthenticated session from $addr" test -s "$ready" || {
		cat "$ready.log" >&2
		return 1
	}
	samba_wait_session_count $((n + 1)) "$addr" "(auth"
}

# _samba_open_count ADDR USER N: smbstatus -L lists N files named
# open-ADDR-USER-*.
_samba_open_count() {
	[ "$(smbstatus -s "$SAMBA_CONF" -L 2>/dev/null | grep -c " open-$1-$2-[0-9]* ")" = "$3" ]
}

samba_hold_open_files() {
	local addr=$1 user=$2 count=$3 var=SAMBA_PASS_$2 fifo i n
	_samba_started || return 1
	_samba_valid_addr "$addr" || _samba_die "bad source address '$addr'" || return 1
	[ -n "${!var:-}" ] || _samba_die "unknown user '$user'" || return 1
	n=$(samba_session_count "$addr" "$user") || return 1
	fifo=$SAMBA_DIR/holders/open-$addr-$user.fifo
	mkfifo -m 0600 "$fifo" || return 1
	for ((i = 1; i <= count; i++)); do
		echo "$addr $user $i" >"$SAMBA_DIR/data/open-$addr-$user-$i"
		chmod 0666 "$SAMBA_DIR/data/open-$addr-$user-$i"
	done
	# smbclient holds its FIFO open for reading and writing: it never sees
	# its end, and reads each command written to it as a line.
	PASSWD=${!var} NETSESS_SRCADDR=$addr LD_PRELOAD=$NETSESS_SRCADDR_PRELOAD \
		smbclient -s "$SAMBA_CONF" -p "$SAMBA_PORT" "//$SAMBA_HOST/$SAMBA_SHARE" \
		-U "$user" 0<>"$fifo" >"$fifo.log" 2>&1 &
	SAMBA_HOLDER_PID=$!
	samba_wait_session_count $((n + 1)) "$addr" "$user" || return 1
	# One command at a time: smbclient waits for input on its descriptor
	# and would not see a second line already read into its buffer.
	for ((i = 1; i <= count; i++)); do
		echo "open open-$addr-$user-$i" >"$fifo"
		_samba_wait "$i open files of $user from $addr" \
			_samba_open_count "$addr" "$user" "$i" || return 1
	done
}
