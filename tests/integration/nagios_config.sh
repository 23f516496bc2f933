#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# contrib/nagios/ with Debian's Nagios 4 (package nagios4-core):
# - nagios4 -v accepts a minimal private configuration that includes
#   netsess-commands.cfg and netsess-services.cfg, with no error and no
#   warning, and counts the three example services on a host of the
#   smb-servers group;
# - the same run fails on a copy whose service names a command that does
#   not exist (the check can fail);
# - each command line, with the macros expanded as Nagios expands them and
#   run by /bin/sh as Nagios runs it, gives netsess exactly the arguments of
#   "netsess check" (\\SERVER, -A FILE, the thresholds).
# No Nagios daemon is started.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
contrib=$top_srcdir/contrib/nagios

. "$here/../checks.sh"

command -v nagios4 >/dev/null 2>&1 || {
	fail "nagios4 is installed (apt-get install nagios4-core)"
	finish
}

work=$(mktemp -d "${TMPDIR:-/tmp}/nagios-cfg.XXXXXX") || { fail mktemp; finish; }
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/spool/checkresults" "$work/var"

# The site's part: what every Nagios configuration has (a time period, a
# contact group "admins", a host check) and one SMB server.
cat >"$work/site.cfg" <<CFG
define timeperiod {
    timeperiod_name 24x7
    alias           always
    sunday          00:00-24:00
    monday          00:00-24:00
    tuesday         00:00-24:00
    wednesday       00:00-24:00
    thursday        00:00-24:00
    friday          00:00-24:00
    saturday        00:00-24:00
}
define command {
    command_name    notify-by-log
    command_line    /bin/true
}
define command {
    command_name    check-host-alive
    command_line    /bin/true
}
define contact {
    contact_name                  nagiosadmin
    host_notifications_enabled    1
    service_notifications_enabled 1
    host_notification_period      24x7
    service_notification_period   24x7
    host_notification_options     d,u,r
    service_notification_options  w,u,c,r
    host_notification_commands    notify-by-log
    service_notification_commands notify-by-log
}
define contactgroup {
    contactgroup_name admins
    alias             Administrators
    members           nagiosadmin
}
define host {
    host_name             fs1
    alias                 file server
    address               fs1.example.org
    hostgroups            smb-servers
    check_command         check-host-alive
    max_check_attempts    3
    check_period          24x7
    notification_period   24x7
    notification_interval 60
    contact_groups        admins
    _SMB_AUTHFILE         /etc/nagios4/smb-fs1.auth
}
CFG

# nagios_cfg DIR FILE...: a main configuration reading the given objects.
nagios_cfg() {
	local d=$1 f
	shift
	{
		echo "log_file=$d/var/nagios.log"
		for f in "$@"; do echo "cfg_file=$f"; done
		echo "object_cache_file=$d/var/objects.cache"
		echo "precached_object_file=$d/var/objects.precache"
		echo "status_file=$d/var/status.dat"
		echo "temp_file=$d/var/nagios.tmp"
		echo "temp_path=$d/var"
		echo "lock_file=$d/var/nagios.lock"
		echo "state_retention_file=$d/var/retention.dat"
		echo "command_file=$d/var/nagios.cmd"
		echo "check_result_path=$d/spool/checkresults"
		echo "check_external_commands=0"
		echo "nagios_user=root"
		echo "nagios_group=root"
		# As in Debian's nagios.cfg: without it nagios4 -v warns.
		echo "illegal_macro_output_chars=\`~\$&|'\"<>"
	}
}

nagios_cfg "$work" "$work/site.cfg" "$contrib/netsess-commands.cfg" \
	"$contrib/netsess-services.cfg" >"$work/nagios.cfg"
out=$(nagios4 -v "$work/nagios.cfg" 2>&1)
rc=$?
echo "$out" | grep -E '^(Nagios Core|Total|[[:space:]]+Checked)' | sed 's/^/    /'
if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q '^Total Errors:[[:space:]]*0$'; then
	pass "nagios4 -v accepts the configuration with contrib/nagios (exit 0, no error)"
else
	fail "nagios4 -v on the configuration with contrib/nagios (exit $rc)"
	show "$out"
fi
check_eq "nagios4 -v reports no warning" "Total Warnings: 0" \
	"$(printf '%s\n' "$out" | grep '^Total Warnings:' | tr -s ' ')"
check_eq "nagios4 -v counts the 3 example services on fs1" "Checked 3 services." \
	"$(printf '%s\n' "$out" | grep -o 'Checked [0-9]* services\.')"

# A service naming a command that does not exist is refused.
sed 's/check_smb_sessions!200!400/check_smb_sesions!200!400/' \
	"$contrib/netsess-services.cfg" >"$work/broken-services.cfg"
nagios_cfg "$work" "$work/site.cfg" "$contrib/netsess-commands.cfg" \
	"$work/broken-services.cfg" >"$work/broken.cfg"
out=$(nagios4 -v "$work/broken.cfg" 2>&1)
rc=$?
if [ "$rc" -ne 0 ] && printf '%s\n' "$out" | grep -q 'check_smb_sesions'; then
	pass "nagios4 -v refuses a service whose command does not exist (exit $rc)"
else
	fail "nagios4 -v accepted a service with an unknown command (exit $rc)"
	show "$out"
fi

# command_line NAME: the command_line of command NAME in the contrib file.
command_line() {
	awk -v want="$1" '
		/define command/ { name = ""; line = "" }
		$1 == "command_name" { name = $2 }
		$1 == "command_line" { sub(/^[[:space:]]*command_line[[:space:]]+/, ""); line = $0 }
		/^[[:space:]]*}/ && name == want { print line; exit }' "$contrib/netsess-commands.cfg"
}

# run_as_nagios NAME ARG...: NAME's command line with the macros of host
# fs1 and the ARGs expanded, run by /bin/sh -c with netsess replaced by a
# program that prints one argument a line.
run_as_nagios() {
	local line i=1 a
	line=$(command_line "$1")
	shift
	[ -n "$line" ] || return 1
	line=${line//\$HOSTADDRESS\$/fs1.example.org}
	line=${line//\$_HOSTSMB_AUTHFILE\$//etc/nagios4/smb-fs1.auth}
	for a in "$@"; do
		line=${line//\$ARG$i\$/$a}
		i=$((i + 1))
	done
	case $line in
	/usr/local/bin/netsess\ *) ;;
	*) echo "unexpected program in: $line"; return 1 ;;
	esac
	line="printf '%s\n'${line#/usr/local/bin/netsess}"
	/bin/sh -c "$line"
}

check_eq "check_smb_sessions!200!400 runs: netsess check \\\\fs1... -A FILE --timeout 10 -w 200 -c 400" \
	"check
\\\\fs1.example.org
-A
/etc/nagios4/smb-fs1.auth
--timeout
10
-w
200
-c
400" "$(run_as_nagios check_smb_sessions 200 400)"
check_eq "check_smb_user_sessions!backup!1:!1: runs: ... --user backup -w 1: -c 1:" \
	"check
\\\\fs1.example.org
-A
/etc/nagios4/smb-fs1.auth
--timeout
10
--user
backup
-w
1:
-c
1:" "$(run_as_nagios check_smb_user_sessions backup 1: 1:)"
check_eq "check_smb_idle_sessions!28800!9!49 runs: ... --max-idle 28800 -w 9 -c 49" \
	"check
\\\\fs1.example.org
-A
/etc/nagios4/smb-fs1.auth
--timeout
10
--max-idle
28800
-w
9
-c
49" "$(run_as_nagios check_smb_idle_sessions 28800 9 49)"

finish
