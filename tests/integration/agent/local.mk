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
	tests/integration/agent/scale.sh \
	tests/integration/agent/lanmgr.sh \
	tests/integration/agent/hostile.sh \
	tests/integration/agent/undo.sh \
	tests/integration/agent/async.sh
TESTS += $(AGENT_INTEGRATION_TESTS)
EXTRA_DIST += $(AGENT_INTEGRATION_TESTS) tests/integration/agent/hostile.table

# The same scripts again with netsessd as an SNMP agent of its own
# (<snmp listen>, no snmpd): each wrapper runs its script with
# NSD_MODE=standalone (lib/snmp.sh), as a test of its own, so that both
# modes count.  AgentX-only: master_defaults.sh, which is about the
# master's AgentX timeouts; addc.sh and example_config.sh, which are about
# domain authentication (an AD DC test bed that takes minutes to
# provision) and the shipped example (an AgentX configuration), and would
# only repeat the SNMP side the others cover; scale.sh, which is about the
# helpers and their zygote with 200 servers (the same in both modes) and
# takes minutes.  What only AgentX has inside the other
# scripts (a master restart, netsessd stopped together with the master,
# -x and <agentx address>) runs under "if at_agentx", and standalone has
# its own checks there (-x is not used, no answer after a second SIGTERM).
# snmp_access.sh: what only standalone mode has (what it reads, serves,
# grants; SIGHUP of the access file; tokens it refuses; listening).
AGENT_STANDALONE_TESTS = \
	tests/integration/agent/snmp_access.sh \
	tests/integration/agent/standalone/walk.sh \
	tests/integration/agent/standalone/values.sh \
	tests/integration/agent/standalone/set.sh \
	tests/integration/agent/standalone/set_guard.sh \
	tests/integration/agent/standalone/errors.sh \
	tests/integration/agent/standalone/delete.sh \
	tests/integration/agent/standalone/notify.sh \
	tests/integration/agent/standalone/config.sh \
	tests/integration/agent/standalone/empty.sh \
	tests/integration/agent/standalone/lifecycle.sh \
	tests/integration/agent/standalone/shutdown.sh \
	tests/integration/agent/standalone/loop.sh \
	tests/integration/agent/standalone/isolation.sh \
	tests/integration/agent/standalone/poll_age.sh \
	tests/integration/agent/standalone/lanmgr.sh
TESTS += $(AGENT_STANDALONE_TESTS)
EXTRA_DIST += $(AGENT_STANDALONE_TESTS)

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
#   snmp_access.sh      standalone only: the access file, what is read
#                       and served, reloads, refused tokens, listening
#   addc.sh             an AD domain: a keytab, its ticket renewed, NTLM
#                       switched off on the DC, no ticket left on disk
#   example_config.sh   docs/netsessd.conf.example.xml works as shipped
#   scale.sh            200 servers: all ok with their rows; a killed helper
#                       or zygote affects no other server
#   lanmgr.sh           LanMgr-Mib-II's svSessionTable (<lanmgr-compat>),
#                       svSesState deleted(2) and who asked for it
#   undo.sh             SETs that partly fail: undoFailed or commitFailed,
#                       which deletes took effect, late outcomes
#   async.sh            delete-mode="async"; what sync costs the master
#   hostile.sh          the bad-input matrix (hostile.table): every answer
#                       exact, nothing ended or sent that was not asked
