# SPDX-License-Identifier: GPL-3.0-or-later
# src/cli/local.mk: the netsess command.
#
# The command links the installed library, src/libnetsess.la, and not the
# convenience src/libnetsess-core.la: it uses only the public netsess.h, so
# it is built exactly as any other program that uses the library would be,
# and each build proves the exported symbol list is enough for a real user.
#
# Everything but main() sits in a convenience library so that the unit
# tests (tests/cli.mk) link the same objects as the program.

noinst_LTLIBRARIES += src/cli/libnetsess-cli.la
src_cli_libnetsess_cli_la_SOURCES = \
	src/cli/args.c src/cli/args.h \
	src/cli/check.c src/cli/check.h \
	src/cli/help.c src/cli/help.h \
	src/cli/output.c src/cli/output.h \
	src/cli/password.c src/cli/password.h \
	src/cli/utf8.c src/cli/utf8.h
src_cli_libnetsess_cli_la_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
src_cli_libnetsess_cli_la_LIBADD = $(JSONC_LIBS)

bin_PROGRAMS += src/cli/netsess
src_cli_netsess_SOURCES = src/cli/netsess.c
src_cli_netsess_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
src_cli_netsess_LDADD = src/cli/libnetsess-cli.la src/libnetsess.la $(JSONC_LIBS)

dist_man_MANS += docs/netsess.1
