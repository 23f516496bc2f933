# SPDX-License-Identifier: GPL-3.0-or-later
# tests/lib.mk: libnetsess above the wire formats.
#
# Unit tests (cmocka): the call path, the context and the session semantics
# against tests/unit/mem_peer.c, an in-memory srvsvc server used for fault
# injection and for the Windows personality; status strings; secret files;
# preloading libsmbclient.
#
# Integration: tests/integration/lib_samba.sh starts a private Samba with
# tests/integration/lib/samba.sh, holds sessions with real SMB clients and
# runs tests/integration/lib_samba_test against it.
#
# The programs link the convenience library (an archive) with
# --exclude-libs,ALL: libsmbclient loads Samba's own NDR and DCE/RPC
# libraries, so the core's internal symbols (all prefixed ns_) are kept out
# of the programs' dynamic symbol table and can never take their place.

LIBTEST_CC_FLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -I$(top_srcdir)/tests/unit
LIBTEST_LIBS = src/libnetsess-core.la $(CMOCKA_LIBS)
LIBTEST_LINK_FLAGS = -Wl,--exclude-libs,ALL

check_PROGRAMS += \
	tests/unit/session_test \
	tests/unit/rpc_test \
	tests/unit/status_test \
	tests/unit/auth_file_test \
	tests/unit/krb5_creds_test \
	tests/unit/smb2neg_test \
	tests/unit/preload_test \
	tests/integration/lib_samba_test \
	tests/integration/lib_addc_test

tests_unit_session_test_SOURCES = tests/unit/session_test.c \
	tests/unit/mem_peer.c tests/unit/mem_peer.h
tests_unit_session_test_CFLAGS = $(LIBTEST_CC_FLAGS)
tests_unit_session_test_LDADD = $(LIBTEST_LIBS)
tests_unit_session_test_LDFLAGS = $(LIBTEST_LINK_FLAGS)

tests_unit_rpc_test_SOURCES = tests/unit/rpc_test.c \
	tests/unit/mem_peer.c tests/unit/mem_peer.h
tests_unit_rpc_test_CFLAGS = $(LIBTEST_CC_FLAGS)
tests_unit_rpc_test_LDADD = $(LIBTEST_LIBS)
tests_unit_rpc_test_LDFLAGS = $(LIBTEST_LINK_FLAGS)

tests_unit_status_test_SOURCES = tests/unit/status_test.c
tests_unit_status_test_CFLAGS = $(LIBTEST_CC_FLAGS)
tests_unit_status_test_LDADD = $(LIBTEST_LIBS)
tests_unit_status_test_LDFLAGS = $(LIBTEST_LINK_FLAGS)

tests_unit_auth_file_test_SOURCES = tests/unit/auth_file_test.c
tests_unit_auth_file_test_CFLAGS = $(LIBTEST_CC_FLAGS)
tests_unit_auth_file_test_LDADD = $(LIBTEST_LIBS)
tests_unit_auth_file_test_LDFLAGS = $(LIBTEST_LINK_FLAGS)

tests_unit_preload_test_SOURCES = tests/unit/preload_test.c
tests_unit_preload_test_CFLAGS = $(LIBTEST_CC_FLAGS)
tests_unit_preload_test_LDADD = $(LIBTEST_LIBS)
tests_unit_preload_test_LDFLAGS = $(LIBTEST_LINK_FLAGS)

tests_unit_krb5_creds_test_SOURCES = tests/unit/krb5_creds_test.c
tests_unit_krb5_creds_test_CFLAGS = $(LIBTEST_CC_FLAGS)
tests_unit_krb5_creds_test_LDADD = $(LIBTEST_LIBS)
tests_unit_krb5_creds_test_LDFLAGS = $(LIBTEST_LINK_FLAGS)

tests_unit_smb2neg_test_SOURCES = tests/unit/smb2neg_test.c
tests_unit_smb2neg_test_CFLAGS = $(LIBTEST_CC_FLAGS)
tests_unit_smb2neg_test_LDADD = $(LIBTEST_LIBS)
tests_unit_smb2neg_test_LDFLAGS = $(LIBTEST_LINK_FLAGS)

tests_integration_lib_addc_test_SOURCES = tests/integration/lib_addc_test.c \
	tests/integration/testbed.c tests/integration/testbed.h
tests_integration_lib_addc_test_CFLAGS = $(LIBTEST_CC_FLAGS)
tests_integration_lib_addc_test_LDADD = $(LIBTEST_LIBS)
tests_integration_lib_addc_test_LDFLAGS = $(LIBTEST_LINK_FLAGS)

tests_integration_lib_samba_test_SOURCES = tests/integration/lib_samba_test.c \
	tests/integration/testbed.c tests/integration/testbed.h
tests_integration_lib_samba_test_CFLAGS = $(LIBTEST_CC_FLAGS)
tests_integration_lib_samba_test_LDADD = $(LIBTEST_LIBS)
tests_integration_lib_samba_test_LDFLAGS = $(LIBTEST_LINK_FLAGS)

TESTS += \
	tests/unit/session_test \
	tests/unit/rpc_test \
	tests/unit/status_test \
	tests/unit/auth_file_test \
	tests/unit/krb5_creds_test \
	tests/unit/smb2neg_test \
	tests/unit/preload_test \
	tests/integration/lib_samba.sh \
	tests/integration/lib_addc.sh

EXTRA_DIST += tests/integration/lib_samba.sh tests/integration/lib_addc.sh \
	tests/integration/lib/addc.sh
