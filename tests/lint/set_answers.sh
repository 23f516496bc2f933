#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# docs/mib.md's tables of answers (the rows S1.., R1.., P1..) and the
# bad-input matrix that the suite sends to a running agent
# (tests/integration/agent/hostile.table) say the same: every row of the
# tables is shown by at least one request of the matrix, every request cites
# a row that exists, and the answer a row gives is the one its requests
# expect (S: the error-status; R: noSuchInstance, or next for GETNEXT and
# GETBULK; P: "-", the master's own).  So the documentation cannot drift
# from what the tests check.
#
# Then the comparison is run on copies made wrong on purpose (an answer
# changed in the documentation, a row no request shows, a request citing a
# row that does not exist): each must be found, so that this check can
# fail.
set -eu
: "${top_srcdir:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/set_answers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# compare DOC TABLE: prints one line per problem; returns the number of
# rules compared in $total and of problems in $bad.
compare() {
	# "RULE ANSWER" from the documentation: the first word of the last cell.
	awk -F'|' '/^\| [SRP][0-9]+ \|/ {
		rule = $2; gsub(/ /, "", rule)
		ans = $(NF - 1); sub(/^ +/, "", ans); split(ans, w, /[ ,:]/)
		print rule, w[1]
	}' "$1" | sort -u >"$tmp/doc"
	# "RULE EXPECTED" from the matrix.
	awk -F'|' '/^[SRP][0-9]+ \|/ {
		rule = $1; gsub(/ /, "", rule)
		status = $5; gsub(/ /, "", status)
		value = $7; gsub(/ /, "", value)
		if (rule ~ /^R/) status = (value == "bulk" ? "next" : value)
		print rule, status
	}' "$2" | sort -u >"$tmp/tab"
	bad=0 total=0
	while read -r rule answer; do
		total=$((total + 1))
		want=$(awk -v r="$rule" '$1 == r { print $2 }' "$tmp/tab")
		if [ -z "$want" ]; then
			echo "set_answers: $1's $rule ($answer) is shown by no request of $2"
			bad=$((bad + 1))
		elif [ "$want" != "$answer" ]; then
			echo "set_answers: $rule: $1 answers $answer, $2 expects" $want
			bad=$((bad + 1))
		fi
	done <"$tmp/doc"
	for rule in $(awk '{ print $1 }' "$tmp/tab" | sort -u); do
		if ! grep -q "^$rule " "$tmp/doc"; then
			echo "set_answers: $2 cites $rule, which $1 does not have"
			bad=$((bad + 1))
			total=$((total + 1))
		fi
	done
	if [ "$total" -eq 0 ]; then
		echo "set_answers: no rule found in $1"
		bad=1
	fi
}

doc=$top_srcdir/docs/mib.md
table=$top_srcdir/tests/integration/agent/hostile.table
passed=0 failed=0

compare "$doc" "$table" >"$tmp/out"
cat "$tmp/out" >&2
echo "set_answers: $total rules compared, $bad problems"
passed=$((passed + total - bad)) failed=$((failed + bad))

# must_fail WHAT DOC TABLE PATTERN: the comparison of the copies finds a
# problem, the one PATTERN names.
must_fail() {
	compare "$2" "$3" >"$tmp/out"
	if [ "$bad" -gt 0 ] && grep -q -- "$4" "$tmp/out"; then
		echo "set_answers: $1: found ($(head -n 1 "$tmp/out"))"
		passed=$((passed + 1))
	else
		echo "set_answers: $1: NOT found; the check cannot fail" >&2
		failed=$((failed + 1))
	fi
}
sed 's/^\(| S3 |.*| \)commitFailed\(.*|\)$/\1noError\2/' "$doc" >"$tmp/doc.answer"
must_fail "S3 answered noError in the documentation" "$tmp/doc.answer" "$table" \
	"S3: .* answers noError"
grep -v '^S7 ' "$table" >"$tmp/table.unshown"
must_fail "no request shows S7" "$doc" "$tmp/table.unshown" "S7 (noError) is shown by no"
sed 's/^S5 /S99 /' "$table" >"$tmp/table.unknown"
must_fail "a request cites S99" "$doc" "$tmp/table.unknown" "cites S99"
sed 's/^\(S4 |.*| \)undoFailed\( | [0-9]* |.*\)$/\1commitFailed\2/' "$table" >"$tmp/table.answer"
must_fail "the matrix expects commitFailed for S4" "$doc" "$tmp/table.answer" \
	"S4: .* expects"

# The summary line the test driver reads (tests/driver.sh).
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
