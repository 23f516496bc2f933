#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file of the tree carries the licence's SPDX line near its top
# (COPYING holds the full text).  Configuration samples under tests/configs
# are data whose line numbers the tests assert, and prose (*.md, README)
# states the licence in words; both are left out.
set -eu
cd "${top_srcdir:?}"

[ -s COPYING ] || { echo "FAIL: COPYING is missing"; exit 1; }
grep -q "GNU GENERAL PUBLIC LICENSE" COPYING &&
	grep -q "Version 3, 29 June 2007" COPYING ||
	{ echo "FAIL: COPYING is not the GPL version 3"; exit 1; }

checked=0
missing=0
for f in $(find . -path ./.git -prune -o -path ./tests/configs -prune -o \
	-path ./build-aux -prune -o -path ./m4 -prune -o -path ./autom4te.cache -prune -o \
	-path ./debian/.debhelper -prune -o -path './*/_build' -prune -o -type f \
	\( -name '*.[ch]' -o -name '*.sh' -o -name '*.py' -o -name '*.mk' -o \
	-name '*.rng' -o -name 'Makefile.am' -o -name 'configure.ac' -o \
	-name '*-MIB.txt' -o -name '*.[158]' -o -name '*.service' -o -name '*.pc.in' \) \
	-print | sort); do
	case "$f" in
	*/config.h | */tests/*_test.sh.log) continue ;;
	esac
	checked=$((checked + 1))
	if ! head -n 5 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later'; then
		echo "missing SPDX line: $f"
		missing=$((missing + 1))
	fi
done
echo "spdx: $checked files checked, $missing without the SPDX line"
[ "$checked" -gt 100 ] || { echo "FAIL: too few files found ($checked)"; exit 1; }
# One check per file (tests/driver.sh reads this line).
echo "$((checked - missing)) passed, $missing failed"
[ "$missing" -eq 0 ]
