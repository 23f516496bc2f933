# SPDX-License-Identifier: GPL-3.0-or-later
# agent/config.mk: the netsessd configuration module, its RelaxNG schema,
# its documentation and its unit test.
#
# libnsdconfig.la is the only part of netsessd that links libxml2.  Its
# secret-file checks come from src/libnetsess-core.la.

noinst_LTLIBRARIES += agent/libnsdconfig.la
agent_libnsdconfig_la_SOURCES = agent/config.c agent/nsd_config.h
agent_libnsdconfig_la_CPPFLAGS = $(AM_CPPFLAGS) \
	-DNSD_SCHEMA_PATH='"$(pkgdatadir)/netsessd.rng"'
agent_libnsdconfig_la_CFLAGS = $(AM_CFLAGS) $(LIBXML_CFLAGS)
agent_libnsdconfig_la_LIBADD = $(LIBXML_LIBS) src/libnetsess-core.la

# The schema, installed where NSD_SCHEMA_PATH points.
dist_pkgdata_DATA = agent/netsessd.rng

dist_man_MANS += docs/netsessd.conf.5
dist_doc_DATA += docs/netsessd.conf.example.xml

check_PROGRAMS += tests/unit/config_test
TESTS += tests/unit/config_test
tests_unit_config_test_SOURCES = tests/unit/config_test.c
tests_unit_config_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir) \
	-DNSD_SCHEMA_PATH='"$(pkgdatadir)/netsessd.rng"' \
	-DNSD_TEST_SRCDIR='"$(abs_top_srcdir)"'
# The test also validates with the schema alone, to compare.
tests_unit_config_test_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(LIBXML_CFLAGS)
tests_unit_config_test_LDADD = agent/libnsdconfig.la $(CMOCKA_LIBS) $(LIBXML_LIBS)

EXTRA_DIST += \
	tests/configs/README \
	tests/configs/bad-credentials-incomplete.xml \
	tests/configs/bad-doctype.xml \
	tests/configs/bad-duplicate-index.xml \
	tests/configs/bad-duplicate-name.xml \
	tests/configs/bad-empty.xml \
	tests/configs/bad-index-exhausted.xml \
	tests/configs/bad-index-range.xml \
	tests/configs/bad-malformed.xml \
	tests/configs/bad-missing-secret.xml \
	tests/configs/bad-no-server.xml \
	tests/configs/bad-password-attribute.xml \
	tests/configs/bad-public-secret.xml \
	tests/configs/bad-root.xml \
	tests/configs/bad-structure.xml \
	tests/configs/bad-two-credentials.xml \
	tests/configs/bad-unknown-attribute.xml \
	tests/configs/bad-unknown-element.xml \
	tests/configs/bad-values.xml \
	tests/configs/good-full.xml \
	tests/configs/good-implicit.xml \
	tests/configs/good-minimal.xml \
	tests/configs/schema-strict.xml
