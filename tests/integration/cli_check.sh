#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# cli_check.sh - netsess check, the Nagios/Icinga plugin mode, against a
# real Samba server that the test starts itself (tests/integration/lib/
# samba.sh), with sessions held open by real smbclient processes.
#
# What a monitoring system relies on: the exit status is the plugin return
# code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), stdout is one status line
# whose counts match smbstatus, with performance data in the documented
# format, and every failure to ask the server (wrong password, nothing
# listening, no rights, a bad command line) is UNKNOWN, never OK.
#
# Needs root (smbd, useradd) and bash.  Missing programs make the test
# fail; it never skips.
#
# The checks are functions run through check() and eval, which shellcheck
# cannot follow:
# shellcheck disable=SC2317,SC2016 source-path=SCRIPTDIR

if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_builddir=${top_builddir:-$here/../..}
NETSESS=${NETSESS:-$top_builddir/src/cli/netsess}
SRV='\\127.0.0.1'
SELF='127.0.0.1 root' # netsess's own connection, one of the sessions counted

# shellcheck source=tests/integration/lib/cli.sh
. "$here/lib/cli.sh" || exit 1

# as_admin ARGS...: netsess check with the administrator's account.
as_admin() {
	ns -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" check "$@"
}

# status_is RC LINE: exit status RC, stdout exactly LINE, stderr empty.
status_is() {
	WANT=$2
	[ "$RC" -eq "$1" ] && [ "$(cat "$T/out")" = "$2" ] && [ ! -s "$T/err" ]
}

# unknown_is TEXT: exit 3 and one line "SMB SESSIONS UNKNOWN - TEXT...".
unknown_is() {
	WANT="SMB SESSIONS UNKNOWN - $1..."
	[ "$RC" -eq 3 ] && [ "$(wc -l <"$T/out")" -eq 1 ] &&
		case $(cat "$T/out") in "SMB SESSIONS UNKNOWN - $1"*) true ;; *) false ;; esac
}

# counts [USER]: "sessions users clients" as smbstatus sees them once the
# check's own connection is added (and only USER's sessions, when given).
counts() {
	samba_wait_session_count 0 127.0.0.1 root >/dev/null || return 1
	{
		samba_sessions
		echo "$SELF"
	} | awk -v u="${1:-}" '
		NF == 2 && (u == "" || $2 == u) { n++; users[$2] = 1; clients[$1] = 1 }
		END { printf "%d %d %d\n", n, length(users), length(clients) }'
}

for p in python3 setsid; do
	command -v "$p" >/dev/null 2>&1 || {
		t_fail "required program $p is installed"
		finish
	}
done
if [ ! -x "$NETSESS" ]; then
	t_fail "netsess is built ($NETSESS)"
	finish
fi

# ---- usage errors are UNKNOWN, before any connection --------------------

ns -p 1 -U root%x check -w many
check "a bad -w range: UNKNOWN (3), the reason on stdout" \
	unknown_is "usage: invalid -w range 'many'"
ns -p 1 -U root%x -c 5:1 check
check "a bad -c before the command word: still UNKNOWN (3)" \
	unknown_is "usage: invalid -c range '5:1'"
ns -p 1 -U root%x check "$SRV" '\\127.0.0.2'
check "two server names: UNKNOWN (3)" unknown_is "usage: unexpected '\\\\127.0.0.2': check takes only"
ns -p 1 -U root%x check --level 2
check "an option check does not take: UNKNOWN (3)" \
	unknown_is "usage: option --level is not valid for check"
ns check --help
check "check --help: exit 0, the plugin's usage" \
	eval '[ "$RC" -eq 0 ] && head -n 1 "$T/out" | grep -q "^Usage: netsess \[options\] check "'

# ---- a Samba with sessions ----------------------------------------------

# shellcheck source=lib/samba.sh
. "$here/lib/samba.sh"
trap 'samba_stop; rm -rf "$T"' EXIT
if ! samba_start; then
	t_fail "the private Samba server starts"
	finish
fi
for h in "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest2" "127.0.0.5 nstest3"; do
	# shellcheck disable=SC2086
	if ! samba_hold_session $h; then
		t_fail "a session is held for $h"
		finish
	fi
done

