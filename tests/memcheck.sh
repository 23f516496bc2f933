#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs one unit test program under valgrind: any invalid access, use of
# uninitialised memory, or definite/indirect leak fails the test.  Used as
# LOG_COMPILER for the unit tests by "make check".  libtool's execute mode
# reaches the real program behind a libtool wrapper script.
set -eu
: "${top_builddir:?}" "${top_srcdir:?}"
command -v valgrind >/dev/null 2>&1 || {
	echo "memcheck.sh: valgrind is not installed (apt-get install valgrind)" >&2
	exit 1
}
exec "$top_builddir/libtool" --mode=execute valgrind --quiet --error-exitcode=99 \
	--leak-check=full --errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect --track-fds=no "$@"
