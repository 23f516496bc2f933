# SPDX-License-Identifier: GPL-3.0-or-later
# agent/helper/: netsessd-rpc, the zygote that forks the helper process of
# each managed server (rpc_zygote.c) and what a helper does (rpc_serve.c);
# the messages both sides speak (msg.c with a helper, zmsg.c with the
# zygote, pure); and the daemon's side: starting the zygote (spawn.c),
# asking it for helpers (zygote.c), a helper's private directory
# (tmpdir.c), supervising processes (procs.c) and calling a helper
# (client.c).
agent_netsessd_rpc_SOURCES += \
	agent/helper/netsessd-rpc.c \
	agent/helper/rpc_zygote.c agent/helper/rpc_zygote.h \
	agent/helper/rpc_serve.c agent/helper/rpc_serve.h \
	agent/helper/msg.c agent/helper/msg.h \
	agent/helper/zmsg.c agent/helper/zmsg.h \
	agent/helper/spawn.h

agent_netsessd_SOURCES += \
	agent/helper/client.c agent/helper/client.h \
	agent/helper/zygote.c agent/helper/zygote.h \
	agent/helper/spawn.c agent/helper/spawn.h \
	agent/helper/tmpdir.c agent/helper/tmpdir.h \
	agent/helper/procs.c agent/helper/procs.h \
	agent/helper/msg.c agent/helper/msg.h \
	agent/helper/zmsg.c agent/helper/zmsg.h
