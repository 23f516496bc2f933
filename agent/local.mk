# SPDX-License-Identifier: GPL-3.0-or-later
# agent/local.mk: netsessd, the SMB-SESSION-MIB subagent, and its helper.
#
#   agent/core/    the daemon: its loop, the servers, polls and deletes
#   agent/helper/  netsessd-rpc, the per-server helper process, and how
#                  the daemon starts it and talks to it
#   agent/mib/     SMB-SESSION-MIB: its numbers, table handlers and
#                  notifications
#   agent/config/  the configuration file: reading, checking, applying
#
# Both programs are built in agent/; netsessd runs the netsessd-rpc beside
# it when it does not run from $(sbindir).

nsdlibexecdir = $(libexecdir)/netsessd
AGENT_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/agent

sbin_PROGRAMS += agent/netsessd
agent_netsessd_SOURCES =
agent_netsessd_CPPFLAGS = $(AGENT_CPPFLAGS) -DNSD_VERSION='"$(PACKAGE_VERSION)"' \
	-DNSD_SBINDIR='"$(sbindir)"' -DNSD_RPC_PATH='"$(nsdlibexecdir)/netsessd-rpc"' \
	-DNSD_CONFIG_PATH='"$(sysconfdir)/netsessd/netsessd.xml"' \
	-DNSD_STATE_DIR='"$(localstatedir)/lib/netsessd"'
agent_netsessd_CFLAGS = $(AM_CFLAGS) $(NETSNMP_AGENT_CFLAGS)
agent_netsessd_LDADD = agent/config/libnsdconfig.la src/libnetsess-core.la \
	$(NETSNMP_AGENT_LIBS)
# Keep the core library's symbols out of the dynamic symbol table:
# libsmbclient loads Samba libraries with functions of the same names.
agent_netsessd_LDFLAGS = -Wl,--exclude-libs,ALL

nsdlibexec_PROGRAMS = agent/netsessd-rpc
agent_netsessd_rpc_SOURCES =
agent_netsessd_rpc_CPPFLAGS = $(AGENT_CPPFLAGS)
agent_netsessd_rpc_LDADD = src/libnetsess-core.la
agent_netsessd_rpc_LDFLAGS = -Wl,--exclude-libs,ALL

dist_man_MANS += docs/netsessd.8
dist_doc_DATA += docs/netsessd.md

include $(srcdir)/agent/config/local.mk
include $(srcdir)/agent/core/local.mk
include $(srcdir)/agent/helper/local.mk
include $(srcdir)/agent/mib/local.mk
