# SPDX-License-Identifier: GPL-3.0-or-later
# tests/agent.mk

# ---- integration tests of netsessd: a real snmpd (AgentX master), a real
# ---- snmptrapd, a real Samba with live sessions, Net-SNMP's tools.
# Each script starts its own servers; they run in parallel under -j.
AGENT_INTEGRATION_TESTS = \
	tests/integration/agent_walk.sh \
	tests/integration/agent_set.sh \
	tests/integration/agent_errors.sh \
	tests/integration/agent_notify.sh \
	tests/integration/agent_config.sh
TESTS += $(AGENT_INTEGRATION_TESTS)
EXTRA_DIST += $(AGENT_INTEGRATION_TESTS) \
	tests/integration/lib/snmp.sh \
	tests/integration/lib/agent_test.sh \
	tests/integration/demo.sh

# tests/integration/demo.sh is run by "make demo" (top Makefile.am).
# ---- end of the netsessd integration tests

# ---- unit tests of netsessd's pure modules (agent/): no network, no
# ---- Net-SNMP; the rows of smbSessionTable, the server state machine and
# ---- the worker-to-agent channel.
AGENT_UNIT_TESTS = \
	tests/unit/agent_rowset_test \
	tests/unit/agent_pstate_test \
	tests/unit/agent_chan_test
check_PROGRAMS += $(AGENT_UNIT_TESTS)
TESTS += $(AGENT_UNIT_TESTS)
AGENT_UNIT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/agent
AGENT_UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)

tests_unit_agent_rowset_test_SOURCES = tests/unit/agent_rowset_test.c \
	agent/rowset.c agent/rowset.h agent/mib.h
tests_unit_agent_rowset_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_rowset_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_rowset_test_LDADD = $(CMOCKA_LIBS)

tests_unit_agent_pstate_test_SOURCES = tests/unit/agent_pstate_test.c \
	agent/pstate.c agent/pstate.h agent/mib.h
tests_unit_agent_pstate_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_pstate_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_pstate_test_LDADD = $(CMOCKA_LIBS)

tests_unit_agent_chan_test_SOURCES = tests/unit/agent_chan_test.c \
	agent/chan.c agent/chan.h
tests_unit_agent_chan_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_chan_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_chan_test_LDADD = src/libnetsess-core.la $(CMOCKA_LIBS) -lpthread
tests_unit_agent_chan_test_LDFLAGS = -Wl,--exclude-libs,ALL
# ---- end of the netsessd unit tests

# ---- the RPC process of a server (agent/rpcmsg.c, agent/rpcproc.c,
# ---- agent/rpcchild.c): the message codec's unit test, and an
# ---- integration test with a server that never answers and RPC
# ---- processes killed under the daemon.
TESTS += tests/integration/agent_isolation.sh
EXTRA_DIST += tests/integration/agent_isolation.sh

check_PROGRAMS += tests/unit/agent_rpcmsg_test
TESTS += tests/unit/agent_rpcmsg_test
tests_unit_agent_rpcmsg_test_SOURCES = tests/unit/agent_rpcmsg_test.c \
	agent/rpcmsg.c agent/rpcmsg.h
tests_unit_agent_rpcmsg_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_agent_rpcmsg_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_rpcmsg_test_LDADD = src/libnetsess-core.la $(CMOCKA_LIBS)
tests_unit_agent_rpcmsg_test_LDFLAGS = -Wl,--exclude-libs,ALL

# agent_rpcproc_test starts tests/unit/netsessd-rpc, a stand-in built from
# agent_rpcproc_peer.c: rpcproc.c runs the netsessd-rpc beside the running
# program when that is not installed in $(sbindir).
check_PROGRAMS += tests/unit/agent_rpcproc_test tests/unit/netsessd-rpc
TESTS += tests/unit/agent_rpcproc_test
tests_unit_agent_rpcproc_test_SOURCES = tests/unit/agent_rpcproc_test.c \
	agent/rpcproc.c agent/rpcproc.h agent/rpcmsg.c agent/rpcmsg.h
tests_unit_agent_rpcproc_test_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS) \
	-DNSD_SBINDIR='"$(sbindir)"' -DNSD_RPC_PATH='"$(nsdlibexecdir)/netsessd-rpc"'
tests_unit_agent_rpcproc_test_CFLAGS = $(AGENT_UNIT_CFLAGS)
tests_unit_agent_rpcproc_test_LDADD = src/libnetsess-core.la $(CMOCKA_LIBS) -lpthread
tests_unit_agent_rpcproc_test_LDFLAGS = -Wl,--exclude-libs,ALL
tests_unit_netsessd_rpc_SOURCES = tests/unit/agent_rpcproc_peer.c \
	agent/rpcmsg.c agent/rpcmsg.h
tests_unit_netsessd_rpc_CPPFLAGS = $(AGENT_UNIT_CPPFLAGS)
tests_unit_netsessd_rpc_LDADD = src/libnetsess-core.la
tests_unit_netsessd_rpc_LDFLAGS = -Wl,--exclude-libs,ALL
# ---- end of the RPC process tests

# --- netsessd under a master with Net-SNMP's default AgentX timeouts --------
TESTS += tests/integration/agent_master_defaults.sh
EXTRA_DIST += tests/integration/agent_master_defaults.sh

# --- refused SETs carry nothing out, whatever else their PDU holds ---------
TESTS += tests/integration/agent_set_guard.sh
EXTRA_DIST += tests/integration/agent_set_guard.sh

# --- deletes: anonymous and empty-user rows, two servers in one SET,
# --- refused and unanswered deletes (counters, smbServerLastError) -------
TESTS += tests/integration/agent_delete.sh
EXTRA_DIST += tests/integration/agent_delete.sh

# --- the command line, daemon mode, logging options, SIGINT, SIGTERM with
# --- a pending SET and a second SIGTERM --------------------------------------
TESTS += tests/integration/agent_lifecycle.sh
EXTRA_DIST += tests/integration/agent_lifecycle.sh

# --- the values of smbSessionTable against rpcclient --------------------------
TESTS += tests/integration/agent_values.sh
EXTRA_DIST += tests/integration/agent_values.sh
