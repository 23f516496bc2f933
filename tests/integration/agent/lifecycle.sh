#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd's command line and life, as netsessd(8) documents them, seen
# from outside (its exit status, its output and log, SNMP):
# - -h/--help and -V/--version print on stdout and exit 0; a usage error
#   exits 2, a configuration that cannot be read exits 1;
# - -L: -Lf FILE logs to the file, -Lo to stdout, -Le (and -f alone) to
#   stderr; -d adds every poll and every queued delete;
# - without -f: the command returns at once, netsessd runs on detached
#   (another session, not a child of the shell, in /, standard streams on
#   /dev/null), logs to the -Lf file, answers, reloads a configuration
#   given by a relative name on SIGHUP, and stops on SIGTERM;
# - SIGINT stops it like SIGTERM: exit 0, its tables are no longer served;
# - without -c, it reads the default file --help names;
# - SIGTERM with a SET waiting for its delete: netsessd waits for it (its
#   answer comes at the delete-timeout at the latest: see
#   agent/shutdown.sh); a second SIGTERM exits without waiting, and the
#   SET still gets an answer (the master's), not noError; standalone,
#   nobody answers it: the manager's request times out, never noError.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib/agent_test.sh
. "$here/../lib/agent_test.sh" || exit 1

t0=$SECONDS
[ -x "$NETSESSD" ] || fatal "netsessd is built ($NETSESSD)"

# run ARGS...: netsessd ARGS; RC, OUT and ERR hold the result.
run() {
	"$NETSESSD" "$@" >"$work/out" 2>"$work/err" </dev/null
	RC=$?
	OUT=$(cat "$work/out")
	ERR=$(cat "$work/err")
}

# expect_usage_error DESCRIPTION REGEX ARGS...: exit 2, REGEX on stderr,
# nothing on stdout.
expect_usage_error() {
	local what=$1 re=$2
	shift 2
	run "$@"
	if [ "$RC" = 2 ] && [ -z "$OUT" ] && printf '%s\n' "$ERR" | grepq -E -- "$re"; then
		pass "usage error: $what: exit 2, \"$re\" on stderr"
	else
		fail "usage error: $what: wanted exit 2 and \"$re\" on stderr, got exit $RC"
		show "stdout: $OUT"
		show "stderr: $ERR"
	fi
}

# --- options that need no server -------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/nsd-lifecycle.XXXXXX") || fatal "mktemp"
trap 'rm -rf "$work"' EXIT # lib/samba.sh and lib/snmp.sh chain theirs to it

version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")
snmp_version=$(net-snmp-config --version 2>/dev/null)
for opt in -V --version; do
	run "$opt"
	check_eq "$opt prints netsessd's and Net-SNMP's versions, exit 0" \
		"0:netsessd $version (Net-SNMP $snmp_version):" "$RC:$OUT:$ERR"
done
for opt in -h --help; do
	run "$opt"
	missing=
	for o in '-c FILE' '-f' '-n' '-x ADDRESS' '-L LOGOPTS' '-d' '-h, --help' '-V, --version'; do
		printf '%s\n' "$OUT" | grepq -F -- "  $o " || missing="$missing [$o]"
	done
	check_eq "$opt: exit 0, nothing on stderr, every option of netsessd(8) on stdout" \
		"0::" "$RC:$ERR:$missing"
done

# No -c: the default file, which --help names.
default=$(printf '%s\n' "$OUT" | sed -n 's/.*(XML; default \(.*\))$/\1/p')
check "--help names the default configuration file ($default)" [ -n "$default" ]
if [ -n "$default" ] && [ ! -e "$default" ]; then
	run -n
	check "no -c: netsessd reads $default, and says it is missing (exit 1)" \
		eval '[ "$RC" = 1 ] && printf "%s\n" "$ERR" | grepq -F -- "$default"'
fi
expect_usage_error "-c without its FILE" "option requires an argument -- 'c'" -c
expect_usage_error "an unknown option" "invalid option -- 'Z'" -c "$work/x.xml" -Z
expect_usage_error "an argument that is not an option" "unexpected argument: extra" \
	-c "$work/x.xml" extra
