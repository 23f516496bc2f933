#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lib_samba.sh - libnetsess against a real Samba: starts a private server
# (tests/integration/lib/samba.sh), then runs lib_samba_test, which holds
# sessions with real SMB clients and checks every library call against
# smbstatus.  A missing program or a server that does not start fails the
# test; nothing is ever skipped.
#
# The program runs under valgrind (tests/memcheck.sh, as the unit tests
# do), so that the libsmbclient transport is checked for invalid accesses
# and leaks against a real server.  NETSESS_TEST_RUNNER, when set, replaces
# that runner ("" runs the program as it is).

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
top_srcdir=$srcdir top_builddir=$builddir
export top_srcdir top_builddir
runner=${NETSESS_TEST_RUNNER-"${SHELL:-/bin/sh} $srcdir/tests/memcheck.sh"}
# shellcheck disable=SC2086
$runner "$prog"
rc=$?
samba_stop
exit "$rc"
