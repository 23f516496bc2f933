#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# No "producer | grep -q" in a script that runs under pipefail.
#
# grep -q stops reading at its first match; the producer then dies of
# SIGPIPE, and under pipefail the pipeline fails although the line was
# found.  A positive check then reads a present line as missing (a flaky
# failure), and a negated one ("! ... | grep -q SECRET") passes exactly when
# the line is there.  Such scripts use grepq (grep -c, which reads to the
# end) instead.
set -u
cd "${top_srcdir:?}"

checked=0
bad=0
for f in $(find tests bench .ci -type f \( -name '*.sh' -o -name run \) | sort); do
	grep -q 'pipefail' "$f" || grep -q 'lib/agent_test.sh' "$f" || continue
	checked=$((checked + 1))
	[ "$f" = tests/lint/pipe_grep_q.sh ] && continue
	# Comment lines aside, and commands run by "sh -c" (a new shell,
	# without pipefail).
	if grep -nE '^[[:space:]]*[^#[:space:]][^#]*\|[[:space:]]*grep[[:space:]]+-[A-Za-z]*q' "$f" |
		grep -v 'sh -c '; then
		echo "^ $f: a piped grep -q under pipefail; use grepq"
		bad=$((bad + 1))
	fi
done
echo "pipe_grep_q: $checked scripts under pipefail checked, $bad with a piped grep -q"
[ "$checked" -gt 5 ] || { echo "FAIL: too few scripts found"; exit 1; }
if [ "$bad" -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; exit 1; fi
