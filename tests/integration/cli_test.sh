#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# cli_test.sh - the netsess command against a real Samba server that the
# test starts itself (tests/integration/lib/samba.sh), with sessions held
# open by real smbclient processes from distinct loopback addresses.
#
# What a user would check: the table and the JSON list exactly the live
# sessions (smbstatus is the ground truth), info finds one, del ends exactly
# the matching sessions and prints the success message, and every failure
# gives "netsess: <SymbolicName> (<code>): ..." and the documented exit
# status.  Missing programs make the test fail; it never skips.
#
# Needs root (smbd, useradd), bash, python3 (JSON and a pseudo-terminal),
# setsid.  Run by "make check", or by hand with top_builddir set.
#
# The checks are functions run through check() and eval, which shellcheck
# cannot follow:
# shellcheck disable=SC2317,SC2034,SC2016 source-path=SCRIPTDIR

if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_builddir=${top_builddir:-$here/../..}
NETSESS=${NETSESS:-$top_builddir/src/cli/netsess}
SRV='\\127.0.0.1'
SELF='127.0.0.1 root' # the session of netsess's own connection
DEL_OK='The specified session(s) has been successfully deleted'

# shellcheck source=tests/integration/lib/cli.sh
. "$here/lib/cli.sh" || exit 1

# The connection options of the administrator.
admin() {
	ns -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" "$@"
}

# A usage error: exit 2, "netsess: MESSAGE" and the --help hint on stderr.
usage_error() {
	rc_is 2 && out_empty && err_starts "netsess: $1" &&
		err_has "Try 'netsess --help' for more information."
}

# "client user" of the table's rows, sorted; fails on a wrong title line.
table_rows() {
	local title
	title=$(head -n 1 "$T/out" | tr -s ' ')
	[ "$title" = "$1" ] || {
		echo "table title '$title', want '$1'" >&2
		return 1
	}
	tail -n +2 "$T/out" | awk '{ print $1, $2 }' | LC_ALL=C sort
}

# "client user" of the JSON array's objects, sorted.
json_rows() {
	python3 -c '
import json, sys
for o in json.load(sys.stdin):
    print(o["client"], o.get("user", "-"))
' <"$T/out" | LC_ALL=C sort
}

# The distinct key lists of the JSON array's objects.
json_keys() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
assert isinstance(d, list)
print("\n".join(sorted({",".join(o.keys()) for o in d})))
' <"$T/out"
}

# The live sessions without netsess's own, per smbstatus.
live() {
	samba_sessions | grep -vxF "$SELF"
}

# Waits until no session of an earlier netsess run is left, then writes the
# sessions netsess is expected to list (live ones plus its own) to $T/want.
expect_listing() {
	samba_wait_session_count 0 127.0.0.1 root || return 1
	{
		samba_sessions
		echo "$SELF"
	} | LC_ALL=C sort >"$T/want"
}

# same_as FILE: stdin equals FILE (shows a diff when not).
same_as() {
	cat "$1" >"$T/expected" # $1 may be a pipe: read it once
	cat >"$T/got"
	diff -u "$T/expected" "$T/got" | sed 's/^/#   /'
	cmp -s "$T/expected" "$T/got"
}

# ---- prerequisites --------------------------------------------------------

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
if [ ! -r "$here/lib/samba.sh" ]; then
	t_fail "the Samba harness $here/lib/samba.sh exists"
	finish
fi

# ---- usage, help, version (no server needed) -------------------------------

ns
check "no command: exit 2" usage_error "no command given"
ns frobnicate
check "unknown command: exit 2" usage_error "unknown command 'frobnicate'"
ns enum --bogus
check "unknown option: exit 2" usage_error "unknown option '--bogus'"
ns enum --level 3
check "bad level: exit 2" usage_error "invalid level '3'"
ns enum --level
check "level without value: exit 2" usage_error "option '--level' requires an argument"
ns -p 70000 enum
check "bad port: exit 2" usage_error "invalid port '70000'"
ns --signing maybe enum
check "bad --signing: exit 2" usage_error "invalid --signing 'maybe'"
ns del "$SRV" nstest1 nstest2
check "word after the user name: exit 2" usage_error "unexpected 'nstest2' after the user name"
ns del "$SRV" '\\127.0.0.2' '\\127.0.0.3'
check "three computer names: exit 2" usage_error "unexpected '\\\\127.0.0.3'"
ns del "$SRV" '\\127.0.0.2' --client 127.0.0.3
check "client given twice: exit 2" usage_error "client name given twice"
ns del --json nstest1
check "--json with del: exit 2" usage_error "option --json is not valid for del"

