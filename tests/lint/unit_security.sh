#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# netsessd.service, as built (agent/service/netsessd.service.in), rates at most 2.5
# in systemd-analyze's offline security review: the exposure the issue
# allows a service that holds an account able to end anyone's sessions.
# The same review of the unit with its sandbox removed must fail the
# threshold, or a pass proves nothing.  (tests/package/run.sh checks the
# packaged unit the same way, and runs it under systemd.)
set -eu
: "${top_builddir:?}"
unit=$top_builddir/agent/service/netsessd.service
threshold=25 # systemd-analyze counts tenths: 2.5

command -v systemd-analyze >/dev/null 2>&1 ||
	{ echo "FAIL: systemd-analyze is not installed (apt-get install systemd)"; exit 1; }
[ -r "$unit" ] || { echo "FAIL: $unit is not built"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/unit_security.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/hardened" "$work/bare"
cp "$unit" "$work/hardened/netsessd.service"
# The bare unit: the same service without a line of its sandbox.
sed -n '1,/^\[Service\]/p' "$unit" >"$work/bare/netsessd.service"
grep -E '^(Type|ExecStart|ExecReload|Restart|User|Group)=' "$unit" >>"$work/bare/netsessd.service"

review() {
	(cd "$work/$1" && systemd-analyze security --offline=true --no-pager \
		--threshold="$threshold" netsessd.service)
}

passed=0
failed=0
if out=$(review hardened 2>&1); then
	echo "PASS: netsessd.service: $(printf '%s\n' "$out" | grep 'Overall exposure')"
	printf '%s\n' "$out" | grep '✗' | sed 's/^/    /'
	passed=$((passed + 1))
else
	echo "FAIL: netsessd.service rates above 2.5:"
	printf '%s\n' "$out" | sed 's/^/    /'
	failed=$((failed + 1))
fi
if out=$(review bare 2>&1); then
	echo "FAIL: the unit without its sandbox passes the threshold too:"
	printf '%s\n' "$out" | tail -n 1
	failed=$((failed + 1))
else
	echo "PASS: without its sandbox the unit fails the threshold ($(printf '%s\n' "$out" | grep 'Overall exposure'))"
	passed=$((passed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
