# SPDX-License-Identifier: GPL-3.0-or-later
# tests/tools.mk - the private Samba test environment, included from the top
# Makefile.am (which sets TESTS and EXTRA_DIST with "=" before the includes).
#
# tests/integration/lib/samba.sh starts a real smbd on a free loopback port
# in a temporary directory and holds sessions with real SMB clients; see the
# comment block at its top. Its LD_PRELOAD shim tests/tools/srcaddr_preload.c
# (which gives each client its own 127.x.y.z source address) is deliberately
# not a libtool target: samba.sh compiles it with $CC and the project's
# warning set into the server's temporary directory at samba_start. That
# works the same from the source tree (the README demo needs no build), from
# a VPATH build and from the read-only source tree of make distcheck, and
# needs no path to libtool's .libs/ directory.

EXTRA_DIST += \
	tests/integration/lib/samba.sh \
	tests/integration/harness_test.sh \
	tests/tools/srcaddr_preload.c

TESTS += tests/integration/harness_test.sh