expect_usage_error "-L without LOGOPTS" "option requires an argument -- 'L'" -c "$work/x.xml" -L
expect_usage_error "-L with an unknown log option" "invalid log option -Lx" -c "$work/x.xml" -Lx
expect_usage_error "-Lf without its FILE" "invalid log option -Lf" -c "$work/x.xml" -Lf
run -c "$work/no-such.xml"
check "a configuration file that does not exist: exit 1, named on stderr ($ERR)" \
	eval '[ "$RC" = 1 ] && printf "%s\n" "$ERR" | grepq -F "$work/no-such.xml"'

# --- the servers -----------------------------------------------------------

at_samba "127.0.0.2 nstest1" "127.0.0.3 nstest2" "127.0.0.4 nstest3"
snmp_start || fatal "the private snmptrapd (and snmpd as master) start"
at_fs1_xml >"$SNMP_DIR/servers.xml"
config=$SNMP_DIR/netsessd.xml
nsd_write_config "$config" "$SNMP_DIR/servers.xml"

# fg_run NAME ARGS...: netsessd -c CONFIG -f -x ... ARGS in the background,
# stdout to $work/NAME.out, stderr to $work/NAME.err; waits until it
# answers; NSD_PID is set (nsd_stop stops it).
fg_run() {
	local name=$1
	shift
	NSD_LOG=$work/$name.err
	"$NETSESSD" -c "$config" -f "${NSD_X_ARGS[@]}" "$@" \
		</dev/null >"$work/$name.out" 2>"$work/$name.err" &
	NSD_PID=$!
	if ! at_agentx; then
		_snmp_wait_listen netsessd _nsd_listening || return 1
	fi
	nsd_wait_polled 1
}

# -Lo: the log on stdout, nothing on stderr.
if fg_run lo -Lo; then
	nsd_stop
	check "-f -Lo: the log is on stdout (netsessd starting, polling works, stopped)" \
		eval 'grep -q "^netsessd $version starting" "$work/lo.out" &&
			grep -q "server fs1 \[1\] .*polling works" "$work/lo.out" &&
			grep -q "^netsessd stopped" "$work/lo.out"'
	check_eq "-f -Lo: nothing on stderr" "" "$(cat "$work/lo.err")"
else
	fail "netsessd -f -Lo starts and answers"
fi

# -Lf FILE: the log in the file, nothing on stdout or stderr.
if fg_run lf -Lf "$work/lf.log"; then
	nsd_stop
	check "-f -Lf FILE: the log is in FILE" \
		eval 'grep -q "^netsessd $version starting" "$work/lf.log" &&
			grep -q "^netsessd stopped" "$work/lf.log"'
	check_eq "-f -Lf FILE: nothing on stdout or stderr" "" \
		"$(cat "$work/lf.out" "$work/lf.err")"
	check "without -d: no poll and no queued delete is logged" \
		eval '! grep -Eq "poll: [0-9]+ sessions|queued" "$work/lf.log"'
else
	fail "netsessd -f -Lf FILE starts and answers"
fi

# -Le: stderr, as -f alone.
if fg_run le -Le; then
	nsd_stop
	check "-f -Le: the log is on stderr" \
		eval 'grep -q "^netsessd $version starting" "$work/le.err"'
	check_eq "-f -Le: nothing on stdout" "" "$(cat "$work/le.out")"
else
	fail "netsessd -f -Le starts and answers"
fi

# -d: every poll and every queued delete.
if fg_run debug -d; then
	at_wait_polls 1 2 || fail "-d: server 1 is polled"
	check "-d: every poll is logged (sessions, rows, level, time)" \
		grep -Eq "^server fs1 \[1\]: poll: [0-9]+ sessions, [0-9]+ rows, level 1, [0-9]+ ms$" \
		"$work/debug.err"
	check "-d: destroy of 127.0.0.4/nstest3 is noError" snmp_set_expect noError snmp_rw \
		'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.4"."nstest3"' i 6
	check "-d: the queued delete is logged" \
		grep -qF 'server fs1 [1]: NetSessionDel(client="127.0.0.4", user="nstest3"): queued' "$work/debug.err"
	at_wait_gone 127.0.0.4 nstest3 || fail "-d: the destroyed session ends"
	nsd_stop
else
	fail "netsessd -f -d starts and answers"
fi

