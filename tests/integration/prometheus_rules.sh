#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# contrib/prometheus/alerts.yml and prometheus.yml, with Debian's promtool
# (package prometheus):
# - promtool check rules / check config accept them;
# - promtool test rules alerts_test.yml: each alert fires when it should
#   and stays quiet when it should not;
# - every metric, label and state the rules and the unit tests name is one
#   that contrib/prometheus/snmp.yml produces (lib/check_prom_rules.py),
#   and that check notices a broken copy.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
contrib=$top_srcdir/contrib/prometheus
checker=$here/lib/check_prom_rules.py

. "$here/../checks.sh"

# Debian's Python, where python3-yaml installs (not another python3 on PATH).
PYTHON=${PYTHON:-/usr/bin/python3}
command -v promtool >/dev/null 2>&1 || fail "promtool is installed (apt-get install prometheus)"
"$PYTHON" -c 'import yaml' 2>/dev/null || fail "$PYTHON can import yaml (apt-get install python3-yaml)"
[ "$failed" -eq 0 ] || finish

work=$(mktemp -d "${TMPDIR:-/tmp}/prom-rules.XXXXXX") || { fail mktemp; finish; }
trap 'rm -rf "$work"' EXIT
# promtool resolves rule_files relative to the file: work on a copy, so that
# a read-only source tree (make distcheck) is fine.
cp "$contrib"/alerts.yml "$contrib"/alerts_test.yml "$contrib"/prometheus.yml \
	"$contrib"/snmp.yml "$work"/

if out=$(promtool check rules "$work/alerts.yml" 2>&1) &&
	printf '%s\n' "$out" | grep -q 'SUCCESS: 4 rules found'; then
	pass "promtool check rules alerts.yml: 4 rules"
else
	fail "promtool check rules alerts.yml"
	show "$out"
fi

if out=$(promtool check config "$work/prometheus.yml" 2>&1); then
	pass "promtool check config prometheus.yml (with alerts.yml)"
else
	fail "promtool check config prometheus.yml"
	show "$out"
fi

if out=$(cd "$work" && promtool test rules alerts_test.yml 2>&1); then
	pass "promtool test rules alerts_test.yml: every alert fires as expected"
else
	fail "promtool test rules alerts_test.yml"
	show "$out"
fi

# The unit tests can fail: an alert that never fires is caught.
sed 's/smbServerLastPollAge > 300/smbServerLastPollAge > 3000000000000/' \
	"$work/alerts.yml" >"$work/broken-alerts.yml"
sed 's/^  - alerts.yml$/  - broken-alerts.yml/' "$work/alerts_test.yml" >"$work/broken_test.yml"
if out=$(cd "$work" && promtool test rules broken_test.yml 2>&1); then
	fail "promtool test rules did not notice a stale alert that never fires"
	show "$out"
else
	pass "promtool test rules notices a stale alert that never fires"
fi

if out=$("$PYTHON" "$checker" "$work/snmp.yml" smb_session "$work/alerts.yml" \
	"$work/alerts_test.yml" 2>&1); then
	pass "every metric, label and state in alerts.yml and alerts_test.yml is in snmp.yml ($(printf '%s\n' "$out" | tail -n 1))"
else
	fail "alerts.yml or alerts_test.yml names what snmp.yml does not produce"
	show "$out"
fi

sed -e 's/smbServerLastPollAge >/smbServerLastPollAgeSeconds >/' \
	-e 's/smbServerStatus!="ok"/smbServerStatus!="okay"/' \
	"$work/alerts.yml" >"$work/renamed.yml"
out=$("$PYTHON" "$checker" "$work/snmp.yml" smb_session "$work/renamed.yml" 2>&1)
if printf '%s\n' "$out" | grep -q 'smbServerLastPollAgeSeconds is not in the module' &&
	printf '%s\n' "$out" | grep -q "no state 'okay'"; then
	pass "the name check flags an unknown metric and an unknown state in a broken copy"
else
	fail "the name check missed an unknown metric or state"
	show "$out"
fi

finish