ns --help
check "--help: exit 0 with the usage" \
	eval 'rc_is 0 && err_empty && grep -q "^Usage: netsess \[options\] COMMAND" "$T/out" &&
	grep -q "del   \[\\\\\\\\ServerName\] \[\\\\\\\\ClientName\] \[UserName\]" "$T/out" &&
	grep -q "check \[\\\\\\\\ServerName\] \[-w RANGE\] \[-c RANGE\]" "$T/out"'
ns del --help
check "del --help: the del usage" \
	eval 'rc_is 0 && head -n 1 "$T/out" | grep -q "^Usage: netsess \[options\] del "'
ns help info
check "help info: the info usage" \
	eval 'rc_is 0 && head -n 1 "$T/out" | grep -q "^Usage: netsess \[options\] info "'
ns --version
check "--version" eval 'rc_is 0 && grep -qE "^netsess \(netsessd\) [0-9]" "$T/out"'

# ---- usage errors are found before any connection ------------------------

# A listener that counts the connections made to it, closing each at once.
python3 - "$T/count" >"$T/count.log" 2>&1 <<'EOF_PY' &
import os, socket, sys
base = sys.argv[1]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
s.settimeout(300)
with open(base + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(base + ".tmp", base + ".port")
while not os.path.exists(base + ".stop"):
    try:
        c, _ = s.accept()
    except socket.timeout:
        break
    with open(base + ".accepted", "a") as f:
        f.write("1\n")
    c.close()
EOF_PY
counter=$!
waited=0
while [ ! -e "$T/count.port" ] && [ "$waited" -lt 600 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
CPORT=$(cat "$T/count.port" 2>/dev/null)
accepted() { wc -l 2>/dev/null <"$T/count.accepted" || echo 0; }

ns -p "$CPORT" -U root%x del "$SRV"
check "del \\\\S without client and user: usage error, exit 2" \
	usage_error "del needs a client name or a user name"
ns -p "$CPORT" -U root%x del "$SRV" --client "" --user ""
check "del with empty --client and --user: the same usage error" \
	usage_error "del needs a client name or a user name"
ns -p "$CPORT" -U root%x del
check "del without any name: usage error" usage_error "del needs a client name or a user name"
ns -p "$CPORT" -U root%x info "$SRV" '\\127.0.0.2'
check "info without a user name: usage error, exit 2" \
	usage_error "info needs both a client name and a user name"
ns -p "$CPORT" -U root%x info "$SRV" nstest1
check "info without a client name: usage error, exit 2" \
	usage_error "info needs both a client name and a user name"
# shellcheck disable=SC1003 # a lone \\, quoted
ns -p "$CPORT" -U root%x enum '\\'
check "enum '\\\\': usage error, exit 2" usage_error "'\\\\' names no server"
# shellcheck disable=SC1003
ns -p "$CPORT" -U root%x del "$SRV" '\\'
check "del \\\\S '\\\\': usage error, exit 2" usage_error "'\\\\' names no client"
# Unquoted, the shell leaves one backslash: refused with the fix, not
# taken as a user name.
# shellcheck disable=SC1001
ns -p "$CPORT" -U root%x del \\127.0.0.1 nstest1
check "del \\\\S unquoted (one backslash left): usage error that says how to quote" \
	usage_error "'\\127.0.0.1' starts with one backslash: the shell removed the other"
# No password and no terminal: the usage error comes before the prompt.
env -u PASSWD setsid -w "$NETSESS" -p "$CPORT" -U root del "$SRV" </dev/null \
	>"$T/out" 2>"$T/err"
RC=$? LAST_ARGS="-U root del \\\\S (no password, no terminal)"
check "del without names and without a password: the usage error, no prompt" \
	usage_error "del needs a client name or a user name"
check "none of the usage errors connected to the server" eval '[ "$(accepted)" -eq 0 ]'
# The counter sees a connection when netsess does make one.
ns -p "$CPORT" -U root%x --timeout 5 enum "$SRV"
check "control: a valid enum connects (and fails, exit 1)" \
	eval 'rc_is 1 && [ "$(accepted)" -ge 1 ]'
touch "$T/count.stop"
kill "$counter" 2>/dev/null
wait "$counter" 2>/dev/null
# Nothing listens on that port now: still the usage error, not a refusal.
ns -p "$CPORT" -U root%x del "$SRV"
check "del without names against a closed port: still the usage error" \
	usage_error "del needs a client name or a user name"
ns -p "$CPORT" -U root%x info '\\no-such-host.invalid' '\\127.0.0.2'
check "info without a user on an unresolvable server: still the usage error" \
	usage_error "info needs both a client name and a user name"

# -A: the reason, before any connection (the status name stays in front).
ns -p "$CPORT" -A "$T/no-such-auth-file" enum "$SRV"
check "-A with a missing file: \"not found\", exit 1" \
	eval 'api_error "NETSESS_E_AUTH_FILE (0x20000009)" &&
	[ "$(cat "$T/err")" = "netsess: NETSESS_E_AUTH_FILE (0x20000009): $T/no-such-auth-file: not found" ]'
printf 'username = root\npassword = x\n' >"$T/auth.shared"
chmod 0644 "$T/auth.shared"
ns -p "$CPORT" -A "$T/auth.shared" enum "$SRV"
check "-A with a file others may read: \"must not be group- or world-readable\", exit 1" \
	eval 'api_error "NETSESS_E_AUTH_FILE (0x20000009)" &&
	err_has "$T/auth.shared: must not be group- or world-readable (mode 0644"'
printf 'username = root\npasword = x\n' >"$T/auth.typo"
chmod 0600 "$T/auth.typo"
ns -p "$CPORT" -A "$T/auth.typo" enum "$SRV"
check "-A with a misspelt key: the line is named, exit 1" \
	eval 'api_error "NETSESS_E_AUTH_FILE (0x20000009)" && err_has "$T/auth.typo: line 2 is malformed"'

# A name that cannot resolve (RFC 6761 reserves .invalid).
ns -U root%x --timeout 20 enum '\\no-such-host.invalid'
check "an unresolvable server: NETSESS_E_HOST_NOT_FOUND, exit 1" \
	api_error "NETSESS_E_HOST_NOT_FOUND (0x20000002)"

# ---- a Samba with sessions ----------------------------------------------

# shellcheck source=lib/samba.sh
. "$here/lib/samba.sh"
trap 'samba_stop; rm -rf "$T"' EXIT
if ! samba_start; then
	t_fail "the private Samba server starts"
	finish
fi
held=(
	"127.0.0.2 nstest1"
	"127.0.0.3 nstest2"
	"127.0.0.4 nstest2"
	"127.0.0.5 nstest3"
	"127.0.0.5 nstest1"
	"127.0.0.6 nstest3"
	"127.0.0.7 nstest1"
)
for h in "${held[@]}"; do
	# shellcheck disable=SC2086
	if ! samba_hold_session $h; then
		t_fail "a session is held for $h"
		finish
	fi
done
printf '%s\n' "${held[@]}" | LC_ALL=C sort >"$T/held"
check "smbstatus shows the held sessions" eval 'live | same_as "$T/held"'

L1_TITLE='Client User Opens Time Idle Flags'
L1_KEYS='client,user,opens,time,idle_time,user_flags'

# ---- enum ---------------------------------------------------------------

expect_listing
admin enum "$SRV"
check "enum: exit 0, nothing on stderr" eval 'rc_is 0 && err_empty'
check "enum: the table lists exactly the live sessions" \
	eval 'table_rows "$L1_TITLE" | same_as "$T/want"'

expect_listing
admin enum "$SRV" --json
check "enum --json: exit 0" rc_is 0
check "enum --json: exactly the live sessions" eval 'json_rows | same_as "$T/want"'
check "enum --json: level 1 keys" eval '[ "$(json_keys)" = "$L1_KEYS" ]'

expect_listing
admin enum "$SRV" --level 0 --json
check "enum --level 0 --json: only the client key" \
	eval 'rc_is 0 && err_empty && [ "$(json_keys)" = client ]'
check "enum --level 0 --json: the clients of the live sessions" \
	eval 'json_rows | same_as <(sed "s/ .*/ -/" "$T/want")'

expect_listing
admin enum "$SRV" --level 502 --json
check "enum --level 502: Samba's answer from level 1 is noted on stderr" \
	eval 'rc_is 0 && [ "$(cat "$T/err")" = "netsess: level 502 served from level 1" ]'
check "enum --level 502 --json: the level 1 keys only" eval '[ "$(json_keys)" = "$L1_KEYS" ]'
check "enum --level 502 --json: exactly the live sessions" eval 'json_rows | same_as "$T/want"'

admin enum "$SRV" --level 10
check "enum --level 10: table of level 1 columns, note on stderr" \
	eval 'rc_is 0 && err_has "level 10 served from level 1" && table_rows "$L1_TITLE" >/dev/null'

admin enum "$SRV" --client 127.0.0.5
check "enum --client: only that client's sessions" \
	eval 'rc_is 0 && table_rows "$L1_TITLE" | same_as <(printf "%s\n" "127.0.0.5 nstest1" "127.0.0.5 nstest3")'
admin enum "$SRV" --client '\\127.0.0.5' --user nstest3 --json
check "enum --client \\\\C --user U: the one session" \
	eval 'rc_is 0 && json_rows | same_as <(echo "127.0.0.5 nstest3")'
admin enum "$SRV" --user nstest2
check "enum --user: only that user's sessions" \
	eval 'rc_is 0 && table_rows "$L1_TITLE" | same_as <(printf "%s\n" "127.0.0.3 nstest2" "127.0.0.4 nstest2")'
admin enum "$SRV" --client 127.0.0.99
check "enum of an absent client: NERR_ClientNameNotFound, exit 1" \
	api_error "NERR_ClientNameNotFound (2312)"


# A filter that matches nothing: with --json the output is still JSON.
admin enum "$SRV" --client 127.0.0.99 --json
check "enum --json of an absent client: [] on stdout, the status on stderr, exit 1" \
	eval 'rc_is 1 && [ "$(python3 -c "import json,sys; print(json.load(sys.stdin))" <"$T/out")" = "[]" ] &&
	err_starts "netsess: NERR_ClientNameNotFound (2312): "'
admin enum "$SRV" --user nobody --json=v2
check "enum --json=v2 of an absent user: sessions [], level_served null, exit 1" \
	eval 'rc_is 1 && python3 -c "
import json, sys
d = json.load(sys.stdin)
assert d[\"sessions\"] == [] and d[\"level_served\"] is None, d
assert d[\"server\"] == \"127.0.0.1\" and d[\"level_requested\"] == 1, d
" <"$T/out" && err_starts "netsess: NERR_UserNotFound (2221): "'

# --json=v2: the same sessions, with the server, the levels and the time.
expect_listing
date -u +%s >"$T/t0"
admin enum "$SRV" --json=v2 --level 502
date -u +%s >"$T/t1"
check "enum --json=v2: exit 0, the level note on stderr" \
	eval 'rc_is 0 && [ "$(cat "$T/err")" = "netsess: level 502 served from level 1" ]'
check "enum --json=v2: server, timestamp, levels requested and served" \
	python3 -c '
import calendar, json, sys, time
d = json.load(open(sys.argv[1]))
t0, t1 = int(open(sys.argv[2]).read()), int(open(sys.argv[3]).read())
assert list(d) == ["server", "timestamp", "level_requested", "level_served", "sessions"], list(d)
assert d["server"] == "127.0.0.1", d["server"]
assert d["level_requested"] == 502 and d["level_served"] == 1, d
ts = calendar.timegm(time.strptime(d["timestamp"], "%Y-%m-%dT%H:%M:%SZ"))
assert t0 <= ts <= t1, (t0, d["timestamp"], t1)
' "$T/out" "$T/t0" "$T/t1"
check "enum --json=v2: its sessions are exactly the live ones" \
	eval 'python3 -c "
import json, sys
for o in json.load(sys.stdin)[\"sessions\"]:
    print(o[\"client\"], o[\"user\"])
" <"$T/out" | LC_ALL=C sort | same_as "$T/want"'

# --level 2 against Samba, which serves levels 0 and 1 only: what the user
# sees is the level 1 table, with a note on stderr, and no Type column.
expect_listing
admin enum "$SRV" --level 2
check "enum --level 2: exit 0, \"level 2 served from level 1\" on stderr" \
	eval 'rc_is 0 && [ "$(cat "$T/err")" = "netsess: level 2 served from level 1" ]'
check "enum --level 2: the level 1 columns (no Type), exactly the live sessions" \
	eval 'table_rows "$L1_TITLE" | same_as "$T/want"'
admin enum "$SRV" --level 2 --json
check "enum --level 2 --json: level 1 keys, no client_type" eval '[ "$(json_keys)" = "$L1_KEYS" ]'

# Output that cannot be written is a failure (exit 1), and says so.
"$NETSESS" -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" enum "$SRV" \
	>/dev/full 2>"$T/err"
RC=$? LAST_ARGS="enum > /dev/full"
: >"$T/out"
check "enum > /dev/full: exit 1, \"cannot write the result\"" \
	eval 'rc_is 1 && [ "$(cat "$T/err")" = "netsess: cannot write the result: No space left on device" ]'
"$NETSESS" -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" enum "$SRV" --json=v2 \
	>/dev/full 2>"$T/err"
RC=$? LAST_ARGS="enum --json=v2 > /dev/full"
check "enum --json=v2 > /dev/full: exit 1, \"cannot write the result\"" \
	eval 'rc_is 1 && err_has "netsess: cannot write the result: No space left on device"'

# The account without -U: $USER, else $LOGNAME.  nstest1 may log on but
# not enumerate (ERROR_ACCESS_DENIED); root with nstest1's password could
# not log on at all (NETSESS_E_LOGON_FAILURE): the two tell who was used.
user_env() {
	LAST_ARGS="enum (USER/LOGNAME: $*)"
	env -u USER -u LOGNAME "$@" "$NETSESS" -p "$SAMBA_PORT" enum "$SRV" --user nstest2 \
		>"$T/out" 2>"$T/err"
	RC=$?
}
user_env USER=root PASSWD="$SAMBA_ADMIN_PASS"
check "\$USER=root: logs on as root" \
	eval 'rc_is 0 && table_rows "$L1_TITLE" | same_as <(printf "%s\n" "127.0.0.3 nstest2" "127.0.0.4 nstest2")'
user_env USER=nstest1 LOGNAME=root PASSWD="${SAMBA_PASS_nstest1:-}"
check "\$USER=nstest1 (LOGNAME=root): logs on as nstest1, ERROR_ACCESS_DENIED" \
	api_error "ERROR_ACCESS_DENIED (5)"
user_env LOGNAME=nstest1 PASSWD="${SAMBA_PASS_nstest1:-}"
check "no \$USER, \$LOGNAME=nstest1: logs on as nstest1, ERROR_ACCESS_DENIED" \
	api_error "ERROR_ACCESS_DENIED (5)"
user_env USER= LOGNAME=nstest1 PASSWD="${SAMBA_PASS_nstest1:-}"
check "empty \$USER, \$LOGNAME=nstest1: logs on as nstest1" api_error "ERROR_ACCESS_DENIED (5)"
user_env LOGNAME=root PASSWD="${SAMBA_PASS_nstest1:-}"
check "\$LOGNAME=root with nstest1's password: NETSESS_E_LOGON_FAILURE (root was used)" \
	api_error "NETSESS_E_LOGON_FAILURE (0x20000003)"
user_env PASSWD="$SAMBA_ADMIN_PASS"
check "neither \$USER nor \$LOGNAME: the account of the user running it (root)" \
	eval 'rc_is 0 && table_rows "$L1_TITLE" >/dev/null'
samba_wait_session_count 0 127.0.0.1 nstest1 >/dev/null

# ---- info ----------------------------------------------------------------

admin info "$SRV" '\\127.0.0.2' nstest1
check "info: exactly the one session" \
	eval 'rc_is 0 && err_empty && table_rows "$L1_TITLE" | same_as <(echo "127.0.0.2 nstest1")'
admin info "$SRV" '\\127.0.0.6' nstest3 --json
check "info --json: one object with the level 1 keys" \
	eval 'rc_is 0 && json_rows | same_as <(echo "127.0.0.6 nstest3") && [ "$(json_keys)" = "$L1_KEYS" ]'
admin info "" '\\127.0.0.2' nstest1
check "info \"\" \\\\C U (this computer's server): the one session" \
	eval 'rc_is 0 && table_rows "$L1_TITLE" | same_as <(echo "127.0.0.2 nstest1")'
admin info "$SRV" '\\127.0.0.2' nstest3
check "info of a pair without a session: NERR_ClientNameNotFound, exit 1" \
	api_error "NERR_ClientNameNotFound (2312)"

# ---- credentials -------------------------------------------------------------

PASSWD=$SAMBA_ADMIN_PASS ns -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER" enum "$SRV" --user nstest2
check "\$PASSWD is the password" \
	eval 'rc_is 0 && table_rows "$L1_TITLE" | same_as <(printf "%s\n" "127.0.0.3 nstest2" "127.0.0.4 nstest2")'

env -u PASSWD "$NETSESS" -p "$SAMBA_PORT" -A "$SAMBA_ADMIN_AUTHFILE" enum "$SRV" \
	--user nstest2 >"$T/out" 2>"$T/err"
RC=$? LAST_ARGS="-A \$SAMBA_ADMIN_AUTHFILE enum"
check "-A with a private authentication file" \
	eval 'rc_is 0 && table_rows "$L1_TITLE" | same_as <(printf "%s\n" "127.0.0.3 nstest2" "127.0.0.4 nstest2")'

for mode in 0644 0640 0604; do
	cp "$SAMBA_ADMIN_AUTHFILE" "$T/auth.$mode"
	chmod "$mode" "$T/auth.$mode"
	env -u PASSWD "$NETSESS" -p "$SAMBA_PORT" -A "$T/auth.$mode" enum "$SRV" \
		>"$T/out" 2>"$T/err"
	RC=$? LAST_ARGS="-A auth.$mode enum"
	check "-A with a file of mode $mode is refused" \
		api_error "NETSESS_E_AUTH_FILE (0x20000009)"
done

for opt in "--signing required" "--signing off" "--encrypt=if_required" "-W NETSESSTEST"; do
	# shellcheck disable=SC2086
	admin $opt enum "$SRV" --user nstest2
	check "enum with $opt" \
		eval 'rc_is 0 && table_rows "$L1_TITLE" | same_as <(printf "%s\n" "127.0.0.3 nstest2" "127.0.0.4 nstest2")'
done

# Required encryption needs port 445 (the encrypted connection is made
# there): this server's port is refused, with the reason in brackets.
# cli_addc_test.sh and lib_addc.sh check it against a server on 445.
admin --encrypt enum "$SRV"
check "--encrypt (required) on another port: NETSESS_E_NOT_SUPPORTED, exit 1" \
	eval 'api_error "NETSESS_E_NOT_SUPPORTED (0x2000000B)" && err_has "port 445"'

# --keytab: the principal comes with -U, and no other secret beside it.
ns --keytab /nonexistent enum "$SRV"
check "--keytab without -U: exit 2" usage_error "--keytab needs -U PRINCIPAL"
ns --keytab /nonexistent -U "svc%pw" enum "$SRV"
check "--keytab with a password: exit 2" usage_error "--keytab and a password in -U exclude each other"
ns -p "$SAMBA_PORT" --keytab /nonexistent -U svc@EXAMPLE.LAN enum "$SRV"
check "--keytab with a missing file: NETSESS_E_AUTH_FILE, exit 1" \
	api_error "NETSESS_E_AUTH_FILE (0x20000009)"

ns -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%wrong-$SAMBA_ADMIN_PASS" enum "$SRV"
check "a wrong password: NETSESS_E_LOGON_FAILURE, exit 1" \
	api_error "NETSESS_E_LOGON_FAILURE (0x20000003)"

# -k without -U logs on as the calling user with Kerberos, never anonymously.
# Kerberos cannot reach a server named by its address, so the logon fails.
env -u PASSWD "$NETSESS" -p "$SAMBA_PORT" -k enum "$SRV" >"$T/out" 2>"$T/err"
RC=$? LAST_ARGS="-k enum"
check "-k without -U: a Kerberos logon, not an anonymous one: NETSESS_E_LOGON_FAILURE" \
	api_error "NETSESS_E_LOGON_FAILURE (0x20000003)"

ns -p "$SAMBA_PORT" -U "nstest1%${SAMBA_PASS_nstest1:-}" enum "$SRV"
check "a user without admin rights: ERROR_ACCESS_DENIED, exit 1" \
	api_error "ERROR_ACCESS_DENIED (5)"

env -u PASSWD setsid -w "$NETSESS" -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER" enum "$SRV" \
	</dev/null >"$T/out" 2>"$T/err"
RC=$? LAST_ARGS="-U root enum (no terminal)"
check "no password and no terminal: exit 2 with a message" \
	eval 'rc_is 2 && out_empty && err_starts "netsess: cannot read a password from the terminal"'

# The prompt, on a pseudo-terminal: asked for, not echoed, accepted.
env -u PASSWD python3 - "$NETSESS" "$SAMBA_ADMIN_PASS" -p "$SAMBA_PORT" \
	-U "$SAMBA_ADMIN_USER" enum "$SRV" --user nstest2 >"$T/pty.out" 2>"$T/err" <<'EOF'
import os, pty, select, sys, time

argv, password = [sys.argv[1]] + sys.argv[3:], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(argv[0], argv)

def read_until(want):
    data = b""
    while want not in data:
        r, _, _ = select.select([fd], [], [], 60)
        if not r:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data

seen = read_until(b"Password for [root]: ")
os.write(fd, password.encode() + b"\n")
seen += read_until(b"\x00never")  # until the terminal closes
sys.stdout.write(seen.decode(errors="replace"))
for _ in range(600):
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        sys.stdout.write("\nEXIT %d\n" % os.waitstatus_to_exitcode(status))
        break
    time.sleep(0.1)
else:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    sys.stdout.write("\nEXIT killed: netsess did not finish\n")
EOF
cp "$T/pty.out" "$T/out"
RC=$(sed -n 's/^EXIT \([0-9]*\)$/\1/p' "$T/pty.out")
RC=${RC:-255}
LAST_ARGS="-U root enum (password typed on a terminal)"
check "the password prompt appears on the terminal" grep -qF "Password for [root]: " "$T/out"
check "the typed password is accepted" \
	eval 'rc_is 0 && grep -q "^127.0.0.3 *nstest2 " "$T/out" && grep -q "^127.0.0.4 *nstest2 " "$T/out"'
check "the typed password is not echoed" eval '! grep -qF "$SAMBA_ADMIN_PASS" "$T/out"'

# -U's password leaves argv at once: read /proc/PID/cmdline while netsess
# waits for a server that accepts the connection and never answers.
python3 - "$T/listen" >"$T/listen.log" 2>&1 <<'EOF' &
import os, socket, sys
base = sys.argv[1]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
s.settimeout(120)
with open(base + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(base + ".tmp", base + ".port")
c, _ = s.accept()
open(base + ".accepted", "w").close()
c.settimeout(120)
try:
    while c.recv(4096):
        pass
except OSError:
    pass
EOF
listener=$!
waited=0
while [ ! -e "$T/listen.port" ] && [ "$waited" -lt 600 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
SECRET="Arg-Secret-$$"
"$NETSESS" -p "$(cat "$T/listen.port" 2>/dev/null)" -U "root%$SECRET" --timeout 5 \
	enum "$SRV" >"$T/out" 2>"$T/err" &
nspid=$!
waited=0
while [ ! -e "$T/listen.accepted" ] && [ "$waited" -lt 600 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
tr '\0' ' ' <"/proc/$nspid/cmdline" >"$T/cmdline" 2>/dev/null
wait "$nspid"
RC=$? LAST_ARGS="-U root%<password> --timeout 5 enum (silent server)"
wait "$listener"
check "netsess connected to the silent server" test -e "$T/listen.accepted"
check "argv shows -U without the password" \
	eval 'grep -qF -- "-U root%" "$T/cmdline" && ! grep -qF "$SECRET" "$T/cmdline"'
check "a server that never answers: NETSESS_E_TIMEOUT after --timeout, exit 1" \
	api_error "NETSESS_E_TIMEOUT (0x20000004)"
check "the password is not in the messages" eval '! grep -qF "$SECRET" "$T/out" "$T/err"'
# Nothing listens on that port any more.
admin_port=$SAMBA_PORT
SAMBA_PORT=$(cat "$T/listen.port" 2>/dev/null) admin enum "$SRV"
SAMBA_PORT=$admin_port
check "a port where nothing listens: NETSESS_E_CONNECTION_REFUSED, exit 1" \
	api_error "NETSESS_E_CONNECTION_REFUSED (0x20000001)"

# ---- del -------------------------------------------------------------------

# after_del WANT...: the live sessions become exactly WANT (waiting for the
# ended smbd processes to go).
after_del() {
	local deadline=$((SECONDS + 60))
	printf '%s\n' "$@" | LC_ALL=C sort >"$T/want.del"
	until live | cmp -s "$T/want.del" -; do
		((SECONDS < deadline)) || break
		sleep 0.1
	done
	live | same_as "$T/want.del"
}

# nothing_ended BEFORE: no session was ended by what came before; the live
# sessions are still exactly BEFORE.  Samba ends a session after it has
# answered the delete (it tells that smbd to shut down), so a mistaken end
# can still be listed for a moment.  The check is read only after a later
# end has visibly taken effect: a canary session is held, ended with
# netsess del, and once it has left smbstatus so would every session whose
# end was ordered before it.
CANARY="127.0.0.200 nstest3"
nothing_ended() {
	local saved_rc=$RC
	# shellcheck disable=SC2086
	samba_hold_session $CANARY || return 1
	admin del "$SRV" "\\\\${CANARY%% *}" "${CANARY#* }"
	rc_is 0 || {
		echo "#   the canary's delete failed" >&2
		return 1
	}
	# shellcheck disable=SC2086
	samba_wait_session_count 0 $CANARY || return 1
	RC=$saved_rc
	live | same_as "$1"
}

live >"$T/before"
admin del "$SRV"
check "del without client and user, with a live server: usage error, exit 2" \
	usage_error "del needs a client name or a user name"
check "del without names ended no session" nothing_ended "$T/before"

admin del "$SRV" '\\127.0.0.99'
check "del of a client without a session: NERR_ClientNameNotFound (2312), exit 1" \
	api_error "NERR_ClientNameNotFound (2312)"
admin del "$SRV" '\\127.0.0.2' nstest2
check "del of a user without a session from that client: 2312, exit 1" \
	api_error "NERR_ClientNameNotFound (2312)"
check "the failed deletes ended no session" nothing_ended "$T/before"

admin del "$SRV" '\\127.0.0.2'
check "del by client: exit 0 and the message" eval 'rc_is 0 && out_is "$DEL_OK" && err_empty'
check "del by client: that client's session ended, the others alive" \
	after_del "127.0.0.3 nstest2" "127.0.0.4 nstest2" "127.0.0.5 nstest3" \
	"127.0.0.5 nstest1" "127.0.0.6 nstest3" "127.0.0.7 nstest1"

admin del "$SRV" nstest2
check "del by user: exit 0 and the message" eval 'rc_is 0 && out_is "$DEL_OK" && err_empty'
check "del by user: both sessions of that user ended, the others alive" \
	after_del "127.0.0.5 nstest3" "127.0.0.5 nstest1" "127.0.0.6 nstest3" \
	"127.0.0.7 nstest1"

admin del "$SRV" '\\127.0.0.5' nstest3
check "del by client and user: exit 0 and the message" \
	eval 'rc_is 0 && out_is "$DEL_OK" && err_empty'
check "del by client and user: only that session ended" \
	after_del "127.0.0.5 nstest1" "127.0.0.6 nstest3" "127.0.0.7 nstest1"

# The message cannot be written: exit 1, but saying the sessions ended.
"$NETSESS" -p "$SAMBA_PORT" -U "$SAMBA_ADMIN_USER%$SAMBA_ADMIN_PASS" del "$SRV" \
	--user nstest3 >/dev/full 2>"$T/err"
RC=$? LAST_ARGS="del --user nstest3 > /dev/full"
: >"$T/out"
check "del --user > /dev/full: exit 1, and the message says the sessions were deleted" \
	eval 'rc_is 1 && [ "$(cat "$T/err")" = "netsess: the session(s) were deleted, but the result could not be written: No space left on device" ]'
check "del --user > /dev/full: that user's last session did end" \
	after_del "127.0.0.5 nstest1" "127.0.0.7 nstest1"

admin del "" '\\127.0.0.7'
check "del \"\" \\\\C (this computer's server): exit 0 and the message" \
	eval 'rc_is 0 && out_is "$DEL_OK"'
check "del \"\" \\\\C: that client's session ended" after_del "127.0.0.5 nstest1"

# The command's own connection comes from 127.0.0.1: the reply never
# arrives, and the outcome is learnt from an enumeration.
admin del "$SRV" '\\127.0.0.1'
check "del of netsess's own client: exit 0 and the message" \
	eval 'rc_is 0 && out_is "$DEL_OK" && err_empty'
check "del of netsess's own client: the other sessions alive" after_del "127.0.0.5 nstest1"

admin del "$SRV" '\\127.0.0.7'
check "del of a client whose session is gone: 2312, exit 1" \
	api_error "NERR_ClientNameNotFound (2312)"

expect_listing
admin enum "$SRV" --json
check "enum after the deletes: exactly the remaining sessions" \
	eval 'rc_is 0 && json_rows | same_as "$T/want"'

finish
