#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# contrib/icinga2/netsess.conf with Debian's Icinga 2 (package icinga2-bin):
# - icinga2 daemon -C validates a private configuration that includes it
#   and a host with netsess_authfile: the CheckCommand and both services;
# - a copy with a service whose command does not exist is refused;
# - run for a moment (with the checker, and netsess replaced by a program
#   that records its arguments), Icinga 2 calls each service's command with
#   the arguments of "netsess check": \\SERVER first, -A FILE, the timeout,
#   the thresholds and --max-idle.
# Everything lives in a temporary directory; nothing under /etc or /var is
# used.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
conf=$top_srcdir/contrib/icinga2/netsess.conf

. "$here/../checks.sh"

command -v icinga2 >/dev/null 2>&1 || {
	fail "icinga2 is installed (apt-get install icinga2-bin)"
	finish
}

work=$(mktemp -d "${TMPDIR:-/tmp}/icinga2-cfg.XXXXXX") || { fail mktemp; finish; }
DAEMON_PID=
cleanup() {
	[ -z "$DAEMON_PID" ] || { kill "$DAEMON_PID" 2>/dev/null; wait "$DAEMON_PID" 2>/dev/null; }
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/data" "$work/cache" "$work/log" "$work/run" "$work/state" "$work/spool"
# Every path Icinga 2 writes, inside $work; no switch to the icinga user.
defs=(-DRunAsUser=root -DRunAsGroup=root -DDataDir="$work/data" -DCacheDir="$work/cache"
	-DLogDir="$work/log" -DInitRunDir="$work/run" -DStateDir="$work/state"
	-DSpoolDir="$work/spool")

# main FILE INCLUDED...: a main configuration with the ITL, the files and
# one SMB server.
main() {
	local out=$1 f
	shift
	{
		echo 'include <itl>'
		for f in "$@"; do echo "include \"$f\""; done
		cat <<'CFG'
object Host "fs1" {
  check_command = "dummy"
  address = "fs1.example.org"
  vars.netsess_authfile = "/etc/icinga2/smb-fs1.auth"
}
CFG
	} >"$out"
}

main "$work/icinga2.conf" "$conf"
out=$(icinga2 daemon -C -c "$work/icinga2.conf" "${defs[@]}" 2>&1)
rc=$?
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q 'Finished validating the configuration'; then
	pass "icinga2 daemon -C validates the configuration with contrib/icinga2/netsess.conf"
else
	fail "icinga2 daemon -C (exit $rc)"
	show "$out"
fi
check_eq "the two services are applied to the host with netsess_authfile" \
	"Instantiated 2 Services." "$(printf '%s\n' "$out" | grep -o 'Instantiated [0-9]* Services\.')"
check_eq "icinga2 -C reports no warning" "" \
	"$(printf '%s\n' "$out" | grep -E 'warning/|critical/' || true)"

sed 's/check_command = "netsess"$/check_command = "netses"/' "$conf" >"$work/broken.conf"
main "$work/broken-main.conf" "$work/broken.conf"
out=$(icinga2 daemon -C -c "$work/broken-main.conf" "${defs[@]}" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && printf '%s\n' "$out" | grep -q 'netses'; then
	pass "icinga2 daemon -C refuses a service whose command does not exist (exit $rc)"
else
	fail "icinga2 daemon -C accepted a service with an unknown command (exit $rc)"
	show "$out"
fi

# --- the command lines Icinga 2 runs ----------------------------------------
cat >"$work/netsess" <<'STUB'
#!/bin/sh
# Stands in for netsess: records its arguments, one a line, and says OK.
printf '%s\n' "$@" >"$(dirname "$0")/argv.$$"
echo "SMB SESSIONS OK - 0 sessions"
STUB
chmod +x "$work/netsess"
# The copy differs in the program's path and in the check intervals only.
sed -e "s|\"/usr/local/bin/netsess\"|\"$work/netsess\"|" \
	-e 's|^  check_command = "netsess"$|&\n  check_interval = 1s|' "$conf" >"$work/run-netsess.conf"
main "$work/run.conf" "$work/run-netsess.conf"
echo 'object CheckerComponent "checker" { }' >>"$work/run.conf"
icinga2 daemon -c "$work/run.conf" "${defs[@]}" >"$work/daemon.log" 2>&1 &
DAEMON_PID=$!
# One check of each service: a record with --max-idle and one without.
_both_ran() {
	grep -l -- '--max-idle' "$work"/argv.* >/dev/null 2>&1 &&
		grep -L -- '--max-idle' "$work"/argv.* 2>/dev/null | grep -q .
}
for _ in $(seq 120); do
	_both_ran && break
	kill -0 "$DAEMON_PID" 2>/dev/null || break
	sleep 0.5
done
kill "$DAEMON_PID" 2>/dev/null
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
if _both_ran; then
	pass "Icinga 2 ran the check of both services"
else
	fail "Icinga 2 ran the check of both services within 60 s"
	show "$(tail -n 20 "$work/daemon.log")"
	finish
fi
check_eq "smb-sessions runs: netsess check \\\\fs1... --timeout 10 -A FILE -c 400 -w 200" \
	"check
\\\\fs1.example.org
--timeout
10
-A
/etc/icinga2/smb-fs1.auth
-c
400
-w
200" "$(cat "$(grep -L -- '--max-idle' "$work"/argv.* | head -n 1)")"
check_eq "smb-idle-sessions runs: ... --max-idle 28800 ... -c 49 -w 9" \
	"check
\\\\fs1.example.org
--max-idle
28800
--timeout
10
-A
/etc/icinga2/smb-fs1.auth
-c
49
-w
9" "$(cat "$(grep -l -- '--max-idle' "$work"/argv.* | head -n 1)")"

finish
