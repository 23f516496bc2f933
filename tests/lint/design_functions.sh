#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# docs/design.md names, as FILE:FUNCTION lines, the functions a poll and
# a destroy pass through ("The life of a poll", "The life of a destroy").
# This fails when one of them is no longer defined in that file, when a
# file is gone, or when either list is missing or empty, so that the
# document follows the code.
set -eu
: "${top_srcdir:?}"
doc=$top_srcdir/docs/design.md
[ -r "$doc" ] || {
	echo "design_functions: $doc is missing" >&2
	exit 1
}

# entries TITLE: the FILE:FUNCTION of each "- " line of that section.
entries() {
	awk -v title="### $1" '
		$0 == title { on = 1; next }
		on && /^#/ { exit }
		on && /^- [A-Za-z0-9_.\/-]+:[A-Za-z_][A-Za-z0-9_]*( |$)/ {
			sub(/^- /, "")
			print $1
		}' "$doc"
}

bad=0
total=0
for title in "The life of a poll" "The life of a destroy"; do
	list=$(entries "$title")
	if [ -z "$list" ]; then
		echo "design_functions: no FILE:FUNCTION list under \"### $title\"" >&2
		bad=$((bad + 1))
		continue
	fi
	for e in $list; do
		file=${e%%:*}
		fn=${e#*:}
		total=$((total + 1))
		if [ ! -r "$top_srcdir/$file" ]; then
			echo "design_functions: $title: $file does not exist" >&2
			bad=$((bad + 1))
			continue
		fi
		# A definition: the name at the start of a declarator, at the
		# left margin, not a prototype (which ends with ";").
		if ! grep -E "^[A-Za-z_].*[^A-Za-z0-9_]$fn\(" "$top_srcdir/$file" |
			grep -qvE ';[[:space:]]*$'; then
			echo "design_functions: $title: $fn is not defined in $file" >&2
			bad=$((bad + 1))
		fi
	done
done
echo "design_functions: $total functions checked, $bad problems"
# The summary line the test driver reads (tests/driver.sh).
echo "$((total - bad)) passed, $bad failed"
[ "$bad" -eq 0 ]
