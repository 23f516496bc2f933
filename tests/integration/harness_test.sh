#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck disable=SC2154 # SAMBA_PASS_* are exported by samba_start
# shellcheck disable=SC2317 # functions called through check/_samba_wait
#
# harness_test.sh - proves the private Samba test environment (lib/samba.sh)
# that every other integration test relies on: the server starts on a private
# port, real SMB clients hold sessions from chosen loopback addresses,
# smbstatus and Samba's own srvsvc NetrSessionEnum (rpcclient) both see
# exactly those sessions, and samba_stop leaves nothing behind.
#
# Exit status 0 when every check passes, 1 otherwise (a missing Samba is a
# failure, not a skip).

[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/lib/samba.sh
. "$here/lib/samba.sh" || exit 1

passed=0
failed=0

ok() {
	passed=$((passed + 1))
	echo "ok - $*"
}

not_ok() {
	failed=$((failed + 1))
	echo "not ok - $*"
}

# check DESCRIPTION COMMAND...: record whether COMMAND succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# same_lines DESCRIPTION EXPECTED ACTUAL: compare two line lists.
same_lines() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/#   /'
	fi
}

# alive PID: PID is a running process (a zombie does not count).
alive() {
	local state
	state=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ]
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
	exit
}

if ! samba_start; then
	not_ok "samba_start"
	finish
fi
ok "samba_start: port $SAMBA_PORT, directory $SAMBA_DIR"

# --- the environment a test gets --------------------------------------------
check "SAMBA_CONF is an absolute path inside SAMBA_DIR" \
	test "${SAMBA_CONF#"$SAMBA_DIR"/}" != "$SAMBA_CONF" -a -f "$SAMBA_CONF"
check "SAMBA_PORT is a private port, not 445" \
	test "$SAMBA_PORT" -gt 1024 -a "$SAMBA_PORT" -ne 445
for v in SAMBA_HOST SAMBA_SHARE SAMBA_ADMIN_USER SAMBA_ADMIN_PASS \
	SAMBA_ADMIN_AUTHFILE SAMBA_PASS_nstest1 SAMBA_PASS_nstest2 \
	SAMBA_PASS_nstest3 NETSESS_SRCADDR_PRELOAD; do
	check "$v is exported" bash -c "test -n \"\${$v}\""
done
check "the auth file is readable by its owner only" \
	test "$(stat -c %a "$SAMBA_ADMIN_AUTHFILE")" = 600

listeners=$(ss -Htlnp | grep "pid=$SAMBA_SMBD_PID," | awk '{ print $4 }' | sort -u)
same_lines "smbd listens on 127.0.0.1:$SAMBA_PORT and nowhere else" \
	"127.0.0.1:$SAMBA_PORT" "$listeners"
same_lines "no session right after samba_start" "" "$(samba_sessions)"

# --- sessions from chosen source addresses -----------------------------------
check "hold 127.0.0.2 nstest1" samba_hold_session 127.0.0.2 nstest1
check "hold 127.0.0.3 nstest2" samba_hold_session 127.0.0.3 nstest2
check "hold 127.0.0.2 nstest2" samba_hold_session 127.0.0.2 nstest2
last_holder=$SAMBA_HOLDER_PID

expected="127.0.0.2 nstest1
127.0.0.2 nstest2
127.0.0.3 nstest2"
same_lines "smbstatus lists exactly the three held sessions" \
	"$expected" "$(samba_sessions)"

holder_addrs=$(samba_holders | awk '{ print $2, $3 }' | sort)
same_lines "samba_holders records the three holders" "$expected" "$holder_addrs"

check "samba_session_count 127.0.0.2 = 2" \
	test "$(samba_session_count 127.0.0.2)" = 2
check "samba_session_count '' nstest2 = 2" \
	test "$(samba_session_count "" nstest2)" = 2
check "samba_session_count 127.0.0.3 nstest1 = 0" \
	test "$(samba_session_count 127.0.0.3 nstest1)" = 0