# --- SIGINT ------------------------------------------------------------------

if fg_run int; then
	kill -INT "$NSD_PID"
	pid=$NSD_PID
	if snmp_wait "netsessd to exit after SIGINT" eval '! kill -0 $pid 2>/dev/null'; then
		wait "$pid"
		rc=$?
		check_eq "SIGINT: netsessd exits with status 0" 0 "$rc"
	else
		fail "SIGINT: netsessd exits"
	fi
	NSD_PID=
	check "SIGINT: the log says \"SIGINT: stopping\", then \"netsessd stopped\"" \
		eval 'grep -A 100 "^SIGINT: stopping" "$work/int.err" | grepq "^netsessd stopped"'
	check "SIGINT: SMB-SESSION-MIB is no longer served" snmp_wait "the tables to go" nsd_gone
else
	fail "netsessd -f starts and answers (SIGINT)"
fi

# --- without -f: a daemon ------------------------------------------------------

# The configuration by a relative name, from its folder: netsessd changes
# to / and must still find it on SIGHUP.
(cd "$SNMP_DIR" && timeout 30 "$NETSESSD" -c netsessd.xml \
	"${NSD_X_ARGS[@]}" -Lf "$work/daemon.log" </dev/null >"$work/daemon.out" 2>"$work/daemon.err")
rc=$?
check_eq "without -f: the command returns at once with status 0, printing nothing" "0:" \
	"$rc:$(cat "$work/daemon.out" "$work/daemon.err")"
# daemon_pids: netsessd processes started with this test's log file.
daemon_pids() {
	local p
	for p in /proc/[0-9]*; do
		tr '\0' '\n' 2>/dev/null <"$p/cmdline" | head -n 1 | grepq '/netsessd$' || continue
		tr '\0' '\n' 2>/dev/null <"$p/cmdline" | grepq -xF "$work/daemon.log" &&
			echo "${p#/proc/}"
	done
}
_one_daemon() {
	[ "$(daemon_pids | wc -l)" = 1 ]
}
if snmp_wait "the daemon" _one_daemon; then
	dpid=$(daemon_pids)
	pass "without -f: one netsessd runs on ($dpid)"
	# Its fields in /proc/PID/stat after the command name: state ppid pgrp sid.
	read -r _ ppid _ sid < <(sed 's/^.*) //' "/proc/$dpid/stat")
	check "without -f: it is not a child of the shell that started it (parent $ppid)" \
		[ "$ppid" != "$$" ]
	check "without -f: it runs in a session of its own (session $sid, not $(ps -o sid= $$ | tr -d ' '))" \
		[ "$sid" != "$(ps -o sid= $$ | tr -d ' ')" ]
	check_eq "without -f: its working folder is /" / "$(readlink "/proc/$dpid/cwd")"
	check_eq "without -f: its standard streams are /dev/null" "/dev/null /dev/null /dev/null" \
		"$(readlink "/proc/$dpid/fd/0") $(readlink "/proc/$dpid/fd/1") $(readlink "/proc/$dpid/fd/2")"
	NSD_PID=$dpid NSD_LOG=$work/daemon.log
	if nsd_wait_polled 1; then
		pass "without -f: its tables answer"
	else
		fail "without -f: its tables answer"
	fi
	check "without -f: it logs to the -Lf file" \
		eval 'grep -q "^netsessd $version starting" "$work/daemon.log" &&
			grep -q "server fs1 \[1\] .*polling works" "$work/daemon.log"'
	# SIGHUP: the relative name is read again from /.
	lines=$(wc -l <"$work/daemon.log")
	at_fs1_xml 1 fs1-daemon >"$SNMP_DIR/servers.xml"
	nsd_write_config "$config" "$SNMP_DIR/servers.xml"
	kill -HUP "$dpid"
	_daemon_renamed() {
		[ "$(snmp_server_get 1 $NS_SRV_NAME 2>/dev/null)" = fs1-daemon ]
	}
	check "without -f: SIGHUP reads the configuration again (given as a relative name)" \
		snmp_wait "the daemon's reload" _daemon_renamed
	check "without -f: the log names the configuration by its full name" \
		eval 'tail -n +$((lines + 1)) "$work/daemon.log" | grepq -F "configuration $config: "'
	kill -TERM "$dpid"
	check "without -f: SIGTERM ends it" snmp_wait "the daemon to exit" eval '! kill -0 $dpid 2>/dev/null'
	check "without -f: the log says \"SIGTERM: stopping\", then \"netsessd stopped\"" \
		eval 'grep -A 100 "^SIGTERM: stopping" "$work/daemon.log" | grepq "^netsessd stopped"'
	NSD_PID=
