# SPDX-License-Identifier: GPL-3.0-or-later
# cli.sh - what the integration tests of the netsess command share: numbered
# "ok N - NAME" / "not ok N - NAME" lines and the final "N passed, M failed"
# that tests/driver.sh reads, a run of netsess whose status and output the
# checks then read, and the checks every such test makes.
#
# Source it after setting NETSESS (the program).  NETSESS_RUNNER, when set,
# is a command that runs netsess in the test's environment (the AD DC test
# bed's addc_run).  $T is a private directory, removed on exit; a test that
# sets its own EXIT trap removes it there.
# shellcheck shell=bash disable=SC2034

pass=0
fail=0
T=$(mktemp -d "${TMPDIR:-/tmp}/netsess-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

t_ok() {
	pass=$((pass + 1))
	echo "ok $((pass + fail)) - $1"
}

# t_fail NAME [DETAIL...]: also shows the last netsess run, and what the
# check wanted when it said so in $WANT.
t_fail() {
	local l
	fail=$((fail + 1))
	echo "not ok $((pass + fail)) - $1"
	shift
	for l in "$@"; do
		printf '#   %s\n' "$l"
	done
	echo "#   last run: netsess ${LAST_ARGS:-} -> exit ${RC:-}"
	sed 's/^/#   stdout: /' "$T/out" 2>/dev/null
	sed 's/^/#   stderr: /' "$T/err" 2>/dev/null
	[ -z "${WANT:-}" ] || echo "#   wanted: $WANT"
}

# check NAME COMMAND...: one test point from COMMAND's status.
check() {
	local name=$1
	shift
	if "$@"; then
		t_ok "$name"
	else
		t_fail "$name"
	fi
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
	exit $?
}

# ns ARGS...: run netsess; RC, $T/out and $T/err hold the result.  The
# arguments are recorded without -U's password.
ns() {
	LAST_ARGS=$(printf '%s ' "$@" | sed 's/%[^ ]*/%<password>/g')
	${NETSESS_RUNNER:-} "$NETSESS" "$@" >"$T/out" 2>"$T/err"
	RC=$?
}

rc_is() { [ "$RC" -eq "$1" ]; }
out_is() { [ "$(cat "$T/out")" = "$1" ]; }
out_empty() { [ ! -s "$T/out" ]; }
err_empty() { [ ! -s "$T/err" ]; }
# The first line of stderr starts with the text.
err_starts() { [ "$(head -n 1 "$T/err" | cut -c "1-${#1}")" = "$1" ]; }
err_has() { grep -qF -- "$1" "$T/err"; }

# A NET_API failure: exit 1, nothing on stdout, the status line on stderr.
api_error() {
	rc_is 1 && out_empty && err_starts "netsess: $1: " &&
		[ "$(wc -l <"$T/err")" -eq 1 ]
}
