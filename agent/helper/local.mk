# SPDX-License-Identifier: GPL-3.0-or-later
# agent/helper/: netsessd-rpc, the helper process of one managed server,
# the messages it speaks (msg.c, shared by both sides), and the daemon's
# side: starting it (spawn.c), its private directory (tmpdir.c),
# supervising it (procs.c) and calling it (client.c).
agent_netsessd_rpc_SOURCES += \
	agent/helper/netsessd-rpc.c \
	agent/helper/msg.c agent/helper/msg.h \
	agent/helper/spawn.h

agent_netsessd_SOURCES += \
	agent/helper/client.c agent/helper/client.h \
	agent/helper/spawn.c agent/helper/spawn.h \
	agent/helper/tmpdir.c agent/helper/tmpdir.h \
	agent/helper/procs.c agent/helper/procs.h \
	agent/helper/msg.c agent/helper/msg.h
