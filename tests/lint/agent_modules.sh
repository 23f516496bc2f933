#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# No dependency circle among netsessd's modules (agent/).  A module is a
# .c file with its .h (agent/core/poll.c and poll.h are "core/poll"), or
# a folder that is one module split into files around an internal header
# (agent/config/, its cfg.h: the configuration module).  It
# depends on another module when it includes that module's header or
# calls one of its functions (a name defined, not static, at the left
# margin of the other .c file): a shared header cannot hide a circle.  The
# graph must sort topologically; tsort names the modules of a circle.
set -eu
: "${top_srcdir:?}"
cd "$top_srcdir/agent"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=$(find . -name '*.[ch]' | sed 's|^\./||' | sort)

# The module a file belongs to.
module_of() {
	case $1 in
	config/*) echo config ;;
	*) echo "${1%.*}" ;;
	esac
}

# The functions each module defines for others: "module name" lines.
for f in $files; do
	case $f in *.c) ;; *) continue ;; esac
	sed -n -E '/^(static|typedef|extern)[[:space:]]/d
		/;[[:space:]]*$/d
		s/^[A-Za-z_][A-Za-z0-9_ *]*[ *]([A-Za-z_][A-Za-z0-9_]*)\(.*/\1/p' "$f" |
		grep -vx main | sed "s|^|$(module_of "$f") |"
done >"$tmp/defined"

n=0
for f in $files; do
	m=$(module_of "$f")
	n=$((n + 1))
	echo "$m $m"
	for inc in $(sed -n 's/^#include "\(.*\)"$/\1/p' "$f"); do
		if [ -e "$inc" ]; then
			t=$inc
		elif [ -e "$(dirname "$f")/$inc" ]; then
			t=$(dirname "$f")/$inc
		else
			continue # the library's headers (src/)
		fi
		t=$(module_of "$t")
		[ "$t" = "$m" ] || echo "$m $t"
	done
	case $f in *.c) ;; *) continue ;; esac
	grep -oE '[A-Za-z_][A-Za-z0-9_]*\(' "$f" | tr -d '(' | sort -u >"$tmp/used"
	awk -v m="$m" 'NR == FNR { used[$1] = 1; next }
		$1 != m && ($2 in used) { print m, $1 }' "$tmp/used" "$tmp/defined"
done >"$tmp/edges"

# The summary line the test driver reads (tests/driver.sh).
if ! tsort "$tmp/edges" >/dev/null; then
	echo "agent_modules: the modules above depend on each other in a circle" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
echo "agent_modules: $n files, $(awk '$1 != $2' "$tmp/edges" | sort -u | wc -l) dependencies, no circle"
echo "1 passed, 0 failed"
