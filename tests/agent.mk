# SPDX-License-Identifier: GPL-3.0-or-later
# tests/agent.mk: the tests of netsessd (agent/), in agent/'s layout.

# ---- unit tests: tests/unit/agent/ mirrors agent/ (no network, no
# ---- Net-SNMP).
include $(srcdir)/tests/unit/agent/local.mk

# ---- integration tests: tests/integration/agent/, a real snmpd (AgentX
# ---- master), a real snmptrapd, a real Samba with live sessions,
# ---- Net-SNMP's tools.
include $(srcdir)/tests/integration/agent/local.mk

EXTRA_DIST += \
	tests/integration/lib/snmp.sh \
	tests/integration/lib/agent_test.sh \
	tests/integration/lib/hang.sh \
	tests/tools/hang_server.py \
	tests/integration/lib/snmp_reply.py \
	tests/integration/lib/getlat.py \
	tests/integration/demo.sh
# tests/integration/demo.sh is run by "make demo" (top Makefile.am).
