# SPDX-License-Identifier: GPL-3.0-or-later
# libnetsess: the MS-SRVS session client library.
#
# libnetsess-core.la is everything, for the tests and the programs in this
# tree; libnetsess.la is the installed library exporting only netsess_*.

noinst_LTLIBRARIES += src/libnetsess-core.la
src_libnetsess_core_la_SOURCES = \
	src/ndr.c src/ndr.h \
	src/dcerpc.c src/dcerpc.h \
	src/srvsvc.c src/srvsvc.h \
	src/transport.h src/transport_smbc.c \
	src/rpc.c src/rpc.h \
	src/auth_file.c src/auth_file.h \
	src/krb5_creds.c src/krb5_creds.h \
	src/smb2neg.c src/smb2neg.h \
	src/context.c src/context.h \
	src/session.c \
	src/names.c \
	src/level.c \
	src/status.c
src_libnetsess_core_la_CFLAGS = $(AM_CFLAGS) $(SMBCLIENT_CFLAGS) $(KRB5_CFLAGS)
src_libnetsess_core_la_LIBADD = $(SMBCLIENT_LIBS) $(KRB5_LIBS)

lib_LTLIBRARIES += src/libnetsess.la
src_libnetsess_la_SOURCES =
src_libnetsess_la_LIBADD = src/libnetsess-core.la
src_libnetsess_la_LDFLAGS = -version-info 0:0:0 -export-symbols-regex '^netsess_'
include_HEADERS += src/netsess.h

include $(srcdir)/src/cli/local.mk

pkgconfigdir = $(libdir)/pkgconfig
pkgconfig_DATA = src/netsess.pc
EXTRA_DIST += src/netsess.pc.in
