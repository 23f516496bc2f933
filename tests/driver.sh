#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# driver.sh - the test driver of "make check" (automake's LOG_DRIVER
# protocol, like build-aux/test-driver), stricter than automake's own:
# a test program passes only when it exits 0 AND reports that it ran at
# least one check, none of them skipped or failed.
#
# How a program reports its checks (the project's convention):
#   - a cmocka program: cmocka's own lines, "[       OK ] NAME" per test
#     that passed, "[  SKIPPED ] NAME" / "[  FAILED  ] NAME" otherwise
#     (cmocka's skip() exits 0, and a program with no test exits 0 too:
#     both are failures here);
#   - a script: a last summary line "N passed, M failed", alone on its
#     line (tests/integration/lib/agent_test.sh's finish() and its kin).
# The checks of a program are the OK lines plus the N of its last summary.
#
# Results:
#   PASS   exit 0, checks > 0, no skipped or failed check
#   FAIL   anything else, including exit 77: a test that cannot run fails,
#          it is never skipped
#   ERROR  exit 99 (a hard error), or the test is listed in XFAIL_TESTS:
#          this project expects no test to fail
# The log ends with "checks: N" and the result line; .ci/run's gate
# (tests/check_results.sh) reads them again.
#
#   driver.sh --test-name NAME --log-file LOG --trs-file TRS
#             [--color-tests yes|no] [--expect-failure yes|no]
#             [--enable-hard-errors yes|no] [--] PROGRAM [ARGS...]
#   driver.sh --count LOG     print "CHECKS SKIPPED FAILED" for a log

set -u

# count_checks LOG: "CHECKS SKIPPED FAILED" from a test's output.  The
# summary line of a script is "N passed, M failed" (", K skipped" may
# follow): N counts as checks, M as failed, K as skipped.
count_checks() {
	awk '
	# cmocka lists each skipped or failed test twice (as it runs, then in
	# its summary after "N test(s), listed below:"): count names once.
	/^\[  (SKIPPED|FAILED) \] [0-9]+ test\(s\)/ { next }
	/^\[       OK \] / { ok++ }
	/^\[  SKIPPED \] / { if (!($0 in seen)) skipped++; seen[$0] = 1 }
	/^\[  FAILED  \] / { if (!($0 in seen)) failed++; seen[$0] = 1 }
	/^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$/ {
		split($0, w, /[ ,]+/)
		s_pass = w[1]; s_fail = w[3]; s_skip = (w[5] == "" ? 0 : w[5])
		summary = 1
	}
	END {
		checks = ok + (summary ? s_pass : 0)
		printf "%d %d %d\n", checks, skipped + (summary ? s_skip : 0), \
			failed + (summary ? s_fail : 0)
	}' "$1"
}

if [ "${1:-}" = --count ]; then
	if [ $# -ne 2 ] || [ ! -r "$2" ]; then
		echo "driver.sh: usage: driver.sh --count LOG" >&2
		exit 2
	fi
	count_checks "$2"
	exit $?
fi

usage_error() {
	echo "driver.sh: $*" >&2
	exit 2
}

test_name='' log_file='' trs_file='' expect_failure=no color_tests=no hard_errors=yes
while [ $# -gt 0 ]; do
	case $1 in
	--test-name) test_name=$2; shift ;;
	--log-file) log_file=$2; shift ;;
	--trs-file) trs_file=$2; shift ;;
	--color-tests) color_tests=$2; shift ;;
	--expect-failure) expect_failure=$2; shift ;;
	--enable-hard-errors) hard_errors=$2; shift ;;
	--) shift; break ;;
	-*) usage_error "invalid option: '$1'" ;;
	*) break ;;
	esac
	shift
done
if [ -z "$test_name" ] || [ -z "$log_file" ] || [ -z "$trs_file" ]; then
	usage_error "--test-name, --log-file and --trs-file are required"
fi
[ $# -gt 0 ] || usage_error "missing the test program"

if [ "$color_tests" = yes ]; then
	red='[0;31m' grn='[0;32m' mgn='[0;35m' std='[m'
else
	red='' grn='' mgn='' std=
fi

# Interrupted: no result at all (the harness then reports the test missing).
trap 'rm -f "$log_file" "$trs_file"; exit 129' HUP
trap 'rm -f "$log_file" "$trs_file"; exit 130' INT
trap 'rm -f "$log_file" "$trs_file"; exit 143' TERM

: >"$log_file"
"$@" >>"$log_file" 2>&1
estatus=$?

read -r checks skipped failed <<EOF
$(count_checks "$log_file")
EOF

why=
if [ ! -c /dev/null ]; then
	# Every program on the machine writes there: a test that replaced the
	# null device with a file (a rename over it, an rm) breaks the tests
	# that run after it, so it fails itself, by name.
	res=FAIL why="/dev/null is no longer the null device: this test, or one run beside it, replaced it"
elif [ "$expect_failure" = yes ]; then
	res=ERROR why="listed in XFAIL_TESTS, but no test may be expected to fail"
elif [ "$estatus" -eq 99 ] && [ "$hard_errors" != no ]; then
	res=ERROR why="hard error (exit status 99)"
elif [ "$estatus" -eq 77 ]; then
	res=FAIL why="exit status 77 (skip): a test that cannot run fails"
elif [ "$estatus" -ne 0 ]; then
	res=FAIL why="exit status $estatus"
elif [ "$skipped" -gt 0 ]; then
	res=FAIL why="$skipped skipped check(s): a skipped check fails"
elif [ "$failed" -gt 0 ]; then
	res=FAIL why="$failed failed check(s) despite exit status 0"
elif [ "$checks" -eq 0 ]; then
	res=FAIL why="exit status 0, but it reports no check run"
else
	res=PASS
fi

case $res in
PASS) col=$grn recheck=no gcopy=no ;;
ERROR) col=$mgn recheck=yes gcopy=yes ;;
*) col=$red recheck=yes gcopy=yes ;;
esac

{
	echo "checks: $checks"
	[ -z "$why" ] || echo "driver: $why"
	echo "$res $test_name (exit status: $estatus)"
} >>"$log_file"

if [ -n "$why" ]; then
	echo "${col}${res}${std}: $test_name ($why)"
else
	echo "${col}${res}${std}: $test_name ($checks checks)"
fi

{
	echo ":test-result: $res"
	echo ":global-test-result: $res"
	echo ":recheck: $recheck"
	echo ":copy-in-global-log: $gcopy"
} >"$trs_file"
