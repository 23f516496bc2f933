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

# ---- unit tests of netsessd (agent/): tests/unit/agent/ mirrors agent/.
include $(srcdir)/tests/unit/agent/local.mk

# The helper processes: a server that never answers, helpers killed under
# the daemon.
TESTS += tests/integration/agent_isolation.sh
EXTRA_DIST += tests/integration/agent_isolation.sh

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

# --- one thread, one loop: the helpers' environment, a stopped smbd -------
TESTS += tests/integration/agent_loop.sh
EXTRA_DIST += tests/integration/agent_loop.sh

# --- SIGTERM: prompt, with pending SETs answered, and a clean log ----------
TESTS += tests/integration/agent_shutdown.sh
EXTRA_DIST += tests/integration/agent_shutdown.sh

# --- no server configured: empty tables, servers added by a reload ---------
TESTS += tests/integration/agent_empty.sh
EXTRA_DIST += tests/integration/agent_empty.sh
