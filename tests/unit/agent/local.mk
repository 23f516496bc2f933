# SPDX-License-Identifier: GPL-3.0-or-later
# tests/unit/agent/: the unit tests of netsessd, in agent/'s layout.  None
# needs a running agent: the modules that sit on the loop are driven
# through testloop.c, a loop of the tests' own behind agent/core/loop.h,
# and the neighbours a module calls are stand-ins (fakes.c) that record
# what they were asked.  rows_test links Net-SNMP's table containers, which
# rows.c fills.
AGENT_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/agent -I$(top_srcdir)/tests/unit/agent
AGENT_UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

# ---- agent/core ----
AGENT_UNIT_TESTS = \
	tests/unit/agent/core/rowset_test \
	tests/unit/agent/core/pstate_test \
	tests/unit/agent/core/requester_test

tests_unit_agent_core_rowset_test_SOURCES = tests/unit/agent/core/rowset_test.c \
	tests/unit/agent/oid_order.c tests/unit/agent/oid_order.h \
	agent/core/rowset.c agent/core/rowset.h agent/mib/mib.h
tests_unit_agent_core_rowset_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_core_rowset_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_core_rowset_test_LDADD = src/libnetsess-core.la $(CMOCKA_LIBS)
tests_unit_agent_core_rowset_test_LDFLAGS = -Wl,--exclude-libs,ALL

tests_unit_agent_core_pstate_test_SOURCES = tests/unit/agent/core/pstate_test.c \
	agent/core/pstate.c agent/core/pstate.h agent/mib/mib.h
tests_unit_agent_core_pstate_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_core_pstate_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_core_pstate_test_LDADD = $(CMOCKA_LIBS)

tests_unit_agent_core_requester_test_SOURCES = tests/unit/agent/core/requester_test.c \
	agent/core/requester.c agent/core/requester.h
tests_unit_agent_core_requester_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_core_requester_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_core_requester_test_LDADD = $(CMOCKA_LIBS)

AGENT_UNIT_TESTS += tests/unit/agent/core/log_test
tests_unit_agent_core_log_test_SOURCES = tests/unit/agent/core/log_test.c \
	agent/core/log.c agent/core/log.h agent/core/utf8.c agent/core/utf8.h \
	tests/unit/agent/fakelog.c tests/unit/agent/fakes.h
tests_unit_agent_core_log_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_core_log_test_CFLAGS = $(AGENT_UNIT_CFLAGS) $(NETSNMP_AGENT_CFLAGS)
tests_unit_agent_core_log_test_LDADD = $(CMOCKA_LIBS)

# rows.c in Net-SNMP's table data containers, no agent running.
AGENT_UNIT_TESTS += tests/unit/agent/core/rows_test
tests_unit_agent_core_rows_test_SOURCES = tests/unit/agent/core/rows_test.c \
	agent/core/rows.c agent/core/rows.h agent/core/rowset.c agent/core/rowset.h \
	agent/mib/lanmgr.c agent/mib/lanmgr.h agent/mib/mib.h
tests_unit_agent_core_rows_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_core_rows_test_CFLAGS = $(AGENT_UNIT_CFLAGS) $(NETSNMP_AGENT_CFLAGS)
tests_unit_agent_core_rows_test_LDADD = src/libnetsess-core.la $(NETSNMP_AGENT_LIBS) \
	$(CMOCKA_LIBS)
tests_unit_agent_core_rows_test_LDFLAGS = -Wl,--exclude-libs,ALL

# ---- agent/mib: the pure part of LanMgr-Mib-II ----
AGENT_UNIT_TESTS += tests/unit/agent/mib/lanmgr_test
tests_unit_agent_mib_lanmgr_test_SOURCES = tests/unit/agent/mib/lanmgr_test.c \
	tests/unit/agent/oid_order.c tests/unit/agent/oid_order.h \
	agent/mib/lanmgr.c agent/mib/lanmgr.h agent/mib/mib.h \
	agent/core/rowset.c agent/core/rowset.h
