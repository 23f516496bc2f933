#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# lib_addc.sh - libnetsess in a real Active Directory domain: starts a
# private Samba AD DC and joins a member server to it
# (tests/integration/lib/addc.sh), then runs lib_addc_test with the
# domain's client environment (its krb5.conf, its names through
# nss_wrapper).  A missing program or a domain that does not start fails
# the test; nothing is ever skipped.
#
# NETSESS_TEST_RUNNER, when set, prefixes the program.

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${top_srcdir:-$here/../..}
builddir=${top_builddir:-$srcdir}
prog=$builddir/tests/integration/lib_addc_test

if [ ! -x "$prog" ]; then
	echo "lib_addc.sh: $prog is not built (make check builds it)" >&2
	exit 1
fi

NETSESS_ADDC_LIB=$srcdir/tests/integration/lib/addc.sh
export NETSESS_ADDC_LIB
# shellcheck source=tests/integration/lib/addc.sh
. "$NETSESS_ADDC_LIB" || exit 1

addc_start || exit 1
echo "# AD DC test bed: started in ${ADDC_START_SECONDS}s (provision included)" >&2
t0=$SECONDS
addc_member_start || exit 1
echo "# member server mem1: joined and started in $((SECONDS - t0))s" >&2
# The library's private credential caches go here, where the test finds
# them and sees that they are removed.
export TMPDIR=$ADDC_DIR/tmp
mkdir -m 0700 "$TMPDIR" || exit 1
# shellcheck disable=SC2086
addc_run ${NETSESS_TEST_RUNNER:-} "$prog"
rc=$?
leftover=$(find "$TMPDIR" -mindepth 1 2>/dev/null)
if [ -n "$leftover" ]; then
	echo "lib_addc.sh: files left behind in TMPDIR: $leftover" >&2
	rc=1
fi
addc_stop
exit "$rc"
