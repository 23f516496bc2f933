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