else
	fail "without -f: one netsessd runs on"
	for p in $(daemon_pids); do kill -KILL "$p"; done
fi

# --- SIGTERM with a pending SET; a second SIGTERM ------------------------------
# Samba's RPC services are frozen, so that the delete stays under way: the
# server's call timeout is long (60 s), its delete-timeout 8 s, it is
# polled only at start (no poll of its own is under way).
NSD_POLL_INTERVAL=600 NSD_CALL_TIMEOUT=60 at_fs1_xml >"$SNMP_DIR/servers.xml"
nsd_write_config "$config" "$SNMP_DIR/servers.xml"
if fg_run term -d; then
	pid=$NSD_PID
	rpcd=$(at_rpcd_pids)
	check "Samba's RPC services run ($(echo $rpcd))" [ -n "$rpcd" ]
	# shellcheck disable=SC2086
	kill -STOP $rpcd
	# Standalone, nobody will answer once netsessd has gone: the
	# manager gives up after 5 s instead of 20.
	set_timeout=20
	at_agentx || set_timeout=5
	(
		snmp_rw snmpset -Ir -t"$set_timeout" \
			'SMB-SESSION-MIB::smbSessionRowStatus.1."127.0.0.3"."nstest2"' i 6 \
			>"$work/set.out" 2>&1
		echo $? >"$work/set.rc"
	) &
	setter=$!
	check "the delete is queued" snmp_wait "the queued delete" \
		grep -qF 'NetSessionDel(client="127.0.0.3", user="nstest2"): queued' "$work/term.err"
	kill -TERM "$pid"
	check "SIGTERM: the log says \"SIGTERM: stopping\"" \
		snmp_wait "SIGTERM: stopping" grep -q "^SIGTERM: stopping" "$work/term.err"
	check "SIGTERM: netsessd waits for the pending SET's delete (still running)" kill -0 "$pid"
	check "SIGTERM: the SET has no answer yet" eval '! test -s "$work/set.rc"'
	kill -TERM "$pid"
	if snmp_wait "netsessd to exit after a second SIGTERM" eval '! kill -0 $pid 2>/dev/null'; then
		wait "$pid"
		rc=$?
		pass "a second SIGTERM: netsessd exits without waiting for the delete (status $rc)"
		check_eq "a second SIGTERM: exit status 0" 0 "$rc"
	else
		fail "a second SIGTERM: netsessd exits without waiting for the delete"
		kill -KILL "$pid"
	fi
	NSD_PID=
	check "a second SIGTERM: the log says it exits without waiting" \
		grep -q "^SIGTERM again: exiting without waiting" "$work/term.err"
	if ! snmp_wait "the SET's answer" test -s "$work/set.rc"; then
		fail "a second SIGTERM: the manager's snmpset ends"
	elif at_agentx; then
		# "Reason: undoFailed", "Reason: (genError) A general failure..."
		got=$(sed -n 's/^Reason: (\{0,1\}\([A-Za-z]*\).*/\1/p' "$work/set.out")
		check "a second SIGTERM: the pending SET still gets an answer, not noError ($got)" \
			[ -n "$got" ]
		[ -n "$got" ] || show "$(cat "$work/set.out")"
	else
		check "a second SIGTERM, standalone: nobody answers the pending SET (a timeout, not noError)" \
			eval '[ "$(cat "$work/set.rc")" != 0 ] && grep -q "^Timeout: No Response" "$work/set.out"'
		show "$(cat "$work/set.out")"
	fi
	wait "$setter" 2>/dev/null
	# shellcheck disable=SC2086
	kill -CONT $rpcd
	sed 's/^/    | /' "$work/term.err"
else
	fail "netsessd -f -d starts and answers (SIGTERM)"
fi

echo "run time: $((SECONDS - t0)) s"
finish
