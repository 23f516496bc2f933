# SPDX-License-Identifier: GPL-3.0-or-later
# tests/integration/agent/: netsessd against a real snmpd (AgentX master),
# a real snmptrapd and a real Samba with live sessions, as Net-SNMP's
# tools see it.  Each script starts its own servers; they run in parallel
# under -j.  (poll_age.sh, smbServerLastPollAge, is listed with the
# monitoring tests in tests/monitor.mk.)
AGENT_INTEGRATION_TESTS = \
	tests/integration/agent/walk.sh \
	tests/integration/agent/values.sh \
	tests/integration/agent/set.sh \
	tests/integration/agent/set_guard.sh \
	tests/integration/agent/errors.sh \
	tests/integration/agent/delete.sh \
	tests/integration/agent/notify.sh \
	tests/integration/agent/master_defaults.sh \
	tests/integration/agent/config.sh \
	tests/integration/agent/empty.sh \
	tests/integration/agent/lifecycle.sh \
	tests/integration/agent/shutdown.sh \
	tests/integration/agent/loop.sh \
	tests/integration/agent/isolation.sh \
	tests/integration/agent/addc.sh \
	tests/integration/agent/example_config.sh \
	tests/integration/agent/hostile.sh \
	tests/integration/agent/undo.sh \
	tests/integration/agent/async.sh
TESTS += $(AGENT_INTEGRATION_TESTS)
EXTRA_DIST += $(AGENT_INTEGRATION_TESTS) tests/integration/agent/hostile.table

# What each script shows:
#   walk.sh             the read side: tables against smbstatus
#   values.sh           the values of smbSessionTable against rpcclient
#   set.sh              ending sessions: destroy, disconnect user/client
#   set_guard.sh        a refused SET carries nothing out
#   errors.sh           the SETs netsessd refuses, and their errors
#   delete.sh           anonymous rows, several servers, unanswered deletes
#   notify.sh           smbSessionDeleted, smbServerStatusChanged
#   master_defaults.sh  under a master with Net-SNMP's default timeouts
#   config.sh           -n, reloads, a master restart, SIGTERM
#   empty.sh            no server configured
#   lifecycle.sh        the command line, daemon mode, logging, signals
#   shutdown.sh         SIGTERM: prompt, pending SETs answered, clean log
#   loop.sh             one thread; the helpers' environment; a stopped smbd
#   isolation.sh        helpers that hang, are killed or stop answering
#   addc.sh             an AD domain: a keytab, its ticket renewed, NTLM
#                       switched off on the DC, no ticket left on disk
#   example_config.sh   docs/netsessd.conf.example.xml works as shipped
#   undo.sh             SETs that partly fail: undoFailed or commitFailed,
#                       which deletes took effect, late outcomes
#   async.sh            delete-mode="async"; what sync costs the master
#   hostile.sh          the bad-input matrix (hostile.table): every answer
#                       exact, nothing ended or sent that was not asked
