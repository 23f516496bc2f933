# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
#
# docs.sh - the tests that follow a guide take its text from the guide
# itself, so the two cannot drift apart.  A guide marks each block a test
# uses with an HTML comment on a line of its own, then an indented code
# block:
#
#     <!-- security_guide.sh: /etc/snmp/snmpd.conf.d/netsessd.conf -->
#
#         master agentx
#         ...
#
# doc_block FILE LABEL
#     prints the code block after "<!-- LABEL -->" without its indentation
#     (blank lines inside it kept); fails unless that marker occurs exactly
#     once and an indented block follows it.

doc_block() {
	local file=$1 marker="<!-- $2 -->" block
	[ "$(grep -cxF -- "$marker" "$file")" = 1 ] || {
		echo "docs.sh: \"$marker\" is not in $file exactly once" >&2
		return 1
	}
	block=$(awk -v want="$marker" '
	$0 == want { on = 1; next }
	!on { next }
	/^[[:space:]]*$/ { if (ind) blanks++; next }
	{
		match($0, /^ */)
		if (!ind) { if (RLENGTH < 4) exit; ind = RLENGTH }
		else if (RLENGTH < ind) exit
		for (; blanks > 0; blanks--) print ""
		print substr($0, ind + 1)
	}' "$file")
	[ -n "$block" ] || {
		echo "docs.sh: no code block after \"$marker\" in $file" >&2
		return 1
	}
	printf '%s\n' "$block"
}
