# SPDX-License-Identifier: GPL-3.0-or-later
# agent/config/local.mk: netsessd's configuration module, its schema, its
# documentation and its tests.
#
# libnsdconfig.la is the only part of netsessd that links libxml2.  Its
# secret-file checks come from src/libnetsess-core.la.  The rules live in
# check.c alone: netsessd needs no other file to check a
# configuration.

noinst_LTLIBRARIES += agent/config/libnsdconfig.la
agent_config_libnsdconfig_la_SOURCES = \
	agent/config/nsd_config.h \
	agent/config/cfg.h \
	agent/config/config.c \
	agent/config/read.c \
	agent/config/check.c \
	agent/config/apply.c \
	agent/config/server_options.c agent/config/server_options.h
agent_config_libnsdconfig_la_CFLAGS = $(AM_CFLAGS) $(LIBXML_CFLAGS)
agent_config_libnsdconfig_la_LIBADD = $(LIBXML_LIBS) src/libnetsess-core.la

# The schema: the same file format for editors and xmllint, installed for
# them; netsessd does not read it.  config_test keeps it in agreement.
dist_pkgdata_DATA = agent/config/netsessd.rng

dist_man_MANS += docs/netsessd.conf.5
dist_doc_DATA += docs/netsessd.conf.example.xml

CONFIG_TEST_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir) -I$(top_srcdir)/agent/config \
	-DNSD_TEST_SRCDIR='"$(abs_top_srcdir)"'
CONFIG_UNIT_TESTS = tests/unit/agent/config/config_test \
	tests/unit/agent/config/config_fuzz_test \
	tests/unit/agent/config/server_options_test
check_PROGRAMS += $(CONFIG_UNIT_TESTS)
TESTS += $(CONFIG_UNIT_TESTS)
tests_unit_agent_config_config_test_SOURCES = tests/unit/agent/config/config_test.c \
	tests/unit/agent/config/config_files.c tests/unit/agent/config/config_files.h
tests_unit_agent_config_config_test_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
# The test also validates with the schema, to compare.
tests_unit_agent_config_config_test_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(LIBXML_CFLAGS)
tests_unit_agent_config_config_test_LDADD = agent/config/libnsdconfig.la $(CMOCKA_LIBS) \
	$(LIBXML_LIBS)
# Every truncation and 600 mutants of good-full.xml.
tests_unit_agent_config_config_fuzz_test_SOURCES = \
	tests/unit/agent/config/config_fuzz_test.c \
	tests/unit/agent/config/config_files.c tests/unit/agent/config/config_files.h
tests_unit_agent_config_config_fuzz_test_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_unit_agent_config_config_fuzz_test_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_agent_config_config_fuzz_test_LDADD = agent/config/libnsdconfig.la $(CMOCKA_LIBS)
# Goes with agent/config/server_options.c.
tests_unit_agent_config_server_options_test_SOURCES = \
	tests/unit/agent/config/server_options_test.c \
	tests/unit/agent/config/config_files.c tests/unit/agent/config/config_files.h
tests_unit_agent_config_server_options_test_CPPFLAGS = $(CONFIG_TEST_CPPFLAGS)
tests_unit_agent_config_server_options_test_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_agent_config_server_options_test_LDADD = agent/config/libnsdconfig.la $(CMOCKA_LIBS)

# On demand only: make fuzz-config [FUZZ_CC=clang], then for instance
# tests/fuzz/fuzz_config -max_total_time=300 CORPUS tests/configs
CONFIG_FUZZ_SRC = $(srcdir)/agent/config/config.c $(srcdir)/agent/config/read.c \
	$(srcdir)/agent/config/check.c $(srcdir)/src/auth_file.c
fuzz-config:
	$(MKDIR_P) tests/fuzz
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fno-sanitize-recover=all $(AM_CPPFLAGS) \
	  -I$(top_srcdir) $(LIBXML_CFLAGS) $(srcdir)/tests/fuzz/fuzz_config.c \
	  $(CONFIG_FUZZ_SRC) $(LIBXML_LIBS) -o tests/fuzz/fuzz_config
.PHONY: fuzz-config
CLEANFILES += tests/fuzz/fuzz_config
EXTRA_DIST += tests/fuzz/fuzz_config.c

# netsessd -n from the build tree, with no environment: a good file, a
# missing one.
TESTS += tests/integration/config_check.sh
EXTRA_DIST += tests/integration/config_check.sh

EXTRA_DIST += tests/configs/README $(CONFIG_TEST_FILES)
CONFIG_TEST_FILES = \
	tests/configs/bad-credentials-incomplete.xml \
	tests/configs/bad-doctype.xml \
	tests/configs/bad-duplicate-index.xml \
	tests/configs/bad-duplicate-name.xml \
	tests/configs/bad-empty.xml \
	tests/configs/bad-index-exhausted.xml \
	tests/configs/bad-index-range.xml \
	tests/configs/bad-keytab.xml \
	tests/configs/bad-lanmgr-unknown.xml \
	tests/configs/bad-lanmgr.xml \
	tests/configs/bad-malformed.xml \
	tests/configs/bad-missing-secret.xml \
	tests/configs/bad-namespace-attribute.xml \
	tests/configs/bad-namespace-uri.xml \
	tests/configs/bad-namespace.xml \
	tests/configs/bad-password-attribute.xml \
	tests/configs/bad-public-secret.xml \
	tests/configs/bad-root.xml \
	tests/configs/bad-snmp-access.xml \
	tests/configs/bad-snmp.xml \
	tests/configs/bad-structure.xml \
	tests/configs/bad-two-credentials.xml \
	tests/configs/bad-unknown-attribute.xml \
	tests/configs/bad-unknown-element.xml \
	tests/configs/bad-values.xml \
	tests/configs/good-full.xml \
	tests/configs/good-implicit.xml \
	tests/configs/good-minimal.xml \
	tests/configs/good-no-server.xml \
	tests/configs/good-standalone.xml