tests_unit_agent_mib_lanmgr_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_mib_lanmgr_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_mib_lanmgr_test_LDADD = src/libnetsess-core.la $(CMOCKA_LIBS)
tests_unit_agent_mib_lanmgr_test_LDFLAGS = -Wl,--exclude-libs,ALL

# ---- agent/helper ----
AGENT_UNIT_TESTS += tests/unit/agent/helper/msg_test
tests_unit_agent_helper_msg_test_SOURCES = tests/unit/agent/helper/msg_test.c \
	agent/helper/msg.c agent/helper/msg.h
tests_unit_agent_helper_msg_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_helper_msg_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_helper_msg_test_LDADD = src/libnetsess-core.la $(CMOCKA_LIBS)
tests_unit_agent_helper_msg_test_LDFLAGS = -Wl,--exclude-libs,ALL

AGENT_UNIT_TESTS += tests/unit/agent/helper/zmsg_test
tests_unit_agent_helper_zmsg_test_SOURCES = tests/unit/agent/helper/zmsg_test.c \
	agent/helper/zmsg.c agent/helper/zmsg.h
tests_unit_agent_helper_zmsg_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_helper_zmsg_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_helper_zmsg_test_LDADD = $(CMOCKA_LIBS)

# The zygote's side in a child of the test, with a serve function of the
# test's own (GnuTLS: the generator Samba uses reseeds in each helper).
AGENT_UNIT_TESTS += tests/unit/agent/helper/rpc_zygote_test
tests_unit_agent_helper_rpc_zygote_test_SOURCES = tests/unit/agent/helper/rpc_zygote_test.c \
	agent/helper/rpc_zygote.c agent/helper/rpc_zygote.h \
	agent/helper/zmsg.c agent/helper/zmsg.h agent/helper/spawn.h
tests_unit_agent_helper_rpc_zygote_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_helper_rpc_zygote_test_CFLAGS = $(AGENT_UNIT_CFLAGS) $(GNUTLS_CFLAGS)
tests_unit_agent_helper_rpc_zygote_test_LDADD = $(CMOCKA_LIBS) $(GNUTLS_LIBS)

check_PROGRAMS += $(AGENT_UNIT_TESTS)
TESTS += $(AGENT_UNIT_TESTS)

# ---- agent/core, on the test loop with stand-in neighbours ----
AGENT_CORE_SOURCES = \
	agent/core/requester.c agent/core/requester.h \
	agent/core/poll.c agent/core/poll.h \
	agent/core/delete.c agent/core/delete.h \
	agent/core/srvset.c agent/core/srvset.h \
	agent/core/server.c agent/core/server.h \
	agent/core/pstate.c agent/core/pstate.h \
	agent/core/rowset.c agent/core/rowset.h \
	agent/core/log.c agent/core/log.h agent/core/utf8.c agent/core/utf8.h
AGENT_TEST_LOOP = \
	tests/unit/agent/testloop.c tests/unit/agent/testloop.h \
	tests/unit/agent/fakelog.c tests/unit/agent/fakes.h
check_PROGRAMS += tests/unit/agent/core/delete_test tests/unit/agent/core/srvset_test
TESTS += tests/unit/agent/core/delete_test tests/unit/agent/core/srvset_test

tests_unit_agent_core_delete_test_SOURCES = tests/unit/agent/core/delete_test.c \
	$(AGENT_CORE_SOURCES) $(AGENT_TEST_LOOP) tests/unit/agent/fakes.c
tests_unit_agent_core_delete_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_core_delete_test_CFLAGS = $(AGENT_UNIT_CFLAGS) $(NETSNMP_AGENT_CFLAGS)
tests_unit_agent_core_delete_test_LDADD = agent/config/libnsdconfig.la src/libnetsess-core.la \
	$(CMOCKA_LIBS)
tests_unit_agent_core_delete_test_LDFLAGS = -Wl,--exclude-libs,ALL

tests_unit_agent_core_srvset_test_SOURCES = tests/unit/agent/core/srvset_test.c \
	$(AGENT_CORE_SOURCES) $(AGENT_TEST_LOOP) tests/unit/agent/fakes.c
