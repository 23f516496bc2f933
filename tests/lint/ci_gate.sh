#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# ci_gate.sh - the two pieces that decide whether the test suite passed
# must fail when they should:
#   - tests/driver.sh, the driver of every test program: a program passes
#     only when it exits 0 and reports at least one check, none skipped;
#     it is run here on small programs, among them real cmocka programs
#     compiled here (one that skips, one with no test);
#   - tests/check_results.sh, the gate .ci/run applies to test-suite.log:
#     fed fabricated result folders (a fake input is the point here: the
#     bad cases cannot be produced by the real suite without breaking
#     it), it must refuse a run of 0 tests, fewer tests than declared, a
#     SKIP, an XFAIL, an XPASS, an ERROR, a program without checks, and
#     accept the good run.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=${top_srcdir:-$here/../..}
driver=$top/tests/driver.sh
gate=$top/tests/check_results.sh

. "$here/../checks.sh"

for f in "$driver" "$gate"; do
	[ -r "$f" ] || {
		fail "$f is missing"
		finish
	}
done
work=$(mktemp -d "${TMPDIR:-/tmp}/ci_gate.XXXXXX") || {
	fail "mktemp"
	finish
}
trap 'rm -rf "$work"' EXIT

# --- the driver -------------------------------------------------------

# drive NAME [--expect-failure yes] -- COMMAND...: run COMMAND through the
# driver; RES is its result (.trs), OUT what it printed.
drive() {
	local name=$1
	shift
	local -a opts=()
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	OUT=$(sh "$driver" --test-name "$name" --log-file "$work/$name.log" \
		--trs-file "$work/$name.trs" --color-tests no "${opts[@]}" -- "$@")
	RES=$(sed -n 's/^:test-result: //p' "$work/$name.trs")
}

# expect_result WANT DESCRIPTION NAME [DRIVER OPTIONS] -- COMMAND...
expect_result() {
	local want=$1 what=$2
	shift 2
	drive "$@"
	if [ "$RES" = "$want" ]; then
		pass "driver: $what gives $want ($OUT)"
	else
		fail "driver: $what gives '$RES', wanted $want ($OUT)"
		sed 's/^/    | /' "$work/$1.log"
	fi
}

script() {
	printf '%s\n' "$1" >"$work/$2.sh"
	echo "sh $work/$2.sh"
}

# shellcheck disable=SC2046
expect_result PASS "a script with 3 checks passed" good -- \
	$(script 'echo "PASS: a"; echo "3 passed, 0 failed"' good)
# shellcheck disable=SC2046
expect_result FAIL "a script that exits 0 with '0 passed, 0 failed'" zero -- \
	$(script 'echo "0 passed, 0 failed"' zero)
# shellcheck disable=SC2046
expect_result FAIL "a script that exits 0 and reports nothing" silent -- \
	$(script 'echo hello' silent)
# shellcheck disable=SC2046
expect_result FAIL "a script that exits 77 (skip)" skip77 -- \
	$(script 'echo "1 passed, 0 failed"; exit 77' skip77)
# shellcheck disable=SC2046
expect_result FAIL "a script that reports a failed check but exits 0" liar -- \
	$(script 'echo "4 passed, 1 failed"' liar)
# shellcheck disable=SC2046
expect_result FAIL "a script that reports a skipped check" skipped -- \
	$(script 'echo "4 passed, 0 failed, 1 skipped"' skipped)
# shellcheck disable=SC2046
expect_result FAIL "a script that fails" failing -- \
	$(script 'echo "1 passed, 1 failed"; exit 1' failing)
# shellcheck disable=SC2046
expect_result ERROR "exit status 99" hard -- \
	$(script 'echo "1 passed, 0 failed"; exit 99' hard)
# shellcheck disable=SC2046
expect_result ERROR "a failing test listed in XFAIL_TESTS" xfail --expect-failure yes -- \
	$(script 'echo "0 passed, 1 failed"; exit 1' xfail)
# shellcheck disable=SC2046
expect_result ERROR "a passing test listed in XFAIL_TESTS" xpass --expect-failure yes -- \
	$(script 'echo "1 passed, 0 failed"' xpass)

# Real cmocka programs: skip() exits 0, and so does a group of no test.
cc=${CC:-cc}
cat >"$work/cm.c" <<'EOF'
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_ok(void **state)
{
	(void)state;
	assert_int_equal(1, 1);
}

static void test_skipped(void **state)
{
	(void)state;
	skip();
}

int main(int argc, char **argv)
{
	const struct CMUnitTest with_skip[] = {
	    cmocka_unit_test(test_ok),
	    cmocka_unit_test(test_skipped),
	};
	const struct CMUnitTest one[] = {
	    cmocka_unit_test(test_ok),
	};
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "skip") == 0)
		return cmocka_run_group_tests(with_skip, NULL, NULL);
	if (strcmp(mode, "none") == 0)
		return _cmocka_run_group_tests("none", one, 0, NULL, NULL);
	return cmocka_run_group_tests(one, NULL, NULL);
}
EOF
# shellcheck disable=SC2086,SC2046
if $cc -std=c11 -o "$work/cm" "$work/cm.c" $(pkg-config --cflags --libs cmocka) \
	>"$work/cc.log" 2>&1; then
	pass "a cmocka program compiles ($cc)"
	"$work/cm" skip >"$work/cm-skip.out" 2>&1
	check_rc=$?
	if [ "$check_rc" = 0 ] && grep -q '^\[  SKIPPED \]' "$work/cm-skip.out"; then
		pass "cmocka exits 0 for a skipped test (what the driver must catch)"
	else
		fail "cmocka's skip() did not behave as assumed (exit $check_rc)"
		sed 's/^/    | /' "$work/cm-skip.out"
	fi
	expect_result FAIL "a cmocka program with a skipped test" cmskip -- "$work/cm" skip
	expect_result FAIL "a cmocka program with no test" cmnone -- "$work/cm" none
	expect_result PASS "a cmocka program with one passing test" cmone -- "$work/cm" one
