# SPDX-License-Identifier: GPL-3.0-or-later
# SMB-SESSION-MIB: installed where the net-snmp tools look for MIB files,
# and checked by make check (smilint -l 6 and net-snmp's own parser).
# Included from the top Makefile.am after TESTS and EXTRA_DIST are set.

mibdir = $(datadir)/snmp/mibs
dist_mib_DATA = mibs/SMB-SESSION-MIB.txt

TESTS += tests/integration/mib_lint.sh

EXTRA_DIST += \
	tests/integration/mib_lint.sh \
	tests/integration/mibdirs.sh