tests_unit_agent_core_srvset_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_core_srvset_test_CFLAGS = $(AGENT_UNIT_CFLAGS) $(NETSNMP_AGENT_CFLAGS)
tests_unit_agent_core_srvset_test_LDADD = agent/config/libnsdconfig.la src/libnetsess-core.la \
	$(CMOCKA_LIBS)
tests_unit_agent_core_srvset_test_LDFLAGS = -Wl,--exclude-libs,ALL

# ---- agent/helper: the daemon's side against a stand-in helper ----
# client_test starts tests/unit/agent/helper/netsessd-rpc, built from
# peer.c: spawn.c runs the netsessd-rpc beside the running program when
# that is not installed in $(sbindir).
check_PROGRAMS += tests/unit/agent/helper/client_test tests/unit/agent/helper/netsessd-rpc
TESTS += tests/unit/agent/helper/client_test
tests_unit_agent_helper_client_test_SOURCES = tests/unit/agent/helper/client_test.c \
	agent/helper/client.c agent/helper/client.h \
	agent/helper/zygote.c agent/helper/zygote.h \
	agent/helper/zmsg.c agent/helper/zmsg.h \
	agent/helper/spawn.c agent/helper/spawn.h \
	agent/helper/tmpdir.c agent/helper/tmpdir.h \
	agent/helper/procs.c agent/helper/procs.h \
	agent/helper/msg.c agent/helper/msg.h \
	agent/core/log.c agent/core/log.h agent/core/utf8.c agent/core/utf8.h $(AGENT_TEST_LOOP)
tests_unit_agent_helper_client_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS) \
	-DNSD_SBINDIR='"$(sbindir)"' -DNSD_RPC_PATH='"$(nsdlibexecdir)/netsessd-rpc"'
tests_unit_agent_helper_client_test_CFLAGS = $(AGENT_UNIT_CFLAGS) $(NETSNMP_AGENT_CFLAGS)
tests_unit_agent_helper_client_test_LDADD = src/libnetsess-core.la $(CMOCKA_LIBS)
tests_unit_agent_helper_client_test_LDFLAGS = -Wl,--exclude-libs,ALL
tests_unit_agent_helper_netsessd_rpc_SOURCES = tests/unit/agent/helper/peer.c \
	agent/helper/rpc_zygote.c agent/helper/rpc_zygote.h \
	agent/helper/zmsg.c agent/helper/zmsg.h \
	agent/helper/msg.c agent/helper/msg.h
tests_unit_agent_helper_netsessd_rpc_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_helper_netsessd_rpc_LDADD = src/libnetsess-core.la
tests_unit_agent_helper_netsessd_rpc_LDFLAGS = -Wl,--exclude-libs,ALL

# zygote_test: netsessd's side of the zygote against the real zygote code
# in the stand-in netsessd-rpc above; procs_test: supervision.
check_PROGRAMS += tests/unit/agent/helper/zygote_test tests/unit/agent/helper/procs_test
TESTS += tests/unit/agent/helper/zygote_test tests/unit/agent/helper/procs_test
tests_unit_agent_helper_zygote_test_SOURCES = tests/unit/agent/helper/zygote_test.c \
	agent/helper/zygote.c agent/helper/zygote.h \
	agent/helper/zmsg.c agent/helper/zmsg.h \
	agent/helper/spawn.c agent/helper/spawn.h \
	agent/helper/procs.c agent/helper/procs.h \
	agent/helper/msg.c agent/helper/msg.h \
	agent/core/log.c agent/core/log.h agent/core/utf8.c agent/core/utf8.h $(AGENT_TEST_LOOP)
tests_unit_agent_helper_zygote_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS) \
	-DNSD_SBINDIR='"$(sbindir)"' -DNSD_RPC_PATH='"$(nsdlibexecdir)/netsessd-rpc"'
