# SPDX-License-Identifier: GPL-3.0-or-later
# The shell side of the test protocol that tests/driver.sh reads: PASS: and
# FAIL: lines, then one last line "N passed, M failed".  A test program
# sources this file (bash), calls pass/fail or the check helpers, and ends
# with finish, which exits non-zero when a check failed or none ran: a test
# that checked nothing has not passed.
#
# A test may define checks_on_failure (for example to print the tail of a
# daemon's log); finish calls it when the test fails.

passed=0
failed=0

pass() {
	echo "PASS: $*"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL: $*"
	failed=$((failed + 1))
}

# show TEXT: print a command's output, indented, after a failure.
show() {
	printf '%s\n' "$1" | sed 's/^/    | /'
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && exit 0
	if declare -F checks_on_failure >/dev/null; then
		checks_on_failure
	fi
	exit 1
}

# fatal MESSAGE: a step without which the rest cannot run.
fatal() {
	fail "$*"
	finish
}

# grepq ARGS...: grep -q that reads all of its input.  Under pipefail a
# "producer | grep -q" fails when grep stops reading at its first match and
# the producer dies of SIGPIPE: a found line would read as missing, and a
# negated check would pass.  grep -c reads to the end.
grepq() { grep -c "$@" >/dev/null; }

# check DESCRIPTION COMMAND...: pass when COMMAND succeeds.
check() {
	local what=$1
	shift
	if "$@"; then
		pass "$what"
	else
		fail "$what"
	fi
}

# lacks TEXT GREP-ARGS...: TEXT (a successful read: not empty) has no line
# that grep GREP-ARGS matches.  For "check DESCRIPTION lacks ...": a chain
# such as "check D [ -n "$x" ] && ! ..." would check only its first part.
lacks() {
	local text=$1
	shift
	[ -n "$text" ] && ! printf '%s\n' "$text" | grepq "$@"
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		echo "    expected:"
		show "$2"
		echo "    got:"
		show "$3"
	fi
}
