# SPDX-License-Identifier: GPL-3.0-or-later
# agent/local.mk: the netsessd subagent.
include $(srcdir)/agent/config/local.mk

sbin_PROGRAMS += agent/netsessd
agent_netsessd_SOURCES = \
	agent/netsessd.c \
	agent/nsd.h \
	agent/mib.h \
	agent/log.c \
	agent/srvset.c \
	agent/table.c \
	agent/server_table.c \
	agent/session_table.c \
	agent/delete.c \
	agent/notify.c \
	agent/signals.c agent/signals.h \
	agent/worker.c agent/worker.h \
	agent/chan.c agent/chan.h \
	agent/rowset.c agent/rowset.h \
	agent/pstate.c agent/pstate.h \
	agent/rpcproc.c agent/rpcproc.h \
	agent/rpcmsg.c agent/rpcmsg.h
agent_netsessd_CPPFLAGS = $(AM_CPPFLAGS) -DNSD_VERSION='"$(PACKAGE_VERSION)"' \
	-DNSD_SBINDIR='"$(sbindir)"' -DNSD_RPC_PATH='"$(nsdlibexecdir)/netsessd-rpc"'
agent_netsessd_CFLAGS = $(AM_CFLAGS) $(NETSNMP_AGENT_CFLAGS)
agent_netsessd_LDADD = agent/config/libnsdconfig.la src/libnetsess-core.la \
	$(NETSNMP_AGENT_LIBS) -lpthread
# Keep the core library's symbols out of the dynamic symbol table:
# libsmbclient loads Samba libraries with functions of the same names.
agent_netsessd_LDFLAGS = -Wl,--exclude-libs,ALL

dist_man_MANS += docs/netsessd.8
dist_doc_DATA += docs/netsessd.md

# netsessd-rpc: the RPC process of one managed server (agent/rpcchild.c),
# started by netsessd only.  It links libnetsess alone: no Net-SNMP, no
# libxml2.  netsessd runs the one beside it when it does not run from
# $(sbindir) (the build tree, make distcheck).
nsdlibexecdir = $(libexecdir)/netsessd
nsdlibexec_PROGRAMS = agent/netsessd-rpc
agent_netsessd_rpc_SOURCES = \
	agent/rpcchild.c \
	agent/rpcmsg.c agent/rpcmsg.h \
	agent/rpcproc.h
agent_netsessd_rpc_LDADD = src/libnetsess-core.la
agent_netsessd_rpc_LDFLAGS = -Wl,--exclude-libs,ALL
