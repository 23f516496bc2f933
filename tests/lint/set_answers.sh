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
set -eu
: "${top_srcdir:?}"
doc=$top_srcdir/docs/mib.md
table=$top_srcdir/tests/integration/agent/hostile.table

# "RULE ANSWER" from the documentation: the first word of the last cell.
awk -F'|' '/^\| [SRP][0-9]+ \|/ {
	rule = $2; gsub(/ /, "", rule)
	ans = $(NF - 1); sub(/^ +/, "", ans); split(ans, w, /[ ,:]/)
	print rule, w[1]
}' "$doc" | sort -u >"${TMPDIR:-/tmp}/set_answers.doc.$$"
# "RULE EXPECTED" from the matrix.
awk -F'|' '/^[SRP][0-9]+ \|/ {
	rule = $1; gsub(/ /, "", rule)
	status = $5; gsub(/ /, "", status)
	value = $7; gsub(/ /, "", value)
	if (rule ~ /^R/) status = (value == "bulk" ? "next" : value)
	print rule, status
}' "$table" | sort -u >"${TMPDIR:-/tmp}/set_answers.tab.$$"
trap 'rm -f "${TMPDIR:-/tmp}/set_answers.doc.$$" "${TMPDIR:-/tmp}/set_answers.tab.$$"' EXIT

bad=0 total=0
while read -r rule answer; do
	total=$((total + 1))
	want=$(awk -v r="$rule" '$1 == r { print $2 }' "${TMPDIR:-/tmp}/set_answers.tab.$$")
	if [ -z "$want" ]; then
		echo "set_answers: docs/mib.md's $rule ($answer) is shown by no request of hostile.table" >&2
		bad=$((bad + 1))
	elif [ "$want" != "$answer" ]; then
		echo "set_answers: $rule: docs/mib.md answers $answer, hostile.table expects" $want >&2
		bad=$((bad + 1))
	fi
done <"${TMPDIR:-/tmp}/set_answers.doc.$$"
for rule in $(awk '{ print $1 }' "${TMPDIR:-/tmp}/set_answers.tab.$$" | sort -u); do
	if ! grep -q "^$rule " "${TMPDIR:-/tmp}/set_answers.doc.$$"; then
		echo "set_answers: hostile.table cites $rule, which docs/mib.md does not have" >&2
		bad=$((bad + 1))
		total=$((total + 1))
	fi
done
[ "$total" -gt 0 ] || {
	echo "set_answers: no rule found in docs/mib.md" >&2
	bad=1
}
echo "set_answers: $total rules compared, $bad problems"
# The summary line the test driver reads (tests/driver.sh).
echo "$((total - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
