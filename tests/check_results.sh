#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check_results.sh - the gate .ci/run applies to the results of a
# "make check" (its own, and the one "make distcheck" runs):
#
#   check_results.sh LABEL DIR TEST...
#
# DIR holds test-suite.log and, for each TEST (a name from $(TESTS), as
# "make -s print-tests" lists them), its .log and .trs (tests/x.sh has
# tests/x.log and tests/x.trs).  It passes only
# when
#   - the build declares at least one test, and test-suite.log counts
#     exactly that many (# TOTAL), all PASS: no SKIP, XFAIL, FAIL, XPASS or
#     ERROR;
#   - every declared test has its result, PASS, and its log shows at least
#     one check run (tests/driver.sh --count), none skipped or failed.
# Prints one line per problem, then "LABEL: N programs, C checks, all
# passed" or "LABEL: FAILED"; exits 0 or 1.

set -u

[ $# -ge 2 ] || {
	echo "usage: check_results.sh LABEL DIR TEST..." >&2
	exit 2
}
label=$1 dir=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
problems=0

problem() {
	echo "$label: $*"
	problems=$((problems + 1))
}

declared=$#
[ "$declared" -gt 0 ] || problem "the build declares no test (make -s print-tests printed nothing)"

summary=$dir/test-suite.log
# count KEY: the number after "# KEY:" in test-suite.log's summary.
count() {
	sed -n "s/^# $1: *\([0-9][0-9]*\) *\$/\1/p" "$summary" | head -n 1
}

if [ ! -r "$summary" ]; then
	problem "no $summary: the tests did not run"
else
	total=$(count TOTAL)
	if [ -z "$total" ]; then
		problem "test-suite.log has no '# TOTAL:' line"
	elif [ "$total" != "$declared" ]; then
		problem "test-suite.log counts $total test programs, the build declares $declared"
	fi
	for key in PASS SKIP XFAIL FAIL XPASS ERROR; do
		n=$(count $key)
		if [ -z "$n" ]; then
			problem "test-suite.log has no '# $key:' line"
			continue
		fi
		case $key in
		PASS) [ "$n" = "$declared" ] ||
			problem "$n programs passed, $declared declared" ;;
		*) [ "$n" = 0 ] || problem "$n programs with result $key (only PASS is accepted)" ;;
		esac
	done
fi

checks=0
for t in "$@"; do
	# automake drops the extensions of TEST_EXTENSIONS (.sh) from the names
	# of the log and result files.
	base=${t%.sh}
	trs=$dir/$base.trs log=$dir/$base.log
	if [ ! -r "$trs" ] || [ ! -r "$log" ]; then
		problem "$t: no result (it did not run)"
		continue
	fi
	res=$(sed -n 's/^:test-result: *//p' "$trs")
	[ "$res" = PASS ] || problem "$t: result '$res', not PASS"
	read -r c skipped failed <<EOF
$(sh "$here/driver.sh" --count "$log")
EOF
	[ "${c:-0}" -gt 0 ] || problem "$t: no check ran"
	[ "${skipped:-0}" -eq 0 ] || problem "$t: $skipped check(s) skipped"
	[ "${failed:-0}" -eq 0 ] || problem "$t: $failed check(s) failed"
	checks=$((checks + ${c:-0}))
done

if [ "$problems" -gt 0 ]; then
	echo "$label: FAILED ($problems problem(s))"
	exit 1
fi
echo "$label: $declared programs, $checks checks, all passed"
