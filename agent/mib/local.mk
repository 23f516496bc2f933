# SPDX-License-Identifier: GPL-3.0-or-later
# agent/mib/: SMB-SESSION-MIB in netsessd: the numbers (mib.h), the two
# table handlers, the answers of SETs that end sessions, notifications,
# and the SNMP agent that serves them (agent.c: AgentX subagent or
# standalone); and LanMgr-Mib-II's session objects for one server
# (lanmgr.h: numbers and how a row reads there, pure; lanmgr_table.c:
# their handlers).
agent_netsessd_SOURCES += \
	agent/mib/mib.h \
	agent/mib/agent.c agent/mib/agent.h \
	agent/mib/tables.h \
	agent/mib/table.c agent/mib/table.h \
	agent/mib/server_table.c \
	agent/mib/session_table.c \
	agent/mib/set.c agent/mib/set.h \
	agent/mib/answer.c agent/mib/answer.h \
	agent/mib/syntax.c agent/mib/syntax.h \
	agent/mib/notify.c agent/mib/notify.h \
	agent/mib/lanmgr.c agent/mib/lanmgr.h \
	agent/mib/lanmgr_table.c agent/mib/lanmgr_table.h