# Samba's own NetrSessionEnum client; the listing includes rpcclient's own
# session as root from 127.0.0.1.
rpc=$(samba_rpc_sessions)
same_lines "rpcclient netsessenum sees the same sessions (plus its own)" \
	"$(printf '%s\n127.0.0.1 root\n' "$expected" | LC_ALL=C sort)" "$rpc"

denied=$(rpcclient -s "$SAMBA_CONF" -p "$SAMBA_PORT" "$SAMBA_HOST" \
	-U "nstest3%$SAMBA_PASS_nstest3" -c 'netsessenum' 2>&1)
case $denied in
*WERR_ACCESS_DENIED*) ok "an ordinary user is denied NetrSessionEnum" ;;
*) not_ok "an ordinary user is denied NetrSessionEnum (got: $denied)" ;;
esac

# --- releasing one holder ends exactly its session ---------------------------
check "samba_release ends the 127.0.0.2 nstest2 holder" \
	samba_release "$last_holder"
same_lines "the other two sessions stay" \
	"127.0.0.2 nstest1
127.0.0.3 nstest2" "$(samba_sessions)"

# --- many sessions at once ---------------------------------------------------
check "hold 20 sessions from 127.0.50.1 on" \
	samba_hold_sessions 20 nstest3 127.0.50.1
check "20 distinct clients for nstest3" \
	test "$(samba_sessions | awk '$2 == "nstest3" { print $1 }' | sort -u | wc -l)" = 20
check "127.0.50.20 is the last of them" \
	test "$(samba_session_count 127.0.50.20 nstest3)" = 1

# --- samba_stop leaves nothing behind ----------------------------------------
dir=$SAMBA_DIR
port=$SAMBA_PORT
pids=$(_samba_pids "$dir" | sort -n | tr '\n' ' ')
check "processes of this server were found before stopping (${pids% })" \
	test -n "$pids"
dcerpcd=""
for p in $pids; do
	grep -qaF samba-dcerpcd "/proc/$p/cmdline" 2>/dev/null && dcerpcd=$p
done
check "samba-dcerpcd was started for this server" test -n "$dcerpcd"
check "samba_stop" samba_stop
left=""
for p in $pids; do
	alive "$p" && left="$left $p"
done
same_lines "every process of the server is gone" "" "$left"
same_lines "no process mentions the directory any more" "" \
	"$(_samba_pids "$dir")"
check "the directory is removed" test ! -e "$dir"
check "the port is closed" test -z "$(ss -Htln "( sport = :$port )")"
check "the exported variables are cleared" test -z "${SAMBA_DIR:-}"
check "samba_stop twice is harmless" samba_stop

# --- a test killed outright still leaves nothing behind ----------------------
# A child shell starts its own server, holds a session and is killed with
# SIGKILL, so neither samba_stop nor its trap runs: the watchdog cleans up.
info=$(mktemp "${TMPDIR:-/tmp}/harness-test.XXXXXX")
bash -c '. "$1"; samba_start && samba_hold_session 127.0.0.4 nstest1 &&
	echo "$SAMBA_DIR $SAMBA_PORT" >"$2" && exec sleep 600' \
	child "$here/lib/samba.sh" "$info" >"$info.log" 2>&1 &
child=$!
gone_or_ready() { [ -s "$info" ] || ! kill -0 "$child" 2>/dev/null; }
_samba_wait "the child's server" gone_or_ready
read -r cdir cport <"$info"
if [ -n "$cdir" ] && [ -d "$cdir" ]; then
	ok "a child shell started its own server in $cdir on port $cport"
	check "its directory and port differ from the first server" \
		test "$cdir" != "$dir" -a "$cport" != "$port"
	kill -KILL "$child"
	wait "$child" 2>/dev/null
	cleaned() { [ ! -e "$cdir" ] && [ -z "$(_samba_pids "$cdir")" ]; }
	check "after SIGKILL of that shell, its server and directory are gone" \
		_samba_wait "the watchdog to clean $cdir" cleaned
	check "and its port is closed" test -z "$(ss -Htln "( sport = :$cport )")"
else
	not_ok "a child shell started its own server"
	sed 's/^/#   /' "$info.log"
	wait "$child" 2>/dev/null
fi
rm -f "$info" "$info.log"

finish
