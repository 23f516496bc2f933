#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lib_samba.sh - libnetsess against a real Samba: starts a private server
# (tests/integration/lib/samba.sh), then runs lib_samba_test, which holds
# sessions with real SMB clients and checks every library call against
# smbstatus.  A missing program or a server that does not start fails the
# test; nothing is ever skipped.
#
# NETSESS_TEST_RUNNER, when set, prefixes the program (for instance
# "valgrind --leak-check=full --error-exitcode=9").

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${top_srcdir:-$here/../..}
builddir=${top_builddir:-$srcdir}
prog=$builddir/tests/integration/lib_samba_test

if [ ! -x "$prog" ]; then
	echo "lib_samba.sh: $prog is not built (make check builds it)" >&2
	exit 1
fi

NETSESS_SAMBA_LIB=$srcdir/tests/integration/lib/samba.sh
export NETSESS_SAMBA_LIB
# shellcheck source=tests/integration/lib/samba.sh
. "$NETSESS_SAMBA_LIB" || exit 1

samba_start || exit 1
# shellcheck disable=SC2086
${NETSESS_TEST_RUNNER:-} "$prog"
rc=$?
samba_stop
exit "$rc"