# Held: 4 sessions of 3 users from 4 clients; with the check's own, 5, 4, 5.
read -r n u c <<<"$(counts)"
check "smbstatus: the held sessions and the check's own make 5 sessions, 4 users, 5 clients" \
	test "$n $u $c" = "5 4 5"

read -r n u c <<<"$(counts)"
as_admin "$SRV" -w 10 -c 20
check "below both thresholds: OK (0), counts as smbstatus" \
	status_is 0 "SMB SESSIONS OK - $n sessions on 127.0.0.1 | sessions=$n;10;20;0 users=$u;;;0 clients=$c;;;0"

read -r n u c <<<"$(counts)"
as_admin "$SRV" -w 3 -c 10
check "above -w: WARNING (1)" \
	status_is 1 "SMB SESSIONS WARNING - $n sessions on 127.0.0.1 | sessions=$n;3;10;0 users=$u;;;0 clients=$c;;;0"

read -r n u c <<<"$(counts)"
as_admin "$SRV" --warning 2 --critical 4
check "above -c: CRITICAL (2)" \
	status_is 2 "SMB SESSIONS CRITICAL - $n sessions on 127.0.0.1 | sessions=$n;2;4;0 users=$u;;;0 clients=$c;;;0"

read -r n u c <<<"$(counts)"
as_admin "$SRV"
check "no thresholds: OK whatever the count, empty threshold fields" \
	status_is 0 "SMB SESSIONS OK - $n sessions on 127.0.0.1 | sessions=$n;;;0 users=$u;;;0 clients=$c;;;0"

as_admin "$SRV" -w @0:5 -c @0:3
check "an inside (@) range: WARNING for 5 sessions in @0:5, not CRITICAL" \
	eval '[ "$RC" -eq 1 ] && grep -q "^SMB SESSIONS WARNING - 5 sessions " "$T/out"'

# Filters: the sessions of one user, from one client.
read -r n u c <<<"$(counts nstest2)"
as_admin "$SRV" --user nstest2 -c 2:
check "--user nstest2 -c 2: : OK with its 2 sessions" \
	status_is 0 "SMB SESSIONS OK - 2 sessions of nstest2 on 127.0.0.1 | sessions=2;;2:;0 users=1;;;0 clients=2;;;0"
check "smbstatus agrees: nstest2 has 2 sessions from 2 clients" test "$n $u $c" = "2 1 2"
as_admin "$SRV" --user nobody -c 1:
check "--user with no session, -c 1: : CRITICAL (2) with 0 sessions, not UNKNOWN" \
	status_is 2 "SMB SESSIONS CRITICAL - 0 sessions of nobody on 127.0.0.1 | sessions=0;;1:;0 users=0;;;0 clients=0;;;0"
as_admin "$SRV" --client 127.0.0.5 -w 0
check "--client -w 0: WARNING (1) for its one session" \
	status_is 1 "SMB SESSIONS WARNING - 1 session from 127.0.0.5 on 127.0.0.1 | sessions=1;0;;0 users=1;;;0 clients=1;;;0"
as_admin "$SRV" --client '\\127.0.0.99' -w 0
check "--client with no session, -w 0: OK (0) with 0 sessions" \
	status_is 0 "SMB SESSIONS OK - 0 sessions from 127.0.0.99 on 127.0.0.1 | sessions=0;0;;0 users=0;;;0 clients=0;;;0"

# --max-idle: the thresholds apply to the sessions idle longer than that.
# Samba reports every session's idle time as 0, so none of them counts:
# with 5 sessions, -w 1 -c 2 stays OK.
read -r n u c <<<"$(counts)"
as_admin "$SRV" --max-idle 60 -w 1 -c 2
check "--max-idle 60 -w 1 -c 2: OK (0), thresholds on idle_sessions (Samba: idle 0)" \
	status_is 0 "SMB SESSIONS OK - 0 of $n sessions on 127.0.0.1 idle longer than 60 s | sessions=$n;;;0 users=$u;;;0 clients=$c;;;0 idle_sessions=0;1;2;0"
as_admin "$SRV" --max-idle 0 -c @0
check "--max-idle 0 -c @0: CRITICAL (2) when no session is idle" \
	eval '[ "$RC" -eq 2 ] && grep -q "idle_sessions=0;;@0;0$" "$T/out"'