tests_unit_agent_helper_zygote_test_CFLAGS = $(AGENT_UNIT_CFLAGS) $(NETSNMP_AGENT_CFLAGS)
tests_unit_agent_helper_zygote_test_LDADD = src/libnetsess-core.la $(CMOCKA_LIBS)
tests_unit_agent_helper_zygote_test_LDFLAGS = -Wl,--exclude-libs,ALL
tests_unit_agent_helper_procs_test_SOURCES = tests/unit/agent/helper/procs_test.c \
	agent/helper/procs.c agent/helper/procs.h \
	tests/unit/agent/testloop.c tests/unit/agent/testloop.h
tests_unit_agent_helper_procs_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_helper_procs_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_helper_procs_test_LDADD = $(CMOCKA_LIBS)

# rpc_test runs the real agent/netsessd-rpc (built by "all", which "check"
# makes first) in what needs no server.
check_PROGRAMS += tests/unit/agent/helper/rpc_test
TESTS += tests/unit/agent/helper/rpc_test
tests_unit_agent_helper_rpc_test_SOURCES = tests/unit/agent/helper/rpc_test.c \
	agent/helper/msg.c agent/helper/msg.h agent/helper/spawn.h \
	agent/helper/zmsg.c agent/helper/zmsg.h
tests_unit_agent_helper_rpc_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS) \
	-DNSD_TEST_RPC='"$(abs_top_builddir)/agent/netsessd-rpc"'
tests_unit_agent_helper_rpc_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_helper_rpc_test_LDADD = src/libnetsess-core.la $(CMOCKA_LIBS)
tests_unit_agent_helper_rpc_test_LDFLAGS = -Wl,--exclude-libs,ALL

# ---- agent/helper: a helper process's private directory ----
check_PROGRAMS += tests/unit/agent/helper/tmpdir_test
TESTS += tests/unit/agent/helper/tmpdir_test
tests_unit_agent_helper_tmpdir_test_SOURCES = tests/unit/agent/helper/tmpdir_test.c \
	agent/helper/tmpdir.c agent/helper/tmpdir.h
tests_unit_agent_helper_tmpdir_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_helper_tmpdir_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_helper_tmpdir_test_LDADD = $(CMOCKA_LIBS)

# ---- agent/helper: the program an installed netsessd starts ----
# Built as if installed in its own folder, beside client_test's stand-in
# netsessd-rpc, with a helper path that does not exist.
check_PROGRAMS += tests/unit/agent/helper/spawn_test
TESTS += tests/unit/agent/helper/spawn_test
tests_unit_agent_helper_spawn_test_SOURCES = tests/unit/agent/helper/spawn_test.c \
	agent/helper/spawn.c agent/helper/spawn.h
tests_unit_agent_helper_spawn_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS) \
	-DNSD_SBINDIR='"$(abs_top_builddir)/tests/unit/agent/helper"' \
	-DNSD_RPC_PATH='"$(abs_top_builddir)/tests/unit/agent/helper/missing/netsessd-rpc"'
tests_unit_agent_helper_spawn_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_helper_spawn_test_LDADD = $(CMOCKA_LIBS)

# ---- agent/mib/syntax.c and answer.c (pure) ----
AGENT_UNIT_PURE = tests/unit/agent/mib/syntax_test tests/unit/agent/mib/answer_test
check_PROGRAMS += $(AGENT_UNIT_PURE)
TESTS += $(AGENT_UNIT_PURE)
tests_unit_agent_mib_syntax_test_SOURCES = tests/unit/agent/mib/syntax_test.c \
	agent/mib/syntax.c agent/mib/syntax.h agent/mib/mib.h \
	agent/core/utf8.c agent/core/utf8.h
tests_unit_agent_mib_syntax_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_mib_syntax_test_CFLAGS = $(AGENT_UNIT_CFLAGS) $(NETSNMP_AGENT_CFLAGS)
tests_unit_agent_mib_syntax_test_LDADD = $(CMOCKA_LIBS)
tests_unit_agent_mib_answer_test_SOURCES = tests/unit/agent/mib/answer_test.c \
	agent/mib/answer.c agent/mib/answer.h agent/core/delete.h \
	agent/core/pstate.c agent/core/pstate.h
tests_unit_agent_mib_answer_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_mib_answer_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_mib_answer_test_LDADD = $(CMOCKA_LIBS)