else
	fail "a cmocka program compiles ($cc)"
	sed 's/^/    | /' "$work/cc.log"
fi

# --- the gate ---------------------------------------------------------

# results DIR TOTAL PASS SKIP XFAIL FAIL XPASS ERROR: a test-suite.log.
results() {
	mkdir -p "$1"
	cat >"$1/test-suite.log" <<EOF
==========================================
   netsessd 0.1.0: ./test-suite.log
==========================================

# TOTAL: $2
# PASS:  $3
# SKIP:  $4
# XFAIL: $5
# FAIL:  $6
# XPASS: $7
# ERROR: $8

.. contents:: :depth: 2
EOF
}

# program DIR NAME RESULT LOGLINE...: the .trs and .log of test NAME in
# DIR, named as automake names them (x.sh: x.trs, x.log).
program() {
	local d=$1 base=${2%.sh} res=$3
	shift 3
	mkdir -p "$(dirname "$d/$base")"
	printf ':test-result: %s\n:global-test-result: %s\n:recheck: no\n:copy-in-global-log: no\n' \
		"$res" "$res" >"$d/$base.trs"
	printf '%s\n' "$@" >"$d/$base.log"
}

# gate_says WANT DESCRIPTION DIR TEST...: the gate's exit status is WANT.
gate_says() {
	local want=$1 what=$2 out rc
	shift 2
	out=$(sh "$gate" gate "$@" 2>&1)
	rc=$?
	if [ "$rc" = "$want" ]; then
		pass "gate: $what: exit $rc"
		printf '%s\n' "$out" | sed 's/^/    | /'
	else
		fail "gate: $what: exit $rc, wanted $want"
		printf '%s\n' "$out" | sed 's/^/    | /'
	fi
}

ok_unit=("[==========] Running 2 test(s)." "[ RUN      ] a" "[       OK ] a"
	"[ RUN      ] b" "[       OK ] b" "[==========] 2 test(s) run.")
ok_script=("PASS: x" "PASS: y" "2 passed, 0 failed")

d=$work/good
results "$d" 2 2 0 0 0 0 0
program "$d" tests/unit/a_test PASS "${ok_unit[@]}"
program "$d" tests/integration/b.sh PASS "${ok_script[@]}"
gate_says 0 "a good run" "$d" tests/unit/a_test tests/integration/b.sh

d=$work/total0
results "$d" 0 0 0 0 0 0 0
gate_says 1 "TOTAL 0 (make check TESTS=)" "$d" tests/unit/a_test tests/integration/b.sh

d=$work/nothing-declared
results "$d" 0 0 0 0 0 0 0
gate_says 1 "a build that declares no test" "$d"

d=$work/fewer
results "$d" 1 1 0 0 0 0 0
program "$d" tests/unit/a_test PASS "${ok_unit[@]}"
gate_says 1 "one of the two declared programs did not run" "$d" \
	tests/unit/a_test tests/integration/b.sh

d=$work/skip
results "$d" 2 1 1 0 0 0 0
program "$d" tests/unit/a_test PASS "${ok_unit[@]}"
program "$d" tests/integration/b.sh SKIP "${ok_script[@]}"
gate_says 1 "a SKIP" "$d" tests/unit/a_test tests/integration/b.sh

d=$work/xfail
results "$d" 2 1 0 1 0 0 0
program "$d" tests/unit/a_test PASS "${ok_unit[@]}"
program "$d" tests/integration/b.sh XFAIL "1 passed, 1 failed"
gate_says 1 "an XFAIL" "$d" tests/unit/a_test tests/integration/b.sh

d=$work/xpass
results "$d" 2 1 0 0 0 1 0
program "$d" tests/unit/a_test PASS "${ok_unit[@]}"
program "$d" tests/integration/b.sh XPASS "${ok_script[@]}"
gate_says 1 "an XPASS" "$d" tests/unit/a_test tests/integration/b.sh

d=$work/error
results "$d" 2 1 0 0 0 0 1
program "$d" tests/unit/a_test PASS "${ok_unit[@]}"
program "$d" tests/integration/b.sh ERROR "${ok_script[@]}"
gate_says 1 "an ERROR" "$d" tests/unit/a_test tests/integration/b.sh

d=$work/fail
results "$d" 2 1 0 0 1 0 0
program "$d" tests/unit/a_test PASS "${ok_unit[@]}"
program "$d" tests/integration/b.sh FAIL "1 passed, 1 failed"
gate_says 1 "a FAIL" "$d" tests/unit/a_test tests/integration/b.sh

# Results written by another driver: PASS, but nothing ran.
d=$work/nochecks
results "$d" 2 2 0 0 0 0 0
program "$d" tests/unit/a_test PASS "[==========] Running 0 test(s)." "[==========] 0 test(s) run."
program "$d" tests/integration/b.sh PASS "${ok_script[@]}"
gate_says 1 "a program that ran no check" "$d" tests/unit/a_test tests/integration/b.sh

d=$work/cmskip
results "$d" 2 2 0 0 0 0 0
program "$d" tests/unit/a_test PASS "${ok_unit[@]}" "[  SKIPPED ] c"
program "$d" tests/integration/b.sh PASS "${ok_script[@]}"
gate_says 1 "a program whose log shows a skipped cmocka test" "$d" \
	tests/unit/a_test tests/integration/b.sh

d=$work/nolog
results "$d" 2 2 0 0 0 0 0
gate_says 1 "a summary without the programs' results" "$d" \
	tests/unit/a_test tests/integration/b.sh

finish