# This computer when no server is given: named by its host name.
read -r n u c <<<"$(counts)"
as_admin -w 10
check "no server: this computer, named by its host name" \
	status_is 0 "SMB SESSIONS OK - $n sessions on $(hostname) | sessions=$n;10;;0 users=$u;;;0 clients=$c;;;0"

# ---- failures to ask the server are UNKNOWN (3) --------------------------

ns -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%wrong-$SAMBA_ADMIN_PASS" check "$SRV" -w 1 -c 2
check "a wrong password: UNKNOWN (3), NETSESS_E_LOGON_FAILURE" \
	unknown_is "127.0.0.1: NETSESS_E_LOGON_FAILURE (0x20000003): "

ns -p "$SAMBA_PORT" -U "nstest1%${SAMBA_PASS_nstest1:-}" check "$SRV" -w 1 -c 2
check "an account without admin rights: UNKNOWN (3), ERROR_ACCESS_DENIED" \
	unknown_is "127.0.0.1: ERROR_ACCESS_DENIED (5): "

# A port nothing listens on: keep it bound (never listening) meanwhile, so
# no other test's server can take it.
python3 - "$T/closed" <<'EOF' &
import os, socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while not os.path.exists(sys.argv[1] + ".stop"):
    time.sleep(0.1)
EOF
holder=$!
waited=0
while [ ! -e "$T/closed" ] && [ "$waited" -lt 600 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
ns -p "$(cat "$T/closed")" -U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" check "$SRV" -w 1 -c 2
check "nothing listening: UNKNOWN (3), NETSESS_E_CONNECTION_REFUSED" \
	unknown_is "127.0.0.1: NETSESS_E_CONNECTION_REFUSED (0x20000001): "
touch "$T/closed.stop"
wait "$holder"

ns -U root%x check '\\no-such-host.invalid' -c 1
check "an unresolvable server: UNKNOWN (3), NETSESS_E_HOST_NOT_FOUND" \
	unknown_is "no-such-host.invalid: NETSESS_E_HOST_NOT_FOUND (0x20000002): "

printf 'username = root\npassword = x\n' >"$T/auth"
chmod 0640 "$T/auth"
ns -p "$SAMBA_PORT" -A "$T/auth" check "$SRV"
check "an -A file others may read: UNKNOWN (3), with the reason" \
	unknown_is "127.0.0.1: NETSESS_E_AUTH_FILE (0x20000009): $T/auth: must not be group- or world-readable"

env -u PASSWD setsid -w "$NETSESS" -p "$SAMBA_PORT" -U root check "$SRV" </dev/null \
	>"$T/out" 2>"$T/err"
RC=$? LAST_ARGS="-U root check (no password, no terminal)"
check "no password and no terminal (as under a monitoring daemon): UNKNOWN (3)" \
	unknown_is "127.0.0.1: cannot read a password from the terminal"

# Output that cannot be written: UNKNOWN, whatever the state would be.
"$NETSESS" -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" check "$SRV" -c 1 \
	>/dev/full 2>"$T/err"
RC=$? LAST_ARGS="check -c 1 > /dev/full"
: >"$T/out"
check "check > /dev/full: UNKNOWN (3), the reason on stderr" \
	eval '[ "$RC" -eq 3 ] && grep -q "cannot write the result: No space left on device" "$T/err"'

# ---- the same under valgrind (tests/memcheck.sh) ---------------------------

# The plugin runs unattended, often: its paths through libsmbclient must
# neither leak nor touch memory they do not own.  memcheck.sh exits 99 on
# any such error.
memcheck() {
	LAST_ARGS="(valgrind) $*"
	top_srcdir=$srcdir top_builddir=$top_builddir \
		"${SHELL:-/bin/sh}" "$srcdir/tests/memcheck.sh" "$NETSESS" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}
srcdir=${top_srcdir:-$here/../..}
read -r n u c <<<"$(counts)"
memcheck -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" check "$SRV" -w 3 -c 10
check "under valgrind: WARNING (1), no memory error" \
	status_is 1 "SMB SESSIONS WARNING - $n sessions on 127.0.0.1 | sessions=$n;3;10;0 users=$u;;;0 clients=$c;;;0"
memcheck -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%wrong" check "$SRV"
check "under valgrind: a wrong password, UNKNOWN (3), no memory error" \
	unknown_is "127.0.0.1: NETSESS_E_LOGON_FAILURE (0x20000003): "

finish
